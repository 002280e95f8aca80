#pragma once
// Matrix products, as LibTorch: matmul (every 1-D/2-D/batched case, batch dims broadcast),
// mm, bmm, mv, dot, vdot, outer/ger, addmm, addmv, baddbmm, einsum and linear.
//
// Unlike elementwise ops these do not promote: operands must share one dtype ("expected
// scalar type Float but found Double"), except outer, which is a broadcast multiply.
// Supported dtypes: float, double, bfloat16, integers (LibTorch's CPU set), and float16,
// which LibTorch 1.13 lacks on CPU (computed in float, rounded once). Bool is rejected.
// beta == 0 in the add* forms ignores `self` (NaN there does not propagate).
#include <string_view>

#include "ember/core/tensor.h"

namespace ember {

// matmul: 1-D x 1-D is dot, 2-D x 1-D mv, 1-D x 2-D a row vector times a matrix, 2-D x 2-D
// mm; with more dims the leading ones are batch dims, broadcast against each other.
Tensor matmul(const Tensor& self, const Tensor& other);
Tensor mm(const Tensor& self, const Tensor& mat2);             // (n,m) @ (m,p) -> (n,p)
Tensor bmm(const Tensor& self, const Tensor& mat2);            // (b,n,m) @ (b,m,p) -> (b,n,p)
Tensor mv(const Tensor& self, const Tensor& vec);              // (n,m) @ (m) -> (n)
Tensor dot(const Tensor& self, const Tensor& tensor);          // (n) . (n) -> ()
Tensor vdot(const Tensor& self, const Tensor& other);          // dot (real dtypes: no conjugate)
Tensor outer(const Tensor& self, const Tensor& vec2);          // (n) x (m) -> (n,m), promotes
Tensor ger(const Tensor& self, const Tensor& vec2);            // old name of outer
// beta * self + alpha * (mat1 @ mat2); self broadcasts to the product's shape.
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);
Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta = 1,
             const Scalar& alpha = 1);
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
               const Scalar& alpha = 1);

// Einstein summation: "ij,jk->ik", "bhqd,bhkd->bhqk", "ii->i", "...ij,...jk", implicit
// output (no "->": labels seen once, alphabetical, after the ellipsis dims). Labels of size 1
// broadcast. Computed with diagonal/sum/permute and batched GEMM, pairwise left to right.
Tensor einsum(std::string_view equation, TensorList tensors);

// input (..., in) @ weight(out, in)^T + bias(out), as torch::linear / nn::functional::linear.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});

}  // namespace ember
