#include "cpu/reduce_kernel.h"

#include <cstring>

#include "cpu/convert.h"
#include "cpu/copy_kernel.h"
#include "cpu/strided_loop.h"
#include "ember/core/factories.h"
#include "ember/ops/views.h"

namespace ember::cpu {

void sum_kernel(const Tensor& out, const Tensor& in) {
  ScalarType acc_dtype = is_floating_type(in.dtype()) ? kDouble : kLong;
  Tensor acc = empty(out.sizes(), acc_dtype);
  fill_kernel(acc, 0);
  // The accumulator seen with the input's shape: stride 0 along reduced dims.
  Tensor acc_view = expand(acc, in.sizes());
  StridedLoop<2> loop({&acc_view, &in}, in.sizes());
  dispatch_all_types(in.dtype(), "sum", [&](auto tag) {
    using T = typename decltype(tag)::type;
    auto accumulate = [](auto zero) {
      using A = decltype(zero);
      return [](char** p, const int64_t* s, int64_t n) {
        if (s[0] == 0) {
          A total = 0;
          for (int64_t i = 0; i < n; ++i) {
            T v;
            std::memcpy(&v, p[1] + i * s[1], sizeof(T));
            total += convert<A>(v);
          }
          *reinterpret_cast<A*>(p[0]) += total;
        } else {
          for (int64_t i = 0; i < n; ++i) {
            T v;
            std::memcpy(&v, p[1] + i * s[1], sizeof(T));
            *reinterpret_cast<A*>(p[0] + i * s[0]) += convert<A>(v);
          }
        }
      };
    };
    if (acc_dtype == kDouble) loop.run(accumulate(0.0));
    else loop.run(accumulate(int64_t{0}));
  });
  copy_kernel(out, acc);
}

}  // namespace ember::cpu
