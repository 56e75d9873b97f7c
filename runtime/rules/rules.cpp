// Loading rules files: syntax (rule_parser.cpp), then names: sets, variables, rule ids.
#include "rules/rules.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <unicode/utf8.h>

#include "rules/rule_parser.hpp"
#include "rules/rules_data.hpp"

namespace nianbao::check {

namespace detail {

const set_def* rules_data::find_set(const std::string& name) const {
  for (const auto& s : sets)
    if (s.name == name) return &s;
  return nullptr;
}

const rule_def* rules_data::find_rule(const std::string& id) const {
  const auto it = rule_ids.find(id);
  return it == rule_ids.end() ? nullptr : &rules[it->second];
}

nianbao::diagnostic make_diagnostic(const source_file& file, std::size_t offset, std::string code,
                                    std::string message, nianbao::severity sev) {
  nianbao::diagnostic d;
  d.severity = sev;
  d.file = file.name;
  d.where = position_of(file.text, offset);
  d.code = std::move(code);
  d.message = std::move(message);
  d.source_line = std::string(line_at(file.text, offset));
  return d;
}

std::string where_string(const source_file& file, std::size_t offset) {
  source_position p = position_of(file.text, offset);
  return file.name + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

namespace {

namespace x3 = boost::spirit::x3;

// The first byte at or after `offset` that is not blank or inside a comment.
std::size_t skip_blanks(std::string_view text, std::size_t offset) {
  while (offset < text.size()) {
    char c = text[offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++offset;
    } else if (c == '#') {
      while (offset < text.size() && text[offset] != '\n' && text[offset] != '\r') ++offset;
    } else {
      break;
    }
  }
  return offset;
}

bool is_wildcard(const std::string& segment) { return segment == "*" || segment == "**"; }

// Name resolution of one parsed file, on top of the sets and rules already known.
class resolver {
 public:
  resolver(rules_data& data, std::size_t file) : data_(data), file_(file), src_(*data.files[file]) {}

  void run(ast::program& program) {
    for (auto& statement : program) {
      if (auto* let = boost::get<ast::let>(&statement)) {
        define_set(*let);
      } else {
        define_rule(boost::get<ast::rule>(statement));
      }
    }
  }

 private:
  [[noreturn]] void fail(std::size_t offset, const char* code, std::string message) const {
    throw diagnostic_error(make_diagnostic(src_, offset, code, std::move(message)));
  }

  void define_set(ast::let& let) {
    std::size_t name_offset = skip_blanks(src_.text, let.offset + 3);  // after `let`
    if (const set_def* prev = data_.find_set(let.name)) {
      fail(name_offset, "duplicate-set",
           "set '" + let.name + "' is already defined at " +
               where_string(*data_.files[prev->file], prev->name_offset));
    }
    vars_.clear();
    check_set(let.set);
    data_.sets.push_back(set_def{let.name, std::move(let.set), file_, name_offset});
  }

  void define_rule(ast::rule& rule) {
    std::size_t id_offset = skip_blanks(src_.text, rule.offset + 4);  // after `rule`
    if (const rule_def* prev = data_.find_rule(rule.id)) {
      fail(id_offset, "duplicate-rule",
           "rule id '" + rule.id + "' is already used at " +
               where_string(*data_.files[prev->file], prev->id_offset));
    }
    vars_.clear();
    for (auto& clause : rule.body.quantifiers)
      for (auto& b : clause) bind(b);
    if (auto* cmp = boost::get<ast::comparison>(&rule.body.test)) {
      check_expr(cmp->left);
      check_expr(cmp->right);
    } else {
      const auto& key = boost::get<ast::integer_check>(rule.body.test).key;
      check_path(key, false);
    }
    rule_def def;
    def.severity = rule.severity == "warning" ? nianbao::severity::warning : nianbao::severity::error;
    def.file = file_;
    def.id_offset = id_offset;
    def.rule = std::move(rule);
    data_.add_rule(std::move(def));
  }

  // `for v in S`: S may use the variables bound before v; v must be new.
  void bind(const ast::binding& b) {
    check_set(b.set);
    for (const auto& v : vars_) {
      if (v == b.variable) fail(b.offset, "duplicate-variable", "variable '" + b.variable + "' is already bound");
    }
    vars_.push_back(b.variable);
  }

  void check_set(const ast::set_expr& set) {
    check_set_operand(set.first);
    for (const auto& op : set.rest) check_set_operand(op.operand);
  }

  void check_set_operand(const ast::set_operand& operand) {
    if (const auto* ref = boost::get<ast::set_ref>(&operand)) {
      if (!data_.find_set(ref->name)) fail(ref->offset, "undefined-set", "undefined set '" + ref->name + "'");
    } else if (const auto* keys = boost::get<ast::set_keys>(&operand)) {
      for (const auto& p : keys->patterns) check_path(p, true);
    }
  }

  void check_path(const ast::path& path, bool patterns_allowed) const {
    std::size_t offset = path.offset;
    for (const auto& seg : path.segments) {
      if (seg.size() > 1 && seg[0] == '$') {
        std::string name = seg.substr(1);
        bool known = false;
        for (const auto& v : vars_) known = known || v == name;
        if (!known) fail(offset, "unknown-variable", "unknown variable '" + seg + "'");
      } else if (is_wildcard(seg) && !patterns_allowed) {
        fail(offset, "pattern-not-allowed",
             "a key pattern ('*' or '**') matches several keys: use it in sum(...) or keys(...)");
      }
      offset += seg.size() + 1;
    }
  }

  void check_expr(const ast::expr& e) {
    check_operand(e.first);
    for (const auto& op : e.rest) check_operand(op.value);
  }

  // A bare path directly inside sum(...) may be a pattern.
  void check_sum_item(const ast::expr& e) {
    if (e.rest.empty()) {
      if (const auto* p = boost::get<ast::path>(&e.first)) {
        check_path(*p, true);
        return;
      }
    }
    check_expr(e);
  }

  void check_operand(const ast::operand& operand) {
    if (const auto* p = boost::get<ast::path>(&operand)) {
      check_path(*p, false);
    } else if (const auto* s = boost::get<x3::forward_ast<ast::sum_call>>(&operand)) {
      const ast::sum_call& call = s->get();
      if (!call.bindings.empty()) {
        if (call.items.size() != 1) {
          fail(call.items[1].offset, "sum-form",
               "sum(... for ...) takes one expression before 'for' (write sum(a + b for ...))");
        }
        std::size_t depth = vars_.size();
        for (const auto& b : call.bindings) bind(b);
        check_sum_item(call.items.front());
        vars_.resize(depth);
      } else {
        for (const auto& item : call.items) check_sum_item(item);
      }
    } else if (const auto* e = boost::get<x3::forward_ast<ast::expr>>(&operand)) {
      check_expr(e->get());
    }
  }

  rules_data& data_;
  std::size_t file_;
  const source_file& src_;
  std::vector<std::string> vars_;  // variables bound at this point, outermost first
};

std::shared_ptr<rules_data> parse_into(std::shared_ptr<rules_data> data, std::string_view text,
                                       std::string file) {
  auto src = std::make_shared<source_file>();
  src->name = std::move(file);
  // Without its byte order mark, so that columns on the first line count from the first character.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  src->text = std::string(text);
  // RULES.md: files are UTF-8. Messages and names pass into every check report and the JSON
  // output, so other bytes are refused here, at their position.
  for (int32_t i = 0, n = static_cast<int32_t>(src->text.size()); i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(src->text.data(), i, n, c);
    if (c < 0) {
      static const char* hex = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(src->text[static_cast<std::size_t>(at)]);
      throw diagnostic_error(make_diagnostic(*src, static_cast<std::size_t>(at), "rules-encoding",
                                             std::string("invalid UTF-8 (byte 0x") + hex[b >> 4] + hex[b & 15] +
                                                 "): rules files must be UTF-8"));
    }
  }
  ast::program program = parse_program(src->text, src->name);
  data->files.push_back(src);
  resolver(*data, data->files.size() - 1).run(program);
  return data;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    nianbao::diagnostic d;
    d.file = path;
    d.code = "io";
    d.message = "cannot read rules file";
    throw diagnostic_error(std::move(d));
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace
}  // namespace detail

rule_set::rule_set() : data_(std::make_shared<detail::rules_data>()) {}

rule_set::rule_set(std::shared_ptr<const detail::rules_data> data) : data_(std::move(data)) {
  if (!data_) data_ = std::make_shared<detail::rules_data>();
}

bool rule_set::empty() const noexcept { return data_->rules.empty(); }

std::size_t rule_set::size() const noexcept { return data_->rules.size(); }

std::vector<rule_info> rule_set::rules() const {
  std::vector<rule_info> out;
  for (const auto& r : data_->rules) {
    const auto& file = *data_->files[r.file];
    out.push_back(rule_info{r.rule.id, r.severity, r.rule.message, file.name,
                            position_of(file.text, r.rule.offset)});
  }
  return out;
}

std::vector<std::string> rule_set::set_names() const {
  std::vector<std::string> out;
  for (const auto& s : data_->sets) out.push_back(s.name);
  return out;
}

std::vector<std::string> rule_set::files() const {
  std::vector<std::string> out;
  for (const auto& f : data_->files) out.push_back(f->name);
  return out;
}

rule_set parse_rules(std::string_view text, std::string file) {
  return rule_set(detail::parse_into(std::make_shared<detail::rules_data>(), text, std::move(file)));
}

rule_set parse_rules(std::string_view text, std::string file, const rule_set& base) {
  auto data = std::make_shared<detail::rules_data>(base.data());  // copy; base stays as it was
  return rule_set(detail::parse_into(std::move(data), text, std::move(file)));
}

rule_set load_rules_file(const std::string& path) {
  return parse_rules(detail::read_file(path), path);
}

rule_set load_rules_file(const std::string& path, const rule_set& base) {
  return parse_rules(detail::read_file(path), path, base);
}

void add(rule_set& into, const rule_set& extra) {
  auto data = std::make_shared<detail::rules_data>(into.data());
  const detail::rules_data& more = extra.data();
  std::size_t shift = data->files.size();
  for (const auto& s : more.sets) {
    if (const detail::set_def* prev = data->find_set(s.name)) {
      throw diagnostic_error(detail::make_diagnostic(
          *more.files[s.file], s.name_offset, "duplicate-set",
          "set '" + s.name + "' is already defined at " +
              detail::where_string(*data->files[prev->file], prev->name_offset)));
    }
  }
  for (const auto& r : more.rules) {
    if (const detail::rule_def* prev = data->find_rule(r.rule.id)) {
      throw diagnostic_error(detail::make_diagnostic(
          *more.files[r.file], r.id_offset, "duplicate-rule",
          "rule id '" + r.rule.id + "' is already used at " +
              detail::where_string(*data->files[prev->file], prev->id_offset)));
    }
  }
  for (const auto& f : more.files) data->files.push_back(f);
  for (auto s : more.sets) {
    s.file += shift;
    data->sets.push_back(std::move(s));
  }
  for (auto r : more.rules) {
    r.file += shift;
    data->add_rule(std::move(r));
  }
  into = rule_set(std::move(data));
}

}  // namespace nianbao::check
