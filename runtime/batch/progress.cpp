#include "batch/progress.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace nianbao::input {

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::ceil(std::max(0.0, seconds)));
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} h {:02} min", s / 3600, (s % 3600) / 60);
}

std::string progress_line(std::size_t done, std::optional<std::size_t> total, std::size_t failed, double seconds) {
  const double rate = static_cast<double>(done) / std::max(seconds, 1e-9);
  std::string line = "nianbao: ";
  if (total && done <= *total) {
    const auto percent = *total ? done * 100 / *total : 100;
    line += fmt::format("{}/{} records ({}%), {:.1f} reports/s", done, *total, percent, rate);
    if (done > 0) line += ", " + format_duration(static_cast<double>(*total - done) / rate) + " left";
  } else {
    line += fmt::format("{} records, {:.1f} reports/s", done, rate);
  }
  return line + fmt::format(", {} failed so far", failed);
}

}  // namespace nianbao::input
