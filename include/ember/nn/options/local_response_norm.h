#pragma once
// Options of LocalResponseNorm and F::local_response_norm, as LibTorch's
// LocalResponseNormOptions: `LocalResponseNormOptions(5).alpha(1e-3).beta(0.5).k(2)`.
#include <cstdint>

#include "ember/nn/arg.h"

namespace ember::nn {

struct LocalResponseNormOptions {
  LocalResponseNormOptions(int64_t size) : size_(size) {}  // NOLINT: implicit, as LibTorch
  // The number of neighbouring channels (the channel itself included) each one is divided by.
  EMBER_ARG(int64_t, size);
  EMBER_ARG(double, alpha) = 1e-4;
  EMBER_ARG(double, beta) = 0.75;
  EMBER_ARG(double, k) = 1.;
};

namespace functional {
using LocalResponseNormFuncOptions = LocalResponseNormOptions;
}  // namespace functional

}  // namespace ember::nn
