// Convolution kernels: oneDNN for float32, a direct loop for float64 and for geometries
// oneDNN's descriptors cannot express (a negative right padding).
#include "cpu/conv_kernel.h"

#include <dnnl.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>

#include "cpu/dnnl_util.h"
#include "cpu/parallel.h"
#include "ember/core/error.h"
#include "ember/core/parallel.h"

namespace ember::cpu {

namespace {

using dnnl::memory;
using tag = memory::format_tag;

// ---- geometry shared by both paths ---------------------------------------------------------

// Right padding that makes oneDNN's (X - ext + pad + pad_r) / s + 1 == P hold (floor
// division), preferring the symmetric pad. A transposed convolution with output_padding
// >= stride needs it below pad; below zero oneDNN cannot describe it and the loop runs.
int64_t right_padding(int64_t x, int64_t p, int64_t k, int64_t s, int64_t d, int64_t pad) {
  int64_t ext = (k - 1) * d + 1;
  int64_t lo = (p - 1) * s + ext - x - pad;
  return pad >= lo && pad < lo + s ? pad : lo;
}

// Spatial sizes, each op's three tensors seen as (N, C, *X), (N, O, *P), weight (O, C/g, *K).
struct Shapes {
  int64_t n, c, o;
  DimVector x, p, k;
};

Shapes shapes_of(const Tensor& in, const Tensor& out, const Tensor& weight) {
  Shapes s{in.size(0), in.size(1), out.size(1), {}, {}, {}};
  for (int64_t i = 2; i < in.dim(); ++i) {
    s.x.push_back(in.size(i));
    s.p.push_back(out.size(i));
    s.k.push_back(weight.size(i));
  }
  return s;
}

// ---- direct loop (float64, odd geometries) --------------------------------------------------

// Everything padded to 3 spatial dims (leading dims of size 1) so one loop nest serves all.
struct Geometry3 {
  int64_t x[3], p[3], k[3], s[3], pad[3], d[3];
  int64_t xs() const { return x[0] * x[1] * x[2]; }
  int64_t ps() const { return p[0] * p[1] * p[2]; }
  int64_t ks() const { return k[0] * k[1] * k[2]; }
};

Geometry3 geometry3(const Shapes& sh, const ConvGeometry& g) {
  Geometry3 r;
  size_t lead = 3 - sh.x.size();
  for (size_t i = 0; i < 3; ++i) {
    bool real = i >= lead;
    size_t j = i - lead;
    r.x[i] = real ? sh.x[j] : 1;
    r.p[i] = real ? sh.p[j] : 1;
    r.k[i] = real ? sh.k[j] : 1;
    r.s[i] = real ? g.stride[j] : 1;
    r.pad[i] = real ? g.padding[j] : 0;
    r.d[i] = real ? g.dilation[j] : 1;
  }
  return r;
}

// Calls f(input offset, output offset, kernel offset) for every (p, k) whose input position
// lies inside the input, p and k flattened within one channel.
template <class F>
void for_each_tap(const Geometry3& g, F&& f) {
  for (int64_t p0 = 0; p0 < g.p[0]; ++p0)
    for (int64_t k0 = 0; k0 < g.k[0]; ++k0) {
      int64_t i0 = p0 * g.s[0] + k0 * g.d[0] - g.pad[0];
      if (i0 < 0 || i0 >= g.x[0]) continue;
      for (int64_t p1 = 0; p1 < g.p[1]; ++p1)
        for (int64_t k1 = 0; k1 < g.k[1]; ++k1) {
          int64_t i1 = p1 * g.s[1] + k1 * g.d[1] - g.pad[1];
          if (i1 < 0 || i1 >= g.x[1]) continue;
          for (int64_t p2 = 0; p2 < g.p[2]; ++p2)
            for (int64_t k2 = 0; k2 < g.k[2]; ++k2) {
              int64_t i2 = p2 * g.s[2] + k2 * g.d[2] - g.pad[2];
              if (i2 < 0 || i2 >= g.x[2]) continue;
              f((i0 * g.x[1] + i1) * g.x[2] + i2, (p0 * g.p[1] + p1) * g.p[2] + p2, (k0 * g.k[1] + k1) * g.k[2] + k2);
            }
        }
    }
}

enum class Kind { Forward, BackwardData, BackwardWeight };

// One loop for the three products: all tensors contiguous. `in`, `out`, `w` are the
// convolution's input, output and weight, one of them written (zeroed first), per `kind`.
template <class T>
void conv_loop(Kind kind, T* in, T* out, T* w, const Shapes& sh, const ConvGeometry& cg) {
  Geometry3 g = geometry3(sh, cg);
  int64_t cg_ = sh.c / cg.groups, og = sh.o / cg.groups;
  int64_t xs = g.xs(), ps = g.ps(), ks = g.ks();
  if (kind == Kind::Forward) {
    // One (n, o) plane per task; out was preset (zeros or bias) by the caller.
    parallel_for(0, sh.n * sh.o, 1, [&](int64_t b, int64_t e) {
      for (int64_t no = b; no < e; ++no) {
        int64_t n = no / sh.o, o = no % sh.o, grp = o / og;
        T* dst = out + no * ps;
        for (int64_t c = 0; c < cg_; ++c) {
          const T* src = in + (n * sh.c + grp * cg_ + c) * xs;
          const T* ker = w + (o * cg_ + c) * ks;
          for_each_tap(g, [&](int64_t i, int64_t p, int64_t k) { dst[p] += src[i] * ker[k]; });
        }
      }
    });
  } else if (kind == Kind::BackwardData) {
    // One (n, c) input plane per task: the planes it reads from write only to it.
    parallel_for(0, sh.n * sh.c, 1, [&](int64_t b, int64_t e) {
      for (int64_t nc = b; nc < e; ++nc) {
        int64_t n = nc / sh.c, c = nc % sh.c, grp = c / cg_;
        T* dst = in + nc * xs;
        for (int64_t oo = 0; oo < og; ++oo) {
          int64_t o = grp * og + oo;
          const T* src = out + (n * sh.o + o) * ps;
          const T* ker = w + (o * cg_ + c % cg_) * ks;
          for_each_tap(g, [&](int64_t i, int64_t p, int64_t k) { dst[i] += src[p] * ker[k]; });
        }
      }
    });
  } else {
    // One (o, c) kernel per task.
    parallel_for(0, sh.o * cg_, 1, [&](int64_t b, int64_t e) {
      for (int64_t oc = b; oc < e; ++oc) {
        int64_t o = oc / cg_, c = oc % cg_, grp = o / og;
        T* dst = w + oc * ks;
        for (int64_t n = 0; n < sh.n; ++n) {
          const T* src = in + (n * sh.c + grp * cg_ + c) * xs;
          const T* gout = out + (n * sh.o + o) * ps;
          for_each_tap(g, [&](int64_t i, int64_t p, int64_t k) { dst[k] += src[i] * gout[p]; });
        }
      }
    });
  }
}

template <class T>
void run_loop(Kind kind, const Tensor& in, const Tensor& out, const Tensor& w, const Shapes& sh,
              const ConvGeometry& g) {
  conv_loop<T>(kind, in.data_ptr<T>(), out.data_ptr<T>(), w.data_ptr<T>(), sh, g);
}

// ---- oneDNN (float32) -----------------------------------------------------------------------

memory::dims dims_of(IntArrayRef v) { return memory::dims(v.begin(), v.end()); }

// The tensor's own layout (contiguous) as a oneDNN descriptor; weights grouped as
// (g, O/g, C/g, *K), a view of the same memory.
memory::desc user_desc(const Tensor& t) {
  return memory::desc(dims_of(t.sizes()), memory::data_type::f32, dims_of(t.strides()));
}
memory::desc weight_user_desc(const Tensor& w, int64_t groups) {
  if (groups == 1) return user_desc(w);
  memory::dims d = {groups, w.size(0) / groups}, s = {w.stride(0) * (w.size(0) / groups), w.stride(0)};
  for (int64_t i = 1; i < w.dim(); ++i) {
    d.push_back(w.size(i));
    s.push_back(w.stride(i));
  }
  return memory::desc(d, memory::data_type::f32, s);
}
memory::desc any_desc(const memory::dims& d) { return memory::desc(d, memory::data_type::f32, tag::any); }

struct DnnlGeometry {
  memory::dims strides, dilates, pad_l, pad_r;
  std::string key;  // shapes and geometry, for the primitive cache
};

// nullopt when some right padding would be negative.
std::optional<DnnlGeometry> dnnl_geometry(const Shapes& sh, const ConvGeometry& g, bool has_bias) {
  DnnlGeometry r;
  std::ostringstream key;
  key << sh.n << ',' << sh.c << ',' << sh.o << ',' << g.groups << ',' << has_bias;
  for (size_t i = 0; i < sh.x.size(); ++i) {
    int64_t pr = right_padding(sh.x[i], sh.p[i], sh.k[i], g.stride[i], g.dilation[i], g.padding[i]);
    if (pr < 0) return std::nullopt;
    r.strides.push_back(g.stride[i]);
    r.dilates.push_back(g.dilation[i] - 1);  // oneDNN counts the gaps between taps
    r.pad_l.push_back(g.padding[i]);
    r.pad_r.push_back(pr);
    key << ';' << sh.x[i] << ',' << sh.p[i] << ',' << sh.k[i] << ',' << g.stride[i] << ',' << g.dilation[i] << ','
        << g.padding[i] << ',' << pr;
  }
  r.key = key.str();
  return r;
}

memory::dims weight_dims(const Shapes& sh, int64_t groups) {
  memory::dims d;
  if (groups > 1) d.push_back(groups);
  d.push_back(sh.o / groups);
  d.push_back(sh.c / groups);
  for (int64_t k : sh.k) d.push_back(k);
  return d;
}
memory::dims act_dims(int64_t n, int64_t c, const DimVector& sp) {
  memory::dims d = {n, c};
  for (int64_t v : sp) d.push_back(v);
  return d;
}

dnnl::convolution_forward::primitive_desc forward_pd(const Shapes& sh, const ConvGeometry& g, const DnnlGeometry& dg,
                                                     bool has_bias) {
  memory::desc bias = has_bias ? memory::desc({sh.o}, memory::data_type::f32, tag::x) : memory::desc();
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                    any_desc(act_dims(sh.n, sh.c, sh.x)), any_desc(weight_dims(sh, g.groups)), bias,
                                    any_desc(act_dims(sh.n, sh.o, sh.p)), dg.strides, dg.dilates, dg.pad_l, dg.pad_r);
  return dnnl::convolution_forward::primitive_desc(d, dnnl_engine());
}

// User memory in the layout the primitive wants: the user's own when they agree, else a
// reordered copy.
memory as_layout(memory user, const memory::desc& want, dnnl::stream& s) {
  if (user.get_desc() == want) return user;
  memory m(want, dnnl_engine());
  dnnl::reorder(user, m).execute(s, user, m);
  return m;
}

// The result memory: the user's buffer when the layouts agree, else scratch reordered into it
// by `finish`.
struct Result {
  memory user, prim;
  void finish(dnnl::stream& s) {
    if (prim != user) dnnl::reorder(prim, user).execute(s, prim, user);
  }
};
Result result_for(const memory& user, const memory::desc& want) {
  return {user, user.get_desc() == want ? user : memory(want, dnnl_engine())};
}


void dnnl_forward(const Tensor& out, const Tensor& in, const Tensor& w, const Tensor& bias, const Shapes& sh,
                  const ConvGeometry& g, const DnnlGeometry& dg) {
  bool has_bias = bias.defined();
  auto c = dnnl_cached<dnnl::convolution_forward::primitive_desc, dnnl::convolution_forward>(
      "f" + dg.key, [&] { return forward_pd(sh, g, dg, has_bias); });
  set_dnnl_threads();
  dnnl::stream s(dnnl_engine());
  memory src = as_layout(memory(user_desc(in), dnnl_engine(), in.data_ptr()), c.pd.src_desc(), s);
  memory wei = as_layout(memory(weight_user_desc(w, g.groups), dnnl_engine(), w.data_ptr()), c.pd.weights_desc(), s);
  Result dst = result_for(memory(user_desc(out), dnnl_engine(), out.data_ptr()), c.pd.dst_desc());
  std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst.prim}};
  if (has_bias) args[DNNL_ARG_BIAS] = memory(user_desc(bias), dnnl_engine(), bias.data_ptr());
  c.prim.execute(s, args);
  dst.finish(s);
  s.wait();
}

void dnnl_backward_data(const Tensor& gin, const Tensor& gout, const Tensor& w, const Shapes& sh,
                        const ConvGeometry& g, const DnnlGeometry& dg) {
  using PD = dnnl::convolution_backward_data::primitive_desc;
  auto c = dnnl_cached<PD, dnnl::convolution_backward_data>("d" + dg.key, [&] {
    dnnl::convolution_backward_data::desc d(dnnl::algorithm::convolution_direct, any_desc(act_dims(sh.n, sh.c, sh.x)),
                                            any_desc(weight_dims(sh, g.groups)), any_desc(act_dims(sh.n, sh.o, sh.p)),
                                            dg.strides, dg.dilates, dg.pad_l, dg.pad_r);
    return PD(d, dnnl_engine(), forward_pd(sh, g, dg, false));
  });
  set_dnnl_threads();
  dnnl::stream s(dnnl_engine());
  memory dd = as_layout(memory(user_desc(gout), dnnl_engine(), gout.data_ptr()), c.pd.diff_dst_desc(), s);
  memory wei = as_layout(memory(weight_user_desc(w, g.groups), dnnl_engine(), w.data_ptr()), c.pd.weights_desc(), s);
  Result ds = result_for(memory(user_desc(gin), dnnl_engine(), gin.data_ptr()), c.pd.diff_src_desc());
  c.prim.execute(s, {{DNNL_ARG_DIFF_DST, dd}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DIFF_SRC, ds.prim}});
  ds.finish(s);
  s.wait();
}

void dnnl_backward_weight(const Tensor& gw, const Tensor& in, const Tensor& gout, const Shapes& sh,
                          const ConvGeometry& g, const DnnlGeometry& dg) {
  using PD = dnnl::convolution_backward_weights::primitive_desc;
  auto c = dnnl_cached<PD, dnnl::convolution_backward_weights>("w" + dg.key, [&] {
    dnnl::convolution_backward_weights::desc d(dnnl::algorithm::convolution_direct,
                                               any_desc(act_dims(sh.n, sh.c, sh.x)),
                                               any_desc(weight_dims(sh, g.groups)),
                                               any_desc(act_dims(sh.n, sh.o, sh.p)), dg.strides, dg.dilates,
                                               dg.pad_l, dg.pad_r);
    return PD(d, dnnl_engine(), forward_pd(sh, g, dg, false));
  });
  set_dnnl_threads();
  dnnl::stream s(dnnl_engine());
  memory src = as_layout(memory(user_desc(in), dnnl_engine(), in.data_ptr()), c.pd.src_desc(), s);
  memory dd = as_layout(memory(user_desc(gout), dnnl_engine(), gout.data_ptr()), c.pd.diff_dst_desc(), s);
  Result dw = result_for(memory(weight_user_desc(gw, g.groups), dnnl_engine(), gw.data_ptr()), c.pd.diff_weights_desc());
  c.prim.execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, dd}, {DNNL_ARG_DIFF_WEIGHTS, dw.prim}});
  dw.finish(s);
  s.wait();
}

// Runs `f`, turning a oneDNN failure into an ember::Error naming the op.
template <class F>
void guarded(const char* what, F&& f) {
  try {
    f();
  } catch (const dnnl::error& e) {
    EMBER_CHECK(false, what, "oneDNN failed: ", e.what());
  }
}

void check_dtype(const char* what, const Tensor& t) {
  EMBER_CHECK(t.dtype() == kFloat || t.dtype() == kDouble, what, "has no kernel for ", t.dtype(),
              " on cpu (float32 and float64 only)");
}

}  // namespace

void conv_forward(const Tensor& out, const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
                  const ConvGeometry& g) {
  const char* what = "convolution";
  check_dtype(what, input);
  if (out.numel() == 0) return;
  Tensor in = input.contiguous(), w = weight.contiguous();
  Tensor b = bias && bias->defined() ? bias->contiguous() : Tensor();
  Shapes sh = shapes_of(in, out, w);
  std::optional<DnnlGeometry> dg;
  if (in.dtype() == kFloat && in.numel() > 0) dg = dnnl_geometry(sh, g, b.defined());
  if (dg) {
    guarded(what, [&] { dnnl_forward(out, in, w, b, sh, g, *dg); });
    return;
  }
  Tensor o = out;  // a handle to the caller's buffer, filled in place
  if (b.defined())
    o.copy_(b.view(act_dims(1, sh.o, DimVector(sh.x.size(), 1))).expand(out.sizes()));
  else
    o.zero_();
  if (in.numel() == 0) return;
  if (in.dtype() == kFloat) run_loop<float>(Kind::Forward, in, out, w, sh, g);
  else run_loop<double>(Kind::Forward, in, out, w, sh, g);
}

void conv_backward_data(const Tensor& grad_input, const Tensor& grad_output, const Tensor& weight,
                        const ConvGeometry& g) {
  const char* what = "convolution_backward_data";
  check_dtype(what, grad_output);
  if (grad_input.numel() == 0) return;
  Tensor gout = grad_output.contiguous(), w = weight.contiguous();
  Shapes sh = shapes_of(grad_input, gout, w);
  std::optional<DnnlGeometry> dg;
  if (gout.dtype() == kFloat && gout.numel() > 0 && w.numel() > 0) dg = dnnl_geometry(sh, g, false);
  if (dg) {
    guarded(what, [&] { dnnl_backward_data(grad_input, gout, w, sh, g, *dg); });
    return;
  }
  Tensor(grad_input).zero_();
  if (gout.numel() == 0 || w.numel() == 0) return;
  if (gout.dtype() == kFloat) run_loop<float>(Kind::BackwardData, grad_input, gout, w, sh, g);
  else run_loop<double>(Kind::BackwardData, grad_input, gout, w, sh, g);
}

void conv_backward_weight(const Tensor& grad_weight, const Tensor& input, const Tensor& grad_output,
                          const ConvGeometry& g) {
  const char* what = "convolution_backward_weight";
  check_dtype(what, input);
  if (grad_weight.numel() == 0) return;
  Tensor in = input.contiguous(), gout = grad_output.contiguous();
  Shapes sh = shapes_of(in, gout, grad_weight);
  std::optional<DnnlGeometry> dg;
  if (in.dtype() == kFloat && in.numel() > 0 && gout.numel() > 0) dg = dnnl_geometry(sh, g, false);
  if (dg) {
    guarded(what, [&] { dnnl_backward_weight(grad_weight, in, gout, sh, g, *dg); });
    return;
  }
  Tensor(grad_weight).zero_();
  if (in.numel() == 0 || gout.numel() == 0) return;
  if (in.dtype() == kFloat) run_loop<float>(Kind::BackwardWeight, in, gout, grad_weight, sh, g);
  else run_loop<double>(Kind::BackwardWeight, in, gout, grad_weight, sh, g);
}

}  // namespace ember::cpu
