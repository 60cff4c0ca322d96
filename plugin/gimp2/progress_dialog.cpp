#include "progress_dialog.hpp"

#include <libgimp/gimpui.h>

#include <string>

#include "plugin-intl.h"
#include "preview.hpp"
#include "progress_text.hpp"

namespace dip::gimp2 {

namespace {

constexpr gint kStopAndKeep = 1;
constexpr int kPreviewSide = 320;
constexpr guint kTickMs = 200;

GimpImageType preview_type(int channels) {
  switch (channels) {
    case 1: return GIMP_GRAY_IMAGE;
    case 2: return GIMP_GRAYA_IMAGE;
    case 3: return GIMP_RGB_IMAGE;
    default: return GIMP_RGBA_IMAGE;
  }
}

}  // namespace

ProgressDialog::ProgressDialog(front::FitWorker& worker, const FitView& view,
                               const front::HostWatch& gimp)
    : worker_(worker), view_(view), gimp_(gimp) {
  loop_ = g_main_loop_new(nullptr, FALSE);
  // Not the parameter dialog's title: scripts and window lists tell the two apart.
  const std::string title =
      front::format(_("Deep Image Prior: %s (running)"), view.title.c_str());
  dialog_ = gimp_dialog_new(title.c_str(), "gimp-dip-progress", nullptr, GtkDialogFlags(0),
                            nullptr, nullptr,
                            _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Stop and Keep"), kStopAndKeep,
                            nullptr);
  gimp_window_set_transient(GTK_WINDOW(dialog_));

  GtkWidget* vbox = gtk_vbox_new(FALSE, 8);
  gtk_container_set_border_width(GTK_CONTAINER(vbox), 12);
  gtk_box_pack_start(GTK_BOX(gtk_dialog_get_content_area(GTK_DIALOG(dialog_))), vbox, TRUE, TRUE,
                     0);

  GtkWidget* frame = gtk_frame_new(nullptr);
  gtk_frame_set_shadow_type(GTK_FRAME(frame), GTK_SHADOW_IN);
  GtkWidget* align = gtk_alignment_new(0.5, 0.5, 0.0, 0.0);
  gtk_container_add(GTK_CONTAINER(align), frame);
  gtk_box_pack_start(GTK_BOX(vbox), align, TRUE, TRUE, 0);
  preview_ = gimp_preview_area_new();
  gtk_container_add(GTK_CONTAINER(frame), preview_);

  status_ = gtk_label_new(_("Setting up the network…"));
  gtk_misc_set_alignment(GTK_MISC(status_), 0.0, 0.5);
  gtk_box_pack_start(GTK_BOX(vbox), status_, FALSE, FALSE, 0);

  bar_ = gtk_progress_bar_new();
  gtk_box_pack_start(GTK_BOX(vbox), bar_, FALSE, FALSE, 0);

  details_ = gtk_label_new(" ");
  gtk_misc_set_alignment(GTK_MISC(details_), 0.0, 0.5);
  gtk_box_pack_start(GTK_BOX(vbox), details_, FALSE, FALSE, 0);

  GtkWidget* note = gtk_label_new(
      _("The preview refreshes every few seconds. Stop and Keep makes the current estimate the "
        "result; Cancel leaves the image as it was."));
  gtk_label_set_line_wrap(GTK_LABEL(note), TRUE);
  gtk_misc_set_alignment(GTK_MISC(note), 0.0, 0.5);
  gimp_label_set_attributes(GTK_LABEL(note), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);
  gtk_box_pack_start(GTK_BOX(vbox), note, FALSE, FALSE, 0);

  g_signal_connect(dialog_, "response", G_CALLBACK(on_response), this);
  // GtkDialog turns a window-manager close into a DELETE_EVENT response and then destroys the
  // window; keep it until the worker has really stopped.
  g_signal_connect(dialog_, "delete-event", G_CALLBACK(on_delete), this);

  show_preview(view.source);
  gtk_widget_show_all(dialog_);
}

ProgressDialog::~ProgressDialog() {
  if (timer_ != 0) g_source_remove(timer_);
  if (dialog_ != nullptr) gtk_widget_destroy(dialog_);
  if (loop_ != nullptr) g_main_loop_unref(loop_);
}

void ProgressDialog::run() {
  timer_ = g_timeout_add(kTickMs, on_tick, this);
  if (tick()) g_main_loop_run(loop_);
}

void ProgressDialog::on_response(GtkDialog*, gint response, gpointer self) {
  static_cast<ProgressDialog*>(self)->request(response);
}

gboolean ProgressDialog::on_delete(GtkWidget*, GdkEvent*, gpointer) { return TRUE; }

gboolean ProgressDialog::on_tick(gpointer self) {
  auto* dialog = static_cast<ProgressDialog*>(self);
  if (dialog->tick()) return G_SOURCE_CONTINUE;
  dialog->timer_ = 0;
  g_main_loop_quit(dialog->loop_);
  return G_SOURCE_REMOVE;
}

void ProgressDialog::request(gint response) {
  if (response == kStopAndKeep) {
    if (stopping_) return;
    worker_.stop_and_keep();
    gtk_label_set_text(GTK_LABEL(status_), _("Stopping; keeping the current estimate…"));
  } else {
    // Cancel, Escape and the window's close button all mean: leave my image alone.
    worker_.cancel();
    gtk_label_set_text(GTK_LABEL(status_), _("Cancelling…"));
  }
  stopping_ = true;
  gtk_dialog_set_response_sensitive(GTK_DIALOG(dialog_), kStopAndKeep, FALSE);
  gtk_dialog_set_response_sensitive(GTK_DIALOG(dialog_), GTK_RESPONSE_CANCEL,
                                    response == kStopAndKeep);
}

bool ProgressDialog::tick() {
  if (gimp_.host_gone()) {
    // No GIMP left to show progress to or to take the result: end the fit, touch nothing.
    worker_.cancel();
    return worker_.state() == front::FitState::Running;
  }
  const front::FitProgress progress = worker_.progress();
  show_progress(progress);
  dip::Image estimate;
  if (worker_.take_estimate(&estimate_serial_, &estimate)) show_preview(estimate);
  return worker_.state() == front::FitState::Running;
}

void ProgressDialog::show_progress(const front::FitProgress& progress) {
  const double fraction = progress.fraction();
  if (!progress.started) {
    gtk_progress_bar_pulse(GTK_PROGRESS_BAR(bar_));
    const std::string elapsed =
        front::format(_("Elapsed %s"), front::format_duration(progress.elapsed_s).c_str());
    gtk_label_set_text(GTK_LABEL(details_), elapsed.c_str());
    return;
  }
  gtk_progress_bar_set_fraction(GTK_PROGRESS_BAR(bar_), fraction);
  const std::string percent = front::format("%d %%", static_cast<int>(fraction * 100.0));
  gtk_progress_bar_set_text(GTK_PROGRESS_BAR(bar_), percent.c_str());

  if (!stopping_) {
    gtk_label_set_text(GTK_LABEL(status_), front::status_text(progress).c_str());
  }
  gtk_label_set_text(GTK_LABEL(details_), front::details_text(progress).c_str());

  // GIMP's own progress bar follows, as for any filter.
  if (fraction - gimp_progress_shown_ >= 0.005) {
    gimp_progress_update(fraction);
    gimp_progress_shown_ = fraction;
  }
}

void ProgressDialog::show_preview(const dip::Image& estimate) {
  const bool blend = view_.blend_preview && estimate.width == view_.source.width &&
                     estimate.height == view_.source.height &&
                     estimate.channels == view_.source.channels;
  const front::Preview8 small = front::make_preview(
      blend ? front::blend(view_.source, estimate, view_.selection) : estimate, kPreviewSide);
  if (small.pixels.empty()) return;
  gtk_widget_set_size_request(preview_, small.width, small.height);
  gimp_preview_area_draw(GIMP_PREVIEW_AREA(preview_), 0, 0, small.width, small.height,
                         preview_type(small.channels), small.pixels.data(),
                         small.width * small.channels);
}

}  // namespace dip::gimp2
