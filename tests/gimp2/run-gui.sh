#!/bin/bash
# GUI test: the real GIMP 2.10 window under Xvfb. Opens the sample, starts Inpaint Selection
# interactively, screenshots the parameter dialog, presses OK, waits for a preview in the
# progress dialog, screenshots it, presses Stop and Keep, and checks the new layer.
#   run-gui.sh PLUGIN SAMPLE.xcf SCREENSHOT_DIR
set -u
plugin=$1 sample=$2 shots=$3
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${DISPLAY_READY:-}" ]; then
  exec env DISPLAY_READY=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-gui.XXXXXX")
gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
mkdir -p "$HOME" "$shots"
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >"$work/init.log" 2>&1
install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"

fail() { echo "FAIL: $*"; echo "--- gimp log"; cat "$work/gimp.log"; exit 1; }

# Waits up to $2 seconds for a window whose name matches $1; prints its id.
wait_window() {
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    local id
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

shot() {  # window-id file: a PNG of one window
  import -window "$1" "$work/shot.png" && convert "$work/shot.png" -strip "$2"
}

screen_shot() {  # file: the screen, trimmed to GIMP's window; full colour unless too large
  import -window root "$work/screen.png" || return 1
  convert "$work/screen.png" -trim +repage -resize '960x>' -strip "$1"
  if [ "$(stat -c %s "$1")" -ge 290000 ]; then
    convert "$work/screen.png" -trim +repage -resize '960x>' -strip +dither -colors 256 "$1"
  fi
}

# Waits up to $2 seconds for the batch to finish writing file $1.
wait_end() {
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    [ -f "$1" ] && grep -q '^END$' "$1" && return 0
    kill -0 "$gimp_pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

result=$work/result.txt
repeat=$work/repeat.txt
closed=$work/closed.txt
# The batch call blocks Script-Fu, not GIMP: the dialogs stay live while it waits.
gimp-2.10 -n -d -f -b "
(let* ((image (car (gimp-xcf-load 0 \"$sample\" \"$sample\")))
       (layer (car (gimp-image-get-active-layer image)))
       (view (gimp-display-new image))
       (new (car (plug-in-dip-inpaint RUN-INTERACTIVE image layer 0 0 0 0.0 0))))
  (gimp-displays-flush)
  (file-png-save2 RUN-NONINTERACTIVE image new \"$work/result.png\" \"result.png\" 0 9 0 0 0 0 0 0 0)
  (let ((port (open-output-file \"$result\")))
    (display (car (gimp-item-get-name new)) port) (newline port)
    (display (car (gimp-image-get-layers image)) port) (newline port)
    (display (car (gimp-drawable-width new)) port) (newline port)
    (display \"END\" port) (newline port)
    (close-output-port port))
  ; Filters > Repeat: with last values, through the progress dialog, which the shell cancels,
  ; first with Escape, then as a window manager closes it. Script-Fu hands a CANCEL status back
  ; as an empty result, not as an error.
  (for-each
    (lambda (path)
      (let* ((outcome (catch \"failed\"
                        (plug-in-dip-inpaint RUN-WITH-LAST-VALS image layer 0 0 0 0.0 0)))
             (port (open-output-file path)))
        (display outcome port) (newline port)
        (display (car (gimp-image-get-layers image)) port) (newline port)
        (display \"END\" port) (newline port)
        (close-output-port port)))
    (list \"$repeat\" \"$closed\")))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

params=$(wait_window '^Deep Image Prior: Inpaint Selection$' 120) || fail "no parameter dialog"
# No window manager places the dialog: move it off the canvas so the screenshot shows both.
xdotool windowmove "$params" 860 360
sleep 3
shot "$params" "$shots/params-dialog.png"
screen_shot "$shots/gimp-with-dialog.png"
start=$(date +%s.%N)
press "$params" alt+o

progress=$(wait_window 'Deep Image Prior: Inpaint Selection \(running\)' 60) || fail "no progress dialog"
xdotool windowmove "$progress" 800 300
# The preview refreshes every 3 s once the fit runs; let two refreshes happen.
sleep 8
shot "$progress" "$shots/progress-dialog.png"
press "$progress" alt+s

wait_end "$result" 120
end=$(date +%s.%N)
[ -f "$result" ] || fail "no result after Stop and Keep"
sleep 2
screen_shot "$shots/gimp-result.png"

name=$(sed -n 1p "$result") layers=$(sed -n 2p "$result") width=$(sed -n 3p "$result")
echo "new layer: '$name', layers in image: $layers, width: $width; OK to layer: $(echo "$end - $start" | bc) s"
[ "$name" = "photo (inpainted)" ] || fail "unexpected layer name '$name'"
[ "$layers" = 2 ] || fail "expected 2 layers, got $layers"
[ "$width" = 320 ] || fail "expected width 320, got $width"
[ -s "$work/result.png" ] || fail "result layer not saved"
for f in params-dialog progress-dialog gimp-with-dialog gimp-result; do
  [ -s "$shots/$f.png" ] || fail "screenshot $f missing"
  size=$(stat -c %s "$shots/$f.png")
  [ "$size" -lt 300000 ] || fail "screenshot $f is $size bytes"
done

# Repeat (last values) shows the progress dialog again; $1 ends it ("Escape" or "close"); the
# run must return no layer and the image keep its two layers. $2 is the batch's file.
cancel_repeat() {
  local progress outcome layers
  progress=$(wait_window 'Deep Image Prior: Inpaint Selection \(running\)' 60) || fail "no progress dialog on Repeat ($1)"
  sleep 3
  if [ "$1" = close ]; then
    # As a window manager's close button does: WM_DELETE_WINDOW.
    python3 "$here/wm_close.py" "$progress" || fail "could not send WM_DELETE_WINDOW"
  else
    press "$progress" "$1"
  fi
  wait_end "$2" 60 || fail "Repeat did not return after $1"
  outcome=$(sed -n 1p "$2") layers=$(sed -n 2p "$2")
  echo "repeat + $1: '$outcome', layers in image: $layers"
  case $outcome in
    "("[0-9]*")") fail "the run ended by $1 returned a layer: $outcome" ;;
  esac
  [ "$layers" = 2 ] || fail "$1 changed the image: $layers layers"
}

# Escape and the window's close button both mean Cancel.
cancel_repeat Escape "$repeat"
cancel_repeat close "$closed"
echo PASS
