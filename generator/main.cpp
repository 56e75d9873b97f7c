// nianbao-peg2pegtl --name IDENT --input FILE.peg --output FILE.hpp
// Turns a grammar in PEG notation into a PEGTL header (see README.md). Exit status 0 on success,
// 1 with a diagnostic on stderr (and nothing written) on any error, bad usage included.
#include <iostream>
#include <map>
#include <string>

#include "core/diagnostic.hpp"
#include "peg_generator.hpp"

namespace {

constexpr const char* usage =
    "usage: nianbao-peg2pegtl --name IDENT --input FILE.peg --output FILE.hpp\n"
    "  Writes the PEGTL header for the PEG grammar FILE.peg, in namespace\n"
    "  nianbao::grammars::IDENT. The output is rewritten only when its content changes.\n";

// "--name X --input Y --output Z" (also "--name=X"); every option once, all three required.
bool parse_arguments(int argc, char** argv, std::map<std::string, std::string>& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return false;
    }
    if (arg != "--name" && arg != "--input" && arg != "--output") return false;
    if (!options.emplace(arg, value).second) return false;
  }
  return options.size() == 3;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << usage;
      return 0;
    }
  }
  std::map<std::string, std::string> options;
  if (!parse_arguments(argc, argv, options)) {
    std::cerr << "nianbao-peg2pegtl: error: bad arguments\n" << usage;
    return 1;
  }
  namespace gen = nianbao::generator;
  try {
    const std::string& input = options["--input"];
    const std::string header = gen::generate_header(gen::read_text_file(input), input, options["--name"]);
    gen::write_file_if_changed(options["--output"], header);
  } catch (const nianbao::diagnostic_error& e) {
    std::cerr << e.diag().format() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "nianbao-peg2pegtl: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
