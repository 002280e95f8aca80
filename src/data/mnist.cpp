#include "ember/data/datasets/mnist.h"

#include "data/byte_reader.h"
#include "ember/core/error.h"
#include "ember/core/factories.h"

namespace ember::data::datasets {

namespace {

constexpr uint32_t kImageMagic = 2051;  // IDX: unsigned bytes, 3 dims
constexpr uint32_t kLabelMagic = 2049;  // IDX: unsigned bytes, 1 dim
constexpr uint32_t kSide = 28;

std::string join(const std::string& root, const char* name) {
  return root.empty() || root.back() == '/' ? root + name : root + "/" + name;
}

void check_magic(detail::ByteReader& in, uint32_t expected) {
  uint64_t at = in.offset();
  uint32_t magic = in.read_u32_be("magic number");
  EMBER_CHECK(magic == expected, "MNIST", "bad magic number ", magic, " in ", in.where(at), " (expected ", expected, "; is this an MNIST ",
              expected == kImageMagic ? "images" : "labels", " file?)");
}

// uint8 images [N, 28, 28] read as float32 [N, 1, 28, 28] in [0, 1].
Tensor read_images(const std::string& path) {
  detail::ByteReader in("MNIST", path);
  check_magic(in, kImageMagic);
  uint32_t count = in.read_u32_be("image count");
  for (const char* what : {"row count", "column count"}) {
    uint64_t at = in.offset();
    uint32_t side = in.read_u32_be(what);
    EMBER_CHECK(side == kSide, "MNIST", "wrong dims in ", in.where(at), ": ", what,
                " is ", side, " but MNIST images are ", kSide, "x", kSide);
  }
  Tensor bytes = empty({int64_t{count}, 1, kSide, kSide}, kByte);
  in.read_exact(bytes.data_ptr<uint8_t>(), static_cast<size_t>(bytes.numel()), "pixels");
  return bytes.to(kFloat).div_(255);
}

Tensor read_labels(const std::string& path) {
  detail::ByteReader in("MNIST", path);
  check_magic(in, kLabelMagic);
  uint32_t count = in.read_u32_be("label count");
  Tensor bytes = empty({int64_t{count}}, kByte);
  in.read_exact(bytes.data_ptr<uint8_t>(), count, "labels");
  return bytes.to(kLong);
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  bool train = is_train_;
  std::string images_path = detail::find_plain_or_gz(
      "MNIST", join(root, train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte"));
  std::string labels_path = detail::find_plain_or_gz(
      "MNIST", join(root, train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte"));
  images_ = read_images(images_path);
  targets_ = read_labels(labels_path);
  EMBER_CHECK(images_.size(0) == targets_.size(0), "MNIST", "image/label count mismatch: ",
              images_path, " holds ", images_.size(0), " images (count at byte offset 4) but ",
              labels_path, " holds ", targets_.size(0), " labels (count at byte offset 4)");
}

Example<> MNIST::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(images_.size(0)), "MNIST::get", "index ", index,
              " is out of range for ", images_.size(0), " examples");
  auto i = static_cast<int64_t>(index);
  return {images_[i], targets_[i]};
}

std::optional<size_t> MNIST::size() const { return static_cast<size_t>(images_.size(0)); }

}  // namespace ember::data::datasets
