#pragma once
// One input as the stages read it: its text (decoded), where its lines begin, and the structure a
// format reader found in it (an HTML page, read by runtime/read into grid text). Which text a
// profile reads is answered here (text_for): a profile reading HTML reads the page's grid text,
// every other the decoded text.
//
// A document is made in steps, each the pipeline's (context::run): read, then (a text) decode and
// read_page. A file of a structured format (read::sniff, by content: DOCX) is read by its
// structure (runtime/read) into grid text, which is then the document's text instead of decode's:
// its "page", read only by the profiles whose `formats` name its format (profiles/grid.toml).
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

  // read: the input's bytes read by their structure when they are a structured format (by
  // content): a DOCX into its grid text (format() "docx"); a legacy .doc/.wps (an OLE compound
  // file) is an error naming the command that converts it, as is a DOCX that cannot be read.
  // Returns that error; a text (format() "text") is left to decode.
  std::optional<diagnostic> read(std::string_view bytes);
  // Whether read() read the input by its structure (then its text is the grid text, not decoded).
  bool structured() const noexcept { return format_ != "text"; }
  const std::string& format() const noexcept { return format_; }
  // decode: the input's bytes as UTF-8 text, in `encoding` (empty: detected), and decode's
  // warnings, each given the document's path. Returns the error that leaves the input unread (an
  // unknown encoding, binary content, an empty text), if any.
  std::optional<diagnostic> decode(std::string_view bytes, const std::string& encoding);
  // The HTML page of a text that looks like one, when `read_html` (some profile reads HTML): its
  // grid text (read/html.hpp: every table cell, blank ones too) and its problems of structure
  // (given the document's path, kept in page_problems()).
  void read_page(bool read_html);

  const std::string& path() const noexcept { return path_; }
  const std::string& encoding() const noexcept { return encoding_; }
  std::string_view text() const noexcept { return text_; }  // decoded
  const line_index& lines() const { return *lines_; }       // of the decoded text
  // Of the page's grid text (`on_page`, when there is a page) or of the decoded text.
  const line_index& lines(bool on_page) const { return on_page && page_ ? *page_lines_ : *lines_; }
  const read::document* page() const noexcept { return page_ ? &*page_ : nullptr; }
  std::vector<diagnostic>& warnings() noexcept { return warnings_; }  // decode's
  std::vector<diagnostic>& page_problems() noexcept { return page_problems_; }

  // Whether a profile can read this document: one whose `formats` name its format; of a text,
  // one reading HTML only a page.
  bool readable_by(const profile::profile& p) const {
    return profile::reads_format(p, format_) && (structured() || !p.markup_html || page_);
  }
  // Whether a profile reads the page's grid text: a structured document's, or an HTML page's
  // (the profile reads HTML).
  bool on_page(const profile::profile& p) const noexcept { return page_ && (structured() || p.markup_html); }
  // Which text a profile reads: the page's grid text for a profile reading HTML, else the decoded text.
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

 private:
  std::string path_;
  std::string encoding_;
  std::string format_ = "text";
  std::string text_;
  std::optional<line_index> lines_;
  std::optional<read::document> page_;
  std::optional<line_index> page_lines_;  // of page_->text
  std::vector<diagnostic> warnings_;
  std::vector<diagnostic> page_problems_;
};

}  // namespace nianbao::pipeline
