// embedding: a row lookup with embedding_backward's gradient (rows accumulated by index,
// padding_idx rows left at zero, optional scaling by frequency).
#include <unordered_map>

#include "autograd/record.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "ember/ops/binary.h"
#include "ember/ops/indexing.h"
#include "ember/ops/nn_functional.h"
#include "ember/ops/views.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::BackwardContext;
using autograd::variable_list;

namespace {

// Per lookup, the factor its gradient row is multiplied by before accumulation: 0 where the
// index is padding_idx, 1 / (occurrences of the index) with scale_grad_by_freq, else 1.
// Shape [*indices.shape, 1] so it broadcasts against the gradient [*indices.shape, dim].
Tensor row_scale(const Tensor& indices, int64_t padding_idx, bool scale_grad_by_freq, ScalarType dtype) {
  const int64_t* idx = indices.data_ptr<int64_t>();
  int64_t n = indices.numel();
  std::unordered_map<int64_t, int64_t> counts;
  if (scale_grad_by_freq)
    for (int64_t i = 0; i < n; ++i) ++counts[idx[i]];
  Tensor scale = empty({n}, kDouble);
  double* s = scale.data_ptr<double>();
  for (int64_t i = 0; i < n; ++i)
    s[i] = idx[i] == padding_idx ? 0.0 : scale_grad_by_freq ? 1.0 / static_cast<double>(counts[idx[i]]) : 1.0;
  DimVector shape(indices.sizes());
  shape.push_back(1);
  return scale.to(dtype).view(shape);
}

}  // namespace

Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx, bool scale_grad_by_freq,
                 bool sparse) {
  const char* op = "embedding";
  ops::check_defined(op, weight);
  ops::check_defined(op, indices);
  EMBER_CHECK(weight.dim() == 2, op, "'weight' must be 2-D ([num_embeddings, embedding_dim]) but got shape ",
              weight.sizes());
  EMBER_CHECK(indices.dtype() == kLong || indices.dtype() == kInt, op,
              "expected indices of dtype Long or Int but got ", indices.dtype(), "; convert them with .to(kLong)");
  EMBER_CHECK(!sparse, op, "sparse=true (a sparse gradient) is not supported: ember has no sparse tensors; "
              "pass sparse=false for a dense gradient");
  int64_t num = weight.size(0);
  Tensor idx = indices.to(kLong).contiguous();
  const int64_t* p = idx.data_ptr<int64_t>();
  for (int64_t i = 0; i < idx.numel(); ++i)
    EMBER_CHECK(p[i] >= 0 && p[i] < num, op, "index out of range in self: index ", p[i],
                " is not in [0, ", num, ") for weight of shape ", weight.sizes());
  Tensor out;
  {
    // The lookup's own history would bypass embedding_backward's semantics; this op records it.
    NoGradGuard no_grad;
    out = index(weight, {idx});
  }
  if (autograd::any_requires_grad(weight)) {
    Tensor scale = padding_idx >= 0 || scale_grad_by_freq ? row_scale(idx, padding_idx, scale_grad_by_freq, weight.dtype())
                                                          : Tensor();
    autograd::record("EmbeddingBackward0", {weight}, {out}, {},
                     [idx, scale, sizes = DimVector(weight.sizes())](BackwardContext&, const variable_list& g) {
                       Tensor rows = scale.defined() ? g[0] * scale : g[0];
                       return variable_list{index_put(zeros(sizes, g[0].dtype()), {idx}, rows, /*accumulate=*/true)};
                     });
  }
  return out;
}

}  // namespace ember
