#pragma once
// The rows' workloads, by family. Each list is in the order the table prints.
#include <vector>

#include "harness.h"

namespace ember::bench {

std::vector<WorkloadFactory> overhead_workloads();  // per-op dispatch cost, with and without grad
std::vector<WorkloadFactory> op_workloads();        // elementwise, reductions, norms, matmul
std::vector<WorkloadFactory> train_workloads();     // conv and whole training steps

}  // namespace ember::bench
