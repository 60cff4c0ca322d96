#!/bin/bash
# GIMP going away while the plug-in fits: gimp-console is terminated (SIGTERM, as a session
# ending does) or killed (SIGKILL, as a crash), mid-fit. The plug-in must notice, stop its fit
# and exit within a few seconds, without a crash, leaving no orphan process computing on.
#   run-quit.sh PLUGIN SAMPLE
set -u
plugin=$1 sample=$2
limit_s=8

work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-quit.XXXXXX")
gimp_pid='' plugin_pid=''
cleanup() {
  [ -n "$gimp_pid" ] && kill -KILL "$gimp_pid" 2>/dev/null
  [ -n "$plugin_pid" ] && kill -KILL "$plugin_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
mkdir -p "$HOME"
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >"$work/init.log" 2>&1
installed=$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip
install -D -m 755 "$plugin" "$installed"

# The plug-in process: the one running the copy installed in this throw-away profile.
find_plugin() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/exe" 2>/dev/null)" = "$installed" ] && { echo "${p#/proc/}"; return 0; }
  done
  return 1
}

# Gone, or a zombie nobody has reaped yet (it has exited all the same).
gone() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
  [ -z "$state" ] || [ "$state" = Z ]
}

failed=0
for signal in TERM KILL; do
  log=$work/gimp-$signal.log
  # A fit of 20000 iterations on a 64x64 crop: minutes, so it is surely running when GIMP goes.
  gimp-console-2.10 -i -d -f -b "
(let* ((image (car (file-png-load RUN-NONINTERACTIVE \"$sample\" \"$sample\")))
       (layer (car (gimp-image-get-active-layer image))))
  (gimp-image-crop image 64 64 100 100)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 24 24 10 8)
  (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20000 1 0.0 0))" -b '(gimp-quit 0)' \
    >"$log" 2>&1 &
  gimp_pid=$!
  plugin_pid=''
  for ((i = 0; i < 240; i++)); do
    plugin_pid=$(find_plugin) && break
    sleep 0.5
  done
  if [ -z "$plugin_pid" ]; then
    echo "FAIL SIG$signal: the plug-in never started"; cat "$log"; failed=1; continue
  fi
  sleep 4  # past the set-up, into the fit
  if gone "$plugin_pid"; then
    echo "FAIL SIG$signal: the plug-in ended before GIMP went away"; cat "$log"; failed=1; continue
  fi
  kill "-$signal" "$gimp_pid"
  start=$(date +%s.%N)
  while ! gone "$plugin_pid"; do
    if [ "$(echo "$(date +%s.%N) - $start > $limit_s" | bc)" = 1 ]; then break; fi
    sleep 0.1
  done
  took=$(echo "$(date +%s.%N) - $start" | bc)
  wait "$gimp_pid" 2>/dev/null
  gimp_pid=''
  if ! gone "$plugin_pid"; then
    echo "FAIL SIG$signal: the plug-in ($plugin_pid) still runs ${limit_s} s after GIMP went away"
    failed=1
    kill -KILL "$plugin_pid" 2>/dev/null
  elif grep -Eq 'fatal error|Segmentation|Aborted|terminate called|core dumped' "$log"; then
    echo "FAIL SIG$signal: the plug-in crashed on its way out"; failed=1
  else
    printf 'PASS SIG%s to GIMP: the plug-in exited %.1f s later\n' "$signal" "$took"
  fi
  plugin_pid=''
  [ $failed -ne 0 ] && { echo "--- gimp log"; cat "$log"; }
done
exit $failed
