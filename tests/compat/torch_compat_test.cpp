// compat/: LibTorch source spelled with torch::, at:: and c10:: compiles unchanged against ember
// and names ember's own types.
#include <c10/util/irange.h>
#include <torch/torch.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>
#include <vector>

static_assert(std::is_same_v<torch::Tensor, ember::Tensor>);
static_assert(std::is_same_v<at::Tensor, ember::Tensor>);
static_assert(std::is_same_v<at::ScalarType, ember::ScalarType>);
static_assert(std::is_same_v<torch::Dtype, ember::ScalarType>);
static_assert(std::is_same_v<c10::IntArrayRef, ember::IntArrayRef>);
static_assert(std::is_same_v<c10::ArrayRef<double>, ember::ArrayRef<double>>);
static_assert(std::is_same_v<c10::Half, ember::Half>);
static_assert(std::is_same_v<c10::BFloat16, ember::BFloat16>);
static_assert(std::is_same_v<c10::Scalar, ember::Scalar>);
static_assert(std::is_same_v<c10::Device, ember::Device>);
static_assert(std::is_same_v<c10::DeviceType, ember::DeviceType>);
static_assert(std::is_same_v<c10::Error, ember::Error>);
static_assert(std::is_same_v<c10::optional<int64_t>, std::optional<int64_t>>);
static_assert(std::is_same_v<torch::optional<int64_t>, std::optional<int64_t>>);
static_assert(c10::kCPU == ember::kCPU && torch::kCPU == ember::kCPU);
static_assert(at::kFloat == ember::kFloat && torch::kF32 == ember::kFloat &&
              torch::kU8 == ember::kByte && torch::kI64 == ember::kLong &&
              torch::kF16 == ember::kHalf && torch::kF64 == ember::kDouble);

TEST(TorchCompat, LibTorchSnippetComputesRealValues) {
  torch::Tensor t = torch::empty({2, 3}, torch::kFloat);
  t.fill_(1);
  at::Tensor u = t.t();
  c10::IntArrayRef s = u.sizes();
  EXPECT_EQ(s, c10::IntArrayRef({3, 2}));
  EXPECT_EQ(u.strides(), c10::IntArrayRef({1, 3}));
  EXPECT_TRUE(u.is_same(u));
  EXPECT_FALSE(u.is_contiguous());

  // Row 1 of t set to 2: u's column 1 sees it (u is a view of t).
  t.select(0, 1).fill_(2);
  at::ScalarType st = u.scalar_type();
  EXPECT_EQ(st, torch::kFloat);
  EXPECT_EQ(u.select(1, 1).select(0, 2).item<float>(), 2.0f);
  EXPECT_EQ(u.select(1, 0).select(0, 2).item<float>(), 1.0f);

  // to() keeps a dense input's strides (LibTorch's preserve_format).
  torch::Tensor d = u.to(torch::TensorOptions().dtype(torch::kDouble));
  EXPECT_EQ(d.dtype(), at::kDouble);
  EXPECT_EQ(d.strides(), c10::IntArrayRef({1, 3}));
  d = d.contiguous();
  std::vector<double> expected = {1, 2, 1, 2, 1, 2};
  const double* p = d.data_ptr<double>();
  for (auto i : c10::irange(d.numel())) EXPECT_EQ(p[i], expected[i]) << "element " << i;

  c10::optional<int64_t> start = 1;
  torch::Tensor tail = u.slice(/*dim=*/0, start, c10::nullopt);
  EXPECT_EQ(tail.sizes(), c10::IntArrayRef({2, 2}));
  EXPECT_EQ(tail.storage_offset(), 1);

  c10::Device device(c10::kCPU);
  EXPECT_EQ(t.device(), device);
  EXPECT_EQ(c10::Device("cpu").type(), c10::DeviceType::CPU);

  c10::Scalar half_scalar = c10::Half(1.5f);
  EXPECT_EQ(half_scalar.toDouble(), 1.5);
  EXPECT_EQ(static_cast<float>(c10::BFloat16(0.5f)), 0.5f);
}

TEST(TorchCompat, ErrorsAreCatchableAsC10Error) {
  torch::Tensor t = torch::empty({2, 3});
  EXPECT_THROW(t.view({4, 4}), c10::Error);
  try {
    t.view({4, 4});
    FAIL() << "view did not throw";
  } catch (const c10::Error& e) {
    EXPECT_NE(std::string(e.what()).find("view"), std::string::npos) << e.what();
  }
}

TEST(TorchCompat, IrangeMatchesLibTorch) {
  std::vector<int64_t> seen;
  for (auto i : c10::irange(3)) seen.push_back(i);
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2}));
  seen.clear();
  for (auto i : c10::irange(2, 5)) seen.push_back(i);
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3, 4}));
  // An end at or before begin is empty, negative ends included.
  int count = 0;
  for (auto i : c10::irange(-2)) count += static_cast<int>(i) + 1;
  for (auto i : c10::irange(5, 3)) count += static_cast<int>(i) + 1;
  EXPECT_EQ(count, 0);
  static_assert(std::is_same_v<decltype(*c10::irange(int64_t{0}, 3u).begin()), unsigned>);
}

// A LibTorch-style module and training step, spelled as LibTorch's tutorials spell it.
namespace {
struct TinyNetImpl : torch::nn::Module {
  TinyNetImpl() {
    w = register_parameter("w", torch::full({2, 2}, 0.5));
  }
  torch::Tensor forward(const torch::Tensor& x) { return torch::relu(torch::matmul(x, w)); }
  torch::Tensor w;
};
TORCH_MODULE(TinyNet);
}  // namespace

TEST(TorchCompat, ModuleAutogradAndNoGrad) {
  TinyNet net;
  torch::Tensor x = torch::ones({3, 2});
  torch::Tensor loss = net->forward(x).sum();
  loss.backward();
  ASSERT_TRUE(net->w.grad().defined());
  EXPECT_DOUBLE_EQ(net->w.grad().sum().item<double>(), 12.0);  // each of 4 weights gets 3 rows
  {
    torch::NoGradGuard no_grad;
    for (auto& p : net->parameters()) p.sub_(p.grad() * 0.1);
  }
  EXPECT_FLOAT_EQ(net->w.index({0, 0}).item<float>(), 0.2f);
  std::vector<torch::Tensor> g = torch::autograd::grad({net->forward(x).sum()}, {net->w});
  EXPECT_EQ(g[0].sizes(), c10::IntArrayRef({2, 2}));
}
