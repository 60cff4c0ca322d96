; End-to-end: a layer over the memory budget. run-e2e.sh runs this with DIP_MEMORY_LIMIT_MIB=400
; (the plug-in's memory limit, see plugin/common/params.cpp): a 300x200 denoise, one fit of which
; needs about 490 MB, is done in tiles and gives a whole, changed layer; an upscale whose
; smallest tile is over the limit is refused with both figures, the image untouched.
; Loaded after e2e-lib.scm.

; Script-Fu runs out of cells on every pixel of a 300x200 layer: a 1-in-5 grid of them.
(define (grid-pixels-of drawable)
  (let* ((w (car (gimp-drawable-width drawable)))
         (h (car (gimp-drawable-height drawable)))
         (gw (quotient (+ w 4) 5))
         (out (make-vector (* gw (quotient (+ h 4) 5)))))
    (do ((y 0 (+ y 5))) ((>= y h) out)
      (do ((x 0 (+ x 5))) ((>= x w))
        (vector-set! out (+ (* (quotient y 5) gw) (quotient x 5))
                     (cadr (gimp-drawable-get-pixel drawable x y)))))))

(define (dip-e2e-memory results sample)
  (dip-open-results results)
  (let* ((image (photo-crop sample 10 20 300 200))
         (layer (layer-at image 0))
         (before (grid-pixels-of layer))
         (outcome (try (lambda () (plug-in-dip-denoise RUN-NONINTERACTIVE image layer 0 3 1 0.0)))))
    (if (check "tiled denoise succeeds" (not (failed? outcome)) (outcome-text outcome))
      (let ((result (layer-at image 0)))
        (check "tiled denoise adds one layer" (= 2 (layer-count image)))
        (check "tiled denoise covers the layer" (equal? (layer-size result) '(300 200)))
        (check "tiled denoise changed the pixels" (first-difference before (grid-pixels-of result)))
        (check "source layer unchanged" (not (first-difference before (grid-pixels-of layer))))))
    (gimp-image-delete image))
  (let* ((image (photo-crop sample 10 20 300 200))
         (layer (layer-at image 0))
         (before (grid-pixels-of layer))
         (outcome (try (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 4 0 3 1 0.0 0))))
         (text (outcome-text outcome)))
    (check "upscale over the limit refused" (failed? outcome))
    (check "refusal names what is needed" (string-contains? text "needs about") "got: " text)
    (check "refusal names what is available" (string-contains? text "available") "got: " text)
    (check "refused upscale leaves one layer" (= 1 (layer-count image)))
    (check "refused upscale leaves the canvas" (= 300 (car (gimp-image-width image))))
    (check "refused upscale leaves the pixels" (not (first-difference before (grid-pixels-of layer))))
    (gimp-image-delete image))
  (dip-close-results))
