#include "filter.hpp"

#include <optional>

#include "composite.hpp"
#include "fit_runner.hpp"
#include "gimp_ptr.hpp"
#include "pixel_io.hpp"
#include "plugin-intl.hpp"
#include "progress_text.hpp"

namespace dip::gimp3 {

namespace {

const char* filter_title(dip::Task task) {
  switch (task) {
    case dip::Task::Inpaint: return _("Inpaint Selection");
    case dip::Task::Denoise: return _("Denoise");
    case dip::Task::Upscale: return _("Upscale");
  }
  return "";
}

std::string result_name(GimpDrawable* drawable, const FilterSpec& spec) {
  GStringPtr source(gimp_item_get_name(GIMP_ITEM(drawable)));
  const char* name = source ? source.get() : "";
  switch (spec.options.task) {
    case dip::Task::Inpaint: return front::format(_("%s (inpainted)"), name);
    case dip::Task::Denoise: return front::format(_("%s (denoised)"), name);
    case dip::Task::Upscale:
      return front::format(_("%s (upscaled ×%d)"), name, spec.options.factor);
  }
  return name;
}

GimpLayer* new_layer(GimpImage* image, GimpDrawable* source, const std::string& name,
                     const front::Rect& rect) {
  GimpLayer* layer = gimp_layer_new(image, name.c_str(), rect.width, rect.height,
                                    gimp_drawable_type(source),
                                    gimp_layer_get_opacity(GIMP_LAYER(source)),
                                    gimp_layer_get_mode(GIMP_LAYER(source)));
  if (layer != nullptr) gimp_layer_set_offsets(layer, rect.x, rect.y);
  return layer;
}

// Just above the source, in the same layer group.
bool insert_above(GimpImage* image, GimpLayer* layer, GimpDrawable* source) {
  GimpItem* parent = gimp_item_get_parent(GIMP_ITEM(source));
  return gimp_image_insert_layer(image, layer, parent != nullptr ? GIMP_LAYER(parent) : nullptr,
                                 gimp_image_get_item_position(image, GIMP_ITEM(source)));
}

// The new layer starts as an exact copy of the source's pixels (type, size, offsets, opacity
// and mode too); only the crop is then rewritten.
Outcome write_composited(const Target& target, const FilterSpec& spec,
                         const front::CropPlan& crop, const dip::Image& source,
                         const dip::Image& restored, const front::Selection& selection) {
  const DrawableFormat format = drawable_format(target.drawable);
  UndoGroup undo(target.image);
  PendingLayer layer(
      new_layer(target.image, target.drawable, result_name(target.drawable, spec), target.layer));
  if (layer.get() == nullptr)
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not create the result layer."));
  {
    BufferPtr from = drawable_buffer(target.drawable);
    BufferPtr to = drawable_buffer(GIMP_DRAWABLE(layer.get()));
    gegl_buffer_copy(from.get(), nullptr, GEGL_ABYSS_NONE, to.get(), nullptr);
    std::vector<std::uint8_t> bytes = to_native(
        front::composite_result(spec.options.task, source, restored, selection), format);
    const std::vector<std::uint8_t> original = read_native(from.get(), crop.in_layer, format);
    front::keep_unselected(original.data(), bytes.data(), selection, source.pixel_count(),
                           format.native_bytes);
    write_native(to.get(), crop.in_layer, format, bytes);
    gegl_buffer_flush(to.get());
  }
  if (!insert_above(target.image, layer.get(), target.drawable))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not add the result layer."));
  Outcome outcome;
  outcome.image = target.image;
  outcome.layer = layer.release();
  return outcome;
}

void fill(GimpLayer* layer, const dip::Image& pixels) {
  GimpDrawable* drawable = GIMP_DRAWABLE(layer);
  const DrawableFormat format = drawable_format(drawable);
  BufferPtr buffer = drawable_buffer(drawable);
  write_working(buffer.get(), {0, 0, pixels.width, pixels.height}, format, pixels);
  gegl_buffer_flush(buffer.get());
}

Outcome write_new_image(const Target& target, const std::string& name, const dip::Image& restored,
                        GimpRunMode mode) {
  GimpImage* image = gimp_image_new_with_precision(
      restored.width, restored.height, gimp_image_get_base_type(target.image),
      gimp_image_get_precision(target.image));
  if (image == nullptr)
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not create the new image."));
  // A fresh image has nothing to undo to.
  gimp_image_undo_disable(image);
  if (ProfilePtr profile{gimp_image_get_color_profile(target.image)})
    gimp_image_set_color_profile(image, profile.get());
  GimpLayer* layer =
      new_layer(image, target.drawable, name, {0, 0, restored.width, restored.height});
  if (layer == nullptr) {
    gimp_image_delete(image);
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not create the result layer."));
  }
  fill(layer, restored);
  gimp_image_insert_layer(image, layer, nullptr, 0);
  gimp_image_undo_enable(image);
  if (mode == GIMP_RUN_INTERACTIVE) gimp_display_new(image);
  Outcome outcome;
  outcome.image = image;
  outcome.layer = layer;
  return outcome;
}

Outcome write_upscaled(const Target& target, const FilterSpec& spec, const dip::Image& restored,
                       GimpRunMode mode) {
  const std::string name = result_name(target.drawable, spec);
  if (spec.new_image) return write_new_image(target, name, restored, mode);

  const front::UpscalePlan plan = front::plan_upscale(
      target.layer, target.canvas_width, target.canvas_height, spec.options.factor);
  UndoGroup undo(target.image);
  PendingLayer layer(new_layer(target.image, target.drawable, name, plan.result_in_image));
  if (layer.get() == nullptr)
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not create the result layer."));
  fill(layer.get(), restored);
  if (plan.canvas_grows) gimp_image_resize(target.image, plan.canvas_width, plan.canvas_height, 0, 0);
  if (!insert_above(target.image, layer.get(), target.drawable))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, _("GIMP could not add the result layer."));
  Outcome outcome;
  outcome.image = target.image;
  outcome.layer = layer.release();
  return outcome;
}

bool same_image(GimpImage* a, GimpImage* b) {
  return a != nullptr && b != nullptr && gimp_image_get_id(a) == gimp_image_get_id(b);
}

}  // namespace

Outcome inspect(GimpImage* image, GimpDrawable** drawables, dip::Task task, Target* target) {
  const int count = drawables == nullptr ? 0 : static_cast<int>(g_strv_length(
                                                   reinterpret_cast<gchar**>(drawables)));
  if (count != 1)
    return Outcome::error(
        GIMP_PDB_CALLING_ERROR,
        front::format(dngettext(GETTEXT_PACKAGE,
                                "Deep Image Prior works on one layer at a time, and %d is "
                                "selected. Select a single layer in the Layers dialog.",
                                "Deep Image Prior works on one layer at a time, and %d are "
                                "selected. Select a single layer in the Layers dialog.",
                                static_cast<unsigned long>(count)),
                      count));
  GimpDrawable* drawable = drawables[0];
  if (!gimp_image_is_valid(image) || !gimp_item_is_valid(GIMP_ITEM(drawable)) ||
      !same_image(gimp_item_get_image(GIMP_ITEM(drawable)), image))
    return Outcome::error(GIMP_PDB_CALLING_ERROR,
                          _("The image or drawable passed to the filter does not exist, or the "
                            "drawable is not in that image."));
  if (!gimp_item_is_layer(GIMP_ITEM(drawable)))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                          _("Deep Image Prior works on layers. The active drawable is a channel "
                            "or a layer mask: click a layer's thumbnail in the Layers dialog."));
  if (gimp_item_is_group(GIMP_ITEM(drawable)))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                          _("The active layer is a layer group. Pick one of its layers, or merge "
                            "the group first."));
  if (gimp_drawable_is_indexed(drawable))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                          _("Indexed images are not supported. Convert the image with Image ▸ "
                            "Mode ▸ RGB first."));

  Target t;
  t.image = image;
  t.drawable = drawable;
  gint x = 0, y = 0;
  gimp_drawable_get_offsets(drawable, &x, &y);
  t.layer = {x, y, gimp_drawable_get_width(drawable), gimp_drawable_get_height(drawable)};
  t.canvas_width = gimp_image_get_width(image);
  t.canvas_height = gimp_image_get_height(image);
  gboolean non_empty = FALSE;
  gint x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  gimp_selection_bounds(image, &non_empty, &x1, &y1, &x2, &y2);
  if (non_empty) t.selection = {x1, y1, x2 - x1, y2 - y1};

  if (task == dip::Task::Inpaint && t.selection.empty())
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                          _("Inpaint Selection fills the selected pixels, and nothing is "
                            "selected. Select the blemish (for example with the Free Select "
                            "tool), then run the filter again."));
  *target = t;
  return {};
}

bool plan(const Target& target, const FilterSpec& spec, front::CropPlan* crop,
          std::string* message) {
  front::CropRequest request;
  request.layer = target.layer;
  request.selection = spec.options.task == dip::Task::Upscale ? front::Rect{} : target.selection;
  request.context = spec.context;
  request.minimum_side = dip::minimum_side(spec.options.task);
  // Denoising has no hole to learn across: a small margin only keeps the net's border effects
  // outside the selection.
  if (spec.options.task == dip::Task::Denoise && spec.context == 0) request.context = 16;
  return front::plan_crop(request, crop, message);
}

std::string describe(const Target& target, const FilterSpec& spec) {
  front::CropPlan crop;
  std::string message;
  if (!plan(target, spec, &crop, &message)) return message;
  const dip::MemoryPlan memory = dip::plan_memory(
      crop.in_layer.width, crop.in_layer.height, drawable_channels(target.drawable), spec.options);
  return front::describe_fit(spec.options, crop.in_layer.width, crop.in_layer.height, memory);
}

Outcome apply(const Target& target, const FilterSpec& spec, GimpRunMode mode) {
  front::CropPlan crop;
  std::string message;
  if (!plan(target, spec, &crop, &message))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, message);
  const dip::Task task = spec.options.task;

  // libgimp may not have started GEGL yet in this process; a second call is a no-op.
  gegl_init(nullptr, nullptr);
  const DrawableFormat format = drawable_format(target.drawable);
  FitView view;
  view.title = filter_title(task);
  view.progress_text = front::format(_("Deep Image Prior: %s"), view.title.c_str());
  {
    BufferPtr buffer = drawable_buffer(target.drawable);
    view.source = read_working(buffer.get(), crop.in_layer, format);
  }
  view.blend_preview = task == dip::Task::Denoise;  // inpainting comes blended (composite_result)
  if (task != dip::Task::Upscale && !target.selection.empty())
    view.selection = read_selection(target.image, crop.in_image);
  else
    view.selection = front::Selection{crop.in_layer.width, crop.in_layer.height, {}};

  front::FitJob job;
  job.input = view.source;
  job.options = spec.options;
  if (task == dip::Task::Inpaint) {
    if (!front::selection_has_pixels(view.selection))
      return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                            _("The selection does not cover any pixel of the active layer."));
    job.known = front::known_from_selection(view.selection);
  }
  try {
    dip::validate(job.input, job.known ? &*job.known : nullptr, job.options);
  } catch (const dip::Error& e) {
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR, dip::translated(e, GETTEXT_PACKAGE));
  }

  FitOutcome fit = run_fit(std::move(job), mode, view);
  switch (fit.state) {
    case front::FitState::Cancelled: return Outcome::error(GIMP_PDB_CANCEL, _("Cancelled."));
    case front::FitState::Failed: return Outcome::error(GIMP_PDB_EXECUTION_ERROR, fit.error);
    case front::FitState::Running:  // run_fit waits for the end; kept for completeness
    case front::FitState::Finished: break;
  }
  // The dialog left GIMP usable for minutes: the user may have closed the image meanwhile.
  if (!gimp_image_is_valid(target.image) || !gimp_item_is_valid(GIMP_ITEM(target.drawable)))
    return Outcome::error(GIMP_PDB_EXECUTION_ERROR,
                          _("The image or layer was closed while the filter ran; the result "
                            "was discarded."));

  if (task == dip::Task::Upscale) return write_upscaled(target, spec, fit.result.image, mode);
  return write_composited(target, spec, crop, view.source, fit.result.image, view.selection);
}

}  // namespace dip::gimp3
