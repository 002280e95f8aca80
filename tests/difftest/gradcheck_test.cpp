// gradcheck AND gradgradcheck (float64 finite differences) on every differentiable op of the
// op table, from the cases the family files register; an op without a case fails.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>

#include "difftest/harness.h"
#include "ember/ops/op_table.h"

namespace ember::difftest {

TEST(Gradcheck, AllDifferentiableOps) {
  std::map<std::string, bool> op_passed;
  for (const GradcheckCase& c : all_gradcheck_cases()) {
    std::string why;
    try {
      why = run_gradcheck(c);
    } catch (const std::exception& e) {
      why = std::string("threw: ") + e.what();
    }
    if (why == kNotApplicable) continue;
    bool& ok = op_passed.try_emplace(c.op, true).first->second;
    if (!why.empty()) {
      ok = false;
      ADD_FAILURE() << c.op << " [" << c.label << "]: " << why.substr(0, 600);
    }
  }
  int passed = 0;
  for (const auto& [op, ok] : op_passed) passed += ok;
  std::cout << "gradcheck: " << op_passed.size() << " ops, " << passed << " passed, "
            << op_passed.size() - passed << " failed (" << all_gradcheck_cases().size() << " cases)\n";
}

TEST(Gradcheck, EveryDifferentiableOpHasCases) {
  std::set<std::string> covered;
  for (const GradcheckCase& c : all_gradcheck_cases()) covered.insert(c.op);
  for (const OpInfo& op : op_table()) {
    if (!op.differentiable) continue;
    EXPECT_TRUE(covered.count(std::string(op.name))) << "differentiable op '" << op.name << "' has no gradcheck case";
  }
}

}  // namespace ember::difftest
