#!/usr/bin/env python3
"""Custom titles that differ from the agency, rendered and their title lines
read from the layout dump: a title is broken only between words (GB/T 9704
7.3.1), never inside one of the words below.

usage: title_variants.py XXGK BASE.json WORKDIR"""
import json
import os
import subprocess
import sys

TITLES = [
    "怀化市鹤城区人民政府办公室2020年度政府信息公开工作情况报告",
    "怀化市鹤城区人民政府关于2020年度政府信息公开工作情况的报告",
    "鹤城区2020年政府信息公开工作年度报告（区人民政府办公室）",
    "怀化市鹤城区人民政府办公室关于印发2020年度政府信息公开工作年度报告的通知",
    "鹤城区人民政府2020年政府信息公开工作年度报告",
]
WORDS = ["年度", "情况", "报告", "工作", "公开", "信息", "政府", "办公室", "人民政府办公室",
         "关于", "印发", "通知", "2020年"]


def main():
    xxgk, base, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    r = json.load(open(base, encoding="utf-8"))
    bad = 0
    for k, title in enumerate(TITLES):
        r["title"] = title
        src, dump = os.path.join(work, "t%d.json" % k), os.path.join(work, "t%d.layout.json" % k)
        json.dump(r, open(src, "w", encoding="utf-8"), ensure_ascii=False)
        p = subprocess.run([xxgk, "render", src, "-o", os.path.join(work, "t%d.pdf" % k),
                            "--layout-dump", dump], stderr=subprocess.PIPE)
        if p.returncode != 0:
            sys.exit("FAIL: %s: render exited %d" % (title, p.returncode))
        lines = [l["text"] for l in json.load(open(dump, encoding="utf-8"))["lines"]
                 if l["kind"] == "title"]
        print(" | ".join(lines))
        if "".join(lines) != title:
            sys.exit("FAIL: title lines %r are not the title" % lines)
        for a, b in zip(lines, lines[1:]):
            for w in WORDS:
                for i in range(1, len(w)):
                    if a.endswith(w[:i]) and b.startswith(w[i:]):
                        print("FAIL: %r broken inside %r: %s|%s" % (title, w, a, b))
                        bad += 1
    if bad:
        sys.exit(1)


main()
