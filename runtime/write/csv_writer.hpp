#pragma once
// CSV output of records (RFC 4180: comma-separated, fields quoted with '"' when they hold a
// comma, a quote, a line end or leading/trailing blanks, quotes doubled, CRLF row ends, UTF-8).
// A text that a spreadsheet would run as a formula is written with a leading apostrophe
// (formula_guarded below).
//
// Wide form: one row per record, the columns
//   path, template, status, encoding, title, agency, year, values, repairs, warnings,
//   rule_failures, errors, <every canonical key>...
// where the keys are those of every loaded template (model order, the first template's first;
// a key of several templates is one column). A key's cell holds the number, or nothing when the
// report gives no number there (placeholder, empty cell, text, missing, or a key of another
// template). `values` counts the keys with a number, `rule_failures` the failed rule
// instances (empty when no rules ran), `errors` is the error messages joined by " | ".
//
// Long form: one row per key that the report gives (a number, or a placeholder, an empty cell
// or text in its place; keys the report lacks have no row), the columns
//   report, template, key, value, kind, raw, repaired, line, column, profile, agency, year,
//   region_code
// where report is the record's path, value the number (empty when kind is not "number"),
// kind one of number | placeholder | empty | text, raw the cell as printed, repaired 1 when the
// value was not read as printed (0 otherwise), line/column the cell's position (code points).
// A record that gave no value (failed) has no rows in the long form. The template column is
// the record's template as in the JSON output; agency and year as read from the title, and
// region_code the agency's division (GB/T 2260; empty when unresolved), on every row so that a
// long file can be grouped without a join.
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "record/record.hpp"
#include "write/record_sink.hpp"

namespace nianbao::write {

enum class csv_form { wide, long_form };

struct csv_options {
  csv_form form = csv_form::wide;
  bool bom = false;  // start with a UTF-8 byte-order mark (for Excel)
};

class csv_writer final : public record_sink {
 public:
  // `models`: the templates records may follow (pipeline::context::models()); they must outlive
  // the writer. Writes the header row at once.
  csv_writer(std::ostream& out, const std::vector<model::template_model>& models, csv_options opts = {});

  void write(const pipeline::record& r) override;
  void finish() override;  // flushes; the stream is its owner's to close
  const std::vector<std::string>& header() const noexcept { return header_; }

 private:
  void row(const std::vector<std::string>& fields);

  std::ostream& out_;
  csv_options opts_;
  std::vector<std::string> header_;
  std::vector<std::string> keys_;  // wide form: the key columns
  std::string line_;
};

// One CSV field, quoted when needed.
std::string csv_field(std::string_view s);

// A text cell as the CSV holds it, safe from spreadsheets' formulas ("CSV injection"): a text
// that begins with '=', '@', a tab or a carriage return, or with '+' or '-' and is not a number
// (nor that sign alone, a placeholder), gets a leading apostrophe, which spreadsheets read as
// "this is text" and do not show: "=HYPERLINK(...)" -> "'=HYPERLINK(...)". Numbers ("-5",
// "+1.5") and every other text are left as they are. Every field of the CSV goes through it.
std::string formula_guarded(std::string_view s);

}  // namespace nianbao::write
