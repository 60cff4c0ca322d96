// Message catalogue access for dip-restore; main() binds the domain. The engine's own
// messages arrive in English and are looked up here too (they are marked in core with N_).
#pragma once

#include <libintl.h>

#include "dip/format.hpp"

#ifndef GETTEXT_PACKAGE
#error "GETTEXT_PACKAGE must be defined by the build"
#endif

#define _(String) dgettext(GETTEXT_PACKAGE, String)
#define N_(String) (String)

namespace dip::cli {
using dip::format;
}  // namespace dip::cli
