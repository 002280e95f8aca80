#include "ember/core/device.h"

#include "ember/core/error.h"

namespace ember {

Device::Device(const std::string& spec) : type_(kCPU), index_(-1) {
  std::string kind = spec.substr(0, spec.find(':'));
  if (kind == "cpu") {
    type_ = kCPU;
  } else if (kind == "cuda") {
    type_ = kCUDA;
  } else {
    detail::throw_error("Device", "expected a device string like 'cpu' or 'cuda:0' but got '",
                        spec, "'");
  }
  if (auto colon = spec.find(':'); colon != std::string::npos) {
    std::string digits = spec.substr(colon + 1);
    EMBER_CHECK(!digits.empty() && digits.size() <= 2 &&
                    digits.find_first_not_of("0123456789") == std::string::npos,
                "Device", "invalid device index in '", spec, "' (expected e.g. 'cuda:0')");
    index_ = static_cast<int8_t>(std::stoi(digits));
  }
}

std::string Device::str() const {
  std::ostringstream out;
  out << type_;
  if (has_index()) out << ':' << static_cast<int>(index_);
  return out.str();
}

std::ostream& operator<<(std::ostream& out, DeviceType type) {
  return out << (type == kCPU ? "cpu" : "cuda");
}
std::ostream& operator<<(std::ostream& out, Device device) { return out << device.str(); }

}  // namespace ember
