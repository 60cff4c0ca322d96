// dip::Error keeps the English template and its arguments apart so that front ends can
// translate the one and reuse the other; what() is the two put together in English.
#include <cctype>
#include <cstdlib>
#include <utility>

#include "dip/restore.hpp"
#include "intl.hpp"

namespace dip {

namespace {

const char* english(const char* one, const char* many, unsigned long count) {
  return many != nullptr && count != 1 ? many : one;
}

}  // namespace

Error::Error(Message message)
    : std::runtime_error(
          fill_template(english(message.text, message.plural, message.count), message.args)),
      message_(std::make_shared<const Message>(std::move(message))) {}

Error::Error(const char* text) : Error(Message{text, nullptr, 0, {}}) {}

Error::Error(const char* text, std::vector<std::string> args)
    : Error(Message{text, nullptr, 0, std::move(args)}) {}

Error::Error(PluralText text, unsigned long count, std::vector<std::string> args)
    : Error(Message{text.one, text.many, count, std::move(args)}) {}

Cancelled::Cancelled() : Error(N_("cancelled")) {}

std::string fill_template(const char* text, const std::vector<std::string>& args) {
  std::string out;
  std::size_t next = 0;  // the argument a plain %s takes
  for (const char* p = text; *p != '\0';) {
    if (*p != '%') {
      out += *p++;
      continue;
    }
    if (p[1] == '%') {
      out += '%';
      p += 2;
      continue;
    }
    // %s, or %N$s: N counts from 1.
    const char* q = p + 1;
    std::size_t index = next;
    if (std::isdigit(static_cast<unsigned char>(*q))) {
      char* end = nullptr;
      const unsigned long n = std::strtoul(q, &end, 10);
      if (*end == '$' && n >= 1) {
        index = n - 1;
        q = end + 1;
      }
    }
    if (*q == 's' && index < args.size()) {
      out += args[index];
      next = index + 1;
      p = q + 1;
    } else {
      out += *p++;
    }
  }
  return out;
}

}  // namespace dip
