#!/bin/sh
# bench.sh [BUILD_DIR] — the figures in README's "Performance": time per
# report (cold, whole process), batch throughput with -j 2 over a generated
# county of 100 departments, PDF bytes, embedded font data against
# hb-subset of the same glyphs, and peak memory per worker.
# Needs: python3, hb-subset (libharfbuzz-bin), mutool (mupdf-tools), qpdf,
# GNU time (time).  Not a test: it measures, it does not judge.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build}
XXGK=$BUILD/xxgk
[ -x "$XXGK" ] || { echo "build first: $XXGK not found" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
runs=11
sample=$SRC/samples/2022-quzhou-jiguanshiwu.json

python3 "$SRC/tests/bench/gen_county.py" "$SRC/samples" "$T/county" 100

# one report, whole process, cold: a new process each time (fonts found,
# loaded, laid out, written), median of $runs
python3 - "$XXGK" "$sample" "$T/one.pdf" "$runs" >"$T/single" <<'PY'
import subprocess, sys, time, statistics
xxgk, sample, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([xxgk, "render", sample, "-o", out], check=True, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.1f}")
PY
single_ms=$(cat "$T/single")

# the county, two workers
/usr/bin/time -f '%e %M' -o "$T/batch.time" "$XXGK" batch "$T/county" -d "$T/out" -j 2 2>/dev/null
read -r secs maxrss_kb <"$T/batch.time"
per_s=$(python3 -c "print(f'{100 / $secs:.1f}')")
avg_bytes=$(python3 -c "import json; d=json.load(open('$T/out/summary.json'))['reports']; print(sum(r['bytes'] for r in d)//len(d))")
pages=$(pdfinfo "$T/out/dept-001.pdf" | awk '/^Pages/{print $2}')

# peak memory of one worker: one process rendering one report
/usr/bin/time -f '%M' -o "$T/one.time" "$XXGK" render "$sample" -o "$T/one.pdf" 2>/dev/null
one_rss_kb=$(cat "$T/one.time")

fonts=$(python3 "$SRC/tests/bench/font_data.py" "$T/one.pdf")
stored=$(echo "$fonts" | python3 -c "import json,sys; print(json.load(sys.stdin)['stored'])")
hb=$(echo "$fonts" | python3 -c "import json,sys; print(json.load(sys.stdin)['hb_subset'])")
ratio=$(echo "$fonts" | python3 -c "import json,sys; print(json.load(sys.stdin)['ratio'])")
sample_bytes=$(stat -c %s "$T/one.pdf")

cat <<EOT
| figure | measured | target |
|---|---|---|
| one report, whole process, cold (median of $runs, $(basename "$sample")) | ${single_ms} ms | ≤ 40 ms |
| county of 100 departments, \`batch -j 2\` | ${per_s} reports/s (${secs} s) | ≥ 50 reports/s |
| PDF bytes per report (county average, ${pages} pages each; the sample: ${sample_bytes}) | ${avg_bytes} | — |
| embedded font data / hb-subset of the same glyphs (the sample) | ${stored} / ${hb} = ${ratio} | ≤ 1.1 |
| peak memory of one worker (one report) | $((one_rss_kb / 1024)) MiB | ≤ 80 MiB |
| peak memory of the batch (largest process) | $((maxrss_kb / 1024)) MiB | — |
EOT
echo
echo "machine: $(nproc) cores, $(uname -m); $(date -u +%Y-%m-%d)"
