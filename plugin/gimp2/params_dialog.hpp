// The parameter dialogs of the three filters (interactive runs). Each edits the values in
// place and returns true on OK; `describe` turns the current values into a line about the work
// ahead (crop size, memory), refreshed as the user edits.
#pragma once

#include <functional>
#include <string>

#include "params.hpp"

namespace dip::gimp2 {

bool run_inpaint_dialog(front::InpaintValues* values,
                        const std::function<std::string(const front::InpaintValues&)>& describe);
bool run_denoise_dialog(front::DenoiseValues* values,
                        const std::function<std::string(const front::DenoiseValues&)>& describe);
bool run_upscale_dialog(front::UpscaleValues* values,
                        const std::function<std::string(const front::UpscaleValues&)>& describe);

}  // namespace dip::gimp2
