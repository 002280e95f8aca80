#include "io/optimizer_options.h"

#include <set>
#include <typeinfo>

#include "ember/optim/adagrad.h"
#include "ember/optim/adam.h"
#include "ember/optim/adamw.h"
#include "ember/optim/rmsprop.h"
#include "ember/optim/sgd.h"

namespace ember::io {

namespace {

using namespace ember::optim;  // NOLINT: the options types

// Calls field(name, member) for every hyper-parameter of `options` (members are double& or
// bool&) and returns the optimizer's name, or nullptr for an options type not listed here.
// Exact types only: a user subclass may add fields this would silently drop.
template <class Field>
const char* visit_options(OptimizerOptions& options, Field&& field) {
  const std::type_info& type = typeid(options);
  if (type == typeid(SGDOptions)) {
    auto& o = static_cast<SGDOptions&>(options);
    field("lr", o.lr());
    field("momentum", o.momentum());
    field("dampening", o.dampening());
    field("weight_decay", o.weight_decay());
    field("nesterov", o.nesterov());
    return "SGD";
  }
  if (type == typeid(AdamOptions) || type == typeid(AdamWOptions)) {
    auto fields = [&](auto& o) {
      field("lr", o.lr());
      field("beta1", std::get<0>(o.betas()));
      field("beta2", std::get<1>(o.betas()));
      field("eps", o.eps());
      field("weight_decay", o.weight_decay());
      field("amsgrad", o.amsgrad());
    };
    if (type == typeid(AdamOptions)) {
      fields(static_cast<AdamOptions&>(options));
      return "Adam";
    }
    fields(static_cast<AdamWOptions&>(options));
    return "AdamW";
  }
  if (type == typeid(RMSpropOptions)) {
    auto& o = static_cast<RMSpropOptions&>(options);
    field("lr", o.lr());
    field("alpha", o.alpha());
    field("eps", o.eps());
    field("weight_decay", o.weight_decay());
    field("momentum", o.momentum());
    field("centered", o.centered());
    return "RMSprop";
  }
  if (type == typeid(AdagradOptions)) {
    auto& o = static_cast<AdagradOptions&>(options);
    field("lr", o.lr());
    field("lr_decay", o.lr_decay());
    field("weight_decay", o.weight_decay());
    field("initial_accumulator_value", o.initial_accumulator_value());
    field("eps", o.eps());
    return "Adagrad";
  }
  return nullptr;
}

constexpr const char* kKindKey = "optimizer";

}  // namespace

void write_options(const OptimizerOptions& options, serialize::OutputArchive& archive) {
  auto copy = options.clone();  // visit_options hands out mutable references
  const char* kind = visit_options(*copy, [](const char*, auto&) {});
  EMBER_CHECK(kind != nullptr, "save", "optimizer options of type ", typeid(options).name(),
              " have no serializer; built-in optimizers (SGD, Adam, AdamW, RMSprop, Adagrad) are supported");
  archive.write(kKindKey, kind);
  visit_options(*copy, [&](const char* name, auto& value) { archive.write(name, value); });
}

std::unique_ptr<OptimizerOptions> read_options(const OptimizerOptions& like, serialize::InputArchive& archive) {
  auto options = like.clone();
  std::set<std::string> expected{kKindKey};
  const char* kind = visit_options(*options, [&](const char* name, auto&) { expected.insert(name); });
  EMBER_CHECK(kind != nullptr, "load", "optimizer options of type ", typeid(like).name(),
              " have no serializer; built-in optimizers (SGD, Adam, AdamW, RMSprop, Adagrad) are supported");
  std::string saved_kind;
  archive.read(kKindKey, saved_kind);
  EMBER_CHECK(saved_kind == kind, "load", "'", archive.source(), "' holds ", saved_kind,
              " options but the optimizer is ", kind, "; load into the kind of optimizer that was saved");
  for (const auto& key : archive.keys()) {
    EMBER_CHECK(expected.count(key), "load", "'", archive.source(), "': unexpected ", kind, " option '", key, "'");
  }
  visit_options(*options, [&](const char* name, auto& value) { archive.read(name, value); });
  return options;
}

}  // namespace ember::io
