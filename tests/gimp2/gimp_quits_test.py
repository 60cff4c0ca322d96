#!/usr/bin/env python3
"""GIMP going away while the plug-in fits. gimp-console runs a long inpaint in batch mode and is
then terminated (SIGTERM, as when a session ends) or killed (SIGKILL, as in a crash) mid-fit.
The plug-in must notice, stop its fit and exit within a few seconds, without crashing, leaving
no orphan process computing on.

usage: gimp_quits_test.py PLUGIN SAMPLE

This process makes itself a child subreaper, so the orphaned plug-in becomes its child and its
real exit status can be read (GIMP's own is gone with it).
"""
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PR_SET_CHILD_SUBREAPER = 36
LIMIT_S = 8.0


def gimp_console(args, env, log, wait=True):
    with open(log, "ab") as out:
        process = subprocess.Popen(["gimp-console-2.10", "-i", "-d", "-f"] + args, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    if wait:
        process.wait(timeout=300)
    return process


def find_plugin(installed):
    """The plug-in process running a procedure (-run; -query is GIMP registering it)."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.readlink("/proc/%s/exe" % name) != installed:
                continue
            with open("/proc/%s/cmdline" % name, "rb") as f:
                if b"\0-run\0" in f.read():
                    return int(name)
        except OSError:
            continue
    return None


def wait_child(pid, limit_s):
    """(status, seconds) of an adopted child, or (None, limit_s) if it is still running."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not ours: already reaped by someone else
            return ("gone", time.monotonic() - start)
        if done == pid:
            return (status, time.monotonic() - start)
        time.sleep(0.05)
    return (None, limit_s)


def describe(status):
    if status == "gone":
        return "exited (status not seen)"
    if os.WIFSIGNALED(status):
        return "killed by %s" % signal.Signals(os.WTERMSIG(status)).name
    return "exit status %d" % os.WEXITSTATUS(status)


def main():
    plugin, sample = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("FAIL: cannot become a child subreaper")
        return 1
    work = tempfile.mkdtemp(prefix="gimp-dip-quit.")
    failures = 0
    try:
        env = dict(os.environ, GIMP2_DIRECTORY=work + "/profile", XDG_CACHE_HOME=work + "/cache",
                   HOME=work + "/home")
        os.makedirs(env["HOME"])
        gimp_console(["-b", "(gimp-quit 0)"], env, work + "/init.log")
        installed = env["GIMP2_DIRECTORY"] + "/plug-ins/gimp-dip/gimp-dip"
        os.makedirs(os.path.dirname(installed))
        shutil.copy(plugin, installed)
        os.chmod(installed, 0o755)
        # Once more, so GIMP registers the plug-in now: a GIMP killed later never writes its
        # plug-in registry, and would query the plug-in again on the next start.
        gimp_console(["-b", "(gimp-quit 0)"], env, work + "/init.log")

        # 20000 iterations on a 64x64 crop: minutes, so the fit surely runs when GIMP goes.
        batch = """
(let* ((image (car (file-png-load RUN-NONINTERACTIVE "%s" "%s")))
       (layer (car (gimp-image-get-active-layer image))))
  (gimp-image-crop image 64 64 100 100)
  (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 24 24 10 8)
  (plug-in-dip-inpaint RUN-NONINTERACTIVE image layer 0 20000 1 0.0 0))""" % (sample, sample)
        for how in (signal.SIGTERM, signal.SIGKILL):
            log = "%s/gimp-%s.log" % (work, how.name)
            gimp = gimp_console(["-b", batch, "-b", "(gimp-quit 0)"], env, log, wait=False)
            pid = None
            deadline = time.monotonic() + 120
            while pid is None and time.monotonic() < deadline and gimp.poll() is None:
                pid = find_plugin(installed)
                time.sleep(0.2)
            if pid is None:
                print("FAIL %s: the plug-in never started" % how.name)
                failures += 1
                gimp.kill()
                gimp.wait()
                continue
            time.sleep(4)  # past the set-up, into the fit
            if find_plugin(installed) != pid:
                print("FAIL %s: the plug-in ended before GIMP went away" % how.name)
                failures += 1
            else:
                gimp.send_signal(how)
                gimp.wait(timeout=60)
                status, seconds = wait_child(pid, LIMIT_S)
                with open(log, errors="replace") as f:
                    text = f.read()
                crashed = any(word in text for word in ("fatal error", "Segmentation", "terminate called",
                                                        "Aborted", "core dumped"))
                if status is None:
                    print("FAIL %s: the plug-in still runs %.0f s after GIMP went away" % (how.name, LIMIT_S))
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    failures += 1
                elif crashed or (status != "gone" and os.WIFSIGNALED(status) and
                                 os.WTERMSIG(status) in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS)):
                    print("FAIL %s: the plug-in crashed on its way out (%s)" % (how.name, describe(status)))
                    failures += 1
                else:
                    print("PASS %s to GIMP: the plug-in %s %.1f s later" % (how.name, describe(status), seconds))
                    continue
            print("--- gimp log\n" + open(log, errors="replace").read())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
