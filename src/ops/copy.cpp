// Copies, conversions and fills.
#include "ember/ops/copy.h"

#include "autograd/record.h"
#include "cpu/copy_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/reduce.h"
#include "ember/ops/views.h"
#include "ops/overlap.h"

namespace ember {

namespace {

using autograd::BackwardContext;
using autograd::variable_list;

// The gradient an overwritten tensor's old value gets: zero, but only where asked for.
Tensor overwritten_grad(const BackwardContext& ctx, const Tensor& g) {
  return ctx.needs_input_grad(0) ? zeros_like(g) : Tensor();
}

// An in-place overwrite (copy_, fill_) that must record: `inputs` are self (its old value)
// and the source, if any. self's memory already holds the new value; it takes over the
// node's history (through its base when self is a view).
template <class F>
void record_overwrite(const char* name, const Tensor& self, TensorList inputs, F backward) {
  Tensor result = self.detach();
  autograd::record(name, inputs, {result}, {}, std::move(backward));
  autograd::take_history(self, result);
}

}  // namespace

Tensor clone(const Tensor& self) {
  EMBER_CHECK(self.defined(), "clone", "called on an undefined tensor");
  Tensor out = self.is_non_overlapping_and_dense()
                   ? empty_strided(self.sizes(), self.strides(), self.dtype())
                   : empty(self.sizes(), self.dtype());
  cpu::copy_kernel(out, self);
  if (autograd::any_requires_grad(self)) {
    autograd::record("CloneBackward0", {self}, {out}, {},
                     [](BackwardContext&, const variable_list& g) { return variable_list{g[0]}; });
  }
  return out;
}

Tensor contiguous(const Tensor& self) {
  EMBER_CHECK(self.defined(), "contiguous", "called on an undefined tensor");
  if (self.is_contiguous()) return self;
  Tensor out = empty(self.sizes(), self.dtype());
  cpu::copy_kernel(out, self);
  if (autograd::any_requires_grad(self)) {
    autograd::record("CloneBackward0", {self}, {out}, {},
                     [](BackwardContext&, const variable_list& g) { return variable_list{g[0]}; });
  }
  return out;
}

const Tensor& copy_(const Tensor& self, const Tensor& src) {
  EMBER_CHECK(self.defined() && src.defined(), "copy_", "called with an undefined tensor");
  ops::check_no_internal_overlap(self, "copy_");
  bool grad = autograd::check_inplace(self, "copy_") || autograd::any_requires_grad(src);
  if (self.is_same(src)) return self;
  Tensor source;
  {
    NoGradGuard no_grad;  // the broadcast/snapshot below are kernel plumbing, not graph
    source = expand(src, self.sizes());
  }
  if (!ops::safe_to_write_while_reading(self, source)) {
    NoGradGuard no_grad;
    source = clone(source);  // partial overlap: read from a snapshot
  }
  cpu::copy_kernel(self, source);
  self.unsafeGetTensorImpl()->bump_version();
  // self's old value gets zero gradient; src gets the gradient (summed back over broadcast dims
  // and cast back to src's dtype by the engine).
  if (grad) {
    record_overwrite("torch::autograd::CopyBackwards", self, {self, src},
                     [](BackwardContext& ctx, const variable_list& g) {
                       return variable_list{overwritten_grad(ctx, g[0]), ctx.needs_input_grad(1) ? g[0] : Tensor()};
                     });
  }
  return self;
}

const Tensor& fill_(const Tensor& self, const Scalar& value) {
  EMBER_CHECK(self.defined(), "fill_", "called on an undefined tensor");
  bool grad = autograd::check_inplace(self, "fill_");
  cpu::fill_kernel(self, value);
  self.unsafeGetTensorImpl()->bump_version();
  if (grad) {
    record_overwrite("FillBackward2", self, {self}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{overwritten_grad(ctx, g[0])};
    });
  }
  return self;
}

const Tensor& zero_(const Tensor& self) {
  EMBER_CHECK(self.defined(), "zero_", "called on an undefined tensor");
  bool grad = autograd::check_inplace(self, "zero_");
  cpu::fill_kernel(self, 0);
  self.unsafeGetTensorImpl()->bump_version();
  if (grad) {
    record_overwrite("ZeroBackward0", self, {self}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{overwritten_grad(ctx, g[0])};
    });
  }
  return self;
}

// ---- Tensor methods ---------------------------------------------------------------------

Tensor Tensor::contiguous() const { return ember::contiguous(*this); }
Tensor Tensor::clone() const { return ember::clone(*this); }
Tensor& Tensor::copy_(const Tensor& src, bool /*non_blocking*/) {
  ember::copy_(*this, src);
  return *this;
}
Tensor& Tensor::fill_(const Scalar& value) {
  ember::fill_(*this, value);
  return *this;
}
Tensor& Tensor::fill_(const Tensor& value) {
  EMBER_CHECK(value.dim() == 0, "fill_",
              "fill_ only supports 0-dimension value tensor but got tensor with ", value.dim(),
              " dimensions (shape ", value.sizes(), ")");
  bool grad = autograd::check_inplace(*this, "fill_") || autograd::any_requires_grad(value);
  cpu::fill_kernel(*this, value.item());
  unsafeGetTensorImpl()->bump_version();
  // Every element is the value: its gradient is the sum of the incoming one.
  if (grad) {
    record_overwrite("FillBackward3", *this, {*this, value}, [](BackwardContext& ctx, const variable_list& g) {
      return variable_list{overwritten_grad(ctx, g[0]), ctx.needs_input_grad(1) ? g[0].sum() : Tensor()};
    });
  }
  return *this;
}
Tensor& Tensor::zero_() {
  ember::zero_(*this);
  return *this;
}

Tensor Tensor::to(ScalarType dtype, bool /*non_blocking*/, bool copy) const {
  if (dtype == this->dtype() && !copy) return *this;
  Tensor out = is_non_overlapping_and_dense() ? empty_strided(sizes(), strides(), dtype)
                                              : empty(sizes(), dtype);
  cpu::copy_kernel(out, *this);
  // Only a floating result carries a gradient (casting to integers cuts the graph, as PyTorch).
  if (is_floating_type(dtype) && autograd::any_requires_grad(*this)) {
    autograd::record("ToCopyBackward0", {*this}, {out}, {}, [from = this->dtype()](BackwardContext&, const variable_list& g) {
      return variable_list{g[0].to(from)};
    });
  }
  return out;
}
Tensor Tensor::to(const TensorOptions& options, bool non_blocking, bool copy) const {
  EMBER_CHECK(options.device().is_cpu(), "to", "device ", options.device(),
              " has no backend in this build (only cpu is available)");
  return to(options.has_dtype() ? options.dtype() : dtype(), non_blocking, copy);
}
Tensor Tensor::to(Device device, ScalarType dtype, bool non_blocking, bool copy) const {
  return to(TensorOptions(dtype).device(device), non_blocking, copy);
}
Tensor Tensor::to(const Tensor& other, bool non_blocking, bool copy) const {
  return to(other.options(), non_blocking, copy);
}
Tensor Tensor::cpu() const { return *this; }

}  // namespace ember
