#!/bin/sh
# xlsx_test.sh XXGK SOURCE_DIR — the workbook as a clerk uses it:
#   - every sample exported and read back gives the same report (diff exit 0),
#     the same bytes twice;
#   - a blank workbook of 2023 filled by a script (openpyxl): the agency and
#     date typed, figures typed in 三, a row inserted above the table, the
#     sheet moved and renamed, the formulas' cached values gone (openpyxl
#     keeps none): imported, checked (no error), rendered, the figures found
#     in the PDF's text;
#   - the same workbook re-saved by LibreOffice Calc reads back the same;
#   - a total typed over its formula that disagrees is reported (C02, its
#     place in labels), exit 1.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
# openpyxl is Debian's (python3-openpyxl): the system Python, not one a user put first
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
bad() { fail=1; echo "FAIL: $*"; }

for f in "$SRC"/samples/*.json; do
  b=$(basename "$f" .json)
  "$XXGK" export "$f" -o "$T/$b.xlsx" || bad "$b: export exit $?"
  "$XXGK" export "$f" -o "$T/$b-2.xlsx"
  cmp -s "$T/$b.xlsx" "$T/$b-2.xlsx" || bad "$b: two exports differ"
  "$XXGK" diff "$f" "$T/$b.xlsx" >"$T/out" 2>&1 || { bad "$b: read back differs"; head "$T/out"; }
done

"$XXGK" template --year 2023 -o "$T/blank.xlsx" || bad "template -o blank.xlsx: exit $?"
"$PY" - "$T" <<'PY' || bad "openpyxl fill"
import sys, openpyxl
t = sys.argv[1]
wb = openpyxl.load_workbook(t + "/blank.xlsx")
text = wb["报告信息与正文"]
for row in text.iter_rows():
    if row[0].value == "发文机关": row[1].value = "某某县民政局"
    if row[0].value == "成文日期": row[1].value = "2024-01-20"
ws = wb["三、收到和处理政府信息公开申请情况"]
def row_of(label):
    for r in ws.iter_rows():
        for c in r:
            if c.value == label: return c.row
col = {c.value: c.column for c in ws[4] if c.value}  # 自然人 … in the header's second row
for label, n in [("一、本年新收政府信息公开申请数量", 7), ("（一）予以公开", 6), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1)]:
    ws.cell(row_of(label), col["自然人"]).value = n
# a clerk's blank row above the table, the merged labels moving with it
ws.insert_rows(2)
for m in list(ws.merged_cells.ranges):
    if m.min_row >= 2: m.shift(0, 1)
wb.move_sheet(ws, offset=-3)
ws.title = "申请"
wb.save(t + "/filled.xlsx")
# a typed total that disagrees
ws.cell(row_of("一、本年新收政府信息公开申请数量"), col["总计"]).value = 9
wb.save(t + "/typed.xlsx")
PY

"$XXGK" import "$T/filled.xlsx" -o "$T/filled.json" 2>"$T/err" || { bad "import filled: exit $?"; cat "$T/err"; }
"$XXGK" cells "$T/filled.xlsx" >"$T/cells" 2>/dev/null
grep -q "^三	一、本年新收政府信息公开申请数量	申请人情况/总计	7$" "$T/cells" || bad "filled: 总计 of 一 not recomputed as 7"
grep -q "^三	三、本年度办理结果/（七）总计	申请人情况/自然人	7$" "$T/cells" || bad "filled: （七）总计 not 7"
"$XXGK" check "$T/filled.xlsx" >"$T/out" 2>&1 || { bad "check filled: exit $?"; cat "$T/out"; }
"$XXGK" render "$T/filled.xlsx" -o "$T/filled.pdf" >"$T/out" 2>&1 || { bad "render filled: exit $?"; cat "$T/out"; }
pdftotext "$T/filled.pdf" - | grep -q "某某县民政局 2023 年" || bad "filled: title not in the PDF"

soffice --headless --calc --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$T/lo" "$T/filled.xlsx" >/dev/null 2>&1
[ -s "$T/lo/filled.xlsx" ] || bad "LibreOffice did not re-save the workbook"
"$XXGK" diff "$T/filled.xlsx" "$T/lo/filled.xlsx" >"$T/out" 2>&1 || { bad "LibreOffice re-save reads back differently"; head "$T/out"; }

"$XXGK" check "$T/typed.xlsx" >"$T/out" 2>&1
[ $? -eq 1 ] || bad "typed total: check exit not 1"
grep -q "error C02: 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 总计" "$T/out" || { bad "typed total: no C02 at its cell"; cat "$T/out"; }
# cells --csv: what Excel opens in Chinese (UTF-8 with its BOM), the same cells as the TSV
"$XXGK" cells --csv "$SRC/samples/2020-hecheng.json" >"$T/cells.csv" 2>/dev/null
"$XXGK" cells "$SRC/samples/2020-hecheng.json" >"$T/cells.tsv" 2>/dev/null
"$PY" - "$T/cells.csv" "$T/cells.tsv" <<'PY' || bad "cells --csv"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), raw[:8]
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0] == ["部分", "行", "列", "数值"], rows[0]
tsv = [l.split("\t") for l in open(sys.argv[2], encoding="utf-8").read().splitlines()]
assert rows[1:] == tsv, (rows[1], tsv[0])
PY
# import CELLS --into REPORT: the cells a spreadsheet saved (CSV with BOM, TSV, GB18030) replace
# the report's; a line naming no cell is an error and nothing is written
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json
"$XXGK" cells --csv "$Q" 2>/dev/null | sed 's|^三,一、本年新收政府信息公开申请数量,申请人情况/自然人,0$|三,一、本年新收政府信息公开申请数量,申请人情况/自然人,4|; s|^三,一、本年新收政府信息公开申请数量,申请人情况/总计,0$|三,一、本年新收政府信息公开申请数量,申请人情况/总计,4|' >"$T/e.csv"
tail -c +4 "$T/e.csv" | iconv -f UTF-8 -t GB18030 >"$T/g.csv"
tail -c +4 "$T/e.csv" | tr ',' '\t' >"$T/e.tsv"
for f in e.csv g.csv e.tsv; do
  "$XXGK" import "$T/$f" --into "$Q" -o "$T/into.json" 2>"$T/err" || { bad "--into $f: exit $?"; cat "$T/err"; }
  # (the edit leaves 三 unbalanced, which diff refuses for a corrected side:
  # the cells themselves are compared)
  "$XXGK" cells "$Q" >"$T/before" 2>/dev/null
  "$XXGK" cells "$T/into.json" >"$T/after" 2>/dev/null
  diff "$T/before" "$T/after" | grep '^>' >"$T/out"
  grep -q "^> 三	一、本年新收政府信息公开申请数量	申请人情况/自然人	4$" "$T/out" && [ "$(wc -l <"$T/out")" -eq 2 ] || { bad "--into $f: the cells"; cat "$T/out"; }
  rm -f "$T/into.json"
done
sed 's/^三,/九,/' "$T/e.csv" >"$T/bad.csv"
"$XXGK" import "$T/bad.csv" --into "$Q" -o "$T/into.json" 2>"$T/err"
[ $? -eq 1 ] || bad "--into a line naming no cell: exit not 1"
n=$(grep -n '^九,' "$T/bad.csv" | head -1 | cut -d: -f1)
grep -q "error T05: 第 $n 行不是报告表格中的单元格" "$T/err" || bad "--into: no T05 for line $n"
[ "$(grep -c 'error T05' "$T/err")" -eq "$(grep -c '^九,' "$T/bad.csv")" ] || bad "--into: not one T05 per bad line"
[ -e "$T/into.json" ] && bad "--into with errors: written"
exit $fail
