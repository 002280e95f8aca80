// Tensor::index / index_put_ (ember::indexing) and the advanced-indexing ops ember::index,
// index_put_, index_put, nonzero. Expected values are worked out by hand and agree with
// LibTorch 1.13 (except where a test says otherwise).
#include <gtest/gtest.h>

#include <ember/ember.h>

#include <sstream>
#include <string>
#include <vector>

namespace ember {
namespace {

using namespace ember::indexing;

// 0, 1, 2, ... in row-major order, of any shape and dtype.
Tensor seq(IntArrayRef shape, ScalarType dtype = kLong) {
  Tensor t = empty(shape, kLong);
  int64_t* p = t.data_ptr<int64_t>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = i;
  return t.to(dtype);
}

Tensor longs(std::vector<int64_t> values, std::vector<int64_t> shape = {}) {
  if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
  Tensor t = empty(shape, kLong);
  for (size_t i = 0; i < values.size(); ++i) t.data_ptr<int64_t>()[i] = values[i];
  return t;
}

Tensor bools(std::vector<int> values, std::vector<int64_t> shape = {}) {
  return longs(std::vector<int64_t>(values.begin(), values.end()), shape).to(kBool);
}

Tensor full_of(IntArrayRef shape, double value, ScalarType dtype = kFloat) {
  Tensor t = empty(shape, dtype);
  t.fill_(value);
  return t;
}

// Elements in row-major order, as int64 / double.
std::vector<int64_t> ivals(const Tensor& t) {
  Tensor c = t.to(kLong).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

std::vector<double> dvals(const Tensor& t) {
  Tensor c = t.to(kDouble).contiguous();
  const double* p = c.data_ptr<double>();
  return std::vector<double>(p, p + c.numel());
}

using Ints = std::vector<int64_t>;
using Dims = std::vector<int64_t>;

Dims dims(const Tensor& t) { return t.sizes().vec(); }
bool shares(const Tensor& a, const Tensor& b) { return a.storage().get() == b.storage().get(); }

// Runs f, expects an ember::Error whose message contains every part.
template <class F>
void expect_error(F&& f, std::vector<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "expected an ember::Error containing '" << parts[0] << "'";
  } catch (const Error& e) {
    for (const std::string& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
          << "message '" << e.what() << "' lacks '" << part << "'";
  }
}

// ---- basic indexing: views ----------------------------------------------------------------

TEST(Indexing, IntegerSelectsAView) {
  Tensor x = seq({2, 3, 4});
  Tensor r = x.index({1});
  EXPECT_EQ(dims(r), Dims({3, 4}));
  EXPECT_EQ(ivals(r), Ints({12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}));
  EXPECT_TRUE(shares(r, x));
  EXPECT_EQ(ivals(x.index({-1, -2})), Ints({16, 17, 18, 19}));
  Tensor e = x.index({0, 1, 2});
  EXPECT_EQ(e.dim(), 0);
  EXPECT_EQ(e.item<int64_t>(), 6);
  EXPECT_EQ(x.index({int64_t{1}, -3, 3}).item<int64_t>(), 15);
  // A 0-dim integer tensor selects like an integer (still a view).
  Tensor t = x.index({longs({1}).squeeze()});
  EXPECT_EQ(dims(t), Dims({3, 4}));
  EXPECT_TRUE(shares(t, x));
}

TEST(Indexing, WritesThroughAViewReachTheTensor) {
  Tensor x = seq({2, 3});
  x.index({1, Slice(None, None, 2)}).fill_(-1);
  EXPECT_EQ(ivals(x), Ints({0, 1, 2, -1, 4, -1}));
}

TEST(Indexing, Slices) {
  Tensor x = seq({10});
  Tensor r = x.index({Slice(1, None, 3)});
  EXPECT_EQ(ivals(r), Ints({1, 4, 7}));
  EXPECT_EQ(r.stride(0), 3);
  EXPECT_TRUE(shares(r, x));
  EXPECT_EQ(ivals(x.index({Slice(None, -7)})), Ints({0, 1, 2}));
  EXPECT_EQ(ivals(x.index({Slice(-3)})), Ints({7, 8, 9}));
  EXPECT_EQ(ivals(x.index({Slice(-100, 100, 4)})), Ints({0, 4, 8}));
  EXPECT_EQ(x.index({Slice(5, 2)}).numel(), 0);
  EXPECT_EQ(ivals(x.index({Slice()})), ivals(x));

  Tensor y = seq({3, 4});
  EXPECT_EQ(ivals(y.index({Slice(1), Slice(None, None, 2)})), Ints({4, 6, 8, 10}));
  EXPECT_EQ(dims(y.index({Slice(), 1})), Dims({3}));
  EXPECT_EQ(ivals(y.index({Slice(), 1})), Ints({1, 5, 9}));
}

TEST(Indexing, SliceFields) {
  Slice whole;
  EXPECT_EQ(whole.start(), 0);
  EXPECT_EQ(whole.stop(), INDEX_MAX);
  EXPECT_EQ(whole.step(), 1);
  Slice s(2, None, 3);
  EXPECT_EQ(s.start(), 2);
  EXPECT_EQ(s.stop(), INDEX_MAX);
  EXPECT_EQ(s.step(), 3);
  Slice back(None, None, -1);
  EXPECT_EQ(back.start(), INDEX_MAX);
  EXPECT_EQ(back.stop(), INDEX_MIN);
  std::ostringstream out;
  out << TensorIndex(Slice(1, 4)) << " " << TensorIndex(None) << " " << TensorIndex("...") << " "
      << TensorIndex(true) << " " << TensorIndex(-2);
  EXPECT_EQ(out.str(), "1:4:1 None ... true -2");
}

TEST(Indexing, NoneAndEllipsis) {
  Tensor x = seq({2, 3, 4});
  EXPECT_EQ(dims(x.index({None})), Dims({1, 2, 3, 4}));
  Tensor r = x.index({Slice(), None, 0});
  EXPECT_EQ(dims(r), Dims({2, 1, 4}));
  EXPECT_EQ(ivals(r), Ints({0, 1, 2, 3, 12, 13, 14, 15}));
  EXPECT_TRUE(shares(r, x));

  Tensor e = x.index({"...", 1});
  EXPECT_EQ(dims(e), Dims({2, 3}));
  EXPECT_EQ(ivals(e), Ints({1, 5, 9, 13, 17, 21}));
  EXPECT_EQ(ivals(x.index({0, Ellipsis, 2})), Ints({2, 6, 10}));
  EXPECT_EQ(dims(x.index({Ellipsis, None})), Dims({2, 3, 4, 1}));
  EXPECT_EQ(dims(x.index({None, Ellipsis, None, 1})), Dims({1, 2, 3, 1}));
  EXPECT_EQ(dims(x.index({0, 1, 2, Ellipsis})), Dims({}));  // the ellipsis may stand for no dim

  // The whole tensor: a new view, not the same handle.
  Tensor all = x.index({Ellipsis});
  EXPECT_FALSE(all.is_same(x));
  EXPECT_TRUE(shares(all, x));
  EXPECT_EQ(dims(all), dims(x));
}

TEST(Indexing, BoolsAddADimAndCopy) {
  Tensor x = seq({2, 3});
  Tensor t = x.index({true});
  EXPECT_EQ(dims(t), Dims({1, 2, 3}));
  EXPECT_EQ(ivals(t), ivals(x));
  EXPECT_FALSE(shares(t, x));  // a bool is an advanced index in LibTorch: a copy
  EXPECT_EQ(dims(x.index({false})), Dims({0, 2, 3}));
  EXPECT_EQ(dims(x.index({Slice(), true})), Dims({2, 1, 3}));
  EXPECT_EQ(dims(x.index({Slice(), false, 1})), Dims({2, 0}));
  // A 0-dim bool tensor indexes as a bool.
  EXPECT_EQ(dims(x.index({bools({1}).squeeze()})), Dims({1, 2, 3}));
  EXPECT_EQ(dims(x.index({bools({0}).squeeze()})), Dims({0, 2, 3}));
  // As an index tensor [0], `true` broadcasts with the other index tensors.
  Tensor b = x.index({true, longs({1, 0})});
  EXPECT_EQ(dims(b), Dims({2, 3}));
  EXPECT_EQ(ivals(b), Ints({3, 4, 5, 0, 1, 2}));
}

TEST(Indexing, ZeroDimTensor) {
  Tensor s = full_of({}, 5.0);
  EXPECT_EQ(dims(s.index({None})), Dims({1}));
  EXPECT_EQ(s.index({"..."}).item<float>(), 5.0f);
  EXPECT_EQ(dvals(s.index({true})), std::vector<double>({5.0}));
  EXPECT_EQ(dims(s.index({false})), Dims({0}));
  expect_error([&] { s.index({0}); }, {"index", "0-dim"});
  expect_error([&] { s.index({longs({0}).squeeze()}); }, {"index", "0-dim"});
  expect_error([&] { s.index({Slice()}); }, {"index", "too many indices for tensor of dimension 0"});
}

TEST(Indexing, EmptyTensors) {
  Tensor e = empty({0, 3}, kFloat);
  EXPECT_EQ(dims(e.index({Slice(), 1})), Dims({0}));
  EXPECT_EQ(dims(e.index({Slice(), longs({2})})), Dims({0, 1}));
  EXPECT_EQ(dims(e.index({Slice(), longs({})})), Dims({0, 0}));
  Tensor x = seq({2, 3, 4});
  EXPECT_EQ(dims(x.index({longs({})})), Dims({0, 3, 4}));
  EXPECT_EQ(dims(x.index({Slice(), empty({0, 2}, kLong)})), Dims({2, 0, 2, 4}));
  expect_error([&] { e.index({longs({0})}); },
               {"index", "index 0 is out of bounds for dimension 0 with size 0"});
}

// ---- advanced indexing: copies ------------------------------------------------------------

TEST(Indexing, IndexTensors) {
  Tensor x = seq({2, 3, 4});
  Tensor r = x.index({longs({1, 0, -1})});
  EXPECT_EQ(dims(r), Dims({3, 3, 4}));
  EXPECT_FALSE(shares(r, x));
  Ints row1 = ivals(x.index({1})), row0 = ivals(x.index({0}));
  Ints expected = row1;
  expected.insert(expected.end(), row0.begin(), row0.end());
  expected.insert(expected.end(), row1.begin(), row1.end());
  EXPECT_EQ(ivals(r), expected);

  // int32 indices (accepted as PyTorch >= 2.0 does; LibTorch 1.13 rejects them).
  EXPECT_EQ(ivals(seq({5}).index({longs({4, -5}).to(kInt)})), Ints({4, 0}));
  // A multi-dim index tensor shapes the result.
  Tensor m = seq({5}).index({longs({0, 4, 2, 2}, {2, 2})});
  EXPECT_EQ(dims(m), Dims({2, 2}));
  EXPECT_EQ(ivals(m), Ints({0, 4, 2, 2}));
  // Any dtype and a non-contiguous source.
  Tensor xt = seq({3, 4}, kDouble).t();  // [4, 3]
  EXPECT_EQ(dvals(xt.index({longs({3, 0})})), std::vector<double>({3, 7, 11, 0, 4, 8}));
  Tensor h = seq({4}, kHalf);
  EXPECT_EQ(dvals(h.index({longs({3, 1})})), std::vector<double>({3, 1}));
  EXPECT_EQ(h.index({longs({3, 1})}).dtype(), kHalf);
  Tensor b = bools({1, 0, 1});
  EXPECT_EQ(ivals(b.index({longs({1, 2, 0})})), Ints({0, 1, 1}));
  // A broadcast (stride 0) index tensor.
  Tensor idx = longs({0, 1, 1}).expand({2, 3});
  Tensor g = x.index({idx, 2});  // select dim 1 first, then gather dim 0
  EXPECT_EQ(dims(g), Dims({2, 3, 4}));
  EXPECT_EQ(ivals(g.index({1, 2})), Ints({20, 21, 22, 23}));
  EXPECT_EQ(ivals(g.index({0, 0})), Ints({8, 9, 10, 11}));
}

TEST(Indexing, AdjacentIndicesStayInPlace) {
  Tensor x = seq({2, 3, 4});
  Tensor r = x.index({Slice(), longs({0, 2}), longs({1, 3})});
  EXPECT_EQ(dims(r), Dims({2, 2}));
  EXPECT_EQ(ivals(r), Ints({1, 11, 13, 23}));
  // An integer is a select, not an advanced index (PyTorch, unlike NumPy): x[0][:, [0, 1]].
  Tensor s = x.index({0, Slice(), longs({0, 1})});
  EXPECT_EQ(dims(s), Dims({3, 2}));
  EXPECT_EQ(ivals(s), Ints({0, 1, 4, 5, 8, 9}));
  Tensor y = seq({2, 3, 4, 5});
  EXPECT_EQ(dims(y.index({Slice(), longs({0, 1, 2}), longs({1}), Slice()})), Dims({2, 3, 5}));
}

TEST(Indexing, SeparatedIndicesGoFirst) {
  Tensor x = seq({2, 3, 4});
  Tensor r = x.index({longs({0, 1}), Slice(), longs({1, 3})});
  EXPECT_EQ(dims(r), Dims({2, 3}));
  EXPECT_EQ(ivals(r), Ints({1, 5, 9, 15, 19, 23}));
  // Index tensors broadcast: [2, 1] with [2] gives [2, 2], then the sliced dim.
  Tensor b = x.index({longs({0, 1}, {2, 1}), Slice(), longs({0, 3})});
  EXPECT_EQ(dims(b), Dims({2, 2, 3}));
  EXPECT_EQ(ivals(b), Ints({0, 4, 8, 3, 7, 11, 12, 16, 20, 15, 19, 23}));
  // None dims between the indexed dims separate them.
  Tensor n = x.index({None, longs({0, 1}), None, longs({1, 2})});
  EXPECT_EQ(dims(n), Dims({2, 1, 1, 4}));
  EXPECT_EQ(ivals(n), Ints({4, 5, 6, 7, 20, 21, 22, 23}));
}

TEST(Indexing, Masks) {
  Tensor x = seq({2, 3, 4});
  Tensor m = bools({1, 0, 1, 0, 1, 0}, {2, 3});
  Tensor r = x.index({m});
  EXPECT_EQ(dims(r), Dims({3, 4}));
  EXPECT_EQ(ivals(r), Ints({0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19}));
  EXPECT_EQ(ivals(x.index({Slice(), Slice(), bools({1, 0, 0, 1})})),
            Ints({0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23}));
  // uint8 masks index as bool masks.
  EXPECT_EQ(dims(x.index({longs({1, 0}).to(kByte)})), Dims({1, 3, 4}));
  // An index after a 2-dim mask applies to the dim after the mask's dims: x[m, 0] (LibTorch
  // 1.13's C++ index misplaces it and throws; this is Python's behaviour).
  EXPECT_EQ(ivals(x.index({m, 0})), Ints({0, 8, 16}));
  // A mask mixed with an index tensor: the mask is its nonzero() positions, which broadcast.
  EXPECT_EQ(ivals(x.index({bools({1, 0}), Slice(), longs({0, 3})})), Ints({0, 4, 8, 3, 7, 11}));
  EXPECT_EQ(ivals(x.index({bools({1, 0}), longs({0, 2})})),
            Ints({0, 1, 2, 3, 8, 9, 10, 11}));
  Tensor none = x.index({Slice(), bools({0, 0, 0})});
  EXPECT_EQ(dims(none), Dims({2, 0, 4}));
  expect_error([&] { x.index({bools({1, 0, 1, 1, 0})}); }, {"index", "shape of the mask [5]"});
  expect_error([&] { x.index({Slice(), m}); }, {"index", "mask [2, 3]"});
}

TEST(Indexing, Nonzero) {
  Tensor t = longs({0, 3, -2, 0}, {2, 2});
  Tensor n = nonzero(t);
  EXPECT_EQ(n.dtype(), kLong);
  EXPECT_EQ(dims(n), Dims({2, 2}));
  EXPECT_EQ(ivals(n), Ints({0, 1, 1, 0}));
  EXPECT_EQ(ivals(nonzero(seq({3, 2}, kFloat).t())), Ints({0, 1, 0, 2, 1, 0, 1, 1, 1, 2}));
  EXPECT_EQ(dims(nonzero(full_of({}, 5.0))), Dims({1, 0}));
  EXPECT_EQ(dims(nonzero(full_of({}, 0.0))), Dims({0, 0}));
  EXPECT_EQ(dims(nonzero(empty({0, 3}, kFloat))), Dims({0, 2}));
}

TEST(Indexing, IndexFreeFunction) {
  Tensor y = seq({3, 4});
  Tensor r = index(y, {std::nullopt, longs({0, 0, 3})});
  EXPECT_EQ(dims(r), Dims({3, 3}));
  EXPECT_EQ(ivals(r), Ints({0, 0, 3, 4, 4, 7, 8, 8, 11}));
  EXPECT_EQ(ivals(index(y, {longs({2}), longs({1})})), Ints({9}));
  EXPECT_EQ(dims(index(y, {bools({1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, {3, 4})})), Dims({3}));
  expect_error([&] { index(y, {std::nullopt, std::nullopt, longs({0})}); },
               {"index", "too many indices for tensor of dimension 2"});
  expect_error([&] { index(y, {std::nullopt}); }, {"index", "at least one index"});
  expect_error([&] { index(y, {longs({0, 1}), longs({0, 1, 2})}); },
               {"index", "shape mismatch", "[2], [3]"});
  expect_error([&] { index(y, {seq({2}, kFloat)}); }, {"index", "Float"});
  expect_error([&] { index(Tensor(), {longs({0})}); }, {"index", "undefined"});
}

TEST(Indexing, Subscript) {
  Tensor x = seq({2, 3});
  Tensor r = x[1];
  EXPECT_EQ(ivals(r), Ints({3, 4, 5}));
  EXPECT_TRUE(shares(r, x));
  EXPECT_EQ(ivals(x[longs({1, 1, 0})]), Ints({3, 4, 5, 3, 4, 5, 0, 1, 2}));
  EXPECT_EQ(x[1][2].item<int64_t>(), 5);
  EXPECT_THROW(x[2], Error);
}

// ---- errors -----------------------------------------------------------------------------

TEST(Indexing, Errors) {
  Tensor x = seq({2, 3});
  expect_error([&] { x.index({5}); }, {"index", "index 5 is out of bounds for dimension 0 with size 2"});
  expect_error([&] { x.index({0, -4}); }, {"index", "index -4 is out of bounds for dimension 1 with size 3"});
  // The dim named is the dim of x, not counting the inserted None.
  expect_error([&] { x.index({None, 2}); }, {"index", "out of bounds for dimension 0 with size 2"});
  expect_error([&] { x.index({0, 0, 0}); }, {"index", "too many indices for tensor of dimension 2"});
  expect_error([&] { x.index({bools({1, 0}), 0, 0}); }, {"index", "too many indices"});
  expect_error([&] { x.index({Slice(None, None, -1)}); }, {"index", "step must be greater than zero"});
  expect_error([&] { Slice(0, None, 0); }, {"Slice", "slice step cannot be zero"});
  expect_error([&] { x.index({"...", Ellipsis}); }, {"index", "single ellipsis"});
  expect_error([&] { TensorIndex(".."); }, {"TensorIndex", "\"...\""});
  expect_error([&] { x.index({}); }, {"index", "empty index list"});
  expect_error([&] { x.index({Tensor()}); }, {"index", "undefined"});
  expect_error([&] { x.index({longs({0, 2})}); },
               {"index", "index 2 is out of bounds for dimension 0 with size 2"});
  expect_error([&] { x.index({Slice(), longs({-4})}); },
               {"index", "index -4 is out of bounds for dimension 1 with size 3"});
  expect_error([&] { x.index({longs({0}), seq({2}, kDouble)}); }, {"index", "Double"});
  expect_error([&] { x.index({false, longs({0, 1, 2})}); }, {"index", "[0], [3]"});
  expect_error([&] { Tensor().index({0}); }, {"index", "undefined"});
}

// ---- index_put_ ---------------------------------------------------------------------------

TEST(IndexPut, BasicIndicesWriteThroughAView) {
  Tensor y = full_of({3, 4}, 0.0);
  uint32_t version = y._version();
  Tensor& same = y.index_put_({1}, 5);
  EXPECT_TRUE(same.is_same(y));
  EXPECT_GT(y._version(), version);
  EXPECT_EQ(dvals(y.index({1})), std::vector<double>({5, 5, 5, 5}));
  EXPECT_EQ(dvals(y.index({0})), std::vector<double>({0, 0, 0, 0}));

  // Value broadcast (leading 1s dropped, as LibTorch) and converted to y's dtype.
  y.index_put_({Slice(), 0}, full_of({1, 1, 3}, 7.0, kDouble));
  EXPECT_EQ(dvals(y.index({Slice(), 0})), std::vector<double>({7, 7, 7}));
  y.index_put_({Slice(1), Slice(2)}, seq({2}, kLong));
  EXPECT_EQ(dvals(y), std::vector<double>({7, 0, 0, 0, 7, 5, 0, 1, 7, 0, 0, 1}));
  y.index_put_({"..."}, 2.5);
  EXPECT_EQ(dvals(y), std::vector<double>(12, 2.5));

  Tensor s = full_of({}, 5.0);
  s.index_put_({"..."}, 9);
  EXPECT_EQ(s.item<float>(), 9.0f);
  s.index_put_({true}, 3);
  EXPECT_EQ(s.item<float>(), 3.0f);
  s.index_put_({false}, 4);
  EXPECT_EQ(s.item<float>(), 3.0f);

  expect_error([&] { y.index_put_({Slice(), 0}, full_of({2, 3}, 1.0)); },
               {"index_put_", "shape mismatch", "[2, 3]", "[3]"});
  expect_error([&] { y.index_put_({3}, 1.0); }, {"index_put_", "index 3 is out of bounds"});
  expect_error([&] { y.index_put_({0}, Tensor()); }, {"index_put_", "undefined"});
}

TEST(IndexPut, AdvancedIndices) {
  Tensor y = full_of({3, 4}, 0.0);
  y.index_put_({longs({0, 2})}, seq({4}, kDouble));  // converted to float
  EXPECT_EQ(dvals(y), std::vector<double>({0, 1, 2, 3, 0, 0, 0, 0, 0, 1, 2, 3}));
  uint32_t version = y._version();
  y.index_put_({Slice(), longs({1, 3})}, -1);
  EXPECT_GT(y._version(), version);
  EXPECT_EQ(dvals(y), std::vector<double>({0, -1, 2, -1, 0, -1, 0, -1, 0, -1, 2, -1}));
  y.index_put_({bools({1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, {3, 4})}, full_of({2}, 8.0));
  EXPECT_EQ(dvals(y), std::vector<double>({8, -1, 2, -1, 0, -1, 0, -1, 0, -1, 2, 8}));
  y.index_put_({longs({1}), longs({0, 2})}, full_of({1, 1, 2}, 4.0));  // leading 1s dropped
  EXPECT_EQ(dvals(y.index({1})), std::vector<double>({4, -1, 4, -1}));
  // A non-contiguous destination.
  Tensor t = full_of({4, 3}, 0.0).t();  // [3, 4], strides [1, 3]
  t.index_put_({longs({2, 0}), longs({1, 3})}, seq({2}, kFloat));
  EXPECT_EQ(dvals(t), std::vector<double>({0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
  // Values that alias the destination are read before anything is written: swap two rows.
  Tensor z = seq({3, 2});
  z.index_put_({longs({1, 0})}, z.index({Slice(0, 2)}));
  EXPECT_EQ(ivals(z), Ints({2, 3, 0, 1, 4, 5}));
  // Writing nothing.
  Tensor e = seq({3});
  e.index_put_({longs({})}, 1);
  e.index_put_({bools({0, 0, 0})}, 1);
  EXPECT_EQ(ivals(e), Ints({0, 1, 2}));

  expect_error([&] { y.index_put_({longs({0, 2})}, full_of({3}, 1.0)); },
               {"index_put_", "shape mismatch: value tensor of shape [3] cannot be broadcast to "
                              "indexing result of shape [2, 4]"});
  expect_error([&] { y.index_put_({longs({0, 5})}, 1); },
               {"index_put_", "index 5 is out of bounds for dimension 0 with size 3"});
  Tensor expanded = full_of({4}, 0.0).expand({3, 4});
  expect_error([&] { expanded.index_put_({longs({0})}, full_of({}, 1.0)); },
               {"index_put_", "single memory location"});
}

TEST(IndexPut, Accumulate) {
  Tensor y = full_of({3, 2}, 1.0);
  y.index_put_({longs({0, 0, 2, 0})}, full_of({}, 1.0), /*accumulate=*/true);
  EXPECT_EQ(dvals(y), std::vector<double>({4, 4, 1, 1, 2, 2}));
  // Per-element values, broadcast over the rows, repeated positions all add.
  Tensor v = seq({2}, kFloat);
  index_put_(y, {longs({1, 1}), longs({1, 1})}, full_of({}, 0.5), true);
  EXPECT_EQ(dvals(y), std::vector<double>({4, 4, 1, 2, 2, 2}));
  y.index_put_({std::nullopt, longs({0, 0, 1})}, full_of({3, 3}, 1.0), true);
  EXPECT_EQ(dvals(y), std::vector<double>({6, 5, 3, 3, 4, 3}));
  // Without accumulate the non-accumulating list overload writes.
  y.index_put_({longs({2})}, v, false);
  EXPECT_EQ(dvals(y.index({2})), std::vector<double>({0, 1}));

  // Integer accumulation wraps as the dtype does; bool accumulates as "or".
  Tensor i8 = longs({127, 0}).to(kChar);
  i8.index_put_({longs({0, 0})}, longs({1, 1}).to(kChar), true);
  EXPECT_EQ(ivals(i8), Ints({-127, 0}));
  Tensor b = bools({0, 1, 0});
  b.index_put_({longs({0, 0, 1})}, bools({1}).squeeze(), true);
  EXPECT_EQ(ivals(b), Ints({1, 1, 0}));
  // float16 adds in float and rounds each sum, as LibTorch (0.1 three times gives 0.2998).
  Tensor h = full_of({2}, 0.0, kHalf);
  h.index_put_({longs({0, 0, 0})}, full_of({3}, 0.1, kHalf), true);
  EXPECT_NEAR(dvals(h)[0], 0.2998, 1e-4);
  EXPECT_EQ(dvals(h)[1], 0.0);
  // Values of another dtype are converted first (LibTorch 1.13 requires matching dtypes).
  Tensor l = longs({10, 20});
  l.index_put_({longs({1, 1})}, full_of({2}, 2.7, kDouble), true);
  EXPECT_EQ(ivals(l), Ints({10, 24}));
}

TEST(IndexPut, OutOfPlace) {
  Tensor y = full_of({3}, 1.0);
  Tensor r = index_put(y, {longs({0, 0, 2})}, full_of({}, 1.0), true);
  EXPECT_EQ(dvals(r), std::vector<double>({3, 1, 2}));
  EXPECT_EQ(dvals(y), std::vector<double>({1, 1, 1}));
  // An expanded input is fine out of place: the copy is dense.
  Tensor ex = full_of({1}, 0.0).expand({3});
  EXPECT_EQ(dvals(index_put(ex, {longs({1})}, full_of({}, 5.0))), std::vector<double>({0, 5, 0}));
  expect_error([&] { index_put(y, {longs({3})}, full_of({}, 1.0)); },
               {"index_put_", "index 3 is out of bounds"});
  expect_error([&] { index_put(Tensor(), {longs({0})}, full_of({}, 1.0)); },
               {"index_put", "undefined"});
}

}  // namespace
}  // namespace ember
