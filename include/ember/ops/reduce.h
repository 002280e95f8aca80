#pragma once
// Reductions and scans, as torch.sum & co (LibTorch 1.13 overloads, names and defaults).
// Dim lists: an empty list reduces every dim; negative dims count from the end; a repeated dim
// throws. keepdim=true keeps reduced dims as size 1.
#include <optional>
#include <string_view>
#include <tuple>

#include "ember/core/tensor.h"

namespace ember {

// Integer and bool inputs sum (and prod) to int64 unless `dtype` says otherwise; with `dtype`
// the input is converted first. Floating sums are pairwise (accurate for long runs).
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
           std::optional<ScalarType> dtype = std::nullopt);
// Floating inputs only (or a floating `dtype`); the mean of nothing is NaN.
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& self, int64_t dim, bool keepdim = false, std::optional<ScalarType> dtype = std::nullopt);

// Max/min propagate NaN. The full forms return a 0-dim tensor and reject empty inputs; the dim
// forms return (values, indices) with the first extreme's index (the first NaN's, if any).
Tensor max(const Tensor& self);
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor min(const Tensor& self);
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor amax(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor amin(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
// Without `dim`: the index into the flattened tensor.
Tensor argmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);

// Variance and standard deviation of floating inputs. The divisor is n - correction (clamped at
// 0), where unbiased=true means correction 1. No dim (nullopt) reduces every dim.
Tensor var(const Tensor& self, bool unbiased = true);
Tensor var(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased = true, bool keepdim = false);
Tensor var(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
           bool keepdim = false);
Tensor std(const Tensor& self, bool unbiased = true);
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased = true, bool keepdim = false);
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
           bool keepdim = false);
// (var, mean) and (std, mean) in one pass.
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased = true,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim, bool unbiased = true,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim = false);

// Vector p-norm over `dim` (floating inputs): p = 0 counts nonzeros, p = +-inf is max/min |x|,
// p = nullopt means 2. With `dtype` the input is converted first.
Tensor norm(const Tensor& self, const Scalar& p = 2);
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, ScalarType dtype);
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false);
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim, ScalarType dtype);
// Addition beyond LibTorch's C++ API (Python's torch.norm(p="fro")): "fro" is the 2-norm over
// `dim`; other names ("nuc") belong to linalg and throw.
Tensor norm(const Tensor& self, const char* p, IntArrayRef dim = {}, bool keepdim = false);

// log(sum(exp(x))) without overflow. Integral inputs give the default float dtype.
Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim = false);

// Bool results (uint8 inputs give uint8, as LibTorch).
Tensor all(const Tensor& self);
Tensor all(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor any(const Tensor& self);
Tensor any(const Tensor& self, int64_t dim, bool keepdim = false);
// int64 counts of nonzero elements.
Tensor count_nonzero(const Tensor& self, IntArrayRef dim);
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim = std::nullopt);

// Inclusive scans along `dim`; integral inputs give int64 unless `dtype` says otherwise.
Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);

// Lower median (the (n-1)/2-th smallest; NaN if any element is NaN). The full form of an empty
// tensor is NaN.
Tensor median(const Tensor& self);
std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim = false);
// Most frequent value along `dim` (smallest among ties) and the index of its last occurrence.
std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim = -1, bool keepdim = false);

// Sums `grad` down to `shape` (the inverse of broadcasting `shape` to grad's shape): leading
// dims are summed away, dims where shape has 1 are summed with keepdim. Used by every
// backward whose forward broadcast.
Tensor sum_to(const Tensor& grad, IntArrayRef shape);

}  // namespace ember
