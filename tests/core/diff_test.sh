#!/bin/sh
# diff_test.sh XXGK SOURCE_DIR — `xxgk diff` as the office correcting a
# published report meets it: a copy of a sample with known corrections
# (a cell whose total is computed, a changed figure in a paragraph, a
# paragraph inserted, one deleted, the date) lists exactly those, exit 1;
# the same report twice says nothing, exit 0; unreadable input exit 2.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
G=$SRC/samples/2020-guizhou-jiguanshiwu.json
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json

"$XXGK" diff "$Q" "$Q" >"$T/out" 2>&1
[ $? -eq 0 ] || bad "same report: exit $?"
[ -s "$T/out" ] && bad "same report: output: $(head -3 "$T/out")"

python3 - "$Q" "$G" "$T" <<'PY'
import json, sys
q, g, t = sys.argv[1:]
d = json.load(open(q))
ov = d["sections"]["overview"]
ov[1]["text"] = ov[1]["text"].replace("主动公开政府信息12条", "主动公开政府信息13条")
ov.insert(3, "新增的一段说明。")
del ov[-1]
d["date"] = "2023-01-30"
json.dump(d, open(t + "/q.json", "w"), ensure_ascii=False)
d = json.load(open(g))
r = d["tables"]["applications"]["received"]
r["natural"] += 1
del r["total"]  # computed: it changes too
# and its outcome, so that the corrected report still adds up
x = d["tables"]["applications"]["results"]["disclosed"]
x["natural"] += 1
x.pop("total", None)
d["tables"]["applications"]["results"].pop("total", None)
json.dump(d, open(t + "/g.json", "w"), ensure_ascii=False)
# a paragraph deleted and the next one corrected; a heading run into its text
d = json.load(open(q))
ov = d["sections"]["overview"]
del ov[1]
ov[1]["text"] = ov[1]["text"].replace("未收到", "收到1件")
ov[2] = {"heading": "（三）收费及减免情况。未收取费用。"}
json.dump(d, open(t + "/q2.json", "w"), ensure_ascii=False)
PY

"$XXGK" diff "$Q" "$T/q.json" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || bad "corrected quzhou: exit not 1"
cat >"$T/want" <<'W'
成文日期：2023年1月28日 → 2023年1月30日
一、总体情况 第2段：“……开平台主动公开政府信息12条。通过省机关事务局网站……” 改为 “……开平台主动公开政府信息13条。通过省机关事务局网站……”
一、总体情况 第4段 新增：“新增的一段说明。”
一、总体情况 原第7段 删去：“（六）监督保障情况。将政府信息公开纳入各处室（单位）年度工作考核，促进各处室（单位）不断提升政府信息公开工作水平。积极做好网站日常检测工作并根据相关指标要求做好日常维护整改工作。”
共 4 处不同
W
cmp -s "$T/out" "$T/want" || { bad "corrected quzhou: output differs"; diff "$T/want" "$T/out"; }

"$XXGK" diff "$G" "$T/g.json" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || bad "corrected guizhou: exit not 1"
cat >"$T/want" <<'W'
三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 自然人：1 → 2
三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 / 总计：1 → 2
三、收到和处理政府信息公开申请情况 三、本年度办理结果 （一）予以公开 / 自然人：0 → 1
三、收到和处理政府信息公开申请情况 三、本年度办理结果 （一）予以公开 / 总计：0 → 1
三、收到和处理政府信息公开申请情况 三、本年度办理结果 （七）总计 / 自然人：1 → 2
三、收到和处理政府信息公开申请情况 三、本年度办理结果 （七）总计 / 总计：1 → 2
共 6 处不同
W
cmp -s "$T/out" "$T/want" || { bad "corrected guizhou: output differs"; diff "$T/want" "$T/out"; }

"$XXGK" diff "$Q" "$T/q2.json" >"$T/out" 2>"$T/err"
cat >"$T/want" <<'W'
一、总体情况 原第2段 删去：“（一）主动公开政府信息情况。2022年1月—12月，机关事务保障中心通过衢州市政府信息公开平台主动公开政府信息12条。通过省机关事务局网站、浙里好管家微信公众号等平台发布工作信息65条。”
一、总体情况 第2段：“……府信息情况。2022年，未收到市民群众要求公开政府信息……” 改为 “……府信息情况。2022年，收到1件市民群众要求公开政府信息……”
一、总体情况 第3段：小标题与正文的划分改变（原第4段）
共 3 处不同
W
cmp -s "$T/out" "$T/want" || { bad "deleted, corrected, re-headed: output differs"; diff "$T/want" "$T/out"; }

# a seal missing on both sides is no difference
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['seal']='no-such-seal.png'; json.dump(d,open(sys.argv[2],'w'),ensure_ascii=False)" "$Q" "$T/s.json"
"$XXGK" diff "$T/s.json" "$T/s.json" >"$T/out" 2>&1
[ $? -eq 0 ] || bad "the same report with a missing seal: $(head -2 "$T/out")"

# a published PDF that carries its source compares as that source
for be in cairo haru; do
if "$XXGK" render "$Q" --backend $be -o "$T/pub.pdf" 2>/dev/null; then
    "$XXGK" diff "$T/pub.pdf" "$Q" >"$T/out" 2>&1
    [ $? -eq 0 ] || bad "published PDF against its own source: $(head -2 "$T/out")"
    "$XXGK" diff "$T/pub.pdf" "$T/q.json" >"$T/out" 2>&1
    [ $? -eq 1 ] && grep -q "^共 4 处不同$" "$T/out" || bad "published PDF against a correction: $(tail -1 "$T/out")"
    "$XXGK" render "$Q" --backend $be --no-attach-source -o "$T/plain.pdf" 2>/dev/null
    "$XXGK" diff "$T/plain.pdf" "$Q" >"$T/out" 2>"$T/err"
    [ $? -eq 2 ] && grep -q "没有附带源数据" "$T/err" || bad "$be: a PDF without its source: $(cat "$T/err")"
else
    bad "$be: render failed"
fi
done

# the reverse direction says the same in reverse
"$XXGK" diff "$T/g.json" "$G" >"$T/out" 2>&1
grep -qF "数量 / 自然人：2 → 1" "$T/out" || bad "reverse: $(head -2 "$T/out")"

# two formats: the cells only one of them has are named as such
"$XXGK" diff "$G" "$Q" >"$T/out" 2>&1
grep -q "^格式：2019 → 2021$" "$T/out" || bad "formats: no 格式 line"
grep -qF "（仅旧版有此栏）" "$T/out" || bad "formats: no cell of the old format only"

"$XXGK" diff "$Q" "$T/missing.json" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] || bad "missing input: exit not 2"
[ -s "$T/err" ] || bad "missing input: no message"
"$XXGK" diff "$Q" >"$T/out" 2>&1
[ $? -eq 2 ] || bad "one argument: exit not 2"

[ $fail -eq 0 ] && echo "diff: all passed"
exit $fail
