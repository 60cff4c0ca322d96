// Where a filter reads and writes, worked out without GIMP: the same rules serve the GIMP 2.10
// and GIMP 3 front ends. Image coordinates are the canvas's; layer coordinates start at the
// layer's top-left corner (image = layer + layer offset).
#pragma once

#include <string>

namespace dip::front {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;

  bool empty() const { return width <= 0 || height <= 0; }
  int right() const { return x + width; }    // one past the last column
  int bottom() const { return y + height; }  // one past the last row
  long long area() const { return empty() ? 0 : static_cast<long long>(width) * height; }
  Rect translated(int dx, int dy) const { return {x + dx, y + dy, width, height}; }
  bool operator==(const Rect& o) const {
    return x == o.x && y == o.y && width == o.width && height == o.height;
  }
};

// Empty (width or height 0) when the two do not overlap.
Rect intersect(const Rect& a, const Rect& b);
// The smallest rectangle holding both; an empty operand is ignored.
Rect unite(const Rect& a, const Rect& b);
Rect grow(const Rect& r, int margin);

// Context margin used when the user leaves it at 0: the net needs surroundings roughly as wide
// as the hole to learn the texture that fills it, but every extra pixel costs fit time.
int automatic_context(const Rect& selection);

// The crop that a filter fits, in both coordinate systems.
struct CropPlan {
  Rect in_layer;
  Rect in_image;
};

struct CropRequest {
  Rect layer;          // the layer, in image coordinates (offsets and size)
  Rect selection;      // selection bounds in image coordinates; empty = no selection
  int context = 0;     // margin around the selection; 0 = automatic_context()
  int minimum_side = 1;  // the engine's smallest accepted side: the crop grows to reach it
};

// Inpaint and denoise: the selection's bounds grown by the context margin, clipped to the
// layer, then widened (still inside the layer) up to minimum_side. Without a selection the
// whole layer. Returns false with a message when there is nothing to fit: selection outside
// the layer, or a layer smaller than minimum_side.
bool plan_crop(const CropRequest& request, CropPlan* plan, std::string* message);

// Upscale keeps the source in place and puts the result at the scaled offsets; the canvas
// grows to the right and bottom to hold it (it never shrinks, and never shifts other layers).
struct UpscalePlan {
  Rect result_in_image;  // the new layer: offsets x factor, size x factor
  int canvas_width = 0;
  int canvas_height = 0;
  bool canvas_grows = false;
};

UpscalePlan plan_upscale(const Rect& layer, int canvas_width, int canvas_height, int factor);

}  // namespace dip::front
