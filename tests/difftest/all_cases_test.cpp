// Runs every registered difftest case and checks that every op of the op table has cases.
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "difftest/harness.h"
#include "difftest/module_compare.h"
#include "ember/ops/op_table.h"

namespace ember::difftest {

TEST(Difftest, AllCases) {
  int passed = 0, failed = 0, bad_calls = 0;
  for (const Case& c : all_cases()) {
    if (c.label.rfind("error/", 0) == 0) ++bad_calls;
    std::string why;
    try {
      why = c.run();
    } catch (const std::exception& e) {
      why = std::string("threw: ") + e.what();
    }
    if (why.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << c.op << " [" << c.label << "]: " << why;
    }
  }
  std::cout << "difftest: " << passed + failed << " cases, " << passed << " passed, " << failed
            << " failed (" << bad_calls << " of them bad calls both libraries reject)\n";
  EXPECT_GE(bad_calls, 100);
}

// Module comparisons run as their own tests; their count is printed once all tests are done.
class ModuleSummary : public ::testing::Environment {
 public:
  void TearDown() override {
    std::cout << "difftest modules: " << module_comparisons()
              << " module comparisons against LibTorch (forward, input and parameter gradients)\n";
  }
};
const auto* const module_summary = ::testing::AddGlobalTestEnvironment(new ModuleSummary);

TEST(Difftest, EveryOpHasCases) {
  std::set<std::string> covered;
  for (const Case& c : all_cases()) covered.insert(c.op);
  for (const OpInfo& op : op_table())
    EXPECT_TRUE(covered.count(std::string(op.name))) << "op '" << op.name << "' has no difftest case";
}

}  // namespace ember::difftest
