// gettext set-up for the GIMP 2.10 plug-in: the domain is bound before gimp_main so that menu
// labels, dialogs and messages come from our catalogue (resynthesizer's pattern). The _() and
// N_() macros themselves come from the GIMP-independent code, which shares the domain.
#pragma once

#include <locale.h>

#include "intl.hpp"

#ifndef LOCALEDIR
#error "LOCALEDIR must be defined by the build"
#endif

namespace dip::gimp2 {

// GIMP translates the menu labels and blurbs itself from the folder query() registers, so
// the binding and the registration must both use this.
inline const char* locale_dir() { return front::locale_dir(LOCALEDIR); }

inline void init_i18n() {
  bindtextdomain(GETTEXT_PACKAGE, locale_dir());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}

}  // namespace dip::gimp2
