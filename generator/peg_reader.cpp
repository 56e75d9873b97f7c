#include "peg_reader.hpp"

#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>
#include <tao/pegtl/contrib/peg.hpp>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "cpp_names.hpp"
#include "peg_analysis.hpp"

namespace nianbao::generator {

namespace {

namespace pegtl = TAO_PEGTL_NAMESPACE;
namespace peg = pegtl::peg::grammar;

// An error found while reading, before it becomes a diagnostic: where (byte offset) and what.
struct grammar_error {
  std::size_t byte;
  std::string message;
};

[[noreturn]] void fail(std::size_t byte, std::string message) {
  throw grammar_error{byte, std::move(message)};
}

// ---------------------------------------------------------------------------------------------
// UTF-8

// Decodes the UTF-8 character at text[pos]. Returns its length in bytes, or 0 when the bytes
// there are not valid UTF-8 (bad lead byte, truncated, overlong, surrogate, above U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::size_t pos, char32_t& cp) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t len = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    len = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > text.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

std::string encode_utf8(char32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

std::string hex(unsigned long value, int digits) {
  static constexpr char digit[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = digit[value & 0xF];
  return out;
}

// Characters a terminal shows as nothing or as a plain space: controls, and the Unicode spaces
// (U+3000 in particular) that PEG spacing does not include.
bool is_invisible(char32_t cp) noexcept {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
         (cp >= 0x205F && cp <= 0x2064) || cp == 0x3000 || cp == 0xFEFF;
}

// A character as messages show it: 'x' when visible, U+XXXX otherwise.
std::string quoted(char32_t cp) {
  if (is_invisible(cp)) return "U+" + hex(cp, 4);
  return "'" + encode_utf8(cp) + "'";
}

// The whole file must be UTF-8: literals are turned into code points, columns count them.
void check_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, pos, cp);
    if (len == 0) {
      fail(pos, "invalid UTF-8 (byte 0x" + hex(static_cast<unsigned char>(text[pos]), 2) +
                    "): grammar files must be UTF-8");
    }
    pos += len;
  }
}

// ---------------------------------------------------------------------------------------------
// Literals and classes. PEGTL's grammar reads them byte by byte, which is enough to find where
// they end but would split a CJK character into bytes (and make [０-９] a range of bytes), so
// their contents are read again here, one UTF-8 character at a time, with the same rules.

bool is_line_break(char c) noexcept { return c == '\n' || c == '\r'; }
bool is_octal(char c) noexcept { return c >= '0' && c <= '7'; }

struct lexed_char {
  char32_t cp;
  std::size_t next;  // offset just after it
};

// One `Char` of the notation at text[pos] (pos < size): an escape (\n \r \t \' \" \[ \] \\ or
// octal \o \oo \ooo up to \277, taken as a code point) or any character other than '\'.
lexed_char lex_char(std::string_view text, std::size_t pos) {
  const auto at = [&](std::size_t i) { return i < text.size() ? text[i] : '\0'; };
  if (text[pos] != '\\') {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, pos, cp);  // valid: check_utf8 ran first
    return {cp, pos + len};
  }
  switch (at(pos + 1)) {
    case 'n': return {U'\n', pos + 2};
    case 'r': return {U'\r', pos + 2};
    case 't': return {U'\t', pos + 2};
    case '\'': case '"': case '[': case ']': case '\\':
      return {static_cast<char32_t>(text[pos + 1]), pos + 2};
    default: break;
  }
  // Same order as peg::grammar::Char: three digits only when the first is 0-2.
  const auto digit = [&](std::size_t i) { return static_cast<char32_t>(text[i] - '0'); };
  if (at(pos + 1) >= '0' && at(pos + 1) <= '2' && is_octal(at(pos + 2)) && is_octal(at(pos + 3))) {
    return {digit(pos + 1) * 64 + digit(pos + 2) * 8 + digit(pos + 3), pos + 4};
  }
  if (is_octal(at(pos + 1))) {
    if (is_octal(at(pos + 2))) return {digit(pos + 1) * 8 + digit(pos + 2), pos + 3};
    return {digit(pos + 1), pos + 2};
  }
  if (pos + 1 >= text.size()) fail(pos, "unfinished escape sequence at the end of the file");
  char32_t next = 0;
  decode_utf8(text, pos + 1, next);
  if (next < 0x20) fail(pos, "invalid escape sequence: '\\' followed by " + quoted(next));
  fail(pos, "invalid escape sequence '\\" + encode_utf8(next) + "'");
}

struct scanned_literal {
  std::u32string text;
  std::size_t end = 0;  // offset just after the closing quote
};

// The literal whose opening quote is at text[open]. A raw line break ends it as unterminated:
// PEGTL's grammar would accept one and run on into the next rules, never what the author meant.
scanned_literal scan_literal(std::string_view text, std::size_t open) {
  const char quote = text[open];
  scanned_literal lit;
  std::size_t pos = open + 1;
  while (pos < text.size() && !is_line_break(text[pos])) {
    if (text[pos] == quote) {
      lit.end = pos + 1;
      return lit;
    }
    const lexed_char c = lex_char(text, pos);
    lit.text += c.cp;
    pos = c.next;
  }
  fail(open, "unterminated literal");
}

struct class_item {
  char32_t lo, hi;   // inclusive; lo == hi for a single character
  std::size_t byte;  // where the item starts
};

struct scanned_class {
  std::vector<class_item> items;
  std::size_t end = 0;  // offset just after the closing ']'
};

// The class whose '[' is at text[open], as items `Char '-' Char` or `Char` up to a ']' that
// starts an item. In Ford's notation "[a-]" is a range from 'a' to ']' and the class goes on:
// never what was meant, so a range may only end at ']' written as '\]'.
scanned_class scan_class(std::string_view text, std::size_t open) {
  scanned_class cls;
  std::size_t pos = open + 1;
  while (pos < text.size() && !is_line_break(text[pos])) {
    if (text[pos] == ']') {
      cls.end = pos + 1;
      if (cls.items.empty()) fail(open, "empty character class");
      return cls;
    }
    const lexed_char lo = lex_char(text, pos);
    class_item item{lo.cp, lo.cp, pos};
    pos = lo.next;
    if (pos + 1 < text.size() && text[pos] == '-' && !is_line_break(text[pos + 1])) {
      if (text[pos + 1] == ']') {
        fail(pos, "'-]' in a character class makes a range ending at ']': to match '-', write it first, "
                  "as in [-a]; to end a range at ']', write '\\]'");
      }
      const lexed_char hi = lex_char(text, pos + 1);
      item.hi = hi.cp;
      pos = hi.next;
      if (item.hi < item.lo) {
        fail(item.byte, "reversed range " + quoted(item.lo) + "-" + quoted(item.hi) + " in character class");
      }
    }
    cls.items.push_back(item);
  }
  fail(open, "unterminated character class");
}

// ---------------------------------------------------------------------------------------------
// Pass 1: syntax. PEGTL's peg::grammar has no must<>: on bad input it simply stops matching and
// the parse returns false, which says nothing about where. The control below watches the few
// rules whose failure (or success) can only mean an error and throws grammar_error right there.

std::size_t skip_spacing(std::string_view text, std::size_t pos) {
  pegtl::memory_input<> in(text.data() + pos, text.data() + text.size(), "");
  (void)pegtl::parse<peg::Spacing>(in);
  return static_cast<std::size_t>(in.current() - text.data());
}

bool is_ident_start(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) noexcept { return is_ident_start(c) || (c >= '0' && c <= '9'); }

std::size_t identifier_end(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_ident_char(text[pos])) ++pos;
  return pos;
}

std::string line_and_column(std::string_view text, std::size_t byte) {
  const source_position p = position_of(text, byte);
  return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

// What to say about text no rule of the notation starts with (nothing at the end of the file).
std::optional<std::string> describe_stray(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  if (text[pos] == ')') return std::string("unmatched ')'");
  if (text.compare(pos, 2, "<-") == 0) return std::string("unexpected '<-'");
  char32_t cp = 0;
  decode_utf8(text, pos, cp);
  return "unexpected " + quoted(cp);
}

struct syntax_state {
  std::string_view text;
  std::vector<std::size_t> starts;       // where the watched rules being matched started
  std::vector<std::size_t> open_parens;  // where the '(' not closed yet are
};

// What a watched rule's success or failure reveals, given where it started. Unwatched: nothing.
template <typename Rule>
void on_success(Rule, syntax_state&, std::size_t) {}
template <typename Rule>
void on_failure(Rule, syntax_state&, std::size_t) {}

// A literal or class is the only thing that can start with its opening character, so failing
// there is an error; succeeding can still be one (line break inside, reversed range, ...).
void on_success(peg::Literal, syntax_state& s, std::size_t b) { scan_literal(s.text, b); }
void on_failure(peg::Literal, syntax_state& s, std::size_t b) {
  if (b < s.text.size() && (s.text[b] == '\'' || s.text[b] == '"')) {
    scan_literal(s.text, b);  // throws the precise error
    fail(b, "invalid literal");
  }
}
void on_success(peg::Class, syntax_state& s, std::size_t b) { scan_class(s.text, b); }
void on_failure(peg::Class, syntax_state& s, std::size_t b) {
  if (b < s.text.size() && s.text[b] == '[') {
    scan_class(s.text, b);  // throws the precise error
    fail(b, "invalid character class");
  }
}

// A prefix fails after '&' or '!' only when no expression follows.
void on_failure(peg::Prefix, syntax_state& s, std::size_t b) {
  if (b < s.text.size() && (s.text[b] == '&' || s.text[b] == '!')) {
    fail(b, std::string("expected an expression after '") + s.text[b] + "'");
  }
}

// A definition is only tried at a name the previous rule's body did not take, i.e. one not used
// as a reference: so failing there means the '<-' is missing.
void on_failure(peg::Definition, syntax_state& s, std::size_t b) {
  if (b < s.text.size() && is_ident_start(s.text[b])) {
    const std::size_t name_end = identifier_end(s.text, b);
    fail(skip_spacing(s.text, name_end),
         "expected '<-' after rule name '" + std::string(s.text.substr(b, name_end - b)) + "'");
  }
}

void on_success(peg::OPEN, syntax_state& s, std::size_t b) { s.open_parens.push_back(b); }
void on_success(peg::CLOSE, syntax_state& s, std::size_t) { s.open_parens.pop_back(); }
// The body inside '(' stopped early: at something no expression starts with (say so), or at the
// next definition or the end of the file (the ')' is missing).
void on_failure(peg::CLOSE, syntax_state& s, std::size_t b) {
  if (b < s.text.size() && !is_ident_start(s.text[b])) fail(b, *describe_stray(s.text, b));
  fail(b, "expected ')' to close the '(' at " + line_and_column(s.text, s.open_parens.back()));
}

// After the last definition that could be read, anything left is an error.
void on_failure(peg::EndOfFile, syntax_state& s, std::size_t b) {
  fail(b, describe_stray(s.text, b).value_or("unexpected text"));
}

template <typename Rule>
struct watched : pegtl::normal<Rule> {
  template <typename Input>
  static void start(const Input& in, syntax_state& s) {
    s.starts.push_back(static_cast<std::size_t>(in.current() - s.text.data()));
  }
  template <typename Input>
  static void success(const Input&, syntax_state& s) {
    on_success(Rule{}, s, pop(s));
  }
  template <typename Input>
  static void failure(const Input&, syntax_state& s) {
    on_failure(Rule{}, s, pop(s));
  }

 private:
  static std::size_t pop(syntax_state& s) {
    const std::size_t b = s.starts.back();
    s.starts.pop_back();
    return b;
  }
};

template <typename Rule>
struct syntax_control : pegtl::normal<Rule> {};
template <> struct syntax_control<peg::Literal> : watched<peg::Literal> {};
template <> struct syntax_control<peg::Class> : watched<peg::Class> {};
template <> struct syntax_control<peg::Prefix> : watched<peg::Prefix> {};
template <> struct syntax_control<peg::Definition> : watched<peg::Definition> {};
template <> struct syntax_control<peg::OPEN> : watched<peg::OPEN> {};
template <> struct syntax_control<peg::CLOSE> : watched<peg::CLOSE> {};
template <> struct syntax_control<peg::EndOfFile> : watched<peg::EndOfFile> {};

// PEGTL's PEG grammar and the tree built from it recurse once per '(': 30,000 of them overflowed
// the stack (issue 7, finding F10). Refused first, at the first '(' past the limit (comments,
// literals and classes skipped, with their escapes).
constexpr std::size_t kMaxNesting = 100;

void check_nesting(std::string_view text) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') ++i;
    } else if (c == '\'' || c == '"' || c == '[') {
      const char close = c == '[' ? ']' : c;
      for (++i; i < text.size() && text[i] != close; ++i)
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
    } else if (c == '(') {
      if (++depth > kMaxNesting)
        fail(i, "parentheses nested deeper than " + std::to_string(kMaxNesting) + " levels");
    } else if (c == ')' && depth > 0) {
      --depth;
    }
  }
}

void check_syntax(std::string_view text) {
  syntax_state state{text, {}, {}};
  pegtl::memory_input<> in(text.data(), text.size(), "");
  if (pegtl::parse<peg::Grammar, pegtl::nothing, syntax_control>(in, state)) return;
  // The hooks throw for every error after the first definition; so the first one failed.
  const std::size_t first = skip_spacing(text, 0);
  if (first == text.size()) fail(0, "empty grammar: no rule is defined");
  fail(first, "expected a rule definition (Name <- expression)");
}

// ---------------------------------------------------------------------------------------------
// Pass 2: the syntax is known to be right; build the grammar from PEGTL's parse tree.

template <typename Rule>
using tree_selector = pegtl::parse_tree::selector<
    Rule, pegtl::parse_tree::store_content::on<peg::Definition, peg::Identifier, peg::LEFTARROW,
                                               peg::Expression, peg::Sequence, peg::SLASH,
                                               peg::Prefix, peg::AND, peg::NOT, peg::Suffix,
                                               peg::QUESTION, peg::STAR, peg::PLUS, peg::OPEN,
                                               peg::Literal, peg::Class, peg::DOT>>;

using node = pegtl::parse_tree::node;

// The operator an expression follows, for "expected an expression after '/'".
struct token {
  std::size_t byte;
  const char* text;
};

class tree_reader {
 public:
  explicit tree_reader(std::string_view text) : text_(text) {}

  grammar read(const node& root) const {
    grammar g;
    for (const auto& def : root.children) g.rules.push_back(read_definition(*def));
    return g;
  }

 private:
  std::string_view text_;

  static std::size_t offset(const node& n) { return n.m_begin.byte; }

  std::string identifier(const node& n) const {
    const std::size_t b = offset(n);
    return std::string(text_.substr(b, identifier_end(text_, b) - b));
  }

  // Children: Identifier LEFTARROW Expression.
  rule_definition read_definition(const node& n) const {
    rule_definition rule;
    rule.name = identifier(*n.children[0]);
    rule.byte = offset(*n.children[0]);
    rule.body = read_expression(*n.children[2], {offset(*n.children[1]), "<-"});
    return rule;
  }

  // Children: Sequence (SLASH Sequence)*. An empty sequence is valid PEG (it always matches)
  // but written by mistake ("a /" or "Rule <-" at the end): '' says "nothing" explicitly.
  expression read_expression(const node& n, token opener) const {
    const auto& c = n.children;
    std::vector<expression> alternatives;
    for (std::size_t i = 0; i < c.size(); i += 2) {
      if (c[i]->children.empty()) {
        if (i == 0 && c.size() > 1) fail(offset(*c[1]), "expected an expression before '/'");
        const token before = i == 0 ? opener : token{offset(*c[i - 1]), "/"};
        fail(before.byte, std::string("expected an expression after '") + before.text + "'");
      }
      alternatives.push_back(read_sequence(*c[i]));
    }
    return collapse(expression_kind::choice, std::move(alternatives), offset(n));
  }

  // Children: Prefix+.
  expression read_sequence(const node& n) const {
    std::vector<expression> items;
    for (const auto& prefix : n.children) items.push_back(read_prefix(*prefix));
    return collapse(expression_kind::sequence, std::move(items), offset(n));
  }

  // Children: (AND | NOT)? Suffix.
  expression read_prefix(const node& n) const {
    expression e = read_suffix(*n.children.back());
    if (n.children.size() == 1) return e;
    const bool is_and = n.children.front()->is_type<peg::AND>();
    return wrap(is_and ? expression_kind::and_predicate : expression_kind::not_predicate, std::move(e), offset(n));
  }

  // Children: the primary's (Identifier | OPEN Expression | Literal | Class | DOT), then
  // QUESTION, STAR or PLUS when present.
  expression read_suffix(const node& n) const {
    const node& last = *n.children.back();
    std::optional<expression_kind> repeat;
    if (last.is_type<peg::QUESTION>()) repeat = expression_kind::optional;
    if (last.is_type<peg::STAR>()) repeat = expression_kind::zero_or_more;
    if (last.is_type<peg::PLUS>()) repeat = expression_kind::one_or_more;
    expression e = read_primary(n);
    return repeat ? wrap(*repeat, std::move(e), offset(n)) : e;
  }

  expression read_primary(const node& suffix) const {
    const node& first = *suffix.children.front();
    expression e;
    e.byte = offset(first);
    if (first.is_type<peg::Identifier>()) {
      e.kind = expression_kind::reference;
      e.name = identifier(first);
    } else if (first.is_type<peg::OPEN>()) {
      e = read_expression(*suffix.children[1], {offset(first), "("});
    } else if (first.is_type<peg::Literal>()) {
      e.kind = expression_kind::literal;
      e.text = scan_literal(text_, e.byte).text;
    } else if (first.is_type<peg::Class>()) {
      e.kind = expression_kind::char_class;
      for (const class_item& item : scan_class(text_, e.byte).items) e.ranges.emplace_back(item.lo, item.hi);
    } else {
      e.kind = expression_kind::any_char;
    }
    return e;
  }

  static expression collapse(expression_kind kind, std::vector<expression> parts, std::size_t byte) {
    if (parts.size() == 1) return std::move(parts.front());
    expression e;
    e.kind = kind;
    e.byte = byte;
    e.children = std::move(parts);
    return e;
  }

  static expression wrap(expression_kind kind, expression inner, std::size_t byte) {
    expression e;
    e.kind = kind;
    e.byte = byte;
    e.children.push_back(std::move(inner));
    return e;
  }
};

grammar build_grammar(std::string_view text) {
  pegtl::memory_input<> in(text.data(), text.size(), "");
  const auto root = pegtl::parse_tree::parse<peg::Grammar, tree_selector>(in);
  if (!root) throw std::logic_error("peg_reader: the second pass rejected a grammar the first accepted");
  return tree_reader(text).read(*root);
}

// ---------------------------------------------------------------------------------------------
// Semantic checks: names.

void check_rule_names(const grammar& g, std::string_view text) {
  std::map<std::string, std::size_t> defined;       // PEG name -> where
  std::map<std::string, const rule_definition*> emitted;  // C++ name -> rule
  for (const rule_definition& rule : g.rules) {
    if (is_reserved_identifier(rule.name)) {
      fail(rule.byte, "rule name '" + rule.name +
                          "' is reserved in C++ (it contains '__' or starts with '_' and an uppercase letter)");
    }
    const auto [first, inserted] = defined.emplace(rule.name, rule.byte);
    if (!inserted) {
      fail(rule.byte, "rule '" + rule.name + "' is defined twice (first at " +
                          line_and_column(text, first->second) + ")");
    }
    const std::string cpp = cpp_name(rule.name);
    const auto [other, fresh] = emitted.emplace(cpp, &rule);
    if (!fresh) {
      fail(rule.byte, "rules '" + other->second->name + "' (" + line_and_column(text, other->second->byte) +
                          ") and '" + rule.name + "' would both be named '" + cpp + "' in C++");
    }
  }
}

void check_references(const expression& e, const std::map<std::string, std::size_t>& defined) {
  if (e.kind == expression_kind::reference && defined.count(e.name) == 0) {
    fail(e.byte, "undefined rule '" + e.name + "'");
  }
  for (const expression& child : e.children) check_references(child, defined);
}

void check_references(const grammar& g) {
  std::map<std::string, std::size_t> defined;
  for (const rule_definition& rule : g.rules) defined.emplace(rule.name, rule.byte);
  for (const rule_definition& rule : g.rules) check_references(rule.body, defined);
}

std::string_view without_bom(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  return text.substr(0, bom.size()) == bom ? text.substr(bom.size()) : text;
}

}  // namespace

grammar read_peg(std::string_view text, const std::string& file) {
  const std::string_view body = without_bom(text);
  try {
    check_utf8(body);
    check_nesting(body);
    check_syntax(body);
    grammar g = build_grammar(body);
    check_rule_names(g, body);
    check_references(g);
    if (const auto loop = find_loop(g)) fail(loop->byte, loop->message);
    return g;
  } catch (const grammar_error& e) {
    diagnostic d;
    d.file = file;
    d.where = position_of(body, e.byte);
    d.message = e.message;
    d.source_line = std::string(line_at(body, e.byte));
    throw diagnostic_error(std::move(d));
  }
}

}  // namespace nianbao::generator
