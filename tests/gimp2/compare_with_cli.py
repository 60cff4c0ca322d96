#!/usr/bin/env python3
"""Poses the problems of e2e-determinism.scm to dip-restore and compares its files with the
plug-in's, sample for sample: the same inputs, seed and preset must give the same bits in the
CLI and in GIMP.

usage: compare_with_cli.py DIP_RESTORE FOLDER

FOLDER holds input32.png, input16.png and plugin-{denoise,inpaint,upscale}.png from the GIMP run.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from dip_restore_test import read_png, write_png  # noqa: E402

# As the plug-in calls the engine: fast preset, 15 iterations, seed 11, the default thread count.
SETTINGS = ["--preset", "fast", "--iterations", "15", "--seed", "11"]


def main():
    cli, folder = sys.argv[1], sys.argv[2]
    path = lambda name: os.path.join(folder, name)
    # The plug-in's selection: the 6x6 square at (12, 10).
    hole = [255 if 12 <= x < 18 and 10 <= y < 16 else 0 for y in range(32) for x in range(32)]
    write_png(path("hole32.png"), 32, 32, 1, hole)
    problems = {
        "denoise": ["denoise", path("input32.png")],
        "inpaint": ["inpaint", path("input32.png"), "--hole", path("hole32.png")],
        "upscale": ["upscale", path("input16.png"), "--factor", "2"],
    }
    failures = 0
    for name, args in problems.items():
        out = path("cli-%s.png" % name)
        done = subprocess.run([cli] + args + [out] + SETTINGS + ["--quiet"], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            print("FAIL %s: dip-restore exit %d: %s" % (name, done.returncode, done.stderr.strip()))
            failures += 1
            continue
        plugin, ours = read_png(path("plugin-%s.png" % name)), read_png(out)
        if plugin[:4] != ours[:4]:
            print("FAIL %s: plug-in result %s, CLI result %s" % (name, plugin[:4], ours[:4]))
            failures += 1
            continue
        diffs = [abs(a - b) for a, b in zip(plugin[4], ours[4]) if a != b]
        if diffs:
            print("FAIL %s: %d of %d samples differ (at most by %d)" % (name, len(diffs), len(ours[4]), max(diffs)))
            failures += 1
        else:
            print("PASS %s: plug-in and CLI bit-identical (%dx%d, %d channels)" % ((name,) + ours[:3]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
