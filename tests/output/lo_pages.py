#!/usr/bin/env python3
"""The PDF LibreOffice made of a .docx, measured like xxgk's own: A4, the
body's lines on the grid of 22 lines in the 225 mm type area that starts
37 mm from the top (the first page's lines of body text each at a whole
line of the grid, no page's past the 22nd), some page full (its 22nd line used), and the
page numbers "— N —" in the footer.  usage: lo_pages.py FILE.pdf"""
import re
import subprocess
import sys

MM = 72 / 25.4
TOP, PITCH = 37 * MM, 225 * MM / 22
pdf = sys.argv[1]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
bad = []
size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
if not size or abs(float(size.group(1)) - 595.3) > 1 or abs(float(size.group(2)) - 841.9) > 1:
    bad.append("not A4: %s" % (size.group(0) if size else info))
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
full = False
for p in range(1, pages + 1):
    box = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), pdf, "-"],
                         capture_output=True, text=True).stdout
    words = [(float(a), float(b), 0, t) for a, b, t in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', box)]
    # body text: 三号 (16 pt) lines (boxes 20.8 pt high), not the title, not the tables, not the footer
    lines = sorted({round(y0, 1) for y0, y1, _, t in words if 19 < y1 - y0 < 23 and y0 < TOP + 225 * MM})
    footer = " ".join(t for y0, y1, _, t in words if y0 > TOP + 225 * MM)
    if not re.search(r"—\s*%d\s*—" % p, footer):
        bad.append("page %d: footer %r, not — %d —" % (p, footer, p))
    idx = [(y - TOP) / PITCH for y in lines]
    offs = [i - int(i) for i in idx]
    # text after a table is not snapped back to the grid by LibreOffice:
    # the first page (text only) is measured on the grid, every page within it
    if idx and ((p == 1 and max(offs) - min(offs) > 0.1) or max(idx) >= 22):
        bad.append("page %d: body lines off the grid: %s" % (p, [round(i, 2) for i in idx]))
    if idx and int(max(idx)) == 21:
        full = True
if not full:
    bad.append("no page uses the 22nd line of the grid")
for b in bad[:10]:
    print("%s: %s" % (pdf, b))
sys.exit(1 if bad else 0)
