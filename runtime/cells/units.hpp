#pragma once
// Units a table cell may print after its number (`5件`, `5 件`, `1.5万元`): some authors write the
// unit of the column into every cell. Which unit a column counts in is the template's (件 for
// counts, 万元 for the fees: model::unit_of); here only the words and where a cell's unit is.
#include <string>
#include <string_view>

namespace nianbao::resolve {

// The unit a normalised cell text (normalize_label: NFKC, no spaces) ends with after something
// else, the longest known (`万元`, not `元`); "" when it ends with none. A view of static storage.
// The words (cells/units.cpp): counts 件 个 项 次 宗 条 份 起 户 家 人 人次; amounts 元 千元 万元 亿元.
std::string_view trailing_unit(std::string_view normalized);

// The unit printed after the number of a cell whose text is a number and a unit (`5件` → 件,
// `1.5 万元` → 万元); "" for a plain number or anything else.
std::string unit_printed(std::string_view raw);

}  // namespace nianbao::resolve
