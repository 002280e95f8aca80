#pragma once
// ember::indexing: the index kinds of Tensor::index / index_put_, as torch::indexing.
//
//   x.index({0, Slice(1, None, 2), None, "...", idx})   // Python: x[0, 1::2, None, ..., idx]
//
// An index is an integer (select), a Slice (view with a positive step), None (a new size-1
// dim), Ellipsis / "..." (all dims not otherwise indexed), a bool (a new dim of size 1 for
// true, 0 for false), or a Tensor (advanced indexing: int64/int32 positions or a bool/uint8
// mask). Integers, slices, None and Ellipsis give views; any tensor or bool index gives a copy.
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <ostream>
#include <type_traits>

#include "ember/core/error.h"
#include "ember/core/tensor.h"

namespace ember::indexing {

inline constexpr int64_t INDEX_MAX = std::numeric_limits<int64_t>::max();
inline constexpr int64_t INDEX_MIN = std::numeric_limits<int64_t>::min();

enum class TensorIndexType { None, Ellipsis, Integer, Boolean, Slice, Tensor };

inline constexpr std::nullopt_t None = std::nullopt;

struct EllipsisIndexType final {
  constexpr EllipsisIndexType() = default;
};
inline constexpr EllipsisIndexType Ellipsis{};

// Slice(start, stop, step) as Python's start:stop:step; omitted bounds cover the whole dim.
// As LibTorch, the bounds are stored resolved (start 0, stop INDEX_MAX for a positive step) and
// a zero step is rejected here; a negative step is rejected when the slice is applied.
class Slice final {
 public:
  Slice(std::optional<int64_t> start_index = std::nullopt,
        std::optional<int64_t> stop_index = std::nullopt,
        std::optional<int64_t> step_index = std::nullopt) {
    step_ = step_index.value_or(1);
    EMBER_CHECK(step_ != 0, "Slice", "slice step cannot be zero");
    if (step_ < -INDEX_MAX) step_ = -INDEX_MAX;  // so that -step cannot overflow
    start_ = start_index.value_or(step_ < 0 ? INDEX_MAX : 0);
    stop_ = stop_index.value_or(step_ < 0 ? INDEX_MIN : INDEX_MAX);
  }

  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }

 private:
  int64_t start_;
  int64_t stop_;
  int64_t step_;
};

std::ostream& operator<<(std::ostream& out, const Slice& slice);

class TensorIndex final {
 public:
  TensorIndex(std::nullopt_t) : type_(TensorIndexType::None) {}  // NOLINT: implicit as LibTorch
  TensorIndex(EllipsisIndexType) : type_(TensorIndexType::Ellipsis) {}  // NOLINT
  // "..." is the only string accepted (LibTorch's spelling of Ellipsis).
  TensorIndex(const char* str) : TensorIndex(Ellipsis) {  // NOLINT
    EMBER_CHECK(str != nullptr && std::strcmp(str, "...") == 0, "TensorIndex",
                "expected \"...\" to represent an ellipsis index, but got \"",
                str ? str : "(null)", "\"");
  }
  TensorIndex(int64_t integer) : integer_(integer), type_(TensorIndexType::Integer) {}  // NOLINT
  TensorIndex(int integer) : TensorIndex(static_cast<int64_t>(integer)) {}  // NOLINT
  // A template so that pointers and integers do not convert to bool silently.
  template <class T, std::enable_if_t<std::is_same_v<T, bool>, int> = 0>
  TensorIndex(T boolean) : boolean_(boolean), type_(TensorIndexType::Boolean) {}  // NOLINT
  TensorIndex(Slice slice) : slice_(slice), type_(TensorIndexType::Slice) {}  // NOLINT
  TensorIndex(Tensor tensor) : tensor_(std::move(tensor)), type_(TensorIndexType::Tensor) {}  // NOLINT

  TensorIndexType type() const { return type_; }
  bool is_none() const { return type_ == TensorIndexType::None; }
  bool is_ellipsis() const { return type_ == TensorIndexType::Ellipsis; }
  bool is_integer() const { return type_ == TensorIndexType::Integer; }
  int64_t integer() const { return integer_; }
  bool is_boolean() const { return type_ == TensorIndexType::Boolean; }
  bool boolean() const { return boolean_; }
  bool is_slice() const { return type_ == TensorIndexType::Slice; }
  const Slice& slice() const { return slice_; }
  bool is_tensor() const { return type_ == TensorIndexType::Tensor; }
  const Tensor& tensor() const { return tensor_; }

 private:
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor tensor_;
  TensorIndexType type_;
};

// Prints as LibTorch: None, ..., 3, true, 0:9223372036854775807:1, or the tensor's type and shape.
std::ostream& operator<<(std::ostream& out, const TensorIndex& index);
std::ostream& operator<<(std::ostream& out, ArrayRef<TensorIndex> indices);

}  // namespace ember::indexing
