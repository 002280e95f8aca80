// Unit tests for src/ops/sort.cpp: worked-out values, gradients and error messages.
#include <gtest/gtest.h>

#include <cmath>

#include "ember/ember.h"

namespace ember {
namespace {

std::vector<double> values(const Tensor& t) {
  Tensor d = t.to(kDouble).contiguous();
  return {d.data_ptr<double>(), d.data_ptr<double>() + d.numel()};
}

TEST(Sort, SortIsStableAndPutsNaNLast) {
  auto [v, i] = sort(tensor({2.0, double(NAN), 1.0, 2.0}));
  std::vector<double> got = values(v);
  EXPECT_EQ(got[0], 1.0);
  EXPECT_EQ(got[2], 2.0);
  EXPECT_TRUE(std::isnan(got[3]));
  EXPECT_EQ(values(i), (std::vector<double>{2, 0, 3, 1}));
  auto [dv, di] = sort(tensor({1, 3, 1}), true, 0, true);
  EXPECT_EQ(values(di), (std::vector<double>{1, 0, 2}));
  EXPECT_EQ(values(argsort(tensor({3, 1, 2}))), (std::vector<double>{1, 2, 0}));
}

TEST(Sort, TopkKthvalue) {
  Tensor x = tensor({{1.0, 5.0, 3.0}, {4.0, 2.0, 6.0}});
  auto [v, i] = topk(x, 2);
  EXPECT_EQ(values(v), (std::vector<double>{5, 3, 6, 4}));
  EXPECT_EQ(values(i), (std::vector<double>{1, 2, 2, 0}));
  auto [kv, ki] = kthvalue(x, 2, 0, true);
  EXPECT_EQ(kv.sizes(), IntArrayRef({1, 3}));
  EXPECT_EQ(values(kv), (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(values(ki), (std::vector<double>{1, 0, 1}));
}

TEST(Sort, GradientsScatterToChosenPositions) {
  Tensor x = tensor({3.0, 1.0, 2.0}).set_requires_grad(true);
  Tensor v = std::get<0>(topk(x, 2));
  EXPECT_EQ(v.grad_fn()->name(), "TopkBackward0");
  Tensor w = tensor({10.0, 20.0}).set_requires_grad(true);
  Tensor g = autograd::grad({v}, {x}, {w}, std::nullopt, /*create_graph=*/true)[0];
  EXPECT_EQ(values(g), (std::vector<double>{10, 0, 20}));
  // The scatter is recorded: its gradient w.r.t. w gathers back.
  Tensor gw = autograd::grad({g}, {w}, {tensor({1.0, 2.0, 3.0})})[0];
  EXPECT_EQ(values(gw), (std::vector<double>{1, 3}));
}

TEST(Sort, Unique) {
  auto [v, inv, cnt] = unique(tensor({2, 1, 2, 3, 1}), true, true, true);
  EXPECT_EQ(values(v), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(values(inv), (std::vector<double>{1, 0, 1, 2, 0}));
  EXPECT_EQ(values(cnt), (std::vector<double>{2, 2, 1}));
  auto [dv, dinv, dcnt] = unique(tensor({{1, 2}, {0, 1}, {1, 2}}), true, false, false, 0);
  EXPECT_EQ(values(dv), (std::vector<double>{0, 1, 1, 2}));
  EXPECT_EQ(values(dinv), (std::vector<double>{1, 0, 1}));
}

TEST(Sort, SearchsortedBucketize) {
  Tensor b = tensor({1.0, 2.0, 2.0, 3.0});
  EXPECT_EQ(values(searchsorted(b, tensor({2.0, 0.0, 9.0}))), (std::vector<double>{1, 0, 4}));
  EXPECT_EQ(values(searchsorted(b, tensor({2.0}), false, true)), (std::vector<double>{3}));
  EXPECT_EQ(searchsorted(b, 2.0, true).dtype(), kInt);
  EXPECT_EQ(values(bucketize(tensor({2.5}), b)), (std::vector<double>{3}));
}

TEST(Sort, Errors) {
  auto names = [](const std::function<void()>& call, const std::string& op) {
    try {
      call();
      ADD_FAILURE() << "no error for " << op;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
    }
  };
  names([] { sort(ones({2}), 1); }, "sort");
  names([] { topk(ones({2}), 3); }, "topk");
  names([] { kthvalue(ones({2}), 0); }, "kthvalue");
  names([] { searchsorted(ones({2, 2}), ones({3, 2})); }, "searchsorted");
  names([] { bucketize(ones({2}), ones({2, 2})); }, "bucketize");
}

}  // namespace
}  // namespace ember
