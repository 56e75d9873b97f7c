#pragma once
#include <string_view>

#include "record/record.hpp"

namespace nianbao::pipeline {

// Title, agency and year from the report's title line ("包头市石拐区 2024 年政府信息公开工作年度报告").
report_info read_report_info(std::string_view text);

// The report year as the text prints it, for a report whose title gives none: the year printed
// most often as "2020年" or "2020 年" (1990-2099), the first of equals; 0 when none. Most often,
// because the first one may be another year's: 「根据2019年修订的《条例》」 opens many a 2022 report.
int year_hint(std::string_view text);

}  // namespace nianbao::pipeline
