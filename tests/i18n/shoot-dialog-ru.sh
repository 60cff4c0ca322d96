#!/bin/bash
# Screenshot of the Russian Inpaint Selection dialog in the real GIMP 2.10 under Xvfb, for the
# README: the dialog is opened on the sample, captured, then cancelled.
#   shoot-dialog-ru.sh PLUGIN LOCALEDIR SAMPLE.xcf OUT.png
set -u
plugin=$1 sample=$3 out=$4
export DIP_LOCALEDIR=$2 LANGUAGE=ru LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
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
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
mkdir -p "$HOME"
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >"$work/init.log" 2>&1
install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"

gimp-2.10 -n -d -f -b "
(let* ((image (car (gimp-xcf-load 0 \"$sample\" \"$sample\")))
       (layer (car (gimp-image-get-active-layer image))))
  (gimp-display-new image)
  (plug-in-dip-inpaint RUN-INTERACTIVE image layer 0 0 0 0.0 0))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

title='^Deep Image Prior: Дорисовка выделения$'
for ((i = 0; i < 480; i++)); do
  dialog=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -n 1)
  [ -n "$dialog" ] && break
  sleep 0.25
done
if [ -z "$dialog" ]; then
  echo "FAIL: no dialog titled '$title'"; cat "$work/gimp.log"; exit 1
fi
sleep 3  # let GTK finish drawing
import -window "$dialog" "$work/shot.png" && convert "$work/shot.png" -strip "$out" || exit 1
echo "$out: $(stat -c %s "$out") bytes"
# Closing GIMP (the trap) cancels the dialog.
