#include "geometry.hpp"

#include <algorithm>

#include "intl.hpp"

namespace dip::front {

Rect intersect(const Rect& a, const Rect& b) {
  const int x0 = std::max(a.x, b.x);
  const int y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.right(), b.right());
  const int y1 = std::min(a.bottom(), b.bottom());
  if (x1 <= x0 || y1 <= y0) return {x0, y0, 0, 0};
  return {x0, y0, x1 - x0, y1 - y0};
}

Rect unite(const Rect& a, const Rect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const int x0 = std::min(a.x, b.x);
  const int y0 = std::min(a.y, b.y);
  return {x0, y0, std::max(a.right(), b.right()) - x0, std::max(a.bottom(), b.bottom()) - y0};
}

Rect grow(const Rect& r, int margin) {
  return {r.x - margin, r.y - margin, r.width + 2 * margin, r.height + 2 * margin};
}

int automatic_context(const Rect& selection) {
  const int side = std::max(selection.width, selection.height);
  return std::clamp(side, 24, 128);
}

namespace {

// Widens [start, start + length) to `wanted` inside [0, limit), as evenly on both sides as the
// limit allows, so a hole near an edge still gets its context from the side that has it.
void widen(int* start, int* length, int wanted, int limit) {
  if (*length >= wanted) return;
  wanted = std::min(wanted, limit);
  const int extra = wanted - *length;
  int new_start = *start - extra / 2;
  new_start = std::clamp(new_start, 0, limit - wanted);
  *start = new_start;
  *length = wanted;
}

}  // namespace

bool plan_crop(const CropRequest& request, CropPlan* plan, std::string* message) {
  const Rect& layer = request.layer;
  const int min_side = std::max(1, request.minimum_side);
  if (layer.width < min_side || layer.height < min_side) {
    *message = format(_("The layer is %d×%d pixels; Deep Image Prior needs at least %d×%d."),
                      layer.width, layer.height, min_side, min_side);
    return false;
  }

  Rect wanted_in_image = layer;
  if (!request.selection.empty()) {
    const Rect touched = intersect(request.selection, layer);
    if (touched.empty()) {
      *message = _("The selection does not overlap the active layer. Select pixels of the layer, "
                   "or pick the layer the selection is on.");
      return false;
    }
    const int context = request.context > 0 ? request.context : automatic_context(touched);
    wanted_in_image = intersect(grow(touched, context), layer);
  }

  Rect crop = wanted_in_image.translated(-layer.x, -layer.y);
  widen(&crop.x, &crop.width, min_side, layer.width);
  widen(&crop.y, &crop.height, min_side, layer.height);
  plan->in_layer = crop;
  plan->in_image = crop.translated(layer.x, layer.y);
  return true;
}

UpscalePlan plan_upscale(const Rect& layer, int canvas_width, int canvas_height, int factor) {
  UpscalePlan plan;
  plan.result_in_image = {layer.x * factor, layer.y * factor, layer.width * factor,
                          layer.height * factor};
  plan.canvas_width = std::max(canvas_width, plan.result_in_image.right());
  plan.canvas_height = std::max(canvas_height, plan.result_in_image.bottom());
  plan.canvas_grows = plan.canvas_width != canvas_width || plan.canvas_height != canvas_height;
  return plan;
}

}  // namespace dip::front
