// The cnn_train_peak_rss_mb row's ember side: 100 training steps of the main job's CNN (batch
// 64, Adam as the main job), then print the peak resident memory for the parent.
//   bench_cnn_rss_ember <threads>
#include <cstdio>
#include <cstdlib>

#include "peak_rss.h"
#include "train_fashion_mnist/model.h"

int main(int argc, char** argv) {
  using namespace ember;
  set_num_threads(argc > 1 ? std::atoi(argv[1]) : 1);
  manual_seed(0);
  fmnist::Cnn model;
  optim::Adam optimizer(model->parameters(), optim::AdamOptions(1e-3));
  Tensor x = randn({64, 1, 28, 28});
  Tensor y = randint(0, 10, {64}, kLong);
  for (int step = 0; step < 100; ++step) {
    optimizer.zero_grad();
    nll_loss(model->forward(x), y).backward();
    optimizer.step();
  }
  std::printf("%ld\n", ember::bench::peak_rss_kb());  // the parent reads this last line
  return 0;
}
