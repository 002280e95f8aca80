#include "cpu/norm_kernel.h"

#include <algorithm>
#include <cmath>

#include "cpu/convert.h"
#include "cpu/lane_sum.h"
#include "cpu/parallel.h"

namespace ember::cpu {

namespace {

// Half and bfloat16 are normalized in float; float and double in their own type.
template <class T> struct opmath { using type = float; };
template <> struct opmath<double> { using type = double; };

// Rows [row_begin, row_end) of [rows, cols]: statistics in double, the output in A.
template <class T>
void norm_rows(T* out, const T* in, const T* weight, const T* bias, int64_t row_begin, int64_t row_end, int64_t cols,
               double eps, NormKind kind, int64_t affine_inner, int64_t affine_size) {
  using A = typename opmath<T>::type;
  for (int64_t r = row_begin; r < row_end; ++r) {
    const T* x = in + r * cols;
    T* y = out + r * cols;
    double mean = 0;
    if (kind == NormKind::Standardize) mean = lane_sum(x, cols, [](double v) { return v; }) / static_cast<double>(cols);
    double sq = lane_sum(x, cols, [mean](double v) { return (v - mean) * (v - mean); });
    A m = static_cast<A>(mean);
    A rstd = static_cast<A>(1.0 / std::sqrt(sq / static_cast<double>(cols) + eps));
    if (!weight && !bias) {
      for (int64_t j = 0; j < cols; ++j) y[j] = convert<T>((convert<A>(x[j]) - m) * rstd);
      continue;
    }
    int64_t flat = r * cols;
    auto affine = [&](int64_t j, int64_t k) {
      A w = weight ? convert<A>(weight[k]) : A(1);
      A b = bias ? convert<A>(bias[k]) : A(0);
      y[j] = convert<T>((convert<A>(x[j]) - m) * rstd * w + b);
    };
    if (affine_inner == 1) {  // layer_norm: a new entry for every element, wrapping around
      int64_t k = flat % affine_size;
      for (int64_t j = 0; j < cols; ++j) {
        affine(j, k);
        if (++k == affine_size) k = 0;
      }
      continue;
    }
    // group_norm: runs of affine_inner elements (one channel's spatial positions) share an entry.
    for (int64_t j = 0; j < cols;) {
      int64_t k = ((flat + j) / affine_inner) % affine_size;
      int64_t run_end = std::min(cols, j + affine_inner - (flat + j) % affine_inner);
      for (; j < run_end; ++j) affine(j, k);
    }
  }
}

}  // namespace

void norm_kernel(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias, int64_t rows,
                 double eps, NormKind kind, int64_t affine_inner) {
  if (in.numel() == 0) return;
  int64_t cols = in.numel() / rows;
  int64_t affine_size = weight.defined() ? weight.numel() : bias.defined() ? bias.numel() : 1;
  dispatch_all_types(in.dtype(), "norm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      const T* w = weight.defined() ? static_cast<const T*>(weight.data_ptr()) : nullptr;
      const T* b = bias.defined() ? static_cast<const T*>(bias.data_ptr()) : nullptr;
      // Rows are independent: about 32K elements per parallel chunk.
      parallel_for(0, rows, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, cols)), [&](int64_t lo, int64_t hi) {
        norm_rows<T>(static_cast<T*>(out.data_ptr()), static_cast<const T*>(in.data_ptr()), w, b, lo, hi, cols, eps,
                     kind, affine_inner, affine_size);
      });
    }
  });
}

void rsqrt_kernel(const Tensor& out, const Tensor& in) {
  dispatch_all_types(in.dtype(), "rsqrt", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      const T* x = static_cast<const T*>(in.data_ptr());
      T* y = static_cast<T*>(out.data_ptr());
      for (int64_t i = 0; i < in.numel(); ++i) y[i] = convert<T>(1.0 / std::sqrt(convert<double>(x[i])));
    }
  });
}

}  // namespace ember::cpu
