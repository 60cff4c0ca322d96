; End-to-end: every refused call returns an error status with a clear message and leaves the
; image exactly as it was (layers, canvas, pixels). These fail before any fitting, so they
; are quick. The rest of the refusal matrix is in e2e-matrix.scm.

(define (dip-e2e-errors results sample)
  (dip-open-results results)
  (let* ((image (photo-crop sample 100 100 48 48))
         (layer (layer-at image 0))
         (nan (- (exp 1000) (exp 1000))))
    (gimp-selection-none image)
    (expect-refusal "empty selection" image layer "nothing is selected"
                    (inpaint image layer 0 20 0.0 0))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    (expect-refusal "preset 7" image layer "Preset 7" (inpaint image layer 7 20 0.0 0))
    (expect-refusal "negative iterations" image layer "Iterations" (inpaint image layer 0 -5 0.0 0))
    ; GIMP itself refuses a NaN float argument before the plug-in runs (out of range).
    (expect-refusal "NaN TV weight" image layer "tv-weight" (inpaint image layer 0 20 nan 0))
    (expect-refusal "negative TV weight" image layer "TV weight" (inpaint image layer 0 20 -1.0 0))
    (expect-refusal "negative context" image layer "Context" (inpaint image layer 0 20 0.0 -1))
    (expect-refusal "iterations 20001" image layer "Iterations" (inpaint image layer 0 20001 0.0 0))
    (expect-refusal "TV weight 2" image layer "TV weight" (inpaint image layer 0 20 2.0 0))
    (expect-refusal "context 5000" image layer "Context" (inpaint image layer 0 20 0.0 5000))
    (expect-refusal "factor 0" image layer "factor 0"
                    (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 0 0 20 1 0.0 0)))
    (expect-refusal "factor 5" image layer "factor 5"
                    (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 5 0 20 1 0.0 0)))
    (expect-refusal "new-image 2" image layer "new-image"
                    (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 2 0 20 1 0.0 2)))
    (expect-refusal "denoise preset -1" image layer "Preset"
                    (lambda () (plug-in-dip-denoise RUN-NONINTERACTIVE image layer -1 20 1 0.0)))
    ; The selection mask is a channel, not a layer.
    (let ((channel (car (gimp-selection-save image))))
      (expect-refusal "channel as drawable" image layer "works on layers"
                      (inpaint-channel image channel))
      (gimp-image-remove-channel image channel))
    ; A selection feathered so far that nothing in it is more than half selected: the fit
    ; would trust all of it and only repeat the image.
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    (gimp-drawable-levels (car (gimp-image-get-selection image)) HISTOGRAM-VALUE
                          0.0 1.0 TRUE 1.0 0.0 0.4 TRUE)
    (expect-refusal "selection at most half" image layer "more than half"
                    (inpaint image layer 0 20 0.0 0))
    ; A selection that misses the layer: the layer is moved away from it.
    (gimp-layer-set-offsets layer 30 30)
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 2 2 6 6)
    (expect-refusal "selection outside the layer" image layer "does not overlap"
                    (inpaint image layer 0 20 0.0 0))
    (gimp-layer-set-offsets layer 0 0)
    (gimp-image-delete image))

  (let* ((image (photo-crop sample 100 100 6 5))
         (layer (layer-at image 0)))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 2 2 2 2)
    (expect-refusal "layer too small (inpaint)" image layer "needs at least"
                    (inpaint image layer 0 20 0.0 0))
    (expect-refusal "layer too small (upscale)" image layer "needs at least"
                    (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 2 0 20 1 0.0 0)))
    (gimp-image-delete image))

  (let* ((image (photo-crop sample 100 100 48 48))
         (layer (layer-at image 0)))
    (gimp-image-convert-indexed image CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE "")
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    (expect-refusal "indexed image" image layer "Indexed"
                    (inpaint image layer 0 20 0.0 0))
    (gimp-image-delete image))
  (dip-close-results))
