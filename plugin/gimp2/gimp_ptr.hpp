// Ownership of GLib/GEGL/GIMP resources, so that every early return (an error, a cancel)
// releases what it took and closes what it opened.
#pragma once

#include <libgimp/gimp.h>

#include <memory>

namespace dip::gimp2 {

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};

// GEGL buffers from gimp_drawable_get_buffer: unref flushes pending writes to GIMP.
using BufferPtr = std::unique_ptr<GeglBuffer, GObjectUnref>;
using GStringPtr = std::unique_ptr<gchar, GFree>;

inline BufferPtr drawable_buffer(gint32 drawable) {
  return BufferPtr(gimp_drawable_get_buffer(drawable));
}

// One undo step for everything a run changes; ended on every path out of the scope.
class UndoGroup {
 public:
  explicit UndoGroup(gint32 image) : image_(image) { gimp_image_undo_group_start(image_); }
  ~UndoGroup() { gimp_image_undo_group_end(image_); }
  UndoGroup(const UndoGroup&) = delete;
  UndoGroup& operator=(const UndoGroup&) = delete;

 private:
  gint32 image_;
};

// Deletes a layer that was created but never made it into the image (a failure between
// gimp_layer_new and gimp_image_insert_layer); release() once it is inserted.
class PendingLayer {
 public:
  explicit PendingLayer(gint32 layer) : layer_(layer) {}
  ~PendingLayer() {
    if (layer_ != -1) gimp_item_delete(layer_);
  }
  PendingLayer(const PendingLayer&) = delete;
  PendingLayer& operator=(const PendingLayer&) = delete;
  gint32 get() const { return layer_; }
  gint32 release() {
    const gint32 layer = layer_;
    layer_ = -1;
    return layer;
  }

 private:
  gint32 layer_;
};

}  // namespace dip::gimp2
