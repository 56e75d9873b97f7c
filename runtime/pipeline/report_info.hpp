#pragma once
#include <string_view>

#include "pipeline/record.hpp"

namespace nianbao::pipeline {

// Title, agency and year from the report's title line ("包头市石拐区 2024 年政府信息公开工作年度报告").
report_info read_report_info(std::string_view text);

}  // namespace nianbao::pipeline
