#include "pipeline/document.hpp"

#include <algorithm>

#include "core/budget.hpp"
#include "core/utf8.hpp"
#include "decode/decode.hpp"
#include "read/doc.hpp"
#include "read/docx.hpp"
#include "read/pdf.hpp"
#include "read/html.hpp"
#include "read/spaced.hpp"

namespace nianbao::pipeline {

std::optional<diagnostic> document::read(std::string_view bytes) {
  const read::format kind = read::sniff(bytes);
  if (kind == read::format::text || kind == read::format::html) return std::nullopt;
  budget::stage("read");
  try {
    switch (kind) {
      case read::format::pdf: structured_ = read::read_pdf(bytes); break;
      case read::format::docx: structured_ = read::read_docx(bytes); break;
      case read::format::ole: structured_ = read::read_doc(bytes); break;
      default:
        return file_error(path_, "unsupported-format",
                          std::string("a ") + read::to_string(kind) + " file, which nianbao does not read yet");
    }
  } catch (const diagnostic_error& e) {
    auto d = e.diag();
    d.file = path_;
    return d;
  }
  budget::charge(structured_->text.size());
  // A Word document's positions are counted on from its anchors in the grid text
  // (read::document::position), which it keeps; a PDF's are its anchors' (page, line, cell).
  if (kind == read::format::docx || kind == read::format::ole) {
    text_ = structured_->text;
    budget::charge(text_.size());
  } else {
    text_ = std::move(structured_->text);
    structured_->text.clear();
  }
  encoding_ = read::to_string(structured_->kind);
  for (auto& w : structured_->problems) {
    w.file = path_;
    warnings_.push_back(std::move(w));
  }
  structured_->problems.clear();
  if (text_.find_first_not_of(" \t\n\r") == std::string::npos) return file_error(path_, "empty", "the input is empty");
  lines_.emplace(text_);
  return std::nullopt;
}

std::optional<diagnostic> document::decode(std::string_view bytes, const std::string& encoding) {
  // The input's bytes, and its decoded text before it is made (about as large: a huge input is
  // stopped before it is copied); corrected to the text's real size below.
  budget::charge(2 * bytes.size());
  decode::decoded decoded;
  try {
    decode::options opts;
    opts.encoding = encoding;
    decoded = decode::decode(bytes, opts);
  } catch (const diagnostic_error& e) {
    auto d = e.diag();
    d.file = path_;
    return d;
  }
  if (decoded.text.size() > bytes.size()) budget::charge(decoded.text.size() - bytes.size());
  else budget::release(bytes.size() - decoded.text.size());
  text_ = std::move(decoded.text);
  encoding_ = std::move(decoded.encoding);
  for (auto& w : decoded.warnings) {
    w.file = path_;
    warnings_.push_back(std::move(w));
  }
  if (text_.find_first_not_of(" \t\n\r") == std::string::npos) return file_error(path_, "empty", "the input is empty");
  lines_.emplace(text_);
  return std::nullopt;
}

void document::read_page(bool read_html, bool read_spaced) {
  if (structured_) return;
  if (read_html && read::looks_like_html(text_)) {
    budget::stage("html");
    page_ = read::read_html(text_);
  } else if (read_spaced && read::looks_space_aligned(text_)) {
    budget::stage("spaced");
    page_ = read::read_spaced(text_);
  } else {
    return;
  }
  page_lines_.emplace(page_->text);
  for (auto& d : page_->problems) {
    d.file = path_;
    page_problems_.push_back(std::move(d));
  }
  page_->problems.clear();
}

source_position document::position(std::size_t byte, bool on_page) const {
  if (!(on_page && page_)) return lines_->position(byte);
  auto where = page_lines_->position(byte);
  place_on_page(where);
  return where;
}

void document::place_on_page(source_position& where) const {
  if (!page_ || where.line == 0) return;
  const auto o = page_->position(where.byte);
  where.line = o.line;
  where.column = o.column;
  // The byte too, in the decoded text as the line and column are (the page's byte is no place
  // of the input: a value's raw text is found at its byte, fuzz_process's invariant).
  const auto line = lines_->line(o.line);
  if (line.data() == nullptr) return;
  std::size_t at = 0;
  for (std::size_t c = 1; c < o.column && at < line.size(); ++c) at += std::max<std::size_t>(1, utf8_sequence_length(line, at));
  where.byte = static_cast<std::size_t>(line.data() - text_.data()) + std::min(at, line.size());
}

void document::place(source_position& p) const {
  if (!structured_ || p.line == 0) return;
  const auto o = structured_->text.empty() ? structured_->origin_of(p.byte) : structured_->position(p.byte);
  if (o.line == 0) return;
  p.page = o.page;
  p.line = o.line;
  p.column = o.column;
}

}  // namespace nianbao::pipeline
