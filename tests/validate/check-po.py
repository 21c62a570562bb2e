#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation checks, as a TAP test.

usage: check-po.py SOURCE_ROOT

1. po/POTFILES.in is sorted (C locale), has no duplicates and every file exists.
2. Every source file with translatable strings is listed in po/POTFILES.in:
   C with _() N_() C_() NC_() g_dngettext()...; .ui and other XML with
   translatable="yes"; desktop, metainfo and gschema files in data/.
3. A fresh template extracted from POTFILES.in (same xgettext options as
   meson's i18n.gettext(preset: 'glib')) builds.
4. Each po/LINGUAS catalogue passes `msgfmt --check --statistics` with
   0 untranslated and 0 fuzzy messages.
5. Each catalogue translates every message of the fresh template (msgcmp), so a
   string added to the code but not to the catalogue fails here.
6. French typography in fr.po: no ASCII apostrophe, and a no-break space
   (U+00A0 or U+202F) before : ; ! ? » and after «.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# Mirrors PRESET_ARGS['glib'] of meson's i18n module (po/meson.build uses it).
XGETTEXT_GLIB_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

C_MARKER = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|'
                      r'g_dpgettext2?|ngettext|gettext|dgettext)\s*\(\s*(?:"|[A-Za-z_]+\s*,\s*")')
XML_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true)"')
SCANNED_DIRS = ('src', 'data')
ALWAYS_TRANSLATABLE = ('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in', '.gschema.xml')

NBSP = '\u00a0\u202f'


class Tap:
    def __init__(self) -> None:
        self.count = 0
        self.failed = 0

    def result(self, ok: bool, name: str, details: str = '') -> None:
        self.count += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}")
        for line in details.rstrip('\n').splitlines():
            print('# ' + line)


def read_list(path: str) -> list:
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith('#')]


def has_translatable(path: str) -> bool:
    name = os.path.basename(path)
    if name.endswith(ALWAYS_TRANSLATABLE):
        return True
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        for line in text.splitlines():
            if line.lstrip().startswith('#'):
                continue  # the macros' own definitions
            if C_MARKER.search(line):
                return True
        return False
    if name.endswith(('.ui', '.xml', '.blp')):
        return bool(XML_MARKER.search(text))
    return False


def scan_sources(root: str) -> list:
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(('.', '_build')))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_translatable(path):
                    found.append(os.path.relpath(path, root))
    return found


def unquote(s: str) -> str:
    out, i = [], 0
    escapes = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'r': '\r'}
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def parse_po(path: str) -> list:
    """Entries of a PO file as dicts: msgctxt, msgid, msgstr (list), flags, obsolete."""
    entries, current, field = [], None, None

    def new_entry() -> dict:
        return {'flags': set(), 'msgstr': [], 'obsolete': False}

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            obsolete = line.startswith('#~')
            if obsolete:
                line = line[2:].lstrip()
            if not line.strip():
                field = None
                continue
            if line.startswith('#'):
                if current is not None and current['msgstr']:
                    entries.append(current)
                    current = None
                if current is None:
                    current = new_entry()
                if line.startswith('#,'):
                    current['flags'].update(x.strip() for x in line[2:].split(','))
                elif line.startswith('#:'):
                    current.setdefault('refs', []).extend(line[2:].split())
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if m:
                key, value = m.group(1), unquote(m.group(2))
                if key in ('msgctxt', 'msgid') and current is not None and current['msgstr']:
                    entries.append(current)
                    current = None
                if current is None:
                    current = new_entry()
                current['obsolete'] = current['obsolete'] or obsolete
                if key.startswith('msgstr'):
                    current['msgstr'].append(value)
                    field = ('msgstr', len(current['msgstr']) - 1)
                else:
                    current[key] = value
                    field = (key, None)
                continue
            m = re.match(r'"(.*)"$', line)
            if m and field is not None and current is not None:
                key, index = field
                if key == 'msgstr':
                    current['msgstr'][index] += unquote(m.group(1))
                else:
                    current[key] += unquote(m.group(1))
    if current is not None and current['msgstr']:
        entries.append(current)
    return entries


def typography_problems(msgstr: str) -> list:
    problems = []
    # Markup and format directives are not prose.
    text = re.sub(r'<[^<>]*>', ' ', msgstr)
    text = re.sub(r'https?://\S+', ' ', text)
    if re.search(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]", text):
        problems.append("ASCII apostrophe ' (use ’)")
    for m in re.finditer(r'(.)([:!?»])', text):
        before, mark = m.group(1), m.group(2)
        after = text[m.end():m.end() + 1]
        if mark == ':' and (after.isalnum() or after in '/\\%'):
            continue  # 10:30, C:\, scheme:, %s:%u
        if mark == ':' and re.search(r'%[-+ #0-9.]*(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp]$|%[A-Z0-9_]+$',
                                      text[:m.start() + 1]):
            continue  # machine-readable positions such as "%s:%u:%u: %s" stay as they are
        if mark in '!?' and after.isalnum():
            continue
        if before not in NBSP:
            problems.append(f'no no-break space before «{mark}» in “…{text[max(0, m.start() - 12):m.end() + 1]}…”')
    for m in re.finditer(r'(.);(\s)', text):
        if m.group(1) not in NBSP:
            problems.append(f'no no-break space before «;» in “…{text[max(0, m.start() - 12):m.end()]}…”')
    for m in re.finditer(r'«(.)', text):
        if m.group(1) not in NBSP:
            problems.append('no no-break space after «')
    return problems


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    root = os.path.abspath(sys.argv[1])
    po_dir = os.path.join(root, 'po')
    tap = Tap()
    print('TAP version 13')

    # 1. POTFILES.in itself
    potfiles_path = os.path.join(po_dir, 'POTFILES.in')
    if not os.path.isfile(potfiles_path):
        print('1..1')
        tap.result(False, 'po/POTFILES.in exists')
        return 1
    listed = read_list(potfiles_path)
    tap.result(listed == sorted(listed, key=lambda s: s.encode()),
               'POTFILES.in is sorted (C locale)',
               ''.join(f'{a}  >  {b}\n' for a, b in zip(listed, listed[1:])
                       if a.encode() > b.encode()))
    dups = sorted({p for p in listed if listed.count(p) > 1})
    tap.result(not dups, 'POTFILES.in has no duplicates', '\n'.join(dups))
    missing = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    tap.result(not missing, 'every file in POTFILES.in exists',
               ''.join(f'missing: {p}\n' for p in missing))

    # 2. completeness
    skip_path = os.path.join(po_dir, 'POTFILES.skip')
    skipped = set(read_list(skip_path)) if os.path.isfile(skip_path) else set()
    unlisted = [p for p in scan_sources(root) if p not in listed and p not in skipped]
    tap.result(not unlisted, 'every file with translatable strings is in POTFILES.in',
               ''.join(f'not listed: {p}\n' for p in unlisted))

    # 3. fresh template
    tools = {t: shutil.which(t) for t in ('xgettext', 'msgfmt', 'msgcmp')}
    absent = [t for t, p in tools.items() if p is None]
    if absent:
        tap.result(False, 'gettext tools are installed', 'missing: ' + ', '.join(absent))
        print(f'1..{tap.count}')
        return 1

    linguas = read_list(os.path.join(po_dir, 'LINGUAS')) if os.path.isfile(
        os.path.join(po_dir, 'LINGUAS')) else []
    langs = [w for line in linguas for w in line.split()]
    tap.result('fr' in langs, 'po/LINGUAS lists fr', f'LINGUAS: {langs}')

    with tempfile.TemporaryDirectory(prefix='postings-pot-') as tmp:
        pot = os.path.join(tmp, 'postings.pot')
        existing = [p for p in listed if p not in missing]
        listfile = os.path.join(tmp, 'POTFILES')
        with open(listfile, 'w', encoding='utf-8') as f:
            f.write(''.join(p + '\n' for p in existing))
        proc = subprocess.run([tools['xgettext'], '--package-name=postings', '-f', listfile,
                               '-D', root, '-k_', '-o', pot] + XGETTEXT_GLIB_ARGS,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              check=False)
        pot_ok = proc.returncode == 0 and os.path.isfile(pot)
        tap.result(pot_ok, 'xgettext extracts a template from POTFILES.in', proc.stdout)

        for lang in langs:
            po = os.path.join(po_dir, lang + '.po')
            if not os.path.isfile(po):
                tap.result(False, f'po/{lang}.po exists')
                continue

            # 4. msgfmt --check --statistics
            proc = subprocess.run([tools['msgfmt'], '--check', '--statistics', '-o', os.devnull, po],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=dict(os.environ, LC_ALL='C', LANGUAGE='C'), check=False)
            stats = proc.stdout
            tap.result(proc.returncode == 0, f'msgfmt --check accepts {lang}.po', stats)
            untranslated = re.search(r'(\d+) untranslated', stats)
            fuzzy = re.search(r'(\d+) fuzzy', stats)
            n_untranslated = int(untranslated.group(1)) if untranslated else 0
            n_fuzzy = int(fuzzy.group(1)) if fuzzy else 0
            tap.result(n_untranslated == 0, f'{lang}.po has 0 untranslated messages',
                       f'{n_untranslated} untranslated')
            tap.result(n_fuzzy == 0, f'{lang}.po has 0 fuzzy messages', f'{n_fuzzy} fuzzy')

            # 5. every message of the fresh template is translated
            if pot_ok:
                proc = subprocess.run([tools['msgcmp'], po, pot], stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True,
                                      env=dict(os.environ, LC_ALL='C', LANGUAGE='C'),
                                      check=False)
                translated = {(e.get('msgctxt'), e['msgid']) for e in parse_po(po)
                              if not e['obsolete'] and 'fuzzy' not in e['flags']
                              and e['msgstr'] and all(e['msgstr'])}
                absent = [e for e in parse_po(pot)
                          if e.get('msgid') and (e.get('msgctxt'), e['msgid']) not in translated]
                details = [f"{(e.get('refs') or ['?'])[0]}: {e['msgid'][:70]!r}" for e in absent]
                if len(details) > 80:
                    details = details[:80] + [f'… and {len(details) - 80} more']
                tap.result(proc.returncode == 0 and not absent,
                           f'{lang}.po translates every message of the current sources',
                           f'{len(absent)} message(s) of the sources missing or untranslated '
                           f'in {lang}.po:\n' + '\n'.join(details) if absent else proc.stdout)

            # 6. French typography
            if lang == 'fr':
                problems = []
                for entry in parse_po(po):
                    if entry.get('obsolete') or not entry.get('msgid'):
                        continue
                    for msgstr in entry['msgstr']:
                        for problem in typography_problems(msgstr):
                            problems.append(f'{entry["msgid"][:50]!r}: {problem}')
                tap.result(not problems, 'fr.po follows French typography',
                           '\n'.join(problems[:60]))

    print(f'1..{tap.count}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
