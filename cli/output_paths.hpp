#pragma once
// The output files a command is asked to write (-o, --csv, --db, --xlsx), checked before any
// input is read or any output made: parse and compare share this (issue 24, defect 2).
#include <string>
#include <utility>
#include <vector>

namespace nianbao::cli {

// Throws diagnostic_error (code "output"; exit 2, nothing written) when an output path
//   - exists and is not a regular file (/dev/full, a directory, a FIFO): write::check_destination;
//   - is an input of the run: a file named as input (write::check_destination), or a file that
//     the walk of an input directory reads (its name a report's, or an archive by content, or
//     any file with --all-files), by identity, so a link to it counts too;
//   - is named by two options.
// `outputs`: (option, path) pairs as the options name them; an empty path is no output (standard
// output, or not asked for).
void check_output_paths(const std::vector<std::pair<std::string, std::string>>& outputs,
                        const std::vector<std::string>& inputs, bool all_files);

}  // namespace nianbao::cli
