#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server on 127.0.0.1 that accepts connections and never answers: a git
host that hangs, for the timeout and cancel tests (never for real use).

usage: stall-server.py

Prints "port N" on stdout once it listens (on a free port), then
"accepted" each time a client connects (so a test can wait for it), reads
whatever the client sends and never writes a byte. A connection ends when
the client closes it; the server serves until killed.
"""

import socket
import sys
import threading


def drain(conn):
    with conn:
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    print(f'port {listener.getsockname()[1]}', flush=True)
    while True:
        conn, _ = listener.accept()
        print('accepted', flush=True)
        threading.Thread(target=drain, args=(conn,), daemon=True).start()


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(0)
