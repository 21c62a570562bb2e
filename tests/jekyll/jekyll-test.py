#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Jekyll integration tests: the site generator is the judge.

Usage: jekyll-test.py PART --postings PATH --site DIR
  PART is one of:
    new  postings created by `postings new` with tricky roles are published at
         the URL their file name implies, with the exact roles text;
    set  real postings edited by `postings set` are published with exactly the
         intended values, and everything else renders as before the edit;
    fix  files repaired by `postings check --fix` are published by Jekyll,
         which could not read them before.

Exit status: 0 pass, 1 fail, 77 skip (meson's exitcode protocol).
Environment: POSTINGS_CORPUS_DIR (real postings: jobs/, broken/), JEKYLL
(path of the jekyll command, default: the one on PATH),
POSTINGS_REQUIRE_JEKYLL=1 turns a missing jekyll into a failure (for CI).
Only the Python standard library is used.
"""

import argparse
import datetime
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

SKIP = 77

# The site's permalink for a posting: /recrutement/:year/:month/:day/:title.html
JOBS_DIR = os.path.join("content", "_jobs")
DATED_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$")


def skip(message):
    print(f"SKIP: {message}")
    sys.exit(SKIP)


class Report:
    """Collects failures and counts, prints them at the end."""

    def __init__(self, part):
        self.part = part
        self.failures = []
        self.counts = {}

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def check(self, ok, message):
        """One value checked; records a failure when ok is false."""
        self.count("values checked")
        if not ok:
            self.failures.append(message)
        return ok

    def equal(self, got, expected, what):
        return self.check(got == expected,
                          f"{what}: expected {expected!r}, got {got!r}")

    def fail(self, message):
        self.failures.append(message)

    def finish(self):
        for message in self.failures[:200]:
            print(f"FAIL: {message}")
        if len(self.failures) > 200:
            print(f"FAIL: ... and {len(self.failures) - 200} more")
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        status = "FAIL" if self.failures else "PASS"
        print(f"jekyll-{self.part}: {status}: {counts}"
              + (f", {len(self.failures)} failures" if self.failures else ""))
        return 1 if self.failures else 0


# ---------------------------------------------------------------------------
# Running the postings command

SANITIZER_RE = re.compile(r"runtime error:|ERROR: (Address|Leak|Undefined)Sanitizer")


class Postings:
    def __init__(self, path):
        self.path = path
        self.sanitizer_reports = []  # postings built with -Db_sanitize=...

    def run(self, *args, cwd=None):
        env = dict(os.environ)
        env.setdefault("LC_ALL", "C.UTF-8")
        result = subprocess.run([self.path, *args], cwd=cwd, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                timeout=60)
        stderr = result.stderr.decode("utf-8", "replace")
        if SANITIZER_RE.search(stderr):
            self.sanitizer_reports.append(f"`postings {' '.join(args)}`: {stderr.strip()}")
        return result

    def supports(self, *args, needle=None):
        """(supported, explanation): runs e.g. `postings set --help`."""
        result = self.run(*args)
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        command = " ".join(["postings", *args])
        if result.returncode != 0:
            first = output.strip().splitlines()[:1]
            return False, (f"`{command}` exits with {result.returncode}"
                           + (f": {first[0]}" if first else ""))
        if needle is not None and needle not in output:
            return False, f"`{command}` does not mention {needle}"
        return True, ""


# ---------------------------------------------------------------------------
# Building the test site with Jekyll

def find_jekyll():
    jekyll = os.environ.get("JEKYLL") or shutil.which("jekyll")
    if jekyll:
        return jekyll
    message = ("jekyll is not installed: install it (Debian: apt-get install "
               "jekyll) to run the Jekyll integration tests")
    if os.environ.get("POSTINGS_REQUIRE_JEKYLL") == "1":
        print(f"FAIL: {message} (POSTINGS_REQUIRE_JEKYLL=1)")
        sys.exit(1)
    skip(message)


class Build:
    """The output of one Jekyll build of the test site."""

    def __init__(self, source, destination, returncode, stderr):
        self.source = source
        self.destination = destination
        self.returncode = returncode
        self.stderr = stderr
        self.fields = {}
        fields_dir = os.path.join(destination, "fields")
        if os.path.isdir(fields_dir):
            for entry in os.listdir(fields_dir):
                with open(os.path.join(fields_dir, entry), encoding="utf-8") as f:
                    self.fields[entry[:-len(".json")]] = json.load(f)

    def errors_about(self, name):
        """Jekyll's error lines naming the posting file `name`."""
        return [line for line in self.stderr.splitlines()
                if name in line and ("Error" in line or "error" in line)]

    def page(self, name):
        """The published page of the posting file `name`, or None."""
        record = self.fields.get(name)
        if record is None:
            return None
        path = os.path.join(self.destination, record["output"].lstrip("/"))
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read().decode("utf-8")


class Site:
    """A temporary copy of tests/jekyll/site that postings are built in."""

    def __init__(self, jekyll, skeleton, workdir):
        self.jekyll = jekyll
        self.skeleton = skeleton
        self.workdir = workdir
        self.builds = 0

    def build(self, files):
        """Builds the site with `files` ({file name: path}) in content/_jobs."""
        self.builds += 1
        root = os.path.join(self.workdir, f"build-{self.builds}")
        source = os.path.join(root, "source")
        destination = os.path.join(root, "site")
        shutil.copytree(self.skeleton, source)
        jobs = os.path.join(source, JOBS_DIR)
        os.makedirs(jobs, exist_ok=True)
        for name, path in files.items():
            shutil.copyfile(path, os.path.join(jobs, name))
        env = dict(os.environ)
        env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", JEKYLL_ENV="production")
        result = subprocess.run(
            [self.jekyll, "build", "--source", source,
             "--destination", destination, "--disable-disk-cache", "--quiet"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=300)
        output = (result.stdout + result.stderr).decode("utf-8", "replace")
        output = re.sub(r"\x1b\[[0-9;]*m", "", output)
        return Build(source, destination, result.returncode, output)


# ---------------------------------------------------------------------------
# Reading the pages of the test site's layout

BLOCK_RE = re.compile(r"<!-- block:(\w+) -->\n(.*?)\n<!-- /block:\1 -->", re.S)

# Which front-matter keys each block of the layout shows.
BLOCK_KEYS = {
    "title": {"roles"},
    "roles": {"roles"},
    "state": {"open", "date"},
    "friend": {"type", "friend", "externalURL"},
    "junior": {"junior"},
    "techno": {"techno"},
    "domaines": {"domaines"},
    "excerpt": set(),
    "content": set(),
}


def split_page(page):
    """(text around the blocks, {block name: block text})."""
    blocks = {}

    def keep(match):
        blocks[match.group(1)] = match.group(2)
        return f"<!-- block:{match.group(1)} -->"

    return BLOCK_RE.sub(keep, page), blocks


def text_of(pattern, block):
    match = re.search(pattern, block, re.S)
    return None if match is None else html.unescape(match.group(1))


def list_items(block):
    if "<ul" not in block:
        return None
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def liquid_truthy(typed):
    return typed is not None and typed["type"] not in ("NilClass", "FalseClass")


def liquid_text(typed):
    """What {{ value }} prints for a scalar, or None when not predictable here."""
    kind, value = typed["type"], typed["value"]
    if kind == "String":
        return value
    if kind == "Integer":
        return str(value)
    if kind in ("TrueClass", "FalseClass"):
        return "true" if value else "false"
    if kind == "NilClass":
        return ""
    return None


def page_date(iso):
    """ISO date-time (as the dump gives page.date) → the page's dd/mm/YYYY."""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def check_block(report, where, name, block, expected, dump):
    """Checks a block against the expected front matter (yaml view)."""
    if name in ("title", "roles"):
        pattern = r"<title>(.*?)</title>" if name == "title" else \
            r'<h1 class="job-roles">(.*?)</h1>'
        roles = expected.get("roles")
        want = liquid_text(roles) if roles else ""
        if want is not None:
            report.equal(text_of(pattern, block), want, f"{where}: {name} shown")
    elif name == "state":
        is_open = liquid_truthy(expected.get("open"))
        report.check(("job-open" if is_open else "job-closed") in block,
                     f"{where}: state should be {'open' if is_open else 'closed'}:"
                     f" {block.strip()!r}")
        report.equal(text_of(r'<time class="job-date"[^>]*>(.*?)</time>', block),
                     page_date(dump["date"]), f"{where}: date shown")
    elif name == "friend":
        typed = expected.get("type")
        if typed is not None and typed == {"type": "String", "value": "friend"}:
            friend = expected.get("friend")
            want = liquid_text(friend) if friend else ""
            if want is not None:
                report.equal(text_of(r'<span class="job-friend-name">(.*?)</span>', block),
                             want, f"{where}: friend shown")
            url = expected.get("externalURL")
            if liquid_truthy(url) and liquid_text(url) is not None:
                report.equal(text_of(r'href="(.*?)"', block), liquid_text(url),
                             f"{where}: externalURL link")
        elif typed is None or typed["type"] == "String":
            report.equal(block.strip(), "", f"{where}: friend block")
    elif name == "junior":
        want = liquid_truthy(expected.get("junior"))
        report.equal("job-junior" in block, want, f"{where}: junior shown")
    elif name in ("techno", "domaines"):
        typed = expected.get(name)
        if not liquid_truthy(typed):
            report.equal(list_items(block), None, f"{where}: {name} shown")
        elif typed["type"] == "Array":
            items = [liquid_text(item) for item in typed["value"]]
            if None not in items:
                report.equal(list_items(block), items, f"{where}: {name} shown")
        elif liquid_text(typed) is not None:
            report.equal(list_items(block), [liquid_text(typed)], f"{where}: {name} shown")


def check_published(report, build, name, where):
    """The posting `name` was read by Jekyll and published; returns its dump."""
    dump = build.fields.get(name)
    errors = build.errors_about(name)
    report.check(not errors, f"{where}: Jekyll reports: {' / '.join(errors)}")
    if not report.check(dump is not None, f"{where}: not published by Jekyll"):
        return None
    match = DATED_NAME_RE.match(name)
    if match:
        year, month, day, slug = match.groups()
        # The file name's date is the page date unless the front matter has one.
        if "date" not in dump["keys"]:
            report.equal(dump["url"], f"/recrutement/{year}/{month}/{day}/{slug}.html",
                         f"{where}: URL")
    page = build.page(name)
    report.check(page is not None, f"{where}: no page at {dump['output']}")
    return dump


# ---------------------------------------------------------------------------
# Part 1: postings new

NEW_ROLES = [
    # (roles, extra KEY=VALUE arguments, check the slug against the reference)
    ("Développeur·se full-stack", [], True),
    ("Chargé·e de mission « données » : pilotage", [], True),
    ("L'équipe d’Aidants Connect recrute un·e designer", [], True),
    ("C# & .NET : développeuse ou développeur", [], True),
    ("@beta.gouv.fr : intrapreneur·e", [], True),
    ("Designer #accessibilité (h/f)", [], True),
    ("Stagiaire 'data' - été 2024 !", [], True),
    ("Cœur de métier : ingénieur·e", [], False),
    ("Chef·fe de produit pour l'Atelier numérique",
     ["type=friend", "friend=L'Atelier numérique : Culture",
      "externalURL=https://example.org/offre?id=12&lang=fr#postuler",
      "junior=true", "techno=Python, Django & PostgreSQL"], True),
    ("Développeuse ou développeur back-end expérimenté·e pour la plateforme "
     "nationale de réservation des équipements sportifs, culturels et "
     "éducatifs des collectivités territoriales (Ministère)", [], True),
]
NEW_DATE = "2024-03-15"


def reference_slug(roles):
    decomposed = unicodedata.normalize("NFD", roles)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", ".", ascii_text.lower())


def expected_typed(key, value):
    """The YAML value `postings set/new KEY=VALUE` is meant to write."""
    kind = FIELD_KINDS.get(key, "text")
    if kind == "boolean":
        return {"type": "TrueClass" if value == "true" else "FalseClass",
                "value": value == "true"}
    if kind == "date":
        return {"type": "Date", "value": value}
    return {"type": "String", "value": value}


def acceptable_typed(key, value):
    """Every YAML value that is a right reading of KEY=VALUE: a list field
    given one value may hold it as text or as a one-item list."""
    typed = expected_typed(key, value)
    if FIELD_KINDS.get(key) == "list":
        return [typed, {"type": "Array", "value": [typed]}]
    return [typed]


def slug_matches(slug, reference):
    """The slug rule (with or without '.' at the ends), allowing a long slug
    to be cut at a separator."""
    if slug in (reference, reference.strip(".")):
        return True
    full = reference.strip(".")
    return len(full) > len(slug) >= 60 and full.startswith(slug + ".")


def part_new(postings, site, workdir, report):
    supported, why = postings.supports("new", "--help")
    if not supported:
        skip(f"postings new is not available yet ({why})")

    jobs = os.path.join(workdir, "new-jobs")
    os.makedirs(jobs)
    created = {}  # file name → (roles, extra arguments, slug check)
    today = datetime.date.today().isoformat()
    cases = [(roles, extra, strict, NEW_DATE) for roles, extra, strict in NEW_ROLES]
    cases.append(("Product owner sans date donnée", [], True, None))
    for roles, extra, strict, date in cases:
        args = ["new", "--dir", jobs, "--roles", roles]
        if date:
            args += ["--date", date]
        before = set(os.listdir(jobs))
        result = postings.run(*args, *extra, cwd=workdir)
        where = f"postings new --roles {roles!r}"
        if not report.check(result.returncode == 0,
                            f"{where}: exit {result.returncode}: "
                            f"{result.stderr.decode('utf-8', 'replace').strip()}"):
            continue
        printed = result.stdout.decode("utf-8").strip()
        path = printed if os.path.isabs(printed) else os.path.join(workdir, printed)
        name = os.path.basename(path)
        report.equal(sorted(set(os.listdir(jobs)) - before), [name],
                     f"{where}: files created in --dir")
        report.equal(os.path.realpath(os.path.dirname(path)), os.path.realpath(jobs),
                     f"{where}: printed path's folder")
        match = DATED_NAME_RE.match(name)
        if not report.check(match is not None and re.fullmatch(r"[a-z0-9.]+", match.group(4)),
                            f"{where}: file name {name!r} is not YYYY-MM-DD-slug.md "
                            f"with a slug of a-z, 0-9 and '.'"):
            continue
        report.equal("-".join(match.groups()[:3]), date or today, f"{where}: date in file name")
        if strict:
            reference = reference_slug(roles)
            report.check(slug_matches(match.group(4), reference),
                         f"{where}: slug {match.group(4)!r}, expected {reference!r}"
                         f" (or that cut at a '.' when long)")
        created[name] = (roles, extra, date or today)

    build = site.build({name: os.path.join(jobs, name) for name in created})
    report.check(build.returncode == 0, f"jekyll build failed: {build.stderr}")
    for name, (roles, extra, date) in created.items():
        where = f"new posting {name}"
        dump = check_published(report, build, name, where)
        report.count("postings created")
        if dump is None:
            continue
        year, month, day = date.split("-")
        slug = DATED_NAME_RE.match(name).group(4)
        report.equal(dump["url"], f"/recrutement/{year}/{month}/{day}/{slug}.html",
                     f"{where}: published URL")
        report.equal(dump["yaml"].get("roles"), {"type": "String", "value": roles},
                     f"{where}: roles as Jekyll reads it")
        if "open" in dump["yaml"]:
            report.check(dump["yaml"]["open"]["type"] in ("TrueClass", "FalseClass"),
                         f"{where}: open is not a boolean: {dump['yaml']['open']!r}")
        for argument in extra:
            key, value = argument.split("=", 1)
            got = dump["yaml"].get(key)
            report.check(got in acceptable_typed(key, value),
                         f"{where}: {key} as Jekyll reads it: expected "
                         f"{' or '.join(map(repr, acceptable_typed(key, value)))}, got {got!r}")
        page = build.page(name)
        if page is None:
            continue
        report.count("pages checked")
        _, blocks = split_page(page)
        for block in ("title", "roles", "state", "friend", "junior", "techno"):
            check_block(report, where, block, blocks.get(block, ""), dump["yaml"], dump)


# ---------------------------------------------------------------------------
# Part 2: postings set on real postings

# Kinds of the typed fields, as in data/schemas/jobs.yml (others are text).
FIELD_KINDS = {
    "open": "boolean",
    "junior": "boolean",
    "poste_pourvu": "boolean",
    "date": "date",
    "depublication_date": "date",
    "poste_ouvert": "date",
    "poste_ferme": "date",
    "techno": "list",
    "domaines": "list",
    "redirect_from": "list",
}

# Text values that YAML reads as something else, or not at all, unless quoted.
TRAPS = [
    "Développeur·se : back-end",
    "Chef·fe de projet # numérique",
    "@beta.gouv.fr recrute",
    "L'équipe d'Aidants Connect",
    "'Data' scientist",
    '"Product" owner',
    "#1 des designers",
    "- pas une liste",
    "yes",
    "No",
    "on",
    "true",
    "null",
    "~",
    "2024-01-01",
    "12:30",
    "1e3",
    "0x1F",
    "017",
    "[Camino](https://beta.gouv.fr/startups/camino.html)",
    "{stage}",
    "*étoile",
    "&ancre",
    "!important",
    "%TAG",
    "`code`",
    "| barre",
    "> chevron",
    "? question",
    "Fin avec deux-points:",
    "a: b: c",
    "Espace à la fin ",
    " espace au début",
    "Dev « senior » : 3 ans, 500 €/jour ✓",
    "https://example.org/a#b",
    ",virgule",
]
DATES = ["2023-04-05", "2019-12-31", "2024-02-29"]
LIST_ITEMS = {"techno": ["Rust", "Elixir"], "domaines": ["Data", "Autre"]}
TEXT_FIELDS = ["roles", "title", "contrat", "equipe"]
UNSET_PREFERENCE = ["title", "junior", "contrat", "equipe", "startup", "contacts",
                    "contact", "techno", "domaines", "depublication_date"]

# Files the sample never uses: not a posting Jekyll reads the normal way, or
# a case the unit tests cover (a key set twice).
SAMPLE_EXCLUDED = {"2022-07-28-UX-mon-entreprise", "2021-10-18-atlasculture-dev.md"}


def front_matter_text(data):
    match = re.match(rb"---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", data, re.S | re.M)
    return match.group(1) if match else b""


def sample_corpus(jobs_dir):
    """A deterministic sample covering each kind of real posting."""
    names = sorted(n for n in os.listdir(jobs_dir)
                   if n.endswith(".md") and n not in SAMPLE_EXCLUDED)
    files = {}
    for name in names:
        with open(os.path.join(jobs_dir, name), "rb") as f:
            files[name] = f.read()

    def fm(pattern):
        return lambda data: re.search(pattern, front_matter_text(data), re.M) is not None

    criteria = [
        ("techno block list", fm(rb"^techno:[ \t]*\r?\n[ \t]*- "), 4),
        ("techno text", fm(rb"^techno:[ \t]*[^\s\[]"), 3),
        ("domaines list", fm(rb"^domaines:"), 4),
        ("friend with externalURL",
         lambda d: fm(rb"^type:.*friend")(d) and fm(rb"^externalURL:")(d), 4),
        ("date with time", fm(rb"^date:[ \t]*\d{4}-\d\d-\d\dT"), 4),
        ("date only", fm(rb"^date:[ \t]*\d{4}-\d\d-\d\d[ \t]*\r?$"), 3),
        ("no date", lambda d: not fm(rb"^date:")(d), 3),
        ("CRLF line ends", lambda d: b"\r\n" in d, 3),
        ("open: true", fm(rb"^open:[ \t]*true"), 2),
        ("comment after a value", fm(rb"^\w+:.*[ \t]#"), 3),
        ("junior: true", fm(rb"^junior:[ \t]*true"), 3),
        ("depublication_date", fm(rb"^depublication_date:"), 2),
        ("contacts", fm(rb"^contacts:"), 2),
        ("quoted roles", fm(rb"^roles:[ \t]*[\"']"), 3),
        ("value on two lines", fm(rb"^\w+:.*\r?\n[ \t]+[^ \t-]"), 2),
        ("title", fm(rb"^title:"), 3),
        ("no <!--more-->", lambda d: b"<!--more-->" not in d, 2),
        ("incubator keys", fm(rb"^(contrat|equipe):"), 3),
        ("spaces after a value", fm(rb"^\w+:.*\S[ \t]+\r?$"), 2),
    ]
    chosen = {}
    for label, test, wanted in criteria:
        matching = [n for n in names if test(files[n])]
        have = sum(1 for n in chosen if test(files[n]))
        for name in matching:
            if have >= wanted:
                break
            if name not in chosen:
                chosen[name] = label
                have += 1
    coverage = {label: sum(1 for n in chosen if test(files[n]))
                for label, test, _ in criteria}
    return sorted(chosen.items()), coverage


class Edit:
    """One edit: set KEY=VALUE, add/remove a list item, or unset KEY."""

    def __init__(self, op, key, value=None):
        self.op, self.key, self.value = op, key, value

    def args(self):
        if self.op == "set":
            return [f"{self.key}={self.value}"]
        if self.op == "add":
            return [f"{self.key}+={self.value}"]
        if self.op == "remove":
            return [f"{self.key}-={self.value}"]
        return ["--unset", self.key]

    def apply(self, expected):
        """Applies this edit to the expected yaml view (key → typed value)."""
        if self.op == "set":
            expected[self.key] = expected_typed(self.key, self.value)
        elif self.op == "add":
            items = list(expected[self.key]["value"]) if self.key in expected else []
            items.append({"type": "String", "value": self.value})
            expected[self.key] = {"type": "Array", "value": items}
        elif self.op == "remove":
            items = [i for i in expected[self.key]["value"]
                     if i != {"type": "String", "value": self.value}]
            expected[self.key] = {"type": "Array", "value": items}
        else:
            expected.pop(self.key, None)

    def __str__(self):
        return " ".join(self.args())


def string_list(typed):
    if typed is None or typed["type"] != "Array":
        return None
    items = typed["value"]
    if not all(item["type"] == "String" for item in items):
        return None
    return [item["value"] for item in items]


class Planner:
    """Chooses the edits of each sampled posting, rotating through every kind."""

    def __init__(self):
        self.trap = 0
        self.typed = 0
        self.lists = 0

    def next_trap(self):
        value = TRAPS[self.trap % len(TRAPS)]
        self.trap += 1
        return value

    def plan(self, index, yaml):
        edits = []
        # Two text fields with YAML traps (a field that is absent gets added).
        fields = list(TEXT_FIELDS)
        if yaml.get("type") == {"type": "String", "value": "friend"}:
            fields.append("friend")
        for field in (fields[index % len(fields)], fields[(index + 1) % len(fields)]):
            edits.append(Edit("set", field, self.next_trap()))
        # One typed field: boolean or date.
        kind = ["open", "junior", "date", "depublication_date"][self.typed % 4]
        self.typed += 1
        if kind in ("open", "junior"):
            current = yaml.get(kind)
            edits.append(Edit("set", kind, "false" if liquid_truthy(current) else "true"))
        elif kind == "date":
            edits.append(Edit("set", "date", DATES[index % len(DATES)]))
        else:
            edits.append(Edit("set", "depublication_date", "2024-12-31"))
        # One list item added or removed, or a key removed.
        edited = {e.key for e in edits}
        lists = [k for k in ("techno", "domaines") if string_list(yaml.get(k)) is not None]
        if lists:
            key = lists[self.lists % len(lists)]
            items = string_list(yaml[key])
            unique = [i for i in items if items.count(i) == 1]
            if self.lists % 2 == 1 and unique:
                edits.append(Edit("remove", key, unique[0]))
            else:
                new = [i for i in LIST_ITEMS[key] if i not in items][0]
                edits.append(Edit("add", key, new))
            self.lists += 1
        elif self.lists % 2 == 1 and "domaines" not in yaml:
            # A list field that is absent: the item makes a new list.
            edits.append(Edit("add", "domaines", LIST_ITEMS["domaines"][0]))
            self.lists += 1
        else:
            for key in UNSET_PREFERENCE:
                if key in yaml and key not in edited:
                    edits.append(Edit("unset", key))
                    self.lists += 1
                    break
        return edits


def apply_edits(postings, source, target, edits, mode):
    """Runs postings set; returns an error message or None."""
    if mode == "in-place, one call":
        shutil.copyfile(source, target)
        calls = [["set", "--in-place", target] + sum((e.args() for e in edits), [])]
    elif mode == "in-place, one call per edit":
        shutil.copyfile(source, target)
        calls = [["set", "--in-place", target] + e.args() for e in edits]
    else:  # to standard output
        with open(source, "rb") as f:
            original = f.read()
        result = postings.run("set", source, *sum((e.args() for e in edits), []))
        if result.returncode != 0:
            return f"exit {result.returncode}: {result.stderr.decode('utf-8', 'replace').strip()}"
        with open(source, "rb") as f:
            if f.read() != original:
                return "postings set without --in-place changed the file"
        with open(target, "wb") as f:
            f.write(result.stdout)
        return None
    for call in calls:
        result = postings.run(*call)
        if result.returncode != 0:
            return (f"`postings {' '.join(call[1:2] + call[3:])}` exit {result.returncode}: "
                    f"{result.stderr.decode('utf-8', 'replace').strip()}")
    return None


MODES = ["in-place, one call", "to standard output", "in-place, one call per edit"]


def check_edited(report, name, edits, original, edited, original_page, edited_page):
    where = f"{name} after `set {' '.join(str(e) for e in edits)}`"
    expected = dict(original["yaml"])
    for edit in edits:
        edit.apply(expected)
    edited_keys = {e.key for e in edits}

    # Front matter as Jekyll reads it: the edited values are the intended
    # ones, with their types; every other value is unchanged.
    for key in sorted(set(expected) | set(edited["yaml"])):
        got = edited["yaml"].get(key)
        want = expected.get(key)
        if key in edited_keys and FIELD_KINDS.get(key) == "date" and want is not None \
                and got is not None and got["type"] == "Time":
            # A date written as a time at midnight UTC is the same date.
            report.equal(got["value"][:19], want["value"] + "T00:00:00",
                         f"{where}: {key} as Jekyll reads it")
            continue
        report.equal(got, want, f"{where}: {key} as Jekyll reads it")
        if key not in edited_keys and key in original["data"]:
            report.equal(edited["data"].get(key), original["data"][key],
                         f"{where}: page.{key}")
    kept = [k for k in original["keys"] if k in expected]
    report.equal([k for k in edited["keys"] if k in kept], kept,
                 f"{where}: order of the keys")

    # Where Jekyll publishes it: same URL unless the date changed.
    if "date" in edited_keys:
        value = next(e.value for e in edits if e.key == "date")
        report.equal(edited["date"][:10], value, f"{where}: page.date")
        slug = DATED_NAME_RE.match(name).group(4)
        report.equal(edited["url"], f"/recrutement/{value.replace('-', '/')}/{slug}.html",
                     f"{where}: URL")
    else:
        report.equal(edited["url"], original["url"], f"{where}: URL")
        report.equal(edited["date"], original["date"], f"{where}: page.date")

    # The page: blocks showing no edited key, and everything around the
    # blocks, are byte-for-byte what Jekyll rendered from the original.
    if original_page is None or edited_page is None:
        return
    report.count("pages compared")
    around_original, blocks_original = split_page(original_page)
    around_edited, blocks_edited = split_page(edited_page)
    report.check(around_original == around_edited,
                 f"{where}: the page outside its blocks differs")
    report.equal(sorted(blocks_edited), sorted(blocks_original), f"{where}: blocks")
    for block, keys in BLOCK_KEYS.items():
        if block not in blocks_edited:
            continue
        if keys & edited_keys:
            check_block(report, where, block, blocks_edited[block], expected, edited)
        else:
            report.check(blocks_edited[block] == blocks_original.get(block),
                         f"{where}: block {block} differs from the original's")
            if block in ("excerpt", "content"):
                report.count("bodies compared")


def part_set(postings, site, workdir, report):
    corpus = os.environ.get("POSTINGS_CORPUS_DIR", "")
    jobs_dir = os.path.join(corpus, "jobs")
    if not corpus or not os.path.isdir(jobs_dir):
        skip(f"no real postings ({jobs_dir or 'POSTINGS_CORPUS_DIR'} not found)")
    supported, why = postings.supports("set", "--help")
    if not supported:
        skip(f"postings set is not available yet ({why})")

    sample, coverage = sample_corpus(jobs_dir)
    print(f"sample: {len(sample)} real postings: "
          + ", ".join(f"{label} {n}" for label, n in coverage.items()))
    originals = {name: os.path.join(jobs_dir, name) for name, _ in sample}
    before = site.build(originals)
    if not report.check(before.returncode == 0, f"jekyll build of the originals failed: "
                        f"{before.stderr}"):
        return

    edited_dir = os.path.join(workdir, "edited")
    os.makedirs(edited_dir)
    planner = Planner()
    plans = {}
    for index, (name, label) in enumerate(sample):
        dump = check_published(report, before, name, f"original {name}")
        if dump is None:
            continue
        edits = planner.plan(index, dump["yaml"])
        mode = MODES[index % len(MODES)]
        print(f"  {name} [{label}; {mode}]: set {' '.join(str(e) for e in edits)}")
        error = apply_edits(postings, originals[name], os.path.join(edited_dir, name),
                            edits, mode)
        if not report.check(error is None, f"{name}: postings set ({mode}): {error}"):
            continue
        report.count("edits", len(edits))
        plans[name] = edits

    after = site.build({name: os.path.join(edited_dir, name) for name in plans})
    if not report.check(after.returncode == 0,
                        f"jekyll build of the edited postings failed: {after.stderr}"):
        return
    for name, edits in plans.items():
        edited = check_published(report, after, name, f"edited {name}")
        if edited is None or after.errors_about(name):
            continue
        check_edited(report, name, edits, before.fields[name], edited,
                     before.page(name), after.page(name))


# ---------------------------------------------------------------------------
# Part 3: postings check --fix on broken files

BROKEN_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-.*__([0-9a-f]+)\.md$")


def broken_copy_name(name, index):
    """A name Jekyll accepts for a broken file (real names have spaces and
    impossible dates like 2022-21-03, which stop a Jekyll build)."""
    match = BROKEN_NAME_RE.match(name)
    date = "2000-01-01"
    blob = f"{index:02d}"
    if match:
        blob = match.group(4)
        try:
            date = datetime.date(*map(int, match.groups()[:3])).isoformat()
        except ValueError:
            pass
    return f"{date}-broken.{blob}.md"


def jekyll_reads(build, name):
    """Jekyll read the file as a posting with roles and open, without errors."""
    dump = build.fields.get(name)
    return (dump is not None and not build.errors_about(name)
            and "roles" in dump["keys"] and "open" in dump["keys"])


def build_each(site, files):
    """Builds all files at once, or one by one if that build fails."""
    build = site.build(files)
    if build.returncode == 0:
        return {name: build for name in files}
    return {name: site.build({name: path}) for name, path in files.items()}


PROBE = "---\nroles: Développeur·se\nopen: true\ndate: 2024-03-15\n---\nIntro.\n"


def fix_available(postings, workdir):
    """Skips unless `postings check --fix` exists: its help mentions --fix,
    or it accepts --fix on a valid posting (exit 2 = unknown option)."""
    supported, why = postings.supports("check", "--help", needle="--fix")
    if supported:
        return True
    probe = os.path.join(workdir, "2024-03-15-probe.md")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(PROBE)
    result = postings.run("check", "--fix", probe)
    if result.returncode == 2:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        skip(f"postings check --fix is not available yet ({why}; `postings check "
             f"--fix` exits with 2{': ' + message[0] if message else ''})")
    return True


def part_fix(postings, site, workdir, report):
    corpus = os.environ.get("POSTINGS_CORPUS_DIR", "")
    broken_dir = os.path.join(corpus, "broken")
    if not corpus or not os.path.isdir(broken_dir):
        skip(f"no broken postings ({broken_dir or 'POSTINGS_CORPUS_DIR'} not found)")
    if not fix_available(postings, workdir):
        return

    copies_dir = os.path.join(workdir, "broken")
    fixed_dir = os.path.join(workdir, "fixed")
    os.makedirs(copies_dir)
    os.makedirs(fixed_dir)
    copies = {}
    for index, name in enumerate(sorted(os.listdir(broken_dir))):
        copy = broken_copy_name(name, index)
        shutil.copyfile(os.path.join(broken_dir, name), os.path.join(copies_dir, copy))
        shutil.copyfile(os.path.join(broken_dir, name), os.path.join(fixed_dir, copy))
        copies[copy] = name

    before = build_each(site, {c: os.path.join(copies_dir, c) for c in copies})
    unreadable = [c for c in copies if not jekyll_reads(before[c], c)]
    report.count("broken files", len(copies))
    report.count("unreadable by Jekyll before", len(unreadable))

    # What Jekyll cannot read, postings check must report as an error.
    for copy in unreadable:
        result = postings.run("check", os.path.join(copies_dir, copy))
        report.check(result.returncode == 1,
                     f"{copies[copy]}: Jekyll cannot read it, but `postings check` "
                     f"exits with {result.returncode}")

    repaired = []
    for copy in copies:
        path = os.path.join(fixed_dir, copy)
        result = postings.run("check", "--fix", path)
        if result.returncode == 2:
            report.fail(f"{copies[copy]}: `postings check --fix` exits with 2: "
                        f"{result.stderr.decode('utf-8', 'replace').strip()}")
            continue
        if postings.run("check", path).returncode == 0 and copy in unreadable:
            repaired.append(copy)
    report.count("repaired by check --fix", len(repaired))
    if not repaired:
        print("note: postings check --fix repaired none of the broken files")
        return

    after = build_each(site, {c: os.path.join(fixed_dir, c) for c in repaired})
    for copy in repaired:
        where = f"{copies[copy]} repaired by check --fix"
        dump = check_published(report, after[copy], copy, where)
        if dump is None:
            continue
        report.check("roles" in dump["keys"] and "open" in dump["keys"],
                     f"{where}: Jekyll reads no roles/open: {dump['keys']}")
        page = after[copy].page(copy)
        if page is not None and "roles" in dump["yaml"]:
            report.count("pages checked")
            _, blocks = split_page(page)
            check_block(report, where, "roles", blocks.get("roles", ""), dump["yaml"], dump)
            check_block(report, where, "state", blocks.get("state", ""), dump["yaml"], dump)
        report.count("published after repair")


# ---------------------------------------------------------------------------

PARTS = {"new": part_new, "set": part_set, "fix": part_fix}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=sorted(PARTS))
    parser.add_argument("--postings", required=True, help="the postings executable")
    parser.add_argument("--site", required=True, help="tests/jekyll/site")
    options = parser.parse_args()

    postings = os.path.abspath(options.postings)
    if not os.access(postings, os.X_OK):
        print(f"FAIL: the postings executable {postings} is missing or cannot be run")
        return 1
    jekyll = find_jekyll()
    report = Report(options.part)
    with tempfile.TemporaryDirectory(prefix=f"postings-jekyll-{options.part}-") as workdir:
        site = Site(jekyll, options.site, workdir)
        runner = Postings(postings)
        skipped = None
        try:
            PARTS[options.part](runner, site, workdir, report)
        except SystemExit as exit_status:
            if exit_status.code != SKIP:
                raise
            skipped = exit_status
        for message in runner.sanitizer_reports:
            report.fail(f"sanitizer report from {message}")
        if skipped is not None and not report.failures:
            raise skipped
        report.count("Jekyll builds", site.builds)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
