#!/bin/sh
# hostile_test.sh XXGK MAKE_SEAL SOURCE_DIR — xxgk as a hostile or careless
# user meets it.  Every command with a FIFO, a device, a link planted where it
# writes and a full disk; every attack that once worked (a fixed buffer cut
# inside a character, a link written through, files planted or emptied by
# extract, a hang, data lost silently) as it must end now: a clear message,
# a non-zero exit, nothing written through a link, no half-written file, the
# victim file untouched.  Each command runs under `timeout`: a hang fails the
# test instead of hanging it.
XXGK=$1
MAKE_SEAL=$2
SRC=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# run CODE WHAT COMMAND...: the exit status must be CODE ("nz": not 0); stdout
# and stderr are kept in $T/out and $T/err
run() {
    want=$1 what=$2
    shift 2
    timeout "${HOSTILE_TIMEOUT:-60}" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq 124 ]; then
        bad "$what: hung (killed after ${HOSTILE_TIMEOUT:-60} s)"
    elif [ "$want" = nz ] && [ "$got" -ne 0 ]; then
        ok
    elif [ "$want" = "$got" ]; then
        ok
    else
        bad "$what: exit $got, wanted $want: $(head -c 300 "$T/err")"
    fi
}
victim() { # the file an attack aims at must be as it was
    [ "$(cat "$T/victim")" = "do not touch" ] && ok || bad "$1: the victim file was written"
}
Q=$SRC/samples/2022-quzhou-jiguanshiwu.json
G=$SRC/samples/2020-guizhou-jiguanshiwu.json
printf 'do not touch' >"$T/victim"
mkfifo "$T/fifo.json" "$T/fifo.txt" "$T/fifo.pdf" "$T/fifo.csv"

# ---- 1. a long agency name: every buffer that holds user text ----------------
python3 - "$Q" "$T/long.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["agency"] = "衢" * 71
r.pop("title", None)
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
for be in cairo haru; do
    run 0 "1. a 71-character agency, $be" "$XXGK" render "$T/long.json" -o "$T/long-$be.pdf" --backend $be
    pdfinfo "$T/long-$be.pdf" 2>/dev/null | grep -q "Keywords:.*$(python3 -c 'print("衢"*71)')" && ok ||
        bad "1. $be: the Keywords do not hold the whole name"
done

# ---- 2. a link planted under the name of the temporary file ------------------
mkdir "$T/o"
sh -c 'ln -s "$1/victim" "$1/o/r.pdf.tmp-$$"; exec "$2" render "$3" -o "$1/o/r.pdf"' sh "$T" "$XXGK" "$Q" \
    >/dev/null 2>&1 && ok || bad "2. render beside a planted link failed"
victim "2. a planted temporary link"
pdfinfo "$T/o/r.pdf" >/dev/null 2>&1 && ok || bad "2. no PDF"
# a killed run's leftover is cleaned up by the next write of the same target
printf 'half' >"$T/o/r.pdf.xxgk-tmp-999999-abcdef"
"$XXGK" render "$Q" -o "$T/o/r.pdf" >/dev/null 2>&1
[ ! -e "$T/o/r.pdf.xxgk-tmp-999999-abcdef" ] && ok || bad "2. a killed run's temporary file stayed"
ls "$T/o" | grep -q tmp && bad "2. temporary files left: $(ls "$T/o")" || ok

# ---- 3. batch: links inside OUTDIR -------------------------------------------
mkdir -p "$T/bin" "$T/elsewhere"
cp "$Q" "$T/bin/a.json"
cp "$G" "$T/bin/b.json"
for planted in a.pdf .xxgk-journal summary.csv; do
    rm -rf "$T/bo" && mkdir "$T/bo"
    ln -s "$T/victim" "$T/bo/$planted"
    run nz "3. batch with a link as $planted" "$XXGK" batch "$T/bin" -d "$T/bo" -j 1
    victim "3. batch, $planted a link"
done
rm -rf "$T/bo" && mkdir "$T/bo"
ln -s "$T/elsewhere" "$T/bo/sub"
printf 'input,output\n%s,sub/a.pdf\n' "$T/bin/a.json" >"$T/links.csv"
run nz "3. batch into a linked sub-folder" "$XXGK" batch "$T/links.csv" -d "$T/bo"
[ -z "$(ls "$T/elsewhere")" ] && ok || bad "3. a PDF written outside OUTDIR: $(ls "$T/elsewhere")"

# ---- 4, 5. extract: no planted files, nothing emptied ------------------------
"$MAKE_SEAL" "$T/seal.png" >/dev/null || bad "make_seal"
mkdir -p "$T/ex/sub"
cp "$T/seal.png" "$T/ex/.bashrc"
cp "$T/seal.png" "$T/ex/out.json"
cp "$T/seal.png" "$T/ex/sub/x.png"
for seal in .bashrc out.json sub/x.png; do
    python3 - "$Q" "$T/ex/r.json" "$seal" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["seal"] = sys.argv[3]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    "$XXGK" render "$T/ex/r.json" -o "$T/ex/r.pdf" --draft >/dev/null 2>&1 || bad "4. render with seal $seal"
    rm -rf "$T/x" && mkdir "$T/x"
    ln -s "$T/elsewhere" "$T/x/sub"
    run nz "4. extract of a seal named $seal" "$XXGK" extract "$T/ex/r.pdf" -o "$T/x/out.json"
    [ -z "$(ls -A "$T/x" | grep -v '^sub$')" ] && [ -z "$(ls "$T/elsewhere")" ] && ok ||
        bad "4. extract wrote for seal $seal: $(ls -A "$T/x")"
done
# a seal attachment that is not a PNG
"$XXGK" render "$Q" -o "$T/plain.pdf" >/dev/null 2>&1
python3 - "$Q" "$T/ex/s.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["seal"] = "seal.png"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
printf 'not a PNG at all' >"$T/bogus.png"
qpdf "$T/plain.pdf" --replace-input --add-attachment "$T/ex/s.json" --key=source.json --replace -- 2>/dev/null
qpdf "$T/plain.pdf" --replace-input --add-attachment "$T/bogus.png" --key=seal.png -- 2>/dev/null
rm -rf "$T/x" && mkdir "$T/x"
run nz "4. extract of a seal that is not a PNG" "$XXGK" extract "$T/plain.pdf" -o "$T/x/s.json"
[ -z "$(ls -A "$T/x")" ] && ok || bad "4. extract wrote despite a bad seal: $(ls -A "$T/x")"
# 5. a damaged embedded stream: nothing written, the old JSON kept
"$XXGK" render "$Q" -o "$T/good.pdf" >/dev/null 2>&1
qpdf --qdf --object-streams=disable "$T/good.pdf" "$T/qdf.pdf"
python3 - "$T/qdf.pdf" "$T/damaged.pdf" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
i = b.index("衢州".encode())                 # inside the uncompressed source.json
b = b[:i] + b"XXXXXX" + b[i + 6:]             # same length: only the checksum tells
open(sys.argv[2], "wb").write(b)
PY
printf '{"kept": true}' >"$T/kept.json"
run 2 "5. extract of a damaged source" "$XXGK" extract "$T/damaged.pdf" -o "$T/kept.json"
[ "$(cat "$T/kept.json")" = '{"kept": true}' ] && ok || bad "5. the JSON was replaced"
grep -q '损坏' "$T/err" && ok || bad "5. no word of the damage: $(cat "$T/err")"
# a source that is not JSON is not written as one
printf 'plain text' >"$T/notjson.txt"
cp "$T/good.pdf" "$T/nj.pdf"
qpdf "$T/nj.pdf" --replace-input --add-attachment "$T/notjson.txt" --key=source.json --replace -- 2>/dev/null
run nz "extract of a source that is not JSON" "$XXGK" extract "$T/nj.pdf" -o "$T/nj.json"
[ ! -e "$T/nj.json" ] && ok || bad "a source that is not JSON was written"

# ---- 6. FIFOs and devices, every command that reads ---------------------------
for f in "$T/fifo.json" "$T/fifo.txt" "$T/fifo.pdf" /dev/zero; do
    run 2 "6. check $f" "$XXGK" check "$f"
    run 2 "6. cells $f" "$XXGK" cells "$f"
    run 2 "6. render $f" "$XXGK" render "$f" -o "$T/f.pdf"
    run 2 "6. diff $f" "$XXGK" diff "$Q" "$f"
done
run 2 "6. import a FIFO" "$XXGK" import "$T/fifo.txt" -o "$T/f.json"
run 2 "6. extract a FIFO" "$XXGK" extract "$T/fifo.pdf" -o "$T/f.json"
run 2 "6. batch a FIFO manifest" "$XXGK" batch "$T/fifo.csv" -d "$T/fo"
run 2 "6. aggregate a FIFO manifest" "$XXGK" aggregate "$T/fifo.csv" -o "$T/f.json"
run 2 "6. check --previous a FIFO" "$XXGK" check --previous "$T/fifo.json" "$Q"
printf '/dev/zero\n' >"$T/pw-dev"
run 2 "6. a device as password file" env XXGK_OWNER_PASSWORD= "$XXGK" render "$Q" -o "$T/f.pdf" --encrypt \
    --owner-password-file "$T/fifo.txt"
for seal in "$T/fifo.json" /dev/stdin /dev/zero; do
    python3 - "$Q" "$T/fs.json" "$seal" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["seal"] = os.path.relpath(sys.argv[3], os.path.dirname(sys.argv[2])) if not sys.argv[3].startswith("/dev") else sys.argv[3]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    run 1 "6. check with the seal $seal" "$XXGK" check "$T/fs.json"
    run 1 "6. render with the seal $seal" "$XXGK" render "$T/fs.json" -o "$T/f.pdf"
done
# a batch of which one input is a FIFO ends, with its summary
rm -rf "$T/fb" && mkdir -p "$T/fb/in"
cp "$Q" "$T/fb/in/a.json"
mkfifo "$T/fb/in/b.json"
run 1 "6. batch with a FIFO among the reports" "$XXGK" batch "$T/fb/in" -d "$T/fb/out"
grep -q 'b.json' "$T/fb/out/summary.csv" 2>/dev/null && ok || bad "6. no summary of the batch"

# ---- 7. a department name over 255 bytes -------------------------------------
python3 - "$T/bin/a.json" "$T/m7.csv" <<'PY'
import sys
open(sys.argv[2], "w", encoding="utf-8").write("department,input,output\n" + "部" * 120 + "," + sys.argv[1] + ",x.pdf\n")
PY
run 0 "7. batch, a long department" "$XXGK" batch "$T/m7.csv" -d "$T/b7"
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/b7/summary.json" && ok ||
    bad "7. summary.json is not valid UTF-8 JSON"
run 0 "7. the summaries merge" "$XXGK" batch --merge-summaries -d "$T/b7m" "$T/b7/summary.json"

# ---- 8. manifests: a NUL byte, a BOM ------------------------------------------
printf 'input\n%s\n\000%s\n' "$T/bin/a.json" "$T/bin/b.json" >"$T/nul.csv"
run 2 "8. a NUL byte in a manifest" "$XXGK" batch "$T/nul.csv" -d "$T/b8"
grep -q '第 3 行' "$T/err" && ok || bad "8. the line of the NUL byte not named: $(cat "$T/err")"
printf '\357\273\277input\n%s\n' "$T/bin/a.json" >"$T/bom.csv"
run 0 "8. a manifest with a UTF-8 BOM" "$XXGK" batch "$T/bom.csv" -d "$T/b8b"

# ---- 9. a full disk, and every command that writes to standard output ----------
if [ -w /dev/full ]; then
    run 2 "9. template > /dev/full" sh -c '"$1" template >/dev/full' sh "$XXGK"
    run 2 "9. cells > /dev/full" sh -c '"$1" cells "$2" >/dev/full' sh "$XXGK" "$Q"
    run 2 "9. check --json > /dev/full" sh -c '"$1" check --json "$2" >/dev/full' sh "$XXGK" "$Q"
    run 2 "9. diff > /dev/full" sh -c '"$1" diff "$2" "$3" >/dev/full' sh "$XXGK" "$Q" "$G"
    run 2 "9. import -o - > /dev/full" sh -c '"$1" import "$2" -o - >/dev/full' sh "$XXGK" \
        "$SRC/samples/seeds/004_d85570ef8ddfd07a.txt"
    grep -q 'standard output' "$T/err" && ok || bad "9. no message: $(cat "$T/err")"
fi
# a file output on a full disk: nothing half-written, the old file kept
printf 'old' >"$T/full.pdf"
run nz "9. render to a full disk" sh -c 'ulimit -f 20; exec "$1" render "$2" -o "$3"' sh "$XXGK" "$Q" "$T/full.pdf"
[ "$(cat "$T/full.pdf")" = old ] && ok || bad "9. the old file was not kept"

# ---- what else a careless user does -------------------------------------------
python3 - "$Q" "$T/ctl.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["sections"]["problems"].append("复制来的文字\u0007带着响铃\u001b[31m和终端控制。")
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run 1 "control characters: check says so" "$XXGK" check "$T/ctl.json"
grep -q 'S10' "$T/out" && ok || bad "no S10 for a control character"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then bad "an ESC sent raw to the terminal"; else ok; fi
python3 - "$Q" "$T/esc.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["\u001b]0;owned\u0007"] = 1
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run 1 "a key with escape sequences" "$XXGK" check "$T/esc.json"
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then bad "an ESC of a key sent raw to the terminal"; else ok; fi
for dpi in nan 0.5 1e9 -3 12x; do
    run 2 "--png-dpi $dpi" "$XXGK" render "$Q" -o "$T/d.pdf" --png "$T/d" --png-dpi "$dpi"
done
truncate -s 1G "$T/huge.pdf"
run 2 "a 1 GB PDF to extract" "$XXGK" extract "$T/huge.pdf" -o "$T/h.json"
run 2 "a 1 GB PDF to diff" "$XXGK" diff "$T/huge.pdf" "$Q"
rm -f "$T/huge.pdf"
for seal in ../seal.png /etc/passwd; do
    python3 - "$Q" "$T/ex/p.json" "$seal" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["seal"] = sys.argv[3]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    run 1 "a seal path $seal" "$XXGK" check "$T/ex/p.json"
    grep -q 'S09' "$T/out" && ok || bad "no S09 for the seal path $seal"
done
if [ -d /proc/1 ]; then
    run 2 "an OUTDIR that cannot be written" "$XXGK" batch "$T/bin" -d /proc/1
    grep -q 'B01' "$T/err" && ok || bad "no B01 for an OUTDIR that cannot be written: $(cat "$T/err")"
fi
python3 - "$Q" "$T/para.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["sections"]["problems"].append("很长的段落。" * 500000)
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
run 1 "a paragraph of 3 million characters: check" "$XXGK" check "$T/para.json"
grep -q 'S04' "$T/out" && ok || bad "no S04 for a paragraph too long"
run 1 "… render --draft refuses it" "$XXGK" render "$T/para.json" -o "$T/para.pdf" --draft
[ ! -e "$T/para.pdf" ] && ok || bad "a PDF of a paragraph too long"
# … without laying it out: the memory stays that of reading it (under 800 MB
# even under the sanitizers; laid out, it took 1.5 GB)
python3 - "$XXGK" "$T/para.json" "$T/para.pdf" <<'PY' && ok || bad "render --draft of a paragraph too long took too much memory"
import resource, subprocess, sys
subprocess.run([sys.argv[1], "render", sys.argv[2], "-o", sys.argv[3], "--draft"],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.exit(0 if rss_kb < 800 * 1024 else 1)
PY

# text with CR-only line endings (old Mac files, some Word exports)
S4=$SRC/samples/seeds/004_d85570ef8ddfd07a.txt
tr '\n' '\r' <"$S4" >"$T/cr.txt"
"$XXGK" cells "$S4" >"$T/lf.cells" 2>/dev/null
run 0 "a text with CR line endings" "$XXGK" cells "$T/cr.txt"
cmp -s "$T/out" "$T/lf.cells" && ok || bad "CR line endings read otherwise than LF"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
