#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks flatpak/tw.lalan.Lalan.json, then installs the project with
--prefix=/app into a DESTDIR and checks that everything the manifest and the
desktop integration expect is where they expect it.

usage: check-flatpak.py SOURCE_DIR"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile

top = sys.argv[1]
problems = []


def problem(text):
    problems.append(text)
    print("problem:", text)


with open(os.path.join(top, "flatpak", "tw.lalan.Lalan.json"), encoding="utf-8") as f:
    manifest = json.load(f)

app_id = manifest.get("id") or manifest.get("app-id")
if app_id != "tw.lalan.Lalan":
    problem(f"the manifest's id is {app_id!r}, not tw.lalan.Lalan")
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
    problem("the runtime must be the GNOME platform and SDK")
if not str(manifest.get("runtime-version", "")).isdigit():
    problem("the runtime version must be a numbered GNOME release, not master or nightly")
if manifest.get("separate-locales") is not False:
    problem('"separate-locales" must be false, or the Formosan catalogs are dropped')

expected_args = {"--share=network", "--share=ipc", "--socket=wayland",
                 "--socket=fallback-x11", "--device=dri"}
args = set(manifest.get("finish-args", []))
if args != expected_args:
    problem(f"finish-args should be exactly {sorted(expected_args)}, got {sorted(args)}")

modules = manifest.get("modules", [])
names = [m.get("name") if isinstance(m, dict) else m for m in modules]
if not names or names[-1] != "lalan":
    problem("the last module must be lalan itself")
elif modules[-1].get("buildsystem") != "meson":
    problem("lalan must be built with meson")
# The GNOME runtime has GTK, libadwaita, sqlite, curl, libxml2, json-glib,
# libarchive, libsecret and libsoup, but not md4c.
if "md4c" not in names:
    problem("md4c is not in the GNOME runtime and must be built as a module")
for m in modules:
    for src in m.get("sources", []) if isinstance(m, dict) else []:
        if src.get("type") == "git" and not src.get("commit"):
            problem(f"module {m.get('name')} takes git without a pinned commit")
        if src.get("type") == "archive" and not src.get("sha256"):
            problem(f"module {m.get('name')} takes an archive without sha256")

command = manifest.get("command")
config_opts = modules[-1].get("config-opts", []) if names and isinstance(modules[-1], dict) else []

with tempfile.TemporaryDirectory() as tmp:
    build = os.path.join(tmp, "build")
    dest = os.path.join(tmp, "dest")
    subprocess.run(["meson", "setup", "--prefix=/app", build, top] + config_opts,
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["meson", "compile", "-C", build], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild"],
                   check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, DESTDIR=dest))
    app = os.path.join(dest, "app")

    def expect(rel, what):
        if not os.path.exists(os.path.join(app, rel)):
            problem(f"{what} is not installed at /app/{rel}")

    expect(f"bin/{command}", "the manifest's command")
    expect("bin/lalan-cli", "lalan-cli")
    expect(f"share/applications/{app_id}.desktop", "the desktop file")
    expect(f"share/metainfo/{app_id}.metainfo.xml", "the metainfo")
    expect(f"share/icons/hicolor/scalable/apps/{app_id}.svg", "the app icon")
    expect(f"share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg", "the symbolic icon")
    expect(f"share/glib-2.0/schemas/{app_id}.gschema.xml", "the settings schema")
    with open(os.path.join(top, "po", "LINGUAS"), encoding="utf-8") as f:
        for lang in f.read().split():
            expect(f"share/locale/{lang}/LC_MESSAGES/lalan.mo", f"the {lang} catalog")

    desktop = os.path.join(app, "share/applications", f"{app_id}.desktop")
    if os.path.exists(desktop):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read(desktop, encoding="utf-8")
        entry = parser["Desktop Entry"]
        if entry.get("Icon") != app_id:
            problem(f"the desktop file's Icon is {entry.get('Icon')!r}, not {app_id}")
        if entry.get("Exec", "").split()[0] != command:
            problem("the desktop file does not run the manifest's command")
        if "Name[zh_TW]" not in entry:
            problem("the desktop file has no zh_TW name")

    # Nothing may land outside the prefix: a flatpak can only ship /app.
    outside = [d for d in os.listdir(dest) if d != "app"]
    if outside:
        problem(f"files installed outside /app: {outside}")

sys.exit(1 if problems else 0)
