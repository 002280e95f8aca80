#pragma once
// Copies and dtype conversion: clone, contiguous, copy_, to. Fills: fill_, zero_.
#include "ember/core/tensor.h"

namespace ember {

// MemoryFormat::Preserve semantics: a dense (non-overlapping) input keeps its strides, any
// other input is cloned into contiguous layout. Mirrors torch.clone.
Tensor clone(const Tensor& self);
Tensor contiguous(const Tensor& self);
// Writes src (broadcast to self's shape, converted to self's dtype) into self.
const Tensor& copy_(const Tensor& self, const Tensor& src);
const Tensor& fill_(const Tensor& self, const Scalar& value);
const Tensor& zero_(const Tensor& self);

}  // namespace ember
