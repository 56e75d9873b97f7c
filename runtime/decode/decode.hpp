#pragma once
// Decode stage: the bytes of a report (file or archive member) -> UTF-8 text.
//
// Detection order when no encoding is forced:
//   1. byte-order mark: UTF-32LE/BE, UTF-8, UTF-16LE/BE, GB18030 (the BOM is removed);
//   2. UTF-16LE/BE without BOM, when NUL bytes sit on one parity only and the text converts
//      cleanly (warning "encoding-guess");
//   3. binary check on the first 8 KiB (NUL bytes, control characters) -> throws "binary";
//   4. valid UTF-8 (pure ASCII is UTF-8), checked by hand in one pass without ICU; a multi-byte
//      character cut off at the very end is dropped with a warning "truncated-char";
//      input that is clearly UTF-8 with a few bad bytes (more than twice as many valid
//      multi-byte characters as invalid sequences) stays UTF-8, bad bytes -> U+FFFD;
//   5. GB18030 (superset of GBK/GB2312) when the bytes convert without error and the
//      non-ASCII characters are mostly (80 %) Chinese (ideographs, CJK/full-width punctuation);
//      also with a few invalid sequences (at most one per 20 non-ASCII characters; U+FFFD and
//      a warning "invalid-bytes");
//   6. ICU's charset detector (ucsdet), taking the best candidate that converts without error
//      (warning "encoding-guess" when its confidence is below 60);
//   7. UTF-8 with every invalid sequence replaced by U+FFFD (warning "invalid-bytes").
//
// Encoding names reported in decoded::encoding (stable; tests and reports rely on them):
//   "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-32LE (BOM)",
//   "UTF-32BE (BOM)", "UTF-16LE (no BOM)", "UTF-16BE (no BOM)", "GB18030", "GB18030 (BOM)"
//   (GB18030's own byte-order mark 84 31 95 33),
//   names from ICU's detector as it spells them ("Big5", "EUC-JP", "Shift_JIS",
//   "ISO-8859-1", "windows-1252", ...), and for a forced encoding the converter's MIME name, or
//   its IANA name, or ICU's canonical name ("GB18030", "GBK", "UTF-16LE", "Big5"); when the
//   input starts with a BOM of the forced encoding (or its family: "UTF-16" takes either UTF-16
//   BOM), the BOM's name as above ("UTF-16LE (BOM)"). A BOM of another encoding gives a warning
//   "bom-mismatch" and the bytes are converted as forced. Empty input is "UTF-8" (detected) or
//   the forced converter's name.
// Warning messages name the encoding without the " (BOM)" suffix.
//
// Warning codes: "invalid-bytes", "truncated-char", "encoding-guess", "bom-mismatch",
// "control-bytes" (valid UTF-8 with a few stray NUL or control bytes, under 1 % of the first
// 8 KiB, which the binary check refuses otherwise: read as U+FFFD, the warning at the first).
// Error codes (diagnostic_error): "encoding" (unknown converter name), "binary".
// Warning positions are line / column (code points, 1-based) / byte in the decoded text; the
// `file` field is left empty for the caller to fill in.
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao::decode {

struct options {
  // Empty = detect; else an ICU converter name ("GB18030", "GBK", "UTF-16LE", "UTF-8", ...).
  // The names above with " (BOM)" / " (no BOM)" are accepted too.
  std::string encoding;
};

struct decoded {
  std::string text;      // UTF-8, BOM removed, line ends normalised to "\n" (CRLF, lone CR -> LF)
  std::string encoding;  // what was used (see the list above)
  std::vector<nianbao::diagnostic> warnings;
};

// Throws nianbao::diagnostic_error for an unknown forced encoding ("encoding") and for binary
// content ("binary"); never for bad bytes in text (those become U+FFFD plus a warning).
decoded decode(std::string_view bytes, const options& opts = {});

}  // namespace nianbao::decode
