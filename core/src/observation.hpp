// How much the inpainting fit trusts each pixel of a (possibly soft) mask.
#pragma once

#include <algorithm>

#include "dip/image.hpp"

namespace dip {

// A feathered selection says where to blend the result in, not how far to believe the pixels
// under it: any weight above zero is fitted exactly in the end, only later. Weighting the data
// term by the mask itself made the fit reproduce the blemish a user had selected softly (a
// magenta spot 3 px inside a selection grown by 3 and feathered by 4 came back as a pink ring).
// So a pixel selected by half or more is hole to the fit, and the weight rises from 0 to 1
// over the outer half of the feather. The soft mask itself still blends the result in
// (composite_known).
inline float observation_weight(float known) { return std::clamp(2.0f * known - 1.0f, 0.0f, 1.0f); }

inline Mask observation_weights(const Mask& known) {
  Mask weights = known;
  for (float& k : weights.known) k = observation_weight(k);
  return weights;
}

}  // namespace dip
