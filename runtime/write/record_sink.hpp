#pragma once
// The output seam: whatever writes records (JSON Lines, CSV, SQLite, an Excel workbook) takes
// them one by one, in input order, and is finished once at the end. nianbao parse holds its
// outputs as a list of sinks (write/output_set.hpp) and knows no writer's details.
#include "record/record.hpp"

namespace nianbao::write {

class record_sink {
 public:
  virtual ~record_sink() = default;
  // Throws diagnostic_error (code "io") when the record cannot be written.
  virtual void write(const pipeline::record& r) = 0;
  // Writes what is pending and closes; no write after it. Throws diagnostic_error (code "io").
  virtual void finish() = 0;
};

}  // namespace nianbao::write
