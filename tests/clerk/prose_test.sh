#!/bin/sh
# prose_test.sh XXGK SOURCE_DIR — what inspectors mark down in the prose,
# each with a passing and a failing case, on the 衢州 sample given figures:
#   C23: "均获维持" (and the like) while 表四 has other or pending results, of
#        the case the sentence names (行政复议 or 行政诉讼), or of both;
#   C24: every outcome category of 三、本年度办理结果 stated in a paragraph,
#        not adding up to the total stated there, or to the table's （七）总计;
#        not when a category is left unsaid;
#   C09: a stated figure equal to one sub-row's total (（四）1.) rather than
#        the category's: the message names the sub-row and the category's total.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# report APPLICATIONS_TEXT REVIEWS_TEXT > $T/r.json: 收到 300 件 (natural and
# commercial), (235 + 65) results 10/5/3/(200+65 | 12)/2/3 = 300; 行政复议 2 维持 1 纠正,
# 行政诉讼 1 维持.
report() {
  "$PY" - "$SRC/samples/2022-quzhou-jiguanshiwu.json" "$T/r.json" "$1" "$2" <<'PY'
import json, sys
src, out, apps, reviews = sys.argv[1:]
d = json.load(open(src))
a, rv = d["tables"]["applications"], d["tables"]["reviews"]
def put(row, nat, com=0):
    row.update(natural=nat, commercial=com, total=nat + com)
put(a["received"], 235, 65)
r = a["results"]
put(r["disclosed"], 10); put(r["partly_disclosed"], 5)
put(r["withheld"]["third_party_rights"], 3)
put(r["unavailable"]["not_held"], 200, 65); put(r["unavailable"]["needs_creation"], 12)
put(r["not_processed"]["repeated"], 2); put(r["other_handling"]["other"], 3, 0)
r.pop("total", None)
rv["review"].update(upheld=2, corrected=1, total=3)
rv["litigation"]["direct"].update(upheld=1, total=1)
ov = d["sections"]["overview"]
ov[2] = {"heading": "（二）依申请公开政府信息情况。", "text": apps}
ov[5] = {"heading": "（五）行政复议和诉讼情况。", "text": reviews}
json.dump(d, open(out, "w"), ensure_ascii=False)
PY
  "$XXGK" check "$T/r.json" >"$T/out" 2>&1
  [ $? -eq 0 ] || { bad "check of the report: exit not 0"; cat "$T/out"; }
}
ALL="共收到申请300件，其中予以公开10件，部分公开5件，不予公开3件，无法提供277件，不予处理2件，其他处理3件。"

# C23
report "$ALL" "本年度发生行政复议3件，均获维持；被提起行政诉讼1件，法院判决维持。"
grep -q "warning C23: 四、政府信息公开行政复议、行政诉讼情况 / 行政复议 结果纠正：正文“本年度发生行政复议3件，均获维持”说结果均为维持，但表四中有维持以外的结果：“行政复议／结果纠正”1 件" "$T/out" ||
  { bad "C23: 均获维持 with a 纠正"; grep C23 "$T/out"; }
report "$ALL" "行政复议和行政诉讼案件全部维持。"
grep -q "warning C23: .*正文“行政复议和行政诉讼案件全部维持”说结果均为维持.*“行政复议／结果纠正”1 件" "$T/out" ||
  { bad "C23: both named"; grep C23 "$T/out"; }
report "$ALL" "行政复议3件；被提起行政诉讼1件，均被维持。"
grep " C23: " "$T/out" && bad "C23 on 行政诉讼 all upheld"
report "$ALL" "行政复议3件，其中维持2件、纠正1件。"
grep " C23: " "$T/out" && bad "C23 without an all-upheld phrase"
report "$ALL" "行政复议3件。依申请公开答复满意率都维持在95%以上。"
grep " C23: " "$T/out" && bad "C23 on a level kept (都维持在)"

# C24
grep " C24: " "$T/out" && bad "C24 on categories adding up to the table's total"
report "2022年共收到政府信息公开申请300件，其中予以公开10件，部分公开5件，不予公开3件，无法提供277件，不予处理2件，其他处理4件。" "无。"
grep -q "warning C24: 三、收到和处理政府信息公开申请情况 三、本年度办理结果 （七）总计 / 总计：正文（一、总体情况）“2022年共收到政府信息公开申请300件.*所列各类办理结果（予以公开 10 件、部分公开 5 件、不予公开 3 件、无法提供 277 件、不予处理 2 件、其他处理 4 件）之和为 301 件，与表三（七）总计 300 件不符（应为 300，实为 301）" "$T/out" ||
  { bad "C24: against the table's total"; grep C24 "$T/out"; }
report "本年度办结申请299件。其中予以公开10件，部分公开5件，不予公开3件，无法提供277件，不予处理2件，其他处理3件。" "无。"
grep -q "warning C24: .*之和为 300 件，与同段所述办结总数 299 件不符（应为 299，实为 300）" "$T/out" ||
  { bad "C24: against the total stated"; grep C24 "$T/out"; }
report "共收到申请300件，其中予以公开10件，部分公开5件，不予公开3件，无法提供277件，不予处理2件。" "无。"
grep " C24: " "$T/out" && bad "C24 with a category left unsaid"

# C09: one sub-row's total
report "共收到申请300件，其中无法提供265件。" "无。"
grep -q "warning C09: .*（四）无法提供 / 总计：正文“共收到申请300件，其中无法提供265件”所述无法提供数与表格不一致；265 是“（四）无法提供 1.本机关不掌握相关政府信息”一项的数字，无法提供数合计为 277，可能只计了其中一项（应为 277，实为 265）" "$T/out" ||
  { bad "C09: the sub-row not named"; grep C09 "$T/out"; }
report "共收到申请300件，其中无法提供277件。" "无。"
grep " C09: " "$T/out" && bad "C09 on the category's total"
exit $fail
