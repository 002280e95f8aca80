#include "ember/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "ember/core/error.h"

namespace ember::io {

namespace {

std::string parent_directory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Closes the descriptor and removes the temporary unless committed.
class TempFile {
 public:
  explicit TempFile(const std::string& path) : path_(path + ".tmp.XXXXXX") {
    std::vector<char> name(path_.begin(), path_.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    path_.assign(name.data());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  // Closes the descriptor, reporting close()'s error (a delayed write error on some systems).
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void commit() { committed_ = true; }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

[[noreturn]] void fail(const std::string& path, const char* what, int error) {
  detail::throw_error("save", "could not ", what, " for '", path, "': ", std::strerror(error),
                      "; the previous file (if any) is unchanged");
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& bytes) {
  EMBER_CHECK(!path.empty(), "save", "the file name is empty");
  TempFile temp(path);
  if (temp.fd() < 0) fail(path, "create a temporary file in its directory", errno);
  // mkstemp creates the file 0600; give it the usual permissions (subject to the umask).
  mode_t mask = ::umask(0);
  ::umask(mask);
  (void)::fchmod(temp.fd(), 0666 & ~mask);  // best effort: the data matters, not the mode
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(temp.fd(), bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write the temporary file", errno);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(temp.fd()) != 0) fail(path, "flush the temporary file to disk", errno);
  if (!temp.close()) fail(path, "close the temporary file", errno);
  if (::rename(temp.path().c_str(), path.c_str()) != 0) fail(path, "rename the temporary file over it", errno);
  temp.commit();
  // The rename is done; syncing the directory makes it survive a crash. A failure here
  // cannot be undone (the new file is in place), so it is reported but the file stays.
  int dir = ::open(parent_directory(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir < 0) fail(path, "open its directory to sync the rename", errno);
  int rc = ::fsync(dir);
  int error = errno;
  ::close(dir);
  EMBER_CHECK(rc == 0, "save", "'", path, "' was written but syncing its directory failed: ", std::strerror(error));
}

std::string read_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  EMBER_CHECK(fd >= 0, "load", "could not open '", path, "': ", std::strerror(errno));
  std::string bytes;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      ::close(fd);
      detail::throw_error("load", "could not read '", path, "': ", std::strerror(error));
    }
    if (n == 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

}  // namespace ember::io
