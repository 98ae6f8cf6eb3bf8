#!/usr/bin/env python3
"""Writes a report whose prose is built to put punctuation at line starts.

usage: stress.py BASE.json OUT.json [--undrawable ROLE]

Each paragraph is n Han characters followed by a mark, for n around the
26/28 characters of a line, so that every kind of mark falls at the break:
，。、；：？！ closing quotes and brackets, ——, ……, ·, numbers with units;
and long Western runs (URLs, e-mail addresses, a phone number) at every place
in a line.
--undrawable body|heading2 puts a character no installed font of that role
can draw into the text (U+20000, or U+3400 for 楷体 faces that lack it).
"""
import json
import sys

HAN = "政府信息公开工作年度报告依申请主动公开平台建设监督保障制度规范"
MARKS = ["，", "。", "、", "；", "：", "？", "！", "”", "）", "》", "——", "……", "·",
         "12.5%", "2023年1月28日", "“", "（", "《"]


URLS = ["http://www.example.gov.cn/col/col1229/art/2023/art_5f3a91c2.html",
        "xinxigongkaiban@example.gov.cn",
        "zhengwuxinxigongkaibangongshi@163.com",
        "0571-87654321"]


def han(n, k):
    return "".join(HAN[(k + i) % len(HAN)] for i in range(n))


def paragraphs():
    out = []
    k = 0
    for mark in MARKS:
        for n in (24, 25, 26, 27, 28):
            k += 1
            if mark in "“（《":
                body = han(n, k) + mark + han(4, k + 3) + {"“": "”", "（": "）", "《": "》"}[mark]
            else:
                body = han(n, k) + mark + han(5, k + 7)
            out.append(body + han(30, k) + "，" + han(n, k + 2) + mark[:1] * (mark[0] in "，。") +
                       han(12, k + 5) + "。")
    # Long Western runs at every place in a line: a URL, e-mail addresses (one
    # with a long local part that has no break), a phone number, and a
    # paragraph that opens with a URL.
    for run in URLS:
        for n in range(0, 28, 3):
            k += 1
            out.append(han(n, k) + run + "，" + han(40, k + 1) + "。")
            # after a closing mark, which the line may not start with
            out.append("《" + han(n + 1, k) + "》" + run + "。" + han(30, k + 2) + "。")
        out.append(run + han(30, k) + "。")
    # Adjacent marks and a long plain paragraph for the 28-character count.
    out.append(han(20, 1) + "：“" + han(8, 2) + "。”" + han(26, 3) + "）。《" + han(6, 4) + "》（" +
               han(30, 5) + "）。")
    out.append(han(28 * 6 + 26, 7) + "。")
    return out


def main():
    base, out = sys.argv[1], sys.argv[2]
    with open(base, encoding="utf-8") as f:
        r = json.load(f)
    paras = paragraphs()
    if "--undrawable" in sys.argv:
        role = sys.argv[sys.argv.index("--undrawable") + 1]
        if role == "heading2":
            paras.insert(0, {"heading": "（一）生僻字㐀。", "text": han(30, 1) + "。"})
        else:
            paras.insert(0, han(10, 1) + "\U00020000" + han(10, 2) + "。")
    r["sections"]["overview"] = paras
    with open(out, "w", encoding="utf-8") as f:
        json.dump(r, f, ensure_ascii=False, indent=1)


main()
