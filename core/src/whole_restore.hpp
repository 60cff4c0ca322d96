// restore() without the checks and without tiling: one fit over the whole image.
#pragma once

#include "dip/restore.hpp"

namespace dip {

// Expects an input validate() accepted.
Result restore_whole(const Image& input, const Mask* known, const Options& options,
                     const ProgressCallback& progress, const StopToken* stop);

// What every result gets after the fit: alpha goes through (resized smoothly for upscaling)
// and inpainting gives the known pixels back exactly, blending through a soft mask.
void finish_output(const Image& input, const Mask* known, const Options& options, Image* out);

}  // namespace dip
