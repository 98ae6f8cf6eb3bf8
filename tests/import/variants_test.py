#!/usr/bin/env python3
"""Every sample written out the ways real pages come, each imported and its
cells compared with the sample's (`xxgk cells` of the JSON): the web page
with its tables' spans, the same with the spans flattened (as a scraper
re-emits a table), '|'-joined rows with the zeros left blank, one cell per
line, tab-separated rows, header cells split over two lines, the title in
both orders (and wrapped, and the agency above it), prose hard-wrapped at 24
to 40 characters, the text cut after every line (a subset of the cells, no
wrong and no invented value), and a .docx that LibreOffice makes of the page
(when soffice is installed).  Prints, per form, how many variants were tried
and how many came out exact; any that is not fails the test.

usage: variants_test.py DRIVER SOURCE_DIR WORK_DIR [--corpus DIR]
"""
import html
import json
import os
import shutil
import subprocess
import sys

driver, src, work = sys.argv[1:4]
corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else None
os.makedirs(work, exist_ok=True)
SAMPLES = sorted(f[:-5] for f in os.listdir(os.path.join(src, "samples")) if f.endswith(".json"))


def run_cells(path):
    p = subprocess.run([driver, "cells", path], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


# ---- the sample as a document ----------------------------------------------

def tree_depth(nodes):
    return max((1 + tree_depth(n.get("children", [])) for n in nodes), default=0)


def leaves(n):
    ch = n.get("children", [])
    return sum(leaves(c) for c in ch) if ch else 1


def header_rows(cols):
    """The column header as rows of (label, rowspan, colspan)."""
    depth = tree_depth(cols)
    rows = [[] for _ in range(depth)]

    def walk(nodes, level):
        for n in nodes:
            ch = n.get("children", [])
            rows[level].append((n["label"], 1 if ch else depth - level, leaves(n)))
            walk(ch, level + 1)
    walk(cols, 0)
    return rows


def leaf_paths(nodes, prefix=()):
    for n in nodes:
        path = prefix + (n["label"],) if n.get("label") else prefix
        if n.get("children"):
            yield from leaf_paths(n["children"], path)
        else:
            yield path


def body_rows(rows, stub_width):
    """Each leaf row as its stub cells (label, rowspan, colspan) and its path:
    a group's cell comes with its first leaf and spans its leaves."""
    out = []

    def walk(nodes, depth, prefix, pending):
        for n in nodes:
            ch = n.get("children", [])
            path = prefix + (n["label"],)
            if ch:
                walk(ch, depth + 1, path, pending + [(n["label"], leaves(n), 1)])
            else:
                out.append((pending + [(n["label"], 1, stub_width - depth)], path))
            pending = []
    walk(rows, 0, (), [])
    return out


def load_cells(sample):
    p = subprocess.run([driver, "cells", os.path.join(src, "samples", sample + ".json")],
                       capture_output=True, text=True)
    cells = {}
    for line in p.stdout.splitlines():
        s, r, c, v = line.split("\t")
        cells[(s, r, c)] = v
    return p.stdout, cells


def table_grids(sample, fmt, cells):
    """Each table of the format as a list of rows of (text, rowspan, colspan, is_value)."""
    tpl = json.load(open(os.path.join(src, "layouts", "format-%s.json" % fmt), encoding="utf-8"))
    grids = {}
    for key, sec in (("proactive", "二"), ("applications", "三"), ("reviews", "四")):
        blocks = tpl["tables"][key]["blocks"]
        width = max(len(list(leaf_paths(b["columns"]))) for b in blocks)
        rows = []
        for b in blocks:
            rdepth = tree_depth(b["rows"]) if any(r.get("label") for r in b["rows"]) else 0
            stub = rdepth
            total_w = stub + (width if b.get("title") else len(list(leaf_paths(b["columns"]))))
            if b.get("title"):
                rows.append([(b["title"], 1, 1 + width, False)])
            hr = header_rows(b["columns"])
            colpaths = ["/".join(p) for p in leaf_paths(b["columns"])]
            for i, h in enumerate(hr):
                row = []
                if i == 0 and stub:
                    row.append((b.get("stub_header", ""), len(hr), stub, False))
                extra = total_w - stub - len(colpaths)
                for j, (label, rs, cs) in enumerate(h):
                    last = j == len(h) - 1 and i == 0
                    row.append((label, rs, cs + (extra if last else 0), False))
                rows.append(row)
            if stub:
                body = body_rows(b["rows"], stub)
            else:
                body = [([], ())]
            for stubcells, path in body:
                rpath = "/".join(((b["title"],) if b.get("title") else ()) + path)
                row = [(label, rs, cs, False) for label, rs, cs in stubcells]
                extra = total_w - stub - len(colpaths)
                for j, cp in enumerate(colpaths):
                    v = cells[(sec, rpath, cp)]
                    row.append((v, 1, 1 + (extra if j == len(colpaths) - 1 else 0), True))
                rows.append(row)
        grids[key] = rows
    return grids


def paragraphs(items):
    out = []
    for p in items or []:
        if isinstance(p, str):
            out.append(p)
        elif "text" in p:
            out.append(p["heading"] + p["text"])
        else:
            out.append(p["heading"])
    return out


SECTIONS = [("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
            ("applications", "三、收到和处理政府信息公开申请情况"),
            ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
            ("problems", "五、存在的主要问题及改进情况"), ("other_matters", "六、其他需要报告的事项")]


def date_cn(d):
    y, m, dd = d.split("-")
    return "%s年%d月%d日" % (y, int(m), int(dd))


def document(js):
    """The sample as a list of ("p", text) and ("table", key)."""
    title = js.get("title") or "%s%d年政府信息公开工作年度报告" % (js["agency"], js["year"])
    doc = [("title", title)]
    doc += [("p", t) for t in paragraphs(js.get("preface"))]
    for key, heading in SECTIONS:
        doc.append(("h", heading))
        doc += [("p", t) for t in paragraphs(js["sections"].get(key))]
        if key in js["tables"]:
            doc.append(("table", key))
    if js.get("notes"):
        doc.append(("p", "（" + js["notes"] + "）"))
    doc.append(("p", js["agency"]))
    doc.append(("p", date_cn(js["date"])))
    return doc


# ---- the forms -------------------------------------------------------------

def to_html(doc, grids, spans=True):
    out = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\"><title>%s_门户网站</title>" % html.escape(doc[0][1]),
           "<style>td{border:1px solid}</style><script>var nav = '<p>不是正文</p>';</script></head><body>",
           "<div class=\"nav-menu\"><a href=\"/\">首页</a> &gt; <a href=\"#\">政府信息公开</a></div>",
           "<nav><ul><li>机构概况</li><li>政策文件</li></ul></nav>"]
    for kind, val in doc:
        if kind == "title":
            out.append("<h1 class=\"title\">%s</h1>" % html.escape(val))
        elif kind == "h":
            out.append("<p><strong>%s</strong></p>" % html.escape(val))
        elif kind == "p":
            out.append("<p>&nbsp;&nbsp;%s</p>" % html.escape(val))
        else:
            out.append("<table border=\"1\" cellspacing=\"0\">")
            for row in grids[val]:
                cells = []
                for text, rs, cs, is_v in row:
                    attrs = ""
                    if spans and rs > 1:
                        attrs += " rowspan=\"%d\"" % rs
                    if spans and cs > 1:
                        attrs += " colspan=\"%d\"" % cs
                    # a line break inside a label cell, as pages print long labels
                    t = html.escape(text)
                    if spans and not is_v and t.count("（") == 2:
                        t = t[:t.index("（", 1)] + "<br>" + t[t.index("（", 1):]
                    cells.append("<td%s>%s</td>" % (attrs, t))
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
    out.append("<div class=\"footer\">主办单位：某某 | 网站标识码 0000000000</div></body></html>")
    return "\n".join(out) + "\n"


def to_text(doc, grids, mode, title=None, wrap=0, split_headers=False):
    lines = []
    for kind, val in doc:
        if kind == "title":
            lines += (title or [val])
        elif kind in ("h", "p"):
            lines += wrapped(val, wrap) if kind == "p" else [val]
        else:
            for row in grids[val]:
                texts = [("" if (mode == "pipes-blank" and is_v and t == "0") else t)
                         for t, _, _, is_v in row]
                if mode in ("pipes", "pipes-blank"):
                    lines.append(" | ".join(texts))
                elif mode == "tabs":
                    lines.append("\t".join(texts))
                else:
                    for t, _, _, is_v in row:
                        if split_headers and not is_v and 4 <= len(t) <= 8 and not t[0] in "一二三四（(第123456789":
                            lines += [t[:len(t) // 2], t[len(t) // 2:]]
                        else:
                            lines.append(t)
    return "\n".join(lines) + "\n"


END = "。！？…；：.!?;:"


def wrapped(text, width):
    if not width or len(text) <= width:
        return [text]
    out = []
    while len(text) > width:
        k = width
        while k < len(text) - 1 and text[k - 1] in END:
            k += 1
        out.append(text[:k])
        text = text[k:]
    if text:
        out.append(text)
    return out


# ---- the checks ------------------------------------------------------------

results = {}
failures = []


def record(form, ok, what):
    t = results.setdefault(form, [0, 0])
    t[0] += 1
    t[1] += ok
    if not ok:
        failures.append("%s: %s" % (form, what))
        if len(failures) <= 30:
            print("FAIL %s: %s" % (form, what))


def exact(form, path, expected, js=None):
    rc, out, err = run_cells(path)
    ok = out == expected
    why = "cells differ"
    if ok and js is not None:
        got = subprocess.run([driver, "import", path, "-o", path + ".json", "--assume-date"],
                             capture_output=True, text=True)
        if os.path.exists(path + ".json"):
            g = json.load(open(path + ".json", encoding="utf-8"))
            for k in ("year", "agency", "format", "date"):
                if g.get(k) != js.get(k):
                    ok, why = False, "%s %r != %r" % (k, g.get(k), js.get(k))
        else:
            ok, why = False, "import exit %d: %s" % (got.returncode, got.stderr[-400:])
    if not ok and why == "cells differ":
        diff = [(a, b) for a, b in zip(out.splitlines(), expected.splitlines()) if a != b][:2]
        why += ": %s %s" % (diff, err[-300:] if not diff else "")
    record(form, ok, "%s: %s" % (os.path.basename(path), why))


def subset(form, path, expected):
    """Cut: every cell printed has the sample's value; none invented."""
    rc, out, err = run_cells(path)
    exp = {tuple(l.split("\t")[:3]): l.split("\t")[3] for l in expected.splitlines()}
    bad = []
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) == 4 and f[3] != "" and exp.get(tuple(f[:3])) != f[3]:
            bad.append(line)
    record(form, not bad, "%s: wrong or invented %s" % (os.path.basename(path), bad[:2]))
    return len(bad)


def write(name, text):
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


htmls = []
for sample in SAMPLES:
    js = json.load(open(os.path.join(src, "samples", sample + ".json"), encoding="utf-8"))
    expected, cells = load_cells(sample)
    grids = table_grids(sample, js["format"], cells)
    doc = document(js)
    h = write(sample + ".html", to_html(doc, grids))
    htmls.append(h)
    exact("HTML", h, expected, js)
    exact("HTML flattened", write(sample + ".flat.htm", to_html(doc, grids, spans=False)), expected, js)
    exact("|-rows with blanks", write(sample + ".pipes-blank.txt", to_text(doc, grids, "pipes-blank")), expected, js)
    exact("one cell per line", write(sample + ".lines.txt", to_text(doc, grids, "lines")), expected, js)
    exact("tab-separated", write(sample + ".tabs.txt", to_text(doc, grids, "tabs")), expected, js)
    exact("split headers", write(sample + ".split.txt", to_text(doc, grids, "lines", split_headers=True)), expected, js)
    ag, yr = js["agency"], js["year"]
    titles = {"agency-first": ["%s%d年政府信息公开工作年度报告" % (ag, yr)],
              "year-first": ["%d年%s政府信息公开工作年度报告" % (yr, ag)],
              "agency-above": [ag, "%d年政府信息公开工作年度报告" % yr],
              "title-wrapped": ["%s%d年政府信息公开" % (ag, yr), "工作年度报告"]}
    for name, title in titles.items():
        exact("title orders", write("%s.%s.txt" % (sample, name), to_text(doc, grids, "pipes", title=title)),
              expected, js)
    for width in (24, 28, 32, 36, 40):
        exact("wrapped 24-40", write("%s.wrap%d.txt" % (sample, width), to_text(doc, grids, "pipes", wrap=width)),
              expected, js)
    for mode in ("pipes-blank", "lines"):
        full = to_text(doc, grids, mode).splitlines(keepends=True)
        for k in range(1, len(full)):
            subset("cut at every line", write("cut.txt", "".join(full[:k])), expected)

# ---- .docx made by LibreOffice from the pages -------------------------------
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice:
    outdir = os.path.join(work, "docx")
    os.makedirs(outdir, exist_ok=True)
    p = subprocess.run([soffice, "--headless", "--norestore", "-env:UserInstallation=file://" + os.path.join(work, "lo-profile"),
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", outdir] + htmls,
                       capture_output=True, text=True, timeout=600)
    for sample in SAMPLES:
        js = json.load(open(os.path.join(src, "samples", sample + ".json"), encoding="utf-8"))
        d = os.path.join(outdir, sample + ".docx")
        if not os.path.exists(d):
            record("DOCX (LibreOffice)", False, "%s not made: %s" % (d, p.stderr[-300:]))
            continue
        exact("DOCX (LibreOffice)", d, load_cells(sample)[0], js)
        if corpus:
            shutil.copy(d, corpus)
else:
    print("DOCX variants skipped: soffice not installed (apt-get install libreoffice-writer-nogui)")
if corpus:
    for h in htmls[:2]:
        shutil.copy(h, corpus)

print()
print("%-22s %6s %6s" % ("form", "tried", "exact"))
for form, (tried, ok) in results.items():
    print("%-22s %6d %6d" % (form, tried, ok))
print("%d failure(s)" % len(failures) if failures else "every variant imports exactly (cut ones: a subset, nothing wrong or invented)")
sys.exit(1 if failures else 0)
