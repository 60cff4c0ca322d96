; End-to-end: a failure inside the engine while it fits (run with DIP_FAULT set, see
; core/src/fault.hpp) must reach the caller as an error status with a message, and leave the
; image exactly as it was: no new layer or image, no canvas change, the same pixels, and no
; undo step (the image stays clean). run-e2e.sh also fails the run when GIMP had to close an
; undo group the plug-in left open, or saw it crash.
; Needs e2e-lib.scm.

; A photo crop with its undo history on and marked clean, as an image a user has just saved.
(define (clean-photo sample x y w h)
  (let ((image (photo-crop sample x y w h)))
    (gimp-image-undo-enable image)
    (gimp-image-clean-all image)
    image))

(define (image-count) (car (gimp-image-list)))

(define (expect-fault name image layer expect thunk)
  (let* ((layers (vector->list (cadr (gimp-image-get-layers image))))
         (size (list (car (gimp-image-width image)) (car (gimp-image-height image))))
         (pixels (pixels-of layer))
         (images (image-count))
         (outcome (try thunk))
         (text (outcome-text outcome)))
    (check (string-append name ": fails") (failed? outcome) "the call succeeded")
    (check (string-append name ": message") (string-contains? text expect) "got: " text)
    (check (string-append name ": same layers")
           (equal? layers (vector->list (cadr (gimp-image-get-layers image)))))
    (check (string-append name ": same canvas")
           (equal? size (list (car (gimp-image-width image)) (car (gimp-image-height image)))))
    (check (string-append name ": same pixels") (not (first-difference pixels (pixels-of layer))))
    (check (string-append name ": no new image") (= images (image-count)))
    (check (string-append name ": no undo step") (= 0 (car (gimp-image-is-dirty image))))))

(define (dip-e2e-faults results sample expect)
  (dip-open-results results)
  (let* ((image (clean-photo sample 100 100 40 36))
         (layer (layer-at image 0)))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 14 12 8 6)
    (gimp-image-clean-all image)  ; selecting is an undo step of its own
    (expect-fault "inpaint" image layer expect
                  (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20 1 0.0 0)))
    (expect-fault "denoise in a selection" image layer expect
                  (lambda () (plug-in-dip-denoise RUN-NONINTERACTIVE image layer 0 20 1 0.0)))
    (gimp-selection-none image)
    (gimp-image-clean-all image)
    (expect-fault "denoise" image layer expect
                  (lambda () (plug-in-dip-denoise RUN-NONINTERACTIVE image layer 0 20 1 0.0)))
    ; The layer at an offset: the canvas would grow for the result.
    (gimp-image-resize image 48 40 4 2)
    (gimp-image-clean-all image)
    (expect-fault "upscale to a new layer" image layer expect
                  (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 2 0 20 1 0.0 0)))
    (expect-fault "upscale to a new image" image layer expect
                  (lambda () (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 2 0 20 1 0.0 1)))
    ; The failed runs left the image usable: a script can still group its own steps and the
    ; image still takes a filter's edit.
    (gimp-image-undo-group-start image)
    (gimp-drawable-invert layer FALSE)
    (gimp-image-undo-group-end image)
    (check "image still editable after the failures" (= 1 (car (gimp-image-is-dirty image))))
    (gimp-image-delete image))
  (dip-close-results))
