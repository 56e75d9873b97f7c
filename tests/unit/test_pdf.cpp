#define BOOST_TEST_MODULE pdf
#include <boost/test/unit_test.hpp>

// PDFs through the whole pipeline (read/pdf.cpp, the `grid` profile): the real report in
// tests/corpus/pdf/ gives exactly the values read from it by hand (its NAME.values.json), with
// page, line and column as provenance; bad PDFs (scanned, encrypted, cut short) give one record
// with one exact error each, and the inputs around them come out as ever.

#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "read/document.hpp"
#include "read/pdf.hpp"
#include "test_support.hpp"
#include "write/json_writer.hpp"

using namespace nianbao;
using json = nlohmann::ordered_json;

namespace {

const std::string kReal = "tests/corpus/pdf/hongze-district-2023";

std::string source(const std::string& relative) { return test::read_file(test::source_path(relative)); }

const pipeline::context& context() { return test::shared_context(); }

// Each value a NAME.values.json lists is read exactly; every other key of its template is null.
void check_values(const pipeline::record& r, const json& listed) {
  BOOST_REQUIRE(r.model);
  BOOST_TEST(r.model->id == listed["template"].get<std::string>());
  const json values = nianbao::test::json_of(r)["values"];
  std::size_t checked = 0;
  for (const auto& [key, v] : values.items()) {
    BOOST_TEST_CONTEXT("key " << key) {
      if (listed["values"].contains(key)) {
        BOOST_TEST(v == listed["values"][key]);
        ++checked;
      } else {
        BOOST_TEST(v.is_null());
      }
    }
  }
  BOOST_TEST(checked == listed["values"].size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_real_pdf_gives_exactly_the_values_read_from_it_by_hand) {
  const auto listed = json::parse(source(kReal + ".values.json"));
  const auto r = context().process(source(kReal + ".pdf"), "hongze.pdf");
  BOOST_TEST(r.errors.empty());
  BOOST_TEST(r.encoding == "pdf");
  check_values(r, listed);
  BOOST_TEST(r.table_profiles == (std::vector<std::string>{"grid", "grid", "grid"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_value_of_a_pdf_says_its_page_line_and_column) {
  const auto r = context().process(source(kReal + ".pdf"), "hongze.pdf");
  const auto at = [&](const std::string& key) {
    const auto& keys = r.model->keys;
    const auto it = std::find(keys.begin(), keys.end(), key);
    BOOST_REQUIRE(it != keys.end());
    return r.values[static_cast<std::size_t>(it - keys.begin())].where;
  };
  // Page 3: table 3's first row is the page's 17th text line (below table 2's last two tables,
  // the heading and the six lines of the column headers); its natural-person value is the
  // row's second cell (the label first), its total the eighth.
  BOOST_TEST(at("requests.new.natural_person").page == 3u);
  BOOST_TEST(at("requests.new.natural_person").line == 17u);
  BOOST_TEST(at("requests.new.natural_person").column == 2u);
  BOOST_TEST(at("requests.new.total").column == 8u);
  // Page 4 (the table goes on across the page break): 四、结转下年度继续办理.
  BOOST_TEST(at("requests.carried_forward.total").page == 4u);
  // Table 2 on page 2, table 4 on page 4.
  BOOST_TEST(at("active.regulations.issued").page == 2u);
  BOOST_TEST(at("review.reconsideration.upheld").page == 4u);
  // --provenance shows the page.
  write::json_options opts;
  opts.provenance = true;
  const json j = nianbao::test::json_of(r, opts);
  BOOST_TEST(j["provenance"]["requests.new.natural_person"]["page"] == 3);
  BOOST_TEST(j["provenance"]["requests.new.natural_person"]["line"] == 17);
  BOOST_TEST(j["provenance"]["requests.new.natural_person"]["column"] == 2);
  BOOST_TEST(j["provenance"]["requests.new.natural_person"]["profile"] == "grid");
}

BOOST_AUTO_TEST_CASE(bad_pdfs_give_one_record_with_one_clear_error_and_the_run_goes_on) {
  const std::string good = test::seed("004_123f89bb2f6c6569.txt");
  const json good_expected = json::parse(test::seed("004_123f89bb2f6c6569.expected.json"));
  const auto& cx = context();
  test::check_parsed_as(cx.process(good, "before.txt"), "before.txt", good_expected);
  test::check_failed(cx.process(source("tests/pdf/scanned.pdf"), "scanned.pdf"), "scanned.pdf", "no-text-layer",
                     "the PDF has no text layer (2 pages, scanned images): its text must be recognised by OCR first "
                     "(e.g. `ocrmypdf in.pdf out.pdf`)");
  test::check_failed(cx.process(source("tests/pdf/encrypted.pdf"), "encrypted.pdf"), "encrypted.pdf", "pdf-encrypted",
                     "the PDF is encrypted and needs a password to open; decrypt it first (e.g. `qpdf "
                     "--password=PASSWORD --decrypt in.pdf out.pdf`)");
  const std::string truncated = source("tests/pdf/truncated.pdf");
  test::check_failed(cx.process(truncated, "truncated.pdf"), "truncated.pdf", "pdf-truncated",
                     "the PDF is cut short (" + std::to_string(truncated.size()) +
                         " bytes, no %%EOF at its end): download it again");
  // Not a PDF past its header: poppler cannot open it.
  const auto damaged = cx.process("%PDF-1.7\nnothing of a PDF here\n%%EOF\n", "damaged.pdf");
  BOOST_REQUIRE_EQUAL(damaged.errors.size(), 1u);
  BOOST_TEST(damaged.errors[0].code == "pdf-damaged");
  BOOST_TEST(damaged.errors[0].message.rfind("the PDF cannot be opened", 0) == 0u, damaged.errors[0].message);
  // A legacy Word/WPS file is read by read/doc.hpp: a compound file's bare header is a damaged one.
  test::check_failed(cx.process(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'), "old.doc"),
                     "old.doc", "doc-damaged",
                     "a damaged Word document: its OLE compound file is broken or cut short (Unreasonable block sizes)");
  test::check_parsed_as(cx.process(good, "after.txt"), "after.txt", good_expected);
}

// The fixtures made from text reports (scripts/fixtures/make_pdf_fixtures.py: their tables as
// published, printed by Chromium at two page sizes): each gives exactly the values of the text
// it came from.
BOOST_AUTO_TEST_CASE(each_fixture_gives_the_values_of_the_text_it_came_from) {
  const auto fixtures = json::parse(source("tests/pdf/fixtures.json"));
  BOOST_TEST(fixtures.size() >= 10u);
  for (const auto& [pdf, text_expected] : fixtures.items()) {
    BOOST_TEST_CONTEXT("fixture " << pdf) {
      const auto expected = json::parse(source(text_expected.get<std::string>()));
      const auto r = context().process(source(pdf), pdf);
      BOOST_TEST(r.errors.empty());
      BOOST_TEST(r.model->id == expected["template"].get<std::string>());
      const json values = nianbao::test::json_of(r)["values"];
      for (const auto& [key, v] : expected["values"].items())
        BOOST_TEST_CONTEXT("key " << key) { BOOST_TEST(values[key] == v); }
    }
  }
}
