// Random tensors and the in-place random fills: argument checks and dtype dispatch here, the
// Philox streams and samplers in cpu/random_kernel.h. Each call reserves the Philox blocks
// it needs from the generator, so consecutive calls never reuse numbers.
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "cpu/checked_convert.h"
#include "cpu/copy_kernel.h"
#include "cpu/random_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/random.h"
#include "ember/core/shape.h"
#include "ember/ops/views.h"

namespace ember {

Generator& default_generator() {
  static Generator generator;
  return generator;
}

void manual_seed(uint64_t seed) { default_generator().set_current_seed(seed); }

namespace {

using cpu::is_float_like_v;

// Mantissa bits (with the implicit one) of a floating type: how many random bits a uniform
// sample of it can hold.
template <class T>
constexpr int mantissa_digits() {
  if constexpr (std::is_same_v<T, Half>) return 11;
  else if constexpr (std::is_same_v<T, BFloat16>) return 8;
  else return std::numeric_limits<T>::digits;
}

// The type samples of T are computed in: float for half/bfloat16/float, double for double.
template <class T>
using sample_acc_t = std::conditional_t<std::is_same_v<T, double>, double, float>;

void check_defined(const Tensor& t, const char* op) {
  EMBER_CHECK(t.defined(), op, "called on an undefined tensor");
}

void check_sizes(IntArrayRef size, const char* op) {
  for (int64_t s : size)
    EMBER_CHECK(s >= 0, op, "trying to create tensor with negative dimension ", s, ": ", size);
}

void check_floating(ScalarType dtype, const char* op) {
  EMBER_CHECK(is_floating_type(dtype), op, "not implemented for '", dtype,
              "': this distribution needs a floating dtype (Half, BFloat16, Float or Double)");
}

// Calls f(type_tag<T>{}) for the four floating dtypes; any other dtype throws naming op.
template <class F>
void dispatch_floating(ScalarType dtype, const char* op, F&& f) {
  check_floating(dtype, op);
  dispatch_all_types(dtype, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) f(tag);
  });
}

template <class T>
void store(char* p, T v) {
  *reinterpret_cast<T*>(p) = v;
}
template <class T>
T load(const char* p) {
  return *reinterpret_cast<const T*>(p);
}

// Runs `sample` over every element of operands[0] (serially; see NOTE [Philox ranges] for
// why a range split would give the same numbers), reserving the blocks from the default
// generator.
template <int N, class Sampler, class Write>
void generate(const std::array<const Tensor*, N>& operands, const Sampler& sample, Write&& write) {
  Generator& generator = default_generator();
  int64_t numel = operands[0]->numel();
  if (numel == 0) return;
  cpu::StridedLoop<N> loop(operands, operands[0]->sizes());
  cpu::PhiloxStream stream{generator.current_seed(), generator.reserve(cpu::blocks_for<Sampler>(numel))};
  cpu::random_range(loop, stream, sample, 0, numel, std::forward<Write>(write));
}

void bump(const Tensor& self) { self.unsafeGetTensorImpl()->bump_version(); }

// A random tensor of `size`: allocated, filled by fill(out), then marked requires_grad.
template <class Fill>
Tensor make_random(IntArrayRef size, const TensorOptions& options, const char* op, Fill&& fill) {
  check_sizes(size, op);
  Tensor out = empty(size, options.requires_grad(false));
  fill(out);
  if (options.requires_grad()) out.set_requires_grad(true);
  return out;
}

// Integers uniform on [from, to): from + (bits % range). range <= 2^32 uses one 32-bit word
// per element, larger ranges a 64-bit one. The modulo bias is below range / 2^32 (resp. 2^64),
// as in PyTorch's random_from_to.
void fill_random_int(const Tensor& self, int64_t from, int64_t to, const char* op) {
  EMBER_CHECK(from < to, op, "expects 'from' to be less than 'to', but got from=", from,
              " >= to=", to);
  dispatch_all_types(self.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) {
      // Deviation from LibTorch 1.13, which only warns: beyond +-2^digits not every integer
      // is representable in T, so rounding could return `to` itself.
      double limit = std::ldexp(1.0, mantissa_digits<T>());
      EMBER_CHECK(static_cast<double>(from) >= -limit && static_cast<double>(to - 1) <= limit, op,
                  "[from, to) = [", from, ", ", to, ") is out of bounds [-2^", mantissa_digits<T>(),
                  ", 2^", mantissa_digits<T>(), "]: ", self.dtype(),
                  " cannot represent every integer beyond it; use a wider dtype");
    } else {
      int64_t lo = static_cast<int64_t>(std::numeric_limits<T>::lowest());  // bool: 0
      int64_t hi = static_cast<int64_t>(std::numeric_limits<T>::max());     // bool: 1
      EMBER_CHECK(from >= lo, op, "from=", from, " is out of bounds for ", self.dtype(), " [", lo,
                  ", ", hi, "]");
      EMBER_CHECK(to - 1 <= hi, op, "to - 1 = ", to - 1, " is out of bounds for ", self.dtype(),
                  " [", lo, ", ", hi, "]");
    }
    uint64_t range = static_cast<uint64_t>(to) - static_cast<uint64_t>(from);
    auto write = [&](std::array<char*, 1> p, uint64_t bits) {
      int64_t v = static_cast<int64_t>(static_cast<uint64_t>(from) + bits % range);
      store<T>(p[0], cpu::convert<T>(v));
    };
    if (range <= (uint64_t{1} << 32)) generate<1>({&self}, cpu::Bits32Sampler(), write);
    else generate<1>({&self}, cpu::Bits64Sampler(), write);
  });
}

// out = mean + std * z for standard normals z.
template <class T>
void fill_normal(const Tensor& out, double mean, double std) {
  using Acc = sample_acc_t<T>;
  generate<1>({&out}, cpu::NormalSampler<Acc>(), [&](std::array<char*, 1> p, Acc z) {
    store<T>(p[0], static_cast<T>(static_cast<Acc>(mean + std * z)));
  });
}

// The same with per-element mean and std, both of out's dtype and expanded to its shape.
template <class T>
void fill_normal(const Tensor& out, const Tensor& means, const Tensor& stds) {
  using Acc = sample_acc_t<T>;
  generate<3>({&out, &means, &stds}, cpu::NormalSampler<Acc>(), [](std::array<char*, 3> p, Acc z) {
    store<T>(p[0], static_cast<T>(static_cast<Acc>(load<T>(p[1])) + static_cast<Acc>(load<T>(p[2])) * z));
  });
}

void check_std(double std, const char* op) {
  EMBER_CHECK(std >= 0.0, op, "expects std >= 0.0, but found std ", std);
}

// std as a tensor: every element must be >= 0.
void check_std(const Tensor& std, const char* op) {
  Tensor values = std.to(kDouble).contiguous();
  const double* data = static_cast<const double*>(values.data_ptr());
  for (int64_t i = 0; i < values.numel(); ++i)
    EMBER_CHECK(data[i] >= 0.0, op, "expects all elements of std >= 0.0, but found std ", data[i],
                " at flat index ", i);
}

// normal() with tensor mean and/or std. The result has the dtype of the tensor argument
// (mean's when both are tensors, as LibTorch) and their broadcast shape; a double argument
// is taken as a 0-dim tensor of that dtype.
Tensor normal_tensor(const Tensor* mean, double mean_value, const Tensor* std, double std_value) {
  const char* op = "normal";
  ScalarType dtype = mean ? mean->dtype() : std->dtype();
  check_floating(dtype, op);
  if (std) check_std(*std, op);
  else check_std(std_value, op);
  Tensor means = mean ? mean->to(dtype) : scalar_tensor(mean_value, dtype);
  Tensor stds = std ? std->to(dtype) : scalar_tensor(std_value, dtype);
  DimVector shape = broadcast_shapes(means.sizes(), stds.sizes(), op);
  Tensor out = empty(shape, dtype);
  dispatch_floating(dtype, op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    fill_normal<T>(out, expand(means, shape), expand(stds, shape));
  });
  return out;
}

}  // namespace

// ---- factories ------------------------------------------------------------------------------

Tensor rand(IntArrayRef size, const TensorOptions& options) {
  check_floating(options.dtype(), "rand");
  return make_random(size, options, "rand", [](Tensor& out) { out.uniform_(0, 1); });
}

Tensor randn(IntArrayRef size, const TensorOptions& options) {
  check_floating(options.dtype(), "randn");
  return make_random(size, options, "randn", [](Tensor& out) { out.normal_(0, 1); });
}

Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options) {
  return randint(0, high, size, options);
}

Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options) {
  // LibTorch's randint is int64 unless options name a dtype.
  TensorOptions resolved = options.has_dtype() ? options : options.dtype(kLong);
  return make_random(size, resolved, "randint",
                     [&](Tensor& out) { fill_random_int(out, low, high, "randint"); });
}

Tensor randperm(int64_t n, const TensorOptions& options) {
  const char* op = "randperm";
  EMBER_CHECK(n >= 0, op, "n must be non-negative, got ", n);
  TensorOptions resolved = options.has_dtype() ? options : options.dtype(kLong);
  ScalarType dtype = resolved.dtype();
  EMBER_CHECK(dtype != kBool, op, "not implemented for 'Bool'; use an integral or floating dtype");
  // Every value 0..n-1 must be exact in the output dtype.
  double largest = dispatch_all_types(dtype, op, [](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (is_float_like_v<T>) return std::ldexp(1.0, mantissa_digits<T>());
    else return static_cast<double>(std::numeric_limits<T>::max());
  });
  EMBER_CHECK(n == 0 || static_cast<double>(n - 1) <= largest, op, "n=", n,
              " is too large for dtype ", dtype, " (values up to n-1 must be exact, at most ",
              largest, ")");
  return make_random({n}, resolved, op, [&](Tensor& out) {
    // Fisher-Yates: step k swaps slot n-1-k with a slot drawn from [0, n-1-k], using the k-th
    // 64-bit draw of the stream. Sequential by nature; its draws are still counter-addressed.
    std::vector<int64_t> perm(static_cast<size_t>(n));
    std::iota(perm.begin(), perm.end(), int64_t{0});
    Generator& gen = default_generator();
    cpu::PhiloxStream stream{gen.current_seed(), gen.reserve(cpu::blocks_for<cpu::Bits64Sampler>(n))};
    cpu::Bits64Sampler sampler;
    std::array<uint64_t, 2> draws{};
    for (int64_t k = 0; k + 1 < n; ++k) {
      if (k % 2 == 0) draws = sampler(stream.block(static_cast<uint64_t>(k / 2)));
      int64_t i = n - 1 - k;
      int64_t j = static_cast<int64_t>(draws[k % 2] % static_cast<uint64_t>(i + 1));
      std::swap(perm[static_cast<size_t>(i)], perm[static_cast<size_t>(j)]);
    }
    cpu::copy_kernel(out, from_blob(perm.data(), {n}, kLong));
  });
}

Tensor normal(double mean, double std, IntArrayRef size, const TensorOptions& options) {
  check_floating(options.dtype(), "normal");
  check_std(std, "normal");
  return make_random(size, options, "normal", [&](Tensor& out) { out.normal_(mean, std); });
}

Tensor normal(const Tensor& mean, const Tensor& std) {
  check_defined(mean, "normal");
  check_defined(std, "normal");
  return normal_tensor(&mean, 0, &std, 0);
}

Tensor normal(const Tensor& mean, double std) {
  check_defined(mean, "normal");
  return normal_tensor(&mean, 0, nullptr, std);
}

Tensor normal(double mean, const Tensor& std) {
  check_defined(std, "normal");
  return normal_tensor(nullptr, mean, &std, 0);
}

Tensor bernoulli(const Tensor& p) {
  const char* op = "bernoulli";
  check_defined(p, op);
  Tensor out = empty_like(p);
  dispatch_floating(p.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    Tensor probs = p.to(kDouble).contiguous();
    const double* data = static_cast<const double*>(probs.data_ptr());
    for (int64_t i = 0; i < probs.numel(); ++i)
      EMBER_CHECK(data[i] >= 0 && data[i] <= 1, op,
                  "expected all elements of p to be in [0, 1], but found p=", data[i],
                  " at flat index ", i);
    generate<2>({&out, &p}, cpu::UnitSampler<32>(), [](std::array<char*, 2> ptrs, double u) {
      double prob = static_cast<double>(load<T>(ptrs[1]));
      store<T>(ptrs[0], static_cast<T>(u < prob ? 1.0f : 0.0f));
    });
  });
  return out;
}

Tensor bernoulli(const Tensor& self, double p) {
  check_defined(self, "bernoulli");
  Tensor out = empty_like(self);
  out.bernoulli_(p);
  return out;
}

Tensor rand_like(const Tensor& self, const TensorOptions& options) {
  check_defined(self, "rand_like");
  Tensor out = empty_like(self, options.requires_grad(false));
  check_floating(out.dtype(), "rand_like");
  out.uniform_(0, 1);
  if (options.requires_grad()) out.set_requires_grad(true);
  return out;
}

Tensor randn_like(const Tensor& self, const TensorOptions& options) {
  check_defined(self, "randn_like");
  Tensor out = empty_like(self, options.requires_grad(false));
  check_floating(out.dtype(), "randn_like");
  out.normal_(0, 1);
  if (options.requires_grad()) out.set_requires_grad(true);
  return out;
}

Tensor randint_like(const Tensor& self, int64_t high, const TensorOptions& options) {
  return randint_like(self, 0, high, options);
}

Tensor randint_like(const Tensor& self, int64_t low, int64_t high, const TensorOptions& options) {
  check_defined(self, "randint_like");
  Tensor out = empty_like(self, options.requires_grad(false));
  fill_random_int(out, low, high, "randint_like");
  if (options.requires_grad()) out.set_requires_grad(true);
  return out;
}

// ---- in-place fills ---------------------------------------------------------------------------

Tensor& Tensor::uniform_(double from, double to) {
  const char* op = "uniform_";
  check_defined(*this, op);
  dispatch_floating(dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    double limit = cpu::largest_finite<T>();
    EMBER_CHECK(from >= -limit && from <= limit, op, "from=", from, " is out of bounds for ", dtype());
    EMBER_CHECK(to >= -limit && to <= limit, op, "to=", to, " is out of bounds for ", dtype());
    EMBER_CHECK(from <= to, op, "expects to return a [from, to) range, but found from=", from,
                " > to=", to);
    EMBER_CHECK(to - from <= limit, op, "expects to-from <= ", limit, " (largest ", dtype(),
                "), but found to=", to, ", from=", from);
    // u is a multiple of 2^-digits(T): rand (from=0, to=1) is exact in T and never 1.
    generate<1>({this}, cpu::UnitSampler<mantissa_digits<T>()>(), [&](std::array<char*, 1> p, double u) {
      store<T>(p[0], static_cast<T>(static_cast<sample_acc_t<T>>(from + u * (to - from))));
    });
  });
  bump(*this);
  return *this;
}

Tensor& Tensor::normal_(double mean, double std) {
  const char* op = "normal_";
  check_defined(*this, op);
  check_std(std, op);
  dispatch_floating(dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    fill_normal<T>(*this, mean, std);
  });
  bump(*this);
  return *this;
}

Tensor& Tensor::bernoulli_(double p) {
  const char* op = "bernoulli_";
  check_defined(*this, op);
  EMBER_CHECK(p >= 0 && p <= 1, op, "expects p to be in [0, 1], but got p=", p);
  dispatch_all_types(dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    // u is a multiple of 2^-32 in [0, 1): p = 0 never fires, p = 1 always does.
    generate<1>({this}, cpu::UnitSampler<32>(), [&](std::array<char*, 1> ptrs, double u) {
      store<T>(ptrs[0], cpu::convert<T>(u < p ? 1 : 0));
    });
  });
  bump(*this);
  return *this;
}

Tensor& Tensor::random_(int64_t from, int64_t to) {
  check_defined(*this, "random_");
  fill_random_int(*this, from, to, "random_");
  bump(*this);
  return *this;
}

Tensor& Tensor::random_(int64_t to) { return random_(0, to); }

Tensor& Tensor::exponential_(double lambd) {
  const char* op = "exponential_";
  check_defined(*this, op);
  EMBER_CHECK(lambd >= 0.0, op, "expects lambda >= 0.0, but found lambda=", lambd);
  dispatch_floating(dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = sample_acc_t<T>;
    // Inversion: -log(v) / lambda with v = u + 2^-(digits+1) in the open interval (0, 1),
    // exact in Acc (one digit fewer than Acc holds), so log is finite and positive and
    // lambda = 0 gives +inf, as LibTorch.
    constexpr int digits = std::numeric_limits<Acc>::digits - 1;
    constexpr double half_ulp = 1.0 / static_cast<double>(uint64_t{2} << digits);
    generate<1>({this}, cpu::UnitSampler<digits>(), [&](std::array<char*, 1> p, double u) {
      Acc v = static_cast<Acc>(u + half_ulp);
      store<T>(p[0], static_cast<T>(-std::log(v) / static_cast<Acc>(lambd)));
    });
  });
  bump(*this);
  return *this;
}

}  // namespace ember
