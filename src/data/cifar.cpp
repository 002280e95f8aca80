#include "ember/data/datasets/cifar.h"

#include <vector>

#include "data/byte_reader.h"
#include "ember/core/error.h"
#include "ember/core/factories.h"

namespace ember::data::datasets {

namespace {
constexpr size_t kPixels = 3 * 32 * 32;
constexpr size_t kRecord = 1 + kPixels;  // label byte, then the image
}  // namespace

CIFAR10::CIFAR10(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  std::vector<std::string> names;
  if (is_train_) {
    for (int i = 1; i <= 5; ++i) names.push_back("data_batch_" + std::to_string(i) + ".bin");
  } else {
    names.push_back("test_batch.bin");
  }
  std::vector<uint8_t> records;
  for (const auto& name : names) {
    std::string path = root.empty() || root.back() == '/' ? root + name : root + "/" + name;
    detail::ByteReader in("CIFAR10", path);
    // Whole records until the end of the file; a partial record means a truncated file.
    size_t before = records.size();
    records.resize(before + kRecord);
    for (;;) {
      uint64_t at = in.offset();
      size_t got = in.read_some(records.data() + records.size() - kRecord, kRecord);
      if (got == 0) break;
      EMBER_CHECK(got == kRecord, "CIFAR10", "short read in ", path, " at byte offset ", at,
                  ": a record is ", kRecord, " bytes (label + 3x32x32 image) but the file ends after ",
                  got, " (truncated file?)");
      records.resize(records.size() + kRecord);
    }
    records.resize(records.size() - kRecord);
    EMBER_CHECK(records.size() > before, "CIFAR10", path, " holds no records");
  }
  auto n = static_cast<int64_t>(records.size() / kRecord);
  Tensor pixels = empty({n, 3, 32, 32}, kByte);
  Tensor labels = empty({n}, kByte);
  uint8_t* p = pixels.data_ptr<uint8_t>();
  uint8_t* l = labels.data_ptr<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t* record = records.data() + static_cast<size_t>(i) * kRecord;
    EMBER_CHECK(record[0] < 10, "CIFAR10", "label ", int{record[0]}, " of record ", i,
                " is not a CIFAR-10 class (0-9): is this the binary version of CIFAR-10?");
    l[i] = record[0];
    std::copy(record + 1, record + kRecord, p + static_cast<size_t>(i) * kPixels);
  }
  images_ = pixels.to(kFloat).div_(255);
  targets_ = labels.to(kLong);
}

Example<> CIFAR10::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(images_.size(0)), "CIFAR10::get", "index ", index,
              " is out of range for ", images_.size(0), " examples");
  auto i = static_cast<int64_t>(index);
  return {images_[i], targets_[i]};
}

std::optional<size_t> CIFAR10::size() const { return static_cast<size_t>(images_.size(0)); }

}  // namespace ember::data::datasets
