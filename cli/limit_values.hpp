#pragma once
// Validators of the limit options' values (--time-limit, --memory-limit, --max-size,
// --max-ratio). Issue 24: `nan`, `inf` or a negative number is a usage error (exit 2, once), not
// silently no limit: CLI11's NonNegativeNumber and PositiveNumber let nan through (nan < 0 is
// false), and AsSizeValue reads "-1" as the largest size.
#include <CLI/CLI.hpp>

namespace nianbao::cli {

// Seconds: a finite number, 0 or more (0 = no limit).
CLI::Validator non_negative_seconds();

// The text of a size as AsSizeValue reads it (512MiB, 64KiB, 1000000): not negative, not nan or
// inf. Add it with transform() after AsSizeValue's: CLI11 runs the transform added last first,
// so it sees the text as typed.
CLI::Validator non_negative_size();

// A ratio: a finite number greater than 0.
CLI::Validator positive_ratio();

}  // namespace nianbao::cli
