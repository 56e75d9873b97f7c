#pragma once
// Archives written with libarchive's writer, member by member, into memory or a file: for the
// unit tests (test_support.hpp: make_archive) and the generator of the fuzz seeds
// (fuzz/make_archive_seeds.cpp). No test framework here: failures throw std::runtime_error.
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace nianbao::test {

enum class archive_kind { zip, tar, tar_gz, tar_xz, seven_zip };

struct member {
  std::string name;  // bytes as stored (zip: without the UTF-8 flag, as Windows tools write)
  std::string data;
  bool store = false;  // zip: stored, not deflated
  // Another kind of entry (no data): a symbolic link to link_to (AE_IFLNK), a hard link to
  // link_to (hard), a FIFO (AE_IFIFO), ...; 0: a regular file.
  unsigned filetype = 0;
  std::string link_to;
  bool hard = false;
};

class archive_writer {
 public:
  // Into `out` (appended to as the archive is written; complete after close()).
  archive_writer(archive_kind k, std::string& out) : kind_(k), locale_(k == archive_kind::seven_zip) {
    start();
    check(archive_write_open(a_, &out, nullptr, &append, nullptr), "open");
  }
  // Into a file.
  archive_writer(archive_kind k, const std::string& file, int) : kind_(k), locale_(k == archive_kind::seven_zip) {
    start();
    check(archive_write_open_filename(a_, file.c_str()), "open " + file);
  }
  ~archive_writer() {
    if (a_) archive_write_free(a_);  // closes it when close() was not called (after an error)
  }
  archive_writer(const archive_writer&) = delete;
  archive_writer& operator=(const archive_writer&) = delete;

  void add(const member& m) {
    if (kind_ == archive_kind::zip) {
      if (m.store) archive_write_zip_set_compression_store(a_);
      else archive_write_zip_set_compression_deflate(a_);
    }
    archive_entry* e = archive_entry_new();
    archive_entry_copy_pathname(e, m.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(m.data.size()));
    archive_entry_set_filetype(e, m.filetype ? m.filetype : AE_IFREG);
    if (m.hard) archive_entry_copy_hardlink(e, m.link_to.c_str());
    else if (!m.link_to.empty()) archive_entry_copy_symlink(e, m.link_to.c_str());
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1700000000, 0);
    const int r = archive_write_header(a_, e);
    archive_entry_free(e);
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) check(r, "header of " + m.name);
    if (archive_write_data(a_, m.data.data(), m.data.size()) != static_cast<la_ssize_t>(m.data.size()))
      check(ARCHIVE_FATAL, "data of " + m.name);
  }
  void close() { check(archive_write_close(a_), "close"); }

 private:
  // 7z stores names as UTF-16: libarchive converts them with the thread's locale. zip keeps
  // the "C" locale: names are stored as raw bytes, GBK names included.
  struct utf8_locale {
    locale_t loc = nullptr, old = nullptr;
    explicit utf8_locale(bool on) {
      if (on && (loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr)))) old = uselocale(loc);
    }
    ~utf8_locale() {
      if (old) uselocale(old);
      if (loc) freelocale(loc);
    }
    utf8_locale(const utf8_locale&) = delete;
    utf8_locale& operator=(const utf8_locale&) = delete;
  };

  void start() {
    a_ = archive_write_new();
    switch (kind_) {
      case archive_kind::zip: archive_write_set_format_zip(a_); break;
      case archive_kind::tar: archive_write_set_format_pax_restricted(a_); break;
      case archive_kind::tar_gz:
        archive_write_set_format_pax_restricted(a_);
        archive_write_add_filter_gzip(a_);
        break;
      case archive_kind::tar_xz:
        archive_write_set_format_pax_restricted(a_);
        archive_write_add_filter_xz(a_);
        break;
      case archive_kind::seven_zip: archive_write_set_format_7zip(a_); break;
    }
    archive_write_set_bytes_in_last_block(a_, 1);  // no padding of the last block
  }
  void check(int r, const std::string& what) {
    if (r == ARCHIVE_OK) return;
    const char* s = archive_error_string(a_);
    throw std::runtime_error("archive writer: " + what + ": " + (s ? s : "error"));
  }
  static la_ssize_t append(archive*, void* client, const void* buf, size_t n) {
    static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  }

  archive_kind kind_;
  utf8_locale locale_;
  archive* a_ = nullptr;
};

// A whole archive in memory.
inline std::string archive_bytes(archive_kind k, const std::vector<member>& members) {
  std::string out;
  archive_writer w(k, out);
  for (const auto& m : members) w.add(m);
  w.close();
  return out;
}

}  // namespace nianbao::test
