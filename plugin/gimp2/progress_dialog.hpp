// The dialog shown while a fit runs: preview of the current estimate, progress bar, iteration,
// elapsed time, ETA and loss; Cancel and Stop and Keep. It polls the worker from a GLib
// timeout on the main loop, so GTK is only ever touched from this thread and the window stays
// responsive however long an iteration takes.
#pragma once

#include <gtk/gtk.h>

#include <cstdint>

#include "fit_runner.hpp"

namespace dip::gimp2 {

class ProgressDialog {
 public:
  // Cancels the run itself when `gimp` goes away while the dialog is up.
  ProgressDialog(front::FitWorker& worker, const FitView& view, const front::HostWatch& gimp);
  ~ProgressDialog();
  ProgressDialog(const ProgressDialog&) = delete;
  ProgressDialog& operator=(const ProgressDialog&) = delete;

  // Returns once the worker has ended (finished, stopped, cancelled or failed).
  void run();

 private:
  static void on_response(GtkDialog* dialog, gint response, gpointer self);
  static gboolean on_delete(GtkWidget* widget, GdkEvent* event, gpointer self);
  static gboolean on_tick(gpointer self);

  void request(gint response);
  bool tick();  // false once the worker has ended
  void show_progress(const front::FitProgress& progress);
  void show_preview(const dip::Image& estimate);

  front::FitWorker& worker_;
  const FitView& view_;
  const front::HostWatch& gimp_;
  GMainLoop* loop_ = nullptr;
  GtkWidget* dialog_ = nullptr;
  GtkWidget* preview_ = nullptr;
  GtkWidget* status_ = nullptr;
  GtkWidget* bar_ = nullptr;
  GtkWidget* details_ = nullptr;
  guint timer_ = 0;
  std::uint64_t estimate_serial_ = 0;
  double gimp_progress_shown_ = -1.0;
  bool stopping_ = false;
};

}  // namespace dip::gimp2
