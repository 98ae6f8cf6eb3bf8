#!/usr/bin/env python3
"""pagination_variants.py BASE.json OUTDIR — the same headings and paragraphs
pushed down one grid line at a time (0…43 one-line paragraphs before them),
so that every one of them meets the page end at every position: a heading
kept with what it heads, a paragraph's first line or last line never alone
at a page end or start, a run-in heading never a page's last line, a line
ended by a line break set flush left."""
import json
import os
import sys

base, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(base, encoding="utf-8") as f:
    report = json.load(f)

sentence = "政府信息公开工作坚持以公开为常态、不公开为例外，依法依规做好主动公开和依申请公开工作。"


def para(lines):
    """About `lines` lines of body text (a line holds 28 characters)."""
    text = (sentence * 8)[: 28 * lines - 6]
    return text[:-1] + "。"


block = [
    {"heading": "（一）标题独占一行。"},
    para(6),
    para(3),
    {"heading": "（二）标题与正文连排。", "text": para(4)},
    {"heading": "（三）两行的连排段落。", "text": para(2)[:30] + "。"},
    para(2),
    "强制换行之前。\n" + para(2),  # a line ended by a line break is not stretched
    {"heading": "（四）标题独占一行。"},
    {"heading": "1.三级标题。"},
    para(3),
    {"heading": "（五）一个占两行的小标题，依法依规做好主动公开和依申请公开工作的情况。"},
    para(3),
    {"heading": "（六）连续的标题。"},
    {"heading": "1.第一个。"},
    {"heading": "（1）第二个。"},
    {"heading": "（2）第三个。"},
    para(3),
]
for k in range(44):
    r = json.loads(json.dumps(report))
    lead = ["第%d段，只占一行。" % (i + 1) for i in range(k)]
    r["sections"]["overview"] = lead + block
    with open(os.path.join(out, "push-%02d.json" % k), "w", encoding="utf-8") as f:
        json.dump(r, f, ensure_ascii=False)
