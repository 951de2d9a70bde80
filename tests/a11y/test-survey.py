#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""AT-SPI test of the Survey area: a community inventory completed with the
keyboard alone, every control found by its accessible name, as a
screen-reader user would; the record is then finalized in the store."""

import json
import os
import subprocess
import sys
import time

import pyatspi

import lalan_a11y as a


def focused(root):
    """The widget with the keyboard focus."""
    found = []

    def visit(node, depth):
        if node is None or depth > 40 or found:
            return
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                found.append(node)
                return
            for child in node:
                visit(child, depth + 1)
        except Exception:
            pass

    visit(root, 0)
    return found[0] if found else None


def tab(backwards=False):
    """Tab, without the long pause of a.press(): the form has many stops."""
    if backwards:
        pyatspi.Registry.generateKeyboardEvent(a.MODIFIER_MASKS["Shift"], None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(a.keysym("Tab"), None, pyatspi.KEY_SYM)
    if backwards:
        pyatspi.Registry.generateKeyboardEvent(a.MODIFIER_MASKS["Shift"], None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.12)


def tab_to(frame, name, role=None, limit=80):
    """Presses Tab until a control named `name` has the focus: the next one
    in the keyboard's order, as a person moving through the page meets it."""
    a.wait_for(frame, role, name)
    candidates = a.find_all(frame, role, name)
    for _ in range(limit):
        for node in candidates:
            try:
                if node.getState().contains(pyatspi.STATE_FOCUSED):
                    return node
            except Exception:
                pass
        tab()
        candidates = a.find_all(frame, role, name)
    node = focused(frame)
    raise AssertionError(f"Tab never reached {role or 'a control'} {name!r} "
                         f"(focus on {node.getRoleName() if node else None} {node.name if node else None!r})")


def choose(frame, name, role="radio button"):
    tab_to(frame, name, role)
    a.press("space")


def fill(frame, name, text, role=None):
    tab_to(frame, name, role)
    a.type_text(text)


def next_page():
    a.press("Page_Down", modifiers=("Control",))
    time.sleep(0.3)


def records(data_dir):
    cli = os.path.join(os.environ["LALAN_BUILD_DIR"], "src", "cli", "lalan-cli")
    out = subprocess.run([cli, "records", "list", "--json"], capture_output=True, text=True,
                         env=dict(os.environ, LALAN_DATA_DIR=data_dir), check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


app = a.App(lang="en_US.UTF-8")
status = 0
try:
    frame = a.wait_for(app.root, "frame")
    a.focus_window(frame)
    a.press("2", modifiers=("Alt",))
    a.wait_for(frame, "panel", "Survey area")

    # A new record, from the keyboard: Ctrl+N and the form's name.
    a.press("n", modifiers=("Control",))
    form_row = None
    for _ in range(8):
        node = focused(app.root)
        if node is not None and node.name == "Community Inventory":
            form_row = node
            break
        a.press("Down")
    if form_row is None:
        raise AssertionError("Ctrl+N did not offer the Community Inventory")
    a.press("Return")
    a.wait_for(frame, None, "Interviewer code")
    print("ok - Ctrl+N starts a community inventory")

    # The visit.
    fill(frame, "Interviewer code", "V017")
    choose(frame, "Hsinchu County")
    choose(frame, "Jianshi Township")
    tab_to(frame, "Village")
    a.press("space")
    time.sleep(0.5)
    a.press("Down")
    a.press("Return")
    fill(frame, "Name of the community (部落)", "Smangus")
    fill(frame, "Date of the visit", "2026-11-19")
    choose(frame, "Village chief", "check box")
    print("ok - the visit is answered")
    next_page()

    # The community's consent.
    choose(frame, "Community meeting (部落會議)")
    fill(frame, "Date of the decision", "2026-10-30")
    choose(frame, "Agreed")
    next_page()

    # Connectivity at the meeting place.
    choose(frame, "100 Mbps")
    choose(frame, "4G")
    choose(frame, "No signal")
    tab()   # on to the next operator's question
    choose(frame, "No signal")
    next_page()
    print("ok - consent and connectivity are answered")

    # No measurement: on to the first access point.
    next_page()
    choose(frame, "Tribal library and information station")
    fill(frame, "Name", "Tribal library")
    fill(frame, "Computers available", "6", "spin button")
    choose(frame, "Yes")
    a.wait_for(frame, "push button", "Add another: Access point")
    next_page()
    # The page to add another access point: none more.
    a.wait_for(frame, "push button", "Add another: Access point")
    next_page()

    choose(frame, "A few times a week")
    choose(frame, "Yes")
    fill(frame, "How many local people can help others with phones and computers?", "2", "spin button")
    next_page()

    fill(frame, "Name", "Hsinchu County Government")
    choose(frame, "Government")
    next_page()
    next_page()
    print("ok - access points, resilience and partners are answered")

    # Finish with the keyboard.
    a.press("Return", modifiers=("Control",))
    a.wait_until(lambda: any(r["state"] == "finalized" and r["form_id"] == "lalan_community"
                             for r in records(app.data_dir)),
                 "the record to be finalized", timeout=15)
    print("ok - Ctrl+Return finishes the record, queued for sending")
except AssertionError as e:
    print(f"not ok - {e}")
    status = 1
finally:
    app.close()

sys.exit(status)
