#include "read/doc.hpp"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/budget.hpp"
#include "core/diagnostic.hpp"
#include "read/grid_builder.hpp"

namespace nianbao::read {

namespace {

[[noreturn]] void fail(const char* code, std::string message) {
  diagnostic d;
  d.code = code;
  d.message = std::move(message);
  throw diagnostic_error(std::move(d));
}
[[noreturn]] void damaged(const std::string& what) { fail("doc-damaged", "a damaged Word document: " + what); }

// Little-endian numbers of a stream, every read checked against its end.
struct stream {
  const char* name;
  std::string bytes;

  bool has(std::uint64_t offset, std::uint64_t n) const { return offset <= bytes.size() && n <= bytes.size() - offset; }
  void need(std::uint64_t offset, std::uint64_t n, const char* what) const {
    if (!has(offset, n))
      damaged(std::string(what) + " lies beyond the end of the " + name + " stream (" + std::to_string(n) +
              " bytes at offset " + std::to_string(offset) + " of " + std::to_string(bytes.size()) + ")");
  }
  std::uint8_t u8(std::uint64_t at, const char* what) const {
    need(at, 1, what);
    return static_cast<std::uint8_t>(bytes[at]);
  }
  std::uint16_t u16(std::uint64_t at, const char* what) const {
    need(at, 2, what);
    return static_cast<std::uint16_t>(static_cast<std::uint8_t>(bytes[at]) | static_cast<std::uint8_t>(bytes[at + 1]) << 8);
  }
  std::uint32_t u32(std::uint64_t at, const char* what) const {
    need(at, 4, what);
    return static_cast<std::uint32_t>(u16(at, what)) | static_cast<std::uint32_t>(u16(at + 2, what)) << 16;
  }
  std::string_view view(std::uint64_t at, std::uint64_t n, const char* what) const {
    need(at, n, what);
    return std::string_view(bytes).substr(at, n);
  }
};

std::uint16_t le16(std::string_view s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(s[at]) | static_cast<std::uint8_t>(s[at + 1]) << 8);
}

// The compound file's streams (libgsf, from memory).
struct unref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
// libgsf reports a broken compound file on stderr as well (g_critical): quiet, the reader says
// what is wrong in its error.
void quiet_libgsf() {
  static std::once_flag once;
  std::call_once(once, [] {
    const auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK & ~G_LOG_LEVEL_ERROR);
    for (const char* domain : {"libgsf", "libgsf:msole"})
      g_log_set_handler(domain, levels, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
}

class compound_file {
 public:
  explicit compound_file(std::string_view bytes)
      : input_((quiet_libgsf(), gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()), static_cast<gsf_off_t>(bytes.size()),
                                    FALSE))) {
    if (!input_) damaged("its compound file cannot be opened");
    GError* error = nullptr;
    file_.reset(gsf_infile_msole_new(input_.get(), &error));
    if (!file_) {
      std::string why = error && error->message ? error->message : "unknown error";
      if (error) g_error_free(error);
      damaged("its OLE compound file is broken or cut short (" + why + ")");
    }
  }
  // The stream `name`, or nothing when the file has none.
  std::optional<stream> read(const char* name) const {
    std::unique_ptr<GsfInput, unref> in(gsf_infile_child_by_name(file_.get(), name));
    if (!in) return std::nullopt;
    const gsf_off_t size = gsf_input_size(in.get());
    if (size < 0) damaged(std::string("its ") + name + " stream has no size");
    budget::charge(static_cast<std::uint64_t>(size));
    stream s{name, std::string(static_cast<std::size_t>(size), '\0')};
    if (size > 0 && !gsf_input_read(in.get(), static_cast<std::size_t>(size), reinterpret_cast<guint8*>(s.bytes.data())))
      damaged(std::string("its ") + name + " stream cannot be read (its sectors are broken or cut short)");
    return s;
  }

 private:
  std::unique_ptr<GsfInput, unref> input_;
  std::unique_ptr<GsfInfile, unref> file_;
};

// The Fib's values this reader needs ([MS-DOC] 2.5.1).
struct fib {
  bool table1 = false;  // fWhichTblStm: the table stream is 1Table, else 0Table
  std::uint32_t ccp_text = 0;
  std::uint32_t fc_clx = 0, lcb_clx = 0;
  std::uint32_t fc_bte_papx = 0, lcb_bte_papx = 0;
};

fib read_fib(const stream& word) {
  const std::uint16_t ident = word.u16(0, "the Fib");
  const std::uint16_t nfib = word.u16(2, "the Fib");
  if (ident == 0xA5DC || (ident == 0xA5EC && nfib < 101))
    fail("doc-version", "a Word 6/95 document (nFib " + std::to_string(nfib) +
                            "), which nianbao does not read: save it as DOCX or Word 97-2003 (.doc)");
  if (ident != 0xA5EC) damaged("its WordDocument stream does not begin with a Word Fib (wIdent 0xA5EC)");
  const std::uint16_t flags = word.u16(0x0A, "the Fib");
  if (flags & 0x0100)
    fail("doc-encrypted", "an encrypted Word document (it has a password to open), which nianbao cannot read: "
                          "save it without the password");
  if (flags & 0x8000)
    fail("doc-encrypted", "an obfuscated Word document (fObfuscated), which nianbao cannot read: save it again");
  fib f;
  f.table1 = (flags & 0x0200) != 0;
  // FibBase (32 bytes), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + fibRgFcLcb.
  std::uint64_t at = 0x20;
  at += 2 + 2 * std::uint64_t(word.u16(at, "the Fib"));
  const std::uint16_t cslw = word.u16(at, "the Fib");
  if (cslw < 4) damaged("its Fib has no ccpText (cslw " + std::to_string(cslw) + ")");
  f.ccp_text = word.u32(at + 2 + 3 * 4, "the Fib's ccpText");
  at += 2 + 4 * std::uint64_t(cslw);
  const std::uint16_t pairs = word.u16(at, "the Fib");
  if (pairs < 34) damaged("its Fib has no piece table entry (cbRgFcLcb " + std::to_string(pairs) + ")");
  at += 2;
  f.fc_bte_papx = word.u32(at + 13 * 8, "the Fib's fcPlcfBtePapx");
  f.lcb_bte_papx = word.u32(at + 13 * 8 + 4, "the Fib's lcbPlcfBtePapx");
  f.fc_clx = word.u32(at + 33 * 8, "the Fib's fcClx");
  f.lcb_clx = word.u32(at + 33 * 8 + 4, "the Fib's lcbClx");
  return f;
}

// Each sprm of a grpprl with its operand ([MS-DOC] 2.2.5.1): f(sprm, operand). A grpprl cut short
// ends where its last whole sprm does.
template <class F>
void each_sprm(std::string_view g, F&& f) {
  std::size_t i = 0;
  while (i + 2 <= g.size()) {
    budget::checkpoint();
    const std::uint16_t sprm = le16(g, i);
    i += 2;
    std::size_t skip = 0, n = 0;  // bytes before the operand (its size), the operand's size
    switch (sprm >> 13) {
      case 0: case 1: n = 1; break;
      case 2: case 4: case 5: n = 2; break;
      case 3: n = 4; break;
      case 7: n = 3; break;
      default:  // 6: variable
        if (sprm == 0xD608 || sprm == 0xD606) {  // sprmTDefTable(10): a 2-byte size, counting itself less 1
          if (i + 2 > g.size()) return;
          skip = 2;
          const std::size_t cb = le16(g, i);
          n = cb == 0 ? 0 : cb - 1;
        } else if (sprm == 0xC615) {  // sprmPChgTabs: size 255 = counted from its deleted and added tabs
          if (i + 1 > g.size()) return;
          const std::size_t cb = static_cast<std::uint8_t>(g[i]);
          if (cb != 255) {
            skip = 1, n = cb;
          } else {
            if (i + 2 > g.size()) return;
            const std::size_t del = static_cast<std::uint8_t>(g[i + 1]);
            const std::size_t add_at = i + 2 + 4 * del;
            if (add_at + 1 > g.size()) return;
            const std::size_t add = static_cast<std::uint8_t>(g[add_at]);
            skip = 1, n = 1 + 4 * del + 1 + 3 * add;
          }
        } else {
          if (i + 1 > g.size()) return;
          skip = 1, n = static_cast<std::uint8_t>(g[i]);
        }
    }
    if (i + skip + n > g.size()) return;
    f(sprm, g.substr(i + skip, n));
    i += skip + n;
  }
}

// A row's cells, from its table-terminating paragraph's sprmTDefTable.
struct row_definition {
  std::vector<int> boundaries;       // itcMac + 1 x-positions (twips), ascending for a usable row
  std::vector<std::uint16_t> flags;  // each cell's TC80 tcgrf (0 where the sprm gives none)
};

// The properties of a paragraph that make the tables.
struct paragraph_properties {
  bool in_table = false;
  bool ttp = false;  // the paragraph ends a row
  std::optional<row_definition> row;

  void apply(std::uint16_t sprm, std::string_view op) {
    switch (sprm) {
      case 0x2416: in_table = op[0] != 0; break;                                           // sprmPFInTable
      case 0x2417: ttp = op[0] != 0; break;                                                // sprmPFTtp
      case 0x6649: if (le16(op, 0) != 0 || le16(op, 2) != 0) in_table = true; break;      // sprmPItap
      case 0xD608: case 0xD606: table_definition(op); break;                               // sprmTDefTable
      case 0xD62B:                                                                         // sprmTVertMerge
        if (row && op.size() >= 2) {
          const std::size_t itc = static_cast<std::uint8_t>(op[0]);
          const std::uint16_t merge = static_cast<std::uint8_t>(op[1]) & 3;
          if (itc < row->flags.size()) row->flags[itc] = static_cast<std::uint16_t>((row->flags[itc] & ~0x60) | merge << 5);
        }
        break;
      default: break;
    }
  }

 private:
  void table_definition(std::string_view op) {
    if (op.empty()) return;
    const std::size_t cells = static_cast<std::uint8_t>(op[0]);
    if (1 + 2 * (cells + 1) > op.size()) return;  // no boundaries: the row has no usable definition
    row_definition r;
    for (std::size_t c = 0; c <= cells; ++c) r.boundaries.push_back(static_cast<std::int16_t>(le16(op, 1 + 2 * c)));
    const std::size_t tcs = 1 + 2 * (cells + 1);
    for (std::size_t c = 0; c < cells; ++c)
      r.flags.push_back(tcs + 20 * c + 2 <= op.size() ? le16(op, tcs + 20 * c) : 0);
    row = std::move(r);
  }
};

// The paragraph properties of the paragraph whose mark is at a byte of the WordDocument stream:
// PlcBtePapx -> PapxFkp -> PapxInFkp ([MS-DOC] 2.8.6, 2.9.175, 2.9.176).
class papx_index {
 public:
  papx_index(const stream& word, const stream& table, const std::optional<stream>& data, const fib& f)
      : word_(word), data_(data) {
    if (f.lcb_bte_papx < 4 || (f.lcb_bte_papx - 4) % 8 != 0) damaged("its PlcBtePapx has a size of no whole entries");
    const std::size_t n = (f.lcb_bte_papx - 4) / 8;
    table.need(f.fc_bte_papx, f.lcb_bte_papx, "the PlcBtePapx");
    budget::charge((n + 1) * 8);
    for (std::size_t i = 0; i <= n; ++i) fcs_.push_back(table.u32(f.fc_bte_papx + 4 * i, "the PlcBtePapx"));
    for (std::size_t i = 0; i < n; ++i) pages_.push_back(table.u32(f.fc_bte_papx + 4 * (n + 1) + 4 * i, "the PlcBtePapx") & 0x3FFFFF);
  }

  void apply(std::uint32_t fc, paragraph_properties& p) const {
    const auto it = std::upper_bound(fcs_.begin(), fcs_.end(), fc);
    if (it == fcs_.begin() || it == fcs_.end()) return;  // no PAPX: the default properties
    const std::uint64_t page = std::uint64_t(pages_[static_cast<std::size_t>(it - fcs_.begin() - 1)]) * 512;
    const std::string_view fkp = word_.view(page, 512, "a PapxFkp");
    const std::size_t runs = static_cast<std::uint8_t>(fkp[511]);
    if (runs == 0 || 4 * (runs + 1) + 13 * runs > 511) damaged("a PapxFkp has " + std::to_string(runs) + " runs");
    std::size_t j = runs;
    for (std::size_t k = 0; k < runs; ++k) {
      const std::uint32_t from = le16(fkp, 4 * k) | std::uint32_t(le16(fkp, 4 * k + 2)) << 16;
      const std::uint32_t to = le16(fkp, 4 * k + 4) | std::uint32_t(le16(fkp, 4 * k + 6)) << 16;
      if (from <= fc && fc < to) {
        j = k;
        break;
      }
    }
    if (j == runs) return;
    const std::size_t offset = 2 * std::size_t(static_cast<std::uint8_t>(fkp[4 * (runs + 1) + 13 * j]));
    if (offset == 0) return;
    if (offset >= 511) damaged("a PapxFkp's PAPX lies beyond its page");
    std::size_t size = static_cast<std::uint8_t>(fkp[offset]), start = offset + 1;
    if (size == 0) {
      if (offset + 1 >= 511) damaged("a PapxFkp's PAPX lies beyond its page");
      size = 2 * std::size_t(static_cast<std::uint8_t>(fkp[offset + 1]));
      start = offset + 2;
    } else {
      size = 2 * size - 1;
    }
    if (start + size > 511 || size < 2) damaged("a PapxFkp's PAPX lies beyond its page");
    apply(fkp.substr(start + 2, size - 2), p);  // after the style (istd)
  }

  // A grpprl's paragraph properties, a huge PAPX's (sprmPHugePapx: in the Data stream) among them.
  void apply(std::string_view grpprl, paragraph_properties& p) const {
    each_sprm(grpprl, [&](std::uint16_t sprm, std::string_view op) {
      if (sprm == 0x6646 || sprm == 0x6645) {  // sprmPHugePapx
        if (!data_) damaged("a huge PAPX names the Data stream, which the file lacks");
        const std::uint32_t at = le16(op, 0) | std::uint32_t(le16(op, 2)) << 16;
        const std::uint16_t size = data_->u16(at, "a huge PAPX");
        const std::string_view huge = data_->view(at + 2, size, "a huge PAPX");
        // (its grpprl only: the style is the FKP's PAPX's)
        each_sprm(huge, [&](std::uint16_t s, std::string_view o) { p.apply(s, o); });
      } else {
        p.apply(sprm, op);
      }
    });
  }

 private:
  const stream& word_;
  const std::optional<stream>& data_;
  std::vector<std::uint32_t> fcs_, pages_;
};

// One piece of the main document's text ([MS-DOC] 2.9.177 Pcd).
struct piece {
  std::uint32_t cp_from, cp_to;
  std::uint32_t fc;   // byte offset of its first character in the WordDocument stream
  bool compressed;    // 8-bit characters (code page 1252), else UTF-16
  std::string_view grpprl;  // its Prc's properties (Prm1), or empty
};

std::vector<piece> read_pieces(const stream& table, const fib& f) {
  table.need(f.fc_clx, f.lcb_clx, "the piece table (Clx)");
  std::vector<std::string_view> prcs;
  std::uint64_t at = f.fc_clx;
  const std::uint64_t end = std::uint64_t(f.fc_clx) + f.lcb_clx;
  for (;;) {
    budget::checkpoint();
    if (at >= end) damaged("its piece table (Clx) has no Pcdt");
    const std::uint8_t type = table.u8(at, "the piece table");
    if (type == 1) {
      const std::uint16_t size = table.u16(at + 1, "the piece table's Prc");
      prcs.push_back(table.view(at + 3, size, "the piece table's Prc"));
      at += 3 + std::uint64_t(size);
    } else if (type == 2) {
      break;
    } else {
      damaged("its piece table (Clx) has an entry of type " + std::to_string(type));
    }
  }
  const std::uint32_t lcb = table.u32(at + 1, "the piece table's Pcdt");
  table.need(at + 5, lcb, "the piece table's PlcPcd");
  if (lcb < 4 || (lcb - 4) % 12 != 0) damaged("its piece table (PlcPcd) has a size of no whole pieces");
  const std::size_t n = (lcb - 4) / 12;
  const std::uint64_t plc = at + 5;
  std::vector<piece> pieces;
  budget::charge(n * sizeof(piece));
  for (std::size_t i = 0; i < n; ++i) {
    budget::checkpoint();
    const std::uint32_t from = table.u32(plc + 4 * i, "the PlcPcd"), to = table.u32(plc + 4 * (i + 1), "the PlcPcd");
    if (to < from || (!pieces.empty() && from < pieces.back().cp_to)) damaged("its piece table's characters are out of order");
    const std::uint64_t pcd = plc + 4 * (n + 1) + 8 * std::uint64_t(i);
    const std::uint32_t fc = table.u32(pcd + 2, "a Pcd");
    const std::uint16_t prm = table.u16(pcd + 6, "a Pcd");
    piece p{from, to, 0, (fc & 0x40000000u) != 0, {}};
    p.fc = p.compressed ? (fc & 0x3FFFFFFFu) / 2 : fc & 0x3FFFFFFFu;
    if ((prm & 1) && (prm >> 1) < prcs.size()) p.grpprl = prcs[prm >> 1];
    pieces.push_back(p);
  }
  return pieces;
}

// Code page 1252's 0x80-0x9F, as [MS-DOC] 2.4.1 reads 8-bit characters (the rest is Latin-1).
constexpr char16_t kCp1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                      0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | c >> 6);
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | c >> 12);
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | c >> 18);
    out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// A paragraph of the main document: its text (UTF-8; '\n' where a line or page break is) and
// what its mark makes of it.
struct paragraph {
  std::string text;
  bool cell_mark = false;  // ended by 0x07
  paragraph_properties properties;
};

// The main document's paragraphs, in order.
std::vector<paragraph> read_paragraphs(const stream& word, const std::vector<piece>& pieces, const papx_index& papx,
                                       std::uint32_t ccp_text) {
  std::vector<paragraph> out(1);
  std::vector<bool> fields;  // open fields: true while in their instructions (before 0x14)
  std::size_t instructions = 0;  // how many of them are (their text is not read)
  char16_t high = 0;  // a high surrogate waiting for its low one
  for (const auto& p : pieces) {
    if (p.cp_from >= ccp_text) break;
    const std::uint32_t to = std::min(p.cp_to, ccp_text);
    const std::uint64_t bytes = std::uint64_t(to - p.cp_from) * (p.compressed ? 1 : 2);
    word.need(p.fc, bytes, "a piece of the text");
    budget::charge(bytes * 2);
    for (std::uint32_t cp = p.cp_from; cp < to; ++cp) {
      budget::checkpoint();
      const std::uint64_t fc = p.fc + std::uint64_t(cp - p.cp_from) * (p.compressed ? 1 : 2);
      char16_t c = 0;
      if (p.compressed) {
        const std::uint8_t b = word.u8(fc, "a piece of the text");
        c = b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : b;
      } else {
        c = word.u16(fc, "a piece of the text");
      }
      auto& para = out.back();
      if (c == 0x0D || c == 0x07) {
        high = 0;
        para.cell_mark = c == 0x07;
        papx.apply(static_cast<std::uint32_t>(fc), para.properties);
        if (!p.grpprl.empty()) papx.apply(p.grpprl, para.properties);
        out.emplace_back();
        continue;
      }
      if (c == 0x13) {
        fields.push_back(true);
        ++instructions;
        continue;
      }
      if (c == 0x14) {
        if (!fields.empty() && fields.back()) fields.back() = false, --instructions;
        continue;
      }
      if (c == 0x15) {
        if (!fields.empty()) instructions -= fields.back() ? 1 : 0, fields.pop_back();
        continue;
      }
      if (instructions > 0) continue;
      if (c >= 0xD800 && c < 0xDC00) {
        high = c;
        continue;
      }
      if (c >= 0xDC00 && c < 0xE000) {
        if (high) append_utf8(para.text, 0x10000 + ((char32_t(high) - 0xD800) << 10) + (c - 0xDC00));
        high = 0;
        continue;
      }
      high = 0;
      if (c == 0x0B || c == 0x0C) para.text += '\n';
      else if (c == 0x09) para.text += ' ';
      else if (c == 0x1E) para.text += '-';
      else if (c >= 0x20) append_utf8(para.text, c);
      // else: a picture, an object, a note or comment reference, an optional hyphen: no text
    }
  }
  if (out.back().text.empty()) out.pop_back();  // the text after the last mark, if any, is a paragraph
  return out;
}

class renderer {
 public:
  renderer(document& out, const std::vector<paragraph>& paragraphs)
      : paragraphs_(paragraphs), grid_(out, [this](std::size_t s) { return origin_of(s); }) {}

  void render() {
    for (std::size_t i = 0; i < paragraphs_.size();) {
      if (paragraphs_[i].properties.in_table) {
        i = table(i);
      } else {
        line(i);
        ++i;
      }
    }
    grid_.end_line();
  }

 private:
  // The source of a character: its paragraph (1-based) in the high bits, its byte in the
  // paragraph's text in the low ones.
  static constexpr int kShift = 32;
  static std::size_t source(std::size_t index, std::size_t byte) { return (index + 1) << kShift | byte; }
  origin origin_of(std::size_t s) const {
    const std::size_t p = s >> kShift, byte = s & ((std::size_t(1) << kShift) - 1);
    if (p == 0 || p > paragraphs_.size()) return {};
    const auto& text = paragraphs_[p - 1].text;
    return origin{0, p, count_code_points(text, std::min(byte, text.size())) + 1};
  }

  // A paragraph's characters into `sink`; a break is a space in a cell, the end of a line outside.
  void put(std::size_t index, text_sink* cell) {
    const std::string& text = paragraphs_[index].text;
    for (std::size_t i = 0; i < text.size();) {
      budget::checkpoint();
      if (text[i] == '\n') {
        if (cell) cell->space();
        else grid_.end_line();
        ++i;
        continue;
      }
      const auto c = static_cast<unsigned char>(text[i]);
      std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      len = std::min(len, text.size() - i);
      (cell ? *cell : grid_.line()).put(std::string_view(text).substr(i, len), source(index, i));
      i += len;
    }
  }

  void line(std::size_t index) {
    grid_.end_line();
    put(index, nullptr);
    grid_.end_line();
  }

  struct row {
    std::vector<std::vector<std::size_t>> cells;  // each cell's paragraphs
    std::size_t end = 0;                          // its row-end paragraph
    const row_definition* definition = nullptr;   // usable for its cells, or null
  };

  // The table from paragraph `first` on; returns the paragraph after it.
  std::size_t table(std::size_t first) {
    std::vector<row> rows;
    row current;
    std::vector<std::size_t> cell;
    std::size_t i = first;
    for (; i < paragraphs_.size() && paragraphs_[i].properties.in_table; ++i) {
      budget::checkpoint();
      const auto& p = paragraphs_[i];
      if (p.properties.ttp) {  // the row ends (paragraphs before it without a cell mark: one more cell)
        if (!cell.empty()) current.cells.push_back(std::move(cell));
        cell.clear();
        current.end = i;
        finish(current, p.properties);
        rows.push_back(std::move(current));
        current = row{};
        continue;
      }
      cell.push_back(i);
      if (p.cell_mark) {
        current.cells.push_back(std::move(cell));
        cell.clear();
      }
    }
    if (!cell.empty()) current.cells.push_back(std::move(cell));
    if (!current.cells.empty()) {  // a row without its end (a damaged file): its cells in order
      current.end = i;
      rows.push_back(std::move(current));
    }
    render(rows);
    return i;
  }

  // Whether the row's definition fits its cells: one boundary more than cells, ascending.
  static void finish(row& r, const paragraph_properties& p) {
    if (!p.row || p.row->boundaries.size() != r.cells.size() + 1) return;
    for (std::size_t c = 1; c < p.row->boundaries.size(); ++c)
      if (p.row->boundaries[c] <= p.row->boundaries[c - 1]) return;
    r.definition = &*p.row;
  }

  void render(const std::vector<row>& rows) {
    // The grid: every boundary of the rows' definitions; a row without one has a column a cell.
    std::vector<int> grid;
    for (const auto& r : rows)
      if (r.definition) grid.insert(grid.end(), r.definition->boundaries.begin(), r.definition->boundaries.end());
    // Boundaries a few twips apart are one: the rows of a table drawn on one grid differ by the
    // rounding of their cells' widths (a cell spanning five columns ends 1 twip from the fifth).
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end(), [](int a, int b) { return b - a <= kSnapTwips; }), grid.end());
    std::size_t width = grid.empty() ? 0 : grid.size() - 1;
    for (const auto& r : rows)
      if (!r.definition) width = std::max(width, r.cells.size());
    if (width == 0) return;
    budget::charge(width * rows.size());
    const auto column = [&](int x) {  // the boundary x is, or was merged into
      return static_cast<std::size_t>(std::upper_bound(grid.begin(), grid.end(), x) - grid.begin()) - 1;
    };
    grid_.begin_table();
    for (const auto& r : rows) {
      grid_.begin_row();
      std::size_t at = 0;  // the next grid column to write
      for (std::size_t c = 0; c < r.cells.size(); ++c) {
        const std::size_t here = source(r.cells[c].front(), 0);
        std::size_t from = at, to = at + 1;
        if (r.definition) from = column(r.definition->boundaries[c]), to = column(r.definition->boundaries[c + 1]);
        for (; at < from && at < width; ++at) grid_.covered_cell(here);  // columns before the row's cells
        if (at >= width) break;
        const std::uint16_t flags = r.definition ? r.definition->flags[c] : 0;
        const bool continues = (flags & 0x60) == 0x20 || ((flags & 0x02) && !(flags & 0x01));
        if (continues) {
          grid_.covered_cell(here);
        } else {
          auto& sink = grid_.begin_cell(here);
          for (std::size_t k = 0; k < r.cells[c].size(); ++k) {
            if (k > 0) sink.space();
            put(r.cells[c][k], &sink);
          }
          grid_.end_cell();
        }
        for (at = from + 1; at < to && at < width; ++at) grid_.covered_cell(here);  // the columns it spans
      }
      for (; at < width; ++at) grid_.covered_cell(source(r.end, 0));  // columns after the row's cells
      grid_.end_row();
    }
    grid_.end_table();
  }

  static constexpr int kSnapTwips = 20;  // 1 pt
  const std::vector<paragraph>& paragraphs_;
  grid_builder grid_;
};

}  // namespace

document read_doc(std::string_view bytes) {
  const compound_file file(bytes);
  auto word = file.read("WordDocument");
  if (!word)
    fail("ole-document",
         "an OLE compound file that holds no Word document (no WordDocument stream: an Excel or PowerPoint file, or a "
         "WPS file of its own format), which nianbao does not read: save it as DOCX");
  const fib f = read_fib(*word);
  auto table = file.read(f.table1 ? "1Table" : "0Table");
  if (!table) damaged(std::string("its table stream (") + (f.table1 ? "1Table" : "0Table") + ") is missing");
  const auto data = file.read("Data");
  const auto pieces = read_pieces(*table, f);
  const papx_index papx(*word, *table, data, f);
  const auto paragraphs = read_paragraphs(*word, pieces, papx, f.ccp_text);
  document out;
  out.kind = format::doc;
  renderer(out, paragraphs).render();
  budget::charge(out.text.size() + out.anchors.size() * sizeof(anchor));
  return out;
}

}  // namespace nianbao::read
