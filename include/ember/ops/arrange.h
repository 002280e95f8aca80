#pragma once
// Rearranging ops (as torch::flip, roll, rot90, repeat, repeat_interleave, tile, tril, triu,
// one_hot, constant_pad_nd, pad): they move, copy or mask elements without arithmetic. Every
// dtype is supported. Differentiable ones are linear, so their backward is their adjoint
// (flip of the gradient, roll back, a summed fold for repeat, ...).
#include <optional>
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

// Reverses the order along each of `dims` (repeated dims throw).
Tensor flip(const Tensor& self, IntArrayRef dims);
// Shifts elements along dims[i] by shifts[i], wrapping around. With no dims, the tensor is
// rolled as if flattened (then shifts must hold one value).
Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims = {});
// Rotates by 90 degrees k times in the plane of dims, from dims[0] towards dims[1].
Tensor rot90(const Tensor& self, int64_t k = 1, IntArrayRef dims = {0, 1});
// Tiles self repeats[d] times along each dim; repeats may have more entries than self has dims
// (leading dims are added), never fewer.
Tensor repeat(const Tensor& self, IntArrayRef repeats);
// As repeat, but repeats with fewer entries than self.dim() is padded with leading 1s.
Tensor tile(const Tensor& self, IntArrayRef dims);
// Repeats each element (or each slice along dim) repeats[i] times, in place: [a, b] with
// repeats 2 gives [a, a, b, b]. Without dim the input is flattened. repeats is a 0-dim or 1-D
// int64/int32 tensor (one count per slice, or one for all); output_size, when given, must be
// the result's length along dim (as LibTorch, it spares a pass over repeats).
Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim = std::nullopt,
                         std::optional<int64_t> output_size = std::nullopt);
// repeat_interleave(arange(repeats.numel()), repeats): index i repeated repeats[i] times.
Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size = std::nullopt);
// Lower / upper triangle of each matrix (last two dims): elements with col - row <= diagonal
// (tril) or >= diagonal (triu) are kept, the others zeroed.
Tensor tril(const Tensor& self, int64_t diagonal = 0);
Tensor triu(const Tensor& self, int64_t diagonal = 0);
// int64 class indices -> int64 one-hot vectors on a new last dim of num_classes (-1: max + 1).
Tensor one_hot(const Tensor& self, int64_t num_classes = -1);
// Pads the last pad.size()/2 dims: pad = {last_left, last_right, second_last_left, ...}.
// Negative pads crop. Values outside are `value`.
Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value = 0);
// mode "constant" (constant_pad_nd), "reflect" (mirror without repeating the edge),
// "replicate" (repeat the edge) or "circular" (wrap around). The non-constant modes pad the
// last 1, 2 or 3 dims of a tensor with 1 or 2 more dims (batch, channels), as LibTorch.
Tensor pad(const Tensor& self, IntArrayRef pad, std::string_view mode = "constant",
           std::optional<double> value = std::nullopt);

}  // namespace ember
