#include "ember/nn/modules/container/parameterlist.h"

#include "ember/autograd/grad_mode.h"

namespace ember::nn {

std::shared_ptr<Module> ParameterListImpl::clone(const std::optional<Device>& device) const {
  EMBER_CHECK(!device || device->is_cpu(), "clone", "device ", *device,
              " has no backend in this build (only cpu is available)");
  NoGradGuard no_grad;
  auto copy = std::make_shared<ParameterListImpl>();
  for (const auto& item : params_) copy->append(item.value().clone().set_requires_grad(item.value().requires_grad()));
  return copy;
}

// As LibTorch: one unindented line per parameter.
void ParameterListImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::ParameterList(\n";
  for (const auto& item : params_)
    stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type() << " of size "
           << item.value().sizes() << "]\n";
  stream << ")";
}

void ParameterListImpl::append(const Tensor& param) {
  EMBER_CHECK(param.defined(), "ParameterList::append", "parameter ", size(), " is an undefined tensor");
  std::string name = std::to_string(size());
  params_.insert(name, register_parameter(name, param, param.requires_grad()));
}

void ParameterListImpl::extend(const std::vector<Tensor>& params) {
  for (const Tensor& p : params) append(p);
}

Tensor& ParameterListImpl::at(size_t index) {
  EMBER_CHECK(index < size(), "ParameterList", "index ", index, " is out of range for a ParameterList of ", size(),
              " parameter(s)");
  return params_[index].value();
}

const Tensor& ParameterListImpl::at(size_t index) const { return const_cast<ParameterListImpl*>(this)->at(index); }

}  // namespace ember::nn
