// LibTorch's serialization spelling, unchanged: torch::save / torch::load of a module holder,
// an optimizer and tensors, and torch::serialize archives.
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

static_assert(std::is_same_v<torch::serialize::OutputArchive, ember::serialize::OutputArchive>);
static_assert(std::is_same_v<torch::serialize::InputArchive, ember::serialize::InputArchive>);

namespace {

struct TinyImpl : torch::nn::Module {
  TinyImpl() { fc = register_module("fc", torch::nn::Linear(3, 2)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Tiny);

std::string scratch(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("ember_compat_" + std::to_string(::getpid()) + name)).string();
}

TEST(TorchCompat, SaveAndLoadAsLibTorch) {
  Tiny net;
  torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  std::string model = scratch("model.pt"), optimizer = scratch("opt.pt"), tensors = scratch("tensors.pt");
  torch::save(net, model);
  torch::save(opt, optimizer);
  torch::save(std::vector<torch::Tensor>{torch::ones({2}), torch::zeros({3})}, tensors);

  Tiny other;
  torch::optim::SGD other_opt(other->parameters(), torch::optim::SGDOptions(0.5));
  torch::load(other, model);
  torch::load(other_opt, optimizer);
  std::vector<torch::Tensor> loaded;
  torch::load(loaded, tensors);
  EXPECT_EQ((other->fc->weight - net->fc->weight).abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(other_opt.param_groups()[0].options().get_lr(), 0.1);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[1].numel(), 3);

  torch::serialize::OutputArchive archive;
  archive.write("epoch", int64_t{3});
  archive.save_to(tensors);
  torch::serialize::InputArchive in;
  in.load_from(tensors);
  int64_t epoch = 0;
  in.read("epoch", epoch);
  EXPECT_EQ(epoch, 3);
  for (const auto& path : {model, optimizer, tensors}) std::filesystem::remove(path);
}

}  // namespace
