#include "cpu/pooling_kernel.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "cpu/convert.h"
#include "cpu/parallel.h"

namespace ember::cpu {

PoolAxis strided_axis(int64_t in_size, int64_t out_size, int64_t kernel, int64_t stride, int64_t padding,
                      int64_t dilation, bool count_include_pad) {
  PoolAxis axis;
  axis.in_size = in_size;
  axis.out_size = out_size;
  axis.begin.assign(1, 0);
  axis.index.clear();
  axis.count.clear();
  for (int64_t o = 0; o < out_size; ++o) {
    int64_t start = o * stride - padding;
    for (int64_t j = 0; j < kernel; ++j) {
      int64_t i = start + j * dilation;
      if (i >= 0 && i < in_size) axis.index.push_back(i);
    }
    int64_t taps = static_cast<int64_t>(axis.index.size()) - axis.begin.back();
    axis.begin.push_back(static_cast<int64_t>(axis.index.size()));
    // PyTorch's avg_pool: the window [start, start + kernel) clipped on the right to the
    // padded input (avg_pool has no dilation, so taps are contiguous).
    int64_t padded = std::min(start + (kernel - 1) * dilation + 1, in_size + padding) - start;
    axis.count.push_back(count_include_pad ? padded : taps);
  }
  return axis;
}

PoolAxis adaptive_axis(int64_t in_size, int64_t out_size) {
  PoolAxis axis;
  axis.in_size = in_size;
  axis.out_size = out_size;
  axis.begin.assign(1, 0);
  axis.index.clear();
  axis.count.clear();
  for (int64_t o = 0; o < out_size; ++o) {
    int64_t start = o * in_size / out_size;
    int64_t end = ((o + 1) * in_size + out_size - 1) / out_size;
    for (int64_t i = start; i < end; ++i) axis.index.push_back(i);
    axis.begin.push_back(static_cast<int64_t>(axis.index.size()));
    axis.count.push_back(end - start);
  }
  return axis;
}

namespace {

// Half and bfloat16 accumulate in float, float and double in double.
template <class T> struct acc { using type = double; };
template <> struct acc<Half> { using type = float; };
template <> struct acc<BFloat16> { using type = float; };

int64_t in_plane(const PoolPlan& p) { return p[0].in_size * p[1].in_size * p[2].in_size; }
int64_t out_plane(const PoolPlan& p) { return p[0].out_size * p[1].out_size * p[2].out_size; }
int64_t window_work(const PoolPlan& p) {
  int64_t w = 1;
  for (const PoolAxis& a : p) w *= std::max<int64_t>(1, static_cast<int64_t>(a.index.size()));
  return w;
}

// Calls fn(plane_begin, plane_end) over the planes, in parallel when each chunk does enough work.
template <class F>
void for_planes(int64_t planes, const PoolPlan& plan, F&& fn) {
  int64_t work = std::max<int64_t>(1, window_work(plan));
  parallel_for(0, planes, std::max<int64_t>(1, 32768 / work), fn);
}

// Visits every output position (flat index within the plane) with its three window lists.
template <class F>
void for_windows(const PoolPlan& p, F&& fn) {
  const PoolAxis &a0 = p[0], &a1 = p[1], &a2 = p[2];
  int64_t o = 0;
  for (int64_t o0 = 0; o0 < a0.out_size; ++o0)
    for (int64_t o1 = 0; o1 < a1.out_size; ++o1)
      for (int64_t o2 = 0; o2 < a2.out_size; ++o2, ++o) fn(o, o0, o1, o2);
}

// Whether every window of the axis is a run of consecutive input positions (dilation 1, the
// common case), so a window is a start and a length.
bool windows_are_runs(const PoolAxis& a) {
  for (int64_t o = 0; o < a.out_size; ++o)
    for (int64_t j = a.begin[o] + 1; j < a.begin[o + 1]; ++j)
      if (a.index[j] != a.index[j - 1] + 1) return false;
  return true;
}

// The max over one window; as PyTorch every NaN replaces the maximum (the last NaN's index
// wins) and an all -inf window names its first tap. Comparisons are exact in the element type
// (half and bfloat16 compare as float).
template <class T>
struct MaxTracker {
  using A = std::conditional_t<std::is_same_v<T, double>, double, float>;
  A best = -std::numeric_limits<A>::infinity();
  int64_t best_i = -1;
  void see(const T* x, int64_t i) {
    const A v = convert<A>(x[i]);
    if (best_i < 0) best_i = i;
    // Bit masks, not selects: on real data whether a tap wins is a coin toss, GCC compiles
    // `take ? v : best` to a branch, and the mispredictions cost 5x the rest of the loop.
    using Bits = std::conditional_t<sizeof(A) == 8, uint64_t, uint32_t>;
    const bool take = (v > best) | (v != v);
    const Bits keep = static_cast<Bits>(take) - 1;  // all ones when the old maximum stays
    best = std::bit_cast<A>((std::bit_cast<Bits>(best) & keep) | (std::bit_cast<Bits>(v) & ~keep));
    const int64_t keep_i = static_cast<int64_t>(take) - 1;
    best_i = (best_i & keep_i) | (i & ~keep_i);
  }
  void write(T* y, int64_t* ix, int64_t o) const {
    y[o] = convert<T>(best);
    ix[o] = best_i < 0 ? 0 : best_i;
  }
};

// 2x2 windows at stride 2 (the usual pool): in two vectorisable steps per output row, first
// the maximum of each column's two taps, then of each pair of columns. Picks exactly what the
// scan of MaxTracker picks: the last NaN in scan order (h, then w), else the first maximum.
template <class T>
void max_pool_2x2_plane(T* __restrict y, int64_t* __restrict ix, const T* __restrict x, int64_t W, int64_t OH,
                        int64_t OW, typename MaxTracker<T>::A* __restrict col, int8_t* __restrict col_h) {
  // __restrict: the column buffers and the outputs share float's type, and without it the
  // compiler must assume they alias and keeps the loops scalar.
  using A = typename MaxTracker<T>::A;
  for (int64_t oh = 0; oh < OH; ++oh) {
    const T* r0 = x + 2 * oh * W;
    const T* r1 = r0 + W;
    for (int64_t w = 0; w < 2 * OW; ++w) {
      const A a = convert<A>(r0[w]), c = convert<A>(r1[w]);
      const bool take = (c > a) | (c != c);  // the second tap comes later in the scan
      col[w] = take ? c : a;
      col_h[w] = static_cast<int8_t>(take);
    }
    for (int64_t ow = 0; ow < OW; ++ow) {
      const A a = col[2 * ow], c = col[2 * ow + 1];
      const int8_t ha = col_h[2 * ow], hc = col_h[2 * ow + 1];
      // The right column's tap (scan order 2 * hc + 1) wins over the left's (2 * ha): when
      // larger, or equal and earlier, or NaN unless the left is a later NaN. Integer and bit
      // arithmetic, no selects: GCC turns these selects into control flow, which keeps the
      // loop scalar (2x2 pool of [64, 32, 28, 28]: 3.9 -> 2.3 ms).
      const int64_t take = int64_t(c > a) | (int64_t(c == a) & int64_t(hc < ha)) |
                           (int64_t(c != c) & (int64_t(a == a) | int64_t(hc >= ha)));
      using Bits = std::conditional_t<sizeof(A) == 8, uint64_t, uint32_t>;
      const Bits pick_c = Bits(0) - static_cast<Bits>(take);
      const Bits winner = (std::bit_cast<Bits>(c) & pick_c) | (std::bit_cast<Bits>(a) & ~pick_c);
      y[oh * OW + ow] = convert<T>(std::bit_cast<A>(winner));
      ix[oh * OW + ow] = (2 * oh + ha + take * (hc - ha)) * W + 2 * ow + take;
    }
  }
}

template <class T>
void max_pool_typed(T* out, int64_t* indices, const T* in, int64_t planes, const PoolPlan& p) {
  const int64_t in_n = in_plane(p), out_n = out_plane(p);
  const int64_t H = p[1].in_size, W = p[2].in_size;
  // 2-D pools whose windows are runs: each window is a [h0, h0 + hn) x [w0, w0 + wn) block,
  // walked with plain pointer arithmetic (the general path below looks every tap up).
  if (p[0].out_size == 1 && p[0].in_size == 1 && windows_are_runs(p[1]) && windows_are_runs(p[2])) {
    const int64_t OH = p[1].out_size, OW = p[2].out_size;
    std::vector<int64_t> h0(OH), hn(OH), w0(OW), wn(OW);
    for (int64_t o = 0; o < OH; ++o) {
      hn[o] = p[1].begin[o + 1] - p[1].begin[o];
      h0[o] = hn[o] ? p[1].index[p[1].begin[o]] : 0;
    }
    for (int64_t o = 0; o < OW; ++o) {
      wn[o] = p[2].begin[o + 1] - p[2].begin[o];
      w0[o] = wn[o] ? p[2].index[p[2].begin[o]] : 0;
    }
    // Windows of one fixed size (no clipping at the borders) get loops of constant trip count,
    // which the compiler unrolls; 2x2 and 3x3 cover nearly every network.
    auto uniform = [](const std::vector<int64_t>& n, int64_t k) {
      return std::all_of(n.begin(), n.end(), [k](int64_t v) { return v == k; });
    };
    auto run = [&](auto kh, auto kw) {
      for_planes(planes, p, [&, kh, kw](int64_t b0, int64_t b1) {
        // Locals, not captures: the compiler then knows stores to y / ix cannot change them.
        const int64_t oh_n = OH, ow_n = OW, w_in = W, in_count = in_n, out_count = out_n;
        const int64_t *hs = h0.data(), *hc = hn.data(), *ws = w0.data(), *wc = wn.data();
        for (int64_t b = b0; b < b1; ++b) {
          const T* x = in + b * in_count;
          T* y = out + b * out_count;
          int64_t* ix = indices + b * out_count;
          for (int64_t oh = 0; oh < oh_n; ++oh) {
            const int64_t rows = kh ? kh : hc[oh];
            for (int64_t ow = 0; ow < ow_n; ++ow) {
              const int64_t cols = kw ? kw : wc[ow];
              MaxTracker<T> m;
              const int64_t corner = hs[oh] * w_in + ws[ow];
              for (int64_t h = 0; h < rows; ++h)
                for (int64_t w = 0; w < cols; ++w) m.see(x, corner + h * w_in + w);
              m.write(y, ix, oh * ow_n + ow);
            }
          }
        }
      });
    };
    auto starts_at_stride_2 = [](const std::vector<int64_t>& start) {
      for (size_t o = 0; o < start.size(); ++o)
        if (start[o] != 2 * static_cast<int64_t>(o)) return false;
      return true;
    };
    if (uniform(hn, 2) && uniform(wn, 2) && starts_at_stride_2(h0) && starts_at_stride_2(w0)) {
      for_planes(planes, p, [&](int64_t b0, int64_t b1) {
        std::vector<typename MaxTracker<T>::A> col(2 * OW);
        std::vector<int8_t> col_h(2 * OW);
        for (int64_t b = b0; b < b1; ++b)
          max_pool_2x2_plane(out + b * out_n, indices + b * out_n, in + b * in_n, W, OH, OW, col.data(), col_h.data());
      });
      return;
    }
    using Two = std::integral_constant<int64_t, 2>;
    using Three = std::integral_constant<int64_t, 3>;
    using Any = std::integral_constant<int64_t, 0>;
    if (uniform(hn, 2) && uniform(wn, 2)) run(Two{}, Two{});
    else if (uniform(hn, 3) && uniform(wn, 3)) run(Three{}, Three{});
    else run(Any{}, Any{});
    return;
  }
  for_planes(planes, p, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      const T* x = in + b * in_n;
      T* y = out + b * out_n;
      int64_t* ix = indices + b * out_n;
      for_windows(p, [&](int64_t o, int64_t o0, int64_t o1, int64_t o2) {
        MaxTracker<T> m;
        for (int64_t j0 = p[0].begin[o0]; j0 < p[0].begin[o0 + 1]; ++j0) {
          for (int64_t j1 = p[1].begin[o1]; j1 < p[1].begin[o1 + 1]; ++j1) {
            int64_t row = (p[0].index[j0] * H + p[1].index[j1]) * W;
            for (int64_t j2 = p[2].begin[o2]; j2 < p[2].begin[o2 + 1]; ++j2) m.see(x, row + p[2].index[j2]);
          }
        }
        m.write(y, ix, o);
      });
    }
  });
}

template <class A>
A divisor(const PoolPlan& p, int64_t o0, int64_t o1, int64_t o2, std::optional<int64_t> divisor_override) {
  if (divisor_override) return static_cast<A>(*divisor_override);
  return static_cast<A>(p[0].count[o0] * p[1].count[o1] * p[2].count[o2]);
}

template <class T>
void avg_pool_typed(T* out, const T* in, int64_t planes, const PoolPlan& p, std::optional<int64_t> divisor_override) {
  const int64_t in_n = in_plane(p), out_n = out_plane(p);
  const int64_t H = p[1].in_size, W = p[2].in_size;
  for_planes(planes, p, [&](int64_t b0, int64_t b1) {
    using A = typename acc<T>::type;
    for (int64_t b = b0; b < b1; ++b) {
      const T* x = in + b * in_n;
      T* y = out + b * out_n;
      for_windows(p, [&](int64_t o, int64_t o0, int64_t o1, int64_t o2) {
        A total = 0;
        bool any = false;
        for (int64_t j0 = p[0].begin[o0]; j0 < p[0].begin[o0 + 1]; ++j0) {
          for (int64_t j1 = p[1].begin[o1]; j1 < p[1].begin[o1 + 1]; ++j1) {
            const T* row = x + (p[0].index[j0] * H + p[1].index[j1]) * W;
            for (int64_t j2 = p[2].begin[o2]; j2 < p[2].begin[o2 + 1]; ++j2) {
              total += convert<A>(row[p[2].index[j2]]);
              any = true;
            }
          }
        }
        y[o] = any ? convert<T>(total / divisor<A>(p, o0, o1, o2, divisor_override)) : convert<T>(A(0));
      });
    }
  });
}

template <class T>
void avg_pool_transpose_typed(T* grad_in, const T* grad_out, int64_t planes, const PoolPlan& p,
                              std::optional<int64_t> divisor_override) {
  const int64_t in_n = in_plane(p), out_n = out_plane(p);
  const int64_t H = p[1].in_size, W = p[2].in_size;
  for_planes(planes, p, [&](int64_t b0, int64_t b1) {
    using A = typename acc<T>::type;
    // Accumulated in A, rounded once: windows overlap when stride < kernel.
    std::vector<A> sums(static_cast<size_t>(in_n));
    for (int64_t b = b0; b < b1; ++b) {
      std::fill(sums.begin(), sums.end(), A(0));
      const T* g = grad_out + b * out_n;
      for_windows(p, [&](int64_t o, int64_t o0, int64_t o1, int64_t o2) {
        A share = convert<A>(g[o]) / divisor<A>(p, o0, o1, o2, divisor_override);
        for (int64_t j0 = p[0].begin[o0]; j0 < p[0].begin[o0 + 1]; ++j0) {
          for (int64_t j1 = p[1].begin[o1]; j1 < p[1].begin[o1 + 1]; ++j1) {
            A* row = sums.data() + (p[0].index[j0] * H + p[1].index[j1]) * W;
            for (int64_t j2 = p[2].begin[o2]; j2 < p[2].begin[o2 + 1]; ++j2) row[p[2].index[j2]] += share;
          }
        }
      });
      T* gi = grad_in + b * in_n;
      for (int64_t i = 0; i < in_n; ++i) gi[i] = convert<T>(sums[static_cast<size_t>(i)]);
    }
  });
}

int64_t planes_of(const Tensor& t, const PoolPlan& p, bool input) {
  int64_t n = input ? in_plane(p) : out_plane(p);
  return n == 0 ? 0 : t.numel() / n;
}

}  // namespace

void max_pool_kernel(const Tensor& out, const Tensor& indices, const Tensor& in, const PoolPlan& plan) {
  if (out.numel() == 0) return;
  int64_t planes = planes_of(out, plan, false);
  dispatch_all_types(in.dtype(), "max_pool", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>)
      max_pool_typed<T>(static_cast<T*>(out.data_ptr()), indices.data_ptr<int64_t>(),
                        static_cast<const T*>(in.data_ptr()), planes, plan);
  });
}

void avg_pool_kernel(const Tensor& out, const Tensor& in, const PoolPlan& plan,
                     std::optional<int64_t> divisor_override) {
  if (out.numel() == 0) return;
  int64_t planes = planes_of(out, plan, false);
  dispatch_all_types(in.dtype(), "avg_pool", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>)
      avg_pool_typed<T>(static_cast<T*>(out.data_ptr()), static_cast<const T*>(in.data_ptr()), planes, plan,
                        divisor_override);
  });
}

void avg_pool_transpose_kernel(const Tensor& grad_in, const Tensor& grad_out, const PoolPlan& plan,
                               std::optional<int64_t> divisor_override) {
  if (grad_in.numel() == 0) return;
  int64_t planes = planes_of(grad_in, plan, true);
  dispatch_all_types(grad_in.dtype(), "avg_pool_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>)
      avg_pool_transpose_typed<T>(static_cast<T*>(grad_in.data_ptr()), static_cast<const T*>(grad_out.data_ptr()),
                                  planes, plan, divisor_override);
  });
}

void max_pool_backward_kernel(const Tensor& grad_in, const Tensor& grad_out, const Tensor& indices, int64_t planes) {
  if (grad_in.numel() == 0) return;
  int64_t in_plane = grad_in.numel() / planes, out_plane = planes ? grad_out.numel() / planes : 0;
  dispatch_all_types(grad_in.dtype(), "max_pool_backward", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      T* gi = static_cast<T*>(grad_in.data_ptr());
      const T* go = static_cast<const T*>(grad_out.data_ptr());
      const int64_t* idx = static_cast<const int64_t*>(indices.data_ptr());
      parallel_for(0, planes, std::max<int64_t>(1, 32768 / std::max<int64_t>(1, in_plane)), [&](int64_t lo, int64_t hi) {
        std::fill(gi + lo * in_plane, gi + hi * in_plane, T(0));
        for (int64_t p = lo; p < hi; ++p) {
          T* plane = gi + p * in_plane;
          for (int64_t o = p * out_plane; o < (p + 1) * out_plane; ++o) plane[idx[o]] = plane[idx[o]] + go[o];
        }
      });
    }
  });
}

}  // namespace ember::cpu
