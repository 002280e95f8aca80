#pragma once
// TensorOptions: dtype, device and requires_grad for factories, with LibTorch's builder
// spelling: `ember::zeros({2}, ember::TensorOptions().dtype(ember::kInt).requires_grad(false))`
// or `ember::zeros({2}, ember::kInt)`.
#include <optional>

#include "ember/core/device.h"
#include "ember/core/scalar_type.h"

namespace ember {

// The dtype floating factories use when none is given (float32, as PyTorch).
ScalarType get_default_dtype();
void set_default_dtype(ScalarType dtype);

enum class Layout : int8_t { Strided };
constexpr Layout kStrided = Layout::Strided;

class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(ScalarType dtype) : dtype_(dtype) {}  // NOLINT: implicit like LibTorch
  TensorOptions(Device device) : device_(device) {}   // NOLINT
  TensorOptions(DeviceType device) : device_(device) {}  // NOLINT
  TensorOptions(Layout) {}  // NOLINT: strided is the only layout

  TensorOptions dtype(ScalarType d) const { auto o = *this; o.dtype_ = d; return o; }
  TensorOptions dtype(std::optional<ScalarType> d) const { auto o = *this; o.dtype_ = d; return o; }
  TensorOptions device(Device d) const { auto o = *this; o.device_ = d; return o; }
  TensorOptions requires_grad(bool r) const { auto o = *this; o.requires_grad_ = r; return o; }
  TensorOptions layout(Layout) const { return *this; }

  ScalarType dtype() const { return dtype_.value_or(get_default_dtype()); }
  bool has_dtype() const { return dtype_.has_value(); }
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  Device device() const { return device_; }
  bool requires_grad() const { return requires_grad_; }

  // Fields set here override those of `other`... as LibTorch's merge_in.
  TensorOptions merge_in(const TensorOptions& other) const {
    TensorOptions o = other;
    if (dtype_) o.dtype_ = dtype_;
    o.requires_grad_ = requires_grad_ || other.requires_grad_;
    return o;
  }

 private:
  std::optional<ScalarType> dtype_;
  Device device_ = kCPU;
  bool requires_grad_ = false;
};

inline TensorOptions dtype(ScalarType d) { return TensorOptions().dtype(d); }
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }

}  // namespace ember
