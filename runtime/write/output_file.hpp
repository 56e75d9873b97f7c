#pragma once
// An output file (-o, --csv, --db) written beside its destination under a temporary name and
// renamed into place only when complete: an interrupted or failed run leaves the previous file
// as it was (and the temporary file, hidden: ".NAME.nianbao-XXXXXX"), and a run never writes
// through a path it must not replace. A destination that exists must be a regular file (a
// symbolic link is followed: its target is replaced) and must not be an input of the run.
#include <string>
#include <vector>

namespace nianbao::write {

// Throws nianbao::diagnostic_error (code "output", naming the destination and the option) when
// `destination` exists and is not a regular file (a device such as /dev/full, a directory, a
// FIFO, a socket), or is the same file as one of `inputs` (paths as named on the command line;
// "-" and paths that do not exist are no files). `option` names it in the message: "--db".
void check_destination(const std::string& destination, const std::string& option,
                       const std::vector<std::string>& inputs);

class output_file {
 public:
  // Creates the temporary file beside the destination (its folder must exist). Throws
  // diagnostic_error (code "io") when it cannot.
  explicit output_file(const std::string& destination);
  // Removes the temporary file when the output was not committed.
  ~output_file();
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  // Where to write: the temporary file (it exists, empty).
  const std::string& path() const noexcept { return temp_; }
  const std::string& destination() const noexcept { return destination_; }
  // The temporary file, written and closed by its writer, replaces the destination (with the
  // destination's permissions, or those of a new file). Throws diagnostic_error (code "io").
  void commit();

 private:
  std::string destination_;  // as named
  std::string target_;       // what is replaced: the destination, its link followed
  std::string temp_;
  bool committed_ = false;
};

}  // namespace nianbao::write
