#pragma once
// ParameterDict, as torch::nn::ParameterDict: parameters by string key, in insertion order;
// each keeps the requires_grad it was given with. Inserting an existing key throws.
#include <string>
#include <vector>

#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

class ParameterDictImpl : public Module {
 public:
  ParameterDictImpl() = default;
  explicit ParameterDictImpl(const OrderedDict<std::string, Tensor>& params);

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  Tensor& insert(const std::string& key, const Tensor& param);
  bool contains(const std::string& key) const { return params_.contains(key); }
  size_t size() const noexcept { return params_.size(); }
  bool empty() const noexcept { return params_.is_empty(); }
  std::vector<std::string> keys() const { return params_.keys(); }
  std::vector<Tensor> values() const { return params_.values(); }
  // Iterates OrderedDict items (`item.key()`, `item.value()`).
  auto begin() const { return params_.begin(); }
  auto end() const { return params_.end(); }
  // The parameter at `key`; a missing key throws.
  Tensor& operator[](const std::string& key) { return get(key); }
  const Tensor& operator[](const std::string& key) const { return get(key); }
  Tensor& get(const std::string& key);
  const Tensor& get(const std::string& key) const;

 private:
  OrderedDict<std::string, Tensor> params_{"Parameter"};
};

EMBER_MODULE(ParameterDict);

}  // namespace ember::nn
