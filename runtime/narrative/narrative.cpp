#include "narrative/narrative.hpp"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/budget.hpp"
#include "core/worker_slot.hpp"

namespace nianbao::narrative {

namespace {

constexpr std::size_t kMaxGap = 30;  // code points a `{*}` may skip

enum class token_kind { literal, gap, number, fixed };

struct token {
  token_kind kind;
  std::u32string text;  // literal
  double fixed = 0;
};

// Calls f(c) for each code point of s, an ill-formed sequence as U+FFFD (as ICU's U8_NEXT reads
// it). ASCII and well-formed 3-byte sequences outside E0 and ED (CJK: nearly all of a report) are
// decoded inline: U8_NEXT's checks cost ~30 instructions a code point.
template <class F>
void each_code_point(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      f(static_cast<char32_t>(b));
      ++i;
      continue;
    }
    if (b >= 0xE1 && b <= 0xEF && b != 0xED && n - i >= 3 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      f(static_cast<char32_t>((b & 0x0F) << 12 | (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F)));
      i += 3;
      continue;
    }
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    f(c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c));
  }
}

std::u32string decode(std::string_view s) {
  std::u32string out(s.size(), U'\0');  // at most one code point per byte
  std::size_t n = 0;
  each_code_point(s, [&](char32_t c) { out[n++] = c; });
  out.resize(n);
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

constexpr std::size_t kStartBits = 1024;

// A model's facts compiled once per thread (see compiled_for): each pattern's tokens, and the
// code points the patterns' first literals start with, so that one pass over a report's prose
// finds every place where a pattern can match.
struct compiled_facts {
  struct pattern {
    std::vector<token> tokens;
    std::size_t start = std::u32string::npos;  // into starts; npos: not led by a literal
  };
  std::vector<std::vector<std::string>> source;  // the patterns as written, per fact
  std::vector<std::vector<pattern>> patterns;    // per fact
  std::u32string starts;                         // distinct
  std::bitset<kStartBits> start_bits;            // c % kStartBits of the starts: rejects most code points
};

compiled_facts compile_facts(const std::vector<model::narrative_spec>& facts) {
  compiled_facts out;
  for (const auto& fact : facts) {
    out.source.push_back(fact.patterns);
    auto& compiled = out.patterns.emplace_back();
    for (const auto& p : fact.patterns) {
      compiled_facts::pattern c{compile(p)};
      if (!c.tokens.empty() && c.tokens.front().kind == token_kind::literal) {
        const char32_t first = c.tokens.front().text.front();
        c.start = out.starts.find(first);
        if (c.start == std::u32string::npos) {
          c.start = out.starts.size();
          out.starts.push_back(first);
          out.start_bits.set(first % kStartBits);
        }
      }
      compiled.push_back(std::move(c));
    }
  }
  return out;
}

// The compiled facts of `facts` in `cache` (the models seen last), compiled and kept when
// missing. Models are recognised by their patterns: comparing a few dozen short strings costs
// less than compiling or hashing them.
const compiled_facts& compiled_for(const std::vector<model::narrative_spec>& facts, std::vector<compiled_facts>& cache) {
  const auto same = [&](const compiled_facts& c) {
    if (c.source.size() != facts.size()) return false;
    for (std::size_t i = 0; i < facts.size(); ++i)
      if (c.source[i] != facts[i].patterns) return false;
    return true;
  };
  const auto it = std::find_if(cache.begin(), cache.end(), same);
  if (it != cache.end()) return *it;
  if (cache.size() >= 4) cache.erase(cache.begin());
  cache.push_back(compile_facts(facts));
  return cache.back();
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
  std::u32string_view text;
  std::optional<double> value;
  std::size_t end = 0;
  // The gaps tried at (token, place) that failed: whether tokens[t..] match at text[i..] does
  // not depend on how the match got there, so each is tried once. Without it, adjacent `{*}`
  // gaps made matching exponential (issue 24: 31^7 tries for seven gaps); with it, a pattern
  // of k gaps costs at most k x 31 tries of each of its (token, place) pairs.
  std::unordered_set<std::uint64_t> failed_gaps;

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
      case token_kind::gap: {
        const std::uint64_t state = (static_cast<std::uint64_t>(t) << 40) | i;
        if (failed_gaps.count(state)) return false;
        budget::checkpoint();
        for (std::size_t skip = 0; skip <= kMaxGap && i + skip <= text.size(); ++skip) {
          if (skip > 0 && ends_sentence(text[i + skip - 1])) break;
          if (match(t + 1, i + skip)) return true;
        }
        failed_gaps.insert(state);
        return false;
      }
    }
    return false;
  }
};

// First match of a pattern in the text: (start, end, value) in code-point offsets.
struct found {
  std::size_t begin = 0, end = 0;
  double value = 0;
};

// The match of the pattern that starts at text[i], if any.
std::optional<found> match_at(const std::vector<token>& tokens, std::u32string_view text, std::size_t i) {
  matcher m{tokens, text, std::nullopt};
  if (m.match(0, i) && m.value) return found{i, m.end, *m.value};
  return std::nullopt;
}

// The first match, trying every place (a pattern that starts with words: where they are printed).
std::optional<found> search(const std::vector<token>& tokens, std::u32string_view text) {
  if (tokens.empty()) return std::nullopt;
  const std::u32string* first = tokens.front().kind == token_kind::literal ? &tokens.front().text : nullptr;
  for (std::size_t i = 0; i < text.size(); ++i) {
    budget::checkpoint();
    if (first && (i = text.find(*first, i)) == std::u32string_view::npos) break;
    if (auto f = match_at(tokens, text, i)) return f;
  }
  return std::nullopt;
}

// The first match among `places` (ascending): where the pattern's first code point is printed.
std::optional<found> search_at(const std::vector<token>& tokens, std::u32string_view text,
                               const std::vector<std::size_t>& places) {
  for (const auto i : places) {
    budget::checkpoint();
    if (auto f = match_at(tokens, text, i)) return f;
  }
  return std::nullopt;
}

// The prose as code points, and where each of compiled_facts::starts is printed in it (ascending
// code-point offsets), found in the pass that decodes it.
struct indexed_prose {
  std::u32string_view text;
  const std::vector<std::vector<std::size_t>>& at;  // parallel to compiled_facts::starts
};

// Reads prose into buffers kept from one report to the next (memo): a buffer grown for a very
// long prose is given back (release).
class prose_reader {
 public:
  indexed_prose read(std::string_view prose, const compiled_facts& facts) {
    if (prose.size() > capacity_) {  // at most one code point per byte
      text_.reset(new char32_t[prose.size()]);
      capacity_ = prose.size();
    }
    at_.resize(facts.starts.size());
    for (auto& places : at_) places.clear();
    std::size_t n = 0;
    each_code_point(prose, [&](char32_t c) {
      if (facts.start_bits[c % kStartBits]) {
        const auto k = facts.starts.find(c);
        if (k != std::u32string::npos) at_[k].push_back(n);
      }
      text_[n++] = c;
    });
    return {std::u32string_view(text_.get(), n), at_};
  }

  void release() {
    if (capacity_ <= kKeep) return;
    text_.reset();
    capacity_ = 0;
    at_.clear();
    at_.shrink_to_fit();
  }

 private:
  static constexpr std::size_t kKeep = 1 << 18;  // code points (1 MiB)
  std::unique_ptr<char32_t[]> text_;
  std::size_t capacity_ = 0;
  std::vector<std::vector<std::size_t>> at_;
};

std::optional<found> first_match(const compiled_facts::pattern& p, const indexed_prose& prose) {
  return p.start == std::u32string::npos ? search(p.tokens, prose.text) : search_at(p.tokens, prose.text, prose.at[p.start]);
}

// Byte offsets of ascending code-point offsets in one pass over the text: a code point is
// counted at each byte that is not a continuation byte (as the prose was decoded, when it is
// well-formed UTF-8).
class byte_cursor {
 public:
  explicit byte_cursor(std::string_view utf8) : utf8_(utf8) {}
  std::size_t at(std::size_t code_points) {  // no less than the last one asked for
    while (b_ < utf8_.size() && n_ < code_points) {
      ++b_;
      while (b_ < utf8_.size() && (static_cast<unsigned char>(utf8_[b_]) & 0xC0) == 0x80) ++b_;
      ++n_;
    }
    return b_;
  }

 private:
  std::string_view utf8_;
  std::size_t b_ = 0, n_ = 0;
};

// The byte offsets of the matches' ends, found in one pass; byte_of(code-point offset of an end).
class match_bytes {
 public:
  match_bytes(std::string_view utf8, const std::vector<std::optional<found>>& matches) {
    for (const auto& f : matches)
      if (f) marks_.insert(marks_.end(), {f->begin, f->end});
    std::sort(marks_.begin(), marks_.end());
    byte_cursor cursor(utf8);
    for (const auto m : marks_) bytes_.push_back(cursor.at(m));
  }
  std::size_t byte_of(std::size_t code_points) const {
    return bytes_[std::lower_bound(marks_.begin(), marks_.end(), code_points) - marks_.begin()];
  }

 private:
  std::vector<std::size_t> marks_;  // code-point offsets, ascending
  std::vector<std::size_t> bytes_;  // parallel
};

}  // namespace

struct memo::parts {
  std::vector<compiled_facts> facts;
  prose_reader reader;
};

memo::memo() : parts_(std::make_unique<parts>()) {}
memo::~memo() = default;
memo::memo(memo&&) noexcept = default;
memo& memo::operator=(memo&&) noexcept = default;

std::optional<double> match_pattern(std::string_view pattern, std::string_view text) {
  const auto tokens = compile(pattern);
  if (auto f = search(tokens, decode(text))) return f->value;
  return std::nullopt;
}

std::vector<value> extract(std::string_view prose, const line_index& lines, const model::template_model& m) {
  std::vector<value> out(m.narrative.size());
  if (m.narrative.empty()) return out;
  budget::charge(prose.size() * sizeof(char32_t));
  std::optional<memo> own;  // when no worker installed one: compiled and read afresh
  memo* kept = worker_slot<memo>::current();
  memo::parts& state = (kept ? *kept : own.emplace()).get();
  const compiled_facts& facts = compiled_for(m.narrative, state.facts);
  prose_reader& reader = state.reader;
  const indexed_prose text = reader.read(prose, facts);
  std::vector<std::optional<found>> matches(m.narrative.size());
  for (std::size_t i = 0; i < m.narrative.size(); ++i)
    for (const auto& p : facts.patterns[i])
      if ((matches[i] = first_match(p, text))) break;
  reader.release();
  const match_bytes bytes(prose, matches);
  for (std::size_t i = 0; i < m.narrative.size(); ++i) {
    if (!matches[i]) continue;
    value& v = out[i];
    v.kind = cell_kind::number;
    v.number = matches[i]->value;
    v.integral = true;
    const auto b = bytes.byte_of(matches[i]->begin);
    v.raw = std::string(prose.substr(b, bytes.byte_of(matches[i]->end) - b));
    v.where = lines.position(b);
    v.profile = "narrative";
  }
  return out;
}

}  // namespace nianbao::narrative
