#include "pegtl_writer.hpp"

#include <algorithm>
#include <bitset>
#include <optional>

#include "core/utf8.hpp"
#include "cpp_names.hpp"
#include "peg_analysis.hpp"
#include "layout/event_kind.hpp"

namespace nianbao::generator {

namespace {

std::string hex(char32_t cp) {
  static constexpr char digit[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), digit[cp & 0xF]);
    cp >>= 4;
  } while (cp != 0);
  return "0x" + out;
}

// A character as a template argument: a char literal for ASCII (readable, and valid for both
// pegtl::string<char...> and the char32_t packs of pegtl::utf8::), hex for everything else so
// the header stays ASCII whatever the grammar contains.
std::string char_argument(char32_t cp) {
  switch (cp) {
    case U'\n': return "'\\n'";
    case U'\r': return "'\\r'";
    case U'\t': return "'\\t'";
    case U'\'': return "'\\''";
    case U'\\': return "'\\\\'";
    default: break;
  }
  if (cp >= 0x20 && cp < 0x7F) return std::string("'") + static_cast<char>(cp) + "'";
  if (cp < 0x80) {  // other ASCII control characters
    static constexpr char digit[] = "0123456789abcdef";
    return std::string("'\\x") + digit[cp >> 4] + digit[cp & 0xF] + "'";
  }
  return hex(cp);
}

std::string argument_list(const std::vector<char32_t>& cps) {
  std::string out;
  for (char32_t cp : cps) {
    if (!out.empty()) out += ", ";
    out += char_argument(cp);
  }
  return out;
}

// A byte of a UTF-8 sequence as a char template argument ('\xNN' above ASCII).
std::string byte_argument(unsigned char b) {
  if (b < 0x80) return char_argument(b);
  static constexpr char digit[] = "0123456789abcdef";
  return std::string("'\\x") + digit[b >> 4] + digit[b & 0xF] + "'";
}

// The UTF-8 bytes of a text: the texts grammars read are well-formed UTF-8, so matching the
// bytes is matching the code points, without decoding them. One byte as pegtl::string< b >;
// more as layout::literal< b1, b2, ... >, which tests the first byte before comparing the rest.
// The UTF-8 bytes of a text as template arguments: "'a', '\xe5', ..."; how many in `count`.
std::string byte_arguments(const std::u32string& text, std::size_t* count = nullptr) {
  std::string bytes;
  for (char32_t cp : text) append_utf8(bytes, cp);
  if (count) *count = bytes.size();
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out += ", ";
    out += byte_argument(static_cast<unsigned char>(bytes[i]));
  }
  return out;
}

std::string bytes_rule(const std::u32string& text) {
  std::size_t count = 0;
  const std::string arguments = byte_arguments(text, &count);
  return (count == 1 ? "pegtl::string< " : "::nianbao::layout::literal< ") + arguments + " >";
}

std::string literal_rule(const std::u32string& text) {
  if (text.empty()) return "pegtl::success";
  return bytes_rule(text);
}

// [abc] -> one<a, b, c> for ASCII; [a-z0-9] -> ranges<a, z, 0, 9>. Characters above ASCII are
// alternatives of their own after the ASCII ones (a character is their UTF-8 bytes, a range a
// pegtl::utf8::ranges): a text's layout characters are mostly ASCII, tested without decoding.
std::string class_rule(const std::vector<std::pair<char32_t, char32_t>>& ranges) {
  std::vector<char32_t> ascii_singles, ascii_ranges, wide_ranges;
  std::vector<std::string> wide_singles;
  for (const auto& [lo, hi] : ranges) {
    if (hi < 0x80) {
      if (lo == hi) ascii_singles.push_back(lo);
      else ascii_ranges.insert(ascii_ranges.end(), {lo, hi});
    } else if (lo == hi) {
      wide_singles.push_back(bytes_rule(std::u32string(1, lo)));
    } else {
      wide_ranges.insert(wide_ranges.end(), {lo, hi});
    }
  }
  std::vector<std::string> alternatives;
  if (!ascii_singles.empty()) alternatives.push_back("pegtl::one< " + argument_list(ascii_singles) + " >");
  if (!ascii_ranges.empty()) alternatives.push_back("pegtl::ranges< " + argument_list(ascii_ranges) + " >");
  alternatives.insert(alternatives.end(), wide_singles.begin(), wide_singles.end());
  if (!wide_ranges.empty()) alternatives.push_back("pegtl::utf8::ranges< " + argument_list(wide_ranges) + " >");
  if (alternatives.empty()) return "pegtl::failure";
  if (alternatives.size() == 1) return alternatives.front();
  std::string out = "pegtl::sor< ";
  for (std::size_t i = 0; i < alternatives.size(); ++i) out += (i ? ", " : "") + alternatives[i];
  return out + " >";
}

std::string rule_expression(const expression& e, const grammar& g);

std::string template_of(const char* name, const std::vector<expression>& args, const grammar& g) {
  std::string out = std::string(name) + "< ";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += rule_expression(args[i], g);
  }
  return out + " >";
}

// (!p1 !p2 ... .)* and + where each p consumes something when it succeeds and can start with
// only some bytes: a scan that tries the predicates only at those bytes (layout::scan_guarded),
// e.g. plain's `cell <- (!(gap run) !newline .)+`, whose predicates start with a space or a line
// end. Elsewhere every predicate fails without being tried, as it would fail being tried.
std::optional<std::string> guarded_scan_rule(const expression& e, const grammar& g,
                                             const std::vector<const expression*>& predicates) {
  std::bitset<256> first;
  for (const expression* p : predicates) {
    const auto starts = starts_of(*p, g);
    if (starts.nullable) return std::nullopt;
    first |= starts.bytes;
  }
  if (first.count() > 128) return std::nullopt;  // most bytes: nothing to skip
  std::string out = std::string("::nianbao::layout::scan_guarded< ") +
                    (e.kind == expression_kind::one_or_more ? "true" : "false") + ", ::nianbao::layout::byte_set< ";
  bool comma = false;
  for (unsigned b = 0; b < 256; ++b) {
    if (!first.test(b)) continue;
    out += (comma ? ", " : "") + byte_argument(static_cast<unsigned char>(b));
    comma = true;
  }
  out += " >";
  for (const expression* p : predicates) out += ", " + rule_expression(*p, g);
  return out + " >";
}

// (!s1 !s2 ... .)* and (...)+ where each s is a set of fixed texts: the characters up to the
// first of those texts, the commonest loop of the grammars (a cell up to its separator or the
// line end). Written as one scan (layout/grammar_chars.hpp) instead of predicates tried at every
// character; it matches what the loop matches.
std::optional<std::string> scan_rule(const expression& e, const grammar& g) {
  const auto predicates = predicate_loop(e);
  if (!predicates) return std::nullopt;
  std::vector<std::u32string> stops;
  for (const expression* p : *predicates) {
    auto texts = fixed_texts(*p, g);
    if (!texts) return guarded_scan_rule(e, g, *predicates);
    stops.insert(stops.end(), texts->begin(), texts->end());
  }
  std::string out = std::string("::nianbao::layout::scan_until< ") +
                    (e.kind == expression_kind::one_or_more ? "true" : "false");
  for (const auto& t : stops) out += ", ::nianbao::layout::bytes< " + byte_arguments(t) + " >";
  return out + " >";
}

std::string rule_expression(const expression& e, const grammar& g) {
  switch (e.kind) {
    case expression_kind::choice: return template_of("pegtl::sor", e.children, g);
    case expression_kind::sequence: return template_of("pegtl::seq", e.children, g);
    case expression_kind::and_predicate: return template_of("pegtl::at", e.children, g);
    case expression_kind::not_predicate: return template_of("pegtl::not_at", e.children, g);
    case expression_kind::optional: return template_of("pegtl::opt", e.children, g);
    case expression_kind::zero_or_more:
      if (auto scan = scan_rule(e, g)) return *scan;
      return template_of("pegtl::star", e.children, g);
    case expression_kind::one_or_more:
      if (auto scan = scan_rule(e, g)) return *scan;
      return template_of("pegtl::plus", e.children, g);
    case expression_kind::reference: return cpp_name(e.name);
    case expression_kind::literal: return literal_rule(e.text);
    case expression_kind::char_class: return class_rule(e.ranges);
    case expression_kind::any_char: return "::nianbao::layout::utf8_any";
  }
  return "pegtl::failure";
}

// The base of a rule's struct. A body that is just another rule is wrapped in seq<> so every
// rule stays its own type for the runtime's control hooks instead of inheriting another's.
std::string rule_base(const expression& body, const grammar& g) {
  const std::string inner = rule_expression(body, g);
  return body.kind == expression_kind::reference ? "pegtl::seq< " + inner + " >" : inner;
}

// The C++ spelling of an event kind (which rule name binds to which kind is event_kind.hpp's).
const char* enumerator(layout::event_kind kind) {
  switch (kind) {
    case layout::event_kind::none: return "none";
    case layout::event_kind::cell: return "cell";
    case layout::event_kind::row: return "row";
    case layout::event_kind::heading: return "heading";
  }
  return "none";
}

// The path as given, with every byte that is not printable ASCII escaped as \xNN.
std::string ascii_path(std::string_view path) {
  static constexpr char digit[] = "0123456789abcdef";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F) {
      out += ch;
    } else {
      out += "\\x";
      out += digit[c >> 4];
      out += digit[c & 0xF];
    }
  }
  return out;
}

layout::event_kind event_of(const rule_definition& rule) {
  return layout::event_for_rule_name(rule.name).value_or(layout::event_kind::none);
}

void collect_references(const expression& e, std::vector<std::string>& names) {
  if (e.kind == expression_kind::reference) names.push_back(e.name);
  for (const auto& c : e.children) collect_references(c, names);
}

// Which rules may report an event, themselves or through a rule they use (a fixpoint, since
// grammars may be recursive). The runtime keeps an event transaction only around those.
std::vector<bool> rules_that_report(const grammar& g) {
  std::vector<std::vector<std::string>> uses(g.rules.size());
  std::vector<bool> reports(g.rules.size());
  for (std::size_t i = 0; i < g.rules.size(); ++i) {
    collect_references(g.rules[i].body, uses[i]);
    reports[i] = event_of(g.rules[i]) != layout::event_kind::none;
  }
  auto reporting = [&](const std::string& name) {
    for (std::size_t j = 0; j < g.rules.size(); ++j)
      if (g.rules[j].name == name && reports[j]) return true;
    return false;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < g.rules.size(); ++i)
      if (!reports[i] && std::any_of(uses[i].begin(), uses[i].end(), reporting)) reports[i] = changed = true;
  }
  return reports;
}

void write_rule(std::string& out, const rule_definition& rule, bool reports, const grammar& g) {
  out += "struct " + cpp_name(rule.name) + " : " + rule_base(rule.body, g) + " {\n";
  out += "  static constexpr const char* nianbao_name = \"" + rule.name + "\";\n";
  out += "  static constexpr ::nianbao::layout::event_kind nianbao_event = ::nianbao::layout::event_kind::";
  out += enumerator(event_of(rule));
  out += ";\n";
  out += std::string("  static constexpr bool nianbao_reports = ") + (reports ? "true" : "false") + ";\n";
  out += "};\n";
}

}  // namespace

std::string write_pegtl_header(const grammar& g, std::string_view source_path, std::string_view ident) {
  const std::string ns = "nianbao::grammars::" + std::string(ident);
  std::string out;
  out += "// Generated by nianbao-peg2pegtl from " + ascii_path(source_path) + ". Do not edit.\n";
  out += "#pragma once\n";
  out += "#include <tao/pegtl.hpp>\n";
  out += "#include \"layout/event_kind.hpp\"\n";
  out += "#include \"layout/grammar_chars.hpp\"\n\n";
  out += "namespace " + ns + " {\n";
  out += "namespace pegtl = TAO_PEGTL_NAMESPACE;\n\n";
  // Declared first: a rule may use rules defined after it, or itself.
  for (const rule_definition& rule : g.rules) out += "struct " + cpp_name(rule.name) + ";\n";
  const std::vector<bool> reports = rules_that_report(g);
  for (std::size_t i = 0; i < g.rules.size(); ++i) {
    out += "\n";
    write_rule(out, g.rules[i], reports[i], g);
  }
  if (!g.rules.empty()) out += "\nusing top = " + cpp_name(g.rules.front().name) + ";\n";
  out += "\n}  // namespace " + ns + "\n";
  return out;
}

}  // namespace nianbao::generator
