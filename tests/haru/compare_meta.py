#!/usr/bin/env python3
"""Compare the metadata, page count and sizes, and bookmarks of two PDFs
(the cairo and the haru output of one report).  Producer, PDF version,
file size and encryption may differ; the rest must not.

usage: compare_meta.py A.pdf B.pdf   (exit 0: same; 1: differ)
"""
import json
import subprocess
import sys

FIELDS = ("Title", "Subject", "Keywords", "Author", "Creator", "CreationDate", "ModDate", "Pages")


def info(path):
    out = subprocess.run(["pdfinfo", "-isodates", path], check=True, capture_output=True,
                         text=True).stdout
    d = {}
    for line in out.splitlines():
        k, _, v = line.partition(":")
        d[k.strip()] = v.strip()
    n = int(d["Pages"])
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(n), path], check=True,
                           capture_output=True, text=True).stdout
    d["sizes"] = [l.split(":", 1)[1].split("pts")[0].strip() for l in sizes.splitlines()
                  if l.startswith("Page ") and "size" in l]
    return d


def outlines(path):
    out = subprocess.run(["qpdf", "--json", "--json-key=outlines", path], check=True,
                         capture_output=True, text=True).stdout

    def walk(items):
        return [(o["title"], o["destpageposfrom1"],
                 [x if isinstance(x, (int, float)) else (x if x.startswith("/") else "page")
                  for x in o["dest"]], walk(o["kids"])) for o in items]
    return walk(json.loads(out)["outlines"])


def same_outlines(a, b, tol=0.01):
    """Same titles, pages, kinds and tree; coordinates within tol (pt)."""
    if len(a) != len(b):
        return False
    for (ta, pa, da, ka), (tb, pb, db, kb) in zip(a, b):
        if ta != tb or pa != pb or len(da) != len(db):
            return False
        for x, y in zip(da, db):
            if isinstance(x, (int, float)) and isinstance(y, (int, float)):
                if abs(x - y) > tol:
                    return False
            elif x != y:
                return False
        if not same_outlines(ka, kb, tol):
            return False
    return True


def main():
    a, b = sys.argv[1], sys.argv[2]
    ia, ib = info(a), info(b)
    bad = 0
    for k in FIELDS + ("sizes",):
        if ia.get(k) != ib.get(k):
            print(f"{k}: {ia.get(k)!r} vs {ib.get(k)!r}")
            bad += 1
    oa, ob = outlines(a), outlines(b)
    if not oa:
        print("no bookmarks")
        bad += 1
    if not same_outlines(oa, ob):
        print(f"bookmarks differ:\n  {oa}\n  {ob}")
        bad += 1
    print(f"{ia['Pages']} pages, {len(oa)} top-level bookmarks, "
          f"title {ia.get('Title')!r}: {'same' if not bad else 'DIFFERENT'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
