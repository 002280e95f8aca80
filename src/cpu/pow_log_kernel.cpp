#include "cpu/pow_log_kernel.h"

#include <cmath>

#include "cpu/convert.h"
#include "cpu/elementwise_loop.h"
#include "ember/core/error.h"

namespace ember::cpu {

void pow_log_kernel(const Tensor& out, const Tensor& a) {
  if (out.numel() == 0) return;
  dispatch_all_types(out.dtype(), "log", [&](auto tag) {
    using T = typename decltype(tag)::type;
    using M = opmath_t<T>;
    if constexpr (is_float_like_v<T>) {
      elementwise<T, T>(out, {&a}, [](T x) { return static_cast<T>(std::log(static_cast<M>(x))); });
    } else {
      ember::detail::throw_error("log", "has no cpu kernel for ", out.dtype());
    }
  });
}

}  // namespace ember::cpu
