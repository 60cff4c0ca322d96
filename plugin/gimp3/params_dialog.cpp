#include "params_dialog.hpp"

#include <libgimp/gimpui.h>

#include "plugin-intl.hpp"
#include "procedures.hpp"

namespace dip::gimp3 {

namespace {

constexpr char kSummaryId[] = "dip-summary";
constexpr char kHintId[] = "dip-hint";

const char* dialog_title(dip::Task task) {
  switch (task) {
    case dip::Task::Inpaint: return _("Deep Image Prior: Inpaint Selection");
    case dip::Task::Denoise: return _("Deep Image Prior: Denoise");
    case dip::Task::Upscale: return _("Deep Image Prior: Upscale");
  }
  return "";
}

// The honest word on what the prior is bad at, as in the GIMP 2.10 dialogs.
const char* dialog_hint(dip::Task task) {
  switch (task) {
    case dip::Task::Inpaint:
      return _("Works best on scratches, spots, wires and captions in photographs. Large holes "
               "and noise-like textures (gravel, foliage, grain) are hard for this prior: expect "
               "a blurry fill there.");
    case dip::Task::Denoise:
      return _("Removes sensor noise and JPEG-like grain while keeping edges. Fine noise-like "
               "textures may be smoothed along with the noise. With a selection, only the "
               "selection is changed.");
    case dip::Task::Upscale:
      return _("Enlarges the layer with sharper edges than interpolation. It cannot invent "
               "detail that the small image does not hint at; noise-like textures stay soft.");
  }
  return "";
}

GtkWidget* wrapped_label(GimpProcedureDialog* dialog, const char* id, const char* text) {
  GtkWidget* label = gimp_procedure_dialog_get_label(dialog, id, text, FALSE, FALSE);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0);
  gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(label), 48);
  gtk_widget_set_margin_top(label, 6);
  return label;
}

// Keeps the summary line in step with the config while the dialog is up; disconnects itself.
class SummaryFollower {
 public:
  SummaryFollower(GimpProcedureConfig* config, GtkWidget* label,
                  const std::function<std::string()>& describe)
      : config_(config), label_(label), describe_(describe) {
    refresh();
    handler_ = g_signal_connect_swapped(config_, "notify", G_CALLBACK(on_notify), this);
  }
  ~SummaryFollower() { g_signal_handler_disconnect(config_, handler_); }
  SummaryFollower(const SummaryFollower&) = delete;
  SummaryFollower& operator=(const SummaryFollower&) = delete;

 private:
  static void on_notify(gpointer self) { static_cast<SummaryFollower*>(self)->refresh(); }
  void refresh() { gtk_label_set_text(GTK_LABEL(label_), describe_().c_str()); }

  GimpProcedureConfig* config_;
  GtkWidget* label_;
  const std::function<std::string()>& describe_;
  gulong handler_ = 0;
};

// gtk_widget_destroy on every path out, GTK's way to free a toplevel.
struct DialogCloser {
  GtkWidget* dialog;
  ~DialogCloser() { gtk_widget_destroy(dialog); }
};

}  // namespace

bool run_params_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, dip::Task task,
                       const std::function<std::string()>& describe) {
  gimp_ui_init(kPlugInBinary);
  GtkWidget* widget = gimp_procedure_dialog_new(procedure, config, dialog_title(task));
  DialogCloser closer{widget};
  auto* dialog = GIMP_PROCEDURE_DIALOG(widget);

  gimp_procedure_dialog_get_int_combo(
      dialog, "preset",
      GIMP_INT_STORE(gimp_int_store_new(_("Fast"), 0, _("Balanced"), 1, _("Paper (slow)"), 2,
                                        nullptr)));
  // Spin buttons, not sliders: a slider over 20000 iterations or every 32-bit seed is useless.
  for (const char* name : {"iterations", "seed"})
    gimp_procedure_dialog_get_widget(dialog, name, GIMP_TYPE_LABEL_SPIN);
  if (task == dip::Task::Inpaint)
    gimp_procedure_dialog_get_widget(dialog, "context", GIMP_TYPE_LABEL_SPIN);
  if (task == dip::Task::Upscale)
    gimp_procedure_dialog_get_int_combo(
        dialog, "factor",
        GIMP_INT_STORE(gimp_int_store_new("×2", 2, "×3", 3, "×4", 4, "×8", 8, nullptr)));

  GtkWidget* summary = wrapped_label(dialog, kSummaryId, "");
  GtkWidget* hint = wrapped_label(dialog, kHintId, dialog_hint(task));
  gimp_label_set_attributes(GTK_LABEL(hint), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);

  switch (task) {
    case dip::Task::Inpaint:
      gimp_procedure_dialog_fill(dialog, "preset", "iterations", "seed", "tv-weight", "context",
                                 kSummaryId, kHintId, nullptr);
      break;
    case dip::Task::Denoise:
      gimp_procedure_dialog_fill(dialog, "preset", "iterations", "seed", "tv-weight", kSummaryId,
                                 kHintId, nullptr);
      break;
    case dip::Task::Upscale:
      gimp_procedure_dialog_fill(dialog, "factor", "preset", "iterations", "seed", "tv-weight",
                                 "new-image", kSummaryId, kHintId, nullptr);
      break;
  }
  SummaryFollower follower(config, summary, describe);
  return gimp_procedure_dialog_run(dialog);
}

}  // namespace dip::gimp3
