#include "pipeline/document.hpp"

#include "core/budget.hpp"
#include "decode/decode.hpp"
#include "read/docx.hpp"
#include "read/html.hpp"

namespace nianbao::pipeline {

std::optional<diagnostic> document::read(std::string_view bytes) {
  const auto kind = read::sniff(bytes);
  if (kind == read::format::ole)
    return file_error(path_, "ole-document",
                      "a legacy Word (.doc) or WPS (.wps) document (an OLE compound file), which nianbao does not "
                      "read: convert it to DOCX first with `libreoffice --headless --convert-to docx FILE`");
  if (kind != read::format::docx) return std::nullopt;
  budget::stage("read");
  try {
    page_ = read::read_docx(bytes);
  } catch (const diagnostic_error& e) {
    auto d = e.diag();
    d.file = path_;
    return d;
  }
  format_ = read::to_string(kind);
  encoding_ = format_;
  for (auto& d : page_->problems) {
    d.file = path_;
    page_problems_.push_back(std::move(d));
  }
  page_->problems.clear();
  // The grid text is the document's text (the title, the identity, the year are read from it).
  text_ = page_->text;
  budget::charge(text_.size());
  if (text_.find_first_not_of(" \t\n\r") == std::string::npos) return file_error(path_, "empty", "the document has no text");
  lines_.emplace(text_);
  page_lines_.emplace(page_->text);
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

void document::read_page(bool read_html) {
  if (structured() || !read_html || !read::looks_like_html(text_)) return;
  budget::stage("html");
  page_ = read::read_html(text_);
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
}

}  // namespace nianbao::pipeline
