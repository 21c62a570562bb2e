#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks exported HTML pages: well formed and safe.

usage: check-html.py FILE...

For each file, with Python's html.parser: every element is closed in order
(void elements excepted), only the tags an export writes appear, links are
http, https or mailto only, images are data:image/… only, no event handler
attribute, no script. Prints one line per problem; exits 1 when there is one.
"""

import sys
from html.parser import HTMLParser

VOID = {'meta', 'br', 'hr', 'img'}
ALLOWED = VOID | {'html', 'head', 'title', 'style', 'body', 'main', 'header', 'article', 'div',
                  'p', 'span', 'strong', 'em', 'code', 'pre', 'a', 'ul', 'ol', 'li',
                  'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
                  'table', 'thead', 'tbody', 'tr', 'th', 'td'}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []

    def problem(self, text):
        line, col = self.getpos()
        self.problems.append(f'{line}:{col}: {text}')

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problem(f'unexpected tag <{tag}>')
        for name, value in attrs:
            if name.startswith('on'):
                self.problem(f'event handler attribute {name} on <{tag}>')
            if name == 'href' and not (value or '').lower().startswith(('http://', 'https://', 'mailto:')):
                self.problem(f'unsafe link {value!r}')
            if name == 'src' and not (value or '').startswith('data:image/'):
                self.problem(f'image not embedded {value[:40]!r}')
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problem(f'end tag for void element </{tag}>')
            return
        if not self.stack or self.stack[-1] != tag:
            self.problem(f'</{tag}> closes <{self.stack[-1] if self.stack else "nothing"}>')
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def main():
    failed = False
    for path in sys.argv[1:]:
        checker = Checker()
        with open(path, encoding='utf-8') as f:
            checker.feed(f.read())
        checker.close()
        if checker.stack:
            checker.problem('unclosed: ' + ' '.join(f'<{t}>' for t in checker.stack))
        for p in checker.problems:
            print(f'{path}:{p}')
            failed = True
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
