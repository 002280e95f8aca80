#include "ember/nn/modules/container/sequential.h"

namespace ember::nn {

SequentialImpl::SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) {
  for (const NamedAnyModule& named : named_modules) append(named.name(), named.module());
}

SequentialImpl::SequentialImpl(const OrderedDict<std::string, AnyModule>& named_modules) {
  for (const auto& item : named_modules) append(item.key(), item.value());
}

std::shared_ptr<Module> SequentialImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<SequentialImpl>();
  auto names = named_children().keys();
  for (size_t i = 0; i < modules_.size(); ++i) copy->append(names[i], modules_[i].clone(device));
  return copy;
}

void SequentialImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Sequential"; }

std::any SequentialImpl::forward_any(std::vector<std::any> inputs) {
  EMBER_CHECK(!is_empty(), "Sequential::forward", "cannot call forward() on an empty Sequential; push_back a module first");
  std::any out = modules_.front().forward_any(std::move(inputs));
  for (size_t i = 1; i < modules_.size(); ++i) {
    std::vector<std::any> next;
    next.push_back(std::move(out));
    out = modules_[i].forward_any(std::move(next));
  }
  return out;
}

void SequentialImpl::extend(const SequentialImpl& other) {
  // Copied first: `seq->extend(*seq)` would otherwise grow the list it walks.
  std::vector<AnyModule> others = other.modules_;
  for (AnyModule& m : others) append(std::to_string(size()), std::move(m));
}

void SequentialImpl::append(std::string name, AnyModule module) {
  EMBER_CHECK(!module.is_empty(), "Sequential::push_back", "module '", name, "' is an empty AnyModule");
  register_module(std::move(name), module.ptr());
  modules_.push_back(std::move(module));
}

const AnyModule& SequentialImpl::at_any(size_t index) const {
  EMBER_CHECK(index < size(), "Sequential", "index ", index, " is out of range for a Sequential of ", size(),
              " module(s)");
  return modules_[index];
}

}  // namespace ember::nn
