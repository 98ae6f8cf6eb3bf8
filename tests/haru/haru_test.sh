#!/bin/sh
# Tests of the libharu backend, and of what qpdf adds to every backend's PDF
# (the attached source, the encryption).
# usage: haru_test.sh MODE XXGK SRCDIR WORKDIR [SAMPLE]
#   sample SAMPLE   cairo (TrueType fonts) and haru: same text, every word within
#                   0.1 pt (pdftotext -bbox), same metadata, pages and bookmarks;
#                   haru at most 1.2 x the cairo size; qpdf --check; fonts embedded
#                   and subset; two haru renders give the same bytes
#   encrypt SAMPLE  --encrypt, both backends: AES-256 (R6), print allowed, changing
#                   and copying not, no user password (qpdf); the password from a
#                   file or the environment, never an argument; random salts (two
#                   renders differ in bytes, not in text); the source still extracts
#   attach SAMPLE   both backends: the source attached by default, extract gives the
#                   input back, rendering the extracted JSON gives the same PDF;
#                   --no-attach-source attaches nothing
#   looks SAMPLE    the 小标宋 title emboldened (2 Tr, size/30) when its face is
#                   regular, nothing else
#   latin SAMPLE    Latin and digits in the role's proportional Latin face (roles.json
#                   "latin"): 1111 narrower than 0000 in the layout dump, the face in
#                   pdffonts and `xxgk fonts --truetype`, every glyph where the dump
#                   puts it (0.05 pt), an fi of an e-mail address drawn (no ligature)
#   norole SAMPLE   a role with no TrueType face: an error naming the role
#   rare SAMPLE     a character above U+FFFF: refused, nothing written
#   batch SAMPLE    batch --backend haru --encrypt: each PDF holds what render makes
#                   with the same options, locked, with its source; --resume with
#                   another password renders again, with the same one skips, the
#                   journal never holds the password; the usage errors
#   failures SAMPLE MAKE_SEAL
#                   on both backends: a full disk (ulimit -f), a missing folder,
#                   a target that is a folder or a device; seals that do not
#                   decode, 0 x 0 or 20000 x 20000 pixels: an error, exit
#                   non-zero, no file and no temporary left; two seals give
#                   two file identifiers; password files: BOM, CRLF, too long,
#                   not ASCII, a NUL, a folder
#   seal SAMPLE MAKE_SEAL
#                   a seal (PNG with alpha) on the last page: both backends as in
#                   sample mode (text, positions, size); attached with the source,
#                   extracted beside it, rendered again to the same bytes
set -u
mode=$1 xxgk=$2 src=$3 work=$4
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
here=$src/tests/haru

case $mode in
sample)
    name=$(basename "$5" .json)
    c=$work/$name.cairo.pdf h=$work/$name.haru.pdf
    rm -f "$c" "$h"
    "$xxgk" render "$5" -o "$c" --truetype-fonts 2>"$work/$name.cairo.err" \
        || fail "cairo render exited $?: $(cat "$work/$name.cairo.err")"
    "$xxgk" render "$5" -o "$h" --backend haru 2>"$work/$name.haru.err" \
        || fail "haru render exited $?: $(cat "$work/$name.haru.err")"
    python3 "$here/compare_bbox.py" "$c" "$h" 0.1 || fail "text or positions differ"
    python3 "$here/compare_meta.py" "$c" "$h" || fail "metadata, pages or bookmarks differ"
    sc=$(stat -c %s "$c") sh=$(stat -c %s "$h")
    echo "size: cairo $sc, haru $sh"
    [ $((sh * 10)) -le $((sc * 12)) ] || fail "haru PDF $sh bytes > 1.2 x cairo $sc"
    qpdf --check "$h" >"$work/$name.qpdf" 2>&1 || fail "qpdf --check: $(cat "$work/$name.qpdf")"
    pdffonts "$h" >"$work/$name.fonts" 2>&1 || fail "pdffonts"
    cat "$work/$name.fonts"
    grep -q 'Syntax\|Error' "$work/$name.fonts" && fail "poppler complains about the fonts"
    tail -n +3 "$work/$name.fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" \
        { print; bad = 1 } END { exit bad }' || fail "a font not embedded, subset, with ToUnicode"
    tail -n +3 "$work/$name.fonts" | grep -qv 'CID TrueType' && fail "a font that is not CID TrueType"
    "$xxgk" render "$5" -o "$work/$name.again.pdf" --backend haru 2>/dev/null || fail "second render"
    cmp "$h" "$work/$name.again.pdf" || fail "two haru renders differ"
    if ls "$work" | grep -q '\.tmp'; then fail "temporary file left behind"; fi
    ;;
encrypt)
    # AES-256 (R6) by qpdf after the backend, whichever backend
    printf 'owner-Secret 1\n' >"$work/pw"
    for be in cairo haru; do
        out=$work/enc-$be.pdf
        rm -f "$out" "$work"/enc2-$be.pdf
        "$xxgk" render "$5" -o "$out" --backend $be --encrypt --owner-password-file "$work/pw" \
            2>/dev/null || fail "$be: render --encrypt exited $?"
        qpdf --show-encryption "$out" >"$work/enc.txt" 2>&1 || fail "$be: qpdf --show-encryption"
        for want in 'R = 6' 'User password = $' 'print low resolution: allowed' \
                    'print high resolution: allowed' 'modify other: not allowed' \
                    'modify annotations: not allowed' 'modify forms: not allowed' \
                    'modify document assembly: not allowed' 'extract for any purpose: not allowed' \
                    'extract for accessibility: allowed' 'stream encryption method: AESv3'; do
            grep -q "$want" "$work/enc.txt" || fail "$be: qpdf --show-encryption: no '$want'"
        done
        qpdf --show-encryption "$out" | grep -q 'Supplied password is user password' \
            || fail "$be: the empty user password does not open it"
        qpdf --requires-password "$out"; rc=$?
        [ $rc -eq 3 ] || fail "$be: qpdf --requires-password exited $rc: want 3 (encrypted, no password needed)"
        qpdf --password='owner-Secret 1' --show-encryption "$out" | grep -q 'Supplied password is owner password' \
            || fail "$be: the owner password is not the one in the file"
        qpdf --check "$out" >/dev/null 2>&1 || fail "$be: qpdf --check on the encrypted file"
        pdftotext "$out" - 2>/dev/null | grep -q '政府信息公开' || fail "$be: the encrypted file does not open"
        # the environment variable; random salts: other bytes, the same pages
        XXGK_OWNER_PASSWORD='owner-Secret 1' "$xxgk" render "$5" -o "$work/enc2-$be.pdf" \
            --backend $be --encrypt 2>/dev/null || fail "$be: render with XXGK_OWNER_PASSWORD exited $?"
        pdftotext "$out" "$work/t1" && pdftotext "$work/enc2-$be.pdf" "$work/t2" && cmp "$work/t1" "$work/t2" \
            || fail "$be: two encrypted renders hold different text"
        cmp -s "$out" "$work/enc2-$be.pdf" && fail "$be: two encrypted renders have the same salts"
        "$xxgk" extract "$out" -o "$work/enc-$be.json" && cmp "$5" "$work/enc-$be.json" \
            || fail "$be: the source of the encrypted PDF"
    done
    # never on the command line; none at all
    "$xxgk" render "$5" -o "$work/no.pdf" --encrypt --owner-password x 2>"$work/e1"
    [ $? -eq 2 ] && grep -q 'never an argument' "$work/e1" || fail "--owner-password accepted"
    env -u XXGK_OWNER_PASSWORD "$xxgk" render "$5" -o "$work/no.pdf" --encrypt 2>"$work/e2"
    [ $? -eq 2 ] && grep -q 'XXGK_OWNER_PASSWORD' "$work/e2" || fail "--encrypt without a password"
    [ -e "$work/no.pdf" ] && fail "a PDF written on a usage error"
    exit 0
    ;;
attach)
    # the source is attached by default, whichever backend
    for be in cairo haru; do
        out=$work/att-$be.pdf
        rm -f "$out" "$work"/att2-$be.pdf "$work"/extracted-$be.json
        "$xxgk" render "$5" -o "$out" --backend $be 2>/dev/null || fail "$be: render exited $?"
        pdfdetach -list "$out" | grep -q 'source.json' || fail "$be: pdfdetach lists no source.json"
        qpdf --check "$out" >/dev/null 2>&1 || fail "$be: qpdf --check"
        "$xxgk" extract "$out" -o "$work/extracted-$be.json" || fail "$be: extract exited $?"
        cmp "$5" "$work/extracted-$be.json" || fail "$be: the extracted JSON is not the input"
        cp "$work/extracted-$be.json" "$work/copy.json"
        "$xxgk" render "$work/copy.json" -o "$work/att2-$be.pdf" --backend $be 2>/dev/null \
            || fail "$be: render of the extracted JSON"
        cmp "$out" "$work/att2-$be.pdf" || fail "$be: extract → render does not give the same PDF"
        "$xxgk" render "$5" -o "$work/att-none-$be.pdf" --backend $be --no-attach-source 2>/dev/null \
            || fail "$be: render --no-attach-source"
        pdfdetach -list "$work/att-none-$be.pdf" | grep -q 'source.json' && fail "$be: --no-attach-source attached"
        "$xxgk" extract "$work/att-none-$be.pdf" -o "$work/none.json" 2>"$work/e2"
        [ $? -eq 1 ] && grep -q '没有附件' "$work/e2" || fail "$be: extract from a PDF without attachment"
        [ -e "$work/none.json" ] && fail "$be: extract wrote a file"
    done
    exit 0
    ;;
looks)
    # The title in a regular Song is stroked as well as filled (2 Tr, a
    # line of size/30), nothing else is.
    "$xxgk" render "$5" -o "$work/looks.pdf" --backend haru --layout-dump "$work/dump.json" \
        2>/dev/null || fail "render exit $?"
    "$xxgk" fonts --truetype 2>/dev/null | grep -q '^title .* Bold ' &&
        { echo "the title face is bold: nothing to embolden"; exit 0; }
    qpdf --qdf --object-streams=disable "$work/looks.pdf" "$work/looks-qdf.pdf" ||
        fail "qpdf --qdf"
    python3 - "$work/looks-qdf.pdf" "$work/dump.json" <<'PY' || fail "looks"
import json, re, sys
pdf = open(sys.argv[1], 'rb').read().decode('latin-1')
dump = json.load(open(sys.argv[2]))
texts = re.findall(r'BT\n(.*?)ET', pdf, re.S)
bold = [t for t in texts if re.search(r'^2 Tr$', t, re.M)]
# the title's two lines (first page, largest type) and nothing else
title_y = [round(dump['paper']['h'] - l['baseline'], 3) for l in dump['lines']
           if l['kind'] == 'title']
ys = {round(float(m), 3) for t in bold for m in re.findall(r'^1 0 0 1 \S+ (\S+) Tm', t, re.M)}
print('emboldened text objects', len(bold), 'of', len(texts), 'baselines', sorted(ys),
      'title baselines', title_y)
assert bold, 'no text object in render mode 2'
assert ys and all(any(abs(y - t) < 0.01 for t in title_y) for y in ys), 'not the title'
for t in bold:
    size = float(re.search(r' (\S+) Tf$', t, re.M).group(1))
    lw = float(re.search(r'^(\S+) w$', t, re.M).group(1))
    assert abs(lw - size / 30) < 0.001, 'stroke width %g at %g pt, not size/30' % (lw, size)
PY
    exit 0
    ;;
latin)
    # the Quick start installs fonts-crosextra-caladea: its absence is a failure
    "$xxgk" fonts --truetype >"$work/fonts" 2>&1
    grep -q '^ .*Caladea.*latin$' "$work/fonts" || fail "no Latin face: $(cat "$work/fonts")"
    python3 - "$5" "$work/latin.json" <<'PY' || fail "making the report"
import json, sys
r = json.load(open(sys.argv[1]))
r["preface"].append("本年共受理1111件，较上年0000件有所变化；来信请寄office@example.gov.cn，"
                    "或访问http://www.example.gov.cn/xxgk/index.html查询。")
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False)
PY
    "$xxgk" render "$work/latin.json" -o "$work/latin.pdf" --backend haru \
        --layout-dump "$work/dump.json" 2>"$work/err" || fail "render exit $?: $(cat "$work/err")"
    pdffonts "$work/latin.pdf" >"$work/pdffonts" 2>&1 || fail "pdffonts"
    grep -q 'Caladea' "$work/pdffonts" || fail "Caladea not in the PDF: $(cat "$work/pdffonts")"
    mutool draw -q -F stext -o "$work/stext.xml" "$work/latin.pdf" || fail "mutool stext"
    python3 - "$work/dump.json" "$work/stext.xml" <<'PY' || fail "latin"
import html, json, re, sys
dump = json.load(open(sys.argv[1]))
lines = [l for l in dump["lines"] if "chars" in l]
text = "".join(c[2] for l in lines for c in l["chars"])
def run_width(s):
    for l in lines:
        t = "".join(c[2] for c in l["chars"])
        k = t.find(s)
        if k >= 0:
            cs = l["chars"][k:k + len(s)]
            return cs[-1][0] + cs[-1][1] - cs[0][0]
    raise SystemExit("not in one line: " + s)
ones, zeros = run_width("1111"), run_width("0000")
print("1111: %.2f pt, 0000: %.2f pt" % (ones, zeros))
assert zeros - ones > 1.0, "digits of one width (monospaced Latin)"
assert "office@example.gov.cn" in text, "the address is not in the dump"
# every Latin glyph of the dump's lines drawn where the dump puts it
got = {}
for pi, chunk in enumerate(open(sys.argv[2], encoding="utf-8").read().split("<page ")[1:], 1):
    for x, y, c in re.findall(r'<char quad="[^"]*" x="([-\d.]+)" y="([-\d.]+)"[^>]* c="([^"]*)"/>', chunk):
        got.setdefault((pi, html.unescape(c)), []).append((float(x), float(y)))
worst, n = 0.0, 0
for l in lines:
    for c in l["chars"]:
        if len(c[2]) != 1 or not ("!" <= c[2] <= "~"):
            continue
        cand = got.get((l["page"], c[2]), [])
        assert cand, "%r of page %d not drawn" % (c[2], l["page"])
        d = min(max(abs(x - c[0]), abs(y - l["baseline"])) for x, y in cand)
        worst = max(worst, d)
        n += 1
print("%d Latin glyphs, largest distance from the dump %.4f pt" % (n, worst))
assert n > 60, "too few Latin glyphs found"
assert worst <= 0.05, "a glyph %.3f pt away from its place" % worst
PY
    exit 0
    ;;
norole)
    # fontconfig sees the Noto (CFF) and AR PL faces only: 黑体 has no TrueType face
    mkdir -p "$work/cache"
    cat >"$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/opentype/noto</dir>
  <dir>/usr/share/fonts/truetype/arphic</dir>
  <cachedir>$work/cache</cachedir>
</fontconfig>
CONF
    rm -f "$work/norole.pdf"
    FONTCONFIG_FILE=$work/fonts.conf "$xxgk" render "$5" -o "$work/norole.pdf" --backend haru \
        2>"$work/err"; rc=$?
    cat "$work/err"
    [ $rc -eq 1 ] || fail "exit $rc, want 1"
    grep -q 'heading1' "$work/err" && grep -q 'TrueType' "$work/err" || fail "the error does not name the role"
    grep -q 'title\|body\|heading2\|page_number' "$work/err" && fail "a role with a TrueType face reported"
    [ -e "$work/norole.pdf" ] && fail "a PDF written"
    FONTCONFIG_FILE=$work/fonts.conf "$xxgk" fonts --truetype >/dev/null 2>&1 && fail "fonts --truetype exit 0"
    exit 0
    ;;
rare)
    # a name with U+20000: no TrueType face here draws it, so the layout refuses
    # it first (the backend's own refusal is tested by haru_unit); either way
    # an error naming the character and nothing written
    python3 - "$5" "$work/rare.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
def put(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if isinstance(v, str) and len(v) > 40:
                o[k] = v[:10] + "\U00020000" + v[10:]
                return True
            if put(v):
                return True
    elif isinstance(o, list):
        for v in o:
            if put(v):
                return True
    return False
put(r)
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    rm -f "$work/rare.pdf"
    "$xxgk" render "$work/rare.json" -o "$work/rare.pdf" --backend haru --draft 2>"$work/err"; rc=$?
    cat "$work/err"
    [ $rc -ne 0 ] || fail "rendered"
    grep -q 'U+20000' "$work/err" || fail "the error does not name U+20000"
    [ -e "$work/rare.pdf" ] && fail "a PDF written"
    exit 0
    ;;
batch)
    rm -rf "$work/in" "$work/out" "$work/out2" && mkdir -p "$work/in" || exit 1
    cp "$5" "$work/in/a.json" && cp "$src/samples/2020-hecheng.json" "$work/in/b.json" || exit 1
    printf 'owner-Secret 2\n' >"$work/pw"
    "$xxgk" batch "$work/in" -d "$work/out" -j 2 --backend haru --encrypt \
        --owner-password-file "$work/pw" 2>"$work/batch.err" \
        || fail "batch --backend haru exited $?: $(cat "$work/batch.err")"
    for n in a b; do
        "$xxgk" render "$work/in/$n.json" -o "$work/$n.pdf" --backend haru --encrypt \
            --owner-password-file "$work/pw" 2>/dev/null || fail "render $n"
        # encrypted: random salts; the decrypted content is what render makes
        qpdf --password='owner-Secret 2' --decrypt "$work/out/$n.pdf" "$work/$n.batch.dec.pdf" &&
            qpdf --password='owner-Secret 2' --decrypt "$work/$n.pdf" "$work/$n.render.dec.pdf" \
            || fail "decrypt $n"
        pdftotext "$work/$n.batch.dec.pdf" "$work/$n.t1" && pdftotext "$work/$n.render.dec.pdf" "$work/$n.t2" &&
            cmp "$work/$n.t1" "$work/$n.t2" || fail "batch and render differ for $n"
        qpdf --show-encryption "$work/out/$n.pdf" | grep -q 'modify other: not allowed' \
            || fail "$n.pdf is not locked"
        "$xxgk" extract "$work/out/$n.pdf" -o "$work/$n.extracted.json" || fail "extract $n"
        cmp "$work/in/$n.json" "$work/$n.extracted.json" || fail "the source attached to $n differs"
    done
    # --resume with another password renders again; with the same one it skips
    printf 'owner-Secret 3\n' >"$work/pw3"
    "$xxgk" batch "$work/in" -d "$work/out" --backend haru --encrypt --owner-password-file "$work/pw3" \
        --resume 2>/dev/null || fail "batch --resume, another password"
    grep -c ',rendered,' "$work/out/summary.csv" | grep -qx 2 || fail "another password: not rendered again"
    grep -q 'owner-Secret' "$work/out/.xxgk-journal" && fail "the journal holds the password"
    "$xxgk" batch "$work/in" -d "$work/out" --backend haru --encrypt --owner-password-file "$work/pw3" \
        --resume 2>/dev/null || fail "batch --resume, the same password"
    grep -c ',skipped,' "$work/out/summary.csv" | grep -qx 2 || fail "the same password: not skipped"
    env -u XXGK_OWNER_PASSWORD "$xxgk" batch "$work/in" -d "$work/out2" --backend haru --encrypt 2>"$work/e2"
    [ $? -eq 2 ] && grep -q 'XXGK_OWNER_PASSWORD' "$work/e2" || fail "batch --encrypt without a password"
    [ -e "$work/out2" ] && fail "batch wrote something on a usage error"
    exit 0
    ;;
failures)
    rm -rf "$work/f" && mkdir -p "$work/f" || exit 1
    f=$work/f
    "$6" "$f/seal.png" || fail "make_seal"
    "$6" "$f/seal2.png" 300 300 || fail "make_seal 2"
    python3 - "$5" "$f" <<'PY' || exit 1
import json, struct, sys, zlib
base, d = sys.argv[1], sys.argv[2]
png = open(d + "/seal.png", "rb").read()
def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data))
def with_size(w, h):
    ihdr = png[16:29]
    return png[:8] + chunk(b"IHDR", struct.pack(">II", w, h) + ihdr[8:]) + png[33:]
i = png.index(b"IDAT")
broken = bytearray(png); broken[i + 4] ^= 0xFF; broken[i + 5] ^= 0xFF   # zlib header
variants = {"badidat": bytes(broken), "zero": with_size(0, 0), "huge": with_size(20000, 20000),
            "seal": None, "seal2": None}
r = json.load(open(base, encoding="utf-8"))
for name, data in variants.items():
    if data is not None:
        open(f"{d}/{name}.png", "wb").write(data)
    r["seal"] = f"{name}.png"
    json.dump(r, open(f"{d}/{name}.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
    for be in cairo haru; do
        for v in badidat zero huge; do
            "$xxgk" render "$f/$v.json" --backend $be -o "$f/$v-$be.pdf" 2>"$f/err"; rc=$?
            [ $rc -eq 1 ] && grep -q 'S09' "$f/err" || fail "$be, seal $v: exit $rc, $(cat "$f/err")"
            [ -e "$f/$v-$be.pdf" ] && fail "$be, seal $v: a PDF written"
        done
        # a full disk: the PDF is bigger than the limit
        (trap '' XFSZ; ulimit -f 64; "$xxgk" render "$5" --backend $be -o "$f/full-$be.pdf" 2>"$f/err"); rc=$?
        [ $rc -eq 2 ] && grep -q '无法写入' "$f/err" || fail "$be, full disk: exit $rc, $(cat "$f/err")"
        [ -e "$f/full-$be.pdf" ] && fail "$be, full disk: a truncated PDF left"
        "$xxgk" render "$5" --backend $be -o "$f/no/such/dir.pdf" 2>"$f/err"; rc=$?
        [ $rc -eq 2 ] && grep -q 'No such file' "$f/err" || fail "$be, missing folder: exit $rc, $(cat "$f/err")"
        mkdir -p "$f/adir.pdf"
        "$xxgk" render "$5" --backend $be -o "$f/adir.pdf" 2>"$f/err"; rc=$?
        [ $rc -eq 2 ] && grep -q '文件夹' "$f/err" && [ -d "$f/adir.pdf" ] || fail "$be, a folder as target: exit $rc"
        mkfifo "$f/fifo.pdf" 2>/dev/null && {
            "$xxgk" render "$5" --backend $be -o "$f/fifo.pdf" 2>"$f/err"; rc=$?
            [ $rc -eq 2 ] && [ -p "$f/fifo.pdf" ] || fail "$be, a fifo as target replaced (exit $rc)"
            rm -f "$f/fifo.pdf"
        }
    done
    ls "$f" | grep -q '\.tmp-' && fail "a temporary file left: $(ls "$f")"
    # two seals, the same password: two identifiers
    printf 'owner-Secret 3\n' >"$f/pw"
    for v in seal seal2; do
        "$xxgk" render "$f/$v.json" --backend haru --encrypt --owner-password-file "$f/pw" \
            -o "$f/$v.pdf" 2>/dev/null || fail "render $v"
    done
    id1=$(qpdf --show-object=trailer "$f/seal.pdf" 2>/dev/null | grep -o '/ID \[ <[0-9a-f]*>' )
    id2=$(qpdf --show-object=trailer "$f/seal2.pdf" 2>/dev/null | grep -o '/ID \[ <[0-9a-f]*>' )
    [ -n "$id1" ] && [ "$id1" != "$id2" ] || fail "two seals share the file identifier ($id1)"
    # password files
    printf '\357\273\277bom-Pass\r\n' >"$f/pw-bom"
    "$xxgk" render "$5" --backend haru --encrypt --owner-password-file "$f/pw-bom" -o "$f/bom.pdf" \
        2>/dev/null || fail "a password file with a BOM and CRLF"
    qpdf --password=bom-Pass --show-encryption "$f/bom.pdf" | grep -q 'Supplied password is owner password' \
        || fail "the BOM or the CR became part of the password"
    printf 'A%.0s' $(seq 128) >"$f/pw-long"
    printf 'p\303\244ss\n' >"$f/pw-utf8"
    printf 'a\000b\n' >"$f/pw-nul"
    for p in pw-long pw-utf8 pw-nul .; do
        "$xxgk" render "$5" --backend haru --encrypt --owner-password-file "$f/$p" -o "$f/p.pdf" 2>"$f/err"; rc=$?
        [ $rc -eq 2 ] && grep -q 'password' "$f/err" || fail "password file $p: exit $rc, $(cat "$f/err")"
        [ -e "$f/p.pdf" ] && fail "password file $p: a PDF written"
    done
    exit 0
    ;;
seal)
    "$6" "$work/seal.png" || fail "make_seal"
    python3 - "$5" "$work/sealed.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["seal"] = "seal.png"
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
    sh "$0" sample "$xxgk" "$src" "$work" "$work/sealed.json" || exit 1
    pdfimages -list "$work/sealed.haru.pdf" | grep -q smask || fail "no seal image with its alpha"
    # the seal travels with the attached source: extract puts both back, and
    # they render the same PDF again
    rm -rf "$work/x" && mkdir -p "$work/x"
    "$xxgk" render "$work/sealed.json" -o "$work/att.pdf" --backend haru --attach-source 2>/dev/null \
        || fail "render --attach-source of the sealed report"
    pdfdetach -list "$work/att.pdf" | grep -q 'seal.png' || fail "the seal is not attached"
    "$xxgk" extract "$work/att.pdf" -o "$work/x/src.json" || fail "extract exited $?"
    cmp "$work/seal.png" "$work/x/seal.png" || fail "the extracted seal differs"
    "$xxgk" render "$work/x/src.json" -o "$work/att2.pdf" --backend haru --attach-source 2>/dev/null \
        || fail "render of the extracted sealed report"
    cmp "$work/att.pdf" "$work/att2.pdf" || fail "extract → render of a sealed report is not the same PDF"
    # an existing different seal is not replaced
    cp "$here/owner-password.txt" "$work/x/seal.png"
    "$xxgk" extract "$work/att.pdf" -o "$work/x/src2.json" 2>"$work/e"; rc=$?
    [ $rc -eq 1 ] && grep -q '未覆盖' "$work/e" && cmp -s "$here/owner-password.txt" "$work/x/seal.png" \
        || fail "extract replaced a different seal.png (exit $rc)"
    [ -e "$work/x/src2.json" ] && fail "extract wrote a JSON that names the wrong seal"
    exit 0
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
