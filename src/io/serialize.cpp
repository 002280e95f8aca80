#include "ember/io/serialize.h"

#include <bit>
#include <set>

#include "ember/autograd/grad_mode.h"
#include "ember/core/factories.h"
#include "io/optimizer_options.h"

namespace ember {

namespace serialize {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

// Throws unless `archive` holds exactly `expected` keys, listing what is missing and extra.
void check_keys(const InputArchive& archive, const std::vector<std::string>& expected, const char* what) {
  std::set<std::string> expected_set(expected.begin(), expected.end());
  std::vector<std::string> missing, unexpected;
  for (const auto& key : expected) {
    if (!archive.contains(key)) missing.push_back(key);
  }
  for (const auto& key : archive.keys()) {
    if (!expected_set.count(key)) unexpected.push_back(key);
  }
  EMBER_CHECK(missing.empty() && unexpected.empty(), "load", "'", archive.source(), "' does not hold ", what,
              ": missing keys ", join(missing), ", unexpected keys ", join(unexpected));
}

std::vector<std::string> index_keys(size_t n) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < n; ++i) keys.push_back(std::to_string(i));
  return keys;
}

// An optimizer's parameter index from its state key ("3"), or an error.
int64_t parse_index(const std::string& key, int64_t count, const std::string& source) {
  bool digits = !key.empty() && key.size() <= 18 && key.find_first_not_of("0123456789") == std::string::npos;
  int64_t index = digits ? std::stoll(key) : -1;
  EMBER_CHECK(index >= 0 && index < count, "load", "'", source, "': optimizer state key '", key,
              "' is not a parameter index in [0, ", count, ")");
  return index;
}

}  // namespace

OutputArchive& operator<<(OutputArchive& archive, const std::shared_ptr<nn::Module>& module) {
  EMBER_CHECK(module != nullptr, "save", "the module is null");
  for (const auto& item : module->named_parameters()) archive.write(item.key(), item.value(), false);
  for (const auto& item : module->named_buffers()) archive.write(item.key(), item.value(), true);
  return archive;
}

InputArchive& operator>>(InputArchive& archive, const std::shared_ptr<nn::Module>& module) {
  EMBER_CHECK(module != nullptr, "load", "the module is null");
  std::vector<std::pair<std::string, Tensor>> targets;
  for (const auto& item : module->named_parameters()) targets.emplace_back(item.key(), item.value());
  for (const auto& item : module->named_buffers()) targets.emplace_back(item.key(), item.value());

  // Check everything first, collecting every mismatch, so that a wrong checkpoint is
  // explained in one message and the module is untouched.
  std::set<std::string> names;
  std::vector<std::string> missing, unexpected, mismatched;
  std::vector<Tensor> loaded;
  for (const auto& [name, target] : targets) {
    names.insert(name);
    Tensor stored;
    if (!archive.contains(name)) {
      missing.push_back(name);
    } else if (!archive.is_tensor(name)) {
      mismatched.push_back(name + " (not a tensor)");
    } else {
      archive.read(name, stored);
      if (stored.sizes() != target.sizes() || stored.dtype() != target.dtype()) {
        mismatched.push_back(ember::detail::str_cat(name, " (file: ", stored.dtype(), " ", stored.sizes(), ", module: ",
                                             target.dtype(), " ", target.sizes(), ")"));
      }
    }
    loaded.push_back(std::move(stored));
  }
  for (const auto& key : archive.keys()) {
    if (!names.count(key)) unexpected.push_back(key);
  }
  EMBER_CHECK(missing.empty() && unexpected.empty() && mismatched.empty(), "load", "'", archive.source(),
              "' does not match the module ", module->name(), ": missing keys ", join(missing),
              ", unexpected keys ", join(unexpected), ", shape/dtype mismatches ", join(mismatched),
              "; was it saved from another model?");

  NoGradGuard no_grad;
  for (size_t i = 0; i < targets.size(); ++i) targets[i].second.copy_(loaded[i]);
  return archive;
}

OutputArchive& operator<<(OutputArchive& archive, const optim::Optimizer& optimizer) {
  optim::OptimizerStateDict dict = optimizer.state_dict();
  OutputArchive groups;
  for (size_t g = 0; g < dict.param_groups.size(); ++g) {
    const auto& saved = dict.param_groups[g];
    OutputArchive group, options, params;
    io::write_options(*saved.options, options);
    for (size_t i = 0; i < saved.params.size(); ++i) params.write(std::to_string(i), saved.params[i]);
    group.write("options", options);
    group.write("params", params);
    groups.write(std::to_string(g), group);
  }
  OutputArchive state;
  for (const auto& [index, tensors] : dict.state) {
    OutputArchive entry;
    for (const auto& item : tensors) {
      // Step counters (0-dim int64) are metadata ints, not tensors.
      if (item.value().dim() == 0 && item.value().dtype() == kLong) entry.write(item.key(), item.value().item<int64_t>());
      else entry.write(item.key(), item.value());
    }
    state.write(std::to_string(index), entry);
  }
  archive.write("param_groups", groups);
  archive.write("state", state);
  return archive;
}

InputArchive& operator>>(InputArchive& archive, optim::Optimizer& optimizer) {
  const std::string& source = archive.source();
  check_keys(archive, {"param_groups", "state"}, "an optimizer (keys param_groups, state)");
  InputArchive groups, state;
  archive.read("param_groups", groups);
  archive.read("state", state);
  const auto& live_groups = optimizer.param_groups();
  check_keys(groups, index_keys(live_groups.size()),
             ember::detail::str_cat(live_groups.size(), " parameter groups, as the optimizer has").c_str());

  optim::OptimizerStateDict dict;
  std::vector<const Tensor*> params;  // by index across groups
  for (size_t g = 0; g < live_groups.size(); ++g) {
    InputArchive group, options, indices;
    groups.read(std::to_string(g), group);
    check_keys(group, {"options", "params"}, "a parameter group (keys options, params)");
    group.read("options", options);
    group.read("params", indices);
    const auto& live_params = live_groups[g].params();
    check_keys(indices, index_keys(live_params.size()),
               ember::detail::str_cat(live_params.size(), " parameters in group ", g, ", as the optimizer has").c_str());
    optim::OptimizerStateDict::ParamGroup entry{io::read_options(live_groups[g].options(), options), {}};
    for (size_t i = 0; i < live_params.size(); ++i) {
      int64_t index = 0;
      indices.read(std::to_string(i), index);
      entry.params.push_back(index);
      params.push_back(&live_params[i]);
    }
    dict.param_groups.push_back(std::move(entry));
  }
  for (const auto& key : state.keys()) {
    int64_t index = parse_index(key, static_cast<int64_t>(params.size()), source);
    const Tensor& param = *params[static_cast<size_t>(index)];
    InputArchive entry;
    state.read(key, entry);
    OrderedDict<std::string, Tensor> tensors("State");
    for (const auto& name : entry.keys()) {
      Tensor value;
      if (entry.is_tensor(name)) {
        entry.read(name, value);
        EMBER_CHECK(value.dtype() == param.dtype() && value.sizes() == param.sizes(), "load", "'", source,
                    "': optimizer state '", name, "' of parameter ", index, " is ", value.dtype(), " of shape ",
                    value.sizes(), " but the parameter is ", param.dtype(), " of shape ", param.sizes(),
                    "; was it saved from another model?");
      } else {
        int64_t step = 0;
        entry.read(name, step);
        value = scalar_tensor(step, kLong);
      }
      tensors.insert(name, std::move(value));
    }
    dict.state.emplace(index, std::move(tensors));
  }
  // load_state_dict checks the rest (option types, state names) and commits all at once.
  try {
    optimizer.load_state_dict(dict);
  } catch (const Error& e) {
    ember::detail::throw_error("load", "'", source, "': ", e.what());
  }
  return archive;
}

}  // namespace serialize

using serialize::InputArchive;
using serialize::OutputArchive;

void save(const Tensor& tensor, const std::string& path) {
  OutputArchive archive;
  archive.write("0", tensor);
  archive.save_to(path);
}

void load(Tensor& tensor, const std::string& path) {
  InputArchive archive;
  archive.load_from(path);
  serialize::check_keys(archive, {"0"}, "one tensor (key 0)");
  Tensor loaded;
  archive.read("0", loaded);
  tensor = std::move(loaded);
}

void save(const std::vector<Tensor>& tensors, const std::string& path) {
  OutputArchive archive;
  for (size_t i = 0; i < tensors.size(); ++i) archive.write(std::to_string(i), tensors[i]);
  archive.save_to(path);
}

void load(std::vector<Tensor>& tensors, const std::string& path) {
  InputArchive archive;
  archive.load_from(path);
  size_t count = archive.keys().size();
  serialize::check_keys(archive, serialize::index_keys(count), "a tensor list (keys 0, 1, ...)");
  std::vector<Tensor> loaded(count);
  for (size_t i = 0; i < count; ++i) archive.read(std::to_string(i), loaded[i]);
  tensors = std::move(loaded);
}

void save(const std::shared_ptr<nn::Module>& module, const std::string& path) {
  OutputArchive archive;
  archive << module;
  archive.save_to(path);
}

void load(const std::shared_ptr<nn::Module>& module, const std::string& path) {
  InputArchive archive;
  archive.load_from(path);
  archive >> module;
}

void save(const optim::Optimizer& optimizer, const std::string& path) {
  OutputArchive archive;
  archive << optimizer;
  archive.save_to(path);
}

void load(optim::Optimizer& optimizer, const std::string& path) {
  InputArchive archive;
  archive.load_from(path);
  archive >> optimizer;
}

// The uint64 seed and offset are stored bit-cast to int64 (archives hold int64).
void save(const Generator& generator, const std::string& path) {
  OutputArchive archive;
  archive.write("seed", std::bit_cast<int64_t>(generator.current_seed()));
  archive.write("offset", std::bit_cast<int64_t>(generator.offset()));
  archive.save_to(path);
}

void load(Generator& generator, const std::string& path) {
  InputArchive archive;
  archive.load_from(path);
  serialize::check_keys(archive, {"seed", "offset"}, "a generator (keys seed, offset)");
  int64_t seed = 0, offset = 0;
  archive.read("seed", seed);
  archive.read("offset", offset);
  generator.set_current_seed(std::bit_cast<uint64_t>(seed));
  generator.set_offset(std::bit_cast<uint64_t>(offset));
}

}  // namespace ember
