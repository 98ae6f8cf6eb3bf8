#!/bin/sh
# cli_test.sh XXGK SOURCE_DIR — the xxgk command as a user meets it: exit
# codes, messages, --json, template, cells, and unreadable input.
XXGK=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect CODE DESCRIPTION -- command...
expect() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; cat "$T/out" "$T/err" | head -5; fi
}
contains() { # FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in output"; head -5 "$1"; fi
}

# --- every sample passes check, and cells match the expectation ---
for f in "$SRC"/samples/*.json; do
    n=$(basename "$f" .json)
    expect 0 "check $n" -- "$XXGK" check "$f"
    expect 0 "cells $n" -- "$XXGK" cells "$f"
    if cmp -s "$T/out" "$SRC/tests/expected/$n.cells"; then ok; else bad "cells $n differ from tests/expected/$n.cells"; diff "$T/out" "$SRC/tests/expected/$n.cells" | head -5; fi
    if command -v python3 >/dev/null; then
        python3 "$SRC/tests/core/cells_oracle.py" "$SRC/layouts" "$f" >"$T/oracle"
        if cmp -s "$T/oracle" "$SRC/tests/expected/$n.cells"; then ok; else bad "oracle disagrees with tests/expected/$n.cells"; fi
    fi
done

# --- omitted totals are computed: same cells as with them given ---
python3 - "$SRC/samples/2020-guizhou-jiguanshiwu.json" "$T/nototals.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def strip(o):
    if isinstance(o, dict):
        o.pop("total", None)
        for v in o.values(): strip(v)
strip(d["tables"]["applications"]); strip(d["tables"]["reviews"])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect 0 "check without totals" -- "$XXGK" check "$T/nototals.json"
expect 0 "cells without totals" -- "$XXGK" cells "$T/nototals.json"
if cmp -s "$T/out" "$SRC/tests/expected/2020-guizhou-jiguanshiwu.cells"; then ok; else bad "computed totals differ"; diff "$T/out" "$SRC/tests/expected/2020-guizhou-jiguanshiwu.cells" | head; fi

# --- template: complete, zero, and passes check ---
for fmt in 2019 2021; do
    expect 0 "template $fmt" -- "$XXGK" template --format $fmt
    cp "$T/out" "$T/t$fmt.json"
    expect 0 "template $fmt passes check" -- "$XXGK" check "$T/t$fmt.json"
    expect 0 "cells of template $fmt" -- "$XXGK" cells "$T/t$fmt.json"
    cells=$(wc -l <"$T/out")
    [ "$fmt" = 2019 ] && want=198 || want=200
    if [ "$cells" -eq "$want" ]; then ok; else bad "template $fmt has $cells cells, wanted $want"; fi
    if cut -f4 "$T/out" | grep -qv '^0$'; then bad "template $fmt has a non-zero cell"; else ok; fi
done
expect 0 "template by year" -- "$XXGK" template --year 2020
contains "$T/out" '"format": "2019"' "template --year 2020 gives the 2019 format"
expect 2 "template unknown format" -- "$XXGK" template --format 2018

# --- a broken sum: exit 1, Chinese place, path, line:column, values ---
sed 's/"received": {"natural": 0, "commercial": 0, "research": 0, "public_welfare": 0, "legal_services": 0, "other": 0, "total": 0}/"received": {"natural": 2, "commercial": 0, "research": 0, "public_welfare": 0, "legal_services": 0, "other": 0, "total": 3}/' \
    "$SRC/samples/2022-quzhou-jiguanshiwu.json" >"$T/broken.json"
if cmp -s "$T/broken.json" "$SRC/samples/2022-quzhou-jiguanshiwu.json"; then bad "test setup: sed changed nothing"; fi
expect 1 "check broken sums" -- "$XXGK" check "$T/broken.json"
contains "$T/out" "error C02" "C02 reported"
contains "$T/out" "一、本年新收政府信息公开申请数量 / 总计" "C02 names row and column"
contains "$T/out" "应为 2，实为 3" "C02 expected and actual"
contains "$T/out" "[/tables/applications/received/total]" "C02 JSON path"
contains "$T/out" "broken.json:50:" "C02 line number"
contains "$T/out" "error C01" "C01 reported"
expect 1 "check --json" -- "$XXGK" check --json "$T/broken.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]>=2 and any(x["rule"]=="C02" and x["expected"]=="2" and x["line"]==50 for x in d["diagnostics"])' "$T/out"; then ok; else bad "--json output"; fi

# --- typo protection: unknown key with suggestion ---
sed 's/"agency":/"agnecy":/' "$SRC/samples/2022-quzhou-jiguanshiwu.json" >"$T/typo.json"
expect 1 "unknown key" -- "$XXGK" check "$T/typo.json"
contains "$T/out" '是否应为 "agency"' "nearest key suggested"

# --- unreadable input: exit 2, a message, never a crash ---
printf '{"year": 2022,,}' >"$T/syntax.json"
expect 2 "syntax error" -- "$XXGK" check "$T/syntax.json"
contains "$T/err" "syntax.json:1:" "syntax error position"
contains "$T/err" "最后一项后多了逗号" "syntax error said in Chinese"
printf '{"year": 2022 "agency": "x"}' >"$T/comma.json"
expect 2 "missing comma" -- "$XXGK" check "$T/comma.json"
contains "$T/err" "少了逗号" "missing comma said in Chinese"
printf '{"agency": "\262\273"}' >"$T/gbk.json"
expect 2 "not UTF-8" -- "$XXGK" check "$T/gbk.json"
contains "$T/err" "UTF-8" "encoding named"
expect 2 "missing file" -- "$XXGK" check "$T/nonexistent.json"
expect 2 "directory" -- "$XXGK" check "$T"
truncate -s 1G "$T/huge.json"
expect 2 "1 GB file" -- "$XXGK" check "$T/huge.json"
contains "$T/err" "输入过大" "size limit named"
: >"$T/empty.json"
expect 2 "empty file" -- "$XXGK" check "$T/empty.json"
python3 -c 'print("[" * 200000 + "]" * 200000)' >"$T/deep.json"
expect 2 "deep nesting" -- "$XXGK" check "$T/deep.json"
printf '{"year": 2022, "agency": "x", "date": "2023-01-20", "tables": {"applications": {"received": {"natural": 123456789012345678901234567890}}}}' >"$T/bignum.json"
expect 2 "huge number" -- "$XXGK" check "$T/bignum.json"
printf '{"year": "2022", "agency": 5, "date": "2023-01-20", "sections": [], "tables": {}}' >"$T/types.json"
expect 1 "wrong types" -- "$XXGK" check "$T/types.json"
contains "$T/out" "error S03" "type error reported"

# --- the JSON Schema: up to date with the templates, accepts what check accepts ---
if python3 -c 'import jsonschema' 2>/dev/null; then
    python3 "$SRC/tests/core/gen_schema.py" "$SRC/layouts" >"$T/schema.json"
    if cmp -s "$T/schema.json" "$SRC/layouts/report.schema.json"; then ok; else bad "layouts/report.schema.json is stale: run tests/core/gen_schema.py layouts > layouts/report.schema.json"; fi
    if python3 - "$SRC/layouts/report.schema.json" "$SRC"/samples/*.json "$T/t2019.json" "$T/t2021.json" <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft7Validator(json.load(open(sys.argv[1])))
bad = [(f, e.message) for f in sys.argv[2:] for e in v.iter_errors(json.load(open(f)))]
typo = json.load(open(sys.argv[2])); typo["tables"]["applications"]["received"]["naturel"] = 1
sys.exit(1 if bad or not list(v.iter_errors(typo)) else 0)
PY
    then ok; else bad "schema rejects a valid report or accepts a typo"; fi
else
    echo "note: python3-jsonschema not installed, schema not tested"
fi

# --- usage ---
expect 2 "no command" -- "$XXGK"
expect 2 "unknown command" -- "$XXGK" frobnicate
expect 2 "check without file" -- "$XXGK" check
expect 2 "unknown option" -- "$XXGK" check --frob x.json
expect 0 "help" -- "$XXGK" help
contains "$T/out" "usage: xxgk" "help text"
expect 0 "a command's --help" -- "$XXGK" batch --help
contains "$T/out" "usage: xxgk" "batch --help text"
expect 2 "template --format without a value" -- "$XXGK" template --format
contains "$T/err" "needs a value" "template --format message"

# --- cells says when the input contradicts itself ---
python3 - "$SRC/samples/2020-hecheng.json" "$T/c02.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["tables"]["applications"]["received"]["total"] = 99999
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
expect 1 "cells of a report with a wrong total" -- "$XXGK" cells "$T/c02.json"
contains "$T/err" "C02" "cells names the wrong total"
[ "$(wc -l <"$T/out")" -gt 100 ] && ok || bad "cells printed nothing for a report with errors"

# --- layouts: an unreadable XXGK_LAYOUT_DIR or a broken format file stops everything ---
mkdir "$T/lay"
sed 's/"sections"/"sectionz"/' "$SRC/layouts/format-2021.json" >"$T/lay/format-2021.json"
for dir in "$T/no-such-dir" "$T/lay"; do
    XXGK_LAYOUT_DIR=$dir expect 2 "check with XXGK_LAYOUT_DIR=$dir" -- "$XXGK" check "$SRC/samples/2020-hecheng.json"
    contains "$T/err" "L01" "L01 with XXGK_LAYOUT_DIR=$dir"
    XXGK_LAYOUT_DIR=$dir expect 2 "template with XXGK_LAYOUT_DIR=$dir" -- "$XXGK" template
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
