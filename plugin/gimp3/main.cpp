// Entry point of the GIMP 3 plug-in executable.
#include <libgimp/gimp.h>

#include "dip/restore.hpp"
#include "plug_in.hpp"
#include "plugin-intl.hpp"

int main(int argc, char** argv) {
  dip::ensure_passive_openmp(argv);
  dip::gimp3::init_i18n();
  // Before any tensor exists: the allocator settings only help buffers allocated after them.
  dip::tune_process_allocator();
  return gimp_main(DIP_TYPE_PLUG_IN, argc, argv);
}
