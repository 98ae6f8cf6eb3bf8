#!/usr/bin/env python3
"""The web page of a report read by a real HTML5 parser (html5lib, strict:
any parse error fails) and checked as a reader would: lang="zh-CN", one
h1, no script, nothing loaded from elsewhere, every table with a caption,
every header cell with a scope and every value cell naming header cells
that exist.  Exit 77 (skipped) when html5lib is not installed.

usage: html_valid.py PAGE.html [--fragment]
"""
import sys

try:
    import html5lib
except ImportError:
    print("html5lib missing (apt-get install python3-html5lib): skipped")
    sys.exit(77)

path = sys.argv[1]
fragment = "--fragment" in sys.argv
data = open(path, "rb").read()
parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
try:
    root = parser.parseFragment(data.decode("utf-8")) if fragment else parser.parse(data)
except Exception as e:  # html5lib.html5parser.ParseError
    print("%s: not valid HTML5: %s %s" % (path, e, parser.errors[:3]))
    sys.exit(1)
bad = []
if not fragment:
    if root.get("lang") != "zh-CN":
        bad.append("html lang is %r" % root.get("lang"))
    if root.find(".//head/title") is None or not root.find(".//head/title").text:
        bad.append("no <title>")
    if len(root.findall(".//h1")) != 1:
        bad.append("%d h1" % len(root.findall(".//h1")))
for el in root.iter():
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("script", "link", "img", "iframe", "object", "embed"):
        bad.append("<%s> in the page" % tag)
    for a in ("src", "href"):
        if el.get(a):
            bad.append("<%s %s=%r>" % (tag, a, el.get(a)))
    if any(k.startswith("on") for k in el.keys()):
        bad.append("an event handler on <%s>" % tag)
tables = root.findall(".//table")
if len(tables) != 3:
    bad.append("%d tables, not 3" % len(tables))
for t in tables:
    if t.find("caption") is None or not (t.find("caption").text or "").strip():
        bad.append("a table without a caption")
    ids = {th.get("id") for th in t.iter("th")}
    for th in t.iter("th"):
        if th.get("scope") not in ("col", "colgroup", "row"):
            bad.append("th %r scope %r" % (th.text, th.get("scope")))
    for td in t.iter("td"):
        hs = (td.get("headers") or "").split()
        if not hs or any(h not in ids for h in hs):
            bad.append("td headers %r" % td.get("headers"))
            break
for b in bad[:10]:
    print("%s: %s" % (path, b))
sys.exit(1 if bad else 0)
