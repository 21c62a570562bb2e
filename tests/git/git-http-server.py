#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A smart-HTTP git server on 127.0.0.1 for the git tests (never for real use).

usage: git-http-server.py --root DIR [--port N] [--log FILE]

Serves the bare repositories under DIR through Debian's `git http-backend`
(CGI), with HTTP basic authentication. The accepted accounts come from the
environment, never from the command line (a token must not show in process
arguments): POSTINGS_TEST_ACCOUNTS="USER:TOKEN[:read],..." (":read" accounts
get 403 when they push). POSTINGS_TEST_READONLY="site.git,..." names the
repositories nobody may push to (403, as a host answers a user without
rights).

Prints "port N" on stdout once it listens (port 0, the default, picks a free
one), then serves until killed. Request bodies sent with chunked transfer
encoding (libgit2 pushes that way) are de-chunked before reaching the CGI.
A 401 is sent without a body: libgit2 1.5 would read a body left on a
kept-alive connection as the start of the next response.

Each request is logged to FILE as "METHOD PATH USER STATUS" (never the
password). On every request the server also reads /proc/*/cmdline of every
process and logs "LEAK cmdline PID" when a password shows there.
"""

import argparse
import base64
import http.server
import os
import subprocess
import sys
import threading

HTTP_BACKEND = '/usr/lib/git-core/git-http-backend'


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, root, log, accounts, read_only):
        super().__init__(address, Handler)
        self.root = root
        self.read_only = read_only
        self.log_path = log
        self.accounts = accounts
        self.log_lock = threading.Lock()

    def log(self, line):
        if not self.log_path:
            return
        with self.log_lock, open(self.log_path, 'a', encoding='utf-8') as out:
            out.write(line + '\n')

    def scan_cmdlines(self):
        secrets = [token.encode() for token, _ in self.accounts.values()]
        for pid in os.listdir('/proc'):
            if not pid.isdigit():
                continue
            try:
                with open(f'/proc/{pid}/cmdline', 'rb') as f:
                    cmdline = f.read()
            except OSError:
                continue
            if any(secret in cmdline for secret in secrets):
                self.log(f'LEAK cmdline {pid}')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, format, *args):
        pass

    def user(self):
        header = self.headers.get('Authorization', '')
        if not header.startswith('Basic '):
            return None, None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(':')
        except (ValueError, UnicodeDecodeError):
            return None, None
        account = self.server.accounts.get(user)
        if account is None or account[0] != password:
            return None, None
        return user, account[1]

    def read_body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            body = bytearray()
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return bytes(body)
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get('Content-Length', '0') or 0)
        return self.rfile.read(length) if length else b''

    def reply(self, status, headers, body=b''):
        # One write for the whole response.
        lines = [f'HTTP/1.1 {status} {self.responses.get(status, ("",))[0]}']
        lines += [f'{name}: {value}' for name, value in headers]
        lines.append(f'Content-Length: {len(body)}')
        self.wfile.write(('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1') + body)

    def handle_git(self):
        self.server.scan_cmdlines()
        path, _, query = self.path.partition('?')
        body = self.read_body()
        user, access = self.user()
        pushing = path.endswith('/git-receive-pack') or 'service=git-receive-pack' in query
        if user is None:
            self.server.log(f'{self.command} {path} - 401')
            self.reply(401, [('WWW-Authenticate', 'Basic realm="postings-test"')])
            return
        repo = path.strip('/').split('/')[0]
        if pushing and (access == 'read' or repo in self.server.read_only):
            self.server.log(f'{self.command} {path} {user} 403')
            self.reply(403, [('Content-Type', 'text/plain')], b'Permission denied\n')
            return
        env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'GIT_PROJECT_ROOT': self.server.root,
            'GIT_HTTP_EXPORT_ALL': '1',
            'REMOTE_USER': user,
            'REMOTE_ADDR': '127.0.0.1',
            'REQUEST_METHOD': self.command,
            'PATH_INFO': path,
            'QUERY_STRING': query,
            'CONTENT_TYPE': self.headers.get('Content-Type', ''),
            'CONTENT_LENGTH': str(len(body)),
        }
        if self.headers.get('Content-Encoding'):
            env['HTTP_CONTENT_ENCODING'] = self.headers['Content-Encoding']
        if self.headers.get('Git-Protocol'):
            env['GIT_PROTOCOL'] = self.headers['Git-Protocol']
        proc = subprocess.run([HTTP_BACKEND], input=body, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        head, _, payload = proc.stdout.partition(b'\r\n\r\n')
        if not _:
            head, _, payload = proc.stdout.partition(b'\n\n')
        status = 200
        headers = []
        for line in head.decode('latin-1').splitlines():
            name, _, value = line.partition(':')
            if name.lower() == 'status':
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.server.log(f'{self.command} {path} {user} {status}')
        self.reply(status, headers, payload)

    do_GET = handle_git
    do_POST = handle_git


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--root', required=True)
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--log')
    args = parser.parse_args()

    accounts = {}
    for item in os.environ.get('POSTINGS_TEST_ACCOUNTS', '').split(','):
        if not item:
            continue
        user, token, *access = item.split(':')
        accounts[user] = (token, access[0] if access else 'write')

    read_only = {r for r in os.environ.get('POSTINGS_TEST_READONLY', '').split(',') if r}
    server = Server(('127.0.0.1', args.port), os.path.abspath(args.root), args.log, accounts,
                    read_only)
    print(f'port {server.server_address[1]}', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
