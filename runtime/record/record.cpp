#include "record/record.hpp"

namespace nianbao::pipeline {

const char* to_string(status s) noexcept {
  switch (s) {
    case status::parsed: return "parsed";
    case status::partial: return "partial";
    case status::failed: return "failed";
  }
  return "failed";
}

}  // namespace nianbao::pipeline
