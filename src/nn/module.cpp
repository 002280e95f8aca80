#include "ember/nn/module.h"

#include <cxxabi.h>

#include <memory>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/copy.h"

namespace ember {

std::string detail::demangle(const std::type_info& type) {
  const char* mangled = type.name();
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> readable(abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(mangled);
}

}  // namespace ember

namespace ember::nn {

namespace {
std::string join_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

}  // namespace

Module::Module(std::string name) : name_(std::move(name)) {}
Module::Module() = default;

const std::string& Module::name() const {
  // typeid of the most-derived type is only known after construction, hence lazily.
  if (!name_) name_ = detail::demangle(typeid(*this));
  return *name_;
}

void Module::check_new_name(const std::string& name, const char* op) const {
  EMBER_CHECK(!name.empty(), op, "name must not be empty");
  EMBER_CHECK(name.find('.') == std::string::npos, op, "name must not contain a dot (got '", name, "')");
  EMBER_CHECK(!parameters_.contains(name) && !buffers_.contains(name) && !children_.contains(name), op,
              "'", name, "' is already registered in ", this->name());
}

Tensor& Module::register_parameter(std::string name, Tensor tensor, bool requires_grad) {
  check_new_name(name, "register_parameter");
  // An undefined tensor is a valid placeholder (e.g. a bias turned off) and is skipped by
  // parameters().
  if (tensor.defined()) tensor.set_requires_grad(requires_grad);
  return parameters_.insert(std::move(name), std::move(tensor));
}

Tensor& Module::register_buffer(std::string name, Tensor tensor) {
  check_new_name(name, "register_buffer");
  return buffers_.insert(std::move(name), std::move(tensor));
}

void Module::unregister_module(const std::string& name) {
  EMBER_CHECK(children_.contains(name), "unregister_module", "no submodule '", name, "' in ", this->name());
  children_.erase(name);
}

// Defined tensors of `slot` (parameters_ or buffers_) of this module, or of every module
// below it with dotted names.
OrderedDict<std::string, Tensor> Module::named_tensors(OrderedDict<std::string, Tensor> Module::*slot,
                                                       bool recurse) const {
  OrderedDict<std::string, Tensor> out;
  auto modules = recurse ? named_modules() : OrderedDict<std::string, std::shared_ptr<Module>>();
  if (!recurse) modules.insert("", std::const_pointer_cast<Module>(shared_from_this()));
  for (const auto& m : modules) {
    for (const auto& t : (*m.value()).*slot)
      if (t.value().defined()) out.insert(join_name(m.key(), t.key()), t.value());
  }
  return out;
}

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  return named_tensors(&Module::parameters_, recurse);
}

std::vector<Tensor> Module::parameters(bool recurse) const { return named_parameters(recurse).values(); }

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  return named_tensors(&Module::buffers_, recurse);
}

std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const { return children_; }
std::vector<std::shared_ptr<Module>> Module::children() const { return children_.values(); }

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(const std::string& name_prefix,
                                                                        bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> out;
  if (include_self) out.insert(name_prefix, std::const_pointer_cast<Module>(shared_from_this()));
  for (const auto& c : children_) {
    for (const auto& m : c.value()->named_modules(join_name(name_prefix, c.key()), true))
      out.insert(m.key(), m.value());
  }
  return out;
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  return named_modules("", include_self).values();
}

void Module::train(bool on) {
  for (auto& c : children_) c.value()->train(on);
  is_training_ = on;
}

void Module::convert_tensors(const std::function<Tensor(const Tensor&)>& convert) {
  NoGradGuard no_grad;
  for (const auto& m : modules()) {
    for (auto& p : m->parameters_)
      if (p.value().defined()) p.value().set_data(convert(p.value()));
    for (auto& b : m->buffers_)
      if (b.value().defined()) b.value().set_data(convert(b.value()));
  }
}

void Module::to(ScalarType dtype, bool /*non_blocking*/) {
  convert_tensors([dtype](const Tensor& t) { return t.is_floating_point() ? t.to(dtype) : t; });
}

void Module::to(Device device, bool /*non_blocking*/) {
  convert_tensors([device](const Tensor& t) { return t.to(TensorOptions().device(device)); });
}

void Module::to(Device device, ScalarType dtype, bool non_blocking) {
  to(device, non_blocking);
  to(dtype, non_blocking);
}

void Module::zero_grad(bool set_to_none) {
  for (Tensor& p : parameters()) {
    if (!p.grad().defined()) continue;
    if (set_to_none) p.mutable_grad() = Tensor();
    else p.mutable_grad().detach_().zero_();
  }
}

void Module::apply(const std::function<void(Module&)>& fn) {
  for (const auto& m : modules()) fn(*m);
}

void Module::apply(const std::function<void(const std::string&, Module&)>& fn, const std::string& name_prefix) {
  for (const auto& m : named_modules(name_prefix)) fn(m.key(), *m.value());
}

std::shared_ptr<Module> Module::clone(const std::optional<Device>&) const {
  detail::throw_error("clone", name(),
                      " has not implemented clone(): derive it from nn::Cloneable<", name(),
                      "> and implement reset()");
}

void Module::copy_state_from(const Module& other) {
  NoGradGuard no_grad;
  auto mine = named_parameters(), theirs = other.named_parameters();
  for (const auto& p : theirs) mine[p.key()].set_data(p.value().clone());
  auto my_buffers = named_buffers(), their_buffers = other.named_buffers();
  for (const auto& b : their_buffers) my_buffers[b.key()].set_data(b.value().clone());
  auto my_modules = named_modules(), their_modules = other.named_modules();
  for (const auto& m : their_modules) my_modules[m.key()]->is_training_ = m.value()->is_training_;
}

OrderedDict<std::string, Tensor> Module::state_dict() const {
  OrderedDict<std::string, Tensor> out;
  for (const auto& p : named_parameters()) out.insert(p.key(), p.value());
  for (const auto& b : named_buffers()) out.insert(b.key(), b.value());
  return out;
}

void Module::load_state_dict(const OrderedDict<std::string, Tensor>& dict, bool strict) {
  OrderedDict<std::string, Tensor> own = state_dict();
  // Check everything first so that a bad dict leaves the module untouched.
  std::string missing, unexpected, mismatched;
  for (const auto& item : own) {
    const Tensor* given = dict.find(item.key());
    if (!given) {
      missing += (missing.empty() ? "" : ", ") + item.key();
    } else if (given->sizes() != item.value().sizes()) {
      std::ostringstream s;
      s << item.key() << " (checkpoint " << given->sizes() << ", model " << item.value().sizes() << ")";
      mismatched += (mismatched.empty() ? "" : ", ") + s.str();
    }
  }
  for (const auto& item : dict)
    if (!own.contains(item.key())) unexpected += (unexpected.empty() ? "" : ", ") + item.key();
  EMBER_CHECK(mismatched.empty(), "load_state_dict", "size mismatch for ", mismatched);
  EMBER_CHECK(!strict || (missing.empty() && unexpected.empty()), "load_state_dict",
              "error(s) in loading state_dict for ", name(), ": missing keys [", missing,
              "], unexpected keys [", unexpected, "]. Pass strict=false to load a subset.");
  NoGradGuard no_grad;
  for (auto& item : own) {
    if (const Tensor* given = dict.find(item.key())) item.value().copy_(*given);
  }
}

void Module::pretty_print(std::ostream& stream) const { stream << name(); }

void Module::pretty_print_recursive(std::ostream& stream, const std::string& indentation) const {
  pretty_print(stream);
  if (children_.is_empty()) return;
  stream << "(\n";
  const std::string inner = indentation + "  ";
  for (const auto& c : children_) {
    stream << inner << "(" << c.key() << "): ";
    c.value()->pretty_print_recursive(stream, inner);
    stream << '\n';
  }
  stream << indentation << ")";
}

std::ostream& operator<<(std::ostream& stream, const Module& module) {
  module.pretty_print_recursive(stream, "");
  return stream;
}

}  // namespace ember::nn
