#pragma once
// Sequential, as torch::nn::Sequential: modules called in order, each one's output the next
// one's input; children are named "0", "1", ... or by the names given.
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/nn/modules/container/any.h"

namespace ember::nn {

// A (name, module) pair for `Sequential({{"conv", conv}, {"relu", Functional(relu)}})`.
class NamedAnyModule {
 public:
  template <class ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module)
      : name_(std::move(name)), module_(std::move(module)) {}
  template <class ModuleType>
  NamedAnyModule(std::string name, const ModuleHolder<ModuleType>& holder)
      : name_(std::move(name)), module_(holder) {}
  template <class ModuleType, class = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<ModuleType>>>>
  NamedAnyModule(std::string name, ModuleType&& module)
      : name_(std::move(name)), module_(std::forward<ModuleType>(module)) {}
  NamedAnyModule(std::string name, AnyModule module) : name_(std::move(name)), module_(std::move(module)) {}

  const std::string& name() const { return name_; }
  const AnyModule& module() const { return module_; }

 private:
  std::string name_;
  AnyModule module_;
};

class SequentialImpl : public Module {
 public:
  SequentialImpl() = default;
  // Each argument is a module holder, a shared_ptr to a module, a module by value, or an
  // AnyModule. (A single SequentialImpl argument is a copy, not a nested Sequential.)
  template <class... Modules>
    requires(sizeof...(Modules) != 1 || (!std::is_same_v<std::decay_t<Modules>, SequentialImpl> && ...))
  explicit SequentialImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules);
  explicit SequentialImpl(const OrderedDict<std::string, AnyModule>& named_modules);

  // Clones every module (each must support clone()).
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  // Calls the first module with `args`, every later one with the previous output; the last
  // output as ReturnType (Tensor unless given).
  template <class ReturnType = Tensor, class... Args>
  ReturnType forward(Args&&... args) {
    return detail::unpack_result<ReturnType>(forward_any(detail::pack_arguments(std::forward<Args>(args)...)),
                                             "Sequential::forward");
  }
  // forward() with type-erased inputs and output; lets AnyModule (and so another Sequential)
  // hold a Sequential.
  std::any forward_any(std::vector<std::any> inputs);

  // Appends a module named after its position ("0", "1", ...), or by `name`.
  template <class ModuleType>
  void push_back(ModuleType&& module) {
    push_back(std::to_string(size()), std::forward<ModuleType>(module));
  }
  template <class ModuleType>
  void push_back(std::string name, ModuleType&& module) {
    if constexpr (std::is_same_v<std::decay_t<ModuleType>, AnyModule>) append(std::move(name), AnyModule(module));
    else append(std::move(name), AnyModule(std::forward<ModuleType>(module)));
  }
  // Appends every module of `other` (sharing them), named by position in this Sequential.
  void extend(const SequentialImpl& other);

  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }
  auto begin() { return modules_.begin(); }
  auto end() { return modules_.end(); }
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

  std::shared_ptr<Module> ptr(size_t index) const { return at_any(index).ptr(); }
  template <class T>
  std::shared_ptr<T> ptr(size_t index) const {
    return at_any(index).ptr<T>();
  }
  template <class T>
  T& at(size_t index) const {
    return at_any(index).get<T>();
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }

 private:
  void append(std::string name, AnyModule module);
  const AnyModule& at_any(size_t index) const;

  std::vector<AnyModule> modules_;
};

// The holder, with the named form `Sequential({{"name", module}, ...})` (as LibTorch's).
class Sequential : public ModuleHolder<SequentialImpl> {
 public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
  Sequential() = default;
  Sequential(std::initializer_list<NamedAnyModule> named_modules)
      : ModuleHolder(std::make_shared<SequentialImpl>(named_modules)) {}
};

}  // namespace ember::nn
