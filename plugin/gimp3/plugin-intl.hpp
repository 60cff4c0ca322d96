// gettext set-up for the GIMP 3 plug-in. The catalogue is bound by the program itself, with
// the build's absolute LOCALEDIR (or DIP_LOCALEDIR): libgimp's own scheme only looks beside
// the executable. The _() and N_() macros come from the GIMP-independent code, which shares
// the domain.
#pragma once

#include "intl.hpp"

#ifndef LOCALEDIR
#error "LOCALEDIR must be defined by the build"
#endif

namespace dip::gimp3 {

inline void init_i18n() {
  bindtextdomain(GETTEXT_PACKAGE, front::locale_dir(LOCALEDIR));
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

}  // namespace dip::gimp3
