#pragma once
// BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d, as torch::nn (LibTorch 1.13): weight (ones) and
// bias (zeros) [num_features] with affine, buffers running_mean (zeros), running_var (ones)
// and num_batches_tracked (0, int64) with track_running_stats; undefined otherwise.
#include <cstdint>
#include <ostream>

#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/nn/options/batchnorm.h"

namespace ember::nn {

namespace detail {
// Parameters, buffers and their resets shared by the batch and instance norms. Derived
// provides static kName and check_input_dim(input).
template <class Derived, class Options>
class NormImplBase : public Cloneable<Derived> {
 public:
  NormImplBase(const Options& options) : options(options) { reset(); }  // NOLINT: BatchNorm2d(64)
  void reset() override;
  // Running mean 0, running variance 1, no batches tracked (no-op without running stats).
  void reset_running_stats();
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;

  Options options;
  Tensor weight;
  Tensor bias;
  Tensor running_mean;
  Tensor running_var;
  Tensor num_batches_tracked;
};

// Training (or without running stats): normalizes with the batch statistics and updates the
// running ones with momentum (std::nullopt: the cumulative average, 1 / num_batches_tracked).
// Eval with running stats: normalizes with them.
template <class Derived>
class BatchNormImplBase : public NormImplBase<Derived, BatchNormOptions> {
 public:
  using NormImplBase<Derived, BatchNormOptions>::NormImplBase;
  Tensor forward(const Tensor& input);
};

// Each (sample, channel) normalized over its spatial dims; unbatched input (rank D + 1) is
// taken as a batch of one.
template <class Derived, int64_t D>
class InstanceNormImplBase : public NormImplBase<Derived, InstanceNormOptions> {
 public:
  using NormImplBase<Derived, InstanceNormOptions>::NormImplBase;
  Tensor forward(const Tensor& input);
};
}  // namespace detail

// Input [N, C] or [N, C, L].
class BatchNorm1dImpl : public detail::BatchNormImplBase<BatchNorm1dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm1d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(BatchNorm1d);

// Input [N, C, H, W].
class BatchNorm2dImpl : public detail::BatchNormImplBase<BatchNorm2dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm2d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(BatchNorm2d);

// Input [N, C, D, H, W].
class BatchNorm3dImpl : public detail::BatchNormImplBase<BatchNorm3dImpl> {
 public:
  using BatchNormImplBase::BatchNormImplBase;
  static constexpr const char* kName = "BatchNorm3d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(BatchNorm3d);

// Input [N, C, L] or unbatched [C, L].
class InstanceNorm1dImpl : public detail::InstanceNormImplBase<InstanceNorm1dImpl, 1> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm1d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(InstanceNorm1d);

// Input [N, C, H, W] or unbatched [C, H, W].
class InstanceNorm2dImpl : public detail::InstanceNormImplBase<InstanceNorm2dImpl, 2> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm2d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(InstanceNorm2d);

// Input [N, C, D, H, W] or unbatched [C, D, H, W].
class InstanceNorm3dImpl : public detail::InstanceNormImplBase<InstanceNorm3dImpl, 3> {
 public:
  using InstanceNormImplBase::InstanceNormImplBase;
  static constexpr const char* kName = "InstanceNorm3d";
  static void check_input_dim(const Tensor& input);
};
EMBER_MODULE(InstanceNorm3d);

// Defined in batchnorm.cpp for these six modules.
namespace detail {
extern template class NormImplBase<BatchNorm1dImpl, BatchNormOptions>;
extern template class NormImplBase<BatchNorm2dImpl, BatchNormOptions>;
extern template class NormImplBase<BatchNorm3dImpl, BatchNormOptions>;
extern template class NormImplBase<InstanceNorm1dImpl, InstanceNormOptions>;
extern template class NormImplBase<InstanceNorm2dImpl, InstanceNormOptions>;
extern template class NormImplBase<InstanceNorm3dImpl, InstanceNormOptions>;
extern template class BatchNormImplBase<BatchNorm1dImpl>;
extern template class BatchNormImplBase<BatchNorm2dImpl>;
extern template class BatchNormImplBase<BatchNorm3dImpl>;
extern template class InstanceNormImplBase<InstanceNorm1dImpl, 1>;
extern template class InstanceNormImplBase<InstanceNorm2dImpl, 2>;
extern template class InstanceNormImplBase<InstanceNorm3dImpl, 3>;
}  // namespace detail

}  // namespace ember::nn
