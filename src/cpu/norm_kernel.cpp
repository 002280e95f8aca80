#include "cpu/norm_kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "cpu/convert.h"
#include "cpu/lane_sum.h"
#include "cpu/parallel.h"
#include "cpu/vector_sum.h"
#include "cpu/vector_width.h"

namespace ember::cpu {

namespace {

// Half and bfloat16 are normalized in float; float and double in their own type.
template <class T> struct opmath { using type = float; };
template <> struct opmath<double> { using type = double; };

// A row's statistics: its mean (0 for Rms) and 1 / sqrt(variance + eps).
struct RowStats {
  double mean, rstd;
};

// Float rows: vector sums in float over chunks of kChunk elements (64 lanes of at most 128
// adds each), the chunks added in double, so long rows (group_norm) keep double's accuracy
// while every element is touched by float vector code. Other dtypes: double lanes.
constexpr int64_t kChunk = 8192;

template <class T>
RowStats row_stats(const T* x, int64_t cols, double eps, NormKind kind) {
  double mean = 0, sq = 0;
  if constexpr (std::is_same_v<T, float>) {
    if (kind == NormKind::Standardize) {
      for (int64_t c = 0; c < cols; c += kChunk) mean += vector_sum(x + c, std::min(kChunk, cols - c));
      mean /= static_cast<double>(cols);
    }
    for (int64_t c = 0; c < cols; c += kChunk)
      sq += vector_centered_square_sum(x + c, std::min(kChunk, cols - c), static_cast<float>(mean));
  } else {
    if (kind == NormKind::Standardize) mean = lane_sum(x, cols, [](double v) { return v; }) / static_cast<double>(cols);
    sq = lane_sum(x, cols, [mean](double v) { return (v - mean) * (v - mean); });
  }
  return {mean, 1.0 / std::sqrt(sq / static_cast<double>(cols) + eps)};
}

// y = (x - m) * rstd [* w + b] over one float row, in vectors (w and b: per element, or null).
void normalize_float_row(float* y, const float* x, int64_t n, float m, float rstd, const float* w, const float* b) {
  with_vector_width([&]<int VectorBytes>() EMBER_VECTOR_BODY {
    using V [[gnu::vector_size(VectorBytes)]] = float;
    constexpr int64_t kWidth = VectorBytes / sizeof(float);
    int64_t j = 0;
    for (; j + kWidth <= n; j += kWidth) {
      V v, wj, bj;
      std::memcpy(&v, x + j, sizeof v);
      v = (v - m) * rstd;
      if (w) {
        std::memcpy(&wj, w + j, sizeof wj);
        std::memcpy(&bj, b + j, sizeof bj);
        v = v * wj + bj;
      }
      std::memcpy(y + j, &v, sizeof v);
    }
    for (; j < n; ++j) y[j] = w ? (x[j] - m) * rstd * w[j] + b[j] : (x[j] - m) * rstd;
  });
}

// Rows [row_begin, row_end) of [rows, cols]: the output in A.
template <class T>
void norm_rows(T* out, const T* in, const T* weight, const T* bias, int64_t row_begin, int64_t row_end, int64_t cols,
               double eps, NormKind kind, int64_t affine_inner, int64_t affine_size) {
  using A = typename opmath<T>::type;
  for (int64_t r = row_begin; r < row_end; ++r) {
    const T* x = in + r * cols;
    T* y = out + r * cols;
    RowStats stats = row_stats(x, cols, eps, kind);
    A m = static_cast<A>(stats.mean);
    A rstd = static_cast<A>(stats.rstd);
    if constexpr (std::is_same_v<T, float>) {
      // layer_norm's usual forms: no affine, or weight and bias over the whole row.
      bool whole_row_affine = weight && bias && affine_inner == 1 && affine_size == cols;
      if ((!weight && !bias) || whole_row_affine) {
        normalize_float_row(y, x, cols, m, rstd, weight, bias);
        continue;
      }
    }
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
