#include "ember/nn/modules/container/parameterdict.h"

#include "ember/autograd/grad_mode.h"

namespace ember::nn {

ParameterDictImpl::ParameterDictImpl(const OrderedDict<std::string, Tensor>& params) {
  for (const auto& item : params) insert(item.key(), item.value());
}

std::shared_ptr<Module> ParameterDictImpl::clone(const std::optional<Device>& device) const {
  EMBER_CHECK(!device || device->is_cpu(), "clone", "device ", *device,
              " has no backend in this build (only cpu is available)");
  NoGradGuard no_grad;
  auto copy = std::make_shared<ParameterDictImpl>();
  for (const auto& item : params_)
    copy->insert(item.key(), item.value().clone().set_requires_grad(item.value().requires_grad()));
  return copy;
}

// As LibTorch: one unindented line per parameter.
void ParameterDictImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::ParameterDict(\n";
  for (const auto& item : params_)
    stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type() << " of size "
           << item.value().sizes() << "]\n";
  stream << ")";
}

Tensor& ParameterDictImpl::insert(const std::string& key, const Tensor& param) {
  EMBER_CHECK(param.defined(), "ParameterDict::insert", "parameter '", key, "' is an undefined tensor");
  EMBER_CHECK(!params_.contains(key), "ParameterDict::insert", "parameter '", key, "' is already defined");
  return params_.insert(key, register_parameter(key, param, param.requires_grad()));
}

Tensor& ParameterDictImpl::get(const std::string& key) {
  Tensor* param = params_.find(key);
  EMBER_CHECK(param != nullptr, "ParameterDict", "no parameter named '", key, "'; check contains(key) first");
  return *param;
}

const Tensor& ParameterDictImpl::get(const std::string& key) const {
  return const_cast<ParameterDictImpl*>(this)->get(key);
}

}  // namespace ember::nn
