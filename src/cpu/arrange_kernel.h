#pragma once
// CPU kernels for the arrange family: flip and the triangular masks (tril/triu).
#include <vector>

#include "ember/core/tensor.h"

namespace ember::cpu {

// out = self reversed along every dim d with flip[d]; out has self's shape and dtype.
void flip_kernel(const Tensor& out, const Tensor& self, const std::vector<bool>& flip);
// out = self with the elements of each matrix (last two dims) outside the triangle zeroed:
// lower keeps col - row <= diagonal (tril), otherwise col - row >= diagonal (triu). out is
// contiguous, of self's shape and dtype; self has at least 2 dims.
void triangle_kernel(const Tensor& out, const Tensor& self, int64_t diagonal, bool lower);

}  // namespace ember::cpu
