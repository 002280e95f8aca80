#include "nn/modules/embedding_table.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/error.h"
#include "ember/core/factories.h"
#include "ember/nn/init.h"

namespace ember::nn {

Tensor embedding_table(const char* module, int64_t num, int64_t dim, std::optional<int64_t>& padding_idx,
                       const Tensor& given) {
  EMBER_CHECK(num >= 0 && dim >= 0, module, "num_embeddings and embedding_dim must be non-negative, got ", num,
              " and ", dim);
  if (padding_idx) {
    EMBER_CHECK(*padding_idx >= -num && *padding_idx < num, module, "padding_idx ", *padding_idx,
                " must be within num_embeddings (", num, ")");
    if (*padding_idx < 0) *padding_idx += num;
  }
  if (!given.defined()) {
    Tensor table = empty({num, dim});
    init_embedding_table(table, padding_idx);
    return table;
  }
  EMBER_CHECK(given.dim() == 2 && given.size(0) == num && given.size(1) == dim, module,
              "_weight must have shape [num_embeddings, embedding_dim] = [", num, ", ", dim, "], got ",
              given.sizes());
  return given;
}

void init_embedding_table(const Tensor& weight, const std::optional<int64_t>& padding_idx) {
  init::normal_(weight);
  if (padding_idx) {
    NoGradGuard no_grad;
    weight[*padding_idx].fill_(0);
  }
}

}  // namespace ember::nn
