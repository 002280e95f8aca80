#include "cpu/reduce_kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cpu/convert.h"
#include "cpu/reduce_loop.h"
#include "cpu/strided_loop.h"

namespace ember::cpu {

namespace {

// Half and bfloat16 compute in float (PyTorch's "opmath" type).
template <class T> struct opmath { using type = T; };
template <> struct opmath<Half> { using type = float; };
template <> struct opmath<BFloat16> { using type = float; };
template <class T> using opmath_t = typename opmath<T>::type;

// Integral accumulators wrap on overflow, as PyTorch's (two's complement) int64 arithmetic;
// going through uint64 avoids signed-overflow UB.
inline int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

template <class T>
constexpr bool is_float_v = is_float_like_v<T>;

template <class A>
bool is_nan(A v) {
  if constexpr (std::is_floating_point_v<A>) return std::isnan(v);
  else return false;
}

// Accumulator of sums and products: int64 for integral and bool inputs, opmath for floats.
template <class T>
using sum_acc_t = std::conditional_t<is_float_v<T>, opmath_t<T>, int64_t>;

template <class T>
struct SumFold {
  using acc_t = sum_acc_t<T>;
  static constexpr bool kPlainAdd = true;
  acc_t identity() const { return acc_t(0); }
  acc_t merge(acc_t a, acc_t b) const {
    if constexpr (std::is_same_v<acc_t, int64_t>) return wrap_add(a, b);
    else return a + b;
  }
  acc_t combine(acc_t a, T x) const { return merge(a, convert<acc_t>(x)); }
};

template <class T>
struct ProdFold {
  using acc_t = sum_acc_t<T>;
  acc_t identity() const { return acc_t(1); }
  acc_t merge(acc_t a, acc_t b) const {
    if constexpr (std::is_same_v<acc_t, int64_t>) return wrap_mul(a, b);
    else return a * b;
  }
  acc_t combine(acc_t a, T x) const { return merge(a, convert<acc_t>(x)); }
};

// Max/min that propagate NaN: once an accumulator holds NaN it keeps it.
template <class T, bool IsMax>
struct ExtremeFold {
  using acc_t = opmath_t<T>;
  acc_t identity() const {
    if constexpr (std::is_floating_point_v<acc_t>)
      return IsMax ? -std::numeric_limits<acc_t>::infinity() : std::numeric_limits<acc_t>::infinity();
    else return IsMax ? std::numeric_limits<acc_t>::lowest() : std::numeric_limits<acc_t>::max();
  }
  acc_t merge(acc_t a, acc_t b) const {
    bool take = IsMax ? b > a : b < a;
    return take || is_nan(b) ? b : a;
  }
  acc_t combine(acc_t a, T x) const { return merge(a, static_cast<acc_t>(x)); }
};

template <class T, bool IsAll>
struct LogicalFold {
  using acc_t = bool;
  bool identity() const { return IsAll; }
  bool merge(bool a, bool b) const { return IsAll ? a && b : a || b; }
  bool combine(bool a, T x) const { return merge(a, convert<bool>(x)); }
};

template <class T>
struct CountFold {
  using acc_t = int64_t;
  int64_t identity() const { return 0; }
  int64_t merge(int64_t a, int64_t b) const { return a + b; }
  int64_t combine(int64_t a, T x) const { return a + (convert<bool>(x) ? 1 : 0); }
};

enum class NormKind { Zero, One, Two, Inf, NegInf, General };

template <class T, NormKind K>
struct NormFold {
  using acc_t = opmath_t<T>;
  acc_t p;
  acc_t identity() const {
    if constexpr (K == NormKind::NegInf) return std::numeric_limits<acc_t>::infinity();
    else return acc_t(0);
  }
  acc_t merge(acc_t a, acc_t b) const {
    if constexpr (K == NormKind::Inf) return b > a || std::isnan(b) ? b : a;
    else if constexpr (K == NormKind::NegInf) return b < a || std::isnan(b) ? b : a;
    else return a + b;
  }
  acc_t combine(acc_t a, T x) const {
    acc_t v = static_cast<acc_t>(x);
    if constexpr (K == NormKind::Zero) return a + (v != 0 ? acc_t(1) : acc_t(0));
    else if constexpr (K == NormKind::One) return a + std::abs(v);
    else if constexpr (K == NormKind::Two) return a + v * v;
    else if constexpr (K == NormKind::General) return a + std::pow(std::abs(v), p);
    else return merge(a, std::abs(v));
  }
  acc_t finish(acc_t a) const {
    if constexpr (K == NormKind::Two) return std::sqrt(a);
    else if constexpr (K == NormKind::General) return std::pow(a, acc_t(1) / p);
    else return a;
  }
};

// Stores accumulator values into out's dtype (resolved once, not per element).
template <class A>
using Writer = void (*)(char*, A);
template <class O, class A>
void write_as(char* p, A v) {
  O o = convert<O>(v);
  std::memcpy(p, &o, sizeof(O));
}
template <class A>
Writer<A> writer_for(ScalarType dtype) {
  return dispatch_all_types(dtype, "reduce", [](auto tag) -> Writer<A> {
    return &write_as<typename decltype(tag)::type, A>;
  });
}

template <class T, class Fold, class Finish>
void fold_into(const Fold& f, const Tensor& out, const Tensor& in, const std::vector<bool>& mask, bool any_order,
               Finish finish) {
  using R = decltype(finish(std::declval<typename Fold::acc_t>()));
  Writer<R> write = writer_for<R>(out.dtype());
  char* dst = static_cast<char*>(out.data_ptr());
  int64_t step = out.element_size();
  RowPlan plan = make_row_plan(in, mask, any_order);
  run_fold<T>(f, plan, in.data_ptr(), [&](int64_t o, typename Fold::acc_t acc) { write(dst + o * step, finish(acc)); });
}

template <class T, NormKind K>
void run_norm(const Tensor& out, const Tensor& in, const std::vector<bool>& mask, double p) {
  NormFold<T, K> f{static_cast<opmath_t<T>>(p)};
  fold_into<T>(f, out, in, mask, true, [&f](auto acc) { return f.finish(acc); });
}

}  // namespace

void reduce_kernel(ReduceOp op, const Tensor& out, const Tensor& in, const std::vector<bool>& mask) {
  auto identity = [](auto acc) { return acc; };
  dispatch_all_types(in.dtype(), "reduce", [&](auto tag) {
    using T = typename decltype(tag)::type;
    switch (op) {
      case ReduceOp::Sum: fold_into<T>(SumFold<T>{}, out, in, mask, true, identity); break;
      case ReduceOp::Mean: {
        // PyTorch's mean is sum (rounded to the output dtype) divided by the count.
        int64_t count = 1;
        for (size_t d = 0; d < mask.size(); ++d)
          if (mask[d]) count *= in.sizes()[d];
        ScalarType dtype = out.dtype();
        fold_into<T>(SumFold<T>{}, out, in, mask, true, [count, dtype](auto acc) {
          double sum = dtype == kDouble ? static_cast<double>(acc) : static_cast<double>(static_cast<float>(acc));
          if (dtype == kHalf) sum = static_cast<float>(Half(static_cast<float>(sum)));
          if (dtype == kBFloat16) sum = static_cast<float>(BFloat16(static_cast<float>(sum)));
          return sum / static_cast<double>(count);
        });
        break;
      }
      case ReduceOp::Prod: fold_into<T>(ProdFold<T>{}, out, in, mask, true, identity); break;
      case ReduceOp::Max: fold_into<T>(ExtremeFold<T, true>{}, out, in, mask, true, identity); break;
      case ReduceOp::Min: fold_into<T>(ExtremeFold<T, false>{}, out, in, mask, true, identity); break;
      case ReduceOp::All: fold_into<T>(LogicalFold<T, true>{}, out, in, mask, true, identity); break;
      case ReduceOp::Any: fold_into<T>(LogicalFold<T, false>{}, out, in, mask, true, identity); break;
      case ReduceOp::CountNonzero: fold_into<T>(CountFold<T>{}, out, in, mask, true, identity); break;
    }
  });
}

void norm_kernel(const Tensor& out, const Tensor& in, const std::vector<bool>& mask, double p) {
  dispatch_all_types(in.dtype(), "norm", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_v<T>) {
      if (p == 0) run_norm<T, NormKind::Zero>(out, in, mask, p);
      else if (p == 1) run_norm<T, NormKind::One>(out, in, mask, p);
      else if (p == 2) run_norm<T, NormKind::Two>(out, in, mask, p);
      else if (std::isinf(p) && p > 0) run_norm<T, NormKind::Inf>(out, in, mask, p);
      else if (std::isinf(p)) run_norm<T, NormKind::NegInf>(out, in, mask, p);
      else run_norm<T, NormKind::General>(out, in, mask, p);
    } else {
      ember::detail::throw_error("norm", "no kernel for dtype ", in.dtype());
    }
  });
}

void var_kernel(const Tensor& var, const Tensor& mean, const Tensor& in, const std::vector<bool>& mask,
                double correction, bool take_sqrt) {
  dispatch_all_types(in.dtype(), "var", [&](auto tag) {
    using T = typename decltype(tag)::type;
    Writer<double> write_var = writer_for<double>(var.dtype());
    Writer<double> write_mean = mean.defined() ? writer_for<double>(mean.dtype()) : nullptr;
    char* vdst = static_cast<char*>(var.data_ptr());
    char* mdst = mean.defined() ? static_cast<char*>(mean.data_ptr()) : nullptr;
    RowPlan plan = make_row_plan(in, mask, true);
    for_each_row(plan, in.data_ptr(), [&](int64_t o, const char* row, int64_t n, int64_t stride) {
      // Two passes (mean, then squared deviations) avoid the cancellation of sum(x^2) - n*mean^2.
      double sum = 0;
      for (int64_t i = 0; i < n; ++i) sum += convert<double>(load<T>(row + i * stride));
      double m = sum / static_cast<double>(n);
      double m2 = 0;
      for (int64_t i = 0; i < n; ++i) {
        double d = convert<double>(load<T>(row + i * stride)) - m;
        m2 += d * d;
      }
      double v = m2 / std::max(static_cast<double>(n) - correction, 0.0);
      write_var(vdst + o * var.element_size(), take_sqrt ? std::sqrt(v) : v);
      if (mdst) write_mean(mdst + o * mean.element_size(), m);
    });
  });
}

void logsumexp_kernel(const Tensor& out, const Tensor& in, const std::vector<bool>& mask) {
  dispatch_all_types(in.dtype(), "logsumexp", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_v<T>) {
      using A = opmath_t<T>;
      Writer<A> write = writer_for<A>(out.dtype());
      char* dst = static_cast<char*>(out.data_ptr());
      RowPlan plan = make_row_plan(in, mask, true);
      ExtremeFold<T, true> max_fold;
      for_each_row(plan, in.data_ptr(), [&](int64_t o, const char* row, int64_t n, int64_t stride) {
        A m = fold_run<T>(max_fold, row, n, stride);
        // An infinite max is not subtracted (inf - inf would be NaN): the sum is then 0 or inf.
        A shift = std::isinf(m) ? A(0) : m;
        A s = 0;
        for (int64_t i = 0; i < n; ++i) s += std::exp(static_cast<A>(load<T>(row + i * stride)) - shift);
        write(dst + o * out.element_size(), std::log(s) + shift);
      });
    } else {
      ember::detail::throw_error("logsumexp", "no kernel for dtype ", in.dtype());
    }
  });
}

void arg_reduce_kernel(bool is_max, const Tensor& values, const Tensor& indices, const Tensor& in,
                       const std::vector<bool>& mask) {
  dispatch_all_types(in.dtype(), "arg_reduce", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using A = opmath_t<T>;
    T* vdst = values.defined() ? static_cast<T*>(values.data_ptr()) : nullptr;
    int64_t* idst = static_cast<int64_t*>(indices.data_ptr());
    RowPlan plan = make_row_plan(in, mask, false);
    for_each_row(plan, in.data_ptr(), [&](int64_t o, const char* row, int64_t n, int64_t stride) {
      A best = static_cast<A>(load<T>(row));
      int64_t at = 0;
      for (int64_t i = 1; i < n && !is_nan(best); ++i) {
        A v = static_cast<A>(load<T>(row + i * stride));
        if (is_nan(v) || (is_max ? v > best : v < best)) {
          best = v;
          at = i;
        }
      }
      if (vdst) vdst[o] = load<T>(row + at * stride);
      idst[o] = at;
    });
  });
}

void median_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, const std::vector<bool>& mask) {
  dispatch_all_types(in.dtype(), "median", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using A = opmath_t<T>;
    T* vdst = static_cast<T*>(values.data_ptr());
    int64_t* idst = indices.defined() ? static_cast<int64_t*>(indices.data_ptr()) : nullptr;
    RowPlan plan = make_row_plan(in, mask, false);
    std::vector<A> vals;
    std::vector<int64_t> order;
    for_each_row(plan, in.data_ptr(), [&](int64_t o, const char* row, int64_t n, int64_t stride) {
      if (n == 0) {
        // NaN in T, as LibTorch's conversion gives it: through int32 for narrow integers.
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) < 4) vdst[o] = T(0);
        else vdst[o] = convert<T>(std::numeric_limits<double>::quiet_NaN());
        if (idst) idst[o] = 0;
        return;
      }
      vals.resize(n);
      for (int64_t i = 0; i < n; ++i) vals[i] = static_cast<A>(load<T>(row + i * stride));
      int64_t at = -1;
      for (int64_t i = 0; i < n && at < 0; ++i)
        if (is_nan(vals[i])) at = i;
      if (at < 0) {
        // As PyTorch's CPU kernel: nth_element over positions, so ties pick the same position.
        order.resize(n);
        std::iota(order.begin(), order.end(), int64_t{0});
        auto nth = order.begin() + (n - 1) / 2;
        std::nth_element(order.begin(), nth, order.end(), [&](int64_t a, int64_t b) { return vals[a] < vals[b]; });
        at = *nth;
      }
      vdst[o] = load<T>(row + at * stride);
      if (idst) idst[o] = at;
    });
  });
}

void mode_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, const std::vector<bool>& mask) {
  dispatch_all_types(in.dtype(), "mode", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using A = opmath_t<T>;
    T* vdst = static_cast<T*>(values.data_ptr());
    int64_t* idst = static_cast<int64_t*>(indices.data_ptr());
    RowPlan plan = make_row_plan(in, mask, false);
    std::vector<std::pair<A, int64_t>> items;
    for_each_row(plan, in.data_ptr(), [&](int64_t o, const char* row, int64_t n, int64_t stride) {
      items.resize(n);
      for (int64_t i = 0; i < n; ++i) items[i] = {static_cast<A>(load<T>(row + i * stride)), i};
      std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      // Runs of equal values; the first longest run wins, reporting its last position.
      int64_t best_count = 0, run = 0, at = 0;
      for (int64_t i = 0; i < n; ++i) {
        ++run;
        if (i == n - 1 || items[i].first != items[i + 1].first) {
          if (run > best_count) {
            best_count = run;
            at = items[i].second;
          }
          run = 0;
        }
      }
      vdst[o] = load<T>(row + at * stride);
      idst[o] = at;
    });
  });
}

namespace {
// PyTorch's CPU accumulate type for scans: double for float, float for half/bfloat16.
template <class T> struct scan_acc { using type = int64_t; };
template <> struct scan_acc<Half> { using type = float; };
template <> struct scan_acc<BFloat16> { using type = float; };
template <> struct scan_acc<float> { using type = double; };
template <> struct scan_acc<double> { using type = double; };
}  // namespace

void scan_kernel(ScanOp op, const Tensor& out, const Tensor& in, int64_t dim) {
  int64_t n = in.sizes()[dim];
  if (in.numel() == 0) return;
  // Iterate over the starts of every line along `dim` (that dim narrowed to 1), walking each
  // line with its byte strides.
  Tensor out_starts = out.narrow(dim, 0, 1), in_starts = in.narrow(dim, 0, 1);
  StridedLoop<2> loop({&out_starts, &in_starts}, out_starts.sizes());
  int64_t os = out.strides()[dim] * out.element_size(), is = in.strides()[dim] * in.element_size();
  dispatch_all_types(in.dtype(), "scan", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using A = typename scan_acc<T>::type;
    loop.run([&](char** p, const int64_t* s, int64_t count) {
      for (int64_t k = 0; k < count; ++k) {
        char* o = p[0] + k * s[0];
        const char* x = p[1] + k * s[1];
        A acc = op == ScanOp::Sum ? A(0) : A(1);
        for (int64_t i = 0; i < n; ++i) {
          A v = convert<A>(load<T>(x + i * is));
          if constexpr (std::is_same_v<A, int64_t>) acc = op == ScanOp::Sum ? wrap_add(acc, v) : wrap_mul(acc, v);
          else acc = op == ScanOp::Sum ? acc + v : acc * v;
          T r = convert<T>(acc);
          std::memcpy(o + i * os, &r, sizeof(T));
        }
      }
    });
  });
}

}  // namespace ember::cpu
