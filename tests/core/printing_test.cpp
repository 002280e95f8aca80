// Tensor printing. Every expected string here is LibTorch 1.13's output for the same tensor
// (`std::cout << t`), pasted verbatim, quirks included (see NOTE [LibTorch printing quirks] in
// src/core/printing.cpp). tests/difftest/core_vs_libtorch_test.cpp compares against LibTorch
// live.
#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <vector>

#include <ember/ember.h>

namespace ember {
namespace {

// A tensor of `shape` holding `values` (row-major), converted to `dtype`.
Tensor make(const std::vector<double>& values, IntArrayRef shape, ScalarType dtype) {
  Tensor t = empty(shape, kDouble);
  double* p = t.data_ptr<double>();
  for (size_t i = 0; i < values.size(); ++i) p[i] = values[i];
  return t.to(dtype);
}

// n values start, start + step, ...
std::vector<double> iota(int n, double step = 1, double start = 0) {
  std::vector<double> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = start + i * step;
  return v;
}

std::string str(const Tensor& t, int64_t linesize = 80) {
  std::ostringstream s;
  print(s, t, linesize);
  return s.str();
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

TEST(Printing, Undefined) { EXPECT_EQ(str(Tensor()), "[ Tensor (undefined) ]"); }

TEST(Printing, ZeroDim) {
  EXPECT_EQ(str(make({3.5}, {}, kFloat)), "3.5\n[ CPUFloatType{} ]");
  EXPECT_EQ(str(make({0.1}, {}, kDouble)), "0.1\n[ CPUDoubleType{} ]");
  // Default float format at the stream's precision (6), even for an integer.
  EXPECT_EQ(str(make({123456789}, {}, kLong)), "1.23457e+08\n[ CPULongType{} ]");
}

TEST(Printing, OneDim) {
  EXPECT_EQ(str(make({1.5, 2.25, -3}, {3}, kFloat)), R"( 1.5000
 2.2500
-3.0000
[ CPUFloatType{3} ])");
  // The width follows the largest signed value: -100 overflows its column (LibTorch quirk).
  EXPECT_EQ(str(make({1, -100, 5}, {3}, kLong)), R"( 1
-100
 5
[ CPULongType{3} ])");
}

TEST(Printing, TwoDim) {
  EXPECT_EQ(str(make({1.5, 2, 3, 4, 5, 6}, {2, 3}, kFloat)), R"( 1.5000  2.0000  3.0000
 4.0000  5.0000  6.0000
[ CPUFloatType{2,3} ])");
}

TEST(Printing, WideMatrixSplitsIntoColumnBlocks) {
  Tensor t = make(iota(30, 1.0 / 7), {2, 15}, kFloat);
  // 80 / (7 + 1) = 10 columns per block; the header runs into the first row (LibTorch quirk).
  EXPECT_EQ(str(t), R"(Columns 1 to 10 0.0000  0.1429  0.2857  0.4286  0.5714  0.7143  0.8571  1.0000  1.1429  1.2857
 2.1429  2.2857  2.4286  2.5714  2.7143  2.8571  3.0000  3.1429  3.2857  3.4286

Columns 11 to 15 1.4286  1.5714  1.7143  1.8571  2.0000
 3.5714  3.7143  3.8571  4.0000  4.1429
[ CPUFloatType{2,15} ])");
  EXPECT_EQ(str(t, 40), R"(Columns 1 to 5 0.0000  0.1429  0.2857  0.4286  0.5714
 2.1429  2.2857  2.4286  2.5714  2.7143

Columns 6 to 10 0.7143  0.8571  1.0000  1.1429  1.2857
 2.8571  3.0000  3.1429  3.2857  3.4286

Columns 11 to 15 1.4286  1.5714  1.7143  1.8571  2.0000
 3.5714  3.7143  3.8571  4.0000  4.1429
[ CPUFloatType{2,15} ])");
}

TEST(Printing, NarrowLinesizePrintsOneColumnPerBlock) {
  // LibTorch loops forever here (0 columns fit); ember prints one column per block.
  EXPECT_EQ(str(make({1.5, 2.5}, {1, 2}, kFloat), 4), R"(Columns 1 to 1 1.5000

Columns 2 to 2 2.5000
[ CPUFloatType{1,2} ])");
}

TEST(Printing, ScaleFactor) {
  EXPECT_EQ(str(make({123456.5, 234567.25}, {2}, kFloat)), R"(1e+05 *
 1.2346
 2.3457
[ CPUFloatType{2} ])");
  EXPECT_EQ(str(make({0.001, 0.002}, {2}, kFloat)), R"(0.001 *
 1.0000
 2.0000
[ CPUFloatType{2} ])");
  // Rows after the first are shifted by one space under a scale (LibTorch quirk).
  EXPECT_EQ(str(make({123456.5, 200000, 300000, 400000.25}, {2, 2}, kFloat)), R"(1e+05 *
 1.2346  2.0000
  3.0000  4.0000
[ CPUFloatType{2,2} ])");
  EXPECT_EQ(str(make(iota(24, 1000.5, 100000), {2, 12}, kDouble)), R"(Columns 1 to 101e+05 *
 1.0000  1.0100  1.0200  1.0300  1.0400  1.0500  1.0600  1.0700  1.0800  1.0900
  1.1201  1.1301  1.1401  1.1501  1.1601  1.1701  1.1801  1.1901  1.2001  1.2101

Columns 11 to 121e+05 *
 1.1000  1.1101
  1.2201  1.2301
[ CPUDoubleType{2,12} ])");
}

TEST(Printing, Scientific) {
  EXPECT_EQ(str(make({1e-8, 1, 12345.6}, {3}, kDouble)), R"( 1.0000e-08
 1.0000e+00
 1.2346e+04
[ CPUDoubleType{3} ])");
  // A three-digit exponent widens the column by one.
  EXPECT_EQ(str(make({1e-120, 1}, {2}, kDouble)), R"( 1.0000e-120
  1.0000e+00
[ CPUDoubleType{2} ])");
  EXPECT_EQ(str(make({123456.5, 2}, {2}, kFloat)), R"( 1.2346e+05
 2.0000e+00
[ CPUFloatType{2} ])");
  // Integers of more than 9 digits.
  EXPECT_EQ(str(make({12345678901., 1}, {2}, kLong)), R"( 1.2346e+10
 1.0000e+00
[ CPULongType{2} ])");
}

TEST(Printing, InfAndNan) {
  EXPECT_EQ(str(make({kInf, -kInf, kNan, 1.5}, {4}, kFloat)), R"(    inf
   -inf
    nan
 1.5000
[ CPUFloatType{4} ])");
  EXPECT_EQ(str(make({kInf, kNan}, {2}, kFloat)), "inf\nnan\n[ CPUFloatType{2} ]");
}

TEST(Printing, Empty) {
  EXPECT_EQ(str(empty({0}, kFloat)), "[ CPUFloatType{0} ]");
  EXPECT_EQ(str(empty({2, 0}, kFloat)), "[ CPUFloatType{2,0} ]");
  EXPECT_EQ(str(empty({2, 0, 3}, kLong)), "[ CPULongType{2,0,3} ]");
}

TEST(Printing, NDimSlices) {
  // Slices come first index fastest, each with its own width (LibTorch quirk).
  EXPECT_EQ(str(make(iota(24), {2, 3, 2, 2}, kFloat)), R"((1,1,.,.) = 
  0  1
  2  3

(2,1,.,.) = 
  12  13
  14  15

(1,2,.,.) = 
  4  5
  6  7

(2,2,.,.) = 
  16  17
  18  19

(1,3,.,.) = 
   8   9
  10  11

(2,3,.,.) = 
  20  21
  22  23
[ CPUFloatType{2,3,2,2} ])");
  // Each slice picks its own format: scientific, then fixed.
  EXPECT_EQ(str(make({0.5, 1.5, 100000.5, 2, 3.25, 4}, {2, 1, 3}, kFloat)), R"((1,.,.) = 
  5.0000e-01  1.5000e+00  1.0000e+05

(2,.,.) = 
  2.0000  3.2500  4.0000
[ CPUFloatType{2,1,3} ])");
  EXPECT_EQ(str(make({100000.5, 200000, 300000, 400000, 1.5, 2, 3, 4}, {2, 2, 2}, kFloat)),
            R"((1,.,.) = 
 1e+05 *
  1.0000  2.0000
   3.0000  4.0000

(2,.,.) = 
  1.5000  2.0000
  3.0000  4.0000
[ CPUFloatType{2,2,2} ])");
}

TEST(Printing, Dtypes) {
  EXPECT_EQ(str(make({1, 0, 1}, {3}, kBool)), " 1\n 0\n 1\n[ CPUBoolType{3} ]");
  EXPECT_EQ(str(make({1.5, 2.1}, {2}, kHalf)), " 1.5000\n 2.0996\n[ CPUHalfType{2} ]");
  EXPECT_EQ(str(make({1.5, 2.1}, {2}, kBFloat16)), " 1.5000\n 2.0938\n[ CPUBFloat16Type{2} ]");
  EXPECT_EQ(str(make({1, 2, 255, 0}, {2, 2}, kByte)), "   1    2\n 255    0\n[ CPUByteType{2,2} ]");
  EXPECT_EQ(str(make({-1, 2}, {2}, kChar)), "-1\n 2\n[ CPUCharType{2} ]");
  EXPECT_EQ(str(make({-1, 2}, {2}, kShort)), "-1\n 2\n[ CPUShortType{2} ]");
  EXPECT_EQ(str(make({-1, 2}, {2}, kInt)), "-1\n 2\n[ CPUIntType{2} ]");
}

TEST(Printing, NonContiguous) {
  Tensor t = make({1.5, 2, 3, 4, 5, 6}, {2, 3}, kFloat).t();
  ASSERT_FALSE(t.is_contiguous());
  EXPECT_EQ(str(t), R"( 1.5000  4.0000
 2.0000  5.0000
 3.0000  6.0000
[ CPUFloatType{3,2} ])");
  Tensor s = make(iota(10, 0.5), {10}, kDouble).slice(0, 1, 9, 3);  // 0.5, 2.0, 3.5
  EXPECT_EQ(str(s), " 0.5000\n 2.0000\n 3.5000\n[ CPUDoubleType{3} ]");
}

TEST(Printing, StreamFormatIsUsedThenRestored) {
  std::ostringstream a;
  a << std::setprecision(10) << make({1.0 / 3}, {}, kDouble) << " " << 1.0 / 3;
  EXPECT_EQ(a.str(), "0.3333333333\n[ CPUDoubleType{} ] 0.3333333333");
  std::ostringstream b;
  b << std::fixed << std::setprecision(2) << make({1.5}, {1}, kFloat) << " " << 1.0 / 3;
  EXPECT_EQ(b.str(), " 1.5000\n[ CPUFloatType{1} ] 0.33");
}

TEST(Printing, PrintWritesToStdout) {
  testing::internal::CaptureStdout();
  print(make({2, 3}, {2}, kInt));
  EXPECT_EQ(testing::internal::GetCapturedStdout(), " 2\n 3\n[ CPUIntType{2} ]");
}

TEST(Printing, ToString) {
  EXPECT_EQ(empty({1}, kFloat).toString(), "CPUFloatType");
  EXPECT_EQ(empty({1}, kBFloat16).toString(), "CPUBFloat16Type");
  EXPECT_EQ(Tensor().toString(), "UndefinedType");
}

}  // namespace
}  // namespace ember
