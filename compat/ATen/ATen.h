#pragma once
// LibTorch's at:: and c10:: spellings of ember. Each is a real namespace holding a
// using-directive for ember (not a namespace alias), so that names LibTorch has and ember does
// not (c10::optional, c10::irange) can live here without entering ember, and so that qualified
// names still find everything ember has: at::Tensor, at::kFloat, c10::IntArrayRef, c10::Half,
// c10::Scalar, c10::Device, c10::kCPU, c10::Error...
#include <optional>

#include <c10/util/irange.h>
#include <ember/ember.h>

namespace c10 {
using namespace ::ember;  // NOLINT
using std::nullopt;
using std::nullopt_t;
using std::optional;
}  // namespace c10

namespace at {
using namespace ::ember;  // NOLINT
}  // namespace at
