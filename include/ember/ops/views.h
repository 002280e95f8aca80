#pragma once
// View ops: results share storage (and the version counter) with their input; no data moves.
// Free-function spellings of the Tensor methods, as torch::reshape, torch::transpose, ...
#include <optional>

#include "ember/core/tensor.h"

namespace ember {

Tensor view(const Tensor& self, IntArrayRef size);
Tensor view(const Tensor& self, ScalarType dtype);
Tensor reshape(const Tensor& self, IntArrayRef shape);
Tensor permute(const Tensor& self, IntArrayRef dims);
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1);
Tensor swapaxes(const Tensor& self, int64_t dim0, int64_t dim1);
Tensor t(const Tensor& self);
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length);
Tensor select(const Tensor& self, int64_t dim, int64_t index);
Tensor slice(const Tensor& self, int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
             std::optional<int64_t> end = std::nullopt, int64_t step = 1);
Tensor expand(const Tensor& self, IntArrayRef size);
Tensor squeeze(const Tensor& self);
Tensor squeeze(const Tensor& self, int64_t dim);
Tensor unsqueeze(const Tensor& self, int64_t dim);
Tensor flatten(const Tensor& self, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes);
Tensor diagonal(const Tensor& self, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
Tensor as_strided(const Tensor& self, IntArrayRef size, IntArrayRef stride,
                  std::optional<int64_t> storage_offset = std::nullopt);
Tensor unfold(const Tensor& self, int64_t dimension, int64_t size, int64_t step);
Tensor movedim(const Tensor& self, int64_t source, int64_t destination);
Tensor movedim(const Tensor& self, IntArrayRef source, IntArrayRef destination);
Tensor alias(const Tensor& self);

// Shape of broadcasting `tensors` together, and each tensor expanded to it.
std::vector<Tensor> broadcast_tensors(TensorList tensors);

}  // namespace ember
