#include "input/input.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace nianbao::input {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSniffBytes = 512;     // tar's magic sits at 257
constexpr std::size_t kChunk = 64 * 1024;   // read size for files and members

// libarchive converts member names with the calling thread's locale (nl_langinfo, iconv): in
// the "C" locale every non-ASCII name fails (7z stores UTF-16, zip's UTF-8 flag). Each call
// into libarchive runs under a UTF-8 locale for the calling thread only (uselocale), so the
// process locale is left alone. Names stored as raw bytes come back as stored; see
// member_name_to_utf8 for GBK.
locale_t utf8_locale() {
  static const locale_t loc = [] {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"})
      if (locale_t l = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr))) return l;
    return static_cast<locale_t>(nullptr);
  }();
  return loc;
}

struct locale_guard {
  locale_t saved = nullptr;
  locale_guard() {
    if (auto l = utf8_locale()) saved = uselocale(l);
  }
  ~locale_guard() {
    if (saved) uselocale(saved);
  }
  locale_guard(const locale_guard&) = delete;
  locale_guard& operator=(const locale_guard&) = delete;
};

std::string in_quotes(std::string_view name) { return "'" + std::string(name) + "'"; }

std::string archive_message(archive* a, const char* fallback = "unknown error") {
  const char* s = archive_error_string(a);
  std::string m = s && *s ? s : fallback;
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ' || m.back() == '.')) m.pop_back();
  return m;
}

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "x.txt.gz" -> "x.txt"; "x.tgz" -> "x.tar"; anything else unchanged.
std::string without_compression_suffix(std::string name) {
  const auto slash = name.find_last_of("/:");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  const std::string lower = lower_ascii(name);
  for (std::string_view suf : {".gz", ".bz2", ".xz", ".lzma", ".zst", ".lz4", ".z"})
    if (lower.size() > suf.size() && ends_with(lower, suf)) return name.substr(0, name.size() - suf.size());
  for (std::string_view suf : {".tgz", ".tbz2", ".tbz", ".txz", ".tzst"})
    if (lower.size() > suf.size() && ends_with(lower, suf)) return name.substr(0, name.size() - suf.size()) + ".tar";
  return name.empty() ? "data" : name;
}

bool is_compression_only(std::string_view kind) {
  return kind == "gzip" || kind == "bzip2" || kind == "xz" || kind == "lzma" || kind == "zstd" || kind == "lz4";
}

// A libarchive reader set up for what nianbao reads.
archive* new_reader(bool compressed_stream) {
  archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_zip(a);
  archive_read_support_format_7zip(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_cpio(a);
  archive_read_support_format_rar(a);
  archive_read_support_format_rar5(a);
  // A compressed single file (report.txt.gz): no archive format inside, the stream itself is
  // the member. Only then, or "raw" would take any damaged archive as one member of garbage.
  if (compressed_stream) archive_read_support_format_raw(a);
  return a;
}

}  // namespace

std::string_view sniff_archive(std::string_view h) noexcept {
  auto at = [&](std::size_t off, std::string_view magic) { return h.size() >= off + magic.size() && h.substr(off, magic.size()) == magic; };
  using namespace std::string_view_literals;
  if (at(0, "PK\x03\x04"sv) || at(0, "PK\x05\x06"sv) || at(0, "PK\x07\x08"sv)) return "zip";
  if (at(0, "7z\xBC\xAF\x27\x1C"sv)) return "7z";
  if (at(0, "Rar!\x1A\x07"sv)) return "rar";
  if (at(257, "ustar"sv)) return "tar";
  if (at(0, "070707"sv) || at(0, "070701"sv) || at(0, "070702"sv) || at(0, "\xC7\x71"sv) || at(0, "\x71\xC7"sv))
    return "cpio";
  if (at(0, "\x1F\x8B\x08"sv)) return "gzip";
  if (at(0, "BZh"sv) && h.size() >= 10 && h[3] >= '1' && h[3] <= '9' &&
      (at(4, "\x31\x41\x59\x26\x53\x59"sv) || at(4, "\x17\x72\x45\x38\x50\x90"sv)))
    return "bzip2";
  if (at(0, "\xFD\x37\x7A\x58\x5A\x00"sv)) return "xz";
  if (at(0, "\x28\xB5\x2F\xFD"sv)) return "zstd";
  if (at(0, "\x04\x22\x4D\x18"sv)) return "lz4";
  if (at(0, "\x5D\x00\x00"sv) && h.size() >= 13) return "lzma";
  return {};
}

std::string member_name_to_utf8(std::string_view stored) {
  if (is_valid_utf8(stored)) return std::string(stored);
  UErrorCode e = U_ZERO_ERROR;
  UConverter* from = ucnv_open("GB18030", &e);
  if (U_FAILURE(e)) return std::string(stored);
  // A name that is not GB18030 either keeps its bytes (issue 24): printed for a person, each
  // invalid byte shows as \xNN (printable), so different bad names stay different, not U+FFFD.
  ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &e);
  std::string out(stored.size() * 3 + 4, '\0');  // GB18030 -> UTF-8: at most 3 bytes per byte (+ U+FFFD)
  e = U_ZERO_ERROR;
  const int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, from, out.data(), static_cast<int32_t>(out.size()), stored.data(),
                                       static_cast<int32_t>(stored.size()), &e);
  ucnv_close(from);
  if (U_FAILURE(e)) return std::string(stored);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool names_word_document(std::string_view first, std::string_view last) noexcept {
  using namespace std::string_view_literals;
  if (first.substr(0, 4) != "PK\x03\x04"sv) return false;
  constexpr std::string_view name = "word/document.xml";
  return first.find(name) != std::string_view::npos || last.find(name) != std::string_view::npos;
}

const std::vector<std::string_view>& report_extensions() {
  static const std::vector<std::string_view> exts = {
      // text reports (HTML pages too: saved from government web sites)
      ".txt", ".text", ".md", ".markdown", ".htm", ".html", ".shtml", ".xhtml",
      // published files read by their structure (read/): PDF text layers, Word documents, and
      // legacy Word and WPS files (read by their structure: read/doc.hpp)
      ".pdf", ".docx", ".doc", ".wps",
      // archives and compressed files, also when their content is damaged (an error record then)
      ".zip", ".7z", ".rar", ".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst", ".gz", ".bz2", ".xz", ".zst",
      ".lz4", ".lzma", ".cpio"};
  return exts;
}

bool is_report_name(std::string_view filename) {
  if (filename.empty() || filename[0] == '.') return false;
  const std::string name = lower_ascii(std::string(filename));
  if (ends_with(name, ".expected.json") || name.rfind("readme", 0) == 0) return false;
  const auto dot = name.rfind('.');
  if (dot == std::string::npos) return true;  // no extension: read (and sniffed)
  const std::string_view ext = std::string_view(name).substr(dot);
  const auto& exts = report_extensions();
  return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

std::string skip_key(std::string_view filename) {
  if (!filename.empty() && filename[0] == '.') return "hidden";
  const std::string name = lower_ascii(std::string(filename));
  if (ends_with(name, ".expected.json")) return "*.expected.json";
  if (name.rfind("readme", 0) == 0) return "README*";
  const auto dot = name.rfind('.');
  return dot == std::string::npos ? "other" : "*" + name.substr(dot);
}

std::string format_size(std::uint64_t b) {
  constexpr std::uint64_t KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
  auto fmt_unit = [](std::uint64_t v, std::uint64_t unit, const char* name) {
    if (v % unit == 0) return fmt::format("{} {}", v / unit, name);
    return fmt::format("{:.1f} {}", static_cast<double>(v) / static_cast<double>(unit), name);
  };
  if (b >= GiB) return fmt_unit(b, GiB, "GiB");
  if (b >= MiB) return fmt_unit(b, MiB, "MiB");
  if (b >= KiB) return fmt_unit(b, KiB, "KiB");
  return fmt::format("{} bytes", b);
}

// ---- the source ------------------------------------------------------------------------------

struct source::impl {
  struct archive_frame {
    archive* a = nullptr;
    std::string name;             // the archive's own path ("x.zip", "x.zip:y.tar.gz")
    std::string buffer;           // its bytes, for an archive inside an archive or on stdin
    int depth = 1;                // 1: named as input or found in a directory
    std::uint64_t size = 0;       // its compressed size
    std::size_t members = 0;      // members met so far that have a record (not directories)
    std::size_t headers = 0;      // headers read so far
    std::size_t failed_headers = 0;
    std::string last_member;      // name of the last regular member
    std::optional<diagnostic> pending;  // a damaged member, said after the next header is read
    bool have_header = false;     // the next header was read already (after a pending member)
    int header_r = ARCHIVE_OK;
    archive_entry* header_e = nullptr;
    bool raw = false;             // a compressed single file
    bool from_file = false;       // opened from the file `name` (not a buffer or a stream)
    bool recovered = false;       // the complete part of a truncated gzip stream (inflate_partial)
    std::FILE* stream = nullptr;  // read from a stream (standard input), `buffer` its first bytes
    bool buffer_given = false;
    std::vector<char> chunk;

    archive_frame() = default;
    archive_frame(const archive_frame&) = delete;
    archive_frame& operator=(const archive_frame&) = delete;
    ~archive_frame() {
      if (a) {
        locale_guard g;
        archive_read_free(a);
      }
    }
  };

  options opts;
  std::vector<std::string> inputs;
  std::size_t next_input = 0;
  // The directories being walked, outermost first: each level's entries, sorted so that the
  // files come out in the byte order of their whole paths (a directory sorts as "name/").
  struct dir_level {
    std::string path;
    std::vector<std::pair<std::string, bool>> entries;  // name (+ "/" for a directory), is_dir
    std::size_t next = 0;
  };
  std::vector<dir_level> dirs;

  // Lists a directory; on failure returns the error and pushes nothing.
  std::error_code push_dir(const std::string& path) {
    dir_level level;
    level.path = path;
    std::error_code ec;
    fs::directory_iterator it(path, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code fec;
      const auto st = it->symlink_status(fec);
      const auto name = it->path().filename().string();
      if (!opts.all_files && name[0] == '.') {  // hidden: .git/, .DS_Store, editor files
        ++skipped[skip_key(name)];
        continue;
      }
      // Directories are walked, but not through symbolic links (no loops); files may be links.
      // Every other entry (a link that leads nowhere or in a circle, a FIFO, a socket, a
      // device) is read as a file too: read_file gives it an error record, or counts it as
      // skipped when its name is not a report's (issue 24: they were dropped silently).
      if (fs::is_directory(st)) level.entries.emplace_back(name + "/", true);
      else level.entries.emplace_back(name, false);
    }
    if (ec) return ec;
    std::sort(level.entries.begin(), level.entries.end());
    dirs.push_back(std::move(level));
    return {};
  }

  // The next file of the directory walk (false at its end); a directory that cannot be listed
  // comes out as `file` with `error` set.
  bool next_dir_file(std::string& file, std::error_code& error) {
    while (!dirs.empty()) {
      auto& level = dirs.back();
      if (level.next >= level.entries.size()) {
        dirs.pop_back();
        continue;
      }
      const auto& [name, is_dir] = level.entries[level.next++];
      const std::string sep = (!level.path.empty() && level.path.back() == '/') ? "" : "/";
      if (is_dir) {
        const std::string sub = level.path + sep + name.substr(0, name.size() - 1);
        if (auto ec = push_dir(sub)) {
          file = sub;
          error = ec;
          return true;
        }
        continue;
      }
      file = level.path + sep + name;
      error.clear();
      return true;
    }
    return false;
  }

  std::vector<std::unique_ptr<archive_frame>> frames;  // open archives, innermost last
  std::string member_buffer;  // read_data's buffer, kChunk bytes once a member was read
  std::size_t counter = 0;
  std::uint64_t bytes = 0;
  std::map<std::string, std::size_t> skipped;  // files of directory walks not read, by kind
  // The file or member being read now: the name of the item when reading it fails on an
  // exception (the machine's memory running out while its bytes are read).
  std::string reading;

  bool mine(std::size_t index) const {
    return opts.shard_count <= 1 || index % opts.shard_count == opts.shard_index;
  }

  // Counts one item; true (and `out` filled) when it belongs to this shard.
  bool emit(item& out, std::string path, std::string data, std::optional<diagnostic> error) {
    const std::size_t index = counter++;
    if (!mine(index)) return false;
    out.path = std::move(path);
    out.bytes = std::move(data);
    out.error = std::move(error);
    out.index = index;
    bytes += out.bytes.size();
    return true;
  }
  bool emit_error(item& out, const std::string& path, std::string code, std::string message) {
    return emit(out, path, {}, file_error(path, std::move(code), std::move(message)));
  }

  std::string too_large(const std::string& what) const {
    return what + " is larger than the size limit of " + format_size(opts.limits.max_size) +
           " (--max-size)";
  }

  // Opens an archive (file, or bytes in `buffer`) and pushes its frame. On failure, counts one
  // error item for it; returns true when that item is for this shard.
  // With `stream`, the archive is read from it as it comes, `buffer` holding its first bytes.
  bool open_archive(item& out, const std::string& name, const std::string* file, std::string buffer,
                    std::string_view kind, int depth, std::FILE* stream = nullptr) {
    auto f = std::make_unique<archive_frame>();
    f->name = name;
    f->depth = depth;
    f->buffer = std::move(buffer);
    locale_guard g;
    f->a = new_reader(is_compression_only(kind));
    int r;
    if (stream) {
      f->stream = stream;
      f->chunk.resize(kChunk);
      r = archive_read_open(f->a, f.get(), nullptr, &read_stream, nullptr);
    } else if (file) {
      std::error_code ec;
      f->size = fs::file_size(*file, ec);
      f->from_file = true;
      r = archive_read_open_filename(f->a, file->c_str(), kChunk);
    } else {
      f->size = f->buffer.size();
      r = archive_read_open_memory(f->a, f->buffer.data(), f->buffer.size());
    }
    if (r != ARCHIVE_OK) {
      // A small .tar.gz cut short fails here: libarchive cannot inflate a whole first block.
      if (kind == "gzip")
        if (const auto recovered = recover_truncated_gzip(out, *f)) return *recovered;
      return emit_error(out, name, "archive",
                        "cannot open the archive " + in_quotes(name) + " (" + std::string(kind) + "): " + archive_message(f->a));
    }
    frames.push_back(std::move(f));
    return false;
  }

  // What zlib inflates of a frame's gzip stream (its buffer, or its file) before the stream
  // breaks off, within --max-size and --max-ratio; empty when nothing could be inflated.
  std::string inflate_partial(const archive_frame& f) const {
    std::string in = f.buffer;
    if (in.empty() && f.from_file) {
      std::ifstream file(f.name, std::ios::binary);
      in.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
    // At most what the limits let one member of the stream expand to: its size, its ratio.
    std::uint64_t cap = opts.limits.max_size;
    if (opts.limits.max_ratio > 0)
      cap = std::min<std::uint64_t>(cap, std::max<std::uint64_t>(opts.limits.ratio_threshold,
                                                                 static_cast<std::uint64_t>(opts.limits.max_ratio *
                                                                                            static_cast<double>(in.size()))));
    std::string out;
    z_stream z{};
    if (in.empty() || inflateInit2(&z, 15 + 16) != Z_OK) return out;
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
    char buf[kChunk];
    int r = Z_OK;
    while (r == Z_OK && out.size() < cap) {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      r = inflate(&z, Z_NO_FLUSH);
      out.append(buf, sizeof buf - z.avail_out);
      if (r == Z_BUF_ERROR || (r == Z_OK && z.avail_out == sizeof buf)) break;  // input used up
    }
    inflateEnd(&z);
    if (out.size() > cap) out.resize(static_cast<std::size_t>(cap));
    return out;
  }

  // A tar in a gzip stream that is cut short (libarchive gives up on the incomplete last block):
  // the tar that zlib inflates of it is opened in its place (its complete members are read, its
  // end says where it breaks). Nothing (nullopt) when it is no such thing, or was recovered
  // already; else what open_archive returned.
  std::optional<bool> recover_truncated_gzip(item& out, const archive_frame& broken) {
    if (broken.recovered || broken.stream) return std::nullopt;
    std::string plain = inflate_partial(broken);
    if (plain.size() < 512 || plain.compare(257, 5, "ustar") != 0) return std::nullopt;
    const std::uint64_t compressed = broken.size ? broken.size : broken.buffer.size();
    const bool mine_item = open_archive(out, broken.name, nullptr, std::move(plain), "tar", broken.depth);
    if (!mine_item && !frames.empty() && frames.back()->name == broken.name) {
      frames.back()->recovered = true;
      frames.back()->size = compressed;  // the ratio limit: of the compressed bytes
    }
    return mine_item;
  }

  // libarchive's read callback for a stream: the bytes already read, then the rest as it comes.
  static la_ssize_t read_stream(archive* a, void* client, const void** block) {
    auto* f = static_cast<archive_frame*>(client);
    if (!f->buffer_given) {
      f->buffer_given = true;
      if (!f->buffer.empty()) {
        *block = f->buffer.data();
        return static_cast<la_ssize_t>(f->buffer.size());
      }
    }
    const std::size_t n = std::fread(f->chunk.data(), 1, f->chunk.size(), f->stream);
    if (n == 0 && std::ferror(f->stream)) {
      archive_set_error(a, errno, "cannot read the standard input: %s", std::strerror(errno));
      return -1;
    }
    *block = f->chunk.data();
    return static_cast<la_ssize_t>(n);
  }

  // Bytes of a file, standard input or member that turned out to be an archive or a report.
  bool dispatch_bytes(item& out, const std::string& path, std::string data, int parent_depth) {
    auto kind = opts.expand_archives ? sniff_archive(data) : std::string_view{};
    if (kind == "zip" && is_word_document(data)) kind = {};  // a .docx is a report, not an archive
    if (!kind.empty()) {
      if (parent_depth + 1 > opts.limits.max_depth)
        return emit_error(out, path, "nesting",
                          "the archive " + in_quotes(path) + " is nested deeper than the limit of " +
                              std::to_string(opts.limits.max_depth) +
                              (opts.limits.max_depth == 1 ? " archive level" : " archive levels") +
                              " (--max-depth); it was not opened");
      return open_archive(out, path, nullptr, std::move(data), kind, parent_depth + 1);
    }
    return emit(out, path, std::move(data), std::nullopt);
  }

  // Standard input: a report (read whole, up to the size limit), or an archive. A tar archive or
  // a compressed stream is read as it comes, whatever its size; zip, 7z and rar need to seek, so
  // they are read into memory first (up to the size limit: name such an archive as a file).
  bool read_stdin(item& out) {
    reading = "-";
    std::string data(kSniffBytes, '\0');
    data.resize(std::fread(data.data(), 1, data.size(), stdin));
    const auto kind = opts.expand_archives ? sniff_archive(data) : std::string_view{};
    if (!kind.empty() && kind != "zip" && kind != "7z" && kind != "rar" && !std::ferror(stdin))
      return open_archive(out, "-", nullptr, std::move(data), kind, 1, stdin);
    const auto limit = opts.limits.max_size;
    char buf[kChunk];
    std::size_t n;
    while (!std::ferror(stdin) && (n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
      data.append(buf, n);
      if (data.size() > limit) return emit_error(out, "-", "too-large", too_large("the standard input"));
    }
    if (std::ferror(stdin))
      return emit_error(out, "-", "io", std::string("cannot read the standard input: ") + std::strerror(errno));
    return dispatch_bytes(out, "-", std::move(data), 0);
  }

  // Whether a zip is a Word document (.docx): it names word/document.xml in its first or last
  // kDocxProbe bytes (a local header near the start, or the central directory at the end).
  static constexpr std::size_t kDocxProbe = 65536;
  static bool is_word_document(std::string_view zip) {
    return names_word_document(zip.substr(0, kDocxProbe), zip.size() > kDocxProbe ? zip.substr(zip.size() - kDocxProbe) : "");
  }
  static bool file_is_word_document(std::FILE* f, const struct stat& st) {
    const auto size = st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
    std::string first(std::min(size, kDocxProbe), '\0'), last;
    if (::pread(fileno(f), first.data(), first.size(), 0) != static_cast<ssize_t>(first.size())) return false;
    if (size > kDocxProbe) {
      last.resize(kDocxProbe);
      if (::pread(fileno(f), last.data(), last.size(), static_cast<off_t>(size - kDocxProbe)) != static_cast<ssize_t>(last.size()))
        return false;
    }
    return names_word_document(first, last);
  }

  std::string cannot_read(const std::string& path) const {
    return "cannot read the file " + in_quotes(path) + ": " + std::strerror(errno);
  }

  // A file named as input, or found in a directory (`walked`): then only report-like files
  // are read (see is_report_name), unless options::all_files.
  bool read_file(item& out, const std::string& path, bool walked) {
    reading = path;
    // A file of a walk whose name is not a report's, when it is not a regular file (or cannot
    // be looked at): skipped and counted as such, as its content cannot be sniffed.
    const auto skip_unreadable = [&] {
      const auto name = fs::path(path).filename().string();
      if (!walked || opts.all_files || is_report_name(name)) return false;
      ++skipped[skip_key(name)];
      return true;
    };
    // Only a regular file is opened: opening a FIFO waits for a writer, for ever (issue 24), and
    // a device is no report. A link is followed.
    struct stat target {};
    if (::stat(path.c_str(), &target) != 0) {
      const int e = errno;
      if (skip_unreadable()) return false;
      errno = e;
      return emit_error(out, path, "io", cannot_read(path));
    }
    if (!S_ISREG(target.st_mode) && !S_ISDIR(target.st_mode)) {
      if (skip_unreadable()) return false;
      const char* kind = S_ISFIFO(target.st_mode)   ? "a FIFO"
                         : S_ISSOCK(target.st_mode) ? "a socket"
                         : S_ISCHR(target.st_mode)  ? "a character device"
                         : S_ISBLK(target.st_mode)  ? "a block device"
                                                    : "a special file";
      return emit_error(out, path, "not-a-file",
                        "cannot read " + in_quotes(path) + ": it is " + kind +
                            ", not a regular file (standard input is read with -)");
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return emit_error(out, path, "io", cannot_read(path));
    struct closer {
      std::FILE* f;
      ~closer() { std::fclose(f); }
    } close_it{f};
    struct stat st {};
    if (::fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
      return emit_error(out, path, "io", "cannot read the file " + in_quotes(path) + ": Is a directory");
    std::string head(kSniffBytes, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), f));
    if (std::ferror(f)) return emit_error(out, path, "io", cannot_read(path));
    auto kind = opts.expand_archives ? sniff_archive(head) : std::string_view{};
    if (kind == "zip" && file_is_word_document(f, st)) kind = {};  // a .docx is a report, not an archive
    if (!kind.empty()) return open_archive(out, path, &path, {}, kind, 1);
    if (walked && !opts.all_files && !is_report_name(fs::path(path).filename().string())) {
      ++skipped[skip_key(fs::path(path).filename().string())];
      return false;
    }
    if (!mine(counter)) {  // another shard's: not read further
      ++counter;
      return false;
    }
    const std::uint64_t size = st.st_size > 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    if (size > opts.limits.max_size) return emit_error(out, path, "too-large", too_large("the file " + in_quotes(path)));
    std::string data = std::move(head);
    if (data.size() == kSniffBytes) {
      data.reserve(std::max<std::uint64_t>(size, kSniffBytes) + 1);
      char buf[kChunk];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        data.append(buf, n);
        if (data.size() > opts.limits.max_size) return emit_error(out, path, "too-large", too_large("the file " + in_quotes(path)));
      }
      if (std::ferror(f)) return emit_error(out, path, "io", cannot_read(path));
    }
    return emit(out, path, std::move(data), std::nullopt);
  }

  // The stored name of an entry, as UTF-8.
  static std::string entry_name(archive_entry* e) {
    if (const char* p = archive_entry_pathname(e)) return member_name_to_utf8(p);
    if (const char* u = archive_entry_pathname_utf8(e)) return member_name_to_utf8(u);
    if (const wchar_t* w = archive_entry_pathname_w(e)) {
      std::string s;
      for (; *w; ++w) append_utf8(s, static_cast<char32_t>(*w));  // wchar_t is UTF-32 on Linux
      return s;
    }
    return {};
  }

  // Reads the data of the current member of `f` into `data`, up to `want` bytes in total
  // (stops early at the end). Returns an error message, or empty. `code` is set with it.
  std::string read_data(archive_frame& f, const std::string& member, std::string& data, std::uint64_t want,
                        std::int64_t start_consumed, std::string& code) {
    const auto& lim = opts.limits;
    // Read through a buffer of kChunk bytes kept for all members, and append what came: `data`
    // then grows only by what the member holds (its size when the header gives it, reserved by
    // the caller), instead of by a zero-filled kChunk for every member. With many small
    // members that was 64 KiB allocated, zeroed and freed per member (most of the time of an
    // archive of 100,000 tiny members, and a page fault storm when freed by another thread).
    if (member_buffer.size() < kChunk) member_buffer.resize(kChunk);
    while (data.size() < want) {
      const std::size_t room = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, want - data.size()));
      const la_ssize_t n = archive_read_data(f.a, member_buffer.data(), room);
      if (n > 0) {
        data.append(member_buffer.data(), static_cast<std::size_t>(n));
      } else {
        if (n == 0) break;
        // ARCHIVE_WARN here is a checksum that does not match ("ZIP bad CRC"): damaged data.
        code = "archive";
        return "cannot read member " + in_quotes(member) + " of the archive " + in_quotes(f.name) + ": " +
               archive_message(f.a);
      }
      if (data.size() > lim.max_size) {
        code = "too-large";
        return too_large("member " + in_quotes(member) + " of the archive " + in_quotes(f.name));
      }
      if (data.size() > lim.ratio_threshold && lim.max_ratio > 0) {
        std::int64_t consumed = archive_filter_bytes(f.a, -1) - start_consumed;
        // Formats that read ahead or seek (7z) do not say what one member took: the whole
        // archive's size is then the (generous) bound.
        if (consumed <= 0) consumed = static_cast<std::int64_t>(f.size);  // 0 for a stream: not checked
        const double ratio = consumed > 0 ? static_cast<double>(data.size()) / static_cast<double>(consumed) : 0;
        if (ratio > lim.max_ratio) {
          code = "compression-ratio";
          return fmt::format(
              "member {} of the archive {} expands more than {:g} times (the ratio limit, --max-ratio): {} bytes "
              "from {} compressed bytes; a zip bomb? It was not read further",
              in_quotes(member), in_quotes(f.name), lim.max_ratio, data.size(), consumed);
        }
      }
    }
    return {};
  }

  // One step in the innermost archive. Returns true when `out` holds an item of this shard.
  bool step_archive(item& out) {
    archive_frame& f = *frames.back();
    locale_guard g;
    archive_entry* e = nullptr;
    int r;
    if (f.have_header) {
      r = f.header_r;
      e = f.header_e;
      f.have_header = false;
    } else {
      r = archive_read_next_header(f.a, &e);
    }
    const bool stops = r == ARCHIVE_FATAL || (r == ARCHIVE_FAILED && !e) || r == ARCHIVE_RETRY;
    if (f.pending) {
      // The member before failed: whether the archive goes on after it decides the message.
      auto pending = std::move(*f.pending);
      f.pending.reset();
      if (stops) {
        if (f.recovered)  // the tar inflated from a cut gzip stream (recover_truncated_gzip)
          pending.message = "cannot read member " + in_quotes(f.last_member) + " of the archive " + in_quotes(f.name) +
                            ": its gzip stream is cut short in this member";
        pending.message += "; the archive breaks off here, nothing after this member can be read";
        frames.pop_back();
      } else {
        f.have_header = true;
        f.header_r = r;
        f.header_e = e;
      }
      const std::string path = pending.file;
      return emit(out, path, {}, std::move(pending));
    }
    if (r == ARCHIVE_EOF) {
      auto done = std::move(frames.back());
      frames.pop_back();
      if (done->members == 0 && done->failed_headers == 0) {
        std::string what;
        // A compressed stream of zero bytes (a .txt.gz of a run of zeros) reads as an empty
        // tar: say what it is rather than only "no files" (issue 24).
        if (archive_filter_count(done->a) > 1 &&
            (archive_format(done->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR)
          what = std::string(" (it is a ") + archive_filter_name(done->a, 0) +
                 "-compressed stream whose content is empty or zero bytes only: not a text report)";
        return emit_error(out, done->name, "empty-archive",
                          "the archive " + in_quotes(done->name) + " holds no files" + what);
      }
      return false;
    }
    if (stops) {
      auto done = std::move(frames.back());
      frames.pop_back();
      std::string msg = archive_message(done->a);
      // A small gzip stream cut short gives no header at all: libarchive decompresses in
      // blocks and drops the last, incomplete one. Its complete members are read from what
      // zlib inflates of it (issue 24: GNU tar lists them), then where it breaks is said.
      if (done->headers == 0 && archive_filter_code(done->a, 0) == ARCHIVE_FILTER_GZIP)
        if (const auto recovered = recover_truncated_gzip(out, *done)) return *recovered;
      // The tar inflated from a cut gzip stream ends where the stream breaks.
      if (done->recovered) msg = "its gzip stream is cut short";
      if (done->headers == 0)
        return emit_error(out, done->name, "archive", "cannot read the archive " + in_quotes(done->name) + ": " + msg);
      return emit_error(out, done->name, "archive",
                        "the archive " + in_quotes(done->name) + " breaks off after member " +
                            in_quotes(done->last_member) + ": " + msg + "; nothing after it can be read");
    }
    ++f.headers;
    if (f.headers == 1) f.raw = archive_format(f.a) == ARCHIVE_FORMAT_RAW;
    std::string name = f.raw ? without_compression_suffix(f.name) : entry_name(e);
    if (name.empty()) name = "#" + std::to_string(f.headers);
    const std::string path = f.name + ":" + name;
    reading = path;
    if (r == ARCHIVE_FAILED) {  // this entry is unusable, the next may be fine
      ++f.failed_headers;
      f.last_member = name;
      return emit_error(out, path, "archive",
                        "cannot read member " + in_quotes(name) + " of the archive " + in_quotes(f.name) + ": " +
                            archive_message(f.a));
    }
    // A directory is structure, not an entry of content: passed over. Links, devices, FIFOs
    // and sockets have no report to read: each gives a record saying what it is (issue 24:
    // they were dropped silently). A hard link's data is its target's, read as that member.
    if (!f.raw && archive_entry_filetype(e) == AE_IFDIR) return false;
    if (!f.raw && (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))) {
      const auto kind = archive_entry_filetype(e);
      std::string what;
      if (const char* target = archive_entry_hardlink(e)) what = "a hard link to " + in_quotes(member_name_to_utf8(target));
      else if (kind == AE_IFLNK) {
        const char* target = archive_entry_symlink(e);
        what = "a symbolic link to " + in_quotes(target ? member_name_to_utf8(target) : std::string());
      } else {
        what = kind == AE_IFIFO ? "a FIFO" : kind == AE_IFCHR ? "a character device" : kind == AE_IFBLK ? "a block device"
               : kind == AE_IFSOCK ? "a socket" : "not a regular file";
      }
      ++f.members;  // a member with its record: the archive is not empty
      f.last_member = name;
      return emit_error(out, path, "not-a-file",
                        "member " + in_quotes(name) + " of the archive " + in_quotes(f.name) + " is " + what +
                            ", not a file: nothing to read");
    }
    // An Office or OpenDocument file is a zip, but not an archive of reports. (A Word document,
    // which names word/document.xml, is a report and never gets here.)
    if (f.headers == 1 && (archive_format(f.a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP &&
        (name == "[Content_Types].xml" || name == "mimetype")) {
      auto done = std::move(frames.back());
      frames.pop_back();
      return emit_error(out, done->name, "unsupported",
                        in_quotes(done->name) + " is an " +
                            (name == "mimetype" ? "OpenDocument file" : "Office Open XML file without word/document.xml (Excel, PowerPoint, or a damaged Word document)") +
                            ", not a report: save it as a Word document (.docx) or plain text (.txt) first");
    }
    ++f.members;
    f.last_member = name;
    // A member whose name is not a report's (README, *.expected.json, images, macOS's
    // __MACOSX/._* forks) is skipped and counted as in a directory, unless --all-files.
    if (!f.raw && !opts.all_files) {
      const auto slash = name.find_last_of('/');
      const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
      if (!base.empty() && (base[0] == '.' || !is_report_name(base))) {
        ++skipped[skip_key(base)];
        return false;
      }
    }

    const std::int64_t start_consumed = archive_filter_bytes(f.a, -1);
    std::string data;
    std::string code;
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
      data.reserve(static_cast<std::size_t>(
          std::min<std::uint64_t>(static_cast<std::uint64_t>(archive_entry_size(e)), opts.limits.max_size) + 1));
    // Read whole in every shard, so that a damaged member gives the same items (and indexes) in all
    // shards; the data of another shard's member is then dropped (emit).
    const std::string error = read_data(f, name, data, opts.limits.max_size + 1, start_consumed, code);
    if (!error.empty()) {
      if (code == "archive") {  // damaged data: said once the next header shows whether more follows
        f.pending = file_error(path, code, error);
        return false;
      }
      return emit_error(out, path, code, error);
    }
    return dispatch_bytes(out, path, std::move(data), f.depth);
  }

  bool next(item& out) {
    for (;;) {
      if (!frames.empty()) {
        if (step_archive(out)) return true;
        continue;
      }
      if (!dirs.empty()) {
        std::string file;
        std::error_code ec;
        if (!next_dir_file(file, ec)) continue;
        if (ec) {
          if (emit_error(out, file, "io", "cannot read the directory " + in_quotes(file) + ": " + ec.message()))
            return true;
          continue;
        }
        if (read_file(out, file, true)) return true;
        continue;
      }
      if (next_input >= inputs.size()) return false;
      const std::string& in = inputs[next_input++];
      if (in == "-") {
        if (read_stdin(out)) return true;
        continue;
      }
      std::error_code ec;
      if (fs::is_directory(in, ec)) {
        if (auto dec = push_dir(in);
            dec && emit_error(out, in, "io", "cannot read the directory " + in_quotes(in) + ": " + dec.message()))
          return true;
        continue;
      }
      if (read_file(out, in, false)) return true;
    }
  }
};

source::source(std::vector<std::string> inputs, options opts) : p_(std::make_unique<impl>()) {
  p_->inputs = std::move(inputs);
  p_->opts = std::move(opts);
  if (p_->opts.shard_count == 0) p_->opts.shard_count = 1;
}
source::~source() = default;
source::source(source&&) noexcept = default;
source& source::operator=(source&&) noexcept = default;

bool source::next(item& out) {
  out = item{};
  p_->reading.clear();
  try {
    return p_->next(out);
  } catch (const std::bad_alloc&) {
    // The machine's memory ran out while reading a file or member (one near --max-size): that
    // input fails under its own name, the run goes on (issue 24: bad_alloc never escapes).
    const std::string path = p_->reading.empty() ? std::string("(input)") : p_->reading;
    return p_->emit_error(out, path, "out-of-memory",
                          "cannot read " + in_quotes(path) + ": out of memory (the machine's)");
  } catch (const std::exception& ex) {  // still one item, then go on
    const std::string path = p_->reading.empty() ? std::string("(input)") : p_->reading;
    return p_->emit_error(out, path, "io", "cannot read " + in_quotes(path) + ": " + ex.what());
  }
}

std::uint64_t source::bytes_read() const noexcept { return p_->bytes; }
std::size_t source::items_seen() const noexcept { return p_->counter; }

std::optional<std::size_t> count_items(std::vector<std::string> inputs, options opts) {
  if (std::find(inputs.begin(), inputs.end(), "-") != inputs.end()) return std::nullopt;
  const std::size_t shards = std::max<std::size_t>(opts.shard_count, 1), shard = opts.shard_index;
  // A shard no item falls in: every item is counted and skipped unread where it can be.
  opts.shard_count = SIZE_MAX;
  opts.shard_index = SIZE_MAX - 1;
  source all(std::move(inputs), opts);
  for (item it; all.next(it);) {
  }
  const std::size_t n = all.items_seen();
  return shards == 1 ? n : (n > shard ? (n - shard + shards - 1) / shards : 0);
}
const std::map<std::string, std::size_t>& source::skipped() const noexcept { return p_->skipped; }

}  // namespace nianbao::input
