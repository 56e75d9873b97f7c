#include "read/pdf.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "read/columns.hpp"

namespace nianbao::read {

namespace {

// poppler keeps global state (its font tables, its error callback): one PDF at a time.
std::mutex& poppler_mutex() {
  static std::mutex m;
  return m;
}

// poppler's own complaints about the file, kept for the message of an error.
void keep_message(const std::string& message, void* closure) {
  auto* messages = static_cast<std::string*>(closure);
  if (messages->size() < 400) *messages += (messages->empty() ? "" : "; ") + message;
}

[[noreturn]] void fail(std::string code, std::string message) {
  throw diagnostic_error(file_error("", std::move(code), std::move(message)));
}

std::string utf8(const poppler::ustring& s) {
  const auto bytes = s.to_utf8();
  return utf8_or_replacement(std::string_view(bytes.data(), bytes.size()));
}

bool is_blank(char32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0 || c == '\t'; }

// One word's characters, split where a gap between two of them is as wide as a cell's gap: a
// word poppler ran across two cells (`规章0`).
void add_word(const poppler::text_box& box, std::size_t page, std::vector<columns::fragment>& out) {
  const std::string text = utf8(box.text());
  if (text.empty()) return;
  const auto r = box.bbox();
  double size = box.has_font_info() ? box.get_font_size() : 0;
  if (!(size > 0)) size = r.height();
  if (!(size > 0)) size = 1;
  columns::fragment f;
  f.page = page;
  f.em = size;
  f.height = size;
  f.vertical = box.rotation() == 1 || box.rotation() == 3;
  // Split at wide gaps between characters (only where the glyph boxes match the code points).
  const poppler::ustring u = box.text();
  std::vector<std::pair<std::size_t, std::size_t>> pieces;  // [begin, end) in UTF-16 units
  bool simple = !f.vertical;
  for (auto ch : u) simple = simple && (ch < 0xD800 || ch > 0xDFFF);
  if (simple && u.size() > 1) {
    std::size_t begin = 0;
    for (std::size_t i = 1; i < u.size(); ++i) {
      const auto a = box.char_bbox(i - 1), b = box.char_bbox(i);
      if (a.width() <= 0 || b.width() <= 0) {
        simple = false;
        break;
      }
      if (b.x() - (a.x() + a.width()) >= 0.9 * size) {
        pieces.emplace_back(begin, i);
        begin = i;
      }
    }
    pieces.emplace_back(begin, u.size());
  }
  if (!simple || pieces.size() <= 1) {
    f.text = text;
    f.x0 = r.x(), f.x1 = r.x() + r.width(), f.top = r.y(), f.bottom = r.y() + r.height();
    out.push_back(std::move(f));
    return;
  }
  for (const auto& [b, e] : pieces) {
    columns::fragment p = f;
    poppler::ustring part(e - b, 0);
    std::copy(u.begin() + static_cast<std::ptrdiff_t>(b), u.begin() + static_cast<std::ptrdiff_t>(e), part.begin());
    p.text = utf8(part);
    const auto first = box.char_bbox(b), last = box.char_bbox(e - 1);
    p.x0 = first.x(), p.x1 = last.x() + last.width();
    p.top = r.y(), p.bottom = r.y() + r.height();
    out.push_back(std::move(p));
  }
}

}  // namespace

document read_pdf(std::string_view bytes) {
  // A PDF ends with %%EOF (tools may add a line end or a few bytes of junk after it).
  const std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  if (tail.find("%%EOF") == std::string_view::npos)
    fail("pdf-truncated", "the PDF is cut short (" + std::to_string(bytes.size()) +
                              " bytes, no %%EOF at its end): download it again");
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) fail("pdf-damaged", "the PDF is too large for poppler");

  std::lock_guard<std::mutex> lock(poppler_mutex());
  std::string messages;
  poppler::set_debug_error_function(keep_message, &messages);
  struct restore {
    ~restore() { poppler::set_debug_error_function(keep_message, &sink); }
    std::string sink;  // after a PDF: poppler's messages go nowhere (never to stderr)
  } restore_after;
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf)
    fail("pdf-damaged", "the PDF cannot be opened" + (messages.empty() ? std::string() : " (poppler: " + messages + ")"));
  if (pdf->is_locked())
    fail("pdf-encrypted", "the PDF is encrypted and needs a password to open; decrypt it first (e.g. `qpdf "
                          "--password=PASSWORD --decrypt in.pdf out.pdf`)");

  const int pages = pdf->pages();
  std::vector<columns::fragment> fragments;
  std::vector<columns::page_box> boxes(static_cast<std::size_t>(std::max(pages, 0)));
  std::size_t characters = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    boxes[static_cast<std::size_t>(i)].height = page->page_rect().height();
    for (const auto& box : page->text_list(poppler::page::text_list_include_font)) {
      const auto before = fragments.size();
      add_word(box, static_cast<std::size_t>(i) + 1, fragments);
      for (auto k = before; k < fragments.size(); ++k)
        for (char c : fragments[k].text) characters += !is_blank(static_cast<unsigned char>(c)) && (c & 0xC0) != 0x80;
    }
  }
  if (characters == 0)
    fail("no-text-layer", "the PDF has no text layer (" + std::to_string(pages) + (pages == 1 ? " page" : " pages") +
                              ", scanned images): its text must be recognised by OCR first (e.g. `ocrmypdf in.pdf "
                              "out.pdf`)");
  document doc = columns::to_grid(std::move(fragments), boxes, format::pdf);
  doc.pages = static_cast<std::size_t>(pages);
  return doc;
}

}  // namespace nianbao::read
