#!/usr/bin/env python3
"""The web page of a report laid out by headless chromium at 1280 and 375 px
wide: the page is loaded in a frame of that width by a probe page whose
script (the page itself has none) writes what it measured into the DOM,
read with --dump-dom: at 1280 px every table inside the viewport and needing no
scrolling; at 375 px nothing wider than the viewport except inside a
table's scroller (the page itself does not scroll sideways).  A screenshot
at each width is kept beside the copy.  Exit 77 when chromium is missing.

usage: layout_test.py XXGK SAMPLE.json WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

xxgk, sample, work = sys.argv[1:4]
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("chromium missing: skipped")
    sys.exit(77)
os.makedirs(work, exist_ok=True)
name = os.path.basename(sample)[:-5]
page = os.path.join(work, name + ".html")
subprocess.run([xxgk, "render", sample, "-o", page], check=True, capture_output=True)
# The page in a frame of the width measured (headless chromium's window
# is never narrower than 500 px), measured from the frame's parent.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="%s" style="border:0;width:%dpx;height:900px"></iframe>
<script>
document.getElementById('f').addEventListener('load', () => {
  const f = document.getElementById('f'), d = f.contentDocument, W = f.contentWindow.innerWidth;
  const out = ['width ' + W + ' page ' + d.documentElement.scrollWidth];
  d.querySelectorAll('table').forEach((t, i) => {
    const r = t.getBoundingClientRect();
    out.push('table ' + i + ' right ' + Math.ceil(r.right) + ' scroll ' + t.scrollWidth +
             ' box ' + t.parentElement.clientWidth);
  });
  d.querySelectorAll('article *').forEach(e => {
    if (e.closest('[role=region]') && e.getAttribute('role') !== 'region') return;
    const r = e.getBoundingClientRect();
    if (r.right > W + 0.5) out.push('over ' + e.tagName + ' ' + Math.ceil(r.right));
  });
  const p = document.createElement('pre'); p.id = 'measured'; p.textContent = out.join('\\n');
  document.body.appendChild(p);
});
</script></body></html>"""
bad = []
for width in (1280, 375):
    flags = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--user-data-dir=" + os.path.join(work, "profile-" + name),
             "--window-size=%d,900" % width]
    subprocess.run(flags + ["--screenshot=" + os.path.join(work, "%s-%d.png" % (name, width)),
                            "file://" + os.path.abspath(page)], capture_output=True, timeout=120)
    probe = os.path.join(work, "%s.probe-%d.html" % (name, width))
    with open(probe, "w", encoding="utf-8") as f:
        f.write(PROBE % (os.path.basename(page), width))
    dom = subprocess.run(flags[:-1] + ["--window-size=1400,900", "--allow-file-access-from-files",
                                       "--virtual-time-budget=3000", "--dump-dom",
                                  "file://" + os.path.abspath(probe)],
                         capture_output=True, text=True, timeout=120).stdout
    m = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    if not m:
        bad.append("%d px: nothing measured" % width)
        continue
    lines = m.group(1).splitlines()
    w, pw = map(int, re.match(r"width (\d+) page (\d+)", lines[0]).groups())
    if w != width:
        bad.append("viewport %d, not %d" % (w, width))
    if pw > w:
        bad.append("%d px: the page scrolls sideways (%d px wide)" % (width, pw))
    tables = [tuple(map(int, re.findall(r"\d+", l)[1:])) for l in lines if l.startswith("table")]
    if len(tables) != 3:
        bad.append("%d px: %d tables" % (width, len(tables)))
    for i, (right, scroll, box) in enumerate(tables):
        if width == 1280 and (right > w or scroll > box):
            bad.append("1280 px: table %d not inside the viewport (right %d, %d in %d)" % (i, right, scroll, box))
    bad += ["%d px: %s" % (width, l) for l in lines if l.startswith("over")][:5]
    print("%s %d px: %s" % (name, width, "; ".join(lines[:4])))
for b in bad:
    print("FAIL %s: %s" % (name, b))
sys.exit(1 if bad else 0)
