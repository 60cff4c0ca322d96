#!/bin/sh
# Runs Inpaint Selection on the sample in headless GIMP 2.10 and writes the result beside it:
#   data/sample-inpainted.png   the new layer ("photo (inpainted)")
# Uses the plug-in installed in your GIMP profile (meson install). With --plugin PATH it uses
# that binary instead, in a throw-away profile, leaving your own profile alone.
# Other arguments: preset (0 fast, 1 balanced, 2 paper; default 0) and iterations (default 0:
# automatic).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
plugin=
if [ "${1:-}" = "--plugin" ]; then
  plugin=$2
  shift 2
fi
preset=${1:-0}
iterations=${2:-0}
out=$here/sample-inpainted.png
log=$(mktemp)
trap 'rm -f "$log"; [ -n "${profile:-}" ] && rm -rf "$profile"' EXIT

if [ -n "$plugin" ]; then
  profile=$(mktemp -d)
  export GIMP2_DIRECTORY="$profile/gimp"
  timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >/dev/null 2>&1
  install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"
fi

rm -f "$out"
start=$(date +%s.%N)
timeout 3600 gimp-console-2.10 -i -d -f -b "
(let* ((image (car (gimp-xcf-load 0 \"$here/sample.xcf\" \"sample.xcf\")))
       (layer (car (gimp-image-get-active-layer image)))
       (new (car (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer $preset $iterations 0 0.0 0))))
  (file-png-save2 RUN-NONINTERACTIVE image new \"$out\" \"sample-inpainted.png\" 0 9 0 0 0 0 0 0 0))" \
  -b '(gimp-quit 0)' >"$log" 2>&1 || true
end=$(date +%s.%N)

if [ ! -s "$out" ] || grep -q 'execution error\|Plug-in crashed' "$log"; then
  grep -v '^gimp_color_transform_new\|GEGL-WARNING\|GeglBuffers leaked' "$log" >&2
  echo "demo: the plug-in did not produce $out (is it installed? run: meson install -C build)" >&2
  exit 1
fi
echo "wrote $out in $(echo "$end - $start" | bc) s (GIMP start-up included)"
