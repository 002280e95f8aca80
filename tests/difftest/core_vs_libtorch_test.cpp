// Core semantics against LibTorch 1.13 (the oracle): type promotion for every dtype mix, and
// tensor printing (byte-identical output) and toString.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

#include "difftest/torch_bridge.h"

namespace ember {
namespace {

using difftest::from_torch;
using difftest::to_torch;

// ---- type promotion ------------------------------------------------------------------------

// A 1-element tensor of `dtype`: 0-dim when `zero_dim`, else of shape {1}. Promotion only
// looks at dtype and dim, so the values are left unset.
Tensor ember_operand(ScalarType dtype, bool zero_dim) {
  return zero_dim ? empty({}, dtype) : empty({1}, dtype);
}
torch::Tensor torch_operand(ScalarType dtype, bool zero_dim) {
  return zero_dim ? torch::empty({}, to_torch(dtype)) : torch::empty({1}, to_torch(dtype));
}

// The scalar kinds a user writes: an integer, a floating value, a bool.
struct ScalarCase {
  const char* name;
  Scalar ember_value;
  c10::Scalar torch_value;
};
const ScalarCase kScalars[] = {
    {"int", Scalar(int64_t{2}), c10::Scalar(int64_t{2})},
    {"double", Scalar(2.5), c10::Scalar(2.5)},
    {"bool", Scalar(true), c10::Scalar(true)},
};

TEST(CoreVsLibTorch, PromoteTypesEveryPair) {
  for (ScalarType a : kAllScalarTypes) {
    for (ScalarType b : kAllScalarTypes) {
      EXPECT_EQ(to_torch(promote_types(a, b)), torch::promote_types(to_torch(a), to_torch(b)))
          << a << " with " << b;
    }
  }
}

TEST(CoreVsLibTorch, ResultTypeTensorTensor) {
  // Every (dim > 0 | 0-dim) x (dim > 0 | 0-dim) x dtype x dtype.
  for (bool a_zero : {false, true}) {
    for (bool b_zero : {false, true}) {
      for (ScalarType a : kAllScalarTypes) {
        for (ScalarType b : kAllScalarTypes) {
          ScalarType got = result_type(ember_operand(a, a_zero), ember_operand(b, b_zero));
          torch::ScalarType want =
              torch::result_type(torch_operand(a, a_zero), torch_operand(b, b_zero));
          EXPECT_EQ(to_torch(got), want) << a << (a_zero ? " 0-dim" : "") << " with " << b
                                         << (b_zero ? " 0-dim" : "");
        }
      }
    }
  }
}

TEST(CoreVsLibTorch, ResultTypeTensorScalar) {
  for (bool zero_dim : {false, true}) {
    for (ScalarType a : kAllScalarTypes) {
      for (const ScalarCase& s : kScalars) {
        torch::Tensor tt = torch_operand(a, zero_dim);
        Tensor et = ember_operand(a, zero_dim);
        EXPECT_EQ(to_torch(result_type(et, s.ember_value)), torch::result_type(tt, s.torch_value))
            << a << (zero_dim ? " 0-dim" : "") << " with " << s.name;
        EXPECT_EQ(to_torch(result_type(s.ember_value, et)), torch::result_type(s.torch_value, tt))
            << s.name << " with " << a << (zero_dim ? " 0-dim" : "");
      }
    }
  }
}

TEST(CoreVsLibTorch, ResultTypeScalarScalar) {
  for (const ScalarCase& a : kScalars) {
    for (const ScalarCase& b : kScalars) {
      EXPECT_EQ(to_torch(result_type(a.ember_value, b.ember_value)),
                torch::result_type(a.torch_value, b.torch_value))
          << a.name << " with " << b.name;
    }
  }
}

TEST(CoreVsLibTorch, ResultTypeFollowsDefaultDtype) {
  // A floating scalar stands for the default dtype: with float64 as default, int32 + 2.5 is
  // float64 on both sides.
  set_default_dtype(kDouble);
  torch::set_default_dtype(caffe2::TypeMeta::Make<double>());
  for (ScalarType a : kAllScalarTypes) {
    EXPECT_EQ(to_torch(result_type(ember_operand(a, false), Scalar(2.5))),
              torch::result_type(torch_operand(a, false), c10::Scalar(2.5)))
        << a;
    EXPECT_EQ(to_torch(result_type(Scalar(2.5), Scalar(int64_t{1}))),
              torch::result_type(c10::Scalar(2.5), c10::Scalar(int64_t{1})));
  }
  set_default_dtype(kFloat);
  torch::set_default_dtype(caffe2::TypeMeta::Make<float>());
}

// ---- printing ------------------------------------------------------------------------------

// An ember tensor of `shape` with `values` (row-major) converted to `dtype`.
Tensor make(const std::vector<double>& values, IntArrayRef shape, ScalarType dtype) {
  Tensor t = empty(shape, kDouble);
  double* p = t.data_ptr<double>();
  for (size_t i = 0; i < values.size(); ++i) p[i] = values[i];
  return t.to(dtype);
}

std::vector<double> iota(int64_t n, double step = 1, double start = 0) {
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + static_cast<double>(i) * step;
  return v;
}

template <class T>
std::string printed(const T& t, int64_t linesize = 80) {
  std::ostringstream s;
  if (linesize == 80) {
    s << t;
  } else {
    print(s, t, linesize);
  }
  return s.str();
}

// The same values printed by both libraries. `t` may be a non-contiguous view: the LibTorch copy
// has the same strides.
void expect_same_print(const Tensor& t, int64_t linesize = 80) {
  torch::Tensor tt = to_torch(t);
  ASSERT_EQ(tt.strides().vec(), difftest::to_vector(t.strides()));
  EXPECT_EQ(printed(t, linesize), printed(tt, linesize)) << "linesize " << linesize;
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

TEST(CoreVsLibTorch, PrintSmallTensors) {
  expect_same_print(make({1.5, -2.25, 3, 4, 5.125, 6}, {2, 3}, kFloat));
  expect_same_print(make({1, -100, 5, 7}, {4}, kInt));
  expect_same_print(make({1, 0, 1, 1}, {2, 2}, kBool));
  expect_same_print(make({0.1, 0.2, 1.0 / 3}, {3}, kDouble));
  expect_same_print(make({1.5, 2.1, -65504}, {3}, kHalf));
  expect_same_print(make({1.5, 2.1, 1e30}, {3}, kBFloat16));
  expect_same_print(make({200, 3}, {2}, kByte));
  expect_same_print(make({3.5}, {}, kFloat));
  expect_same_print(make({123456789}, {}, kLong));
  expect_same_print(make({1}, {}, kBool));
}

TEST(CoreVsLibTorch, PrintLargeTensors) {
  expect_same_print(make(iota(900, 0.37, -150), {30, 30}, kFloat));
  expect_same_print(make(iota(900, 3), {30, 30}, kLong));
  expect_same_print(make(iota(120, 1.5e4, 1), {2, 3, 4, 5}, kDouble));
  expect_same_print(make(iota(4 * 5 * 25, 0.01), {4, 5, 25}, kFloat));
  expect_same_print(make(iota(900, 0.37, -150), {30, 30}, kFloat), 120);
}

TEST(CoreVsLibTorch, PrintNonContiguous) {
  expect_same_print(make(iota(6, 1.5), {2, 3}, kFloat).t());
  expect_same_print(make(iota(40, 0.5), {4, 10}, kDouble).slice(1, 1, 9, 3));
  expect_same_print(make(iota(24), {2, 3, 4}, kInt).permute({2, 0, 1}));
  expect_same_print(make(iota(30, 1.0 / 7), {2, 15}, kFloat).t());
}

TEST(CoreVsLibTorch, PrintEmpty) {
  expect_same_print(empty({0}, kFloat));
  expect_same_print(empty({2, 0}, kLong));
  expect_same_print(empty({0, 3, 2}, kDouble));
}

TEST(CoreVsLibTorch, PrintScaleScientificInfNan) {
  expect_same_print(make({123456.5, 234567.25, 345678.125}, {3}, kFloat));
  expect_same_print(make({123456.5, 200000, 300000, 400000.25}, {2, 2}, kFloat));
  expect_same_print(make(iota(24, 1000.5, 100000), {2, 12}, kDouble));
  expect_same_print(make({0.001, 0.002, 0.0035}, {3}, kFloat));
  expect_same_print(make({1e-8, 1, 12345.6}, {3}, kDouble));
  expect_same_print(make({1e-120, 1, 1e200}, {3}, kDouble));
  expect_same_print(make({12345678901., -1}, {2}, kLong));
  expect_same_print(make({kInf, -kInf, kNan, 1.5}, {4}, kFloat));
  expect_same_print(make({kInf, kNan, -kInf, kInf}, {2, 2}, kDouble));
  expect_same_print(make({kInf, 3, -7, kNan}, {4}, kFloat));
}

TEST(CoreVsLibTorch, PrintUndefinedAndStdout) {
  EXPECT_EQ(printed(Tensor()), printed(torch::Tensor()));
  Tensor t = make({1.5, 2}, {2}, kFloat);
  testing::internal::CaptureStdout();
  print(t);
  std::string ember_out = testing::internal::GetCapturedStdout();
  testing::internal::CaptureStdout();
  at::print(to_torch(t));
  EXPECT_EQ(ember_out, testing::internal::GetCapturedStdout());
}

// Random shapes (0 to 4 dims, some empty), dtypes, magnitudes, inf/nan, transposes and line
// sizes: a broad net for the cases the named tests above do not spell out.
TEST(CoreVsLibTorch, PrintRandomTensors) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (int iteration = 0; iteration < 400; ++iteration) {
    const int64_t dim = static_cast<int64_t>(rng() % 5);
    std::vector<int64_t> shape;
    int64_t numel = 1;
    for (int64_t d = 0; d < dim; ++d) {
      int64_t size = rng() % 10 == 0 ? 0 : 1 + static_cast<int64_t>(rng() % (dim <= 2 ? 25 : 4));
      shape.push_back(size);
      numel *= size;
    }
    const ScalarType dtype = kAllScalarTypes[rng() % kNumScalarTypes];
    const double magnitude = std::pow(10.0, static_cast<double>(rng() % 25) - 12);
    const int mode = static_cast<int>(rng() % 4);
    std::vector<double> values(static_cast<size_t>(numel));
    for (double& v : values) {
      switch (mode) {
        case 0: v = std::round(uniform(rng) * 100); break;              // small integers
        case 1: v = uniform(rng) * magnitude; break;                     // one magnitude
        case 2: v = uniform(rng) * std::pow(10.0, rng() % 20 - 10.0); break;  // mixed
        default: {                                                       // with inf / nan
          int r = static_cast<int>(rng() % 5);
          v = r == 0 ? kInf : r == 1 ? -kInf : r == 2 ? kNan : uniform(rng) * magnitude;
        }
      }
      // Keep the value representable in dtype (out-of-range conversion is undefined).
      if (is_integral_type(dtype, true)) {
        v = std::isfinite(v) ? std::fmod(std::round(v), dtype == kByte ? 256 : 128) : 3;
        if (dtype == kByte && v < 0) v = -v;
      }
      if (dtype == kHalf && std::isfinite(v)) v = std::fmod(v, 60000);
    }
    Tensor t = make(values, shape, dtype);
    if (dim >= 2 && rng() % 3 == 0) t = t.transpose(0, dim - 1);
    const int64_t linesize = rng() % 4 == 0 ? 30 + static_cast<int64_t>(rng() % 100) : 80;
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    expect_same_print(t, linesize);
  }
}

TEST(CoreVsLibTorch, ToString) {
  for (ScalarType dtype : kAllScalarTypes) {
    EXPECT_EQ(empty({1}, dtype).toString(), torch::empty({1}, to_torch(dtype)).toString());
  }
}

TEST(CoreVsLibTorch, BridgeRoundTrip) {
  Tensor t = make(iota(12, 0.5), {3, 4}, kFloat).t();
  Tensor back = from_torch(to_torch(t));
  EXPECT_EQ(back.sizes(), t.sizes());
  EXPECT_EQ(back.strides(), t.strides());
  EXPECT_EQ(printed(back), printed(t));
}

}  // namespace
}  // namespace ember
