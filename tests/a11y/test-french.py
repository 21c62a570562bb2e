#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""French out of the box: the built, uninstalled binary (as `build-aux/dev
run` starts it) speaks French to a French user, in `--help` and in its window.
Usage: test-french.py POSTINGS SAMPLE_POSTING"""

import subprocess
import sys
import tempfile

import a11y_util

postings, sample = sys.argv[1], sys.argv[2]
a11y_util.require_session()

with tempfile.TemporaryDirectory() as tmp:
    env = a11y_util.french_locale_env(tmp)

    help_text = subprocess.run([postings, "--help"], env=env, check=True,
                               capture_output=True, text=True).stdout
    assert help_text.startswith("Utilisation"), help_text[:200]
    assert "Ouvrir FICHIER" in help_text, help_text

    app = a11y_util.App(postings, [sample], env=env)
    try:
        # Labels of the header bar and of the form, as a screen reader reads them.
        app.find("push button", "Nouvelle offre")
        app.find("label", "Intitulé du poste")
        names = {name for _, name, _ in app.nodes()}
        for english in ("New Posting", "Job Title", "Save"):
            assert english not in names, f"English “{english}” in a French window"
    finally:
        app.close()

print("ok: --help and the window are in French")
