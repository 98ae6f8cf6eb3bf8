#!/bin/sh
# outputs.sh XXGK MAKE_SEAL SRCDIR WORKDIR — makes every output xxgk gives for
# the samples and the published texts (PDF of both backends, with and without
# the attached source, a seal, a draft, PNG, layout dump, cells, check, diff,
# import, template, aggregate; each command's standard output, standard error
# and exit status) and prints one "sha256  name" line per output, sorted.
#
# The golden test compares these lines with tests/golden/digests.sha256: a
# change of the code that is meant to leave the output alone (a refactoring)
# must leave every line as it is.  A change that is meant to change the output
# updates the file in the same commit (tests/golden/update.sh), so the review
# sees exactly which outputs moved.  The digests hold for the fonts of the
# Quick start on Debian 12 (another font version moves the PDFs and PNGs).
#
# Inputs are copied under fixed names into WORKDIR and every command runs
# there, so the messages name the same files wherever the repository is.
set -u
xxgk=$(realpath "$1") make_seal=$(realpath "$2") src=$(realpath "$3") work=$4
rm -rf "$work"
mkdir -p "$work/in" "$work/out"
cd "$work" || exit 2
cp "$src"/samples/*.json in/
cp "$src"/samples/seeds/*.txt in/
"$make_seal" in/seal.png >/dev/null || exit 2
export SOURCE_DATE_EPOCH=
unset SOURCE_DATE_EPOCH XXGK_LAYOUT_DIR XXGK_FONT_DIR XXGK_TRUETYPE_FONTS XXGK_OWNER_PASSWORD

# run NAME COMMAND...: stdout to out/NAME.out, stderr to out/NAME.err, the
# exit status to out/NAME.rc
run() {
    name=$1
    shift
    "$@" >"out/$name.out" 2>"out/$name.err"
    echo $? >"out/$name.rc"
}

for f in in/20*.json; do
    n=$(basename "$f" .json)
    run "$n.render" "$xxgk" render "$f" -o "out/$n.pdf" --layout-dump "out/$n.layout.json"
    run "$n.render-tt" "$xxgk" render "$f" -o "out/$n.tt.pdf" --truetype-fonts
    run "$n.render-haru" "$xxgk" render "$f" -o "out/$n.haru.pdf" --backend haru \
        --layout-dump "out/$n.haru.layout.json"
    run "$n.render-haru-src" "$xxgk" render "$f" -o "out/$n.haru-src.pdf" --backend haru --attach-source
    run "$n.cells" "$xxgk" cells "$f"
    run "$n.check" "$xxgk" check "$f"
    run "$n.check-json" "$xxgk" check --json "$f"
    run "$n.diff-self" "$xxgk" diff "$f" "$f"
done
run quzhou.png "$xxgk" render in/2022-quzhou-jiguanshiwu.json -o out/quzhou.png.pdf --png out/quzhou --png-dpi 40
run shiyan.stdin sh -c "'$xxgk' check - <in/2020-shiyan-jiguanshiwu.json"
run check-previous "$xxgk" check --previous in/2020-shangqiu-minzheng.json in/2022-quzhou-jiguanshiwu.json

# a sealed report on both backends, the seal attached and extracted
python3 - <<'PY' || exit 2
import json
r = json.load(open("in/2022-quzhou-jiguanshiwu.json", encoding="utf-8"))
r["seal"] = "seal.png"
json.dump(r, open("in/sealed.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
r = json.load(open("in/2020-guizhou-jiguanshiwu.json", encoding="utf-8"))
r["tables"]["applications"]["received"]["natural"] += 3   # C02, C01
r["sections"]["overview"].insert(1, {"heading": "（一）新增的小标题"})
r["date"] = "2020-12-30"                                   # D02
json.dump(r, open("in/broken.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
r = json.load(open("in/2020-guizhou-jiguanshiwu.json", encoding="utf-8"))
r["sections"]["overview"][0] = r["sections"]["overview"][0].replace("2020", "2021", 1)
r["tables"]["applications"]["received"]["natural"] += 1
del r["tables"]["applications"]["received"]["total"]
res = r["tables"]["applications"]["results"]              # answered, so 三 still sums
res["disclosed"]["natural"] += 1; res["disclosed"].pop("total", None); res.pop("total", None)
r["date"] = "2021-01-19"
json.dump(r, open("in/corrected.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
run sealed.render "$xxgk" render in/sealed.json -o out/sealed.pdf --layout-dump out/sealed.layout.json
run sealed.render-haru-src "$xxgk" render in/sealed.json -o out/sealed.haru-src.pdf --backend haru --attach-source
mkdir -p out/extracted
run sealed.extract "$xxgk" extract out/sealed.haru-src.pdf -o out/extracted/sealed.json
run broken.check "$xxgk" check in/broken.json
run broken.check-json "$xxgk" check --json in/broken.json
run broken.render "$xxgk" render in/broken.json -o out/broken.pdf
run broken.draft "$xxgk" render in/broken.json -o out/broken.draft.pdf --draft
run corrected.diff "$xxgk" diff in/2020-guizhou-jiguanshiwu.json in/corrected.json
run corrected.diff-pdf "$xxgk" diff out/2020-guizhou-jiguanshiwu.haru-src.pdf in/corrected.json

# the published texts: import, and the commands that read them directly
for f in in/0*.txt; do
    n=$(basename "$f" .txt)
    run "$n.import" "$xxgk" import "$f" -o "out/$n.json" --partial
    run "$n.cells" "$xxgk" cells "$f"
    run "$n.check-json" "$xxgk" check --json "$f"
done
run shiyan.diff-seed "$xxgk" diff in/2020-shiyan-jiguanshiwu.json in/000_66df8ac17934f989.txt
run quzhou.diff-seed "$xxgk" diff in/2022-quzhou-jiguanshiwu.json in/004_d85570ef8ddfd07a.txt
run seed.render "$xxgk" render in/004_d85570ef8ddfd07a.txt -o out/004.pdf --draft

run template-2019 "$xxgk" template --format 2019
run template-2021 "$xxgk" template --year 2024
mkdir -p agg && cp in/20*.json agg/
run aggregate "$xxgk" aggregate agg -o out/county.json
run fonts "$xxgk" fonts
# the Fandol faces are found in the source tree, wherever it is
sed "s|$src/|SRC/|" out/fonts.out >out/fonts.out.tmp && mv out/fonts.out.tmp out/fonts.out
run fonts-tt "$xxgk" fonts --truetype

cd out || exit 2
find . -type f | LC_ALL=C sort | while read -r f; do
    sha256sum "$f"
done
