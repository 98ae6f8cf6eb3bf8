#!/bin/sh
# notice_pdf_test.sh XXGK SOURCE_DIR — diff --notice -o NOTICE.pdf: the
# 更正说明 typeset on the page of a report (layouts/page-gbt9704.json): a
# sound PDF; its title, opening, every item of the text notice, the agency
# and the date in it; the title in the title role's face and size, the
# body in the body role's; every text line on the grid, the items indented
# as body paragraphs, the 落款 右空二字; the exit status of diff (1
# different, 0 the same, 2 refused or not written, nothing left behind).
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json

# a correction: a figure of the text, the date, two cells (still summing)
"$PY" - "$Q" "$T/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ov = d["sections"]["overview"]
ov[1]["text"] = ov[1]["text"].replace("主动公开政府信息12条", "主动公开政府信息13条")
d["date"] = "2023-01-30"
r = d["tables"]["applications"]["received"]; r["natural"] += 1; r.pop("total", None)
res = d["tables"]["applications"]["results"]
res["disclosed"]["natural"] += 1; res["disclosed"].pop("total", None); res.pop("total", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY

"$XXGK" diff "$Q" "$T/c.json" --notice >"$T/notice.txt"
"$XXGK" diff "$Q" "$T/c.json" --notice -o "$T/notice.pdf" --layout-dump "$T/dump.json"
[ $? -eq 1 ] || bad "notice pdf: exit not 1 (differences)"
qpdf --check "$T/notice.pdf" >"$T/qpdf" 2>&1 || { bad "notice pdf: qpdf --check"; cat "$T/qpdf"; }
pdftotext "$T/notice.pdf" "$T/notice.pdf.txt" || bad "notice pdf: pdftotext"
"$XXGK" fonts >"$T/fonts" 2>/dev/null
mutool draw -F stext -o "$T/stext.xml" "$T/notice.pdf" 2>/dev/null || bad "notice pdf: mutool stext"

"$PY" - "$T" "$SRC/layouts/page-gbt9704.json" <<'PY' || bad "notice pdf: text, faces or grid"
import json, re, sys
import xml.etree.ElementTree as ET
t, style_path = sys.argv[1], sys.argv[2]
ok = True
def no(msg):
    global ok
    ok = False
    print("  " + msg)
squash = lambda s: re.sub(r"\s+", "", s)
# the text notice's lines, each found in the PDF (lines joined, no spaces)
notice = open(t + "/notice.txt", encoding="utf-8").read().split("\n")
pdf = squash(open(t + "/notice.pdf.txt", encoding="utf-8").read())
want = [l for l in notice if l.strip()]
title = want[0]
assert title.startswith("关于《") and title.endswith("》的更正说明"), title
items = [l for l in want if re.match(r"\d+\. ", l)]
if len(items) != 8:
    no("the text notice has %d items, not 8" % len(items))
for l in want:
    if squash(l) not in pdf:
        no("not in the PDF: " + l)
agency, date = want[-2], want[-1]
if not re.match(r"\d{4}年\d{1,2}月\d{1,2}日$", date):
    no("the notice does not end with a date: " + date)

# the faces: the title and the body as `xxgk fonts` resolves their roles
norm = lambda s: re.sub(r"[^0-9a-z]", "", s.lower())
faces = {}
for l in open(t + "/fonts", encoding="utf-8"):
    f = re.split(r"\s{2,}", l.strip())
    if len(f) >= 3 and f[0] in ("title", "body"):
        faces[f[0]] = norm(f[1].split(" ", 1)[1])
style = json.load(open(style_path, encoding="utf-8"))
mm = 72 / 25.4
pitch = style["grid"]["line_pitch_pt"]
left = style["type_area"]["left_mm"] * mm
width = style["type_area"]["width_mm"] * mm
cell = width / style["grid"]["chars"]
size_title, size_body = style["sizes_pt"]["title"], style["sizes_pt"]["body"]
indent = style["body"]["first_line_indent_chars"] * cell
right2 = left + width - style["signature"]["right_indent_chars"] * cell

root = ET.parse(t + "/stext.xml").getroot()
pages = root.findall("page")
lines = []  # (page, font, size, baseline, [(x, c)])
for p, page in enumerate(pages):
    for line in page.iter("line"):
        for font in line.findall("font"):
            chars = [(float(c.get("x")), c.get("c")) for c in font.findall("char")]
            y = float(font.find("char").get("y"))
            lines.append((p, font.get("name").split("+")[-1], float(font.get("size")), y, chars))
def face_of(size, role):
    got = {norm(f) for p, f, s, y, ch in lines if abs(s - size) < 0.01
           and any("\u4e00" <= c <= "\u9fff" for x, c in ch)}
    if not got or not all(g.startswith(faces[role]) for g in got):
        no("%s text (%gpt) in %s, not %s" % (role, size, got, faces[role]))
face_of(size_title, "title")
face_of(size_body, "body")
# every line of the title and the body on the grid: baselines a whole
# number of pitches apart on each page
for p in range(len(pages)):
    ys = sorted({round(y, 3) for q, f, s, y, ch in lines
                 if q == p and abs(s - size_body) < 0.01 or (q == p and abs(s - size_title) < 0.01)})
    body = sorted({round(y, 3) for q, f, s, y, ch in lines if q == p and abs(s - size_body) < 0.01})
    for a, b in zip(body, body[1:]):
        k = (b - a) / pitch
        if abs(k - round(k)) > 0.01 or round(k) < 1:
            no("page %d: body baselines %.3f and %.3f not on the grid (pitch %g)" % (p + 1, a, b, pitch))
    if p == 0 and len(body) < 10:
        no("page 1 holds %d body lines" % len(body))
# the items are body paragraphs: their first line indented two characters
text_of = lambda ch: "".join(c for x, c in ch)
starts = [ch[0][0] for p, f, s, y, ch in lines if abs(s - size_body) < 0.01
          and re.match(r"\d+\.", text_of(ch))]
if len(starts) != len(items):
    no("%d item lines start with their number in the PDF, not %d" % (len(starts), len(items)))
for x in starts:
    if abs(x - (left + indent)) > 1:
        no("an item starts at x=%.2f, not at the indent %.2f" % (x, left + indent))
# the 落款: the agency 右空二字, the date under it
sig = [(p, y, ch) for p, f, s, y, ch in lines if squash(text_of(ch)) == squash(agency)]
dat = [(p, y, ch) for p, f, s, y, ch in lines if squash(text_of(ch)) == squash(date)]
if not sig or not dat:
    no("the agency or the date is not a line of its own")
else:
    p, y, ch = sig[-1]
    if abs(ch[-1][0] + cell - right2) > 1:
        no("the agency ends at %.2f, not 右空二字 (%.2f)" % (ch[-1][0] + cell, right2))
    if not (dat[-1][0] == p and abs(dat[-1][1] - y - pitch) < 0.01):
        no("the date is not on the grid line under the agency")
    if not dat[-1][2][0][0] > ch[0][0]:
        no("the date does not start right of the agency")
# page numbers on every page
for p in range(len(pages)):
    if not any(q == p and re.fullmatch(r"—\s*%d\s*—" % (p + 1), text_of(ch)) for q, f, s, y, ch in lines):
        no("page %d has no page number" % (p + 1))
sys.exit(0 if ok else 1)
PY

# the layout dump agrees: every text line of the notice on the grid
"$PY" - "$T/dump.json" <<'PY' || bad "notice pdf: the layout dump"
import json, sys
d = json.load(open(sys.argv[1]))
top, pitch = d["type_area"]["y"], d["grid"]["pitch"]
kinds = {l["kind"] for l in d["lines"]}
assert {"title", "body", "signature", "date", "page_number"} <= kinds, kinds
for l in d["lines"]:
    if l["kind"] != "page_number":
        assert abs(l["top"] - (top + l["grid"] * pitch)) < 0.01, l
        assert l["grid"] < d["grid"]["lines"], l
PY

# no source attached: a notice is not the report
"$XXGK" extract "$T/notice.pdf" -o "$T/x.json" >/dev/null 2>&1 && bad "notice pdf: carries a source"

# any other name gives the text, as before
"$XXGK" diff "$Q" "$T/c.json" --notice -o "$T/notice2.txt"
[ $? -eq 1 ] || bad "notice text: exit not 1"
cmp -s "$T/notice.txt" "$T/notice2.txt" || bad "notice text: -o NOTICE.txt differs from standard output"

# the haru backend
"$XXGK" diff "$Q" "$T/c.json" --notice -o "$T/haru.pdf" --backend haru
[ $? -eq 1 ] || bad "notice pdf (haru): exit not 1"
qpdf --check "$T/haru.pdf" >/dev/null 2>&1 || bad "notice pdf (haru): qpdf --check"
pdftotext "$T/haru.pdf" - 2>/dev/null | tr -d ' \n' | grep -q "更正后的报告已重新发布，特此说明。" ||
    bad "notice pdf (haru): the closing missing"

# nothing to correct: exit 0, no notice written (a file already there kept),
# and diff says why; the same for the text notice
echo before >"$T/same.pdf"
"$XXGK" diff "$Q" "$Q" --notice -o "$T/same.pdf" >"$T/out.same" 2>"$T/err.same"
[ $? -eq 0 ] || bad "notice pdf of the same: exit not 0"
[ "$(cat "$T/same.pdf")" = before ] || bad "notice pdf of the same: a file written"
grep -q "nothing to correct" "$T/err.same" || bad "notice pdf of the same: not said why"
"$XXGK" diff "$Q" "$Q" --notice -o "$T/same.txt" 2>"$T/err.same"
[ $? -eq 0 ] || bad "notice text of the same: exit not 0"
[ -e "$T/same.txt" ] && bad "notice text of the same: a notice written"
grep -q "nothing to correct" "$T/err.same" || bad "notice text of the same: not said why"
"$XXGK" diff "$Q" "$Q" --notice >"$T/out.same" 2>/dev/null
[ -s "$T/out.same" ] && bad "notice of the same: printed a notice"
# a run-in heading set apart otherwise is a difference (diff exits 1), not a
# correction: --notice exits 0 and writes nothing
"$PY" - "$Q" "$T/split.json" <<'PY' || bad "making split.json"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for i, p in enumerate(r["sections"]["overview"]):
    if isinstance(p, dict) and p.get("heading") and p.get("text"):
        r["sections"]["overview"][i] = p["heading"] + p["text"]
        break
else:
    sys.exit("no run-in heading in overview")
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$XXGK" diff "$Q" "$T/split.json" >/dev/null 2>&1
[ $? -eq 1 ] || bad "diff of a heading set apart: exit not 1"
"$XXGK" diff "$Q" "$T/split.json" --notice -o "$T/split.pdf" 2>"$T/err.split"
[ $? -eq 0 ] || bad "notice of a heading set apart: exit not 0"
[ -e "$T/split.pdf" ] && bad "notice of a heading set apart: a notice written"
grep -q "nothing to correct" "$T/err.split" || bad "notice of a heading set apart: not said why"

# refused (the corrected side does not sum): exit 2, the file there kept
sed '/"received"/s/"total": 0/"total": 3/' "$Q" >"$T/wrong-total.json"
mkdir "$T/out"
echo before >"$T/out/notice.pdf"
"$XXGK" diff "$Q" "$T/wrong-total.json" --notice -o "$T/out/notice.pdf" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || bad "notice pdf refused: exit not 2"
[ "$(cat "$T/out/notice.pdf")" = before ] || bad "notice pdf refused: the file there replaced"
# cannot be written: exit 2, nothing left behind
chmod a-w "$T/out"
"$XXGK" diff "$Q" "$T/c.json" --notice -o "$T/out/notice.pdf" >/dev/null 2>"$T/err"
rc=$?
chmod u+w "$T/out"
if [ -w / ]; then :; else
    [ $rc -eq 2 ] || bad "notice pdf to a folder not writable: exit not 2"
fi
[ "$(ls "$T/out")" = notice.pdf ] || bad "notice pdf: a temporary file left: $(ls "$T/out")"
# --backend and --layout-dump are for the typeset notice only
"$XXGK" diff "$Q" "$T/c.json" --notice --backend haru >/dev/null 2>&1
[ $? -eq 2 ] || bad "--backend without a PDF: exit not 2"
exit $fail
