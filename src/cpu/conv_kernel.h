#pragma once
// Convolution kernels on CPU (1, 2 or 3 spatial dims), the three products behind every
// convolution and transposed convolution and their gradients:
//
//   forward:        out[n, o, p]  = sum_{c in group(o), k} in[n, c, p*s + k*d - pad] * w[o, c, k]
//   backward data:  gin[n, c, i]  = sum_{o in group(c), k, p: p*s + k*d - pad = i} gout[n, o, p] * w[o, c, k]
//   backward weight: gw[o, c, k]  = sum_{n, p} gout[n, o, p] * in[n, c, p*s + k*d - pad]
//
// in/gin are (N, C, *X), out/gout (N, O, *P), w (O, C / groups, *K); p, i, k are index
// tuples over the spatial dims. The caller allocates the result (contiguous) with its final
// shape; sizes need not follow the floor formula exactly (transposed convolutions with
// output_padding make X larger than the windows reach: those positions get zero gradient).
// Inputs may have any strides. float32 runs on oneDNN (primitives cached by shape, data
// reordered to oneDNN's blocked layouts and back); float64, and geometries oneDNN cannot
// describe, run a direct loop split over the pool.
#include <optional>

#include "ember/core/dim_vector.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

struct ConvGeometry {
  DimVector stride, padding, dilation;  // one entry per spatial dim
  int64_t groups = 1;
};

// out = conv(input, weight) (+ bias [O] when given).
void conv_forward(const Tensor& out, const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                  const ConvGeometry& g);
void conv_backward_data(const Tensor& grad_input, const Tensor& grad_output, const Tensor& weight,
                        const ConvGeometry& g);
void conv_backward_weight(const Tensor& grad_weight, const Tensor& input, const Tensor& grad_output,
                          const ConvGeometry& g);

}  // namespace ember::cpu
