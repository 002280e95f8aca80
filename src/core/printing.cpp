// Tensor printing, byte-identical to LibTorch 1.13's `std::cout << tensor`: the values (as a
// column, a matrix split into column blocks, or "(i,j,.,.) = " matrix slices), then a footer
// "[ CPUFloatType{2,3} ]". Every dtype is printed through a contiguous float64 copy, as
// LibTorch does, so a bool prints as 0/1 and an int64 beyond 2^53 prints rounded.
//
// NOTE [LibTorch printing quirks]
// These are reproduced on purpose, since the point is identical output:
//  - The column width grows with the largest *signed* value, so a negative value of the largest
//    magnitude can overflow its column ("-100" in a width-2 column when it is not the first
//    element).
//  - Integer-valued data of up to 9 digits prints with the stream's default float format, so
//    123456789 prints as "1.23457e+08" (precision 6 unless the caller changed it).
//  - "Columns 1 to 10" is followed by the first row (or the scale, "Columns 1 to 101e+05 *") on
//    the same line (no line break).
//  - Under a scale, every row after the first is shifted right by one space.
//  - The matrices of an N-d tensor are indented by one space (their first line and each row).
//  - The "(i,j,.,.) = " slices of an N-d tensor are enumerated with the *first* index varying
//    fastest: (1,1), (2,1), (1,2), (2,2), ...
//  - Each matrix slice chooses its own format and scale.
//
// NOTE [Printing large tensors]
// LibTorch's C++ printer never summarises: it prints every element, whatever the size. ember
// does the same, so output stays identical to LibTorch for every tensor. Python-style "..."
// summaries would change the output of tensors LibTorch prints in full, and a program that
// prints a huge tensor asked for it.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <ostream>
#include <vector>

#include "ember/core/tensor.h"

namespace ember {

namespace {

// Restores the caller's stream format (flags, precision, fill) when printing ends: the printer
// switches between fixed, scientific and default float formats as it goes.
class FormatGuard {
 public:
  explicit FormatGuard(std::ostream& out) : out_(out), saved_(nullptr) { saved_.copyfmt(out); }
  ~FormatGuard() { out_.copyfmt(saved_); }
  FormatGuard(const FormatGuard&) = delete;
  FormatGuard& operator=(const FormatGuard&) = delete;

 private:
  std::ostream& out_;
  std::ios saved_;
};

void set_default_float(std::ostream& out) { out.unsetf(std::ios_base::floatfield); }

// How one block of values (a 1-d tensor, or one matrix) is written: every value is divided by
// `scale` and right-aligned in a field of `width` characters. The float format (fixed,
// scientific or default) is set on the stream as a side effect.
struct BlockFormat {
  double scale = 1;
  int64_t width = 0;
};

// LibTorch's choice for the values p[0..n), n > 0. "Digits" below are the number of digits
// before the decimal point: floor(log10(|x|)) + 1.
BlockFormat choose_format(std::ostream& out, const double* p, int64_t n) {
  bool int_mode = true;  // every finite value is an integer
  for (int64_t i = 0; i < n; ++i) {
    if (std::isfinite(p[i]) && p[i] != std::ceil(p[i])) {
      int_mode = false;
      break;
    }
  }
  int64_t first_finite = 0;
  while (first_finite < n && !std::isfinite(p[first_finite])) ++first_finite;

  double exp_min = 1;  // digits of the smallest and the largest finite magnitude
  double exp_max = 1;
  if (first_finite < n) {
    double min_abs = std::fabs(p[first_finite]);
    double max_abs = min_abs;
    for (int64_t i = first_finite; i < n; ++i) {
      double z = std::fabs(p[i]);
      if (!std::isfinite(z)) continue;
      if (z < min_abs) min_abs = z;
      if (p[i] > max_abs) max_abs = z;  // signed comparison: see NOTE [LibTorch printing quirks]
    }
    exp_min = min_abs != 0 ? std::floor(std::log10(min_abs)) + 1 : 1;
    exp_max = max_abs != 0 ? std::floor(std::log10(max_abs)) + 1 : 1;
  }

  BlockFormat f;
  if (int_mode) {
    if (exp_max > 9) {
      f.width = 11;
      out << std::scientific << std::setprecision(4);
    } else {
      f.width = static_cast<int64_t>(exp_max) + 1;
      set_default_float(out);
    }
  } else if (exp_max - exp_min > 4) {
    // Magnitudes too far apart for one fixed-point scale: "1.2346e+04".
    f.width = 11;
    if (std::fabs(exp_max) > 99 || std::fabs(exp_min) > 99) f.width += 1;  // 3-digit exponent
    out << std::scientific << std::setprecision(4);
  } else {
    if (exp_max > 5 || exp_max < 0) {
      // Large or tiny values share a common factor printed above them ("1e+05 *").
      f.width = 7;
      f.scale = std::pow(10, exp_max - 1);
    } else {
      f.width = exp_max == 0 ? 7 : static_cast<int64_t>(exp_max) + 6;
    }
    out << std::fixed << std::setprecision(4);
  }
  return f;
}

void print_scale(std::ostream& out, double scale) {
  FormatGuard guard(out);
  set_default_float(out);
  out << scale << " *" << std::endl;
}

void print_indent(std::ostream& out, int64_t indent) {
  for (int64_t i = 0; i < indent; ++i) out << ' ';
}

// p is a contiguous (rows, cols) matrix, rows * cols > 0. Columns are split into blocks that
// fit in `linesize` characters, each headed "Columns a to b" when there is more than one.
void print_matrix(std::ostream& out, const double* p, int64_t rows, int64_t cols, int64_t linesize,
                  int64_t indent) {
  BlockFormat f = choose_format(out, p, rows * cols);
  print_indent(out, indent);
  // LibTorch loops forever when not even one column fits; ember prints one column per block.
  int64_t columns_per_line = std::max<int64_t>(1, (linesize - indent) / (f.width + 1));
  int64_t first_column = 0;
  while (first_column < cols) {
    int64_t last_column = first_column + columns_per_line <= cols
                              ? first_column + columns_per_line - 1
                              : cols - 1;
    if (columns_per_line < cols) {
      if (first_column != 0) out << std::endl;
      out << "Columns " << first_column + 1 << " to " << last_column + 1;
      print_indent(out, indent);
    }
    if (f.scale != 1) {
      print_scale(out, f.scale);
      print_indent(out, indent);
    }
    for (int64_t r = 0; r < rows; ++r) {
      const double* row = p + r * cols;
      for (int64_t c = first_column; c <= last_column; ++c) {
        out << std::setw(static_cast<int>(f.width)) << row[c] / f.scale;
        if (c == last_column) {
          out << std::endl;
          if (r != rows - 1) {
            print_indent(out, indent);
            if (f.scale != 1) out << ' ';
          }
        } else {
          out << ' ';
        }
      }
    }
    first_column = last_column + 1;
  }
}

// t is contiguous float64 with dim >= 3 and numel > 0: one "(i,j,.,.) = " matrix per index of
// the leading dim() - 2 dims, the first index varying fastest (as LibTorch).
void print_slices(std::ostream& out, const Tensor& t, int64_t linesize) {
  const int64_t batch_dims = t.dim() - 2;
  const int64_t rows = t.size(-2);
  const int64_t cols = t.size(-1);
  const double* data = t.data_ptr<double>();
  std::vector<int64_t> index(static_cast<size_t>(batch_dims), 0);
  bool first = true;
  while (true) {
    int64_t offset = 0;  // elements before matrix `index`, row-major over the batch dims
    for (int64_t d = 0; d < batch_dims; ++d) offset = offset * t.size(d) + index[d];
    if (!first) out << std::endl;
    first = false;
    out << "(";
    for (int64_t d = 0; d < batch_dims; ++d) out << index[d] + 1 << ",";
    out << ".,.) = " << std::endl;
    print_matrix(out, data + offset * rows * cols, rows, cols, linesize, 1);

    // Advance the index, first dim fastest; stop after the last matrix.
    int64_t d = 0;
    while (d < batch_dims && ++index[d] == t.size(d)) index[d++] = 0;
    if (d == batch_dims) break;
  }
}

void print_footer_shape(std::ostream& out, const Tensor& t) {
  out << "{";
  for (int64_t d = 0; d < t.dim(); ++d) out << (d ? "," : "") << t.size(d);
  out << "}";
}

}  // namespace

void print(std::ostream& out, const Tensor& t, int64_t linesize) {
  FormatGuard guard(out);
  if (!t.defined()) {
    out << "[ Tensor (undefined) ]";
    return;
  }
  Tensor values = t.to(kDouble).contiguous();
  const double* p = values.data_ptr<double>();
  if (values.dim() == 0) {
    set_default_float(out);
    out << p[0] << std::endl;
  } else if (values.numel() > 0) {
    if (values.dim() == 1) {
      BlockFormat f = choose_format(out, p, values.numel());
      if (f.scale != 1) print_scale(out, f.scale);
      for (int64_t i = 0; i < values.numel(); ++i) {
        out << std::setw(static_cast<int>(f.width)) << p[i] / f.scale << std::endl;
      }
    } else if (values.dim() == 2) {
      print_matrix(out, p, values.size(0), values.size(1), linesize, 0);
    } else {
      print_slices(out, values, linesize);
    }
  }
  out << "[ " << t.toString();
  print_footer_shape(out, t);
  out << " ]";
}

void print(const Tensor& t, int64_t linesize) { print(std::cout, t, linesize); }

std::ostream& operator<<(std::ostream& out, const Tensor& t) {
  print(out, t, 80);
  return out;
}

}  // namespace ember
