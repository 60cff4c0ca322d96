// The PDB face of the plug-in: procedure names, their arguments (the GIMP 2.10 plug-in's
// names, ranges and defaults, so scripts move over unchanged), help texts, and the run
// functions behind them.
#pragma once

#include <libgimp/gimp.h>

namespace dip::gimp3 {

inline constexpr char kInpaintProc[] = "plug-in-dip-inpaint";
inline constexpr char kDenoiseProc[] = "plug-in-dip-denoise";
inline constexpr char kUpscaleProc[] = "plug-in-dip-upscale";
inline constexpr char kPlugInBinary[] = "gimp-dip";

// The names query_procedures() reports, transfer full (a GList of g_strdup'ed strings).
GList* procedure_names();

// A new procedure for `name`, or nullptr when the name is not ours.
GimpProcedure* create_procedure(GimpPlugIn* plug_in, const char* name);

}  // namespace dip::gimp3
