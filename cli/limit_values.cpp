#include "limit_values.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace nianbao::cli {

namespace {

// The text as a finite number, or false (empty, trailing text, nan, inf, out of range).
bool finite_number(const std::string& text, double& v) {
  char* end = nullptr;
  v = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(v);
}

}  // namespace

CLI::Validator non_negative_seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        if (!finite_number(text, v) || v < 0) return "a number of seconds, 0 or more (0 = no limit), not '" + text + "'";
        return {};
      },
      "SECONDS");
}

CLI::Validator non_negative_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        // The number before the unit: digits (and a point), no sign, nan or inf.
        std::size_t i = 0;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        const bool digits = i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.');
        if (!digits) return "a size such as 512MiB, 64KiB or 1000000 (bytes), 0 or more, not '" + text + "'";
        return {};
      },
      "");  // --help shows AsSizeValue's description
}

CLI::Validator positive_ratio() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double v = 0;
        if (!finite_number(text, v) || v <= 0) return "a number greater than 0, not '" + text + "'";
        return {};
      },
      "POSITIVE");
}

}  // namespace nianbao::cli
