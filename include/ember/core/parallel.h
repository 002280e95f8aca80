#pragma once
// Intra-op threads (DESIGN.md section 6): ember owns one pool that its kernels split work
// over, and tells OpenBLAS the same thread count so that a GEMM never runs more threads than
// asked for. As torch::set_num_threads / torch::get_num_threads.
namespace ember {

// Threads used by one op (the calling thread included); n must be >= 1. Also sets OpenBLAS's
// and oneDNN's (OpenMP) thread counts. Takes effect for ops started after the call.
void set_num_threads(int n);
// The current count; by default the number of physical cores this process may run on.
int get_num_threads();

}  // namespace ember
