; End-to-end in Russian: GIMP 2.10 runs with LANGUAGE=ru and the plug-in reads the just-built
; catalogue (DIP_LOCALEDIR). What GIMP registered (blurb, help, menu label) and what the
; plug-in answers (an error, a plural) must come back in Russian. Loaded after e2e-lib.scm.

(define (dip-e2e-ru results sample)
  (dip-open-results results)
  ; GIMP translates a plug-in's blurb with the domain the plug-in registered in query().
  (let* ((info (gimp-procedural-db-proc-info "plug-in-dip-inpaint"))
         (blurb (car info))
         (help (cadr info)))
    (check "blurb in Russian"
           (string=? blurb "Заполнить выделение с помощью Deep Image Prior") "got: " blurb)
    (check "help in Russian"
           (string-contains? help "Заполняет выделенные пиксели с помощью Deep Image Prior")
           "got: " help))
  ; The menu entry as GIMP lists it: the label is the plug-in's, translated.
  (let* ((query (gimp-plugins-query "plug-in-dip-denoise"))
         (menus (cadr query))
         (menu (if (> (car query) 0) (vector-ref menus 0) "")))
    (check "menu label in Russian" (string-contains? menu "Удаление шума") "got: " menu))
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
  (dip-close-results))
