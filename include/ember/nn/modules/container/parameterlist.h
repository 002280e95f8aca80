#pragma once
// ParameterList, as torch::nn::ParameterList: parameters named "0", "1", ...; each keeps the
// requires_grad it was given with (as LibTorch).
#include <string>
#include <utility>
#include <vector>

#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

class ParameterListImpl : public Module {
 public:
  ParameterListImpl() = default;
  template <class... Tensors, class = std::enable_if_t<(std::is_convertible_v<Tensors, Tensor> && ...)>>
  explicit ParameterListImpl(Tensors&&... params) {
    (append(std::forward<Tensors>(params)), ...);
  }

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

  void append(const Tensor& param);
  void extend(const std::vector<Tensor>& params);

  size_t size() const noexcept { return params_.size(); }
  bool is_empty() const noexcept { return params_.is_empty(); }
  // Iterates OrderedDict items (`item.key()` is "0", "1", ...; `item.value()` the tensor), as LibTorch.
  auto begin() { return params_.begin(); }
  auto end() { return params_.end(); }
  auto begin() const { return params_.begin(); }
  auto end() const { return params_.end(); }
  Tensor& at(size_t index);
  const Tensor& at(size_t index) const;
  Tensor& operator[](size_t index) { return at(index); }
  const Tensor& operator[](size_t index) const { return at(index); }

 private:
  // The registered tensors (the same handles Module holds, so in-place conversions show).
  OrderedDict<std::string, Tensor> params_{"Parameter"};
};

EMBER_MODULE(ParameterList);

}  // namespace ember::nn
