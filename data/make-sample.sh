#!/bin/sh
# Rebuilds the demo sample from the public-domain/CC0 photo it is cut from (kept for the
# record: the results are committed, so users never need to run this). Needs gimp-console-2.10
# and the photo: scikit-image's chelsea.png (CC0, Stefan van der Walt).
#   sample-original.png  a 320x240 crop of the photo
#   sample.xcf           the crop with a yellow date stamp painted on; the stamp is selected
#                        (the selection is saved in the XCF), ready for Inpaint Selection
set -eu
here=$(cd "$(dirname "$0")" && pwd)
photo=${1:-$here/../../shared/images/chelsea.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
GIMP2_DIRECTORY=$profile/gimp timeout 300 gimp-console-2.10 -i -d -f -b "
(gimp-fonts-refresh)
(let* ((image (car (file-png-load RUN-NONINTERACTIVE \"$photo\" \"$photo\"))))
  (gimp-image-crop image 320 240 70 40)
  (let ((layer (car (gimp-image-get-active-layer image))))
    (gimp-item-set-name layer \"photo\")
    (file-png-save2 RUN-NONINTERACTIVE image layer \"$here/sample-original.png\" \"sample-original.png\"
                    0 9 0 0 0 0 0 0 0)
    (gimp-context-set-foreground '(255 214 64))
    (let ((text (car (gimp-text-fontname image -1 246 204 \"2019\" 0 TRUE 22 PIXELS \"DejaVu Sans Bold\"))))
      (gimp-image-select-item image CHANNEL-OP-REPLACE text)
      (gimp-selection-grow image 2)
      (gimp-image-merge-down image text CLIP-TO-IMAGE))
    (gimp-xcf-save 0 image (car (gimp-image-get-active-layer image)) \"$here/sample.xcf\" \"sample.xcf\")))" -b '(gimp-quit 0)'
test -s "$here/sample.xcf" && test -s "$here/sample-original.png"
