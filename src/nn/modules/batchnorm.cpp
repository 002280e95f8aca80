#include "ember/nn/modules/batchnorm.h"

#include <string>
#include <type_traits>

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/nn/functional/batchnorm.h"
#include "ember/nn/init.h"

namespace ember::nn {
namespace detail {

template <class Derived, class Options>
void NormImplBase<Derived, Options>::reset() {
  const int64_t c = options.num_features();
  EMBER_CHECK(c >= 0, Derived::kName, "num_features must be non-negative, got ", c);
  weight = this->register_parameter("weight", options.affine() ? ember::empty({c}) : Tensor(), options.affine());
  bias = this->register_parameter("bias", options.affine() ? ember::empty({c}) : Tensor(), options.affine());
  const bool track = options.track_running_stats();
  running_mean = this->register_buffer("running_mean", track ? zeros({c}) : Tensor());
  running_var = this->register_buffer("running_var", track ? ones({c}) : Tensor());
  num_batches_tracked = this->register_buffer("num_batches_tracked", track ? zeros({}, kLong) : Tensor());
  reset_parameters();
}

template <class Derived, class Options>
void NormImplBase<Derived, Options>::reset_running_stats() {
  if (!options.track_running_stats()) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

template <class Derived, class Options>
void NormImplBase<Derived, Options>::reset_parameters() {
  reset_running_stats();
  if (!options.affine()) return;
  init::ones_(weight);
  init::zeros_(bias);
}

template <class Derived, class Options>
void NormImplBase<Derived, Options>::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "torch::nn::" << Derived::kName << "(" << options.num_features()
         << ", eps=" << options.eps() << ", momentum=";
  if constexpr (std::is_same_v<Options, BatchNormOptions>) {
    if (options.momentum()) stream << *options.momentum();
    else stream << "None";
  } else {
    stream << options.momentum();
  }
  stream << ", affine=" << options.affine() << ", track_running_stats=" << options.track_running_stats() << ")";
}

template <class Derived>
Tensor BatchNormImplBase<Derived>::forward(const Tensor& input) {
  Derived::check_input_dim(input);
  const BatchNormOptions& o = this->options;
  double factor = o.momentum().value_or(0.0);
  if (this->is_training() && o.track_running_stats()) {
    NoGradGuard no_grad;
    this->num_batches_tracked.add_(1);
    // Cumulative moving average: batch k gets weight 1 / k.
    if (!o.momentum()) factor = 1.0 / this->num_batches_tracked.template item<double>();
  }
  return functional::detail::batch_norm(input, this->running_mean, this->running_var, this->weight, this->bias,
                                        this->is_training() || !o.track_running_stats(), factor, o.eps());
}

template <class Derived, int64_t D>
Tensor InstanceNormImplBase<Derived, D>::forward(const Tensor& input) {
  Derived::check_input_dim(input);
  const InstanceNormOptions& o = this->options;
  auto apply = [&](const Tensor& x) {
    return functional::detail::instance_norm(x, this->running_mean, this->running_var, this->weight, this->bias,
                                             this->is_training() || !o.track_running_stats(), o.momentum(), o.eps());
  };
  if (input.dim() == D + 1) return apply(input.unsqueeze(0)).squeeze(0);
  return apply(input);
}

template class NormImplBase<BatchNorm1dImpl, BatchNormOptions>;
template class NormImplBase<BatchNorm2dImpl, BatchNormOptions>;
template class NormImplBase<BatchNorm3dImpl, BatchNormOptions>;
template class NormImplBase<InstanceNorm1dImpl, InstanceNormOptions>;
template class NormImplBase<InstanceNorm2dImpl, InstanceNormOptions>;
template class NormImplBase<InstanceNorm3dImpl, InstanceNormOptions>;
template class BatchNormImplBase<BatchNorm1dImpl>;
template class BatchNormImplBase<BatchNorm2dImpl>;
template class BatchNormImplBase<BatchNorm3dImpl>;
template class InstanceNormImplBase<InstanceNorm1dImpl, 1>;
template class InstanceNormImplBase<InstanceNorm2dImpl, 2>;
template class InstanceNormImplBase<InstanceNorm3dImpl, 3>;

}  // namespace detail

namespace {
// LibTorch's _check_input_dim messages: "expected 4D input (got 3D input)".
void check_rank(const char* name, const Tensor& input, int64_t lo, int64_t hi) {
  EMBER_CHECK(input.dim() >= lo && input.dim() <= hi, name, "expected ", lo == hi ? "" : std::to_string(lo) + "D or ",
              hi, "D input (got ", input.dim(), "D input of shape ", input.sizes(), ")");
}
}  // namespace

void BatchNorm1dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 2, 3); }
void BatchNorm2dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 4, 4); }
void BatchNorm3dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 5, 5); }
void InstanceNorm1dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 2, 3); }
void InstanceNorm2dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 3, 4); }
void InstanceNorm3dImpl::check_input_dim(const Tensor& input) { check_rank(kName, input, 4, 5); }

}  // namespace ember::nn
