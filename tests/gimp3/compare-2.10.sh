#!/bin/bash
# Compares one inpaint between GIMP 2.10 (Debian 12, LibTorch 1.13) and GIMP 3 (Debian 13,
# LibTorch 2.6): the rgb8 case of e2e-filters.py, seed 7, fast preset, 300 iterations, CPU.
#   compare-2.10.sh GIMP2_PLUGIN GIMP3_RESULT.ppm
# GIMP3_RESULT.ppm comes from the GIMP 3 end-to-end run with DIP_E2E_EXPORT=path set. Prints
# the largest per-channel difference (0..255) and the PSNR between the two result layers,
# over the whole layer and over the selection's bounding box.
set -eu
plugin=$1 gimp3_ppm=$2
here=$(cd "$(dirname "$0")" && pwd)
sample=$here/../../data/sample-original.png
work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache HOME=$work/home
mkdir -p "$HOME"
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >/dev/null 2>&1
install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"
timeout 1200 gimp-console-2.10 -i -d -f \
  -b "(begin (load \"$here/compare-2.10.scm\") (dip-compare \"$sample\" \"$work/gimp2.ppm\"))" \
  -b '(gimp-quit 0)' >"$work/gimp.log" 2>&1
[ -s "$work/gimp2.ppm" ] || { cat "$work/gimp.log"; echo "GIMP 2.10 wrote no result"; exit 1; }
python3 - "$work/gimp2.ppm" "$gimp3_ppm" <<'PY'
import math, sys

def ppm(path):
    data = open(path, 'rb').read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; GIMP 2.10 adds a comment line
        while data[pos:pos + 1].isspace(): pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos)
            continue
        end = pos
        while not data[end:end + 1].isspace(): end += 1
        fields.append(data[pos:end]); pos = end
    return int(fields[1]), int(fields[2]), data[pos + 1:]

(w, h, a), (w3, h3, b) = ppm(sys.argv[1]), ppm(sys.argv[2])
assert (w, h) == (w3, h3), 'sizes differ'

def compare(label, x0, y0, x1, y1):
    diffs = [abs(a[(y * w + x) * 3 + c] - b[(y * w + x) * 3 + c])
             for y in range(y0, y1) for x in range(x0, x1) for c in range(3)]
    mse = sum(d * d for d in diffs) / len(diffs)
    psnr = 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)
    changed = sum(1 for d in diffs if d) / len(diffs)
    print('%s: max abs difference %d/255, PSNR %.2f dB, %.1f %% of values differ'
          % (label, max(diffs), psnr, 100 * changed))

compare('whole 48x48 layer', 0, 0, w, h)
# The blemish ellipse (28, 20, 14x10 on the canvas) grown by 3 and feathered by 4, in layer
# coordinates (the layer sits at (8, 4)); outside it both results equal the source.
compare('selection bounds', 13, 9, 41, 33)
PY
