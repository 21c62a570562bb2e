#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline checks of the Flatpak manifest.

usage: check-manifest.py MANIFEST

Runs `G_DEBUG=fatal-warnings flatpak-builder --show-manifest` (which aborts on
unknown keys, wrong types and unknown source types), then checks what the
parsed manifest says: app id, runtime, command, sandbox permissions, pinned
module sources and the application module. Exit 77 (skip) when flatpak-builder
is not installed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_ID = 'org.culture.Postings'
# Network for git; the Secret Service for the git tokens (libsecret); the
# user's SSH agent for SSH remotes.
EXPECTED_FINISH_ARGS = ['--share=ipc', '--share=network', '--talk-name=org.freedesktop.secrets',
                        '--socket=ssh-auth', '--socket=fallback-x11', '--socket=wayland',
                        '--device=dri']
REQUIRED_CLEANUP = ['/include', '/lib/pkgconfig', '/lib/cmake', '*.a', '/share/man']


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    manifest = os.path.abspath(sys.argv[1])
    if not os.path.isfile(manifest):
        print(f'FAIL: manifest is missing: {manifest}', file=sys.stderr)
        return 1

    builder = shutil.which('flatpak-builder')
    if builder is None:
        print('SKIP: flatpak-builder is not installed')
        return 77

    env = dict(os.environ, G_DEBUG='fatal-warnings')
    # flatpak-builder creates .flatpak-builder/ in the current directory: keep
    # it out of the source and build trees.
    with tempfile.TemporaryDirectory(prefix='postings-manifest-') as workdir:
        proc = subprocess.run([builder, '--show-manifest', manifest], cwd=workdir, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        print(f'FAIL: flatpak-builder --show-manifest exited with status {proc.returncode}',
              file=sys.stderr)
        return 1
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as error:
        print(f'FAIL: --show-manifest did not print JSON: {error}', file=sys.stderr)
        return 1

    failures = []

    def check(condition: bool, message: str) -> None:
        print(('ok     ' if condition else 'FAILED ') + message)
        if not condition:
            failures.append(message)

    app_id = data.get('id', data.get('app-id'))
    check(app_id == APP_ID, f'app id is {APP_ID} (got {app_id!r})')
    check(data.get('runtime') == 'org.gnome.Platform', 'runtime is org.gnome.Platform')
    check(data.get('sdk') == 'org.gnome.Sdk', 'sdk is org.gnome.Sdk')
    check(data.get('runtime-version') == '50', 'runtime-version is "50"')
    check(data.get('command') == 'postings', f"command is postings (got {data.get('command')!r})")

    finish_args = data.get('finish-args', [])
    check(sorted(finish_args) == sorted(EXPECTED_FINISH_ARGS),
          f'finish-args are exactly {EXPECTED_FINISH_ARGS} (got {finish_args})')
    check(not any(a.startswith('--filesystem') for a in finish_args),
          'no --filesystem permission (files come through the portal)')

    cleanup = data.get('cleanup', [])
    for pattern in REQUIRED_CLEANUP:
        check(pattern in cleanup, f'cleanup removes {pattern}')

    modules = data.get('modules', [])
    check(len(modules) >= 2, 'there are dependency modules and the app module')
    if not modules:
        return 1
    names = [m.get('name') if isinstance(m, dict) else m for m in modules]
    check('cmark' in names, 'cmark is built as a module')

    for module in modules[:-1]:
        if not isinstance(module, dict):
            check(False, f'module {module!r} is inline, so its sources can be checked')
            continue
        sources = module.get('sources', [])
        check(bool(sources), f"module {module.get('name')} has sources")
        for source in sources:
            kind = source.get('type')
            if kind in ('archive', 'file'):
                pinned = bool(source.get('url')) and len(source.get('sha256', '')) == 64
                check(pinned, f"module {module.get('name')}: {kind} pinned by url + sha256")
            elif kind == 'git':
                pinned = bool(source.get('commit')) and bool(source.get('tag') or source.get('branch'))
                check(pinned, f"module {module.get('name')}: git pinned by tag + commit")
            else:
                check(False, f"module {module.get('name')}: source type {kind!r} is pinned")

    cmark = next((m for m in modules if isinstance(m, dict) and m.get('name') == 'cmark'), None)
    if cmark is not None:
        opts = cmark.get('config-opts', [])
        check(cmark.get('buildsystem', '').startswith('cmake'), 'cmark is built with CMake')
        check('-DBUILD_TESTING=OFF' in opts and '-DBUILD_SHARED_LIBS=ON' in opts,
              'cmark uses the 0.31 options -DBUILD_TESTING=OFF -DBUILD_SHARED_LIBS=ON')

    libgit2 = next((m for m in modules if isinstance(m, dict) and m.get('name') == 'libgit2'), None)
    check(libgit2 is not None, 'libgit2 is built as a module')
    if libgit2 is not None:
        opts = libgit2.get('config-opts', [])
        check(libgit2.get('buildsystem', '').startswith('cmake'), 'libgit2 is built with CMake')
        check('-DBUILD_TESTS=OFF' in opts, 'libgit2 does not build its tests')
        check('-DUSE_SSH=libssh2' in opts, 'libgit2 uses libssh2 for SSH (-DUSE_SSH=libssh2)')
        ssh_index = names.index('libssh2') if 'libssh2' in names else None
        check(ssh_index is not None and ssh_index < names.index('libgit2'),
              'libssh2 is built as a module, before libgit2')
        if ssh_index is not None:
            libssh2 = modules[ssh_index]
            ssh_opts = libssh2.get('config-opts', [])
            check(libssh2.get('buildsystem', '').startswith('cmake'), 'libssh2 is built with CMake')
            for opt in ('-DBUILD_SHARED_LIBS=ON', '-DBUILD_EXAMPLES=OFF', '-DBUILD_TESTING=OFF',
                        '-DCRYPTO_BACKEND=OpenSSL'):
                check(opt in ssh_opts, f'libssh2 is configured with {opt}')
            ssh_urls = [src.get('url', '') for src in libssh2.get('sources', [])]
            check(any(url.endswith('/libssh2-1.11.1.tar.gz') for url in ssh_urls),
                  f'libssh2 is the 1.11.1 release (got {ssh_urls})')
        urls = [src.get('url', '') for src in libgit2.get('sources', [])]
        check(any('/v1.9.' in url for url in urls), f'libgit2 is a 1.9.x release (got {urls})')

    app = modules[-1]
    check(isinstance(app, dict) and app.get('name') == 'postings', 'the app module comes last')
    if isinstance(app, dict):
        check(app.get('buildsystem') == 'meson', 'the app module uses meson')
        check(app.get('run-tests') is True, 'the app module runs its tests')

    if failures:
        print(f'FAIL: {len(failures)} check(s) failed', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
