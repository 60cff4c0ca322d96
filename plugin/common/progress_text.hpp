// The sentences both GIMP front ends show about a fit: what it will cost before it starts
// and where it is while it runs. Kept here so GIMP 2.10 and GIMP 3 say the same thing.
#pragma once

#include <string>

#include "dip/restore.hpp"
#include "fit_worker.hpp"

namespace dip::front {

// "Iteration 40 of at most 1200 ..." (with "Tile 2 of 4" first when the fit is tiled).
std::string status_text(const FitProgress& progress);

// "Elapsed 0:12 · about 1:30 left · loss 0.00123"
std::string details_text(const FitProgress& progress);

// For the parameters dialog: the area fitted (input resolution), the result's size when
// upscaling, and the memory plan, including the tiling of a layer over the budget.
std::string describe_fit(const dip::Options& options, int width, int height, const dip::MemoryPlan& memory);

}  // namespace dip::front
