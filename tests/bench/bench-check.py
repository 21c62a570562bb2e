#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`postings check` as a site's CI runs it (wall-clock time of the whole
process), beside the floor: a C program that only reads each file and runs
libyaml's event parser over its front matter (bench-check-floor.c). On the
real postings and on a generated site of 10,000 postings (the real ones
copied under new names). Prints medians and the ratio. Exits 77 without the
corpus. Usage: bench-check.py POSTINGS FLOOR"""
import os
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


def median_ms(command, ok=(0,)):
    times = []
    for _ in range(RUNS):
        start = time.monotonic()
        done = subprocess.run(command, capture_output=True)
        times.append((time.monotonic() - start) * 1000)
        if done.returncode not in ok:
            sys.exit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return statistics.median(times), min(times), max(times)


def compare(folder, label):
    n_files = len(os.listdir(folder))
    check = median_ms([postings, "check", folder], ok=(0, 1))
    base = median_ms([floor, folder])
    print(f"{label} ({n_files} files): postings check median {check[0]:.0f} ms "
          f"(min {check[1]:.0f}, max {check[2]:.0f}); libyaml-only floor median "
          f"{base[0]:.0f} ms (min {base[1]:.0f}, max {base[2]:.0f}); "
          f"ratio {check[0] / base[0]:.1f}x ({RUNS} runs each)")


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
