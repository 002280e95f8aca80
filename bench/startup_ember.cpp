// The startup_ms row's ember side: load the library, make one tensor, exit.
#include <ember/ember.h>

int main() { return ember::ones({2, 2}).sum().item<float>() == 4.0f ? 0 : 1; }
