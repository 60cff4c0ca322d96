// Marks the engine's user-facing messages for xgettext without translating them here: core
// stays free of gettext and locales. A message travels in dip::Error as its English template
// and arguments; the front ends look the template up in their own catalogue where they show
// it (dip/translate.hpp), so a marked message must be one whole literal.
#pragma once

#include "dip/restore.hpp"

#ifndef N_
#define N_(String) (String)
#endif
// The two English forms of a message with a count (xgettext keyword NP_:1,2).
#define NP_(One, Many) (::dip::PluralText{One, Many})
