# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real, uninstalled `postings` binary through its accessibility
tree (AT-SPI), as Orca and keyboard users meet it.

Run inside `xvfb-run` and a plain `dbus-run-session` (one that can start the
accessibility bus and dconf); see ../shared/TESTING.md. Without a display or
without pyatspi a test exits 77 (meson's SKIP)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def require_session():
    """Skips without a display; turns accessibility on for the session."""
    if not os.environ.get("DISPLAY"):
        skip("no display (run under xvfb-run)")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        skip("no session bus (run under dbus-run-session)")
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        skip("python3-pyatspi is not installed")
    subprocess.run(["gsettings", "set", "org.gnome.desktop.interface",
                    "toolkit-accessibility", "true"], check=True)


def french_locale_env(workdir):
    """An environment in French: fr_FR.UTF-8 compiled into @workdir with
    localedef (no system locale needed), LANGUAGE=fr."""
    locpath = os.path.join(workdir, "locale")
    os.makedirs(locpath, exist_ok=True)
    subprocess.run(["localedef", "-i", "fr_FR", "-f", "UTF-8",
                    os.path.join(locpath, "fr_FR.UTF-8")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"LOCPATH": locpath, "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8",
            "LANGUAGE": "fr"}


def wait_for(condition, timeout=60.0, what="a condition"):
    """Polls @condition (a callable returning a true value when met) until
    @timeout; returns its value or raises AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class App:
    """The real application in a child process, found on the AT-SPI desktop."""

    def __init__(self, postings, args=(), env=None):
        import pyatspi
        self.pyatspi = pyatspi
        self.tmp = tempfile.mkdtemp(prefix="postings-a11y-")
        full_env = dict(os.environ)
        # A real settings backend and accessibility: no GTK_A11Y=none, no
        # memory backend (the app would vanish from AT-SPI).
        for key in ("GTK_A11Y", "NO_AT_BRIDGE", "GSETTINGS_BACKEND"):
            full_env.pop(key, None)
        full_env.update({
            "POSTINGS_NON_UNIQUE": "1",
            "XDG_STATE_HOME": os.path.join(self.tmp, "state"),
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "GDK_BACKEND": "x11",
            "GSK_RENDERER": "cairo",
        })
        full_env.update(env or {})
        self.process = subprocess.Popen([postings, *args], env=full_env)
        self.node = wait_for(self._find, what="the application on the AT-SPI bus")

    def _find(self):
        if self.process.poll() is not None:
            raise AssertionError(f"postings exited with {self.process.returncode}")
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "postings" and app.childCount > 0:
                return app
        return None

    def nodes(self):
        """Every node of the tree, depth first, as (role name, name, node)."""
        out = []

        def walk(node):
            try:
                out.append((node.getRoleName(), node.name, node))
                children = [node.getChildAtIndex(i) for i in range(node.childCount)]
            except Exception:  # a node that went away while walking
                return
            for child in children:
                if child is not None:
                    walk(child)

        walk(self.node)
        return out

    def find(self, role=None, name=None, timeout=30.0):
        """Waits for a node with @role and @name (either may be None)."""
        def match():
            for r, n, node in self.nodes():
                if (role is None or r == role) and (name is None or n == name):
                    return node
            return None
        return wait_for(match, timeout, f"{role or 'a node'} named {name!r}")

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
