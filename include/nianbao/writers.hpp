#pragma once
// nianbao's public API: outputs. A record is written as JSON Lines, CSV (long), SQLite and
// .xlsx through write::record_sink (write::output_set holds the ones a run asked for, each
// written to a temporary file renamed into place at the end); check results as JSON; a run's
// HTML report (report::); an agency's consecutive years side by side (compare::).
#include "compare/compare.hpp"
#include "report/html_report.hpp"
#include "report/run_database.hpp"
#include "write/check_json.hpp"
#include "write/csv_writer.hpp"
#include "write/json_writer.hpp"
#include "write/output_file.hpp"
#include "write/output_set.hpp"
#include "write/sqlite_writer.hpp"
#include "xlsx/xlsx_writer.hpp"
