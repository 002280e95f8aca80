#include "ember/nn/modules/container/functional.h"

namespace ember::nn {

FunctionalImpl::FunctionalImpl(Function function) : function_(std::move(function)) {
  EMBER_CHECK(static_cast<bool>(function_), "Functional", "the function is empty");
}

Tensor FunctionalImpl::forward(Tensor input) { return function_(std::move(input)); }

std::shared_ptr<Module> FunctionalImpl::clone(const std::optional<Device>& device) const {
  EMBER_CHECK(!device || device->is_cpu(), "clone", "device ", *device,
              " has no backend in this build (only cpu is available)");
  return std::make_shared<FunctionalImpl>(*this);
}

void FunctionalImpl::pretty_print(std::ostream& stream) const { stream << "torch::nn::Functional()"; }

}  // namespace ember::nn
