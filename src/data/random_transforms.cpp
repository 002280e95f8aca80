#include <utility>

#include "ember/core/error.h"
#include "ember/core/factories.h"
#include "ember/data/detail/random.h"
#include "ember/data/transforms/random.h"

namespace ember::data::transforms {

namespace {
// Distinct salts keep a crop and a flip with the same seed from drawing the same numbers.
constexpr uint64_t kCropSalt = 0xC409;
constexpr uint64_t kFlipSalt = 0xF119;

template <class T>
std::vector<Example<>> apply_each(const T& transform, std::vector<Example<>> batch,
                                  ArrayRef<size_t> indices, size_t epoch, const char* op) {
  EMBER_CHECK(batch.size() == indices.size(), op, "got a batch of ", batch.size(),
              " examples for ", indices.size(), " indices");
  for (size_t i = 0; i < batch.size(); ++i)
    batch[i] = transform.apply(std::move(batch[i]), indices[i], epoch);
  return batch;
}
}  // namespace

RandomCrop::RandomCrop(ArrayRef<int64_t> size, int64_t padding, std::optional<uint64_t> seed)
    : padding_(padding), seed_(seed ? *seed : detail::seed_from_default_generator()) {
  EMBER_CHECK(size.size() == 1 || size.size() == 2, "RandomCrop",
              "expected size as one value or (height, width), but got ", size.size(), " values");
  height_ = size[0];
  width_ = size.size() == 2 ? size[1] : size[0];
  EMBER_CHECK(height_ > 0 && width_ > 0, "RandomCrop", "expected a positive crop size, but got ",
              height_, "x", width_);
  EMBER_CHECK(padding >= 0, "RandomCrop", "expected padding >= 0, but got ", padding);
}

Example<> RandomCrop::apply(Example<> input, size_t index, size_t epoch) const {
  Tensor& image = input.data;
  EMBER_CHECK(image.defined() && image.dim() >= 2, "RandomCrop",
              "expected an image [..., H, W], but got ", image.defined() ? image.dim() : 0, " dims");
  int64_t h = image.size(-2), w = image.size(-1);
  int64_t padded_h = h + 2 * padding_, padded_w = w + 2 * padding_;
  EMBER_CHECK(height_ <= padded_h && width_ <= padded_w, "RandomCrop", "crop ", height_, "x",
              width_, " is larger than the padded image ", padded_h, "x", padded_w,
              "; use a smaller size or more padding");
  detail::KeyedStream stream(detail::hash_key(seed_ ^ kCropSalt, index, epoch));
  int64_t top = static_cast<int64_t>(stream.below(static_cast<uint64_t>(padded_h - height_ + 1)));
  int64_t left = static_cast<int64_t>(stream.below(static_cast<uint64_t>(padded_w - width_ + 1)));
  // The window in padded coordinates [top, top + height) x [left, left + width) overlaps the
  // image rows [max(top, p), min(top + height, p + h)) - p; the rest stays zero (the padding).
  std::vector<int64_t> out_shape(image.sizes().begin(), image.sizes().end());
  out_shape[out_shape.size() - 2] = height_;
  out_shape[out_shape.size() - 1] = width_;
  Tensor out = zeros(out_shape, image.options());
  int64_t row0 = std::max(top, padding_), row1 = std::min(top + height_, padding_ + h);
  int64_t col0 = std::max(left, padding_), col1 = std::min(left + width_, padding_ + w);
  if (row1 > row0 && col1 > col0) {
    out.narrow(-2, row0 - top, row1 - row0)
        .narrow(-1, col0 - left, col1 - col0)
        .copy_(image.narrow(-2, row0 - padding_, row1 - row0).narrow(-1, col0 - padding_, col1 - col0));
  }
  input.data = std::move(out);
  return input;
}

std::vector<Example<>> RandomCrop::apply_batch(std::vector<Example<>> batch,
                                               ArrayRef<size_t> indices, size_t epoch) const {
  return apply_each(*this, std::move(batch), indices, epoch, "RandomCrop");
}

RandomHorizontalFlip::RandomHorizontalFlip(double p, std::optional<uint64_t> seed)
    : p_(p), seed_(seed ? *seed : detail::seed_from_default_generator()) {
  EMBER_CHECK(p >= 0 && p <= 1, "RandomHorizontalFlip", "expected a probability in [0, 1], but got ", p);
}

Example<> RandomHorizontalFlip::apply(Example<> input, size_t index, size_t epoch) const {
  EMBER_CHECK(input.data.defined() && input.data.dim() >= 1, "RandomHorizontalFlip",
              "expected an image [..., W] with at least one dim");
  detail::KeyedStream stream(detail::hash_key(seed_ ^ kFlipSalt, index, epoch));
  if (stream.uniform() < p_) input.data = input.data.flip({-1});
  return input;
}

std::vector<Example<>> RandomHorizontalFlip::apply_batch(std::vector<Example<>> batch,
                                                         ArrayRef<size_t> indices, size_t epoch) const {
  return apply_each(*this, std::move(batch), indices, epoch, "RandomHorizontalFlip");
}

}  // namespace ember::data::transforms
