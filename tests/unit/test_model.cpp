#define BOOST_TEST_MODULE model
#include <boost/test/unit_test.hpp>

#include "core/diagnostic.hpp"
#include "model/model.hpp"
#include "profile/profile.hpp"
#include "resolve/labels.hpp"
#include "cells/normalize.hpp"
#include "test_support.hpp"

using namespace nianbao;

using test::error_of;

namespace {
const std::string kModel = std::string(NIANBAO_SOURCE_DIR) + "/model/gov-2021.toml";

}  // namespace

BOOST_AUTO_TEST_CASE(the_2021_model_has_the_200_canonical_keys) {
  const auto m = model::load_model_file(kModel);
  BOOST_TEST(m.id == "gov-2021");
  BOOST_TEST(m.keys.size() == 200u);
  BOOST_TEST(m.tables.size() == 3u);
  BOOST_TEST(m.tables[0].keys().size() == 10u);
  BOOST_TEST(m.tables[1].keys().size() == 175u);
  BOOST_TEST(m.tables[2].keys().size() == 15u);
  BOOST_TEST(m.keys.front() == "active.regulations.issued");
  BOOST_TEST(m.keys[9] == "active.fees.amount");
  BOOST_TEST(m.keys[10] == "requests.new.natural_person");
  BOOST_TEST(m.keys[16] == "requests.new.total");
  BOOST_TEST(m.keys[199] == "review.litigation_after_reconsideration.total");
  BOOST_TEST(m.key_index.at("requests.denied.law_enforcement_files.other_org") == 10u + 10 * 7 + 5);
  BOOST_TEST(static_cast<int>(m.key_infos[9].type) == static_cast<int>(model::value_type::decimal));
  BOOST_TEST(static_cast<int>(m.key_infos[0].type) == static_cast<int>(model::value_type::integer));
  BOOST_TEST(m.rules_file.size() > 0u);
}

BOOST_AUTO_TEST_CASE(each_table_and_row_knows_where_its_keys_are) {
  for (const char* file : {"gov-2021.toml", "gov-2019.toml"}) {
    const auto m = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + "/model/" + file);
    std::size_t next = 0;
    for (const auto& t : m.tables) {
      BOOST_TEST(t.first_key == next);
      BOOST_TEST(t.key_count == t.keys().size());
      for (std::size_t k = 0; k < t.key_count; ++k) BOOST_TEST(m.keys[t.first_key + k] == t.keys()[k]);
      for (const auto& r : t.rows) BOOST_TEST(m.keys[r.first_key] == r.key + "." + r.columns.front());
      next += t.key_count;
    }
    BOOST_TEST(next == m.keys.size());
  }
  const auto m = model::load_model_file(kModel);
  BOOST_TEST(m.tables[1].first_key == 10u);
  BOOST_TEST(m.tables[1].rows[1].first_key == 17u);  // after requests.new's 7 columns
}

BOOST_AUTO_TEST_CASE(model_errors_name_file_line_and_column) {
  auto d = error_of([] { model::parse_model("template = \"x\"\n[[tables]]\nid = \"a\"\nheadings = [\"h\"]\nlayout = \"grid\"\n", "m.toml"); });
  BOOST_TEST(d.file == "m.toml");
  BOOST_TEST(d.where.line == 5u);
  BOOST_TEST(d.where.column == 10u);
  BOOST_TEST(d.message == "layout must be \"rows\" or \"sequence\", not \"grid\"");

  d = error_of([] { model::parse_model("template = \"x\"\ntitle = \"年度报告\" oops\n", "m.toml"); });
  BOOST_TEST(d.where.line == 2u);
  BOOST_TEST(d.where.column == 16u);  // code points, not bytes: the CJK title is 4 characters

  d = error_of([] { model::parse_model("title = \"t\"\n", "m.toml"); });
  BOOST_TEST(d.message == "missing required key `template`");
}

BOOST_AUTO_TEST_CASE(profile_errors_name_file_line_and_column) {
  auto d = error_of([] { profile::parse_profile("name = \"p\"\ngrammar = \"nope\"\n", "p.toml"); });
  BOOST_TEST(d.where.line == 2u);
  BOOST_TEST(d.where.column == 11u);
  BOOST_TEST(d.message.rfind("unknown grammar \"nope\" (built-in grammars: ", 0) == 0u);

  d = error_of([] { profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n[cells]\nvalues_span_row = true\n", "p.toml"); });
  BOOST_TEST(d.where.line == 4u);
  BOOST_TEST(d.where.column == 1u);
  BOOST_TEST(d.message ==
             "unknown key `values_span_row` in [cells]; did you mean `values_span_rows`? (known: values_span_rows, empty_cells, "
                           "placeholders, split_digit_runs)");

  d = error_of([] { profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n[cells]\nempty_cells = \"zero\"\n", "p.toml"); });
  BOOST_TEST(d.where.line == 4u);
  BOOST_TEST(d.message == "empty_cells must be \"skip\" or \"value\", not \"zero\"");

  d = error_of([] { profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\nneeds = [\"|\", \"\"]\n", "p.toml"); });
  BOOST_TEST(d.where.line == 3u);
  BOOST_TEST(d.where.column == 9u);
  BOOST_TEST(d.message == "`needs` lists strings the text must contain one of: \"\" is none");
}

BOOST_AUTO_TEST_CASE(a_profile_that_needs_a_separator_applies_only_to_texts_that_have_one) {
  const auto bars = profile::parse_profile("name = \"p\"\ngrammar = \"pipe\"\nneeds = [\"|\", \"｜\"]\n", "p.toml");
  BOOST_TEST(bars.needs == (std::vector<std::string>{"|", "｜"}));
  BOOST_TEST(profile::applies_to(bars, "规章 | 0 |\n"));
  BOOST_TEST(profile::applies_to(bars, "规章 ｜ 0\n"));
  BOOST_TEST(!profile::applies_to(bars, "规章\t0\t0\n"));
  const auto any = profile::parse_profile("name = \"p\"\ngrammar = \"pipe\"\n", "p.toml");
  BOOST_TEST(any.needs.empty());
  BOOST_TEST(profile::applies_to(any, ""));
  const auto tab = profile::load_profile_file(std::string(NIANBAO_SOURCE_DIR) + "/profiles/tab.toml");
  BOOST_TEST(tab.needs == (std::vector<std::string>{"\t"}));
}

BOOST_AUTO_TEST_CASE(labels_resolve_after_normalisation) {
  const auto m = model::load_model_file(kModel);
  const auto p = profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n", "p.toml");
  const resolve::label_index idx(m, p);
  auto key_of = [&](const std::string& printed) -> std::string {
    auto r = idx.match_row(1, resolve::label_form(printed));
    return r ? m.tables[1].rows[r->row].key : "";
  };
  BOOST_TEST(key_of("（一）予以公开") == "requests.granted");
  BOOST_TEST(key_of("(一) 予以公开") == "requests.granted");
  BOOST_TEST(key_of("7. 属于行政执法案件") == "requests.denied.law_enforcement_files");
  BOOST_TEST(key_of("3.危及“三安全一稳定”") == "requests.denied.security_stability");
  BOOST_TEST(key_of("3. 其他") == "requests.other.other");
  BOOST_TEST(key_of("其他") == "");   // the column header, not the row
  BOOST_TEST(key_of("总 计") == "");  // the column header, not (七)总计
  BOOST_TEST(key_of("(七) 总计") == "requests.total");
  BOOST_TEST(key_of("四、结转下年度继续办理") == "requests.carried_forward");
  // A label broken across a page: the start of exactly one label.
  auto broken = idx.match_row(1, resolve::label_form("5.属于三类内部事务信"));
  BOOST_REQUIRE(broken);
  BOOST_TEST(m.tables[1].rows[broken->row].key == "requests.denied.internal_affairs");
  BOOST_TEST(static_cast<int>(broken->how) == static_cast<int>(resolve::match_kind::prefix));

  BOOST_TEST(*idx.section_heading(resolve::label_form("三、收到和处理政府信息公开申请情况")) == 1u);
  BOOST_TEST(*idx.section_heading(resolve::label_form("## 二、主动公开政府信息情况")) == 0u);
  BOOST_TEST(*idx.section_heading(resolve::label_form("四、政府信息公开行政复议、行政诉讼情况")) == 2u);
  BOOST_TEST(*idx.section_heading(resolve::label_form("、、政府信息公开行政复议、行政诉讼情况")) == 2u);
  BOOST_TEST(!idx.section_heading(resolve::label_form("三、本年度办理结果")));
  BOOST_TEST(*idx.section_heading(resolve::label_form("**六、其他需要报告的事项**")) ==
             resolve::label_index::end_of_tables);
}

namespace {
// The matching as it was written before its indexes (four passes over every alias of the table,
// in order): the reference the indexed label_index::match_row must agree with.
std::optional<resolve::label_match> match_by_scan(const std::vector<resolve::alias>& aliases, std::string_view normalized) {
  const auto stripped = resolve::strip_numbering(normalized);
  if (normalized.empty()) return std::nullopt;
  for (const auto& a : aliases)
    if (normalized == a.full) return resolve::label_match{a.row, resolve::match_kind::exact, a.full};
  for (const auto& a : aliases)
    if (stripped == a.stripped && a.stripped_code_points >= 3)
      return resolve::label_match{a.row, resolve::match_kind::exact, a.full};
  auto unique = [&](auto&& pred, resolve::match_kind how) -> std::optional<resolve::label_match> {
    std::optional<resolve::label_match> found;
    for (const auto& a : aliases) {
      if (!pred(a)) continue;
      if (found && found->row != a.row) return std::nullopt;
      if (!found) found = resolve::label_match{a.row, how, a.full};
    }
    return found;
  };
  if (auto m = unique([&](const resolve::alias& a) {
        return a.stripped_code_points >= 4 && a.stripped.size() <= stripped.size() &&
               stripped.substr(stripped.size() - a.stripped.size()) == a.stripped;
      }, resolve::match_kind::suffix))
    return m;
  if (resolve::code_points(stripped, 4) >= 4)
    return unique([&](const resolve::alias& a) {
      return a.stripped.size() > stripped.size() && a.stripped.compare(0, stripped.size(), stripped) == 0;
    }, resolve::match_kind::prefix);
  return std::nullopt;
}
}  // namespace

// The indexes of label_index (by hash, by first and last code point) find what a scan of every
// alias finds: on each alias with and without numbering, every start and end of it cut at a
// character, a parent label printed before it, and ill-formed bytes, in every table of both
// templates.
BOOST_AUTO_TEST_CASE(indexed_label_matching_agrees_with_a_scan_of_every_alias) {
  const auto p = profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n", "p.toml");
  std::size_t texts = 0, matched = 0, by_kind[3] = {0, 0, 0}, later_rules = 0;
  for (const char* file : {"/model/gov-2021.toml", "/model/gov-2019.toml"}) {
    const auto m = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + file);
    const resolve::label_index idx(m, p);
    for (std::size_t t = 0; t < m.tables.size(); ++t) {
      // The table's aliases as label_index builds them (model labels; the profile adds none).
      std::vector<resolve::alias> aliases;
      for (std::size_t r = 0; r < m.tables[t].rows.size(); ++r)
        for (const auto& l : m.tables[t].rows[r].labels) {
          resolve::alias a;
          a.row = r;
          a.full = resolve::label_form(l);
          a.stripped = std::string(resolve::strip_numbering(a.full));
          a.stripped_code_points = resolve::code_points(a.stripped);
          aliases.push_back(a);
        }
      std::vector<std::string> printed = {"", "其他", "总计", "合计", "\xE5\x85", "\xE5\x85\xB6\xE4", "abc\xFF"};
      for (const auto& a : aliases) {
        for (const std::string& lead : {"", "（三）", "3.", "二、", "本年度办理结果"}) printed.push_back(lead + a.stripped);
        for (std::size_t i = 0; i < a.stripped.size(); ++i) {
          printed.push_back(a.stripped.substr(0, i));  // cut short, also inside a character
          printed.push_back(a.stripped.substr(i));
        }
      }
      for (const auto& s : printed) {
        const auto n = resolve::label_form(s);
        auto got = idx.match_row(t, n);
        const auto want = match_by_scan(aliases, n);
        ++texts;
        matched += want.has_value();
        if (want) ++by_kind[static_cast<int>(want->how)];
        BOOST_TEST_CONTEXT(file << " table " << t << " \"" << s << "\"") {
          // The rules tried after these (a note in parentheses, a wrapped label) only where these
          // find nothing.
          if (got && (got->how == resolve::match_kind::instruction || got->how == resolve::match_kind::wrapped)) {
            BOOST_TEST(!want.has_value());
            ++later_rules;
            got.reset();
          }
          BOOST_TEST_REQUIRE(got.has_value() == want.has_value());
          if (!got) {
            BOOST_TEST(!idx.exact_row(t, n));
            continue;
          }
          BOOST_TEST(got->row == want->row);
          BOOST_TEST(static_cast<int>(got->how) == static_cast<int>(want->how));
          BOOST_TEST(got->alias == want->alias);
          // exact_row: the exact matches, and no other.
          const auto exact = idx.exact_row(t, n);
          BOOST_TEST_REQUIRE(exact.has_value() == (want->how == resolve::match_kind::exact));
          if (exact) BOOST_TEST(exact->alias == want->alias);
        }
      }
    }
  }
  BOOST_TEST_MESSAGE(texts << " printed labels, " << matched << " matched: " << by_kind[0] << " exactly, "
                          << by_kind[1] << " by a suffix, " << by_kind[2] << " by a prefix; " << later_rules
                          << " by the later rules");
  for (const auto n : by_kind) BOOST_TEST(n >= 50u);  // every way of matching is tried
}

// section_heading and column_label (texts found by hash) find what a scan of the model's
// headings and column headers finds, as the resolver read them before: a table's heading (the
// first table's, in order) before an end heading. On every heading, row label and column header
// of both templates, with numbering, with the separator of a lost number, cut at every byte; and
// a profile that adds a heading, one that is also an end heading.
BOOST_AUTO_TEST_CASE(headings_and_column_headers_found_by_hash_agree_with_a_scan) {
  std::size_t texts = 0, headings = 0, ends = 0, columns = 0;
  for (const char* file : {"/model/gov-2021.toml", "/model/gov-2019.toml"}) {
    const auto m = model::load_model_file(std::string(NIANBAO_SOURCE_DIR) + file);
    const auto p = profile::parse_profile("name = \"p\"\ngrammar = \"tab\"\n[labels]\n\"" + m.tables[1].id +
                                              "\" = [\"办理结果\", \"" + m.end_headings.front() + "\"]\n",
                                          "p.toml");
    BOOST_TEST_REQUIRE(p.labels.size() == 1u);
    const resolve::label_index idx(m, p);
    auto normalized = [](const std::string& s) { return std::string(resolve::strip_numbering(resolve::label_form(s))); };
    auto heading_by_scan = [&](std::string_view stripped) -> std::optional<std::size_t> {
      while (stripped.substr(0, 3) == "、") stripped.remove_prefix(3);
      for (std::size_t t = 0; t < m.tables.size(); ++t) {
        auto hs = m.tables[t].headings;
        if (auto it = p.labels.find(m.tables[t].id); it != p.labels.end()) hs.insert(hs.end(), it->second.begin(), it->second.end());
        for (const auto& h : hs)
          if (stripped == normalized(h)) return t;
      }
      for (const auto& h : m.end_headings)
        if (stripped == normalized(h)) return resolve::label_index::end_of_tables;
      return std::nullopt;
    };
    auto column_by_scan = [&](std::size_t t, std::string_view n) -> std::optional<std::size_t> {
      if (n.empty()) return std::nullopt;
      std::size_t column = 0;
      for (const auto& [name, labels] : m.tables[t].column_labels) {
        for (const auto& l : labels)
          if (n == resolve::label_form(l)) return column;
        ++column;
      }
      return std::nullopt;
    };
    std::vector<std::string> known = {"办理结果", "其他", "总计"};
    for (const auto& t : m.tables) {
      known.insert(known.end(), t.headings.begin(), t.headings.end());
      for (const auto& r : t.rows) known.insert(known.end(), r.labels.begin(), r.labels.end());
      for (const auto& [name, labels] : t.column_labels) known.insert(known.end(), labels.begin(), labels.end());
    }
    known.insert(known.end(), m.end_headings.begin(), m.end_headings.end());
    std::vector<std::string> printed = {"", "、", "、、", "\xE5\x85", "abc\xFF"};
    for (const auto& k : known) {
      const auto s = normalized(k);
      for (const std::string& lead : {"", "三、", "、", "、、", "（二）"}) printed.push_back(lead + s);
      for (std::size_t i = 0; i < s.size(); ++i) {
        printed.push_back(s.substr(0, i));
        printed.push_back(s.substr(i));
      }
    }
    for (const auto& s : printed) {
      const auto n = resolve::label_form(s);
      const resolve::label_text label(n);
      const auto want = heading_by_scan(label.stripped);
      ++texts;
      if (want) ++(*want == resolve::label_index::end_of_tables ? ends : headings);
      BOOST_TEST_CONTEXT(file << " \"" << s << "\"") {
        BOOST_TEST((idx.section_heading(label) == want));
        for (std::size_t t = 0; t < m.tables.size(); ++t) {
          const auto column = column_by_scan(t, n);
          columns += column.has_value();
          BOOST_TEST((idx.column_label(t, n) == column));
        }
      }
    }
  }
  BOOST_TEST_MESSAGE(texts << " printed texts: " << headings << " table headings, " << ends << " end headings, "
                           << columns << " column headers");
  BOOST_TEST(headings >= 50u);
  BOOST_TEST(ends >= 20u);
  BOOST_TEST(columns >= 100u);
}
