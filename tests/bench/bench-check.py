#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`postings check` over the corpus of real postings, as a site's CI runs it:
wall-clock time of the whole process, 10 runs. Exits 77 without the corpus."""
import os
import statistics
import subprocess
import sys
import time

postings, corpus = sys.argv[1], os.environ.get("POSTINGS_CORPUS_DIR", "")
jobs = os.path.join(corpus, "jobs")
if not os.path.isdir(jobs):
    print("SKIP: corpus not found")
    sys.exit(77)

times = []
for _ in range(10):
    start = time.monotonic()
    done = subprocess.run([postings, "check", jobs], capture_output=True)
    times.append((time.monotonic() - start) * 1000)
    if done.returncode not in (0, 1):
        sys.exit(f"postings check failed: {done.stderr.decode()}")
n_files = len(os.listdir(jobs))
print(f"postings check over {n_files} postings: median {statistics.median(times):.0f} ms, "
      f"min {min(times):.0f} ms, max {max(times):.0f} ms (10 runs)")
