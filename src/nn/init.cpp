// torch::nn::init on ember: every initializer writes in place under NoGradGuard.
#include "ember/nn/init.h"

#include <cmath>

#include "ember/autograd/grad_mode.h"
#include "ember/core/error.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/pointwise.h"
#include "ember/ops/unary.h"

namespace ember::nn::init {
namespace {

void check_defined(const Tensor& tensor, const char* op) {
  EMBER_CHECK(tensor.defined(), op, "got an undefined tensor; pass an allocated tensor to fill");
}

// Random fills need a floating tensor (LibTorch's uniform_/normal_ reject integer ones).
void check_floating(const Tensor& tensor, const char* op) {
  check_defined(tensor, op);
  EMBER_CHECK(tensor.is_floating_point(), op, "expected a floating-point tensor, got ",
              tensor.scalar_type(), "; convert it with .to(kFloat) first");
}

double fan_for(const Tensor& tensor, FanMode mode, const char* op) {
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const int64_t fan = mode == kFanIn ? fan_in : fan_out;
  EMBER_CHECK(fan > 0, op, "fan is 0 for a tensor of shape ", tensor.sizes(),
              "; a zero-element weight has no scale to compute");
  return static_cast<double>(fan);
}

double normal_cdf(double x) { return (1.0 + std::erf(x / std::sqrt(2.0))) / 2.0; }

}  // namespace

double calculate_gain(Nonlinearity nonlinearity, double param) {
  switch (nonlinearity) {
    case kTanh:
      return 5.0 / 3.0;
    case kReLU:
      return std::sqrt(2.0);
    case kLeakyReLU:
      return std::sqrt(2.0 / (1.0 + param * param));
    default:  // linear, conv*, sigmoid
      return 1.0;
  }
}

Tensor constant_(Tensor tensor, const Scalar& value) {
  check_defined(tensor, "constant_");
  NoGradGuard no_grad;
  tensor.fill_(value);
  return tensor;
}

Tensor zeros_(Tensor tensor) {
  check_defined(tensor, "zeros_");
  NoGradGuard no_grad;
  tensor.zero_();
  return tensor;
}

Tensor ones_(Tensor tensor) {
  check_defined(tensor, "ones_");
  NoGradGuard no_grad;
  tensor.fill_(1);
  return tensor;
}

Tensor eye_(Tensor matrix) {
  check_defined(matrix, "eye_");
  EMBER_CHECK(matrix.dim() == 2, "eye_", "only 2-D tensors are supported, got shape ", matrix.sizes());
  NoGradGuard no_grad;
  matrix.copy_(eye(matrix.size(0), matrix.size(1), matrix.options()));
  return matrix;
}

Tensor uniform_(Tensor tensor, double low, double high) {
  check_floating(tensor, "uniform_");
  NoGradGuard no_grad;
  tensor.uniform_(low, high);
  return tensor;
}

Tensor normal_(Tensor tensor, double mean, double std) {
  check_floating(tensor, "normal_");
  NoGradGuard no_grad;
  tensor.normal_(mean, std);
  return tensor;
}

Tensor trunc_normal_(Tensor tensor, double mean, double std, double a, double b) {
  check_floating(tensor, "trunc_normal_");
  EMBER_CHECK(std > 0 && a < b, "trunc_normal_", "needs std > 0 and a < b, got std=", std, ", a=", a,
              ", b=", b);
  NoGradGuard no_grad;
  const double lo = normal_cdf((a - mean) / std);
  const double hi = normal_cdf((b - mean) / std);
  // u uniform in [2 lo - 1, 2 hi - 1]; erfinv(u) * sqrt(2) is then a standard normal draw
  // restricted to [(a - mean) / std, (b - mean) / std]. The clamp only absorbs rounding.
  tensor.uniform_(2 * lo - 1, 2 * hi - 1);
  tensor.copy_(clamp(erfinv(tensor) * (std * std::sqrt(2.0)) + mean, a, b));
  return tensor;
}

std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor) {
  check_defined(tensor, "_calculate_fan_in_and_fan_out");
  EMBER_CHECK(tensor.dim() >= 2, "_calculate_fan_in_and_fan_out",
              "fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got shape ",
              tensor.sizes());
  int64_t receptive_field = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  check_floating(tensor, "xavier_uniform_");
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  const double bound = std::sqrt(3.0) * std;
  NoGradGuard no_grad;
  tensor.uniform_(-bound, bound);
  return tensor;
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  check_floating(tensor, "xavier_normal_");
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
  NoGradGuard no_grad;
  tensor.normal_(0, std);
  return tensor;
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
  check_floating(tensor, "kaiming_uniform_");
  const double std = calculate_gain(nonlinearity, a) / std::sqrt(fan_for(tensor, mode, "kaiming_uniform_"));
  const double bound = std::sqrt(3.0) * std;
  NoGradGuard no_grad;
  tensor.uniform_(-bound, bound);
  return tensor;
}

Tensor kaiming_normal_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
  check_floating(tensor, "kaiming_normal_");
  const double std = calculate_gain(nonlinearity, a) / std::sqrt(fan_for(tensor, mode, "kaiming_normal_"));
  NoGradGuard no_grad;
  tensor.normal_(0, std);
  return tensor;
}

}  // namespace ember::nn::init
