#!/bin/bash
# Runs e2e-ru.scm through the plug-in's own e2e runner, with GIMP and the plug-in in Russian.
#   run-e2e-ru.sh RUN_E2E PLUGIN SCRIPT SAMPLE LOCALEDIR
set -u
run_e2e=$1 plugin=$2 script=$3 sample=$4
export DIP_LOCALEDIR=$5 LANGUAGE=ru
# LANGUAGE only counts when the locale is not plain C; C.UTF-8 is on every Debian system.
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
exec "$run_e2e" "$plugin" "$script" dip-e2e-ru "$sample" 6
