; End-to-end: every refused call returns an error status with a clear message and leaves the
; image exactly as it was (layers, canvas, pixels). These fail before any fitting, so they
; are quick.

; What "as it was" means here: layer list, canvas size and the active layer's pixels.
(define (image-state image layer)
  (list (cadr (gimp-image-get-layers image))
        (car (gimp-image-width image)) (car (gimp-image-height image))
        (pixels-of layer)))

(define (same-state? a b)
  (and (equal? (vector->list (car a)) (vector->list (car b)))
       (= (cadr a) (cadr b)) (= (caddr a) (caddr b))
       (not (first-difference (cadddr a) (cadddr b)))))

; Calls thunk, expects a failure whose message contains `expect`, and an unchanged image.
(define (expect-refusal name image layer expect thunk)
  (let* ((before (image-state image layer))
         (outcome (try thunk))
         (text (outcome-text outcome)))
    (check (string-append name ": refused") (failed? outcome) "the call succeeded")
    (check (string-append name ": message") (string-contains? text expect) "got: " text)
    (check (string-append name ": image unchanged") (same-state? before (image-state image layer)))))

(define (inpaint image layer preset iterations tv context)
  (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer preset iterations 1 tv context)))

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

  ; Layers of 1x1 and 7x5 pixels: too small for every filter, the selection covering them.
  (for-each
    (lambda (size)
      (let* ((w (car size)) (h (cadr size))
             (image (photo-crop sample 100 100 w h))
             (layer (layer-at image 0))
             (label (string-append (number->string w) "x" (number->string h) " layer")))
        (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 1 1)
        (expect-refusal (string-append label " (inpaint)") image layer "needs at least"
                        (inpaint image layer 0 20 0.0 0))
        (expect-refusal (string-append label " (denoise)") image layer "needs at least"
                        (lambda () (plug-in-dip-denoise RUN-NONINTERACTIVE image layer 0 20 1 0.0)))
        (expect-refusal (string-append label " (upscale)") image layer "needs at least"
                        (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 2 0 20 1 0.0 0)))
        (gimp-image-delete image)))
    '((1 1) (7 5)))

  (let* ((image (photo-crop sample 100 100 48 48))
         (layer (layer-at image 0))
         (other (photo-crop sample 10 10 32 32)))
    ; Inpainting needs known pixels around the hole: a selection over the whole layer has none.
    (gimp-selection-all image)
    (expect-refusal "selection covering the whole layer" image layer "no known pixels"
                    (inpaint image layer 0 20 0.0 0))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    ; GIMP checks the IDs before the plug-in runs; a drawable of another image is ours to refuse.
    (expect-refusal "non-existent image" image layer "invalid"
                    (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE 987654 layer 0 20 1 0.0 0)))
    (expect-refusal "non-existent drawable" image layer "invalid"
                    (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE image 987654 0 20 1 0.0 0)))
    (expect-refusal "drawable of another image" image layer "not in that image"
                    (inpaint image (layer-at other 0) 0 20 0.0 0))
    (gimp-image-delete other)
    ; A layer mask is a channel too.
    (let ((mask (car (gimp-layer-create-mask layer ADD-MASK-WHITE))))
      (gimp-layer-add-mask layer mask)
      (expect-refusal "layer mask as drawable" image layer "works on layers"
                      (inpaint-channel image mask))
      (gimp-layer-remove-mask layer MASK-DISCARD))
    ; A layer group: its pixels are its children's; the user picks one of them.
    (let ((group (car (gimp-layer-group-new image))))
      (gimp-image-insert-layer image group 0 0)
      (gimp-image-reorder-item image layer group 0)
      (expect-refusal "layer group as drawable" image layer "layer group"
                      (inpaint image group 0 20 0.0 0))
      (expect-refusal "layer group as drawable (upscale)" image layer "layer group"
                      (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image group 2 0 20 1 0.0 0))))
    (gimp-image-delete image))

  ; A layer far larger than the memory budget: refused before any fitting with the estimate in
  ; the message. Its pixels are checked through their histogram: 4 M pixels one by one would
  ; take minutes in Script-Fu.
  (let* ((image (car (gimp-image-new 2000 1600 RGB)))
         (layer (car (gimp-layer-new image 2000 1600 RGB-IMAGE "big" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground '(200 40 10))
    (gimp-context-set-background '(10 90 240))
    (gimp-drawable-edit-gradient-fill layer GRADIENT-LINEAR 0 FALSE 1 0 TRUE 0 0 2000 1600)
    (gimp-selection-none image)
    (let* ((before (gimp-drawable-histogram layer HISTOGRAM-VALUE 0.0 1.0))
           (outcome (try (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 8 2 20 1 0.0 0))))
           (text (outcome-text outcome)))
      (check "layer over the memory budget: refused" (failed? outcome) "the call succeeded")
      (check "layer over the memory budget: message" (string-contains? text "memory") "got: " text)
      (check "layer over the memory budget: image unchanged"
             (and (= 1 (layer-count image)) (= 2000 (car (gimp-image-width image)))
                  (equal? before (gimp-drawable-histogram layer HISTOGRAM-VALUE 0.0 1.0)))))
    (gimp-image-delete image))

  (let* ((image (photo-crop sample 100 100 48 48))
         (layer (layer-at image 0)))
    (gimp-image-convert-indexed image CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE FALSE "")
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    (expect-refusal "indexed image" image layer "Indexed"
                    (inpaint image layer 0 20 0.0 0))
    (gimp-image-delete image))
  (dip-close-results))

(define (inpaint-channel image channel)
  (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE image channel 0 20 1 0.0 0)))
