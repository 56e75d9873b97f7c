#include "decode/decode.hpp"

#include "core/utf8.hpp"
#include "core/utf8_scan.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

namespace nianbao::decode {
namespace {

constexpr std::size_t npos = std::string::npos;
constexpr std::size_t kSniffBytes = 8192;         // binary check, UTF-16 guess
constexpr std::size_t kDetectorBytes = 64 * 1024;  // sample given to ucsdet
constexpr std::size_t kChunkUnits = 64 * 1024;     // UTF-16 buffer for ICU conversions

// ---------------------------------------------------------------------------------------------
// Diagnostics

diagnostic warning_at(std::string_view text, std::size_t offset, std::string code, std::string msg) {
  diagnostic d;
  d.severity = severity::warning;
  d.code = std::move(code);
  d.message = std::move(msg);
  d.where = position_of(text, offset);
  d.source_line = std::string(line_at(text, offset));
  return d;
}

diagnostic warning_nowhere(std::string code, std::string msg) {
  diagnostic d;
  d.severity = severity::warning;
  d.code = std::move(code);
  d.message = std::move(msg);
  return d;
}

[[noreturn]] void fail(std::string code, std::string msg) {
  diagnostic d;
  d.severity = severity::error;
  d.code = std::move(code);
  d.message = std::move(msg);
  throw diagnostic_error(std::move(d));
}

// Warnings shared by every conversion path.
struct conversion_report {
  std::size_t invalid = 0;             // invalid sequences replaced by U+FFFD
  std::size_t first_invalid_in = npos;   // input byte offset of the first one (npos = unknown)
  std::size_t first_invalid_out = npos;  // byte offset of its U+FFFD in the text
  std::size_t truncated = 0;           // bytes of an incomplete character dropped at the end
};

void add_warnings(decoded& d, const conversion_report& r, std::size_t input_base) {
  const std::string name = d.encoding.substr(0, d.encoding.find(" ("));  // without " (BOM)"
  if (r.invalid > 0) {
    std::string msg = std::to_string(r.invalid) +
                      (r.invalid == 1 ? " invalid byte sequence" : " invalid byte sequences") +
                      " in " + name + " input replaced by U+FFFD";
    if (r.first_invalid_in != npos)
      msg += " (first at input byte " + std::to_string(r.first_invalid_in + input_base) + ")";
    std::size_t at = std::min(r.first_invalid_out, d.text.size());
    d.warnings.push_back(warning_at(d.text, at, "invalid-bytes", std::move(msg)));
  }
  if (r.truncated > 0) {
    d.warnings.push_back(warning_at(
        d.text, d.text.size(), "truncated-char",
        "input ends inside a multi-byte " + name + " character: " + std::to_string(r.truncated) +
            (r.truncated == 1 ? " trailing byte" : " trailing bytes") +
            " dropped (file cut off by a size limit?)"));
  }
}

// ---------------------------------------------------------------------------------------------
// UTF-8: validation, line-end normalisation and U+FFFD replacement in one pass, no ICU.

struct utf8_result : conversion_report {
  std::size_t valid_multi = 0;  // well-formed multi-byte characters seen
  bool aborted = false;         // stopped early: clearly not UTF-8
};

// Well-formed sequences per Unicode Table 3-7; each maximal subpart of an ill-formed sequence
// becomes one U+FFFD (the W3C / Unicode recommended practice). With `may_abort`, stops as soon
// as the input is clearly not UTF-8 (`aborted`, `out` unusable). Bytes kept as they are (all
// but CR and bad bytes) are copied in runs, ASCII checked 8 bytes at a time.
utf8_result utf8_to_text(std::string_view in, std::string& out, bool may_abort) {
  utf8_result r;
  out.resize(in.size());  // valid input never grows (CRLF shrinks); U+FFFD may, see below
  char* base = out.data();
  std::size_t w = 0;
  const auto* const begin = reinterpret_cast<const unsigned char*>(in.data());
  const auto* const end = begin + in.size();
  const unsigned char* p = begin;
  const unsigned char* run = begin;  // start of the bytes not yet copied
  const auto flush = [&] {
    std::memcpy(base + w, run, static_cast<std::size_t>(p - run));
    w += static_cast<std::size_t>(p - run);
  };

  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      if (c == '\r') {
        flush();
        base[w++] = '\n';
        ++p;
        if (p < end && *p == '\n') ++p;
        run = p;
      } else {
        ++p;
      }
      // ASCII without CR, 8 bytes at a time.
      while (end - p >= 8) {
        const std::uint64_t v = load8(p);
        if ((v & 0x8080808080808080ULL) | bytes_equal(v, '\r')) break;
        p += 8;
      }
      continue;
    }

    const utf8_prefix u = utf8_scan(p, end);
    if (u.valid == u.need) {
      p += u.need;
      ++r.valid_multi;
      continue;
    }
    flush();
    if (u.need != 0 && p + u.valid == end) {  // a valid prefix cut off by the end of the input
      r.truncated = u.valid;
      run = p = end;
      break;
    }
    if (r.invalid == 0) {
      r.first_invalid_in = static_cast<std::size_t>(p - begin);
      r.first_invalid_out = w;
    }
    ++r.invalid;
    p += u.valid;
    run = p;
    if (may_abort && r.invalid >= 8 && r.valid_multi <= 2 * r.invalid) {
      r.aborted = true;
      break;
    }
    // Keep room for the rest of the input plus this replacement.
    const std::size_t need_room = w + static_cast<std::size_t>(end - p) + 3;
    if (need_room > out.size()) {
      out.resize(std::max(need_room, out.size() + out.size() / 2));
      base = out.data();
    }
    base[w++] = '\xEF';
    base[w++] = '\xBF';
    base[w++] = '\xBD';
  }
  flush();
  out.resize(w);
  return r;
}

// Clearly UTF-8 with a few bad bytes (GBK text gives far fewer valid multi-byte sequences).
bool mostly_utf8(const utf8_result& r) { return !r.aborted && r.valid_multi > 2 * r.invalid; }

decoded finish_utf8(std::string text, const utf8_result& r, std::string encoding, std::size_t input_base) {
  decoded d;
  d.text = std::move(text);
  d.encoding = std::move(encoding);
  add_warnings(d, r, input_base);
  return d;
}

// ---------------------------------------------------------------------------------------------
// ICU conversions: bytes -> UTF-16 (ucnv) -> UTF-8 with line-end normalisation.

struct converter_closer {
  void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using converter_ptr = std::unique_ptr<UConverter, converter_closer>;

converter_ptr open_converter(const std::string& name) {
  UErrorCode e = U_ZERO_ERROR;
  converter_ptr c(ucnv_open(name.c_str(), &e));
  if (U_FAILURE(e)) c.reset();
  return c;
}

// MIME name, else IANA name, else ICU's canonical name.
std::string standard_name(UConverter* cnv) {
  UErrorCode e = U_ZERO_ERROR;
  const char* canonical = ucnv_getName(cnv, &e);
  if (U_FAILURE(e) || canonical == nullptr) return "unknown";
  for (const char* standard : {"MIME", "IANA"}) {
    UErrorCode e2 = U_ZERO_ERROR;
    const char* n = ucnv_getStandardName(canonical, standard, &e2);
    if (U_SUCCESS(e2) && n != nullptr && *n != '\0') return n;
  }
  return canonical;
}

struct icu_result : conversion_report {
  std::string text;
  std::size_t nonascii = 0;  // code points >= U+0080
  std::size_t chinese = 0;   // of which ideographs / CJK punctuation / full-width forms
  std::size_t controls = 0;  // C0 controls other than \t \n \v \f \r, and DEL
};

// Characters that make up the non-ASCII part of a Chinese report.
bool chinese_like(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF)     // CJK unified ideographs
         || (cp >= 0x3000 && cp <= 0x303F)  // CJK symbols and punctuation
         || (cp >= 0xFF00 && cp <= 0xFFEF)  // full-width forms
         || (cp >= 0x2000 && cp <= 0x206F)  // general punctuation: — “ ” ‘ ’ … ‰
         || (cp >= 0x2160 && cp <= 0x217F)  // Roman numerals
         || (cp >= 0x2460 && cp <= 0x24FF)  // circled numbers
         || (cp >= 0x3200 && cp <= 0x32FF)  // enclosed CJK ㈠
         || (cp >= 0x25A0 && cp <= 0x25FF)  // geometric shapes ■ □ ● ○
         || (cp >= 0xFE30 && cp <= 0xFE4F)  // CJK compatibility forms
         || cp == 0x00B7 || cp == 0x00D7 || cp == 0x00F7 || cp == 0x00B0 || cp == 0x2605 ||
         cp == 0x2606;
}

// Callback state: where (in UTF-16 units of the output) the first error went.
struct callback_state {
  const UChar* chunk_begin = nullptr;
  std::size_t units_before = 0;  // units emitted before chunk_begin
  const char* input_begin = nullptr;
  std::size_t errors = 0;
  std::size_t first_error_unit = npos;
  std::size_t first_error_byte = npos;
  std::size_t truncated = 0;
};

extern "C" void nianbao_decode_to_u_callback(const void* context, UConverterToUnicodeArgs* args,
                                             const char* /*code_units*/, int32_t length,
                                             UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset / close / clone
  auto* st = static_cast<callback_state*>(const_cast<void*>(context));
  if (*err == U_TRUNCATED_CHAR_FOUND) {  // incomplete character at the end of the input: drop it
    st->truncated = static_cast<std::size_t>(std::max<int32_t>(length, 1));
    *err = U_ZERO_ERROR;
    return;
  }
  if (st->errors++ == 0) {
    st->first_error_unit = st->units_before + static_cast<std::size_t>(args->target - st->chunk_begin);
    if (args->source != nullptr && st->input_begin != nullptr) {
      const std::ptrdiff_t after = args->source - st->input_begin;
      st->first_error_byte = after >= length ? static_cast<std::size_t>(after - length) : 0;
    }
  }
  *err = U_ZERO_ERROR;
  static const UChar replacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, err);
}

// UTF-16 -> UTF-8 with CRLF / CR -> LF, a leading U+FEFF removed, statistics for detection.
class utf16_writer {
 public:
  explicit utf16_writer(icu_result& r) : r_(r) {}

  void write(const UChar* p, const UChar* end, std::size_t first_index, std::size_t mark_index) {
    std::string& s = r_.text;
    std::size_t w = s.size();
    s.resize(w + static_cast<std::size_t>(end - p) * 3 + 4);  // a unit gives at most 3 bytes
    out_ = s.data();
    std::size_t index = first_index;
    for (; p < end; ++p, ++index) {
      const char16_t u = *p;
      if (u < 0x80 && u != '\r' && u != '\n' && u >= 0x20 && pending_high_ == 0 && index != mark_index) {
        out_[w++] = static_cast<char>(u);  // the common case
        after_cr_ = false;
        continue;
      }
      if (index == mark_index) r_.first_invalid_out = w;
      if (pending_high_ != 0) {
        const char16_t high = pending_high_;
        pending_high_ = 0;
        if (u >= 0xDC00 && u <= 0xDFFF) {
          w = put(w, 0x10000 + ((static_cast<char32_t>(high) - 0xD800) << 10) + (u - 0xDC00));
          continue;
        }
        w = put(w, 0xFFFD);
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high_ = u;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        w = put(w, 0xFFFD);
      } else if (index == 0 && u == 0xFEFF) {
        // byte-order mark: not part of the text
      } else {
        w = put(w, u);
      }
    }
    s.resize(w);
  }

  void finish() {
    if (pending_high_ != 0) {
      std::string& s = r_.text;
      std::size_t w = s.size();
      s.resize(w + 3);
      out_ = s.data();
      s.resize(put(w, 0xFFFD));
    }
    pending_high_ = 0;
  }

 private:
  // Writes one code point at out_[w]; returns the new end.
  std::size_t put(std::size_t w, char32_t cp) {
    char* o = out_;
    if (cp < 0x80) {
      if (cp == '\r') {
        o[w++] = '\n';
        after_cr_ = true;
        return w;
      }
      if (cp == '\n' && after_cr_) {
        after_cr_ = false;
        return w;
      }
      after_cr_ = false;
      if ((cp < 0x20 && (cp < 0x09 || cp > 0x0D)) || cp == 0x7F) ++r_.controls;
      o[w++] = static_cast<char>(cp);
      return w;
    }
    after_cr_ = false;
    ++r_.nonascii;
    if (chinese_like(cp)) ++r_.chinese;
    if (cp < 0x800) {
      o[w++] = static_cast<char>(0xC0 | (cp >> 6));
      o[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      o[w++] = static_cast<char>(0xE0 | (cp >> 12));
      o[w++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      o[w++] = static_cast<char>(0xF0 | (cp >> 18));
      o[w++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      o[w++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o[w++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    return w;
  }

  icu_result& r_;
  char* out_ = nullptr;
  char16_t pending_high_ = 0;
  bool after_cr_ = false;
};

icu_result icu_convert(UConverter* cnv, std::string_view in) {
  icu_result r;
  r.text.reserve(in.size() + in.size() / 2);
  callback_state st;
  st.input_begin = in.data();
  UErrorCode e = U_ZERO_ERROR;
  ucnv_reset(cnv);
  ucnv_setToUCallBack(cnv, nianbao_decode_to_u_callback, &st, nullptr, nullptr, &e);

  std::unique_ptr<UChar[]> buf(new UChar[kChunkUnits]);
  const char* src = in.data();
  const char* const src_end = src + in.size();
  utf16_writer writer(r);
  for (;;) {
    UChar* target = buf.get();
    st.chunk_begin = buf.get();
    UErrorCode err = U_ZERO_ERROR;
    ucnv_toUnicode(cnv, &target, buf.get() + kChunkUnits, &src, src_end, nullptr, true, &err);
    writer.write(buf.get(), target, st.units_before, st.first_error_unit);
    st.units_before += static_cast<std::size_t>(target - buf.get());
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) {  // not expected with our callback: count it, keep what we have
      if (st.errors++ == 0) r.first_invalid_out = r.text.size();
    }
    break;
  }
  writer.finish();
  r.invalid = st.errors;
  r.first_invalid_in = st.first_error_byte;
  r.truncated = st.truncated;
  ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &e);
  return r;
}

std::optional<icu_result> icu_convert(const std::string& name, std::string_view in) {
  converter_ptr cnv = open_converter(name);
  if (!cnv) return std::nullopt;
  return icu_convert(cnv.get(), in);
}

decoded finish_icu(icu_result&& r, std::string encoding) {
  decoded d;
  d.encoding = std::move(encoding);
  d.text = std::move(r.text);
  add_warnings(d, r, 0);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Sniffing

struct bom_info {
  const char* converter;  // ICU converter for the rest of the input
  const char* encoding;   // reported name
  std::size_t length;
};

std::optional<bom_info> sniff_bom(std::string_view b) {
  auto starts = [&](const char* sig, std::size_t n) { return b.size() >= n && std::memcmp(b.data(), sig, n) == 0; };
  if (starts("\xFF\xFE\x00\x00", 4)) return bom_info{"UTF-32LE", "UTF-32LE (BOM)", 4};
  if (starts("\x00\x00\xFE\xFF", 4)) return bom_info{"UTF-32BE", "UTF-32BE (BOM)", 4};
  if (starts("\xEF\xBB\xBF", 3)) return bom_info{"UTF-8", "UTF-8 (BOM)", 3};
  if (starts("\xFF\xFE", 2)) return bom_info{"UTF-16LE", "UTF-16LE (BOM)", 2};
  if (starts("\xFE\xFF", 2)) return bom_info{"UTF-16BE", "UTF-16BE (BOM)", 2};
  if (starts("\x84\x31\x95\x33", 4)) return bom_info{"GB18030", "GB18030 (BOM)", 4};
  return std::nullopt;
}

decoded decode_with_bom(std::string_view bytes, const bom_info& bom) {
  const std::string_view rest = bytes.substr(bom.length);
  if (std::strcmp(bom.converter, "UTF-8") == 0) {
    std::string text;
    const utf8_result r = utf8_to_text(rest, text, false);
    return finish_utf8(std::move(text), r, bom.encoding, bom.length);
  }
  std::optional<icu_result> r = icu_convert(bom.converter, rest);
  if (!r) fail("encoding", std::string("ICU has no converter for ") + bom.converter);
  if (r->first_invalid_in != npos) r->first_invalid_in += bom.length;
  return finish_icu(std::move(*r), bom.encoding);
}

// UTF-16 without BOM: the zero high bytes of ASCII characters sit on one parity only.
// Returns "UTF-16LE", "UTF-16BE" or nullptr.
const char* guess_utf16(std::string_view b) {
  const std::size_t n = std::min(b.size(), kSniffBytes) & ~std::size_t{1};
  std::size_t zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    zero_even += b[i] == '\0';
    zero_odd += b[i + 1] == '\0';
  }
  const std::size_t units = n / 2;
  // The other parity has zeros too, from characters U+xx00 (一 U+4E00, 开 U+5F00 are common).
  if (zero_odd >= 2 && zero_odd * 20 >= units && zero_even * 4 <= zero_odd) return "UTF-16LE";
  if (zero_even >= 2 && zero_even * 20 >= units && zero_odd * 4 <= zero_even) return "UTF-16BE";
  return nullptr;
}

// A control character that text in a byte encoding does not contain (NUL is counted apart).
bool binary_control(unsigned char c) {
  return (c < 0x20 || c == 0x7F) && !(c >= 0x09 && c <= 0x0D)  // \t \n \v \f \r
         && c != 0x0E && c != 0x0F                             // SO / SI (ISO-2022)
         && c != 0x1A && c != 0x1B;                            // DOS end of file, ESC (ISO-2022)
}

// Throws "binary" when the start of the input does not look like text in a byte encoding.
// `strays_allowed`: NUL and control bytes that are under 1 % of the start do not make it binary
// (the caller reads them as stray bytes of a text).
void check_binary(std::string_view b, bool strays_allowed = false) {
  const std::size_t n = std::min(b.size(), kSniffBytes);
  const auto* const bytes = reinterpret_cast<const unsigned char*>(b.data());
  std::size_t nul = 0, ctrl = 0, first_nul = npos, first_ctrl = npos;
  const auto note = [&](std::size_t i) {
    if (bytes[i] == 0) {
      if (nul++ == 0) first_nul = i;
    } else if (binary_control(bytes[i])) {
      if (ctrl++ == 0) first_ctrl = i;
    }
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {  // only the bytes below 0x20 and DEL get a look of their own
    for (std::uint64_t m = bytes_below(load8(bytes + i), 0x20) | bytes_equal(load8(bytes + i), 0x7F); m != 0;
         m &= m - 1)
      note(i + static_cast<std::size_t>(__builtin_ctzll(m)) / 8);
  }
  for (; i < n; ++i) note(i);
  std::size_t at = npos;
  if (strays_allowed && (nul + ctrl) * 100 < n) return;
  if (nul > 0 && (nul >= 8 || nul * 100 >= n)) at = first_nul;
  else if (ctrl >= 2 && ctrl * 10 >= n) at = first_ctrl;
  if (at != npos) fail("binary", "not a text file (binary content at byte " + std::to_string(at) + ")");
}

bool is_unicode_type(UConverterType t) {
  switch (t) {
    case UCNV_UTF16_BigEndian:
    case UCNV_UTF16_LittleEndian:
    case UCNV_UTF32_BigEndian:
    case UCNV_UTF32_LittleEndian:
    case UCNV_UTF16:
    case UCNV_UTF32:
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Forced encoding (--encoding)

decoded decode_forced(std::string_view bytes, std::string name) {
  for (const char* suffix : {" (BOM)", " (no BOM)"}) {
    const std::size_t n = std::strlen(suffix);
    if (name.size() > n && name.compare(name.size() - n, n, suffix) == 0) name.resize(name.size() - n);
  }
  converter_ptr cnv = open_converter(name);
  if (!cnv) fail("encoding", "unknown encoding '" + name + "'");
  const UConverterType type = ucnv_getType(cnv.get());
  const std::string std_name = standard_name(cnv.get());
  if (bytes.empty()) {
    decoded d;
    d.encoding = std_name;
    return d;
  }

  std::vector<diagnostic> notes;
  if (const auto bom = sniff_bom(bytes)) {
    const std::string bom_cnv = bom->converter;
    const bool matches = bom_cnv == std_name || (type == UCNV_UTF16 && bom_cnv.rfind("UTF-16", 0) == 0) ||
                         (type == UCNV_UTF32 && bom_cnv.rfind("UTF-32", 0) == 0) ||
                         (type == UCNV_UTF8 && bom_cnv == "UTF-8");
    if (matches) return decode_with_bom(bytes, *bom);
    notes.push_back(warning_nowhere("bom-mismatch", std::string("input starts with a ") + bom->converter +
                                                        " byte-order mark but the encoding " + std_name +
                                                        " was requested"));
  }
  if (!is_unicode_type(type)) check_binary(bytes);

  decoded d;
  if (type == UCNV_UTF8) {
    std::string text;
    const utf8_result r = utf8_to_text(bytes, text, false);
    d = finish_utf8(std::move(text), r, "UTF-8", 0);
  } else {
    d = finish_icu(icu_convert(cnv.get(), bytes), std_name);
  }
  d.warnings.insert(d.warnings.begin(), notes.begin(), notes.end());
  return d;
}

// ---------------------------------------------------------------------------------------------
// ucsdet, the last resort

struct detector_closer {
  void operator()(UCharsetDetector* d) const noexcept { ucsdet_close(d); }
};

struct guess {
  std::string name;
  int confidence = 0;
};

std::vector<guess> detector_guesses(std::string_view bytes) {
  std::vector<guess> out;
  UErrorCode e = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, detector_closer> det(ucsdet_open(&e));
  if (U_FAILURE(e)) return out;
  const std::string_view sample = bytes.substr(0, kDetectorBytes);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &e);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &count, &e);
  if (U_FAILURE(e) || matches == nullptr) return out;
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode e2 = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &e2);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &e2);
    if (U_SUCCESS(e2) && name != nullptr) out.push_back({name, confidence});
  }
  return out;
}

std::string guess_message(const std::string& name, int confidence) {
  return "encoding not declared and not recognised; guessed " + name +
         " with low confidence (ICU detector: " + std::to_string(confidence) + "/100)";
}

}  // namespace

decoded decode(std::string_view bytes, const options& opts) {
  if (!opts.encoding.empty()) return decode_forced(bytes, opts.encoding);
  if (bytes.empty()) {
    decoded d;
    d.encoding = "UTF-8";
    return d;
  }
  if (const auto bom = sniff_bom(bytes)) return decode_with_bom(bytes, *bom);

  if (const char* utf16 = guess_utf16(bytes)) {
    std::optional<icu_result> r = icu_convert(utf16, bytes);
    if (r && r->invalid == 0 && r->controls == 0) {
      decoded d = finish_icu(std::move(*r), std::string(utf16) + " (no BOM)");
      d.warnings.insert(d.warnings.begin(),
                        warning_nowhere("encoding-guess", std::string("no byte-order mark; guessed ") + utf16 +
                                                              " from the position of the NUL bytes"));
      return d;
    }
  }
  // A valid UTF-8 text with a few stray NUL or control bytes (under 1 % of its start: sixteen
  // NULs in a report made it "binary", issue 24) is read with them as U+FFFD, and a warning at
  // the first. Binary data is never valid UTF-8 for long, and has far more of them.
  bool strays_only = false;  // binary by the check below, but for a few strays in valid UTF-8
  try {
    check_binary(bytes);
  } catch (const diagnostic_error&) {
    if (!is_valid_utf8(bytes)) throw;
    check_binary(bytes, true);
    strays_only = true;
  }
  if (strays_only) {
    const auto stray = [](unsigned char c) { return c == 0 || binary_control(c); };
    std::size_t strays = 0, first = npos;
    for (std::size_t i = 0; i < bytes.size(); ++i)
      if (stray(static_cast<unsigned char>(bytes[i])) && strays++ == 0) first = i;
    if (strays > 0) {
      std::string cleaned;
      cleaned.reserve(bytes.size() + 2 * strays);
      for (const char c : bytes) {
        if (stray(static_cast<unsigned char>(c))) cleaned += "\xEF\xBF\xBD";
        else cleaned += c;
      }
      std::string text;
      const utf8_result u = utf8_to_text(cleaned, text, false);
      decoded d = finish_utf8(std::move(text), u, "UTF-8", 0);
      // Its place in the text: line ends are normalised (CRLF -> LF) before it.
      std::size_t crlf = 0;
      for (std::size_t i = 0; i + 1 < first; ++i) crlf += bytes[i] == '\r' && bytes[i + 1] == '\n';
      d.warnings.insert(d.warnings.begin(),
                        warning_at(d.text, first - crlf, "control-bytes",
                                   std::to_string(strays) + (strays == 1 ? " NUL or control byte" : " NUL or control bytes") +
                                       " in the text (the first here) read as U+FFFD"));
      return d;
    }
  }

  // The fast path: valid UTF-8, one pass, no ICU.
  std::string text;
  utf8_result u = utf8_to_text(bytes, text, true);
  if (!u.aborted && (u.invalid == 0 || mostly_utf8(u))) return finish_utf8(std::move(text), u, "UTF-8", 0);

  // GB18030 when it converts cleanly and reads as Chinese.
  std::optional<icu_result> gb = icu_convert("GB18030", bytes);
  const bool gb_clean = gb && gb->invalid == 0;
  const bool gb_chinese = gb && gb->chinese * 5 >= gb->nonascii * 4;
  if (gb_clean && gb_chinese) return finish_icu(std::move(*gb), "GB18030");
  // GB18030 with a few bad bytes (at most one per 20 non-ASCII characters): keep it, U+FFFD.
  if (gb && gb_chinese && gb->invalid * 20 <= gb->nonascii) return finish_icu(std::move(*gb), "GB18030");

  // ICU's detector: the best candidate that converts without error.
  for (const guess& g : detector_guesses(bytes)) {
    if (g.confidence < 10) break;  // sorted by confidence
    if (g.name == "UTF-8" || g.name.rfind("UTF-16", 0) == 0 || g.name.rfind("UTF-32", 0) == 0) continue;
    std::optional<icu_result> r;
    if (g.name == "GB18030") {
      if (!gb_clean) continue;
      r = std::move(gb);
      gb.reset();
    } else {
      r = icu_convert(g.name, bytes);
    }
    if (!r || r->invalid != 0) continue;
    decoded d = finish_icu(std::move(*r), g.name);
    if (g.confidence < 60)
      d.warnings.insert(d.warnings.begin(), warning_nowhere("encoding-guess", guess_message(g.name, g.confidence)));
    return d;
  }

  // Nothing fits: UTF-8 with U+FFFD for every invalid sequence.
  if (u.aborted) {
    text.clear();
    u = utf8_to_text(bytes, text, false);
  }
  return finish_utf8(std::move(text), u, "UTF-8", 0);
}

}  // namespace nianbao::decode
