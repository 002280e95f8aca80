#pragma once
// What an archive holds: an ordered list of (key, value), values being tensors, scalars,
// strings or nested records. Shared by OutputArchive (built by write) and InputArchive
// (built by decode_archive, then read-only).
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::serialize::detail {

struct Record;

struct TensorValue {
  Tensor tensor;
  bool is_buffer = false;
};

using Value = std::variant<TensorValue, int64_t, double, bool, std::string, std::shared_ptr<Record>>;

struct Record {
  std::vector<std::pair<std::string, Value>> entries;

  const Value* find(const std::string& key) const {
    for (const auto& [k, v] : entries) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  // A deep copy: nested records are copied, tensors stay shared handles.
  std::shared_ptr<Record> clone() const;
};

// "a tensor", "an int", ... for error messages.
const char* kind_name(const Value& value);

// The file bytes for `root` (safetensors with the archive layout in __metadata__).
std::string encode_archive(const Record& root);
// Validates `bytes` completely and builds the record; errors name `source`.
std::shared_ptr<Record> decode_archive(const std::string& bytes, const std::string& source);

}  // namespace ember::serialize::detail
