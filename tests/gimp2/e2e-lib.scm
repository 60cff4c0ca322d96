; Helpers for the end-to-end tests in headless GIMP 2.10 (Script-Fu, TinyScheme).
; Results go to a file, one line per check: "PASS name" or "FAIL name: why", then "END".
; gimp-console exits 0 whatever happens, so run-e2e.sh judges the run from that file.

(define dip-results #f)

(define (dip-open-results path) (set! dip-results (open-output-file path)))
(define (dip-close-results)
  (display "END" dip-results) (newline dip-results) (close-output-port dip-results))

(define (dip-write . items)
  (for-each (lambda (x) (display x dip-results)) items)
  (newline dip-results))

(define (check name ok . why)
  (if ok
      (dip-write "PASS " name)
      (apply dip-write (append (list "FAIL " name ": ") why)))
  ok)

; Runs thunk; returns (ok value) or (error message...). Script-Fu reports a failed PDB call
; (status not SUCCESS) through *error-hook*, with the plug-in's error message in it.
(define (try thunk)
  (call/cc
    (lambda (exit)
      (let ((saved *error-hook*))
        (set! *error-hook*
              (lambda args (set! *error-hook* saved) (exit (cons 'error args))))
        (let ((value (thunk)))
          (set! *error-hook* saved)
          (list 'ok value))))))

(define (failed? outcome) (eq? (car outcome) 'error))
(define (outcome-text outcome)
  (let loop ((items (cdr outcome)) (text ""))
    (if (null? items) text
        (loop (cdr items)
              (string-append text (if (string? (car items)) (car items) "") " ")))))

(define (string-contains? text part)
  (let ((n (string-length text)) (m (string-length part)))
    (let loop ((i 0))
      (cond ((> (+ i m) n) #f)
            ((string=? (substring text i (+ i m)) part) #t)
            (else (loop (+ i 1)))))))

(define (layer-count image) (car (gimp-image-get-layers image)))
(define (layer-at image index) (vector-ref (cadr (gimp-image-get-layers image)) index))

; A layer's pixels as a vector of byte vectors (native format, so equality is bit equality).
(define (pixels-of drawable)
  (let* ((w (car (gimp-drawable-width drawable)))
         (h (car (gimp-drawable-height drawable)))
         (out (make-vector (* w h))))
    (do ((y 0 (+ y 1))) ((= y h) out)
      (do ((x 0 (+ x 1))) ((= x w))
        (vector-set! out (+ (* y w) x) (cadr (gimp-drawable-get-pixel drawable x y)))))))

(define (same-bytes? a b)
  (let ((n (vector-length a)))
    (and (= n (vector-length b))
         (let loop ((i 0))
           (cond ((= i n) #t)
                 ((not (= (vector-ref a i) (vector-ref b i))) #f)
                 (else (loop (+ i 1))))))))

; Index of the first pixel where the two differ, or #f.
(define (first-difference a b)
  (let ((n (min (vector-length a) (vector-length b))))
    (let loop ((i 0))
      (cond ((= i n) (if (= (vector-length a) (vector-length b)) #f n))
            ((not (same-bytes? (vector-ref a i) (vector-ref b i))) i)
            (else (loop (+ i 1)))))))

; Selection value (0..255) of every pixel of a layer, in the layer's coordinates.
(define (selection-of image drawable)
  (let* ((w (car (gimp-drawable-width drawable)))
         (h (car (gimp-drawable-height drawable)))
         (offsets (gimp-drawable-offsets drawable))
         (out (make-vector (* w h) 0)))
    (do ((y 0 (+ y 1))) ((= y h) out)
      (do ((x 0 (+ x 1))) ((= x w))
        (vector-set! out (+ (* y w) x)
                     (car (gimp-selection-value image (+ x (car offsets)) (+ y (cadr offsets)))))))))

; For every pixel of a layer: #t where the selection is exactly 0. Read as the
; selection channel's raw bytes: gimp-selection-value rounds to 0..255 and would call a
; feathered edge's 0.001 "unselected" in a float image.
(define (unselected-of image drawable)
  (let* ((w (car (gimp-drawable-width drawable)))
         (h (car (gimp-drawable-height drawable)))
         (offsets (gimp-drawable-offsets drawable))
         (mask (car (gimp-image-get-selection image)))
         (out (make-vector (* w h) #f)))
    (do ((y 0 (+ y 1))) ((= y h) out)
      (do ((x 0 (+ x 1))) ((= x w))
        (let ((ix (+ x (car offsets))) (iy (+ y (cadr offsets))))
          (vector-set! out (+ (* y w) x)
                       ; Off the canvas nothing can be selected.
                       (or (< ix 0) (< iy 0)
                           (>= ix (car (gimp-image-width image)))
                           (>= iy (car (gimp-image-height image)))
                           (let ((bytes (cadr (gimp-drawable-get-pixel mask ix iy))))
                             (let loop ((i 0))
                               (cond ((= i (vector-length bytes)) #t)
                                     ((not (= 0 (vector-ref bytes i))) #f)
                                     (else (loop (+ i 1)))))))))))))

; How many pixels where the selection is exactly 0 differ between the two layers' bytes.
(define (changed-outside a b unselected)
  (let ((n (vector-length unselected)))
    (let loop ((i 0) (count 0))
      (if (= i n) count
          (loop (+ i 1)
                (if (and (vector-ref unselected i)
                         (not (same-bytes? (vector-ref a i) (vector-ref b i))))
                    (+ count 1) count))))))

; PSNR in dB of 8-bit colour channels over the fully selected pixels.
(define (hole-psnr estimate truth selection channels)
  (let ((n (vector-length selection)))
    (let loop ((i 0) (sum 0.0) (count 0))
      (if (= i n)
          (if (= count 0) 0.0
              (let ((mse (/ sum (* count channels 255.0 255.0))))
                (if (<= mse 0.0) 99.0 (* -10.0 (/ (log mse) (log 10.0))))))
          (if (= 255 (vector-ref selection i))
              (let c-loop ((c 0) (sum sum))
                (if (= c channels)
                    (loop (+ i 1) sum (+ count 1))
                    (let ((d (- (vector-ref (vector-ref estimate i) c)
                                (vector-ref (vector-ref truth i) c))))
                      (c-loop (+ c 1) (+ sum (* d d))))))
              (loop (+ i 1) sum count))))))

; The flat fill a trivial tool would make: the mean of the unselected pixels.
(define (flat-fill pixels selection channels)
  (let ((n (vector-length selection)) (sums (make-vector channels 0.0)))
    (let loop ((i 0) (count 0))
      (if (= i n)
          (let ((mean (make-vector channels 0)))
            (do ((c 0 (+ c 1))) ((= c channels))
              (vector-set! mean c (round (/ (vector-ref sums c) (max count 1)))))
            (make-vector n mean))
          (if (= 0 (vector-ref selection i))
              (begin
                (do ((c 0 (+ c 1))) ((= c channels))
                  (vector-set! sums c (+ (vector-ref sums c)
                                         (vector-ref (vector-ref pixels i) c))))
                (loop (+ i 1) (+ count 1)))
              (loop (+ i 1) count))))))

(define (layer-name layer) (car (gimp-item-get-name layer)))
(define (layer-size layer)
  (list (car (gimp-drawable-width layer)) (car (gimp-drawable-height layer))))
(define (layer-offsets layer) (gimp-drawable-offsets layer))

; A small natural image: a crop of the sample photo, as a new one-layer image.
(define (photo-crop path x y w h)
  (let* ((image (car (file-png-load RUN-NONINTERACTIVE path path))))
    (gimp-image-crop image w h x y)
    (gimp-image-undo-disable image)
    image))

; ---- refusals ----

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

(define (inpaint-channel image channel)
  (lambda () (plug-in-dip-inpaint RUN-NONINTERACTIVE image channel 0 20 1 0.0 0)))
