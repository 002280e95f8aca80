// The filled and computed factories: zeros/ones/full, *_like, arange, linspace, logspace,
// eye, from_blob and tensor({...}). Values and dtype rules follow LibTorch 1.13 (checked
// against it in tests/core/factories_test.cpp).
#include <cmath>
#include <limits>

#include "cpu/checked_convert.h"
#include "cpu/copy_kernel.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"

namespace ember {

namespace {

// Factories allocate and fill without gradient tracking, then mark the result, so the fill
// is never seen as an in-place op on a leaf that requires grad.
Tensor allocate(IntArrayRef size, const TensorOptions& options) {
  return empty(size, options.requires_grad(false));
}
Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.set_requires_grad(true);
  return t;
}

// Range factories have no Bool kernel in PyTorch ("arange_cpu" not implemented for 'Bool').
void check_not_bool(ScalarType dtype, const char* op) {
  EMBER_CHECK(dtype != kBool, op, "not implemented for 'Bool'; pass an integral or floating dtype");
}

// The type PyTorch's CPU range kernels accumulate in (at::acc_type<T, false>): int64 for
// integers, double for float/double, float for half/bfloat16.
template <class T>
using range_acc_t = std::conditional_t<
    std::is_integral_v<T>, int64_t,
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, double>>;

template <class T>
T* typed_data(const Tensor& t) {
  return static_cast<T*>(t.data_ptr());
}

}  // namespace

// ---- filled factories ---------------------------------------------------------------------

namespace {
// Fills `out` with value, which must fit out's dtype (see cpu/checked_convert.h).
void fill_checked(const Tensor& out, const Scalar& value, const char* op) {
  dispatch_all_types(out.dtype(), op, [&](auto tag) {
    using T = typename decltype(tag)::type;
    cpu::checked_scalar_to<T>(value, out.dtype(), op);
  });
  cpu::fill_kernel(out, value);
}

Tensor filled(IntArrayRef size, const Scalar& value, const TensorOptions& options, const char* op) {
  Tensor out = allocate(size, options);
  fill_checked(out, value, op);
  return finish(out, options);
}
}  // namespace

Tensor zeros(IntArrayRef size, const TensorOptions& options) { return filled(size, 0, options, "zeros"); }

Tensor ones(IntArrayRef size, const TensorOptions& options) { return filled(size, 1, options, "ones"); }

Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options) {
  if (options.has_dtype()) return filled(size, fill_value, options, "full");
  // torch.full infers the dtype from the fill value: bool -> Bool, integral -> Long,
  // floating -> default dtype.
  ScalarType dtype = fill_value.is_floating_point() ? get_default_dtype() : fill_value.type();
  return filled(size, fill_value, options.dtype(dtype), "full");
}

Tensor scalar_tensor(const Scalar& value, const TensorOptions& options) {
  // Unlike full, scalar_tensor takes the default dtype whatever the value's kind (LibTorch).
  return filled({}, value, options, "scalar_tensor");
}

Tensor zeros_like(const Tensor& self, const TensorOptions& options) {
  return full_like(self, 0, options);
}

Tensor ones_like(const Tensor& self, const TensorOptions& options) {
  return full_like(self, 1, options);
}

Tensor full_like(const Tensor& self, const Scalar& fill_value, const TensorOptions& options) {
  EMBER_CHECK(self.defined(), "full_like", "called on an undefined tensor");
  Tensor out = empty_like(self, options.requires_grad(false));
  fill_checked(out, fill_value, "full_like");
  return finish(out, options);
}

// ---- arange ---------------------------------------------------------------------------------

Tensor arange(const Scalar& end, const TensorOptions& options) { return arange(0, end, 1, options); }

Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options) {
  return arange(start, end, 1, options);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options) {
  TensorOptions resolved = options;
  if (!options.has_dtype()) {
    bool integral = start.is_integral(true) && end.is_integral(true) && step.is_integral(true);
    resolved = options.dtype(integral ? kLong : get_default_dtype());
  }
  ScalarType dtype = resolved.dtype();
  check_not_bool(dtype, "arange");
  return dispatch_all_types(dtype, "arange", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Acc = range_acc_t<T>;
    // As PyTorch, the bounds are first converted to the accumulation type, so
    // arange(0.5, 3, kInt) starts at 0 and a fractional step with an integer dtype is 0.
    Acc xstart = cpu::checked_scalar_to<Acc>(start, scalar_type_v<Acc>, "arange");
    Acc xend = cpu::checked_scalar_to<Acc>(end, scalar_type_v<Acc>, "arange");
    Acc xstep = cpu::checked_scalar_to<Acc>(step, scalar_type_v<Acc>, "arange");
    EMBER_CHECK(xstep > 0 || xstep < 0, "arange", "step must be nonzero (got step=", step,
                " for dtype ", dtype, ")");
    EMBER_CHECK(std::isfinite(static_cast<double>(xstart)) && std::isfinite(static_cast<double>(xend)),
                "arange", "unsupported range: ", start, " -> ", end, " (bounds must be finite)");
    EMBER_CHECK((xstep > 0 && xend >= xstart) || (xstep < 0 && xend <= xstart), "arange",
                "upper bound and larger bound inconsistent with step sign (start=", start,
                ", end=", end, ", step=", step, ")");
    // Element count: ceil((end - start) / step) in double, as PyTorch; int64 uses exact
    // integer arithmetic so huge ranges do not lose precision.
    double size_d;
    if constexpr (std::is_same_v<T, int64_t>) {
      int64_t sign = (xstep > 0) - (xstep < 0);
      size_d = static_cast<double>((xend - xstart + xstep - sign) / xstep);
    } else {
      size_d = std::ceil((end.toDouble() - start.toDouble()) / step.toDouble());
    }
    EMBER_CHECK(size_d >= 0 && size_d <= static_cast<double>(std::numeric_limits<int64_t>::max()),
                "arange", "invalid size ", size_d, " for range ", start, " -> ", end, " step ",
                step, ", possible overflow?");
    int64_t n = static_cast<int64_t>(size_d);
    Tensor out = allocate({n}, resolved);
    T* data = typed_data<T>(out);
    for (int64_t i = 0; i < n; ++i) data[i] = cpu::convert<T>(static_cast<Acc>(xstart + xstep * static_cast<Acc>(i)));
    return finish(out, resolved);
  });
}

// ---- linspace, logspace ----------------------------------------------------------------------

Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps, const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  ScalarType dtype = options.dtype();
  if (steps > 1) check_not_bool(dtype, "linspace");  // 0 or 1 steps need no kernel (LibTorch)
  Tensor out = allocate({steps}, options);
  dispatch_all_types(dtype, "linspace", [&](auto tag) {
    using T = typename decltype(tag)::type;
    // Integer outputs step in double (the range may exceed T); floating ones in their own
    // precision (float for half/bfloat16), as PyTorch's CPU kernel.
    using Step = std::conditional_t<std::is_integral_v<T>, double,
                                    std::conditional_t<cpu::is_float_like_v<T> && sizeof(T) == 2, float, T>>;
    using Value = std::conditional_t<std::is_integral_v<T>, double, Step>;
    T* data = typed_data<T>(out);
    if (steps == 0) return;
    T first = cpu::checked_scalar_to<T>(start, dtype, "linspace");
    T last = cpu::checked_scalar_to<T>(end, dtype, "linspace");
    if (steps == 1) {
      data[0] = first;
      return;
    }
    Value a = static_cast<Value>(first);
    Value b = static_cast<Value>(last);
    Step step = static_cast<Step>((b - a) / static_cast<Step>(steps - 1));
    // The second half counts back from `end`, so the last element is exactly `end`.
    int64_t halfway = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      Value v = i < halfway ? a + step * static_cast<Step>(i)
                            : b - step * static_cast<Step>(steps - i - 1);
      data[i] = cpu::convert<T>(v);
    }
  });
  return finish(out, options);
}

Tensor logspace(const Scalar& start, const Scalar& end, int64_t steps, double base,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "logspace", "number of steps must be non-negative, got ", steps);
  ScalarType dtype = options.dtype();
  if (steps > 1) check_not_bool(dtype, "logspace");
  Tensor out = allocate({steps}, options);
  dispatch_all_types(dtype, "logspace", [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* data = typed_data<T>(out);
    if (steps == 0) return;
    // Exponents are start/end converted to T (as PyTorch), then stepped in double.
    double a = static_cast<double>(cpu::checked_scalar_to<T>(start, dtype, "logspace"));
    double b = static_cast<double>(cpu::checked_scalar_to<T>(end, dtype, "logspace"));
    if (steps == 1) {
      data[0] = cpu::convert<T>(std::pow(base, a));
      return;
    }
    double step = (b - a) / static_cast<double>(steps - 1);
    int64_t halfway = steps / 2;
    for (int64_t i = 0; i < steps; ++i) {
      double e = i < halfway ? a + step * static_cast<double>(i)
                             : b - step * static_cast<double>(steps - i - 1);
      data[i] = cpu::convert<T>(std::pow(base, e));
    }
  });
  return finish(out, options);
}

// ---- eye ------------------------------------------------------------------------------------

Tensor eye(int64_t n, const TensorOptions& options) { return eye(n, n, options); }

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  EMBER_CHECK(n >= 0, "eye", "n must be greater or equal to 0, got ", n);
  EMBER_CHECK(m >= 0, "eye", "m must be greater or equal to 0, got ", m);
  Tensor out = allocate({n, m}, options);
  cpu::fill_kernel(out, 0);
  // The diagonal of an (n, m) row-major matrix is every (m + 1)-th element.
  cpu::fill_kernel(out.as_strided({std::min(n, m)}, {m + 1}), 1);
  return finish(out, options);
}

// ---- from_blob ------------------------------------------------------------------------------

namespace {
Tensor wrap_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 std::function<void(void*)> deleter, const TensorOptions& options) {
  const char* op = "from_blob";
  EMBER_CHECK(sizes.size() == strides.size(), op, "mismatch in length of strides ", strides,
              " and shape ", sizes);
  int64_t extent = 1;  // elements spanned: 1 + sum (size-1)*stride, 0 when any size is 0
  for (size_t i = 0; i < sizes.size(); ++i) {
    EMBER_CHECK(sizes[i] >= 0, op, "trying to create tensor with negative dimension ", sizes[i],
                ": ", sizes);
    EMBER_CHECK(strides[i] >= 0, op, "negative stride ", strides[i], " in ", strides);
    if (sizes[i] == 0) {
      extent = 0;
      break;
    }
    extent += (sizes[i] - 1) * strides[i];
  }
  EMBER_CHECK(data != nullptr || extent == 0, op, "data is null but the tensor of shape ",
              sizes, " has elements");
  ScalarType dtype = options.dtype();
  auto storage = intrusive_ptr<StorageImpl>::make(
      data, static_cast<size_t>(extent) * element_size(dtype), options.device(), std::move(deleter));
  Tensor out(intrusive_ptr<TensorImpl>::make(std::move(storage), dtype, sizes, strides, 0));
  return finish(out, options);
}
}  // namespace

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options) {
  return wrap_blob(data, sizes, contiguous_strides(sizes), nullptr, options);
}

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  return wrap_blob(data, sizes, strides, nullptr, options);
}

Tensor from_blob(void* data, IntArrayRef sizes, std::function<void(void*)> deleter,
                 const TensorOptions& options) {
  return wrap_blob(data, sizes, contiguous_strides(sizes), std::move(deleter), options);
}

// ---- tensor({...}) --------------------------------------------------------------------------

namespace {
using detail::TensorLiteral;

struct LiteralShape {
  DimVector sizes;
  ScalarType leaf_type;
};

// Shape and leaf dtype of a literal; every sub-list must match its first sibling in both
// (LibTorch rejects ragged lists and mixed C++ element types alike).
LiteralShape literal_shape(const TensorLiteral& lit) {
  switch (lit.kind()) {
    case TensorLiteral::Kind::Scalar:
      return {DimVector(), lit.leaf_type()};
    case TensorLiteral::Kind::Values:
      return {DimVector({lit.values().numel()}), lit.leaf_type()};
    case TensorLiteral::Kind::List:
      break;
  }
  const auto& items = lit.items();
  if (items.empty()) return {DimVector({0}), get_default_dtype()};
  LiteralShape first = literal_shape(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    LiteralShape other = literal_shape(items[i]);
    EMBER_CHECK(other.sizes == first.sizes, "tensor", "expected all sub-lists to have sizes ",
                first.sizes, " (as item 0), but item ", i, " has sizes ",
                other.sizes, "; nested lists must not be ragged");
    EMBER_CHECK(other.leaf_type == first.leaf_type, "tensor",
                "expected all elements of the tensor to have the same scalar type: ",
                first.leaf_type, ", but got element of scalar type: ", other.leaf_type,
                " (write every value with the same C++ type, e.g. 1.0 instead of 1)");
  }
  LiteralShape out{DimVector({static_cast<int64_t>(items.size())}), first.leaf_type};
  for (int64_t s : IntArrayRef(first.sizes)) out.sizes.push_back(s);
  return out;
}

// LibTorch's compute_desired_dtype: C++ int and int64_t give Long, float and double give
// the default dtype, other types keep their own.
ScalarType literal_dtype(ScalarType leaf_type) {
  if (leaf_type == kInt || leaf_type == kLong) return kLong;
  if (leaf_type == kFloat || leaf_type == kDouble) return get_default_dtype();
  return leaf_type;
}

// Writes the literal's values in row-major order to out[0...], returning the next slot.
template <class T>
T* write_literal(const TensorLiteral& lit, T* out) {
  switch (lit.kind()) {
    case TensorLiteral::Kind::Scalar:
      *out = cpu::checked_scalar_to<T>(lit.scalar(), scalar_type_v<T>, "tensor");
      return out + 1;
    case TensorLiteral::Kind::Values: {
      const Tensor& values = lit.values();
      Tensor dst = from_blob(out, {values.numel()}, scalar_type_v<T>);
      cpu::copy_kernel(dst, values);
      return out + values.numel();
    }
    case TensorLiteral::Kind::List:
      break;
  }
  for (const TensorLiteral& item : lit.items()) out = write_literal(item, out);
  return out;
}
}  // namespace

Tensor tensor(const TensorLiteral& values, const TensorOptions& options) {
  LiteralShape shape = literal_shape(values);
  TensorOptions resolved =
      options.has_dtype() ? options : options.dtype(literal_dtype(shape.leaf_type));
  Tensor out = allocate(shape.sizes, resolved);
  dispatch_all_types(out.dtype(), "tensor", [&](auto tag) {
    using T = typename decltype(tag)::type;
    write_literal(values, typed_data<T>(out));
  });
  return finish(out, resolved);
}

}  // namespace ember
