#pragma once
// The canonical JSON object of one record (one line of `nianbao parse`'s JSON Lines), and the
// JSON Lines writer.
#include <ostream>
#include <string>

#include "core/diagnostic.hpp"
#include "record/record.hpp"
#include "write/json_text.hpp"
#include "write/record_sink.hpp"

namespace nianbao::write {

struct json_options {
  bool provenance = false;  // add "provenance": where every value came from
};

// Appends the record's JSON text (no newline): what `nianbao parse` writes per line.
void append_json(std::string& out, const pipeline::record& r, const json_options& opts = {});

// The parts of a record's JSON that other outputs write too (nianbao check --format json):
//   {"severity","code","page"?,"line"?,"column"?,"message"}
void write_diagnostic(json_text& j, const diagnostic& d);
//   {"code","level","province":{"code","name"}|null,"prefecture":...,"county":...,"township":...,
//    "kind","department"|null,"basis"|null,"candidates":[...]?} ("code", "level" null when
//   unresolved); null for no agency
void write_region(json_text& j, const std::optional<region::agency>& a);
//   {"granted_rate":0.5,"carry_forward_rate":null,...}
void write_measures(json_text& j, const measures::measure_set& set, const std::vector<measures::result>& results);

// One record a line, each line written whole.
class json_lines_writer final : public record_sink {
 public:
  json_lines_writer(std::ostream& out, json_options opts) : out_(out), opts_(opts) {}
  void write(const pipeline::record& r) override;
  void finish() override;

 private:
  std::ostream& out_;
  json_options opts_;
  std::string line_;
};

}  // namespace nianbao::write
