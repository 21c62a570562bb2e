#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up: from process creation to the first complete frame with a real
posting (Postings reports it through POSTINGS_NOTIFY_READY: the posting, its
form and its preview painted), with the phases POSTINGS_TIMING=1 prints and
the memory (RSS) and the main thread's CPU time then (steadier than the
wall clock on a loaded machine). Where GNOME Text Editor is installed it opens the same
file under the same display, timed by an LD_PRELOAD module
(bench-first-frame-preload.c: the first painted frame whose text view holds
text), and the ratio is printed. The floor, a bare GTK 4 + libadwaita
window showing the same text (bench-startup-floor.c), is timed the same
way. 1 warm-up and 5 runs each, medians.

To profile one start-up (perf, valgrind --tool=callgrind), run postings-gui
with the environment of run_postings() and POSTINGS_EXIT_WHEN_READY=1: the
process ends right after the ready notification.

Needs a display (xvfb-run) and a session bus; exits 77 without them or the
corpus. Usage: bench-startup.py POSTINGS PRELOAD_MODULE SCHEMA_DIR [FLOOR]"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

postings, preload, schema_dir = sys.argv[1:4]
floor = sys.argv[4] if len(sys.argv) > 4 else None
corpus = os.environ.get("POSTINGS_CORPUS_DIR", "")
posting = os.path.join(corpus, "jobs", "2022-06-20-potentiel.recrute.un-e.charge.e.de.deploiement.md")
if not os.path.isfile(posting):
    print("SKIP: corpus not found")
    sys.exit(77)
if not os.environ.get("DISPLAY"):
    print("SKIP: no display (run under xvfb-run)")
    sys.exit(77)
RUNS = 5
TIMEOUT_S = 60


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main_thread_cpu_ms(pid):
    """CPU time (user + system) of the process's main thread so far."""
    with open(f"/proc/{pid}/task/{pid}/schedstat") as f:
        return int(f.read().split()[0]) / 1e6


def base_env(tmp):
    env = dict(os.environ)
    # as a user runs them: no debugging aids of the test environment
    for key in ("G_DEBUG", "MALLOC_CHECK_", "MALLOC_PERTURB_"):
        env.pop(key, None)
    env.update({
        "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
        "XDG_STATE_HOME": os.path.join(tmp, "state"),
        "XDG_DATA_HOME": os.path.join(tmp, "data"),
        "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        "GDK_BACKEND": "x11",
        "GSK_RENDERER": "cairo",
        "GTK_A11Y": "none",
        "NO_AT_BRIDGE": "1",
        "GSETTINGS_BACKEND": "memory",
    })
    return env


def wait_line(path, process):
    """Waits for a line in the FIFO @path (opened read-write: never blocks)."""
    fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        data = b""
        while b"\n" not in data:
            if process.poll() is not None:
                raise RuntimeError(f"exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError("no frame within the time limit")
            import select
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                data += os.read(fd, 4096)
        return data
    finally:
        os.close(fd)


def run_postings():
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "ready")
        os.mkfifo(fifo)
        env = base_env(tmp)
        env.update({"POSTINGS_NOTIFY_READY": fifo, "POSTINGS_TIMING": "1",
                    "POSTINGS_NON_UNIQUE": "1", "GSETTINGS_SCHEMA_DIR": schema_dir})
        start = time.monotonic()
        process = subprocess.Popen([postings, posting], env=env, stderr=subprocess.PIPE, text=True)
        try:
            wait_line(fifo, process)
            elapsed = (time.monotonic() - start) * 1000
            rss = rss_mb(process.pid)
            cpu = main_thread_cpu_ms(process.pid)
        finally:
            process.terminate()
            _, err = process.communicate(timeout=30)
        phases = re.findall(r"timing: (.+?)\s+([\d.]+) ms", err)
        return elapsed, rss, phases, cpu


def run_timed_by_preload(command):
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "frame")
        os.mkfifo(fifo)
        env = base_env(tmp)
        env.update({"LD_PRELOAD": preload, "BENCH_FIRST_FRAME_FILE": fifo})
        start = time.monotonic()
        process = subprocess.Popen(command + [posting], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_line(fifo, process)
            elapsed = (time.monotonic() - start) * 1000
            rss = rss_mb(process.pid)
            cpu = main_thread_cpu_ms(process.pid)
        finally:
            process.kill()
            process.wait()
        return elapsed, rss, cpu


def summary(samples):
    return statistics.median(samples), min(samples), max(samples)


run_postings()  # warm-up: caches, fonts
results = [run_postings() for _ in range(RUNS)]
times = summary([r[0] for r in results])
rss = statistics.median(r[1] for r in results)
cpu = statistics.median(r[3] for r in results)
print(f"postings, {os.path.basename(posting)} ({os.path.getsize(posting)} bytes): first complete "
      f"frame median {times[0]:.0f} ms after the process was created (min {times[1]:.0f}, "
      f"max {times[2]:.0f}; {RUNS} runs); RSS then {rss:.0f} MB; main thread CPU {cpu:.0f} ms")
phase_names = [name for name, _ in results[0][2]]
for i, name in enumerate(phase_names):
    values = [float(r[2][i][1]) for r in results if len(r[2]) > i]
    print(f"  phase {name.strip():<32} median {statistics.median(values):7.1f} ms")

if floor is not None:
    run_timed_by_preload([floor])
    base = [run_timed_by_preload([floor]) for _ in range(RUNS)]
    base_times = summary([b[0] for b in base])
    base_cpu = statistics.median(b[2] for b in base)
    print(f"floor (bare GTK 4 + libadwaita window with the text): first frame median "
          f"{base_times[0]:.0f} ms (min {base_times[1]:.0f}, max {base_times[2]:.0f}); RSS then "
          f"{statistics.median(b[1] for b in base):.0f} MB; main thread CPU {base_cpu:.0f} ms")

editor = shutil.which("gnome-text-editor")
if editor is None:
    print("gnome-text-editor is not installed: no comparison (apt-get install gnome-text-editor)")
    sys.exit(0)
run_timed_by_preload([editor, "--standalone"])
peer = [run_timed_by_preload([editor, "--standalone"]) for _ in range(RUNS)]
peer_times = summary([p[0] for p in peer])
peer_rss = statistics.median(p[1] for p in peer)
peer_cpu = statistics.median(p[2] for p in peer)
print(f"gnome-text-editor, same file: first frame with the text median {peer_times[0]:.0f} ms "
      f"(min {peer_times[1]:.0f}, max {peer_times[2]:.0f}); RSS then {peer_rss:.0f} MB; "
      f"main thread CPU {peer_cpu:.0f} ms")
print(f"ratio postings / gnome-text-editor: time {times[0] / peer_times[0]:.2f}, "
      f"memory {rss / peer_rss:.2f}, main thread CPU {cpu / peer_cpu:.2f}")
if floor is not None:
    print(f"ratio floor / gnome-text-editor: time {base_times[0] / peer_times[0]:.2f}, "
          f"main thread CPU {base_cpu / peer_cpu:.2f}")
