#define BOOST_TEST_MODULE merge
// The merge stage (runtime/merge): per cell, a blank that a reading saw printed beats a value
// another reading only derived by repair (README, "Merge").
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "merge/merge.hpp"
#include "model/model.hpp"
#include "test_support.hpp"

using namespace nianbao;

namespace {

// One table of rows r0 and r1, three columns a, b, c each: keys t.r0.a ... t.r1.c (0 ... 5).
model::template_model two_rows() {
  model::template_model m;
  m.tables.resize(1);
  auto& t = m.tables[0];
  t.id = "t";
  for (int r = 0; r < 2; ++r) {
    model::row_spec row;
    row.key = "t.r" + std::to_string(r);
    row.columns = {"a", "b", "c"};
    row.first_key = static_cast<std::size_t>(3 * r);
    t.rows.push_back(row);
    for (const auto& c : row.columns) {
      m.key_index[row.key + "." + c] = m.keys.size();
      m.keys.push_back(row.key + "." + c);
    }
  }
  t.first_key = 0;
  t.key_count = 6;
  return m;
}

value number(double n, std::size_t line, bool repaired = false) {
  value v;
  v.kind = cell_kind::number;
  v.number = n;
  v.raw = repaired ? "" : std::to_string(static_cast<int>(n));
  v.repaired = repaired;
  v.where.line = line;
  return v;
}

value blank(std::size_t line) {
  value v;
  v.kind = cell_kind::empty;
  v.where.line = line;
  return v;
}

// A reading of the table: its values (missing ones stay missing), counts as the resolver keeps them.
resolve::candidate reading(const std::string& profile, long long priority, std::vector<value> values) {
  resolve::candidate c;
  c.profile = profile;
  c.priority = priority;
  c.tables.resize(1);
  for (auto& v : values) {
    v.profile = profile;
    c.tables[0].filled += v.kind == cell_kind::number || v.kind == cell_kind::placeholder;
    c.tables[0].empty += v.kind == cell_kind::empty;
    if (v.repaired) c.tables[0].repairs.push_back({"", v.raw, "0", "a lost cell", {"row_total"}});
  }
  c.values = std::move(values);
  return c;
}

// The repairs of `c` named by key (reading() leaves them unnamed).
void name_repairs(resolve::candidate& c, const model::template_model& m) {
  std::size_t r = 0;
  for (std::size_t i = 0; i < c.values.size(); ++i)
    if (c.values[i].repaired) c.tables[0].repairs[r++].key = m.keys[i];
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_printed_blank_wins_the_table_over_a_repaired_zero) {
  // Row r0 printed `8 _ 8`: the text read as it is ("plain") finds two cells for three columns and
  // the repair derives the lost one as 0 (8 = 8 + 0); read by its columns ("spaced") the middle
  // cell is blank. Both read six cells of the table and no row misaligned; the repaired reading
  // has more numbers and used to win. Now the blank wins: the row holds what is printed.
  const auto m = two_rows();
  std::vector<resolve::candidate> cs{
      reading("plain", 5, {number(8, 3, true), number(0, 3, true), number(8, 3, true), number(1, 4), number(0, 4), number(1, 4)}),
      reading("spaced", 45, {number(8, 3), blank(3), number(8, 3), number(1, 4), number(0, 4), number(1, 4)})};
  name_repairs(cs[0], m);
  const auto out = merge::merge_candidates(m, cs, "r.txt");
  BOOST_TEST(out.table_profiles[0] == "spaced");
  BOOST_TEST((out.values[1].kind == cell_kind::empty));
  BOOST_TEST(out.values[0].number == 8.0);
  BOOST_TEST(!out.values[0].repaired);
  BOOST_TEST(out.repairs.empty());
  BOOST_TEST(out.table_filled[0] == 5u);
  BOOST_TEST(out.filled == 5u);
  // The table came whole from the reading that saw the blank; the note says what was derived.
  BOOST_REQUIRE(out.notes.size() == 1u);
  BOOST_TEST(out.notes[0].message ==
             "row t.r0: b printed blank (read in place by profile \"spaced\", line 3) and kept so, not as the "
             "repair of profile \"plain\" derived it (b 0)");
}

BOOST_AUTO_TEST_CASE(a_printed_blank_wins_its_row_where_the_other_reading_wins_the_table) {
  // The reading by columns left row r1 unread (a value between two columns): the repaired reading
  // wins the table, but row r0 is taken from the reading that saw its blank, with a note, and
  // its repairs are dropped; row r1 stays as the table's reading has it.
  const auto m = two_rows();
  value lost;  // r1 not placed by the reading by columns
  std::vector<resolve::candidate> cs{
      reading("plain", 5, {number(8, 3, true), number(0, 3, true), number(8, 3, true), number(1, 4), number(0, 4), number(1, 4)}),
      reading("spaced", 45, {number(8, 3), blank(3), number(8, 3), lost, lost, lost})};
  name_repairs(cs[0], m);
  const auto out = merge::merge_candidates(m, cs, "r.txt");
  BOOST_TEST(out.table_profiles[0] == "plain");
  BOOST_TEST((out.values[1].kind == cell_kind::empty));
  BOOST_TEST(out.values[1].profile == "spaced");
  BOOST_TEST(out.values[0].number == 8.0);
  BOOST_TEST(out.values[0].profile == "spaced");
  BOOST_TEST(!out.values[0].repaired);
  BOOST_TEST(out.values[4].number == 0.0);
  BOOST_TEST(out.values[4].profile == "plain");
  BOOST_TEST(out.repairs.empty());
  BOOST_TEST(out.table_filled[0] == 5u);
  BOOST_REQUIRE(out.notes.size() == 1u);
  BOOST_TEST(out.notes[0].code == "printed-blank");
  BOOST_TEST((out.notes[0].severity == severity::note));
  BOOST_TEST(out.notes[0].file == "r.txt");
  BOOST_TEST(out.notes[0].where.line == 3u);
  BOOST_TEST(out.notes[0].message ==
             "row t.r0: b printed blank (read in place by profile \"spaced\", line 3) and kept so, not as the "
             "repair of profile \"plain\" derived it (b 0)");
}

BOOST_AUTO_TEST_CASE(a_blank_from_a_reading_that_places_the_numbers_elsewhere_is_no_evidence) {
  // Seed 002's layout with a cell lost: `10 0 0 0 0 10` for seven columns. The repair derives
  // (10, 0, 0, 0, 0, 0, 10); a reading that takes the row separator after it for an empty cell
  // reads (10, 0, 0, 0, 0, 10, _): its numbers stand in other columns than the derived row's, so
  // its "blank" proves nothing and the derived row stays, without a note.
  const auto m = two_rows();
  value lost;
  std::vector<resolve::candidate> cs{
      reading("pipe-lines", 5, {number(10, 3, true), number(0, 3, true), number(10, 3, true), number(1, 4), number(0, 4), number(1, 4)}),
      reading("pipe-cells", 15, {number(10, 3), number(10, 3), blank(3), lost, lost, lost})};
  name_repairs(cs[0], m);
  auto same_numbers = cs;  // the merge moves the chosen values out of its candidates
  const auto out = merge::merge_candidates(m, cs, "r.txt");
  BOOST_TEST(out.table_profiles[0] == "pipe-lines");
  BOOST_TEST(out.values[1].number == 0.0);
  BOOST_TEST(out.values[2].number == 10.0);
  BOOST_TEST(out.values[2].repaired);
  BOOST_TEST(out.repairs.size() == 3u);
  BOOST_TEST(out.notes.empty());
  // Where the two read the same printed numbers (10 _ 10 against 10 0 10 derived), the blank wins.
  same_numbers[1].values[1] = blank(3);
  same_numbers[1].values[2] = number(10, 3);
  const auto agreed = merge::merge_candidates(m, same_numbers, "r.txt");
  BOOST_TEST((agreed.values[1].kind == cell_kind::empty));
  BOOST_TEST(agreed.values[2].number == 10.0);
  BOOST_TEST(!agreed.values[2].repaired);
  BOOST_TEST(agreed.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(only_a_derived_value_gives_way_to_a_blank) {
  const auto m = two_rows();
  value lost;
  // A number read as printed against another reading's blank: printed against printed, the table's
  // reading stands (the merge's order decides the table, no cell is swapped).
  std::vector<resolve::candidate> printed{
      reading("plain", 5, {number(8, 3), number(0, 3), number(8, 3), number(1, 4), number(0, 4), number(1, 4)}),
      reading("spaced", 45, {number(8, 3), blank(3), number(8, 3), lost, lost, lost})};
  auto out = merge::merge_candidates(m, printed, "r.txt");
  BOOST_TEST(out.table_profiles[0] == "plain");
  BOOST_TEST(out.values[1].number == 0.0);
  BOOST_TEST(out.notes.empty());
  // A blank in a row the other reading did not read whole in place (a cell missing) proves nothing
  // of the row's columns: the repaired row stands.
  std::vector<resolve::candidate> partial{
      reading("plain", 5, {number(8, 3, true), number(0, 3, true), number(8, 3, true), number(1, 4), number(0, 4), number(1, 4)}),
      reading("spaced", 45, {number(8, 3), blank(3), lost, lost, lost, lost})};
  name_repairs(partial[0], m);
  out = merge::merge_candidates(m, partial, "r.txt");
  BOOST_TEST(out.values[1].number == 0.0);
  BOOST_TEST(out.values[1].repaired);
  BOOST_TEST(out.repairs.size() == 3u);
  BOOST_TEST(out.notes.empty());
}
