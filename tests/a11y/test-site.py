#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window of a site, as a screen reader meets it: the real, uninstalled
binary started on a copy of the corpus laid out as a site, in French. Every
button, toggle and check box has a name; the list's search, sort, filters and
rows are found by theirs.
Usage: test-site.py POSTINGS CORPUS_JOBS_FOLDER"""

import os
import re
import shutil
import sys
import tempfile

import a11y_util

postings, corpus = sys.argv[1], sys.argv[2]
if not os.path.isdir(corpus):
    a11y_util.skip(f"{corpus} is absent")
a11y_util.require_session()

CONTROLS = ("push button", "toggle button", "check box", "radio button")

with tempfile.TemporaryDirectory() as tmp:
    env = a11y_util.french_locale_env(tmp)
    site = os.path.join(tmp, "beta.gouv.fr")
    shutil.copytree(corpus, os.path.join(site, "content", "_jobs"))

    app = a11y_util.App(postings, [site], env=env)
    try:
        # Each look walks the whole tree (thousands of nodes, one D-Bus call
        # each: seconds on a loaded machine), so one walk answers all the
        # questions of a step.
        wanted = ("Chercher une offre", "Trier", "Nouvelle offre", "Menu du site")

        def window_shown():
            nodes = app.nodes()
            names = {n for _, n, _ in nodes}
            return (all(n in names for n in wanted)
                    and any(r == "list" and n == "Liste des offres" for r, n, _ in nodes))

        a11y_util.wait_for(window_shown, what=f"{', '.join(wanted)} and the list of postings")
        # The filters say their counts once the site is read.
        filters = ("Toutes", "Ouvertes", "Fermées", "Expirées", "À corriger")

        def site_read():
            nodes = app.nodes()
            names = [n or "" for _, n, _ in nodes]
            if "Toutes 543" in names and all(any(re.fullmatch(f"{f} [0-9]+", n) for n in names) for f in filters):
                return nodes
            return None

        nodes = a11y_util.wait_for(site_read, what="the filters with their counts (543 postings)")
        # Dates in French words (« 10 janvier 2023 », « 1er juin 2022 »).
        months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
        assert any(re.fullmatch(f"[0-9]{{1,2}}(er)? ({months}) 20[0-9][0-9]", n or "")
                   for r, n, _ in nodes if r == "label"), "French dates in the list"

        unnamed = [role for role, name, _ in nodes if role in CONTROLS and not (name or "").strip()]
        assert not unnamed, f"controls without a name: {unnamed}"
        names = {name for _, name, _ in nodes}
        for english in ("Search postings", "All", "To Fix", "Site Menu"):
            assert english not in names, f"English “{english}” in a French window"
    finally:
        app.close()

print("ok: the site's window names every control, in French")
