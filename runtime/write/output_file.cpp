#include "write/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/diagnostic.hpp"

namespace nianbao::write {

namespace fs = std::filesystem;

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::string& destination, const std::string& message) {
  throw diagnostic_error(file_error(destination, "output", message));
}

std::string errno_text(int e) { return std::strerror(e); }

}  // namespace

void check_destination(const std::string& destination, const std::string& option,
                       const std::vector<std::string>& inputs) {
  struct stat st {};
  if (::stat(destination.c_str(), &st) != 0) return;  // a new file (or an unusable folder: said when created)
  if (!S_ISREG(st.st_mode))
    refuse(destination, option + " must name a regular file, and this is " + kind_of(st.st_mode) +
                            " (nothing was written)");
  for (const auto& in : inputs) {
    struct stat is {};
    if (in == "-" || ::stat(in.c_str(), &is) != 0) continue;
    if (is.st_dev == st.st_dev && is.st_ino == st.st_ino)
      refuse(destination, option + " names an input of this run (" + in +
                              "), which the output would replace (nothing was written)");
  }
}

output_file::output_file(const std::string& destination) : destination_(destination), target_(destination) {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(destination, ec))) {
    const auto target = fs::weakly_canonical(destination, ec);
    if (!ec) target_ = target.string();
  }
  const fs::path t(target_);
  const auto dir = t.parent_path();
  temp_ = (dir / ("." + t.filename().string() + ".nianbao-XXXXXX")).string();
  const int fd = ::mkstemp(temp_.data());
  if (fd < 0)
    throw diagnostic_error(file_error(destination, "io", "cannot create the output file: " + errno_text(errno)));
  // The permissions of the file replaced, else those of a new file (0666 less the umask), not mkstemp's 0600.
  struct stat st {};
  mode_t mode;
  if (::stat(target_.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  ::close(fd);
}

output_file::~output_file() {
  if (!committed_) std::remove(temp_.c_str());
}

void output_file::commit() {
  if (committed_) return;
  if (std::rename(temp_.c_str(), target_.c_str()) != 0)
    throw diagnostic_error(file_error(destination_, "io", "cannot put the output in place: " + errno_text(errno)));
  committed_ = true;
}

}  // namespace nianbao::write
