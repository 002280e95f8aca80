// Whole training steps (forward, loss, backward, optimizer step) of the same models in both
// libraries, built from each library's nn modules the way a user writes them.
#include <torch/torch.h>

#include <ember/ember.h>

#include <algorithm>
#include <string>

#include "libtorch_models.h"
#include "train_fashion_mnist/model.h"
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

// Conv2d N=32, C=64->64, 56x56, k=3, pad=1 (a ResNet stage): forward, or forward + backward
// to the input and the weights.
Workload conv2d(bool backward) {
  std::vector<int64_t> x_shape{32, 64, 56, 56}, w_shape{64, 64, 3, 3};
  auto x = std::make_shared<Tensor>(randn(x_shape).requires_grad_(backward));
  auto w = std::make_shared<Tensor>(randn(w_shape).requires_grad_(backward));
  auto tx = std::make_shared<torch::Tensor>(torch::randn(x_shape).requires_grad_(backward));
  auto tw = std::make_shared<torch::Tensor>(torch::randn(w_shape).requires_grad_(backward));
  Workload wl{backward ? "conv2d_fwd_bwd" : "conv2d_fwd", Unit::Millis, 1,
              [=] {
                Tensor y = conv2d(*x, *w, std::nullopt, {1, 1}, {1, 1});
                if (backward) y.sum().backward();
              },
              [=] {
                torch::Tensor y = torch::conv2d(*tx, *tw, {}, 1, 1);
                if (backward) y.sum().backward();
              }};
  wl.samples = 5;
  return wl;
}

// The main job's CNN, batch 64, Adam (as the main job): one training step.
Workload cnn_train_step() {
  auto model = std::make_shared<fmnist::Cnn>();
  auto opt = std::make_shared<optim::Adam>((*model)->parameters(), optim::AdamOptions(1e-3));
  auto x = std::make_shared<Tensor>(randn({64, 1, 28, 28}));
  auto y = std::make_shared<Tensor>(randint(0, 10, {64}, kLong));
  auto tmodel = std::make_shared<TorchCnn>();
  auto topt = std::make_shared<torch::optim::Adam>((*tmodel)->parameters(), torch::optim::AdamOptions(1e-3));
  auto tx = std::make_shared<torch::Tensor>(torch::randn({64, 1, 28, 28}));
  auto ty = std::make_shared<torch::Tensor>(torch::randint(0, 10, {64}, torch::kLong));
  return {"cnn_train_step", Unit::Millis, 1,
          [=] {
            opt->zero_grad();
            nll_loss((*model)->forward(*x), *y).backward();
            opt->step();
          },
          [=] {
            topt->zero_grad();
            torch::nll_loss((*tmodel)->forward(*tx), *ty).backward();
            topt->step();
          }};
}

// A GPT-style block stack: 6 encoder layers (d_model 256, 4 heads, feed-forward 1024, dropout
// 0.1) with a causal mask on [seq 128, batch 16, 256], mean-squared loss against a fixed
// target, AdamW.
Workload transformer_train_step() {
  constexpr int64_t seq = 128, batch = 16, d = 256;
  auto model = std::make_shared<nn::TransformerEncoder>(
      nn::TransformerEncoderOptions(nn::TransformerEncoderLayerOptions(d, 4).dim_feedforward(1024).dropout(0.1), 6));
  auto opt = std::make_shared<optim::AdamW>((*model)->parameters(), optim::AdamWOptions(1e-4));
  auto x = std::make_shared<Tensor>(randn({seq, batch, d}));
  auto y = std::make_shared<Tensor>(randn({seq, batch, d}));
  auto mask = std::make_shared<Tensor>(nn::TransformerImpl::generate_square_subsequent_mask(seq));
  auto tmodel = std::make_shared<torch::nn::TransformerEncoder>(torch::nn::TransformerEncoderOptions(
      torch::nn::TransformerEncoderLayerOptions(d, 4).dim_feedforward(1024).dropout(0.1), 6));
  auto topt = std::make_shared<torch::optim::AdamW>((*tmodel)->parameters(), torch::optim::AdamWOptions(1e-4));
  auto tx = std::make_shared<torch::Tensor>(torch::randn({seq, batch, d}));
  auto ty = std::make_shared<torch::Tensor>(torch::randn({seq, batch, d}));
  auto tmask = std::make_shared<torch::Tensor>(torch::nn::TransformerImpl::generate_square_subsequent_mask(seq));
  Workload w{"transformer_train_step", Unit::Millis, 1,
             [=] {
               opt->zero_grad();
               nn::functional::mse_loss((*model)->forward(*x, *mask), *y).backward();
               opt->step();
             },
             [=] {
               topt->zero_grad();
               torch::nn::functional::mse_loss((*tmodel)->forward(*tx, *tmask), *ty).backward();
               topt->step();
             }};
  w.samples = 5;
  return w;
}

// One epoch of the main job's CNN on Fashion-MNIST (batch 64, Adam). ember runs it as the main
// job does (MNIST dataset, Normalize + Stack, a shuffling loader with one worker); LibTorch gets
// the same normalised images as in-memory tensors and shuffled index_select batches (its MNIST
// reader cannot read the .gz files), which only makes its side cheaper.
Workload fmnist_cnn_epoch() {
  const std::string root = "/usr/share/datasets/fashion-mnist";
  static constexpr double kMean = 0.2860, kStd = 0.3530;
  data::datasets::MNIST train(root, data::datasets::MNIST::Mode::kTrain);
  const int64_t n = train.images().size(0);
  Tensor normalized = ((train.images() - kMean) / kStd).contiguous();
  auto timages = std::make_shared<torch::Tensor>(
      torch::from_blob(normalized.data_ptr(), {n, 1, 28, 28}, torch::kFloat).clone());
  auto ttargets = std::make_shared<torch::Tensor>(
      torch::from_blob(train.targets().data_ptr(), {n}, torch::kLong).clone());
  auto ember_epoch = [root] {
    auto dataset = data::datasets::MNIST(root, data::datasets::MNIST::Mode::kTrain)
                       .map(data::transforms::Normalize<>(kMean, kStd))
                       .map(data::transforms::Stack<>());
    auto loader = data::make_data_loader(std::move(dataset), data::samplers::RandomSampler(60000, 1),
                                         data::DataLoaderOptions(64).workers(1));
    fmnist::Cnn model;
    optim::Adam opt(model->parameters(), optim::AdamOptions(1e-3));
    for (auto& batch : *loader) {
      opt.zero_grad();
      nll_loss(model->forward(batch.data), batch.target).backward();
      opt.step();
    }
  };
  auto torch_epoch = [timages, ttargets, n] {
    TorchCnn model;
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
    torch::Tensor order = torch::randperm(n, torch::kLong);
    for (int64_t start = 0; start < n; start += 64) {
      torch::Tensor idx = order.slice(0, start, std::min(n, start + 64));
      opt.zero_grad();
      torch::nll_loss(model->forward(timages->index_select(0, idx)), ttargets->index_select(0, idx)).backward();
      opt.step();
    }
  };
  Workload w{"fmnist_cnn_epoch", Unit::Seconds, 1, ember_epoch, torch_epoch};
  w.samples = 1;
  w.warmup = false;
  return w;
}

}  // namespace

std::vector<WorkloadFactory> train_workloads() {
  return {
      {"conv2d_fwd", false, [] { return conv2d(false); }},
      {"conv2d_fwd_bwd", false, [] { return conv2d(true); }},
      {"mlp_train_step", false, mlp_train_step},
      {"cnn_train_step", false, cnn_train_step},
      {"transformer_train_step", false, transformer_train_step},
      {"fmnist_cnn_epoch", true, fmnist_cnn_epoch},
  };
}

}  // namespace ember::bench
