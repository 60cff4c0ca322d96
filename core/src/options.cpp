#include "dip/restore.hpp"

namespace dip {

const char* task_name(Task task) {
  switch (task) {
    case Task::Denoise: return "denoise";
    case Task::Inpaint: return "inpaint";
    case Task::Upscale: return "upscale";
  }
  return "?";
}

const char* preset_name(Preset preset) {
  switch (preset) {
    case Preset::Fast: return "fast";
    case Preset::Balanced: return "balanced";
    case Preset::Paper: return "paper";
  }
  return "?";
}

bool parse_preset(const std::string& text, Preset* out) {
  for (Preset p : {Preset::Fast, Preset::Balanced, Preset::Paper}) {
    if (text == preset_name(p)) {
      *out = p;
      return true;
    }
  }
  return false;
}

bool is_supported_factor(int factor) {
  return factor == 2 || factor == 3 || factor == 4 || factor == 8;
}

int minimum_side(Task task) { return task == Task::Upscale ? 8 : 16; }

const char* version() { return DIP_VERSION; }

}  // namespace dip
