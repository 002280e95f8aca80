#include "ember/nn/modules/container/modulelist.h"

namespace ember::nn {

std::shared_ptr<Module> ModuleListImpl::clone(const std::optional<Device>& device) const {
  auto copy = std::make_shared<ModuleListImpl>();
  for (const auto& m : modules_) copy->push_back(m->clone(device));
  return copy;
}

void ModuleListImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::ModuleList"; }

void ModuleListImpl::push_back(std::shared_ptr<Module> module) {
  EMBER_CHECK(module != nullptr, "ModuleList::push_back", "module is null");
  register_module(std::to_string(size()), module);
  modules_.push_back(std::move(module));
}

void ModuleListImpl::extend(const ModuleListImpl& other) {
  // Copied first: `list->extend(*list)` would otherwise grow the list it walks.
  std::vector<std::shared_ptr<Module>> others = other.modules_;
  for (auto& m : others) push_back(std::move(m));
}

std::shared_ptr<Module> ModuleListImpl::ptr(size_t index) const {
  EMBER_CHECK(index < size(), "ModuleList", "index ", index, " is out of range for a ModuleList of ", size(),
              " module(s)");
  return modules_[index];
}

}  // namespace ember::nn
