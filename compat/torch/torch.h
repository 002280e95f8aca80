#pragma once
// `#include <torch/torch.h>` for LibTorch programs built against ember: put compat/ on the
// include path (link ember::torch_compat) and torch::, at:: and c10:: name ember's API.
#include <torch/types.h>

// LibTorch's module-holder macro: TORCH_MODULE(Net) declares the holder Net for NetImpl.
#define TORCH_MODULE(Name) EMBER_MODULE(Name)

// LibTorch's checks: TORCH_CHECK(cond, message parts...) and AT_ASSERT(cond) throw an
// ember::Error (c10::Error) carrying the message, as LibTorch's do.
#define TORCH_CHECK(cond, ...) \
  EMBER_CHECK(cond, "TORCH_CHECK", "Expected " #cond " to be true" __VA_OPT__(, ". ", ) __VA_ARGS__)
#define AT_ASSERT(cond) EMBER_CHECK(cond, "AT_ASSERT", "Expected " #cond " to be true")
