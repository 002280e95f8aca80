#include "io/safetensors.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "ember/core/factories.h"

namespace ember::io {

// The format is little-endian; ember tensors are stored in host order, so the raw copy below
// is only right on little-endian hosts (every platform ember builds for today).
static_assert(std::endian::native == std::endian::little, "safetensors I/O assumes a little-endian host");

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kMetadataKey = "__metadata__";

struct DtypeName {
  ScalarType dtype;
  const char* name;
};
constexpr DtypeName kDtypeNames[] = {
    {kBool, "BOOL"}, {kUInt8, "U8"},    {kInt8, "I8"},      {kInt16, "I16"},  {kInt32, "I32"},
    {kInt64, "I64"}, {kFloat16, "F16"}, {kBFloat16, "BF16"}, {kFloat32, "F32"}, {kFloat64, "F64"},
};

bool dtype_from_name(const std::string& name, ScalarType* dtype) {
  for (const auto& entry : kDtypeNames) {
    if (name == entry.name) {
      *dtype = entry.dtype;
      return true;
    }
  }
  return false;
}

void put_u64_le(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get_u64_le(const std::string& bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[static_cast<size_t>(i)])) << (8 * i);
  return v;
}

// A non-negative integer JSON value as uint64, or false.
bool as_u64(const Json& value, uint64_t* out) {
  if (value.is_number_unsigned()) {
    *out = value.get<uint64_t>();
    return true;
  }
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    *out = static_cast<uint64_t>(value.get<int64_t>());
    return true;
  }
  return false;
}

// One header entry, validated but not yet materialised.
struct Entry {
  std::string name;
  ScalarType dtype;
  std::vector<int64_t> shape;
  uint64_t begin;
  uint64_t end;
};

Entry parse_entry(const std::string& name, const Json& info, const std::string& source) {
  const char* op = "load";
  EMBER_CHECK(info.is_object(), op, "'", source, "': header entry '", name,
              "' is not an object; expected {\"dtype\", \"shape\", \"data_offsets\"}");
  auto dtype_it = info.find("dtype");
  auto shape_it = info.find("shape");
  auto offsets_it = info.find("data_offsets");
  EMBER_CHECK(dtype_it != info.end() && dtype_it->is_string(), op, "'", source, "': tensor '", name,
              "' has no string \"dtype\"; expected one of BOOL U8 I8 I16 I32 I64 F16 BF16 F32 F64");
  Entry entry{name, kFloat, {}, 0, 0};
  std::string dtype_name = dtype_it->get<std::string>();
  EMBER_CHECK(dtype_from_name(dtype_name, &entry.dtype), op, "'", source, "': tensor '", name,
              "' has unsupported dtype \"", dtype_name, "\"; expected one of BOOL U8 I8 I16 I32 I64 F16 BF16 F32 F64");
  EMBER_CHECK(shape_it != info.end() && shape_it->is_array(), op, "'", source, "': tensor '", name,
              "' has no \"shape\" array");
  // numel * itemsize, checked against overflow as it grows.
  uint64_t nbytes = element_size(entry.dtype);
  for (const auto& dim : *shape_it) {
    uint64_t size = 0;
    EMBER_CHECK(as_u64(dim, &size) && size <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()), op, "'",
                source, "': tensor '", name, "' has shape ", shape_it->dump(),
                "; expected non-negative integer sizes");
    EMBER_CHECK(size == 0 || nbytes <= std::numeric_limits<uint64_t>::max() / size, op, "'", source, "': tensor '",
                name, "' has shape ", shape_it->dump(), " whose byte size overflows");
    nbytes *= size;
    entry.shape.push_back(static_cast<int64_t>(size));
  }
  EMBER_CHECK(offsets_it != info.end() && offsets_it->is_array() && offsets_it->size() == 2 &&
                  as_u64((*offsets_it)[0], &entry.begin) && as_u64((*offsets_it)[1], &entry.end),
              op, "'", source, "': tensor '", name, "' has no \"data_offsets\" [begin, end] of non-negative integers");
  EMBER_CHECK(entry.begin <= entry.end, op, "'", source, "': tensor '", name, "' has data_offsets [", entry.begin,
              ", ", entry.end, "] with begin > end");
  EMBER_CHECK(entry.end - entry.begin == nbytes, op, "'", source, "': tensor '", name, "' of dtype ", dtype_name,
              " and shape ", shape_it->dump(), " needs ", nbytes, " bytes but its data_offsets [", entry.begin, ", ",
              entry.end, "] span ", entry.end - entry.begin);
  return entry;
}

}  // namespace

std::string dump_json(const Json& value) {
  try {
    return value.dump();
  } catch (const nlohmann::json::exception& e) {
    ember::detail::throw_error("save", "keys and strings must be valid UTF-8: ", e.what());
  }
}

const char* safetensors_dtype_name(ScalarType dtype) {
  for (const auto& entry : kDtypeNames) {
    if (entry.dtype == dtype) return entry.name;
  }
  detail::throw_error("save", "dtype ", dtype, " has no safetensors name");
}

std::string encode_safetensors(const SafetensorsFile& file) {
  Json header = Json::object();
  if (!file.metadata.empty()) {
    Json metadata = Json::object();
    for (const auto& [key, value] : file.metadata) metadata[key] = value;
    header[kMetadataKey] = std::move(metadata);
  }
  std::vector<Tensor> contiguous;
  contiguous.reserve(file.tensors.size());
  uint64_t offset = 0;
  for (const auto& [name, tensor] : file.tensors) {
    EMBER_CHECK(!name.empty() && name != kMetadataKey, "save", "tensor name '", name,
                "' is reserved; use a non-empty name other than __metadata__");
    EMBER_CHECK(!header.contains(name), "save", "two tensors are named '", name, "'; names must be unique");
    EMBER_CHECK(tensor.defined(), "save", "tensor '", name, "' is undefined");
    EMBER_CHECK(tensor.is_cpu(), "save", "tensor '", name, "' is on ", tensor.device(),
                "; move it to the CPU first");
    Tensor data = tensor.contiguous();
    uint64_t nbytes = static_cast<uint64_t>(data.nbytes());
    Json shape = Json::array();
    for (int64_t s : data.sizes()) shape.push_back(s);
    header[name] = {{"dtype", safetensors_dtype_name(data.dtype())},
                    {"shape", std::move(shape)},
                    {"data_offsets", {offset, offset + nbytes}}};
    offset += nbytes;
    contiguous.push_back(std::move(data));
  }
  std::string json = dump_json(header);
  // Pad the header with spaces (valid JSON whitespace) so the data buffer starts 8-byte
  // aligned, as the reference implementation does.
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out;
  out.reserve(8 + json.size() + offset);
  put_u64_le(out, json.size());
  out += json;
  for (const auto& data : contiguous) {
    if (data.nbytes() > 0) out.append(static_cast<const char*>(data.data_ptr()), static_cast<size_t>(data.nbytes()));
  }
  return out;
}

SafetensorsFile decode_safetensors(const std::string& bytes, const std::string& source) {
  const char* op = "load";
  EMBER_CHECK(bytes.size() >= 8, op, "'", source, "' is ", bytes.size(),
              " bytes, shorter than the 8-byte header length; the file is truncated or not safetensors");
  uint64_t header_size = get_u64_le(bytes);
  EMBER_CHECK(header_size <= bytes.size() - 8, op, "'", source, "': header length ", header_size,
              " runs past the end of the ", bytes.size(), "-byte file; the file is truncated or not safetensors");
  Json header = Json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(header_size), nullptr,
                            /*allow_exceptions=*/false);
  EMBER_CHECK(!header.is_discarded(), op, "'", source, "': the ", header_size,
              "-byte header is not valid JSON; the file is corrupt");
  EMBER_CHECK(header.is_object(), op, "'", source, "': the header is JSON ", header.type_name(),
              ", expected an object of tensor entries");

  SafetensorsFile file;
  std::vector<Entry> entries;
  for (const auto& [name, info] : header.items()) {
    if (name == kMetadataKey) {
      EMBER_CHECK(info.is_object(), op, "'", source, "': __metadata__ is ", info.type_name(),
                  ", expected an object of strings");
      for (const auto& [key, value] : info.items()) {
        EMBER_CHECK(value.is_string(), op, "'", source, "': __metadata__ entry '", key, "' is ", value.type_name(),
                    ", expected a string");
        file.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    entries.push_back(parse_entry(name, info, source));
  }

  // The entries must tile the data buffer exactly: no overlap, no hole, nothing past its end.
  uint64_t buffer_size = bytes.size() - 8 - header_size;
  std::vector<const Entry*> by_offset;
  for (const auto& entry : entries) by_offset.push_back(&entry);
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) {
    return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
  });
  uint64_t cursor = 0;
  for (const Entry* entry : by_offset) {
    EMBER_CHECK(entry->begin <= buffer_size && entry->end <= buffer_size, op, "'", source, "': tensor '", entry->name,
                "' has data_offsets [", entry->begin, ", ", entry->end, "] beyond the ", buffer_size,
                "-byte data buffer; the file is truncated");
    EMBER_CHECK(entry->begin >= cursor, op, "'", source, "': tensor '", entry->name, "' has data_offsets [",
                entry->begin, ", ", entry->end, "] overlapping the previous tensor's data (which ends at ", cursor, ")");
    EMBER_CHECK(entry->begin == cursor, op, "'", source, "': the data buffer has a hole at bytes [", cursor, ", ",
                entry->begin, ") before tensor '", entry->name, "'; the file is corrupt");
    cursor = entry->end;
  }
  EMBER_CHECK(cursor == buffer_size, op, "'", source, "': the data buffer is ", buffer_size,
              " bytes but the tensors cover ", cursor, "; the file has trailing bytes or is corrupt");

  const char* data = bytes.data() + 8 + header_size;
  for (const auto& entry : entries) {
    // A bool byte other than 0 or 1 is not a valid bool: reading it would be undefined.
    if (entry.dtype == kBool) {
      for (uint64_t i = entry.begin; i < entry.end; ++i)
        EMBER_CHECK(static_cast<unsigned char>(data[i]) <= 1, op, "'", source, "': BOOL tensor '", entry.name,
                    "' holds byte ", static_cast<int>(static_cast<unsigned char>(data[i])), " at element ",
                    i - entry.begin, "; expected 0 or 1");
    }
  }
  for (const auto& entry : entries) {
    Tensor tensor = empty(entry.shape, entry.dtype);
    if (entry.end > entry.begin) std::memcpy(tensor.data_ptr(), data + entry.begin, entry.end - entry.begin);
    file.tensors.emplace_back(entry.name, std::move(tensor));
  }
  return file;
}

}  // namespace ember::io
