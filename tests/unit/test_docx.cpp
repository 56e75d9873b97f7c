// Word documents (read/docx.hpp, profiles/grid.toml): the grid text of word/document.xml (w:tbl
// rows and cells, w:gridSpan and w:vMerge as covered cells, blank cells empty, w:br in a cell a
// space, paragraphs outside tables as lines) with each piece's paragraph and column, the DOCX
// renderings of tests/corpus/docx read to exactly the values of the texts they came from, blank
// cells read as empty cells (never 0, never shifted), a .docx kept as one report by the input
// stage, and bad files (a broken zip, no word/document.xml, XML that is not well-formed, a
// .doc that is a compound file's bare header) each one record with a clear error while the rest
// of the run goes on.
#define BOOST_TEST_MODULE docx
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

#include "batch/process.hpp"
#include "corpus/corpus.hpp"
#include "input/input.hpp"
#include "read/docx.hpp"
#include "grid_rows.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace nianbao;
using namespace nianbao::test;

namespace {

const fs::path kSource = NIANBAO_SOURCE_DIR;
const fs::path kDocxCorpus = kSource / "tests/corpus/docx";
const fs::path kBad = kSource / "tests/unit/data/docx";

// A .docx holding `body` (the content of w:body) as word/document.xml.
std::string docx(const std::string& body) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" +
      body + "</w:body></w:document>";
  return make_archive(archive_kind::zip, {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", xml}});
}

std::string p(const std::string& text) { return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>"; }
// A cell: its properties (`pr`, inside w:tcPr) and content (paragraphs).
std::string tc(const std::string& content, const std::string& pr = "") {
  return "<w:tc>" + (pr.empty() ? "" : "<w:tcPr>" + pr + "</w:tcPr>") + (content.empty() ? "<w:p/>" : content) + "</w:tc>";
}
std::string grid_span(int n) { return "<w:gridSpan w:val=\"" + std::to_string(n) + "\"/>"; }
const std::string restart = "<w:vMerge w:val=\"restart\"/>", merged = "<w:vMerge/>";

// "severity code: message" of a record's errors.
std::vector<std::string> errors_of(const pipeline::record& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(std::string(to_string(e.severity)) + " " + e.code + ": " + e.message);
  return out;
}

// Every value of `got` equals the one of `want`, key by key: kind, number, printed as integer.
void same_values(const pipeline::record& got, const pipeline::record& want) {
  BOOST_REQUIRE(got.model && want.model);
  BOOST_TEST(got.model->id == want.model->id);
  BOOST_REQUIRE(got.values.size() == want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    const auto& key = want.model->keys[i];
    BOOST_TEST((got.values[i].kind == want.values[i].kind), key << ": " << to_string(got.values[i].kind) << " vs "
                                                                 << to_string(want.values[i].kind));
    BOOST_TEST(got.values[i].number == want.values[i].number, key);
    BOOST_TEST(got.values[i].integral == want.values[i].integral, key);
  }
}

// The text (or page) a fixture of tests/corpus/docx was made from (scripts/fixtures/make_docx_fixtures.py):
// NNN-word.docx from the seed NNN, a blank variant from the HTML page of tests/corpus/html-blank
// that leaves the same cells blank.
fs::path source_of(const std::string& stem) {
  if (stem.find("-blank-") != std::string::npos) return kSource / "tests/corpus/html-blank" / (stem + ".html");
  for (const auto& e : fs::directory_iterator(kSource / "tests/corpus/seeds"))
    if (e.path().extension() == ".txt" && e.path().filename().string().compare(0, 3, stem.substr(0, 3)) == 0)
      return e.path();
  BOOST_FAIL("no source for " << stem);
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The grid text of a Word document

BOOST_AUTO_TEST_CASE(tables_are_grids_with_every_cell_and_paragraphs_are_lines) {
  const auto bytes = docx(
      p("二、主动公开政府信息情况") +
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      // Row 1: a label merged down two rows and one spanning two columns, a blank cell, digits in two runs.
      "<w:tr>" + tc(p("三、本年度办理结果"), restart) + tc(p("（一）予以公开"), grid_span(2)) + tc(p("5")) +
      tc("<w:p><w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p>") + "</w:tr>"
      // Row 2: the merge continued; a line break inside a label; an empty cell; the row one cell short.
      "<w:tr>" + tc("", merged) +
      tc("<w:p><w:r><w:t>（二）部分公开</w:t><w:br/><w:t>（区分处理的）</w:t></w:r></w:p>", grid_span(2)) + tc("") +
      "</w:tr>"
      // Row 3: a column skipped before the cells (w:gridBefore); two paragraphs in a cell.
      "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + tc(p("（三）") + p("不予公开")) + tc(p("")) +
      tc(p(" 7 ")) + tc(p("0")) + "</w:tr>"
      "</w:tbl>" +
      p("五、存在的主要问题及改进情况") +
      // A line break outside tables ends the line; a page break does not; deleted text is not read.
      "<w:p><w:r><w:t>一是加强培训</w:t><w:br/><w:t>二是</w:t><w:br w:type=\"page\"/><w:t>改进</w:t></w:r>"
      "<w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:ins><w:r><w:t>工作</w:t></w:r></w:ins></w:p>");
  const auto doc = read::read_docx(bytes);
  BOOST_TEST((doc.kind == read::format::docx));
  BOOST_TEST(grid_rows(doc) ==
                 (rows{"二、主动公开政府信息情况", "", "三、本年度办理结果|（一）予以公开|^|5|12",
                       "^|（二）部分公开 （区分处理的）|^||^", "^|（三） 不予公开||7|0", "",
                       "五、存在的主要问题及改进情况", "一是加强培训", "二是改进工作"}),
             boost::test_tools::per_element());
  // Each piece at its paragraph (every w:p of the body in order, those in cells too) and column.
  BOOST_TEST(where_in(doc, "二、主动") == "1:1");
  BOOST_TEST(where_in(doc, "三、") == "2:1");
  BOOST_TEST(where_in(doc, "（一）") == "3:1");
  BOOST_TEST(where_in(doc, "5\t") == "4:1");
  BOOST_TEST(where_in(doc, "12") == "5:1");
  BOOST_TEST(where_in(doc, "2\n") == "5:2");           // the second run goes on in its paragraph
  BOOST_TEST(where_in(doc, "（区分") == "7:8");          // after the line break (the merged cell's paragraph is 6)
  BOOST_TEST(where_in(doc, "不予公开") == "10:1");        // the cell's second paragraph
  BOOST_TEST(where_in(doc, "7\t") == "12:2");           // after the leading space
  BOOST_TEST(where_in(doc, "五、") == "14:1");
  BOOST_TEST(where_in(doc, "二是") == "15:7");            // a line break takes no column
  BOOST_TEST(where_in(doc, "工作") == "15:11");         // nor does deleted text
}

BOOST_AUTO_TEST_CASE(a_table_inside_a_cell_makes_its_table_a_layout_table) {
  const auto inner = "<w:tbl><w:tr>" + tc(p("（一）予以公开")) + tc(p("3")) + "</w:tr></w:tbl>";
  const auto doc = read::read_docx(docx("<w:tbl><w:tr>" + tc(p("标题") + inner) + tc(p("旁注")) + "</w:tr></w:tbl>"));
  BOOST_TEST(grid_rows(doc) == (rows{"标题", "", "（一）予以公开|3", "", "旁注"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_documents_throw_a_clear_error) {
  const auto error_of = [](const std::string& bytes) -> std::string {
    try {
      read::read_docx(bytes);
    } catch (const diagnostic_error& e) {
      return e.diag().code + ": " + e.diag().message;
    }
    return "no error";
  };
  BOOST_TEST(error_of(read_file((kBad / "truncated.docx").string())) ==
             "docx: a damaged Word document: its zip is cut short or broken, without the directory at its end "
             "(Unrecognized archive format)");
  BOOST_TEST(error_of(read_file((kBad / "not-xml.docx").string())) ==
             "docx: word/document.xml of the Word document is not well-formed XML: Start-end tags mismatch at "
             "line 1, column 25 of word/document.xml");
  BOOST_TEST(error_of(read_file((kBad / "no-document.docx").string())) ==
             "docx: the Word document has no word/document.xml");
  BOOST_TEST(error_of(make_archive(archive_kind::zip, {{"word/document.xml", "<w:document/>"}})) ==
             "docx: word/document.xml of the Word document has no w:document/w:body");
}

// ---------------------------------------------------------------------------------------------
// Through the pipeline

BOOST_AUTO_TEST_CASE(docx_renderings_read_to_the_values_of_the_texts_they_came_from) {
  std::size_t n = 0, empty = 0;
  for (const auto& c : corpus::discover(kDocxCorpus.string())) {
    ++n;
    BOOST_TEST_CONTEXT("document " << c.name) {
      const auto stem = fs::path(c.input).stem().string();
      const auto source = source_of(stem);
      const auto word = shared_context().process(read_file(c.input), c.input);
      const auto text = shared_context().process(read_file(source.string()), source.string());
      same_values(word, text);
      BOOST_TEST(errors_of(word).empty());
      BOOST_TEST(word.encoding == "docx");
      BOOST_TEST(to_string(word.status) == to_string(text.status));
      for (const auto& t : word.table_profiles) BOOST_TEST(t == "grid");
      BOOST_TEST(word.repairs.empty());  // a document's table has every cell: nothing to repair
      BOOST_TEST(word.info.title == text.info.title);
      BOOST_TEST(word.info.year == text.info.year);
      BOOST_REQUIRE(word.narrative.size() == text.narrative.size());
      for (std::size_t i = 0; i < text.narrative.size(); ++i) {
        BOOST_TEST((word.narrative[i].kind == text.narrative[i].kind), word.model->narrative[i].id);
        BOOST_TEST(word.narrative[i].number == text.narrative[i].number, word.model->narrative[i].id);
      }
      BOOST_TEST(word.checks->failed == 0u);
      for (const auto& v : word.values) empty += v.kind == cell_kind::empty;
    }
  }
  BOOST_TEST(n == 6u);
  BOOST_TEST(empty == 164u + 31u);  // the blank cells of 001-blank-zeros and 002-blank-columns
}

BOOST_AUTO_TEST_CASE(blank_cells_are_empty_cells_never_0_nor_shifted_and_placed_at_their_paragraph) {
  const auto file = (kDocxCorpus / "001-blank-zeros.docx").string();
  const auto r = shared_context().process(read_file(file), file);
  std::map<std::string, const value*> by_key;
  for (std::size_t i = 0; i < r.values.size(); ++i) by_key[r.model->keys[i]] = &r.values[i];
  // Table 3, row 一、本年新收: 自然人 212, the five 法人或其他组织 columns blank, 总计 212
  // (paragraphs 56: the label, 57: 212, 58-62 the blank cells, 63: 总计).
  BOOST_TEST(by_key.at("requests.new.natural_person")->number == 212);
  BOOST_TEST(by_key.at("requests.new.natural_person")->where.line == 57u);
  for (const auto* k : {"requests.new.commercial", "requests.new.research", "requests.new.social_welfare",
                        "requests.new.legal_services", "requests.new.other_org"}) {
    BOOST_TEST((by_key.at(k)->kind == cell_kind::empty), k);
  }
  BOOST_TEST(by_key.at("requests.new.commercial")->where.line == 58u);
  BOOST_TEST(by_key.at("requests.new.other_org")->where.line == 62u);
  BOOST_TEST(by_key.at("requests.new.total")->number == 212);
  BOOST_TEST(by_key.at("requests.new.total")->where.line == 63u);
  BOOST_TEST(by_key.at("requests.new.total")->where.column == 1u);
}

BOOST_AUTO_TEST_CASE(bad_files_give_one_record_with_a_clear_error_and_the_run_goes_on) {
  temp_dir tmp;
  tmp.put("in/a-good.docx", read_file((kDocxCorpus / "000-word.docx").string()));
  for (const auto* f : {"truncated.docx", "not-xml.docx", "no-document.docx", "legacy.doc"})
    tmp.put(std::string("in/") + f, read_file((kBad / f).string()));
  tmp.put("in/renamed.wps", read_file((kBad / "legacy.doc").string()));
  input::source src({tmp / "in"}, {});
  input::processor proc(shared_context(), src, 1);
  std::map<std::string, std::vector<std::string>> errors;
  std::map<std::string, std::string> status;
  for (pipeline::record r; proc.next(r);) {
    const auto name = fs::path(r.path).filename().string();
    errors[name] = errors_of(r);
    status[name] = to_string(r.status);
  }
  // A legacy Word file is read (tests/unit/test_doc.cpp); this one is a compound file's bare header.
  const std::string ole =
      "error doc-damaged: a damaged Word document: its OLE compound file is broken or cut short (Unreasonable "
      "block sizes)";
  BOOST_TEST(status.size() == 6u);
  BOOST_TEST(status["a-good.docx"] == "parsed");
  BOOST_TEST(errors["a-good.docx"].empty());
  BOOST_TEST(errors["legacy.doc"] == std::vector<std::string>{ole}, boost::test_tools::per_element());
  BOOST_TEST(errors["renamed.wps"] == std::vector<std::string>{ole}, boost::test_tools::per_element());
  BOOST_TEST(errors["truncated.docx"] ==
                 std::vector<std::string>{"error docx: a damaged Word document: its zip is cut short or broken, "
                                          "without the directory at its end (Unrecognized archive format)"},
             boost::test_tools::per_element());
  BOOST_TEST(errors["not-xml.docx"] ==
                 std::vector<std::string>{"error docx: word/document.xml of the Word document is not well-formed "
                                          "XML: Start-end tags mismatch at line 1, column 25 of word/document.xml"},
             boost::test_tools::per_element());
  // A zip without word/document.xml is no Word document (the input stage says what it is).
  BOOST_TEST(errors["no-document.docx"] ==
                 std::vector<std::string>{"error unsupported: '" + tmp / "in/no-document.docx" +
                                          "' is an Office Open XML file without word/document.xml (Excel, "
                                          "PowerPoint, or a damaged Word document), not a report: save it as a "
                                          "Word document (.docx) or plain text (.txt) first"},
             boost::test_tools::per_element());
  for (const auto& [name, s] : status)
    if (name != "a-good.docx") BOOST_TEST(s == "failed", name);
}

// ---------------------------------------------------------------------------------------------
// The input stage: a .docx is a report, not an archive

BOOST_AUTO_TEST_CASE(a_word_document_is_one_report_wherever_it_is) {
  const auto word = read_file((kDocxCorpus / "002-word.docx").string());
  const auto values = json::parse(read_file((kDocxCorpus / "002-word.expected.json").string())).at("values");
  temp_dir tmp;
  // In a directory walk (.docx is a report's extension); named; inside a zip archive; with a name
  // that says nothing (found by content).
  tmp.put("walk/report.DOCX", word);
  tmp.put("named", word);
  tmp.put("batch.zip", make_archive(archive_kind::zip, {{"2023/report.docx", word}, {"2023/notes.txt", "备注"}}));
  input::source src({tmp / "walk", tmp / "named", tmp / "batch.zip"}, {});
  input::processor proc(shared_context(), src, 1);
  std::vector<std::string> parsed;
  for (pipeline::record r; proc.next(r);) {
    if (r.errors.empty()) {
      BOOST_TEST(nianbao::test::json_of(r)["values"] == values, r.path);
      parsed.push_back(r.path);
    }
  }
  BOOST_TEST(parsed == (std::vector<std::string>{tmp / "walk/report.DOCX", tmp / "named", tmp / "batch.zip:2023/report.docx"}),
             boost::test_tools::per_element());
  // Standard input.
  const auto r = run_nianbao({"parse", "-", "--no-progress"}, (kDocxCorpus / "002-word.docx").string());
  BOOST_TEST(r.exit_code == 0, r.err);
  const auto lines = json_lines(r.out);
  BOOST_REQUIRE(lines.size() == 1u);
  BOOST_TEST(lines[0]["values"] == values);
  BOOST_TEST(lines[0]["source"]["path"] == "-");
}

BOOST_AUTO_TEST_CASE(what_names_a_word_document) {
  BOOST_TEST(input::names_word_document(std::string("PK\x03\x04", 4) + "....word/document.xml", ""));
  BOOST_TEST(input::names_word_document(std::string("PK\x03\x04", 4), "...word/document.xml..."));
  BOOST_TEST(!input::names_word_document(std::string("PK\x03\x04", 4) + "xl/workbook.xml", ""));
  BOOST_TEST(!input::names_word_document("word/document.xml", ""));  // not a zip
  BOOST_TEST(input::is_report_name("2023年报.docx"));
  BOOST_TEST(input::is_report_name("old.DOC"));
  BOOST_TEST(input::is_report_name("wps.wps"));
  BOOST_TEST((read::sniff(read_file((kDocxCorpus / "000-word.docx").string())) == read::format::docx));
  BOOST_TEST((read::sniff(read_file((kBad / "legacy.doc").string())) == read::format::ole));
}
