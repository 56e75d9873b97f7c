#pragma once
// Label normalisation: the same label printed by different tools must compare equal.
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text.hpp"

namespace nianbao::resolve {

// What normalize_label remembers for the worker that installed it (worker_slot<label_memo>,
// pipeline/worker_state.hpp): every profile's resolver normalises the same lines, and labels
// recur from report to report. Up to a few megabytes, then it starts afresh. Its keys are views
// of the texts it keeps (a deque never moves them): a lookup makes no string.
struct label_memo {
  std::unordered_map<std::string_view, std::string, quick_hasher> normalized;
  std::deque<std::string> texts;
  std::size_t bytes = 0;
};

// NFKC (full-width -> half-width: （一）->(一), ：->:, ０->0, U+3000 -> space), then every
// white space removed, quotes and markup characters (* | #) dropped, ASCII lower-cased, and
// Traditional characters made Simplified (script_variants.hpp: 規範性文件 -> 规范性文件, 無 -> 无).
std::string normalize_label(std::string_view text);
// The same, not remembered (normalize_label remembers the labels it normalised in the worker's
// label_memo, when one is installed): for a long
// text read once.
std::string normalize_text(std::string_view text);
// The same into `out` (its storage reused: no allocation per cell as the cells are read).
void normalize_label_into(std::string_view text, std::string& out);

// A normalised label as labels are matched: the punctuation inside it dropped, as authors print
// 、 , ， ; : 。 . ! ? as they please ("逾期不补正, 行政机关" for "逾期不补正、行政机关", "(单位:万元)"
// for "(单位：万元)"). Kept: a '.' or '、' right after a digit or a Chinese numeral (numbering:
// "1.", "二、"), and a ',' or '.' between digits (a number). In place; idempotent.
void fold_punctuation(std::string& normalized);
// fold_punctuation(normalize_label(text)): what a printed label and the model's labels are
// compared as.
std::string label_form(std::string_view text);

// Leading numbering removed from an already normalised label, repeatedly:
// "三、", "(一)", "1.", "1、", "(1)".  "三、本年度办理结果" -> "本年度办理结果".
std::string_view strip_numbering(std::string_view normalized);

// Number of code points in UTF-8 text.
std::size_t code_points(std::string_view utf8);
// The same, counted no further than `cap`: min(code_points(utf8), cap), in O(cap) for long text.
std::size_t code_points(std::string_view utf8, std::size_t cap);

}  // namespace nianbao::resolve
