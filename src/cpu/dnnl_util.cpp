#include "cpu/dnnl_util.h"

#include <omp.h>

#include "cpu/parallel.h"
#include "ember/core/parallel.h"

namespace ember::cpu {

dnnl::engine& dnnl_engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

int dnnl_threads() { return in_parallel_region() ? 1 : get_num_threads(); }

void set_dnnl_threads() { omp_set_num_threads(dnnl_threads()); }

}  // namespace ember::cpu
