#!/usr/bin/env python3
"""Writes variants of a report whose body ends on every line of a page, to
test where the 落款 (and the seal) go.

usage: seal_variants.py BASE.json OUTDIR SEAL.png [OVAL.png]

Writes OUTDIR/{short,long}-NN.json with the seal, and OUTDIR/plain-NN.json
(long ones without a seal); with OVAL.png one more, oval.json.
  short-NN: NN one-line paragraphs after 六: the body's last line is short,
            the seal may go up beside it
  long-NN:  NN one-line paragraphs, then a paragraph whose last line runs
            under the seal's place
"""
import json
import os
import shutil
import sys

SHORT = "无其他需要报告的事项。"
LONG = ("本机关将继续完善政府信息公开工作机制，健全信息发布审核制度，拓展公开渠道，"
        "提高公开质量，及时回应社会关切，推动政府信息公开工作规范有序开展，切实保障"
        "人民群众的知情权、参与权、表达权和监督权，持续提升政务公开工作水平和实效。")


def main():
    base, out, seal = sys.argv[1:4]
    oval = sys.argv[4] if len(sys.argv) > 4 else None
    os.makedirs(out, exist_ok=True)
    with open(base, encoding="utf-8") as f:
        r = json.load(f)
    other = list(r["sections"].get("other_matters") or [])

    def write(name, paras, seal_path):
        v = json.loads(json.dumps(r))
        v["sections"]["other_matters"] = other + paras
        if seal_path:
            # a seal is named relative to the report, inside its folder
            local = os.path.basename(seal_path)
            if not os.path.exists(os.path.join(out, local)):
                shutil.copyfile(seal_path, os.path.join(out, local))
            v["seal"] = local
        else:
            v.pop("seal", None)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(v, f, ensure_ascii=False)

    # The body's end walks over a whole page (22 grid lines), wherever on
    # its last page the base sample's body ends.
    for n in range(0, 23):
        write("short-%02d" % n, [SHORT] * n, seal)
        write("long-%02d" % n, [SHORT] * n + [LONG], seal)
    for n in range(5, 14):
        write("plain-%02d" % n, [SHORT] * n + [LONG], None)
    if oval:
        write("oval", [SHORT] * 3, oval)


main()
