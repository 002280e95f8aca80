// Single-op workloads: dispatch overhead on 1-element tensors, memory-bound elementwise ops on
// 16M float32 elements, reductions and row-wise norms, and GEMM. Inputs are random normal and
// made separately in each library (values do not matter for speed; shapes and dtypes do).
#include <torch/torch.h>

#include <ember/ember.h>

#include "workloads.h"

namespace ember::bench {
namespace {

constexpr int64_t k16M = int64_t{1} << 24;
constexpr double kFloatBytes = 4;

// A single-op workload on fresh random float32 inputs of `shape` (one per library per input).
Workload unary_stream(const std::string& name, std::function<Tensor(const Tensor&)> e,
                      std::function<torch::Tensor(const torch::Tensor&)> t) {
  auto x = std::make_shared<Tensor>(randn({k16M}));
  auto tx = std::make_shared<torch::Tensor>(torch::randn({k16M}));
  return {name, Unit::GBps, 2 * kFloatBytes * k16M, [x, e] { e(*x); }, [tx, t] { t(*tx); }};
}

Workload binary_stream(const std::string& name, std::function<Tensor(const Tensor&, const Tensor&)> e,
                       std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)> t) {
  auto a = std::make_shared<Tensor>(randn({k16M})), b = std::make_shared<Tensor>(randn({k16M}));
  auto ta = std::make_shared<torch::Tensor>(torch::randn({k16M}));
  auto tb = std::make_shared<torch::Tensor>(torch::randn({k16M}));
  return {name, Unit::GBps, 3 * kFloatBytes * k16M, [a, b, e] { e(*a, *b); }, [ta, tb, t] { t(*ta, *tb); }};
}

// A forward-only workload on one random float32 input of `shape`, timed in ms per call.
Workload timed(const std::string& name, std::vector<int64_t> shape, std::function<void(const Tensor&)> e,
               std::function<void(const torch::Tensor&)> t) {
  auto x = std::make_shared<Tensor>(randn(shape));
  auto tx = std::make_shared<torch::Tensor>(torch::randn(shape));
  return {name, Unit::Millis, 1, [x, e] { e(*x); }, [tx, t] { t(*tx); }};
}

Workload gemm(const std::string& name, int64_t batch, int64_t n, ScalarType dtype, int samples) {
  std::vector<int64_t> shape = batch ? std::vector<int64_t>{batch, n, n} : std::vector<int64_t>{n, n};
  torch::ScalarType tdtype = dtype == kBFloat16 ? torch::kBFloat16 : torch::kFloat;
  auto a = std::make_shared<Tensor>(randn(shape).to(dtype)), b = std::make_shared<Tensor>(randn(shape).to(dtype));
  auto ta = std::make_shared<torch::Tensor>(torch::randn(shape).to(tdtype));
  auto tb = std::make_shared<torch::Tensor>(torch::randn(shape).to(tdtype));
  double flops = 2.0 * static_cast<double>(std::max<int64_t>(batch, 1)) * n * n * n;
  Workload w{name, Unit::GFlops, flops, [a, b] { matmul(*a, *b); }, [ta, tb] { torch::matmul(*ta, *tb); }};
  w.samples = samples;
  return w;
}

// `ops` scalar-op calls per body call, so one call is long enough to time.
constexpr int kOverheadOps = 1000;

}  // namespace

std::vector<WorkloadFactory> overhead_workloads() {
  return {
      {"overhead_add_1elem", false,
       [] {
         auto a = std::make_shared<Tensor>(randn({1})), b = std::make_shared<Tensor>(randn({1}));
         auto ta = std::make_shared<torch::Tensor>(torch::randn({1}));
         auto tb = std::make_shared<torch::Tensor>(torch::randn({1}));
         return Workload{"overhead_add_1elem", Unit::MicrosPerOp, kOverheadOps,
                         [a, b] { for (int i = 0; i < kOverheadOps; ++i) add(*a, *b); },
                         [ta, tb] { for (int i = 0; i < kOverheadOps; ++i) torch::add(*ta, *tb); }};
       }},
      {"overhead_add_1elem_grad", false,
       [] {
         auto a = std::make_shared<Tensor>(randn({1}).requires_grad_()), b = std::make_shared<Tensor>(randn({1}));
         auto ta = std::make_shared<torch::Tensor>(torch::randn({1}).requires_grad_());
         auto tb = std::make_shared<torch::Tensor>(torch::randn({1}));
         return Workload{"overhead_add_1elem_grad", Unit::MicrosPerOp, kOverheadOps,
                         [a, b] { for (int i = 0; i < kOverheadOps; ++i) add(*a, *b); },
                         [ta, tb] { for (int i = 0; i < kOverheadOps; ++i) torch::add(*ta, *tb); }};
       }},
      // Ten scalar ops forward, then backward: the time per op of the whole round trip.
      {"overhead_chain10_fwd_bwd", false,
       [] {
         auto x = std::make_shared<Tensor>(randn({}).requires_grad_());
         auto tx = std::make_shared<torch::Tensor>(torch::randn({}).requires_grad_());
         return Workload{"overhead_chain10_fwd_bwd", Unit::MicrosPerOp, 10,
                         [x] {
                           Tensor y = *x * 1.5;
                           y = y + 0.5;
                           y = y.sin();
                           y = y * *x;
                           y = y - 1.0;
                           y = y.exp();
                           y = y / 3.0;
                           y = y.tanh();
                           y = y + *x;
                           y = y * y;
                           y.backward();
                         },
                         [tx] {
                           torch::Tensor y = *tx * 1.5;
                           y = y + 0.5;
                           y = y.sin();
                           y = y * *tx;
                           y = y - 1.0;
                           y = y.exp();
                           y = y / 3.0;
                           y = y.tanh();
                           y = y + *tx;
                           y = y * y;
                           y.backward();
                         }};
       }},
  };
}

std::vector<WorkloadFactory> op_workloads() {
  using T = torch::Tensor;
  return {
      {"add_16M", false,
       [] { return binary_stream("add_16M", [](const Tensor& a, const Tensor& b) { return a + b; },
                                 [](const T& a, const T& b) { return a + b; }); }},
      {"mul_16M", false,
       [] { return binary_stream("mul_16M", [](const Tensor& a, const Tensor& b) { return a * b; },
                                 [](const T& a, const T& b) { return a * b; }); }},
      {"exp_16M", false,
       [] { return unary_stream("exp_16M", [](const Tensor& x) { return x.exp(); }, [](const T& x) { return x.exp(); }); }},
      {"tanh_16M", false,
       [] { return unary_stream("tanh_16M", [](const Tensor& x) { return x.tanh(); }, [](const T& x) { return x.tanh(); }); }},
      {"gelu_16M", false,
       [] { return unary_stream("gelu_16M", [](const Tensor& x) { return gelu(x); }, [](const T& x) { return torch::gelu(x); }); }},
      {"add_16M_out", false,
       [] {
         auto a = std::make_shared<Tensor>(randn({k16M})), b = std::make_shared<Tensor>(randn({k16M}));
         auto out = std::make_shared<Tensor>(empty({k16M}));
         auto ta = std::make_shared<T>(torch::randn({k16M})), tb = std::make_shared<T>(torch::randn({k16M}));
         auto tout = std::make_shared<T>(torch::empty({k16M}));
         return Workload{"add_16M_out", Unit::GBps, 3 * kFloatBytes * k16M, [a, b, out] { add_out(*out, *a, *b); },
                         [ta, tb, tout] { torch::add_out(*tout, *ta, *tb); }};
       }},
      {"sum_16M", false,
       [] { return timed("sum_16M", {k16M}, [](const Tensor& x) { x.sum(); }, [](const T& x) { x.sum(); }); }},
      {"softmax_4096x1024", false,
       [] { return timed("softmax_4096x1024", {4096, 1024}, [](const Tensor& x) { softmax(x, -1); },
                         [](const T& x) { torch::softmax(x, -1); }); }},
      {"log_softmax_4096x1024", false,
       [] { return timed("log_softmax_4096x1024", {4096, 1024}, [](const Tensor& x) { log_softmax(x, -1); },
                         [](const T& x) { torch::log_softmax(x, -1); }); }},
      {"layer_norm_4096x1024", false,
       [] {
         auto w = std::make_shared<Tensor>(randn({1024})), b = std::make_shared<Tensor>(randn({1024}));
         auto tw = std::make_shared<T>(torch::randn({1024})), tb = std::make_shared<T>(torch::randn({1024}));
         return timed("layer_norm_4096x1024", {4096, 1024},
                      [w, b](const Tensor& x) { layer_norm(x, {1024}, *w, *b); },
                      [tw, tb](const T& x) { torch::layer_norm(x, {1024}, *tw, *tb); });
       }},
      {"cross_entropy_4096x1000", false,
       [] {
         auto target = std::make_shared<Tensor>(randint(0, 1000, {4096}));
         auto ttarget = std::make_shared<T>(torch::randint(0, 1000, {4096}));
         return timed("cross_entropy_4096x1000", {4096, 1000},
                      [target](const Tensor& x) { nn::functional::cross_entropy(x, *target); },
                      [ttarget](const T& x) { torch::nn::functional::cross_entropy(x, *ttarget); });
       }},
      {"matmul_1024", false, [] { return gemm("matmul_1024", 0, 1024, kFloat, 7); }},
      {"matmul_4096", false, [] { return gemm("matmul_4096", 0, 4096, kFloat, 3); }},
      {"bmm_64x256x256", false, [] { return gemm("bmm_64x256x256", 64, 256, kFloat, 7); }},
      {"matmul_bf16_2048", false, [] { return gemm("matmul_bf16_2048", 0, 2048, kBFloat16, 3); }},
  };
}

}  // namespace ember::bench
