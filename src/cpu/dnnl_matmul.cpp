#include "cpu/dnnl_matmul.h"

#include <sstream>

#include "cpu/dnnl_util.h"

namespace ember::cpu {

namespace {

using dnnl::memory;

// A (B, R, C) operand as oneDNN sees it: a broadcast batch (stride 0) becomes batch size 1,
// which oneDNN's matmul broadcasts itself.
memory::desc operand_desc(const Tensor& t) {
  bool broadcast = t.stride(0) == 0 && t.size(0) > 1;
  memory::dims dims = {broadcast ? 1 : t.size(0), t.size(1), t.size(2)};
  memory::dims strides = {broadcast ? t.size(1) * t.size(2) : t.stride(0), t.stride(1), t.stride(2)};
  return memory::desc(dims, memory::data_type::bf16, strides);
}

void describe(std::ostringstream& key, const memory::desc& d) {
  for (int i = 0; i < 3; ++i) key << d.dims()[i] << ',' << d.data.format_desc.blocking.strides[i] << ';';
}

}  // namespace

bool dnnl_bf16_gemm(const Tensor& out, const Tensor& a, const Tensor& b, float beta, float alpha) {
  // oneDNN wants one unit stride among each matrix's last two dims.
  auto unit = [](const Tensor& t) { return t.stride(2) == 1 || t.stride(1) == 1; };
  if (!unit(a) || !unit(b)) return false;
  memory::desc a_desc = operand_desc(a), b_desc = operand_desc(b);
  memory::desc c_desc({out.size(0), out.size(1), out.size(2)}, memory::data_type::bf16, memory::format_tag::abc);
  std::ostringstream key;
  describe(key, a_desc);
  describe(key, b_desc);
  key << out.size(0) << ',' << out.size(1) << ',' << out.size(2) << ';' << alpha << ';' << beta;
  using PD = dnnl::matmul::primitive_desc;
  auto make = [&] {
    dnnl::primitive_attr attr;
    if (alpha != 1.0f) attr.set_output_scales(0, {alpha});
    if (beta != 0.0f) {
      dnnl::post_ops ops;
      ops.append_sum(beta);
      attr.set_post_ops(ops);
    }
    return PD(dnnl::matmul::desc(a_desc, b_desc, c_desc), attr, dnnl_engine());
  };
  DnnlCached<PD, dnnl::matmul> c;
  try {
    c = dnnl_cached<PD, dnnl::matmul>(key.str(), make);
  } catch (const dnnl::error&) {
    return false;  // a layout this oneDNN has no kernel for: the caller's float path runs
  }
  set_dnnl_threads();
  dnnl::stream s(dnnl_engine());
  c.prim.execute(s, {{DNNL_ARG_SRC, memory(a_desc, dnnl_engine(), a.data_ptr())},
                     {DNNL_ARG_WEIGHTS, memory(b_desc, dnnl_engine(), b.data_ptr())},
                     {DNNL_ARG_DST, memory(c_desc, dnnl_engine(), out.data_ptr())}});
  s.wait();
  return true;
}

}  // namespace ember::cpu
