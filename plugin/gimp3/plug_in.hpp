// The GimpPlugIn subclass GIMP 3 instantiates: it names the procedures and builds them.
#pragma once

#include <libgimp/gimp.h>

G_BEGIN_DECLS

#define DIP_TYPE_PLUG_IN (dip_plug_in_get_type())
G_DECLARE_FINAL_TYPE(DipPlugIn, dip_plug_in, DIP, PLUG_IN, GimpPlugIn)

G_END_DECLS
