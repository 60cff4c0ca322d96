#include "procedures.hpp"

#include <cstring>
#include <exception>
#include <string>

#include "dip/restore.hpp"
#include "filter.hpp"
#include "params.hpp"
#include "params_dialog.hpp"
#include "plugin-intl.h"

namespace dip::gimp2 {

namespace {

constexpr char kMenuPath[] = "<Image>/Filters/Enhance/Deep Image Prior";
constexpr char kAuthor[] = "gimp-dip authors";
constexpr char kCopyright[] = "GPL-3.0-or-later";
constexpr char kDate[] = "2025";
constexpr char kImageTypes[] = "RGB*, GRAY*";

// Arguments every procedure starts with, then the shared ones; order is part of the PDB
// interface and must never change.
#define DIP_IMAGE_ARGS                                                                  \
  {GIMP_PDB_INT32, const_cast<gchar*>("run-mode"),                                      \
   const_cast<gchar*>("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1) }")}, \
  {GIMP_PDB_IMAGE, const_cast<gchar*>("image"), const_cast<gchar*>("Input image")},     \
  {GIMP_PDB_DRAWABLE, const_cast<gchar*>("drawable"),                                   \
   const_cast<gchar*>("Input layer (RGB or grey, with or without alpha)")}

#define DIP_COMMON_ARGS                                                                        \
  {GIMP_PDB_INT32, const_cast<gchar*>("preset"),                                               \
   const_cast<gchar*>("Network and schedule: 0 fast (CPU), 1 balanced, 2 paper (the "          \
                      "published net; slow without a GPU)")},                                  \
  {GIMP_PDB_INT32, const_cast<gchar*>("iterations"),                                           \
   const_cast<gchar*>("Fitting iterations, 0..20000; 0 = automatic (a stopping rule picks "     \
                      "the best estimate, up to the preset's cap)")},                          \
  {GIMP_PDB_INT32, const_cast<gchar*>("seed"),                                                 \
   const_cast<gchar*>("Random seed for the network's weights and input noise; same seed, "      \
                      "same result")},                                                         \
  {GIMP_PDB_FLOAT, const_cast<gchar*>("tv-weight"),                                            \
   const_cast<gchar*>("Weight of a total-variation smoothness term, 0..1; 0 = plain prior")}

const GimpParamDef kInpaintArgs[] = {
    DIP_IMAGE_ARGS,
    DIP_COMMON_ARGS,
    {GIMP_PDB_INT32, const_cast<gchar*>("context"),
     const_cast<gchar*>("Pixels of surrounding context fitted around the selection, 0..1024; "
                        "0 = automatic (about the selection's size, 24..128)")},
};

const GimpParamDef kDenoiseArgs[] = {DIP_IMAGE_ARGS, DIP_COMMON_ARGS};

const GimpParamDef kUpscaleArgs[] = {
    DIP_IMAGE_ARGS,
    {GIMP_PDB_INT32, const_cast<gchar*>("factor"),
     const_cast<gchar*>("Upscaling factor: 2, 3, 4 or 8")},
    DIP_COMMON_ARGS,
    {GIMP_PDB_INT32, const_cast<gchar*>("new-image"),
     const_cast<gchar*>("0: new layer in this image (the canvas grows to hold it); 1: new "
                        "image")},
};

#undef DIP_IMAGE_ARGS
#undef DIP_COMMON_ARGS

const GimpParamDef kLayerReturn[] = {
    {GIMP_PDB_LAYER, const_cast<gchar*>("new-layer"), const_cast<gchar*>("The result layer")},
};

const GimpParamDef kUpscaleReturn[] = {
    {GIMP_PDB_IMAGE, const_cast<gchar*>("new-image"),
     const_cast<gchar*>("The image holding the result (the input image unless new-image = 1)")},
    {GIMP_PDB_LAYER, const_cast<gchar*>("new-layer"), const_cast<gchar*>("The result layer")},
};

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
       "in the same image at the scaled offsets, the canvas growing to hold it; new-image = 1 "
       "opens it as a new image instead. Returns the image and the new layer. The layer must "
       "be at least a few pixels wide and high.");

std::string full_help(const char* specific) {
  return std::string(_(specific)) + "\n\n" + _(kCommonHelp);
}

void install(const char* name, const char* blurb, const char* help, const char* label,
             const GimpParamDef* args, int nargs, const GimpParamDef* returns, int nreturns) {
  const std::string text = full_help(help);
  gimp_install_procedure(name, blurb, text.c_str(), kAuthor, kCopyright, kDate, label,
                         kImageTypes, GIMP_PLUGIN, nargs, nreturns, args, returns);
  gimp_plugin_menu_register(name, kMenuPath);
}

template <std::size_t N>
constexpr int count(const GimpParamDef (&)[N]) {
  return static_cast<int>(N);
}

// ---- reading values -------------------------------------------------------------------------

template <typename Values>
void load_last(const char* procedure, Values* values) {
  // A struct from another version of the plug-in has another size: keep the defaults then.
  if (gimp_get_data_size(procedure) == sizeof(Values)) gimp_get_data(procedure, values);
}

front::CommonValues common_from(const GimpParam* param, int first) {
  front::CommonValues values;
  values.preset = param[first].data.d_int32;
  values.iterations = param[first + 1].data.d_int32;
  values.seed = param[first + 2].data.d_int32;
  values.tv_weight = param[first + 3].data.d_float;
  return values;
}

Outcome wrong_count(const char* procedure, int expected, int got) {
  return Outcome::error(GIMP_PDB_CALLING_ERROR,
                        front::format(dngettext(GETTEXT_PACKAGE,
                                                "%s takes %d argument; it was called with %d.",
                                                "%s takes %d arguments; it was called with %d.",
                                                static_cast<unsigned long>(expected)),
                                      procedure, expected, got));
}

// The three procedures share one flow; only their values, dialog and defaults differ.
template <typename Values>
Outcome run_filter(const char* procedure, dip::Task task, GimpRunMode mode, gint nparams,
                   const GimpParam* param, int expected_params,
                   Values (*from_params)(const GimpParam*),
                   bool (*dialog)(Values*, const std::function<std::string(const Values&)>&),
                   FilterSpec (*to_spec)(const Values&)) {
  Values values;
  if (mode == GIMP_RUN_NONINTERACTIVE) {
    if (nparams != expected_params) return wrong_count(procedure, expected_params, nparams);
    values = from_params(param);
  } else {
    load_last(procedure, &values);
  }
  if (std::string problem = front::check(values); !problem.empty())
    return Outcome::error(GIMP_PDB_CALLING_ERROR, problem);

  Target target;
  Outcome checked = inspect(param[1].data.d_image, param[2].data.d_drawable, task, &target);
  if (checked.status != GIMP_PDB_SUCCESS) return checked;

  if (mode == GIMP_RUN_INTERACTIVE) {
    const auto summary = [&target, to_spec](const Values& v) {
      return describe(target, to_spec(v));
    };
    if (!dialog(&values, summary)) return Outcome::error(GIMP_PDB_CANCEL, _("Cancelled."));
    if (std::string problem = front::check(values); !problem.empty())
      return Outcome::error(GIMP_PDB_CALLING_ERROR, problem);
  }

  Outcome outcome = apply(target, to_spec(values), mode);
  if (outcome.status == GIMP_PDB_SUCCESS && mode == GIMP_RUN_INTERACTIVE)
    gimp_set_data(procedure, &values, sizeof values);
  return outcome;
}

front::InpaintValues inpaint_from(const GimpParam* param) {
  front::InpaintValues values;
  values.common = common_from(param, 3);
  values.context = param[7].data.d_int32;
  return values;
}

front::DenoiseValues denoise_from(const GimpParam* param) {
  front::DenoiseValues values;
  values.common = common_from(param, 3);
  return values;
}

front::UpscaleValues upscale_from(const GimpParam* param) {
  front::UpscaleValues values;
  values.factor = param[3].data.d_int32;
  values.common = common_from(param, 4);
  values.new_image = param[8].data.d_int32;
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

Outcome dispatch(const gchar* name, gint nparams, const GimpParam* param) {
  if (nparams < 3)
    return Outcome::error(GIMP_PDB_CALLING_ERROR, _("Missing run mode, image or drawable."));
  const auto mode = static_cast<GimpRunMode>(param[0].data.d_int32);
  if (std::strcmp(name, kInpaintProc) == 0)
    return run_filter<front::InpaintValues>(kInpaintProc, dip::Task::Inpaint, mode, nparams,
                                            param, count(kInpaintArgs), inpaint_from,
                                            run_inpaint_dialog, inpaint_spec);
  if (std::strcmp(name, kDenoiseProc) == 0)
    return run_filter<front::DenoiseValues>(kDenoiseProc, dip::Task::Denoise, mode, nparams,
                                            param, count(kDenoiseArgs), denoise_from,
                                            run_denoise_dialog, denoise_spec);
  if (std::strcmp(name, kUpscaleProc) == 0)
    return run_filter<front::UpscaleValues>(kUpscaleProc, dip::Task::Upscale, mode, nparams,
                                            param, count(kUpscaleArgs), upscale_from,
                                            run_upscale_dialog, upscale_spec);
  return Outcome::error(GIMP_PDB_CALLING_ERROR,
                        front::format(_("Unknown procedure %s."), name));
}

}  // namespace

std::string help_text(const char* procedure) {
  if (std::strcmp(procedure, kInpaintProc) == 0) return full_help(kInpaintHelp);
  if (std::strcmp(procedure, kDenoiseProc) == 0) return full_help(kDenoiseHelp);
  return full_help(kUpscaleHelp);
}

void query() {
  gimp_plugin_domain_register(GETTEXT_PACKAGE, locale_dir());
  install(kInpaintProc, N_("Fill the selection with Deep Image Prior"), kInpaintHelp,
          N_("_Inpaint Selection..."), kInpaintArgs, count(kInpaintArgs), kLayerReturn,
          count(kLayerReturn));
  install(kDenoiseProc, N_("Remove noise with Deep Image Prior"), kDenoiseHelp,
          N_("_Denoise..."), kDenoiseArgs, count(kDenoiseArgs), kLayerReturn,
          count(kLayerReturn));
  install(kUpscaleProc, N_("Enlarge the layer with Deep Image Prior"), kUpscaleHelp,
          N_("_Upscale..."), kUpscaleArgs, count(kUpscaleArgs), kUpscaleReturn,
          count(kUpscaleReturn));
}

void run(const gchar* name, gint nparams, const GimpParam* param, gint* nreturn_vals,
         GimpParam** return_vals) {
  // libgimp sends the return values after run() returns, so they must outlive this call; the
  // GIMP 2 API offers no other owner than a static.
  static GimpParam values[3];
  static std::string message;

  Outcome outcome;
  try {
    outcome = dispatch(name, nparams, param);
  } catch (const dip::Error& e) {
    outcome = Outcome::error(GIMP_PDB_EXECUTION_ERROR, dip::translated(e, GETTEXT_PACKAGE));
  } catch (const std::exception& e) {
    // Not the engine's: no translation to look up.
    outcome = Outcome::error(GIMP_PDB_EXECUTION_ERROR, e.what());
  }

  const auto mode = nparams > 0 ? static_cast<GimpRunMode>(param[0].data.d_int32)
                                 : GIMP_RUN_NONINTERACTIVE;
  *return_vals = values;
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = outcome.status;
  *nreturn_vals = 1;

  if (outcome.status == GIMP_PDB_SUCCESS) {
    if (std::strcmp(name, kUpscaleProc) == 0) {
      values[1].type = GIMP_PDB_IMAGE;
      values[1].data.d_image = outcome.image;
      values[2].type = GIMP_PDB_LAYER;
      values[2].data.d_layer = outcome.layer;
      *nreturn_vals = 3;
    } else {
      values[1].type = GIMP_PDB_LAYER;
      values[1].data.d_layer = outcome.layer;
      *nreturn_vals = 2;
    }
    if (mode != GIMP_RUN_NONINTERACTIVE) gimp_displays_flush();
  } else if (outcome.status != GIMP_PDB_CANCEL) {
    // GIMP shows a returned error message itself for interactive runs; scripts get it as the
    // call's error, and batch users see it on the console through gimp_message.
    message = outcome.message;
    values[1].type = GIMP_PDB_STRING;
    values[1].data.d_string = const_cast<gchar*>(message.c_str());
    *nreturn_vals = 2;
    if (mode == GIMP_RUN_NONINTERACTIVE) gimp_message(message.c_str());
  }
}

}  // namespace dip::gimp2
