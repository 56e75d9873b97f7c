#include "cells/script_variants.hpp"

#include <memory>

#include <opencc/opencc.h>

#include "core/diagnostic.hpp"

namespace nianbao::resolve {

namespace {

// A converter per thread (OpenCC documents no thread safety; loading one takes about a
// millisecond), with a clear error when OpenCC's data files are missing.
std::unique_ptr<const opencc::SimpleConverter> converter(const char* config) {
  try {
    return std::make_unique<const opencc::SimpleConverter>(config);
  } catch (const std::exception& e) {
    throw diagnostic_error(file_error(config, "opencc",
                                      std::string("cannot load OpenCC's conversion (is libopencc-data installed?): ") +
                                          e.what()));
  }
}

// Loaded once per process (loading reads dictionaries: costly) and shared by every thread:
// converting is const and thread-safe (OpenCC's maintainer, BYVoid/OpenCC#231; its unit tests).
const opencc::SimpleConverter& t2s() {
  static const auto c = converter("t2s.json");
  return *c;
}

}  // namespace

bool has_han(std::string_view s) noexcept {
  // Every code point of U+2E80..U+9FFF and U+F900..U+FAFF is three bytes starting E2 BA..E9 BF /
  // EF A4..EF AB; those of planes 2 and 3 four bytes starting F0 A0..F0 B3.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0xE2) continue;
    if (i + 1 >= s.size()) return false;
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE2 && d >= 0xBA) || (c >= 0xE3 && c <= 0xE9)) return true;
    if (c == 0xEF && d >= 0xA4 && d <= 0xAB) return true;
    if (c == 0xF0 && d >= 0xA0 && d <= 0xB3) return true;
  }
  return false;
}

std::string to_simplified(std::string_view s) {
  if (!has_han(s)) return std::string(s);
  return t2s().Convert(s.data(), s.size());
}

std::string to_taiwan_phrases(std::string_view s) {
  if (!has_han(s)) return std::string(s);
  static const auto c = converter("s2twp.json");  // shared as t2s() is
  return c->Convert(s.data(), s.size());
}

}  // namespace nianbao::resolve
