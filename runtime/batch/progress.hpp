#pragma once
// The progress line of a run over many inputs (nianbao parse on a terminal):
//   nianbao: 120/1000 records (12%), 45.2 reports/s, 19 s left, 0 failed so far
// and, while the inputs are still being counted or cannot be (standard input):
//   nianbao: 120 records, 45.2 reports/s, 0 failed so far
#include <cstddef>
#include <optional>
#include <string>

namespace nianbao::input {

// `total`: the records the run will give, when known. The time left is the records still to
// come at the rate so far.
std::string progress_line(std::size_t done, std::optional<std::size_t> total, std::size_t failed, double seconds);

// "19 s", "3 min 05 s", "2 h 03 min": a duration for a person.
std::string format_duration(double seconds);

}  // namespace nianbao::input
