// The cnn_train_peak_rss_mb row's LibTorch side: the same 100 steps as cnn_rss_ember.cpp.
//   bench_cnn_rss_libtorch <threads>
#include <cstdio>
#include <cstdlib>

#include "libtorch_models.h"
#include "peak_rss.h"

int main(int argc, char** argv) {
  torch::set_num_threads(argc > 1 ? std::atoi(argv[1]) : 1);
  torch::manual_seed(0);
  ember::bench::TorchCnn model;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  torch::Tensor x = torch::randn({64, 1, 28, 28});
  torch::Tensor y = torch::randint(0, 10, {64}, torch::kLong);
  for (int step = 0; step < 100; ++step) {
    optimizer.zero_grad();
    torch::nll_loss(model->forward(x), y).backward();
    optimizer.step();
  }
  std::printf("%ld\n", ember::bench::peak_rss_kb());  // the parent reads this last line
  return 0;
}
