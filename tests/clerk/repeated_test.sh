#!/bin/sh
# repeated_test.sh XXGK SOURCE_DIR — C22, `check --previous LAST`: the share of
# the prose repeated from last year's report.
#   - next-year's draft (the text kept): C22, the paragraphs named;
#   - the draft lightly edited (every year and figure changed, a clause
#     added in every third clause, no paragraph identical: no C18): still C22;
#   - a text of its own (another agency's report as last year's): no C22;
#   - a 3-million-character paragraph each year: C22 found, within the
#     test's timeout (a quadratic comparison would take hours).
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=1; echo "FAIL: $*"; }
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json

"$XXGK" next-year "$Q" -o "$T/next.json"
"$XXGK" check --previous "$Q" "$T/next.json" >"$T/out" 2>&1
grep -q "warning C22: 全文：正文有 9[0-9]% 与上年报告相同.*一、总体情况第 1 段 100%.*（应为 不超过 50%，实为 9[0-9]%）" "$T/out" ||
  { bad "C22: next-year's draft"; grep C22 "$T/out"; }

"$PY" - "$T/next.json" "$T/edited.json" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
def edit(p):
    p = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), p)
    parts = p.split("，")
    return "，".join(x + ("，进一步压实工作责任" if i % 3 == 1 else "") for i, x in enumerate(parts))
def edit_item(p):
    if isinstance(p, str):
        return edit(p)
    if p.get("text"):
        p["text"] = edit(p["text"])
    return p
d["preface"] = [edit_item(p) for p in d.get("preface", [])]
for k, v in d["sections"].items():
    if isinstance(v, list):
        d["sections"][k] = [edit_item(p) for p in v]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$XXGK" check --previous "$Q" "$T/edited.json" >"$T/out" 2>&1
grep " C18: 一、总体情况" "$T/out" && bad "the edited draft has paragraphs identical to last year's"
grep -q "warning C22: 全文：正文有 [5-9][0-9]% 与上年报告相同.*与上年相同超过一半的段落：前言第 1 段 [5-9][0-9]%、一、总体情况第 1 段 [5-9][0-9]%" "$T/out" ||
  { bad "C22: a lightly edited draft"; grep C22 "$T/out"; }

"$PY" - "$SRC/samples/2020-hecheng.json" "$T/other.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["year"] = 2021
for k in ("date", "title", "format"):
    d.pop(k, None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$XXGK" check --previous "$T/other.json" "$Q" >"$T/out" 2>&1
grep " C22: " "$T/out" && bad "C22 on a text of its own"

"$PY" - "$Q" "$T" <<'PY'
import json, random, sys
q, t = sys.argv[1:]
random.seed(2)
han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
big = "".join(random.choice(han) for _ in range(3000000))
d = json.load(open(q))
d["sections"]["overview"] = [big]
json.dump(d, open(t + "/bigprev.json", "w"), ensure_ascii=False)
d["year"] = 2023
d.pop("title", None)
d["sections"]["overview"] = [big[:1500000] + "本年新增的一段话，" + big[1500000:]]
json.dump(d, open(t + "/bigcur.json", "w"), ensure_ascii=False)
PY
"$XXGK" check --previous "$T/bigprev.json" "$T/bigcur.json" >"$T/out" 2>&1
grep -q "warning C22: 全文：正文有 100% 与上年报告相同.*一、总体情况第 1 段 100%" "$T/out" ||
  { bad "C22: a 3-million-character paragraph"; grep C22 "$T/out" | cut -c1-300; }
exit $fail
