#pragma once
// Functional, as torch::nn::Functional: a function Tensor -> Tensor as a module (no
// parameters), for Sequential: `Sequential(Linear(4, 3), Functional(relu))`. Extra arguments
// are bound after the input: `Functional(leaky_relu, 0.2)` calls leaky_relu(x, 0.2).
#include <functional>
#include <utility>

#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::nn {

class FunctionalImpl : public Module {
 public:
  using Function = std::function<Tensor(Tensor)>;

  explicit FunctionalImpl(Function function);
  template <class SomeFunction, class... Args, class = std::enable_if_t<(sizeof...(Args) > 0)>>
  explicit FunctionalImpl(SomeFunction original_function, Args&&... args)
      : FunctionalImpl(Function([function = std::move(original_function),
                                 bound = std::make_tuple(std::forward<Args>(args)...)](Tensor input) {
          return std::apply([&](const auto&... rest) { return Tensor(function(input, rest...)); }, bound);
        })) {}

  Tensor forward(Tensor input);
  Tensor operator()(Tensor input) { return forward(std::move(input)); }
  // A function has no state to copy: the clone shares it.
  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override;
  void pretty_print(std::ostream& stream) const override;

 private:
  Function function_;
};

EMBER_MODULE(Functional);

}  // namespace ember::nn
