; End-to-end in Russian: GIMP 2.10 runs with LANGUAGE=ru and the plug-in reads the just-built
; catalogue (DIP_LOCALEDIR). Loaded after e2e-lib.scm. GIMP keeps what a plug-in registered
; untranslated in the PDB and translates it with the plug-in's domain when it shows it, so
; the registered label and blurb are written out ("REGISTERED ...") for run-e2e-ru.sh to look
; up the way GIMP does; what the plug-in itself answers is checked here.

(define (dip-e2e-ru results sample)
  (dip-open-results results)
  (let* ((query (gimp-plugins-query "Inpaint Selection"))
         (menus (cadr query)))
    (check "registered once" (= (car query) 1) "got " (car query) " entries")
    (if (= (car query) 1) (dip-write "REGISTERED label " (car menus))))
  (let* ((info (gimp-procedural-db-proc-info "plug-in-dip-inpaint")))
    (dip-write "REGISTERED blurb " (car info))
    ; The plug-in translates its help text itself when GIMP queries it.
    (check "help in Russian"
           (string-contains? (cadr info) "Заполняет выделенные пиксели с помощью Deep Image Prior")
           "got: " (cadr info)))
  (let* ((image (photo-crop sample 100 100 48 48))
         (layer (layer-at image 0)))
    (gimp-selection-none image)
    (let* ((outcome (try (lambda ()
                           (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20 1 0.0 0))))
           (text (outcome-text outcome)))
      (check "empty selection: refused" (failed? outcome) "the call succeeded")
      (check "empty selection: message in Russian"
             (string-contains? text "Дорисовка выделения заполняет выделенные пиксели, а ничего не выделено.")
             "got: " text))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 20 20 6 6)
    (let* ((outcome (try (lambda ()
                           (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20 1 0.0 -1))))
           (text (outcome-text outcome)))
      (check "context -1: plural form"
             (string-contains? text "до 1024 пикселей; задано -1.") "got: " text))
    (gimp-image-delete image))
  ; A layer below the smallest size: the plug-in's own refusal, with both sizes.
  (let* ((image (photo-crop sample 100 100 6 5))
         (layer (layer-at image 0)))
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 2 2 2 2)
    (let ((text (outcome-text
                  (try (lambda ()
                         (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20 1 0.0 0))))))
      (check "layer too small: sizes in Russian"
             (string-contains? text "Размер слоя — 6×5 пикселей; Deep Image Prior нужно не меньше 16×16.")
             "got: " text))
    (gimp-image-delete image))
  ; The engine's refusal: a template the engine marked, translated by the plug-in and filled
  ; with the engine's numbers. Upscaling this layer 8 times with the paper net needs about
  ; 680 GiB, and even its smallest tile more than the 400 MiB limit the test sets
  ; (DIP_MEMORY_LIMIT_MIB), so the plug-in refuses before fitting.
  (let* ((side 1000)
         (image (car (gimp-image-new side side RGB)))
         (layer (car (gimp-layer-new image side side RGB-IMAGE "big" 100 LAYER-MODE-NORMAL))))
    (gimp-image-undo-disable image)
    (gimp-image-insert-layer image layer 0 0)
    (gimp-drawable-fill layer FILL-WHITE)
    (let* ((outcome (try (lambda ()
                           (plug-in-dip-upscale RUN-NONINTERACTIVE image layer 8 2 1 1 0.0 0))))
           (text (outcome-text outcome)))
      (check "engine memory refusal: refused" (failed? outcome) "the call succeeded")
      (check "engine memory refusal: Russian sentence with its numbers"
             (and (number-after? text "для этой подгонки нужно около ")
                  (number-after? text ", а доступно только ")
                  (string-contains? text " ГиБ; выберите область поменьше или быструю предустановку"))
             "got: " text))
    (gimp-image-delete image))
  (dip-close-results))

; True when `part` occurs in `text` and a digit follows it.
(define (number-after? text part)
  (let ((n (string-length text)) (m (string-length part)))
    (let loop ((i 0))
      (cond ((>= (+ i m) n) #f)
            ((and (string=? (substring text i (+ i m)) part)
                  (char-numeric? (string-ref text (+ i m))))
             #t)
            (else (loop (+ i 1)))))))
