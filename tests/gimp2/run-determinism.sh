#!/bin/bash
# Determinism across front ends: runs e2e-determinism.scm in headless GIMP 2.10 (each result
# twice, bit-identical), then the same problems through dip-restore, which must write the same
# samples.
#   run-determinism.sh PLUGIN DIP_RESTORE SAMPLE
set -u
plugin=$1 cli=$2 sample=$3
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-determinism.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$here/run-e2e.sh" "$plugin" "$here/e2e-determinism.scm" \
  "(lambda (results sample) (dip-e2e-determinism results sample \"$out\"))" "$sample" 3 || exit 1
python3 "$here/compare_with_cli.py" "$cli" "$out"
