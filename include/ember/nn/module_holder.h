#pragma once
// ModuleHolder<Impl>: the value-like handle LibTorch users write (`nn::Linear fc(4, 3);
// fc->weight; fc(x)`), a shared pointer to the Impl with `->`, `*`, `operator()` forwarding to
// forward(), and an empty state made with nullptr. EMBER_MODULE(Name) declares the holder
// `Name` for `NameImpl` (TORCH_MODULE in compat).
#include <memory>
#include <ostream>
#include <utility>

#include "ember/core/error.h"

namespace ember::nn {

template <class Contained>
class ModuleHolder {
 public:
  using ContainedType = Contained;

  // Default-constructs the module when Contained is default-constructible (as LibTorch).
  ModuleHolder() : impl_(default_construct()) {}
  ModuleHolder(std::nullptr_t) {}  // NOLINT: an empty holder, filled later
  template <class Head, class... Tail,
            class = std::enable_if_t<!(std::is_same_v<std::decay_t<Head>, std::nullptr_t> ||
                                       std::is_same_v<std::decay_t<Head>, std::shared_ptr<Contained>>) ||
                                     sizeof...(Tail) != 0>>
  explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(std::make_shared<Contained>(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {}  // NOLINT

  explicit operator bool() const noexcept { return !is_empty(); }
  bool is_empty() const noexcept { return impl_ == nullptr; }

  Contained* operator->() { return get(); }
  const Contained* operator->() const { return get(); }
  Contained& operator*() { return *get(); }
  const Contained& operator*() const { return *get(); }
  const std::shared_ptr<Contained>& ptr() const {
    check_not_empty();
    return impl_;
  }
  Contained* get() {
    check_not_empty();
    return impl_.get();
  }
  const Contained* get() const {
    check_not_empty();
    return impl_.get();
  }

  template <class... Args>
  decltype(auto) operator()(Args&&... args) {
    return get()->forward(std::forward<Args>(args)...);
  }
  // Indexing into containers (`seq[0]`, `dict["fc"]`).
  template <class Arg>
  decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }
  template <class Arg>
  decltype(auto) operator[](Arg&& arg) const {
    return (*get())[std::forward<Arg>(arg)];
  }

 private:
  static std::shared_ptr<Contained> default_construct() {
    if constexpr (std::is_default_constructible_v<Contained>) return std::make_shared<Contained>();
    else return nullptr;
  }
  void check_not_empty() const {
    EMBER_CHECK(impl_ != nullptr, "ModuleHolder",
                "accessing an empty module holder (constructed with nullptr); assign a module first");
  }
  std::shared_ptr<Contained> impl_;
};

// Prints the held module (operator<< on Module).
template <class Contained>
std::ostream& operator<<(std::ostream& stream, const ModuleHolder<Contained>& holder) {
  return stream << *holder;
}

}  // namespace ember::nn

// Declares the holder `Name` for the module class `NameImpl`.
#define EMBER_MODULE(Name)                                            \
  class Name : public ::ember::nn::ModuleHolder<Name##Impl> {         \
   public:                                                            \
    using ::ember::nn::ModuleHolder<Name##Impl>::ModuleHolder;        \
  }
