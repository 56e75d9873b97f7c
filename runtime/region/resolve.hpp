#pragma once
// An agency's name resolved to the division it governs or belongs to, and what kind of body it
// is: "包头市石拐区" -> 内蒙古自治区 (15) / 包头市 (1502) / 石拐区 (150205), a people's government;
// "红寺堡区人民政府办公室" -> 宁夏回族自治区 / 吴忠市 / 红寺堡区 (640303), the government's office.
//
// The names are read from the agency's name: the longest division names that follow each other
// from the first one found ("包头市" then "石拐区"), each later one within the earlier ones.
// When the last names more than one division (two counties called 朝阳区), the other names of
// the report decide: the candidate whose province, prefecture or county the text names, if it
// is the only one named. Otherwise the agency stays unresolved with a warning listing the
// candidates: a code is never guessed.
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "region/divisions.hpp"

namespace nianbao::region {

enum class agency_kind {
  unknown,            // no agency name
  government,         // 人民政府 (or the division's name alone, as titles print it)
  government_office,  // 人民政府办公室 / 办公厅
  department,         // a department: 教育局, 住房和城乡建设局, ... (agency::department names it)
  township,           // 乡、镇人民政府
  street_office,      // 街道办事处
};

const char* to_string(agency_kind k) noexcept;  // "unknown", "government", "government-office", ...

struct agency {
  // The division, from the province down to the most specific one named; nullptr where not
  // named or not resolved (a county of a municipality has no prefecture).
  const division* province = nullptr;
  const division* prefecture = nullptr;
  const division* county = nullptr;
  const division* township = nullptr;
  agency_kind kind = agency_kind::unknown;
  std::string department;  // the department's name for kind department ("教育局"), else empty
  std::string named;       // the division names read from the agency ("包头市石拐区")
  // How the division was found: "agency" (its name alone), "agency+text" (the report's other
  // names decided between candidates), "" when unresolved.
  std::string basis;
  std::vector<std::string> candidates;  // the codes it could be, when left unresolved
  std::vector<diagnostic> warnings;     // ambiguous-division, no-division

  // The most specific division resolved, or nullptr.
  const division* most_specific() const noexcept {
    return township ? township : county ? county : prefecture ? prefecture : province;
  }
};

// Resolves `agency_name` (record.info.agency); `report_text` (the title and prose, may be empty)
// only decides between candidates. `file` names the report in warnings.
agency resolve_agency(const division_table& table, std::string_view agency_name, std::string_view report_text,
                      const std::string& file = {});

}  // namespace nianbao::region
