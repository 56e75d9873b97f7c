#define BOOST_TEST_MODULE cell_units
// A number printed with its column's unit (`5件`, `5 件`, `677万元`) is that number; in another
// unit it is text, with a warning (cells/units.hpp, resolve's keep_to_unit).
#include <boost/test/unit_test.hpp>

#include <string>

#include "cells/cell_value.hpp"
#include "cells/units.hpp"
#include "test_support.hpp"

using namespace nianbao;
using test::shared_context;

namespace {

const value& value_of(const pipeline::record& r, const std::string& key) { return r.values.at(r.model->key_index.at(key)); }

// Seed 000 with `from` replaced by `to` (each exactly once).
std::string seed_with(std::initializer_list<std::pair<std::string, std::string>> edits) {
  std::string text = test::seed("000_7309f594a2168ba9.txt");
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
    BOOST_REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, from);
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_number_and_a_unit_is_a_number_with_its_unit) {
  const auto& ph = resolve::default_placeholders();
  for (const auto& [text, number, unit] : {std::tuple<const char*, double, const char*>{"5件", 5, "件"},
                                           {"5 件", 5, "件"},
                                           {"５件", 5, "件"},
                                           {"1,234件", 1234, "件"},
                                           {"1.5万元", 1.5, "万元"},
                                           {"677 万元", 677, "万元"},
                                           {"5个", 5, "个"},
                                           {"12人次", 12, "人次"},
                                           {"3元", 3, "元"}}) {
    const auto m = resolve::read_meaning(text, ph);
    BOOST_TEST((m.kind == cell_kind::number), text);
    BOOST_TEST(m.number == number, text);
    BOOST_TEST(resolve::unit_printed(text) == unit, text);
  }
  // A plain number has no unit; a unit alone, a label ending in a unit's character, a unit before
  // the number are text.
  BOOST_TEST(resolve::unit_printed("12").empty());
  for (const char* text : {"件", "万元", "行政规范性文件", "本年制发件数", "件5", "5件数", "第5条"}) {
    BOOST_TEST((resolve::read_meaning(text, ph).kind == cell_kind::text), text);
    BOOST_TEST(resolve::unit_printed(text).empty(), text);
  }
  BOOST_TEST(resolve::trailing_unit("5万元") == "万元");  // the longest word, not 元
  BOOST_TEST(resolve::trailing_unit("5人次") == "人次");
}

BOOST_AUTO_TEST_CASE(cells_in_their_columns_unit_are_read_as_numbers) {
  // Table 2's 行政规范性文件 with 件 after each count (with and without a space), 行政事业性收费 in
  // 万元, table 3's first row in 件: before, each such row was text and lost.
  const auto r = shared_context().process(
      seed_with({{"行政规范性文件\t1\t1\t2", "行政规范性文件\t1件\t1 件\t2件"},
                 {"行政事业性收费\t677", "行政事业性收费\t677万元"},
                 {"一、本年新收政府信息公开申请数量\t11\t0\t0\t0\t1\t0\t12",
                  "一、本年新收政府信息公开申请数量\t11件\t0件\t0件\t0件\t1件\t0件\t12件"}}),
      "units.txt");
  BOOST_TEST(value_of(r, "active.normative_documents.issued").number == 1.0);
  BOOST_TEST(value_of(r, "active.normative_documents.repealed").number == 1.0);
  BOOST_TEST(value_of(r, "active.normative_documents.in_force").number == 2.0);
  BOOST_TEST(value_of(r, "active.normative_documents.repealed").raw == "1 件");
  BOOST_TEST(value_of(r, "active.fees.amount").number == 677.0);
  BOOST_TEST(value_of(r, "requests.new.natural_person").number == 11.0);
  BOOST_TEST(value_of(r, "requests.new.legal_services").number == 1.0);
  BOOST_TEST(value_of(r, "requests.new.total").number == 12.0);
  BOOST_TEST((r.status == pipeline::status::parsed));
  BOOST_TEST(r.checks->failed == 0u);
  for (const auto& w : r.warnings) BOOST_TEST(w.code != "unit");
}

BOOST_AUTO_TEST_CASE(a_number_in_another_unit_stays_text_with_a_warning) {
  // 个 where the template counts in 件, 元 where the fees are in 万元: no conversion is guessed.
  const auto r = shared_context().process(
      seed_with({{"行政许可\t1762", "行政许可\t1762个"}, {"行政事业性收费\t677", "行政事业性收费\t677元"}}), "units.txt");
  const auto& licensing = value_of(r, "active.licensing.decisions");
  BOOST_TEST((licensing.kind == cell_kind::text));
  BOOST_TEST(licensing.raw == "1762个");
  const auto& fees = value_of(r, "active.fees.amount");
  BOOST_TEST((fees.kind == cell_kind::text));
  std::vector<std::string> messages;
  for (const auto& w : r.warnings)
    if (w.code == "unit") messages.push_back(w.message);
  BOOST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0] ==
             "active.licensing.decisions reads \"1762个\": a number in 个 where the template counts in 件; left as text "
             "(null)");
  BOOST_TEST(messages[1] ==
             "active.fees.amount reads \"677元\": a number in 元 where the template counts in 万元; left as text (null)");
  // The rest of the report is read as before.
  BOOST_TEST(value_of(r, "active.penalty.decisions").number == 325.0);
  BOOST_TEST(value_of(r, "requests.new.total").number == 12.0);
}

BOOST_AUTO_TEST_CASE(a_count_in_the_fee_column_and_an_amount_in_a_count_column_are_refused) {
  // 件 is the unit of table 3's counts, not of the fees (万元): `5件` there is not a fee; `3 万元`
  // is no count of documents. Each is null with a warning, the rest of the row read.
  const auto r = shared_context().process(
      seed_with({{"行政事业性收费\t677", "行政事业性收费\t5件"}, {"行政规范性文件\t1\t1\t2", "行政规范性文件\t1\t3 万元\t2"}}),
      "units.txt");
  BOOST_TEST((value_of(r, "active.fees.amount").kind == cell_kind::text));
  BOOST_TEST((value_of(r, "active.normative_documents.repealed").kind == cell_kind::text));
  BOOST_TEST(value_of(r, "active.normative_documents.issued").number == 1.0);
  BOOST_TEST(value_of(r, "active.normative_documents.in_force").number == 2.0);
  std::vector<std::string> messages;
  for (const auto& w : r.warnings)
    if (w.code == "unit") messages.push_back(w.message);
  BOOST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0] ==
             "active.normative_documents.repealed reads \"3 万元\": a number in 万元 where the template counts in 件; "
             "left as text (null)");
  BOOST_TEST(messages[1] ==
             "active.fees.amount reads \"5件\": a number in 件 where the template counts in 万元; left as text (null)");
}

BOOST_AUTO_TEST_CASE(a_misaligned_rows_number_in_another_unit_never_reaches_the_repair_stage_as_a_number) {
  // 行政许可 with two value cells for its one column: the repair stage may place either; `1762个`
  // is in no unit of the row (件), so it is text before any reading is tried.
  const auto r = shared_context().process(seed_with({{"行政许可\t1762", "行政许可\t1762个\t5"}}), "units.txt");
  BOOST_TEST((value_of(r, "active.licensing.decisions").kind != cell_kind::number));
  std::vector<std::string> messages;
  for (const auto& w : r.warnings)
    if (w.code == "unit") messages.push_back(w.message);
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(messages[0] ==
             "active.licensing reads \"1762个\": a number in 个 where not every column of it counts in 个; left as text "
             "(null)");
}
