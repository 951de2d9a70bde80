#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in names a file that does not exist."""

import os
import re
import sys

top = sys.argv[1]

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
UI_MARK = re.compile(r'translatable="yes"')


def translatable(path):
    # Only sources are read: data/ also holds pictures and screenshots.
    if not path.endswith((".c", ".h", ".ui", ".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
        return False
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith((".c", ".h")):
        return bool(C_MARK.search(text))
    if path.endswith(".ui"):
        return bool(UI_MARK.search(text))
    if path.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
        return True
    return False


listed = set()
with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)

problems = []
for name in sorted(listed):
    if not os.path.isfile(os.path.join(top, name)):
        problems.append(f"po/POTFILES.in names {name}, which does not exist")

for root in ("src", "data"):
    for dirpath, dirnames, filenames in os.walk(os.path.join(top, root)):
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            rel = os.path.relpath(path, top)
            if translatable(path) and rel not in listed:
                problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
