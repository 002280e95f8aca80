#pragma once
// Pooling over 1 to 3 trailing spatial dims: max (with argmax indices), average and its
// transpose (the average pool's backward). Every pool is described by its windows, one list of
// input positions per output position and per axis, so max_pool (stride, padding, dilation,
// ceil_mode), avg_pool and the adaptive pools share one kernel each.
#include <array>
#include <optional>
#include <vector>

#include "ember/core/tensor.h"

namespace ember::cpu {

// One spatial axis: output position o reads input positions
// index[begin[o]] .. index[begin[o + 1] - 1] (all inside [0, in_size)), and counts `count[o]`
// towards an average's divisor (the window size with or without padding).
struct PoolAxis {
  int64_t in_size = 1, out_size = 1;
  std::vector<int64_t> begin = {0, 1};
  std::vector<int64_t> index = {0};
  std::vector<int64_t> count = {1};
};

// Windows of a strided pool: start o * stride - padding, kernel_size taps dilation apart,
// taps outside the input skipped. count: with count_include_pad the window clipped to the
// padded input (PyTorch's avg_pool pool_size), else the taps inside the input.
PoolAxis strided_axis(int64_t in_size, int64_t out_size, int64_t kernel, int64_t stride, int64_t padding,
                      int64_t dilation, bool count_include_pad);
// Windows of an adaptive pool: [floor(o * in / out), ceil((o + 1) * in / out)).
PoolAxis adaptive_axis(int64_t in_size, int64_t out_size);

// Three axes, outermost first; pools over fewer dims leave the leading axes at size 1.
using PoolPlan = std::array<PoolAxis, 3>;

// in: contiguous [planes, in spatial...]; out: contiguous [planes, out spatial...] of in's
// floating dtype; indices: contiguous int64 like out, each the flat position of the maximum
// inside its input plane. NaN wins (as PyTorch). Parallel over planes.
void max_pool_kernel(const Tensor& out, const Tensor& indices, const Tensor& in, const PoolPlan& plan);

// The max pool's backward: grad_in (contiguous [planes, in_plane], zero-filled here) gets each
// grad_out element ([planes, out_plane]) added at its plane's argmax `indices`. Parallel over
// planes (several outputs may share an argmax: their gradients add).
void max_pool_backward_kernel(const Tensor& grad_in, const Tensor& grad_out, const Tensor& indices, int64_t planes);

// out = mean over each window, divided by divisor_override or the product of the axes' counts
// (an output whose window has no input taps is 0).
void avg_pool_kernel(const Tensor& out, const Tensor& in, const PoolPlan& plan,
                     std::optional<int64_t> divisor_override);
// The transpose of avg_pool_kernel: grad_in (contiguous, zero-filled here) gets each
// grad_out element spread over its window with the same weights.
void avg_pool_transpose_kernel(const Tensor& grad_in, const Tensor& grad_out, const PoolPlan& plan,
                               std::optional<int64_t> divisor_override);

}  // namespace ember::cpu
