// One filter run from the drawable to the new layer: checks, crop, pixel read, fit, write-back.
// The image changes only at the very end, after a successful fit, inside one undo group; a
// cancel or an error on any earlier step leaves it exactly as it was.
#pragma once

#include <libgimp/gimp.h>

#include <string>

#include "dip/restore.hpp"
#include "geometry.hpp"

namespace dip::gimp3 {

struct Outcome {
  GimpPDBStatusType status = GIMP_PDB_SUCCESS;
  std::string message;         // for errors
  GimpImage* image = nullptr;  // the image holding the result
  GimpLayer* layer = nullptr;  // the new layer

  static Outcome error(GimpPDBStatusType status, std::string message) {
    Outcome outcome;
    outcome.status = status;
    outcome.message = std::move(message);
    return outcome;
  }
};

// The drawable a filter reads, once checked.
struct Target {
  GimpImage* image = nullptr;
  GimpDrawable* drawable = nullptr;
  front::Rect layer;      // image coordinates
  front::Rect selection;  // bounds, image coordinates; empty = nothing selected
  int canvas_width = 0;
  int canvas_height = 0;
};

struct FilterSpec {
  dip::Options options;
  int context = 0;         // inpaint and denoise
  bool new_image = false;  // upscale
};

// Checks that the drawables can be filtered by `task` (exactly one layer, not indexed, a
// selection when inpainting); on failure returns an error outcome, else fills *target.
// `drawables` is GIMP 3's zero-terminated list of selected drawables.
Outcome inspect(GimpImage* image, GimpDrawable** drawables, dip::Task task, Target* target);

// The crop a run of these values would fit (the whole layer for Upscale).
bool plan(const Target& target, const FilterSpec& spec, front::CropPlan* crop,
          std::string* message);

// One line for the dialog: what will be fitted and roughly what it costs.
std::string describe(const Target& target, const FilterSpec& spec);

Outcome apply(const Target& target, const FilterSpec& spec, GimpRunMode mode);

}  // namespace dip::gimp3
