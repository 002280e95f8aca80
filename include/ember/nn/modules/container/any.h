#pragma once
// AnyModule, as torch::nn::AnyModule: holds any module with a forward() and calls it through
// a type-erased `forward(args...)` (the result cast to Tensor, or to `forward<R>(args...)`'s
// R). Arguments travel as std::any, so their decayed types must match forward()'s parameter
// types exactly (as LibTorch's AnyValue: pass an int64_t to an int64_t parameter, not an int).
// Beyond LibTorch, a container whose forward is templated (Sequential) can be held too: it
// provides forward_any(std::vector<std::any>), which is used instead of forward().
#include <any>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/tensor.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"

namespace ember::detail {

template <class Method>
struct forward_traits;
template <class Class, class Result, class... Args>
struct forward_traits<Result (Class::*)(Args...)> {
  using result = Result;
  using arguments = std::tuple<Args...>;
};
template <class Class, class Result, class... Args>
struct forward_traits<Result (Class::*)(Args...) const> : forward_traits<Result (Class::*)(Args...)> {};

template <class M>
concept has_forward_any = requires(M& m, std::vector<std::any> inputs) {
  { m.forward_any(std::move(inputs)) } -> std::same_as<std::any>;
};
template <class M>
concept has_plain_forward = requires { &M::forward; };

template <class... Args>
std::vector<std::any> pack_arguments(Args&&... args) {
  std::vector<std::any> packed;
  packed.reserve(sizeof...(Args));
  (packed.emplace_back(std::decay_t<Args>(std::forward<Args>(args))), ...);
  return packed;
}

// The value of `out` as R; void for R = void.
template <class R>
R unpack_result(std::any&& out, const char* op) {
  if constexpr (!std::is_void_v<R>) {
    R* value = std::any_cast<R>(&out);
    EMBER_CHECK(value != nullptr, op, "forward() returned ",
                out.has_value() ? demangle(out.type()) : std::string("nothing (void)"), ", not the requested ",
                demangle(typeid(R)), "; call forward<ReturnType>(...) with the module's return type");
    return std::move(*value);
  }
}

}  // namespace ember::detail

namespace ember::nn {

class AnyModule {
 public:
  AnyModule() = default;
  template <class ModuleType>
  explicit AnyModule(std::shared_ptr<ModuleType> module)
      : content_(module ? std::make_shared<Holder<ModuleType>>(std::move(module)) : nullptr) {}
  template <class ModuleType>
  explicit AnyModule(const ModuleHolder<ModuleType>& holder) : AnyModule(holder.ptr()) {}
  // A module given by value is moved into a new shared_ptr (as LibTorch).
  template <class ModuleType,
            class = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<ModuleType>>>>
  explicit AnyModule(ModuleType&& module)
      : AnyModule(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))) {}

  // Calls the held module's forward with `args`; the result as std::any.
  template <class... Args>
  std::any any_forward(Args&&... args) {
    return forward_any(detail::pack_arguments(std::forward<Args>(args)...));
  }
  std::any forward_any(std::vector<std::any> inputs) { return content()->forward(std::move(inputs)); }
  template <class ReturnType = Tensor, class... Args>
  ReturnType forward(Args&&... args) {
    return detail::unpack_result<ReturnType>(any_forward(std::forward<Args>(args)...), "AnyModule::forward");
  }

  std::shared_ptr<Module> ptr() const { return content()->module; }
  // The held module as T (its Impl type); throws when it is not a T.
  template <class T>
  std::shared_ptr<T> ptr() const {
    auto typed = std::dynamic_pointer_cast<T>(ptr());
    EMBER_CHECK(typed != nullptr, "AnyModule", "the held module is ", demangle_held(), ", not ",
                detail::demangle(typeid(T)));
    return typed;
  }
  template <class T>
  T& get() const {
    return *ptr<T>();
  }
  const std::type_info& type_info() const { return content()->type_info(); }
  bool is_empty() const noexcept { return content_ == nullptr; }

  // A deep copy of the held module (Module::clone), in a new AnyModule.
  AnyModule clone(const std::optional<Device>& device = std::nullopt) const {
    AnyModule copy;
    copy.content_ = content()->clone(device);
    return copy;
  }

 private:
  struct Placeholder {
    explicit Placeholder(std::shared_ptr<Module> m) : module(std::move(m)) {}
    virtual ~Placeholder() = default;
    virtual std::any forward(std::vector<std::any>&& inputs) = 0;
    virtual std::shared_ptr<Placeholder> clone(const std::optional<Device>& device) const = 0;
    virtual const std::type_info& type_info() const = 0;
    std::shared_ptr<Module> module;
  };

  template <class ModuleType>
  struct Holder : Placeholder {
    static_assert(detail::has_forward_any<ModuleType> || detail::has_plain_forward<ModuleType>,
                  "AnyModule holds modules with one non-template, non-overloaded forward() method");
    explicit Holder(std::shared_ptr<ModuleType> m) : Placeholder(m), typed(std::move(m)) {}

    std::any forward(std::vector<std::any>&& inputs) override {
      if constexpr (detail::has_forward_any<ModuleType>) {
        return typed->forward_any(std::move(inputs));
      } else {
        using traits = detail::forward_traits<decltype(&ModuleType::forward)>;
        return call(inputs, static_cast<typename traits::arguments*>(nullptr));
      }
    }

    template <class... Params>
    std::any call(std::vector<std::any>& inputs, std::tuple<Params...>*) {
      EMBER_CHECK(inputs.size() == sizeof...(Params), "AnyModule::forward", typed->name(), "'s forward() takes ",
                  sizeof...(Params), " argument(s), but ", inputs.size(), " were given");
      return call_checked<Params...>(inputs, std::index_sequence_for<Params...>{});
    }

    template <class... Params, size_t... I>
    std::any call_checked(std::vector<std::any>& inputs, std::index_sequence<I...>) {
      (check_argument<std::decay_t<Params>>(inputs[I], I), ...);
      using Result = typename detail::forward_traits<decltype(&ModuleType::forward)>::result;
      if constexpr (std::is_void_v<Result>) {
        typed->forward(std::forward<Params>(*std::any_cast<std::decay_t<Params>>(&inputs[I]))...);
        return {};
      } else {
        return std::any(typed->forward(std::forward<Params>(*std::any_cast<std::decay_t<Params>>(&inputs[I]))...));
      }
    }

    template <class Expected>
    void check_argument(const std::any& input, size_t index) const {
      EMBER_CHECK(input.type() == typeid(Expected), "AnyModule::forward", "argument #", index, " of ",
                  typed->name(), "'s forward() must be ", detail::demangle(typeid(Expected)), ", got ",
                  input.has_value() ? detail::demangle(input.type()) : std::string("nothing (void)"));
    }

    std::shared_ptr<Placeholder> clone(const std::optional<Device>& device) const override {
      auto copy = std::dynamic_pointer_cast<ModuleType>(typed->clone(device));
      EMBER_CHECK(copy != nullptr, "AnyModule::clone", typed->name(), "::clone() returned another module type");
      return std::make_shared<Holder<ModuleType>>(std::move(copy));
    }
    const std::type_info& type_info() const override { return typeid(ModuleType); }

    std::shared_ptr<ModuleType> typed;
  };

  Placeholder* content() const {
    EMBER_CHECK(content_ != nullptr, "AnyModule", "the AnyModule is empty (default-constructed); assign a module first");
    return content_.get();
  }
  std::string demangle_held() const { return detail::demangle(type_info()); }

  std::shared_ptr<Placeholder> content_;
};

}  // namespace ember::nn
