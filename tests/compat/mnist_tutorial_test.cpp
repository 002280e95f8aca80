// A LibTorch program in the shape of LibTorch's own MNIST tutorial (two convolutions with
// Conv2dOptions, Dropout2d, register_module, log_softmax + nll_loss, SGD with momentum 0.5,
// NoGradGuard for evaluation, torch::save), compiled unchanged against compat/: only
// <torch/torch.h> and torch:: names. It trains on the first 6000 Fashion-MNIST images and must
// learn (test accuracy far above chance), and its saved weights must load back.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace {

const char* kDataRoot = "/usr/share/datasets/fashion-mnist";
const int64_t kTrainBatchSize = 64;
const int64_t kTestBatchSize = 1000;
const int64_t kNumberOfEpochs = 2;

struct Net : torch::nn::Module {
  Net()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5)),
        conv2(torch::nn::Conv2dOptions(10, 20, /*kernel_size=*/5)),
        fc1(320, 50),
        fc2(50, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1->forward(x), 2));
    x = torch::relu(torch::max_pool2d(conv2_drop->forward(conv2->forward(x)), 2));
    x = x.view({-1, 320});
    x = torch::relu(fc1->forward(x));
    x = torch::dropout(x, /*p=*/0.5, /*training=*/is_training());
    x = fc2->forward(x);
    return torch::log_softmax(x, /*dim=*/1);
  }

  torch::nn::Conv2d conv1;
  torch::nn::Conv2d conv2;
  torch::nn::Dropout2d conv2_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

template <typename DataLoader>
void train(Net& model, DataLoader& data_loader, torch::optim::Optimizer& optimizer) {
  model.train();
  for (auto& batch : data_loader) {
    optimizer.zero_grad();
    auto output = model.forward(batch.data);
    auto loss = torch::nll_loss(output, batch.target);
    AT_ASSERT(!std::isnan(loss.template item<float>()));
    loss.backward();
    optimizer.step();
  }
}

template <typename DataLoader>
double test(Net& model, DataLoader& data_loader, size_t dataset_size) {
  torch::NoGradGuard no_grad;
  model.eval();
  double test_loss = 0;
  int32_t correct = 0;
  for (const auto& batch : data_loader) {
    auto output = model.forward(batch.data);
    test_loss += torch::nll_loss(output, batch.target, /*weight=*/{}, torch::Reduction::Sum).template item<float>();
    auto pred = output.argmax(1);
    correct += pred.eq(batch.target).sum().template item<int64_t>();
  }
  test_loss /= dataset_size;
  std::printf("test: average loss %.4f, accuracy %.3f\n", test_loss, static_cast<double>(correct) / dataset_size);
  return static_cast<double>(correct) / dataset_size;
}

TEST(MnistTutorial, TrainsSavesAndLoads) {
  if (!std::filesystem::exists(kDataRoot)) GTEST_SKIP() << kDataRoot << " missing (scripts/setup installs it)";
  torch::manual_seed(1);
  auto model = std::make_shared<Net>();

  auto full_train = torch::data::datasets::MNIST(kDataRoot);
  std::vector<size_t> first(6000);
  for (size_t i = 0; i < first.size(); ++i) first[i] = i;
  auto train_dataset =
      torch::data::datasets::Subset<torch::data::datasets::MNIST>(
          std::make_shared<torch::data::datasets::MNIST>(std::move(full_train)), first)
          .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
          .map(torch::data::transforms::Stack<>());
  auto train_loader =
      torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(std::move(train_dataset), kTrainBatchSize);

  auto test_dataset = torch::data::datasets::MNIST(kDataRoot, torch::data::datasets::MNIST::Mode::kTest)
                          .map(torch::data::transforms::Normalize<>(0.1307, 0.3081))
                          .map(torch::data::transforms::Stack<>());
  const size_t test_dataset_size = test_dataset.size().value();
  auto test_loader = torch::data::make_data_loader(std::move(test_dataset), kTestBatchSize);

  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.5));

  double before = test(*model, *test_loader, test_dataset_size);
  double accuracy = 0;
  for (int64_t epoch = 1; epoch <= kNumberOfEpochs; ++epoch) {
    train(*model, *train_loader, optimizer);
    accuracy = test(*model, *test_loader, test_dataset_size);
  }
  EXPECT_LT(before, 0.3);    // an untrained network is near chance (0.1)
  EXPECT_GT(accuracy, 0.55);  // 188 SGD steps on 6000 images

  std::string path = ::testing::TempDir() + "mnist_tutorial_model.safetensors";
  torch::save(model, path);
  auto loaded = std::make_shared<Net>();
  torch::load(loaded, path);
  for (size_t i = 0; i < model->parameters().size(); ++i)
    EXPECT_TRUE(loaded->parameters()[i].eq(model->parameters()[i]).all().item<bool>());
  std::filesystem::remove(path);
}

}  // namespace
