#!/bin/bash
# Runs one Script-Fu end-to-end test file in real headless GIMP 2.10, with the just-built
# plug-in installed into a throw-away profile (never the build folder on the plug-in path:
# GIMP would run every executable in it).
#   run-e2e.sh PLUGIN SCRIPT ENTRY SAMPLE MIN_PASSES
# ENTRY is the Scheme procedure to call with (results-file sample); the run passes when the
# results file ends with END, has no FAIL line and at least MIN_PASSES PASS lines, and GIMP
# reported no crash (gimp-console exits 0 even when a plug-in crashes).
set -u
plugin=$1 script=$2 entry=$3 sample=$4 min_passes=$5
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
mkdir -p "$HOME"

# GIMP initialises a profile only when it creates the folder itself.
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >"$work/init.log" 2>&1
# Plain install refreshes the mtime, so GIMP queries the plug-in again.
install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"

results=$work/results.txt
start=$(date +%s.%N)
# One batch command: each -b runs in a fresh Script-Fu process, so definitions do not carry over.
timeout 1200 gimp-console-2.10 -i -d -f \
  -b "(begin (load \"$here/e2e-lib.scm\") (load \"$script\") ($entry \"$results\" \"$sample\"))" \
  -b '(gimp-quit 0)' >"$work/gimp.log" 2>&1
status=$?
end=$(date +%s.%N)

[ -f "$results" ] && cat "$results"
echo "--- gimp-console exit $status, $(echo "$end - $start" | bc) s"
failed=0
if [ ! -f "$results" ] || [ "$(tail -n 1 "$results")" != "END" ]; then
  echo "FAIL: the test script did not finish"; failed=1
fi
if [ -f "$results" ] && grep -q '^FAIL' "$results"; then failed=1; fi
passes=0
[ -f "$results" ] && passes=$(grep -c '^PASS' "$results" || true)
if [ "$passes" -lt "$min_passes" ]; then
  echo "FAIL: only $passes checks passed, expected at least $min_passes"; failed=1
fi
if grep -Eq 'Plug-in crashed|terminated: Segmentation|batch command experienced an execution error' "$work/gimp.log"; then
  echo "FAIL: GIMP reported a crash or a script error"; failed=1
fi
# GIMP closes undo groups a plug-in left open, and says so.
if grep -q 'undo in inconsistent state' "$work/gimp.log"; then
  echo "FAIL: the plug-in left an undo group open"; failed=1
fi
if [ $failed -ne 0 ]; then
  echo "--- gimp log"; cat "$work/gimp.log"
fi
# A caller that checks GIMP's own output (e.g. how it labels the plug-in's messages) asks for it.
[ -n "${DIP_E2E_LOG:-}" ] && cp "$work/gimp.log" "$DIP_E2E_LOG"
exit $failed
