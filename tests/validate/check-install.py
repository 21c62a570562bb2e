#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Install the build into a temporary DESTDIR and check what lands where.

usage: check-install.py MESON BUILDDIR

Runs `meson install -C BUILDDIR --destdir TMP --no-rebuild`, then checks that
the binaries (postings; postings-gui and postings-git in libexecdir), desktop
entry, metainfo, both icons, the GSettings schema and the French catalogue are
installed where GNOME looks for them (paths from the build's own
prefix/bindir/datadir/localedir/libexecdir options), that the installed git
program runs, and that the desktop entry and the metainfo carry their French
translations.
"""

import json
import os
import subprocess
import sys
import tempfile

APP_ID = 'org.culture.Postings'


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    meson, builddir = sys.argv[1], sys.argv[2]

    proc = subprocess.run([meson, 'introspect', '--buildoptions', builddir],
                          stdout=subprocess.PIPE, text=True, check=True)
    options = {o['name']: o['value'] for o in json.loads(proc.stdout)}
    prefix = options['prefix']

    def under_prefix(option: str) -> str:
        value = options[option]
        return value if os.path.isabs(value) else os.path.join(prefix, value)

    bindir = under_prefix('bindir')
    datadir = under_prefix('datadir')
    localedir = under_prefix('localedir')
    libexecdir = under_prefix('libexecdir')

    expected = [
        os.path.join(bindir, 'postings'),
        os.path.join(datadir, 'applications', APP_ID + '.desktop'),
        os.path.join(datadir, 'metainfo', APP_ID + '.metainfo.xml'),
        os.path.join(datadir, 'icons', 'hicolor', 'scalable', 'apps', APP_ID + '.svg'),
        os.path.join(datadir, 'icons', 'hicolor', 'symbolic', 'apps', APP_ID + '-symbolic.svg'),
        os.path.join(datadir, 'glib-2.0', 'schemas', APP_ID + '.gschema.xml'),
        os.path.join(localedir, 'fr', 'LC_MESSAGES', 'postings.mo'),
        # the window, which `postings` without a subcommand executes
        os.path.join(libexecdir, 'postings-gui'),
        # publish and update (libgit2), which `postings publish|update` execute
        os.path.join(libexecdir, 'postings-git'),
    ]

    env = dict(os.environ)
    env.pop('DESTDIR', None)
    with tempfile.TemporaryDirectory(prefix='postings-destdir-') as destdir:
        proc = subprocess.run([meson, 'install', '-C', builddir, '--destdir', destdir,
                               '--no-rebuild'],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env, check=False)
        if proc.returncode != 0:
            sys.stdout.write(proc.stdout)
            print(f'FAIL: meson install exited with status {proc.returncode}', file=sys.stderr)
            return 1

        def staged(path: str) -> str:
            return os.path.join(destdir, os.path.relpath(path, '/'))

        installed = sorted(os.path.relpath(os.path.join(root, name), destdir)
                           for root, _dirs, files in os.walk(destdir) for name in files)
        print('installed files:')
        for path in installed:
            print('  /' + path)

        failures = []

        def check(condition: bool, message: str) -> None:
            print(('ok     ' if condition else 'FAILED ') + message)
            if not condition:
                failures.append(message)

        for path in expected:
            full = staged(path)
            check(os.path.isfile(full) and os.path.getsize(full) > 0, f'installed {path}')

        binary = staged(expected[0])
        check(os.path.isfile(binary) and os.access(binary, os.X_OK), 'the binary is executable')
        gui = staged(expected[7])
        check(os.path.isfile(gui) and os.access(gui, os.X_OK), 'the window program is executable')
        git = staged(expected[8])
        check(os.path.isfile(git) and os.access(git, os.X_OK), 'the git program is executable')
        if os.access(git, os.X_OK):
            proc = subprocess.run([git, 'publish', '--help'], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, env=dict(env, LANGUAGE='C'),
                                  check=False)
            check(proc.returncode == 0 and 'postings publish' in proc.stdout,
                  'the installed git program runs (publish --help)')

        mo = staged(expected[6])
        if os.path.isfile(mo):
            with open(mo, 'rb') as f:
                magic = f.read(4)
            check(magic in (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde'),
                  'postings.mo is a compiled gettext catalogue')

        desktop = staged(expected[1])
        if os.path.isfile(desktop):
            with open(desktop, encoding='utf-8') as f:
                text = f.read()
            check('\nGenericName[fr]=' in text, 'the desktop entry has a French GenericName')
            check('\nKeywords[fr]=' in text, 'the desktop entry has French keywords')

        metainfo = staged(expected[2])
        if os.path.isfile(metainfo):
            with open(metainfo, encoding='utf-8') as f:
                text = f.read()
            check('<summary xml:lang="fr">' in text, 'the metainfo has a French summary')
            check('<p xml:lang="fr">' in text, 'the metainfo has a French description')

    if failures:
        print(f'FAIL: {len(failures)} check(s) failed', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
