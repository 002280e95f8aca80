#include "ember/io/archive.h"

#include <istream>
#include <iterator>
#include <ostream>

#include "ember/autograd/grad_mode.h"
#include "ember/io/atomic_file.h"
#include "io/record.h"

namespace ember::serialize {

using detail::Record;
using detail::TensorValue;
using detail::Value;

// ---- OutputArchive ------------------------------------------------------------------------

OutputArchive::OutputArchive() : record_(std::make_shared<Record>()) {}
OutputArchive::OutputArchive(const OutputArchive& other) : record_(other.record_->clone()) {}
OutputArchive& OutputArchive::operator=(const OutputArchive& other) {
  if (this != &other) record_ = other.record_->clone();
  return *this;
}
// A moved-from archive is left empty, not null, so it stays usable.
OutputArchive::OutputArchive(OutputArchive&& other) noexcept
    : record_(std::exchange(other.record_, std::make_shared<Record>())) {}
OutputArchive& OutputArchive::operator=(OutputArchive&& other) noexcept {
  std::swap(record_, other.record_);
  return *this;
}
OutputArchive::~OutputArchive() = default;

namespace {

void add(Record& record, const std::string& key, Value value) {
  EMBER_CHECK(!key.empty(), "OutputArchive::write", "the key is empty; use a non-empty key");
  EMBER_CHECK(record.find(key) == nullptr, "OutputArchive::write", "key '", key,
              "' was already written; each key holds one value");
  record.entries.emplace_back(key, std::move(value));
}

}  // namespace

void OutputArchive::write(const std::string& key, const Tensor& tensor, bool is_buffer) {
  EMBER_CHECK(tensor.defined(), "OutputArchive::write", "key '", key, "': the tensor is undefined");
  add(*record_, key, TensorValue{tensor, is_buffer});
}
void OutputArchive::write(const std::string& key, double value) { add(*record_, key, value); }
void OutputArchive::write(const std::string& key, bool value) { add(*record_, key, value); }
void OutputArchive::write(const std::string& key, const std::string& value) { add(*record_, key, value); }
void OutputArchive::write_int(const std::string& key, int64_t value) { add(*record_, key, value); }
void OutputArchive::write(const std::string& key, const OutputArchive& nested) {
  EMBER_CHECK(&nested != this, "OutputArchive::write", "key '", key, "': an archive cannot contain itself");
  add(*record_, key, nested.record_->clone());
}

std::vector<std::string> OutputArchive::keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : record_->entries) keys.push_back(entry.first);
  return keys;
}

void OutputArchive::save_to(const std::string& filename) const {
  // Encode fully first: a bad tensor throws before the file system is touched.
  io::write_file_atomic(filename, detail::encode_archive(*record_));
}

void OutputArchive::save_to(std::ostream& stream) const {
  std::string bytes = detail::encode_archive(*record_);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  stream.flush();
  EMBER_CHECK(stream.good(), "save", "writing ", bytes.size(), " bytes to the stream failed");
}

// ---- InputArchive -------------------------------------------------------------------------

InputArchive::InputArchive() : record_(std::make_shared<Record>()) {}
InputArchive::InputArchive(const InputArchive& other) = default;
InputArchive& InputArchive::operator=(const InputArchive& other) = default;
InputArchive::InputArchive(InputArchive&& other) noexcept
    : record_(std::exchange(other.record_, std::make_shared<Record>())), source_(std::move(other.source_)) {}
InputArchive& InputArchive::operator=(InputArchive&& other) noexcept {
  std::swap(record_, other.record_);
  std::swap(source_, other.source_);
  return *this;
}
InputArchive::~InputArchive() = default;

void InputArchive::load_from(const std::string& filename) {
  record_ = detail::decode_archive(io::read_file(filename), filename);
  source_ = filename;
}

void InputArchive::load_from(std::istream& stream) {
  std::string bytes{std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
  EMBER_CHECK(!stream.bad(), "load", "reading the stream failed");
  record_ = detail::decode_archive(bytes, "<stream>");
  source_ = "<stream>";
}

namespace {

// The value at `key` as T, or an error naming the file, the key and both kinds.
template <class T>
const T* find_as(const Record& record, const std::string& source, const std::string& key, const char* op,
                 const char* expected, bool required) {
  const Value* value = record.find(key);
  if (value == nullptr) {
    EMBER_CHECK(!required, op, "'", source, "' has no key '", key, "'; it has ", record.entries.size(),
                " keys (see InputArchive::keys())");
    return nullptr;
  }
  const T* typed = std::get_if<T>(value);
  EMBER_CHECK(typed != nullptr, op, "'", source, "': key '", key, "' holds ", detail::kind_name(*value),
              ", expected ", expected);
  return typed;
}

}  // namespace

bool InputArchive::try_read(const std::string& key, Tensor& tensor, bool is_buffer) {
  (void)is_buffer;  // as LibTorch: parameters and buffers are read alike
  const auto* stored = find_as<TensorValue>(*record_, source_, key, "InputArchive::read", "a tensor", false);
  if (stored == nullptr) return false;
  const Tensor& value = stored->tensor;
  if (!tensor.defined()) {
    // A copy, so that writes to the result never reach the archive (which may be read again).
    tensor = value.clone();
    return true;
  }
  EMBER_CHECK(tensor.sizes() == value.sizes() && tensor.dtype() == value.dtype(), "InputArchive::read", "'", source_,
              "': key '", key, "' holds a ", value.dtype(), " tensor of shape ", value.sizes(), " but the destination is ",
              tensor.dtype(), " of shape ", tensor.sizes(), "; load into a matching tensor or an undefined one");
  NoGradGuard no_grad;
  tensor.copy_(value);
  return true;
}

void InputArchive::read(const std::string& key, Tensor& tensor, bool is_buffer) {
  find_as<TensorValue>(*record_, source_, key, "InputArchive::read", "a tensor", true);
  try_read(key, tensor, is_buffer);
}

void InputArchive::read(const std::string& key, int64_t& value) {
  value = *find_as<int64_t>(*record_, source_, key, "InputArchive::read", "an int", true);
}
void InputArchive::read(const std::string& key, double& value) {
  value = *find_as<double>(*record_, source_, key, "InputArchive::read", "a double", true);
}
void InputArchive::read(const std::string& key, bool& value) {
  value = *find_as<bool>(*record_, source_, key, "InputArchive::read", "a bool", true);
}
void InputArchive::read(const std::string& key, std::string& value) {
  value = *find_as<std::string>(*record_, source_, key, "InputArchive::read", "a string", true);
}

bool InputArchive::try_read(const std::string& key, InputArchive& nested) {
  const auto* stored =
      find_as<std::shared_ptr<Record>>(*record_, source_, key, "InputArchive::read", "an archive", false);
  if (stored == nullptr) return false;
  nested.record_ = *stored;
  nested.source_ = source_ + ": " + key;
  return true;
}

void InputArchive::read(const std::string& key, InputArchive& nested) {
  find_as<std::shared_ptr<Record>>(*record_, source_, key, "InputArchive::read", "an archive", true);
  try_read(key, nested);
}

bool InputArchive::contains(const std::string& key) const { return record_->find(key) != nullptr; }

std::vector<std::string> InputArchive::keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : record_->entries) keys.push_back(entry.first);
  return keys;
}

bool InputArchive::is_tensor(const std::string& key) const {
  const Value* value = record_->find(key);
  return value != nullptr && std::holds_alternative<TensorValue>(*value);
}

bool InputArchive::is_archive(const std::string& key) const {
  const Value* value = record_->find(key);
  return value != nullptr && std::holds_alternative<std::shared_ptr<Record>>(*value);
}

bool InputArchive::is_buffer(const std::string& key) const {
  const auto* stored = find_as<TensorValue>(*record_, source_, key, "InputArchive::is_buffer", "a tensor", true);
  return stored->is_buffer;
}

}  // namespace ember::serialize
