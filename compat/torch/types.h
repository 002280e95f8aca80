#pragma once
// LibTorch's torch:: spelling of ember. As in LibTorch, torch:: is at:: (a using-directive, see
// ATen/ATen.h) plus a few names of its own: torch::optional, torch::Dtype and the short dtypes.
// Everything ember has is reachable as torch::name, including nested namespaces
// (torch::indexing::Slice is ember::indexing::Slice).
#include <ATen/ATen.h>

namespace torch {
using namespace ::at;  // NOLINT

using c10::nullopt;
using c10::optional;

using Dtype = ScalarType;

// Rust-style short dtypes.
constexpr auto kU8 = kUInt8;
constexpr auto kI8 = kInt8;
constexpr auto kI16 = kInt16;
constexpr auto kI32 = kInt32;
constexpr auto kI64 = kInt64;
constexpr auto kF16 = kFloat16;
constexpr auto kF32 = kFloat32;
constexpr auto kF64 = kFloat64;
}  // namespace torch
