#pragma once
// LibTorch twins of ember models used by the bench, written as LibTorch's tutorials write them.
#include <torch/torch.h>

namespace ember::bench {

// The main job's CNN (examples/train_fashion_mnist/model.h), layer for layer.
struct TorchCnnImpl : torch::nn::Module {
  TorchCnnImpl()
      : conv1(torch::nn::Conv2dOptions(1, 32, 3).padding(1)),
        conv2(torch::nn::Conv2dOptions(32, 64, 3).padding(1)),
        fc1(64 * 7 * 7, 128),
        fc2(128, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1->forward(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2->forward(x)), 2);
    x = torch::relu(fc1->forward(x.flatten(1)));
    x = torch::dropout(x, /*p=*/0.25, is_training());
    return torch::log_softmax(fc2->forward(x), /*dim=*/1);
  }

  torch::nn::Conv2d conv1, conv2;
  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(TorchCnn);

}  // namespace ember::bench
