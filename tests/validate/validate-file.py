#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a validator on files that must exist.

usage: validate-file.py [--expect PATH]... [--reject-output REGEX] -- COMMAND [ARG]...

Fails (exit 1) when an expected file is missing or empty, so a validator never
"passes" on nothing; fails when COMMAND is not installed; otherwise runs
COMMAND and fails when it fails or, with --reject-output, when its output
matches REGEX (e.g. desktop-file-validate warnings, which keep exit status 0).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--expect', action='append', default=[])
    parser.add_argument('--reject-output', default=None)
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()

    command = args.command
    if command and command[0] == '--':
        command = command[1:]
    if not command:
        print('no command given', file=sys.stderr)
        return 1

    for path in args.expect:
        if not os.path.isfile(path):
            print(f'FAIL: expected file is missing: {path}', file=sys.stderr)
            return 1
        if os.path.getsize(path) == 0:
            print(f'FAIL: expected file is empty: {path}', file=sys.stderr)
            return 1

    if shutil.which(command[0]) is None:
        print(f'FAIL: {command[0]} is not installed', file=sys.stderr)
        return 1

    print('$ ' + ' '.join(command))
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        print(f'FAIL: {command[0]} exited with status {proc.returncode}', file=sys.stderr)
        return 1
    if args.reject_output and re.search(args.reject_output, proc.stdout, re.MULTILINE):
        print(f'FAIL: {command[0]} output matches /{args.reject_output}/', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
