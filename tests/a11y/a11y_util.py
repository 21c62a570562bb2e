# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real, uninstalled `postings` binary through its accessibility
tree (AT-SPI), as Orca and keyboard users meet it.

Run inside `xvfb-run` and a plain `dbus-run-session` (one that can start the
accessibility bus and dconf); see ../shared/TESTING.md. Without a display or
without pyatspi a test exits 77 (meson's SKIP)."""

import atexit
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


def isolate_settings():
    """Keeps the settings of whoever runs the tests untouched: this process,
    the application it starts and the services the private session bus
    starts (dconf, the accessibility bus) get a throw-away configuration and
    runtime folder, so dconf writes `recent-sites`, `last-site` and
    `toolkit-accessibility` into a database of the test's own, removed at
    exit. It must run before anything starts dconf-service on this bus."""
    tmp = tempfile.mkdtemp(prefix="postings-a11y-home-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    folders = {"XDG_CONFIG_HOME": "config", "XDG_CACHE_HOME": "cache",
               "XDG_RUNTIME_DIR": "runtime"}
    for key, name in folders.items():
        path = os.path.join(tmp, name)
        os.makedirs(path, mode=0o700)
        os.environ[key] = path
    # Services activated by the bus inherit its environment, not ours.
    subprocess.run(["dbus-update-activation-environment",
                    *(f"{key}={os.environ[key]}" for key in folders)], check=True)
    return tmp


def require_session():
    """Skips without a display; isolates the settings (isolate_settings())
    and turns accessibility on for the session."""
    if not os.environ.get("DISPLAY"):
        skip("no display (run under xvfb-run)")
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        skip("no session bus (run under dbus-run-session)")
    isolate_settings()
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


def _dispatch_events():
    """Hands the AT-SPI events received so far to their listeners."""
    try:
        from gi.repository import GLib
    except ImportError:
        return
    context = GLib.MainContext.default()
    while context.pending():
        context.iteration(False)


def wait_for(condition, timeout=60.0, what="a condition"):
    """Polls @condition (a callable returning a true value when met) until
    @timeout; returns its value or raises AssertionError. @what may be a
    callable, called for the message (to show what was found instead)."""
    deadline = time.monotonic() + timeout
    while True:
        _dispatch_events()
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(0.05)


def require_keyboard():
    """Skips without xdotool, which synthesizes key presses through XTest."""
    if shutil.which("xdotool") is None:
        skip("xdotool is not installed")


def press(*keys):
    """Presses each of @keys in turn (xdotool names: Tab, ctrl+s,
    shift+Tab, Escape, Return...), as a keyboard user does. The keys go to
    the window with the keyboard focus."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)


def type_text(text):
    """Types @text, one key press per character (through AT-SPI, which
    types the accented letters that xdotool drops here); a newline is a
    press of Enter."""
    import pyatspi
    for i, line in enumerate(text.split("\n")):
        if i > 0:
            press("Return")
        if line:
            pyatspi.Registry.generateKeyboardEvent(0, line, pyatspi.KEY_STRING)


def tab_to(app, match, key="Tab", limit=80, what="a control"):
    """Presses @key until the focused object satisfies @match, as a keyboard
    user goes round the window; in a text of several lines, where Tab types
    a tab, Ctrl+Tab (the GTK way out) instead. Every object met that reports
    the focus must have a name; one that keeps it three presses in a row is
    a trap."""
    import pyatspi
    seen = []
    node = app.focused()
    for _ in range(limit):
        multi_line = False
        try:
            multi_line = node is not None and node.getState().contains(pyatspi.STATE_MULTI_LINE)
        except Exception:
            pass
        app.key(f"ctrl+{key}" if multi_line else key)
        node = app.focused()
        if node is not None:
            assert (node.name or "").strip(), f"{key} reached {describe(node)}, which has no name"
            seen.append(describe(node))
            if match(node):
                return node
            assert seen[-3:] != [seen[-1]] * 3, f"{key} does not leave {seen[-1]} (a trap)"
    raise AssertionError(f"{key} × {limit} did not reach {what}; met: {seen}")


def text_of(node):
    """The text an object shows (entries, text views, labels)."""
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:  # no text, or it went away
        return None


def ancestors(node):
    """The names of the objects holding @node, nearest first."""
    names = []
    try:
        node = node.parent
        while node is not None:
            names.append(node.name or "")
            node = node.parent
    except Exception:
        pass
    return names


def describe(node):
    """A node as a failure message shows it: role, name and path."""
    if node is None:
        return "nothing"
    try:
        return f"{node.getRoleName()} {node.name!r} ({node.path})"
    except Exception:  # it went away
        return "a node that went away"


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
        # Where the keyboard focus is, from the application's own events.
        self.focus = None
        self._listener = self._focus_changed
        pyatspi.Registry.registerEventListener(self._listener, "object:state-changed:focused")

    def _focus_changed(self, event):
        if event.detail1 and event.source is not None:
            self.focus = event.source
        elif event.source is not None and self.focus is not None and event.source == self.focus:
            self.focus = None

    def sync(self):
        """Returns once the application has answered a call made after the
        last key press: the key was handled (both go through its main loop,
        the key first)."""
        self.node.getState()

    def key(self, *keys):
        """Presses @keys, then waits until the application handled them."""
        press(*keys)
        self.sync()

    def focused(self):
        """The object with the keyboard focus, or None: the last one that
        said it got the focus if it still has it, else the one of the tree
        that has it (GTK does not always say so)."""
        _dispatch_events()
        focused = self.pyatspi.STATE_FOCUSED
        node = self.focus
        try:
            if node is not None and node.getState().contains(focused):
                return node
        except Exception:  # it went away
            pass
        for _, _, node in self.nodes():
            try:
                if node.getState().contains(focused):
                    self.focus = node
                    return node
            except Exception:
                continue
        return None

    def wait_focus(self, role=None, name=None, what=None, timeout=30.0, other_than=None):
        """Waits until the focused object has @role (a role name or a tuple
        of them) and, when @name is given, that name (a string, or a callable
        on the name); returns it. Every focused object must have a name."""
        roles = (role,) if isinstance(role, str) else role

        def match():
            node = self.focused()
            if node is None or (other_than is not None and node == other_than):
                return None
            try:
                r, n = node.getRoleName(), node.name or ""
            except Exception:
                return None
            if roles is not None and r not in roles:
                return None
            if name is not None and not (name(n) if callable(name) else n == name):
                return None
            return node

        label = what or f"the focus on {role or 'an object'} {name if not callable(name) else ''}".strip()
        try:
            node = wait_for(match, timeout, label)
        except AssertionError:
            raise AssertionError(f"timed out waiting for {label}; the focus is on {describe(self.focused())}")
        assert (node.name or "").strip(), f"the focused {describe(node)} has no accessible name"
        return node

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
        self.pyatspi.Registry.deregisterEventListener(self._listener, "object:state-changed:focused")
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
