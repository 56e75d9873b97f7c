#pragma once
// The canonical JSON object of one record (one line of `nianbao parse`'s JSON Lines).
#include <string>

#include <nlohmann/json.hpp>

#include "core/diagnostic.hpp"
#include "record/record.hpp"
#include "write/json_text.hpp"

namespace nianbao::write {

struct json_options {
  bool provenance = false;  // add "provenance": where every value came from
};

// Appends the record's JSON text (no newline): what `nianbao parse` writes per line.
void append_json(std::string& out, const pipeline::record& r, const json_options& opts = {});
// The same as a document (parsed from that text: one way of writing a record, not two).
nlohmann::ordered_json to_json(const pipeline::record& r, const json_options& opts = {});
nlohmann::ordered_json to_json(const diagnostic& d);

// A value as JSON text: an integer, a decimal, or null (placeholder, empty, text, missing).
void write_value(json_text& j, const value& v, model::value_type type);

}  // namespace nianbao::write
