#!/bin/bash
# dip-restore speaks the user's language: with LANGUAGE=de a bad option is refused in German
# (exit status 2, one line) and with LANGUAGE=ru --help is Russian; without a language it
# stays English. DIP_LOCALEDIR points the program at the just-built catalogues.
#   cli-language.sh DIP_RESTORE LOCALEDIR
set -u
exe=$1
export DIP_LOCALEDIR=$2
# LANGUAGE only counts when the locale is not plain C; C.UTF-8 is on every Debian system.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
failed=0

check() {  # NAME EXPECTED-TEXT ACTUAL-TEXT
  if [[ "$3" == *"$2"* ]]; then
    echo "PASS $1"
  else
    echo "FAIL $1: expected '$2' in: $3"; failed=1
  fi
}

err=$(LANGUAGE=de "$exe" denoise --bogus in.png out.png 2>&1 >/dev/null); status=$?
check "de: bad option" "dip-restore: unbekannte Option „--bogus“ (siehe --help)" "$err"
[ $status -eq 2 ] && echo "PASS de: exit status 2" || { echo "FAIL de: exit status $status"; failed=1; }

err=$(LANGUAGE=de "$exe" upscale in.png out.png 2>&1 >/dev/null)
check "de: missing factor" "upscale benötigt --factor F (2, 3, 4 oder 8)" "$err"

# A file error: the reason is translated, the path kept.
err=$(LANGUAGE=de "$exe" denoise /nonexistent.png out.png 2>&1 >/dev/null)
check "de: file error" "/nonexistent.png: Öffnen fehlgeschlagen:" "$err"

out=$(LANGUAGE=ru "$exe" --help 2>&1)
check "ru: help" "Использование:" "$out"
check "ru: help options" "--iterations N       число итераций" "$out"

err=$(LANGUAGE=ru "$exe" denoise in.png 2>&1 >/dev/null)
check "ru: plural" "denoise: нужны входной и выходной файлы, а указано 1 имя файла" "$err"

err=$(LANGUAGE= "$exe" denoise --bogus in.png out.png 2>&1 >/dev/null)
check "no language: English" "dip-restore: unknown option '--bogus' (see --help)" "$err"
exit $failed
