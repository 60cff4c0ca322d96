#include "procedures.hpp"

#include <cstring>
#include <exception>
#include <functional>
#include <string>

#include "dip/restore.hpp"
#include "filter.hpp"
#include "params.hpp"
#include "params_dialog.hpp"
#include "plugin-intl.hpp"

namespace dip::gimp3 {

namespace {

constexpr char kMenuPath[] = "<Image>/Filters/Enhance/Deep Image Prior";
constexpr char kAuthor[] = "gimp-dip authors";
constexpr char kCopyright[] = "GPL-3.0-or-later";
constexpr char kDate[] = "2025";
constexpr char kImageTypes[] = "RGB*, GRAY*";

constexpr char kCommonHelp[] =
    N_("The result is a new layer above the source; the source layer is never changed, and the "
       "whole run is one undo step. Cancel leaves the image as it was.\n\n"
       "Parameters: preset 0 fast (a light net for a CPU), 1 balanced, 2 paper (the published "
       "net, slow without a GPU); iterations 0..20000, 0 = automatic (a stopping rule returns "
       "the best estimate, capped by the preset); seed, any integer: the same seed gives the "
       "same result; tv-weight 0..1 adds total-variation smoothing, 0 is the plain prior.\n\n"
       "Works on RGB and grey layers, with or without alpha, at any precision; indexed images "
       "must be converted to RGB first.");

constexpr char kInpaintHelp[] =
    N_("Fills the selected pixels with Deep Image Prior: a network is fitted to the pixels "
       "around the selection and its output fills the hole. Only a crop around the selection "
       "(its bounds grown by the context margin, clipped to the layer) is fitted, so a small "
       "blemish in a large photo takes seconds to minutes. A feathered selection blends "
       "softly; outside the selection the result is bit-identical to the source.\n\n"
       "context: pixels of surroundings fitted around the selection, 0..1024, 0 = automatic.\n\n"
       "Best on scratches, spots, wires and text; large holes and noise-like textures come out "
       "blurry.");

constexpr char kDenoiseHelp[] =
    N_("Removes noise with Deep Image Prior: a network fitted to the noisy layer reproduces "
       "the image before it reproduces the noise, and the fit is stopped in between. With a "
       "selection, only the selection's bounds are fitted and the result is blended through "
       "the selection; outside it the layer is unchanged.");

constexpr char kUpscaleHelp[] =
    N_("Enlarges the layer 2, 3, 4 or 8 times with Deep Image Prior: a network is fitted so "
       "that its output, scaled down, matches the layer. By default the result is a new layer "
       "in the same image at the scaled offsets, the canvas growing to hold it; new-image "
       "opens it as a new image instead. Returns the image and the new layer. The layer must "
       "be at least a few pixels wide and high.");

// ---- registration ---------------------------------------------------------------------------

void add_common_arguments(GimpProcedure* procedure) {
  const front::CommonValues defaults;
  gimp_procedure_add_int_argument(
      procedure, "preset", _("_Preset"),
      _("Network and schedule: 0 fast (CPU), 1 balanced, 2 paper (the published net; slow "
        "without a GPU)"),
      0, 2, defaults.preset, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(
      procedure, "iterations", _("_Iterations"),
      _("Fitting iterations, 0..20000; 0 = automatic (a stopping rule picks the best estimate, "
        "up to the preset's cap)"),
      0, front::kMaxIterations, defaults.iterations, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(
      procedure, "seed", _("_Random seed"),
      _("Random seed for the network's weights and input noise; same seed, same result"),
      G_MININT, G_MAXINT, defaults.seed, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(
      procedure, "tv-weight", _("_TV weight"),
      _("Weight of a total-variation smoothness term, 0..1; 0 = plain prior"), 0.0,
      front::kMaxTvWeight, defaults.tv_weight, G_PARAM_READWRITE);
}

front::CommonValues common_from(GimpProcedureConfig* config) {
  front::CommonValues values;
  gint preset = 0, iterations = 0, seed = 0;
  gdouble tv_weight = 0.0;
  g_object_get(config, "preset", &preset, "iterations", &iterations, "seed", &seed, "tv-weight",
               &tv_weight, nullptr);
  values.preset = preset;
  values.iterations = iterations;
  values.seed = seed;
  values.tv_weight = tv_weight;
  return values;
}

front::InpaintValues inpaint_from(GimpProcedureConfig* config) {
  front::InpaintValues values;
  values.common = common_from(config);
  gint context = 0;
  g_object_get(config, "context", &context, nullptr);
  values.context = context;
  return values;
}

front::DenoiseValues denoise_from(GimpProcedureConfig* config) {
  front::DenoiseValues values;
  values.common = common_from(config);
  return values;
}

front::UpscaleValues upscale_from(GimpProcedureConfig* config) {
  front::UpscaleValues values;
  values.common = common_from(config);
  gint factor = 2;
  gboolean new_image = FALSE;
  g_object_get(config, "factor", &factor, "new-image", &new_image, nullptr);
  values.factor = factor;
  values.new_image = new_image ? 1 : 0;
  return values;
}

FilterSpec inpaint_spec(const front::InpaintValues& values) {
  FilterSpec spec;
  spec.options = front::to_options(values);
  spec.context = values.context;
  return spec;
}

FilterSpec denoise_spec(const front::DenoiseValues& values) {
  FilterSpec spec;
  spec.options = front::to_options(values);
  return spec;
}

FilterSpec upscale_spec(const front::UpscaleValues& values) {
  FilterSpec spec;
  spec.options = front::to_options(values);
  spec.new_image = values.new_image != 0;
  return spec;
}

// ---- running --------------------------------------------------------------------------------

GimpValueArray* failure(GimpProcedure* procedure, const Outcome& outcome) {
  if (outcome.status == GIMP_PDB_CANCEL)
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, nullptr);
  // GIMP shows a returned error itself (a message box for interactive runs, the console in
  // batch mode) and hands it to scripts as the call's error message.
  GError* error = g_error_new_literal(GIMP_PLUG_IN_ERROR, 0, outcome.message.c_str());
  return gimp_procedure_new_return_values(procedure, outcome.status, error);
}

GimpValueArray* success(GimpProcedure* procedure, const Outcome& outcome, bool returns_image,
                        GimpRunMode mode) {
  GimpValueArray* values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, nullptr);
  if (returns_image) {
    GIMP_VALUES_SET_IMAGE(values, 1, outcome.image);
    GIMP_VALUES_SET_LAYER(values, 2, outcome.layer);
  } else {
    GIMP_VALUES_SET_LAYER(values, 1, outcome.layer);
  }
  if (mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
  return values;
}

// The three procedures share one flow; only their values, dialog and defaults differ.
template <typename Values>
Outcome run_filter(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image,
                   GimpDrawable** drawables, GimpProcedureConfig* config, dip::Task task,
                   Values (*from_config)(GimpProcedureConfig*),
                   FilterSpec (*to_spec)(const Values&)) {
  // The config already holds the call's arguments, or the last values for interactive and
  // with-last-values runs (libgimp stores them after every successful interactive run).
  Values values = from_config(config);
  if (std::string problem = front::check(values); !problem.empty())
    return Outcome::error(GIMP_PDB_CALLING_ERROR, problem);

  Target target;
  Outcome checked = inspect(image, drawables, task, &target);
  if (checked.status != GIMP_PDB_SUCCESS) return checked;

  if (mode == GIMP_RUN_INTERACTIVE) {
    const std::function<std::string()> summary = [&target, config, from_config, to_spec] {
      return describe(target, to_spec(from_config(config)));
    };
    if (!run_params_dialog(procedure, config, task, summary))
      return Outcome::error(GIMP_PDB_CANCEL, _("Cancelled."));
    values = from_config(config);
    if (std::string problem = front::check(values); !problem.empty())
      return Outcome::error(GIMP_PDB_CALLING_ERROR, problem);
  }
  return apply(target, to_spec(values), mode);
}

template <typename Values>
GimpValueArray* run_guarded(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image,
                            GimpDrawable** drawables, GimpProcedureConfig* config,
                            dip::Task task, Values (*from_config)(GimpProcedureConfig*),
                            FilterSpec (*to_spec)(const Values&)) {
  Outcome outcome;
  try {
    outcome = run_filter<Values>(procedure, mode, image, drawables, config, task, from_config,
                                 to_spec);
  } catch (const dip::Error& e) {
    outcome = Outcome::error(GIMP_PDB_EXECUTION_ERROR, dip::translated(e, GETTEXT_PACKAGE));
  } catch (const std::exception& e) {
    // Not the engine's: no translation to look up.
    outcome = Outcome::error(GIMP_PDB_EXECUTION_ERROR, e.what());
  }
  if (outcome.status != GIMP_PDB_SUCCESS) return failure(procedure, outcome);
  return success(procedure, outcome, task == dip::Task::Upscale, mode);
}

GimpValueArray* run_inpaint(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image,
                            GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  return run_guarded<front::InpaintValues>(procedure, mode, image, drawables, config,
                                           dip::Task::Inpaint, inpaint_from, inpaint_spec);
}

GimpValueArray* run_denoise(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image,
                            GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  return run_guarded<front::DenoiseValues>(procedure, mode, image, drawables, config,
                                           dip::Task::Denoise, denoise_from, denoise_spec);
}

GimpValueArray* run_upscale(GimpProcedure* procedure, GimpRunMode mode, GimpImage* image,
                            GimpDrawable** drawables, GimpProcedureConfig* config, gpointer) {
  return run_guarded<front::UpscaleValues>(procedure, mode, image, drawables, config,
                                           dip::Task::Upscale, upscale_from, upscale_spec);
}

GimpProcedure* new_image_procedure(GimpPlugIn* plug_in, const char* name, GimpRunImageFunc run,
                                   const char* label, const char* blurb, const char* help) {
  GimpProcedure* procedure =
      gimp_image_procedure_new(plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, run, nullptr, nullptr);
  gimp_procedure_set_image_types(procedure, kImageTypes);
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label(procedure, label);
  gimp_procedure_add_menu_path(procedure, kMenuPath);
  const std::string text = std::string(_(help)) + "\n\n" + _(kCommonHelp);
  gimp_procedure_set_documentation(procedure, blurb, text.c_str(), name);
  gimp_procedure_set_attribution(procedure, kAuthor, kCopyright, kDate);
  return procedure;
}

}  // namespace

GList* procedure_names() {
  GList* names = nullptr;
  for (const char* name : {kInpaintProc, kDenoiseProc, kUpscaleProc})
    names = g_list_append(names, g_strdup(name));
  return names;
}

GimpProcedure* create_procedure(GimpPlugIn* plug_in, const char* name) {
  if (std::strcmp(name, kInpaintProc) == 0) {
    GimpProcedure* procedure = new_image_procedure(
        plug_in, name, run_inpaint, _("_Inpaint Selection..."),
        _("Fill the selection with Deep Image Prior"), kInpaintHelp);
    add_common_arguments(procedure);
    gimp_procedure_add_int_argument(
        procedure, "context", _("_Context"),
        _("Pixels of surrounding context fitted around the selection, 0..1024; 0 = automatic "
          "(about the selection's size, 24..128)"),
        0, front::kMaxContext, front::InpaintValues{}.context, G_PARAM_READWRITE);
    gimp_procedure_add_layer_return_value(procedure, "new-layer", _("New layer"),
                                          _("The result layer"), FALSE, G_PARAM_READWRITE);
    return procedure;
  }
  if (std::strcmp(name, kDenoiseProc) == 0) {
    GimpProcedure* procedure =
        new_image_procedure(plug_in, name, run_denoise, _("_Denoise..."),
                            _("Remove noise with Deep Image Prior"), kDenoiseHelp);
    add_common_arguments(procedure);
    gimp_procedure_add_layer_return_value(procedure, "new-layer", _("New layer"),
                                          _("The result layer"), FALSE, G_PARAM_READWRITE);
    return procedure;
  }
  if (std::strcmp(name, kUpscaleProc) == 0) {
    GimpProcedure* procedure =
        new_image_procedure(plug_in, name, run_upscale, _("_Upscale..."),
                            _("Enlarge the layer with Deep Image Prior"), kUpscaleHelp);
    // Argument order as in GIMP 2.10: factor first, new-image last.
    gimp_procedure_add_int_argument(procedure, "factor", _("_Factor"),
                                    _("Upscaling factor: 2, 3, 4 or 8"), 2, 8,
                                    front::UpscaleValues{}.factor, G_PARAM_READWRITE);
    add_common_arguments(procedure);
    gimp_procedure_add_boolean_argument(
        procedure, "new-image", _("Open the result as a _new image"),
        _("FALSE: new layer in this image (the canvas grows to hold it); TRUE: new image"),
        front::UpscaleValues{}.new_image != 0, G_PARAM_READWRITE);
    gimp_procedure_add_image_return_value(
        procedure, "new-image", _("New image"),
        _("The image holding the result (the input image unless new-image is set)"), FALSE,
        G_PARAM_READWRITE);
    gimp_procedure_add_layer_return_value(procedure, "new-layer", _("New layer"),
                                          _("The result layer"), FALSE, G_PARAM_READWRITE);
    return procedure;
  }
  return nullptr;
}

}  // namespace dip::gimp3
