// Ownership of GLib/GEGL/GIMP resources, so that every early return (an error, a cancel)
// releases what it took and closes what it opened. GIMP 3 hands out items, images and
// displays as objects that libgimp itself owns (transfer none): only what a call returns with
// transfer full is wrapped here.
#pragma once

#include <libgimp/gimp.h>

#include <memory>

namespace dip::gimp3 {

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};

struct GErrorFree {
  void operator()(GError* error) const {
    if (error != nullptr) g_error_free(error);
  }
};

// GEGL buffers from gimp_drawable_get_buffer: unref flushes pending writes to GIMP.
using BufferPtr = std::unique_ptr<GeglBuffer, GObjectUnref>;
using ProfilePtr = std::unique_ptr<GimpColorProfile, GObjectUnref>;
using GStringPtr = std::unique_ptr<gchar, GFree>;

inline BufferPtr drawable_buffer(GimpDrawable* drawable) {
  return BufferPtr(gimp_drawable_get_buffer(drawable));
}

// One undo step for everything a run changes; ended on every path out of the scope.
class UndoGroup {
 public:
  explicit UndoGroup(GimpImage* image) : image_(image) { gimp_image_undo_group_start(image_); }
  ~UndoGroup() { gimp_image_undo_group_end(image_); }
  UndoGroup(const UndoGroup&) = delete;
  UndoGroup& operator=(const UndoGroup&) = delete;

 private:
  GimpImage* image_;
};

// Deletes a layer that was created but never made it into the image (a failure between
// gimp_layer_new and gimp_image_insert_layer); release() once it is inserted.
class PendingLayer {
 public:
  explicit PendingLayer(GimpLayer* layer) : layer_(layer) {}
  ~PendingLayer() {
    if (layer_ != nullptr) gimp_item_delete(GIMP_ITEM(layer_));
  }
  PendingLayer(const PendingLayer&) = delete;
  PendingLayer& operator=(const PendingLayer&) = delete;
  GimpLayer* get() const { return layer_; }
  GimpLayer* release() {
    GimpLayer* layer = layer_;
    layer_ = nullptr;
    return layer;
  }

 private:
  GimpLayer* layer_;
};

}  // namespace dip::gimp3
