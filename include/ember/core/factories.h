#pragma once
// Tensor factories, as LibTorch's torch::empty/zeros/arange/... (same names, argument order
// and defaults; floating factories use get_default_dtype()).
#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

Tensor empty(IntArrayRef size, const TensorOptions& options = {});
Tensor empty_strided(IntArrayRef size, IntArrayRef stride, const TensorOptions& options = {});
Tensor zeros(IntArrayRef size, const TensorOptions& options = {});
Tensor ones(IntArrayRef size, const TensorOptions& options = {});
// The dtype follows `fill_value` when options name none (bool -> Bool, int -> Long,
// floating -> default dtype), as torch.full.
Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options = {});
Tensor scalar_tensor(const Scalar& value, const TensorOptions& options = {});

// `options` here only override what the input has (dtype), as LibTorch's *_like.
Tensor empty_like(const Tensor& self, const TensorOptions& options = {});
Tensor zeros_like(const Tensor& self, const TensorOptions& options = {});
Tensor ones_like(const Tensor& self, const TensorOptions& options = {});
Tensor full_like(const Tensor& self, const Scalar& fill_value, const TensorOptions& options = {});
Tensor rand_like(const Tensor& self, const TensorOptions& options = {});
Tensor randn_like(const Tensor& self, const TensorOptions& options = {});
Tensor randint_like(const Tensor& self, int64_t high, const TensorOptions& options = {});
Tensor randint_like(const Tensor& self, int64_t low, int64_t high, const TensorOptions& options = {});

// Integer start/end/step give int64 unless options say otherwise; any floating argument gives
// the default dtype.
Tensor arange(const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options = {});
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options = {});
Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base = 10.0,
                const TensorOptions& options = {});
Tensor eye(int64_t n, const TensorOptions& options = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& options = {});

// Wraps memory owned by the caller (no copy). The deleter, if any, runs when the last tensor
// using it dies.
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, std::function<void(void*)> deleter,
                 const TensorOptions& options = {});

// ---- tensor({...}) from nested initializer lists and vectors -------------------------------
// As torch::tensor: the dtype follows the C++ type of the values when options name none.
// Integers (int, int64_t) give Long, float and double give the default dtype, and bool,
// uint8_t, int8_t, int16_t, Half, BFloat16 keep their own dtype:
//   tensor({{1, 2}, {3, 4}})   2x2 Long          tensor({1.5, 2.})          Float [2]
//   tensor(3.0)                0-dim Float       tensor({true, false})      Bool [2]
//   tensor(std::vector<uint8_t>{1, 2})  Byte [2] tensor({}) and tensor({{}, {}})  Float [0], [2, 0]
// Ragged nesting ({{1, 2}, {3}}) and mixed C++ types ({1, 2.5}) throw, as LibTorch does.
// An explicit options.dtype() converts the values to that dtype.
namespace detail {
template <class T>
concept TensorLiteralLeaf = requires { scalar_type_of<T>::value; };

// A recursive literal: a scalar leaf, a (possibly empty) list of literals, or a 1-D run of
// values from a std::vector / ArrayRef (copied at once into a tensor of their own dtype).
class TensorLiteral {
 public:
  enum class Kind : uint8_t { Scalar, List, Values };

  // `{}`: an empty list, whose dtype is the default dtype (as torch.tensor([])).
  TensorLiteral() : kind_(Kind::List) {}
  template <TensorLiteralLeaf T>
  TensorLiteral(T v) : kind_(Kind::Scalar), type_(scalar_type_v<T>), scalar_(v) {}  // NOLINT
  TensorLiteral(std::initializer_list<TensorLiteral> items)  // NOLINT
      : kind_(Kind::List), items_(items) {}
  template <TensorLiteralLeaf T>
  TensorLiteral(ArrayRef<T> values) : kind_(Kind::Values), type_(scalar_type_v<T>) {  // NOLINT
    values_ = empty({static_cast<int64_t>(values.size())}, scalar_type_v<T>);
    std::copy(values.begin(), values.end(), values_.data_ptr<T>());
  }
  // std::vector<bool> is a bitset, so it is read element by element rather than via ArrayRef.
  template <TensorLiteralLeaf T>
  TensorLiteral(const std::vector<T>& values) : kind_(Kind::Values), type_(scalar_type_v<T>) {  // NOLINT
    values_ = empty({static_cast<int64_t>(values.size())}, scalar_type_v<T>);
    std::copy(values.begin(), values.end(), values_.data_ptr<T>());
  }

  Kind kind() const { return kind_; }
  // The leaf C++ type's dtype (Undefined for a list: its items carry theirs).
  ScalarType leaf_type() const { return type_; }
  const Scalar& scalar() const { return scalar_; }
  const std::vector<TensorLiteral>& items() const { return items_; }
  const Tensor& values() const { return values_; }

 private:
  Kind kind_;
  ScalarType type_ = ScalarType::Undefined;
  Scalar scalar_;
  std::vector<TensorLiteral> items_;
  Tensor values_;
};
}  // namespace detail

Tensor tensor(const detail::TensorLiteral& values, const TensorOptions& options = {});

}  // namespace ember
