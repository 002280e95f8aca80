#include "ember/data/datasets/csv.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "ember/core/error.h"
#include "ember/core/factories.h"

namespace ember::data::datasets {

namespace {

std::vector<std::string> split(const std::string& line, char delimiter) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t end = line.find(delimiter, start);
    fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

CSVDataset::CSVDataset(const std::string& path, const std::string& target_column,
                       ScalarType target_dtype, char delimiter) {
  load(path, target_column, 0, true, target_dtype, delimiter);
}

CSVDataset::CSVDataset(const std::string& path, int64_t target_column, bool has_header,
                       ScalarType target_dtype, char delimiter) {
  load(path, std::nullopt, target_column, has_header, target_dtype, delimiter);
}

void CSVDataset::load(const std::string& path, std::optional<std::string> target_name,
                      int64_t target_index, bool has_header, ScalarType target_dtype,
                      char delimiter) {
  std::ifstream in(path, std::ios::binary);
  EMBER_CHECK(in.is_open(), "CSVDataset", "cannot open ", path, ": ", std::strerror(errno));
  std::string line;
  uint64_t offset = 0;  // byte offset of the current line
  uint64_t line_number = 0;
  size_t columns = 0;
  size_t target = 0;
  std::vector<float> features;
  std::vector<double> targets;
  bool header_pending = has_header;
  for (; std::getline(in, line); offset += line.size() + 1) {
    ++line_number;
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split(line, delimiter);
    if (columns == 0) {
      columns = fields.size();
      EMBER_CHECK(columns >= 2, "CSVDataset", path, " line ", line_number, " (byte offset ", offset,
                  ") has ", columns, " column; expected a target and at least one data column",
                  " (wrong delimiter?)");
      if (target_name) {
        size_t i = 0;
        while (i < columns && trim(fields[i]) != *target_name) ++i;
        EMBER_CHECK(i < columns, "CSVDataset", "no column named \"", *target_name,
                    "\" in the header of ", path, " (line ", line_number, ")");
        target = i;
      } else {
        auto n = static_cast<int64_t>(columns);
        EMBER_CHECK(target_index >= -n && target_index < n, "CSVDataset", "target column ",
                    target_index, " is out of range for ", path, " with ", n, " columns");
        target = static_cast<size_t>(target_index < 0 ? target_index + n : target_index);
      }
    }
    EMBER_CHECK(fields.size() == columns, "CSVDataset", path, " line ", line_number, " (byte offset ",
                offset, ") has ", fields.size(), " fields but the first row has ", columns);
    if (header_pending) {
      header_pending = false;
      for (size_t c = 0; c < columns; ++c)
        if (c != target) feature_names_.push_back(trim(fields[c]));
      continue;
    }
    for (size_t c = 0; c < columns; ++c) {
      std::string field = trim(fields[c]);
      char* end = nullptr;
      double value = std::strtod(field.c_str(), &end);
      EMBER_CHECK(!field.empty() && *end == '\0', "CSVDataset", path, " line ", line_number,
                  " (byte offset ", offset, ") column ", c + 1, ": \"", field,
                  "\" is not a number; only numeric columns are supported");
      if (c == target) {
        EMBER_CHECK(is_floating_type(target_dtype) || value == static_cast<double>(static_cast<int64_t>(value)),
                    "CSVDataset", path, " line ", line_number, " (byte offset ", offset, "): target ",
                    field, " is not an integer but target_dtype is ", target_dtype,
                    "; pass kFloat for a regression target");
        targets.push_back(value);
      } else {
        features.push_back(static_cast<float>(value));
      }
    }
  }
  EMBER_CHECK(!targets.empty(), "CSVDataset", path, " holds no data rows");
  auto rows = static_cast<int64_t>(targets.size());
  data_ = tensor(features).view({rows, static_cast<int64_t>(columns - 1)});
  targets_ = tensor(targets).to(target_dtype);
}

Example<> CSVDataset::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(data_.size(0)), "CSVDataset::get", "index ", index,
              " is out of range for ", data_.size(0), " rows");
  auto i = static_cast<int64_t>(index);
  return {data_[i], targets_[i]};
}

std::optional<size_t> CSVDataset::size() const { return static_cast<size_t>(data_.size(0)); }

}  // namespace ember::data::datasets
