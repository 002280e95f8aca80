#pragma once
// Gradients of view ops, as ops of their own (LibTorch's at::select_backward & co.): each
// places `grad` (shaped like the view) into a zero tensor shaped like the view's input. They
// are differentiable (their own backward is the view op again), so double backward through
// views works.
#include "ember/core/tensor.h"

namespace ember {

Tensor select_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t index);
Tensor slice_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t start,
                      int64_t end, int64_t step);
Tensor diagonal_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t offset, int64_t dim1,
                         int64_t dim2);
// Overlapping windows (step < size) sum their gradients.
Tensor unfold_backward(const Tensor& grad, IntArrayRef input_sizes, int64_t dim, int64_t size,
                       int64_t step);
// The input had geometry (input_sizes, input_strides, input_offset) and the view
// (sizes, strides, offset), both in elements of the same storage. Output elements addressing
// the same memory sum their gradients; input elements sharing memory split it evenly (as PyTorch).
Tensor as_strided_backward(const Tensor& grad, IntArrayRef input_sizes, IntArrayRef input_strides,
                           int64_t input_offset, IntArrayRef sizes, IntArrayRef strides, int64_t offset);

}  // namespace ember
