// Uses an installed ember both as ember:: and, through ember::torch_compat, as LibTorch code
// would: torch::, at:: and c10::.
#include <ember/ember.h>
#include <torch/torch.h>

#include <iostream>

int main() {
  ember::Tensor a = ember::empty({2, 3}, ember::kFloat);
  a.fill_(1.5);
  torch::Tensor b = a.t().contiguous();  // (3, 2)
  at::Tensor c = b.to(torch::kDouble);
  double sum = 0;
  for (auto i : c10::irange(c.numel())) sum += c.data_ptr<double>()[i];
  std::cout << "sizes " << b.sizes() << " sum " << sum << "\n";
  return b.sizes() == c10::IntArrayRef({3, 2}) && sum == 9.0 ? 0 : 1;
}
