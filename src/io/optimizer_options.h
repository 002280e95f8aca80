#pragma once
// The hyper-parameters of each built-in optimizer's options, by name, for serialization.
#include <memory>

#include "ember/io/archive.h"
#include "ember/optim/optimizer.h"

namespace ember::io {

// Writes options' kind ("optimizer": "Adam") and hyper-parameters; options of a type this
// file does not know throw.
void write_options(const optim::OptimizerOptions& options, serialize::OutputArchive& archive);

// Options of the same type as `like` with every hyper-parameter read from `archive`, which
// must hold exactly that optimizer's keys.
std::unique_ptr<optim::OptimizerOptions> read_options(const optim::OptimizerOptions& like,
                                                      serialize::InputArchive& archive);

}  // namespace ember::io
