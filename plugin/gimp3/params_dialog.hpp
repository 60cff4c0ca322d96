// The parameter dialog of a filter (interactive runs), built by GimpProcedureDialog from the
// procedure's own arguments, so its widgets, ranges and remembered values are the PDB's.
#pragma once

#include <libgimp/gimp.h>

#include <functional>
#include <string>

#include "dip/restore.hpp"

namespace dip::gimp3 {

// Edits `config` in place; true on OK. `describe` turns the current config into a line about
// the work ahead (crop size, memory), refreshed whenever a value changes.
bool run_params_dialog(GimpProcedure* procedure, GimpProcedureConfig* config, dip::Task task,
                       const std::function<std::string()>& describe);

}  // namespace dip::gimp3
