#include "cpu/gemm.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "cpu/convert.h"
#include "cpu/dnnl_matmul.h"
#include "cpu/copy_kernel.h"
#include "cpu/parallel.h"
#include "ember/core/factories.h"
#include "ember/ops/copy.h"

namespace ember::cpu {

namespace {

// How BLAS sees one (rows x cols) matrix with element strides (row_stride, col_stride):
// row-major with leading dim `ld`, or (trans) column-major, i.e. the row-major transpose.
struct BlasMatrix {
  bool trans;
  int64_t ld;
};

// The BLAS view of a strided matrix, or nothing when neither stride is 1 (or the leading
// dim is too small, as for broadcast rows) and a copy is needed. A dim of size 1 puts no
// constraint on its stride.
std::optional<BlasMatrix> blas_matrix(int64_t rows, int64_t cols, int64_t row_stride, int64_t col_stride) {
  if ((col_stride == 1 || cols <= 1) && (rows <= 1 || row_stride >= std::max<int64_t>(1, cols)))
    return BlasMatrix{false, rows <= 1 ? std::max<int64_t>(1, cols) : row_stride};
  if ((row_stride == 1 || rows <= 1) && (cols <= 1 || col_stride >= std::max<int64_t>(1, rows)))
    return BlasMatrix{true, cols <= 1 ? std::max<int64_t>(1, rows) : col_stride};
  return std::nullopt;
}

// A batch (B, R, C) operand as BLAS will read it: the tensor itself when each matrix has a
// BLAS layout, else a contiguous copy.
std::pair<Tensor, BlasMatrix> blas_operand(const Tensor& t) {
  if (auto m = blas_matrix(t.size(1), t.size(2), t.stride(1), t.stride(2))) return {t, *m};
  Tensor c = contiguous(t);
  return {c, *blas_matrix(c.size(1), c.size(2), c.stride(1), c.stride(2))};
}

// A vector of n elements with stride `inc`, as BLAS increments (which must not be 0).
int64_t blas_inc(int64_t n, int64_t inc) { return n <= 1 ? 1 : inc; }

template <class T>
void blas_gemm(const Tensor& out, const Tensor& a_in, const Tensor& b_in, T beta, T alpha) {
  constexpr bool is_float = std::is_same_v<T, float>;
  const int64_t B = out.size(0), M = out.size(1), N = out.size(2), K = a_in.size(2);
  auto [a, la] = blas_operand(a_in);
  auto [b, lb] = blas_operand(b_in);
  const T* pa = static_cast<const T*>(a.data_ptr());
  const T* pb = static_cast<const T*>(b.data_ptr());
  T* pc = static_cast<T*>(out.data_ptr());
  const int64_t sa = a.stride(0), sb = b.stride(0);
  // OpenBLAS's gemv scales y by beta with a multiply, so with beta 0 the garbage of a fresh
  // output (0 * NaN) could leak through: give it zeros.
  if (beta == T(0) && (M == 1 || N == 1)) std::fill(pc, pc + B * M * N, T(0));
  for (int64_t i = 0; i < B; ++i) {
    const T* A = pa + i * sa;
    const T* Bm = pb + i * sb;
    T* C = pc + i * M * N;
    if (N == 1) {
      // C[M] = A (M x K) @ b[:, 0] (K elements with stride b.stride(1)).
      int64_t incb = blas_inc(K, b.stride(1));
      if (incb == 0) {  // a broadcast vector: every element is the same one
        incb = 1;
        b = contiguous(b);
        Bm = static_cast<const T*>(b.data_ptr()) + i * b.stride(0);
      }
      auto trans = la.trans ? CblasTrans : CblasNoTrans;
      int64_t rows = la.trans ? K : M, cols = la.trans ? M : K;
      if constexpr (is_float) cblas_sgemv(CblasRowMajor, trans, rows, cols, alpha, A, la.ld, Bm, incb, beta, C, 1);
      else cblas_dgemv(CblasRowMajor, trans, rows, cols, alpha, A, la.ld, Bm, incb, beta, C, 1);
    } else if (M == 1) {
      // C[N] = a[0, :] (K elements) @ B (K x N) = B^T @ a.
      int64_t inca = blas_inc(K, a.stride(2));
      if (inca == 0) {
        inca = 1;
        a = contiguous(a);
        A = static_cast<const T*>(a.data_ptr()) + i * a.stride(0);
      }
      auto trans = lb.trans ? CblasNoTrans : CblasTrans;
      int64_t rows = lb.trans ? N : K, cols = lb.trans ? K : N;
      if constexpr (is_float) cblas_sgemv(CblasRowMajor, trans, rows, cols, alpha, Bm, lb.ld, A, inca, beta, C, 1);
      else cblas_dgemv(CblasRowMajor, trans, rows, cols, alpha, Bm, lb.ld, A, inca, beta, C, 1);
    } else {
      auto ta = la.trans ? CblasTrans : CblasNoTrans, tb = lb.trans ? CblasTrans : CblasNoTrans;
      if constexpr (is_float) cblas_sgemm(CblasRowMajor, ta, tb, M, N, K, alpha, A, la.ld, Bm, lb.ld, beta, C, N);
      else cblas_dgemm(CblasRowMajor, ta, tb, M, N, K, alpha, A, la.ld, Bm, lb.ld, beta, C, N);
    }
  }
}

// Integer GEMM: products summed in uint64, which wraps exactly as T's own arithmetic would
// modulo 2^bits (and never hits signed-overflow UB). Rows (b, i) are split over the pool.
template <class T>
void integer_gemm(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta_s, const Scalar& alpha_s) {
  const int64_t M = out.size(1), N = out.size(2), K = a.size(2);
  const uint64_t beta = static_cast<uint64_t>(beta_s.toLong()), alpha = static_cast<uint64_t>(alpha_s.toLong());
  const bool use_beta = beta_s.toLong() != 0;
  const T* pa = static_cast<const T*>(a.data_ptr());
  const T* pb = static_cast<const T*>(b.data_ptr());
  T* pc = static_cast<T*>(out.data_ptr());
  const int64_t sa0 = a.stride(0), sa1 = a.stride(1), sa2 = a.stride(2);
  const int64_t sb0 = b.stride(0), sb1 = b.stride(1), sb2 = b.stride(2);
  const int64_t rows = out.size(0) * M;
  // Aim for chunks of at least ~32k multiply-adds so small products stay on one thread.
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, N * K));
  parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    std::vector<uint64_t> acc(N);
    for (int64_t r = begin; r < end; ++r) {
      int64_t batch = r / M, i = r % M;
      std::fill(acc.begin(), acc.end(), 0);
      const T* arow = pa + batch * sa0 + i * sa1;
      const T* bmat = pb + batch * sb0;
      for (int64_t k = 0; k < K; ++k) {
        uint64_t av = static_cast<uint64_t>(arow[k * sa2]);
        const T* brow = bmat + k * sb1;
        for (int64_t j = 0; j < N; ++j) acc[j] += av * static_cast<uint64_t>(brow[j * sb2]);
      }
      T* crow = pc + r * N;
      for (int64_t j = 0; j < N; ++j) {
        uint64_t v = alpha * acc[j];
        if (use_beta) v += beta * static_cast<uint64_t>(crow[j]);
        crow[j] = static_cast<T>(v);
      }
    }
  });
}

// out = beta * out (K == 0: the product is empty).
void scale(const Tensor& out, const Scalar& beta) {
  bool zero = beta.is_floating_point() ? beta.toDouble() == 0.0 : beta.toLong() == 0;
  if (zero) {
    fill_kernel(out, 0);
    return;
  }
  dispatch_all_types(out.dtype(), "gemm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (!std::is_same_v<T, bool>) {
      using M = std::conditional_t<is_float_like_v<T>, double, int64_t>;
      M w = scalar_to<M>(beta);
      T* p = static_cast<T*>(out.data_ptr());
      for (int64_t i = 0; i < out.numel(); ++i) p[i] = convert<T>(w * static_cast<M>(p[i]));
    }
  });
}

}  // namespace

void gemm(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta, const Scalar& alpha) {
  EMBER_CHECK(a.dtype() == out.dtype() && b.dtype() == out.dtype(), "gemm", "operands of dtypes ", a.dtype(),
              " and ", b.dtype(), " for a ", out.dtype(), " output: callers must convert first");
  if (out.numel() == 0) return;
  if (a.size(2) == 0) {
    scale(out, beta);
    return;
  }
  switch (out.dtype()) {
    case kFloat:
      blas_gemm<float>(out, a, b, scalar_to<float>(beta), scalar_to<float>(alpha));
      break;
    case kDouble:
      blas_gemm<double>(out, a, b, scalar_to<double>(beta), scalar_to<double>(alpha));
      break;
    case kBFloat16:
      if (dnnl_bf16_gemm(out, a, b, scalar_to<float>(beta), scalar_to<float>(alpha))) break;
      [[fallthrough]];
    case kHalf: {
      // Accumulate in float, round to 16 bits once at the end.
      bool beta_zero = beta.is_floating_point() ? beta.toDouble() == 0.0 : beta.toLong() == 0;
      Tensor acc = beta_zero ? empty(out.sizes(), kFloat) : out.to(kFloat);
      blas_gemm<float>(acc, a.to(kFloat), b.to(kFloat), scalar_to<float>(beta), scalar_to<float>(alpha));
      copy_kernel(out, acc);
      break;
    }
    default:
      dispatch_all_types(out.dtype(), "gemm", [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) integer_gemm<T>(out, a, b, beta, alpha);
        else detail::throw_error("gemm", "no kernel for ", out.dtype());
      });
  }
}

}  // namespace ember::cpu
