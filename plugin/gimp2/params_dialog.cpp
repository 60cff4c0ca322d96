#include "params_dialog.hpp"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <climits>

#include "plugin-intl.h"
#include "procedures.hpp"

namespace dip::gimp2 {

namespace {

// GIMP's standard help needs an installed help domain; the procedure's own help text is always
// there, so the Help button shows that.
void show_help(const gchar* help_id, gpointer dialog) {
  GtkWidget* box = gtk_message_dialog_new(GTK_WINDOW(dialog), GTK_DIALOG_MODAL, GTK_MESSAGE_INFO,
                                          GTK_BUTTONS_CLOSE, "%s",
                                          help_text(help_id).c_str());
  gtk_window_set_title(GTK_WINDOW(box), _("Deep Image Prior Help"));
  gtk_dialog_run(GTK_DIALOG(box));
  gtk_widget_destroy(box);
}

// Builds the parts every filter shares and runs the dialog; the filter adds its own rows
// through `extra_rows` before the shared ones.
class ParamsDialog {
 public:
  ParamsDialog(const char* procedure, const char* title, const char* hint,
               std::function<std::string()> describe)
      : describe_(std::move(describe)) {
    gimp_ui_init(kPlugInBinary, FALSE);
    dialog_ = gimp_dialog_new(title, kPlugInBinary, nullptr, GtkDialogFlags(0), show_help,
                              procedure, _("_Cancel"), GTK_RESPONSE_CANCEL, _("_OK"),
                              GTK_RESPONSE_OK, nullptr);
    gtk_dialog_set_alternative_button_order(GTK_DIALOG(dialog_), GTK_RESPONSE_OK,
                                             GTK_RESPONSE_CANCEL, -1);
    gimp_window_set_transient(GTK_WINDOW(dialog_));

    vbox_ = gtk_vbox_new(FALSE, 12);
    gtk_container_set_border_width(GTK_CONTAINER(vbox_), 12);
    gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog_))), vbox_, TRUE,
                       TRUE, 0);
    table_ = gtk_table_new(1, 3, FALSE);
    gtk_table_set_col_spacings(GTK_TABLE(table_), 6);
    gtk_table_set_row_spacings(GTK_TABLE(table_), 6);
    gtk_box_pack_start(GTK_BOX(vbox_), table_, FALSE, FALSE, 0);

    summary_ = gtk_label_new(nullptr);
    gtk_misc_set_alignment(GTK_MISC(summary_), 0.0, 0.5);
    gtk_label_set_line_wrap(GTK_LABEL(summary_), TRUE);
    gtk_box_pack_start(GTK_BOX(vbox_), summary_, FALSE, FALSE, 0);

    GtkWidget* note = gtk_label_new(hint);
    gtk_label_set_line_wrap(GTK_LABEL(note), TRUE);
    gtk_widget_set_size_request(note, 380, -1);
    gtk_misc_set_alignment(GTK_MISC(note), 0.0, 0.5);
    gimp_label_set_attributes(GTK_LABEL(note), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);
    gtk_box_pack_start(GTK_BOX(vbox_), note, FALSE, FALSE, 0);
  }

  ~ParamsDialog() { gtk_widget_destroy(dialog_); }
  ParamsDialog(const ParamsDialog&) = delete;
  ParamsDialog& operator=(const ParamsDialog&) = delete;

  void add_int(const char* label, const char* tooltip, std::int32_t* value, int lower, int upper) {
    GtkAdjustment* adjustment =
        GTK_ADJUSTMENT(gtk_adjustment_new(*value, lower, upper, 1, 10, 0));
    GtkWidget* spin = gtk_spin_button_new(adjustment, 1.0, 0);
    gtk_spin_button_set_numeric(GTK_SPIN_BUTTON(spin), TRUE);
    attach(label, tooltip, spin);
    g_signal_connect(adjustment, "value-changed", G_CALLBACK(gimp_int_adjustment_update), value);
    watch(adjustment, "value-changed");
  }

  void add_double(const char* label, const char* tooltip, double* value, double upper) {
    GtkAdjustment* adjustment =
        GTK_ADJUSTMENT(gtk_adjustment_new(*value, 0.0, upper, 0.001, 0.01, 0));
    GtkWidget* spin = gtk_spin_button_new(adjustment, 0.001, 4);
    gtk_spin_button_set_numeric(GTK_SPIN_BUTTON(spin), TRUE);
    attach(label, tooltip, spin);
    g_signal_connect(adjustment, "value-changed", G_CALLBACK(gimp_double_adjustment_update),
                     value);
    watch(adjustment, "value-changed");
  }

  // `combo` is a GimpIntComboBox holding the choices.
  void add_choice(const char* label, const char* tooltip, GtkWidget* combo, std::int32_t* value) {
    attach(label, tooltip, combo);
    gimp_int_combo_box_connect(GIMP_INT_COMBO_BOX(combo), *value,
                               G_CALLBACK(gimp_int_combo_box_get_active), value);
    watch(combo, "changed");
  }

  void add_toggle(const char* label, const char* tooltip, std::int32_t* value) {
    GtkWidget* toggle = gtk_check_button_new_with_mnemonic(label);
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(toggle), *value != 0);
    gimp_help_set_help_data(toggle, tooltip, nullptr);
    gtk_table_attach(GTK_TABLE(table_), toggle, 0, 3, rows_, rows_ + 1, GTK_FILL, GTK_FILL, 0, 0);
    ++rows_;
    g_signal_connect(toggle, "toggled", G_CALLBACK(gimp_toggle_button_update), value);
    watch(toggle, "toggled");
  }

  void add_common(front::CommonValues* common) {
    add_choice(_("_Preset:"),
               _("Fast and Balanced are light nets for a CPU; Paper is the published net and "
                 "needs a GPU or a lot of patience."),
               gimp_int_combo_box_new(_("Fast"), 0, _("Balanced"), 1, _("Paper (slow)"), 2,
                                      nullptr),
               &common->preset);
    add_int(_("_Iterations:"),
            _("0 lets the stopping rule decide when the estimate is best (recommended)."),
            &common->iterations, 0, front::kMaxIterations);
    add_int(_("_Random seed:"), _("The same seed, input and preset give the same result."),
            &common->seed, INT_MIN, INT_MAX);
    add_double(_("_TV weight:"),
               _("Adds a total-variation smoothness term; 0 (the default) is the plain prior."),
               &common->tv_weight, front::kMaxTvWeight);
  }

  bool run() {
    refresh();
    gtk_widget_show_all(dialog_);
    return gimp_dialog_run(GIMP_DIALOG(dialog_)) == GTK_RESPONSE_OK;
  }

 private:
  void attach(const char* label, const char* tooltip, GtkWidget* widget) {
    gimp_help_set_help_data(widget, tooltip, nullptr);
    gimp_table_attach_aligned(GTK_TABLE(table_), 0, rows_, label, 0.0, 0.5, widget, 1, TRUE);
    ++rows_;
  }

  // Connected after the value's own handler, so describe() sees the new value.
  void watch(gpointer instance, const char* signal) {
    g_signal_connect_swapped(instance, signal, G_CALLBACK(on_changed), this);
  }

  static void on_changed(gpointer self) { static_cast<ParamsDialog*>(self)->refresh(); }

  void refresh() { gtk_label_set_text(GTK_LABEL(summary_), describe_().c_str()); }

  std::function<std::string()> describe_;
  GtkWidget* dialog_ = nullptr;
  GtkWidget* vbox_ = nullptr;
  GtkWidget* table_ = nullptr;
  GtkWidget* summary_ = nullptr;
  guint rows_ = 0;
};

}  // namespace

bool run_inpaint_dialog(front::InpaintValues* values,
                        const std::function<std::string(const front::InpaintValues&)>& describe) {
  ParamsDialog dialog(
      kInpaintProc, _("Deep Image Prior: Inpaint Selection"),
      _("Works best on scratches, spots, wires and captions in photographs. Large holes and "
        "noise-like textures (gravel, foliage, grain) are hard for this prior: expect a blurry "
        "fill there."),
      [values, &describe] { return describe(*values); });
  dialog.add_common(&values->common);
  dialog.add_int(_("_Context:"),
                 _("Pixels of surroundings, around the selection, that the net learns from. "
                   "0 picks about the selection's size."),
                 &values->context, 0, front::kMaxContext);
  return dialog.run();
}

bool run_denoise_dialog(front::DenoiseValues* values,
                        const std::function<std::string(const front::DenoiseValues&)>& describe) {
  ParamsDialog dialog(
      kDenoiseProc, _("Deep Image Prior: Denoise"),
      _("Removes sensor noise and JPEG-like grain while keeping edges. Fine noise-like "
        "textures may be smoothed along with the noise. With a selection, only the selection "
        "is changed."),
      [values, &describe] { return describe(*values); });
  dialog.add_common(&values->common);
  return dialog.run();
}

bool run_upscale_dialog(front::UpscaleValues* values,
                        const std::function<std::string(const front::UpscaleValues&)>& describe) {
  ParamsDialog dialog(
      kUpscaleProc, _("Deep Image Prior: Upscale"),
      _("Enlarges the layer with sharper edges than interpolation. It cannot invent detail "
        "that the small image does not hint at; noise-like textures stay soft."),
      [values, &describe] { return describe(*values); });
  dialog.add_choice(_("_Factor:"), _("How many times wider and taller the result is."),
                    gimp_int_combo_box_new("×2", 2, "×3", 3, "×4", 4, "×8", 8, nullptr),
                    &values->factor);
  dialog.add_common(&values->common);
  dialog.add_toggle(_("Open the result as a _new image"),
                    _("Otherwise the result is a new layer and the canvas grows to hold it."),
                    &values->new_image);
  return dialog.run();
}

}  // namespace dip::gimp2
