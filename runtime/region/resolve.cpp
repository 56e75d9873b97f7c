#include "region/resolve.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace nianbao::region {

const char* to_string(agency_kind k) noexcept {
  switch (k) {
    case agency_kind::unknown: return "unknown";
    case agency_kind::government: return "government";
    case agency_kind::government_office: return "government-office";
    case agency_kind::department: return "department";
    case agency_kind::township: return "township";
    case agency_kind::street_office: return "street-office";
  }
  return "unknown";
}

namespace {

// The name without blanks (ASCII, U+3000): titles print "包头市石拐区 2024 年".
std::string without_blanks(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
      ++i;
    } else if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::size_t next_code_point(std::string_view s, std::size_t i) {
  std::size_t n = utf8_sequence_length(s, i);
  return i + (n ? n : 1);
}

struct mention {
  std::size_t begin = 0, end = 0;
  std::vector<std::size_t> candidates;  // divisions named
};

// Divisions whose whole name is a kind of division (two townships are called "街道"): in an
// agency's name it is that word, not their name ("某街道办事处").
bool generic_name(std::string_view name) { return name == "街道" || name == "镇" || name == "乡"; }

// The longest division name that starts at byte `at`, or an empty mention.
mention longest_at(const division_table& t, std::string_view s, std::size_t at) {
  mention m;
  std::size_t best = 0;
  for (std::size_t e = next_code_point(s, at); e <= s.size() && e - at <= t.longest_name(); e = next_code_point(s, e)) {
    const auto& named = t.named(s.substr(at, e - at));
    if (!named.empty() && !generic_name(s.substr(at, e - at))) {
      best = e;
      m.candidates = named;
    }
    if (e == s.size()) break;
  }
  m.begin = at;
  m.end = best;
  return m;
}

bool within(const division& inner, const division& outer) {
  return inner.code.size() > outer.code.size() && inner.code.compare(0, outer.code.size(), outer.code) == 0;
}

// A name that is only a place ("示例省兰溪区", "某镇", "某街道"; a division the table does not
// have, such as one created after it): the report is that place's government's. Zones ("开发区",
// "工业园区") and communities are bodies of their own, not governments.
bool names_a_place(std::string_view body) {
  for (std::string_view zone : {"开发区", "园区", "景区", "示范区", "保护区", "试验区", "合作区", "度假区", "社区", "小区"})
    if (ends_with(body, zone)) return false;
  for (std::string_view place : {"省", "自治区", "市", "州", "盟", "区", "县", "旗", "镇", "乡", "街道"})
    if (ends_with(body, place)) return true;
  return false;
}

agency_kind place_kind(std::string_view place) {
  if (ends_with(place, "街道")) return agency_kind::street_office;
  if (ends_with(place, "镇") || ends_with(place, "乡")) return agency_kind::township;
  return agency_kind::government;
}

// What is left of the agency's name after its divisions says what kind of body it is.
void classify(std::string_view body, const division* last, agency& a) {
  constexpr std::string_view government = "人民政府", short_government = "政府";
  if (!last) {
    // No division named ("某镇人民政府", "示例县水利局"): the kind by how the name ends.
    if (ends_with(body, "街道办事处")) a.kind = agency_kind::street_office;
    else if (ends_with(body, "镇人民政府") || ends_with(body, "乡人民政府") || ends_with(body, "镇政府") ||
             ends_with(body, "乡政府"))
      a.kind = agency_kind::township;
    else if (ends_with(body, "人民政府办公室") || ends_with(body, "人民政府办公厅") || ends_with(body, "政府办公室"))
      a.kind = agency_kind::government_office;
    else if (ends_with(body, "人民政府")) a.kind = agency_kind::government;
    else if (names_a_place(body)) a.kind = place_kind(body);
    else {
      a.kind = agency_kind::department;
      a.department = std::string(body);
    }
    return;
  }
  const bool township_level = last->level == level::township;
  const bool street = township_level && ends_with(last->name, "街道");
  if (body.empty() || body == government || body == short_government) {
    a.kind = township_level ? (street ? agency_kind::street_office : agency_kind::township) : agency_kind::government;
    return;
  }
  if (township_level && (body == "办事处" || body == "街道办事处" || body == "人民政府办事处")) {
    a.kind = agency_kind::street_office;
    return;
  }
  for (std::string_view office : {"人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "办公室", "办公厅"}) {
    if (body == office) {
      a.kind = agency_kind::government_office;
      return;
    }
  }
  // "人民政府国有资产监督管理委员会": a department of the government.
  if (starts_with(body, government) && body.size() > government.size()) body.remove_prefix(government.size());
  a.kind = agency_kind::department;
  a.department = std::string(body);
}

void set_levels(const division_table& t, const division& d, agency& a) {
  a.province = t.ancestor(d, level::province);
  a.prefecture = t.ancestor(d, level::prefecture);
  a.county = t.ancestor(d, level::county);
  a.township = t.ancestor(d, level::township);
}

diagnostic warning(const std::string& file, std::string code, std::string message) {
  return file_diagnostic(severity::warning, file, {}, std::move(code), std::move(message));
}

std::string full_name(const division_table& t, const division& d) {
  std::string out;
  for (level l : {level::province, level::prefecture, level::county, level::township})
    if (const division* x = t.ancestor(d, l)) out += x->name;
  return out;
}

}  // namespace

agency resolve_agency(const division_table& table, std::string_view agency_name, std::string_view report_text,
                      const std::string& file) {
  agency a;
  const std::string name = without_blanks(agency_name);
  if (name.empty()) return a;

  // The first division name, then the names that follow it directly, each within the last.
  std::vector<mention> chain;
  std::size_t at = 0;
  for (; at < name.size(); at = next_code_point(name, at)) {
    mention m = longest_at(table, name, at);
    if (m.end) {
      chain.push_back(std::move(m));
      break;
    }
  }
  std::vector<std::size_t> current = chain.empty() ? std::vector<std::size_t>() : chain.back().candidates;
  std::size_t end = chain.empty() ? 0 : chain.back().end;
  while (!chain.empty() && end < name.size()) {
    mention m = longest_at(table, name, end);
    // "广州市荔湾区人民政府南源街道办事处": a government's name may stand between two divisions.
    if (!m.end && starts_with(std::string_view(name).substr(end), "人民政府"))
      m = longest_at(table, name, end + std::string_view("人民政府").size());
    if (!m.end) break;
    std::vector<std::size_t> inside;
    for (std::size_t c : m.candidates)
      for (std::size_t p : current)
        if (within(table.all()[c], table.all()[p])) {
          inside.push_back(c);
          break;
        }
    if (inside.empty()) break;  // "城区" in "XX区城区管理局": not a division of this one
    current = std::move(inside);
    end = m.end;
    chain.push_back(std::move(m));
  }
  if (chain.empty()) {
    classify(name, nullptr, a);
    a.warnings.push_back(warning(file, "no-division", "the agency '" + name + "' names no division of China"));
    return a;
  }
  for (const auto& m : chain) a.named += name.substr(m.begin, m.end - m.begin);
  const std::string_view body = std::string_view(name).substr(end);

  const division* chosen = nullptr;
  if (current.size() == 1) {
    chosen = &table.all()[current.front()];
    a.basis = "agency";
  } else {
    // Several divisions of this name: the report's other names decide, when they name the
    // province, prefecture or county of exactly one of them (a name all share tells nothing).
    const std::string text = without_blanks(report_text);
    std::vector<std::size_t> supported;
    for (std::size_t c : current) {
      const division& d = table.all()[c];
      bool named = false;
      for (level l : {level::province, level::prefecture, level::county}) {
        const division* x = l < d.level ? table.ancestor(d, l) : nullptr;
        if (!x) continue;
        bool shared = std::all_of(current.begin(), current.end(), [&](std::size_t o) {
          const division* y = table.ancestor(table.all()[o], l);
          return y && y->name == x->name;
        });
        if (!shared && text.find(x->name) != std::string::npos) named = true;
      }
      if (named) supported.push_back(c);
    }
    if (supported.size() == 1) {
      chosen = &table.all()[supported.front()];
      a.basis = "agency+text";
    } else {
      std::string list;
      for (std::size_t c : current) {
        const division& d = table.all()[c];
        a.candidates.push_back(d.code);
        list += (list.empty() ? "" : ", ") + d.code + " " + full_name(table, d);
      }
      a.warnings.push_back(warning(
          file, "ambiguous-division",
          "'" + a.named + "' names " + std::to_string(current.size()) + " divisions (" + list + ") and the report " +
              (supported.empty() ? "names none of their provinces, prefectures or counties"
                                 : "names the provinces, prefectures or counties of several") +
              ": left unresolved"));
    }
  }
  if (chosen) set_levels(table, *chosen, a);
  // The kind does not need the division resolved: "朝阳区人民政府" is a government either way.
  const division* last = chosen ? chosen : &table.all()[current.front()];
  classify(body, last, a);
  return a;
}

}  // namespace nianbao::region
