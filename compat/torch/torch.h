#pragma once
// `#include <torch/torch.h>` for LibTorch programs built against ember: put compat/ on the
// include path (link ember::torch_compat) and torch::, at:: and c10:: name ember's API.
#include <torch/types.h>

// LibTorch's module-holder macro: TORCH_MODULE(Net) declares the holder Net for NetImpl.
#define TORCH_MODULE(Name) EMBER_MODULE(Name)
