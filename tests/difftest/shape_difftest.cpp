// Difftest cases for src/ops/shape.cpp, src/ops/scatter_gather.cpp and the advanced-indexing
// ops of src/ops/indexing.cpp (index, index_put_, index_put, nonzero).
#include <sstream>

#include "difftest/harness.h"

namespace ember::difftest {
namespace {

// Layouts of the tensor being indexed or joined (a 0-size and a 0-dim one get cases of their own).
const std::vector<Layout> kLayouts = {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::Expanded};

using Inputs = std::function<std::vector<Tensor>(ScalarType, Layout, uint64_t)>;

// op over dtypes x layouts; `inputs` builds the operands (index tensors included).
void cases(const std::string& op, const std::string& tag, const std::vector<ScalarType>& dtypes,
           const std::vector<Layout>& layouts, const Inputs& inputs, const EmberFn& ember_fn,
           const TorchFn& torch_fn, bool grad = true) {
  uint64_t seed = std::hash<std::string>{}(op + tag);
  for (ScalarType dtype : dtypes) {
    for (Layout layout : layouts) {
      uint64_t s = seed++;
      std::ostringstream label;
      label << tag << "/" << dtype << "/" << to_string(layout);
      add_case({op, label.str(), [=]() { return run_and_compare(inputs(dtype, layout, s), ember_fn, torch_fn, grad, s); }});
    }
  }
}

Tensor input(IntArrayRef shape, ScalarType dtype, Layout layout, uint64_t seed) {
  return make_input(shape, dtype, layout, seed);
}
Tensor plain(IntArrayRef shape, ScalarType dtype, uint64_t seed) {
  return make_input(shape, dtype, Layout::Contiguous, seed);
}

// Inputs: x of `shape` in the case's layout, then the fixed tensors.
Inputs with(std::vector<int64_t> shape, std::vector<Tensor> fixed = {}) {
  return [shape, fixed](ScalarType dtype, Layout layout, uint64_t s) {
    std::vector<Tensor> in = {input(shape, dtype, layout, s)};
    in.insert(in.end(), fixed.begin(), fixed.end());
    return in;
  };
}
// Inputs: x of `shape` in the case's layout, a second operand of `other` (same dtype), then fixed.
Inputs with2(std::vector<int64_t> shape, std::vector<int64_t> other, std::vector<Tensor> fixed = {}) {
  return [shape, other, fixed](ScalarType dtype, Layout layout, uint64_t s) {
    std::vector<Tensor> in = {input(shape, dtype, layout, s), plain(other, dtype, s + 500)};
    in.insert(in.end(), fixed.begin(), fixed.end());
    return in;
  };
}

// LibTorch 1.13 fills a non-contiguous self in memory order in masked_scatter_, and so gives
// masked_select of a transposed input a permuted gradient; ember keeps row-major order (the
// documented semantics, and the gradient that matches the forward). Those cases leave out
// the transposed layout (or its gradient).
const std::vector<Layout> kRowMajorLayouts = {Layout::Contiguous, Layout::Sliced, Layout::Expanded};

// A copy of x that an in-place op may modify (still in the graph when x requires grad).
Tensor fresh(const Tensor& x) { return x.requires_grad() ? x * 1 : x.clone(); }
torch::Tensor fresh(const torch::Tensor& x) { return x.requires_grad() ? x * 1 : x.clone(); }

Tensor L(const detail::TensorLiteral& v) { return tensor(v); }

const bool registered = [] {
  const auto& all = kAllTypes;
  Tensor mask34 = tensor({{true, false, true, true}, {false, false, true, false}, {true, true, false, true}});
  Tensor mask4 = tensor({true, false, false, true});

  // ---- cat, concat, stack, hstack, vstack ----------------------------------------------
  cases("cat", "dim0", all, kLayouts, with2({3, 4}, {2, 4}), [](auto& x) { return cat({x[0], x[1]}); },
        [](auto& x) { return torch::cat({x[0], x[1]}); });
  cases("cat", "dim-1", all, kLayouts, with2({3, 4}, {3, 2}), [](auto& x) { return cat({x[1], x[0], x[1]}, -1); },
        [](auto& x) { return torch::cat({x[1], x[0], x[1]}, -1); });
  cases("cat", "legacy-empty", all, kLayouts, with2({3, 4}, {0}), [](auto& x) { return cat({x[1], x[0], x[1]}, 1); },
        [](auto& x) { return torch::cat({x[1], x[0], x[1]}, 1); });
  cases("cat", "zero-size", all, {Layout::ZeroSize}, with2({0, 3}, {2, 3}), [](auto& x) { return cat({x[0], x[1]}); },
        [](auto& x) { return torch::cat({x[0], x[1]}); });
  for (auto [a, b] : std::vector<std::pair<ScalarType, ScalarType>>{
           {kInt, kFloat}, {kBool, kByte}, {kHalf, kBFloat16}, {kChar, kByte}, {kLong, kDouble}, {kFloat, kDouble}}) {
    cases("cat", "promotion", {a}, {Layout::Contiguous}, [b = b](ScalarType dtype, Layout layout, uint64_t s) {
            return std::vector<Tensor>{input({2, 3}, dtype, layout, s), plain({1, 3}, b, s + 1)};
          },
          [](auto& x) { return cat({x[0], x[1]}); }, [](auto& x) { return torch::cat({x[0], x[1]}); });
  }
  cases("concat", "dim1", all, kLayouts, with2({3, 4}, {3, 1}), [](auto& x) { return concat({x[0], x[1]}, 1); },
        [](auto& x) { return torch::concat({x[0], x[1]}, 1); });
  for (int64_t dim : {0, 1, 2, -1}) {
    cases("stack", "dim" + std::to_string(dim), all, kLayouts, with2({3, 4}, {3, 4}),
          [dim](auto& x) { return stack({x[0], x[1], x[0]}, dim); },
          [dim](auto& x) { return torch::stack({x[0], x[1], x[0]}, dim); });
  }
  cases("stack", "0-dim", all, {Layout::ZeroDim}, with2({}, {}), [](auto& x) { return stack({x[0], x[1]}); },
        [](auto& x) { return torch::stack({x[0], x[1]}); });
  cases("stack", "zero-size", all, {Layout::ZeroSize}, with2({0, 3}, {0, 3}), [](auto& x) { return stack({x[0], x[1]}, 1); },
        [](auto& x) { return torch::stack({x[0], x[1]}, 1); });
  cases("hstack", "2-D", all, kLayouts, with2({3, 4}, {3, 2}), [](auto& x) { return hstack({x[0], x[1]}); },
        [](auto& x) { return torch::hstack({x[0], x[1]}); });
  cases("hstack", "1-D", all, {Layout::Contiguous, Layout::Sliced}, with2({5}, {2}), [](auto& x) { return hstack({x[0], x[1]}); },
        [](auto& x) { return torch::hstack({x[0], x[1]}); });
  cases("hstack", "0-dim", all, {Layout::ZeroDim}, with2({}, {3}), [](auto& x) { return hstack({x[0], x[1]}); },
        [](auto& x) { return torch::hstack({x[0], x[1]}); });
  cases("vstack", "1-D+2-D", all, {Layout::Contiguous, Layout::Sliced, Layout::Expanded}, with2({4}, {2, 4}),
        [](auto& x) { return vstack({x[0], x[1]}); }, [](auto& x) { return torch::vstack({x[0], x[1]}); });
  cases("vstack", "2-D", all, kLayouts, with2({3, 4}, {1, 4}), [](auto& x) { return vstack({x[0], x[1]}); },
        [](auto& x) { return torch::vstack({x[0], x[1]}); });
  cases("vstack", "0-dim", all, {Layout::ZeroDim}, with2({}, {1}), [](auto& x) { return vstack({x[0], x[1]}); },
        [](auto& x) { return torch::vstack({x[0], x[1]}); });
  cases("row_stack", "2-D", all, kLayouts, with2({3, 4}, {2, 4}), [](auto& x) { return row_stack({x[0], x[1]}); },
        [](auto& x) { return torch::row_stack({x[0], x[1]}); });

  // ---- split, split_with_sizes, chunk, unbind (one case per piece compared) ----------------
  for (int k : {0, 2}) {
    cases("split", "size2/piece" + std::to_string(k), all, kLayouts, with({5, 4}),
          [k](auto& x) { return split(x[0], 2)[k]; }, [k](auto& x) { return torch::split(x[0], 2)[k]; });
  }
  cases("split", "sizes/dim-1", all, kLayouts, with({3, 4}), [](auto& x) { return x[0].split({1, 3}, -1)[1]; },
        [](auto& x) { return x[0].split({1, 3}, -1)[1]; });
  cases("split", "zero-size", all, {Layout::ZeroSize}, with({0, 3}), [](auto& x) { return split(x[0], 0)[0]; },
        [](auto& x) { return torch::split(x[0], 0)[0]; });
  for (int k : {0, 1, 2}) {
    cases("split_with_sizes", "piece" + std::to_string(k), all, kLayouts, with({3, 4}),
          [k](auto& x) { return split_with_sizes(x[0], {2, 0, 2}, 1)[k]; },
          [k](auto& x) { return torch::split_with_sizes(x[0], {2, 0, 2}, 1)[k]; });
  }
  for (int k : {0, 1}) {
    cases("chunk", "3/piece" + std::to_string(k), all, kLayouts, with({5, 4}), [k](auto& x) { return chunk(x[0], 3)[k]; },
          [k](auto& x) { return torch::chunk(x[0], 3)[k]; });
  }
  cases("chunk", "dim-1", all, kLayouts, with({3, 4}), [](auto& x) { return x[0].chunk(2, -1)[1]; },
        [](auto& x) { return x[0].chunk(2, -1)[1]; });
  cases("chunk", "zero-size", all, {Layout::ZeroSize}, with({0, 3}), [](auto& x) { return chunk(x[0], 2)[1]; },
        [](auto& x) { return torch::chunk(x[0], 2)[1]; });
  for (int64_t dim : {0, 1, -1}) {
    cases("unbind", "dim" + std::to_string(dim), all, kLayouts, with({3, 4}), [dim](auto& x) { return unbind(x[0], dim)[1]; },
          [dim](auto& x) { return torch::unbind(x[0], dim)[1]; });
  }

  // ---- index_select, gather, take ---------------------------------------------------------
  cases("index_select", "dim0", all, kLayouts, with({3, 4}, {L({2, 0, 2, 1})}),
        [](auto& x) { return index_select(x[0], 0, x[1]); }, [](auto& x) { return torch::index_select(x[0], 0, x[1]); });
  cases("index_select", "dim-1/int32", all, kLayouts, with({3, 4}, {L({3, 1}).to(kInt)}),
        [](auto& x) { return x[0].index_select(-1, x[1]); }, [](auto& x) { return x[0].index_select(-1, x[1]); });
  cases("index_select", "0-dim index", all, kLayouts, with({3, 4}, {L(1)}),
        [](auto& x) { return index_select(x[0], 1, x[1]); }, [](auto& x) { return torch::index_select(x[0], 1, x[1]); });
  cases("index_select", "zero-size", all, {Layout::ZeroSize}, with({0, 3}, {L({2, 0})}),
        [](auto& x) { return index_select(x[0], 1, x[1]); }, [](auto& x) { return torch::index_select(x[0], 1, x[1]); });
  cases("gather", "dim0", all, kLayouts, with({3, 4}, {L({{0, 1, 2, 0}, {2, 1, 0, 0}})}),
        [](auto& x) { return gather(x[0], 0, x[1]); }, [](auto& x) { return torch::gather(x[0], 0, x[1]); });
  cases("gather", "dim-1/smaller", all, kLayouts, with({3, 4}, {L({{3, 0, 3}, {1, 1, 2}})}),
        [](auto& x) { return x[0].gather(-1, x[1]); }, [](auto& x) { return x[0].gather(-1, x[1]); });
  cases("gather", "0-dim", all, {Layout::ZeroDim}, with({}, {L(0)}), [](auto& x) { return gather(x[0], 0, x[1]); },
        [](auto& x) { return torch::gather(x[0], 0, x[1]); });
  cases("gather", "empty index", all, {Layout::Contiguous}, with({3, 4}, {empty({0, 4}, kLong)}),
        [](auto& x) { return gather(x[0], 0, x[1]); }, [](auto& x) { return torch::gather(x[0], 0, x[1]); });
  cases("take", "2-D index", all, kLayouts, with({3, 4}, {L({{0, 5}, {11, -1}, {5, 7}})}),
        [](auto& x) { return take(x[0], x[1]); }, [](auto& x) { return torch::take(x[0], x[1]); });
  cases("take", "0-dim", all, {Layout::ZeroDim}, with({}, {L(0)}), [](auto& x) { return x[0].take(x[1]); },
        [](auto& x) { return x[0].take(x[1]); });

  // ---- scatter, scatter_add, scatter_reduce -------------------------------------------------
  // Distinct rows per column, so the result does not depend on the write order.
  Tensor perm = L({{0, 1, 2, 0}, {2, 0, 1, 1}});
  Tensor dups = L({{0, 1, 2, 0}, {0, 1, 0, 0}, {2, 1, 0, 2}});
  cases("scatter", "src", all, kLayouts, with2({3, 4}, {2, 4}, {perm}), [](auto& x) { return scatter(x[0], 0, x[2], x[1]); },
        [](auto& x) { return torch::scatter(x[0], 0, x[2], x[1]); });
  cases("scatter", "src bigger/dim-1", all, kLayouts, with2({3, 4}, {3, 5}, {L({{3, 0}, {1, 2}, {0, 3}})}),
        [](auto& x) { return x[0].scatter(-1, x[2], x[1]); }, [](auto& x) { return x[0].scatter(-1, x[2], x[1]); }, false);
  cases("scatter", "value", all, kLayouts, with({3, 4}, {perm}), [](auto& x) { return scatter(x[0], 0, x[1], 1); },
        [](auto& x) { return torch::scatter(x[0], 0, x[1], 1); });
  for (const char* reduce : {"add", "multiply"}) {
    cases("scatter", std::string("reduce=") + reduce, kAllTypesButBool, kLayouts, with2({3, 4}, {3, 4}, {dups}),
          [reduce](auto& x) { return scatter(x[0], 0, x[2], x[1], reduce); },
          [reduce](auto& x) { return torch::scatter(x[0], 0, x[2], x[1], reduce); }, false);
    cases("scatter", std::string("value reduce=") + reduce, kAllTypesButBool, kLayouts, with({3, 4}, {dups}),
          [reduce](auto& x) { return scatter(x[0], 0, x[1], 2, reduce); },
          [reduce](auto& x) { return torch::scatter(x[0], 0, x[1], 2, reduce); }, false);
  }
  cases("scatter_add", "dups", all, kLayouts, with2({3, 4}, {3, 4}, {dups}), [](auto& x) { return scatter_add(x[0], 0, x[2], x[1]); },
        [](auto& x) { return torch::scatter_add(x[0], 0, x[2], x[1]); });
  cases("scatter_add", "dim-1", all, kLayouts, with2({3, 4}, {3, 2}, {L({{3, 3}, {0, 1}, {2, 0}})}),
        [](auto& x) { return x[0].scatter_add(-1, x[2], x[1]); }, [](auto& x) { return x[0].scatter_add(-1, x[2], x[1]); });
  cases("scatter_add", "zero-size", all, {Layout::ZeroSize}, with2({0, 3}, {0, 3}, {empty({0, 3}, kLong)}),
        [](auto& x) { return scatter_add(x[0], 0, x[2], x[1]); }, [](auto& x) { return torch::scatter_add(x[0], 0, x[2], x[1]); });
  for (const char* reduce : {"sum", "prod", "mean", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      std::string tag = std::string(reduce) + (include_self ? "" : "/exclude self");
      cases("scatter_reduce", tag, kAllTypesButBool, kLayouts, with2({3, 4}, {3, 4}, {dups}),
            [=](auto& x) { return scatter_reduce(x[0], 0, x[2], x[1], reduce, include_self); },
            [=](auto& x) { return torch::scatter_reduce(x[0], 0, x[2], x[1], reduce, include_self); });
    }
  }

  // ---- index_add, index_copy, index_fill ------------------------------------------------------
  Tensor rows = L({0, 2, 0});
  cases("index_add", "dups", all, kLayouts, with2({3, 4}, {3, 4}, {rows}), [](auto& x) { return index_add(x[0], 0, x[2], x[1]); },
        [](auto& x) { return torch::index_add(x[0], 0, x[2], x[1]); });
  cases("index_add", "alpha/dim-1", kAllTypesButBool, kLayouts, with2({3, 4}, {3, 2}, {L({3, 1}).to(kInt)}),
        [](auto& x) { return x[0].index_add(-1, x[2], x[1], 2); }, [](auto& x) { return x[0].index_add(-1, x[2], x[1], 2); });
  cases("index_copy", "dim0", all, kLayouts, with2({3, 4}, {2, 4}, {L({2, 0})}),
        [](auto& x) { return index_copy(x[0], 0, x[2], x[1]); }, [](auto& x) { return torch::index_copy(x[0], 0, x[2], x[1]); });
  cases("index_copy", "dim-1", all, kLayouts, with2({3, 4}, {3, 1}, {L({3})}),
        [](auto& x) { return x[0].index_copy(-1, x[2], x[1]); }, [](auto& x) { return x[0].index_copy(-1, x[2], x[1]); });
  cases("index_fill", "scalar", all, kLayouts, with({3, 4}, {L({0, -1})}), [](auto& x) { return index_fill(x[0], 1, x[1], 1); },
        [](auto& x) { return torch::index_fill(x[0], 1, x[1], 1); });
  cases("index_fill", "tensor value", all, kLayouts, with2({3, 4}, {}, {L({2})}),
        [](auto& x) { return x[0].index_fill(0, x[2], x[1]); }, [](auto& x) { return x[0].index_fill(0, x[2], x[1]); });

  // ---- masked ops -------------------------------------------------------------------------
  cases("masked_fill", "scalar", all, kLayouts, with({3, 4}, {mask34}), [](auto& x) { return masked_fill(x[0], x[1], 1); },
        [](auto& x) { return torch::masked_fill(x[0], x[1], 1); });
  cases("masked_fill", "broadcast mask", all, kLayouts, with({3, 4}, {mask4}), [](auto& x) { return x[0].masked_fill(x[1], 0); },
        [](auto& x) { return x[0].masked_fill(x[1], 0); });
  cases("masked_fill", "mask bigger", all, {Layout::Contiguous}, with({4}, {mask34}),
        [](auto& x) { return masked_fill(x[0], x[1], 1); }, [](auto& x) { return torch::masked_fill(x[0], x[1], 1); });
  cases("masked_fill", "tensor value", all, kLayouts, with2({3, 4}, {}, {mask34}),
        [](auto& x) { return masked_fill(x[0], x[2], x[1]); }, [](auto& x) { return torch::masked_fill(x[0], x[2], x[1]); });
  cases("masked_fill", "uint8 mask", all, {Layout::Contiguous}, with({3, 4}, {mask34.to(kByte)}),
        [](auto& x) { return masked_fill(x[0], x[1], 1); }, [](auto& x) { return torch::masked_fill(x[0], x[1], 1); });
  cases("masked_scatter", "uint8 mask", all, {Layout::Contiguous}, with2({3, 4}, {12}, {mask4.to(kByte)}),
        [](auto& x) { return masked_scatter(x[0], x[2], x[1]); }, [](auto& x) { return torch::masked_scatter(x[0], x[2], x[1]); });
  cases("masked_select", "uint8 mask", all, {Layout::Contiguous}, with({3, 4}, {mask4.to(kByte)}),
        [](auto& x) { return masked_select(x[0], x[1]); }, [](auto& x) { return torch::masked_select(x[0], x[1]); });
  cases("masked_fill", "zero-size", all, {Layout::ZeroSize}, with({0, 3}, {tensor({true, false, true})}),
        [](auto& x) { return masked_fill(x[0], x[1], 1); }, [](auto& x) { return torch::masked_fill(x[0], x[1], 1); });
  cases("masked_select", "same shape", all, kRowMajorLayouts, with({3, 4}, {mask34}),
        [](auto& x) { return masked_select(x[0], x[1]); }, [](auto& x) { return torch::masked_select(x[0], x[1]); });
  cases("masked_select", "same shape/no grad", all, {Layout::Transposed}, with({3, 4}, {mask34}),
        [](auto& x) { return masked_select(x[0], x[1]); }, [](auto& x) { return torch::masked_select(x[0], x[1]); }, false);
  cases("masked_select", "broadcast", all, kRowMajorLayouts, with({3, 4}, {mask4}),
        [](auto& x) { return x[0].masked_select(x[1]); }, [](auto& x) { return x[0].masked_select(x[1]); });
  cases("masked_select", "mask bigger", all, {Layout::Contiguous, Layout::Sliced}, with({4}, {mask34}),
        [](auto& x) { return masked_select(x[0], x[1]); }, [](auto& x) { return torch::masked_select(x[0], x[1]); });
  cases("masked_select", "0-dim", all, {Layout::ZeroDim}, with({}, {tensor(true)}), [](auto& x) { return masked_select(x[0], x[1]); },
        [](auto& x) { return torch::masked_select(x[0], x[1]); });
  cases("masked_scatter", "same shape", all, kLayouts, with2({3, 4}, {3, 4}, {mask34}),
        [](auto& x) { return masked_scatter(x[0], x[2], x[1]); }, [](auto& x) { return torch::masked_scatter(x[0], x[2], x[1]); });
  cases("masked_scatter", "broadcast/longer source", all, kLayouts, with2({3, 4}, {10}, {mask4}),
        [](auto& x) { return x[0].masked_scatter(x[2], x[1]); }, [](auto& x) { return x[0].masked_scatter(x[2], x[1]); });

  // ---- in-place forms ----------------------------------------------------------------------
  cases("scatter_", "src", all, kLayouts, with2({3, 4}, {2, 4}, {perm}),
        [](auto& x) { return fresh(x[0]).scatter_(0, x[2], x[1]); }, [](auto& x) { return fresh(x[0]).scatter_(0, x[2], x[1]); });
  cases("scatter_", "value", all, kLayouts, with({3, 4}, {perm}), [](auto& x) { return fresh(x[0]).scatter_(0, x[1], 1); },
        [](auto& x) { return fresh(x[0]).scatter_(0, x[1], 1); });
  cases("scatter_", "reduce=add", kAllTypesButBool, kLayouts, with2({3, 4}, {3, 4}, {dups}),
        [](auto& x) { return fresh(x[0]).scatter_(0, x[2], x[1], "add"); },
        [](auto& x) { return fresh(x[0]).scatter_(0, x[2], x[1], "add"); }, false);
  cases("scatter_add_", "dups", all, kLayouts, with2({3, 4}, {3, 4}, {dups}),
        [](auto& x) { return fresh(x[0]).scatter_add_(0, x[2], x[1]); }, [](auto& x) { return fresh(x[0]).scatter_add_(0, x[2], x[1]); });
  cases("scatter_reduce_", "amax", kAllTypesButBool, kLayouts, with2({3, 4}, {3, 4}, {dups}),
        [](auto& x) { return fresh(x[0]).scatter_reduce_(0, x[2], x[1], "amax"); },
        [](auto& x) { return fresh(x[0]).scatter_reduce_(0, x[2], x[1], "amax"); });
  cases("index_add_", "dups", all, kLayouts, with2({3, 4}, {3, 4}, {rows}),
        [](auto& x) { return fresh(x[0]).index_add_(0, x[2], x[1]); }, [](auto& x) { return fresh(x[0]).index_add_(0, x[2], x[1]); });
  cases("index_copy_", "dim0", all, kLayouts, with2({3, 4}, {2, 4}, {L({2, 0})}),
        [](auto& x) { return fresh(x[0]).index_copy_(0, x[2], x[1]); }, [](auto& x) { return fresh(x[0]).index_copy_(0, x[2], x[1]); });
  cases("index_fill_", "scalar", all, kLayouts, with({3, 4}, {L({0, -1})}),
        [](auto& x) { return fresh(x[0]).index_fill_(1, x[1], 0); }, [](auto& x) { return fresh(x[0]).index_fill_(1, x[1], 0); });
  cases("masked_fill_", "broadcast mask", all, kLayouts, with({3, 4}, {mask4}),
        [](auto& x) { return fresh(x[0]).masked_fill_(x[1], 1); }, [](auto& x) { return fresh(x[0]).masked_fill_(x[1], 1); });
  cases("masked_fill_", "tensor value", all, kLayouts, with2({3, 4}, {}, {mask34}),
        [](auto& x) { return fresh(x[0]).masked_fill_(x[2], x[1]); }, [](auto& x) { return fresh(x[0]).masked_fill_(x[2], x[1]); });
  cases("masked_scatter_", "broadcast mask", all, kRowMajorLayouts, with2({3, 4}, {12}, {mask4}),
        [](auto& x) { return fresh(x[0]).masked_scatter_(x[2], x[1]); },
        [](auto& x) { return fresh(x[0]).masked_scatter_(x[2], x[1]); });

  // ---- advanced indexing ----------------------------------------------------------------------
  cases("index", "one tensor", all, kLayouts, with({3, 4}, {L({2, 0, 2})}), [](auto& x) { return x[0].index({x[1]}); },
        [](auto& x) { return x[0].index({x[1]}); });
  cases("index", "two tensors/non-adjacent", all, kLayouts, with({2, 3, 4}, {L({1, 0}), L({{3}, {-1}})}),
        [](auto& x) { return index(x[0], {x[1], std::nullopt, x[2]}); },
        [](auto& x) { return torch::index(x[0], {x[1], c10::nullopt, x[2]}); });
  cases("index", "mask", all, kLayouts, with({3, 4}, {mask34}), [](auto& x) { return x[0].index({x[1]}); },
        [](auto& x) { return x[0].index({x[1]}); });
  for (bool accumulate : {false, true}) {
    std::string tag = accumulate ? "accumulate" : "assign";
    Tensor idx = accumulate ? L({0, 2, 0}) : L({2, 0});
    int64_t n = accumulate ? 3 : 2;
    cases("index_put", tag, all, kLayouts, with2({3, 4}, {n, 4}, {idx}),
          [=](auto& x) { return index_put(x[0], {x[2]}, x[1], accumulate); },
          [=](auto& x) { return torch::index_put(x[0], {x[2]}, x[1], accumulate); });
    cases("index_put_", tag, all, kLayouts, with2({3, 4}, {4}, {idx}),
          [=](auto& x) { return fresh(x[0]).index_put_({std::optional<Tensor>(x[2])}, x[1], accumulate); },
          [=](auto& x) { return fresh(x[0]).index_put_({c10::optional<torch::Tensor>(x[2])}, x[1], accumulate); });
  }
  cases("index_put_", "mask", all, kLayouts, with2({3, 4}, {}, {mask34}),
        [](auto& x) { return fresh(x[0]).index_put_({std::optional<Tensor>(x[2])}, x[1]); },
        [](auto& x) { return fresh(x[0]).index_put_({c10::optional<torch::Tensor>(x[2])}, x[1]); });
  cases("nonzero", "2-D", all, {Layout::Contiguous, Layout::Transposed, Layout::Sliced, Layout::ZeroSize, Layout::ZeroDim},
        with({3, 4}), [](auto& x) { return nonzero(x[0]); }, [](auto& x) { return torch::nonzero(x[0]); }, false);

  // ---- errors -------------------------------------------------------------------------------
  auto e = [](const std::vector<int64_t>& s, ScalarType t = kFloat) { return empty(s, t); };
  auto te = [](const std::vector<int64_t>& s, torch::ScalarType t = torch::kFloat) { return torch::empty(s, t); };
  auto li = [](std::vector<int64_t> v) { return tensor(v); };
  auto tli = [](std::vector<int64_t> v) { return torch::tensor(v); };
  add_error_case("cat", "mismatched sizes", [=] { cat({e({2, 3}), e({2, 4})}); }, [=] { torch::cat({te({2, 3}), te({2, 4})}); });
  add_error_case("cat", "mismatched rank", [=] { cat({e({2, 3}), e({2, 3, 1})}); }, [=] { torch::cat({te({2, 3}), te({2, 3, 1})}); });
  add_error_case("cat", "dim out of range", [=] { cat({e({2, 3}), e({2, 3})}, 2); }, [=] { torch::cat({te({2, 3}), te({2, 3})}, 2); });
  add_error_case("cat", "negative dim out of range", [=] { cat({e({2, 3})}, -3); }, [=] { torch::cat({te({2, 3})}, -3); });
  add_error_case("cat", "0-dim input", [=] { cat({e({}), e({})}); }, [=] { torch::cat({te({}), te({})}); });
  add_error_case("cat", "empty list", [] { cat(std::vector<Tensor>{}); }, [] { torch::cat(std::vector<torch::Tensor>{}); });
  add_error_case("stack", "unequal shapes", [=] { stack({e({2}), e({3})}); }, [=] { torch::stack({te({2}), te({3})}); });
  add_error_case("stack", "dim out of range", [=] { stack({e({2}), e({2})}, 2); }, [=] { torch::stack({te({2}), te({2})}, 2); });
  add_error_case("stack", "empty list", [] { stack(std::vector<Tensor>{}); }, [] { torch::stack(std::vector<torch::Tensor>{}); });
  add_error_case("hstack", "mismatched rows", [=] { hstack({e({2, 3}), e({3, 3})}); }, [=] { torch::hstack({te({2, 3}), te({3, 3})}); });
  add_error_case("vstack", "mismatched columns", [=] { vstack({e({3}), e({4})}); }, [=] { torch::vstack({te({3}), te({4})}); });
  add_error_case("split", "negative size", [=] { split(e({4}), -1); }, [=] { torch::split(te({4}), -1); });
  add_error_case("split", "0-dim", [=] { split(e({}), 1); }, [=] { torch::split(te({}), 1); });
  add_error_case("split", "size 0 of a non-empty dim", [=] { split(e({4}), 0); }, [=] { torch::split(te({4}), 0); });
  add_error_case("split_with_sizes", "sizes do not sum", [=] { split_with_sizes(e({4}), {1, 2}); },
                 [=] { torch::split_with_sizes(te({4}), {1, 2}); });
  add_error_case("split_with_sizes", "dim out of range", [=] { split_with_sizes(e({4}), {4}, 1); },
                 [=] { torch::split_with_sizes(te({4}), {4}, 1); });
  add_error_case("chunk", "zero chunks", [=] { chunk(e({4}), 0); }, [=] { torch::chunk(te({4}), 0); });
  add_error_case("unbind", "dim out of range", [=] { unbind(e({2, 3}), 2); }, [=] { torch::unbind(te({2, 3}), 2); });
  add_error_case("index_select", "index out of range", [=] { index_select(e({3, 4}), 0, li({7})); },
                 [=] { torch::index_select(te({3, 4}), 0, tli({7})); });
  add_error_case("index_select", "negative index", [=] { index_select(e({3, 4}), 0, li({-1})); },
                 [=] { torch::index_select(te({3, 4}), 0, tli({-1})); });
  add_error_case("index_select", "float index", [=] { index_select(e({3, 4}), 0, e({2})); },
                 [=] { torch::index_select(te({3, 4}), 0, te({2})); });
  add_error_case("index_select", "2-D index", [=] { index_select(e({3, 4}), 0, e({2, 2}, kLong).fill_(0)); },
                 [=] { torch::index_select(te({3, 4}), 0, torch::zeros({2, 2}, torch::kLong)); });
  add_error_case("index_select", "dim out of range", [=] { index_select(e({3, 4}), 2, li({0})); },
                 [=] { torch::index_select(te({3, 4}), 2, tli({0})); });
  add_error_case("gather", "index out of range", [=] { gather(e({3, 4}), 0, tensor({{7, 0}})); },
                 [=] { torch::gather(te({3, 4}), 0, torch::tensor({{7, 0}})); });
  add_error_case("gather", "negative index", [=] { gather(e({3, 4}), 0, tensor({{-1, 0}})); },
                 [=] { torch::gather(te({3, 4}), 0, torch::tensor({{-1, 0}})); });
  add_error_case("gather", "int32 index", [=] { gather(e({3, 4}), 0, tensor({{1, 0}}).to(kInt)); },
                 [=] { torch::gather(te({3, 4}), 0, torch::tensor({{1, 0}}).to(torch::kInt)); });
  add_error_case("gather", "rank mismatch", [=] { gather(e({3, 4}), 0, li({0})); }, [=] { torch::gather(te({3, 4}), 0, tli({0})); });
  add_error_case("gather", "index too big off dim", [=] { gather(e({3, 4}), 0, e({1, 5}, kLong).fill_(0)); },
                 [=] { torch::gather(te({3, 4}), 0, torch::zeros({1, 5}, torch::kLong)); });
  add_error_case("scatter", "dtype mismatch", [=] { scatter(e({3, 4}), 0, tensor({{0}}), e({1, 1}, kDouble)); },
                 [=] { torch::scatter(te({3, 4}), 0, torch::tensor({{0}}), te({1, 1}, torch::kDouble)); });
  add_error_case("scatter", "index out of range", [=] { scatter(e({3, 4}), 1, tensor({{4}}), e({1, 1})); },
                 [=] { torch::scatter(te({3, 4}), 1, torch::tensor({{4}}), te({1, 1})); });
  add_error_case("scatter", "index bigger than src", [=] { scatter(e({3, 4}), 0, e({2, 2}, kLong).fill_(0), e({1, 1})); },
                 [=] { torch::scatter(te({3, 4}), 0, torch::zeros({2, 2}, torch::kLong), te({1, 1})); });
  add_error_case("scatter", "bad reduce", [=] { scatter(e({3, 4}), 0, tensor({{0}}), e({1, 1}), "max"); },
                 [=] { torch::scatter(te({3, 4}), 0, torch::tensor({{0}}), te({1, 1}), "max"); });
  add_error_case("scatter_add", "dim out of range", [=] { scatter_add(e({3, 4}), 2, tensor({{0}}), e({1, 1})); },
                 [=] { torch::scatter_add(te({3, 4}), 2, torch::tensor({{0}}), te({1, 1})); });
  add_error_case("scatter_reduce", "bad reduce", [=] { scatter_reduce(e({3, 4}), 0, tensor({{0}}), e({1, 1}), "max"); },
                 [=] { torch::scatter_reduce(te({3, 4}), 0, torch::tensor({{0}}), te({1, 1}), "max"); });
  add_error_case("index_add", "source size mismatch", [=] { index_add(e({3, 4}), 0, li({0, 1}), e({3, 4})); },
                 [=] { torch::index_add(te({3, 4}), 0, tli({0, 1}), te({3, 4})); });
  add_error_case("index_add", "dtype mismatch", [=] { index_add(e({3, 4}), 0, li({0}), e({1, 4}, kDouble)); },
                 [=] { torch::index_add(te({3, 4}), 0, tli({0}), te({1, 4}, torch::kDouble)); });
  add_error_case("index_add", "index out of range", [=] { index_add(e({3, 4}), 0, li({3}), e({1, 4})); },
                 [=] { torch::index_add(te({3, 4}), 0, tli({3}), te({1, 4})); });
  add_error_case("index_copy", "int32 index", [=] { index_copy(e({3, 4}), 0, li({0}).to(kInt), e({1, 4})); },
                 [=] { torch::index_copy(te({3, 4}), 0, tli({0}).to(torch::kInt), te({1, 4})); });
  add_error_case("index_copy", "index out of range", [=] { index_copy(e({3, 4}), 0, li({5}), e({1, 4})); },
                 [=] { torch::index_copy(te({3, 4}), 0, tli({5}), te({1, 4})); });
  add_error_case("index_fill", "index out of range", [=] { index_fill(e({3, 4}), 1, li({4}), 1); },
                 [=] { torch::index_fill(te({3, 4}), 1, tli({4}), 1); });
  add_error_case("index_fill", "1-D value", [=] { index_fill(e({3, 4}), 1, li({0}), e({2})); },
                 [=] { torch::index_fill(te({3, 4}), 1, tli({0}), te({2})); });
  add_error_case("masked_scatter", "dtype mismatch", [=] { masked_scatter(e({3}), tensor({true, true, true}), e({3}, kDouble)); },
                 [=] { torch::masked_scatter(te({3}), torch::tensor({true, true, true}), te({3}, torch::kDouble)); });
  add_error_case("masked_scatter", "mask does not broadcast", [=] { masked_scatter(e({3}), tensor({true, true}), e({3})); },
                 [=] { torch::masked_scatter(te({3}), torch::tensor({true, true}), te({3})); });
  add_error_case("masked_fill", "mask does not broadcast", [=] { masked_fill(e({3}), tensor({true, false}), 1); },
                 [=] { torch::masked_fill(te({3}), torch::tensor({true, false}), 1); });
  add_error_case("masked_fill", "1-D value", [=] { masked_fill(e({3}), tensor({true, false, true}), e({1})); },
                 [=] { torch::masked_fill(te({3}), torch::tensor({true, false, true}), te({1})); });
  add_error_case("masked_fill_", "mask bigger than self", [=] { e({3}).masked_fill_(tensor({{true, false, true}, {true, true, true}}), 1); },
                 [=] { te({3}).masked_fill_(torch::tensor({true, false, true, true, true, true}).view({2, 3}), 1); });
  add_error_case("masked_select", "float mask", [=] { masked_select(e({3}), e({3})); },
                 [=] { torch::masked_select(te({3}), te({3})); });
  add_error_case("masked_scatter", "source too small", [=] { masked_scatter(e({3}), tensor({true, true, true}), e({2})); },
                 [=] { torch::masked_scatter(te({3}), torch::tensor({true, true, true}), te({2})); });
  add_error_case("take", "index out of range", [=] { take(e({3, 4}), li({12})); }, [=] { torch::take(te({3, 4}), tli({12})); });
  add_error_case("take", "float index", [=] { take(e({3, 4}), e({1})); }, [=] { torch::take(te({3, 4}), te({1})); });
  add_error_case("index", "index out of range", [=] { index(e({3, 4}), {li({3})}); }, [=] { torch::index(te({3, 4}), {tli({3})}); });
  add_error_case("index_put_", "value shape", [=] { e({3, 4}).index_put_({std::optional<Tensor>(li({0}))}, e({5})); },
                 [=] { te({3, 4}).index_put_({c10::optional<torch::Tensor>(tli({0}))}, te({5})); });
  return true;
}();

}  // namespace
}  // namespace ember::difftest
