#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "model/key_dictionary.hpp"

namespace nianbao::report {

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

using pipeline::record;

const char* kStyle = R"css(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;margin:24px auto;max-width:1100px;color:#222;line-height:1.45;padding:0 12px}
h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;border-bottom:2px solid #3b6ea5;padding-bottom:3px;margin-top:32px}
h3{font-size:15px;margin:18px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border:1px solid #ccd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#eef2f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #ccd;border-radius:6px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:26px}.muted{color:#777;font-size:12px}.up{color:#1a7f37}.down{color:#b42318}
.fail{color:#b42318}svg text{font-size:11px;fill:#333}
)css";

// A number as people read it: integers as they are, other values to 4 significant digits.
std::string num(double x) {
  if (std::floor(x) == x && std::fabs(x) < 1e15) return fmt::format("{}", static_cast<long long>(x));
  return fmt::format("{:.4g}", x);
}

std::string percent(double x) { return fmt::format("{:.1f}%", 100 * x); }

std::string agency_of(const record& r) { return r.info.agency.empty() ? r.path : r.info.agency; }

std::string place_of(const record& r) {
  const region::division* d = r.region ? r.region->most_specific() : nullptr;
  return d ? d->code : std::string();
}

std::string region_name(const record& r) {
  if (!r.region) return {};
  std::string out;
  for (const region::division* d : {r.region->province, r.region->prefecture, r.region->county, r.region->township})
    if (d) out += d->name;
  return out;
}

// Horizontal bars: label, count.
std::string bar_chart(const std::vector<std::pair<std::string, std::size_t>>& bars) {
  if (bars.empty()) return "<p class=\"muted\">（无）</p>";
  std::size_t most = 1;
  for (const auto& b : bars) most = std::max(most, b.second);
  const int row = 22, label = 260, width = 420;
  std::string svg = fmt::format("<svg width=\"{}\" height=\"{}\" role=\"img\">", label + width + 60,
                                row * static_cast<int>(bars.size()) + 6);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * row + 3;
    const int w = static_cast<int>(std::lround(static_cast<double>(bars[i].second) / static_cast<double>(most) * width));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label - 6, y + 14,
                       escape_html(bars[i].first));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#3b6ea5\"/>", label, y, std::max(w, 1),
                       row - 6);
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", label + w + 5, y + 14, bars[i].second);
  }
  return svg + "</svg>";
}

struct point {
  double value;
  std::string label;  // agency, division, year
};

// Where each province stands on a measure: its reports' numerators and denominators pooled
// (Σ numerator / Σ denominator: a province of many small offices is not an average of their
// rates), ranked from the highest. Reports without a value, or not placed in a province, are
// left out.
struct province_total {
  std::string code, name;
  std::size_t reports = 0;
  double numerator = 0, denominator = 0;
};

std::string province_table(std::vector<province_total> provinces) {
  if (provinces.empty()) return "";
  std::stable_sort(provinces.begin(), provinces.end(), [](const province_total& a, const province_total& b) {
    return a.numerator / a.denominator > b.numerator / b.denominator;
  });
  std::string h = "<table><tr><th>名次</th><th>省级</th><th>报告</th><th>合计分子 / 分母</th><th>汇总值</th></tr>";
  for (std::size_t i = 0; i < provinces.size(); ++i) {
    const auto& p = provinces[i];
    h += fmt::format("<tr><td class=\"n\">{}</td><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{} / {}</td>"
                     "<td class=\"n\">{:.1f}%</td></tr>",
                     i + 1, p.code, escape_html(p.name), p.reports, p.numerator, p.denominator,
                     100 * p.numerator / p.denominator);
  }
  return h + "</table>";
}

// A measure's distribution: a histogram of ten bins over [0, 1] and each report as a dot on a
// strip below it, its agency on hover.
std::string distribution(const std::vector<point>& points) {
  const int width = 600, left = 40, hist = 90, strip = 36;
  std::size_t bins[10] = {};
  for (const auto& p : points) bins[std::min(9, std::max(0, static_cast<int>(std::floor(p.value * 10))))]++;
  std::size_t most = 1;
  for (auto b : bins) most = std::max(most, b);
  std::string svg = fmt::format("<svg width=\"{}\" height=\"{}\" role=\"img\">", left + width + 20, hist + strip + 30);
  for (int i = 0; i < 10; ++i) {
    const int h = static_cast<int>(std::lround(static_cast<double>(bins[i]) / static_cast<double>(most) * (hist - 12)));
    const int x = left + i * width / 10;
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#a9c4e4\"><title>{}–{}%: {}</title></rect>",
                       x + 1, hist - h, width / 10 - 2, h, i * 10, i * 10 + 10, bins[i]);
    if (bins[i]) svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + width / 20, hist - h - 2, bins[i]);
  }
  const int y = hist + strip / 2;
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>", left, y, left + width, y);
  for (const auto& p : points) {
    const double x = left + std::min(1.0, std::max(0.0, p.value)) * width;
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{}\" r=\"5\" fill=\"#d9822b\" fill-opacity=\"0.7\"><title>{}: {}</title></circle>",
                       x, y, escape_html(p.label), percent(p.value));
  }
  for (int t = 0; t <= 10; t += 2) {
    const int x = left + t * width / 10;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}%</text>", x, hist + strip + 20, t * 10);
  }
  return svg + "</svg>";
}

// The keys shown beside last year's: what analysts look at first.
const char* kHeadlineKeys[] = {"requests.new.total",           "requests.carried_over.total",
                               "requests.granted.total",       "requests.partially_granted.total",
                               "requests.total.total",         "requests.carried_forward.total",
                               "review.reconsideration.total", "review.litigation_direct.total",
                               "active.normative_documents.in_force"};

const value* value_of(const record& r, const std::string& key) {
  if (!r.model) return nullptr;
  auto it = r.model->key_index.find(key);
  return it == r.model->key_index.end() || it->second >= r.values.size() ? nullptr : &r.values[it->second];
}

std::string cell_text(const value* v) {
  if (!v || v->kind == cell_kind::missing) return "<span class=\"muted\">—</span>";
  if (v->kind == cell_kind::number) return num(v->number);
  return "<span class=\"muted\">" + escape_html(v->raw.empty() ? to_string(v->kind) : v->raw) + "</span>";
}

std::string change_cell(std::optional<double> a, std::optional<double> b, bool rate) {
  if (!a || !b) return "<td class=\"n muted\">—</td>";
  const double d = *b - *a;
  const char* cls = d > 0 ? "n up" : d < 0 ? "n down" : "n";
  return fmt::format("<td class=\"{}\">{}{}</td>", cls, d > 0 ? "+" : "", rate ? fmt::format("{:.1f} pt", 100 * d) : num(d));
}

std::optional<double> number_of(const value* v) {
  if (v && v->kind == cell_kind::number) return v->number;
  return std::nullopt;
}

}  // namespace

std::string html_report(const std::vector<record>& records, const pipeline::across_years_result& pairs,
                        const report_options& opts) {
  std::string h;
  h += "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + escape_html(opts.title) +
       "</title><style>" + kStyle + "</style></head><body>";
  h += "<h1>" + escape_html(opts.title) + "</h1>";

  // ---- summary -------------------------------------------------------------------------
  std::size_t parsed = 0, partial = 0, failed = 0, failures = 0, resolved = 0;
  std::map<std::string, std::size_t> by_rule;
  for (const auto& r : records) {
    parsed += r.status == pipeline::status::parsed;
    partial += r.status == pipeline::status::partial;
    failed += r.status == pipeline::status::failed;
    if (r.region && r.region->most_specific()) ++resolved;
    if (!r.checks) continue;
    for (const auto& res : r.checks->results)
      if (res.status == check::status::failed) {
        ++failures;
        ++by_rule[std::string(res.rule)];
      }
  }
  h += "<h2>运行概况</h2><div class=\"cards\">";
  auto card = [&](const std::string& label, std::size_t n) {
    h += fmt::format("<div class=\"card\"><b>{}</b>{}</div>", n, label);
  };
  card("报告", records.size());
  card("完整解析 parsed", parsed);
  card("部分 partial", partial);
  card("失败 failed", failed);
  card("规则未通过", failures);
  card("已定位行政区划", resolved);
  card("跨年度配对", pairs.pairs.size());
  h += "</div><h3>未通过的规则（按规则）</h3>";
  std::vector<std::pair<std::string, std::size_t>> rule_bars(by_rule.begin(), by_rule.end());
  std::stable_sort(rule_bars.begin(), rule_bars.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  h += bar_chart(rule_bars);

  // ---- measures ------------------------------------------------------------------------
  h += "<h2>指标分布</h2><p class=\"muted\">每个圆点是一份报告（悬停可见机关、行政区划与数值）；分母为 0 或含占位符的报告不计入；规则未通过的报告也不计入（其数值互相矛盾，见下方“规则未通过最多的机关”）。口径见 docs/measures.md。</p>";
  std::vector<std::string> shown;
  for (const auto& r : records) {
    if (!r.measure_defs) continue;
    for (const auto& m : r.measure_defs->measures())
      if (std::find(shown.begin(), shown.end(), m.id) == shown.end()) shown.push_back(m.id);
  }
  for (const auto& id : shown) {
    std::vector<point> points;
    std::vector<province_total> provinces;
    std::string label;
    std::size_t inconsistent = 0;
    for (const auto& r : records) {
      if (!r.measure_defs) continue;
      for (std::size_t i = 0; i < r.measure_defs->size() && i < r.measures.size(); ++i) {
        if (r.measure_defs->measures()[i].id != id) continue;
        label = r.measure_defs->measures()[i].label;
        const auto& m = r.measures[i];
        if (!m.value) continue;
        // A report whose arithmetic fails may give a rate above 100% or top a ranking by a typo.
        if (r.checks && r.checks->failed > 0) {
          ++inconsistent;
          continue;
        }
        points.push_back({*m.value, agency_of(r) + " " + std::to_string(r.info.year) + " (" +
                                        (place_of(r).empty() ? "未定位" : place_of(r) + " " + region_name(r)) + ")"});
        const region::division* province = r.region ? r.region->province : nullptr;
        if (!province) continue;
        auto it = std::find_if(provinces.begin(), provinces.end(),
                               [&](const province_total& p) { return p.code == province->code; });
        if (it == provinces.end()) it = provinces.insert(provinces.end(), {province->code, province->name});
        ++it->reports;
        it->numerator += *m.numerator;
        it->denominator += *m.denominator;
      }
    }
    h += fmt::format("<h3>{} <span class=\"muted\">{} · {} 份报告有值{}</span></h3>", escape_html(label), escape_html(id),
                     points.size(), inconsistent ? fmt::format("，{} 份规则未通过未计入", inconsistent) : std::string());
    h += distribution(points);
    h += province_table(std::move(provinces));
  }

  // ---- rule failures -------------------------------------------------------------------
  h += "<h2>规则未通过最多的机关</h2>";
  std::vector<const record*> failing;
  for (const auto& r : records)
    if (r.checks && r.checks->failed > 0) failing.push_back(&r);
  std::stable_sort(failing.begin(), failing.end(),
                   [](const record* a, const record* b) { return a->checks->failed > b->checks->failed; });
  if (failing.size() > opts.top_failures) failing.resize(opts.top_failures);
  if (failing.empty()) h += "<p class=\"muted\">所有规则均通过。</p>";
  else {
    h += "<table><tr><th>机关</th><th>年度</th><th>行政区划</th><th>未通过</th><th>规则与单元格（行:列）</th></tr>";
    for (const record* r : failing) {
      std::string cells;
      for (const auto& res : r->checks->results) {
        if (res.status != check::status::failed) continue;
        cells += "<div><span class=\"fail\">" + escape_html(res.name()) + "</span> ";
        if (res.left && res.right) cells += num(*res.left) + " ≠ " + num(*res.right) + " ";
        cells += "<span class=\"muted\">";
        for (std::size_t k = 0; k < res.keys.size(); ++k) {
          const auto& key = res.keys[k];
          cells += (k ? ", " : "") + escape_html(std::string(key.key)) + "=" + cell_text(key.value);
          if (key.value->where.line) cells += fmt::format(" @{}:{}", key.value->where.line, key.value->where.column);
        }
        cells += "</span></div>";
      }
      h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                       escape_html(agency_of(*r)), r->info.year ? std::to_string(r->info.year) : "",
                       escape_html(place_of(*r)), r->checks->failed, cells);
    }
    h += "</table>";
  }

  // ---- year over year ------------------------------------------------------------------
  h += "<h2>与上年对比</h2>";
  if (pairs.pairs.empty()) h += "<p class=\"muted\">没有同一机关相邻年度的报告。</p>";
  for (const auto& p : pairs.pairs) {
    const record& a = *p.prev;
    const record& b = *p.cur;
    h += fmt::format("<h3>{} <span class=\"muted\">{} · {} → {}</span></h3>", escape_html(agency_of(b)),
                     escape_html(place_of(b).empty() ? "未定位" : place_of(b) + " " + region_name(b)), a.info.year,
                     b.info.year);
    h += fmt::format("<table><tr><th>项目</th><th>{}</th><th>{}</th><th>变化</th></tr>", a.info.year, b.info.year);
    const auto entries = model::key_entries(*b.model);
    for (const char* key : kHeadlineKeys) {
      const value* va = value_of(a, key);
      const value* vb = value_of(b, key);
      if (!va && !vb) continue;
      auto it = std::find_if(entries.begin(), entries.end(), [&](const model::key_entry& k) { return k.key == key; });
      const std::string heading = it == entries.end() ? std::string(key) : model::key_heading(*it);
      h += fmt::format("<tr><td>{} <span class=\"muted\">{}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                       escape_html(heading), key, cell_text(va), cell_text(vb),
                       change_cell(number_of(va), number_of(vb), false));
    }
    if (b.measure_defs && a.measure_defs == b.measure_defs)
      for (std::size_t i = 0; i < b.measure_defs->size(); ++i) {
        const auto& ma = a.measures.at(i).value;
        const auto& mb = b.measures.at(i).value;
        h += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                         escape_html(b.measure_defs->measures()[i].label), ma ? percent(*ma) : "—",
                         mb ? percent(*mb) : "—", change_cell(ma, mb, true));
      }
    h += "</table>";
    std::string failed_rules;
    for (const auto& res : p.report.results)
      if (res.status == check::status::failed)
        failed_rules += "<div class=\"fail\">" + escape_html(res.name()) + "：" + escape_html(std::string(res.message)) +
                        (res.left && res.right ? "（" + num(*res.left) + " ≠ " + num(*res.right) + "）" : "") + "</div>";
    h += fmt::format("<p>跨年度规则：通过 {}，未通过 {}。</p>{}", p.report.passed, p.report.failed, failed_rules);
  }
  h += "<p class=\"muted\">" + escape_html(opts.generated_by) + "</p></body></html>\n";
  return h;
}

}  // namespace nianbao::report
