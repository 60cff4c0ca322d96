#!/bin/bash
# Runs one Python-Fu end-to-end test file in real headless GIMP 3, with the just-built plug-in
# installed into a throw-away profile (never the build folder on the plug-in path: GIMP would
# run every executable in it).
#   run-e2e.sh PLUGIN SCRIPT.py SAMPLE MIN_PASSES
# The script writes "PASS name" / "FAIL name: why" / "INFO ..." lines and a final END to the
# file named by $DIP_E2E_RESULTS. The run passes when that file ends with END, has no FAIL
# line and at least MIN_PASSES PASS lines, and GIMP exited 0 and reported no crash.
set -u
plugin=$1 script=$2 sample=$3 min_passes=$4
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-e2e3.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIMP3_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data UCX_LOG_LEVEL=fatal
mkdir -p "$HOME"
# GIMP 3 runs a plug-in only from a folder of its own name; plain install refreshes the mtime,
# so GIMP queries it again.
install -D -m 755 "$plugin" "$GIMP3_DIRECTORY/plug-ins/gimp-dip/gimp-dip"

export DIP_E2E_RESULTS=$work/results.txt DIP_E2E_SAMPLE=$sample DIP_E2E_LIB=$here/e2e_lib.py
start=$(date +%s.%N)
# --quit: without it a failed batch command leaves GIMP waiting forever (NOTES section 7).
timeout 1500 gimp-console-3.0 -i -d -f --batch-interpreter=python-fu-eval --quit \
  -b "exec(open('$script').read())" >"$work/gimp.log" 2>&1
status=$?
end=$(date +%s.%N)

[ -f "$DIP_E2E_RESULTS" ] && cat "$DIP_E2E_RESULTS"
echo "--- gimp-console-3.0 exit $status, $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
failed=0
if [ $status -ne 0 ]; then echo "FAIL: gimp-console-3.0 exited with $status"; failed=1; fi
if [ ! -f "$DIP_E2E_RESULTS" ] || [ "$(tail -n 1 "$DIP_E2E_RESULTS")" != "END" ]; then
  echo "FAIL: the test script did not finish"; failed=1
fi
if [ -f "$DIP_E2E_RESULTS" ] && grep -q '^FAIL' "$DIP_E2E_RESULTS"; then failed=1; fi
passes=$( [ -f "$DIP_E2E_RESULTS" ] && grep -c '^PASS' "$DIP_E2E_RESULTS" || echo 0)
if [ "$passes" -lt "$min_passes" ]; then
  echo "FAIL: only $passes checks passed, expected at least $min_passes"; failed=1
fi
if grep -Eq 'Plug-in crashed|terminated: Segmentation|Traceback' "$work/gimp.log"; then
  echo "FAIL: GIMP reported a crash or a Python error"; failed=1
fi
if [ $failed -ne 0 ]; then
  echo "--- gimp log"; cat "$work/gimp.log"
fi
exit $failed
