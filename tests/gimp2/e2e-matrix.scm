; End-to-end: the rest of the refusal matrix of issue #6, beside e2e-errors.scm's argument
; checks: layers too small, a selection over the whole layer, IDs that do not exist or belong to
; another image, a layer mask or a layer group as the drawable, and a layer far over the memory
; budget. Each must fail with a clear message and leave the image exactly as it was.
; Needs e2e-lib.scm.

(define (dip-e2e-matrix results sample)
  (dip-open-results results)
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

  ; A layer far larger than the memory budget (meson runs this with DIP_MEMORY_LIMIT_MIB=400):
  ; even its smallest tile is over it, so it is refused before any fitting with the estimate in
  ; the message. Its pixels are checked through their histogram: 0.8 M pixels one by one would
  ; take a minute in Script-Fu.
  (let* ((image (car (gimp-image-new 1000 800 RGB)))
         (layer (car (gimp-layer-new image 1000 800 RGB-IMAGE "big" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer image layer 0 0)
    (gimp-context-set-foreground '(200 40 10))
    (gimp-context-set-background '(10 90 240))
    (gimp-drawable-edit-gradient-fill layer GRADIENT-LINEAR 0 FALSE 1 0 TRUE 0 0 1000 800)
    (gimp-selection-none image)
    (let* ((before (gimp-drawable-histogram layer HISTOGRAM-VALUE 0.0 1.0))
           (outcome (try (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 8 2 20 1 0.0 0))))
           (text (outcome-text outcome)))
      (check "layer over the memory budget: refused" (failed? outcome) "the call succeeded")
      (check "layer over the memory budget: message" (string-contains? text "memory") "got: " text)
      (check "layer over the memory budget: image unchanged"
             (and (= 1 (layer-count image)) (= 1000 (car (gimp-image-width image)))
                  (equal? before (gimp-drawable-histogram layer HISTOGRAM-VALUE 0.0 1.0)))))
    (gimp-image-delete image))

  (dip-close-results))
