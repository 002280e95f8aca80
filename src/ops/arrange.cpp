// Rearranging ops: flip, roll, rot90, repeat, tile, repeat_interleave, tril, triu, one_hot,
// constant_pad_nd, pad. The differentiable ones are linear maps recorded with their adjoint
// (ops/linear_map.h), so gradients of any order need no further formulas.
#include "ember/ops/arrange.h"

#include <algorithm>
#include <string>

#include "autograd/record.h"
#include "cpu/arrange_kernel.h"
#include "cpu/copy_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/copy.h"
#include "ember/ops/reduce.h"
#include "ember/ops/views.h"
#include "ops/along_dim.h"
#include "ops/elementwise.h"
#include "ops/linear_map.h"

namespace ember {

using ops::LinearFn;

namespace {

// Wraps dims; a dim named twice throws.
std::vector<bool> dim_mask(const Tensor& self, IntArrayRef dims, const char* op) {
  std::vector<bool> mask(static_cast<size_t>(std::max<int64_t>(self.dim(), 1)), false);
  for (int64_t dim : dims) {
    int64_t d = wrap_dim(dim, self.dim(), op);
    EMBER_CHECK(!mask[d], op, "dim ", d, " appears multiple times in the list of dims ", dims,
                " (tensor of shape ", self.sizes(), ")");
    mask[d] = true;
  }
  return mask;
}

// For ops that index a dim: a 0-dim tensor has none (LibTorch rejects dim 0 there too).
int64_t wrap_real_dim(int64_t dim, const Tensor& self, const char* op) {
  EMBER_CHECK(self.dim() > 0, op, "dimension specified as ", dim,
              " but the tensor has no dimensions (0-dim tensor)");
  return wrap_dim(dim, self.dim(), op);
}

Tensor flip_impl(const Tensor& x, const std::vector<bool>& mask) {
  Tensor out = empty(x.sizes(), x.dtype());
  if (x.dim() == 0) {
    cpu::copy_kernel(out, x);
    return out;
  }
  cpu::flip_kernel(out, x, mask);
  return out;
}

// x rolled by `shift` along dim d: two block copies.
Tensor roll_one(const Tensor& x, int64_t shift, int64_t d) {
  Tensor out = empty(x.sizes(), x.dtype());
  int64_t n = x.sizes()[d];
  if (x.numel() == 0) return out;
  int64_t s = ((shift % n) + n) % n;
  cpu::copy_kernel(narrow(out, d, s, n - s), narrow(x, d, 0, n - s));
  cpu::copy_kernel(narrow(out, d, 0, s), narrow(x, d, n - s, s));
  return out;
}

// Rolls along dims (empty: the flattened tensor by shifts[0]).
Tensor roll_impl(const Tensor& x, const std::vector<int64_t>& shifts, const std::vector<int64_t>& dims) {
  if (dims.empty()) return reshape(roll_one(reshape(x, {x.numel()}), shifts[0], 0), x.sizes());
  Tensor out = x;
  for (size_t i = 0; i < dims.size(); ++i) out = roll_one(out, shifts[i], dims[i]);
  return out;
}

Tensor rot90_impl(const Tensor& x, int64_t k, int64_t d0, int64_t d1) {
  std::vector<bool> mask(static_cast<size_t>(x.dim()), false);
  switch (((k % 4) + 4) % 4) {
    case 1:
      mask[d1] = true;
      return contiguous(transpose(flip_impl(x, mask), d0, d1));
    case 2:
      mask[d0] = mask[d1] = true;
      return flip_impl(x, mask);
    case 3:
      mask[d0] = true;
      return contiguous(transpose(flip_impl(x, mask), d0, d1));
    default:
      return clone(x);
  }
}

// repeat: out viewed as [r0, s0, r1, s1, ...] (s: self's sizes with leading 1s) is self read
// with stride 0 along every r dim.
struct RepeatGeometry {
  DimVector pairs;       // [r0, s0, r1, s1, ...]
  DimVector out_shape;   // [r0 * s0, r1 * s1, ...]
  DimVector fold_dims;   // 0, 2, 4, ...: the r dims
};

RepeatGeometry repeat_geometry(IntArrayRef sizes, IntArrayRef repeats) {
  RepeatGeometry g;
  int64_t lead = static_cast<int64_t>(repeats.size()) - static_cast<int64_t>(sizes.size());
  for (size_t i = 0; i < repeats.size(); ++i) {
    int64_t s = static_cast<int64_t>(i) < lead ? 1 : sizes[i - static_cast<size_t>(lead)];
    g.pairs.push_back(repeats[i]);
    g.pairs.push_back(s);
    g.out_shape.push_back(repeats[i] * s);
    g.fold_dims.push_back(static_cast<int64_t>(2 * i));
  }
  return g;
}

Tensor repeat_impl(const Tensor& x, IntArrayRef repeats) {
  RepeatGeometry g = repeat_geometry(x.sizes(), repeats);
  Tensor out = empty(g.out_shape, x.dtype());
  if (out.numel() == 0) return out;
  int64_t lead = static_cast<int64_t>(repeats.size()) - x.dim();
  DimVector src_strides;
  for (size_t i = 0; i < repeats.size(); ++i) {
    src_strides.push_back(0);
    src_strides.push_back(static_cast<int64_t>(i) < lead ? 0 : x.strides()[i - static_cast<size_t>(lead)]);
  }
  cpu::copy_kernel(as_strided(out, g.pairs, contiguous_strides(g.pairs), 0),
                   as_strided(x, g.pairs, src_strides, x.storage_offset()));
  return out;
}

// The adjoint of repeat: each output block summed back onto self's shape.
Tensor repeat_fold(const Tensor& grad, IntArrayRef self_sizes, IntArrayRef repeats) {
  RepeatGeometry g = repeat_geometry(self_sizes, repeats);
  if (g.fold_dims.empty()) return clone(grad);
  return reshape(sum(reshape(grad, g.pairs), g.fold_dims), self_sizes);
}

// The int64 index of repeat_interleave: i repeated repeats[i] times.
Tensor interleave_index(const Tensor& repeats, std::optional<int64_t> output_size, const char* op) {
  Tensor counts = repeats.to(kLong).contiguous();
  const int64_t* c = counts.data_ptr<int64_t>();
  int64_t total = 0;
  for (int64_t i = 0; i < counts.numel(); ++i) {
    EMBER_CHECK(c[i] >= 0, op, "repeats can not be negative (got ", c[i], " at position ", i, ")");
    total += c[i];
  }
  EMBER_CHECK(!output_size || *output_size == total, op, "allocated size does not match required size: output_size is ",
              *output_size, " but the repeats add up to ", total);
  Tensor index = empty({total}, kLong);
  int64_t* p = index.data_ptr<int64_t>();
  for (int64_t i = 0; i < counts.numel(); ++i) p = std::fill_n(p, c[i], i);
  return index;
}

Tensor triangle(const Tensor& self, int64_t diagonal, bool lower) {
  const char* op = lower ? "tril" : "triu";
  ops::check_defined(op, self);
  EMBER_CHECK(self.dim() >= 2, op, "input tensor must have at least 2 dimensions, got shape ", self.sizes());
  LinearFn f = [diagonal, lower](const Tensor& x) {
    Tensor out = empty(x.sizes(), x.dtype());
    cpu::triangle_kernel(out, x, diagonal, lower);
    return out;
  };
  // Masking is its own adjoint.
  return ops::apply_linear(lower ? "TrilBackward0" : "TriuBackward0", self, f, f,
                           lower ? "TrilBackward0" : "TriuBackward0");
}

// ---- pad --------------------------------------------------------------------------------

// For each padded dim (innermost first, as pad lists them): output position j reads input
// position index[j] (mode's rule for positions outside [0, n)).
std::vector<std::pair<int64_t, Tensor>> pad_indices(IntArrayRef sizes, IntArrayRef pad, std::string_view mode) {
  std::vector<std::pair<int64_t, Tensor>> result;
  int64_t ndim = static_cast<int64_t>(sizes.size());
  for (size_t i = 0; i < pad.size() / 2; ++i) {
    int64_t d = ndim - 1 - static_cast<int64_t>(i);
    int64_t n = sizes[d], left = pad[2 * i], right = pad[2 * i + 1];
    int64_t len = n + left + right;
    Tensor index = empty({len}, kLong);
    int64_t* p = index.data_ptr<int64_t>();
    for (int64_t j = 0; j < len; ++j) {
      int64_t src = j - left;
      if (mode == "reflect") src = src < 0 ? -src : src >= n ? 2 * (n - 1) - src : src;
      else if (mode == "replicate") src = std::clamp<int64_t>(src, 0, n - 1);
      else src = ((src % n) + n) % n;  // circular
      p[j] = src;
    }
    result.emplace_back(d, index);
  }
  return result;
}

void check_non_constant_pad(const Tensor& self, IntArrayRef pad, std::string_view mode, const char* op) {
  int64_t k = static_cast<int64_t>(pad.size()) / 2;
  bool supported = self.dim() == k + 1 || self.dim() == k + 2;
  EMBER_CHECK(supported, op, "only 2D, 3D, 4D, 5D padding with non-constant padding are supported: mode \"",
              mode, "\" with a pad of length ", pad.size(), " needs a ", k + 1, "-d or ", k + 2,
              "-d input (batch and channel dims first), got shape ", self.sizes());
  if (mode == "circular")
    EMBER_CHECK(self.dim() == k + 2, op, "circular padding with a pad of length ", pad.size(), " needs a ", k + 2,
                "-d input ([batch, channels, ...]), got shape ", self.sizes());
  for (int64_t i = 0; i < k; ++i) {
    int64_t d = self.dim() - 1 - i;
    int64_t n = self.sizes()[d], left = pad[2 * i], right = pad[2 * i + 1];
    EMBER_CHECK(n > 0, op, "mode \"", mode, "\" needs non-empty padded dims, but dim ", d, " of input ",
                self.sizes(), " is empty");
    if (mode == "reflect")
      EMBER_CHECK(left < n && right < n, op, "padding size should be less than the corresponding input dimension, "
                  "but got: padding (", left, ", ", right, ") at dimension ", d, " of input ", self.sizes());
    if (mode == "circular")
      EMBER_CHECK(left <= n && right <= n, op, "padding value causes wrapping around more than once: padding (",
                  left, ", ", right, ") at dimension ", d, " of input ", self.sizes());
    EMBER_CHECK(n + left + right >= 1, op, "input size ", n, " with padding (", left, ", ", right,
                ") at dimension ", d, " gives an output size below 1 (input ", self.sizes(), ")");
    EMBER_CHECK(left >= -n && right >= -n, op, "negative padding (", left, ", ", right,
                ") removes more than dimension ", d, " of input ", self.sizes(), " holds");
  }
}

const char* pad_node_name(std::string_view mode, size_t dims, bool adjoint) {
  static const char* names[3][2][3] = {
      {{"ReflectionPad1DBackward0", "ReflectionPad2DBackward0", "ReflectionPad3DBackward0"},
       {"ReflectionPad1DBackwardBackward0", "ReflectionPad2DBackwardBackward0", "ReflectionPad3DBackwardBackward0"}},
      {{"ReplicationPad1DBackward0", "ReplicationPad2DBackward0", "ReplicationPad3DBackward0"},
       {"ReplicationPad1DBackwardBackward0", "ReplicationPad2DBackwardBackward0", "ReplicationPad3DBackwardBackward0"}},
      {{"CircularPad1DBackward0", "CircularPad2DBackward0", "CircularPad3DBackward0"},
       {"CircularPad1DBackwardBackward0", "CircularPad2DBackwardBackward0", "CircularPad3DBackwardBackward0"}}};
  int m = mode == "reflect" ? 0 : mode == "replicate" ? 1 : 2;
  return names[m][adjoint ? 1 : 0][dims - 1];
}

}  // namespace

// ---- ops --------------------------------------------------------------------------------

Tensor flip(const Tensor& self, IntArrayRef dims) {
  ops::check_defined("flip", self);
  std::vector<bool> mask = dim_mask(self, dims, "flip");
  LinearFn f = [mask](const Tensor& x) { return flip_impl(x, mask); };
  return ops::apply_linear("FlipBackward0", self, f, f, "FlipBackward0");
}

Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  ops::check_defined("roll", self);
  EMBER_CHECK(!shifts.empty(), "roll", "`shifts` required (got an empty list; tensor of shape ", self.sizes(), ")");
  if (dims.empty())
    EMBER_CHECK(shifts.size() == 1, "roll", "shifts and dimensions must align: ", shifts.size(),
                " shifts but no dims (only one shift may roll the flattened tensor)");
  else
    EMBER_CHECK(shifts.size() == dims.size(), "roll", "shifts and dimensions must align: shifts ", shifts,
                ", dims ", dims);
  std::vector<int64_t> wrapped, forward_shifts(shifts.begin(), shifts.end()), back_shifts;
  for (int64_t dim : dims) wrapped.push_back(wrap_real_dim(dim, self, "roll"));
  for (int64_t s : shifts) back_shifts.push_back(-s);
  LinearFn f = [forward_shifts, wrapped](const Tensor& x) { return roll_impl(x, forward_shifts, wrapped); };
  LinearFn b = [back_shifts, wrapped](const Tensor& x) { return roll_impl(x, back_shifts, wrapped); };
  return ops::apply_linear("RollBackward0", self, f, b, "RollBackward0");
}

Tensor rot90(const Tensor& self, int64_t k, IntArrayRef dims) {
  ops::check_defined("rot90", self);
  EMBER_CHECK(dims.size() == 2, "rot90", "expected total rotation dims == 2, but got dims = ", dims.size(),
              " (", dims, ")");
  EMBER_CHECK(self.dim() >= 2, "rot90", "expected total dims >= 2, but got total dims = ", self.dim(),
              " (shape ", self.sizes(), ")");
  int64_t d0 = wrap_dim(dims[0], self.dim(), "rot90"), d1 = wrap_dim(dims[1], self.dim(), "rot90");
  EMBER_CHECK(d0 != d1, "rot90", "expected rotation dims to be different, but got dim0 = ", d0, " and dim1 = ", d1);
  LinearFn f = [k, d0, d1](const Tensor& x) { return rot90_impl(x, k, d0, d1); };
  LinearFn b = [k, d0, d1](const Tensor& x) { return rot90_impl(x, -k, d0, d1); };
  return ops::apply_linear("Rot90Backward0", self, f, b, "Rot90Backward0");
}

Tensor repeat(const Tensor& self, IntArrayRef repeats) {
  ops::check_defined("repeat", self);
  EMBER_CHECK(static_cast<int64_t>(repeats.size()) >= self.dim(), "repeat",
              "number of dimensions of repeat dims can not be smaller than number of dimensions of tensor: "
              "repeats ", repeats, " for a tensor of shape ", self.sizes());
  for (int64_t r : repeats)
    EMBER_CHECK(r >= 0, "repeat", "trying to create tensor with negative dimension: repeats ", repeats);
  DimVector reps(repeats), sizes(self.sizes());
  LinearFn f = [reps](const Tensor& x) { return repeat_impl(x, reps); };
  LinearFn b = [reps, sizes](const Tensor& g) { return repeat_fold(g, sizes, reps); };
  return ops::apply_linear("RepeatBackward0", self, f, b, "RepeatBackwardBackward0");
}

Tensor tile(const Tensor& self, IntArrayRef dims) {
  ops::check_defined("tile", self);
  // Leading 1s up to self.dim() entries.
  int64_t missing = std::max<int64_t>(self.dim() - static_cast<int64_t>(dims.size()), 0);
  DimVector reps(static_cast<size_t>(missing), 1);
  for (int64_t r : dims) reps.push_back(r);
  for (int64_t r : reps) EMBER_CHECK(r >= 0, "tile", "trying to create tensor with negative dimension: dims ", dims);
  return repeat(self, reps);
}

Tensor repeat_interleave(const Tensor& self, const Tensor& repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  const char* op = "repeat_interleave";
  ops::check_defined(op, self);
  ops::check_defined(op, repeats);
  EMBER_CHECK(repeats.dtype() == kLong || repeats.dtype() == kInt, op, "repeats has to be Long or Int tensor, got ",
              repeats.dtype());
  EMBER_CHECK(repeats.dim() <= 1, op, "repeats must be 0-dim or 1-dim tensor, got shape ", repeats.sizes());
  int64_t d = dim ? wrap_real_dim(*dim, self, op) : 0;
  DimVector in_shape(self.sizes());
  // Without dim, the flattened input.
  DimVector work_shape = dim ? in_shape : DimVector{self.numel()};
  int64_t n = work_shape[d];
  Tensor counts = repeats;
  if (repeats.numel() == 1) counts = expand(reshape(repeats, {1}), {n});
  EMBER_CHECK(counts.numel() == n, op, "repeats must have the same size as input along dim: repeats has ",
              counts.numel(), " elements, input ", self.sizes(), " has ", n, " along dim ", d);
  Tensor index = interleave_index(counts, output_size, op);
  LinearFn f = [d, index, work_shape](const Tensor& x) {
    return ops::index_select_along(reshape(x, work_shape), d, index, "repeat_interleave");
  };
  LinearFn b = [d, index, work_shape, in_shape](const Tensor& g) {
    return reshape(ops::index_add_along(work_shape, d, index, g, "repeat_interleave"), in_shape);
  };
  return ops::apply_linear("IndexSelectBackward0", self, f, b, "IndexAddBackward0");
}

Tensor repeat_interleave(const Tensor& self, int64_t repeats, std::optional<int64_t> dim,
                         std::optional<int64_t> output_size) {
  return repeat_interleave(self, full({}, repeats, kLong), dim, output_size);
}

Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> output_size) {
  const char* op = "repeat_interleave";
  ops::check_defined(op, repeats);
  EMBER_CHECK(repeats.dtype() == kLong || repeats.dtype() == kInt, op, "repeats has to be Long or Int tensor, got ",
              repeats.dtype());
  EMBER_CHECK(repeats.dim() == 1, op, "repeats must be 1-dim tensor, got shape ", repeats.sizes());
  return interleave_index(repeats, output_size, op).to(repeats.dtype());
}

Tensor tril(const Tensor& self, int64_t diagonal) { return triangle(self, diagonal, true); }
Tensor triu(const Tensor& self, int64_t diagonal) { return triangle(self, diagonal, false); }

Tensor one_hot(const Tensor& self, int64_t num_classes) {
  ops::check_defined("one_hot", self);
  EMBER_CHECK(self.dtype() == kLong, "one_hot", "one_hot is only applicable to index tensor (int64), got ",
              self.dtype());
  DimVector shape(self.sizes());
  if (self.numel() == 0) {
    EMBER_CHECK(num_classes != -1, "one_hot", "can not infer total number of classes from empty tensor of shape ",
                self.sizes(), "; pass num_classes");
    shape.push_back(num_classes);
    return empty(shape, kLong);
  }
  Tensor values = self.contiguous();
  const int64_t* p = values.data_ptr<int64_t>();
  auto [lo, hi] = std::minmax_element(p, p + values.numel());
  EMBER_CHECK(*lo >= 0, "one_hot", "class values must be non-negative, got ", *lo);
  if (num_classes == -1) num_classes = *hi + 1;
  EMBER_CHECK(*hi < num_classes, "one_hot", "class values must be smaller than num_classes (", num_classes,
              "), got ", *hi);
  shape.push_back(num_classes);
  Tensor index = unsqueeze(self, -1);
  return ops::scatter_add_along(shape, kLong, self.dim(), index, ones(index.sizes(), kLong), "one_hot");
}

Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value) {
  const char* op = "constant_pad_nd";
  ops::check_defined(op, self);
  EMBER_CHECK(pad.size() % 2 == 0, op, "length of pad must be even but instead it equals ", pad.size());
  int64_t k = static_cast<int64_t>(pad.size()) / 2;
  EMBER_CHECK(k <= self.dim(), op, "length of pad should be no more than twice the number of dimensions of the "
              "input. Pad length is ", pad.size(), " while the input has ", self.dim(), " dimensions");
  DimVector shape(self.sizes());
  Tensor src = self;
  for (int64_t i = 0; i < k; ++i) {
    int64_t d = self.dim() - 1 - i, left = pad[2 * i], right = pad[2 * i + 1];
    int64_t n = shape[d];
    EMBER_CHECK(n + left + right >= 0, op, "the input size ", n, ", plus negative padding ", left, " and ", right,
                " resulted in a negative output size, which is invalid. Check dimension ", d,
                " of your input (shape ", self.sizes(), ")");
    shape[d] = n + left + right;
  }
  Tensor out = full(shape, value, self.dtype());
  // The part of self that survives the crops lands at max(left, 0) in out.
  Tensor dst = out;
  bool any_left = true;
  for (int64_t i = 0; i < k; ++i) {
    int64_t d = self.dim() - 1 - i, left = pad[2 * i], right = pad[2 * i + 1];
    int64_t n = self.sizes()[d];
    int64_t in_start = std::max<int64_t>(-left, 0), out_start = std::max<int64_t>(left, 0);
    int64_t len = n - in_start - std::max<int64_t>(-right, 0);
    if (len <= 0) {
      any_left = false;
      break;
    }
    src = narrow(src, d, in_start, len);
    dst = narrow(dst, d, out_start, len);
  }
  if (any_left) cpu::copy_kernel(dst, src);
  if (autograd::any_requires_grad(self)) {
    // The crop by -pad is the backward, and its own backward pads with zeros again.
    DimVector back(pad.size());
    for (size_t i = 0; i < pad.size(); ++i) back[i] = -pad[i];
    autograd::record("ConstantPadNdBackward0", {self}, {out}, {},
                     [back](autograd::BackwardContext&, const autograd::variable_list& g) {
                       return autograd::variable_list{constant_pad_nd(g[0], back, 0)};
                     });
  }
  return out;
}

Tensor pad(const Tensor& self, IntArrayRef pad, std::string_view mode, std::optional<double> value) {
  ops::check_defined("pad", self);
  EMBER_CHECK(pad.size() % 2 == 0, "pad", "padding length must be divisible by 2, got ", pad.size());
  EMBER_CHECK(static_cast<int64_t>(pad.size()) <= 2 * self.dim(), "pad", "padding length too large: ", pad.size(),
              " for a tensor of shape ", self.sizes());
  if (mode == "constant") return constant_pad_nd(self, pad, value.value_or(0.0));
  EMBER_CHECK(mode == "reflect" || mode == "replicate" || mode == "circular", "pad", "unrecognised padding mode \"",
              mode, "\" (expected constant, reflect, replicate or circular)");
  EMBER_CHECK(!value || *value == 0, "pad", "padding mode \"", mode, "\" doesn't take in value argument (got ",
              *value, ")");
  EMBER_CHECK(!pad.empty(), "pad", "mode \"", mode, "\" needs a non-empty pad");
  check_non_constant_pad(self, pad, mode, "pad");
  std::vector<std::pair<int64_t, Tensor>> indices = pad_indices(self.sizes(), pad, mode);
  DimVector in_shape(self.sizes());
  LinearFn f = [indices](const Tensor& x) {
    Tensor out = x;
    for (const auto& [d, index] : indices) out = ops::index_select_along(out, d, index, "pad");
    return out;
  };
  LinearFn b = [indices, in_shape](const Tensor& g) {
    // Undo the dims in reverse order: each scatter-add goes back to that dim's input size.
    Tensor out = g;
    DimVector shape(g.sizes());
    for (auto it = indices.rbegin(); it != indices.rend(); ++it) {
      shape[it->first] = in_shape[it->first];
      out = ops::index_add_along(shape, it->first, it->second, out, "pad");
    }
    return out;
  };
  size_t k = pad.size() / 2;
  return ops::apply_linear(pad_node_name(mode, k, false), self, f, b, pad_node_name(mode, k, true));
}

// ---- Tensor methods ---------------------------------------------------------------------
Tensor Tensor::flip(IntArrayRef dims) const { return ember::flip(*this, dims); }
Tensor Tensor::roll(IntArrayRef shifts, IntArrayRef dims) const { return ember::roll(*this, shifts, dims); }
Tensor Tensor::rot90(int64_t k, IntArrayRef dims) const { return ember::rot90(*this, k, dims); }
Tensor Tensor::repeat(IntArrayRef repeats) const { return ember::repeat(*this, repeats); }
Tensor Tensor::tile(IntArrayRef dims) const { return ember::tile(*this, dims); }
Tensor Tensor::repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim,
                                 std::optional<int64_t> output_size) const {
  return ember::repeat_interleave(*this, repeats, dim, output_size);
}
Tensor Tensor::repeat_interleave(int64_t repeats, std::optional<int64_t> dim, std::optional<int64_t> output_size) const {
  return ember::repeat_interleave(*this, repeats, dim, output_size);
}
Tensor Tensor::tril(int64_t diagonal) const { return ember::tril(*this, diagonal); }
Tensor Tensor::triu(int64_t diagonal) const { return ember::triu(*this, diagonal); }

}  // namespace ember
