#pragma once
// `#include <torch/torch.h>` for LibTorch programs built against ember: put compat/ on the
// include path (link ember::torch_compat) and torch::, at:: and c10:: name ember's API.
#include <torch/types.h>
