; End-to-end determinism: the same layer, selection, seed and preset give a bit-identical result
; in the plug-in, run after run; and the inputs and results are saved for run-determinism.sh to
; compare with dip-restore on the same problem.
; Each problem is one the CLI can pose too: a whole 32x32 layer (denoise), a 32x32 layer whose
; rectangular selection's automatic context (24 pixels) reaches every edge, so the fitted crop is
; the whole layer (inpaint), and a whole 16x16 layer (upscale x2).
; Needs e2e-lib.scm.

(define (save-png layer path)
  (file-png-save2 RUN-NONINTERACTIVE (car (gimp-item-get-image layer)) layer path path
                  0 9 0 0 0 0 0 0 0))

; Runs `call` (image layer -> result layer) twice; checks the two results are the same bits and
; saves the first as NAME.png in `folder`.
(define (twice name folder image layer call)
  (let* ((first (call image layer))
         (second (call image layer)))
    (check (string-append name ": same seed, same bits twice")
           (not (first-difference (pixels-of first) (pixels-of second))))
    (save-png first (string-append folder "/plugin-" name ".png"))))

(define (dip-e2e-determinism results sample folder)
  (dip-open-results results)
  (let* ((image (photo-crop sample 180 140 32 32))
         (layer (layer-at image 0)))
    (save-png layer (string-append folder "/input32.png"))
    (twice "denoise" folder image layer
           (lambda (i l) (car (plug-in-dip-denoise RUN-NONINTERACTIVE i l 0 15 11 0.0))))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 12 10 6 6)
    (twice "inpaint" folder image layer
           (lambda (i l) (car (plug-in-dip-inpaint RUN-NONINTERACTIVE i l 0 15 11 0.0 0))))
    (gimp-image-delete image))
  (let* ((image (photo-crop sample 60 200 16 16))
         (layer (layer-at image 0)))
    (save-png layer (string-append folder "/input16.png"))
    (twice "upscale" folder image layer
           (lambda (i l)
             (let ((result (plug-in-dip-upscale RUN-NONINTERACTIVE i l 2 0 15 11 0.0 1)))
               (cadr result))))
    (gimp-image-delete image))
  (dip-close-results))
