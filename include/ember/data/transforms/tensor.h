#pragma once
// Transforms of an example's data tensor that keep its target, as LibTorch's
// TensorTransform / TensorLambda / Normalize.
#include <functional>
#include <utility>

#include "ember/core/array_ref.h"
#include "ember/core/factories.h"
#include "ember/data/example.h"
#include "ember/data/transforms/base.h"
#include "ember/ops/binary.h"

namespace ember::data::transforms {

template <class Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
 public:
  using E = Example<Tensor, Target>;

  virtual Tensor operator()(Tensor input) = 0;

  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

template <class Target = Tensor>
class TensorLambda : public TensorTransform<Target> {
 public:
  using FunctionType = std::function<Tensor(Tensor)>;

  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}
  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

 private:
  FunctionType function_;
};

// (x - mean) / stddev per channel: mean and stddev have one value (all channels) or one per
// channel, held as [C, 1, 1] float32 so they broadcast over a [C, H, W] (or [B, C, H, W]) image.
template <class Target = Tensor>
class Normalize : public TensorTransform<Target> {
 public:
  Normalize(ArrayRef<double> mean, ArrayRef<double> stddev)
      : mean_(as_channels(mean)), stddev_(as_channels(stddev)) {}

  Tensor operator()(Tensor input) override { return input.sub(mean_).div(stddev_); }

 private:
  static Tensor as_channels(ArrayRef<double> values) {
    return tensor(values, kFloat).unsqueeze(1).unsqueeze(2);
  }

  Tensor mean_;
  Tensor stddev_;
};

}  // namespace ember::data::transforms
