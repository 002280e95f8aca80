#include "ops/reduce_util.h"

#include <algorithm>

#include "ember/ops/views.h"

namespace ember::ops {

Mask reduction_mask(const Tensor& self, IntArrayRef dims, const char* op) {
  int64_t n = self.dim();
  Mask mask(n, dims.empty());
  // A 0-dim tensor accepts dim 0 (or -1) once and has nothing to reduce.
  Mask seen(std::max<int64_t>(n, 1), false);
  for (int64_t d : dims) {
    int64_t w = wrap_dim(d, n, op);
    EMBER_CHECK(!seen[w], op, "dim ", w, " appears multiple times in the list of dims ", dims);
    seen[w] = true;
    if (n > 0) mask[w] = true;
  }
  return mask;
}

DimVector mask_dims(const Mask& mask) {
  DimVector dims;
  for (size_t d = 0; d < mask.size(); ++d)
    if (mask[d]) dims.push_back(static_cast<int64_t>(d));
  return dims;
}

DimVector reduced_shape(IntArrayRef sizes, const Mask& mask, bool keepdim) {
  DimVector out;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (!mask[d]) out.push_back(sizes[d]);
    else if (keepdim) out.push_back(1);
  }
  return out;
}

Tensor unsqueeze_reduced(const Tensor& t, const Mask& mask, bool keepdim) {
  if (keepdim) return t;
  Tensor out = t;
  for (size_t d = 0; d < mask.size(); ++d)
    if (mask[d]) out = unsqueeze(out, static_cast<int64_t>(d));
  return out;
}

}  // namespace ember::ops
