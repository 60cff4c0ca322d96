#!/usr/bin/env python3
"""Runs the real dip-restore binary: every kind of bad input must give a non-zero exit, one
clear line on stderr and no output file; one short run per task must give the right image.

usage: dip_restore_test.py DIP_RESTORE bad-input|runs|faults

Test images are made here (plain Python: zlib and struct, no numpy), in a temporary folder.
"""
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG colour type
CHANNELS = {v: k for k, v in COLOUR_TYPES.items()}
RUN_TIMEOUT_S = 60
FAST = ["--preset", "fast", "--iterations", "20", "--threads", "1"]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(path, width, height, channels, samples, bits=8):
    """samples: width*height*channels integers, row-major, interleaved."""
    fmt = ">%dH" if bits == 16 else "%dB"
    row_len = width * channels
    raw = b"".join(b"\0" + struct.pack(fmt % row_len, *samples[y * row_len:(y + 1) * row_len])
                   for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, bits, COLOUR_TYPES[channels], 0, 0, 0)
    with open(path, "wb") as f:
        f.write(PNG_SIGNATURE + png_chunk(b"IHDR", header) +
                png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def read_png(path):
    """Returns (width, height, channels, bits, samples) of a non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == PNG_SIGNATURE, path + " is not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, bits, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert interlace == 0
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = CHANNELS[colour_type]
    bpp = channels * bits // 8
    stride = width * bpp
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, up_left = previous[i], previous[i - bpp] if i >= bpp else 0
            predictor = [0, left, up, (left + up) // 2, paeth(left, up, up_left)][kind]
            line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    fmt = ">%dH" if bits == 16 else "%dB"
    samples = [s for row in rows for s in struct.unpack(fmt % (width * channels), row)]
    return width, height, channels, bits, samples


def write_pam(path, width, height, channels, samples):
    """16-bit PAM (P7), samples big-endian as Netpbm wants."""
    kinds = {1: "GRAYSCALE", 2: "GRAYSCALE_ALPHA", 3: "RGB", 4: "RGB_ALPHA"}
    header = "P7\nWIDTH %d\nHEIGHT %d\nDEPTH %d\nMAXVAL 65535\nTUPLTYPE %s\nENDHDR\n" % (
        width, height, channels, kinds[channels])
    with open(path, "wb") as f:
        f.write(header.encode() + struct.pack(">%dH" % len(samples), *samples))


def read_pam(path):
    """(width, height, depth, maxval), samples of a PAM file."""
    with open(path, "rb") as f:
        data = f.read()
    end = data.index(b"ENDHDR\n") + len(b"ENDHDR\n")
    fields = dict(line.split(" ", 1) for line in data[:end].decode().splitlines()[1:-1])
    shape = tuple(int(fields[k]) for k in ("WIDTH", "HEIGHT", "DEPTH", "MAXVAL"))
    count = shape[0] * shape[1] * shape[2]
    return shape, list(struct.unpack(">%dH" % count, data[end:end + 2 * count]))


def test_image(width, height, channels, bits=8, seed=1):
    """A smooth picture with a little noise, and an alpha channel that varies."""
    rng = random.Random(seed)
    top = (1 << bits) - 1
    samples = []
    for y in range(height):
        for x in range(width):
            for c in range(channels):
                if channels in (2, 4) and c == channels - 1:
                    value = (x * 7 + y * 3) / (7 * width + 3 * height)
                else:
                    value = 0.5 + 0.3 * ((x + 2 * y + 5 * c) % 16 - 8) / 8 + rng.gauss(0, 0.05)
                samples.append(max(0, min(top, round(value * top))))
    return samples


class Checks:
    def __init__(self, binary, folder):
        self.binary, self.folder, self.failures, self.count = binary, folder, [], 0

    def path(self, name):
        return os.path.join(self.folder, name)

    def png(self, name, width, height, channels, bits=8, seed=1):
        write_png(self.path(name), width, height, channels, test_image(width, height, channels, bits, seed), bits)
        return self.path(name)

    def run(self, args, env=None):
        started = time.monotonic()
        done = subprocess.run([self.binary] + args, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                              env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE", **(env or {})))
        return done, time.monotonic() - started

    def fail(self, name, why, done=None):
        detail = "" if done is None else "\n    exit %d\n    stdout: %r\n    stderr: %r" % (
            done.returncode, done.stdout, done.stderr)
        self.failures.append("%s: %s%s" % (name, why, detail))

    def bad_input(self, name, args, output, status, expected, env=None):
        """The run must exit with `status`, say `expected` in one stderr line, write nothing."""
        self.count += 1
        before = sorted(os.listdir(os.path.dirname(output))) if os.path.isdir(os.path.dirname(output)) else None
        existed = os.path.exists(output)
        done, seconds = self.run(args, env)
        lines = done.stderr.splitlines()
        if done.returncode != status:
            self.fail(name, "exit status %d, wanted %d" % (done.returncode, status), done)
        elif len(lines) != 1 or not lines[0].startswith("dip-restore: ") or expected not in lines[0]:
            self.fail(name, "wanted one stderr line 'dip-restore: ...%s...'" % expected, done)
        elif not existed and os.path.exists(output):
            self.fail(name, "left an output file behind", done)
        elif before is not None and sorted(os.listdir(os.path.dirname(output))) != before:
            self.fail(name, "left files behind: %s" % sorted(os.listdir(os.path.dirname(output))), done)
        else:
            print("ok   %-28s exit %d in %.1f s: %s" % (name, status, seconds, lines[0]))

    def good_run(self, name, args, output, width, height, channels, bits):
        """The run must succeed and write an image of this shape; returns its samples."""
        self.count += 1
        done, seconds = self.run(args)
        if done.returncode != 0:
            self.fail(name, "failed", done)
            return None
        if not os.path.exists(output):
            self.fail(name, "no output file", done)
            return None
        shape = read_png(output)
        if shape[:4] != (width, height, channels, bits):
            self.fail(name, "output is %s, wanted %s" % (shape[:4], (width, height, channels, bits)), done)
            return None
        if sorted(os.listdir(os.path.dirname(output))).count(os.path.basename(output)) != 1 or any(
                n.startswith("." + os.path.basename(output) + ".tmp") for n in os.listdir(os.path.dirname(output))):
            self.fail(name, "temporary file left next to the output", done)
        print("ok   %-28s %.1f s: %s" % (name, seconds, done.stdout.strip()))
        return shape[4], done


def bad_inputs(c):
    image = c.png("in.png", 32, 32, 3)
    out = c.path("out.png")
    denoise = lambda source, *more: ["denoise", source, out] + FAST + list(more)

    c.bad_input("missing file", denoise(c.path("absent.png")), out, 1, "absent.png: cannot open: No such file")
    with open(c.path("empty.png"), "wb"):
        pass
    c.bad_input("empty file", denoise(c.path("empty.png")), out, 1, "empty.png: file is empty")
    c.png("whole.png", 64, 64, 3, bits=16)
    with open(c.path("whole.png"), "rb") as f:
        whole = f.read()
    with open(c.path("truncated.png"), "wb") as f:
        f.write(whole[:len(whole) // 2])
    c.bad_input("truncated PNG", denoise(c.path("truncated.png")), out, 1,
                "truncated.png: truncated or corrupt PNG file")
    with open(c.path("notes.png"), "w") as f:
        f.write("not an image\n")
    c.bad_input("non-image file", denoise(c.path("notes.png")), out, 1,
                "notes.png: not a PNG, JPEG, TIFF, PGM, PPM or PAM image")

    small_mask = c.png("mask16.png", 16, 16, 1)
    c.bad_input("mask of another size", ["inpaint", image, "--hole", small_mask, out] + FAST, out, 1,
                "mask16.png: mask is 16x16 but the image is 32x32")
    # Flat black colour, the hole only in alpha: a layer exported with transparency.
    alpha_only = [v for i in range(32 * 32) for v in (0, 255 if (i % 32) in range(10, 20) else 0)]
    write_png(c.path("alpha_mask.png"), 32, 32, 2, alpha_only)
    c.bad_input("mask with alpha only", ["inpaint", image, "--hole", c.path("alpha_mask.png"), out] + FAST,
                out, 1, "alpha_mask.png: mask has its hole in the alpha channel only")

    write_png(c.path("black.png"), 32, 32, 1, [0] * (32 * 32))
    c.bad_input("empty hole mask", ["inpaint", image, "--hole", c.path("black.png"), out] + FAST, out, 1,
                "black.png: mask marks nothing to restore")
    write_png(c.path("white.png"), 32, 32, 1, [255] * (32 * 32))
    c.bad_input("hole covering the whole image", ["inpaint", image, "--hole", c.path("white.png"), out] + FAST,
                out, 1, "no known pixels")
    for width, height in [(1, 1), (7, 5)]:
        small = c.png("small%dx%d.png" % (width, height), width, height, 3)
        c.bad_input("image of %dx%d" % (width, height), denoise(small), out, 1, "the image is too small")
        c.bad_input("image of %dx%d (upscale)" % (width, height), ["upscale", small, "--factor", "2", out] + FAST, out, 1,
                    "the image is too small")
    # Far over the budget: x8 of 1200x1000 is a 9600x8000 fit, and even its smallest tile is over 400 MiB.
    write_png(c.path("large.png"), 1200, 1000, 3, [128] * (1200 * 1000 * 3))
    c.bad_input("far over the memory budget", ["upscale", c.path("large.png"), "--factor", "8", out,
                "--memory-limit", "400"] + FAST, out, 1, "even in the smallest tiles, but only")

    c.bad_input("unsupported factor 5", ["upscale", image, "--factor", "5", out] + FAST, out, 2,
                "--factor 5 is not supported")
    tiny = c.png("tiny.png", 4, 4, 3)
    c.bad_input("image too small (4x4)", denoise(tiny), out, 1, "")
    c.bad_input("unknown option", denoise(image, "--colour"), out, 2, "unknown option '--colour'")
    c.bad_input("bad value", denoise(image, "--iterations=lots"), out, 2,
                "--iterations: 'lots' is not a whole number")
    c.bad_input("out-of-range value", denoise(image, "--tv", "-1"), out, 2, "--tv: -1 is out of range")
    c.bad_input("noise sigma out of range", denoise(image, "--noise-sigma", "300"), out, 2,
                "--noise-sigma: 300 is out of range")
    c.bad_input("unknown task", ["sharpen", image, out], out, 2, "unknown task 'sharpen'")
    missing_folder_out = c.path("no/such/out.png")
    c.bad_input("output in a missing folder", ["denoise", image, missing_folder_out] + FAST, missing_folder_out,
                1, "does not exist")
    if os.geteuid() == 0:
        # Root ignores permission bits; sysfs refuses new files even to root.
        if os.path.isdir("/sys"):
            c.bad_input("output in a read-only folder", ["denoise", image, "/sys/dip-test-out.png"] + FAST,
                        "/sys/dip-test-out.png", 1, "cannot write in folder '/sys'")
        else:
            print("skip output in a read-only folder: running as root and there is no /sys")
    else:
        locked = c.path("locked")
        os.mkdir(locked, 0o555)
        c.bad_input("output in a read-only folder", ["denoise", image, os.path.join(locked, "out.png")] + FAST,
                    os.path.join(locked, "out.png"), 1, "cannot write in folder")
    c.bad_input("alpha into JPEG", ["denoise", c.png("ga.png", 32, 32, 2), c.path("out.jpg")] + FAST,
                c.path("out.jpg"), 1, "JPEG cannot store the image's alpha channel")
    c.bad_input("reference of another size", denoise(image, "--reference", small_mask), out, 1,
                "mask16.png: reference is 16x16")

    # Even the smallest tile of a x4 upscale needs more than 400 MiB: refused up front, both figures given.
    wide = c.png("wide.png", 300, 200, 3)
    c.bad_input("over the memory limit", ["upscale", wide, "--factor", "4", out, "--memory-limit", "400"] + FAST,
                out, 1, "GiB is available")

    # A failed run must leave an existing output as it was.
    with open(out, "wb") as f:
        f.write(b"previous result")
    c.bad_input("bad mask keeps old output", ["inpaint", image, "--hole", small_mask, out] + FAST, out, 1,
                "mask is 16x16")
    with open(out, "rb") as f:
        if f.read() != b"previous result":
            c.fail("bad mask keeps old output", "the existing output file was changed")


def runs(c):
    done = subprocess.run([c.binary, "--help"], capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    c.count += 1
    if done.returncode != 0 or "Usage:" not in done.stdout or done.stderr:
        c.fail("--help", "wanted usage on stdout and exit 0", done)

    rgb = c.png("rgb.png", 32, 32, 3)
    c.good_run("denoise RGB", ["denoise", rgb, c.path("denoised.png")] + FAST, c.path("denoised.png"), 32, 32, 3, 8)

    ga_samples = test_image(32, 32, 2)
    write_png(c.path("ga.png"), 32, 32, 2, ga_samples)
    result = c.good_run("denoise grey+alpha", ["denoise", c.path("ga.png"), c.path("ga_out.png")] + FAST,
                        c.path("ga_out.png"), 32, 32, 2, 8)
    if result and result[0][1::2] != ga_samples[1::2]:
        c.fail("denoise grey+alpha", "alpha changed")

    hole = [255 if 12 <= x < 18 and 10 <= y < 16 else 0 for y in range(32) for x in range(32)]
    write_png(c.path("hole.png"), 32, 32, 1, hole)
    c.good_run("inpaint RGB", ["inpaint", rgb, "--hole=" + c.path("hole.png"), c.path("inpainted.png")] + FAST,
               c.path("inpainted.png"), 32, 32, 3, 8)

    small16 = c.png("small16.png", 16, 16, 3, bits=16)
    result = c.good_run("upscale x2 16-bit", ["upscale", small16, "--factor", "2", c.path("up.png")] + FAST,
                        c.path("up.png"), 32, 32, 3, 16)

    result = c.good_run("denoise with --reference", ["denoise", rgb, c.path("ref_out.png"), "--reference", rgb,
                        "--report-every", "10"] + FAST, c.path("ref_out.png"), 32, 32, 3, 8)
    # The engine hands out an estimate only on the report after one that asked for it, so the
    # first report cannot carry a PSNR; every later one must.
    if result:
        reports = [line for line in result[1].stderr.splitlines() if "/20  loss" in line]
        if "PSNR" not in result[1].stdout or len(reports) != 2 or "PSNR" not in reports[1]:
            c.fail("denoise with --reference", "wanted PSNR in the reports after the first and in the summary",
                   result[1])

    # One fit of 300x200 needs about 490 MiB; with 400 the image is restored in tiles.
    wide = c.png("wide.png", 300, 200, 3)
    result = c.good_run("denoise in tiles", ["denoise", wide, c.path("tiled.png"), "--memory-limit", "400",
                        "--report-every", "1"] + FAST, c.path("tiled.png"), 300, 200, 3, 8)
    if result and ("overlapping tiles" not in result[1].stderr or "tile 2/" not in result[1].stderr):
        c.fail("denoise in tiles", "wanted the tiling announced and tile progress", result[1])

    # Netpbm in and out: a 16-bit PAM with alpha comes back as one, its alpha untouched.
    samples = test_image(24, 24, 4, bits=16)
    write_pam(c.path("rgba16.pam"), 24, 24, 4, samples)
    c.count += 1
    done, seconds = c.run(["denoise", c.path("rgba16.pam"), c.path("rgba_out.pam")] + FAST)
    if done.returncode != 0 or not os.path.exists(c.path("rgba_out.pam")):
        c.fail("denoise PAM", "failed or no output", done)
    else:
        shape, out = read_pam(c.path("rgba_out.pam"))
        if shape != (24, 24, 4, 65535) or out[3::4] != samples[3::4]:
            c.fail("denoise PAM", "output %s, alpha kept: %s" % (shape, out[3::4] == samples[3::4]), done)
        else:
            print("ok   %-28s %.1f s: %s" % ("denoise PAM", seconds, done.stdout.strip()))

    interrupt(c, rgb)


def interrupt(c, image):
    """Ctrl-C in the middle of a run: clean cancel, exit 130, no output."""
    c.count += 1
    out = c.path("interrupted.png")
    process = subprocess.Popen([c.binary, "denoise", image, out, "--preset", "fast", "--iterations", "100000",
                                "--report-every", "1", "--threads", "1"],
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"))
    first_report = process.stderr.readline()  # the run has started once a report is out
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        c.fail("Ctrl-C", "did not stop within %d s" % RUN_TIMEOUT_S)
        return
    if process.returncode != 130 or "cancelled; no output written" not in stderr or os.path.exists(out):
        c.failures.append("Ctrl-C: exit %d, output %s, first report %r, stderr tail %r" % (
            process.returncode, os.path.exists(out), first_report, stderr[-300:]))
    elif [n for n in os.listdir(c.folder) if n.startswith(".interrupted")]:
        c.fail("Ctrl-C", "temporary file left behind")
    else:
        print("ok   %-28s exit 130, no output" % "Ctrl-C")


def files_equal(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def faults(c):
    """Failures inside the engine (DIP_FAULT, core/src/fault.hpp), interrupts at random moments,
    and determinism: the same input, seed and preset give the same file, byte for byte."""
    image = c.png("in.png", 32, 32, 3)
    out = c.path("out.png")
    hole = [255 if 12 <= x < 18 and 10 <= y < 16 else 0 for y in range(32) for x in range(32)]
    write_png(c.path("hole.png"), 32, 32, 1, hole)
    inpaint = ["inpaint", image, "--hole", c.path("hole.png"), out] + FAST

    c.bad_input("exception at iteration 5", ["denoise", image, out] + FAST, out, 1,
                "injected fault before iteration 5", env={"DIP_FAULT": "throw@5"})
    c.bad_input("exception at start-up", inpaint, out, 1, "injected fault before iteration 0",
                env={"DIP_FAULT": "throw@0"})
    c.bad_input("allocation failure", ["upscale", c.png("small.png", 16, 16, 3), "--factor", "2", out] + FAST, out, 1,
                "out of memory", env={"DIP_FAULT": "oom@3"})
    with open(out, "wb") as f:
        f.write(b"previous result")
    c.bad_input("failure keeps old output", inpaint, out, 1, "injected fault",
                env={"DIP_FAULT": "throw@2"})
    with open(out, "rb") as f:
        if f.read() != b"previous result":
            c.fail("failure keeps old output", "the existing output file was changed")
    os.remove(out)

    # Determinism. No --threads here: the default thread count, as the GIMP plug-in uses it.
    for name, args in [("denoise", ["denoise", image]), ("inpaint", inpaint[:4]),
                       ("upscale", ["upscale", c.path("small.png"), "--factor", "2"])]:
        c.count += 1
        outputs = [c.path("%s-%d.png" % (name, i)) for i in range(3)]
        seeds = ["11", "11", "12"]
        runs_ok = True
        for output, seed in zip(outputs, seeds):
            done, _ = c.run(args + [output, "--preset", "fast", "--iterations", "15", "--seed", seed])
            if done.returncode != 0:
                c.fail("deterministic " + name, "run failed", done)
                runs_ok = False
                break
        if not runs_ok:
            continue
        if not files_equal(outputs[0], outputs[1]):
            c.fail("deterministic " + name, "two runs with seed 11 wrote different files")
        elif files_equal(outputs[0], outputs[2]):
            c.fail("deterministic " + name, "seeds 11 and 12 wrote the same file")
        else:
            print("ok   %-28s seed 11 twice: identical bytes; seed 12: different" % ("deterministic " + name))

    # Ctrl-C at random moments: while LibTorch loads, during set-up, mid-fit (loading alone
    # takes 1-2 s on a busy machine). Whenever it comes: no output, no temporary file, and no
    # crash (exit 130, or death by SIGINT when it came before main() installed its handler).
    rng = random.Random(6)
    for attempt in range(6):
        c.count += 1
        delay = 0.0 if attempt == 0 else rng.uniform(0.0, 5.0)
        target = c.path("interrupted-%d.png" % attempt)
        process = subprocess.Popen([c.binary, "denoise", image, target, "--preset", "fast", "--iterations",
                                    "100000", "--threads", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"))
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            c.fail("Ctrl-C after %.2f s" % delay, "did not stop within %d s" % RUN_TIMEOUT_S)
            continue
        leftovers = [n for n in os.listdir(c.folder) if n.startswith(".interrupted-%d" % attempt)]
        if process.returncode not in (130, -signal.SIGINT) or os.path.exists(target) or leftovers:
            c.fail("Ctrl-C after %.2f s" % delay, "exit %d, output %s, leftovers %s, stderr %r" % (
                process.returncode, os.path.exists(target), leftovers, stderr[-300:]))
        elif "Segmentation" in stderr or "core dumped" in stderr:
            c.fail("Ctrl-C after %.2f s" % delay, "crashed: %r" % stderr[-300:])
        else:
            print("ok   %-28s exit %d, no output" % ("Ctrl-C after %.2f s" % delay, process.returncode))


def main():
    binary, group = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="dip-cli-") as folder:
        checks = Checks(os.path.abspath(binary), folder)
        {"bad-input": bad_inputs, "runs": runs, "faults": faults}[group](checks)
        # The locked folder must be writable again for the clean-up.
        if os.path.isdir(checks.path("locked")):
            os.chmod(checks.path("locked"), 0o755)
    for failure in checks.failures:
        print("FAIL " + failure)
    print("%d of %d checks passed" % (checks.count - len(checks.failures), checks.count))
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
