#include "metrics.h"

#include <ember/ember.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace fmnist {

void MetricsLog::reload_through(int64_t last_epoch) {
  rows_.clear();
  std::ifstream in(path_);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string epoch, step, loss, accuracy, seconds;
    std::getline(fields, epoch, ',');
    std::getline(fields, step, ',');
    std::getline(fields, loss, ',');
    std::getline(fields, accuracy, ',');
    std::getline(fields, seconds, ',');
    if (seconds.empty()) continue;  // a torn line cannot happen (atomic writes), but never trust input
    MetricsRow row{std::stoll(epoch), std::stoll(step), std::stod(loss), std::nullopt, std::stod(seconds)};
    if (!accuracy.empty()) row.accuracy = std::stod(accuracy);
    if (row.epoch <= last_epoch) rows_.push_back(row);
  }
}

void MetricsLog::save() const {
  std::ostringstream csv;
  csv << "epoch,step,loss,accuracy,seconds\n";
  csv.precision(6);
  for (const MetricsRow& r : rows_) {
    csv << r.epoch << ',' << r.step << ',' << r.loss << ',';
    if (r.accuracy) csv << *r.accuracy;
    csv << ',' << r.seconds << '\n';
  }
  ember::io::write_file_atomic(path_, csv.str());
  std::string svg_path = path_.substr(0, path_.rfind('.')) + ".svg";
  ember::io::write_file_atomic(svg_path, chart_svg(rows_));
}

namespace {

struct Series {
  std::vector<double> x, y;
};

// "Nice" tick spacing (1, 2 or 5 times a power of ten) giving about `count` ticks over [lo, hi].
double tick_step(double lo, double hi, int count) {
  double raw = (hi - lo) / count;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

std::string number(double v) {
  std::ostringstream s;
  s << std::setprecision(4) << v;
  return s.str();
}

// One panel at (left, top) of size w x h: axes, ticks, labels and the series as a polyline
// with a dot per point.
void panel(std::ostringstream& svg, double left, double top, double w, double h, const std::string& title,
           const std::string& x_label, const Series& s, const char* color) {
  svg << "<text x='" << left + w / 2 << "' y='" << top - 10 << "' text-anchor='middle' font-weight='bold'>" << title
      << "</text>\n";
  svg << "<rect x='" << left << "' y='" << top << "' width='" << w << "' height='" << h
      << "' fill='none' stroke='#888'/>\n";
  svg << "<text x='" << left + w / 2 << "' y='" << top + h + 36 << "' text-anchor='middle'>" << x_label << "</text>\n";
  if (s.x.empty()) return;
  double x0 = *std::min_element(s.x.begin(), s.x.end()), x1 = *std::max_element(s.x.begin(), s.x.end());
  double y0 = *std::min_element(s.y.begin(), s.y.end()), y1 = *std::max_element(s.y.begin(), s.y.end());
  if (x1 == x0) x0 -= 1, x1 += 1;
  if (y1 == y0) y0 -= 0.5 * std::max(std::abs(y0), 1e-3), y1 += 0.5 * std::max(std::abs(y1), 1e-3);
  double pad = 0.05 * (y1 - y0);
  y0 -= pad, y1 += pad;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * w; };
  auto py = [&](double y) { return top + h - (y - y0) / (y1 - y0) * h; };
  for (int axis = 0; axis < 2; ++axis) {
    double lo = axis ? y0 : x0, hi = axis ? y1 : x1, step = tick_step(lo, hi, 5);
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
      if (axis) {
        svg << "<line x1='" << left << "' x2='" << left + w << "' y1='" << py(t) << "' y2='" << py(t)
            << "' stroke='#eee'/><text x='" << left - 6 << "' y='" << py(t) + 4 << "' text-anchor='end'>" << number(t)
            << "</text>\n";
      } else {
        svg << "<line x1='" << px(t) << "' x2='" << px(t) << "' y1='" << top << "' y2='" << top + h
            << "' stroke='#eee'/><text x='" << px(t) << "' y='" << top + h + 18 << "' text-anchor='middle'>"
            << number(t) << "</text>\n";
      }
    }
  }
  svg << "<polyline fill='none' stroke='" << color << "' stroke-width='2' points='";
  for (size_t i = 0; i < s.x.size(); ++i) svg << px(s.x[i]) << ',' << py(s.y[i]) << ' ';
  svg << "'/>\n";
  for (size_t i = 0; i < s.x.size(); ++i)
    svg << "<circle cx='" << px(s.x[i]) << "' cy='" << py(s.y[i]) << "' r='2.5' fill='" << color << "'/>\n";
}

}  // namespace

std::string chart_svg(const std::vector<MetricsRow>& rows) {
  Series loss, accuracy;
  for (const MetricsRow& r : rows) {
    if (r.accuracy) {
      accuracy.x.push_back(static_cast<double>(r.epoch));
      accuracy.y.push_back(*r.accuracy);
    } else {
      loss.x.push_back(static_cast<double>(r.step));
      loss.y.push_back(r.loss);
    }
  }
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='960' height='400' font-family='sans-serif' "
         "font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n";
  panel(svg, 70, 40, 380, 300, "training loss", "step", loss, "#1f77b4");
  panel(svg, 560, 40, 380, 300, "test accuracy", "epoch", accuracy, "#d62728");
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace fmnist
