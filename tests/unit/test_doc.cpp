// Legacy Word documents (read/doc.hpp, profiles/grid.toml): the .doc renderings of the DOCX
// fixtures (tests/corpus/doc, made by LibreOffice's "MS Word 97" filter:
// scripts/fixtures/make_doc_fixtures.sh) give the grid text of their .docx cell for cell (merged
// cells covered, blank cells empty) and exactly its values; bad files (a compound file cut short
// or broken, an encrypted document, a piece table beyond its stream, any of many damaged copies)
// each give one record with a clear error, never a crash, while the rest of the run goes on.
#define BOOST_TEST_MODULE doc
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>

#include "batch/process.hpp"
#include "corpus/corpus.hpp"
#include "input/input.hpp"
#include "read/doc.hpp"
#include "read/docx.hpp"
#include "grid_rows.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace nianbao;
using namespace nianbao::test;

namespace {

const fs::path kSource = NIANBAO_SOURCE_DIR;
const fs::path kDocCorpus = kSource / "tests/corpus/doc";
const fs::path kDocxCorpus = kSource / "tests/corpus/docx";
const fs::path kBad = kSource / "tests/unit/data/doc";

std::string read_file(const fs::path& p) { return test::read_file(p.string()); }

// "code: message" of what read_doc throws, or "no error".
std::string error_of(const std::string& bytes) {
  try {
    read::read_doc(bytes);
  } catch (const diagnostic_error& e) {
    return e.diag().code + ": " + e.diag().message;
  }
  return "no error";
}

// "severity code: message" of a record's errors.
std::vector<std::string> errors_of(const pipeline::record& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(std::string(to_string(e.severity)) + " " + e.code + ": " + e.message);
  return out;
}


// ---------------------------------------------------------------------------------------------
// A .doc written here, byte by byte as [MS-DOC] lays it out, for what LibreOffice does not write:
// an 8-bit (code page 1252) piece beside a UTF-16 one, a character outside the BMP, a field,
// a vertical merge, a cell with two paragraphs.

void put16(std::string& s, std::size_t at, unsigned v) {
  s[at] = char(v & 0xFF);
  s[at + 1] = char(v >> 8 & 0xFF);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  put16(s, at, v & 0xFFFF);
  put16(s, at + 2, v >> 16);
}
void add16(std::string& s, unsigned v) {
  s += char(v & 0xFF);
  s += char(v >> 8 & 0xFF);
}
void add32(std::string& s, std::uint32_t v) {
  add16(s, v & 0xFFFF);
  add16(s, v >> 16);
}

// A compound file of these streams (libgsf's writer).
std::string compound_file(const std::vector<std::pair<std::string, std::string>>& streams) {
  GsfOutput* sink = gsf_output_memory_new();
  GsfOutfile* ole = gsf_outfile_msole_new(sink);
  for (const auto& [name, bytes] : streams) {
    GsfOutput* child = gsf_outfile_new_child(ole, name.c_str(), FALSE);
    gsf_output_write(child, bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
    gsf_output_close(child);
    g_object_unref(child);
  }
  gsf_output_close(GSF_OUTPUT(ole));
  g_object_unref(ole);
  const auto* data = gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(sink));
  std::string out(reinterpret_cast<const char*>(data), static_cast<std::size_t>(gsf_output_size(sink)));
  g_object_unref(sink);
  return out;
}

// One paragraph of the synthetic document: its characters (UTF-16 code units; in the 8-bit piece
// bytes) ending in its mark, and its properties' grpprl (empty: none).
struct para {
  std::u16string text;
  std::string grpprl;
};
std::string in_table() { return std::string("\x16\x24\x01", 3); }  // sprmPFInTable 1
// A row's end: sprmPFInTable, sprmPFTtp and sprmTDefTable with these boundaries and TC80 flags.
std::string row_end(const std::vector<int>& boundaries, const std::vector<unsigned>& flags) {
  std::string def;
  def += char(flags.size());
  for (int b : boundaries) add16(def, static_cast<unsigned>(b) & 0xFFFF);
  for (unsigned f : flags) {
    add16(def, f);
    def += std::string(18, '\0');
  }
  std::string g = in_table() + std::string("\x17\x24\x01", 3) + std::string("\x08\xD6", 2);
  add16(g, static_cast<unsigned>(def.size() + 1));
  return g + def;
}

// The document: an 8-bit piece holding `narrow` (one paragraph, no properties), then a UTF-16
// piece holding `paragraphs`.
std::string synthetic_doc(const std::string& narrow, const std::vector<para>& paragraphs) {
  constexpr std::size_t kNarrowAt = 0x600, kWideAt = 0x700, kFkpPage = 4;  // the FKP at 0x800
  std::u16string wide;
  for (const auto& p : paragraphs) wide += p.text;
  BOOST_REQUIRE(narrow.size() <= kWideAt - kNarrowAt && 2 * wide.size() <= kFkpPage * 512 - kWideAt);
  std::string word(kFkpPage * 512 + 512, '\0');
  put16(word, 0, 0xA5EC);
  put16(word, 2, 0x00C1);
  put16(word, 0x0A, 0x0200);  // fWhichTblStm: 1Table
  put16(word, 0x20, 14);      // csw
  put16(word, 0x3E, 22);      // cslw
  put32(word, 0x4C, static_cast<std::uint32_t>(narrow.size() + wide.size()));  // ccpText
  put16(word, 0x98, 93);      // cbRgFcLcb
  word.replace(kNarrowAt, narrow.size(), narrow);
  for (std::size_t i = 0; i < wide.size(); ++i) put16(word, kWideAt + 2 * i, wide[i]);
  // The PapxFkp: a run for the 8-bit piece (no properties), one per paragraph after it.
  std::vector<std::uint32_t> fcs{kNarrowAt, kWideAt};
  std::vector<std::string> papx{""};
  std::uint32_t fc = kWideAt;
  for (const auto& p : paragraphs) {
    fc += static_cast<std::uint32_t>(2 * p.text.size());
    fcs.push_back(fc);
    papx.push_back(p.grpprl);
  }
  std::string fkp(512, '\0');
  const std::size_t runs = papx.size();
  for (std::size_t i = 0; i < fcs.size(); ++i) put32(fkp, 4 * i, fcs[i]);
  std::size_t free_at = 4 * (runs + 1) + 13 * runs;
  free_at += free_at % 2;
  for (std::size_t i = 0; i < runs; ++i) {
    if (papx[i].empty()) continue;
    const std::string content = std::string(2, '\0') + papx[i];  // istd 0, then the grpprl
    std::string entry;
    if (content.size() % 2) entry = char((content.size() + 1) / 2) + content;
    else entry = std::string(1, '\0') + char(content.size() / 2) + content;
    BOOST_REQUIRE(free_at + entry.size() < 511);
    fkp.replace(free_at, entry.size(), entry);
    fkp[4 * (runs + 1) + 13 * i] = char(free_at / 2);
    free_at += entry.size() + entry.size() % 2;
  }
  fkp[511] = char(runs);
  word.replace(kFkpPage * 512, 512, fkp);
  // The table stream: the Clx (one Pcdt of two pieces), then the PlcBtePapx (one FKP).
  std::string table;
  table += '\x02';
  add32(table, 3 * 4 + 2 * 8);
  add32(table, 0);
  add32(table, static_cast<std::uint32_t>(narrow.size()));
  add32(table, static_cast<std::uint32_t>(narrow.size() + wide.size()));
  add16(table, 0), add32(table, static_cast<std::uint32_t>(2 * kNarrowAt) | 0x40000000u), add16(table, 0);
  add16(table, 0), add32(table, kWideAt), add16(table, 0);
  const std::size_t bte = table.size();
  add32(table, kNarrowAt), add32(table, fc), add32(table, kFkpPage);
  put32(word, 0x9A + 33 * 8, 0), put32(word, 0x9A + 33 * 8 + 4, static_cast<std::uint32_t>(bte));
  put32(word, 0x9A + 13 * 8, static_cast<std::uint32_t>(bte)), put32(word, 0x9A + 13 * 8 + 4, 12);
  return compound_file({{"WordDocument", word}, {"1Table", table}});
}

}  // namespace

BOOST_AUTO_TEST_CASE(pieces_of_8_and_16_bits_fields_and_merges_of_a_written_doc) {
  const std::u16string cell = u"\u0007", mark = u"\r";
  const auto doc = read::read_doc(synthetic_doc(
      // code page 1252: 0x80 is the euro sign, 0x93/0x94 quotation marks, 0xE9 e acute
      "Caf\xE9 \x93\x80\x35\x94\r",
      {{u"二、主动公开\U00020000情况" + mark, ""},
       // a field: its instructions (PAGE) are not read, its result (3) is
       {u"第\u0013 PAGE \u00143\u0015页\u000B下一行" + mark, ""},
       // row 1: a label merged down two rows (TC80 vertMerge restart), a cell of two paragraphs
       {u"三、结果" + cell, in_table()},
       {u"（一）" + mark, in_table()},
       {u"予以公开" + cell, in_table()},
       {u"" + cell, in_table()},  // blank
       {cell, row_end({0, 1000, 3000, 4000}, {0x60, 0, 0})},
       // row 2: the merge continued (covered), a cell spanning two columns of the grid, a value
       {u"" + cell, in_table()},
       {u"（二）部分公开" + cell, in_table()},
       {u"1\u00092" + cell, in_table()},
       {u"" + cell, in_table()},
       {cell, row_end({0, 1000, 2000, 3000, 4000}, {0x20, 0, 0, 0})},
       {u"五、问题" + mark, ""}}));
  BOOST_TEST(grid_rows(doc) ==
                 (rows{"Café “€5”", "二、主动公开\U00020000情况", "第3页", "下一行", "",
                       "三、结果|（一） 予以公开|^|", "^|（二）部分公开|1 2|", "", "五、问题"}),
             boost::test_tools::per_element());
  // Positions: the paragraph (marks, cell marks and row-end marks each end one) and column.
  BOOST_TEST(where_in(doc, "Café") == "1:1");
  BOOST_TEST(where_in(doc, "情况") == "2:8");
  BOOST_TEST(where_in(doc, "下一行") == "3:5");  // the field's instructions take no column, the break one
  BOOST_TEST(where_in(doc, "予以公开") == "6:1");
  BOOST_TEST(where_in(doc, "（二）") == "10:1");
  BOOST_TEST(where_in(doc, "五、") == "14:1");
}

// ---------------------------------------------------------------------------------------------
// The grid text of a .doc

BOOST_AUTO_TEST_CASE(each_doc_gives_the_grid_text_of_its_docx) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(kDocCorpus)) {
    if (e.path().extension() != ".doc") continue;
    ++n;
    BOOST_TEST_CONTEXT("document " << e.path().filename()) {
      const auto doc = read::read_doc(read_file(e.path()));
      const auto docx = read::read_docx(read_file(kDocxCorpus / (e.path().stem().string() + ".docx")));
      BOOST_TEST((doc.kind == read::format::doc));
      BOOST_TEST(doc.problems.empty());
      BOOST_TEST(grid_rows(doc) == grid_rows(docx), boost::test_tools::per_element());
    }
  }
  BOOST_TEST(n == 6u);
}

BOOST_AUTO_TEST_CASE(merged_cells_are_covered_and_blank_cells_empty) {
  const auto doc = read::read_doc(read_file(kDocCorpus / "001-blank-zeros.doc"));
  const auto rows = grid_rows(doc);
  // Table 3's row 一、本年新收: its label spanning three columns (covered: "^"), 自然人 212, the
  // five 法人或其他组织 cells blank (empty, not covered), 总计 212.
  const auto find = [&](const std::string& head) {
    for (const auto& r : rows)
      if (r.rfind(head, 0) == 0) return r;
    return std::string("(no row)");
  };
  BOOST_TEST(find("一、本年新收") == "一、本年新收政府信息公开申请数量|^|^|212||||||212");
  // Each piece at its paragraph (every paragraph, cell and row-end mark ends one) and column.
  BOOST_TEST(where_in(doc, "一、本年新收") == "73:1");
  BOOST_TEST(where_in(doc, "212\t") == "74:1");  // the next cell's paragraph
  BOOST_TEST(where_in(doc, "212\n") == "80:1");  // after the five blank cells' paragraphs
}

BOOST_AUTO_TEST_CASE(bad_documents_throw_a_clear_error) {
  BOOST_TEST(error_of(read_file(kBad / "encrypted.doc")) ==
             "doc-encrypted: an encrypted Word document (it has a password to open), which nianbao cannot read: "
             "save it without the password");
  BOOST_TEST(error_of(read_file(kBad / "truncated.doc")) ==
             "doc-damaged: a damaged Word document: its OLE compound file is broken or cut short (Inconsistent "
             "block allocation table)");
  BOOST_TEST(error_of(read_file(kBad / "bad-piece-table.doc")) ==
             "doc-damaged: a damaged Word document: the piece table (Clx) lies beyond the end of the 1Table stream "
             "(16777215 bytes at offset 9450 of 11053)");
  // A compound file's bare header (its 512 bytes).
  BOOST_TEST(error_of(read_file(kSource / "tests/unit/data/docx/legacy.doc")) ==
             "doc-damaged: a damaged Word document: its OLE compound file is broken or cut short (Unreasonable "
             "block sizes)");
}

// Many damaged copies of a fixture (bytes overwritten, zeroed, the file cut short): each is read
// or gives one of the reader's errors; none crashes or hangs.
BOOST_AUTO_TEST_CASE(damaged_copies_give_an_error_never_a_crash) {
  const std::string good = read_file(kDocCorpus / "002-word.doc");
  std::mt19937 random(20261207);
  std::map<std::string, std::size_t> codes;
  for (int i = 0; i < 400; ++i) {
    std::string bytes = good;
    switch (i % 3) {
      case 0:
        for (int k = 0; k < 1 + int(random() % 20); ++k) bytes[random() % bytes.size()] = char(random() % 256);
        break;
      case 1: bytes.resize(random() % bytes.size()); break;
      default: {
        const std::size_t at = random() % bytes.size(), n = std::min<std::size_t>(1 + random() % 2000, bytes.size() - at);
        std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), n, '\0');
      }
    }
    if (read::sniff(bytes) != read::format::ole) {
      ++codes["not ole"];
      continue;
    }
    try {
      const auto doc = read::read_doc(bytes);
      ++codes["read"];
    } catch (const diagnostic_error& e) {
      ++codes[e.diag().code];
      BOOST_TEST(!e.diag().message.empty());
    }
  }
  std::set<std::string> seen;
  for (const auto& [code, n] : codes) seen.insert(code), BOOST_TEST_MESSAGE(code << ": " << n);
  for (const auto& code : seen)
    BOOST_TEST((code == "read" || code == "not ole" || code == "doc-damaged" || code == "doc-encrypted" ||
                code == "doc-version" || code == "ole-document"),
               code);
  BOOST_TEST(codes["read"] > 0u);
  BOOST_TEST(codes["doc-damaged"] > 0u);
}

// ---------------------------------------------------------------------------------------------
// Through the pipeline

BOOST_AUTO_TEST_CASE(doc_renderings_read_to_the_values_of_their_docx) {
  std::size_t n = 0, empty = 0;
  for (const auto& c : corpus::discover(kDocCorpus.string())) {
    ++n;
    BOOST_TEST_CONTEXT("document " << c.name) {
      const auto docx = (kDocxCorpus / (fs::path(c.input).stem().string() + ".docx")).string();
      const auto word = shared_context().process(read_file(c.input), c.input);
      const auto want = shared_context().process(read_file(docx), docx);
      BOOST_REQUIRE(word.model && want.model);
      BOOST_TEST(word.model->id == want.model->id);
      BOOST_REQUIRE(word.values.size() == want.values.size());
      for (std::size_t i = 0; i < want.values.size(); ++i) {
        const auto& key = want.model->keys[i];
        BOOST_TEST((word.values[i].kind == want.values[i].kind), key);
        BOOST_TEST(word.values[i].number == want.values[i].number, key);
        BOOST_TEST(word.values[i].integral == want.values[i].integral, key);
        empty += word.values[i].kind == cell_kind::empty;
      }
      BOOST_TEST(errors_of(word).empty());
      BOOST_TEST(word.encoding == "doc");
      BOOST_TEST(to_string(word.status) == to_string(want.status));
      for (const auto& t : word.table_profiles) BOOST_TEST(t == "grid");
      BOOST_TEST(word.info.title == want.info.title);
      BOOST_TEST(word.info.year == want.info.year);
      BOOST_REQUIRE(word.narrative.size() == want.narrative.size());
      for (std::size_t i = 0; i < want.narrative.size(); ++i) {
        BOOST_TEST((word.narrative[i].kind == want.narrative[i].kind), word.model->narrative[i].id);
        BOOST_TEST(word.narrative[i].number == want.narrative[i].number, word.model->narrative[i].id);
      }
      BOOST_TEST(word.checks->failed == 0u);
    }
  }
  BOOST_TEST(n == 6u);
  BOOST_TEST(empty == 164u + 31u);  // the blank cells of 001-blank-zeros and 002-blank-columns
}

BOOST_AUTO_TEST_CASE(bad_files_give_one_record_with_a_clear_error_and_the_run_goes_on) {
  temp_dir tmp;
  tmp.put("in/a-good.doc", read_file(kDocCorpus / "000-word.doc"));
  for (const auto* f : {"encrypted.doc", "truncated.doc", "bad-piece-table.doc"})
    tmp.put(std::string("in/") + f, read_file(kBad / f));
  tmp.put("in/renamed.wps", read_file(kDocCorpus / "002-word.doc"));  // WPS's .wps: the same container
  tmp.put("in/z-good.docx", read_file(kDocxCorpus / "000-word.docx"));
  input::source src({tmp / "in"}, {});
  input::processor proc(shared_context(), src, 1);
  std::map<std::string, std::vector<std::string>> errors;
  std::map<std::string, std::string> status;
  for (pipeline::record r; proc.next(r);) {
    const auto name = fs::path(r.path).filename().string();
    errors[name] = errors_of(r);
    status[name] = to_string(r.status);
  }
  BOOST_TEST(status.size() == 6u);
  BOOST_TEST(status["a-good.doc"] == "parsed");
  BOOST_TEST(status["renamed.wps"] == "parsed");
  BOOST_TEST(status["z-good.docx"] == "parsed");
  BOOST_TEST(errors["a-good.doc"].empty());
  BOOST_TEST(errors["encrypted.doc"] ==
                 std::vector<std::string>{"error doc-encrypted: an encrypted Word document (it has a password to "
                                          "open), which nianbao cannot read: save it without the password"},
             boost::test_tools::per_element());
  BOOST_TEST(errors["truncated.doc"] ==
                 std::vector<std::string>{"error doc-damaged: a damaged Word document: its OLE compound file is "
                                          "broken or cut short (Inconsistent block allocation table)"},
             boost::test_tools::per_element());
  BOOST_TEST(errors["bad-piece-table.doc"] ==
                 std::vector<std::string>{"error doc-damaged: a damaged Word document: the piece table (Clx) lies "
                                          "beyond the end of the 1Table stream (16777215 bytes at offset 9450 of "
                                          "11053)"},
             boost::test_tools::per_element());
}
