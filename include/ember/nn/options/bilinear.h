#pragma once
// Options of Bilinear, as LibTorch's BilinearOptions: `BilinearOptions(3, 4, 5).bias(false)`.
#include <cstdint>

#include "ember/nn/arg.h"

namespace ember::nn {

struct BilinearOptions {
  BilinearOptions(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : in1_features_(in1_features), in2_features_(in2_features), out_features_(out_features) {}
  EMBER_ARG(int64_t, in1_features);
  EMBER_ARG(int64_t, in2_features);
  EMBER_ARG(int64_t, out_features);
  EMBER_ARG(bool, bias) = true;
};

}  // namespace ember::nn
