#!/usr/bin/env python3
"""Whether two reports are the same report: the fields a reader sees (title
as printed, agency, year, format, date, notes), every paragraph of the
preface and of each section (its heading and its text), and every table
cell (`xxgk cells`).  Prints each difference; exit 1 when there is one.

usage: same_report.py XXGK ORIGINAL.json IMPORTED.json
"""
import json
import subprocess
import sys

xxgk, a_path, b_path = sys.argv[1:4]


def load(path):
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    title = j.get("title") or "%s%d年政府信息公开工作年度报告" % (j.get("agency"), j.get("year"))
    fields = {k: j.get(k) for k in ("year", "agency", "format", "date", "notes")}
    fields["title"] = title
    prose = {"preface": j.get("preface") or []}
    for k, v in (j.get("sections") or {}).items():
        if k not in (j.get("tables") or {}):  # the prose before a table is not printed
            prose[k] = v
    cells = subprocess.run([xxgk, "cells", path], capture_output=True, text=True).stdout
    return fields, prose, cells


def para(p):
    return (p, None) if isinstance(p, str) else (p.get("heading"), p.get("text"))


fa, pa, ca = load(a_path)
fb, pb, cb = load(b_path)
bad = []
for k in fa:
    if fa[k] != fb[k]:
        bad.append("%s: %r != %r" % (k, fa[k], fb[k]))
for k in sorted(set(pa) | set(pb)):
    x, y = [para(p) for p in pa.get(k, [])], [para(p) for p in pb.get(k, [])]
    if len(x) != len(y):
        bad.append("%s: %d paragraphs, imported %d" % (k, len(x), len(y)))
    for i, (p, q) in enumerate(zip(x, y)):
        if p != q:
            bad.append("%s[%d]: %r != %r" % (k, i, p, q))
if not ca or ca != cb:
    diff = [(u, v) for u, v in zip(ca.splitlines(), cb.splitlines()) if u != v][:3]
    bad.append("cells differ (%d vs %d lines): %s" % (len(ca.splitlines()), len(cb.splitlines()), diff))
for line in bad[:20]:
    print("%s vs %s: %s" % (a_path, b_path, line))
sys.exit(1 if bad else 0)
