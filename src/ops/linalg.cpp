// Matrix products: checks, output shape, the GEMM kernel call and each op's backward.
//
// Every product funnels into one batched kernel, cpu::gemm (out (B,M,N) = beta * init +
// alpha * a (B,M,K) @ b (B,K,N)), reached through `product` below; the ops only differ in
// how they view their operands as batches of matrices. Each op records its own backward
// (rather than inheriting one from the views it uses) and the formulas call these same ops,
// so gradients are differentiable again.
#include "ember/ops/linalg.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "autograd/record.h"
#include "cpu/copy_kernel.h"
#include "cpu/gemm.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/binary.h"
#include "ember/ops/copy.h"
#include "ember/ops/reduce.h"
#include "ember/ops/views.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

namespace {

// ---- shared checks ----------------------------------------------------------------------

void check_dtype(const char* op, const Tensor& t) {
  EMBER_CHECK(t.dtype() != kBool, op, "not implemented for 'Bool' (matrix products need a numeric dtype)");
}

// Matrix products do not promote: both operands must have one dtype.
void check_same_dtype(const char* op, const Tensor& expected, const Tensor& found) {
  EMBER_CHECK(expected.dtype() == found.dtype(), op, "expected scalar type ", expected.dtype(),
              " but found ", found.dtype(), " (matrix products do not promote: convert one operand with .to())");
}

// `self` of the add* forms must expand to the product's shape.
void check_expandable(const char* op, const Tensor& self, IntArrayRef target) {
  bool ok = self.dim() <= static_cast<int64_t>(target.size());
  for (int64_t i = 1; ok && i <= self.dim(); ++i) {
    int64_t s = self.sizes()[self.dim() - i], t = target[target.size() - i];
    ok = s == t || s == 1;
  }
  EMBER_CHECK(ok, op, "self of shape ", self.sizes(), " cannot be expanded to the product's shape ", target);
}

bool is_zero(const Scalar& s) { return s.is_floating_point() ? s.toDouble() == 0.0 : s.toLong() == 0; }
bool is_one(const Scalar& s) { return s.is_floating_point() ? s.toDouble() == 1.0 : s.toLong() == 1; }

// g * s, skipping the multiply when s is 1 (PyTorch's maybe_multiply).
Tensor maybe_multiply(const Tensor& g, const Scalar& s) { return is_one(s) ? g : g * s; }

// ---- the one forward path ---------------------------------------------------------------

// beta * init + alpha * (a @ b) for a (B,M,K), b (B,K,N) -> (B,M,N) in a's dtype. `init`
// (undefined: none) broadcasts to (B,M,N). Records nothing.
Tensor matrix_product(const Tensor& a, const Tensor& b, const Tensor& init = {}, const Scalar& beta = 0,
               const Scalar& alpha = 1) {
  Tensor out = empty({a.size(0), a.size(1), b.size(2)}, a.dtype());
  bool use_init = init.defined() && !is_zero(beta);
  if (use_init) cpu::copy_kernel(out, expand(init, out.sizes()));
  cpu::gemm(out, a, b, use_init ? beta : Scalar(0), alpha);
  return out;
}

// Runs a forward computation without recording: the op records its own node afterwards, so
// the views it takes of its inputs must not enter the graph.
template <class F>
Tensor untracked(F&& forward) {
  NoGradGuard no_grad;
  return forward();
}

// A 1-D tensor viewed as a (1, 1, n) row or a (1, n, 1) column.
Tensor as_row(const Tensor& v) { return v.unsqueeze(0).unsqueeze(0); }
Tensor as_column(const Tensor& v) { return v.unsqueeze(0).unsqueeze(-1); }

// ---- the ops, with the name reported in errors ------------------------------------------

Tensor mm_impl(const char* op, const Tensor& self, const Tensor& mat2, const Tensor& init = {},
               const Scalar& beta = 0, const Scalar& alpha = 1) {
  ops::check_defined(op, self);
  ops::check_defined(op, mat2);
  EMBER_CHECK(self.dim() == 2, op, "mat1 must be a matrix, got ", self.dim(), "-D tensor of shape ", self.sizes());
  EMBER_CHECK(mat2.dim() == 2, op, "mat2 must be a matrix, got ", mat2.dim(), "-D tensor of shape ", mat2.sizes());
  EMBER_CHECK(self.size(1) == mat2.size(0), op, "mat1 and mat2 shapes cannot be multiplied (", self.size(0), "x",
              self.size(1), " and ", mat2.size(0), "x", mat2.size(1), ")");
  if (init.defined()) check_same_dtype(op, init, self);
  check_same_dtype(op, self, mat2);
  check_dtype(op, self);
  DimVector shape{self.size(0), mat2.size(1)};
  if (init.defined()) check_expandable(op, init, shape);
  Tensor init3 = init.defined() ? untracked([&] { return expand(init, shape).unsqueeze(0); }) : Tensor();
  Tensor out = untracked([&] { return matrix_product(self.unsqueeze(0), mat2.unsqueeze(0), init3, beta, alpha).view(shape); });
  if (autograd::any_requires_grad(init, self, mat2)) {
    if (init.defined()) {
      autograd::record("AddmmBackward0", {init, self, mat2}, {out}, {self, mat2},
                       [beta, alpha](BackwardContext& ctx, const variable_list& g) {
                         Tensor a = ctx.saved(0), b = ctx.saved(1);
                         return variable_list{
                             ctx.needs_input_grad(0) ? maybe_multiply(g[0], beta) : Tensor(),
                             ctx.needs_input_grad(1) ? maybe_multiply(mm(g[0], b.t()), alpha) : Tensor(),
                             ctx.needs_input_grad(2) ? maybe_multiply(mm(a.t(), g[0]), alpha) : Tensor()};
                       });
    } else {
      autograd::record("MmBackward0", {self, mat2}, {out}, {self, mat2},
                       [](BackwardContext& ctx, const variable_list& g) {
                         Tensor a = ctx.saved(0), b = ctx.saved(1);
                         return variable_list{ctx.needs_input_grad(0) ? mm(g[0], b.t()) : Tensor(),
                                              ctx.needs_input_grad(1) ? mm(a.t(), g[0]) : Tensor()};
                       });
    }
  }
  return out;
}

Tensor bmm_impl(const char* op, const Tensor& self, const Tensor& mat2, const Tensor& init = {},
                const Scalar& beta = 0, const Scalar& alpha = 1) {
  ops::check_defined(op, self);
  ops::check_defined(op, mat2);
  EMBER_CHECK(self.dim() == 3, op, "batch1 must be a 3D tensor, got shape ", self.sizes());
  EMBER_CHECK(mat2.dim() == 3, op, "batch2 must be a 3D tensor, got shape ", mat2.sizes());
  EMBER_CHECK(mat2.size(0) == self.size(0) && mat2.size(1) == self.size(2), op,
              "expected size for first two dimensions of batch2 tensor to be: [", self.size(0), ", ",
              self.size(2), "] but got: [", mat2.size(0), ", ", mat2.size(1), "] (batch1 ", self.sizes(),
              ", batch2 ", mat2.sizes(), ")");
  if (init.defined()) check_same_dtype(op, init, self);
  check_same_dtype(op, self, mat2);
  check_dtype(op, self);
  DimVector shape{self.size(0), self.size(1), mat2.size(2)};
  if (init.defined()) check_expandable(op, init, shape);
  Tensor out = untracked([&] { return matrix_product(self, mat2, init, beta, alpha); });
  if (autograd::any_requires_grad(init, self, mat2)) {
    if (init.defined()) {
      autograd::record("BaddbmmBackward0", {init, self, mat2}, {out}, {self, mat2},
                       [beta, alpha](BackwardContext& ctx, const variable_list& g) {
                         Tensor a = ctx.saved(0), b = ctx.saved(1);
                         return variable_list{
                             ctx.needs_input_grad(0) ? maybe_multiply(g[0], beta) : Tensor(),
                             ctx.needs_input_grad(1) ? maybe_multiply(bmm(g[0], b.transpose(1, 2)), alpha) : Tensor(),
                             ctx.needs_input_grad(2) ? maybe_multiply(bmm(a.transpose(1, 2), g[0]), alpha) : Tensor()};
                       });
    } else {
      autograd::record("BmmBackward0", {self, mat2}, {out}, {self, mat2},
                       [](BackwardContext& ctx, const variable_list& g) {
                         Tensor a = ctx.saved(0), b = ctx.saved(1);
                         return variable_list{ctx.needs_input_grad(0) ? bmm(g[0], b.transpose(1, 2)) : Tensor(),
                                              ctx.needs_input_grad(1) ? bmm(a.transpose(1, 2), g[0]) : Tensor()};
                       });
    }
  }
  return out;
}

Tensor mv_impl(const char* op, const Tensor& self, const Tensor& vec, const Tensor& init = {},
               const Scalar& beta = 0, const Scalar& alpha = 1) {
  ops::check_defined(op, self);
  ops::check_defined(op, vec);
  EMBER_CHECK(self.dim() == 2 && vec.dim() == 1 && (!init.defined() || init.dim() <= 1), op,
              "vector + matrix @ vector expected, got shapes ", init.defined() ? init.sizes() : IntArrayRef(),
              ", ", self.sizes(), " and ", vec.sizes());
  EMBER_CHECK(self.size(1) == vec.size(0), op, "size mismatch: matrix ", self.sizes(),
              " cannot multiply a vector of ", vec.size(0), " elements");
  if (init.defined()) check_same_dtype(op, init, self);
  check_same_dtype(op, self, vec);
  check_dtype(op, self);
  DimVector shape{self.size(0)};
  if (init.defined()) check_expandable(op, init, shape);
  Tensor init3 = init.defined() ? untracked([&] { return as_column(expand(init, shape)); }) : Tensor();
  Tensor out = untracked([&] { return matrix_product(self.unsqueeze(0), as_column(vec), init3, beta, alpha).view(shape); });
  if (autograd::any_requires_grad(init, self, vec)) {
    if (init.defined()) {
      autograd::record("AddmvBackward0", {init, self, vec}, {out}, {self, vec},
                       [beta, alpha](BackwardContext& ctx, const variable_list& g) {
                         Tensor m = ctx.saved(0), v = ctx.saved(1);
                         return variable_list{
                             ctx.needs_input_grad(0) ? maybe_multiply(g[0], beta) : Tensor(),
                             ctx.needs_input_grad(1) ? maybe_multiply(outer(g[0], v), alpha) : Tensor(),
                             ctx.needs_input_grad(2) ? maybe_multiply(mv(m.t(), g[0]), alpha) : Tensor()};
                       });
    } else {
      autograd::record("MvBackward0", {self, vec}, {out}, {self, vec},
                       [](BackwardContext& ctx, const variable_list& g) {
                         Tensor m = ctx.saved(0), v = ctx.saved(1);
                         return variable_list{ctx.needs_input_grad(0) ? outer(g[0], v) : Tensor(),
                                              ctx.needs_input_grad(1) ? mv(m.t(), g[0]) : Tensor()};
                       });
    }
  }
  return out;
}

Tensor dot_impl(const char* op, const char* node, const Tensor& self, const Tensor& other) {
  ops::check_defined(op, self);
  ops::check_defined(op, other);
  EMBER_CHECK(self.dim() == 1 && other.dim() == 1, op, "1D tensors expected, but got ", self.dim(), "D and ",
              other.dim(), "D tensors");
  EMBER_CHECK(self.size(0) == other.size(0), op, "inconsistent tensor size, expected tensor [", self.size(0),
              "] and src [", other.size(0), "] to have the same number of elements, but got ", self.size(0),
              " and ", other.size(0), " elements respectively");
  EMBER_CHECK(self.dtype() == other.dtype(), op, "expected both vectors to have same dtype, but found ",
              self.dtype(), " and ", other.dtype());
  check_dtype(op, self);
  Tensor out = untracked([&] { return matrix_product(as_row(self), as_column(other)).view(IntArrayRef{}); });
  if (autograd::any_requires_grad(self, other)) {
    autograd::record(node, {self, other}, {out}, {self, other}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{ctx.needs_input_grad(0) ? g[0] * ctx.saved(1) : Tensor(),
                           ctx.needs_input_grad(1) ? g[0] * ctx.saved(0) : Tensor()};
    });
  }
  return out;
}

// ---- matmul -----------------------------------------------------------------------------

// matmul for the cases that are not plain dot/mv/mm: at least one operand 1-D against a
// matrix or batch, or batched. 1-D operands become a row (left) or column (right), batch dims
// broadcast, and the unit dims are dropped from the result. Records nothing.
Tensor matmul_forward(const char* op, const Tensor& a, const Tensor& b) {
  Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
  Tensor b2 = b.dim() == 1 ? b.unsqueeze(-1) : b;
  int64_t M = a2.size(-2), K = a2.size(-1), N = b2.size(-1);
  EMBER_CHECK(b2.size(-2) == K, op, "shapes ", a.sizes(), " and ", b.sizes(),
              " cannot be multiplied: the last dim of the first (", K,
              ") must equal the second-to-last dim of the second (", b2.size(-2), ")");
  DimVector batch_a(a2.sizes().slice(0, a2.dim() - 2)), batch_b(b2.sizes().slice(0, b2.dim() - 2));
  DimVector batch = broadcast_shapes(batch_a, batch_b, op);
  int64_t batch_numel = product(IntArrayRef(batch));
  Tensor out;
  if (b2.dim() == 2) {
    // (..., M, K) @ (K, N): fold the batch into the rows for one large GEMM.
    out = matrix_product(a2.reshape({1, batch_numel * M, K}), b2.unsqueeze(0));
  } else {
    DimVector sa = batch, sb = batch;
    sa.push_back(M), sa.push_back(K);
    sb.push_back(K), sb.push_back(N);
    out = matrix_product(a2.expand(sa).reshape({batch_numel, M, K}), b2.expand(sb).reshape({batch_numel, K, N}));
  }
  DimVector shape = batch;
  if (a.dim() > 1) shape.push_back(M);
  if (b.dim() > 1) shape.push_back(N);
  return out.view(shape);
}

// Gradients of matmul(a, b) for grad g, each summed over broadcast batch dims and shaped as
// its operand (undefined when not needed). Written with matmul, so differentiable again.
std::array<Tensor, 2> matmul_backward(const Tensor& g, const Tensor& a, const Tensor& b, bool need_a, bool need_b) {
  Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
  Tensor b2 = b.dim() == 1 ? b.unsqueeze(-1) : b;
  // g with the unit dims of 1-D operands put back: (..., M, N).
  Tensor g2 = g;
  if (a.dim() == 1) g2 = g2.unsqueeze(b.dim() == 1 ? -1 : -2);
  if (b.dim() == 1) g2 = g2.unsqueeze(-1);
  Tensor ga, gb;
  if (need_a) ga = sum_to(matmul(g2, b2.mT()), a2.sizes()).reshape(a.sizes());
  if (need_b && b2.dim() == 2 && a2.dim() > 2) {
    // (..., M, K) @ (K, N): the batch folds into the rows, so b's gradient is one GEMM
    // (K, rows) @ (rows, N), not a batch of products summed afterwards.
    int64_t rows = 1;  // explicit, not -1: a size-0 dim would leave -1 ambiguous
    for (int64_t d = 0; d + 1 < a2.dim(); ++d) rows *= a2.size(d);
    Tensor rows_a = a2.reshape({rows, a2.size(-1)}), rows_g = g2.reshape({rows, g2.size(-1)});
    gb = matmul(rows_a.mT(), rows_g).reshape(b.sizes());
  } else if (need_b) {
    gb = sum_to(matmul(a2.mT(), g2), b2.sizes()).reshape(b.sizes());
  }
  return {ga, gb};
}

void check_matmul_operands(const char* op, const Tensor& a, const Tensor& b) {
  ops::check_defined(op, a);
  ops::check_defined(op, b);
  EMBER_CHECK(a.dim() >= 1 && b.dim() >= 1, op, "both arguments to matmul need to be at least 1D, but they are ",
              a.dim(), "D and ", b.dim(), "D");
  check_same_dtype(op, a, b);
  check_dtype(op, a);
}

// ---- einsum -----------------------------------------------------------------------------

// Labels are ints: 'A'-'Z' -> 0-25, 'a'-'z' -> 26-51 (so implicit output sorts uppercase
// first, as PyTorch), and ellipsis dim e -> kEllipsisLabel + e.
constexpr int kEllipsisLabel = 52;
using Labels = std::vector<int>;

char label_char(int l) { return l < 26 ? static_cast<char>('A' + l) : static_cast<char>('a' + l - 26); }

// Sizes of every label over all operands; size-1 dims broadcast.
std::vector<int64_t> label_sizes(TensorList tensors, const std::vector<Labels>& labels) {
  std::vector<int64_t> sizes;
  for (size_t i = 0; i < tensors.size(); ++i) {
    for (size_t d = 0; d < labels[i].size(); ++d) {
      int l = labels[i][d];
      if (static_cast<int>(sizes.size()) <= l) sizes.resize(l + 1, -1);
      int64_t s = tensors[i].size(static_cast<int64_t>(d));
      for (size_t e = 0; e < d; ++e)
        EMBER_CHECK(labels[i][e] != l || tensors[i].size(static_cast<int64_t>(e)) == s, "einsum",
                    "subscript ", label_char(l), " is repeated for operand ", i,
                    " but the sizes don't match, ", s, " != ", tensors[i].size(static_cast<int64_t>(e)));
      if (sizes[l] == -1 || sizes[l] == 1) {
        sizes[l] = s;
      } else if (l < kEllipsisLabel) {
        EMBER_CHECK(s == 1 || s == sizes[l], "einsum", "subscript ", label_char(l), " has size ", s,
                    " for operand ", i, " which does not broadcast with previously seen size ", sizes[l]);
      } else {
        EMBER_CHECK(s == 1 || s == sizes[l], "einsum", "dimension ", l - kEllipsisLabel,
                    " covered by ellipsis in operand ", i, " has size ", s,
                    " which does not broadcast with previously seen ellipsis with size ", sizes[l],
                    " for the respective dimension");
      }
    }
  }
  return sizes;
}

// One operand in the canonical layout: rank == order.size(), dim k holds label order[k] (size
// 1 where the operand lacks it). Repeated labels become diagonals; labels that no other
// operand and not the output has are summed here.
Tensor canonical_operand(Tensor t, Labels labels, const std::vector<int>& order, const std::vector<int>& uses) {
  // Diagonals: each repeat of a label at (p, q) becomes one dim at the end.
  for (bool found = true; found;) {
    found = false;
    for (size_t p = 0; p < labels.size() && !found; ++p) {
      for (size_t q = p + 1; q < labels.size() && !found; ++q) {
        if (labels[p] != labels[q]) continue;
        int l = labels[p];
        t = t.diagonal(0, static_cast<int64_t>(p), static_cast<int64_t>(q));
        labels.erase(labels.begin() + static_cast<int64_t>(q));
        labels.erase(labels.begin() + static_cast<int64_t>(p));
        labels.push_back(l);
        found = true;
      }
    }
  }
  // Labels used by this operand alone (uses counts other operands and the output).
  DimVector summed;
  Labels kept;
  for (size_t d = 0; d < labels.size(); ++d) {
    if (uses[labels[d]] == 1) summed.push_back(static_cast<int64_t>(d));
    else kept.push_back(labels[d]);
  }
  if (!summed.empty()) t = sum(t, summed);
  // Permute the kept labels into canonical order, then insert unit dims for absent labels.
  DimVector perm;
  for (int l : order) {
    auto it = std::find(kept.begin(), kept.end(), l);
    if (it != kept.end()) perm.push_back(it - kept.begin());
  }
  t = t.permute(perm);
  for (size_t k = 0; k < order.size(); ++k)
    if (std::find(kept.begin(), kept.end(), order[k]) == kept.end()) t = t.unsqueeze(static_cast<int64_t>(k));
  return t;
}

// a, b in canonical layout (same rank): their product with the dims in `sum_dims` summed
// (kept as unit dims), through one batched GEMM.
Tensor contract(Tensor a, Tensor b, const std::vector<bool>& sum_dims) {
  int64_t rank = a.dim();
  DimVector batch, rows, cols, inner, rest;  // dims of the GEMM: (batch, rows, inner) x (batch, inner, cols)
  for (int64_t d = 0; d < rank; ++d) {
    bool in_a = a.size(d) != 1, in_b = b.size(d) != 1;
    if (sum_dims[d]) {
      if (in_a && in_b) {
        inner.push_back(d);
        continue;
      }
      if (in_a) a = sum(a, {d}, true);
      if (in_b) b = sum(b, {d}, true);
      rest.push_back(d);
    } else if (in_a && in_b) {
      batch.push_back(d);
    } else if (in_a) {
      rows.push_back(d);
    } else if (in_b) {
      cols.push_back(d);
    } else {
      rest.push_back(d);
    }
  }
  auto numel_of = [](const Tensor& t, const DimVector& dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= t.size(d);
    return n;
  };
  auto concat = [](std::initializer_list<const DimVector*> parts) {
    DimVector out;
    for (const DimVector* p : parts)
      for (int64_t d : *p) out.push_back(d);
    return out;
  };
  int64_t B = numel_of(a, batch), M = numel_of(a, rows), K = numel_of(a, inner), N = numel_of(b, cols);
  // a: (batch, rows, inner, [unit dims]); b: (batch, inner, cols, [unit dims]).
  DimVector a_unit = concat({&cols, &rest}), b_unit = concat({&rows, &rest});
  // Integer labels summed in one operand came out as int64 (sum's rule): the product then
  // promotes, as LibTorch's (which multiplies those operands with mul).
  if (a.dtype() != b.dtype()) {
    ScalarType common = promote_types(a.dtype(), b.dtype());
    a = a.to(common);
    b = b.to(common);
  }
  Tensor a3 = a.permute(concat({&batch, &rows, &inner, &a_unit})).reshape({B, M, K});
  Tensor b3 = b.permute(concat({&batch, &inner, &cols, &b_unit})).reshape({B, K, N});
  Tensor out = matrix_product(a3, b3);
  // Back to canonical layout: (batch, rows, cols) sizes, unit dims for the rest, then permute.
  DimVector order = concat({&batch, &rows, &cols, &inner, &rest});
  DimVector sizes;
  for (int64_t d : order) {
    bool unit = std::find(inner.begin(), inner.end(), d) != inner.end() ||
                std::find(rest.begin(), rest.end(), d) != rest.end();
    sizes.push_back(unit ? 1 : a.size(d) != 1 ? a.size(d) : b.size(d));
  }
  DimVector inverse(rank);
  for (int64_t k = 0; k < rank; ++k) inverse[order[k]] = k;
  return out.reshape(sizes).permute(inverse);
}

// einsum on parsed labels; out_labels are unique. Records its own backward.
Tensor einsum_labels(TensorList tensors, const std::vector<Labels>& labels, const Labels& out_labels);

Tensor einsum_forward(TensorList tensors, const std::vector<Labels>& labels, const Labels& out_labels) {
  std::vector<int64_t> sizes = label_sizes(tensors, labels);
  // Canonical order: output labels, then the contracted ones.
  std::vector<int> order(out_labels.begin(), out_labels.end());
  std::vector<int> uses(sizes.size(), 0);  // operands (and the output) using each label
  for (int l : out_labels) uses[l] = 1;
  for (const Labels& ls : labels) {
    Labels unique = ls;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (int l : unique) {
      if (uses[l]++ == 0) order.push_back(l);
    }
  }
  std::vector<Tensor> ops;
  for (size_t i = 0; i < tensors.size(); ++i) ops.push_back(canonical_operand(tensors[i], labels[i], order, uses));
  // Contract left to right; a label is summed once no later operand has it.
  Tensor result = ops[0];
  for (size_t i = 1; i < ops.size(); ++i) {
    std::vector<bool> sum_dims(order.size(), false);
    for (size_t k = out_labels.size(); k < order.size(); ++k) {
      bool later = false;
      for (size_t j = i + 1; j < ops.size() && !later; ++j) later = ops[j].size(static_cast<int64_t>(k)) != 1;
      sum_dims[k] = !later;
    }
    result = contract(result, ops[i], sum_dims);
  }
  // Every contracted label is a unit dim now (summed in one operand or by a GEMM), and the
  // output dims come first.
  DimVector out_sizes;
  for (int l : out_labels) out_sizes.push_back(sizes[l]);
  return result.reshape(out_sizes);
}

// d out / d tensors[i] for grad g: einsum of g with the other operands into operand i's
// unique labels, broadcast over labels only operand i has, placed on the diagonal for
// repeated labels.
Tensor einsum_operand_grad(const Tensor& g, TensorList tensors, const std::vector<Labels>& labels,
                           const Labels& out_labels, size_t i) {
  const Labels& li = labels[i];
  Labels unique;
  for (int l : li)
    if (std::find(unique.begin(), unique.end(), l) == unique.end()) unique.push_back(l);
  std::vector<Tensor> operands{g};
  std::vector<Labels> operand_labels{out_labels};
  for (size_t j = 0; j < tensors.size(); ++j) {
    if (j == i) continue;
    operands.push_back(tensors[j]);
    operand_labels.push_back(labels[j]);
  }
  Labels kept, only_here;
  for (int l : unique) {
    bool elsewhere = false;
    for (const Labels& ls : operand_labels) elsewhere |= std::find(ls.begin(), ls.end(), l) != ls.end();
    (elsewhere ? kept : only_here).push_back(l);
  }
  Tensor r = einsum_labels(operands, operand_labels, kept);
  // Labels only operand i has were summed in the forward: their gradient is a broadcast.
  Labels r_labels = kept;
  for (int l : only_here) {
    int64_t d = std::find(li.begin(), li.end(), l) - li.begin();
    DimVector target(r.sizes());
    target.push_back(tensors[i].size(d));
    r = r.unsqueeze(-1).expand(target);
    r_labels.push_back(l);
  }
  DimVector perm;
  bool identity = true;
  for (int l : unique) {
    perm.push_back(std::find(r_labels.begin(), r_labels.end(), l) - r_labels.begin());
    identity &= perm.back() == static_cast<int64_t>(perm.size()) - 1;
  }
  if (!identity) r = r.permute(perm);
  // A label of size 1 here that broadcast against a larger one elsewhere: its gradient is
  // the same for every index, so expand (the engine sums the opposite case back itself).
  auto broadcast_to_operand = [&](const Tensor& grad) {
    DimVector target(grad.sizes());
    for (int64_t d = 0; d < grad.dim(); ++d)
      if (target[d] == 1) target[d] = tensors[i].size(d);
    return grad.sizes() == IntArrayRef(target) ? grad : grad.expand(target);
  };
  if (unique.size() == li.size()) return broadcast_to_operand(r);
  // Repeated labels: r's value goes on the diagonal, zeros elsewhere. Insert a unit dim at
  // each repeat and multiply by the 0/1 mask of "every repeat equals its first occurrence".
  std::vector<int64_t> first(li.size());
  for (size_t p = 0; p < li.size(); ++p) {
    first[p] = std::find(li.begin(), li.end(), li[p]) - li.begin();
    if (first[p] != static_cast<int64_t>(p)) r = r.unsqueeze(static_cast<int64_t>(p));
  }
  Tensor mask = empty(tensors[i].sizes(), kDouble);
  double* m = mask.data_ptr<double>();
  DimVector index(li.size(), 0);
  for (int64_t flat = 0; flat < mask.numel(); ++flat) {
    bool on = true;
    for (size_t p = 0; p < li.size(); ++p) on &= index[p] == index[first[p]];
    m[flat] = on ? 1.0 : 0.0;
    for (int64_t d = static_cast<int64_t>(li.size()) - 1; d >= 0; --d) {
      if (++index[d] < mask.size(d)) break;
      index[d] = 0;
    }
  }
  return broadcast_to_operand(r * mask.to(r.dtype()));
}

Tensor einsum_labels(TensorList tensors, const std::vector<Labels>& labels, const Labels& out_labels) {
  Tensor out = untracked([&] { return einsum_forward(tensors, labels, out_labels); });
  if (autograd::any_requires_grad(tensors)) {
    std::vector<Tensor> inputs(tensors.begin(), tensors.end());
    autograd::record("EinsumBackward0", inputs, {out}, inputs,
                     [labels, out_labels, n = inputs.size()](BackwardContext& ctx, const variable_list& g) {
                       std::vector<Tensor> saved;
                       for (size_t i = 0; i < n; ++i) saved.push_back(ctx.saved(i));
                       variable_list grads(n);
                       for (size_t i = 0; i < n; ++i)
                         if (ctx.needs_input_grad(i)) grads[i] = einsum_operand_grad(g[0], saved, labels, out_labels, i);
                       return grads;
                     });
  }
  return out;
}

// Parses one side of the equation: labels with the ellipsis as -1 (one entry), or throws.
Labels parse_term(std::string_view eq, size_t begin, size_t end, const std::string& who) {
  Labels out;
  bool ellipsis = false;
  for (size_t i = begin; i < end; ++i) {
    char c = eq[i];
    if (c == ' ') continue;
    if (c == '.') {
      EMBER_CHECK(i + 2 < end && eq[i + 1] == '.' && eq[i + 2] == '.', "einsum", "found '.' for ", who,
                  " that is not part of any ellipsis");
      EMBER_CHECK(!ellipsis, "einsum", "found '.' for ", who, " for which an ellipsis was already found");
      ellipsis = true;
      out.push_back(-1);
      i += 2;
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(c - 'A');
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(c - 'a' + 26);
    } else {
      detail::throw_error("einsum", "invalid subscript given at index ", i,
                          " in the equation string, subscripts must be in [a-zA-Z]");
    }
  }
  return out;
}

}  // namespace

// ---- public ops ---------------------------------------------------------------------------

Tensor mm(const Tensor& self, const Tensor& mat2) { return mm_impl("mm", self, mat2); }
Tensor bmm(const Tensor& self, const Tensor& mat2) { return bmm_impl("bmm", self, mat2); }
Tensor mv(const Tensor& self, const Tensor& vec) { return mv_impl("mv", self, vec); }
Tensor dot(const Tensor& self, const Tensor& tensor) { return dot_impl("dot", "DotBackward0", self, tensor); }
// Real dtypes only, so no conjugation: vdot is dot.
Tensor vdot(const Tensor& self, const Tensor& other) { return dot_impl("vdot", "VdotBackward0", self, other); }

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta, const Scalar& alpha) {
  ops::check_defined("addmm", self);
  return mm_impl("addmm", mat1, mat2, self, beta, alpha);
}
Tensor addmv(const Tensor& self, const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) {
  ops::check_defined("addmv", self);
  return mv_impl("addmv", mat, vec, self, beta, alpha);
}
Tensor baddbmm(const Tensor& self, const Tensor& batch1, const Tensor& batch2, const Scalar& beta,
               const Scalar& alpha) {
  ops::check_defined("baddbmm", self);
  return bmm_impl("baddbmm", batch1, batch2, self, beta, alpha);
}

namespace {
Tensor outer_impl(const char* op, const Tensor& self, const Tensor& vec2) {
  ops::check_defined(op, self);
  ops::check_defined(op, vec2);
  EMBER_CHECK(self.dim() == 1, op, "expected 1-D argument self, but got ", self.dim(), "-D (shape ", self.sizes(), ")");
  EMBER_CHECK(vec2.dim() == 1, op, "expected 1-D argument vec2, but got ", vec2.dim(), "-D (shape ", vec2.sizes(), ")");
  // A broadcast multiply (n, 1) * (m): promotes like mul, bool included.
  Tensor out = untracked([&] { return mul(self.unsqueeze(1), vec2); });
  if (autograd::any_requires_grad(self, vec2)) {
    autograd::record("MulBackward0", {self, vec2}, {out}, {self, vec2}, [](BackwardContext& ctx, const variable_list& g) {
      Tensor a = ctx.saved(0), b = ctx.saved(1);
      Tensor ga, gb;
      if (ctx.needs_input_grad(0)) ga = sum(g[0] * b, {1}).to(a.dtype());
      if (ctx.needs_input_grad(1)) gb = sum(g[0] * a.unsqueeze(1), {0}).to(b.dtype());
      return variable_list{ga, gb};
    });
  }
  return out;
}
}  // namespace

Tensor outer(const Tensor& self, const Tensor& vec2) { return outer_impl("outer", self, vec2); }
Tensor ger(const Tensor& self, const Tensor& vec2) { return outer_impl("ger", self, vec2); }

Tensor matmul(const Tensor& self, const Tensor& other) {
  const char* op = "matmul";
  check_matmul_operands(op, self, other);
  int64_t da = self.dim(), db = other.dim();
  if (da == 1 && db == 1) return dot_impl(op, "DotBackward0", self, other);
  if (da == 2 && db == 1) return mv_impl(op, self, other);
  if (da == 2 && db == 2) return mm_impl(op, self, other);
  Tensor out = untracked([&] { return matmul_forward(op, self, other); });
  if (autograd::any_requires_grad(self, other)) {
    autograd::record("MatmulBackward0", {self, other}, {out}, {self, other},
                     [](BackwardContext& ctx, const variable_list& g) {
                       auto [ga, gb] = matmul_backward(g[0], ctx.saved(0), ctx.saved(1), ctx.needs_input_grad(0),
                                                       ctx.needs_input_grad(1));
                       return variable_list{ga, gb};
                     });
  }
  return out;
}

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  const char* op = "linear";
  ops::check_defined(op, weight);
  EMBER_CHECK(weight.dim() == 1 || weight.dim() == 2, op, "weight must be 1-D or 2-D (out_features, in_features), got shape ",
              weight.sizes());
  Tensor wt = untracked([&] { return weight.t(); });  // (in, out)
  check_matmul_operands(op, input, wt);
  if (bias.defined()) check_same_dtype(op, input, bias);
  Tensor out = untracked([&] {
    if (input.dim() == 2 && weight.dim() == 2) {
      int64_t in = input.size(1);
      EMBER_CHECK(weight.size(1) == in, op, "mat1 and mat2 shapes cannot be multiplied (", input.size(0), "x", in,
                  " and ", wt.size(0), "x", wt.size(1), "): input features ", in, " != weight's in_features ",
                  weight.size(1));
      // The common layer case: the bias goes in as the GEMM's initial value (beta = 1).
      DimVector shape{input.size(0), weight.size(0)};
      Tensor init;
      if (bias.defined()) {
        check_expandable(op, bias, shape);
        init = expand(bias, shape).unsqueeze(0);
      }
      return matrix_product(input.unsqueeze(0), wt.unsqueeze(0), init, 1, 1).view(shape);
    }
    Tensor prod = matmul_forward(op, input, wt);
    if (!bias.defined()) return prod;
    check_expandable(op, bias, prod.sizes());
    return add(prod, bias);
  });
  if (autograd::any_requires_grad(input, weight, bias)) {
    const char* node = input.dim() == 2 && weight.dim() == 2 ? (bias.defined() ? "AddmmBackward0" : "MmBackward0")
                                                              : "LinearBackward0";
    autograd::record(node, {input, weight, bias}, {out}, {input, weight},
                     [](BackwardContext& ctx, const variable_list& g) {
                       Tensor x = ctx.saved(0), w = ctx.saved(1);
                       auto [gx, gwt] = matmul_backward(g[0], x, w.t(), ctx.needs_input_grad(0), ctx.needs_input_grad(1));
                       return variable_list{gx, gwt.defined() ? gwt.t() : Tensor(),
                                            ctx.needs_input_grad(2) ? g[0] : Tensor()};
                     });
  }
  return out;
}

Tensor einsum(std::string_view equation, TensorList tensors) {
  EMBER_CHECK(!tensors.empty(), "einsum", "must provide at least one operand");
  for (const Tensor& t : tensors) ops::check_defined("einsum", t);
  size_t arrow = equation.find("->");
  size_t lhs_end = arrow == std::string_view::npos ? equation.size() : arrow;
  // Operand terms.
  std::vector<Labels> terms;
  for (size_t begin = 0;;) {
    size_t comma = equation.find(',', begin);
    size_t end = comma == std::string_view::npos || comma > lhs_end ? lhs_end : comma;
    EMBER_CHECK(terms.size() < tensors.size(), "einsum",
                "more operands were specified in the equation than provided (", tensors.size(), ")");
    terms.push_back(parse_term(equation, begin, end, "operand " + std::to_string(terms.size())));
    if (end == lhs_end) break;
    begin = end + 1;
  }
  EMBER_CHECK(terms.size() == tensors.size(), "einsum", "more operands were provided (", tensors.size(),
              ") than specified in the equation (", terms.size(), ")");
  for (const Tensor& t : tensors) check_same_dtype("einsum", tensors[0], t);
  // Expand ellipses into labels kEllipsisLabel + e, right-aligned to the widest one.
  int64_t ell_dims = 0;
  bool any_ellipsis = false;
  for (size_t i = 0; i < terms.size(); ++i) {
    bool has = std::find(terms[i].begin(), terms[i].end(), -1) != terms[i].end();
    int64_t named = static_cast<int64_t>(terms[i].size()) - (has ? 1 : 0), dim = tensors[i].dim();
    if (has) {
      EMBER_CHECK(named <= dim, "einsum", "the number of subscripts in the equation (", named,
                  ") is more than the number of dimensions (", dim, ") for operand ", i);
      ell_dims = std::max(ell_dims, dim - named);
      any_ellipsis = true;
    } else {
      EMBER_CHECK(named == dim, "einsum", "the number of subscripts in the equation (", named,
                  ") does not match the number of dimensions (", dim, ") for operand ", i,
                  " and no ellipsis was given");
    }
  }
  auto expand_ellipsis = [&](const Labels& term, int64_t covered) {
    Labels out;
    for (int l : term) {
      if (l != -1) {
        out.push_back(l);
        continue;
      }
      for (int64_t e = ell_dims - covered; e < ell_dims; ++e) out.push_back(kEllipsisLabel + static_cast<int>(e));
    }
    return out;
  };
  std::vector<Labels> labels;
  std::vector<int> count(kEllipsisLabel, 0);
  for (size_t i = 0; i < terms.size(); ++i) {
    int64_t named = static_cast<int64_t>(terms[i].size()) - (std::count(terms[i].begin(), terms[i].end(), -1));
    labels.push_back(expand_ellipsis(terms[i], tensors[i].dim() - named));
    for (int l : terms[i])
      if (l >= 0) ++count[l];
  }
  Labels out_labels;
  if (arrow == std::string_view::npos) {
    // Implicit output: ellipsis dims, then labels seen exactly once, in label order.
    if (any_ellipsis)
      for (int64_t e = 0; e < ell_dims; ++e) out_labels.push_back(kEllipsisLabel + static_cast<int>(e));
    for (int l = 0; l < kEllipsisLabel; ++l)
      if (count[l] == 1) out_labels.push_back(l);
  } else {
    Labels term = parse_term(equation, arrow + 2, equation.size(), "the output");
    for (size_t k = 0; k < term.size(); ++k) {
      int l = term[k];
      if (l == -1) continue;
      EMBER_CHECK(count[l] > 0, "einsum", "output subscript ", label_char(l),
                  " does not appear in the equation for any input operand");
      EMBER_CHECK(std::count(term.begin(), term.end(), l) == 1, "einsum", "output subscript ", label_char(l),
                  " appears more than once in the output");
    }
    out_labels = expand_ellipsis(term, ell_dims);
  }
  return einsum_labels(tensors, labels, out_labels);
}

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::matmul(const Tensor& other) const { return ember::matmul(*this, other); }
Tensor Tensor::mm(const Tensor& mat2) const { return ember::mm(*this, mat2); }
Tensor Tensor::bmm(const Tensor& mat2) const { return ember::bmm(*this, mat2); }
Tensor Tensor::mv(const Tensor& vec) const { return ember::mv(*this, vec); }
Tensor Tensor::dot(const Tensor& tensor) const { return ember::dot(*this, tensor); }
Tensor Tensor::vdot(const Tensor& other) const { return ember::vdot(*this, other); }
Tensor Tensor::outer(const Tensor& vec2) const { return ember::outer(*this, vec2); }
Tensor Tensor::ger(const Tensor& vec2) const { return ember::ger(*this, vec2); }
Tensor Tensor::addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta, const Scalar& alpha) const {
  return ember::addmm(*this, mat1, mat2, beta, alpha);
}
Tensor Tensor::addmv(const Tensor& mat, const Tensor& vec, const Scalar& beta, const Scalar& alpha) const {
  return ember::addmv(*this, mat, vec, beta, alpha);
}
Tensor Tensor::baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta, const Scalar& alpha) const {
  return ember::baddbmm(*this, batch1, batch2, beta, alpha);
}

}  // namespace ember
