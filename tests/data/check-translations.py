#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the catalog for a language (zh_TW) lacks a translation of any
string in the current sources, has a fuzzy one, or does not compile.

The template is extracted afresh from po/POTFILES.in, so a string added to
the code without a translation fails here, not only in the shipped .pot."""

import os
import subprocess
import sys
import tempfile

top, lang = sys.argv[1], sys.argv[2]
po = os.path.join(top, "po", f"{lang}.po")

files = []
with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            files.append(line)

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "lalan.pot")
    subprocess.run(
        ["xgettext", "--from-code=UTF-8", "--add-comments=Translators",
         "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
         "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2",
         "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
         "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format",
         "--flag=g_strdup_printf:1:c-format", "--flag=g_string_printf:2:c-format",
         "--flag=g_string_append_printf:2:c-format", "--flag=g_error_new:3:c-format",
         "--flag=g_set_error:4:c-format", "--flag=g_printerr:1:c-format",
         "--flag=g_print:1:c-format",
         "--package-name=lalan", "-o", pot, "-D", top] + files,
        check=True)
    merged = os.path.join(tmp, f"{lang}.po")
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                   check=True)
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                  check=True, capture_output=True, text=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", po],
                           check=True, capture_output=True, text=True).stdout
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, po],
                           capture_output=True, text=True)

problems = 0
if untranslated.strip():
    print(f"{lang}.po has no translation for:\n{untranslated}")
    problems += 1
if fuzzy.strip():
    print(f"{lang}.po has fuzzy translations:\n{fuzzy}")
    problems += 1
if check.returncode != 0:
    print(f"{lang}.po does not compile:\n{check.stderr}")
    problems += 1
sys.exit(1 if problems else 0)
