#pragma once
// ByteReader: sequential reads from a data file, plain or gzip (zlib's gzread passes plain
// files through unchanged), tracking the byte offset so every error names the file and where
// in it reading failed. Offsets of a .gz file count decompressed bytes.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ember::data::detail {

class ByteReader {
 public:
  // Throws ember::Error("<op>: cannot open <path>...") when the file cannot be opened.
  ByteReader(const char* op, std::string path);
  ~ByteReader();
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  // Reads exactly n bytes of `what` or throws "short read in <path> at byte offset X".
  void read_exact(void* dst, size_t n, const char* what);
  // Reads up to n bytes; fewer only at the end of the file. Throws on a decompression error.
  size_t read_some(void* dst, size_t n);
  // A big-endian 32-bit integer, as IDX headers store them.
  uint32_t read_u32_be(const char* what);

  // "<path> at byte offset X", noting for a .gz file that X counts decompressed bytes.
  std::string where(uint64_t offset) const;

  const std::string& path() const noexcept { return path_; }
  uint64_t offset() const noexcept { return offset_; }

 private:
  const char* op_;
  std::string path_;
  gzFile file_;
  uint64_t offset_ = 0;
};

// `path` if it exists, else `path + ".gz"` if that does; throws naming both when neither does.
std::string find_plain_or_gz(const char* op, const std::string& path);

}  // namespace ember::data::detail
