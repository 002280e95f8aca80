#pragma once
// Hardware ceilings printed in the table's header, so each row can also be read as a fraction
// of what the machine can do at that thread count.
namespace ember::bench {

double sgemm_gflops(int threads);  // OpenBLAS sgemm on 4096 x 4096 float32 matrices
double triad_gbps(int threads);    // STREAM-style a[i] = b[i] + s * c[i] over 3 x 128 MB

}  // namespace ember::bench
