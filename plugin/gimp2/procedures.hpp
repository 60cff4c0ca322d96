// The PDB face of the plug-in: procedure names, their arguments (fixed: scripts rely on the
// order), help texts, registration, and the run() entry point.
#pragma once

#include <libgimp/gimp.h>

#include <string>

namespace dip::gimp2 {

inline constexpr char kInpaintProc[] = "plug-in-dip-inpaint";
inline constexpr char kDenoiseProc[] = "plug-in-dip-denoise";
inline constexpr char kUpscaleProc[] = "plug-in-dip-upscale";
inline constexpr char kPlugInBinary[] = "gimp-dip";

// Help text for the Procedure Browser and the dialogs' Help button.
std::string help_text(const char* procedure);

void query();
void run(const gchar* name, gint nparams, const GimpParam* param, gint* nreturn_vals,
         GimpParam** return_vals);

}  // namespace dip::gimp2
