#include "write/json_writer.hpp"

#include <cmath>

#include "write/check_json.hpp"

namespace nianbao::write {

namespace {

void string_or_null(json_text& j, const std::string& s) {
  if (s.empty()) j.null();
  else j.string(s);
}

}  // namespace

void write_diagnostic(json_text& j, const diagnostic& d) {
  j.begin_object().key("severity").string(to_string(d.severity)).key("code").string(d.code);
  if (d.where.page > 0) j.key("page").unsigned_integer(d.where.page);
  if (d.where.line > 0) j.key("line").unsigned_integer(d.where.line).key("column").unsigned_integer(d.where.column);
  j.key("message").string(d.message).end_object();
}

void write_region(json_text& j, const std::optional<region::agency>& a) {
  if (!a) {
    j.null();
    return;
  }
  auto division = [&](const char* name, const region::division* d) {
    j.key(name);
    if (d) j.begin_object().key("code").string(d->code).key("name").string(d->name).end_object();
    else j.null();
  };
  const region::division* d = a->most_specific();
  j.begin_object().key("code");
  if (d) j.string(d->code).key("level").string(region::to_string(d->level));
  else j.null().key("level").null();
  division("province", a->province);
  division("prefecture", a->prefecture);
  division("county", a->county);
  division("township", a->township);
  j.key("kind").string(region::to_string(a->kind)).key("department");
  string_or_null(j, a->department);
  j.key("basis");
  string_or_null(j, a->basis);
  if (!a->candidates.empty()) {
    j.key("candidates").begin_array();
    for (const auto& c : a->candidates) j.string(c);
    j.end_array();
  }
  j.end_object();
}

void write_measures(json_text& j, const measures::measure_set& set, const std::vector<measures::result>& results) {
  j.begin_object();
  for (std::size_t i = 0; i < set.size() && i < results.size(); ++i) {
    j.key(set.measures()[i].id);
    if (results[i].value) j.number(*results[i].value);
    else j.null();
  }
  j.end_object();
}

void append_json(std::string& out, const pipeline::record& r, const json_options& opts) {
  json_text j(out);
  const auto* m = r.model;
  j.begin_object();
  j.key("source").begin_object().key("path").string(r.path).key("encoding");
  string_or_null(j, r.encoding);
  j.end_object();
  j.key("template");
  if (m) j.string(m->id);
  else j.null();
  j.key("report").begin_object().key("title");
  string_or_null(j, r.info.title);
  j.key("agency");
  string_or_null(j, r.info.agency);
  j.key("year");
  if (r.info.year) j.integer(r.info.year);
  else j.null();
  j.end_object();
  j.key("region");
  write_region(j, r.region);
  j.key("status").string(pipeline::to_string(r.status));

  j.key("values").begin_object();
  if (m)
    for (std::size_t i = 0; i < m->keys.size(); ++i) j.key(m->keys[i]).canonical_value(r.values[i], m->key_infos[i].type);
  j.end_object();
  j.key("measures");
  if (r.measure_defs) write_measures(j, *r.measure_defs, r.measures);
  else j.begin_object().end_object();
  j.key("cells").begin_object();
  if (m)
    for (std::size_t i = 0; i < m->keys.size(); ++i) {
      const auto& v = r.values[i];
      if (v.kind == cell_kind::number || v.kind == cell_kind::missing) continue;
      j.key(m->keys[i]).begin_object().key("kind").string(to_string(v.kind)).key("raw").string(v.raw);
      if (v.where.page > 0) j.key("page").unsigned_integer(v.where.page);
      j.key("line").unsigned_integer(v.where.line).key("column").unsigned_integer(v.where.column).end_object();
    }
  j.end_object();
  j.key("profiles").begin_object();
  if (m)
    for (std::size_t t = 0; t < m->tables.size(); ++t) string_or_null(j.key(m->tables[t].id), r.table_profiles[t]);
  j.end_object();

  j.key("repairs").begin_array();
  for (const auto& rp : r.repairs) {
    j.begin_object().key("key").string(rp.key).key("read").string(rp.read).key("chosen").string(rp.chosen);
    j.key("why").string(rp.why).key("rules").begin_array();
    for (const auto& rule : rp.rules) j.string(rule);
    j.end_array().end_object();
  }
  j.end_array();

  j.key("narrative").begin_object();
  if (m)
    for (std::size_t i = 0; i < m->narrative.size() && i < r.narrative.size(); ++i) {
      const auto& v = r.narrative[i];
      if (v.kind != cell_kind::number) continue;
      j.key(m->narrative[i].id).begin_object().key("value");
      j.canonical_value(v, model::value_type::integer);
      j.key("text").string(v.raw);
      if (v.where.page > 0) j.key("page").unsigned_integer(v.where.page);
      j.key("line").unsigned_integer(v.where.line);
      j.key("column").unsigned_integer(v.where.column).end_object();
    }
  j.end_object();
  j.key("checks");
  if (r.checks) write_checks(j, *r.checks, false);
  else j.null();

  j.key("warnings").begin_array();
  for (const auto& w : r.warnings) write_diagnostic(j, w);
  j.end_array();
  j.key("errors").begin_array();
  for (const auto& e : r.errors) write_diagnostic(j, e);
  j.end_array();
  if (opts.provenance) {
    j.key("provenance").begin_object();
    if (m)
      for (std::size_t i = 0; i < m->keys.size(); ++i) {
        const auto& v = r.values[i];
        if (v.kind == cell_kind::missing) continue;
        j.key(m->keys[i]).begin_object();
        if (v.where.page > 0) j.key("page").unsigned_integer(v.where.page);
        j.key("line").unsigned_integer(v.where.line);
        j.key("column").unsigned_integer(v.where.column).key("profile").string(v.profile);
        j.key("raw").string(v.raw).key("repaired").boolean(v.repaired).end_object();
      }
    j.end_object();
    // Which profiles read it (pipeline/plan.hpp): the plan's first alone, or all (exhaustive).
    j.key("plan").begin_object().key("profiles_tried").begin_array();
    for (const auto& p : r.plan.profiles_tried) j.string(p);
    j.end_array().key("exhaustive").boolean(r.plan.exhaustive);
    if (!r.plan.accepted.empty()) j.key("accepted").string(r.plan.accepted);
    if (!r.plan.fell_back_because.empty()) j.key("because").string(r.plan.fell_back_because);
    j.end_object();
  }
  j.end_object();
}

void json_lines_writer::write(const pipeline::record& r) {
  line_.clear();
  append_json(line_, r, opts_);
  line_ += '\n';
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

void json_lines_writer::finish() { out_.flush(); }

}  // namespace nianbao::write
