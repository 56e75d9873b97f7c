#pragma once
// The outputs of one run of nianbao parse, whatever they are: a list of record sinks
// (write/record_sink.hpp), each record written to every one in turn, and the files they write
// made under temporary names (write/output_file.hpp) that are put in place only when the run
// completes.
//
//   write::output_set outputs;
//   outputs.add(std::make_unique<write::json_lines_writer>(outputs.stream("out.jsonl"), opts));
//   outputs.add(std::make_unique<write::sqlite_writer>(outputs.file("all.sqlite"), db_opts));
//   for (...) outputs.write(record);
//   outputs.finish();                   // every sink finished, every file closed
//   if (!outputs.streams_written()) ... // a stream failed (disk full)
//   outputs.commit();                   // every file put in place
#include <fstream>
#include <list>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "write/output_file.hpp"
#include "write/record_sink.hpp"

namespace nianbao::write {

class output_set {
 public:
  // Where a text output goes: standard output for "-", else a temporary file beside
  // `destination`. Throws diagnostic_error (code "io") when it cannot be created.
  std::ostream& stream(const std::string& destination);
  // A temporary file beside `destination`, for a writer that opens its file itself (SQLite,
  // xlsx): its path. Throws diagnostic_error (code "io").
  const std::string& file(const std::string& destination);
  void add(std::unique_ptr<record_sink> sink);

  void write(const pipeline::record& r);
  // Finishes every sink (throws what they throw: diagnostic_error) and closes the files.
  void finish();
  // After finish(): whether every stream was written (not: disk full). Standard output is
  // checked for every command by the command line itself.
  bool streams_written() const noexcept { return streams_written_; }
  // Puts every file in place. Throws diagnostic_error (code "io").
  void commit();
  // `e` as it should be told: when it names one of the temporary files (a writer that failed
  // on it, a full disk), about that file's destination instead (write() and finish() throw
  // their sinks' errors so; a writer that writes `file()` itself calls this).
  diagnostic_error about_destination(const diagnostic_error& e) const;

 private:
  std::list<output_file> files_;     // list: their addresses stay
  std::list<std::ofstream> streams_;
  std::vector<std::unique_ptr<record_sink>> sinks_;
  bool streams_written_ = true;
};

}  // namespace nianbao::write
