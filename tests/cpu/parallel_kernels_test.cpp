// Elementwise kernels split across the pool give the same bits as one thread, in any layout.
#include <gtest/gtest.h>

#include <ember/ember.h>
#include <ember/core/parallel.h>

namespace ember {
namespace {

Tensor compute(const Tensor& a, const Tensor& b) {
  // binary (elementwise_loop), unary (unary_kernel), predicate and copy/conversion paths.
  Tensor r = ember::exp(a) * b + ember::tanh(b.t().contiguous().t());
  return r.to(kDouble) + isfinite(r).to(kDouble);
}

TEST(ParallelKernels, SameBitsAsOneThread) {
  int before = get_num_threads();
  manual_seed(3);
  Tensor a = randn({700, 600}).t();  // 420k elements, transposed: strided runs
  Tensor b = randn({600, 700});
  set_num_threads(1);
  Tensor one = compute(a, b);
  set_num_threads(2);
  Tensor two = compute(a, b);
  set_num_threads(before);
  EXPECT_TRUE((one == two).all().item<bool>());
}

}  // namespace
}  // namespace ember
