#include "data/byte_reader.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>

#include "ember/core/error.h"

namespace ember::data::detail {

ByteReader::ByteReader(const char* op, std::string path) : op_(op), path_(std::move(path)) {
  file_ = gzopen(path_.c_str(), "rb");
  EMBER_CHECK(file_ != nullptr, op_, "cannot open ", path_, ": ", std::strerror(errno));
}

ByteReader::~ByteReader() { gzclose(file_); }

size_t ByteReader::read_some(void* dst, size_t n) {
  size_t done = 0;
  auto* out = static_cast<unsigned char*>(dst);
  while (done < n) {
    // gzread takes an unsigned count: read in chunks below INT_MAX so its int result fits.
    unsigned chunk = static_cast<unsigned>(std::min<size_t>(n - done, 1u << 30));
    int got = gzread(file_, out + done, chunk);
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file_, &code);
      ::ember::detail::throw_error(op_, "corrupt data in ", where(offset_ + done), ": ", message);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  offset_ += done;
  return done;
}

void ByteReader::read_exact(void* dst, size_t n, const char* what) {
  uint64_t start = offset_;
  size_t got = read_some(dst, n);
  EMBER_CHECK(got == n, op_, "short read in ", where(start), ": expected ", n,
              " bytes of ", what, " but the file ends after ", got, " (truncated file?)");
}

uint32_t ByteReader::read_u32_be(const char* what) {
  unsigned char b[4];
  read_exact(b, 4, what);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

std::string ByteReader::where(uint64_t offset) const {
  bool gz = path_.size() > 3 && path_.compare(path_.size() - 3, 3, ".gz") == 0;
  return ::ember::detail::str_cat(path_, " at byte offset ", offset, gz ? " (of the decompressed data)" : "");
}

std::string find_plain_or_gz(const char* op, const std::string& path) {
  if (std::filesystem::exists(path)) return path;
  if (std::filesystem::exists(path + ".gz")) return path + ".gz";
  ::ember::detail::throw_error(op, "missing data file ", path, " (nor ", path, ".gz exists)");
}

}  // namespace ember::data::detail
