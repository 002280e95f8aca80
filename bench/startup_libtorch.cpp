// The startup_ms row's LibTorch side: load the library, make one tensor, exit.
#include <torch/torch.h>

int main() { return torch::ones({2, 2}).sum().item<float>() == 4.0f ? 0 : 1; }
