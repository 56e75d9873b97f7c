#define BOOST_TEST_MODULE repair
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "pipeline/pipeline.hpp"
#include "test_support.hpp"

using namespace nianbao;
using test::replace_once;
using test::seed;

namespace {

const pipeline::context& cx() { return test::shared_context(); }

bool has_warning(const pipeline::record& r, const std::string& code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

// Every key has the same value (or both null) in the two records.
void same_values(const pipeline::record& expected, const pipeline::record& actual) {
  BOOST_REQUIRE(expected.model == actual.model);
  for (std::size_t i = 0; i < expected.values.size(); ++i) {
    const auto& e = expected.values[i];
    const auto& a = actual.values[i];
    BOOST_TEST((e.kind == a.kind && (e.kind != cell_kind::number || e.number == a.number)),
               expected.model->keys[i] << ": expected " << e.number << " (" << to_string(e.kind) << "), got "
                                       << a.number << " (" << to_string(a.kind) << ")");
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(seed_000_rows_with_six_numbers_are_restored) {
  const auto r = cx().process(seed("000_7309f594a2168ba9.txt"), "000.txt");
  BOOST_TEST(static_cast<int>(r.status) == static_cast<int>(pipeline::status::parsed));
  const auto& k = r.model->key_index;
  const auto& granted = r.values[k.at("requests.granted.natural_person")];
  BOOST_TEST(granted.number == 5.0);
  BOOST_TEST(granted.repaired);
  BOOST_TEST(r.values[k.at("requests.granted.total")].number == 5.0);
  BOOST_TEST(r.values[k.at("requests.denied.security_stability.natural_person")].number == 1.0);
  BOOST_TEST(r.repairs.size() == 49u);  // seven rows of seven values
  BOOST_TEST(r.checks->failed == 0u);
}

BOOST_AUTO_TEST_CASE(seed_001_sixteen_cell_review_table_is_resolved) {
  const auto r = cx().process(seed("001_b567e4114b5ffb79.txt"), "001.txt");
  const auto& k = r.model->key_index;
  auto v = [&](const std::string& key) { return r.values[k.at(key)].number; };
  BOOST_TEST(v("review.reconsideration.upheld") == 11.0);
  BOOST_TEST(v("review.reconsideration.other") == 1.0);
  BOOST_TEST(v("review.reconsideration.total") == 12.0);
  BOOST_TEST(v("review.litigation_direct.total") == 0.0);
  BOOST_TEST(v("review.litigation_after_reconsideration.other") == 2.0);
  BOOST_TEST(v("review.litigation_after_reconsideration.pending") == 1.0);
  BOOST_TEST(v("review.litigation_after_reconsideration.total") == 3.0);
  BOOST_TEST(r.values[k.at("review.litigation_after_reconsideration.total")].repaired);
  BOOST_TEST(r.repairs.size() == 15u);
}

BOOST_AUTO_TEST_CASE(seed_003_ambiguous_review_table_is_not_guessed) {
  const auto r = cx().process(seed("003_e04d2d8976f62d34.txt"), "003.txt");
  const auto& k = r.model->key_index;
  for (const auto& key : r.model->tables[2].keys())
    BOOST_TEST(static_cast<int>(r.values[k.at(key)].kind) == static_cast<int>(cell_kind::missing), key);
  BOOST_TEST(has_warning(r, "ambiguous-row"));
  BOOST_TEST(has_warning(r, "narrative-unconfirmed"));
  BOOST_TEST(r.repairs.empty());
}

BOOST_AUTO_TEST_CASE(a_dropped_cell_is_recovered) {
  const auto original = cx().process(seed("002_bd575b38e5e6b191.txt"), "002.txt");
  // (一)予以公开 loses one of its zeros.
  const auto damaged = cx().process(
      replace_once(seed("002_bd575b38e5e6b191.txt"), "(一)予以公开 |\n10 |\n0 |\n", "(一)予以公开 |\n10 |\n"),
      "002-dropped.txt");
  same_values(original, damaged);
  BOOST_TEST(damaged.values[damaged.model->key_index.at("requests.granted.commercial")].repaired);
  BOOST_TEST(damaged.repairs.size() == 7u);
}

BOOST_AUTO_TEST_CASE(an_added_empty_cell_changes_nothing) {
  const auto original = cx().process(seed("001_b567e4114b5ffb79.txt"), "001.txt");
  const auto damaged = cx().process(
      replace_once(seed("001_b567e4114b5ffb79.txt"), "\t\t6. 属于四类过程性信息\t2\t", "\t\t6. 属于四类过程性信息\t\t2\t"),
      "001-empty.txt");
  same_values(original, damaged);
  BOOST_TEST(damaged.repairs.size() == original.repairs.size());
}

BOOST_AUTO_TEST_CASE(a_label_broken_over_two_lines_is_read) {
  const auto original = cx().process(seed("001_b567e4114b5ffb79.txt"), "001.txt");
  const auto damaged = cx().process(replace_once(seed("001_b567e4114b5ffb79.txt"), "5. 属于三类内部事务信息\t7",
                                                 "5. 属于三类内部事务信\t7"),
                                    "001-broken.txt");
  same_values(original, damaged);
  BOOST_TEST(has_warning(damaged, "broken-label"));
}

BOOST_AUTO_TEST_CASE(a_row_shifted_by_a_stray_cell_is_recovered) {
  const auto original = cx().process(seed("001_b567e4114b5ffb79.txt"), "001.txt");
  // A stray 0 before the values of 2. 没有现成信息需要另行制作 (11 ... 11): eight cells for seven.
  const auto damaged = cx().process(replace_once(seed("001_b567e4114b5ffb79.txt"), "2. 没有现成信息需要另行制作\t11\t",
                                                 "2. 没有现成信息需要另行制作\t0\t11\t"),
                                    "001-shifted.txt");
  same_values(original, damaged);
  BOOST_TEST(damaged.values[damaged.model->key_index.at("requests.unavailable.needs_creation.total")].repaired);
}

BOOST_AUTO_TEST_CASE(a_split_number_is_joined_when_only_that_fits) {
  const auto original = cx().process(seed("001_b567e4114b5ffb79.txt"), "001.txt");
  // 140 printed as "14" "0": eight cells, and only joining them satisfies the rules.
  const auto damaged = cx().process(replace_once(seed("001_b567e4114b5ffb79.txt"), "本机关不掌握相关政府信息\t140\t",
                                                 "本机关不掌握相关政府信息\t14\t0\t"),
                                    "001-split.txt");
  same_values(original, damaged);
  bool joined = false;
  for (const auto& rp : damaged.repairs)
    if (rp.key == "requests.unavailable.not_held.natural_person") joined = rp.read == "140" && rp.chosen == "140";
  BOOST_TEST(joined);
}

BOOST_AUTO_TEST_CASE(a_lost_cell_that_two_readings_explain_is_left_null) {
  // 行政复议 5 2 0 0 7 loses a 0: "5 2 0 7" then zeros. Either the lost cell is a 0 (5 2 0 0 7)
  // or the total was lost and 7 is 尚未审结 (5 2 0 7 14): both satisfy every rule.
  const auto damaged = cx().process(
      replace_once(seed("002_bd575b38e5e6b191.txt"), "|||||\n5 |\n2 |\n0 |\n0 |\n7 |\n", "|||||\n5 |\n2 |\n0 |\n7 |\n"),
      "002-ambiguous.txt");
  const auto& k = damaged.model->key_index;
  BOOST_TEST(static_cast<int>(damaged.values[k.at("review.reconsideration.total")].kind) ==
             static_cast<int>(cell_kind::missing));
  BOOST_TEST(has_warning(damaged, "ambiguous-row"));
  bool listed = false;
  for (const auto& w : damaged.warnings)
    if (w.code == "ambiguous-row")
      listed = w.message.find("(5, 2, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)") != std::string::npos &&
               w.message.find("(5, 2, 0, 7, 14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)") != std::string::npos;
  BOOST_TEST(listed);
}

// ---- property: generate a valid report, damage it at random, every filled value must be right.

namespace {

struct table3 {
  std::vector<std::vector<long>> rows;  // 25 rows x 7 columns, model order
};

// Sets what the rules tie to the 21 handled rows (2..22) and to rows 1 and 24: the handled
// total (23), new (0: the balance holds) and every row's total column.
void balance(table3& t) {
  for (int c = 0; c < 6; ++c) {
    long handled = 0;
    for (int r = 2; r < 23; ++r) handled += t.rows[r][c];
    t.rows[23][c] = handled;
    t.rows[0][c] = handled + t.rows[24][c] - t.rows[1][c];
  }
  for (auto& row : t.rows) {
    row[6] = 0;
    for (int c = 0; c < 6; ++c) row[6] += row[c];
  }
}

table3 random_table(std::mt19937& rng) {
  table3 t;
  t.rows.assign(25, std::vector<long>(7, 0));
  auto small = [&](int zero_odds) { return rng() % zero_odds == 0 ? static_cast<long>(rng() % 30) : 0L; };
  for (int r = 2; r < 23; ++r)  // the 21 handled rows
    for (int c = 0; c < 6; ++c) t.rows[r][c] = small(3);
  for (int c = 0; c < 6; ++c) {
    long handled = 0;
    for (int r = 2; r < 23; ++r) handled += t.rows[r][c];
    t.rows[24][c] = small(4);                                   // carried forward
    t.rows[1][c] = std::min<long>(small(4), handled + t.rows[24][c]);  // carried over
  }
  balance(t);
  return t;
}

std::string render(const table3& t, const model::template_model& m, std::mt19937& rng, int damaged_rows,
                   std::vector<int>& damage) {
  std::ostringstream out;
  out << "测试区 2024 年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t1\n"
         "行政许可\t3\n行政处罚\t2\n行政强制\t0\n行政事业性收费\t0\n\n三、收到和处理政府信息公开申请情况\n"
         "\t\t申请人情况\n\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n";
  damage.assign(25, -1);
  for (int i = 0; i < damaged_rows; ++i) damage[rng() % 25] = static_cast<int>(rng() % 7);
  const auto& rows = m.tables[1].rows;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out << "\t" << rows[r].labels.front();
    for (int c = 0; c < 7; ++c)
      if (damage[r] != c) out << "\t" << t.rows[r][c];  // the damaged row loses one cell
    out << "\n";
  }
  out << "\n四、政府信息公开行政复议、行政诉讼情况\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\n"
         "五、存在的主要问题及改进情况\n无。\n";
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_damage_never_fills_a_wrong_value) {
  std::mt19937 rng(20241122);
  const auto& m = cx().models().front();
  std::size_t filled = 0, left_null = 0, damaged_total = 0;
  for (int iteration = 0; iteration < 60; ++iteration) {
    const auto t = random_table(rng);
    std::vector<int> damage;
    const auto text = render(t, m, rng, 1 + static_cast<int>(rng() % 3), damage);
    const auto r = cx().process(text, "generated-" + std::to_string(iteration) + ".txt");
    const auto& rows = m.tables[1].rows;
    for (std::size_t row = 0; row < rows.size(); ++row) {
      if (damage[row] >= 0) ++damaged_total;
      for (std::size_t c = 0; c < 7; ++c) {
        const auto& v = r.values[m.key_index.at(rows[row].key + "." + rows[row].columns[c])];
        if (v.kind == cell_kind::missing) {
          BOOST_TEST(damage[row] >= 0, "an undamaged value is missing: " << rows[row].key);
          ++left_null;
          continue;
        }
        BOOST_TEST(v.number == static_cast<double>(t.rows[row][c]),
                   "iteration " << iteration << ": " << rows[row].key << "." << rows[row].columns[c] << " = "
                                << v.number << ", truth " << t.rows[row][c]);
        if (v.repaired) ++filled;
      }
    }
  }
  BOOST_TEST_MESSAGE("repaired values: " << filled << ", left null: " << left_null << ", damaged rows: " << damaged_total);
  BOOST_TEST(filled > 0u);  // the repair does recover values, not only refuse
}

// The same, with the report's own arithmetic broken: one value of an undamaged row is misprinted
// (a typo the rules catch). Readings of a damaged row that break a rule another reading keeps are
// not taken because they break fewer: a damaged row is filled only with its true values or left
// null, and the misprinted value is read as printed.
BOOST_AUTO_TEST_CASE(random_damage_in_a_report_with_broken_arithmetic_never_fills_a_wrong_value) {
  std::mt19937 rng(20261207);
  const auto& m = cx().models().front();
  const auto& rows = m.tables[1].rows;
  std::size_t filled = 0, wrong = 0;
  for (int iteration = 0; iteration < 150; ++iteration) {
    auto t = random_table(rng);
    std::vector<int> damage;
    (void)render(t, m, rng, 0, damage);  // the same draws as the test above do not matter here
    // The typo: an undamaged row's value off by 1 to 9, chosen before the damage.
    const std::size_t typo_row = rng() % 25, typo_column = rng() % 7;
    t.rows[typo_row][typo_column] += 1 + static_cast<long>(rng() % 9);
    auto text = render(t, m, rng, 1 + static_cast<int>(rng() % 3), damage);
    if (damage[typo_row] >= 0) continue;  // the typo's row must be printed whole
    const auto r = cx().process(text, "typo-" + std::to_string(iteration) + ".txt");
    if (iteration == 134) {
      // The typo (部分公开 natural_person 27 printed 35) rules out the true reading of a row that
      // lost its first cell: solved from the broken column sum it would be -8. The two readings
      // left each break that column's sum, and neither is taken.
      bool said = false;
      for (const auto& w : r.warnings)
        said |= w.code == "misaligned-row" &&
                w.message == "row requests.not_processed.excessive has 6 value cells for 7 columns and each of its 2 "
                             "readings breaks a rule (handled_sum): (27, 0, 0, 0, 27, 0, 54) or (27, 0, 0, 27, 0, 0, "
                             "54); its values are left null; the row reads \"4.无正当理由大量反复申请\t27\t0\t0\t27\t0\t54\"";
      BOOST_TEST(said);
    }
    for (std::size_t row = 0; row < rows.size(); ++row)
      for (std::size_t c = 0; c < 7; ++c) {
        const auto& v = r.values[m.key_index.at(rows[row].key + "." + rows[row].columns[c])];
        if (v.kind == cell_kind::missing || !v.repaired) continue;
        ++filled;
        if (v.number != static_cast<double>(t.rows[row][c])) {
          ++wrong;
          BOOST_TEST_MESSAGE("iteration " << iteration << ": " << rows[row].key << "." << rows[row].columns[c]
                                          << " filled with " << v.number << ", printed truth " << t.rows[row][c]);
        }
      }
  }
  BOOST_TEST_MESSAGE("repaired values: " << filled << ", wrong: " << wrong);
  BOOST_TEST(wrong == 0u);
  BOOST_TEST(filled > 0u);
}

BOOST_AUTO_TEST_CASE(a_rule_reading_a_placeholder_solves_no_lost_cell) {
  // A handled row prints its first value, 4, as "/" and loses its third, 3. Its total reads the
  // "/" and cannot say what was lost (taking "/" as 0 would make the lost cell 4 more than it
  // was); the column's handled total can.
  const auto& m = cx().models().front();
  table3 t;
  t.rows.assign(25, std::vector<long>(7, 0));
  for (int r = 2; r < 23; ++r)
    for (int c = 0; c < 6; ++c) t.rows[r][c] = (r + c) % 4;
  const int damaged = 5;
  t.rows[damaged][0] = 4;
  t.rows[damaged][2] = 3;
  balance(t);
  std::mt19937 rng(1);
  std::vector<int> damage;
  const auto& row = m.tables[1].rows[damaged];
  std::string printed = "\t" + row.labels.front(), placeholder_lost = printed + "\t/";
  for (int c = 0; c < 7; ++c) {
    printed += "\t" + std::to_string(t.rows[damaged][c]);
    if (c != 0 && c != 2) placeholder_lost += "\t" + std::to_string(t.rows[damaged][c]);
  }
  const auto r = cx().process(replace_once(render(t, m, rng, 0, damage), printed + "\n", placeholder_lost + "\n"),
                              "placeholder-and-lost.txt");
  const auto& lost = r.values[m.key_index.at(row.key + "." + row.columns[2])];
  BOOST_TEST(static_cast<int>(lost.kind) == static_cast<int>(cell_kind::number));
  BOOST_TEST(lost.number == 3.0);
  BOOST_TEST(lost.repaired);
  BOOST_TEST(static_cast<int>(r.values[m.key_index.at(row.key + "." + row.columns[0])].kind) ==
             static_cast<int>(cell_kind::placeholder));
}
