// The backward engine: runs the recorded graph from the roots towards the leaves.
//
// 1. Walk the graph from the root edges, collecting nodes.
// 2. When specific inputs are asked for (grad(), backward(inputs=...)), keep only the nodes
//    on a path to them; the rest never run (so grad() leaves every .grad untouched).
// 3. Count, for each node, how many running nodes feed it; a node runs once all have sent
//    their gradient. Among ready nodes the one recorded last runs first (reverse order).
#include <algorithm>
#include <cmath>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "autograd/accumulate_grad.h"
#include "autograd/autograd_meta.h"
#include "ember/autograd/anomaly_mode.h"
#include "ember/autograd/autograd.h"
#include "ember/core/factories.h"
#include "ember/core/shape.h"
#include "ember/ops/binary.h"
#include "ember/ops/reduce.h"

namespace ember::autograd {

namespace {

thread_local bool t_anomaly_enabled = false;

struct NodeTask {
  variable_list buffer;   // one gradient per forward output, summed over producers
  int dependencies = 0;   // running producers not yet finished
  bool runs = true;       // false: only captured (grad() inputs), never applied
};

// Sums a gradient into a buffer slot (undefined means "none yet").
void accumulate(Tensor& slot, const Tensor& grad) {
  if (!grad.defined()) return;
  slot = slot.defined() ? slot + grad : grad;
}

// PyTorch's validate_outputs: a gradient must have the input's shape (a broadcast one is
// summed back) and dtype.
Tensor validate_gradient(const Node& node, size_t i, Tensor grad) {
  const InputMetadata& meta = node.forward_input(i);
  if (grad.sizes() != meta.sizes.ref()) {
    bool expandable = true;
    try {
      expandable = broadcast_shapes(meta.sizes, grad.sizes(), "backward") == DimVector(grad.sizes());
    } catch (const Error&) {
      expandable = false;
    }
    EMBER_CHECK(expandable, "backward", "Function ", node.name(),
                " returned an invalid gradient at index ", i, " - got ", grad.sizes(),
                " but expected shape compatible with ", meta.sizes);
    grad = sum_to(grad, meta.sizes);
  }
  if (grad.dtype() != meta.dtype) grad = grad.to(meta.dtype);
  return grad;
}

void check_anomaly(const Node& node, const variable_list& outputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& g = outputs[i];
    if (!g.defined() || !g.is_floating_point()) continue;
    bool bad = false;
    Tensor d = g.to(kDouble).contiguous();
    const double* p = d.data_ptr<double>();
    for (int64_t k = 0; k < d.numel() && !bad; ++k) bad = std::isnan(p[k]);
    EMBER_CHECK(!bad, "backward", "Function '", node.name(), "' returned nan values in its ", i,
                "th output. The forward op that made it: ",
                const_cast<Node&>(node).forward_trace().empty() ? node.name() : const_cast<Node&>(node).forward_trace());
  }
}

// Runs the graph. `captures` lists edges whose incoming gradient is returned (grad());
// `accumulate` says whether AccumulateGrad nodes run.
variable_list execute(const std::vector<Edge>& roots, const variable_list& root_grads,
                      bool keep_graph, bool create_graph, const std::vector<Edge>& captures,
                      bool accumulate_into_grad) {
  // 1. Collect the graph.
  std::unordered_map<Node*, NodeTask> tasks;
  std::vector<Node*> order;  // discovery order, for the reachability pass
  std::vector<Node*> stack;
  for (const Edge& e : roots) {
    if (e.function && tasks.emplace(e.function.get(), NodeTask{}).second) stack.push_back(e.function.get());
  }
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    order.push_back(n);
    for (const Edge& e : n->next_edges()) {
      if (e.function && tasks.emplace(e.function.get(), NodeTask{}).second) stack.push_back(e.function.get());
    }
  }

  // 2. Prune to the nodes leading to the requested inputs.
  std::unordered_set<Node*> capture_nodes;
  for (const Edge& e : captures) capture_nodes.insert(e.function.get());
  if (!captures.empty()) {
    // reaches[n]: some path from n (through its next edges) arrives at a capture node.
    std::unordered_map<Node*, bool> reaches;
    std::function<bool(Node*)> visit = [&](Node* n) -> bool {
      auto it = reaches.find(n);
      if (it != reaches.end()) return it->second;
      reaches[n] = false;  // cycles cannot occur; this just guards re-entry
      bool r = false;
      for (const Edge& e : n->next_edges())
        if (e.function) r |= capture_nodes.count(e.function.get()) > 0 || visit(e.function.get());
      reaches[n] = r;
      return r;
    };
    for (Node* n : order) {
      bool is_sink = dynamic_cast<AccumulateGrad*>(n) != nullptr;
      bool runs = visit(n) || (accumulate_into_grad && is_sink && capture_nodes.count(n));
      tasks[n].runs = runs;
    }
  } else if (!accumulate_into_grad) {
    for (Node* n : order)
      if (dynamic_cast<AccumulateGrad*>(n)) tasks[n].runs = false;
  }

  // 3. Dependencies: edges from running nodes.
  for (Node* n : order) {
    if (!tasks[n].runs) continue;
    for (const Edge& e : n->next_edges())
      if (e.function) ++tasks[e.function.get()].dependencies;
  }
  for (auto& [n, t] : tasks) t.buffer.resize(n->num_forward_outputs());
  for (size_t i = 0; i < roots.size(); ++i) {
    if (roots[i].function) accumulate(tasks[roots[i].function.get()].buffer[roots[i].input_nr], root_grads[i]);
  }

  auto later_first = [](Node* a, Node* b) { return a->sequence_nr() < b->sequence_nr(); };
  std::priority_queue<Node*, std::vector<Node*>, decltype(later_first)> ready(later_first);
  for (Node* n : order)
    if (tasks[n].dependencies == 0) ready.push(n);

  std::unordered_map<Node*, variable_list> captured_buffers;
  AutoGradMode grad_mode(create_graph);
  while (!ready.empty()) {
    Node* node = ready.top();
    ready.pop();
    NodeTask& task = tasks[node];
    variable_list grads = std::move(task.buffer);
    // Tensor hooks on this node's outputs (register_hook / retain_grad on non-leaves).
    for (const auto& h : node->pre_hooks()) {
      if (!h.hook || !grads[h.output_nr].defined()) continue;
      Tensor replaced = h.hook(grads[h.output_nr]);
      if (replaced.defined()) grads[h.output_nr] = replaced;
    }
    if (capture_nodes.count(node)) captured_buffers[node] = grads;
    if (!task.runs) continue;

    bool any_grad = std::any_of(grads.begin(), grads.end(), [](const Tensor& g) { return g.defined(); });
    variable_list outputs;
    if (any_grad) outputs = node->apply(std::move(grads));
    if (!keep_graph) node->release_variables();
    if (any_grad && !dynamic_cast<AccumulateGrad*>(node)) {
      EMBER_CHECK(outputs.size() == node->next_edges().size(), "backward", "Function ", node->name(),
                  " returned ", outputs.size(), " gradients, expected ", node->next_edges().size());
      for (size_t i = 0; i < outputs.size(); ++i)
        if (outputs[i].defined() && node->next_edge(i).is_valid())
          outputs[i] = validate_gradient(*node, i, std::move(outputs[i]));
      if (AnomalyMode::is_enabled()) check_anomaly(*node, outputs);
    }
    for (size_t i = 0; i < node->next_edges().size(); ++i) {
      const Edge& e = node->next_edge(i);
      if (!e.function) continue;
      NodeTask& next = tasks[e.function.get()];
      if (i < outputs.size()) accumulate(next.buffer[e.input_nr], outputs[i]);
      if (--next.dependencies == 0) ready.push(e.function.get());
    }
  }

  variable_list result;
  for (const Edge& e : captures) {
    auto it = captured_buffers.find(e.function.get());
    result.push_back(it == captured_buffers.end() ? Tensor() : it->second[e.input_nr]);
  }
  return result;
}

// Root edges and their seed gradients (ones for one-element outputs when none is given).
void prepare_roots(const variable_list& tensors, const variable_list& grad_tensors, const char* op,
                   std::vector<Edge>& roots, variable_list& seeds) {
  EMBER_CHECK(grad_tensors.empty() || grad_tensors.size() == tensors.size(), op, "got ",
              tensors.size(), " tensors and ", grad_tensors.size(), " gradients");
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    EMBER_CHECK(t.defined() && t.requires_grad(), op, "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    Tensor seed = grad_tensors.empty() ? Tensor() : grad_tensors[i];
    if (!seed.defined()) {
      EMBER_CHECK(t.numel() == 1, op, "grad can be implicitly created only for scalar outputs (output ",
                  i, " has shape ", t.sizes(), ")");
      seed = ones_like(t);
    } else {
      EMBER_CHECK(seed.sizes() == t.sizes(), op, "mismatch in shape: grad_output[", i, "] has a shape of ",
                  seed.sizes(), " and output[", i, "] has a shape of ", t.sizes());
    }
    roots.push_back(gradient_edge(t));
    seeds.push_back(seed);
  }
}

}  // namespace

bool AnomalyMode::is_enabled() { return t_anomaly_enabled; }
void AnomalyMode::set_enabled(bool enabled) { t_anomaly_enabled = enabled; }

void backward(const variable_list& tensors, const variable_list& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const variable_list& inputs) {
  std::vector<Edge> roots;
  variable_list seeds;
  prepare_roots(tensors, grad_tensors, "backward", roots, seeds);
  std::vector<Edge> captures;
  for (const Tensor& in : inputs) {
    EMBER_CHECK(in.requires_grad(), "backward", "one of the inputs does not require grad");
    captures.push_back(gradient_edge(in));
  }
  variable_list got = execute(roots, seeds, retain_graph.value_or(create_graph), create_graph,
                              captures, /*accumulate_into_grad=*/true);
  // Non-leaf inputs get their gradient in .grad, as PyTorch.
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].is_leaf() || !got[i].defined()) continue;
    Tensor& slot = const_cast<Tensor&>(inputs[i]).mutable_grad();
    slot = slot.defined() ? slot + got[i] : got[i];
  }
}

variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs, std::optional<bool> retain_graph,
                   bool create_graph, bool allow_unused) {
  std::vector<Edge> roots;
  variable_list seeds;
  prepare_roots(outputs, grad_outputs, "grad", roots, seeds);
  std::vector<Edge> captures;
  for (size_t i = 0; i < inputs.size(); ++i) {
    EMBER_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad", "input ", i,
                " of the differentiated tensors does not require grad");
    captures.push_back(gradient_edge(inputs[i]));
  }
  variable_list result = execute(roots, seeds, retain_graph.value_or(create_graph), create_graph,
                                 captures, /*accumulate_into_grad=*/false);
  for (size_t i = 0; i < result.size(); ++i) {
    EMBER_CHECK(result[i].defined() || allow_unused, "grad", "one of the differentiated Tensors (input ",
                i, ") appears to not have been used in the graph. Set allow_unused=true if this is "
                "the desired behavior.");
  }
  return result;
}

}  // namespace ember::autograd
