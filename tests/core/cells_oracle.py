#!/usr/bin/env python3
"""An independent reading of the `xxgk cells` contract, straight from the
template and the report JSON: used to produce and cross-check the
checked-in expectations in tests/expected/.  Usage: cells_oracle.py LAYOUTS_DIR REPORT.json"""
import json, sys

def leaves(nodes, keypath=(), labels=()):
    for n in nodes:
        kp = keypath + ((n["key"],) if n.get("key") else ())
        lb = labels + ((n["label"],) if n.get("label") else ())
        if n.get("children"):
            yield from leaves(n["children"], kp, lb)
        else:
            yield n, kp, lb

def get(obj, path):
    for k in path:
        if not isinstance(obj, dict) or k not in obj:
            return None
        obj = obj[k]
    return obj

def fmt(v):
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s

def main(layouts, report_path):
    rep = json.load(open(report_path))
    year = rep["year"]
    fmtname = rep.get("format") or ("2019" if year <= 2020 else "2021")
    t = json.load(open(f"{layouts}/format-{fmtname}.json"))
    numbers = {s["key"]: s["number"] for s in t["sections"]}
    for s in t["sections"]:
        if s["content"] != "table":
            continue
        tab = rep["tables"][s["key"]]
        for b in t["tables"][s["key"]]["blocks"]:
            bobj = tab[b["key"]] if b.get("key") else tab
            rows = list(leaves(b["rows"]))
            cols = list(leaves(b["columns"]))
            def value(rkp, ckp, seen=()):
                v = get(bobj, rkp + ckp)
                if v is not None:
                    return v
                # a total omitted: sum its parts
                rn = next(n for n, kp, _ in rows if kp == rkp)
                cn = next(n for n, kp, _ in cols if kp == ckp)
                if cn.get("total_of"):
                    return sum(value(rkp, kp) for n, kp, _ in cols if kp and kp[-1] in cn["total_of"])
                if rn.get("total_of"):
                    tot = 0
                    for n, kp, _ in rows:
                        if any(p in kp[len(rkp) - 1:] for p in rn["total_of"]) and kp[:len(rkp) - 1] == rkp[:-1]:
                            tot += value(kp, ckp)
                    return tot
                raise KeyError(rkp + ckp)
            for rn, rkp, rlb in rows:
                rowpath = "/".join(((b["title"],) if b.get("title") else ()) + rlb)
                for cn, ckp, clb in cols:
                    print(f"{s['number']}\t{rowpath}\t{'/'.join(clb)}\t{fmt(value(rkp, ckp))}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
