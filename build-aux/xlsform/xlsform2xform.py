#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns an XLSForm written as CSV sheets into an ODK XForm, the way pyxform
does, so the bundled forms can be edited as spreadsheets by the people who
design surveys and still read like what every XLSForm tool produces.

usage: xlsform2xform.py FORM_DIR OUT.xml [--places REFERENCE_DIR]

FORM_DIR holds survey.csv, choices.csv and settings.csv (XLSForm columns;
translated columns as `label::zh-TW`, `label::en`). With --places the choice
lists `counties`, `towns` (filter column `county`) and `villages` (filter
column `town`, plus `other` for a village not in the list) are added from the
project's reference data, so the 55 districts have one source of truth.

Supported: the question types the bundled forms use (text, integer, decimal,
date, time, dateTime, geopoint, note, calculate, select_one, select_multiple,
acknowledge, start, end, today, deviceid), groups (field-list), repeats
(repeat_count), relevant, required (+ message), constraint (+ message),
calculation, choice_filter, default, readonly, appearance, ${name}
references (relative inside a repeat, as pyxform writes them), ${name} in
labels as <output/>, instance_name, and itext for every label language.
Anything else is an error naming the row."""

import csv
import os
import re
import sys
from xml.sax.saxutils import escape, quoteattr

NS = ('xmlns="http://www.w3.org/2002/xforms" '
      'xmlns:ev="http://www.w3.org/2001/xml-events" '
      'xmlns:h="http://www.w3.org/1999/xhtml" '
      'xmlns:jr="http://openrosa.org/javarosa" '
      'xmlns:odk="http://www.opendatakit.org/xforms" '
      'xmlns:orx="http://openrosa.org/xforms" '
      'xmlns:xsd="http://www.w3.org/2001/XMLSchema"')

BIND_TYPES = {
    "text": "string", "integer": "int", "decimal": "decimal", "date": "date",
    "time": "time", "dateTime": "dateTime", "geopoint": "geopoint",
    "note": "string", "calculate": "string", "select_one": "string",
    "select_multiple": "string", "acknowledge": "string",
}
PRELOADS = {
    "start": ("dateTime", "timestamp", "start"),
    "end": ("dateTime", "timestamp", "end"),
    "today": ("date", "date", "today"),
    "deviceid": ("string", "property", "deviceid"),
}
KNOWN_COLUMNS = {"type", "name", "label", "hint", "required", "required_message",
                 "relevant", "constraint", "constraint_message", "calculation",
                 "choice_filter", "appearance", "repeat_count", "default", "readonly"}


class FormError(Exception):
    pass


def read_sheet(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in rows]


class Node:
    def __init__(self, kind, name, row, parent):
        self.kind = kind          # group, repeat, field
        self.name = name
        self.row = row
        self.parent = parent
        self.children = []

    @property
    def path(self):
        return (self.parent.path + "/" if self.parent else "/") + self.name

    def repeat(self):
        n = self
        while n is not None:
            if n.kind == "repeat":
                return n
            n = n.parent
        return None


class Converter:
    def __init__(self, form_dir, places_dir=None):
        self.survey = read_sheet(os.path.join(form_dir, "survey.csv"))
        self.choices_rows = read_sheet(os.path.join(form_dir, "choices.csv"))
        settings = read_sheet(os.path.join(form_dir, "settings.csv"))
        if len(settings) != 1:
            raise FormError("settings.csv must have exactly one row")
        self.settings = settings[0]
        self.default_lang = self.settings.get("default_language", "zh-TW")
        self.langs = self._languages()
        self.lists = self._read_choices()
        if places_dir:
            self._add_places(places_dir)
        self.names = {}
        self.root = Node("group", "data", {}, None)
        self._build_tree()

    # ---- sheets --------------------------------------------------------
    def _languages(self):
        langs = []
        for row in self.survey + self.choices_rows:
            for key in row:
                if "::" in key:
                    lang = key.split("::", 1)[1]
                    if lang not in langs:
                        langs.append(lang)
        if self.default_lang in langs:
            langs.remove(self.default_lang)
        return [self.default_lang] + langs

    def _read_choices(self):
        lists = {}
        for row in self.choices_rows:
            if not row.get("list_name"):
                continue
            lists.setdefault(row["list_name"], []).append(row)
        return lists

    def _add_places(self, ref):
        counties = {}
        towns = []
        with open(os.path.join(ref, "districts-55.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                counties.setdefault(r["county_code"], r["county_name"])
                towns.append({"list_name": "towns", "name": r["town_code"],
                              "label::zh-TW": r["town_name"], "label::en": r["town_name_en"],
                              "county": r["county_code"]})
        county_en = {
            "10002": "Yilan County", "10004": "Hsinchu County", "10005": "Miaoli County",
            "10008": "Nantou County", "10010": "Chiayi County", "10013": "Pingtung County",
            "10014": "Taitung County", "10015": "Hualien County", "64000": "Kaohsiung City",
            "65000": "New Taipei City", "66000": "Taichung City", "68000": "Taoyuan City",
        }
        self.lists["counties"] = [{"list_name": "counties", "name": code,
                                   "label::zh-TW": name, "label::en": county_en[code]}
                                  for code, name in sorted(counties.items())]
        self.lists["towns"] = towns
        villages = []
        with open(os.path.join(ref, "villages-55.csv"), encoding="utf-8") as f:
            for r in csv.DictReader(f):
                villages.append({"list_name": "villages", "name": r["village_code"],
                                 "label::zh-TW": r["village_name"],
                                 "label::en": r["village_name"], "town": r["town_code"]})
        villages.append({"list_name": "villages", "name": "other",
                         "label::zh-TW": "不在清單中（自行輸入代碼）",
                         "label::en": "Not in the list (enter the code)", "town": "other"})
        self.lists["villages"] = villages

    # ---- structure -----------------------------------------------------
    def _build_tree(self):
        stack = [self.root]
        for i, row in enumerate(self.survey, start=2):
            t = row.get("type", "")
            if not t:
                continue
            for key in row:
                if row[key] and key.split("::")[0] not in KNOWN_COLUMNS:
                    raise FormError(f"survey.csv row {i}: column {key!r} is not supported")
            t = t.replace("begin group", "begin_group").replace("end group", "end_group")
            t = t.replace("begin repeat", "begin_repeat").replace("end repeat", "end_repeat")
            row["_row"] = i
            if t in ("begin_group", "begin_repeat"):
                node = Node("group" if t == "begin_group" else "repeat", row["name"], row, stack[-1])
                stack[-1].children.append(node)
                self._register(node, i)
                stack.append(node)
            elif t in ("end_group", "end_repeat"):
                if len(stack) == 1:
                    raise FormError(f"survey.csv row {i}: {t} without a begin")
                stack.pop()
            else:
                node = Node("field", row["name"], row, stack[-1])
                base = t.split()[0]
                if base not in BIND_TYPES and base not in PRELOADS:
                    raise FormError(f"survey.csv row {i}: type {t!r} is not supported")
                if base in ("select_one", "select_multiple"):
                    parts = t.split()
                    if len(parts) != 2 or parts[1] not in self.lists:
                        raise FormError(f"survey.csv row {i}: no choice list for {t!r}")
                stack[-1].children.append(node)
                self._register(node, i)
        if len(stack) != 1:
            raise FormError(f"group or repeat {stack[-1].name!r} is never closed")

    def _register(self, node, row):
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", node.name or ""):
            raise FormError(f"survey.csv row {row}: {node.name!r} is not a valid name")
        if node.name in self.names:
            raise FormError(f"survey.csv row {row}: the name {node.name!r} is used twice")
        self.names[node.name] = node

    # ---- expressions -----------------------------------------------------
    def _relative(self, source, target):
        """pyxform writes a reference between two nodes of the same repeat
        relative to the source, so it stays within one repeat instance."""
        src = source.path.split("/")[1:]
        dst = target.path.split("/")[1:]
        rep = source.repeat()
        if rep is None or target.repeat() is not rep:
            return None
        common = 0
        while common < min(len(src), len(dst)) and src[common] == dst[common]:
            common += 1
        return "/".join([".."] * (len(src) - common) + dst[common:])

    def expr(self, text, source, in_filter=False):
        def sub(m):
            name = m.group(1)
            if name not in self.names:
                raise FormError(f"survey.csv row {source.row.get('_row')}: ${{{name}}} names no question")
            target = self.names[name]
            rel = self._relative(source, target)
            if rel is not None:
                return f" current()/{rel} " if in_filter else f" {rel} "
            return f" {target.path} "
        return re.sub(r"\$\{([^}]+)\}", sub, text)

    def label_value(self, text, source):
        out = []
        pos = 0
        for m in re.finditer(r"\$\{([^}]+)\}", text):
            out.append(escape(text[pos:m.start()]))
            ref = self.expr(m.group(0), source)
            out.append(f"<output value={quoteattr(ref)}/>")
            pos = m.end()
        out.append(escape(text[pos:]))
        return "".join(out)

    def translated(self, row, column):
        values = {}
        for lang in self.langs:
            v = row.get(f"{column}::{lang}") or ""
            if v:
                values[lang] = v
        if not values and row.get(column):
            values = {lang: row[column] for lang in self.langs}
        if values:
            for lang in self.langs:
                values.setdefault(lang, values.get(self.default_lang) or next(iter(values.values())))
        return values

    # ---- output ----------------------------------------------------------
    def convert(self):
        self.itext = {lang: [] for lang in self.langs}
        binds = []
        body = []
        form_id = self.settings["form_id"]
        version = self.settings["version"]
        inst = [f'        <data id="{form_id}" version="{version}">']
        self._instance(self.root, inst, depth=0)
        self._walk(self.root, binds, body)
        inst.append("          <meta>")
        inst.append("            <instanceID/>")
        if self.settings.get("instance_name"):
            inst.append("            <instanceName/>")
        inst.append("          </meta>")
        inst.append("        </data>")
        binds.append('      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>')
        if self.settings.get("instance_name"):
            meta = Node("field", "instanceName", {}, None)
            meta.parent = Node("group", "meta", {}, self.root)
            binds.append('      <bind nodeset="/data/meta/instanceName" type="string" calculate=%s/>'
                         % quoteattr(self.expr(self.settings["instance_name"], meta)))

        secondary = []
        for name in self.used_lists:
            secondary.append(f'      <instance id="{name}">')
            secondary.append("        <root>")
            for i, ch in enumerate(self.lists[name]):
                secondary.append("          <item>")
                labels = self.translated(ch, "label")
                if not labels:
                    raise FormError(f"choices.csv: {name}/{ch['name']} has no label")
                itext_id = f"{name}-{i}"
                self._add_itext(itext_id, {l: escape(v) for l, v in labels.items()})
                secondary.append(f"            <itextId>{itext_id}</itextId>")
                secondary.append(f"            <name>{escape(ch['name'])}</name>")
                for key, value in ch.items():
                    if key in ("list_name", "name") or key.startswith("label") or not value:
                        continue
                    secondary.append(f"            <{key}>{escape(value)}</{key}>")
                secondary.append("          </item>")
            secondary.append("        </root>")
            secondary.append("      </instance>")

        out = ['<?xml version="1.0" encoding="utf-8"?>',
               f"<h:html {NS}>",
               "  <h:head>",
               f"    <h:title>{escape(self.settings.get('form_title', form_id))}</h:title>",
               '    <model odk:xforms-version="1.0.0">',
               "      <itext>"]
        for lang in self.langs:
            default = ' default="true()"' if lang == self.default_lang else ""
            out.append(f'        <translation{default} lang="{lang}">')
            for text_id, value in self.itext[lang]:
                out.append(f'          <text id="{escape(text_id)}">')
                out.append(f"            <value>{value}</value>")
                out.append("          </text>")
            out.append("        </translation>")
        out.append("      </itext>")
        out.append("      <instance>")
        out.extend(inst)
        out.append("      </instance>")
        out.extend(secondary)
        out.extend(binds)
        out.append("    </model>")
        out.append("  </h:head>")
        out.append("  <h:body>")
        out.extend(body)
        out.append("  </h:body>")
        out.append("</h:html>")
        return "\n".join(out) + "\n"

    used_lists = []

    def _add_itext(self, text_id, values):
        for lang in self.langs:
            self.itext[lang].append((text_id, values[lang]))

    def _label_ref(self, node, column, indent, tag=None):
        values = self.translated(node.row, column)
        if not values:
            return []
        text_id = f"{node.path}:{column}"
        self._add_itext(text_id, {l: self.label_value(v, node) for l, v in values.items()})
        return [f"{indent}<{tag or column} ref=\"jr:itext('{text_id}')\"/>"]

    def _msg_attr(self, node, column, attr):
        values = self.translated(node.row, column)
        if not values:
            return ""
        text_id = f"{node.path}:{attr}"
        self._add_itext(text_id, {l: escape(v) for l, v in values.items()})
        return f" {attr}=\"jr:itext('{text_id}')\""

    def _instance(self, node, inst, depth):
        pad = "          " + "  " * depth
        for child in node.children:
            if child.kind == "repeat":
                tmp = []
                self._instance(child, tmp, depth + 1)
                inst.append(f'{pad}<{child.name} jr:template="">')
                inst.extend(tmp)
                inst.append(f"{pad}</{child.name}>")
                # pyxform starts a repeat without jr:count with one instance.
                if not child.row.get("repeat_count"):
                    inst.append(f"{pad}<{child.name}>")
                    inst.extend(tmp)
                    inst.append(f"{pad}</{child.name}>")
            elif child.kind == "group":
                inst.append(f"{pad}<{child.name}>")
                self._instance(child, inst, depth + 1)
                inst.append(f"{pad}</{child.name}>")
            else:
                default = child.row.get("default", "")
                inst.append(f"{pad}<{child.name}>{escape(default)}</{child.name}>" if default
                            else f"{pad}<{child.name}/>")

    def _walk(self, node, binds, body):
        for child in node.children:
            row = child.row
            t = row["type"]
            if child.kind in ("group", "repeat"):
                count = row.get("repeat_count")
                sub_binds, sub_body = [], []
                self._walk(child, sub_binds, sub_body)
                attrs = ""
                if row.get("relevant"):
                    attrs += f" relevant={quoteattr(self.expr(row['relevant'], child))}"
                if attrs:
                    binds.append(f'      <bind nodeset="{child.path}"{attrs}/>')
                binds.extend(sub_binds)
                bpad = "    " + "  " * self._body_depth(child)
                appearance = f' appearance="{row["appearance"]}"' if row.get("appearance") else ""
                body.append(f'{bpad}<group ref="{child.path}"{appearance if child.kind == "group" else ""}>')
                body.extend(self._label_ref(child, "label", bpad + "  "))
                if child.kind == "repeat":
                    extra = ""
                    if count:
                        extra = f" jr:count={quoteattr(self.expr(count, child))} jr:noAddRemove=\"true()\""
                    body.append(f'{bpad}  <repeat nodeset="{child.path}"{extra}{appearance}>')
                    body.extend(sub_body)
                    body.append(f"{bpad}  </repeat>")
                else:
                    body.extend(sub_body)
                body.append(f"{bpad}</group>")
                continue

            base = t.split()[0]
            if base in PRELOADS:
                typ, preload, param = PRELOADS[base]
                binds.append(f'      <bind nodeset="{child.path}" type="{typ}" jr:preload="{preload}" jr:preloadParams="{param}"/>')
                continue
            attrs = f' type="{BIND_TYPES[base]}"'
            if base == "note":
                attrs += ' readonly="true()"'
            if row.get("readonly") in ("yes", "true", "true()"):
                attrs += ' readonly="true()"'
            if row.get("calculation"):
                attrs += f" calculate={quoteattr(self.expr(row['calculation'], child))}"
            if row.get("relevant"):
                attrs += f" relevant={quoteattr(self.expr(row['relevant'], child))}"
            if row.get("required") in ("yes", "true", "true()"):
                attrs += ' required="true()"'
            elif row.get("required"):
                attrs += f" required={quoteattr(self.expr(row['required'], child))}"
            if row.get("constraint"):
                attrs += f" constraint={quoteattr(self.expr(row['constraint'], child))}"
            attrs += self._msg_attr(child, "constraint_message", "jr:constraintMsg")
            attrs += self._msg_attr(child, "required_message", "jr:requiredMsg")
            binds.append(f'      <bind nodeset="{child.path}"{attrs}/>')
            if base == "calculate":
                continue
            bpad = "    " + "  " * self._body_depth(child)
            appearance = f' appearance="{row["appearance"]}"' if row.get("appearance") else ""
            if base in ("select_one", "select_multiple"):
                tag = "select1" if base == "select_one" else "select"
                list_name = t.split()[1]
                if list_name not in self.used_lists:
                    self.used_lists.append(list_name)
                nodeset = f"instance('{list_name}')/root/item"
                if row.get("choice_filter"):
                    nodeset += f"[{self.expr(row['choice_filter'], child, in_filter=True)}]"
                body.append(f'{bpad}<{tag} ref="{child.path}"{appearance}>')
                body.extend(self._label_ref(child, "label", bpad + "  "))
                body.extend(self._label_ref(child, "hint", bpad + "  "))
                body.append(f'{bpad}  <itemset nodeset="{escape(nodeset)}">')
                body.append(f'{bpad}    <value ref="name"/>')
                body.append(f'{bpad}    <label ref="jr:itext(itextId)"/>')
                body.append(f"{bpad}  </itemset>")
                body.append(f"{bpad}</{tag}>")
            elif base == "acknowledge":
                body.append(f'{bpad}<trigger ref="{child.path}"{appearance}>')
                body.extend(self._label_ref(child, "label", bpad + "  "))
                body.extend(self._label_ref(child, "hint", bpad + "  "))
                body.append(f"{bpad}</trigger>")
            else:
                body.append(f'{bpad}<input ref="{child.path}"{appearance}>')
                body.extend(self._label_ref(child, "label", bpad + "  "))
                body.extend(self._label_ref(child, "hint", bpad + "  "))
                body.append(f"{bpad}</input>")

    def _body_depth(self, node):
        depth = 0
        n = node.parent
        while n is not None and n is not self.root:
            depth += 2 if n.kind == "repeat" else 1
            n = n.parent
        return depth


def main():
    args = sys.argv[1:]
    places = None
    if "--places" in args:
        i = args.index("--places")
        places = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        conv = Converter(args[0], places)
        conv.used_lists = []
        xml = conv.convert()
    except FormError as e:
        print(f"{args[0]}: {e}", file=sys.stderr)
        return 1
    with open(args[1], "w", encoding="utf-8") as f:
        f.write(xml)
    return 0


if __name__ == "__main__":
    sys.exit(main())
