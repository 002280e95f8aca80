#pragma once
// Helpers for OptimizerParamState::tensors / set_tensors: states name their tensors and step
// counter, and these convert between the named dict and the typed members.
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "ember/core/factories.h"
#include "ember/optim/optimizer.h"

namespace ember::optim::detail {

struct StateSlot {
  const char* name;
  Tensor* tensor;
};

// Defined tensors by name, and the step counter (when given) as a 0-dim kLong tensor.
inline OrderedDict<std::string, Tensor> named_state(std::initializer_list<std::pair<const char*, Tensor>> slots,
                                                         std::optional<int64_t> step = std::nullopt) {
  OrderedDict<std::string, Tensor> dict("State");
  if (step) dict.insert("step", scalar_tensor(*step, kLong));
  for (const auto& [name, tensor] : slots) {
    if (tensor.defined()) dict.insert(name, tensor);
  }
  return dict;
}

// Sets the slots (and step) from `dict`; slots it lacks become undefined, unknown names throw.
inline void set_named_state(const OrderedDict<std::string, Tensor>& dict, std::initializer_list<StateSlot> slots,
                            int64_t* step = nullptr) {
  for (const auto& slot : slots) *slot.tensor = Tensor();
  if (step) *step = 0;
  for (const auto& item : dict) {
    if (step && item.key() == "step") {
      EMBER_CHECK(item.value().numel() == 1, "load_state_dict", "state 'step' must hold one number, got shape ",
                  item.value().sizes());
      *step = item.value().item<int64_t>();
      continue;
    }
    bool known = false;
    for (const auto& slot : slots) {
      if (item.key() == slot.name) {
        *slot.tensor = item.value();
        known = true;
      }
    }
    EMBER_CHECK(known, "load_state_dict", "unknown optimizer state '", item.key(),
                "'; was the state dict saved from another optimizer?");
  }
}

}  // namespace ember::optim::detail
