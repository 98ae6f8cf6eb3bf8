#!/usr/bin/env python3
"""Writes a county of N distinct department reports (2021 format) for the
benchmark: varied numbers that satisfy every consistency rule, paragraph
text drawn from the samples.  Usage: gen_county.py SAMPLES_DIR OUT_DIR [N]"""
import glob, json, os, random, sys

def main(samples, out, n):
    rnd = random.Random(20240131)  # a fixed seed: the same county every run
    paras = []
    for f in sorted(glob.glob(os.path.join(samples, "*.json"))):
        d = json.load(open(f))
        for sec in d["sections"].values():
            paras += [p for p in sec if isinstance(p, str) and len(p) > 30]
    base = json.load(open(os.path.join(samples, "2022-quzhou-jiguanshiwu.json")))
    names = ["发展和改革局", "教育局", "科学技术局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
             "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
             "文化和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局",
             "统计局", "医疗保障局", "林业局", "城市管理局"]
    os.makedirs(out, exist_ok=True)
    cols = ["natural", "commercial", "research", "public_welfare", "legal_services", "other"]
    for i in range(n):
        d = json.loads(json.dumps(base))
        d.pop("title", None)
        d["agency"] = f"某某县{names[i % len(names)]}" + ("" if i < len(names) else f"第{i // len(names) + 1}分局")
        d["date"] = f"2023-01-{rnd.randint(10, 31):02d}"
        d["preface"] = [rnd.choice(paras)]
        d["sections"] = {"overview": rnd.sample(paras, 5), "problems": rnd.sample(paras, 2),
                         "other_matters": [rnd.choice(paras)]}
        app = d["tables"]["applications"]
        def rows(node):
            for k, v in node.items():
                if k == "total":
                    continue
                if "natural" in v:
                    yield v
                else:
                    yield from rows(v)
        for r in [app["received"], app["carried_over"], app["carried_forward"]] + list(rows(app["results"])):
            for c in cols:
                r[c] = 0
            r.pop("total", None)
        app["results"].pop("total", None)
        # received + carried over = results + carried forward, per column
        results = list(rows(app["results"]))
        for c in cols:
            got = rnd.choice([0, 0, 1, 2, 5, 13, 40]) if c in ("natural", "commercial") else rnd.choice([0, 0, 0, 1])
            app["received"][c] = got
            left = got
            fwd = rnd.randint(0, min(left, 2))
            app["carried_forward"][c] = fwd
            left -= fwd
            while left:
                k = rnd.randint(1, left)
                rnd.choice(results)[c] += k
                left -= k
        for g in d["tables"]["reviews"].values():
            for r in ([g] if "upheld" in g else g.values()):
                for k in ("upheld", "corrected", "other", "pending"):
                    r[k] = rnd.choice([0, 0, 0, 1, 2])
                r.pop("total", None)
        pro = d["tables"]["proactive"]
        pro["item1"]["normative_documents"] = {"issued": rnd.randint(0, 30), "repealed": rnd.randint(0, 5),
                                               "in_force": rnd.randint(30, 300)}
        pro["item5"]["licensing"]["decisions"] = rnd.randint(0, 99999)
        pro["item6"]["penalties"]["decisions"] = rnd.randint(0, 9999)
        pro["item8"]["administrative_fees"]["fees"] = round(rnd.uniform(0, 999), 4)
        json.dump(d, open(os.path.join(out, f"dept-{i + 1:03d}.json"), "w"), ensure_ascii=False, indent=1)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100)
