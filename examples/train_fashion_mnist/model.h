#pragma once
// The main job's models, written the way LibTorch's tutorials write theirs (bench/ times the
// same CNN against its LibTorch twin).
//   Cnn: [N, 1, 28, 28] -> conv 3x3 (32) -> ReLU -> max-pool 2 -> conv 3x3 (64) -> ReLU ->
//        max-pool 2 -> [N, 64*7*7] -> linear 128 -> ReLU -> dropout -> linear 10 -> log_softmax
//   Mlp: [N, 1, 28, 28] -> [N, 784] -> linear 512 -> ReLU -> linear 256 -> ReLU -> linear 10 ->
//        log_softmax (no dropout: two epochs are too few for it to pay off)
#include <ember/ember.h>

namespace fmnist {

using namespace ember;

struct CnnImpl : nn::Module {
  CnnImpl()
      : conv1(nn::Conv2dOptions(1, 32, 3).padding(1)),
        conv2(nn::Conv2dOptions(32, 64, 3).padding(1)),
        fc1(64 * 7 * 7, 128),
        fc2(128, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  Tensor forward(Tensor x) {
    x = max_pool2d(relu(conv1->forward(x)), {2});
    x = max_pool2d(relu(conv2->forward(x)), {2});
    x = relu(fc1->forward(x.flatten(1)));
    x = dropout(x, /*p=*/0.25, is_training());
    return log_softmax(fc2->forward(x), /*dim=*/1);
  }

  nn::Conv2d conv1, conv2;
  nn::Linear fc1, fc2;
};
EMBER_MODULE(Cnn);

struct MlpImpl : nn::Module {
  MlpImpl() : fc1(784, 512), fc2(512, 256), fc3(256, 10) {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
  }

  Tensor forward(Tensor x) {
    x = relu(fc1->forward(x.flatten(1)));
    x = relu(fc2->forward(x));
    return log_softmax(fc3->forward(x), /*dim=*/1);
  }

  nn::Linear fc1, fc2, fc3;
};
EMBER_MODULE(Mlp);

}  // namespace fmnist
