#include "difftest/harness.h"

#include "ember/autograd/gradcheck.h"

#include <algorithm>
#include <sstream>

namespace ember::difftest {

std::string to_string(Layout layout) {
  switch (layout) {
    case Layout::Contiguous: return "contiguous";
    case Layout::Transposed: return "transposed";
    case Layout::Sliced: return "sliced";
    case Layout::Expanded: return "expanded";
    case Layout::ZeroSize: return "zero-size";
    case Layout::ZeroDim: return "zero-dim";
  }
  return "?";
}

Tolerance tolerance_for(ScalarType dtype) {
  switch (dtype) {
    case kHalf: return {1e-3, 1e-3};
    case kBFloat16: return {1.6e-2, 1e-2};
    case kFloat: return {1.3e-5, 1e-5};
    case kDouble: return {1e-7, 1e-7};
    default: return {0, 0};  // integral and bool: exact
  }
}

namespace {

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A contiguous tensor of `shape` with random values in [lo, hi] converted to dtype.
Tensor random_contiguous(IntArrayRef shape, ScalarType dtype, uint64_t seed, double lo, double hi) {
  Tensor d = empty(shape, kDouble);
  double* p = d.data_ptr<double>();
  uint64_t state = seed * 7919 + 17;
  for (int64_t i = 0; i < d.numel(); ++i) {
    double u = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
    double v = lo + (hi - lo) * u;
    if (dtype == kBool) v = u < 0.5 ? 0.0 : 1.0;
    else if (is_integral_type(dtype, false)) v = std::round(v);
    p[i] = v;
  }
  return d.to(dtype);
}

}  // namespace

Tensor make_input(IntArrayRef shape, ScalarType dtype, Layout layout, uint64_t seed, double lo, double hi) {
  DimVector s(shape);
  switch (layout) {
    case Layout::Contiguous:
      return random_contiguous(s, dtype, seed, lo, hi);
    case Layout::Transposed:
      if (s.size() >= 2) {
        DimVector swapped = s;
        std::swap(swapped[swapped.size() - 1], swapped[swapped.size() - 2]);
        return random_contiguous(swapped, dtype, seed, lo, hi).transpose(-1, -2);
      }
      [[fallthrough]];
    case Layout::Sliced: {
      if (s.empty()) return random_contiguous(s, dtype, seed, lo, hi);
      DimVector wide = s;
      wide.back() *= 2;
      return random_contiguous(wide, dtype, seed, lo, hi).slice(-1, 0, std::nullopt, 2);
    }
    case Layout::Expanded: {
      if (s.empty()) return random_contiguous(s, dtype, seed, lo, hi);
      DimVector one = s;
      one[0] = 1;
      return random_contiguous(one, dtype, seed, lo, hi).expand(s);
    }
    case Layout::ZeroSize:
      return random_contiguous({0, 3}, dtype, seed, lo, hi);
    case Layout::ZeroDim:
      return random_contiguous({}, dtype, seed, lo, hi);
  }
  return {};
}

std::string compare(const Tensor& ours, const torch::Tensor& theirs, Tolerance tol) {
  std::ostringstream why;
  if (!ours.defined() || !theirs.defined()) {
    if (ours.defined() != theirs.defined()) {
      why << "defined: ember " << ours.defined() << ", libtorch " << theirs.defined();
    }
    return why.str();
  }
  if (to_torch(ours.dtype()) != theirs.scalar_type()) {
    why << "dtype: ember " << ours.dtype() << ", libtorch " << theirs.scalar_type();
    return why.str();
  }
  if (to_vector(ours.sizes()) != theirs.sizes().vec()) {
    why << "shape: ember " << ours.sizes() << ", libtorch " << theirs.sizes();
    return why.str();
  }
  torch::Tensor a = to_torch(ours).to(torch::kDouble).flatten();
  torch::Tensor b = theirs.to(torch::kDouble).flatten();
  torch::Tensor close = torch::isclose(a, b, tol.rtol, tol.atol, /*equal_nan=*/true);
  if (close.all().item<bool>()) return "";
  int64_t i = torch::nonzero(close.logical_not())[0][0].item<int64_t>();
  why.precision(10);
  why << "value at flat index " << i << ": ember " << a[i].item<double>() << ", libtorch "
      << b[i].item<double>() << " (rtol " << tol.rtol << ", atol " << tol.atol << ")";
  return why.str();
}

namespace {
std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}
}  // namespace

void add_case(Case c) { registry().push_back(std::move(c)); }
const std::vector<Case>& all_cases() { return registry(); }

void add_error_case(const std::string& op, const std::string& label, std::function<void()> ember_call,
                    std::function<void()> torch_call) {
  add_case({op, "error/" + label, [op, ember_call, torch_call]() -> std::string {
              bool torch_threw = false;
              try {
                torch_call();
              } catch (const std::exception&) {
                torch_threw = true;
              }
              if (!torch_threw) return "LibTorch accepted the call: not an error case";
              try {
                ember_call();
              } catch (const Error& e) {
                std::string msg = e.what();
                if (msg.find(op) == std::string::npos) return "ember's message does not name '" + op + "': " + msg;
                return "";
              } catch (const std::exception& e) {
                return std::string("ember threw a non-ember::Error: ") + e.what();
              }
              return "ember accepted a call LibTorch rejects";
            }});
}

std::string run_and_compare(const std::vector<Tensor>& inputs, const EmberFn& ember_fn,
                            const TorchFn& torch_fn, bool check_grad, uint64_t seed) {
  std::vector<torch::Tensor> torch_inputs;
  for (const Tensor& t : inputs) torch_inputs.push_back(to_torch(t));
  Tensor ours;
  torch::Tensor theirs;
  std::string ember_error, torch_error;
  try {
    ours = ember_fn(inputs);
  } catch (const Error& e) {
    ember_error = e.what();
  } catch (const std::exception& e) {
    return std::string("ember threw a non-ember::Error: ") + e.what();
  }
  try {
    theirs = torch_fn(torch_inputs);
  } catch (const std::exception& e) {
    torch_error = e.what();
  }
  if (!ember_error.empty() || !torch_error.empty()) {
    if (!ember_error.empty() && !torch_error.empty()) return "";  // both reject the call
    return ember_error.empty() ? "LibTorch rejects the call but ember accepts it: " + torch_error.substr(0, 200)
                               : "ember rejects a call LibTorch accepts: " + ember_error;
  }
  std::string forward = compare(ours, theirs, tolerance_for(ours.dtype()));
  if (!forward.empty()) return "forward " + forward;
  bool grad_dtype = ours.dtype() == kFloat || ours.dtype() == kDouble;
  if (!check_grad || !grad_dtype || ours.numel() == 0) return "";

  // Gradients of sum(out * g) w.r.t. every float/double input.
  std::vector<Tensor> leaves;
  std::vector<torch::Tensor> torch_leaves;
  std::vector<size_t> positions;
  std::vector<Tensor> grad_inputs = inputs;
  std::vector<torch::Tensor> torch_grad_inputs = torch_inputs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].dtype() != kFloat && inputs[i].dtype() != kDouble) continue;
    grad_inputs[i] = inputs[i].detach().set_requires_grad(true);
    torch_grad_inputs[i] = torch_inputs[i].detach().set_requires_grad(true);
    leaves.push_back(grad_inputs[i]);
    torch_leaves.push_back(torch_grad_inputs[i]);
    positions.push_back(i);
  }
  if (leaves.empty()) return "";
  Tensor out = ember_fn(grad_inputs);
  torch::Tensor tout = torch_fn(torch_grad_inputs);
  if (!out.requires_grad()) return "backward: ember output does not require grad";
  Tensor g = make_input(out.sizes(), out.dtype(), Layout::Contiguous, seed + 101);
  std::vector<Tensor> grads;
  try {
    grads = autograd::grad({out}, leaves, {g}, std::nullopt, false, /*allow_unused=*/true);
  } catch (const Error& e) {
    return std::string("backward threw: ") + e.what();
  }
  std::vector<torch::Tensor> torch_grads =
      torch::autograd::grad({tout}, torch_leaves, {to_torch(g)}, c10::nullopt, false, /*allow_unused=*/true);
  for (size_t k = 0; k < leaves.size(); ++k) {
    std::string why = compare(grads[k], torch_grads[k], tolerance_for(leaves[k].dtype()));
    if (!why.empty()) return "gradient of input " + std::to_string(positions[k]) + " " + why;
  }
  return "";
}

namespace {
std::string label(ScalarType dtype, Layout layout, IntArrayRef shape) {
  std::ostringstream s;
  s << dtype << "/" << to_string(layout) << "/" << shape;
  return s.str();
}
// Function-local: family files call unary_cases from their own static initializers, which
// may run before this file's (a namespace-scope vector here could still be empty then).
const std::vector<std::vector<int64_t>>& unary_shapes() {
  static const std::vector<std::vector<int64_t>> shapes = {{5}, {3, 4}, {2, 3, 4}};
  return shapes;
}
}  // namespace

namespace {
std::vector<GradcheckCase>& gradcheck_registry() {
  static std::vector<GradcheckCase> cases;
  return cases;
}
// Gradcheck wants small inputs: each element costs forward evaluations.
// constexpr: constant-initialised, so registrations in other files may read it at static init.
constexpr Layout kGradcheckLayouts[] = {Layout::Contiguous, Layout::Transposed, Layout::Sliced};
}  // namespace

void add_gradcheck_case(GradcheckCase c) { gradcheck_registry().push_back(std::move(c)); }
const std::vector<GradcheckCase>& all_gradcheck_cases() { return gradcheck_registry(); }

std::string run_gradcheck(const GradcheckCase& c) {
  std::vector<Tensor> inputs = c.make_inputs();
  for (Tensor& t : inputs)
    if (t.dtype() == kDouble) t = t.detach().set_requires_grad(true);
  auto fn = [&](const autograd::variable_list& in) { return autograd::variable_list{c.fn(in)}; };
  {
    // Finite differences mean nothing where the function is not finite (pow of a negative
    // base, 0 ** negative): such inputs are not gradcheck cases.
    NoGradGuard no_grad;
    Tensor out = c.fn(inputs);
    if (out.is_floating_point() && !isfinite(out).all().item<bool>()) return kNotApplicable;
  }
  try {
    autograd::gradcheck(fn, inputs);
    autograd::gradgradcheck(fn, inputs);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void unary_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const EmberFn& ember_fn,
                 const TorchFn& torch_fn, Domain domain, bool differentiable) {
  uint64_t seed = std::hash<std::string>{}(op);
  for (ScalarType dtype : dtypes) {
    for (Layout layout : kAllLayouts) {
      bool shapeless = layout == Layout::ZeroSize || layout == Layout::ZeroDim;
      for (const auto& shape : unary_shapes()) {
        uint64_t s = seed++;
        add_case({op, label(dtype, layout, shape), [=]() {
                    Tensor x = make_input(shape, dtype, layout, s, domain.lo, domain.hi);
                    return run_and_compare({x}, ember_fn, torch_fn, differentiable, s);
                  }});
        if (shapeless) break;
      }
    }
  }
  if (!differentiable || std::find(dtypes.begin(), dtypes.end(), kDouble) == dtypes.end()) return;
  for (Layout layout : kGradcheckLayouts) {
    uint64_t s = seed++;
    add_gradcheck_case({op, label(kDouble, layout, {3, 4}), [=] {
                          return std::vector<Tensor>{make_input({3, 4}, kDouble, layout, s, domain.lo, domain.hi)};
                        }, ember_fn});
  }
}

void binary_cases(const std::string& op, const std::vector<ScalarType>& dtypes, const EmberFn& ember_fn,
                  const TorchFn& torch_fn, Domain domain, bool differentiable) {
  uint64_t seed = std::hash<std::string>{}(op);
  const std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> broadcast_pairs = {
      {{3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {{5}, {}}};
  for (ScalarType dtype : dtypes) {
    for (Layout layout : kAllLayouts) {
      uint64_t s = seed++;
      std::vector<int64_t> shape = {3, 4};
      add_case({op, label(dtype, layout, shape), [=]() {
                  Tensor a = make_input(shape, dtype, layout, s, domain.lo, domain.hi);
                  Tensor b = make_input(shape, dtype, layout, s + 1000, domain.lo, domain.hi);
                  if (layout == Layout::ZeroSize || layout == Layout::ZeroDim) b = make_input(a.sizes(), dtype, Layout::Contiguous, s + 1000, domain.lo, domain.hi);
                  return run_and_compare({a, b}, ember_fn, torch_fn, differentiable, s);
                }});
    }
    for (const auto& [sa, sb] : broadcast_pairs) {
      uint64_t s = seed++;
      std::ostringstream l;
      l << dtype << "/broadcast/" << IntArrayRef(sa) << "x" << IntArrayRef(sb);
      add_case({op, l.str(), [=, sa = sa, sb = sb]() {
                  Tensor a = make_input(sa, dtype, Layout::Contiguous, s, domain.lo, domain.hi);
                  Tensor b = make_input(sb, dtype, Layout::Contiguous, s + 1000, domain.lo, domain.hi);
                  return run_and_compare({a, b}, ember_fn, torch_fn, differentiable, s);
                }});
    }
  }
  // Mixed dtypes: promotion must match.
  for (size_t i = 0; i + 1 < dtypes.size(); ++i) {
    ScalarType da = dtypes[i], db = dtypes[dtypes.size() - 1 - i];
    if (da == db) continue;
    uint64_t s = seed++;
    std::ostringstream l;
    l << da << "+" << db << "/promotion";
    add_case({op, l.str(), [=]() {
                Tensor a = make_input({3, 4}, da, Layout::Contiguous, s, domain.lo, domain.hi);
                Tensor b = make_input({4}, db, Layout::Contiguous, s + 1000, domain.lo, domain.hi);
                return run_and_compare({a, b}, ember_fn, torch_fn, differentiable, s);
              }});
  }
  if (!differentiable || std::find(dtypes.begin(), dtypes.end(), kDouble) == dtypes.end()) return;
  // Same shapes in each gradcheck layout, then broadcasting (the gradient of the smaller
  // input is summed over the broadcast dims).
  for (Layout layout : kGradcheckLayouts) {
    uint64_t s = seed++;
    add_gradcheck_case({op, label(kDouble, layout, {3, 4}), [=] {
                          return std::vector<Tensor>{make_input({3, 4}, kDouble, layout, s, domain.lo, domain.hi),
                                                     make_input({3, 4}, kDouble, layout, s + 1000, domain.lo, domain.hi)};
                        }, ember_fn});
  }
  uint64_t s = seed++;
  // The first operand keeps the full shape so that in-place forms (a.add_(b)) apply too.
  add_gradcheck_case({op, "Double/broadcast/[3, 4]x[4]", [=] {
                        return std::vector<Tensor>{make_input({3, 4}, kDouble, Layout::Contiguous, s, domain.lo, domain.hi),
                                                   make_input({4}, kDouble, Layout::Contiguous, s + 1000, domain.lo, domain.hi)};
                      }, ember_fn});
}

}  // namespace ember::difftest
