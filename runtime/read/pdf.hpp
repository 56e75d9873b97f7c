#pragma once
// A PDF's text layer, read through poppler's C++ API (poppler-cpp): each page's words with
// their boxes (page::text_list), turned into grid text by the geometry of read/columns.hpp.
// Origins: page, the text line on the page (1-based, top to bottom), the cell on that line
// (1-based; a table row's value columns counted after its label cells).
#include <string_view>

#include "read/document.hpp"

namespace nianbao::read {

// Throws diagnostic_error (no file set) when the PDF cannot be read for its text:
//   "pdf-damaged"    poppler cannot open it (broken cross-reference table, not a PDF);
//   "pdf-truncated"  the file is cut short (no %%EOF at its end);
//   "pdf-encrypted"  it needs a password to open;
//   "no-text-layer"  no page has text (scanned images): it needs OCR first.
document read_pdf(std::string_view bytes);

}  // namespace nianbao::read
