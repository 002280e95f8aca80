#pragma once
// CSVDataset (beyond LibTorch): a table of numbers, one example per row. The target column is
// chosen by header name or by index; the other columns, in file order, form the data.
// Data is float32 [num_columns - 1], target a 0-dim tensor of target_dtype (int64 by default,
// for class labels; kFloat for regression). Fields are separated by `delimiter`; blank lines
// are skipped.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ember/core/scalar_type.h"
#include "ember/data/datasets/base.h"
#include "ember/data/datasets/map.h"

namespace ember::data::datasets {

class CSVDataset : public Dataset<CSVDataset> {
 public:
  // The target column by its header name (the file must have a header row).
  CSVDataset(const std::string& path, const std::string& target_column,
             ScalarType target_dtype = kLong, char delimiter = ',');
  // The target column by index (negative counts from the end); has_header skips the first row.
  CSVDataset(const std::string& path, int64_t target_column, bool has_header = true,
             ScalarType target_dtype = kLong, char delimiter = ',');

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;

  const Tensor& data() const { return data_; }        // float32 [rows, columns - 1]
  const Tensor& targets() const { return targets_; }  // target_dtype [rows]
  // The header names of the data columns (empty without a header row).
  const std::vector<std::string>& feature_names() const { return feature_names_; }

 private:
  void load(const std::string& path, std::optional<std::string> target_name, int64_t target_index,
            bool has_header, ScalarType target_dtype, char delimiter);

  Tensor data_, targets_;
  std::vector<std::string> feature_names_;
};

}  // namespace ember::data::datasets
