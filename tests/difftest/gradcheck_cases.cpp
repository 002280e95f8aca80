// gradcheck / gradgradcheck cases for the differentiable ops whose difftest cases go through
// add_case (reductions with dims, linear algebra, joining/splitting, indexing and scatter,
// arrangement, sorting-based selection, normalisation, embedding, dropout). Small float64
// inputs, a non-contiguous one where natural, broadcasting where the op broadcasts; index
// tensors and masks are inputs of non-double dtype, so they are not differentiated.
#include <cmath>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

using Inputs = std::vector<Tensor>;

Tensor in(IntArrayRef shape, uint64_t seed, Layout layout = Layout::Contiguous, double lo = -2.0,
          double hi = 2.0) {
  return make_input(shape, kDouble, layout, seed, lo, hi);
}

Tensor idx(const detail::TensorLiteral& values) { return tensor(values, kLong); }

// Distinct values at least 0.25 apart (a permutation of 0.25 * arange(n), n not a multiple of
// 7, plus noise below 0.02) so that finite differences never cross a tie of sort-like ops.
// 2-D with `transposed`: a transposed view.
Tensor distinct(std::vector<int64_t> shape, uint64_t seed, bool transposed = false) {
  if (transposed) std::swap(shape[0], shape[1]);
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  std::vector<double> values(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) values[static_cast<size_t>(i)] = static_cast<double>((i * 7 + 3) % n) * 0.25;
  Tensor x = tensor(values).reshape(shape) + in(shape, seed, Layout::Contiguous, -0.02, 0.02);
  return transposed ? x.transpose(0, 1) : x;
}

// Registers op's case: make_inputs builds the inputs (float64 ones are differentiated).
void gc(const std::string& op, const std::string& label, std::function<Inputs()> make_inputs, EmberFn fn) {
  add_gradcheck_case({op, label, std::move(make_inputs), std::move(fn)});
}

// The pieces of a split, each scaled by a different constant, joined again: every piece's
// gradient reaches the input with its own weight.
Tensor weighted_cat(const std::vector<Tensor>& pieces, int64_t dim) {
  std::vector<Tensor> scaled;
  for (size_t i = 0; i < pieces.size(); ++i) scaled.push_back(pieces[i] * static_cast<double>(i + 1));
  return cat(scaled, dim);
}

void reduction_cases() {
  gc("std", "all/[3, 4]", [] { return Inputs{in({3, 4}, 1)}; }, [](auto& x) { return ember::std(x[0]); });
  gc("std", "dim1/transposed/[3, 4]", [] { return Inputs{in({3, 4}, 2, Layout::Transposed)}; },
     [](auto& x) { return ember::std(x[0], std::optional<IntArrayRef>(IntArrayRef{1}), true, true); });
  gc("var_mean", "dim0/sliced/[3, 4]", [] { return Inputs{in({3, 4}, 3, Layout::Sliced)}; }, [](auto& x) {
    auto [var, mean] = var_mean(x[0], std::optional<IntArrayRef>(IntArrayRef{0}));
    return var + mean * 2;
  });
  gc("var_mean", "all/[5]", [] { return Inputs{in({5}, 4)}; }, [](auto& x) {
    auto [var, mean] = var_mean(x[0], false);
    return var - mean * 3;
  });
  gc("median", "all/[3, 4]", [] { return Inputs{distinct({3, 4}, 5)}; }, [](auto& x) { return median(x[0]); });
  gc("median", "dim1/transposed/[3, 4]", [] { return Inputs{distinct({3, 4}, 6, true)}; },
     [](auto& x) { return std::get<0>(median(x[0], 1)); });
}

void linalg_cases() {
  gc("matmul", "[2, 3, 4] @ [4]", [] { return Inputs{in({2, 3, 4}, 10), in({4}, 11)}; },
     [](auto& x) { return matmul(x[0], x[1]); });
  gc("matmul", "broadcast [3, 4]^T @ [2, 4, 2]", [] { return Inputs{in({3, 4}, 12, Layout::Transposed), in({2, 4, 2}, 13)}; },
     [](auto& x) { return matmul(x[0], x[1]); });
  gc("matmul", "[3] @ [3, 2]", [] { return Inputs{in({3}, 14), in({3, 2}, 15)}; }, [](auto& x) { return matmul(x[0], x[1]); });
  gc("mm", "transposed", [] { return Inputs{in({3, 4}, 16, Layout::Transposed), in({4, 2}, 17, Layout::Sliced)}; },
     [](auto& x) { return mm(x[0], x[1]); });
  gc("bmm", "[2, 3, 2] @ [2, 2, 3]", [] { return Inputs{in({2, 3, 2}, 18), in({2, 2, 3}, 19, Layout::Transposed)}; },
     [](auto& x) { return bmm(x[0], x[1]); });
  gc("mv", "transposed", [] { return Inputs{in({3, 4}, 20, Layout::Transposed), in({4}, 21)}; },
     [](auto& x) { return mv(x[0], x[1]); });
  gc("dot", "[5]", [] { return Inputs{in({5}, 22), in({5}, 23, Layout::Sliced)}; }, [](auto& x) { return dot(x[0], x[1]); });
  gc("vdot", "[5]", [] { return Inputs{in({5}, 24, Layout::Sliced), in({5}, 25)}; }, [](auto& x) { return vdot(x[0], x[1]); });
  gc("outer", "[3] x [4]", [] { return Inputs{in({3}, 26), in({4}, 27, Layout::Sliced)}; },
     [](auto& x) { return outer(x[0], x[1]); });
  gc("ger", "[4] x [2]", [] { return Inputs{in({4}, 28), in({2}, 29)}; }, [](auto& x) { return ger(x[0], x[1]); });
  gc("addmm", "broadcast self, beta, alpha", [] { return Inputs{in({4}, 30), in({3, 2}, 31), in({2, 4}, 32, Layout::Transposed)}; },
     [](auto& x) { return addmm(x[0], x[1], x[2], 0.5, 2); });
  gc("addmv", "transposed mat", [] { return Inputs{in({3}, 33), in({3, 4}, 34, Layout::Transposed), in({4}, 35)}; },
     [](auto& x) { return addmv(x[0], x[1], x[2], 2, -1.5); });
  gc("baddbmm", "broadcast self", [] { return Inputs{in({3, 1}, 36), in({2, 3, 2}, 37), in({2, 2, 2}, 38)}; },
     [](auto& x) { return baddbmm(x[0], x[1], x[2], 0.5, 1.5); });
  gc("einsum", "ij,jk->ik", [] { return Inputs{in({2, 3}, 39, Layout::Transposed), in({3, 4}, 40)}; },
     [](auto& x) { return einsum("ij,jk->ik", {x[0], x[1]}); });
  gc("einsum", "bij,bkj->bik", [] { return Inputs{in({2, 2, 3}, 41), in({2, 2, 3}, 42)}; },
     [](auto& x) { return einsum("bij,bkj->bik", {x[0], x[1]}); });
  gc("einsum", "ii->i", [] { return Inputs{in({3, 3}, 43)}; }, [](auto& x) { return einsum("ii->i", {x[0]}); });
  gc("linear", "bias", [] { return Inputs{in({2, 3}, 44), in({4, 3}, 45, Layout::Transposed), in({4}, 46)}; },
     [](auto& x) { return linear(x[0], x[1], x[2]); });
  gc("linear", "no bias/[2, 2, 3]", [] { return Inputs{in({2, 2, 3}, 47), in({2, 3}, 48)}; },
     [](auto& x) { return linear(x[0], x[1]); });
}

void join_split_cases() {
  gc("cat", "dim1", [] { return Inputs{in({3, 2}, 50, Layout::Transposed), in({3, 3}, 51)}; },
     [](auto& x) { return cat({x[0], x[1], x[0]}, 1); });
  gc("concat", "dim0", [] { return Inputs{in({2, 3}, 52), in({1, 3}, 53)}; }, [](auto& x) { return concat({x[0], x[1]}); });
  gc("stack", "dim1", [] { return Inputs{in({3, 2}, 54, Layout::Sliced), in({3, 2}, 55)}; },
     [](auto& x) { return stack({x[0], x[1]}, 1); });
  gc("hstack", "[3] [2]", [] { return Inputs{in({3}, 56), in({2}, 57)}; }, [](auto& x) { return hstack({x[0], x[1]}); });
  gc("vstack", "[3] [2, 3]", [] { return Inputs{in({3}, 58), in({2, 3}, 59, Layout::Transposed)}; },
     [](auto& x) { return vstack({x[0], x[1]}); });
  gc("row_stack", "[2, 2] [1, 2]", [] { return Inputs{in({2, 2}, 60), in({1, 2}, 61)}; },
     [](auto& x) { return row_stack({x[0], x[1]}); });
  gc("split", "size 2/dim0/[5, 3]", [] { return Inputs{in({5, 3}, 62)}; },
     [](auto& x) { return weighted_cat(split(x[0], 2, 0), 0); });
  gc("split", "sizes/dim1/transposed", [] { return Inputs{in({3, 4}, 63, Layout::Transposed)}; },
     [](auto& x) { return weighted_cat(split(x[0], IntArrayRef{1, 3}, 1), 1); });
  gc("split_with_sizes", "dim0", [] { return Inputs{in({4, 3}, 64, Layout::Sliced)}; },
     [](auto& x) { return weighted_cat(split_with_sizes(x[0], {2, 1, 1}, 0), 0); });
  gc("chunk", "3 chunks/dim1", [] { return Inputs{in({2, 5}, 65)}; }, [](auto& x) { return weighted_cat(chunk(x[0], 3, 1), 1); });
  gc("unbind", "dim1/transposed", [] { return Inputs{in({3, 4}, 66, Layout::Transposed)}; }, [](auto& x) {
    std::vector<Tensor> pieces = unbind(x[0], 1);
    for (size_t i = 0; i < pieces.size(); ++i) pieces[i] = pieces[i] * static_cast<double>(i + 1);
    return stack(pieces);
  });
}

void indexing_cases() {
  gc("index", "dim0 with repeats", [] { return Inputs{in({3, 4}, 70, Layout::Transposed), idx({2, 0, 2})}; },
     [](auto& x) { return index(x[0], {std::optional<Tensor>(x[1])}); });
  gc("index", "none, [2, 2] index", [] { return Inputs{in({3, 4}, 71), idx({{1, 3}, {3, 0}})}; },
     [](auto& x) { return index(x[0], {std::nullopt, std::optional<Tensor>(x[1])}); });
  gc("index", "mask", [] { return Inputs{in({3, 4}, 72), tensor({true, false, true})}; },
     [](auto& x) { return index(x[0], {std::optional<Tensor>(x[1])}); });
  gc("index_put", "distinct", [] { return Inputs{in({3, 4}, 73, Layout::Sliced), in({2, 4}, 74), idx({2, 0})}; },
     [](auto& x) { return index_put(x[0], {std::optional<Tensor>(x[2])}, x[1]); });
  gc("index_put", "accumulate/broadcast values", [] { return Inputs{in({3, 4}, 75), in({4}, 76), idx({0, 2, 0})}; },
     [](auto& x) { return index_put(x[0], {std::optional<Tensor>(x[2])}, x[1], true); });
  gc("index_put_", "distinct", [] { return Inputs{in({3, 4}, 77, Layout::Transposed), in({4}, 78), idx({1, 2})}; },
     [](auto& x) {
       Tensor y = x[0].clone();
       return y.index_put_({std::optional<Tensor>(x[2])}, x[1]);
     });
  gc("index_put_", "accumulate", [] { return Inputs{in({3, 4}, 79), in({3, 4}, 80), idx({0, 2, 0})}; },
     [](auto& x) {
       Tensor y = x[0].clone();
       return y.index_put_({std::optional<Tensor>(x[2])}, x[1], true);
     });
  gc("index_select", "dim1 with repeats", [] { return Inputs{in({3, 4}, 81, Layout::Transposed), idx({3, 0, 3})}; },
     [](auto& x) { return index_select(x[0], 1, x[1]); });
  gc("gather", "dim1", [] { return Inputs{in({3, 4}, 82, Layout::Sliced), idx({{0, 3}, {1, 1}, {2, 0}})}; },
     [](auto& x) { return gather(x[0], 1, x[1]); });
  gc("take", "transposed", [] { return Inputs{in({3, 4}, 83, Layout::Transposed), idx({{0, 11}, {5, 5}})}; },
     [](auto& x) { return take(x[0], x[1]); });
  gc("masked_select", "broadcast mask", [] { return Inputs{in({3, 4}, 84, Layout::Transposed), tensor({true, false, false, true})}; },
     [](auto& x) { return masked_select(x[0], x[1]); });
}

// Index of scatter cases: [2, 4] into a [3, 4] self along dim 0, distinct within each column
// (so scatter's result does not depend on the order of writes).
Tensor scatter_index() { return idx({{0, 1, 2, 0}, {2, 0, 1, 1}}); }
// With repeats within a column, for the accumulating scatters.
Tensor scatter_index_repeats() { return idx({{0, 1, 2, 0}, {0, 1, 1, 0}, {2, 1, 0, 0}}); }
Tensor mask34() { return tensor({{true, false, true, true}, {false, false, true, false}, {true, true, false, true}}); }

void scatter_cases() {
  gc("scatter", "src", [] { return Inputs{in({3, 4}, 90, Layout::Transposed), in({2, 4}, 91), scatter_index()}; },
     [](auto& x) { return scatter(x[0], 0, x[2], x[1]); });
  gc("scatter", "value", [] { return Inputs{in({3, 4}, 92), scatter_index()}; },
     [](auto& x) { return scatter(x[0], 0, x[1], 1.5); });
  gc("scatter_add", "repeats", [] { return Inputs{in({3, 4}, 93, Layout::Sliced), in({3, 4}, 94), scatter_index_repeats()}; },
     [](auto& x) { return scatter_add(x[0], 0, x[2], x[1]); });
  gc("scatter_reduce", "sum", [] { return Inputs{in({3, 4}, 95), in({3, 4}, 96, Layout::Transposed), scatter_index_repeats()}; },
     [](auto& x) { return scatter_reduce(x[0], 0, x[2], x[1], "sum"); });
  gc("scatter_reduce", "mean/exclude self", [] { return Inputs{in({3, 4}, 97), in({3, 4}, 98), scatter_index_repeats()}; },
     [](auto& x) { return scatter_reduce(x[0], 0, x[2], x[1], "mean", false); });
  gc("scatter_reduce", "prod", [] { return Inputs{in({3, 4}, 99, Layout::Contiguous, 0.5, 2.0), in({3, 4}, 100, Layout::Contiguous, 0.5, 2.0), scatter_index_repeats()}; },
     [](auto& x) { return scatter_reduce(x[0], 0, x[2], x[1], "prod"); });
  gc("scatter_reduce", "amax", [] { return Inputs{distinct({3, 4}, 101), distinct({3, 4}, 102, true) + 0.125, scatter_index_repeats()}; },
     [](auto& x) { return scatter_reduce(x[0], 0, x[2], x[1], "amax"); });
  gc("index_add", "repeats/alpha", [] { return Inputs{in({3, 4}, 103, Layout::Transposed), in({3, 4}, 104), idx({0, 2, 0})}; },
     [](auto& x) { return index_add(x[0], 0, x[2], x[1], 2); });
  gc("index_copy", "dim1", [] { return Inputs{in({3, 4}, 105), in({3, 2}, 106, Layout::Transposed), idx({3, 1})}; },
     [](auto& x) { return index_copy(x[0], 1, x[2], x[1]); });
  gc("index_fill", "scalar", [] { return Inputs{in({3, 4}, 107, Layout::Sliced), idx({1, 3})}; },
     [](auto& x) { return index_fill(x[0], 1, x[1], -0.5); });
  gc("index_fill", "0-dim tensor value", [] { return Inputs{in({3, 4}, 108), in({}, 109), idx({2})}; },
     [](auto& x) { return index_fill(x[0], 0, x[2], x[1]); });
  gc("masked_fill", "scalar/broadcast mask", [] { return Inputs{in({3, 4}, 110, Layout::Transposed), tensor({true, false, false, true})}; },
     [](auto& x) { return masked_fill(x[0], x[1], 2.5); });
  gc("masked_fill", "0-dim tensor value", [] { return Inputs{in({3, 4}, 111), in({}, 112), mask34()}; },
     [](auto& x) { return masked_fill(x[0], x[2], x[1]); });
  gc("masked_scatter", "broadcast mask", [] { return Inputs{in({3, 4}, 113), in({3, 4}, 114, Layout::Transposed), tensor({false, true, true, false})}; },
     [](auto& x) { return masked_scatter(x[0], x[2], x[1]); });

  // In place, on a clone of the first input.
  gc("scatter_", "src", [] { return Inputs{in({3, 4}, 120, Layout::Transposed), in({2, 4}, 121), scatter_index()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.scatter_(0, x[2], x[1]); });
  gc("scatter_", "value", [] { return Inputs{in({3, 4}, 122), scatter_index()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.scatter_(0, x[1], -1.0); });
  gc("scatter_add_", "repeats", [] { return Inputs{in({3, 4}, 123), in({3, 4}, 124, Layout::Sliced), scatter_index_repeats()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.scatter_add_(0, x[2], x[1]); });
  gc("scatter_reduce_", "sum", [] { return Inputs{in({3, 4}, 125, Layout::Transposed), in({3, 4}, 126), scatter_index_repeats()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.scatter_reduce_(0, x[2], x[1], "sum"); });
  gc("scatter_reduce_", "mean", [] { return Inputs{in({3, 4}, 127), in({3, 4}, 128), scatter_index_repeats()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.scatter_reduce_(0, x[2], x[1], "mean"); });
  gc("index_add_", "repeats", [] { return Inputs{in({3, 4}, 129), in({3, 4}, 130, Layout::Transposed), idx({0, 2, 0})}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.index_add_(0, x[2], x[1], -0.5); });
  gc("index_copy_", "dim0", [] { return Inputs{in({3, 4}, 131, Layout::Sliced), in({2, 4}, 132), idx({2, 0})}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.index_copy_(0, x[2], x[1]); });
  gc("index_fill_", "scalar", [] { return Inputs{in({3, 4}, 133), idx({0, 3})}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.index_fill_(1, x[1], 0.75); });
  gc("index_fill_", "0-dim tensor value", [] { return Inputs{in({3, 4}, 134, Layout::Transposed), in({}, 135), idx({1})}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.index_fill_(0, x[2], x[1]); });
  gc("masked_fill_", "scalar", [] { return Inputs{in({3, 4}, 136), mask34()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.masked_fill_(x[1], -2.0); });
  gc("masked_fill_", "0-dim tensor value/broadcast mask", [] { return Inputs{in({3, 4}, 137, Layout::Transposed), in({}, 138), tensor({false, true, true, false})}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.masked_fill_(x[2], x[1]); });
  gc("masked_scatter_", "mask", [] { return Inputs{in({3, 4}, 139), in({2, 4}, 140), mask34()}; },
     [](auto& x) { Tensor y = x[0].clone(); return y.masked_scatter_(x[2], x[1]); });
}

void arrange_cases() {
  gc("flip", "dims 0, 1", [] { return Inputs{in({3, 4}, 150, Layout::Transposed)}; }, [](auto& x) { return flip(x[0], {0, 1}); });
  gc("roll", "dim1", [] { return Inputs{in({3, 4}, 151, Layout::Sliced)}; }, [](auto& x) { return roll(x[0], {1}, {1}); });
  gc("roll", "flattened", [] { return Inputs{in({3, 4}, 152)}; }, [](auto& x) { return roll(x[0], {-5}); });
  gc("rot90", "k=1", [] { return Inputs{in({3, 4}, 153, Layout::Transposed)}; }, [](auto& x) { return rot90(x[0]); });
  gc("rot90", "k=-3/[2, 3, 2]", [] { return Inputs{in({2, 3, 2}, 154)}; }, [](auto& x) { return rot90(x[0], -3, {1, 2}); });
  gc("repeat", "new dim", [] { return Inputs{in({2, 3}, 155, Layout::Transposed)}; }, [](auto& x) { return repeat(x[0], {2, 1, 2}); });
  gc("tile", "short dims", [] { return Inputs{in({2, 3}, 156)}; }, [](auto& x) { return tile(x[0], {2}); });
  gc("repeat_interleave", "int/dim0", [] { return Inputs{in({3, 2}, 157, Layout::Transposed)}; },
     [](auto& x) { return repeat_interleave(x[0], 2, 0); });
  gc("repeat_interleave", "tensor/flattened", [] { return Inputs{in({2, 2}, 158), idx({1, 0, 3, 2})}; },
     [](auto& x) { return repeat_interleave(x[0], x[1]); });
  gc("tril", "diagonal 1", [] { return Inputs{in({3, 4}, 159, Layout::Transposed)}; }, [](auto& x) { return tril(x[0], 1); });
  gc("triu", "batched/diagonal -1", [] { return Inputs{in({2, 3, 3}, 160)}; }, [](auto& x) { return triu(x[0], -1); });
  gc("constant_pad_nd", "grow and crop", [] { return Inputs{in({3, 4}, 161, Layout::Sliced)}; },
     [](auto& x) { return constant_pad_nd(x[0], {1, -1, 2, 0}, 0.5); });
  gc("pad", "constant", [] { return Inputs{in({3, 4}, 162)}; }, [](auto& x) { return pad(x[0], {2, 1}, "constant", 1.0); });
  gc("pad", "reflect", [] { return Inputs{in({1, 2, 4}, 163)}; }, [](auto& x) { return pad(x[0], {2, 1}, "reflect"); });
  gc("pad", "replicate", [] { return Inputs{in({1, 2, 3}, 164)}; }, [](auto& x) { return pad(x[0], {1, 2}, "replicate"); });
}

void selection_cases() {
  gc("topk", "largest/dim1", [] { return Inputs{distinct({3, 4}, 170, true)}; },
     [](auto& x) { return std::get<0>(topk(x[0], 2, 1)); });
  gc("topk", "smallest/dim0/unsorted", [] { return Inputs{distinct({4, 3}, 171)}; },
     [](auto& x) { return std::get<0>(std::get<0>(topk(x[0], 3, 0, false, false)).sort(0)); });
  gc("kthvalue", "dim1", [] { return Inputs{distinct({3, 4}, 172, true)}; },
     [](auto& x) { return std::get<0>(kthvalue(x[0], 2, 1)); });
  gc("kthvalue", "keepdim/dim0", [] { return Inputs{distinct({5, 2}, 173)}; },
     [](auto& x) { return std::get<0>(kthvalue(x[0], 4, 0, true)); });
}

void nn_cases() {
  gc("layer_norm", "weight, bias", [] { return Inputs{in({2, 3, 4}, 180), in({4}, 181), in({4}, 182)}; },
     [](auto& x) { return layer_norm(x[0], {4}, x[1], x[2]); });
  gc("layer_norm", "no affine/2 dims/transposed", [] { return Inputs{in({2, 3}, 183, Layout::Transposed)}; },
     [](auto& x) { return layer_norm(x[0], {2, 3}); });
  gc("group_norm", "weight, bias", [] { return Inputs{in({2, 4, 3}, 184), in({4}, 185), in({4}, 186)}; },
     [](auto& x) { return group_norm(x[0], 2, x[1], x[2]); });
  gc("group_norm", "no affine", [] { return Inputs{in({2, 2, 3}, 187, Layout::Sliced)}; },
     [](auto& x) { return group_norm(x[0], 1); });
  gc("rms_norm", "weight", [] { return Inputs{in({3, 4}, 188), in({4}, 189)}; },
     [](auto& x) { return rms_norm(x[0], {4}, x[1]); });
  gc("rms_norm", "no weight/eps/transposed", [] { return Inputs{in({3, 4}, 190, Layout::Transposed)}; },
     [](auto& x) { return rms_norm(x[0], {4}, std::nullopt, 1e-3); });
  // No padding_idx case: its row gets no gradient by definition (as in LibTorch), which
  // finite differences rightly disagree with; the difftest compares it with LibTorch.
  gc("embedding", "repeats", [] { return Inputs{in({5, 3}, 191), idx({{0, 4, 0}, {2, 2, 1}})}; },
     [](auto& x) { return embedding(x[0], x[1]); });
  gc("dropout", "p=0", [] { return Inputs{in({3, 4}, 193)}; }, [](auto& x) { return dropout(x[0], 0, true); });
  gc("dropout", "eval", [] { return Inputs{in({3, 4}, 194, Layout::Transposed)}; }, [](auto& x) { return dropout(x[0], 0.5, false); });
  // The same mask on every evaluation: the generator is reseeded before each call.
  gc("dropout", "p=0.5/seeded", [] { return Inputs{in({3, 4}, 195)}; }, [](auto& x) {
    manual_seed(7);
    return dropout(x[0], 0.5, true);
  });
}

const bool registered = [] {
  reduction_cases();
  linalg_cases();
  join_split_cases();
  indexing_cases();
  scatter_cases();
  arrange_cases();
  selection_cases();
  nn_cases();
  return true;
}();

}  // namespace
}  // namespace ember::difftest
