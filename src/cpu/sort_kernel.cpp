#include "cpu/sort_kernel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "cpu/convert.h"
#include "ember/core/factories.h"

namespace ember::cpu {

namespace {

// Half and bfloat16 compare as float.
template <class T>
auto compare_value(T v) {
  if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>) return static_cast<float>(v);
  else return v;
}

template <class V>
bool is_nan(V v) {
  if constexpr (std::is_floating_point_v<V>) return std::isnan(v);
  else return false;
}

// a < b with NaN above every number (NaNs are equal to each other): a strict weak order, so
// std::sort is well defined on data with NaN.
template <class T>
bool less_nan_last(T x, T y) {
  auto a = compare_value(x);
  auto b = compare_value(y);
  if (is_nan(a)) return false;
  return is_nan(b) || a < b;
}

}  // namespace

void sort_kernel(const Tensor& indices, const Tensor& self, bool descending) {
  int64_t rows = self.sizes()[0], n = self.sizes()[1];
  dispatch_all_types(self.dtype(), "sort", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* in = self.data_ptr<T>();
    int64_t* idx = indices.data_ptr<int64_t>();
    for (int64_t r = 0; r < rows; ++r) {
      const T* x = in + r * n;
      int64_t* order = idx + r * n;
      std::iota(order, order + n, int64_t{0});
      if (descending)
        std::stable_sort(order, order + n, [x](int64_t i, int64_t j) { return less_nan_last(x[j], x[i]); });
      else
        std::stable_sort(order, order + n, [x](int64_t i, int64_t j) { return less_nan_last(x[i], x[j]); });
    }
  });
}

void topk_kernel(const Tensor& indices, const Tensor& self, int64_t k, bool largest) {
  int64_t rows = self.sizes()[0], n = self.sizes()[1];
  dispatch_all_types(self.dtype(), "topk", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* in = self.data_ptr<T>();
    int64_t* idx = indices.data_ptr<int64_t>();
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t r = 0; r < rows; ++r) {
      const T* x = in + r * n;
      std::iota(order.begin(), order.end(), int64_t{0});
      // Ties break by index, so the result does not depend on partial_sort's internals.
      auto before = [x, largest](int64_t i, int64_t j) {
        if (largest ? less_nan_last(x[j], x[i]) : less_nan_last(x[i], x[j])) return true;
        if (less_nan_last(x[i], x[j]) || less_nan_last(x[j], x[i])) return false;
        return i < j;
      };
      std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
      std::copy(order.begin(), order.begin() + k, idx + r * k);
    }
  });
}

void searchsorted_kernel(const Tensor& out, const Tensor& boundaries, const Tensor& values, bool right) {
  int64_t rows = values.sizes()[0], m = values.sizes()[1], n = boundaries.sizes()[1];
  bool shared = boundaries.sizes()[0] == 1;
  dispatch_all_types(values.dtype(), "searchsorted", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* bd = boundaries.data_ptr<T>();
    const T* val = values.data_ptr<T>();
    for (int64_t r = 0; r < rows; ++r) {
      const T* b = bd + (shared ? 0 : r * n);
      for (int64_t i = 0; i < m; ++i) {
        auto v = compare_value(val[r * m + i]);
        // Binary search with PyTorch's comparisons: a NaN value goes past every boundary.
        int64_t lo = 0, hi = n;
        while (lo < hi) {
          int64_t mid = lo + (hi - lo) / 2;
          auto bv = compare_value(b[mid]);
          bool go_right = right ? !(bv > v) : !(bv >= v);
          if (go_right) lo = mid + 1;
          else hi = mid;
        }
        if (out.dtype() == kInt) out.data_ptr<int32_t>()[r * m + i] = static_cast<int32_t>(lo);
        else out.data_ptr<int64_t>()[r * m + i] = lo;
      }
    }
  });
}

UniqueRows unique_rows_kernel(const Tensor& self) {
  int64_t n = self.sizes()[0], m = self.sizes()[1];
  return dispatch_all_types(self.dtype(), "unique", [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* x = self.data_ptr<T>();
    auto row_less = [x, m](int64_t i, int64_t j) {
      return std::lexicographical_compare(x + i * m, x + (i + 1) * m, x + j * m, x + (j + 1) * m,
                                          less_nan_last<T>);
    };
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), row_less);
    // Group equal neighbours: first row of each group, and each input row's group.
    std::vector<int64_t> firsts, counts;
    Tensor inverse = empty({n}, kLong);
    int64_t* inv = inverse.data_ptr<int64_t>();
    for (int64_t p = 0; p < n; ++p) {
      int64_t row = order[static_cast<size_t>(p)];
      if (p == 0 || row_less(order[static_cast<size_t>(p - 1)], row)) {
        firsts.push_back(row);
        counts.push_back(0);
      }
      ++counts.back();
      inv[row] = static_cast<int64_t>(firsts.size()) - 1;
    }
    int64_t u = static_cast<int64_t>(firsts.size());
    UniqueRows result{empty({u, m}, self.dtype()), inverse, empty({u}, kLong)};
    T* vals = result.values.template data_ptr<T>();
    for (int64_t g = 0; g < u; ++g)
      std::copy(x + firsts[static_cast<size_t>(g)] * m, x + (firsts[static_cast<size_t>(g)] + 1) * m, vals + g * m);
    std::copy(counts.begin(), counts.end(), result.counts.template data_ptr<int64_t>());
    return result;
  });
}

}  // namespace ember::cpu
