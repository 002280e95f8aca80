#pragma once
// ModuleDict, as torch::nn::ModuleDict: submodules by string key, in insertion order. As
// LibTorch, update() with an existing key replaces that module.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

class ModuleDictImpl : public Module {
 public:
  ModuleDictImpl() = default;
  explicit ModuleDictImpl(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules);
  explicit ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules);

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  // Inserts each (key, module), replacing the module of a key already present.
  void update(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules);
  void update(const OrderedDict<std::string, std::shared_ptr<Module>>& modules);
  void insert(const std::string& key, std::shared_ptr<Module> module);
  template <class ModuleType>
  void insert(const std::string& key, const ModuleHolder<ModuleType>& holder) {
    insert(key, std::shared_ptr<Module>(holder.ptr()));
  }

  bool contains(const std::string& key) const { return modules_.contains(key); }
  size_t size() const noexcept { return modules_.size(); }
  bool empty() const noexcept { return modules_.is_empty(); }
  std::vector<std::string> keys() const { return modules_.keys(); }
  std::vector<std::shared_ptr<Module>> values() const { return modules_.values(); }
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> items() const;
  // Iterates OrderedDict items (`item.key()`, `item.value()`).
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }
  // Removes and returns the module at `key`; a missing key throws.
  std::shared_ptr<Module> pop(const std::string& key);
  void clear();

  // The module at `key`; a missing key throws.
  std::shared_ptr<Module> operator[](const std::string& key) const;
  template <class T>
  T& at(const std::string& key) const {
    auto typed = std::dynamic_pointer_cast<T>((*this)[key]);
    EMBER_CHECK(typed != nullptr, "ModuleDict::at", "module '", key, "' is ", (*this)[key]->name(),
                ", not the requested type");
    return *typed;
  }

 private:
  OrderedDict<std::string, std::shared_ptr<Module>> modules_{"Module"};
};

EMBER_MODULE(ModuleDict);

}  // namespace ember::nn
