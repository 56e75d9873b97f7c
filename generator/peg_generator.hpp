#pragma once
// nianbao-peg2pegtl as a library: a grammar in PEG notation in, a PEGTL header out.
#include <filesystem>
#include <string>
#include <string_view>

namespace nianbao::generator {

// The PEGTL header for the grammar `peg_text` read from `file` (the path is used in messages and
// in the header's first comment line), in namespace nianbao::grammars::<ident>.
// Throws nianbao::diagnostic_error for a bad grammar ("file:line:column: error: ..." with columns
// in code points) or an `ident` that is not a usable C++ identifier.
std::string generate_header(std::string_view peg_text, const std::string& file, const std::string& ident);

// The bytes of a file. Throws nianbao::diagnostic_error when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

// Writes `content` to `path` unless the file already holds exactly that, so an unchanged grammar
// does not make everything that includes the header rebuild. Writes to a temporary file first
// and renames it, so a failed write never leaves a half header behind.
// Returns whether the file was written. Throws nianbao::diagnostic_error on I/O errors.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content);

}  // namespace nianbao::generator
