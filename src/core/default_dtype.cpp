#include "ember/core/error.h"
#include "ember/core/tensor_options.h"

namespace ember {

namespace {
ScalarType g_default_dtype = kFloat;
}

ScalarType get_default_dtype() { return g_default_dtype; }

void set_default_dtype(ScalarType dtype) {
  EMBER_CHECK(is_floating_type(dtype), "set_default_dtype",
              "only floating-point types are supported as the default type, got ", dtype);
  g_default_dtype = dtype;
}

}  // namespace ember
