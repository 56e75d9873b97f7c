#include "write/csv_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "core/utf8.hpp"
#include "write/number_text.hpp"

namespace nianbao::write {

namespace {

constexpr const char* kRowEnd = "\r\n";

const std::vector<std::string> kWideFixed = {"path",     "template", "status",   "encoding",      "title",  "agency",
                                              "year",     "values",   "repairs",  "warnings",      "rule_failures",
                                              "errors"};
const std::vector<std::string> kLongHeader = {"report", "template", "key",   "value",  "kind",        "raw",
                                              "repaired", "line", "column", "profile", "agency", "year",
                                              "region_code"};

}  // namespace

std::string csv_field(std::string_view s) {
  const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t'));
  if (!quote) return std::string(s);
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string formula_guarded(std::string_view s) {
  if (s.empty()) return {};
  const char c = s.front();
  bool guard = c == '=' || c == '@' || c == '\t' || c == '\r';
  if ((c == '+' || c == '-') && s.size() > 1) {
    const std::string text(s);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    const bool number = end == text.c_str() + text.size() && std::isfinite(v) &&
                        text.find_first_of("xXpPnNiI") == std::string::npos;  // not hex, nan, inf
    guard = !number;
  }
  return guard ? "'" + std::string(s) : std::string(s);
}

namespace {

// A number as the JSON output writes it ("12", "88.78248"); empty when v is not a number.
std::string value_text(const value& v, model::value_type type) {
  std::string out;
  if (v.kind == cell_kind::number) append_value(out, v, type);
  return out;
}

}  // namespace

csv_writer::csv_writer(std::ostream& out, const std::vector<model::template_model>& models, csv_options opts)
    : out_(out), opts_(opts) {
  if (opts_.form == csv_form::wide) {
    header_ = kWideFixed;
    std::set<std::string> seen;
    for (const auto& m : models)
      for (const auto& k : m.keys)
        if (seen.insert(k).second) keys_.push_back(k);
    header_.insert(header_.end(), keys_.begin(), keys_.end());
  } else {
    header_ = kLongHeader;
  }
  if (opts_.bom) out_ << "\xEF\xBB\xBF";
  row(header_);
}

void csv_writer::finish() { out_.flush(); }

void csv_writer::row(const std::vector<std::string>& fields) {
  line_.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line_ += ',';
    line_ += csv_field(formula_guarded(utf8_or_replacement(fields[i])));
  }
  line_ += kRowEnd;
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void csv_writer::write(const pipeline::record& r) {
  const auto* m = r.model;
  const bool has_values = m != nullptr;  // as the JSON output: a failed record names a template too
  if (opts_.form == csv_form::wide) {
    std::vector<std::string> f;
    f.reserve(header_.size());
    std::size_t numbers = 0;
    if (has_values)
      for (const auto& v : r.values) numbers += v.kind == cell_kind::number;
    std::string errors;
    for (const auto& e : r.errors) errors += (errors.empty() ? "" : " | ") + e.message;
    f.push_back(r.path);
    f.push_back(has_values ? m->id : std::string());
    f.push_back(pipeline::to_string(r.status));
    f.push_back(r.encoding);
    f.push_back(r.info.title);
    f.push_back(r.info.agency);
    f.push_back(r.info.year ? std::to_string(r.info.year) : std::string());
    f.push_back(std::to_string(numbers));
    f.push_back(std::to_string(r.repairs.size()));
    f.push_back(std::to_string(r.warnings.size()));
    f.push_back(r.checks ? std::to_string(r.checks->failed) : std::string());
    f.push_back(errors);
    for (const auto& k : keys_) {
      std::string cell;
      if (has_values) {
        auto it = m->key_index.find(k);
        if (it != m->key_index.end() && it->second < r.values.size())
          cell = value_text(r.values[it->second], m->key_infos[it->second].type);
      }
      f.push_back(std::move(cell));
    }
    row(f);
    return;
  }
  if (!has_values) return;
  const std::string year = r.info.year ? std::to_string(r.info.year) : std::string();
  const region::division* place = r.region ? r.region->most_specific() : nullptr;
  const std::string region_code = place ? place->code : std::string();
  for (std::size_t i = 0; i < m->keys.size() && i < r.values.size(); ++i) {
    const auto& v = r.values[i];
    if (v.kind == cell_kind::missing) continue;
    row({r.path, m->id, m->keys[i], value_text(v, m->key_infos[i].type), to_string(v.kind), v.raw,
         v.repaired ? "1" : "0", v.where.line ? std::to_string(v.where.line) : std::string(),
         v.where.column ? std::to_string(v.where.column) : std::string(), v.profile, r.info.agency, year,
         region_code});
  }
}

}  // namespace nianbao::write
