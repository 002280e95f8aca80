#pragma once
// elementwise<Out, In...>(out, {&in...}, f): the one loop every elementwise kernel (unary,
// binary, ternary; same or mixed dtypes) runs on: out[i] = f(in0[i], in1[i], ...).
//
// Inputs arrive already broadcast to out's shape (broadcast dims carry stride 0) and in the
// C++ types Out/In... the caller dispatched on. Runs come from StridedLoop; within a run:
//   - every operand contiguous: plain pointer loops the compiler vectorises;
//   - two inputs, one of them a broadcast scalar (x + 2, 2 - x): the scalar is loaded once;
//   - otherwise: byte-strided loads (memcpy: strided views need not be aligned for Out/In).
// f is a functor called per element, inlined: no per-element indirect calls.
#include <array>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include "cpu/strided_loop.h"
#include "ember/core/half.h"

namespace ember::cpu {

// Half and bfloat16 compute in float (their "opmath" type, as PyTorch).
template <class T> struct opmath { using type = T; };
template <> struct opmath<Half> { using type = float; };
template <> struct opmath<BFloat16> { using type = float; };
template <class T> using opmath_t = typename opmath<T>::type;

namespace detail {

template <class T>
inline T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <class Out, class... In, class F, size_t... K>
inline void elementwise_run(char** p, const int64_t* s, int64_t n, F& f, std::index_sequence<K...>) {
  bool out_dense = s[0] == static_cast<int64_t>(sizeof(Out));
  if (out_dense && ((s[K + 1] == static_cast<int64_t>(sizeof(In))) && ...)) {
    Out* o = reinterpret_cast<Out*>(p[0]);
    std::tuple<const In*...> in{reinterpret_cast<const In*>(p[K + 1])...};
    for (int64_t i = 0; i < n; ++i) o[i] = f(std::get<K>(in)[i]...);
    return;
  }
  if constexpr (sizeof...(In) == 2) {
    using A = std::tuple_element_t<0, std::tuple<In...>>;
    using B = std::tuple_element_t<1, std::tuple<In...>>;
    Out* o = reinterpret_cast<Out*>(p[0]);
    if (out_dense && s[1] == static_cast<int64_t>(sizeof(A)) && s[2] == 0) {
      const A* x = reinterpret_cast<const A*>(p[1]);
      const B y = load<B>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = f(x[i], y);
      return;
    }
    if (out_dense && s[1] == 0 && s[2] == static_cast<int64_t>(sizeof(B))) {
      const A x = load<A>(p[1]);
      const B* y = reinterpret_cast<const B*>(p[2]);
      for (int64_t i = 0; i < n; ++i) o[i] = f(x, y[i]);
      return;
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    Out r = f(load<In>(p[K + 1] + i * s[K + 1])...);
    std::memcpy(p[0] + i * s[0], &r, sizeof(Out));
  }
}

}  // namespace detail

template <class Out, class... In, class F>
void elementwise(const Tensor& out, const std::array<const Tensor*, sizeof...(In)>& in, F f) {
  constexpr int N = 1 + static_cast<int>(sizeof...(In));
  std::array<const Tensor*, N> operands;
  operands[0] = &out;
  for (size_t k = 0; k < in.size(); ++k) operands[k + 1] = in[k];
  StridedLoop<N> loop(operands, out.sizes());
  loop.parallel_run([&f](char** p, const int64_t* s, int64_t n) {
    detail::elementwise_run<Out, In...>(p, s, n, f, std::index_sequence_for<In...>{});
  });
}

}  // namespace ember::cpu
