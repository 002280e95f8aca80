// Transforms: Normalize, Stack, Lambda, TensorLambda, RandomCrop, RandomHorizontalFlip.
#include <gtest/gtest.h>

#include "core/test_util.h"

namespace ember {
namespace {

using data::Example;
using data::TensorExample;
using namespace data::transforms;

TEST(Normalize, PerChannelAndScalar) {
  // Image [2, 1, 2]: channel 0 = [1, 3], channel 1 = [5, 9].
  Example<> e{tensor({1.f, 3.f, 5.f, 9.f}).view({2, 1, 2}), scalar_tensor(int64_t{4}, kLong)};
  Normalize<> per_channel({1.0, 5.0}, {2.0, 4.0});
  Example<> out = per_channel.apply(e);
  expect_values(out.data, {0, 1, 0, 1}, 1e-6);
  EXPECT_EQ(out.data.sizes(), IntArrayRef({2, 1, 2}));
  expect_values(out.target, {4});
  Normalize<> scalar(0.5, 0.25);
  expect_values(scalar.apply(e).data, {2, 10, 18, 34}, 1e-5);
  // Data-only examples, as MNIST's tutorial uses with TensorDataset.
  Normalize<data::example::NoTarget> no_target(1.0, 2.0);
  expect_values(no_target.apply(TensorExample(tensor({3.f}))).data, {1}, 1e-6);
}

TEST(Stack, CollatesExamples) {
  std::vector<Example<>> batch = {{tensor({1.f, 2.f}), scalar_tensor(int64_t{0}, kLong)},
                                  {tensor({3.f, 4.f}), scalar_tensor(int64_t{7}, kLong)},
                                  {tensor({5.f, 6.f}), scalar_tensor(int64_t{2}, kLong)}};
  Example<> out = Stack<>().apply_batch(batch);
  EXPECT_EQ(out.data.sizes(), IntArrayRef({3, 2}));
  expect_values(out.data, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(out.target.sizes(), IntArrayRef({3}));
  EXPECT_EQ(out.target.dtype(), kLong);
  expect_values(out.target, {0, 7, 2});
  TensorExample t = Stack<TensorExample>().apply_batch({tensor({1.f}), tensor({2.f})});
  expect_values(t.data, {1, 2});
  EXPECT_THROW(Stack<>().apply_batch({}), Error);
}

TEST(Lambda, AppliesFunctionPerExampleAndBatch) {
  Lambda<Example<>> twice([](Example<> e) { return Example<>{e.data.mul(2), e.target.add(1)}; });
  auto out = twice.apply_batch({{tensor({1.f}), scalar_tensor(int64_t{0}, kLong)},
                                {tensor({2.f}), scalar_tensor(int64_t{5}, kLong)}});
  ASSERT_EQ(out.size(), 2u);
  expect_values(out[1].data, {4});
  expect_values(out[1].target, {6});
  TensorLambda<> square([](Tensor t) { return t.mul(t); });
  expect_values(square.apply({tensor({3.f}), scalar_tensor(int64_t{1}, kLong)}).data, {9});
  BatchLambda<std::vector<Example<>>, size_t> count([](std::vector<Example<>> b) { return b.size(); });
  EXPECT_EQ(count.apply_batch(out), 2u);
}

TEST(MapDataset, ChainsTransforms) {
  data::datasets::TensorDataset ds(arange(6, kFloat).view({3, 2}));
  auto mapped = ds.map(TensorLambda<data::example::NoTarget>([](Tensor t) { return t.add(10); }))
                    .map(Stack<TensorExample>());
  TensorExample batch = mapped.get_batch(std::vector<size_t>{2, 0});
  expect_values(batch.data, {14, 15, 10, 11});
  EXPECT_EQ(mapped.size(), std::optional<size_t>(3));
}

Example<> image(int64_t c, int64_t h, int64_t w) {
  return {arange(c * h * w, kFloat).add(1).view({c, h, w}), scalar_tensor(int64_t{3}, kLong)};
}

TEST(RandomCrop, DeterministicPerSeedIndexAndEpoch) {
  RandomCrop crop({2, 3}, 1, 17);
  Example<> a = crop.apply(image(2, 4, 4), 5, 0);
  EXPECT_EQ(a.data.sizes(), IntArrayRef({2, 2, 3}));
  expect_values(a.target, {3});
  expect_values(RandomCrop({2, 3}, 1, 17).apply(image(2, 4, 4), 5, 0).data, values(a.data));
  // Over many indices the crops differ and each is a window of the zero-padded image.
  std::set<std::vector<double>> seen;
  Tensor padded = zeros({2, 6, 6});
  padded.narrow(1, 1, 4).narrow(2, 1, 4).copy_(image(2, 4, 4).data);
  for (size_t index = 0; index < 40; ++index) {
    std::vector<double> got = values(crop.apply(image(2, 4, 4), index, 3).data);
    seen.insert(got);
    bool found = false;
    for (int64_t top = 0; top <= 4 && !found; ++top)
      for (int64_t left = 0; left <= 3 && !found; ++left)
        found = values(padded.narrow(1, top, 2).narrow(2, left, 3)) == got;
    EXPECT_TRUE(found) << "crop of index " << index << " is not a window of the padded image";
  }
  EXPECT_GT(seen.size(), 5u);
  // The epoch changes the draw.
  int differing = 0;
  for (size_t index = 0; index < 20; ++index)
    differing += values(crop.apply(image(2, 4, 4), index, 0).data) != values(crop.apply(image(2, 4, 4), index, 1).data);
  EXPECT_GT(differing, 0);
  // Full size without padding is the identity.
  expect_values(RandomCrop(4, 0, 1).apply(image(1, 4, 4), 9, 9).data, values(image(1, 4, 4).data));
}

TEST(RandomCrop, Errors) {
  expect_error([] { RandomCrop({5}, 0, 1).apply(image(1, 4, 4), 0, 0); }, "RandomCrop", "larger");
  expect_error([] { RandomCrop({2}, -1, 1); }, "RandomCrop", "padding");
  expect_error([] { RandomCrop({1, 2, 3}, 0, 1); }, "RandomCrop", "size");
  expect_error([] { RandomCrop({2}, 0, 1).apply({tensor({1.f}), Tensor()}, 0, 0); }, "RandomCrop", "dims");
}

TEST(RandomHorizontalFlip, DeterministicAndExtremes) {
  Example<> e = image(1, 2, 3);  // rows [1 2 3] [4 5 6]
  expect_values(RandomHorizontalFlip(1.0, 3).apply(e, 0, 0).data, {3, 2, 1, 6, 5, 4});
  expect_values(RandomHorizontalFlip(0.0, 3).apply(e, 0, 0).data, {1, 2, 3, 4, 5, 6});
  RandomHorizontalFlip flip(0.5, 3);
  int flipped = 0;
  for (size_t index = 0; index < 200; ++index) {
    auto got = values(flip.apply(e, index, 2).data);
    EXPECT_EQ(got, values(RandomHorizontalFlip(0.5, 3).apply(e, index, 2).data));
    flipped += got[0] == 3;
  }
  EXPECT_GT(flipped, 70);
  EXPECT_LT(flipped, 130);
  expect_error([] { RandomHorizontalFlip(1.5, 0); }, "RandomHorizontalFlip", "probability");
}

}  // namespace
}  // namespace ember
