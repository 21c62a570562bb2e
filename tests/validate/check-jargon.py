#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No file syntax in the words of the main window, as a TAP test.

usage: check-jargon.py SOURCE_ROOT

The people who use Postings write job offers: menus, labels, banners,
dialogs and the problems list say "Header" (« En-tête ») and "End of
summary" (« Fin du résumé »), never "Front Matter", "YAML" or
`<!--more-->`. The technical word may only appear in a tooltip.

Checked, in English and in each catalogue's translation:
1. every translatable string of data/ui/*.ui, except tooltip properties;
2. every translatable string of src/ui/*.c and of the core files whose
   messages the window shows (validator, document, template), except those
   passed to a tooltip setter.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

JARGON = re.compile(r'front[ -]?matter|yaml|<!--\s*more\s*-->', re.IGNORECASE)
CORE_SHOWN = ('src/core/postings-validator.c', 'src/core/postings-document.c',
              'src/core/postings-template.c')


def load_check_po(here: str):
    spec = importlib.util.spec_from_file_location('check_po', os.path.join(here, 'check-po.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ui_strings(path: str) -> list:
    """(context, text, where) of the translatable strings a user reads in a .ui file."""
    found = []
    for element in ET.parse(path).getroot().iter():
        if element.get('translatable') not in ('yes', 'true'):
            continue
        name = element.get('name', '')
        if name.startswith('tooltip'):
            continue
        found.append((element.get('context'), element.text or '', f'{path} <{element.tag} name="{name}">'))
    return found


def c_strings(root: str, files: list, xgettext: str, check_po) -> list:
    """(context, text, where) of the translatable strings of C files, tooltips left out."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'ui.pot')
        subprocess.run([xgettext, '--from-code=UTF-8', '--keyword=_', '--keyword=N_',
                        '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '-o', pot] + files,
                       cwd=root, check=True, stdout=subprocess.DEVNULL)
        if not os.path.exists(pot):
            return []
        entries = check_po.parse_po(pot)
    lines = {}
    found = []
    for entry in entries:
        if not entry.get('msgid'):
            continue
        shown = []
        for ref in entry.get('refs', []):
            path, _, number = ref.rpartition(':')
            if path not in lines:
                with open(os.path.join(root, path), encoding='utf-8') as f:
                    lines[path] = f.read().splitlines()
            n = int(number)
            around = ' '.join(lines[path][max(0, n - 2):n])
            if 'tooltip' not in around:
                shown.append(ref)
        if shown:
            found.append((entry.get('msgctxt'), entry['msgid'], ' '.join(shown)))
    return found


def main() -> int:
    root = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    check_po = load_check_po(here)
    xgettext = shutil.which('xgettext')
    if xgettext is None:
        print('1..0 # SKIP xgettext is not installed')
        return 0

    strings = []
    ui_dir = os.path.join(root, 'data', 'ui')
    for name in sorted(os.listdir(ui_dir)):
        if name.endswith('.ui'):
            strings += ui_strings(os.path.join(ui_dir, name))
    c_files = sorted('src/ui/' + n for n in os.listdir(os.path.join(root, 'src', 'ui')) if n.endswith('.c'))
    c_files += [f for f in CORE_SHOWN if os.path.exists(os.path.join(root, f))]
    strings += c_strings(root, c_files, xgettext, check_po)

    catalogues = {}
    for lang in check_po.read_list(os.path.join(root, 'po', 'LINGUAS')):
        po = os.path.join(root, 'po', lang + '.po')
        catalogues[lang] = {(e.get('msgctxt'), e.get('msgid')): e['msgstr'][0]
                            for e in check_po.parse_po(po)
                            if not e['obsolete'] and e['msgstr'] and 'fuzzy' not in e['flags']}

    count = 0
    failed = 0

    def result(ok: bool, name: str, details: list) -> None:
        nonlocal count, failed
        count += 1
        failed += 0 if ok else 1
        print(f"{'ok' if ok else 'not ok'} {count} - {name}")
        for line in details:
            print('# ' + line)

    print(f'# {len(strings)} strings the window shows')
    result(len(strings) > 100, 'the strings of the window are found', [])
    english = [f'{where}: {text!r}' for _, text, where in strings if JARGON.search(text)]
    result(not english, 'no file syntax in the English strings of the window', english)
    for lang, catalogue in sorted(catalogues.items()):
        bad = []
        for context, text, where in strings:
            translated = catalogue.get((context, text))
            if translated and JARGON.search(translated):
                bad.append(f'{where}: {translated!r}')
        result(not bad, f'no file syntax in the {lang} strings of the window', bad)

    print(f'1..{count}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
