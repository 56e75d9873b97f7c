#include "peg_analysis.hpp"

#include <map>
#include <utility>

#include "core/utf8.hpp"

namespace nianbao::generator {

const rule_definition* rule_named(const grammar& g, const std::string& name) {
  for (const auto& r : g.rules)
    if (r.name == name) return &r;
  return nullptr;
}

std::optional<std::vector<std::u32string>> fixed_texts(const expression& e, const grammar& g, int depth) {
  if (depth > 8) return std::nullopt;
  switch (e.kind) {
    case expression_kind::literal:
      if (e.text.empty()) return std::nullopt;
      return std::vector<std::u32string>{e.text};
    case expression_kind::char_class: {
      std::vector<std::u32string> out;
      for (const auto& [lo, hi] : e.ranges) {
        if (lo != hi) return std::nullopt;
        out.emplace_back(1, lo);
      }
      if (out.empty()) return std::nullopt;
      return out;
    }
    case expression_kind::choice: {
      std::vector<std::u32string> out;
      for (const auto& c : e.children) {
        auto part = fixed_texts(c, g, depth + 1);
        if (!part) return std::nullopt;
        out.insert(out.end(), part->begin(), part->end());
      }
      return out;
    }
    case expression_kind::reference:
      if (const auto* r = rule_named(g, e.name)) return fixed_texts(r->body, g, depth + 1);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

start_set starts_of(const expression& e, const grammar& g, int depth) {
  start_set out;
  if (depth > 32) {  // a rule that uses itself: anything
    out.nullable = true;
    out.bytes.set();
    return out;
  }
  const auto lead = [](char32_t cp) {
    std::string b;
    append_utf8(b, cp);
    return static_cast<unsigned char>(b[0]);
  };
  switch (e.kind) {
    case expression_kind::literal:
      if (e.text.empty()) out.nullable = true;
      else out.bytes.set(lead(e.text.front()));
      return out;
    case expression_kind::char_class:
      for (const auto& [lo, hi] : e.ranges)
        for (unsigned b = lead(lo); b <= lead(hi); ++b)
          if (b < 0x80 || b >= 0xC0) out.bytes.set(b);  // a character starts with no continuation byte
      return out;
    case expression_kind::any_char:
      out.bytes.set();
      return out;
    case expression_kind::and_predicate:
    case expression_kind::not_predicate:
      out.nullable = true;  // consumes nothing
      return out;
    case expression_kind::optional:
    case expression_kind::zero_or_more:
      out = starts_of(e.children.front(), g, depth + 1);
      out.nullable = true;
      return out;
    case expression_kind::one_or_more:
      return starts_of(e.children.front(), g, depth + 1);
    case expression_kind::choice:
      for (const auto& c : e.children) {
        const auto part = starts_of(c, g, depth + 1);
        out.nullable = out.nullable || part.nullable;
        out.bytes |= part.bytes;
      }
      return out;
    case expression_kind::sequence:
      out.nullable = true;
      for (const auto& c : e.children) {
        const auto part = starts_of(c, g, depth + 1);
        out.bytes |= part.bytes;
        if (!part.nullable) {
          out.nullable = false;
          break;
        }
      }
      return out;
    case expression_kind::reference:
      if (const auto* r = rule_named(g, e.name)) return starts_of(r->body, g, depth + 1);
      out.nullable = true;
      out.bytes.set();
      return out;
  }
  return out;
}

std::optional<std::vector<const expression*>> predicate_loop(const expression& e) {
  if (e.kind != expression_kind::zero_or_more && e.kind != expression_kind::one_or_more) return std::nullopt;
  const expression& body = e.children.front();
  if (body.kind == expression_kind::any_char) return std::vector<const expression*>{};
  if (body.kind != expression_kind::sequence || body.children.back().kind != expression_kind::any_char) return std::nullopt;
  std::vector<const expression*> predicates;
  for (std::size_t i = 0; i + 1 < body.children.size(); ++i) {
    const expression& item = body.children[i];
    if (item.kind != expression_kind::not_predicate) return std::nullopt;
    predicates.push_back(&item.children.front());
  }
  return predicates;
}

namespace {

// Which expressions can succeed without consuming input, given which rules can (a least
// fixpoint over the rules: a rule is assumed not to until its body shows it can).
class nullability {
 public:
  explicit nullability(const grammar& g) : g_(g), rule_(g.rules.size(), false) {
    for (std::size_t i = 0; i < g.rules.size(); ++i) index_.emplace(g.rules[i].name, i);
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < g.rules.size(); ++i)
        if (!rule_[i] && of(g.rules[i].body)) rule_[i] = changed = true;
    }
  }

  bool of(const expression& e) const {
    switch (e.kind) {
      case expression_kind::literal: return e.text.empty();
      case expression_kind::char_class:
      case expression_kind::any_char: return false;
      case expression_kind::and_predicate:
      case expression_kind::not_predicate:
      case expression_kind::optional:
      case expression_kind::zero_or_more: return true;
      case expression_kind::one_or_more: return of(e.children.front());
      case expression_kind::choice:
        for (const auto& c : e.children)
          if (of(c)) return true;
        return false;
      case expression_kind::sequence:
        for (const auto& c : e.children)
          if (!of(c)) return false;
        return true;
      case expression_kind::reference: return rule_[index(e.name)];
    }
    return false;
  }

  std::size_t index(const std::string& name) const { return index_.at(name); }

 private:
  const grammar& g_;
  std::vector<bool> rule_;
  std::map<std::string, std::size_t> index_;
};

// A reference a rule may follow before it has consumed anything.
struct left_edge {
  std::size_t to;     // the rule referenced
  std::size_t byte;   // where the reference is
};

void collect_left_edges(const expression& e, const nullability& n, std::vector<left_edge>& out) {
  switch (e.kind) {
    case expression_kind::reference:
      out.push_back({n.index(e.name), e.byte});
      return;
    case expression_kind::sequence:
      for (const auto& c : e.children) {
        collect_left_edges(c, n, out);
        if (!n.of(c)) return;
      }
      return;
    case expression_kind::choice:
    case expression_kind::and_predicate:
    case expression_kind::not_predicate:
    case expression_kind::optional:
    case expression_kind::zero_or_more:
    case expression_kind::one_or_more:
      for (const auto& c : e.children) collect_left_edges(c, n, out);
      return;
    default:
      return;
  }
}

void collect_empty_loops(const expression& e, const nullability& n, std::vector<loop_problem>& out) {
  if ((e.kind == expression_kind::zero_or_more || e.kind == expression_kind::one_or_more) && n.of(e.children.front())) {
    const char* op = e.kind == expression_kind::zero_or_more ? "*" : "+";
    out.push_back({e.byte, std::string("this '") + op +
                               "' repeats an expression that can match without consuming input: it would loop "
                               "forever (make the repeated part consume at least one character)"});
  }
  for (const auto& c : e.children) collect_empty_loops(c, n, out);
}

}  // namespace

std::optional<loop_problem> find_loop(const grammar& g) {
  const nullability n(g);
  std::vector<loop_problem> problems;
  for (const auto& r : g.rules) collect_empty_loops(r.body, n, problems);

  std::vector<std::vector<left_edge>> edges(g.rules.size());
  for (std::size_t i = 0; i < g.rules.size(); ++i) collect_left_edges(g.rules[i].body, n, edges[i]);
  // A rule that reaches itself: the shortest such path, found breadth first from its own edges.
  for (std::size_t start = 0; start < g.rules.size(); ++start) {
    std::vector<std::size_t> from(g.rules.size(), g.rules.size());  // the rule each was reached from
    std::vector<std::size_t> queue;
    for (const auto& e : edges[start])
      if (from[e.to] == g.rules.size()) from[e.to] = start, queue.push_back(e.to);
    for (std::size_t q = 0; q < queue.size() && from[start] == g.rules.size(); ++q)
      for (const auto& e : edges[queue[q]])
        if (from[e.to] == g.rules.size()) from[e.to] = queue[q], queue.push_back(e.to);
    if (from[start] == g.rules.size()) continue;
    // The path start -> ... -> start, and the reference of start's body it leaves by.
    std::vector<std::size_t> path{start};
    for (std::size_t at = from[start]; at != start; at = from[at]) path.push_back(at);
    path.push_back(start);
    std::string chain;
    for (auto it = path.rbegin(); it != path.rend(); ++it) chain += (chain.empty() ? "" : " -> ") + g.rules[*it].name;
    const std::size_t first_step = path[path.size() - 2];
    std::size_t byte = g.rules[start].byte;
    for (const auto& e : edges[start])
      if (e.to == first_step) {
        byte = e.byte;
        break;
      }
    problems.push_back({byte, "rule '" + g.rules[start].name +
                                  "' can use itself before consuming any input (left recursion: " + chain +
                                  "): it would never stop; make it consume something first, or use a loop "
                                  "such as item (',' item)*"});
  }
  if (problems.empty()) return std::nullopt;
  std::size_t first = 0;
  for (std::size_t i = 1; i < problems.size(); ++i)
    if (problems[i].byte < problems[first].byte) first = i;
  return problems[first];
}

}  // namespace nianbao::generator
