#!/bin/bash
# Runs e2e-ru.scm through the plug-in's own e2e runner with GIMP and the plug-in in Russian,
# then checks what GIMP shows of the registration: the registered label and blurb translate
# through the catalogue GIMP was told about, and GIMP labels the plug-in's messages with the
# Russian menu label (its own translation, made in the GIMP process).
#   run-e2e-ru.sh RUN_E2E PLUGIN SCRIPT SAMPLE LOCALEDIR
set -u
run_e2e=$1 plugin=$2 script=$3 sample=$4
export DIP_LOCALEDIR=$5 LANGUAGE=ru
# LANGUAGE only counts when the locale is not plain C; C.UTF-8 is on every Debian system.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
work=$(mktemp -d "${TMPDIR:-/tmp}/gimp-dip-e2e-ru.XXXXXX")
trap 'rm -rf "$work"' EXIT

DIP_E2E_LOG=$work/gimp.log "$run_e2e" "$plugin" "$script" dip-e2e-ru "$sample" 8 | tee "$work/out.txt"
failed=${PIPESTATUS[0]}

check() {  # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "PASS $1"; else echo "FAIL $1: expected '$2', got '$3'"; failed=1; fi
}
shown() { TEXTDOMAINDIR=$DIP_LOCALEDIR gettext -d gimp20-dip "$1"; }
# GIMP lists menu labels without their mnemonic: find the catalogue entry that strips to it
# and show its translation stripped the same way, as the menu shows it.
shown_label() {
  msgunfmt --no-wrap "$DIP_LOCALEDIR/ru/LC_MESSAGES/gimp20-dip.mo" | awk -v label="$1" '
    /^msgid "/ { id = substr($0, 8, length($0) - 8); gsub(/_/, "", id) }
    /^msgstr "/ && id == label { text = substr($0, 9, length($0) - 9); gsub(/_/, "", text); print text }'
}

label=$(sed -n 's|^REGISTERED label .*/||p' "$work/out.txt")
blurb=$(sed -n 's|^REGISTERED blurb ||p' "$work/out.txt")
check "menu label shown in Russian" "Дорисовка выделения..." "$(shown_label "$label")"
check "blurb shown in Russian" "Заполнить выделение с помощью Deep Image Prior" "$(shown "$blurb")"
if grep -q '^Дорисовка выделения-' "$work/gimp.log" 2>/dev/null; then
  echo "PASS GIMP labels the plug-in's messages with the Russian menu label"
else
  echo "FAIL GIMP did not label the plug-in's messages 'Дорисовка выделения'"; failed=1
fi
exit $failed
