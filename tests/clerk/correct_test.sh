#!/bin/sh
# correct_test.sh XXGK SOURCE_DIR — checking several reports at once, and a
# correction: diff refuses a side read with errors (exit 2, the errors
# printed); --notice writes the 更正说明 (agency, report and date, each cell
# by its labels old → new, each paragraph change quoted); --json the same
# differences for a machine.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json
H=$SRC/samples/2020-hecheng.json

# several at once: each named, the worst status
printf '{"year": 2022' >"$T/broken.json"
"$XXGK" check "$Q" "$H" >"$T/out" 2>&1
[ $? -eq 0 ] || bad "check of two good reports: exit not 0"
grep -q "^$Q: 0 errors" "$T/out" && grep -q "^$H: 0 errors" "$T/out" || bad "check of two: each not named"
"$XXGK" check "$Q" "$SRC/samples/seeds/002_741307592853c9cf.txt" "$H" >"$T/out" 2>&1
[ $? -eq 1 ] || bad "check with one report in error: exit not 1"
grep -q "^$H: 0 errors" "$T/out" || bad "check: the report after the one in error not checked"
"$XXGK" check "$Q" "$T/broken.json" "$H" >"$T/out" 2>&1
[ $? -eq 2 ] || bad "check with an unreadable one: exit not 2"
"$XXGK" check --json "$Q" "$H" >"$T/out.json" 2>/dev/null
"$PY" -c "import json,sys; a=json.load(open(sys.argv[1])); assert isinstance(a, list) and len(a) == 2" "$T/out.json" || bad "check --json of two: not an array of two"

# diff never compares a side read with errors
"$XXGK" diff "$SRC/samples/seeds/002_741307592853c9cf.txt" "$H" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || bad "diff of an import with errors: exit not 2"
[ -s "$T/out" ] && bad "diff of an import with errors: differences printed"
grep -q "error S02" "$T/err" || bad "diff of an import with errors: the errors not printed"

"$PY" - "$Q" "$T/c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ov = d["sections"]["overview"]
ov[1]["text"] = ov[1]["text"].replace("主动公开政府信息12条", "主动公开政府信息13条")
d["date"] = "2023-01-30"
r = d["tables"]["applications"]["received"]; r["natural"] += 1; r.pop("total", None)
res = d["tables"]["applications"]["results"]  # answered 予以公开, so that it still sums
res["disclosed"]["natural"] += 1; res["disclosed"].pop("total", None); res.pop("total", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$XXGK" diff "$Q" "$T/c.json" --notice -o "$T/notice.txt"
[ $? -eq 1 ] || bad "notice: exit not 1"
cat >"$T/want" <<'W'
关于《衢州市机关事务保障中心2022年政务公开工作年报》的更正说明

衢州市机关事务保障中心于2023年1月28日印发的《衢州市机关事务保障中心2022年政务公开工作年报》中，有以下内容需要更正：
1. 成文日期由“2023年1月28日”更正为“2023年1月30日”。
2. 一、总体情况 第2段由“……开平台主动公开政府信息12条。通过省机关事务局网站……”更正为“……开平台主动公开政府信息13条。通过省机关事务局网站……”。
3. 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 自然人由“0”更正为“1”。
4. 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 总计由“0”更正为“1”。
5. 三、收到和处理政府信息公开申请情况 三、本年度办理结果 （一）予以公开 / 自然人由“0”更正为“1”。
6. 三、收到和处理政府信息公开申请情况 三、本年度办理结果 （一）予以公开 / 总计由“0”更正为“1”。
7. 三、收到和处理政府信息公开申请情况 三、本年度办理结果 （七）总计 / 自然人由“0”更正为“1”。
8. 三、收到和处理政府信息公开申请情况 三、本年度办理结果 （七）总计 / 总计由“0”更正为“1”。
更正后的报告已重新发布，特此说明。

衢州市机关事务保障中心
2023年1月30日
W
cmp -s "$T/notice.txt" "$T/want" || { bad "notice differs"; diff "$T/want" "$T/notice.txt"; }
"$XXGK" diff "$Q" "$T/c.json" --json >"$T/d.json"
"$PY" - "$T/d.json" <<'PY' || bad "diff --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["count"] == 8, d["count"]
cell = [x for x in d["differences"] if x["place"].endswith("一、本年新收政府信息公开申请数量 / 自然人")]
assert cell and cell[0]["old"] == "0" and cell[0]["new"] == "1" and cell[0]["kind"] == "changed", cell
PY
"$XXGK" diff "$Q" "$Q" --json >"$T/d.json"
[ $? -eq 0 ] || bad "diff --json of the same: exit not 0"
# a label holding a colon (本年收费金额（单位：万元）) stays whole in --json and
# the notice: the differences are records, not lines read back
G=$SRC/samples/2020-guizhou-jiguanshiwu.json
"$XXGK" diff "$G" "$Q" --json >"$T/d.json"
"$PY" - "$T/d.json" <<'PY' || bad "diff --json: a label with a colon cut"
import json, sys
d = json.load(open(sys.argv[1]))
fee = [x for x in d["differences"] if "本年收费金额" in x["place"]]
assert fee and all(x["place"].endswith("（单位：万元）（仅新版有此栏）") for x in fee), fee
assert fee[0]["old"] == "（无）" and fee[0]["new"] == "0", fee
PY
"$XXGK" diff "$G" "$Q" --notice >"$T/notice.txt"
grep -q "本年收费金额（单位：万元）（仅新版有此栏）由“（无）”更正为“0”。" "$T/notice.txt" ||
    bad "notice: a label with a colon cut"

# a JSON side read with errors (a key that is not the format's) is not
# compared either: it would hide the figure it holds
sed 's/"natural": 0, "commercial"/"natural": 0, "bogus": 1, "commercial"/' "$Q" >"$T/unknown.json"
"$XXGK" diff "$Q" "$T/unknown.json" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || bad "diff of a JSON with an unknown key: exit not 2"
grep -q "error S01" "$T/err" || bad "diff of a JSON with an unknown key: S01 not printed"
# the published side may carry the very error the correction fixes (a wrong
# total): compared, and the total named; the corrected side must be right
sed '/"received"/s/"total": 0/"total": 3/' "$Q" >"$T/wrong-total.json"
"$XXGK" diff "$T/wrong-total.json" "$Q" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || bad "diff from a published wrong total: exit not 1"
grep -q "一、本年新收政府信息公开申请数量 / 总计：3 → 0" "$T/out" || bad "diff from a wrong total: the total not named"
"$XXGK" diff "$Q" "$T/wrong-total.json" --notice >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || bad "diff to a corrected side with errors: exit not 2"
[ -s "$T/out" ] && bad "diff to a corrected side with errors: a notice written"
grep -q "error C02" "$T/err" || bad "diff to a corrected side with errors: C02 not printed"
exit $fail
