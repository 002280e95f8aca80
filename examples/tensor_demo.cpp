// A tour of ember's tensors: make one, look at it through views, convert it, catch a bad call.
// Run with scripts/run.
#include <ember/ember.h>

#include <iostream>

int main() {
  // A 2x3 float tensor holding 0..5 (empty() leaves memory uninitialised: we fill it).
  ember::Tensor x = ember::empty({2, 3}, ember::kFloat);
  float* data = x.data_ptr<float>();
  for (int64_t i = 0; i < x.numel(); ++i) data[i] = static_cast<float>(i);
  std::cout << "x =\n" << x << "\n\n";

  // Views share x's memory: writing through one changes x.
  ember::Tensor xt = x.t();  // (3, 2), strides (1, 3): not contiguous
  std::cout << "x.t() has sizes " << xt.sizes() << " and strides " << xt.strides()
            << ", contiguous: " << std::boolalpha << xt.is_contiguous() << "\n";
  x.select(0, 1).narrow(0, 1, 2).fill_(-1);  // row 1, columns 1..2
  std::cout << "after x[1, 1:3] = -1, x.t() =\n" << xt << "\n\n";

  ember::Tensor column = x.unsqueeze(2).expand({2, 3, 2});  // stride 0 along the new dim
  std::cout << "x.unsqueeze(2).expand({2, 3, 2}) =\n" << column << "\n\n";

  // Copies and conversions make new memory.
  ember::Tensor halves = xt.contiguous().view({6}).to(ember::kHalf);
  std::cout << "x.t() flattened as float16 =\n" << halves << "\n\n";
  ember::Tensor doubles = ember::empty({3, 2}, ember::kDouble);
  doubles.copy_(xt);  // copy_ converts dtypes and layouts
  std::cout << "copied into float64 =\n" << doubles << "\n\n";

  // Bad calls throw ember::Error naming the op.
  try {
    x.view({4, 4});
  } catch (const ember::Error& e) {
    std::cout << "x.view({4, 4}) threw: " << e.what() << "\n";
  }

  std::cout << "allocator: " << ember::memory_allocated() << " bytes in use, peak "
            << ember::max_memory_allocated() << "\n";
  return 0;
}
