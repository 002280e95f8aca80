#pragma once
// nn::Module, as torch::nn::Module: named parameters, buffers and submodules, train/eval,
// dtype conversion, zero_grad, apply, pretty printing, and (beyond LibTorch) state_dict /
// load_state_dict on every module.
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <typeinfo>

#include "ember/core/tensor.h"
#include "ember/nn/ordered_dict.h"

namespace ember::detail {
// The readable name of a C++ type ("ember::Tensor"), for module names and error messages.
std::string demangle(const std::type_info& type);
}  // namespace ember::detail

namespace ember::nn {

template <class Contained>
class ModuleHolder;

class Module : public std::enable_shared_from_this<Module> {
 public:
  // Without a name, the module is named after its C++ type (demangled) on first use.
  explicit Module(std::string name);
  Module();
  virtual ~Module() = default;
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;

  const std::string& name() const;

  std::vector<Tensor> parameters(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;
  // Depth-first, this module first (when include_self).
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(const std::string& name_prefix = "",
                                                                  bool include_self = true) const;

  virtual void train(bool on = true);
  void eval() { train(false); }
  virtual bool is_training() const noexcept { return is_training_; }

  // Converts every parameter and buffer in place (the tensors keep their identity, so an
  // optimizer built before still sees them).
  virtual void to(ScalarType dtype, bool non_blocking = false);
  virtual void to(Device device, bool non_blocking = false);
  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);

  // LibTorch 1.13's default: gradients are zeroed, not dropped.
  virtual void zero_grad(bool set_to_none = false);

  void apply(const std::function<void(Module&)>& fn);
  void apply(const std::function<void(const std::string&, Module&)>& fn, const std::string& name_prefix = "");

  // A deep copy: parameters and buffers are cloned. Modules made with EMBER_MODULE support it
  // through Cloneable<T>; a plain Module subclass throws.
  virtual std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const;

  // The one-line description used by operator<< (`Linear(in_features=4, ...)`); children are
  // printed beneath it by operator<<.
  virtual void pretty_print(std::ostream& stream) const;

  // Replaces the registered submodule `name` (which must exist) by `module`, as LibTorch.
  template <class ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name, std::shared_ptr<ModuleType> module) {
    std::shared_ptr<Module>* slot = children_.find(name);
    EMBER_CHECK(slot != nullptr, "replace_module", "no submodule '", name, "' in ", this->name());
    EMBER_CHECK(module != nullptr, "replace_module", "submodule '", name, "' is null");
    *slot = module;
    return module;
  }
  // Removes the registered submodule `name` (which must exist), as LibTorch.
  void unregister_module(const std::string& name);

  // Every parameter and buffer by dotted name ("fc1.weight"): beyond LibTorch, as PyTorch's.
  OrderedDict<std::string, Tensor> state_dict() const;
  // Copies `dict` into this module's tensors. With strict, missing and unexpected keys throw,
  // listing them; shapes must match. Nothing is changed when anything is wrong.
  void load_state_dict(const OrderedDict<std::string, Tensor>& dict, bool strict = true);

 protected:
  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  Tensor& register_buffer(std::string name, Tensor tensor);
  template <class ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, std::shared_ptr<ModuleType> module) {
    check_new_name(name, "register_module");
    EMBER_CHECK(module != nullptr, "register_module", "submodule '", name, "' is null");
    children_.insert(std::move(name), module);
    return module;
  }
  template <class ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name, ModuleHolder<ModuleType> holder) {
    return register_module(std::move(name), holder.ptr());
  }
  friend std::ostream& operator<<(std::ostream& stream, const Module& module);

 private:
  template <class Derived>
  friend class Cloneable;
  void check_new_name(const std::string& name, const char* op) const;
  OrderedDict<std::string, Tensor> named_tensors(OrderedDict<std::string, Tensor> Module::*slot,
                                                 bool recurse) const;
  // Deep-copies parameter and buffer values and training flags from a module of the same
  // structure (clone()).
  void copy_state_from(const Module& other);
  void pretty_print_recursive(std::ostream& stream, const std::string& indentation) const;
  void convert_tensors(const std::function<Tensor(const Tensor&)>& convert);

  OrderedDict<std::string, Tensor> parameters_{"Parameter"};
  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  mutable std::optional<std::string> name_;
  bool is_training_ = true;
};

std::ostream& operator<<(std::ostream& stream, const Module& module);

// Cloneable<Derived>: gives Derived (which must implement reset(), building its parameters
// and submodules) a deep clone(), as torch::nn::Cloneable.
template <class Derived>
class Cloneable : public Module {
 public:
  using Module::Module;
  virtual void reset() = 0;

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    EMBER_CHECK(!device || device->is_cpu(), "clone", "device ", *device,
                " has no backend in this build (only cpu is available)");
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    // The member-wise copy shares tensors and submodules with *this: rebuild the structure
    // with reset(), then copy every value over by name (set_data keeps the new tensors'
    // identity, which the copy's members hold).
    copy->parameters_.clear();
    copy->buffers_.clear();
    copy->children_.clear();
    copy->reset();
    copy->copy_state_from(*this);
    return copy;
  }
};

}  // namespace ember::nn
