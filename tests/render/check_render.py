#!/usr/bin/env python3
"""Checks of a rendered report: the layout dump and the PDF itself.

usage: check_render.py LAYOUT.json REPORT.pdf [--draft] [--stress] [--seal-mm=42]
       check_render.py --dumps LAYOUT.json...   (layout checks only)

The rules are those of GB/T 9704 and of the clreq line-breaking reference
(docs/typesetting.md); the numbers come from the page style
in the dump, never from the program's own output for the same input.
Exit 1 with one line per failure.
"""
import json
import re
import subprocess
import sys

MM = 72 / 25.4
TOL = 0.5 * MM  # margins within 0.5 mm

# docs/typesetting.md, line starts and ends (GB style: basic + solidus at line end).
NO_START = set("、，；：。？！．”’）］｝〕〉》」』】〗—～-－·／/") | set("!%),.:;?]}")
NO_END = set("“‘（［｛〔〈《「『【〖／/") | set("([{")

failures = []


def fail(msg):
    failures.append(msg)


def is_han(ch):
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3FFFF


MARKS = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕—…·"


def check_mid_line_marks(chars, where):
    """GB style: a ，。、 mid-line keeps its full cell; only one next to another
    mark (》、, ）。), at the line end, or on a line that would otherwise be
    stretched over the cap (the dump says squeezed) is set narrower."""
    for i in range(len(chars) - 1):
        ch, w = chars[i][2], chars[i][1]
        prev = chars[i - 1][2] if i else ""
        nxt = chars[i + 1][2]
        em = chars[i + 1][1] if nxt not in MARKS else w
        if ch in "，。、" and prev not in MARKS and nxt not in MARKS and w < 0.95 * em - 0.01:
            fail("%s: %r mid-line %.2f pt wide, under the %.2f of its cell" % (where, ch, w, em))


def check_stretch(chars, where, cap):
    """Justification adds at most cap pt between two Han characters (1.0 in
    the samples, 2.0 in the stress text)."""
    for a, b in zip(chars, chars[1:]):
        if is_han(a[2]) and is_han(b[2]) and b[0] - a[0] - a[1] > cap + 0.01:
            fail("%s: %.2f pt between %r and %r, over %.1f" % (where, b[0] - a[0] - a[1], a[2], b[2], cap))
            return


def check_han_latin_gaps(chars, where, em):
    """The space between Han and a Latin letter or digit stays within the
    page style's 1/3 em, justified lines included."""
    for a, b in zip(chars, chars[1:]):
        pair = (is_han(a[2]) and b[2].isascii() and b[2].isalnum()) or \
            (a[2].isascii() and a[2].isalnum() and is_han(b[2]))
        if not pair:
            continue
        size = max(em, a[1] if is_han(a[2]) else b[1])  # a title's Han is larger
        gap = b[0] - a[0] - a[1]
        if gap > size / 3 + 0.01:
            fail("%s: %.2f em between %r and %r, over 1/3 em" % (where, gap / size, a[2], b[2]))


def check_dump(dump, stress):
    ta = dump["type_area"]
    left, top, width, height = ta["x"], ta["y"], ta["w"], ta["h"]
    right, bottom = left + width, top + height
    grid = dump["grid"]
    cell = grid["cell"]
    if abs(cell * grid["chars"] - width) > 0.01:
        fail("character pitch × chars per line is not the type area width")
    body_kinds = {"body", "heading", "heading1", "title", "signature", "date", "notes"}
    lines_on_page = {}
    full_han_lines = 0
    all_lines = dump["lines"]
    for idx, ln in enumerate(all_lines):
        kind, page = ln["kind"], ln["page"]
        chars = ln["chars"]
        if not chars:
            continue
        x0 = chars[0][0]
        x1 = max(c[0] + c[1] for c in chars)
        where = "page %d grid line %d (%s) %r" % (page, ln["grid"], kind, ln["text"][:16])
        check_han_latin_gaps(chars, where, dump["body_size"])
        if kind == "body" and not ln.get("squeezed"):
            check_mid_line_marks(chars, where)
        if kind == "body" and ln.get("justified") and not ln.get("last"):
            check_stretch(chars, where, 2.0 if stress else 1.0)
        if kind in body_kinds:
            lines_on_page.setdefault(page, set()).add(ln["grid"])
            if not (0 <= ln["grid"] < grid["lines"]):
                fail("%s: off the grid" % where)
            if x0 < left - TOL or x1 > right + TOL:
                fail("%s: outside the type area horizontally (%.2f..%.2f)" % (where, x0, x1))
            if ln["top"] < top - TOL or ln["top"] + ln["height"] > bottom + TOL:
                fail("%s: outside the type area vertically" % where)
            if ln["overfull"]:
                fail("%s: overfull" % where)
            # Line-start and line-end prohibitions (a paragraph's first line may
            # start with an opening mark; its last may end with a full stop).
            first, last = chars[0][2], chars[-1][2]
            if kind in ("body", "notes") and ln["indent"] == 0 and first in NO_START:
                if not (first == "—" and len(chars) > 1 and chars[1][2] == "—"):
                    fail("%s: line starts with %s" % (where, first))
            url_break = last == "/" and len(chars) > 1 and ord(chars[-2][2][0]) < 0x7F
            if kind in ("body", "notes") and not ln["last"] and last in NO_END and not url_break:
                fail("%s: line ends with %s" % (where, last))
        if kind == "body" and ln["justified"] and not ln["last"]:
            if abs(x1 - right) > TOL:
                fail("%s: full line ends at %.2f, not at the right edge %.2f" % (where, x1, right))
            if abs(x0 - (left + ln["indent"])) > 0.01:
                fail("%s: does not start at its indent" % where)
            text = [c[2] for c in chars]
            if all(len(t) == 1 and is_han(t) for t in text):
                want = grid["chars"] - round(ln["indent"] / cell)
                full_han_lines += 1
                # 后推出: a mark that may not start a line took a character down.
                # A number or word wider than the room left goes down whole.
                nxt = ln.get("next", "")
                pushed = nxt in NO_START or (nxt and not is_han(nxt[0]))
                following = all_lines[idx + 1] if idx + 1 < len(all_lines) else None
                if following and following["kind"] == "body":
                    ft = following["text"]
                    # The character went down with a mark that may not start a line,
                    # or to keep a character from standing alone on the last line.
                    if len(ft) > 1 and ft[1] in NO_START:
                        pushed = True
                    if following["last"] and len(ft) <= 4:
                        pushed = True
                if len(text) != want and not (pushed and want - 2 <= len(text) < want):
                    fail("%s: %d characters on a full line of Han characters, want %d"
                         % (where, len(text), want))
        if kind == "body" and ln["justified"] and not ln["last"]:
            # Justification spreads no Western word, and leaves
            # no gaping line (a URL that could not break: docs/typesetting.md, justification).
            em = dump["body_size"]
            # A long Western run (a URL, an address) may be tracked as a last
            # resort: its pairs spaced alike, as the line's Han pairs are (the
            # whole gap where the line is that run alone), within the cap.
            cap = 2.0 if stress else 1.0
            pairs = [(a, b, b[0] - (a[0] + a[1])) for a, b in zip(chars, chars[1:])]
            runs, k = [], 0  # Western runs: [first, last] pair indexes, long or not
            while k < len(pairs):
                j = k
                while j < len(pairs) and all(c[2].isascii() and c[2].strip() for c in pairs[j][:2]):
                    j += 1
                if j > k:
                    # long: 12 or more, or cut by the line's edge (it goes on)
                    nxt, prev = ln.get("next", ""), all_lines[idx - 1]["text"][-1:] if idx else ""
                    cut = (j == len(pairs) and nxt[:1].isascii() and nxt[:1].strip()) or \
                        (k == 0 and prev.isascii() and prev.strip() and ln["indent"] == 0)
                    runs.append((k, j, j - k + 1 >= 12 or cut))
                k = j + 1
            western = [pairs[i][2] for k, j, long in runs if long for i in range(k, j)]
            short = [pairs[i] for k, j, long in runs if not long for i in range(k, j)]
            for a, b, g in short:
                if g > 0.01:
                    fail("%s: %.2f pt spread inside Western text %r" % (where, g, a[2] + b[2]))
            han_gaps = [g for a, b, g in pairs if is_han(a[2]) and is_han(b[2])]
            if western and max(western) > 0.01:
                ok = max(western) - min(western) <= 0.01 and max(western) <= cap + 0.01 and \
                    all(abs(g - western[0]) <= 0.01 for g in han_gaps)
                if not ok:
                    fail("%s: Western text tracked %.2f..%.2f pt, the Han pairs %s (cap %.1f)"
                         % (where, min(western), max(western),
                            "%.2f..%.2f" % (min(han_gaps), max(han_gaps)) if han_gaps else "none",
                            cap))
            for a, b, gap in pairs:
                if gap > 0.5 * em:
                    fail("%s: a gap of %.1f pt (more than 1/2 em) at %r" % (where, gap, a[2] + b[2]))
                    break
        if kind == "body" and ln["last"] and len(chars) == 1:
            fail("%s: a single character alone on the last line" % where)
        if kind == "page_number":
            odd = page % 2 == 1
            inset = 14.0
            if ln["top"] < bottom:
                fail("page %d: page number inside the type area" % page)
            if odd and abs(x1 - (right - inset)) > TOL:
                fail("page %d: odd page number not 一字 in from the right (%.2f)" % (page, x1))
            if not odd and abs(x0 - (left + inset)) > TOL:
                fail("page %d: even page number not 一字 in from the left (%.2f)" % (page, x0))
            if not re.fullmatch(r"— \d+ —", ln["text"]):
                fail("page %d: page number %r is not — n —" % (page, ln["text"]))
            # 一字线: each dash one 4号 character wide
            for c in (chars[0], chars[-1]):
                if abs(c[1] - inset) > 0.05:
                    fail("page %d: the dash of the page number is %.2f pt wide, not one character (%.1f pt)"
                         % (page, c[1], inset))
    # Orphans and widows: a paragraph of three lines or more never leaves its
    # first line alone at a page end nor its last alone at a page start; a
    # first line that carries a run-in heading is never a page's last line.
    paras, cur = [], []
    for ln in all_lines:
        if ln["kind"] != "body" or not ln["chars"]:
            continue
        cur.append(ln)
        if ln["last"]:
            paras.append(cur)
            cur = []
    for para in paras:
        n = len(para)
        head = any(c[3] != "body" for c in para[0]["chars"]) if len(para[0]["chars"][0]) > 3 else False
        where = "page %d %r" % (para[0]["page"], para[0]["text"][:16])
        if n >= 2 and para[1]["page"] != para[0]["page"] and (n >= 3 or head):
            fail("%s: the paragraph's first line%s alone at the page end"
                 % (where, " (its run-in heading)" if head else ""))
        if n >= 3 and para[-1]["page"] != para[-2]["page"]:
            fail("%s: the paragraph's last line alone at the top of page %d"
                 % (where, para[-1]["page"]))
    # A heading is never the last line of its page: what it heads follows it.
    text_lines = [l for l in all_lines if l["kind"] in ("body", "heading", "heading1") and l["chars"]]
    for a, b in zip(text_lines, text_lines[1:]):
        table_below = any(c["page"] == a["page"] and c["y"] > a["top"] for c in dump["cells"])
        if a["kind"] in ("heading", "heading1") and b["page"] != a["page"] and not table_below:
            fail("page %d %r: a heading as the last line of the page" % (a["page"], a["text"][:16]))
    pages_with_numbers = {l["page"] for l in dump["lines"] if l["kind"] == "page_number"}
    if pages_with_numbers != set(range(1, dump["pages"] + 1)):
        fail("page numbers missing on some pages")
    for end in dump["page_ends"]:
        used = lines_on_page.get(end["page"], set())
        if len(used) > grid["lines"]:
            fail("page %d: %d lines, more than the grid" % (end["page"], len(used)))
        # A page that ended because it was full reaches the last grid line.
        if end["end"] == "full" and max(used, default=-1) != grid["lines"] - 1:
            fail("page %d: a full page of text does not reach grid line %d"
                 % (end["page"], grid["lines"]))
    if stress and full_han_lines == 0:
        fail("stress: no full line of Han characters to count")
    # Every page a table block is on starts with its header rows.
    frags = {}
    for c in dump["cells"]:
        k = (c["table"], c.get("block", 0), c["page"])
        f = frags.setdefault(k, [False, False])
        f[0 if c["header"] else 1] = True
    for (t, b, p), (head, body) in sorted(frags.items()):
        if body and not head:
            fail("page %d: table %s block %d continues without its header rows" % (p, t, b))
    for c in dump["cells"]:
        where = "page %d table %s cell r%d c%d %r" % (c["page"], c["table"], c["row"], c["col"],
                                                     c["text"][:12])
        if c["content_w"] > c["w"] - 2 * c["pad_x"] + 0.01:
            fail("%s: text %.2f wider than the cell %.2f" % (where, c["content_w"], c["w"]))
        if c["content_h"] > c["h"] + 0.01:
            fail("%s: text taller than the cell" % where)
        if c["numeric"] and c["lines"] > 1:
            fail("%s: a number broken over lines" % where)
        if c["x"] < left - TOL or c["x"] + c["w"] > right + TOL:
            fail("%s: outside the type area" % where)
        if c["y"] < top - TOL or c["y"] + c["h"] > bottom + TOL:
            fail("%s: outside the type area vertically" % where)
    check_tables(dump)
    check_blank_before_tables(dump)
    check_split_groups(dump)


def label_len(text, size):
    """The width of a label on one line: Han and marks 1 em, ASCII 1/2 em."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text) * size


def check_tables(dump):
    """Tables at 五号 (10.5 pt) at least when their columns allow it, cells
    padded as Word's (5.4 pt), a row label on one line whenever the value
    columns, at their narrowest, leave its column the room."""
    W = dump["type_area"]["w"]
    for c in dump["cells"]:
        where = "page %d table %s cell r%d c%d %r" % (c["page"], c["table"], c["row"], c["col"],
                                                     c["text"][:12])
        if c["pad_x"] < 5.4 - 0.01:
            fail("%s: cell padding %.2f pt, under 5.4" % (where, c["pad_x"]))
        values = sum(1 for d in dump["cells"] if d["table"] == c["table"] and
                     d["block"] == c["block"] and d["row"] == c["row"] and d["numeric"])
        if c["size"] < 10.5 and c["table"] != "四":
            fail("%s: table set at %.1f pt, under 10.5 (五号)" % (where, c["size"]))
        if c["header"] or c["numeric"] or c["cs"] != 1 or c["rs"] != 1 or c["lines"] < 2 or "\n" in c["text"] \
                or "\n" in c["text"] or not values:
            continue
        others = sum(d["w"] for d in dump["cells"] if d["table"] == c["table"] and
                     d["block"] == c["block"] and d["page"] == c["page"] and
                     not d["numeric"] and not d["header"] and d["col"] < c["col"] and
                     d["row"] <= c["row"] < d["row"] + d["rs"])
        room = W - others - values * (2 * c["size"] + 2 * c["pad_x"])
        want = min(label_len(c["text"], c["size"]) + 2 * c["pad_x"], room)
        if c["w"] < want - 0.5:
            fail("%s: a label wrapped in a column %.1f pt wide; it needs %.1f, the page allows %.1f"
                 % (where, c["w"], label_len(c["text"], c["size"]) + 2 * c["pad_x"], room))


def start_height(cells):
    """Where the least a table may start with ends: three rows, and a group
    of rows they cut into keeps three rows (a group holding no other group,
    whole)."""
    body = [c for c in cells if not c["header"]]
    if not body:
        return max(c["y"] + c["h"] for c in cells)
    bottom = {}
    for c in body:
        if c["rs"] == 1:
            bottom[c["row"]] = max(bottom.get(c["row"], 0), c["y"] + c["h"])
    rows = sorted(bottom)
    target = rows[min(2, len(rows) - 1)]
    groups = [c for c in body if not c["numeric"] and c["rs"] > 1]
    for _ in range(len(groups) + 1):
        moved = False
        for g in groups:
            last = g["row"] + g["rs"] - 1
            if g["row"] <= target < last:
                inner = any(h is not g and h["row"] >= g["row"] and h["row"] + h["rs"] <= g["row"] + g["rs"]
                            and h["col"] > g["col"] for h in groups)
                want = last if not inner else min(last, max(g["row"], rows[0]) + 2)
                if want > target:
                    target, moved = want, True
        if not moved:
            break
    return bottom.get(target, max(bottom.values()))


def check_blank_before_tables(dump):
    """A page followed by a page that starts with a table is not left more
    than 25 % empty (a table breaks between its row groups instead)."""
    ta = dump["type_area"]
    bottom = ta["y"] + ta["h"]
    for p in range(1, dump["pages"]):
        nxt_cells = [c["y"] for c in dump["cells"] if c["page"] == p + 1]
        # the table, or its section heading and the table
        if not nxt_cells or any(l["top"] < min(nxt_cells) and l["kind"] not in ("heading1", "heading")
                                for l in dump["lines"] if l["page"] == p + 1 and l["kind"] != "page_number"):
            continue
        ends = [l["top"] + l["height"] for l in dump["lines"]
                if l["page"] == p and l["kind"] != "page_number"]
        ends += [c["y"] + c["h"] for c in dump["cells"] if c["page"] == p]
        if not ends:
            continue
        empty = (bottom - max(ends)) / ta["h"]
        # unless what starts the next page, its heading, the header rows and
        # three rows, needs more than that room
        first = [c for c in dump["cells"] if c["page"] == p + 1]
        first = [c for c in first if c["table"] == first[0]["table"] and c["block"] == first[0]["block"]]
        if any(c["page"] == p and c["table"] == first[0]["table"] for c in dump["cells"]):
            continue  # a table going on: its page end is the row groups' to choose
        start = min([l["top"] for l in dump["lines"] if l["page"] == p + 1 and
                     l["kind"] != "page_number"] + [c["y"] for c in first])
        need = start_height(first) - start
        if empty > 0.25 and need <= bottom - max(ends) + TOL:
            fail("page %d: %.0f %% of the type area empty before the table on page %d"
                 % (p, 100 * empty, p + 1))


def check_split_groups(dump):
    """A group of rows cut by a page end keeps 3 rows on each page (or all
    of it when shorter)."""
    rows = {}
    for c in dump["cells"]:
        if c["numeric"]:
            rows.setdefault((c["table"], c["block"], c["page"]), set()).add(c["row"])
    parts = {}
    for c in dump["cells"]:
        if c["header"] or c["numeric"] or c["rs"] < 2:
            continue
        parts.setdefault((c["table"], c["block"], c["row"], c["col"], c["rs"], c["text"]), []).append(c["page"])
    for (t, b, row, col, rs, text), pages in parts.items():
        if len(pages) < 2:
            continue
        for p in pages:
            n = sum(1 for r in rows.get((t, b, p), ()) if row <= r < row + rs)
            if n < min(3, rs):
                fail("page %d table %s: %d row(s) of the group %r alone" % (p, t, n, text[:12]))


def check_continued(pdf, dump):
    """Every page that goes on with a table started on an earlier page says
    （续表） above it."""
    first = {}
    for c in sorted(dump["cells"], key=lambda c: c["page"]):
        first.setdefault(c["table"], c["page"])
    for p in sorted({c["page"] for c in dump["cells"] if c["page"] > first[c["table"]]}):
        rc, text = run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"])
        if "（续表）" not in text:
            fail("pdf page %d: a table continued without （续表）" % p)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def check_signature(dump, seal_mm):
    """The 落款: never alone on a page; sealed (GB/T 9704 7.3.5.1) when the
    dump has a seal image: 成文日期右空四字, the agency centred on the date,
    the seal centred on them at its size, over both, both below its centre,
    its top within one line of the body, inside the type area, on no text."""
    ta, grid = dump["type_area"], dump["grid"]
    left, top, right, bottom = ta["x"], ta["y"], ta["x"] + ta["w"], ta["y"] + ta["h"]
    cell, pitch, size = grid["cell"], grid["pitch"], dump["body_size"]
    lines = dump["lines"]
    sig = [l for l in lines if l["kind"] in ("signature", "date")]
    if not sig:
        return
    page = sig[0]["page"]
    others = [l for l in lines if l["page"] == page and l["chars"] and
              l["kind"] in ("body", "heading", "heading1", "title")]
    tables_on_page = [c for c in dump["cells"] if c["page"] == page]
    if not others and not tables_on_page:
        fail("page %d: the 落款 stands alone on a page" % page)
    seals = [i for i in dump.get("images", []) if i["kind"] == "seal"]
    if not seals:
        return
    if len(seals) != 1:
        fail("%d seal images, want 1" % len(seals))
    s = seals[0]
    where = "seal on page %d" % s["page"]
    name = [l for l in sig if l["kind"] == "signature"]
    date = [l for l in sig if l["kind"] == "date"]
    if s["page"] != page or any(l["page"] != page for l in sig):
        fail("%s: not on the page of the agency and date" % where)
    sx0, sy0, sx1, sy1 = s["x"], s["y"], s["x"] + s["w"], s["y"] + s["h"]
    # size and aspect
    px = png_size(s["path"])
    if px is None:
        fail("%s: %s is not a PNG" % (where, s["path"]))
    else:
        if abs(s["w"] / s["h"] - px[0] / px[1]) > 0.01:
            fail("%s: aspect %.3f, the PNG has %.3f" % (where, s["w"] / s["h"], px[0] / px[1]))
    if abs(max(s["w"], s["h"]) - seal_mm * MM) > 0.1 * MM:
        fail("%s: %.1f mm, want %.1f mm" % (where, max(s["w"], s["h"]) / MM, seal_mm))
    if sx0 < left - TOL or sx1 > right + TOL or sy0 < top - TOL or sy1 > bottom + TOL:
        fail("%s: outside the type area (%.1f,%.1f)-(%.1f,%.1f)" % (where, sx0, sy0, sx1, sy1))

    def ink(l):
        x0 = l["chars"][0][0]
        x1 = max(c[0] + c[1] for c in l["chars"])
        y0 = l["top"] + (l["height"] - size) / 2
        return x0, x1, y0, y0 + size
    boxes = [ink(l) for l in name + date]
    for (x0, x1, y0, y1), l in zip(boxes, name + date):
        if not (x0 < sx1 and x1 > sx0 and y0 >= sy0 - 0.01 and y1 <= sy1 + 0.01):
            fail("%s: does not press on the %s line %r" % (where, l["kind"], l["text"]))
    if boxes:
        mid = (boxes[0][2] + boxes[-1][3]) / 2
        if (sy0 + sy1) / 2 > mid + 0.01:
            fail("%s: agency and date not below the seal's centre" % where)
    if date:
        dx0, dx1 = boxes[-1][0], boxes[-1][1]
        if abs(dx1 - (right - 4 * cell)) > TOL:
            fail("page %d: sealed date ends at %.2f, not 右空四字 (%.2f)" % (page, dx1, right - 4 * cell))
        centre = (dx0 + dx1) / 2
        if name:
            nx0, nx1 = boxes[0][0], boxes[0][1]
            if abs((nx0 + nx1) / 2 - centre) > TOL and nx1 < right - TOL:
                fail("page %d: the agency is not centred on the date" % page)
        if abs((sx0 + sx1) / 2 - centre) > TOL:
            fail("%s: not centred on the date" % where)
    # The body above: the seal's top within one line of it, and on no text.
    body = [l for l in others if l["top"] < sy0 + 0.01 or l["top"] < boxes[0][2]]
    if body:
        last = max(body, key=lambda l: l["top"])
        if sy0 - (last["top"] + last["height"]) > pitch * 1 + 0.01:
            fail("%s: its top is more than one line below the body" % where)
    for l in [l for l in lines if l["page"] == page and l["chars"]
              and l["kind"] not in ("signature", "date", "page_number", "draft")]:
        x0, x1, y0, y1 = ink(l)
        if x0 < sx1 and x1 > sx0 and y0 < sy1 and y1 > sy0:
            fail("%s: covers the text %r" % (where, l["text"][:12]))
    for c in tables_on_page:
        if c["x"] < sx1 and c["x"] + c["w"] > sx0 and c["y"] < sy1 and c["y"] + c["h"] > sy0:
            fail("%s: covers a table" % where)


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def check_pdf(pdf, dump, draft):
    rc, out = run(["qpdf", "--check", pdf])
    if rc != 0:
        fail("qpdf --check: %s" % out.strip().splitlines()[-1:])
    rc, out = run(["pdffonts", pdf])
    rows = out.splitlines()[2:]
    if not rows:
        fail("pdffonts: no fonts")
    for r in rows:
        if "Type 3" in r:
            fail("pdffonts: Type 3 font: %s" % r)
        cols = r.split()
        if cols[-5:-2] != ["yes", "yes", "yes"]:
            fail("pdffonts: not embedded, subset and with ToUnicode: %s" % r)
    rc, out = run(["pdfinfo", pdf])
    info = dict(l.split(":", 1) for l in out.splitlines() if ":" in l)
    for key in ("Title", "Author", "Subject", "Keywords", "CreationDate"):
        if not info.get(key, "").strip():
            fail("pdfinfo: no %s" % key)
    if int(info.get("Pages", "0")) != dump["pages"]:
        fail("pdfinfo: %s pages, the layout has %d" % (info.get("Pages"), dump["pages"]))
    rc, text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    flat = re.sub(r"\s+", "", text)
    for ln in dump["lines"]:
        if ln["kind"] in ("title", "heading1") and re.sub(r"\s+", "", ln["text"]) not in flat:
            fail("pdftotext: %r not in the text of the PDF" % ln["text"])
    if draft and "草稿（未通过校验）" not in flat:
        fail("pdftotext: no draft mark")
    check_continued(pdf, dump)
    # Geometry from the PDF: words of each body line, from pdftotext -bbox.
    rc, bbox = run(["pdftotext", "-bbox", pdf, "-"])
    ta = dump["type_area"]
    left, right = ta["x"], ta["x"] + ta["w"]
    page = 0
    lines = {}
    for l in bbox.splitlines():
        if "<page " in l:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', l)
        if not m:
            continue
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        word = m.group(5)
        if y0 > ta["y"] + ta["h"]:
            continue  # the page number
        # A mark compressed to 1/2 em at the line end keeps its full glyph box.
        hang = 0.5 * dump["body_size"] if word[-1] in "，。、；：？！）》”’】」』" else 0
        lead = 0.5 * dump["body_size"] if word[0] in "（《“‘【「『〔" else 0
        if x0 < left - lead - TOL or x1 > right + hang + TOL:
            fail("pdf page %d: %r outside the type area (%.1f..%.1f)" % (page, word, x0, x1))
        key = (page, round((y1 - ta["y"]) / dump["grid"]["pitch"]))
        lines.setdefault(key, []).append((x0, x1, word))
    full = 0
    for (pg, _), words in lines.items():
        words.sort()
        text = "".join(w[2] for w in words)
        if abs(words[0][0] - left) < TOL and abs(words[-1][1] - right) < TOL and \
                all(is_han(ch) for ch in text):
            full += 1
            # Lines shorter than 28 were accounted for in the layout check.
            known = any(l["text"] == text and l["kind"] == "body" for l in dump["lines"])
            if len(text) != dump["grid"]["chars"] and not known:
                fail("pdf page %d: full line of %d Han characters: %s" % (pg, len(text), text))
    return full


def check_dumps(paths):
    """--dumps: the layout checks of many dumps (no PDF), one report each."""
    bad = 0
    for p in paths:
        with open(p, encoding="utf-8") as f:
            dump = json.load(f)
        del failures[:]
        check_dump(dump, False)
        check_signature(dump, 42.0)
        for m in failures:
            print("FAIL: %s: %s" % (p, m))
        bad += bool(failures)
    print("%d dumps checked, %d failed" % (len(paths), bad))
    sys.exit(1 if bad else 0)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--dumps":
        check_dumps(args[1:])
    draft = "--draft" in args
    stress = "--stress" in args
    seal_mm = 42.0
    for a in args:
        if a.startswith("--seal-mm="):
            seal_mm = float(a.split("=", 1)[1])
    args = [a for a in args if not a.startswith("--")]
    with open(args[0], encoding="utf-8") as f:
        dump = json.load(f)
    check_dump(dump, stress)
    check_signature(dump, seal_mm)
    full = check_pdf(args[1], dump, draft)
    if stress and full == 0:
        fail("stress: the PDF has no full line of 28 Han characters to measure")
    for m in failures:
        print("FAIL:", m)
    if failures:
        sys.exit(1)
    print("ok: %d pages, %d lines, %d cells, %d full Han lines in the PDF"
          % (dump["pages"], len(dump["lines"]), len(dump["cells"]), full))


main()
