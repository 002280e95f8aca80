#pragma once
// bfloat16 batched matmul on oneDNN (AVX512-BF16 where the CPU has it): the bf16 branch of
// cpu::gemm (cpu/gemm.h has the contract). Products accumulate in float32 and round to
// bfloat16 once, as PyTorch's mkldnn bf16 matmul.
#include "ember/core/scalar.h"
#include "ember/core/tensor.h"

namespace ember::cpu {

// out (B, M, N) contiguous; a (B, M, K), b (B, K, N) with any strides (batch stride 0 when
// broadcast). False when oneDNN cannot describe the operands (the caller falls back).
bool dnnl_bf16_gemm(const Tensor& out, const Tensor& a, const Tensor& b, float beta, float alpha);

}  // namespace ember::cpu
