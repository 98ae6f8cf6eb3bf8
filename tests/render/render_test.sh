#!/bin/sh
# Render tests.  usage: render_test.sh MODE XXGK SRCDIR WORKDIR [SAMPLE]
#   sample SAMPLE   render it (PDF, PNG, layout dump), check everything, render
#                   again and compare bytes
#   stress          prose built to put punctuation at line starts
#   undrawable      characters no font of their role draws: refused, no PDF
#   refuse          a report with check errors: refused; --draft renders it
#   fonts           xxgk fonts names a face for every role
#   bodyface SAMPLE the body is FandolFang (fonts/fetch-fandol.sh of the Quick
#                   start); a character it lacks is drawn by the role's next
#                   face (Noto Serif CJK SC), not refused
#   date            SOURCE_DATE_EPOCH sets the creation date
#   blocks SAMPLE   table 二's blocks go on over two pages, none split
#   seal SAMPLE MAKE_SEAL
#                   a specimen seal (GB/T 9704 7.3.5.1) with the body ending on
#                   every line of a page; sealed and unsealed 落款 checked
#   pagination SAMPLE
#                   headings and paragraphs pushed down a line at a time over
#                   two pages: no orphan, no widow, no heading at a page end
#   fontdata SAMPLE the embedded font data is at most 1.1 x what hb-subset
#                   makes of the same glyphs (tests/bench/font_data.py)
set -u
mode=$1 xxgk=$2 src=$3 work=$4
mkdir -p "$work"
check="python3 $src/tests/render/check_render.py"
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
sample)
    name=$(basename "$5" .json)
    out=$work/$name
    rm -f "$out".pdf "$out"-*.png
    "$xxgk" render "$5" -o "$out.pdf" --layout-dump "$out.layout.json" --png "$out" --png-dpi 30 \
        || fail "render exited $?"
    [ -s "$out-1.png" ] || fail "no PNG"
    $check "$out.layout.json" "$out.pdf" || exit 1
    "$xxgk" render "$5" -o "$out.again.pdf" 2>/dev/null || fail "second render"
    cmp "$out.pdf" "$out.again.pdf" || fail "two renders differ"
    if ls "$work" | grep -q '\.tmp'; then fail "temporary file left behind"; fi
    ;;
stress)
    python3 "$src/tests/render/stress.py" "$5" "$work/stress.json" || exit 1
    "$xxgk" render "$work/stress.json" -o "$work/stress.pdf" --layout-dump "$work/stress.layout.json" \
        --draft || fail "render exited $?"
    $check "$work/stress.layout.json" "$work/stress.pdf" --stress --draft
    ;;
bodyface)
    "$xxgk" fonts >"$work/fonts.txt" || fail "xxgk fonts exited $?"
    grep -q '^body .* FandolFang ' "$work/fonts.txt" || { cat "$work/fonts.txt"; fail "the body is not FandolFang"; }
    python3 - "$5" "$work/rare.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
# 堃 and 燚 (names) are outside FandolFang's GB 2312 set
r["preface"][0] = r["preface"][0] + "联系人：王堃、李燚。"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    rm -f "$work/rare.pdf"
    "$xxgk" render "$work/rare.json" -o "$work/rare.pdf" 2>"$work/rare.err"
    rc=$?
    [ $rc -eq 0 ] || { cat "$work/rare.err"; fail "render of 堃 and 燚 exited $rc"; }
    pdffonts "$work/rare.pdf" >"$work/rare.fonts" || fail "pdffonts"
    cat "$work/rare.fonts"
    grep -q '+FandolFang' "$work/rare.fonts" || fail "FandolFang not embedded"
    grep -q '+NotoSerifCJK' "$work/rare.fonts" || fail "no fallback face embedded"
    pdftotext "$work/rare.pdf" - | tr -d '\n' | grep -q '王堃、李燚' || fail "王堃、李燚 not in the text"
    ;;
undrawable)
    for role in body heading2; do
        python3 "$src/tests/render/stress.py" "$5" "$work/u-$role.json" --undrawable $role || exit 1
        rm -f "$work/u-$role.pdf"
        "$xxgk" render "$work/u-$role.json" -o "$work/u-$role.pdf" --draft 2>"$work/u-$role.err"
        rc=$?
        [ $rc -eq 1 ] || fail "$role: exit $rc, want 1"
        [ -e "$work/u-$role.pdf" ] && fail "$role: a PDF was written"
        case $role in
        body) grep -q 'U+20000' "$work/u-$role.err" || fail "body: U+20000 not named" ;;
        heading2) grep -q 'U+3400' "$work/u-$role.err" && grep -q '楷体' "$work/u-$role.err" \
            || fail "heading2: U+3400 and 楷体 not named" ;;
        esac
    done
    cat "$work"/u-*.err
    ;;
refuse)
    python3 - "$5" "$work/bad.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
row = r["tables"]["applications"]["received"]
row["natural"] = row["natural"] + 7      # 总计 no longer the row sum (C02)
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    rm -f "$work/bad.pdf"
    "$xxgk" render "$work/bad.json" -o "$work/bad.pdf" 2>"$work/bad.err"
    rc=$?
    [ $rc -eq 1 ] || fail "exit $rc, want 1"
    [ -e "$work/bad.pdf" ] && fail "a PDF was written"
    grep -q 'C0' "$work/bad.err" || fail "no diagnostics printed"
    "$xxgk" render "$work/bad.json" -o "$work/bad.pdf" --draft --layout-dump "$work/bad.layout.json" \
        2>"$work/draft.err" || fail "--draft exited $?"
    $check "$work/bad.layout.json" "$work/bad.pdf" --draft
    # the draft says what it rendered past
    grep -q 'error C02' "$work/draft.err" || fail "--draft did not print the errors"
    grep -q '草稿' "$work/draft.err" || fail "--draft did not say it made a draft"
    # a report that passes with warnings: rendered, and the warnings printed
    "$xxgk" render "$src/samples/2020-hecheng.json" -o "$work/warn.pdf" 2>"$work/warn.err" \
        || fail "render of a report with warnings exited $?"
    grep -q 'warning C16' "$work/warn.err" || fail "the warnings were not printed"
    # a PNG that cannot be written: named with its reason, exit 2, the PDF stays
    "$xxgk" render "$src/samples/2020-hecheng.json" -o "$work/png.pdf" --png "$work/no/such/p" \
        2>"$work/png.err"
    rc=$?
    [ $rc -eq 2 ] || fail "unwritable PNG: exit $rc, want 2"
    grep -q "W02.*$work/no/such/p-1.png：No such file or directory" "$work/png.err" \
        || fail "unwritable PNG: $(cat "$work/png.err")"
    [ -s "$work/png.pdf" ] || fail "unwritable PNG: the PDF was not written"
    ;;
fonts)
    "$xxgk" fonts >"$work/fonts.txt" || fail "xxgk fonts exited $?"
    cat "$work/fonts.txt"
    for role in title body heading1 heading2 page_number; do
        grep -q "^$role " "$work/fonts.txt" || fail "no line for $role"
    done
    grep -q 'none installed' "$work/fonts.txt" && fail "a role without a face"
    exit 0
    ;;
fontdata)
    rm -f "$work/fontdata.pdf"
    "$xxgk" render "$5" -o "$work/fontdata.pdf" 2>/dev/null || fail "render exited $?"
    python3 "$src/tests/bench/font_data.py" "$work/fontdata.pdf" >"$work/fontdata.json" \
        || fail "font_data.py failed"
    python3 - "$work/fontdata.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for f in d["fonts"]:
    print(f"{f['font']}: {f['chars']} characters, embedded {f['stored']}, hb-subset {f['hb_subset']}")
    if not f["hb_subset"]:
        sys.exit(f"FAIL: no face found for {f['font']}: nothing to compare with")
print(f"total: embedded {d['stored']}, hb-subset {d['hb_subset']}, ratio {d['ratio']}")
if not d["fonts"] or d["ratio"] is None or d["ratio"] > 1.1:
    sys.exit(f"FAIL: embedded font data is {d['ratio']} x the hb-subset size (at most 1.1)")
PY
    ;;
seal)
    "$6" "$work/seal.png" || fail "make_seal"
    "$6" "$work/oval.png" 600 420 || fail "make_seal oval"
    rm -rf "$work/v" && python3 "$src/tests/render/seal_variants.py" "$5" "$work/v" \
        "$work/seal.png" "$work/oval.png" || exit 1
    for j in "$work"/v/*.json; do
        "$xxgk" render "$j" -o "${j%.json}.pdf" --layout-dump "${j%.json}.layout.json" 2>/dev/null \
            || fail "$(basename "$j"): render exited $?"
    done
    $check "$work/v/short-03.layout.json" "$work/v/short-03.pdf" || exit 1
    $check --dumps "$work"/v/*.layout.json || exit 1
    python3 - "$work"/v/*.layout.json <<'PY' || exit 1
import json, sys
moved = beside = 0
for p in sys.argv[1:]:
    d = json.load(open(p, encoding="utf-8"))
    moved += any(e["end"] == "seal" for e in d["page_ends"])
    s = [i for i in d["images"] if i["kind"] == "seal"]
    body = [l for l in d["lines"] if s and l["page"] == s[0]["page"] and l["kind"] == "body"]
    beside += bool(s and body and s[0]["y"] < max(l["top"] + l["height"] for l in body) - 0.01)
print("%d variants: %d moved the body's last lines with the 落款, %d set the seal beside a short "
      "last line" % (len(sys.argv) - 1, moved, beside))
# Both ways out were taken somewhere in the sweep.
if not moved or not beside:
    sys.exit("FAIL: a way of fitting the 落款 was never used")
PY
    "$xxgk" render "$work/v/short-03.json" -o "$work/again.pdf" 2>/dev/null || fail "second render"
    cmp "$work/v/short-03.pdf" "$work/again.pdf" || fail "two sealed renders differ"
    ;;
blocks)
    # Less text before table 二 (2020 Guizhou): its five blocks no longer fit
    # under the text and go on over two pages, broken between blocks only.
    python3 - "$5" "$work/blocks.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
t = r["sections"]["overview"][-1]
r["sections"]["overview"][-1] = t[:len(t) // 2] + "。"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    "$xxgk" render "$work/blocks.json" -o "$work/blocks.pdf" --layout-dump "$work/blocks.layout.json" \
        2>/dev/null || fail "render exited $?"
    $check "$work/blocks.layout.json" "$work/blocks.pdf" || exit 1
    python3 - "$work/blocks.layout.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
cells = [c for c in d["cells"] if c["table"] == "二"]
pages = sorted({c["page"] for c in cells})
blocks = {}
for c in cells:
    blocks.setdefault(c["block"], set()).add(c["page"])
print("table 二 on pages %s; blocks: %s" % (pages, {b: sorted(p) for b, p in blocks.items()}))
if len(pages) < 2:
    sys.exit("FAIL: table 二 did not go on over two pages (the test text no longer puts it there)")
if any(len(p) > 1 for p in blocks.values()):
    sys.exit("FAIL: a block of table 二 was split")
# The page before the break is used: table 二 starts on the page of the text.
text_pages = {l["page"] for l in d["lines"] if l["kind"] == "body"}
if pages[0] not in text_pages:
    sys.exit("FAIL: table 二 starts on a page of its own")
PY
    ;;
date)
    SOURCE_DATE_EPOCH=1700000000 "$xxgk" render "$5" -o "$work/date.pdf" 2>/dev/null || fail "render"
    pdfinfo -isodates "$work/date.pdf" | grep -q 'CreationDate: *2023-11-14T22:13:20' \
        || fail "creation date not from SOURCE_DATE_EPOCH: $(pdfinfo -isodates "$work/date.pdf" | grep Creation)"
    unset SOURCE_DATE_EPOCH
    "$xxgk" render "$5" -o "$work/date2.pdf" 2>/dev/null || fail "render"
    d=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['date'])" "$5")
    pdfinfo -isodates "$work/date2.pdf" | grep CreationDate
    pdfinfo -isodates "$work/date2.pdf" | grep -q "CreationDate: *$d" || \
    pdfinfo -isodates "$work/date2.pdf" | grep -q "CreationDate: *$(date -u -d "$d - 8 hours" +%Y-%m-%d 2>/dev/null)" \
        || fail "creation date not the report's date $d"
    ;;
pagination)
    rm -rf "$work/v" && python3 "$src/tests/render/pagination_variants.py" "$5" "$work/v" || exit 1
    for j in "$work"/v/*.json; do
        "$xxgk" render "$j" -o "${j%.json}.pdf" --layout-dump "${j%.json}.layout.json" 2>/dev/null \
            || fail "$(basename "$j"): render exited $?"
    done
    $check --dumps "$work"/v/*.layout.json || exit 1
    python3 - "$work"/v/*.layout.json <<'PY' || exit 1
import json, sys
seen = set()
for p in sys.argv[1:]:
    seen |= {e["end"] for e in json.load(open(p, encoding="utf-8"))["page_ends"]}
print("page ends seen:", " ".join(sorted(seen)))
# each rule was needed somewhere in the sweep
missing = {"keep", "orphan", "widow"} - seen
if missing:
    sys.exit("FAIL: never ended a page for " + ", ".join(sorted(missing)))
PY
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
