#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keyboard only, as an Orca or keyboard user works: the real, uninstalled
binary, in French, driven by key presses alone (XTest, xdotool) and read
through its accessibility tree.

1. On an empty site: Ctrl+N, the job title, a switch, a date picked in the
   calendar, a choice, a list item, a paragraph in the source, a problem
   fixed from the problems list, Ctrl+S and the name dialog; then the file's
   bytes on disk.
2. On a site of real postings: Ctrl+Shift+F, a search, a posting opened
   from the list with the keyboard.
Wherever the focus is reported, the focused object has a name and the
expected role; Tab cycles in popovers are bounded and Escape closes them.

GTK 4.8 and libadwaita 1.2 do not report the focus inside an entry row
(AdwEntryRow's text has no accessible object): there the test checks that
the keys reach the right field by its text.
Usage: test-keyboard.py POSTINGS CORPUS_JOBS_FOLDER"""

import datetime
import os
import re
import shutil
import sys
import tempfile

import a11y_util
from a11y_util import ancestors, describe, tab_to, text_of, type_text, wait_for

postings, corpus = sys.argv[1], sys.argv[2]
a11y_util.require_session()
a11y_util.require_keyboard()

TITLE = "Chargée de déploiement"
PARAGRAPH = "Vous rejoindrez une équipe de six personnes."
TECHNO = "Python"


def named(app, role, name=None, what=None, **kw):
    """The focus, on @role named @name (or any name), with a name."""
    return app.wait_focus(role, name, what=what, **kw)


def escape_closes(app, opener, what):
    """Escape closes the popover or dialog that has the focus and gives the
    focus back to @opener."""
    app.key("Escape")
    wait_for(lambda: app.focused() == opener, 20,
             f"Escape to close {what} and give the focus back to {describe(opener)}")


def bounded_cycle(app, limit=30, what="the popover"):
    """Tab inside a popover goes round a bounded set of named objects, more
    than one, all inside it (the focus stays in the popover until Escape).
    GtkCalendar's day grid is left out of the round once Tab left it: the
    cycle may come back to any object met, not only the first."""
    start = app.focused()
    assert start is not None, f"nothing has the focus in {what}"
    met = [start]
    for _ in range(limit):
        app.key("Tab")
        node = wait_for(app.focused, 20, f"the focus to stay in {what}")
        assert (node.name or "").strip(), f"Tab in {what} reached {describe(node)}, which has no name"
        if node in met:
            assert len(met) > 1, f"Tab does not move from {describe(node)} in {what}"
            return met
        met.append(node)
    raise AssertionError(f"Tab in {what} did not come round after {limit}: {[describe(n) for n in met]}")


def front_matter(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, f"{path} has no front matter: {text[:200]!r}"
    return match.group(1).split("\n"), match.group(2)


def first_cell_of_previous_month(today):
    """The first day GtkCalendar shows for the month before @today's (its
    grid starts on Monday in French): the day the first arrow press of a
    keyboard user focuses there."""
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return first - datetime.timedelta(days=first.weekday())


def new_posting_scenario(tmp, env):
    site = os.path.join(tmp, "nouveau-site")
    jobs = os.path.join(site, "content", "_jobs")
    os.makedirs(jobs)
    with open(os.path.join(site, "_config.yml"), "w", encoding="utf-8") as f:
        f.write("title: Site vide\n")

    app = a11y_util.App(postings, [site], env=env)
    try:
        app.find(None, "Aucune offre dans ce dossier")
        # The first Tab lands on something named (the window starts with
        # the focus nowhere, or on a named object).
        first = app.focused()
        assert first is None or (first.name or "").strip(), f"the first focus is on {describe(first)}"
        app.key("Tab")
        named(app, None, what="the first Tab's focus")

        # Ctrl+N: the new posting's job title has the focus (an entry row:
        # the typed text lands there).
        app.key("ctrl+n")
        roles = app.find("text", "Intitulé du poste")
        type_text(TITLE)
        wait_for(lambda: text_of(roles) == TITLE, 30, lambda: f"the job title typed, not {text_of(roles)!r}")

        # Tab goes on through the form's rows (the title's message row does
        # not stop it): Headline, then the Open position switch's row.
        app.key("Tab", "Tab")
        named(app, "list item", "Poste ouvert")
        junior = tab_to(app, lambda n: n.getRoleName() == "check box" and n.name == "Ouvert aux profils juniors",
                        what="the switch Ouvert aux profils juniors")
        app.key("space")
        wait_for(lambda: junior.getState().contains(app.pyatspi.STATE_CHECKED), 20, "the switch turned on")

        # The unpublication date through its calendar: its button, Space,
        # the calendar has the focus; Tab goes round the popover, Escape
        # closes it; then Ctrl+← (previous month), → (the first day shown)
        # and Space picks the day and closes the popover.
        button = tab_to(app, lambda n: n.getRoleName() == "push button" and n.name == "Choisir une date"
                        and "Date de dépublication" in ancestors(n)[:6],
                        what="the unpublication date's calendar button")
        app.key("space")
        named(app, None, "Calendrier", what="the calendar")
        bounded_cycle(app, what="the calendar's popover")
        escape_closes(app, button, "the calendar")
        app.key("space")
        named(app, None, "Calendrier", what="the calendar")
        app.key("ctrl+Left", "Right", "space")
        wait_for(lambda: app.focused() == button, 20, "the calendar to close on the picked day")
        day = first_cell_of_previous_month(datetime.date.today()).isoformat()
        unpublication = app.find("text", "Date de dépublication")
        # The field shows the day as people read it; the file, checked at
        # the end, keeps it as YYYY-MM-DD.
        wait_for(lambda: (text_of(unpublication) or "").strip(), 20, f"the day {day} in the field")

        # A choice: the offer type's list, ↓ and Enter.
        combo = tab_to(app, lambda n: n.getRoleName() == "combo box" and n.name == "Type d’offre",
                       what="the offer type")
        app.key("space")
        wait_for(lambda: app.focused() is not None and app.focused() != combo, 20, "the choices' list")
        app.key("Down", "Return")
        wait_for(lambda: app.focused() == combo, 20, "the list to close")
        wait_for(lambda: any(n == "Offre d’une organisation partenaire" for _, n, _ in app.nodes()),
                 20, "the partner offer chosen")

        # A list item: the last choice of Fields of work, then Tab to the
        # Technologies' add row, a word and Enter.
        tab_to(app, lambda n: n.getRoleName() == "push button" and n.name == "Autre",
               what="the last choice of Domaines")
        app.key("Tab")
        wait_for(lambda: app.focused() is None, 20, "the focus in the Technologies' add row")
        type_text(TECHNO)
        app.key("Return")
        app.find(None, TECHNO)

        # A paragraph at the end of the source; Tab there types a tab, and
        # Ctrl+Tab leaves the text (no trap).
        source = tab_to(app, lambda n: n.getRoleName() == "text" and n.name == "Texte de l’offre (Markdown)",
                        what="the source")
        app.key("ctrl+End")
        type_text("\n" + PARAGRAPH + "\n")
        wait_for(lambda: (text_of(source) or "").endswith(PARAGRAPH + "\n"), 30, "the paragraph typed")
        app.key("ctrl+Tab")
        wait_for(lambda: app.focused() != source, 20, "Ctrl+Tab to leave the source")

        # The problems list: the offer is open but its unpublication day has
        # passed; the popover's fix closes it.
        problems = tab_to(app, lambda n: n.getRoleName() == "push button" and (n.name or "").startswith("Problèmes"),
                          what="the problems button")
        app.key("space")
        fix = tab_to(app, lambda n: n.getRoleName() == "push button" and "Fermer l’offre" in (n.name or ""),
                     what="the fix Fermer l’offre in the problems list")
        bounded_cycle(app, limit=60, what="the problems list")
        escape_closes(app, problems, "the problems list")
        app.key("space")
        wait_for(lambda: app.focused() is not None and app.focused() != problems, 20, "the problems list")
        tab_to(app, lambda n: n == fix, what="the fix again")
        app.key("space")
        open_switch = app.find("check box", "Poste ouvert")
        wait_for(lambda: not open_switch.getState().contains(app.pyatspi.STATE_CHECKED), 20,
                 "the fix to turn off Poste ouvert")
        # Escape closes the list if the fix left it open; the focus goes
        # back to the problems button.
        app.key("Escape")
        wait_for(lambda: app.focused() == problems, 20, "the focus back on the problems button")

        # Ctrl+S asks for the file's name in a dialog; Enter saves.
        app.key("ctrl+s")
        wait_for(lambda: any(r == "dialog" or r == "alert" for r, _, _ in app.nodes()), 30, "the name dialog")
        app.key("Return")
        saved = wait_for(lambda: [f for f in os.listdir(jobs) if f.endswith(".md")], 30, "the saved file")
        assert len(saved) == 1, saved
        path = os.path.join(jobs, saved[0])
        wait_for(lambda: PARAGRAPH in open(path, encoding="utf-8").read(), 30, "the file written")

        # The bytes: each value as the form set it, in the template's order.
        lines, body = front_matter(path)
        expected = [f"roles: '{TITLE}'", "open: false", "junior: true",
                    f"date: {datetime.date.today().isoformat()}", f"depublication_date: {day}",
                    f"techno: [{TECHNO}]", "type: friend"]
        assert lines == expected, f"the front matter is {lines}, not {expected}"
        assert body.endswith("\n" + PARAGRAPH + "\n"), body[-200:]
        assert "\t" not in body, "a Tab typed a tab into the text"
        print(f"ok: {saved[0]} written by keyboard only")
    finally:
        app.close()


def site_scenario(tmp, env):
    if not os.path.isdir(corpus):
        print(f"# {corpus} is absent: the site part is skipped")
        return
    site = os.path.join(tmp, "beta.gouv.fr")
    shutil.copytree(corpus, os.path.join(site, "content", "_jobs"))
    wanted = "Un responsable de produit PCRS"
    app = a11y_util.App(postings, [site], env=env)
    try:
        app.find("list", "Liste des offres")
        search = app.find("entry", "Chercher une offre")
        app.key("ctrl+shift+f")
        wait_for(lambda: app.focused() == search, 20, "Ctrl+Shift+F to focus the search")
        listing = app.find("list", "Liste des offres")
        type_text("PCRS")
        wait_for(lambda: listing.childCount == 1, 60, "the search down to one posting")
        row = tab_to(app, lambda n: n.getRoleName() == "list item" and "Liste des offres" in ancestors(n)[:2],
                     what="the posting found in the list")
        app.key("Return")
        roles = app.find("text", "Intitulé du poste")
        wait_for(lambda: text_of(roles) == wanted, 60,
                 f"the posting opened ({describe(row)})")
        print("ok: searched and opened from the list by keyboard")
    finally:
        app.close()


with tempfile.TemporaryDirectory() as tmp:
    env = a11y_util.french_locale_env(tmp)
    new_posting_scenario(tmp, env)
    site_scenario(tmp, env)
