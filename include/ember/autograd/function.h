#pragma once
// Custom autograd functions, as torch::autograd::Function<T>:
//
//   struct MulConst : ember::autograd::Function<MulConst> {
//     static Tensor forward(AutogradContext* ctx, Tensor x, double c) {
//       ctx->saved_data["c"] = c;
//       return x * c;
//     }
//     static variable_list backward(AutogradContext* ctx, variable_list g) {
//       return {g[0] * ctx->saved_data["c"].toDouble(), Tensor()};  // one per forward argument
//     }
//   };
//   Tensor y = MulConst::apply(x, 2.0);
//
// forward runs with grad mode off; its tensor outputs get a node whose apply() calls
// T::backward. A backward written in ember ops is itself differentiable (double backward).
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/autograd/node.h"
#include "ember/autograd/saved_variable.h"
#include "ember/core/error.h"

namespace ember::autograd {

// A small tagged value for AutogradContext::saved_data (LibTorch's at::IValue, reduced to the
// kinds a backward usually needs).
class IValue {
 public:
  IValue() = default;
  IValue(Tensor v) : value_(std::move(v)) {}  // NOLINT: implicit, as at::IValue
  IValue(double v) : value_(v) {}             // NOLINT
  IValue(int64_t v) : value_(v) {}            // NOLINT
  IValue(int v) : value_(static_cast<int64_t>(v)) {}  // NOLINT
  IValue(bool v) : value_(v) {}               // NOLINT
  IValue(std::string v) : value_(std::move(v)) {}      // NOLINT
  IValue(const char* v) : value_(std::string(v)) {}    // NOLINT
  IValue(std::vector<int64_t> v) : value_(std::move(v)) {}  // NOLINT

  bool isNone() const { return std::holds_alternative<std::monostate>(value_); }
  bool isTensor() const { return std::holds_alternative<Tensor>(value_); }
  bool isDouble() const { return std::holds_alternative<double>(value_); }
  bool isInt() const { return std::holds_alternative<int64_t>(value_); }
  bool isBool() const { return std::holds_alternative<bool>(value_); }
  bool isString() const { return std::holds_alternative<std::string>(value_); }
  bool isIntList() const { return std::holds_alternative<std::vector<int64_t>>(value_); }

  const Tensor& toTensor() const { return get<Tensor>("Tensor"); }
  // An int converts to double (as at::IValue::toDouble does not, but Python floats do).
  double toDouble() const { return isInt() ? static_cast<double>(toInt()) : get<double>("Double"); }
  int64_t toInt() const { return get<int64_t>("Int"); }
  bool toBool() const { return get<bool>("Bool"); }
  const std::string& toStringRef() const { return get<std::string>("String"); }
  const std::vector<int64_t>& toIntVector() const { return get<std::vector<int64_t>>("IntList"); }
  std::string tagKind() const;

 private:
  template <class V>
  const V& get(const char* expected) const {
    const V* v = std::get_if<V>(&value_);
    EMBER_CHECK(v, "IValue", "expected ", expected, " but got ", tagKind());
    return *v;
  }
  std::variant<std::monostate, Tensor, double, int64_t, bool, std::string, std::vector<int64_t>> value_;
};

class AutogradContext;
namespace detail {
class CppNodeBase;
// Wires the outputs of `forward`: history, dirty inputs, non-differentiable outputs, saved
// tensors. `node` is null when nothing requires grad.
void wire_outputs(const std::shared_ptr<CppNodeBase>& node, AutogradContext& ctx,
                  const variable_list& inputs, variable_list& outputs);
}  // namespace detail

class AutogradContext {
 public:
  AutogradContext() = default;
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  // Tensors the backward needs: saved with their version (modifying them in place before the
  // backward makes it throw), outputs without a reference cycle.
  void save_for_backward(variable_list to_save) { to_save_ = std::move(to_save); }
  // Inputs that forward modified in place: they take the function's history.
  void mark_dirty(const variable_list& inputs);
  // Outputs with no gradient (indices, masks): they do not require grad.
  void mark_non_differentiable(const variable_list& outputs);
  // false: undefined incoming gradients stay undefined instead of becoming zeros.
  void set_materialize_grads(bool value) { materialize_grads_ = value; }

  variable_list get_saved_variables() const;
  // Whether the tensor input number `i` (counting tensor arguments only) needs a gradient.
  bool needs_input_grad(size_t i) const;

  // Anything else the backward needs.
  std::unordered_map<std::string, IValue> saved_data;

 private:
  template <class T>
  friend class Function;
  friend class detail::CppNodeBase;
  friend void detail::wire_outputs(const std::shared_ptr<detail::CppNodeBase>& node, AutogradContext& ctx,
                                   const variable_list& inputs, variable_list& outputs);

  variable_list to_save_;
  std::vector<SavedVariable> saved_;
  std::vector<const TensorImpl*> dirty_;
  std::vector<const TensorImpl*> non_differentiable_;
  bool materialize_grads_ = true;
  bool has_freed_buffers_ = false;
  const Node* node_ = nullptr;
};

namespace detail {

// Node shared part of every CppNode<T>: the context, per-argument bookkeeping, output shapes.
class CppNodeBase : public Node {
 public:
  AutogradContext ctx;
  std::vector<bool> is_tensor_arg;  // per forward argument
  std::vector<InputMetadata> output_info;

  void release_variables() override;
  // Zero-fills undefined grads (unless disabled), runs `backward`, and maps its per-argument
  // result to one gradient per tensor input.
  variable_list run(variable_list&& grads, variable_list (*backward)(AutogradContext*, variable_list));
};

std::string demangle(const char* name);
bool any_variable_requires_grad(const variable_list& vars);

inline void collect(variable_list&, std::vector<bool>&) {}
template <class A, class... Rest>
void collect(variable_list& tensors, std::vector<bool>& is_tensor, const A& arg, const Rest&... rest) {
  if constexpr (std::is_same_v<std::decay_t<A>, Tensor>) {
    tensors.push_back(arg);
    is_tensor.push_back(true);
  } else {
    is_tensor.push_back(false);
  }
  collect(tensors, is_tensor, rest...);
}

}  // namespace detail

template <class T>
class CppNode final : public detail::CppNodeBase {
 public:
  std::string name() const override { return "CppNode<" + detail::demangle(typeid(T).name()) + ">"; }
  variable_list apply(variable_list&& grads) override { return run(std::move(grads), &T::backward); }
};

template <class T>
class Function {
 public:
  // Runs T::forward(ctx, args...) with grad mode off, then records T::backward for its
  // outputs. Returns what forward returns (a Tensor or a variable_list).
  template <class... Args>
  static auto apply(Args&&... args) {
    variable_list inputs;
    std::vector<bool> is_tensor;
    detail::collect(inputs, is_tensor, args...);
    std::shared_ptr<CppNode<T>> node;
    bool record = GradMode::is_enabled() && detail::any_variable_requires_grad(inputs);
    auto owned = std::make_shared<CppNode<T>>();  // its ctx is used even when not recording
    if (record) node = owned;
    owned->ctx.node_ = owned.get();
    owned->is_tensor_arg = is_tensor;

    using Result = decltype(T::forward(&owned->ctx, std::forward<Args>(args)...));
    static_assert(std::is_same_v<Result, Tensor> || std::is_same_v<Result, variable_list>,
                  "Function<T>::forward must return a Tensor or a variable_list");
    variable_list outputs;
    {
      AutoGradMode no_grad(false);
      if constexpr (std::is_same_v<Result, Tensor>) {
        outputs.push_back(T::forward(&owned->ctx, std::forward<Args>(args)...));
      } else {
        outputs = T::forward(&owned->ctx, std::forward<Args>(args)...);
      }
    }
    detail::wire_outputs(node, owned->ctx, inputs, outputs);
    if constexpr (std::is_same_v<Result, Tensor>) {
      return outputs[0];
    } else {
      return outputs;
    }
  }
};

}  // namespace ember::autograd
