// A testing hook: makes a fit fail on purpose, so the tests can prove that every front end
// turns a failure deep inside the engine into a message and leaves the user's image alone.
//
//   DIP_FAULT=throw@K   an unexpected exception (as LibTorch would throw) before iteration K
//   DIP_FAULT=oom@K     std::bad_alloc before iteration K
//
// K = 0 fails once the net is built, before the first iteration. restore() reads the variable
// once per call; unset or malformed, nothing is injected. It costs one comparison per iteration.
#pragma once

#include <string>

namespace dip {

class FaultPlan {
 public:
  enum class Kind { None, Throw, OutOfMemory };

  FaultPlan() = default;
  FaultPlan(Kind kind, int iteration) : kind_(kind), iteration_(iteration) {}

  // Parses "throw@K" or "oom@K"; anything else is no fault.
  static FaultPlan parse(const std::string& text);
  static FaultPlan from_environment();

  // Throws when `iteration` is the planned one.
  void before_iteration(int iteration) const;

  Kind kind() const { return kind_; }
  int iteration() const { return iteration_; }

 private:
  Kind kind_ = Kind::None;
  int iteration_ = 0;
};

}  // namespace dip
