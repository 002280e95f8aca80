#pragma once
// Tensor factories, as LibTorch's torch::empty/zeros/arange/... (same names, argument order
// and defaults; floating factories use get_default_dtype()).
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
// `ember::tensor({{1, 2}, {3, 4}})` makes a 2x2 int64 tensor, `tensor({1.5, 2.})` a float
// tensor of the default dtype, `tensor(3.0)` a 0-dim tensor, `tensor({true, false})` bool.
// Ragged nesting throws.
namespace detail {
// A recursive literal: either a scalar leaf or a list of literals.
class TensorLiteral {
 public:
  TensorLiteral(const Scalar& v) : scalar_(v), is_scalar_(true) {}  // NOLINT
  template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  TensorLiteral(T v) : TensorLiteral(Scalar(v)) {}  // NOLINT
  TensorLiteral(std::initializer_list<TensorLiteral> items)  // NOLINT
      : items_(items), is_scalar_(false) {}
  template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  TensorLiteral(const std::vector<T>& values) : is_scalar_(false) {  // NOLINT
    items_.reserve(values.size());
    for (const T& v : values) items_.emplace_back(Scalar(v));
  }
  bool is_scalar() const { return is_scalar_; }
  const Scalar& scalar() const { return scalar_; }
  const std::vector<TensorLiteral>& items() const { return items_; }

 private:
  Scalar scalar_;
  std::vector<TensorLiteral> items_;
  bool is_scalar_;
};
}  // namespace detail

Tensor tensor(const detail::TensorLiteral& values, const TensorOptions& options = {});
// Explicit overloads so that `tensor({1, 2, 3})` resolves to a flat list.
Tensor tensor(std::initializer_list<detail::TensorLiteral> values, const TensorOptions& options = {});

}  // namespace ember
