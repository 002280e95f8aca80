#pragma once
// The safetensors container (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length N, N bytes of JSON header
//   {"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, ...}
// then the data buffer, each tensor stored contiguous and little-endian at [b, e) of it.
// This file only knows bytes <-> named tensors + string metadata; archives build on it.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ember/core/tensor.h"

namespace ember::io {

struct SafetensorsFile {
  // Tensors in file order (the header's order when decoded).
  std::vector<std::pair<std::string, Tensor>> tensors;
  std::map<std::string, std::string> metadata;
};

// The whole file as bytes. Names must be unique, non-empty and not "__metadata__".
std::string encode_safetensors(const SafetensorsFile& file);

// Parses and validates `bytes` completely (header length, JSON, dtypes, shapes, offsets that
// tile the data buffer exactly) before building any tensor. Errors name `source` (the file).
SafetensorsFile decode_safetensors(const std::string& bytes, const std::string& source);

// JSON text of `value`; strings that are not valid UTF-8 (keys, archive strings) throw an
// ember::Error from "save" instead of nlohmann's exception.
std::string dump_json(const nlohmann::ordered_json& value);

// The safetensors dtype name ("F32") of an ember dtype.
const char* safetensors_dtype_name(ScalarType dtype);

}  // namespace ember::io
