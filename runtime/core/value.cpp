#include "core/value.hpp"

namespace nianbao {

const char* to_string(cell_kind k) noexcept {
  switch (k) {
    case cell_kind::missing: return "missing";
    case cell_kind::number: return "number";
    case cell_kind::placeholder: return "placeholder";
    case cell_kind::empty: return "empty";
    case cell_kind::text: return "text";
  }
  return "missing";
}

}  // namespace nianbao
