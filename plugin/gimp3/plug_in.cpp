#include "plug_in.hpp"

#include "fit_worker.hpp"
#include "procedures.hpp"

struct _DipPlugIn {
  GimpPlugIn parent_instance;
};

G_DEFINE_TYPE(DipPlugIn, dip_plug_in, GIMP_TYPE_PLUG_IN)

namespace {

GList* query_procedures(GimpPlugIn*) { return dip::gimp3::procedure_names(); }

GimpProcedure* create_procedure(GimpPlugIn* plug_in, const gchar* name) {
  return dip::gimp3::create_procedure(plug_in, name);
}

// main() binds our catalogue at its absolute LOCALEDIR (or DIP_LOCALEDIR); libgimp's default
// would look for one beside the executable under the plug-in's name and rebind the domain there.
gboolean set_i18n(GimpPlugIn*, const gchar*, gchar**, gchar**) { return FALSE; }

// libgimp calls this on its way to exit(), also in the middle of a fit when GIMP goes away
// (FitWorker::end_process_if_fitting says why that must not reach exit()).
void quit(GimpPlugIn*) { dip::front::FitWorker::end_process_if_fitting(); }

}  // namespace

static void dip_plug_in_class_init(DipPlugInClass* klass) {
  GimpPlugInClass* plug_in_class = GIMP_PLUG_IN_CLASS(klass);
  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
  plug_in_class->quit = quit;
}

static void dip_plug_in_init(DipPlugIn*) {}
