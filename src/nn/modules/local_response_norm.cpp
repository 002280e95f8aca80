#include "ember/nn/modules/local_response_norm.h"

#include "ember/nn/functional/local_response_norm.h"

namespace ember::nn {

void LocalResponseNormImpl::pretty_print(std::ostream& stream) const {
  stream << "torch::nn::LocalResponseNorm(" << options.size() << ", alpha=" << options.alpha()
         << ", beta=" << options.beta() << ", k=" << options.k() << ")";
}

Tensor LocalResponseNormImpl::forward(const Tensor& input) { return functional::local_response_norm(input, options); }

}  // namespace ember::nn
