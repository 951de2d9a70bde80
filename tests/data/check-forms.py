#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a bundled XForm in data/forms/ no longer matches the XLSForm
sheets it is generated from, or is not well-formed XML."""

import os
import subprocess
import sys
import tempfile
import xml.dom.minidom

top = sys.argv[1]
forms = os.path.join(top, "data", "forms")
tool = os.path.join(top, "build-aux", "xlsform", "xlsform2xform.py")
problems = 0

for form_id in sorted(os.listdir(os.path.join(forms, "src"))):
    committed = os.path.join(forms, f"{form_id}.xml")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, "form.xml")
        subprocess.run([sys.executable, tool, os.path.join(forms, "src", form_id), fresh,
                        "--places", os.path.join(top, "data", "reference")], check=True)
        with open(fresh, encoding="utf-8") as f:
            generated = f.read()
    if not os.path.exists(committed):
        print(f"{form_id}: data/forms/{form_id}.xml is missing")
        problems += 1
        continue
    with open(committed, encoding="utf-8") as f:
        current = f.read()
    if current != generated:
        print(f"{form_id}: data/forms/{form_id}.xml does not match its sheets; regenerate it")
        problems += 1
    xml.dom.minidom.parseString(current.encode("utf-8"))
    print(f"ok - {form_id}")

sys.exit(1 if problems else 0)
