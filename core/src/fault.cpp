#include "fault.hpp"

#include <cstdlib>
#include <new>
#include <stdexcept>

namespace dip {

FaultPlan FaultPlan::parse(const std::string& text) {
  const std::size_t at = text.find('@');
  if (at == std::string::npos || at + 1 >= text.size()) return {};
  const std::string kind = text.substr(0, at), number = text.substr(at + 1);
  if (number.find_first_not_of("0123456789") != std::string::npos || number.size() > 9) return {};
  const int iteration = std::atoi(number.c_str());
  if (kind == "throw") return {Kind::Throw, iteration};
  if (kind == "oom") return {Kind::OutOfMemory, iteration};
  return {};
}

FaultPlan FaultPlan::from_environment() {
  const char* text = std::getenv("DIP_FAULT");
  return text != nullptr ? parse(text) : FaultPlan{};
}

void FaultPlan::before_iteration(int iteration) const {
  if (kind_ == Kind::None || iteration != iteration_) return;
  if (kind_ == Kind::OutOfMemory) throw std::bad_alloc();
  // Not dip::Error: the point is a failure the engine did not foresee.
  throw std::runtime_error("injected fault before iteration " + std::to_string(iteration) +
                           " (DIP_FAULT)");
}

}  // namespace dip
