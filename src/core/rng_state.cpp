// get_rng_state / set_rng_state: the default generator's (seed, offset) as bytes.
#include <cstring>

#include "ember/core/factories.h"
#include "ember/core/random.h"

namespace ember {

namespace {
constexpr int64_t kStateBytes = 16;

void put_u64_le(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>((v >> (8 * i)) & 0xff);
}
uint64_t get_u64_le(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(in[i]) << (8 * i);
  return v;
}
}  // namespace

Tensor get_rng_state() {
  Tensor state = empty({kStateBytes}, kUInt8);
  auto* bytes = state.data_ptr<uint8_t>();
  put_u64_le(bytes, default_generator().current_seed());
  put_u64_le(bytes + 8, default_generator().offset());
  return state;
}

void set_rng_state(const Tensor& state) {
  const char* op = "set_rng_state";
  EMBER_CHECK(state.defined(), op, "the state is an undefined tensor; pass one from get_rng_state()");
  EMBER_CHECK(state.dtype() == kUInt8 && state.dim() == 1 && state.numel() == kStateBytes, op,
              "expected a 1-D uint8 tensor of ", kStateBytes, " bytes as get_rng_state() returns, got ", state.dtype(),
              " of shape ", state.sizes());
  Tensor bytes = state.contiguous();
  const auto* data = bytes.data_ptr<uint8_t>();
  Generator& generator = default_generator();
  generator.set_current_seed(get_u64_le(data));
  generator.set_offset(get_u64_le(data + 8));
}

}  // namespace ember
