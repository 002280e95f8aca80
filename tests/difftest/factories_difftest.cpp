// ember's computed factories against LibTorch: arange, linspace, logspace, eye, full and
// tensor({...}) over every dtype they support, values and dtypes.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <ember/ember.h>

namespace {

// ember and torch name the ten dtypes alike.
const std::vector<std::pair<ember::ScalarType, torch::ScalarType>> kDtypes = {
    {ember::kBool, torch::kBool},   {ember::kByte, torch::kByte},         {ember::kChar, torch::kChar},
    {ember::kShort, torch::kShort}, {ember::kInt, torch::kInt},           {ember::kLong, torch::kLong},
    {ember::kHalf, torch::kHalf},   {ember::kBFloat16, torch::kBFloat16}, {ember::kFloat, torch::kFloat},
    {ember::kDouble, torch::kDouble}};

std::vector<double> ember_values(const ember::Tensor& t) {
  ember::Tensor d = t.to(ember::kDouble).contiguous();
  const double* p = static_cast<const double*>(d.data_ptr());
  return std::vector<double>(p, p + d.numel());
}

std::vector<double> torch_values(const torch::Tensor& t) {
  torch::Tensor d = t.to(torch::kDouble).contiguous();
  const double* p = d.data_ptr<double>();
  return std::vector<double>(p, p + d.numel());
}

// Runs both factories; both must throw or both must agree on dtype, shape and values (to
// within `tolerance`).
void compare(const std::string& what, const std::function<ember::Tensor()>& make_ember,
             const std::function<torch::Tensor()>& make_torch, double tolerance = 0.0) {
  ember::Tensor e;
  torch::Tensor t;
  bool ember_threw = false, torch_threw = false;
  try {
    e = make_ember();
  } catch (const ember::Error&) {
    ember_threw = true;
  }
  try {
    t = make_torch();
  } catch (const std::exception&) {
    torch_threw = true;
  }
  ASSERT_EQ(ember_threw, torch_threw) << what;
  if (ember_threw) return;
  ASSERT_EQ(std::string(ember::to_string(e.dtype())), std::string(c10::toString(t.scalar_type()))) << what;
  ASSERT_EQ(e.sizes().vec(), t.sizes().vec()) << what;
  std::vector<double> ev = ember_values(e), tv = torch_values(t);
  for (size_t i = 0; i < ev.size(); ++i) {
    if (ev[i] == tv[i] || (std::isnan(ev[i]) && std::isnan(tv[i]))) continue;  // incl. inf, nan
    EXPECT_NEAR(ev[i], tv[i], tolerance) << what << " at " << i;
  }
}

TEST(FactoriesDiff, Arange) {
  struct Args { double start, end, step; };
  std::vector<Args> args = {{0, 10, 1}, {0.5, 3, 1}, {0, 2.5, 1}, {1, 4, 0.5}, {0, 1, 0.1},
                            {10, 0, -3}, {-1, 1, 0.25}, {0, 1, 0.3}, {5, 5, 1}, {0, 2.5, 0.5}};
  for (auto [e_dtype, t_dtype] : kDtypes) {
    for (const Args& a : args) {
      std::string what = ember::detail::str_cat("arange(", a.start, ", ", a.end, ", ", a.step, ") ", e_dtype);
      compare(what, [&] { return ember::arange(a.start, a.end, a.step, e_dtype); },
              [&] { return torch::arange(a.start, a.end, a.step, t_dtype); });
    }
  }
  // Integral scalars infer Long, floating ones the default dtype.
  compare("arange(7)", [] { return ember::arange(7); }, [] { return torch::arange(7); });
  compare("arange(2, 9, 3)", [] { return ember::arange(2, 9, 3); }, [] { return torch::arange(2, 9, 3); });
  compare("arange(2.5)", [] { return ember::arange(2.5); }, [] { return torch::arange(2.5); });
}

TEST(FactoriesDiff, LinspaceLogspace) {
  struct Args { double start, end; int64_t steps; };
  std::vector<Args> args = {{0, 1, 5}, {0, 10, 5}, {0, 9, 7}, {10, -1, 4}, {-3.5, 2.25, 11},
                            {0, 1, 1}, {0, 1, 0}, {1, 100, 37}, {0, 1, -1}};
  for (auto [e_dtype, t_dtype] : kDtypes) {
    for (const Args& a : args) {
      std::string suffix = ember::detail::str_cat("(", a.start, ", ", a.end, ", ", a.steps, ") ", e_dtype);
      // LibTorch's vectorized linspace kernel computes some elements as base + j*step from a
      // vector-aligned base (its vector width depends on the CPU), ember always counts from
      // the nearer end: floating results may differ by a few roundings of the dtype.
      double eps = e_dtype == ember::kHalf ? 0x1p-10 : e_dtype == ember::kBFloat16 ? 0x1p-7
                 : e_dtype == ember::kFloat ? 0x1p-23 : e_dtype == ember::kDouble ? 0x1p-52 : 0.0;
      double tolerance = 4 * eps * std::max(std::abs(a.start), std::abs(a.end));
      compare(ember::detail::str_cat("linspace", suffix),
              [&] { return ember::linspace(a.start, a.end, a.steps, e_dtype); },
              [&] { return torch::linspace(a.start, a.end, a.steps, t_dtype); }, tolerance);
      // LibTorch 1.13 has no Half logspace kernel; ember has one.
      if (std::abs(a.end) <= 10 && (e_dtype != ember::kHalf || a.steps <= 1))
        compare(ember::detail::str_cat("logspace", suffix),
                [&] { return ember::logspace(a.start, a.end, a.steps, 2.0, e_dtype); },
                [&] { return torch::logspace(a.start, a.end, a.steps, 2.0, t_dtype); },
                tolerance * 1024);
    }
  }
}

TEST(FactoriesDiff, EyeFull) {
  for (auto [e_dtype, t_dtype] : kDtypes) {
    compare(ember::detail::str_cat("full 2.7 ", e_dtype), [&] { return ember::full({2, 2}, 2.7, e_dtype); },
            [&] { return torch::full({2, 2}, 2.7, t_dtype); });
    compare(ember::detail::str_cat("full 300 ", e_dtype), [&] { return ember::full({2}, 300, e_dtype); },
            [&] { return torch::full({2}, 300, t_dtype); });
    compare(ember::detail::str_cat("full -1 ", e_dtype), [&] { return ember::full({2}, -1, e_dtype); },
            [&] { return torch::full({2}, -1, t_dtype); });
    compare(ember::detail::str_cat("full -1.0 ", e_dtype), [&] { return ember::full({2}, -1.0, e_dtype); },
            [&] { return torch::full({2}, -1.0, t_dtype); });
    compare(ember::detail::str_cat("full 1e300 ", e_dtype), [&] { return ember::full({2}, 1e300, e_dtype); },
            [&] { return torch::full({2}, 1e300, t_dtype); });
    compare(ember::detail::str_cat("full inf ", e_dtype), [&] { return ember::full({2}, INFINITY, e_dtype); },
            [&] { return torch::full({2}, INFINITY, t_dtype); });
    compare(ember::detail::str_cat("full nan ", e_dtype), [&] { return ember::full({2}, NAN, e_dtype); },
            [&] { return torch::full({2}, NAN, t_dtype); });
    if (e_dtype == ember::kBFloat16) continue;  // LibTorch 1.13 has no bfloat16 eye; ember has
    compare(ember::detail::str_cat("eye(3, 5) ", e_dtype), [&] { return ember::eye(3, 5, e_dtype); },
            [&] { return torch::eye(3, 5, t_dtype); });
    compare(ember::detail::str_cat("eye(4) ", e_dtype), [&] { return ember::eye(4, e_dtype); }, [&] { return torch::eye(4, t_dtype); });
  }
  compare("full int", [] { return ember::full({2}, 3); }, [] { return torch::full({2}, 3); });
  compare("full bool", [] { return ember::full({2}, true); }, [] { return torch::full({2}, true); });
  compare("full double", [] { return ember::full({2}, 0.1); }, [] { return torch::full({2}, 0.1); });
}

TEST(FactoriesDiff, TensorLiteral) {
  compare("{1,2,3}", [] { return ember::tensor({1, 2, 3}); }, [] { return torch::tensor({1, 2, 3}); });
  compare("{{1.5,2},{3,4}}", [] { return ember::tensor({{1.5, 2.}, {3., 4.}}); },
          [] { return torch::tensor({{1.5, 2.}, {3., 4.}}); });
  compare("{1.5f}", [] { return ember::tensor({1.5f}); }, [] { return torch::tensor({1.5f}); });
  compare("{true,false}", [] { return ember::tensor({true, false}); }, [] { return torch::tensor({true, false}); });
  compare("int16", [] { return ember::tensor({int16_t{1}, int16_t{-2}}); },
          [] { return torch::tensor({int16_t{1}, int16_t{-2}}); });
  compare("vector<double>", [] { return ember::tensor(std::vector<double>{0.1, 0.2}); },
          [] { return torch::tensor(std::vector<double>{0.1, 0.2}); });
  compare("vector<uint8_t>", [] { return ember::tensor(std::vector<uint8_t>{1, 255}); },
          [] { return torch::tensor(std::vector<uint8_t>{1, 255}); });
  compare("scalar", [] { return ember::tensor(2.5); }, [] { return torch::tensor(2.5); });
  compare("{{},{}}", [] { return ember::tensor({{}, {}}); }, [] { return torch::tensor({{}, {}}); });
  compare("{1.5,-2.5} as Int", [] { return ember::tensor({1.5, -2.5}, ember::kInt); },
          [] { return torch::tensor({1.5, -2.5}, torch::kInt); });
  compare("{0.1} as Double", [] { return ember::tensor({0.1}, ember::kDouble); },
          [] { return torch::tensor({0.1}, torch::kDouble); });
  compare("{300} as Byte", [] { return ember::tensor({300}, ember::kByte); },
          [] { return torch::tensor({300}, torch::kByte); });
  compare("{-1} as Byte", [] { return ember::tensor({-1}, ember::kByte); },
          [] { return torch::tensor({-1}, torch::kByte); });
  compare("ragged", [] { return ember::tensor({{1, 2}, {3}}); }, [] { return torch::tensor({{1, 2}, {3}}); });
  compare("mixed", [] { return ember::tensor({1, int64_t{2}}); }, [] { return torch::tensor({1, int64_t{2}}); });
}

}  // namespace
