#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""AT-SPI smoke test of the application shell: the three areas are found by
their accessible names, activated from the switcher and from the keyboard
(Alt+1..3), in English and in Traditional Chinese."""

import sys

import pyatspi

import lalan_a11y as a

AREAS = {
    "en_US.UTF-8": [("Learn", "Learn area"), ("Survey", "Survey area"),
                    ("Connectivity", "Connectivity area")],
    "zh_TW.UTF-8": [("學習", "學習區"), ("調查", "調查區"), ("連線", "連線區")],
}


def selected_tab(frame, tab_names):
    """The area the header's switcher says is shown, as a screen reader
    announces it."""
    selected = []
    for name in tab_names:
        for tab in a.find_all(frame, "page tab", name):
            if tab.getState().contains(pyatspi.STATE_SELECTED):
                selected.append(name)
    return selected


failures = 0
for lang, areas in AREAS.items():
    app = a.App(lang=lang)
    tab_names = [t for t, _ in areas]
    try:
        frame = a.wait_for(app.root, "frame")
        for _, area_name in areas:
            if not a.find_all(frame, "panel", area_name, only_showing=False):
                raise AssertionError(f"no area named {area_name!r}")

        # By the switcher, as a screen-reader user would.
        for tab_name, area_name in reversed(areas):
            tab = a.wait_for(frame, "page tab", tab_name)
            a.click(tab)
            a.wait_until(lambda: selected_tab(frame, tab_names) == [tab_name],
                         f"{tab_name} to be selected")
            a.wait_for(frame, "panel", area_name)
            print(f"ok - {lang}: {tab_name} reached from the switcher")

        # By the keyboard alone.
        a.focus_window(frame)
        for number, (tab_name, area_name) in reversed(list(enumerate(areas, start=1))):
            a.press(str(number), modifiers=("Alt",))
            a.wait_until(lambda: selected_tab(frame, tab_names) == [tab_name],
                         f"Alt+{number} to select {tab_name}")
            a.wait_for(frame, "panel", area_name)
            print(f"ok - {lang}: Alt+{number} shows {area_name}")
    except AssertionError as e:
        print(f"not ok - {lang}: {e}")
        failures += 1
    finally:
        app.close()

sys.exit(1 if failures else 0)
