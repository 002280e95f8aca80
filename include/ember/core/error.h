#pragma once
// ember::Error and the checking macro every op uses.
//
// Messages read "<op>: <what is wrong>. <hint>", e.g.
//   "view: shape [4, 4] is invalid for input of size 6"
// so a user (and a test) can always tell which call failed and why.
#include <sstream>
#include <stdexcept>
#include <string>

namespace ember {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <class... Args>
std::string str_cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

template <class... Args>
[[noreturn]] void throw_error(const char* op, const Args&... args) {
  throw Error(str_cat(op, ": ", args...));
}
}  // namespace detail

}  // namespace ember

// EMBER_CHECK(cond, "op", message parts...): throws ember::Error("op: message") unless cond.
#define EMBER_CHECK(cond, op, ...)                                \
  do {                                                            \
    if (!(cond)) [[unlikely]] {                                   \
      ::ember::detail::throw_error(op, __VA_ARGS__);              \
    }                                                             \
  } while (0)
