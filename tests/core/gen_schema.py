#!/usr/bin/env python3
"""Writes the JSON Schema of the report input from the templates in layouts/.
Usage: gen_schema.py LAYOUTS_DIR > layouts/report.schema.json
The test suite regenerates it and fails when the checked-in file is stale."""
import json, sys

def cell(t):
    if t == "delta":
        return {"type": "integer", "minimum": -999999999, "maximum": 999999999, "description": "signed change"}
    if t == "amount":
        return {"type": "number", "minimum": 0, "maximum": 999999999, "description": "decimal, at most 4 places"}
    return {"type": "integer", "minimum": 0, "maximum": 999999999}

def obj(props, required, title=None):
    o = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        o["required"] = required
    if title:
        o["title"] = title
    return o

def flatten(nodes, fn):
    """(key, schema, required) of a node list, looking through key-less groups."""
    out = []
    for n in nodes:
        if n.get("key"):
            out.append(fn(n))
        else:
            out.extend(flatten(n.get("children", []), fn))
    return out

def col_schema(n, typ):
    t = n.get("type", typ)
    if n.get("children"):
        items = flatten(n["children"], lambda c: col_schema(c, t))
        return (n["key"], obj({k: s for k, s, _ in items}, [k for k, _, r in items if r], n["label"]), True)
    s = dict(cell(t), title=n["label"])
    return (n["key"], s, "total_of" not in n)

def row_schema(n, block):
    typ = block.get("type", "count")
    if n.get("children"):
        items = flatten(n["children"], lambda c: row_schema(c, block))
        return (n["key"], obj({k: s for k, s, _ in items}, [k for k, _, r in items if r], n["label"]), True)
    cols = flatten(block["columns"], lambda c: col_schema(c, typ))
    req = "total_of" not in n
    return (n["key"], obj({k: s for k, s, _ in cols}, [k for k, _, r in cols if r], n["label"]), req)

def tables(t):
    props = {}
    for key, tab in t["tables"].items():
        blocks = tab["blocks"]
        if len(blocks) == 1:
            b = blocks[0]
            items = flatten(b["rows"], lambda r: row_schema(r, b))
            if not items:  # a single key-less row: the columns directly
                items = flatten(b["columns"], lambda c: col_schema(c, b.get("type", "count")))
            props[key] = obj({k: s for k, s, _ in items}, [k for k, _, r in items if r])
        else:
            bp = {}
            for b in blocks:
                items = flatten(b["rows"], lambda r: row_schema(r, b))
                bp[b["key"]] = obj({k: s for k, s, _ in items}, [k for k, _, r in items if r], b["title"])
            props[key] = obj(bp, list(bp))
    return obj(props, list(props), t["name"])

def main(layouts):
    fmts = {f: json.load(open(f"{layouts}/format-{f}.json")) for f in ("2019", "2021")}
    para = {"oneOf": [
        {"type": "string", "minLength": 1, "description": "a paragraph"},
        obj({"heading": {"type": "string", "minLength": 1, "description": "（一）… / 1. … / （1）…"},
             "text": {"type": "string", "description": "run-in text after the heading"}}, ["heading"])]}
    text = {"type": "array", "items": {"$ref": "#/definitions/paragraph"}}
    sec_keys = [s["key"] for s in fmts["2021"]["sections"]]
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://xxgk.invalid/report.schema.json",
        "title": "政府信息公开工作年度报告 (xxgk input)",
        "description": "Generated from layouts/format-*.json by tests/core/gen_schema.py; do not edit.",
        "type": "object",
        "additionalProperties": False,
        "required": ["year", "agency", "date", "sections", "tables"],
        "properties": {
            "$schema": {"type": "string"},
            "format": {"enum": list(fmts), "description": "statutory format; default: from the year"},
            "year": {"type": "integer", "minimum": 2019, "maximum": 2100, "description": "report year"},
            "agency": {"type": "string", "minLength": 1, "description": "发文机关署名"},
            "agency_kind": {"enum": ["department", "government"], "description": "default: government when the agency ends in 人民政府"},
            "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "成文日期, YYYY-MM-DD"},
            "title": {"type": "string", "minLength": 1, "description": "default: {agency}{year}年政府信息公开工作年度报告"},
            "preface": text,
            "sections": obj({k: text for k in sec_keys}, []),
            "tables": {"oneOf": [{"$ref": f"#/definitions/tables{f}"} for f in fmts]},
            "notes": {"type": "string", "minLength": 1, "description": "附注"},
            "seal": {"type": "string", "minLength": 1, "description": "PNG image of the seal (印章), transparent background; relative to the report file"},
            "sources": {"type": "array", "description": "the departments a county total was summed from (xxgk aggregate)",
                        "items": {"type": "object", "properties": {"department": {"type": "string"}, "input": {"type": "string"}}}},
        },
        "allOf": [{"if": {"required": ["format"], "properties": {"format": {"const": f}}},
                   "then": {"properties": {"tables": {"$ref": f"#/definitions/tables{f}"}}}} for f in fmts],
        "definitions": dict({"paragraph": para}, **{f"tables{f}": tables(t) for f, t in fmts.items()}),
    }
    json.dump(schema, sys.stdout, ensure_ascii=False, indent=1)
    print()

if __name__ == "__main__":
    main(sys.argv[1])
