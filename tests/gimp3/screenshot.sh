#!/bin/bash
# Screenshot of the GIMP 3 parameter dialog, in the real GIMP window under Xvfb (run inside
# the Debian 13 root by tests/gimp3/run --screenshot). Opens the sample, starts Inpaint
# Selection interactively, grabs the dialog, presses OK, grabs the progress dialog once its
# preview has refreshed, then presses Stop and Keep and checks that the new layer arrived.
#   screenshot.sh PLUGIN SAMPLE.xcf OUT_DIR
set -u
plugin=$1 sample=$2 shots=$3
if [ -z "${DISPLAY_READY:-}" ]; then
  exec env DISPLAY_READY=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-shot.XXXXXX")
gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export GIMP3_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data UCX_LOG_LEVEL=fatal
mkdir -p "$HOME" "$shots"
install -D -m 755 "$plugin" "$GIMP3_DIRECTORY/plug-ins/gimp-dip/gimp-dip"

fail() { echo "FAIL: $*"; echo "--- gimp log"; tail -n 60 "$work/gimp.log"; exit 1; }

# Waits up to $2 seconds for a visible window whose name matches $1; prints its id.
wait_window() {
  local i id
  for ((i = 0; i < $2 * 4; i++)); do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    sleep 0.25
  done
  return 1
}

# Presses a dialog's button through its mnemonic (no window manager here to focus it).
press() {
  xdotool windowfocus --sync "$1" 2>/dev/null || xdotool windowfocus "$1"
  sleep 0.3
  xdotool key --clearmodifiers "$2"
}

shot() {  # window-id file: a small PNG of one window
  import -window "$1" "$work/shot.png" && convert "$work/shot.png" -strip PNG8:"$2"
}

result=$work/result.txt
cat >"$work/run.py" <<PY
image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('$sample'))
Gimp.Display.new(image)
procedure = Gimp.get_pdb().lookup_procedure('plug-in-dip-inpaint')
config = procedure.create_config()
config.set_property('run-mode', Gimp.RunMode.INTERACTIVE)
config.set_property('image', image)
config.set_core_object_array('drawables', image.get_selected_layers())
values = procedure.run(config)
with open('$result', 'w') as out:
    out.write('%s\n' % values.index(0))
    if values.index(0) == Gimp.PDBStatusType.SUCCESS:
        layer = values.index(1)
        out.write('%s\n%d\n%d\n' % (layer.get_name(), len(image.get_layers()), layer.get_width()))
    out.write('END\n')
PY
# The batch call blocks the interpreter, not GIMP: the dialogs stay live while it waits.
gimp-3.0 -n -d -f --batch-interpreter=python-fu-eval -b "exec(open('$work/run.py').read())" \
  >"$work/gimp.log" 2>&1 &
gimp_pid=$!

params=$(wait_window '^Deep Image Prior: Inpaint Selection$' 180) || fail "no parameter dialog"
sleep 2
shot "$params" "$shots/gimp3-dialog.png"
press "$params" Return

progress=$(wait_window 'Deep Image Prior: Inpaint Selection \(running\)' 60) || fail "no progress dialog"
# The preview refreshes every 3 s once the fit runs; let two refreshes happen.
sleep 8
shot "$progress" "$shots/gimp3-progress.png"
press "$progress" alt+s

for ((i = 0; i < 240; i++)); do
  [ -f "$result" ] && grep -q '^END$' "$result" && break
  kill -0 "$gimp_pid" 2>/dev/null || break
  sleep 0.5
done
[ -f "$result" ] || fail "no result after Stop and Keep"
cat "$result"
[ "$(sed -n 2p "$result")" = "photo (inpainted)" ] || fail "unexpected result: $(tr '\n' ' ' <"$result")"
[ "$(sed -n 3p "$result")" = 2 ] || fail "expected 2 layers"
for f in gimp3-dialog gimp3-progress; do
  size=$(stat -c %s "$shots/$f.png" 2>/dev/null || echo 0)
  [ "$size" -gt 0 ] && [ "$size" -lt 300000 ] || fail "screenshot $f is $size bytes"
done
echo PASS
