// L-BFGS with PyTorch's algorithm (torch/optim/lbfgs.py, which LibTorch's lbfgs.cpp follows):
// the two-loop recursion over a limited (s, y) history, a first step of min(1, 1/|g|_1) lr,
// and an optional strong-Wolfe line search with cubic interpolation.
#include "ember/optim/lbfgs.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/binary.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"
#include "param_state_tensors.h"

namespace ember::optim {

LBFGSOptions::LBFGSOptions(double lr) : lr_(lr) {}

OrderedDict<std::string, Tensor> LBFGSParamState::tensors() const {
  auto stacked = [](const std::deque<Tensor>& list) {
    return list.empty() ? Tensor() : stack(std::vector<Tensor>(list.begin(), list.end()), 0);
  };
  OrderedDict<std::string, Tensor> dict = detail::named_state(
      {{"d", d()}, {"H_diag", H_diag()}, {"prev_flat_grad", prev_flat_grad()}, {"old_dirs", stacked(old_dirs())},
       {"old_stps", stacked(old_stps())}, {"ro", stacked(ro())}});
  dict.insert("func_evals", scalar_tensor(func_evals(), kLong));
  dict.insert("n_iter", scalar_tensor(n_iter(), kLong));
  dict.insert("t", scalar_tensor(t(), kDouble));
  dict.insert("prev_loss", scalar_tensor(prev_loss(), kDouble));
  return dict;
}

void LBFGSParamState::set_tensors(const OrderedDict<std::string, Tensor>& tensors) {
  OrderedDict<std::string, Tensor> rest("State");
  func_evals(0).n_iter(0).t(0).prev_loss(0);
  Tensor dirs, stps, ros;
  for (const auto& item : tensors) {
    const std::string& key = item.key();
    if (key == "func_evals") func_evals(item.value().item<int64_t>());
    else if (key == "n_iter") n_iter(item.value().item<int64_t>());
    else if (key == "t") t(item.value().item<double>());
    else if (key == "prev_loss") prev_loss(item.value().item<double>());
    else rest.insert(key, item.value());
  }
  detail::set_named_state(rest, {{"d", &d()}, {"H_diag", &H_diag()}, {"prev_flat_grad", &prev_flat_grad()},
                                 {"old_dirs", &dirs}, {"old_stps", &stps}, {"ro", &ros}});
  auto unstack = [](const Tensor& t) {
    std::deque<Tensor> list;
    if (t.defined()) {
      for (int64_t i = 0; i < t.size(0); ++i) list.push_back(t.select(0, i).clone());
    }
    return list;
  };
  old_dirs(unstack(dirs));
  old_stps(unstack(stps));
  ro(unstack(ros));
  EMBER_CHECK(old_dirs().size() == old_stps().size() && old_dirs().size() == ro().size(), "load_state_dict",
              "LBFGS history lengths differ: old_dirs ", old_dirs().size(), ", old_stps ", old_stps().size(), ", ro ",
              ro().size());
}

LBFGS::LBFGS(std::vector<OptimizerParamGroup> param_groups, LBFGSOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<LBFGSOptions>(defaults)) {
  EMBER_CHECK(param_groups_.size() == 1, "LBFGS", "LBFGS doesn't support per-parameter options (parameter groups); ",
              "got ", param_groups_.size(), " groups, pass one");
  EMBER_CHECK(defaults.lr() >= 0, "LBFGS", "invalid learning rate ", defaults.lr(), "; it must be >= 0");
  EMBER_CHECK(defaults.history_size() >= 1, "LBFGS", "history_size must be >= 1, got ", defaults.history_size());
  EMBER_CHECK(!defaults.line_search_fn() || *defaults.line_search_fn() == "strong_wolfe", "LBFGS",
              "only 'strong_wolfe' is supported as line_search_fn, got '", defaults.line_search_fn().value_or(""), "'");
  // As LibTorch: an unset max_eval becomes max_iter * 5 / 4 in the options themselves.
  if (!defaults.max_eval()) {
    int64_t max_eval = defaults.max_iter() * 5 / 4;
    static_cast<LBFGSOptions&>(param_groups_[0].options()).max_eval(max_eval);
    static_cast<LBFGSOptions&>(*defaults_).max_eval(max_eval);
  }
}

LBFGS::LBFGS(std::vector<Tensor> params, LBFGSOptions defaults)
    : LBFGS(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

std::unique_ptr<OptimizerParamState> LBFGS::make_param_state() const { return std::make_unique<LBFGSParamState>(); }

void LBFGS::check_loaded_state(const std::string& name, const Tensor& tensor, const Tensor&, int64_t index) const {
  int64_t n = numel();
  bool ok = tensor.dim() == 0 || (tensor.dim() == 1 && (tensor.size(0) == n || name == "ro")) ||
            (tensor.dim() == 2 && tensor.size(1) == n && (name == "old_dirs" || name == "old_stps"));
  EMBER_CHECK(ok, "load_state_dict", "LBFGS state '", name, "' of parameter ", index, " has shape ", tensor.sizes(),
              " which does not fit ", n, " parameters in all (flat [n] vectors, history [k, n])");
}

int64_t LBFGS::numel() const {
  int64_t n = 0;
  for (const auto& p : param_groups_[0].params()) n += p.numel();
  return n;
}

Tensor LBFGS::gather_flat_grad() const {
  std::vector<Tensor> views;
  for (const auto& p : param_groups_[0].params()) {
    views.push_back(p.grad().defined() ? p.grad().reshape({-1}) : zeros({p.numel()}, p.options()));
  }
  return cat(views, 0);
}

void LBFGS::add_grad(double step_size, const Tensor& update) {
  int64_t offset = 0;
  for (auto& p : param_groups_[0].params()) {
    p.add_(update.narrow(0, offset, p.numel()).view(p.sizes()), step_size);
    offset += p.numel();
  }
}

std::vector<Tensor> LBFGS::clone_params() const {
  std::vector<Tensor> copies;
  for (const auto& p : param_groups_[0].params()) copies.push_back(p.clone());
  return copies;
}

void LBFGS::set_params(const std::vector<Tensor>& values) {
  auto& params = param_groups_[0].params();
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(values[i]);
}

std::pair<double, Tensor> LBFGS::directional_evaluate(const LossClosure& closure, const std::vector<Tensor>& x,
                                                      double t, const Tensor& d) {
  add_grad(t, d);
  double loss = evaluate_closure(closure).item<double>();
  Tensor flat_grad = gather_flat_grad();
  set_params(x);
  return {loss, flat_grad};
}

namespace {

// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
// the bounds (default: between x1 and x2); their midpoint when the cubic has no minimum.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  auto [lo, hi] = bounds ? *bounds : (x1 <= x2 ? std::make_pair(x1, x2) : std::make_pair(x2, x1));
  double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  double d2_square = d1 * d1 - g1 * g2;
  if (d2_square < 0) return (lo + hi) / 2;
  double d2 = std::sqrt(d2_square);
  double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

double value(const Tensor& t) { return t.item<double>(); }

}  // namespace

LBFGS::LineSearchResult LBFGS::strong_wolfe(const LossClosure& closure, const std::vector<Tensor>& x, double t,
                                            const Tensor& d, double f, const Tensor& g_in, double gtd) {
  constexpr double c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9;
  constexpr int64_t max_ls = 25;
  double d_norm = value(d.abs().max());
  Tensor g = g_in.clone();
  double f_new;
  Tensor g_new;
  std::tie(f_new, g_new) = directional_evaluate(closure, x, t, d);
  int64_t func_evals = 1;
  double gtd_new = value(g_new.dot(d));

  // Bracketing: find an interval holding a point that satisfies the strong Wolfe conditions.
  double t_prev = 0, f_prev = f, gtd_prev = gtd;
  Tensor g_prev = g;
  bool done = false;
  int64_t ls_iter = 0;
  std::vector<double> bracket, bracket_f, bracket_gtd;
  std::vector<Tensor> bracket_g;
  while (ls_iter < max_ls) {
    if (f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev)) {
      bracket = {t_prev, t}, bracket_f = {f_prev, f_new}, bracket_g = {g_prev, g_new.clone()};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bracket = {t}, bracket_f = {f_new}, bracket_g = {g_new};
      done = true;
      break;
    }
    if (gtd_new >= 0) {
      bracket = {t_prev, t}, bracket_f = {f_prev, f_new}, bracket_g = {g_prev, g_new.clone()};
      bracket_gtd = {gtd_prev, gtd_new};
      break;
    }
    // Extrapolate, between 1.01 t and 10 t.
    double min_step = t + 0.01 * (t - t_prev), max_step = t * 10;
    double tmp = t;
    t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, std::make_pair(min_step, max_step));
    t_prev = tmp, f_prev = f_new, g_prev = g_new.clone(), gtd_prev = gtd_new;
    std::tie(f_new, g_new) = directional_evaluate(closure, x, t, d);
    func_evals += 1;
    gtd_new = value(g_new.dot(d));
    ls_iter += 1;
  }
  if (ls_iter == max_ls) bracket = {0, t}, bracket_f = {f, f_new}, bracket_g = {g, g_new};

  // Zoom: shrink the bracket until a point satisfies the conditions.
  bool insufficient_progress = false;
  size_t low = 0, high = 1;
  if (bracket_f.size() == 2 && bracket_f[0] > bracket_f[1]) low = 1, high = 0;
  while (!done && ls_iter < max_ls) {
    if (std::abs(bracket[1] - bracket[0]) * d_norm < tolerance_change) break;
    t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1]);
    // Keep t away from the bracket's ends (at least 10% of its width inside), unless the
    // previous step already made too little progress.
    double b_max = std::max(bracket[0], bracket[1]), b_min = std::min(bracket[0], bracket[1]);
    double eps = 0.1 * (b_max - b_min);
    if (std::min(b_max - t, t - b_min) < eps) {
      if (insufficient_progress || t >= b_max || t <= b_min) {
        t = std::abs(t - b_max) < std::abs(t - b_min) ? b_max - eps : b_min + eps;
        insufficient_progress = false;
      } else {
        insufficient_progress = true;
      }
    } else {
      insufficient_progress = false;
    }
    std::tie(f_new, g_new) = directional_evaluate(closure, x, t, d);
    func_evals += 1;
    gtd_new = value(g_new.dot(d));
    ls_iter += 1;
    if (f_new > f + c1 * t * gtd || f_new >= bracket_f[low]) {
      bracket[high] = t, bracket_f[high] = f_new, bracket_g[high] = g_new.clone(), bracket_gtd[high] = gtd_new;
      if (bracket_f[0] <= bracket_f[1]) low = 0, high = 1;
      else low = 1, high = 0;
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low], bracket_f[high] = bracket_f[low], bracket_g[high] = bracket_g[low];
        bracket_gtd[high] = bracket_gtd[low];
      }
      bracket[low] = t, bracket_f[low] = f_new, bracket_g[low] = g_new.clone(), bracket_gtd[low] = gtd_new;
    }
  }
  // A single-point bracket (the first trial was accepted) has index 0 only.
  if (bracket.size() == 1) low = 0;
  return {bracket_f[low], bracket_g[low], bracket[low], func_evals};
}

Tensor LBFGS::step(LossClosure closure) {
  EMBER_CHECK(closure != nullptr, "LBFGS::step", "LBFGS requires a closure that re-evaluates the loss and its gradients");
  NoGradGuard no_grad;
  const auto& options = group_options<LBFGSOptions>(param_groups_[0], "LBFGS::step");
  const double lr = options.lr(), tolerance_grad = options.tolerance_grad(),
               tolerance_change = options.tolerance_change();
  const int64_t max_iter = options.max_iter(), history_size = options.history_size();
  const int64_t max_eval = options.max_eval().value_or(max_iter * 5 / 4);
  EMBER_CHECK(!options.line_search_fn() || *options.line_search_fn() == "strong_wolfe", "LBFGS::step",
              "only 'strong_wolfe' is supported as line_search_fn, got '", options.line_search_fn().value_or(""), "'");
  // LBFGS's state is global; it is kept on the first parameter, as LibTorch.
  auto& state = param_state<LBFGSParamState>(param_groups_[0].params().at(0),
                                             [] { return std::make_unique<LBFGSParamState>(); });

  Tensor orig_loss = evaluate_closure(closure);
  double loss = value(orig_loss);
  int64_t current_evals = 1;
  state.func_evals(state.func_evals() + 1);
  Tensor flat_grad = gather_flat_grad();
  bool opt_cond = value(flat_grad.abs().max()) <= tolerance_grad;
  if (opt_cond) return orig_loss;

  Tensor& d = state.d();
  double& t = state.t();
  auto& old_dirs = state.old_dirs();
  auto& old_stps = state.old_stps();
  auto& ro = state.ro();
  Tensor& H_diag = state.H_diag();
  Tensor& prev_flat_grad = state.prev_flat_grad();
  double& prev_loss = state.prev_loss();
  std::vector<Tensor> al(history_size);

  int64_t n_iter = 0;
  while (n_iter < max_iter) {
    ++n_iter;
    state.n_iter(state.n_iter() + 1);
    if (state.n_iter() == 1) {
      d = flat_grad.neg();
      H_diag = scalar_tensor(1, kLong);
      old_dirs.clear(), old_stps.clear(), ro.clear();
    } else {
      // Update the history with the last step s and gradient change y (if curvature is positive).
      Tensor y = flat_grad.sub(prev_flat_grad);
      Tensor s = d.mul(t);
      Tensor ys = y.dot(s);
      if (value(ys) > 1e-10) {
        if (static_cast<int64_t>(old_dirs.size()) == history_size) {
          old_dirs.pop_front(), old_stps.pop_front(), ro.pop_front();
        }
        old_dirs.push_back(y), old_stps.push_back(s), ro.push_back(1. / ys);
        // Scale of the initial inverse-Hessian approximation.
        H_diag = ys / y.dot(y);
      }
      // Two-loop recursion: d = -H g with H the L-BFGS inverse-Hessian approximation.
      int64_t num_old = static_cast<int64_t>(old_dirs.size());
      Tensor q = flat_grad.neg();
      for (int64_t i = num_old - 1; i >= 0; --i) {
        al[i] = old_stps[i].dot(q) * ro[i];
        q.add_(old_dirs[i], -value(al[i]));
      }
      Tensor r = q.mul(H_diag);
      d = r;
      for (int64_t i = 0; i < num_old; ++i) {
        Tensor be_i = old_dirs[i].dot(r) * ro[i];
        r.add_(old_stps[i], value(al[i] - be_i));
      }
    }
    if (!prev_flat_grad.defined()) prev_flat_grad = flat_grad.clone();
    else prev_flat_grad.copy_(flat_grad);
    prev_loss = loss;

    // The first step is scaled down by the gradient's 1-norm; later ones are lr.
    t = state.n_iter() == 1 ? std::min(1., 1. / value(flat_grad.abs().sum())) * lr : lr;
    double gtd = value(flat_grad.dot(d));
    // No descent along d.
    if (gtd > -tolerance_change) break;

    int64_t ls_func_evals = 0;
    if (options.line_search_fn()) {
      LineSearchResult ls = strong_wolfe(closure, clone_params(), t, d, loss, flat_grad, gtd);
      loss = ls.loss, flat_grad = ls.flat_grad, t = ls.t, ls_func_evals = ls.func_evals;
      add_grad(t, d);
      opt_cond = value(flat_grad.abs().max()) <= tolerance_grad;
    } else {
      add_grad(t, d);
      // The last iteration's loss is not needed (PyTorch skips it for stochastic closures).
      if (n_iter != max_iter) {
        loss = value(evaluate_closure(closure));
        flat_grad = gather_flat_grad();
        opt_cond = value(flat_grad.abs().max()) <= tolerance_grad;
        ls_func_evals = 1;
      }
    }
    current_evals += ls_func_evals;
    state.func_evals(state.func_evals() + ls_func_evals);

    if (n_iter == max_iter || current_evals >= max_eval || opt_cond) break;
    // Lack of progress.
    if (value(d.mul(t).abs().max()) <= tolerance_change) break;
    if (std::abs(loss - prev_loss) < tolerance_change) break;
  }
  return orig_loss;
}

}  // namespace ember::optim
