#include "read/grid_builder.hpp"

#include <cstdint>
#include <utility>

namespace nianbao::read {

namespace {

bool ascii_space(std::string_view ch) {
  return ch.size() == 1 && (ch[0] == ' ' || ch[0] == '\t' || ch[0] == '\n' || ch[0] == '\r' || ch[0] == '\f');
}

}  // namespace

void text_sink::clear() {
  text.clear();
  marks.clear();
  pending_space = false;
  pending_plain = false;
  next_source = SIZE_MAX;
}

void text_sink::space() {
  if (!text.empty() && !pending_space) {
    pending_space = true;
    pending_source = next_source;
  }
  pending_plain = false;
}

void text_sink::put(std::string_view ch, std::size_t source) {
  if (ascii_space(ch)) {
    // A run of white space is one space; a single ' ' where the text follows its source keeps
    // it following on (no anchor).
    if (!pending_space) {
      pending_plain = ch[0] == ' ' && source == next_source;
      pending_space = !text.empty();
      pending_source = source;
    } else {
      pending_plain = false;
    }
    return;
  }
  const bool nbsp = ch == "\xC2\xA0";
  if (text.empty() && (nbsp || ch == "\xE3\x80\x80")) return;  // leading blanks
  if (pending_space) {
    if (!pending_plain) marks.push_back({text.size(), pending_source});
    text += ' ';
    next_source = pending_plain ? pending_source + 1 : SIZE_MAX;
    pending_space = false;
  }
  if (text.empty() || source != next_source) marks.push_back({text.size(), source});
  if (nbsp) text += ' ';
  else text.append(ch);
  next_source = source + ch.size();
}

void text_sink::trim_end() {
  for (;;) {
    if (!text.empty() && text.back() == ' ') text.pop_back();
    else if (text.size() >= 3 && text.compare(text.size() - 3, 3, "\xE3\x80\x80") == 0) text.resize(text.size() - 3);
    else break;
  }
  while (!marks.empty() && marks.back().offset >= text.size()) marks.pop_back();
}

grid_builder::grid_builder(document& out, std::function<origin(std::size_t)> origin_of_source)
    : out_(out), origin_(std::move(origin_of_source)) {}

void grid_builder::append(const text_sink& s, std::size_t empty_source) {
  const std::size_t base = out_.text.size();
  if (s.text.empty()) {
    out_.anchors.push_back({base, origin_(empty_source)});
    return;
  }
  for (const auto& m : s.marks) out_.anchors.push_back({base + m.offset, origin_(m.source)});
  out_.text += s.text;
}

void grid_builder::end_line() {
  sink_.trim_end();
  if (!sink_.text.empty()) {
    append(sink_, 0);
    out_.text += '\n';
  }
  sink_.clear();
}

void grid_builder::begin_table() {
  end_line();
  const auto& t = out_.text;
  if (!t.empty() && !(t.size() >= 2 && t[t.size() - 1] == '\n' && t[t.size() - 2] == '\n')) out_.text += '\n';
}

void grid_builder::begin_row() { first_cell_ = true; }

text_sink& grid_builder::begin_cell(std::size_t source) {
  if (!first_cell_) out_.text += '\t';
  first_cell_ = false;
  cell_source_ = source;
  sink_.clear();
  return sink_;
}

void grid_builder::end_cell() {
  sink_.trim_end();
  append(sink_, cell_source_);
  sink_.clear();
}

void grid_builder::covered_cell(std::size_t source) {
  if (!first_cell_) out_.text += '\t';
  first_cell_ = false;
  out_.covered.push_back(out_.text.size());
  out_.anchors.push_back({out_.text.size(), origin_(source)});
}

void grid_builder::end_row() { out_.text += '\n'; }

void grid_builder::end_table() { out_.text += '\n'; }

}  // namespace nianbao::read
