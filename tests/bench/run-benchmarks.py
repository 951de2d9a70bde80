#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the benchmarks meson knows about and prints one table of figures.

usage: run-benchmarks.py BUILDDIR [--filter WORD] [--json FILE]"""

import argparse
import json
import os
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("builddir")
parser.add_argument("--filter", default="")
parser.add_argument("--json", dest="json_file")
args = parser.parse_args()

benchmarks = json.loads(subprocess.run(
    ["meson", "introspect", "--benchmarks", args.builddir],
    check=True, capture_output=True, text=True).stdout)

figures = []
failed = []
for bench in benchmarks:
    if args.filter and args.filter not in bench["name"]:
        continue
    env = dict(os.environ)
    env.update(bench.get("env") or {})
    cmd = bench["cmd"]
    print(f"== {bench['name']}", flush=True)
    start = time.monotonic()
    proc = subprocess.run(cmd, env=env, cwd=bench.get("workdir") or None,
                          capture_output=True, text=True,
                          timeout=bench.get("timeout") or 600)
    elapsed = time.monotonic() - start
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                figure = json.loads(line)
                figure.setdefault("bench", bench["name"])
                figures.append(figure)
                continue
            except json.JSONDecodeError:
                pass
        if line:
            print(f"   {line}")
    if proc.returncode != 0:
        failed.append(bench["name"])
        print(proc.stderr[-3000:])
    print(f"   ({elapsed:.1f} s)", flush=True)


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


headers = ["benchmark", "metric", "value", "unit", "baseline", "ratio", "goal"]
rows = [[f.get("bench", ""), f.get("metric", ""), fmt(f.get("value")), f.get("unit", ""),
         fmt(f.get("baseline")), fmt(f.get("ratio")), f.get("goal", "")] for f in figures]
widths = [max(len(h), *(len(str(r[i])) for r in rows)) if rows else len(h)
          for i, h in enumerate(headers)]
print()
print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
print("  ".join("-" * w for w in widths))
for r in rows:
    print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))

if args.json_file:
    with open(args.json_file, "w") as f:
        json.dump(figures, f, indent=2, ensure_ascii=False)

if failed:
    print("\nCould not measure: " + ", ".join(failed), file=sys.stderr)
    sys.exit(1)
