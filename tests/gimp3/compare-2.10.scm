; The GIMP 2.10 half of the LibTorch 1.13-vs-2.6 comparison (see compare-2.10.sh): the same
; blemished photo and inpaint call as the rgb8 case of e2e-filters.py (seed 7, fast preset,
; 300 iterations), the result layer written as a binary PPM.
(define (dip-compare sample out)
  (let* ((image (car (file-png-load RUN-NONINTERACTIVE sample sample)))
         (layer (vector-ref (cadr (gimp-image-get-layers image)) 0)))
    (gimp-image-crop image 48 48 150 150)
    (gimp-image-resize image 64 60 8 4)
    (gimp-item-set-name layer "photo")
    (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 28 20 14 10)
    (gimp-context-set-foreground '(255 0 255))
    (gimp-drawable-edit-fill layer FILL-FOREGROUND)
    (gimp-selection-grow image 3)
    (gimp-selection-feather image 4)
    (let ((result (car (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 300 7 0.0 0))))
      (gimp-selection-none image)
      (file-pnm-save RUN-NONINTERACTIVE image result out out 1))))
