#pragma once
// One input as the stages read it: its text (decoded), where its lines begin, and the structure a
// format reader found in it (an HTML page, read by runtime/read into grid text). Which text a
// profile reads is answered here (text_for): a profile reading HTML reads the page's grid text,
// every other the decoded text.
//
// A document is made in steps, each the pipeline's (context::run): read, decode, then read_page.
// A structured format (read::sniff, by content: a PDF) is read by its structure (runtime/read)
// into grid text, which is then the document's text instead of a decoded one; positions in it
// are placed back in the file (page, line, column) by `place`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/line_index.hpp"
#include "profile/profile.hpp"
#include "read/document.hpp"

namespace nianbao::pipeline {

class document {
 public:
  explicit document(std::string path) : path_(std::move(path)) {}
  // Views into the text (the line index, the readings) must stay valid: a document is not moved.
  document(const document&) = delete;
  document& operator=(const document&) = delete;

  // read: an input whose bytes are a structured format read into its grid text (and the
  // reader's problems of structure as warnings). Returns the error that leaves it unread (a
  // damaged, encrypted or scanned PDF, a legacy Word file). Nothing to do for a text input.
  std::optional<diagnostic> read(std::string_view bytes);
  // Whether `read` gave the text (decode is then skipped).
  bool structured() const noexcept { return structured_.has_value(); }
  // Grid cells of a structured input that are no cells of the file (read::document::covered: a
  // DOCX's merged cells), or null; and whether its cut leaves them and its empty lines out
  // (layout::grid_cells; a DOCX's, as an HTML page's).
  const std::vector<std::size_t>* covered() const noexcept {
    return structured_ && (structured_->kind == read::format::docx || structured_->kind == read::format::doc)
               ? &structured_->covered
               : nullptr;
  }
  // read -> decode: the input's bytes as UTF-8 text, in `encoding` (empty: detected), and decode's
  // warnings, each given the document's path. Returns the error that leaves the input unread (an
  // unknown encoding, binary content, an empty text), if any.
  std::optional<diagnostic> decode(std::string_view bytes, const std::string& encoding);
  // The HTML page of a text that looks like one, when `read_html` (some profile reads HTML): its
  // grid text (read/html.hpp: every table cell, blank ones too) and its problems of structure
  // (given the document's path, kept in page_problems()). Else, when `read_spaced` (some profile
  // reads "spaced"), the grid text of a text that looks laid out with spaces (read/spaced.hpp).
  void read_page(bool read_html, bool read_spaced);

  const std::string& path() const noexcept { return path_; }
  const std::string& encoding() const noexcept { return encoding_; }
  std::string_view text() const noexcept { return text_; }  // decoded
  const line_index& lines() const { return *lines_; }       // of the decoded text
  // Of the page's grid text (`on_page`, when there is a page) or of the decoded text.
  const line_index& lines(bool on_page) const { return on_page && page_ ? *page_lines_ : *lines_; }
  const read::document* page() const noexcept { return page_ ? &*page_ : nullptr; }
  std::vector<diagnostic>& warnings() noexcept { return warnings_; }  // decode's
  std::vector<diagnostic>& page_problems() noexcept { return page_problems_; }

  // The input's format as profiles name it in `formats`: "text", or the structured format read.
  std::string_view format() const noexcept { return structured_ ? read::to_string(structured_->kind) : "text"; }
  // Whether a profile can read this document: one of its formats; one reading HTML only an HTML
  // page; one reading "spaced" also a text read by its columns.
  bool readable_by(const profile::profile& p) const noexcept {
    if (p.markup_html) return page_ && page_->kind == read::format::html && profile::reads_format(p, format());
    return profile::reads_format(p, format()) || on_page(p);
  }
  // Whether a profile reads the page's grid text: it reads HTML and there is an HTML page, or it
  // reads "spaced" and the text was read by its columns.
  bool on_page(const profile::profile& p) const noexcept {
    if (!page_) return false;
    return page_->kind == read::format::html ? p.markup_html
                                             : !p.markup_html && profile::reads_format(p, "spaced");
  }
  // Which text a profile reads: the page's grid text for a profile reading HTML, else the document's
  // text (decoded, or a structured file's grid text).
  std::string_view text_for(const profile::profile& p) const noexcept { return text(on_page(p)); }
  // The page's text (`on_page`, when there is a page) or the decoded text.
  std::string_view text(bool on_page) const noexcept {
    return on_page && page_ ? std::string_view(page_->text) : std::string_view(text_);
  }
  // Where a byte of the page's grid text (`on_page`) or of the decoded text is, as line and column
  // of the input; the byte stays the text's (the stages after resolve compare positions by byte).
  source_position position(std::size_t byte, bool on_page) const;
  // A position found in the page's grid text (line and column of the grid) placed on the page.
  void place_on_page(source_position& where) const;
  // A position in the grid text of a structured input, placed where its text is in the file
  // (page, line and column; the byte offset into the grid text kept). Unchanged for a text.
  void place(source_position& p) const;

 private:
  std::string path_;
  std::string encoding_;
  std::string text_;
  std::optional<line_index> lines_;
  std::optional<read::document> page_;
  std::optional<line_index> page_lines_;  // of page_->text
  std::optional<read::document> structured_;  // without its text (moved into text_), but a DOCX's
  std::vector<diagnostic> warnings_;
  std::vector<diagnostic> page_problems_;
};

}  // namespace nianbao::pipeline
