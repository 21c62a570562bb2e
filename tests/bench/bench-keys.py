#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`postings check` and `postings set --in-place` on headers of 10k, 20k, 40k
and 70k keys (each under the 1 MB a header may be), wall-clock time of the
whole process, median of 3 runs: the time per key stays the same (linear).
Also the issue's probe (69,906 longer keys, 5 MB: refused at once) and 70k
keys written on one line (`{k0: 0, k1: 1, …}`)."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

postings = sys.argv[1]
RUNS = 3


def header(n, one_line=False):
    if one_line:
        keys = ", ".join(f"k{i}: {i}" for i in range(n))
        return f"---\n{{roles: Dev, open: true, {keys}}}\n---\nTexte.\n"
    keys = "".join(f"k{i}: {i}\n" for i in range(n))
    return f"---\nroles: Dev\nopen: true\n{keys}---\nTexte.\n"


def timed(args):
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True)
    elapsed = time.monotonic() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:3])} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed


def measure(path):
    checks = [timed([postings, "check", path]) for _ in range(RUNS)]
    sets = []
    for run in range(RUNS):
        copy = path + f".{run}.md"
        shutil.copyfile(path, copy)
        sets.append(timed([postings, "set", "--in-place", copy, "k5=cinq", "nouvelle=valeur"]))
    return statistics.median(checks), statistics.median(sets)


with tempfile.TemporaryDirectory() as tmp:
    print(f"{'header':>28} {'size':>8} {'check':>8} {'set':>8} {'check/key':>10}")
    rows = [(n, False) for n in (10000, 20000, 40000, 70000)] + [(70000, True)]
    for n, one_line in rows:
        path = os.path.join(tmp, f"2024-01-01-keys-{n}{'-line' if one_line else ''}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(header(n, one_line))
        check, set_ = measure(path)
        label = f"{n} keys" + (" on one line" if one_line else "")
        print(f"{label:>28} {os.path.getsize(path) / 1e6:>6.2f}MB {check:>7.3f}s {set_:>7.3f}s "
              f"{check / n * 1e6:>8.1f}us")

    probe = os.path.join(tmp, "2024-01-01-probe.md")
    with open(probe, "w", encoding="utf-8") as f:
        f.write("---\nroles: Dev\nopen: true\n")
        f.write("".join(f"key_{i}: value number {i} with some text\n" for i in range(69906)))
        f.write("---\nTexte.\n")
    check, set_ = measure(probe)
    print(f"{'69906 keys (issue probe)':>28} {os.path.getsize(probe) / 1e6:>6.2f}MB {check:>7.3f}s {set_:>7.3f}s"
          "   (refused: more than 1 MB)")
