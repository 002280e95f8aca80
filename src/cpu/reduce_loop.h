#pragma once
// The one reduction driver every CPU reduction kernel runs on.
//
// A reduction of `in` over the dims where `mask` is true gives one output per position of the
// kept dims (row-major order, so the output is a contiguous tensor of the kept shape). The
// elements folded into one output are its "row": the reduced dims in row-major order. The plan
// drops size-1 dims and merges dims that are contiguous in memory, so:
//   - reducing the innermost dims of a contiguous tensor gives contiguous rows (fast path);
//   - reducing one outer dim gives rows with one byte stride (walked in place, no copy), and
//     order-insensitive folds instead run "columns": the contiguous kept dim is vectorised and
//     the reduced dim steps across rows (fold_columns);
//   - anything else (several reduced dims that do not merge) is gathered row by row into a
//     small buffer.
// Order-insensitive reductions (sum, max, ...) may also reorder the reduced dims by stride,
// so a full reduction of a transposed tensor is still one contiguous run.
#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/core/dim_vector.h"
#include "ember/core/tensor.h"
#include "cpu/parallel.h"
#include "cpu/vector_sum.h"

namespace ember::cpu {

struct RowPlan {
  int64_t outputs = 1;  // number of outputs (product of kept sizes)
  int64_t row = 1;      // elements per row (product of reduced sizes)
  int64_t elem = 1;     // element size in bytes
  DimVector kept_sizes, kept_strides;  // outermost first, strides in bytes, merged
  DimVector red_sizes, red_strides;    // outermost first, strides in bytes, merged

  // The row is one run with a single byte stride (no gathering needed).
  bool single_run() const { return red_sizes.size() <= 1; }
  int64_t run_stride() const { return red_sizes.empty() ? elem : red_strides[0]; }
};

namespace detail {
// Merges adjacent (outer, inner) dims when outer's stride == inner's stride * inner's size.
inline void merge_dims(const std::vector<std::pair<int64_t, int64_t>>& dims, DimVector& sizes, DimVector& strides) {
  for (auto [size, stride] : dims) {
    if (!sizes.empty() && strides.back() == stride * size) {
      sizes.back() *= size;
      strides.back() = stride;
    } else {
      sizes.push_back(size);
      strides.push_back(stride);
    }
  }
}
}  // namespace detail

inline RowPlan make_row_plan(const Tensor& in, const std::vector<bool>& mask, bool any_order) {
  RowPlan p;
  p.elem = in.element_size();
  std::vector<std::pair<int64_t, int64_t>> kept, red;
  for (int64_t d = 0; d < in.dim(); ++d) {
    int64_t size = in.sizes()[d], stride = in.strides()[d] * p.elem;
    if (mask[d]) {
      p.row *= size;
      if (size != 1) red.emplace_back(size, stride);
    } else {
      p.outputs *= size;
      if (size != 1) kept.emplace_back(size, stride);
    }
  }
  if (any_order)
    std::stable_sort(red.begin(), red.end(), [](auto a, auto b) { return a.second > b.second; });
  detail::merge_dims(kept, p.kept_sizes, p.kept_strides);
  detail::merge_dims(red, p.red_sizes, p.red_strides);
  return p;
}

// Calls f(index, byte_offset) for positions [first, last) of an odometer over (sizes,
// strides), in row-major order.
template <class F>
void for_each_offset(const DimVector& sizes, const DimVector& strides, int64_t first, int64_t last, F&& f) {
  int64_t nd = static_cast<int64_t>(sizes.size());
  DimVector index(static_cast<size_t>(nd), 0);
  int64_t offset = 0;
  for (int64_t d = nd - 1, rest = first; d >= 0; --d) {
    index[d] = rest % sizes[d];
    rest /= sizes[d];
    offset += index[d] * strides[d];
  }
  for (int64_t i = first; i < last; ++i) {
    f(i, offset);
    for (int64_t d = nd - 1; d >= 0; --d) {
      offset += strides[d];
      if (++index[d] < sizes[d]) break;
      offset -= strides[d] * sizes[d];
      index[d] = 0;
    }
  }
}

// Calls f(output_index, row_ptr, n, byte_stride) for every output: the row's n elements are
// at row_ptr + i * byte_stride (in place when possible, else a gathered contiguous copy).
template <class F>
void for_each_row(const RowPlan& p, const void* data, F&& f) {
  if (p.outputs == 0) return;
  const char* base = static_cast<const char*>(data);
  if (p.single_run()) {
    int64_t n = p.red_sizes.empty() ? 1 : p.red_sizes[0];
    int64_t stride = p.run_stride();
    for_each_offset(p.kept_sizes, p.kept_strides, 0, p.outputs,
                    [&](int64_t o, int64_t off) { f(o, base + off, n, stride); });
    return;
  }
  std::vector<char> buffer(static_cast<size_t>(p.row * p.elem));
  for_each_offset(p.kept_sizes, p.kept_strides, 0, p.outputs, [&](int64_t o, int64_t off) {
    char* dst = buffer.data();
    for_each_offset(p.red_sizes, p.red_strides, 0, p.row, [&](int64_t, int64_t roff) {
      std::memcpy(dst, base + off + roff, p.elem);
      dst += p.elem;
    });
    f(o, static_cast<const char*>(buffer.data()), p.row, p.elem);
  });
}

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// ---- folds: associative reductions with an accumulator ------------------------------------
// A Fold is an object with acc_t, identity(), combine(acc, T) and merge(acc, acc), and
// optionally kPlainAdd = true when combine is acc + x (a vector fast path). Folds are evaluated
// as a cascade: runs of up to fold_block() elements are folded into independent lanes (the
// compiler vectorises them), and longer runs are split in halves whose results are merged.
// For sums this is pairwise summation: the error grows with log(n), not n, so a float sum of
// 10^7 ones is exact.
constexpr int64_t kFoldBlock = 512;

// Plain float/double sums of contiguous runs go through vector_sum (64 lanes at the CPU's
// widest vectors), whose leaves can be longer: 65536 elements are 1024 adds per lane (shorter
// leaves measurably slow a stream from memory: each leaf ends in a 64-lane merge).
template <class T, class Fold>
constexpr bool is_plain_float_sum() {
  if constexpr (requires { requires Fold::kPlainAdd; })
    return std::is_same_v<T, typename Fold::acc_t> && (std::is_same_v<T, float> || std::is_same_v<T, double>);
  else return false;
}
constexpr int64_t kPlainSumBlock = 65536;

template <class T, class Fold>
constexpr int64_t fold_block(int64_t stride) {
  return is_plain_float_sum<T, Fold>() && stride == static_cast<int64_t>(sizeof(T)) ? kPlainSumBlock : kFoldBlock;
}

template <class T, class Fold>
typename Fold::acc_t fold_run(const Fold& f, const char* p, int64_t n, int64_t stride) {
  using A = typename Fold::acc_t;
  if (n > fold_block<T, Fold>(stride)) {
    int64_t half = (n / 2 + 7) / 8 * 8;  // multiple of 8 keeps contiguous blocks aligned alike
    return f.merge(fold_run<T>(f, p, half, stride), fold_run<T>(f, p + half * stride, n - half, stride));
  }
  if constexpr (is_plain_float_sum<T, Fold>())
    if (stride == static_cast<int64_t>(sizeof(T))) return vector_sum(reinterpret_cast<const T*>(p), n);
  A lanes[8];
  for (A& l : lanes) l = f.identity();
  int64_t i = 0;
  if (stride == static_cast<int64_t>(sizeof(T))) {
    const T* x = reinterpret_cast<const T*>(p);
    for (; i + 8 <= n; i += 8)
      for (int k = 0; k < 8; ++k) lanes[k] = f.combine(lanes[k], x[i + k]);
    for (; i < n; ++i) lanes[0] = f.combine(lanes[0], x[i]);
  } else {
    for (; i < n; ++i) lanes[i & 7] = f.combine(lanes[i & 7], load<T>(p + i * stride));
  }
  return f.merge(f.merge(f.merge(lanes[0], lanes[1]), f.merge(lanes[2], lanes[3])),
                 f.merge(f.merge(lanes[4], lanes[5]), f.merge(lanes[6], lanes[7])));
}

// fold_run over a long run with the leaves of its recursion tree (down to `depth` levels) on
// the intra-op pool, merged in the same tree order: the result is bit-identical to fold_run's,
// whatever the thread count.
template <class T, class Fold>
typename Fold::acc_t fold_run_parallel(const Fold& f, const char* p, int64_t n, int64_t stride, int depth) {
  using A = typename Fold::acc_t;
  struct Leaf {
    const char* p;
    int64_t n;
  };
  std::vector<Leaf> leaves;
  auto split = [&](auto& self, const char* q, int64_t m, int d) -> void {
    if (d == 0 || m <= fold_block<T, Fold>(stride)) {
      leaves.push_back({q, m});
      return;
    }
    int64_t half = (m / 2 + 7) / 8 * 8;  // as fold_run
    self(self, q, half, d - 1);
    self(self, q + half * stride, m - half, d - 1);
  };
  split(split, p, n, depth);
  std::vector<A> results(leaves.size());
  parallel_for(0, static_cast<int64_t>(leaves.size()), 1, [&](int64_t lo, int64_t hi) {
    for (int64_t i = lo; i < hi; ++i) results[i] = fold_run<T>(f, leaves[i].p, leaves[i].n, stride);
  });
  size_t next = 0;
  auto merge = [&](auto& self, int64_t m, int d) -> A {
    if (d == 0 || m <= fold_block<T, Fold>(stride)) return results[next++];
    int64_t half = (m / 2 + 7) / 8 * 8;
    A left = self(self, half, d - 1);
    return f.merge(left, self(self, m - half, d - 1));
  };
  return merge(merge, n, depth);
}

// Runs shorter than this fold on the calling thread (the hand-off would cost more).
constexpr int64_t kParallelFoldMin = 1 << 16;

// acc[j] = fold over rows r < rows of element (r, j), j < cols <= kColumnBlock: rows are
// `row_stride` bytes apart, columns contiguous. Pairwise over rows, vectorised over columns.
constexpr int64_t kColumnBlock = 64;

template <class T, class Fold>
void fold_columns(const Fold& f, const char* p, int64_t rows, int64_t row_stride, int64_t cols, typename Fold::acc_t* acc) {
  using A = typename Fold::acc_t;
  if (rows > 16) {
    int64_t half = rows / 2;
    fold_columns<T>(f, p, half, row_stride, cols, acc);
    A other[kColumnBlock];
    fold_columns<T>(f, p + half * row_stride, rows - half, row_stride, cols, other);
    for (int64_t j = 0; j < cols; ++j) acc[j] = f.merge(acc[j], other[j]);
    return;
  }
  for (int64_t j = 0; j < cols; ++j) acc[j] = f.identity();
  for (int64_t r = 0; r < rows; ++r) {
    const T* x = reinterpret_cast<const T*>(p + r * row_stride);
    for (int64_t j = 0; j < cols; ++j) acc[j] = f.combine(acc[j], x[j]);
  }
}

// Runs Fold over the plan and calls store(output_index, acc) once per output.
template <class T, class Fold, class Store>
void run_fold(const Fold& f, const RowPlan& p, const void* data, Store&& store) {
  using A = typename Fold::acc_t;
  if (p.outputs == 0) return;
  // Column path: one strided reduced dim and a contiguous innermost kept dim.
  bool columns = p.red_sizes.size() == 1 && p.red_strides[0] != p.elem && !p.kept_sizes.empty() &&
                 p.kept_strides.back() == p.elem && p.kept_sizes.back() >= 8;
  if (columns) {
    const char* base = static_cast<const char*>(data);
    int64_t m = p.kept_sizes.back();
    DimVector outer_sizes = p.kept_sizes, outer_strides = p.kept_strides;
    outer_sizes.pop_back();
    outer_strides.pop_back();
    A acc[kColumnBlock];
    for_each_offset(outer_sizes, outer_strides, 0, p.outputs / m, [&](int64_t o, int64_t off) {
      for (int64_t j0 = 0; j0 < m; j0 += kColumnBlock) {
        int64_t cols = std::min(kColumnBlock, m - j0);
        fold_columns<T>(f, base + off + j0 * p.elem, p.red_sizes[0], p.red_strides[0], cols, acc);
        for (int64_t j = 0; j < cols; ++j) store(o * m + j0 + j, acc[j]);
      }
    });
    return;
  }
  // Several reduced dims that do not merge, the innermost contiguous (a conv bias gradient:
  // [N, C, H, W] summed over N, H, W): each contiguous run is folded in place and the runs'
  // results merged in order, instead of gathering each row into a buffer. Outputs are split
  // over the threads.
  if (p.row > 0 && !p.single_run() && p.red_strides.back() == p.elem) {
    const char* base = static_cast<const char*>(data);
    int64_t run = p.red_sizes.back();
    DimVector outer_sizes = p.red_sizes, outer_strides = p.red_strides;
    outer_sizes.pop_back();
    outer_strides.pop_back();
    int64_t runs = p.row / run;
    parallel_for(0, p.outputs, std::max<int64_t>(1, 32768 / p.row), [&](int64_t lo, int64_t hi) {
      for_each_offset(p.kept_sizes, p.kept_strides, lo, hi, [&](int64_t o, int64_t off) {
        A acc = f.identity();
        for_each_offset(outer_sizes, outer_strides, 0, runs, [&](int64_t, int64_t roff) {
          acc = f.merge(acc, fold_run<T>(f, base + off + roff, run, p.elem));
        });
        store(o, acc);
      });
    });
    return;
  }
  // A few long rows (a full reduction): each row's fold tree is split over the threads.
  bool parallel_rows = p.outputs < 8 && p.row >= kParallelFoldMin && !in_parallel_region();
  for_each_row(p, data, [&](int64_t o, const char* row, int64_t n, int64_t stride) {
    store(o, parallel_rows ? fold_run_parallel<T>(f, row, n, stride, /*depth=*/5) : fold_run<T>(f, row, n, stride));
  });
}

}  // namespace ember::cpu
