#include "write/json_writer.hpp"

#include <cmath>

#include "check/rules.hpp"

namespace nianbao::write {

using json = nlohmann::ordered_json;

json to_json(const diagnostic& d) {
  json j;
  j["severity"] = to_string(d.severity);
  j["code"] = d.code;
  if (d.where.line > 0) {
    j["line"] = d.where.line;
    j["column"] = d.where.column;
  }
  j["message"] = d.message;
  return j;
}

json value_json(const value& v, model::value_type type) {
  if (v.kind != cell_kind::number) return nullptr;
  if (type == model::value_type::integer && v.integral && std::fabs(v.number) < 9.0e15)
    return static_cast<long long>(v.number);
  return v.number;
}

json to_json(const pipeline::record& r, const json_options& opts) {
  json j;
  j["source"] = {{"path", r.path}, {"encoding", r.encoding.empty() ? json(nullptr) : json(r.encoding)}};
  const auto* m = r.model;
  j["template"] = m ? json(m->id) : json(nullptr);
  j["report"] = {{"title", r.info.title.empty() ? json(nullptr) : json(r.info.title)},
                 {"agency", r.info.agency.empty() ? json(nullptr) : json(r.info.agency)},
                 {"year", r.info.year ? json(r.info.year) : json(nullptr)}};
  j["status"] = pipeline::to_string(r.status);

  // The template's keys are unique: appended to the objects as they are, not looked up one by
  // one (an ordered_json object finds a key by a linear search: 200 keys, 20,000 comparisons).
  json values = json::object();
  json cells = json::object();
  json provenance = json::object();
  if (m) {
    auto& value_members = values.get_ref<json::object_t&>();
    auto& cell_members = cells.get_ref<json::object_t&>();
    auto& provenance_members = provenance.get_ref<json::object_t&>();
    value_members.reserve(m->keys.size());
    for (std::size_t i = 0; i < m->keys.size(); ++i) {
      const auto& v = r.values[i];
      value_members.emplace_back(m->keys[i], value_json(v, m->key_infos[i].type));
      if (v.kind != cell_kind::number && v.kind != cell_kind::missing) {
        cell_members.emplace_back(m->keys[i], json{{"kind", to_string(v.kind)}, {"raw", v.raw}, {"line", v.where.line},
                                                   {"column", v.where.column}});
      }
      if (opts.provenance && v.kind != cell_kind::missing) {
        provenance_members.emplace_back(m->keys[i], json{{"line", v.where.line}, {"column", v.where.column},
                                                         {"profile", v.profile}, {"raw", v.raw},
                                                         {"repaired", v.repaired}});
      }
    }
  }
  j["values"] = std::move(values);
  j["cells"] = std::move(cells);
  json profiles = json::object();
  if (m)
    for (std::size_t t = 0; t < m->tables.size(); ++t)
      profiles[m->tables[t].id] = r.table_profiles[t].empty() ? json(nullptr) : json(r.table_profiles[t]);
  j["profiles"] = std::move(profiles);

  json repairs = json::array();
  for (const auto& rp : r.repairs)
    repairs.push_back({{"key", rp.key}, {"read", rp.read}, {"chosen", rp.chosen}, {"why", rp.why}, {"rules", rp.rules}});
  j["repairs"] = std::move(repairs);

  json narrative = json::object();
  if (m)
    for (std::size_t i = 0; i < m->narrative.size() && i < r.narrative.size(); ++i) {
      const auto& v = r.narrative[i];
      if (v.kind != cell_kind::number) continue;
      narrative[m->narrative[i].id] = {{"value", value_json(v, model::value_type::integer)}, {"text", v.raw},
                                       {"line", v.where.line}, {"column", v.where.column}};
    }
  j["narrative"] = std::move(narrative);
  j["checks"] = r.checks ? check::to_json(*r.checks, false) : json(nullptr);

  json warnings = json::array();
  for (const auto& w : r.warnings) warnings.push_back(to_json(w));
  j["warnings"] = std::move(warnings);
  json errors = json::array();
  for (const auto& e : r.errors) errors.push_back(to_json(e));
  j["errors"] = std::move(errors);
  if (opts.provenance) j["provenance"] = std::move(provenance);
  return j;
}

}  // namespace nianbao::write
