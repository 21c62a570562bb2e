#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every screenshot the metainfo points at must exist in the repository.

usage: check-screenshots.py SOURCE_ROOT METAINFO_IN

Screenshot URLs of the form
  https://raw.githubusercontent.com/OWNER/REPO/BRANCH/PATH
must name a PNG at SOURCE_ROOT/PATH, at least 624x351 pixels (the smallest
size software centres show without upscaling). Other URLs fail: the metainfo
must only show screenshots kept in this repository.
"""

import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

RAW = re.compile(r'^https://raw\.githubusercontent\.com/[^/]+/[^/]+/[^/]+/(.+)$')


def png_size(path: str):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    root, metainfo = sys.argv[1], sys.argv[2]
    if not os.path.isfile(metainfo):
        print(f'FAIL: metainfo is missing: {metainfo}', file=sys.stderr)
        return 1
    images = [e.text.strip() for e in ET.parse(metainfo).getroot().iter('image') if e.text]
    if not images:
        print('FAIL: the metainfo has no screenshot image', file=sys.stderr)
        return 1
    failures = 0
    for url in images:
        m = RAW.match(url)
        if not m:
            print(f'FAILED {url}: not a raw.githubusercontent.com URL of this repository')
            failures += 1
            continue
        path = os.path.join(root, m.group(1))
        if not os.path.isfile(path):
            print(f'FAILED {url}: {m.group(1)} is not in the repository')
            failures += 1
            continue
        size = png_size(path)
        if size is None:
            print(f'FAILED {url}: {m.group(1)} is not a PNG')
            failures += 1
        elif size[0] < 624 or size[1] < 351:
            print(f'FAILED {url}: {m.group(1)} is only {size[0]}x{size[1]}')
            failures += 1
        else:
            print(f'ok     {url}: {m.group(1)} {size[0]}x{size[1]}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
