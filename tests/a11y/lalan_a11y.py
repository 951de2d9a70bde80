# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for Lalan's AT-SPI tests: start the app from the build tree, find
widgets by role and accessible name, press keys. The tests see the app as a
screen reader does, so a control without an accessible name fails here."""

import os
import subprocess
import tempfile
import time

import pyatspi

# X keysyms of the keys the tests press; printable ASCII is its own keysym.
KEYSYMS = {
    "Alt_L": 0xffe9, "Control_L": 0xffe3, "Shift_L": 0xffe1,
    "Return": 0xff0d, "Tab": 0xff09, "Escape": 0xff1b, "space": 0x20,
    "Left": 0xff51, "Up": 0xff52, "Right": 0xff53, "Down": 0xff54,
    "Page_Up": 0xff55, "Page_Down": 0xff56, "Home": 0xff50, "End": 0xff57,
    "BackSpace": 0xff08, "Delete": 0xffff, "F10": 0xffc7,
}


def keysym(name):
    if name in KEYSYMS:
        return KEYSYMS[name]
    if len(name) == 1 and 0x20 <= ord(name) < 0x7f:
        return ord(name)
    raise KeyError(name)


class App:
    def __init__(self, lang="en_US.UTF-8", extra_env=None, args=None):
        build = os.environ["LALAN_BUILD_DIR"]
        self.data_dir = tempfile.mkdtemp(prefix="lalan-a11y-")
        env = dict(os.environ)
        for key in ("GTK_A11Y", "NO_AT_BRIDGE", "G_DEBUG"):
            env.pop(key, None)
        env.update({
            "GSETTINGS_BACKEND": "memory",
            "LC_ALL": lang,
            "LANGUAGE": "",
            "LALAN_DATA_DIR": self.data_dir,
        })
        env.update(extra_env or {})
        self.process = subprocess.Popen([os.path.join(build, "src", "gui", "lalan")] + (args or []),
                                        env=env)
        self.root = self._wait_for_app()

    def _wait_for_app(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"Lalan exited with status {self.process.returncode}")
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                try:
                    if app is not None and app.name == "lalan" and app.childCount > 0:
                        return app
                except Exception:
                    pass
            time.sleep(0.2)
        raise AssertionError("Lalan did not appear on the accessibility bus")

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        subprocess.run(["rm", "-rf", self.data_dir])


def showing(node):
    """GTK 4.8 does not set STATE_SHOWING on every widget; a widget on
    screen is also one with a non-empty area in its window."""
    try:
        state = node.getState()
        if state.contains(pyatspi.STATE_SHOWING):
            return True
        if not state.contains(pyatspi.STATE_VISIBLE):
            return False
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return extents.width > 0 and extents.height > 0
    except Exception:
        return False


def find_all(root, role=None, name=None, only_showing=True):
    """Every descendant with the role name (e.g. 'page tab') and accessible
    name given; by default only those on screen."""
    found = []

    def visit(node, depth):
        if node is None or depth > 40:
            return
        try:
            if ((role is None or node.getRoleName() == role) and
                    (name is None or node.name == name) and
                    (not only_showing or showing(node))):
                found.append(node)
            for child in node:
                visit(child, depth + 1)
        except Exception:
            pass

    visit(root, 0)
    return found


def wait_for(root, role=None, name=None, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        nodes = find_all(root, role, name)
        if nodes:
            return nodes[0]
        time.sleep(0.1)
    raise AssertionError(f"no {role or 'widget'} named {name!r} on screen")


def wait_until(predicate, what, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            action.doAction(i)
            return
    raise AssertionError(f"{node.getRoleName()} {node.name!r} cannot be activated")


MODIFIER_MASKS = {"Shift": 1 << 0, "Control": 1 << 2, "Alt": 1 << 3}


def press(keysym_name, modifiers=()):
    """Presses a key through AT-SPI's device events (XTest under Xvfb), as a
    person at the keyboard would. modifiers: "Alt", "Control", "Shift"."""
    mask = 0
    for m in modifiers:
        mask |= MODIFIER_MASKS[m]
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(keysym(keysym_name), None, pyatspi.KEY_SYM)
    if mask:
        pyatspi.Registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.3)


def type_text(text):
    """Types text as key presses; non-ASCII text goes in as a string event."""
    pyatspi.Registry.generateKeyboardEvent(0, text, pyatspi.KEY_STRING)
    time.sleep(0.3)


def focus_window(frame):
    """Without a window manager, X gives the keyboard to the window under
    the pointer: put the pointer over the frame."""
    # Our windows open at the top left of an empty Xvfb screen, and GTK 4
    # cannot report screen coordinates on X11: aim inside the frame's size.
    extents = frame.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.width // 2, extents.height // 2, "abs")
    time.sleep(0.3)
