#include "ember/autograd/node.h"

#include <atomic>

namespace ember::autograd {

namespace {
// Later nodes get larger numbers; the engine runs ready nodes latest-first, which is the
// reverse of forward order (as PyTorch's CPU ready queue).
std::atomic<uint64_t> g_next_sequence_nr{0};
}  // namespace

Node::Node() : sequence_nr_(g_next_sequence_nr.fetch_add(1, std::memory_order_relaxed)) {}

}  // namespace ember::autograd
