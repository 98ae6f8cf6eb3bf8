#!/usr/bin/env python3
"""Embedded font data of a PDF against what hb-subset makes of exactly the
glyphs drawn: per font, the stored (compressed) size of its font file
stream in the PDF, and hb-subset's subset of the same face for the same
characters, compressed the same way (zlib, as a PDF FlateDecode stream).
Usage: font_data.py REPORT.pdf  → prints JSON."""
import json, re, subprocess, sys, tempfile, zlib, html, collections, os

def main(pdf):
    # characters drawn per font (by PostScript name), from MuPDF's text extraction
    stext = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf],
                           capture_output=True, text=True, check=True).stdout
    chars = collections.defaultdict(set)
    font = None
    for m in re.finditer(r'<font name="([^"]*)"|c="([^"]*)"', stext):
        if m.group(1) is not None:
            font = m.group(1)
        else:
            chars[font].add(html.unescape(m.group(2)))
    # font file stream sizes, from qpdf's JSON view of the objects
    objs = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf],
                                     capture_output=True, text=True, check=True).stdout)["qpdf"][1]
    def get(ref):
        return objs.get("obj:" + ref, {})
    stored = {}
    for key, o in objs.items():
        d = o.get("value") if isinstance(o.get("value"), dict) else None
        if not d or d.get("/Type") != "/FontDescriptor":
            continue
        name = d.get("/FontName", "")[1:].split("+", 1)[-1]
        for k in ("/FontFile", "/FontFile2", "/FontFile3"):
            if k in d:
                s = get(d[k]).get("stream", {}).get("dict", {})
                length = s.get("/Length", 0)
                if isinstance(length, str):  # an indirect length: "33 0 R"
                    length = get(length).get("value", 0)
                stored[name] = stored.get(name, 0) + int(length)
    # the faces: PostScript name → file and index, from fontconfig
    # and from the folders xxgk adds to it (fonts/fandol of fetch-fandol.sh, XXGK_FONT_DIR)
    faces = {}
    fmt = "%{postscriptname}\t%{file}\t%{index}\n"
    listed = [["fc-list", "--format", fmt]]
    here = os.path.dirname(os.path.abspath(__file__))
    for d in (os.path.join(here, "..", "..", "fonts", "fandol"), os.environ.get("XXGK_FONT_DIR", "")):
        if d and os.path.isdir(d):
            listed.insert(0, ["fc-scan", "--format", fmt, d])
    for cmd in listed:
        for line in subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines():
            ps, f, i = (line.split("\t") + ["", ""])[:3]
            faces.setdefault(ps, (f, i))
    out = {"fonts": [], "stored": 0, "hb_subset": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for name, size in sorted(stored.items()):
            f, i = faces.get(name, (None, None))
            text = "".join(sorted(chars.get(name, set()) | {" "}))
            hb = None
            if f:
                dst = os.path.join(tmp, "s")
                subprocess.run(["hb-subset", f"--font-file={f}", f"--face-index={i or 0}",
                                f"--text={text}", f"--output-file={dst}"], check=True)
                hb = len(zlib.compress(open(dst, "rb").read(), 9))
            out["fonts"].append({"font": name, "chars": len(text) - 1, "stored": size, "hb_subset": hb})
            out["stored"] += size
            out["hb_subset"] += hb or 0
    out["ratio"] = round(out["stored"] / out["hb_subset"], 2) if out["hb_subset"] else None
    print(json.dumps(out, ensure_ascii=False))

if __name__ == "__main__":
    main(sys.argv[1])
