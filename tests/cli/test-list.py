#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`postings list` end to end, as a TAP test: the built executable on sites
made here and on a copy of ../shared/corpus/jobs (skipped when it is
absent); text and --json output (parsed), --state filters, paths, exit
codes, a folder with a symlink cycle and a named pipe. The expected states
are computed here from the files' own lines, not by Postings.

usage: test-list.py POSTINGS_EXECUTABLE
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

POSTINGS = os.path.abspath(sys.argv[1])
CORPUS = os.environ.get("POSTINGS_CORPUS_DIR", "")
KEYS = {"path", "title", "date", "closing_date", "open", "state", "errors", "warnings"}

results = []


def case(fn):
    results.append(fn)
    return fn


def run(*args, cwd=None, today=None):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["LANGUAGE"] = "C"
    if today is None:
        env.pop("POSTINGS_TODAY", None)
    else:
        env["POSTINGS_TODAY"] = today
    p = subprocess.run([POSTINGS, "list", *args], cwd=cwd, env=env, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def eq(got, expected, what=""):
    if got != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {got!r}")


# A small site: one posting in each state.
FIXTURE = {
    "2024-03-01-ouverte.md": "---\nroles: Développeur·se\nopen: true\ndate: 2024-03-01\n"
                             "depublication_date: 2024-06-30\n---\nIntro.\n\n<!--more-->\n\nTexte.\n",
    "2024-03-02-fermee.md": "---\nroles: Chargé·e de mission\nopen: false\ndate: 2024-03-02\n"
                            "---\nIntro.\n\n<!--more-->\n\nTexte.\n",
    "2024-03-03-expiree.md": "---\nroles: Designer\nopen: true\ndate: 2024-03-03\n"
                             "poste_ferme: 2024-03-31\n---\nIntro.\n\n<!--more-->\n\nTexte.\n",
    "2024-03-04-cassee.md": "---\nroles: Dev : senior\nopen: true\n---\nTexte.\n",
}
TODAY = "2024-04-01"


def make_fixture():
    tmp = tempfile.mkdtemp(prefix="postings-list-")
    for name, text in FIXTURE.items():
        write(os.path.join(tmp, "content", "_jobs", name), text)
    return tmp


@case
def help_and_usage():
    status, out, err = run("--help")
    eq(status, 0, "--help")
    check(out.startswith("Usage: postings list [--json] [--state open|closed|expired|unreadable|problems] [PATH]\n"), out)
    check("--state STATE" in out, out)
    for args, message in ((["--bogus"], "unknown option “--bogus”"),
                          (["--state", "ouverte"], "unknown state “ouverte”"),
                          (["--state"], "unknown state “”"),
                          (["a", "b"], "one site at a time"),
                          (["/nonexistent/site"], "/nonexistent/site: no such file or folder")):
        status, out, err = run(*args)
        eq(status, 2, " ".join(args))
        eq(out, "", " ".join(args))
        check(message in err, f"{args}: {err}")


@case
def text_output():
    tmp = make_fixture()
    try:
        status, out, err = run(cwd=tmp, today=TODAY)
        eq(status, 0, "status")
        lines = out.splitlines()
        eq(len(lines), 4, "lines")
        rows = [line.split("\t") for line in lines]
        for row in rows:
            eq(len(row), 5, f"columns of {row}")
        eq(rows[0], ["2024-03-01", "open", "0", "content/_jobs/2024-03-01-ouverte.md", "Développeur·se"], "open")
        eq(rows[1], ["2024-03-02", "closed", "0", "content/_jobs/2024-03-02-fermee.md", "Chargé·e de mission"], "closed")
        eq(rows[2][:2], ["2024-03-03", "expired"], "expired")
        eq(rows[2][3:], ["content/_jobs/2024-03-03-expiree.md", "Designer"], "expired")
        check(int(rows[2][2]) >= 1, "the expired offer has a warning")
        eq(rows[3][:2], ["2024-03-04", "unreadable"], "unreadable")
        check(int(rows[3][2]) >= 1, "the broken offer has an error")
        eq(rows[3][3:], ["content/_jobs/2024-03-04-cassee.md", "2024-03-04-cassee.md"], "unreadable")
        check("2024-03-04-cassee.md" in err and "cannot be read" in err, err)
    finally:
        shutil.rmtree(tmp)


@case
def json_output():
    tmp = make_fixture()
    try:
        status, out, err = run("--json", cwd=tmp, today=TODAY)
        eq(status, 0, "status")
        items = json.loads(out)
        eq(len(items), 4, "items")
        for item in items:
            eq(set(item), KEYS, "keys")
        by_name = {os.path.basename(i["path"]): i for i in items}
        eq(by_name["2024-03-01-ouverte.md"],
           {"path": "content/_jobs/2024-03-01-ouverte.md", "title": "Développeur·se", "date": "2024-03-01",
            "closing_date": "2024-06-30", "open": True, "state": "open", "errors": 0, "warnings": 0}, "open")
        eq(by_name["2024-03-02-fermee.md"]["state"], "closed", "closed")
        eq(by_name["2024-03-02-fermee.md"]["closing_date"], None, "no closing date")
        expired = by_name["2024-03-03-expiree.md"]
        eq((expired["state"], expired["open"], expired["closing_date"]), ("expired", True, "2024-03-31"), "expired")
        check(expired["warnings"] >= 1, "offer-expired warning")
        broken = by_name["2024-03-04-cassee.md"]
        eq((broken["state"], broken["open"], broken["date"]), ("unreadable", False, "2024-03-04"), "unreadable")
        check(broken["errors"] >= 1, "header error")

        # before the closing day, the expired one was open
        status, out, err = run("--json", cwd=tmp, today="2024-03-31")
        eq({os.path.basename(i["path"]): i["state"] for i in json.loads(out)}["2024-03-03-expiree.md"],
           "open", "on its closing day")

        # nothing listed: an empty array
        status, out, err = run("--json", "--state", "expired", cwd=tmp, today="2024-01-01")
        eq((status, out), (0, "[]\n"), "empty")
    finally:
        shutil.rmtree(tmp)


@case
def state_filters():
    tmp = make_fixture()
    try:
        expected = {
            "open": ["2024-03-01-ouverte.md"],
            "closed": ["2024-03-02-fermee.md"],
            "expired": ["2024-03-03-expiree.md"],
            "unreadable": ["2024-03-04-cassee.md"],
            "problems": ["2024-03-03-expiree.md", "2024-03-04-cassee.md"],
        }
        for state, names in expected.items():
            for args in (["--state", state], [f"--state={state}"], ["--json", "--state", state]):
                status, out, err = run(*args, cwd=tmp, today=TODAY)
                eq(status, 0, state)
                if "--json" in args:
                    got = [os.path.basename(i["path"]) for i in json.loads(out)]
                else:
                    got = [os.path.basename(line.split("\t")[3]) for line in out.splitlines()]
                eq(got, names, " ".join(args))
    finally:
        shutil.rmtree(tmp)


@case
def paths():
    tmp = make_fixture()
    try:
        jobs = os.path.join(tmp, "content", "_jobs")
        os.mkdir(os.path.join(tmp, "content", "_startups"))
        first = "2024-03-01-ouverte.md"
        for args, cwd, shown in (([], tmp, "content/_jobs/" + first),
                                 (["."], tmp, "./content/_jobs/" + first),
                                 (["content/_jobs"], tmp, "content/_jobs/" + first),
                                 (["content"], tmp, "content/_jobs/" + first),
                                 (["content/_startups"], tmp, os.path.join(jobs, first)),  # not below it
                                 ([], jobs, first),
                                 ([os.path.join(jobs, first)], "/", os.path.join(jobs, first)),
                                 ([tmp], "/", os.path.join(tmp, "content/_jobs", first))):
            status, out, err = run(*args, cwd=cwd, today=TODAY)
            eq(status, 0, f"{args} in {cwd}")
            eq(out.splitlines()[0].split("\t")[3], shown, f"{args} in {cwd}")
            eq(len(out.splitlines()), 4, f"{args} in {cwd}")
    finally:
        shutil.rmtree(tmp)


@case
def hostile_folder():
    tmp = make_fixture()
    try:
        jobs = os.path.join(tmp, "content", "_jobs")
        os.symlink(".", os.path.join(jobs, "a"))
        os.symlink(".", os.path.join(jobs, "b"))
        os.mkfifo(os.path.join(jobs, "tube.md"))
        os.symlink("nulle-part.md", os.path.join(jobs, "perdu.md"))
        status, out, err = run("--json", tmp, today=TODAY)
        eq(status, 0, "status")
        items = json.loads(out)
        names = [os.path.basename(i["path"]) for i in items]
        eq(names, sorted(FIXTURE) + ["a", "b", "perdu.md", "tube.md"], "each file once, then the skipped ones")
        for i in items[4:]:
            eq(i["state"], "unreadable", i["path"])
        for name, words in (("a", "already read"), ("b", "already read"), ("tube.md", "named pipe"),
                            ("perdu.md", "nulle-part.md")):
            check(any(name in line and words in line for line in err.splitlines()), f"{name}: {err}")
    finally:
        shutil.rmtree(tmp)


CLOSING = re.compile(r"^(depublication_date|poste_ferme):\s*(\d{4})-(\d{2})-(\d{2})")


def raw_state(path, today):
    """The state from the file's own lines: the last `open:` of the header,
    the closing day from depublication_date, else poste_ferme."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    check(lines[0].rstrip() == "---", path)
    is_open, closing = False, {}
    for line in lines[1:]:
        line = line.rstrip()
        if line == "---":
            break
        m = re.match(r"^open:\s*(\S+)", line)
        if m:
            is_open = m.group(1) == "true"
        m = CLOSING.match(line)
        if m:
            closing[m.group(1)] = datetime.date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    day = closing.get("depublication_date", closing.get("poste_ferme"))
    if not is_open:
        return "closed"
    return "expired" if day is not None and day < today else "open"


@case
def corpus():
    if not os.path.isdir(os.path.join(CORPUS, "jobs")):
        return "SKIP no corpus (../shared/corpus)"
    tmp = tempfile.mkdtemp(prefix="postings-list-corpus-")
    try:
        jobs = os.path.join(tmp, "content", "_jobs")
        shutil.copytree(os.path.join(CORPUS, "jobs"), jobs)
        names = sorted(os.listdir(jobs))
        for today in ("2022-07-01", "2022-08-01", None):
            day = datetime.date.fromisoformat(today) if today else datetime.date.today()
            status, out, err = run("--json", tmp, today=today)
            eq(status, 0, "status")
            items = json.loads(out)
            eq([os.path.basename(i["path"]) for i in items], names, "every file once, in order")
            counts = {}
            for item, name in zip(items, names):
                expected = raw_state(os.path.join(jobs, name), day)
                eq(item["state"], expected, name)
                counts[expected] = counts.get(expected, 0) + 1
            print(f"# {day}: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))

            # the filters agree with the full list
            for state in ("open", "closed", "expired"):
                status, out, err = run("--state", state, tmp, today=today)
                eq(len(out.splitlines()), counts.get(state, 0), state)
            status, out, err = run("--state", "problems", tmp, today=today)
            eq(len(out.splitlines()), sum(1 for i in items if i["errors"] or i["warnings"]), "problems")
    finally:
        shutil.rmtree(tmp)


def main():
    print(f"1..{len(results)}")
    failed = 0
    for n, fn in enumerate(results, 1):
        try:
            skip = fn()
            if isinstance(skip, str) and skip.startswith("SKIP"):
                print(f"ok {n} /cli/list/{fn.__name__} # {skip}")
            else:
                print(f"ok {n} /cli/list/{fn.__name__}")
        except Exception as e:  # noqa: BLE001 (each case reports its own failure)
            failed += 1
            for line in str(e).splitlines() or [repr(e)]:
                print(f"# {line}")
            print(f"not ok {n} /cli/list/{fn.__name__}")
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
