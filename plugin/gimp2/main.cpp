// Entry point of the GIMP 2.10 plug-in executable.
#include <libgimp/gimp.h>

#include "dip/restore.hpp"
#include "fit_worker.hpp"
#include "plugin-intl.h"
#include "procedures.hpp"

namespace {

// libgimp calls this from gimp_quit(), also in the middle of a fit when GIMP goes away
// (FitWorker::end_process_if_fitting says why that must not reach exit()).
void quit() { dip::front::FitWorker::end_process_if_fitting(); }

}  // namespace

// libgimp's required table of entry points: the one global the GIMP 2 API demands.
const GimpPlugInInfo PLUG_IN_INFO = {
    nullptr,  // init
    quit,
    dip::gimp2::query,
    dip::gimp2::run,
};

int main(int argc, char** argv) {
  dip::ensure_passive_openmp(argv);
  dip::gimp2::init_i18n();
  // Before any tensor exists: the allocator settings only help buffers allocated after them.
  dip::tune_process_allocator();
  return gimp_main(&PLUG_IN_INFO, argc, argv);
}
