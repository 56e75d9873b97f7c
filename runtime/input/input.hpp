#pragma once
// The input layer: everything named on a command line -> a sequence of items, one per report.
//
//   nianbao::input::source src({"report.txt", "reports/", "2023.zip", "-"});
//   for (nianbao::input::item it; src.next(it);)
//     records.push_back(it.error ? cx.failed(it.path, *it.error) : cx.process(it.bytes, it.path));
//
// What an input name expands to, in order:
//   - a file: one item; when its first bytes are an archive or a compressed stream (zip, 7z,
//     tar, gzip, bzip2, xz, lzma, zstd, lz4, rar, cpio), its members instead, read in place with
//     libarchive. A Word document (.docx: a zip naming word/document.xml, found by content) is a
//     report, one item, wherever it is (named, in a directory, in an archive, on standard input). A compressed single file (report.txt.gz) gives one member named after the
//     file without its compression suffix ("report.txt.gz:report.txt").
//   - a directory: the report-like regular files below it, recursively, in the byte order of the
//     whole paths (symbolic links to files are read, to directories not followed); archives among
//     them expand as above. A directory that cannot be listed yields an error item ("io").
//     Report-like (is_report_name): the name does not start with '.' (hidden files and
//     directories such as .git/ are not entered) nor with "README" (any case), and either has
//     no extension or ends, in any case, in one of report_extensions() (.txt .md .html .pdf .docx
//     .doc .wps ... and the archive suffixes); and any file whose first bytes are an archive, whatever its name. So a corpus directory's
//     NAME.expected.json, a previous run's out.jsonl / out.csv / out.sqlite, images are
//     not read. They are not dropped silently: skipped() counts them by kind, and the CLI says so
//     in its summary. options::all_files reads every file. Files named as inputs are always read.
//   - "-": standard input: a report, read whole; or an archive, whose members are "-:member". A
//     tar archive or compressed stream is read as it comes (any size); zip, 7z and rar need to
//     seek and are read into memory first, up to limits::max_size.
// Archives inside archives expand too, down to limits::max_depth levels.
//
// Every file and every regular archive member yields exactly one item: its bytes, or an error.
// Directories, links and other special members of an archive yield nothing. An archive that
// cannot be opened, holds no regular file, or breaks off in the middle yields one error item
// for itself (path: the archive's own path), so nothing disappears silently.
//
// Paths: a member is "archive:member", nested "a.zip:b.tar.gz:c.txt"; member names are UTF-8
// (names stored in GBK/GB18030, as Windows zip tools in China write them, are converted).
//
// Memory: one item at a time, plus the listing of each directory on the current path and one
// open libarchive reader (and, for an archive inside an archive, its bytes) per nesting level.
// No item is larger than limits::max_size.
// A source is not thread-safe: one thread pulls from it (see process.hpp for parallel work).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"

namespace nianbao::input {

struct limits {
  // Largest file, archive member or standard input read, in bytes: beyond it the item is an
  // error "too-large" (the rest is not read).
  std::uint64_t max_size = 64ull << 20;
  // Largest expansion of one archive member (uncompressed bytes / compressed bytes), checked
  // while reading once a member has produced more than ratio_threshold bytes: beyond it the
  // item is an error "compression-ratio" (a zip bomb), and reading stops there.
  double max_ratio = 100;
  std::uint64_t ratio_threshold = 1ull << 20;
  // Levels of archives inside archives that are opened: 1 = only archives named as inputs or
  // found in directories; deeper archives give an error item "nesting".
  int max_depth = 4;
};

struct options {
  nianbao::input::limits limits;
  // Sharding: keep every shard_count-th item, starting at shard_index (0-based), counted over
  // the expanded sequence of items (files and archive members, error items included). Items of
  // other shards are skipped without being read where possible; archives are always opened,
  // since their members are counted. The union of shards 0..N-1 is the whole sequence.
  std::size_t shard_index = 0;
  std::size_t shard_count = 1;
  // false: archives are not opened; their bytes form one item like any other file.
  bool expand_archives = true;
  // true: directory walks read every file, hidden ones and those that do not look like reports.
  bool all_files = false;
};

struct item {
  std::string path;                 // file, "archive.zip:dir/member.txt", or "-"
  std::string bytes;                // the content (empty when error is set)
  std::optional<diagnostic> error;  // set when it could not be read; code and message say why
  std::size_t index = 0;            // 0-based position in the expanded sequence (before sharding)
};

// Error codes of items: "io" (file cannot be read), "archive" (archive cannot be opened, a
// member cannot be read, or the archive breaks off), "empty-archive", "too-large",
// "compression-ratio", "nesting", "out-of-memory" (the machine's memory ran out while its bytes
// were read).

class source {
 public:
  explicit source(std::vector<std::string> inputs, options opts = {});
  ~source();
  source(source&&) noexcept;
  source& operator=(source&&) noexcept;

  // The next item of this shard, false at the end. Never throws for bad input.
  bool next(item& out);

  std::uint64_t bytes_read() const noexcept;   // bytes of the items yielded so far
  std::size_t items_seen() const noexcept;     // items counted so far, every shard included
  // Files of directory walks and archive members that were not read (not report-like), by kind: "*.expected.json",
  // "README*", "*.png" (the extension in lower case), "hidden", "other". Not items: sharding ignores them.
  const std::map<std::string, std::size_t>& skipped() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> p_;
};

// How many items `opts`'s shard of `inputs` gives, counted as a source gives them (the same
// skipping, archives opened and their members counted) without reading the items' bytes where
// that can be avoided. For the progress line's total; standard input ("-") cannot be counted
// without being consumed: nullopt when it is among the inputs.
std::optional<std::size_t> count_items(std::vector<std::string> inputs, options opts);

// What the first bytes of a stream are, as nianbao's input layer sees them: "zip", "7z", "rar",
// "tar", "cpio", "gzip", "bzip2", "xz", "lzma", "zstd", "lz4", or empty for anything else
// (a report). `head` should hold at least the first 512 bytes when there are that many.
std::string_view sniff_archive(std::string_view head) noexcept;

// Whether a zip is a Word document (.docx), by content: it starts with a zip's local header and
// names word/document.xml within `first` (its first bytes: Word writes it early) or `last` (its
// last bytes: the central directory, for zips that put it late). read::sniff says the same.
bool names_word_document(std::string_view first, std::string_view last) noexcept;

// An archive member's name as stored -> UTF-8: valid UTF-8 is kept; anything else is read as
// GB18030 (a superset of GBK/CP936), with U+FFFD for bytes that are not valid there either.
std::string member_name_to_utf8(std::string_view stored);

// The rule of directory walks (see above): whether a file of this name is read.
bool is_report_name(std::string_view filename);
// The extensions read in directory walks (lower case, with the dot); matched case-insensitively.
const std::vector<std::string_view>& report_extensions();
// The kind under which source::skipped() counts a file of this name.
std::string skip_key(std::string_view filename);

// "64 MiB", "1.5 GiB", "512 bytes": a byte count for messages.
std::string format_size(std::uint64_t bytes);

}  // namespace nianbao::input
