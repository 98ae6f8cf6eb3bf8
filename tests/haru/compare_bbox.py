#!/usr/bin/env python3
"""Compare two PDFs glyph by glyph: same pages, the same characters in the
same order, every glyph origin within a tolerance (pt).  Glyph origins come
from mutool (mupdf-tools); without it, pdftotext -bbox words are compared
instead (a CJK line is one "word" there, so only line ends are checked).

usage: compare_bbox.py A.pdf B.pdf [TOLERANCE]   (exit 0: same; 1: differ)
"""
import html
import re
import shutil
import subprocess
import sys

CHAR = re.compile(r'<char quad="[^"]*" x="([-\d.]+)" y="([-\d.]+)"[^>]* c="([^"]*)"/>')
SPAGE = re.compile(r'<page id="[^"]*" width="([\d.]+)" height="([\d.]+)">')


def glyph_pages(path):
    """[(page size, [(x, y, x, y, char)])] from mutool's structured text."""
    out = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", path], check=True,
                         capture_output=True, text=True).stdout
    result = []
    for chunk in out.split("<page ")[1:]:
        m = SPAGE.match("<page " + chunk)
        chars = [(float(x), float(y), float(x), float(y), html.unescape(c))
                 for x, y, c in CHAR.findall(chunk) if c.strip()]
        result.append(((float(m.group(1)), float(m.group(2))), chars))
    return result

WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def pages(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True,
                         capture_output=True, text=True).stdout
    result = []
    for chunk in out.split("<page ")[1:]:
        m = PAGE.match("<page " + chunk)
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in WORD.findall(chunk)]
        result.append(((float(m.group(1)), float(m.group(2))), words))
    return result


def main():
    a, b = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
    by_glyph = shutil.which("mutool") is not None
    read = glyph_pages if by_glyph else pages
    pa, pb = read(a), read(b)
    bad = 0
    if len(pa) != len(pb):
        print(f"page count: {len(pa)} vs {len(pb)}")
        return 1
    worst = 0.0
    nwords = 0
    for i, ((sa, wa), (sb, wb)) in enumerate(zip(pa, pb), 1):
        if abs(sa[0] - sb[0]) > tol or abs(sa[1] - sb[1]) > tol:
            print(f"page {i}: size {sa} vs {sb}")
            bad += 1
        if [w[4] for w in wa] != [w[4] for w in wb]:
            ta = " ".join(w[4] for w in wa)
            tb = " ".join(w[4] for w in wb)
            k = next((j for j in range(min(len(ta), len(tb))) if ta[j] != tb[j]), min(len(ta), len(tb)))
            print(f"page {i}: text differs at {k}: …{ta[max(0, k - 20):k + 20]}… vs …{tb[max(0, k - 20):k + 20]}…")
            bad += 1
            continue
        for x, y in zip(wa, wb):
            nwords += 1
            d = max(abs(x[j] - y[j]) for j in range(4))
            worst = max(worst, d)
            if d > tol:
                if bad < 20:
                    print(f"page {i}: “{x[4]}” at {x[:4]} vs {y[:4]} (off by {d:.3f} pt)")
                bad += 1
    unit = "glyphs" if by_glyph else "words (no mutool: line ends only)"
    print(f"{len(pa)} pages, {nwords} {unit}, largest difference {worst:.4f} pt"
          f"{'' if not bad else f', {bad} problem(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
