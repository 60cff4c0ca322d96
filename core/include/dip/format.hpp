// printf into a std::string, for the front ends: a translated message carries its own format
// string, so the words around a number can move with the translation. Header-only because the
// engine itself never formats text for people.
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

namespace dip {

__attribute__((format(printf, 1, 2))) inline std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int length = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string text;
  if (length > 0) {
    std::vector<char> buffer(static_cast<std::size_t>(length) + 1);
    std::vsnprintf(buffer.data(), buffer.size(), fmt, args);
    text.assign(buffer.data(), static_cast<std::size_t>(length));
  }
  va_end(args);
  return text;
}

}  // namespace dip
