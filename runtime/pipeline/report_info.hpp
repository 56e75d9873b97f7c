#pragma once
#include <string_view>

#include "record/record.hpp"

namespace nianbao::pipeline {

// Title, agency and year where the report states them (report_info.cpp), in order of trust: the
// title line ("包头市石拐区 2024 年政府信息公开工作年度报告") or a sentence naming the report
// (「现公布区统计局2023年政府信息公开工作年度报告」); the statistics period
// (「统计期限自2023年1月1日起至2023年12月31日止」: 2023); the file or archive member `name` (a
// title in it); the year 一、总体情况 opens with (「2019年,我局…」); a page header's short title
// (「2020年报_审计局」); a year of its own in the name ("report_2023"); the publishing date of a web page in the first
// months of the next year (「发布时间:2021-01-25」: 2020). What none states stays empty (year 0).
report_info read_report_info(std::string_view text, std::string_view name = {});

// The report year as the text prints it, for a report whose title gives none: the year printed
// most often as "2020年" or "2020 年" (1990-2099), the first of equals; 0 when none. Most often,
// because the first one may be another year's: 「根据2019年修订的《条例》」 opens many a 2022 report.
int year_hint(std::string_view text);

}  // namespace nianbao::pipeline
