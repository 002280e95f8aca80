#pragma once
// The autograd graph: a Node per recorded op (its backward), Edges to the nodes that produced
// its inputs. Built by running ops (define-by-run), walked backwards by the engine.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ember/autograd/small_vector.h"
#include "ember/core/tensor.h"

namespace ember::autograd {

using variable_list = std::vector<Tensor>;
class Node;

// Gradient edge: which input slot of which node receives a gradient. An edge with no
// function means "this input needs no gradient".
struct Edge {
  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
  bool is_valid() const { return function != nullptr; }
};

// Shape and dtype of a tensor an edge carries a gradient for: the engine checks each returned
// gradient against it, summing broadcast gradients back to the input shape (as PyTorch's
// validate_outputs).
struct InputMetadata {
  DimVector sizes;
  ScalarType dtype = kFloat;
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  Node();
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // LibTorch's name of the backward, e.g. "MulBackward0".
  virtual std::string name() const = 0;
  // grads[i] is the gradient w.r.t. output i of the forward op (undefined when that output got
  // none). Returns one gradient per next edge (undefined where not needed).
  virtual variable_list apply(variable_list&& grads) = 0;
  // Frees saved tensors after a backward without retain_graph.
  virtual void release_variables() {}

  // One edge per forward input: where the gradient for that input goes.
  ArrayRef<Edge> next_edges() const { return next_edges_; }
  const Edge& next_edge(size_t i) const { return next_edges_[i]; }
  // Whether forward input i needs a gradient.
  bool needs_input_grad(size_t i) const { return i < next_edges_.size() && next_edges_[i].is_valid(); }
  // Number of gradients apply() receives (one per forward output).
  uint32_t num_forward_outputs() const { return num_forward_outputs_; }
  uint64_t sequence_nr() const { return sequence_nr_; }

  // Room for n edges up front (no allocation up to kInlineEdges).
  void reserve_next_edges(size_t n) {
    next_edges_.reserve(n);
    forward_inputs_.reserve(n);
  }
  // The edge for the next forward input and that input's shape and dtype (built in place).
  void add_next_edge(Edge edge, IntArrayRef sizes = {}, ScalarType dtype = kFloat) {
    next_edges_.push_back(std::move(edge));
    forward_inputs_.emplace_back(sizes, dtype);
  }
  // Shape/dtype of forward input i: the gradient returned for it must match.
  const InputMetadata& forward_input(size_t i) const { return forward_inputs_[i]; }
  void set_num_forward_outputs(uint32_t n) { num_forward_outputs_ = n; }

  // Hooks on the gradient arriving for forward output `output_nr` (tensor.register_hook on a
  // non-leaf, and retain_grad): each may replace the gradient.
  using GradHook = std::function<Tensor(const Tensor&)>;
  void add_pre_hook(uint32_t output_nr, GradHook hook) { pre_hooks_.push_back({output_nr, std::move(hook)}); }
  struct PreHook {
    uint32_t output_nr;
    GradHook hook;
  };
  const std::vector<PreHook>& pre_hooks() const { return pre_hooks_; }
  void remove_pre_hook(size_t handle) {
    if (handle < pre_hooks_.size()) pre_hooks_[handle].hook = nullptr;
  }

  // Anomaly mode: where the forward op ran (its stack of recorded op names).
  std::string& forward_trace() { return forward_trace_; }

 private:
  // Inline room for a binary op's inputs: recording one allocates nothing but the node.
  static constexpr size_t kInlineEdges = 2;
  SmallVector<Edge, kInlineEdges> next_edges_;
  SmallVector<InputMetadata, kInlineEdges> forward_inputs_;
  uint32_t num_forward_outputs_ = 1;
  std::vector<PreHook> pre_hooks_;
  std::string forward_trace_;
  uint64_t sequence_nr_;
};

}  // namespace ember::autograd
