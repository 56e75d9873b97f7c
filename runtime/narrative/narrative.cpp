#include "narrative/narrative.hpp"

#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/budget.hpp"

namespace nianbao::narrative {

namespace {

constexpr std::size_t kMaxGap = 30;  // code points a `{*}` may skip

enum class token_kind { literal, gap, number, fixed };

struct token {
  token_kind kind;
  std::u32string text;  // literal
  double fixed = 0;
};

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return out;
}

std::vector<token> compile(std::string_view pattern) {
  std::vector<token> out;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) out.push_back({token_kind::literal, decode(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 3, "{*}") == 0) { flush(); out.push_back({token_kind::gap, {}}); i += 3; continue; }
    if (pattern.compare(i, 3, "{n}") == 0) { flush(); out.push_back({token_kind::number, {}}); i += 3; continue; }
    if (pattern.compare(i, 2, "{=") == 0) {
      const auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        flush();
        token t{token_kind::fixed, {}};
        // The model loader refuses a value that is not a number; never throw here.
        t.fixed = std::strtod(std::string(pattern.substr(i + 2, close - i - 2)).c_str(), nullptr);
        out.push_back(t);
        i = close + 1;
        continue;
      }
    }
    literal += pattern[i++];
  }
  flush();
  return out;
}

// The models' patterns recur in every report: compiled once per thread (a few dozen).
const std::vector<token>& compiled_pattern(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::vector<token>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() >= 4096) cache.clear();  // models with very many patterns: start afresh
    it = cache.emplace(pattern, compile(pattern)).first;
  }
  return it->second;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }
bool ends_sentence(char32_t c) {
  return c == U'。' || c == U'；' || c == ';' || c == U'！' || c == '!' || c == U'？' || c == '?' || c == '\n';
}
int digit(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);  // full-width
  return -1;
}

struct matcher {
  const std::vector<token>& tokens;
  const std::u32string& text;
  std::optional<double> value;
  std::size_t end = 0;

  // Matches tokens[t..] at text[i..]; white space is skipped between tokens.
  bool match(std::size_t t, std::size_t i) {
    if (t == tokens.size()) {
      end = i;
      return true;
    }
    if (t > 0) while (i < text.size() && is_space(text[i])) ++i;
    const auto& tok = tokens[t];
    switch (tok.kind) {
      case token_kind::literal:
        return text.compare(i, tok.text.size(), tok.text) == 0 && match(t + 1, i + tok.text.size());
      case token_kind::fixed:
        value = tok.fixed;
        return match(t + 1, i);
      case token_kind::number: {
        std::size_t j = i;
        double n = 0;
        while (j < text.size() && digit(text[j]) >= 0) n = n * 10 + digit(text[j++]);
        if (j == i) return false;
        value = n;
        return match(t + 1, j);
      }
      case token_kind::gap:
        for (std::size_t skip = 0; skip <= kMaxGap && i + skip <= text.size(); ++skip) {
          if (skip > 0 && ends_sentence(text[i + skip - 1])) return false;
          if (match(t + 1, i + skip)) return true;
        }
        return false;
    }
    return false;
  }
};

// First match of a pattern in the text: (start, end, value) in code-point offsets.
struct found {
  std::size_t begin = 0, end = 0;
  double value = 0;
};

std::optional<found> search(const std::vector<token>& tokens, const std::u32string& text) {
  if (tokens.empty()) return std::nullopt;
  // A pattern that starts with words can only match where they are printed: jump there.
  const std::u32string* first = tokens.front().kind == token_kind::literal ? &tokens.front().text : nullptr;
  for (std::size_t i = 0; i < text.size(); ++i) {
    budget::checkpoint();
    if (first && (i = text.find(*first, i)) == std::u32string::npos) break;
    matcher m{tokens, text, std::nullopt};
    if (m.match(0, i) && m.value) return found{i, m.end, *m.value};
  }
  return std::nullopt;
}

std::size_t byte_offset(std::string_view utf8, std::size_t code_points) {
  std::size_t b = 0, n = 0;
  while (b < utf8.size() && n < code_points) {
    ++b;
    while (b < utf8.size() && (static_cast<unsigned char>(utf8[b]) & 0xC0) == 0x80) ++b;
    ++n;
  }
  return b;
}

}  // namespace

std::optional<double> match_pattern(std::string_view pattern, std::string_view text) {
  const auto tokens = compile(pattern);
  if (auto f = search(tokens, decode(text))) return f->value;
  return std::nullopt;
}

std::vector<value> extract(std::string_view prose, const line_index& lines, const model::template_model& m) {
  std::vector<value> out(m.narrative.size());
  if (m.narrative.empty()) return out;
  budget::charge(prose.size() * sizeof(char32_t));
  const auto text = decode(prose);
  for (std::size_t i = 0; i < m.narrative.size(); ++i) {
    for (const auto& p : m.narrative[i].patterns) {
      const auto f = search(compiled_pattern(p), text);
      if (!f) continue;
      value& v = out[i];
      v.kind = cell_kind::number;
      v.number = f->value;
      v.integral = true;
      const auto b = byte_offset(prose, f->begin);
      v.raw = std::string(prose.substr(b, byte_offset(prose, f->end) - b));
      v.where = lines.position(b);
      v.profile = "narrative";
      break;
    }
  }
  return out;
}

}  // namespace nianbao::narrative
