#include "pipeline/report_info.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "core/text.hpp"
#include "cells/cell_value.hpp"
#include "cells/normalize.hpp"

namespace nianbao::pipeline {

namespace {

// Where a report states its identity, and the words around it. The order of the sources is the
// order of trust (see read_report_info).
constexpr std::string_view kYear = "年";
// Verbs and prepositions that come right before an agency named in a sentence:
// 「现公布区统计局2023年…」「特编制湛江市…办公室2023年…」「现将信访局2021年度…」.
constexpr std::string_view kBeforeAgency[] = {"编制", "公布", "发布", "现将", "制定", "印发", "形成", "提交", "由"};
// Words that name the speaker, not an agency: 「我局2023年…」.
constexpr std::string_view kNotAgency[] = {"我局", "本局", "我单位", "本单位", "本机关", "我机关", "我委", "我办",
                                           "我镇", "我乡", "我街道", "我区", "我县", "我市", "本年度", "本报告", "现"};
// Characters that end a sentence or a clause: an agency named in a sentence starts after one.
constexpr std::string_view kDelimiters[] = {",", "。", ";", ":", "、", "《", "》", "(", ")", "“", "”", "!", "?", "-", "_", "—"};
// Words that begin the predicate of the overview's opening sentence, whose subject is the agency:
// 「文登区住建局高度重视政府信息公开工作」「2019年,某某街道认真贯彻落实《条例》」. The common openings
// of such sentences in these reports, not any one report's.
constexpr std::string_view kPredicates[] = {"高度重视", "认真", "深入", "全面", "坚持", "严格", "按照", "根据",
                                            "紧紧围绕", "围绕", "始终", "积极", "进一步", "不断", "持续", "扎实",
                                            "切实", "聚焦", "立足", "主动", "依法", "全力", "着力", "大力", "共"};
// How an agency's name ends (its kind), for a subject to be taken as one: a bureau, a commission,
// an office, a government, a township or street, a centre ... or a place (its government).
constexpr std::string_view kAgencyEndings[] = {"局", "委员会", "委", "办公室", "办", "政府", "办事处", "街道", "镇",
                                               "乡", "中心", "院", "厅", "署", "所", "站", "队", "馆", "会", "部",
                                               "处", "区", "县", "市", "旗", "州"};
// A subject that starts so is the whole area or the speaker, not a name: 全区, 各部门, 本局.
constexpr std::string_view kNotANameStart[] = {"全", "各", "本", "我", "该", "此", "今年", "上年"};
// Labels of the line a web page prints its publishing date on.
constexpr std::string_view kPublished[] = {"发布时间", "发布日期", "发文日期", "成文日期", "公开日期", "时间", "日期"};
// Reports are due by 31 January of the next year (条例 第五十条); one published by April is the
// last year's.
constexpr int kLastMonthOfPublishing = 4;

bool plausible_year(int y) { return y >= 1990 && y <= 2099; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The four-digit year that ends right before `end` (not part of a longer number); 0 when none.
int year_ending_at(std::string_view s, std::size_t end) {
  if (end < 4) return 0;
  const auto digits = s.substr(end - 4, 4);
  if (!std::all_of(digits.begin(), digits.end(), is_digit)) return 0;
  if (end > 4 && is_digit(s[end - 5])) return 0;
  const int y = std::stoi(std::string(digits));
  return plausible_year(y) ? y : 0;
}

// Where the name of the report starts and ends in a line, the first name at or after byte
// `from`: "政府信息公开工作年度报告", and the shorter spellings some agencies print
// ("信息公开工作年度报告", "政府信息公开年度报告"), or "年度政府信息公开工作报告" after the year.
// {npos, npos} when the line names none there.
std::pair<std::size_t, std::size_t> report_name(std::string_view line, std::size_t from = 0) {
  constexpr std::string_view annual = "年度报告", work = "工作", government = "政府", work_report = "工作报告",
                             of_year = "年度";
  // 信息公开, or 资讯公开 as a Traditional version with Taiwan phrases prints it (資訊公開, made
  // Simplified by normalize_label): both are three bytes a character, the same length.
  const auto disclosed = [](std::string_view s) { return ends_with(s, "信息公开") || ends_with(s, "资讯公开"); };
  constexpr std::size_t disclosure_size = std::string_view("信息公开").size();
  std::pair<std::size_t, std::size_t> first{std::string_view::npos, std::string_view::npos};
  for (auto pos = line.find(annual, from); pos != std::string_view::npos; pos = line.find(annual, pos + 1)) {
    std::size_t begin = pos;
    if (ends_with(line.substr(0, begin), work)) begin -= work.size();
    if (!disclosed(line.substr(0, begin))) continue;
    begin -= disclosure_size;
    if (ends_with(line.substr(0, begin), government)) begin -= government.size();
    first = {begin, pos + annual.size()};
    break;
  }
  // 「信访局2021年度政府信息公开工作报告」: the year's 年度 before the name.
  for (auto pos = line.find(work_report, from); pos != std::string_view::npos && pos < first.first;
       pos = line.find(work_report, pos + 1)) {
    std::size_t begin = pos;
    if (!disclosed(line.substr(0, begin))) continue;
    begin -= disclosure_size;
    if (ends_with(line.substr(0, begin), government)) begin -= government.size();
    if (!ends_with(line.substr(0, begin), of_year)) continue;
    return {begin, pos + work_report.size()};
  }
  return first;
}

// The year printed right before "年" (as "2024年"), searching backwards from `end`.
int year_before(std::string_view s, std::size_t end, std::size_t& year_begin) {
  auto pos = s.rfind(kYear, end);
  while (pos != std::string_view::npos) {
    if (const int y = year_ending_at(s, pos)) {
      year_begin = pos - 4;
      return y;
    }
    if (pos == 0) break;
    pos = s.rfind(kYear, pos - 1);
  }
  return 0;
}

// The bytes of a line looked at for a title (about 1,000 Chinese characters).
constexpr std::size_t kLongestTitleLine = 3000;

// The first `bytes` bytes of s, or fewer, ending on a character's boundary.
std::string_view utf8_prefix(std::string_view s, std::size_t bytes) {
  if (s.size() <= bytes) return s;
  while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
  return s.substr(0, bytes);
}

bool has_cjk(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE0; });
}

// An agency named in a sentence right before `end` (where its year starts): the text after the
// last delimiter and after the last verb that introduces it. Empty when what is there names the
// speaker (我局) or is no name.
std::string agency_before(std::string_view line, std::size_t end) {
  std::string_view s = line.substr(0, end);
  // A name that ends in parentheses keeps them: 「某市人民政府办公室(市政务公开办)2023年…」.
  std::size_t kept = 0;
  if (ends_with(s, ")"))
    if (const auto open = s.rfind('('); open != std::string_view::npos && open > 0) kept = s.size() - open;
  std::string_view head = s.substr(0, s.size() - kept);
  for (const auto d : kDelimiters)
    if (const auto at = head.rfind(d); at != std::string_view::npos) head.remove_prefix(at + d.size());
  if (kept && head.empty()) kept = 0;
  s = std::string_view(head.data(), head.size() + kept);
  for (const auto v : kBeforeAgency)
    if (const auto at = s.rfind(v); at != std::string_view::npos) s.remove_prefix(at + v.size());
  while (starts_with(s, "特") || starts_with(s, "现")) s.remove_prefix(3);
  if (!has_cjk(s) || resolve::code_points(s, 41) > 40 || resolve::code_points(s, 2) < 2) return "";
  for (const auto n : kNotAgency)
    if (s == n) return "";
  return std::string(s);
}

// The year of the statistics period a report states: 「统计期限自2023年1月1日起至2023年12月31日止」,
// 「2022年1月1日到2022年12月31日」: a year's first day followed, within the sentence, by the
// same year's last day. 0 when none.
int period_year(std::string_view text) {
  constexpr std::string_view first_day = "年1月1日", last_day = "年12月31日";
  for (auto pos = text.find(first_day); pos != std::string_view::npos; pos = text.find(first_day, pos + 1)) {
    const int y = year_ending_at(text, pos);
    if (!y) continue;
    const auto window = text.substr(pos, 90);
    const auto end = window.find(last_day);
    if (end != std::string_view::npos && year_ending_at(window, end) == y) return y;
  }
  return 0;
}

// The year 一、总体情况 opens with: the first sentence after its heading that starts with a year
// and a comma or 以来 (「2019年,文登区住建局共主动公开…」, 「2024年以来，…」). 0 when none.
int overview_year(std::string_view text) {
  const auto heading = text.find("总体情况");
  if (heading == std::string_view::npos || heading > 8000) return 0;
  const auto body = text.substr(heading, 1500);
  for (auto pos = body.find(kYear); pos != std::string_view::npos; pos = body.find(kYear, pos + 1)) {
    const int y = year_ending_at(body, pos);
    if (!y) continue;
    // The sentence starts at the year: a line start or the end of a sentence before it.
    std::size_t b = pos - 4;
    while (b > 0 && (body[b - 1] == ' ' || body[b - 1] == '\t')) --b;
    const auto before = body.substr(0, b);
    if (!(b == 0 || ends_with(before, "\n") || ends_with(before, "。") || ends_with(before, "情况"))) continue;
    const auto after = body.substr(pos + kYear.size());
    if (starts_with(after, ",") || starts_with(after, "，") || starts_with(after, "以来") || starts_with(after, "度,") ||
        starts_with(after, "度，"))
      return y;
  }
  return 0;
}

// The agency an overview's opening sentence has as its subject: 「一、总体情况\n文登区住建局高度重视
// 政府信息公开工作」 -> 文登区住建局, after a year that opens the sentence (「2020年,某某街道认真…」).
// The subject ends where one of kPredicates begins and must end as an agency's name does. Empty
// when the first sentences name none (「我局高度重视…」 names the speaker).
std::string overview_agency(std::string_view text) {
  const auto heading = text.find("总体情况");
  if (heading == std::string_view::npos || heading > 8000) return "";
  const std::string body = resolve::normalize_text(text.substr(heading + std::string_view("总体情况").size(), 900));
  std::string_view rest(body);
  for (int sentence = 0; sentence < 3 && !rest.empty(); ++sentence) {
    auto end = rest.find("。");
    if (end == std::string_view::npos) end = rest.size();
    std::string_view s = rest.substr(0, end);
    rest.remove_prefix(std::min(rest.size(), end + std::string_view("。").size()));
    // A year or a time that opens the sentence: 「2019年,」「2024年以来,」「今年以来,」.
    if (const auto comma = s.find(','); comma != std::string_view::npos && comma <= 18) {
      const auto opening = s.substr(0, comma);
      if (ends_with(opening, "年") || ends_with(opening, "以来") || ends_with(opening, "年度")) s.remove_prefix(comma + 1);
    }
    std::size_t clause_end = s.size();
    for (const std::string_view d : {",", ";", ":", "(", "《", "“"}) clause_end = std::min(clause_end, s.find(d));
    const auto clause = s.substr(0, clause_end);
    std::size_t best = std::string_view::npos;
    for (const auto p : kPredicates)
      for (auto at = clause.find(p); at != std::string_view::npos; at = clause.find(p, at + 1)) {
        if (at == 0) continue;
        const auto subject = clause.substr(0, at);
        if (std::none_of(std::begin(kAgencyEndings), std::end(kAgencyEndings),
                         [&](std::string_view e) { return ends_with(subject, e); }))
          continue;
        best = std::min(best, at);
        break;
      }
    if (best == std::string_view::npos) continue;
    const auto subject = clause.substr(0, best);
    if (!has_cjk(subject) || resolve::code_points(subject, 31) > 30 || resolve::code_points(subject, 3) < 3) continue;
    if (std::any_of(std::begin(kNotANameStart), std::end(kNotANameStart),
                    [&](std::string_view w) { return starts_with(subject, w); }))
      continue;
    if (std::find(std::begin(kNotAgency), std::end(kNotAgency), subject) != std::end(kNotAgency)) continue;
    return std::string(subject);
  }
  return "";
}

// The year of a publishing line (「发布时间:2021-01-25」, 「发布日期：2021年01月25日」) early in a
// page, when it is the next year's first months: the report's year is the one before.
int published_year(std::string_view text) {
  const auto head = text.substr(0, 3000);
  for (const auto label : kPublished) {
    for (auto pos = head.find(label); pos != std::string_view::npos; pos = head.find(label, pos + 1)) {
      auto rest = head.substr(pos + label.size(), 40);
      while (!rest.empty() && (rest[0] == ' ' || rest[0] == ':' || starts_with(rest, "：") || starts_with(rest, "　")))
        rest.remove_prefix(rest[0] == ' ' || rest[0] == ':' ? 1 : 3);
      if (rest.size() < 6 || !std::all_of(rest.begin(), rest.begin() + 4, is_digit) ||
          (rest.size() > 4 && is_digit(rest[4])))
        continue;
      const int y = std::stoi(std::string(rest.substr(0, 4)));
      auto m = rest.substr(4);
      if (starts_with(m, "年")) m.remove_prefix(3);
      else if (!m.empty() && (m[0] == '-' || m[0] == '/' || m[0] == '.')) m.remove_prefix(1);
      else continue;
      std::size_t n = 0;
      while (n < m.size() && n < 2 && is_digit(m[n])) ++n;
      if (n == 0) continue;
      const int month = std::stoi(std::string(m.substr(0, n)));
      if (plausible_year(y - 1) && month >= 1 && month <= kLastMonthOfPublishing) return y - 1;
    }
  }
  return 0;
}

// The name of a file or archive member without its folders and extension.
std::string_view base_name(std::string_view path) {
  if (const auto at = path.find_last_of("/:\\"); at != std::string_view::npos) path.remove_prefix(at + 1);
  if (const auto dot = path.rfind('.'); dot != std::string_view::npos && dot > 0) path = path.substr(0, dot);
  return path;
}

// The one plausible year a name holds as four digits of their own ("report_2023", "2023年报");
// 0 when none or several.
int name_year(std::string_view name) {
  int found = 0;
  for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
    if (!is_digit(name[i]) || (i > 0 && is_digit(name[i - 1])) || (i + 4 < name.size() && is_digit(name[i + 4]))) continue;
    const int y = year_ending_at(name, i + 4);
    if (!y) continue;
    if (found && found != y) return 0;
    found = y;
  }
  return found;
}

// A short line naming the report: 「包头市石拐区 2024 年政府信息公开工作年度报告」 (the agency before
// its year, or after it, or on the line before: `previous`), or a sentence that names it with its
// year: 「…,现公布区统计局2023年政府信息公开工作年度报告。」 (the agency after the sentence's verb;
// a sentence may first name another document, 《…政府信息公开工作年度报告格式》). Returns whether
// the line names the report (a short line, or a sentence with the year).
bool read_title(std::string_view line, const std::string& previous, report_info& info) {
  const bool short_line = resolve::code_points(line, 61) <= 60;
  for (auto [at, name_end] = report_name(line); at != std::string_view::npos; std::tie(at, name_end) = report_name(line, name_end)) {
    std::size_t year_begin = at;
    const int year = year_before(line, at, year_begin);
    const std::size_t after_year = year_begin + 4 + kYear.size();
    const bool year_here = year && after_year <= at && resolve::code_points(line.substr(year_begin, at - year_begin), 41) <= 40;
    if (short_line && !year_here && year) continue;  // a year far before: another name may follow
    if (!short_line && !year_here) continue;
    // The agency: before the year, or between the year and the name, or the line before.
    info.year = year_here ? year : 0;
    std::size_t from = 0;
    if (year_here) {
      info.agency = agency_before(line, year_begin);
      from = year_begin - info.agency.size();
      if (info.agency.empty() && after_year < at && !starts_with(line.substr(after_year), "度"))
        info.agency = line.substr(after_year, at - after_year);
    } else {
      info.agency = agency_before(line, at);
      from = at - info.agency.size();
    }
    if (info.agency.empty() && short_line) info.agency = previous;
    info.title = line.substr(from, name_end - from);
    return true;
  }
  return false;
}

// A short line of a page header or a file's title naming the annual report by its short name:
// 「2020年报_审计局」: the year, and the agency on the other side of a separator.
bool read_short_title(std::string_view line, report_info& info) {
  constexpr std::string_view short_name = "年报";
  const auto pos = line.find(short_name);
  if (pos == std::string_view::npos || resolve::code_points(line, 31) > 30) return false;
  const int year = year_ending_at(line, pos);
  if (!year) return false;
  info.year = year;
  auto after = line.substr(pos + short_name.size());
  while (!after.empty() && (after[0] == '_' || after[0] == '-' || after[0] == ':')) after.remove_prefix(1);
  if (has_cjk(after) && resolve::code_points(after, 31) <= 30) info.agency = std::string(after);
  return true;
}

}  // namespace

report_info read_report_info(std::string_view text, std::string_view name) {
  report_info info;
  // 1. The first of the opening lines that names the report: a short title line, or else a
  // sentence that contains "<agency><year>年政府信息公开工作年度报告".
  std::string previous;  // the last short non-empty line: the agency when the title omits it
  std::size_t start = 0;
  bool named = false;
  report_info header;  // a page header's short title (「2020年报_审计局」), if no line names the report
  bool header_found = false;
  for (int n = 0; n < 60 && start < text.size() && !named; ++n) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    // A title or a sentence naming the report is in a line's first few hundred characters; a
    // line of megabytes (a one-line file) is not normalised whole.
    std::string line = resolve::normalize_label(resolve::trim(utf8_prefix(text.substr(start, end - start), kLongestTitleLine)));
    start = end + 1;
    named = read_title(line, previous, info);
    if (named) break;
    if (!header_found) header_found = read_short_title(line, header);
    if (!line.empty() && resolve::code_points(line, 31) <= 30) previous = line;
  }
  // 2. The statistics period, then the year 一、总体情况 opens with.
  if (!info.year) info.year = period_year(resolve::normalize_text(text.substr(0, 6000)));
  // 3. The file or member name: a title in it, or a year of its own.
  const auto file = resolve::normalize_label(base_name(name));
  report_info from_name;
  if (!file.empty() && !read_title(file, "", from_name)) read_short_title(file, from_name);
  if (info.agency.empty()) info.agency = from_name.agency;
  if (!info.year) info.year = from_name.year;
  if (!info.year) info.year = overview_year(text);
  // 4. A page header's short title; the overview's subject; a year of its own in the name; the
  // publishing date.
  if (info.agency.empty()) info.agency = header.agency;
  if (info.agency.empty()) info.agency = overview_agency(text);
  if (!info.year) info.year = header.year;
  if (!info.year) info.year = name_year(file);
  if (!info.year) info.year = published_year(text);
  return info;
}

int year_hint(std::string_view text) {
  constexpr std::string_view nian = "年";
  std::map<int, std::pair<std::size_t, std::size_t>> seen;  // year -> (count, first position)
  for (auto pos = text.find(nian); pos != std::string_view::npos; pos = text.find(nian, pos + nian.size())) {
    std::size_t e = pos;
    while (e > 0 && text[e - 1] == ' ') --e;
    if (e < 4) continue;
    const auto digits = text.substr(e - 4, 4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    if (e > 4 && text[e - 5] >= '0' && text[e - 5] <= '9') continue;
    const int year = std::stoi(std::string(digits));
    if (year < 1990 || year > 2099) continue;
    auto& [count, first] = seen.try_emplace(year, 0, pos).first->second;
    ++count;
  }
  int best = 0;
  std::pair<std::size_t, std::size_t> best_seen{0, 0};
  for (const auto& [year, c] : seen)
    if (!best || c.first > best_seen.first || (c.first == best_seen.first && c.second < best_seen.second)) {
      best = year;
      best_seen = c;
    }
  return best;
}

}  // namespace nianbao::pipeline
