#include "layout/grammar_interpreter.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>

#include "core/budget.hpp"
#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "layout/event_kind.hpp"
#include "peg_analysis.hpp"
#include "peg_reader.hpp"

namespace nianbao::layout {

namespace gen = nianbao::generator;

namespace {

// What a node of the program does. The first eleven are the notation's (peg_ast.hpp); the scans
// are the loops `(!p1 !p2 .)*` the PEGTL writer also turns into scans (generator/pegtl_writer.cpp,
// layout/grammar_chars.hpp), chosen by the same analysis (generator/peg_analysis.hpp), so the
// interpreted grammar takes the same shortcuts and matches what the loop matches.
enum class op : unsigned char {
  choice, sequence, and_predicate, not_predicate, optional, zero_or_more, one_or_more,
  reference, literal, char_class, any_char,
  scan_until,    // (!s1 !s2 .)* over fixed texts s: up to the first of them
  scan_guarded,  // (!p1 !p2 .)* where every p consumes and starts with one of some bytes
};

struct node {
  op kind = op::any_char;
  std::vector<std::uint32_t> children;  // composites; scan_guarded: its predicates
  std::uint32_t rule = 0;               // reference
  std::string bytes;                    // literal: its UTF-8 bytes
  bool at_least_one = false;            // scans: the loop is a `+`
  // char_class, as the PEGTL writer prints it: ASCII characters tested on the byte, characters
  // above ASCII as their bytes, ranges above ASCII on the decoded code point.
  std::bitset<128> ascii;
  std::vector<std::string> wide_singles;
  std::vector<std::pair<char32_t, char32_t>> wide_ranges;
  // scans: the bytes where a stop or a predicate may start; scan_until: the stops' bytes.
  std::bitset<256> first;
  std::vector<std::string> stops;
};

struct program_rule {
  std::string name;
  event_kind event = event_kind::none;
  std::uint32_t body = 0;
};

std::string utf8_of(const std::u32string& text) {
  std::string out;
  for (char32_t cp : text) append_utf8(out, cp);
  return out;
}

// Deeper than this, the text nests a recursive rule too deeply to follow on the stack.
constexpr std::size_t kMaxDepth = 4000;
struct too_deep {
  std::size_t byte;
};

}  // namespace

class grammar_program {
 public:
  explicit grammar_program(const gen::grammar& g) : g_(g) {
    for (const auto& r : g.rules) rules_.push_back(program_rule{r.name, event_for_rule_name(r.name).value_or(event_kind::none), 0});
    for (std::size_t i = 0; i < g.rules.size(); ++i) rules_[i].body = add(g.rules[i].body);
  }

  std::vector<node> nodes;
  std::vector<program_rule> rules_;

 private:
  const gen::grammar& g_;  // only while building

  std::uint32_t rule_index(const std::string& name) const {
    for (std::size_t i = 0; i < g_.rules.size(); ++i)
      if (g_.rules[i].name == name) return static_cast<std::uint32_t>(i);
    return 0;  // the reader has checked every reference
  }

  std::uint32_t push(node n) {
    nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }

  static op op_of(gen::expression_kind k) {
    switch (k) {
      case gen::expression_kind::choice: return op::choice;
      case gen::expression_kind::sequence: return op::sequence;
      case gen::expression_kind::and_predicate: return op::and_predicate;
      case gen::expression_kind::not_predicate: return op::not_predicate;
      case gen::expression_kind::optional: return op::optional;
      case gen::expression_kind::zero_or_more: return op::zero_or_more;
      case gen::expression_kind::one_or_more: return op::one_or_more;
      case gen::expression_kind::reference: return op::reference;
      case gen::expression_kind::literal: return op::literal;
      case gen::expression_kind::char_class: return op::char_class;
      case gen::expression_kind::any_char: return op::any_char;
    }
    return op::any_char;
  }

  // The loop as a scan when the PEGTL writer makes it one (pegtl_writer.cpp: scan_rule).
  std::optional<node> scan(const gen::expression& e) {
    const auto predicates = gen::predicate_loop(e);
    if (!predicates) return std::nullopt;
    node n;
    n.at_least_one = e.kind == gen::expression_kind::one_or_more;
    std::vector<std::u32string> stops;
    bool fixed = true;
    for (const gen::expression* p : *predicates) {
      auto texts = gen::fixed_texts(*p, g_);
      if (!texts) {
        fixed = false;
        break;
      }
      stops.insert(stops.end(), texts->begin(), texts->end());
    }
    if (fixed) {
      n.kind = op::scan_until;
      for (const auto& t : stops) {
        n.stops.push_back(utf8_of(t));
        n.first.set(static_cast<unsigned char>(n.stops.back()[0]));
      }
      return n;
    }
    for (const gen::expression* p : *predicates) {
      const auto starts = gen::starts_of(*p, g_);
      if (starts.nullable) return std::nullopt;
      n.first |= starts.bytes;
    }
    if (n.first.count() > 128) return std::nullopt;
    n.kind = op::scan_guarded;
    for (const gen::expression* p : *predicates) n.children.push_back(add(*p));
    return n;
  }

  std::uint32_t add(const gen::expression& e) {
    if (auto s = scan(e)) return push(std::move(*s));
    node n;
    n.kind = op_of(e.kind);
    switch (e.kind) {
      case gen::expression_kind::reference:
        n.rule = rule_index(e.name);
        break;
      case gen::expression_kind::literal:
        n.bytes = utf8_of(e.text);
        break;
      case gen::expression_kind::char_class:
        for (const auto& [lo, hi] : e.ranges) {
          if (hi < 0x80) {
            for (char32_t c = lo; c <= hi; ++c) n.ascii.set(c);
          } else if (lo == hi) {
            n.wide_singles.push_back(utf8_of(std::u32string(1, lo)));
          } else {
            n.wide_ranges.emplace_back(lo, hi);
          }
        }
        break;
      default:
        break;
    }
    std::vector<std::uint32_t> children;
    for (const auto& c : e.children) children.push_back(add(c));
    n.children = std::move(children);
    return push(std::move(n));
  }
};

namespace {

// One run of a program over a text: the input position is passed along, and left where it was
// when a node fails (PEGTL rewinds the same way); events and trace entries a failing node added
// are taken back.
class runner {
 public:
  runner(const grammar_program& p, std::string_view text, bool well_formed, parse_trace* trace)
      : p_(p), text_(text), well_formed_(well_formed), trace_(trace ? &trace->rules : nullptr), farthest_(trace ? &trace->farthest : nullptr) {
    log_.well_formed = well_formed;
  }

  // The top rule (the first defined), as a reference to it.
  bool match_top(std::size_t& pos) { return match_rule(0, pos); }

  event_log log_;

 private:
  const grammar_program& p_;
  std::string_view text_;
  bool well_formed_;
  std::vector<rule_match>* trace_;
  std::size_t* farthest_;
  unsigned quiet_ = 0;        // inside a predicate: no events (PEGTL's at<> and not_at<> match without actions)
  std::size_t depth_ = 0;     // nodes being matched
  std::size_t rule_depth_ = 0;

  // The length of the character at pos when `.` matches it, else 0.
  std::size_t character(std::size_t pos) const {
    if (pos >= text_.size()) return 0;
    const auto b = static_cast<unsigned char>(text_[pos]);
    if (b < 0x80) return 1;
    return utf8_sequence_length(text_, pos);
  }

  bool at(std::size_t pos, const std::string& s) const { return text_.compare(pos, s.size(), s) == 0; }

  bool match_class(const node& n, std::size_t& pos) const {
    if (pos >= text_.size()) return false;
    const auto b = static_cast<unsigned char>(text_[pos]);
    if (b < 0x80 && n.ascii.test(b)) return ++pos, true;
    for (const auto& s : n.wide_singles)
      if (at(pos, s)) return pos += s.size(), true;
    if (n.wide_ranges.empty()) return false;
    const std::size_t len = character(pos);
    if (len == 0) return false;
    char32_t cp = b;
    if (len > 1) {
      cp = b & (0xFF >> (len + 1));
      for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text_[pos + i]) & 0x3F);
    }
    for (const auto& [lo, hi] : n.wide_ranges)
      if (cp >= lo && cp <= hi) return pos += len, true;
    return false;
  }

  bool scan_until(const node& n, std::size_t& pos) {
    std::size_t p = pos;
    while (p < text_.size()) {
      const auto b = static_cast<unsigned char>(text_[p]);
      if (n.first.test(b)) {
        bool stop = false;
        for (const auto& s : n.stops)
          if (at(p, s)) {
            stop = true;
            break;
          }
        if (stop) break;
      }
      const std::size_t len = b < 0x80 ? 1 : character(p);
      if (len == 0) break;
      p += len;
      if (((p - pos) & 0xFFF) < len) budget::checkpoint();  // a cell may be a whole 100 MB line
    }
    if (p == pos) return !n.at_least_one;
    pos = p;
    return true;
  }

  bool scan_guarded(const node& n, std::size_t& pos) {
    std::size_t p = pos;
    while (p < text_.size()) {
      const auto b = static_cast<unsigned char>(text_[p]);
      if (n.first.test(b) && !predicates_fail(n, p)) break;
      const std::size_t len = b < 0x80 ? 1 : character(p);
      if (len == 0) break;
      p += len;
      if (((p - pos) & 0xFFF) < len) budget::checkpoint();
    }
    if (p == pos) return !n.at_least_one;
    pos = p;
    return true;
  }

  bool predicates_fail(const node& n, std::size_t p) {
    ++quiet_;
    bool fail = true;
    for (const std::uint32_t c : n.children) {
      std::size_t q = p;
      if (match(c, q)) {
        fail = false;
        break;
      }
    }
    --quiet_;
    return fail;
  }

  bool match_rule(std::uint32_t index, std::size_t& pos) {
    log_.count();
    const program_rule& r = p_.rules_[index];
    const std::size_t begin = pos;
    const bool traced = trace_ && quiet_ == 0;
    const std::size_t slot = traced ? trace_->size() : 0;
    if (traced) trace_->push_back(rule_match{r.name, begin, begin, rule_depth_});
    ++rule_depth_;
    const bool ok = match(r.body, pos);
    --rule_depth_;
    if (!ok) {
      if (traced) trace_->resize(slot);
      return false;
    }
    if (traced) (*trace_)[slot].end = pos;
    if (r.event != event_kind::none && quiet_ == 0) log_.events.push_back(event{r.event, begin, pos});
    return true;
  }

 public:
  bool match(std::uint32_t id, std::size_t& pos) {
    if (++depth_ > kMaxDepth) throw too_deep{pos};
    const std::size_t mark = log_.events.size();
    const std::size_t trace_mark = trace_ ? trace_->size() : 0;
    const std::size_t start = pos;
    const bool ok = match_node(p_.nodes[id], pos);
    --depth_;
    if (farthest_ && pos > *farthest_) *farthest_ = pos;
    if (!ok) {
      pos = start;
      log_.events.resize(mark);
      if (trace_) trace_->resize(trace_mark);
    }
    return ok;
  }

 private:
  bool match_node(const node& n, std::size_t& pos) {
    switch (n.kind) {
      case op::choice:
        for (const std::uint32_t c : n.children)
          if (match(c, pos)) return true;
        return false;
      case op::sequence:
        for (const std::uint32_t c : n.children)
          if (!match(c, pos)) return false;
        return true;
      case op::and_predicate:
      case op::not_predicate: {
        ++quiet_;
        std::size_t p = pos;
        const bool ok = match(n.children.front(), p);
        --quiet_;
        return ok == (n.kind == op::and_predicate);
      }
      case op::optional:
        (void)match(n.children.front(), pos);
        return true;
      case op::zero_or_more:
      case op::one_or_more: {
        std::size_t count = 0;
        for (;;) {
          const std::size_t before = pos;
          if (!match(n.children.front(), pos)) break;
          ++count;
          if (pos == before) break;  // cannot happen in a checked grammar (the loop check)
        }
        return count > 0 || n.kind == op::zero_or_more;
      }
      case op::reference: return match_rule(n.rule, pos);
      case op::literal:
        if (!at(pos, n.bytes)) return false;
        pos += n.bytes.size();
        return true;
      case op::char_class: return match_class(n, pos);
      case op::any_char: {
        const std::size_t len = character(pos);
        pos += len;
        return len > 0;
      }
      case op::scan_until: return scan_until(n, pos);
      case op::scan_guarded: return scan_guarded(n, pos);
    }
    return false;
  }
};

}  // namespace

namespace {

void collect_references(const gen::expression& e, std::vector<const std::string*>& out) {
  if (e.kind == gen::expression_kind::reference) out.push_back(&e.name);
  for (const auto& c : e.children) collect_references(c, out);
}

// What is legal but most likely a mistake: rules the top rule never reaches, and a grammar that
// binds no `cell` (reads nothing) or no `row` (every cell in one row).
std::vector<diagnostic> grammar_warnings(const gen::grammar& g, std::string_view peg_text, const std::string& file) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  const std::string_view body = peg_text.substr(0, 3) == bom ? peg_text.substr(3) : peg_text;
  const auto warning = [&](std::size_t byte, std::string message) {
    diagnostic d;
    d.severity = severity::warning;
    d.file = file;
    d.code = "grammar";
    d.where = position_of(body, byte);
    d.source_line = std::string(line_at(body, byte));
    d.message = std::move(message);
    return d;
  };
  std::vector<diagnostic> out;
  std::vector<bool> used(g.rules.size(), false);
  std::vector<std::size_t> queue{0};
  used[0] = true;
  for (std::size_t q = 0; q < queue.size(); ++q) {
    std::vector<const std::string*> refs;
    collect_references(g.rules[queue[q]].body, refs);
    for (const auto* name : refs)
      for (std::size_t i = 0; i < g.rules.size(); ++i)
        if (!used[i] && g.rules[i].name == *name) used[i] = true, queue.push_back(i);
  }
  const std::string& top = g.rules.front().name;
  for (std::size_t i = 0; i < g.rules.size(); ++i)
    if (!used[i])
      out.push_back(warning(g.rules[i].byte, "rule '" + g.rules[i].name + "' is never used: only the first rule ('" +
                                                 top + "') and the rules it uses run"));
  const auto has = [&](const char* name) {
    for (std::size_t i = 0; i < g.rules.size(); ++i)
      if (used[i] && g.rules[i].name == name) return true;
    return false;
  };
  if (!has("cell"))
    out.push_back(warning(g.rules.front().byte,
                          "no rule named 'cell' is used: the grammar reports no cells, so a profile naming it "
                          "reads nothing (name the rule that matches one table cell 'cell')"));
  if (!has("row"))
    out.push_back(warning(g.rules.front().byte,
                          "no rule named 'row' is used: every cell will be in one single row (name the rule "
                          "that matches one table row 'row'; its match ends the row)"));
  return out;
}

}  // namespace

interpreted_grammar::interpreted_grammar(std::string_view peg_text, const std::string& file) : file_(file) {
  const gen::grammar g = gen::read_peg(peg_text, file);
  program_ = std::make_unique<grammar_program>(g);
  warnings_ = grammar_warnings(g, peg_text, file);
  entry_.name = file_.c_str();
  entry_.interpreted = this;
}

interpreted_grammar::~interpreted_grammar() = default;

std::shared_ptr<const interpreted_grammar> interpreted_grammar::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw diagnostic_error(file_error(path, "grammar", "cannot open the grammar file"));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw diagnostic_error(file_error(path, "grammar", "cannot read the grammar file"));
  return std::make_shared<const interpreted_grammar>(text, path);
}

grammar_result interpreted_grammar::parse(std::string_view text, bool well_formed, parse_trace* trace) const {
  grammar_result result;
  if (trace) *trace = parse_trace{};
  runner r(*program_, text, well_formed, trace);
  std::size_t pos = 0;
  try {
    // As run_grammar's seq< top, eof >: on failure the whole parse is undone, back to the start.
    const bool top = r.match_top(pos);
    if (trace) trace->top_end = top ? pos : std::string_view::npos;
    if (!top || pos != text.size()) {
      r.log_.events.clear();
      result.error = grammar_error{0, "the grammar does not match the text here"};
    }
  } catch (const too_deep& e) {
    r.log_.events.clear();
    if (trace) trace->rules.clear(), trace->top_end = std::string_view::npos;
    result.error = grammar_error{e.byte, "the text nests the grammar's rules deeper than " + std::to_string(kMaxDepth) +
                                             " levels here"};
  }
  result.events = std::move(r.log_.events);
  return result;
}

std::vector<std::string> interpreted_grammar::rule_names() const {
  std::vector<std::string> out;
  for (const auto& r : program_->rules_) out.push_back(r.name);
  return out;
}

}  // namespace nianbao::layout
