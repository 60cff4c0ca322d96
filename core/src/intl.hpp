// Marks the engine's user-facing messages for xgettext without translating them here: core
// stays free of gettext and locales. The front ends look the English text up in their own
// catalogue (dgettext) where they display it, so a marked message must be one whole literal.
#pragma once

#ifndef N_
#define N_(String) (String)
#endif
