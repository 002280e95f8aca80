#pragma once
// Options of PReLU, as LibTorch's PReLUOptions: `PReLUOptions().num_parameters(3).init(0.1)`.
#include <cstdint>

#include "ember/nn/arg.h"

namespace ember::nn {

struct PReLUOptions {
  // 1 (one slope shared by every channel) or the number of channels (input dim 1).
  EMBER_ARG(int64_t, num_parameters) = 1;
  // The initial value of every slope.
  EMBER_ARG(double, init) = 0.25;
};

}  // namespace ember::nn
