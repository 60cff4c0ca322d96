#!/usr/bin/env python3
"""Prints one 'N passed, N failed' line for the Meson test log(s) and any extra counts given.

Usage: summarize.py TESTLOG.json [--extra PASSED FAILED]...
"""
import json
import sys


def main(argv):
    passed = failed = skipped = 0
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--extra":
            passed += int(args.pop(0))
            failed += int(args.pop(0))
            continue
        with open(arg, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result", "")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
