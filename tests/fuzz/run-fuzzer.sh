#!/bin/sh
# Runs one libFuzzer target for a bounded time over its committed seed corpus and fails on any
# finding (crash, leak, UB, timeout, out-of-memory).
# Usage: run-fuzzer.sh FUZZER SEED_CORPUS DICTIONARY WORK_FOLDER   (DIP_FUZZ_SECONDS, default 60)
# New inputs go into WORK_FOLDER/corpus, never into the source tree; a crashing input is left
# as WORK_FOLDER/crash-* (add it to the seed corpus once fixed, as a regression).
set -u
fuzzer=$1 seeds=$2 dictionary=$3 work=$4
seconds=${DIP_FUZZ_SECONDS:-60}
mkdir -p "$work/corpus"
# One job: the two cores are shared with the rest of the suite.
"$fuzzer" "$work/corpus" "$seeds" \
  -dict="$dictionary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
  -artifact_prefix="$work/" -print_final_stats=1
status=$?
if [ "$status" -ne 0 ]; then
  echo "fuzzer found a problem (exit $status); input(s):" >&2
  ls -l "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2
fi
exit "$status"
