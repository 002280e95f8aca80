#pragma once
// ember::save / ember::load, as torch::save / torch::load: tensors, tensor lists, modules
// (parameters and buffers by their dotted names, as state_dict), optimizers (their
// state_dict) and random generators, each to one safetensors file (see archive.h).
//
// Loading is all-or-nothing: the file is read and checked completely (format, keys, shapes,
// dtypes) before the destination changes, and any problem is an ember::Error naming the file,
// the key and what was expected. Saving replaces the file atomically.
#include <memory>
#include <string>
#include <vector>

#include "ember/core/random.h"
#include "ember/io/archive.h"
#include "ember/nn/module.h"
#include "ember/nn/module_holder.h"
#include "ember/optim/optimizer.h"

namespace ember {

namespace serialize {

// LibTorch's `archive << module` / `archive >> module`. Tensors go in under the module's
// named_parameters / named_buffers names ("fc1.weight"), so a PyTorch state_dict saved with
// safetensors loads too. Loading requires exactly the module's keys, shapes and dtypes and
// copies values into the existing tensors (references to them stay valid).
OutputArchive& operator<<(OutputArchive& archive, const std::shared_ptr<nn::Module>& module);
InputArchive& operator>>(InputArchive& archive, const std::shared_ptr<nn::Module>& module);

// An optimizer's state_dict: each group's options and parameter indices, per-parameter
// state tensors, step counts as ints. Loading requires the same optimizer kind, group sizes,
// state shapes and dtypes, so that training resumes exactly.
OutputArchive& operator<<(OutputArchive& archive, const optim::Optimizer& optimizer);
InputArchive& operator>>(InputArchive& archive, optim::Optimizer& optimizer);

}  // namespace serialize

// A single tensor, under key "0" (its values, dtype and shape; not requires_grad).
void save(const Tensor& tensor, const std::string& path);
// Replaces `tensor` by the stored one (as LibTorch).
void load(Tensor& tensor, const std::string& path);
// Tensors under keys "0", "1", ...
void save(const std::vector<Tensor>& tensors, const std::string& path);
void load(std::vector<Tensor>& tensors, const std::string& path);

void save(const std::shared_ptr<nn::Module>& module, const std::string& path);
void load(const std::shared_ptr<nn::Module>& module, const std::string& path);
template <class Contained>
void save(const nn::ModuleHolder<Contained>& module, const std::string& path) {
  save(std::static_pointer_cast<nn::Module>(module.ptr()), path);
}
template <class Contained>
void load(nn::ModuleHolder<Contained>& module, const std::string& path) {
  load(std::static_pointer_cast<nn::Module>(module.ptr()), path);
}

void save(const optim::Optimizer& optimizer, const std::string& path);
void load(optim::Optimizer& optimizer, const std::string& path);

// A generator's seed and counter offset: restoring them resumes its stream exactly.
void save(const Generator& generator, const std::string& path);
void load(Generator& generator, const std::string& path);

}  // namespace ember
