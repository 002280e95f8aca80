// Whole training steps (forward, loss, backward, optimizer step) of the same models in both
// libraries, built from each library's nn modules the way a user writes them.
#include <torch/torch.h>

#include <ember/ember.h>

#include "workloads.h"

namespace ember::bench {
namespace {

// 784-512-512-10 with ReLU, cross-entropy, SGD with momentum; batch 128.
Workload mlp_train_step() {
  auto model = std::make_shared<nn::Sequential>(nn::Linear(784, 512), nn::ReLU(), nn::Linear(512, 512), nn::ReLU(),
                                                nn::Linear(512, 10));
  auto opt = std::make_shared<optim::SGD>((*model)->parameters(), optim::SGDOptions(0.01).momentum(0.9));
  auto x = std::make_shared<Tensor>(randn({128, 784}));
  auto y = std::make_shared<Tensor>(randint(0, 10, {128}, kLong));
  auto tmodel = std::make_shared<torch::nn::Sequential>(torch::nn::Linear(784, 512), torch::nn::ReLU(),
                                                        torch::nn::Linear(512, 512), torch::nn::ReLU(),
                                                        torch::nn::Linear(512, 10));
  auto topt = std::make_shared<torch::optim::SGD>((*tmodel)->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  auto tx = std::make_shared<torch::Tensor>(torch::randn({128, 784}));
  auto ty = std::make_shared<torch::Tensor>(torch::randint(0, 10, {128}, torch::kLong));
  return {"mlp_train_step", Unit::Millis, 1,
          [=] {
            opt->zero_grad();
            nn::functional::cross_entropy((*model)->forward(*x), *y).backward();
            opt->step();
          },
          [=] {
            topt->zero_grad();
            torch::nn::functional::cross_entropy((*tmodel)->forward(*tx), *ty).backward();
            topt->step();
          }};
}

}  // namespace

std::vector<WorkloadFactory> train_workloads() {
  return {
      {"mlp_train_step", false, mlp_train_step},
  };
}

}  // namespace ember::bench
