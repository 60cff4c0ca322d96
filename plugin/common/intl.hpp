// Message catalogue access for the GIMP-independent front-end code. The domain comes from the
// build (GETTEXT_PACKAGE) so each front end can bind its own catalogue; dgettext keeps the
// lookups right even when a host application changed the process's default domain.
#pragma once

#include <libintl.h>

#include <cstdlib>

#include "dip/format.hpp"
#include "dip/translate.hpp"

#ifndef GETTEXT_PACKAGE
#error "GETTEXT_PACKAGE must be defined by the build"
#endif

#ifndef _
#define _(String) dgettext(GETTEXT_PACKAGE, String)
#endif
#ifndef N_
#define N_(String) (String)
#endif

namespace dip::front {

using dip::format;

// DIP_LOCALEDIR points a plug-in at catalogues that are not installed (the tests use it);
// otherwise the catalogues are where the build installed them.
inline const char* locale_dir(const char* installed) {
  const char* dir = std::getenv("DIP_LOCALEDIR");
  return dir != nullptr && *dir != '\0' ? dir : installed;
}

}  // namespace dip::front
