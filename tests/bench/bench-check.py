#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`postings check` as a site's CI runs it (wall-clock time of the whole
process), beside the floor: a C program that only reads each file and runs
libyaml's event parser over its front matter (bench-check-floor.c). On the
real postings and on a generated site of 10,000 postings (the real ones
copied under new names). Prints medians and the ratio, of the wall-clock
time and of the processor time (user + system, which other jobs on a busy
machine do not inflate), for `check` on its default threads and on one
(POSTINGS_CHECK_THREADS=1; the floor has one). Exits 77 without the corpus.
Usage: bench-check.py POSTINGS FLOOR"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

postings, floor = sys.argv[1], sys.argv[2]
corpus = os.environ.get("POSTINGS_CORPUS_DIR", "")
jobs = os.path.join(corpus, "jobs")
if not os.path.isdir(jobs):
    print("SKIP: corpus not found")
    sys.exit(77)
RUNS = 10


def median_ms(command, ok=(0,), env=None):
    """Medians (and min, max) of the wall-clock and processor times, ms."""
    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        done = subprocess.run(command, capture_output=True, env=env)
        walls.append((time.monotonic() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
        if done.returncode not in ok:
            sys.exit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return ((statistics.median(walls), min(walls), max(walls)),
            (statistics.median(cpus), min(cpus), max(cpus)))


def compare(folder, label):
    n_files = len(os.listdir(folder))
    one_thread = dict(os.environ, POSTINGS_CHECK_THREADS="1")
    base_wall, base_cpu = median_ms([floor, folder])
    print(f"{label} ({n_files} files), medians of {RUNS} runs:")
    print(f"  libyaml-only floor: wall {base_wall[0]:.0f} ms (min {base_wall[1]:.0f}, "
          f"max {base_wall[2]:.0f}), cpu {base_cpu[0]:.1f} ms")
    for name, env in (("postings check", None), ("postings check, 1 thread", one_thread)):
        wall, cpu = median_ms([postings, "check", folder], ok=(0, 1), env=env)
        print(f"  {name}: wall {wall[0]:.0f} ms (min {wall[1]:.0f}, max {wall[2]:.0f}), "
              f"cpu {cpu[0]:.0f} ms; ratio to the floor: wall {wall[0] / base_wall[0]:.1f}x, "
              f"cpu {cpu[0] / base_cpu[0]:.1f}x")


compare(jobs, "real postings")

with tempfile.TemporaryDirectory() as tmp:
    site_jobs = os.path.join(tmp, "content", "_jobs")
    os.makedirs(site_jobs)
    names = sorted(n for n in os.listdir(jobs) if n.endswith(".md"))
    for i in range(10000):
        name = names[i % len(names)]
        shutil.copyfile(os.path.join(jobs, name),
                        os.path.join(site_jobs, f"{name[:-3]}-{i:05d}.md"))
    compare(site_jobs, "generated site")
