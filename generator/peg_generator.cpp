#include "peg_generator.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include "core/diagnostic.hpp"
#include "cpp_names.hpp"
#include "peg_reader.hpp"
#include "pegtl_writer.hpp"

namespace nianbao::generator {

namespace {

[[noreturn]] void fail(const std::string& file, std::string message) {
  diagnostic d;
  d.file = file;
  d.message = std::move(message);
  throw diagnostic_error(std::move(d));
}

}  // namespace

std::string generate_header(std::string_view peg_text, const std::string& file, const std::string& ident) {
  if (!is_cpp_identifier(ident) || is_reserved_identifier(ident)) {
    fail(file, "grammar name '" + ident + "' is not a usable C++ identifier");
  }
  return write_pegtl_header(read_peg(peg_text, file), file, ident);
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path.string(), "cannot open the file for reading");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(path.string(), "cannot read the file");
  return text;
}

bool write_file_if_changed(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    std::ifstream old(path, std::ios::binary);
    const std::string current((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>());
    if (old.is_open() && current == content) return false;
  }
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary, ec);
      fail(path.string(), "cannot write the file");
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    fail(path.string(), "cannot replace the file: " + ec.message());
  }
  return true;
}

}  // namespace nianbao::generator
