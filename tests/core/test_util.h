#pragma once
// Helpers shared by the core and op unit tests.
#include <gtest/gtest.h>

#include <ember/ember.h>
#include <functional>
#include <string>
#include <vector>

namespace ember {

// Expects `fn` to throw ember::Error whose message starts with "<op>:" and contains `part`.
inline void expect_error(const std::function<void()>& fn, const std::string& op, const std::string& part = "") {
  try {
    fn();
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(msg.rfind(op + ":", 0), 0u) << "message does not start with '" << op << ":': " << msg;
    EXPECT_NE(msg.find(part), std::string::npos) << "message lacks '" << part << "': " << msg;
    return;
  }
  ADD_FAILURE() << "expected ember::Error from " << op;
}

// t's elements in row-major order, as doubles.
inline std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  const double* p = d.data_ptr<double>();
  return std::vector<double>(p, p + d.numel());
}

// Expects t (any dtype, any layout) to hold `values` in row-major order.
inline void expect_values(const Tensor& t, const std::vector<double>& expected, double tol = 0) {
  ASSERT_EQ(t.numel(), static_cast<int64_t>(expected.size())) << "shape " << t.sizes();
  std::vector<double> got = values(t);
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(got[i], expected[i], tol) << "at flat index " << i;
}

}  // namespace ember
