// restore() for an image whose fit would exceed the memory budget: one fit per overlapping
// tile, blended back seamlessly (tiling.hpp), progress counted over all tiles.
#pragma once

#include "dip/restore.hpp"

namespace dip {

// Overlap between neighbouring tiles at input resolution: wide enough that the ramp hides the
// border effects of each tile's fit.
int tile_overlap(const Options& options);

// Inpainting in tiles needs known pixels in every tile that has some of the hole.
bool tiles_can_learn(const Mask& known, const MemoryPlan& plan, const Options& options);

Result restore_tiled(const Image& input, const Mask* known, const Options& options,
                     const MemoryPlan& plan, const ProgressCallback& progress, const StopToken* stop);

}  // namespace dip
