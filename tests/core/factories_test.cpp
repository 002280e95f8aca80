// Tests for src/core/factories.cpp. Expected values and dtypes were checked against
// LibTorch 1.13 (torch::zeros/full/arange/linspace/logspace/eye/from_blob/tensor).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <ember/ember.h>

#include "test_util.h"

namespace ember {
namespace {

std::vector<int64_t> shape(const Tensor& t) { return t.sizes().vec(); }

template <class F>
void expect_error(F&& f, const std::string& op) {
  try {
    f();
    ADD_FAILURE() << "expected an ember::Error from " << op;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(op), std::string::npos) << e.what();
  }
}

// Restores the default dtype when a test changes it.
struct DefaultDtypeGuard {
  ScalarType saved = get_default_dtype();
  ~DefaultDtypeGuard() { set_default_dtype(saved); }
};

TEST(Factories, ZerosOnesFull) {
  Tensor z = zeros({2, 3});
  EXPECT_EQ(z.dtype(), kFloat);
  EXPECT_EQ(shape(z), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values(z), std::vector<double>(6, 0.0));
  Tensor o = ones({2}, kBool);
  EXPECT_EQ(o.dtype(), kBool);
  EXPECT_EQ(values(o), (std::vector<double>{1, 1}));
  EXPECT_EQ(full({2}, 3).dtype(), kLong);
  EXPECT_EQ(full({2}, 3.5).dtype(), kFloat);
  EXPECT_EQ(full({2}, true).dtype(), kBool);
  EXPECT_EQ(full({2}, 3, kFloat).dtype(), kFloat);
  EXPECT_EQ(values(full({2}, 3.5)), (std::vector<double>{3.5, 3.5}));
  EXPECT_EQ(values(full({2}, 2.7, kInt)), (std::vector<double>{2, 2}));
  EXPECT_EQ(zeros({2, 0}).numel(), 0);
  EXPECT_EQ(zeros({}).dim(), 0);
  EXPECT_TRUE(ones({2}, TensorOptions().requires_grad(true)).requires_grad());
  expect_error([] { zeros({-1}); }, "empty");
}

TEST(Factories, ScalarMustFitDtype) {
  // LibTorch's checked Scalar conversion: out-of-range values throw, except that negative
  // integers wrap into unsigned types and anything converts to bool.
  expect_error([] { full({2}, 300, kByte); }, "full");
  expect_error([] { full({2}, -300, kByte); }, "full");
  expect_error([] { full({2}, -1.0, kByte); }, "full");
  expect_error([] { full({2}, 1e300, kFloat); }, "full");
  expect_error([] { full({2}, 70000, kHalf); }, "full");
  expect_error([] { full({2}, NAN, kInt); }, "full");
  expect_error([] { scalar_tensor(300, kByte); }, "scalar_tensor");
  expect_error([] { full_like(zeros({2}, kChar), 128); }, "full_like");
  expect_error([] { tensor({300}, kByte); }, "tensor");
  expect_error([] { linspace(1, 300, 4, kByte); }, "linspace");
  EXPECT_EQ(values(full({2}, -1, kByte)), (std::vector<double>{255, 255}));
  EXPECT_EQ(values(full({2}, 2.5, kBool)), (std::vector<double>{1, 1}));
  EXPECT_TRUE(std::isinf(full({1}, INFINITY, kHalf).item<float>()));
  EXPECT_TRUE(std::isnan(full({1}, NAN, kDouble).item<double>()));
  // Bool linspace has no kernel, but 0 or 1 steps need none.
  EXPECT_EQ(values(linspace(1, 0, 1, kBool)), (std::vector<double>{1}));
}

TEST(Factories, FullFollowsDefaultDtype) {
  DefaultDtypeGuard guard;
  set_default_dtype(kDouble);
  EXPECT_EQ(full({1}, 0.5).dtype(), kDouble);
  EXPECT_EQ(zeros({1}).dtype(), kDouble);
  EXPECT_EQ(full({1}, 1).dtype(), kLong);
}

TEST(Factories, ScalarTensor) {
  Tensor s = scalar_tensor(3);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.dtype(), kFloat);  // the default dtype whatever the value's kind
  EXPECT_EQ(s.item<double>(), 3.0);
  EXPECT_EQ(scalar_tensor(true).dtype(), kFloat);
  EXPECT_EQ(scalar_tensor(7, kLong).item<int64_t>(), 7);
}

TEST(Factories, Like) {
  Tensor a = ones({2, 3}, kInt);
  Tensor f = full_like(a, 2.7);
  EXPECT_EQ(f.dtype(), kInt);
  EXPECT_EQ(values(f), std::vector<double>(6, 2.0));
  Tensor z = zeros_like(a, kFloat);
  EXPECT_EQ(z.dtype(), kFloat);
  EXPECT_EQ(values(z), std::vector<double>(6, 0.0));
  Tensor o = ones_like(a);
  EXPECT_EQ(values(o), std::vector<double>(6, 1.0));
  // A dense permuted input keeps its layout (MemoryFormat::Preserve).
  Tensor t = zeros({2, 3}).t();
  Tensor ol = ones_like(t);
  EXPECT_EQ(ol.strides().vec(), t.strides().vec());
  EXPECT_TRUE(zeros_like(zeros({2}), TensorOptions().requires_grad(true)).requires_grad());
  expect_error([] { zeros_like(Tensor()); }, "full_like");
}

TEST(Factories, ArangeIntegral) {
  Tensor a = arange(5);
  EXPECT_EQ(a.dtype(), kLong);
  EXPECT_EQ(values(a), (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_EQ(values(arange(10, 0, -3)), (std::vector<double>{10, 7, 4, 1}));
  EXPECT_EQ(arange(5, 5).numel(), 0);
  EXPECT_EQ(arange(5, kInt).dtype(), kInt);
  EXPECT_EQ(arange(true).dtype(), kLong);
  // Bounds convert to the integer accumulation type first (0.5 -> 0); the count uses them
  // for int64 but the original doubles for other integer types, as LibTorch.
  EXPECT_EQ(values(arange(0.5, 3, kInt)), (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(values(arange(0, 2.5, kLong)), (std::vector<double>{0, 1}));
  EXPECT_EQ(values(arange(0, 2.5, kInt)), (std::vector<double>{0, 1, 2}));
}

TEST(Factories, ArangeFloating) {
  Tensor a = arange(1, 4, 0.5);
  EXPECT_EQ(a.dtype(), kFloat);
  EXPECT_EQ(values(a), (std::vector<double>{1, 1.5, 2, 2.5, 3, 3.5}));
  EXPECT_EQ(arange(5.0).dtype(), kFloat);
  // ceil((1 - 0) / 0.1) = 10 elements, computed as start + i * step in double.
  Tensor b = arange(0, 1, 0.1);
  ASSERT_EQ(b.numel(), 10);
  EXPECT_FLOAT_EQ(b.select(0, 3).item<float>(), 0.3f);
  Tensor c = arange(0, 1, 0.3, kDouble);
  EXPECT_EQ(values(c), (std::vector<double>{0, 0.3, 0.6, 0.3 * 3}));
  Tensor h = arange(-1.0, 1.0, 0.25, kHalf);
  EXPECT_EQ(h.dtype(), kHalf);
  EXPECT_EQ(values(h), (std::vector<double>{-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75}));
}

TEST(Factories, ArangeErrors) {
  expect_error([] { arange(0, 10, 0); }, "arange");
  expect_error([] { arange(0, 10, -1); }, "arange");
  expect_error([] { arange(0, 2.5, 0.5, kLong); }, "arange");  // step truncates to 0
  expect_error([] { arange(std::nan(""), 1); }, "arange");
  expect_error([] { arange(0, INFINITY); }, "arange");
  expect_error([] { arange(3, kBool); }, "arange");
}

TEST(Factories, Linspace) {
  Tensor a = linspace(0, 1, 5);
  EXPECT_EQ(a.dtype(), kFloat);
  EXPECT_EQ(values(a), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(values(linspace(0, 10, 5, kLong)), (std::vector<double>{0, 2, 5, 7, 10}));
  EXPECT_EQ(values(linspace(0, 9, 7, kInt)), (std::vector<double>{0, 1, 3, 4, 6, 7, 9}));
  EXPECT_EQ(values(linspace(10, -1, 4, kInt)), (std::vector<double>{10, 6, 2, -1}));
  EXPECT_EQ(values(linspace(0, 9, 7, kDouble)), (std::vector<double>{0, 1.5, 3, 4.5, 6, 7.5, 9}));
  EXPECT_EQ(values(linspace(0, 1, 1)), (std::vector<double>{0}));
  EXPECT_EQ(linspace(0, 1, 0).numel(), 0);
  // The second half counts back from end, so the last value is end exactly.
  Tensor d = linspace(0.1, 0.7, 7, kDouble);
  EXPECT_EQ(d.select(0, 6).item<double>(), 0.7);
  EXPECT_EQ(d.select(0, 0).item<double>(), 0.1);
  expect_error([] { linspace(0, 1, -1); }, "linspace");
  expect_error([] { linspace(0, 1, 4, kBool); }, "linspace");
}

TEST(Factories, Logspace) {
  EXPECT_EQ(values(logspace(0, 2, 3)), (std::vector<double>{1, 10, 100}));
  EXPECT_EQ(values(logspace(0, 3, 4, 2)), (std::vector<double>{1, 2, 4, 8}));
  Tensor l = logspace(0, 3, 4, 2, kLong);
  EXPECT_EQ(l.dtype(), kLong);
  EXPECT_EQ(values(l), (std::vector<double>{1, 2, 4, 8}));
  EXPECT_EQ(values(logspace(0, 1, 1)), (std::vector<double>{1}));
  EXPECT_EQ(logspace(0, 1, 0).numel(), 0);
  expect_error([] { logspace(0, 1, -2); }, "logspace");
  expect_error([] { logspace(0, 1, 2, 10, kBool); }, "logspace");
}

TEST(Factories, Eye) {
  Tensor e = eye(3);
  EXPECT_EQ(e.dtype(), kFloat);
  EXPECT_EQ(values(e), (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  Tensor r = eye(2, 3, kLong);
  EXPECT_EQ(shape(r), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values(r), (std::vector<double>{1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(values(eye(3, 2)), (std::vector<double>{1, 0, 0, 1, 0, 0}));
  EXPECT_EQ(values(eye(2, kBool)), (std::vector<double>{1, 0, 0, 1}));
  EXPECT_EQ(shape(eye(0)), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(shape(eye(2, 0)), (std::vector<int64_t>{2, 0}));
  expect_error([] { eye(-1); }, "eye");
  expect_error([] { eye(2, -1); }, "eye");
}

TEST(Factories, FromBlobSharesMemory) {
  float data[6] = {1, 2, 3, 4, 5, 6};
  Tensor t = from_blob(data, {2, 3});
  EXPECT_EQ(t.dtype(), kFloat);
  EXPECT_EQ(t.data_ptr(), static_cast<void*>(data));
  EXPECT_EQ(values(t), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  t.fill_(7);
  EXPECT_EQ(data[5], 7.0f);
  data[0] = -1;
  EXPECT_EQ(t.select(0, 0).select(0, 0).item<float>(), -1.0f);

  int64_t strided[6] = {0, 1, 2, 3, 4, 5};
  Tensor s = from_blob(strided, {3, 2}, {1, 3}, kLong);  // the transpose of a 2x3 block
  EXPECT_EQ(values(s), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(s.storage()->nbytes(), 6 * sizeof(int64_t));
  expect_error([&] { from_blob(strided, {3, 2}, {1}); }, "from_blob");
  expect_error([&] { from_blob(strided, {-3}); }, "from_blob");
  EXPECT_EQ(from_blob(nullptr, {0, 4}).numel(), 0);
}

TEST(Factories, FromBlobDeleterRunsOnce) {
  int calls = 0;
  void* seen = nullptr;
  std::vector<double> buffer = {1.5, 2.5};
  {
    Tensor t = from_blob(buffer.data(), {2}, [&](void* p) { ++calls; seen = p; }, kDouble);
    Tensor view = t.view({1, 2});  // shares the storage: the deleter waits for both
    t.reset();
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(view.select(0, 0).select(0, 1).item<double>(), 2.5);
  }
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, static_cast<void*>(buffer.data()));
}

TEST(Factories, TensorLiteralDtypes) {
  // As torch::tensor: C++ int/int64_t -> Long, float/double -> default dtype.
  EXPECT_EQ(tensor({1, 2, 3}).dtype(), kLong);
  EXPECT_EQ(tensor(int64_t{3}).dtype(), kLong);
  EXPECT_EQ(tensor(3).dtype(), kLong);
  EXPECT_EQ(tensor({1.5, 2.}).dtype(), kFloat);
  EXPECT_EQ(tensor({1.5f}).dtype(), kFloat);
  EXPECT_EQ(tensor(3.0).dtype(), kFloat);
  EXPECT_EQ(tensor({true, false}).dtype(), kBool);
  EXPECT_EQ(tensor({uint8_t{1}}).dtype(), kByte);
  EXPECT_EQ(tensor({int8_t{1}}).dtype(), kChar);
  EXPECT_EQ(tensor({int16_t{1}}).dtype(), kShort);
  EXPECT_EQ(tensor({Half(1.0f)}).dtype(), kHalf);
  EXPECT_EQ(tensor({BFloat16(1.0f)}).dtype(), kBFloat16);
  EXPECT_EQ(tensor(std::vector<double>{1, 2}).dtype(), kFloat);
  EXPECT_EQ(tensor(std::vector<int>{1, 2}).dtype(), kLong);
  EXPECT_EQ(tensor(std::vector<uint8_t>{1, 2}).dtype(), kByte);
  EXPECT_EQ(tensor(std::vector<int16_t>{1, 2}).dtype(), kShort);
  EXPECT_EQ(tensor({}).dtype(), kFloat);
  EXPECT_EQ(tensor(std::vector<int>{}).dtype(), kLong);
}

TEST(Factories, TensorLiteralFollowsDefaultDtype) {
  DefaultDtypeGuard guard;
  set_default_dtype(kDouble);
  EXPECT_EQ(tensor({1.5, 2.}).dtype(), kDouble);
  EXPECT_EQ(tensor({1.5f}).dtype(), kDouble);
  EXPECT_EQ(tensor(2.5).dtype(), kDouble);
  EXPECT_EQ(tensor({{}, {}}).dtype(), kDouble);
}

TEST(Factories, TensorLiteralShapesAndValues) {
  Tensor s = tensor(5);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.item<int64_t>(), 5);
  Tensor one = tensor({5});
  EXPECT_EQ(shape(one), (std::vector<int64_t>{1}));
  Tensor m = tensor({{1, 2}, {3, 4}});
  EXPECT_EQ(shape(m), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values(m), (std::vector<double>{1, 2, 3, 4}));
  Tensor c = tensor({{{1}}, {{2}}});
  EXPECT_EQ(shape(c), (std::vector<int64_t>{2, 1, 1}));
  EXPECT_EQ(values(tensor({1.5, -2.25})), (std::vector<double>{1.5, -2.25}));
  EXPECT_EQ(values(tensor({true, false})), (std::vector<double>{1, 0}));
  EXPECT_EQ(shape(tensor({})), (std::vector<int64_t>{0}));
  EXPECT_EQ(shape(tensor({{}, {}})), (std::vector<int64_t>{2, 0}));
  Tensor v = tensor(std::vector<float>{0.5f, 1.5f, 2.5f});
  EXPECT_EQ(values(v), (std::vector<double>{0.5, 1.5, 2.5}));
  Tensor r = tensor(ArrayRef<int64_t>({7, 8}));
  EXPECT_EQ(values(r), (std::vector<double>{7, 8}));
  // Vectors nested in a list make rows (LibTorch asserts here; ember allows it).
  Tensor rows = tensor({std::vector<int>{1, 2}, std::vector<int>{3, 4}});
  EXPECT_EQ(shape(rows), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(values(rows), (std::vector<double>{1, 2, 3, 4}));
}

TEST(Factories, TensorLiteralOptions) {
  Tensor d = tensor({1, 2}, kDouble);
  EXPECT_EQ(d.dtype(), kDouble);
  EXPECT_EQ(values(d), (std::vector<double>{1, 2}));
  Tensor i = tensor({1.5, 2.5, -1.5}, kInt);  // truncates toward zero
  EXPECT_EQ(i.dtype(), kInt);
  EXPECT_EQ(values(i), (std::vector<double>{1, 2, -1}));
  // Scalar leaves convert straight to the requested dtype: 0.1 keeps double precision.
  EXPECT_EQ(tensor({0.1}, kDouble).item<double>(), 0.1);
  Tensor v = tensor(std::vector<double>{0.1, 0.2}, kDouble);
  EXPECT_EQ(values(v), (std::vector<double>{0.1, 0.2}));
  Tensor g = tensor({1.5, 2.}, TensorOptions().requires_grad(true));
  EXPECT_TRUE(g.requires_grad());
  EXPECT_EQ(g.dtype(), kFloat);
}

TEST(Factories, TensorLiteralErrors) {
  expect_error([] { tensor({{1, 2}, {3}}); }, "tensor");
  expect_error([] { tensor({{1, 2}, {}}); }, "tensor");
  expect_error([] { tensor({{1}, 2}); }, "tensor");
  // Mixed C++ element types are rejected, as LibTorch (Int vs Double, Int vs Long).
  expect_error([] { tensor({{1, 2}, {3.5, 4.}}); }, "tensor");
  expect_error([] { tensor({1, int64_t{2}}); }, "tensor");
  expect_error([] { tensor({1.5, 2.5f}); }, "tensor");
  try {
    tensor({{1, 2}, {3}});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ragged"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ember
