// gettext set-up for the GIMP 2.10 plug-in: the domain is bound before gimp_main so that menu
// labels, dialogs and messages come from our catalogue (resynthesizer's pattern). The _() and
// N_() macros themselves come from the GIMP-independent code, which shares the domain.
#pragma once

#include <locale.h>

#include <cstdlib>

#include "intl.hpp"

#ifndef LOCALEDIR
#error "LOCALEDIR must be defined by the build"
#endif

namespace dip::gimp2 {

// DIP_LOCALEDIR points the plug-in at catalogues that are not installed (the tests use it).
// GIMP translates the menu labels and blurbs itself from the folder query() registers, so
// both must use this.
inline const char* locale_dir() {
  const char* dir = std::getenv("DIP_LOCALEDIR");
  return dir != nullptr && *dir != '\0' ? dir : LOCALEDIR;
}

inline void init_i18n() {
  bindtextdomain(GETTEXT_PACKAGE, locale_dir());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
}

}  // namespace dip::gimp2
