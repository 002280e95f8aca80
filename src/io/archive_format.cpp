// The archive <-> safetensors mapping. A tensor at keys (k1, k2, k3) is the safetensors
// tensor "k1.k2.k3"; the layout of the whole archive is JSON text in
// __metadata__["ember.archive"]:
//   {"format": "ember.archive", "version": 1, "entries": {key: value, ...}}
// with each value one of
//   {"tensor": "<safetensors name>", "buffer": bool}   {"int": n}   {"bool": b}
//   {"double": x | "nan" | "inf" | "-inf"}   {"string": s}   {"archive": {key: value, ...}}
// (JSON numbers cannot hold NaN or infinities, so those are spelled as strings.)
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "io/record.h"
#include "io/safetensors.h"

namespace ember::serialize::detail {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kArchiveKey = "ember.archive";
constexpr const char* kFormat = "ember.archive";
constexpr int64_t kVersion = 1;
// Nesting deeper than this is refused on load rather than recursed into (a crafted file could
// otherwise exhaust the stack); real archives nest a handful of levels.
constexpr int kMaxDepth = 128;

Json encode_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

Json encode_record(const Record& record, const std::string& prefix, io::SafetensorsFile& file) {
  Json entries = Json::object();
  for (const auto& [key, value] : record.entries) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    Json entry;
    if (const auto* t = std::get_if<TensorValue>(&value)) {
      file.tensors.emplace_back(path, t->tensor);
      entry = {{"tensor", path}, {"buffer", t->is_buffer}};
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      entry = {{"int", *i}};
    } else if (const auto* d = std::get_if<double>(&value)) {
      entry = {{"double", encode_double(*d)}};
    } else if (const auto* b = std::get_if<bool>(&value)) {
      entry = {{"bool", *b}};
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      entry = {{"string", *s}};
    } else {
      entry = {{"archive", encode_record(*std::get<std::shared_ptr<Record>>(value), path, file)}};
    }
    entries[key] = std::move(entry);
  }
  return entries;
}

// Decoding state: the file's tensors by name, each to be claimed by exactly one entry.
struct Decoder {
  const std::string& source;
  std::map<std::string, Tensor> tensors;
  std::set<std::string> claimed;

  template <class... Args>
  [[noreturn]] void corrupt(const std::string& path, const Args&... what) const {
    ember::detail::throw_error("load", "'", source, "': archive entry '", path, "' ", what...,
                               "; the file's ember.archive metadata is corrupt");
  }

  double decode_double(const std::string& path, const Json& v) const {
    if (v.is_number()) return v.get<double>();
    if (v == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (v == "inf") return std::numeric_limits<double>::infinity();
    if (v == "-inf") return -std::numeric_limits<double>::infinity();
    corrupt(path, "holds double ", v.dump(), ", expected a number, \"nan\", \"inf\" or \"-inf\"");
  }

  std::shared_ptr<Record> decode_record(const Json& entries, const std::string& prefix, int depth) {
    if (depth > kMaxDepth) corrupt(prefix, "nests archives deeper than ", kMaxDepth, " levels");
    if (!entries.is_object()) corrupt(prefix, "is JSON ", entries.type_name(), ", expected an object of entries");
    auto record = std::make_shared<Record>();
    for (const auto& [key, entry] : entries.items()) {
      std::string path = prefix.empty() ? key : prefix + "." + key;
      if (!entry.is_object() || entry.empty()) corrupt(path, "is ", entry.dump(), ", expected a one-kind object");
      auto first = entry.begin();
      const std::string& kind = first.key();
      const Json& v = first.value();
      Value value;
      if (kind == "tensor") {
        if (!v.is_string()) corrupt(path, "names tensor ", v.dump(), ", expected a string");
        auto it = tensors.find(v.get<std::string>());
        if (it == tensors.end()) corrupt(path, "refers to tensor '", v.get<std::string>(), "' which the file lacks");
        if (!claimed.insert(it->first).second) corrupt(path, "refers to tensor '", it->first, "' a second time");
        auto buffer = entry.find("buffer");
        bool is_buffer = buffer != entry.end() && buffer->is_boolean() && buffer->get<bool>();
        value = TensorValue{it->second, is_buffer};
      } else if (kind == "int") {
        if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > std::numeric_limits<int64_t>::max()))
          corrupt(path, "holds int ", v.dump(), ", expected an int64");
        value = v.get<int64_t>();
      } else if (kind == "double") {
        value = decode_double(path, v);
      } else if (kind == "bool") {
        if (!v.is_boolean()) corrupt(path, "holds bool ", v.dump(), ", expected true or false");
        value = v.get<bool>();
      } else if (kind == "string") {
        if (!v.is_string()) corrupt(path, "holds string ", v.dump(), ", expected a string");
        value = v.get<std::string>();
      } else if (kind == "archive") {
        value = decode_record(v, path, depth + 1);
      } else {
        corrupt(path, "has unknown kind '", kind, "'; expected tensor, int, double, bool, string or archive");
      }
      if (record->find(key)) corrupt(path, "appears twice");
      record->entries.emplace_back(key, std::move(value));
    }
    return record;
  }
};

}  // namespace

const char* kind_name(const Value& value) {
  constexpr const char* names[] = {"a tensor", "an int", "a double", "a bool", "a string", "an archive"};
  return names[value.index()];
}

std::shared_ptr<Record> Record::clone() const {
  auto copy = std::make_shared<Record>();
  for (const auto& [key, value] : entries) {
    if (const auto* nested = std::get_if<std::shared_ptr<Record>>(&value)) copy->entries.emplace_back(key, (*nested)->clone());
    else copy->entries.emplace_back(key, value);
  }
  return copy;
}

std::string encode_archive(const Record& root) {
  io::SafetensorsFile file;
  Json layout = {{"format", kFormat}, {"version", kVersion}, {"entries", encode_record(root, "", file)}};
  file.metadata[kArchiveKey] = io::dump_json(layout);
  return io::encode_safetensors(file);
}

std::shared_ptr<Record> decode_archive(const std::string& bytes, const std::string& source) {
  io::SafetensorsFile file = io::decode_safetensors(bytes, source);
  auto layout_it = file.metadata.find(kArchiveKey);
  if (layout_it == file.metadata.end()) {
    // A plain safetensors file: its tensors, in file order, at the top level.
    auto record = std::make_shared<Record>();
    for (auto& [name, tensor] : file.tensors) record->entries.emplace_back(name, TensorValue{std::move(tensor), false});
    return record;
  }
  Json layout = Json::parse(layout_it->second, nullptr, /*allow_exceptions=*/false);
  EMBER_CHECK(!layout.is_discarded() && layout.is_object(), "load", "'", source,
              "': __metadata__[\"ember.archive\"] is not a JSON object; the file is corrupt");
  auto format = layout.find("format");
  auto version = layout.find("version");
  auto entries = layout.find("entries");
  EMBER_CHECK(format != layout.end() && *format == kFormat && version != layout.end() && version->is_number_integer(),
              "load", "'", source, "': __metadata__[\"ember.archive\"] lacks format \"", kFormat,
              "\" and an integer version; the file is corrupt");
  EMBER_CHECK(version->get<int64_t>() == kVersion, "load", "'", source, "' is ember.archive version ",
              version->get<int64_t>(), " but this build reads version ", kVersion, "; use a matching ember");
  EMBER_CHECK(entries != layout.end(), "load", "'", source, "': __metadata__[\"ember.archive\"] has no entries");
  Decoder decoder{source, {}, {}};
  for (auto& [name, tensor] : file.tensors) decoder.tensors.emplace(name, std::move(tensor));
  auto record = decoder.decode_record(*entries, "", 0);
  for (const auto& [name, tensor] : decoder.tensors) {
    EMBER_CHECK(decoder.claimed.count(name), "load", "'", source, "': tensor '", name,
                "' is in the file but no archive entry refers to it; the file is corrupt");
  }
  return record;
}

}  // namespace ember::serialize::detail
