#pragma once
// ModuleList, as torch::nn::ModuleList: an indexable list of submodules named "0", "1", ...
// (no forward: the owner decides how to call them).
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

class ModuleListImpl : public Module {
 public:
  ModuleListImpl() = default;
  // Each argument is a module holder, a shared_ptr to a module, or a module by value.
  template <class... Modules>
    requires(sizeof...(Modules) != 1 || (!std::is_same_v<std::decay_t<Modules>, ModuleListImpl> && ...))
  explicit ModuleListImpl(Modules&&... modules) {
    (push_back(std::forward<Modules>(modules)), ...);
  }

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  void push_back(std::shared_ptr<Module> module);
  template <class ModuleType>
  void push_back(const ModuleHolder<ModuleType>& holder) {
    push_back(std::shared_ptr<Module>(holder.ptr()));
  }
  template <class ModuleType>
  void push_back(std::shared_ptr<ModuleType> module) {
    push_back(std::shared_ptr<Module>(std::move(module)));
  }
  template <class ModuleType, class = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<ModuleType>>>>
  void push_back(ModuleType&& module) {
    push_back(std::shared_ptr<Module>(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))));
  }
  // Appends every module of `other` (sharing them).
  void extend(const ModuleListImpl& other);

  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return modules_.empty(); }
  auto begin() { return modules_.begin(); }
  auto end() { return modules_.end(); }
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

  std::shared_ptr<Module> ptr(size_t index) const;
  // The module at `index` as T (its Impl type); throws when it is not a T.
  template <class T>
  std::shared_ptr<T> ptr(size_t index) const {
    auto typed = std::dynamic_pointer_cast<T>(ptr(index));
    EMBER_CHECK(typed != nullptr, "ModuleList::ptr", "module ", index, " is ", ptr(index)->name(),
                ", not the requested type");
    return typed;
  }
  template <class T>
  T& at(size_t index) const {
    return *ptr<T>(index);
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

EMBER_MODULE(ModuleList);

}  // namespace ember::nn
