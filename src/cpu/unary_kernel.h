#pragma once
// CPU kernels for unary elementwise ops. The input arrives already in the output's dtype (a
// floating op on an integer tensor gets a float copy first) and with the output's shape; the
// predicates write a bool output.
#include <cstdint>

#include "ember/core/tensor.h"

namespace ember::cpu {

enum class UnaryOp {
  // any dtype but bool
  Neg, Abs, Sign, Relu, Clamp,
  // floating dtypes
  Reciprocal, Sqrt, Rsqrt, Exp, Exp2, Expm1, Log, Log2, Log10, Log1p,
  Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh,
  Sigmoid, Logit, Erf, Erfc, Erfinv,
  Floor, Ceil, Round, RoundDecimals, Trunc, Frac, NanToNum,
  LeakyRelu, Elu, Gelu, GeluTanh, Silu, Mish, Softplus, Hardsigmoid, Hardswish,
};

// The parameters of the ops that take some; the others ignore them.
struct UnaryParams {
  double eps = -1;                              // Logit: clamp to [eps, 1 - eps]; < 0: no clamp
  int64_t decimals = 0;                         // RoundDecimals
  double nan = 0, posinf = 0, neginf = 0;       // NanToNum: the replacements (already resolved)
  double min = 0, max = 0;                      // Clamp (hardtanh, relu6)
  double negative_slope = 0;                    // LeakyRelu
  double alpha = 1, scale = 1, input_scale = 1; // Elu: x <= 0: alpha*scale*(exp(x*input_scale)-1)
  double beta = 1, threshold = 20;              // Softplus
};

void unary_kernel(UnaryOp op, const Tensor& out, const Tensor& in, const UnaryParams& params = {});

enum class UnaryPredicate { IsNan, IsInf, IsFinite };

// out (bool) = predicate(in), in of any dtype.
void predicate_kernel(UnaryPredicate op, const Tensor& out, const Tensor& in);

// A piecewise-constant function of x, the masks of backward formulas (relu's derivative is
// step(x; (0, inf] -> 1, else 0)): out = inside if x lies in the interval (lo, hi) (each end
// open or closed), nan if x is NaN, outside otherwise. out and in have the same floating dtype.
struct StepSpec {
  double lo, hi;
  bool lo_open, hi_open;
  double inside, outside, nan;
};
void step_kernel(const StepSpec& spec, const Tensor& out, const Tensor& in);
// out = g * step(in) in one pass: out, g and in contiguous, one shape, all float or all double.
void step_mul_kernel(const StepSpec& spec, const Tensor& out, const Tensor& g, const Tensor& in);

}  // namespace ember::cpu
