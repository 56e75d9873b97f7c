#pragma once
// The records of a run read back from its SQLite file (`nianbao parse --db`), for a report made
// without reading the reports again: `nianbao report out.html run.sqlite`.
#include <string>
#include <vector>

#include "pipeline/pipeline.hpp"

namespace nianbao::report {

// Whether `path` starts like a SQLite database (its 16-byte header), not whether it is nianbao's.
bool is_sqlite_file(const std::string& path);

// Every report of the database, in its order: path, encoding, template, agency, year, status,
// values (with kind, raw text, line, column, profile, repaired), the agency's division, and the
// failed checks with the cells they read and the counts of passed, failed, skipped and not
// assessable ones; the measures are evaluated again from the values (their definitions are the
// template's, `cx`'s). Repairs, warnings and errors are not read (a report does not show them).
// Throws diagnostic_error naming the file when it is no database of nianbao's (a table or column
// missing) or names a template `cx` does not have.
std::vector<pipeline::record> records_from_database(const pipeline::context& cx, const std::string& path);

}  // namespace nianbao::report
