// Fuzz target: arbitrary bytes through the whole runtime, as `nianbao parse` runs it:
// decode -> every profile's grammar -> resolve -> repair -> merge -> narrative -> checks -> JSON.
// context::process must never throw for bad input, and what it returns must hold together:
//   - one value per canonical key, one profile slot per table;
//   - a failed record says why (errors), and the record serialises to valid UTF-8 JSON;
//   - no invented values: every number not marked repaired was printed in the text, at the
//     position the record gives for it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "decode/decode.hpp"
#include "fuzz_common.hpp"
#include "pipeline/pipeline.hpp"
#include "write/json_writer.hpp"

using namespace nianbao;

namespace {

// NIANBAO_FUZZ_REPAIR=0 builds fuzz_process_fast: the same without the repair stage, which is
// by far the slowest (it evaluates every rule for each reading of a misaligned row), so the
// fuzzer gets deeper into decode, the grammars, resolve, merge, narrative and checks.
#ifndef NIANBAO_FUZZ_REPAIR
#define NIANBAO_FUZZ_REPAIR 1
#endif

const pipeline::context& context() {
  static const auto cx = [] {
    pipeline::options opts;
    opts.repair = NIANBAO_FUZZ_REPAIR != 0;
    return std::make_unique<pipeline::context>(opts);
  }();
  return *cx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto& cx = context();
  const pipeline::record r = cx.process(bytes, "fuzz.txt");  // an exception escaping is a finding

  fuzz::require(r.model != nullptr, "record without a model");
  fuzz::require(r.values.size() == r.model->keys.size(), "values not parallel to the model's keys");
  fuzz::require(r.table_profiles.size() == r.model->tables.size(), "table_profiles not parallel to tables");
  if (r.status == pipeline::status::failed) fuzz::require(!r.errors.empty(), "failed record without an error");
  for (const auto& e : r.errors) fuzz::require(e.file == "fuzz.txt", "error does not name the input");

  // The decoded text, as the pipeline saw it (decode is deterministic).
  std::string text;
  try {
    text = decode::decode(bytes).text;
  } catch (const diagnostic_error&) {
    fuzz::require(r.status == pipeline::status::failed, "undecodable input but the record is not failed");
  }
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    const value& v = r.values[i];
    if (v.kind != cell_kind::number || v.repaired) continue;
    if (v.raw.empty()) fuzz::finding("number without raw text: " + r.model->keys[i]);
    if (v.where.byte >= text.size() || std::string_view(text).substr(v.where.byte, v.raw.size()) != v.raw)
      fuzz::finding("number of " + r.model->keys[i] + " (\"" + v.raw + "\") is not in the text at byte " +
                    std::to_string(v.where.byte));
  }

  std::string line;
  write::append_json(line, r, write::json_options{true});
  try {
    // strict: throws on invalid UTF-8 anywhere in the line (the writer must have replaced it)
    (void)nlohmann::ordered_json::parse(line).dump();
  } catch (const nlohmann::json::exception& e) {
    fuzz::finding(std::string("record's JSON is not valid UTF-8 JSON: ") + e.what());
  }
  return 0;
}
