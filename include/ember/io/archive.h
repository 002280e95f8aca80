#pragma once
// serialize::OutputArchive / InputArchive, as LibTorch's torch::serialize archives: named
// tensors, scalars, strings and nested archives, saved to and loaded from one file.
//
// The file is safetensors (loadable by any safetensors reader): every tensor is stored under
// its path of keys joined by '.', and the rest of the archive (scalars, strings, nesting,
// which tensors are buffers) is JSON text in the header's __metadata__ under "ember.archive".
// A plain safetensors file without that entry loads as an archive of its tensors.
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "ember/core/error.h"
#include "ember/core/tensor.h"

namespace ember::serialize {

namespace detail {
struct Record;
}  // namespace detail

class OutputArchive {
 public:
  OutputArchive();
  OutputArchive(const OutputArchive& other);
  OutputArchive& operator=(const OutputArchive& other);
  OutputArchive(OutputArchive&&) noexcept;
  OutputArchive& operator=(OutputArchive&&) noexcept;
  ~OutputArchive();

  // Each key is written once; writing it again throws. A tensor's values are read when
  // save_to runs, not here (as LibTorch, which keeps the tensor).
  void write(const std::string& key, const Tensor& tensor, bool is_buffer = false);
  void write(const std::string& key, double value);
  void write(const std::string& key, bool value);
  void write(const std::string& key, const std::string& value);
  void write(const std::string& key, const char* value) { write(key, std::string(value)); }
  // Any integer type, stored as int64 (an unsigned value beyond int64 throws).
  template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  void write(const std::string& key, Int value) {
    if constexpr (std::is_unsigned_v<Int> && sizeof(Int) >= sizeof(int64_t)) {
      EMBER_CHECK(value <= static_cast<Int>(std::numeric_limits<int64_t>::max()), "OutputArchive::write", "key '",
                  key, "': ", value, " does not fit in int64; store it bit-cast to int64");
    }
    write_int(key, static_cast<int64_t>(value));
  }
  // A copy of `nested` as it is now.
  void write(const std::string& key, const OutputArchive& nested);

  // Keys in the order written.
  std::vector<std::string> keys() const;

  // Atomically replaces `filename`: a temporary in the same directory is written, synced and
  // renamed over it, so a failure leaves the old file intact.
  void save_to(const std::string& filename) const;
  void save_to(std::ostream& stream) const;

 private:
  friend class InputArchive;
  void write_int(const std::string& key, int64_t value);
  std::shared_ptr<detail::Record> record_;
};

class InputArchive {
 public:
  InputArchive();
  InputArchive(const InputArchive& other);
  InputArchive& operator=(const InputArchive& other);
  InputArchive(InputArchive&&) noexcept;
  InputArchive& operator=(InputArchive&&) noexcept;
  ~InputArchive();

  // Reads and validates the whole file first: on any error this archive is unchanged.
  void load_from(const std::string& filename);
  void load_from(std::istream& stream);

  // An undefined `tensor` becomes the stored one. A defined one must have the stored shape
  // and dtype and gets its values copied in (without autograd history). Deviation from
  // LibTorch, whose read() replaces the tensor's storage with set_ and so silently accepts
  // any shape: copying keeps references (an optimizer's) valid and catches a wrong model.
  void read(const std::string& key, Tensor& tensor, bool is_buffer = false);
  // As read, but a missing key returns false (a key holding something else still throws).
  bool try_read(const std::string& key, Tensor& tensor, bool is_buffer = false);
  void read(const std::string& key, int64_t& value);
  void read(const std::string& key, double& value);
  void read(const std::string& key, bool& value);
  void read(const std::string& key, std::string& value);
  void read(const std::string& key, InputArchive& nested);
  bool try_read(const std::string& key, InputArchive& nested);

  bool contains(const std::string& key) const;
  // Keys in the order stored.
  std::vector<std::string> keys() const;
  // Whether `key` holds a tensor / a nested archive.
  bool is_tensor(const std::string& key) const;
  bool is_archive(const std::string& key) const;
  // Whether the tensor at `key` was written as a buffer (false when the file doesn't say).
  bool is_buffer(const std::string& key) const;
  // The file this archive was loaded from, with the path of nested keys ("ckpt.pt: optimizer"),
  // for error messages.
  const std::string& source() const { return source_; }

 private:
  friend class OutputArchive;
  std::shared_ptr<const detail::Record> record_;
  std::string source_;
};

}  // namespace ember::serialize
