#!/bin/bash
# Wall time of Inpaint Selection in real GIMP, GIMP's own start-up subtracted, for the two cases
# the plug-in's issue asks about: the demo sample (its saved selection) and a 40x40 selection in
# a photo of more than 2 megapixels. Default settings (preset fast, automatic iterations), as a
# first-time user gets them. Not part of the test suite (minutes on a CPU).
#   bench-inpaint.sh PLUGIN [PHOTO]      PHOTO: any photo; it is enlarged to >= 2 MP
set -eu
plugin=$1
here=$(cd "$(dirname "$0")" && pwd)
photo=${2:-$here/../../../shared/images/rocket.jpg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIMP2_DIRECTORY=$work/profile XDG_CACHE_HOME=$work/cache
timeout 300 gimp-console-2.10 -i -d -f -b '(gimp-quit 0)' >/dev/null 2>&1
install -D -m 755 "$plugin" "$GIMP2_DIRECTORY/plug-ins/gimp-dip/gimp-dip"
convert "$photo" -resize 300% "$work/big.png"
echo "big photo: $(identify -format '%wx%h' "$work/big.png")"

# seconds for one batch command (GIMP start to quit)
timed() {
  local start end
  start=$(date +%s.%N)
  timeout 3600 gimp-console-2.10 -i -d -f -b "$1" -b '(gimp-quit 0)' >"$work/log" 2>&1
  end=$(date +%s.%N)
  if grep -q 'execution error' "$work/log"; then cat "$work/log" >&2; exit 1; fi
  echo "$end - $start" | bc
}

sample="(let* ((image (car (gimp-xcf-load 0 \"$here/../../data/sample.xcf\" \"s\")))
               (layer (car (gimp-image-get-active-layer image))))"
big="(let* ((image (car (file-png-load 1 \"$work/big.png\" \"b\")))
            (layer (car (gimp-image-get-active-layer image))))
       (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 700 500 40 40)"
call="(plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 0 0 0.0 0)"

timed "$sample (gimp-image-get-layers image))" >/dev/null  # warm caches and pluginrc
for case in sample big; do
  setup=${!case}
  base=$(timed "$setup (gimp-image-get-layers image))")
  full=$(timed "$setup $call)")
  echo "$case: $(echo "$full - $base" | bc) s from the call to the new layer (GIMP start-up $base s)"
done
