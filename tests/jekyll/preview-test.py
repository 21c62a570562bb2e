#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The preview is the published page: the site's renderer is the judge.

Usage: preview-test.py --outline PATH --site DIR [--cases DIR] [FILE...]

Renders the body of every real posting (or of the FILEs given) with the
site's own Markdown set-up (Jekyll's kramdown, GFM input, the options of
tests/jekyll/site/_config.yml merged with Jekyll's defaults, as on
beta.gouv.fr) through kramdown-outline.rb, and compares the block outline
(headings and their level, paragraphs and their hard line breaks, list items
with their list's kind, number and nesting, block quotes, code blocks,
tables, rules, HTML blocks, the excerpt mark) with the preview model's,
printed by preview-outline (tests/jekyll/preview-outline.c).

With --cases, the Markdown files of DIR (tests/data/preview/site: each a
case where kramdown and CommonMark disagree) are judged instead, and each
must also match the outline committed beside it (NAME.md.outline), which
shows the fixtures still say what the installed kramdown does.

Prints how many postings agree and, for each one that does not, its first
difference. Fails when a posting disagrees, unless KNOWN_DIFFERENCES below
lists it with the reason; fails too when a listed posting agrees again.

Exit status: 0 pass, 1 fail, 77 skip (meson's exitcode protocol).
Environment: POSTINGS_CORPUS_DIR (real postings: jobs/), RUBY (default:
the one on PATH), POSTINGS_REQUIRE_JEKYLL=1 turns a missing Jekyll into a
failure (for CI).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))

# Postings whose preview is allowed to differ from the site, with the reason.
KNOWN_DIFFERENCES = {
}


def skip_or_fail(message):
    if os.environ.get("POSTINGS_REQUIRE_JEKYLL") == "1":
        print(f"FAIL: {message} (POSTINGS_REQUIRE_JEKYLL=1)")
        sys.exit(1)
    print(f"SKIP: {message}")
    sys.exit(SKIP)


def run_json(command):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    result = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=600)
    if result.returncode != 0:
        print(f"FAIL: `{' '.join(command[:2])} ...` exited with {result.returncode}:")
        print(result.stderr.decode("utf-8", "replace"))
        sys.exit(1)
    return json.loads(result.stdout.decode("utf-8"))


def first_difference(site, preview):
    """(index, site entry or None, preview entry or None) of the first
    outline entry that differs, comparing texts only; None when equal."""
    for index in range(max(len(site), len(preview))):
        s = site[index] if index < len(site) else None
        p = preview[index] if index < len(preview) else None
        if s is None or p is None or s[0] != p[0]:
            return index, s, p
    return None


def describe(entry):
    return "(nothing)" if entry is None else f"{entry[0]!r} at line {entry[1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outline", required=True, help="the preview-outline executable")
    parser.add_argument("--site", required=True, help="tests/jekyll/site")
    parser.add_argument("--cases", help="judge the *.md of this folder and their committed outlines")
    parser.add_argument("files", nargs="*", help="postings (default: the whole corpus)")
    args = parser.parse_args()

    ruby = os.environ.get("RUBY") or shutil.which("ruby")
    if not ruby or subprocess.run([ruby, "-e", "require 'jekyll'"],
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode != 0:
        skip_or_fail("Jekyll is not installed: install it (Debian: apt-get install "
                     "jekyll) to compare the preview with the site")

    files = args.files
    if args.cases:
        files = sorted(os.path.join(args.cases, name) for name in os.listdir(args.cases)
                       if name.endswith(".md"))
    if not files:
        corpus = os.environ.get("POSTINGS_CORPUS_DIR", "")
        jobs = os.path.join(corpus, "jobs") if corpus else ""
        if not jobs or not os.path.isdir(jobs):
            print(f"SKIP: no real postings ({jobs or 'POSTINGS_CORPUS_DIR'} not found)")
            sys.exit(SKIP)
        files = sorted(os.path.join(jobs, name) for name in os.listdir(jobs))
        if not files:
            print(f"FAIL: {jobs} holds no posting")
            sys.exit(1)

    site = run_json([ruby, os.path.join(HERE, "kramdown-outline.rb"), args.site, *files])
    preview = run_json([args.outline, *files])

    failures = []
    agree = 0
    for path in files:
        if args.cases:
            with open(path + ".outline", encoding="utf-8") as f:
                committed = f.read().splitlines()
            if committed != [entry[0] for entry in site[path]["outline"]]:
                failures.append(f"{os.path.basename(path)}: the committed outline is not what "
                                "kramdown gives now: write it again (see README.txt)")
        name = os.path.basename(path)
        difference = first_difference(site[path]["outline"], preview[path]["outline"])
        known = KNOWN_DIFFERENCES.get(name)
        if difference is None:
            agree += 1
            if known is not None:
                failures.append(f"{name}: now agrees with the site: remove it from "
                                f"KNOWN_DIFFERENCES ({known})")
            continue
        index, s, p = difference
        message = (f"{name}: block {index + 1}: the site shows {describe(s)}, "
                   f"the preview {describe(p)}")
        if known is not None:
            print(f"KNOWN: {message} ({known})")
        else:
            failures.append(message)

    for message in failures:
        print(f"FAIL: {message}")
    status = "FAIL" if failures else "PASS"
    print(f"jekyll-preview: {status}: the preview's block structure agrees with the "
          f"site's on {agree}/{len(files)} {'cases' if args.cases else 'postings'}"
          + (f" ({len(KNOWN_DIFFERENCES)} known differences)" if KNOWN_DIFFERENCES else "")
          + (f", {len(failures)} failures" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
