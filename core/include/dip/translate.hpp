// For the front ends: an engine Error in the user's language. The engine never calls gettext;
// the front end looks the English template up in its own catalogue (the templates are marked
// in core and extracted into it) and fills in the arguments the engine formatted.
#pragma once

#include <libintl.h>

#include <string>

#include "dip/restore.hpp"

namespace dip {

inline std::string translated(const Error& error, const char* domain) {
  const char* text = error.plural_text() != nullptr
                         ? dngettext(domain, error.text(), error.plural_text(), error.count())
                         : dgettext(domain, error.text());
  return fill_template(text, error.args());
}

}  // namespace dip
