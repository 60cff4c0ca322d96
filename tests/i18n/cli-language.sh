#!/bin/bash
# dip-restore speaks the user's language: with LANGUAGE=de a bad option is refused in German
# (exit status 2, one line) and with LANGUAGE=ru --help is Russian; the engine's refusals,
# numbers and all, come in the same language; without a language it stays English.
# DIP_LOCALEDIR points the program at the just-built catalogues.
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

# The engine's refusals keep their numbers in the translated sentence (plural form included).
work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-cli-language.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 - "$work/tiny.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
rows = b''.join(b'\0' + bytes([128] * 4 * 3) for _ in range(4))  # 4x4 RGB, mid grey
with open(sys.argv[1], 'wb') as f:
    f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 4, 4, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
PY
err=$(LANGUAGE=ru "$exe" denoise "$work/tiny.png" "$work/out.png" 2>&1 >/dev/null)
check "ru: engine error with numbers" \
  "dip-restore: изображение слишком маленькое (4x4): для denoise нужно не меньше 16x16 пикселей" "$err"
err=$(LANGUAGE=de "$exe" upscale "$work/tiny.png" --factor 2 "$work/out.png" 2>&1 >/dev/null)
check "de: engine error with numbers" \
  "dip-restore: das Bild ist zu klein (4x4); upscale benötigt mindestens 8x8 Pixel" "$err"
err=$(LANGUAGE= "$exe" denoise "$work/tiny.png" "$work/out.png" 2>&1 >/dev/null)
check "no language: engine error in English" \
  "dip-restore: the image is too small (4x4); denoise needs at least 16x16 pixels" "$err"

err=$(LANGUAGE= "$exe" denoise --bogus in.png out.png 2>&1 >/dev/null)
check "no language: English" "dip-restore: unknown option '--bogus' (see --help)" "$err"
exit $failed
