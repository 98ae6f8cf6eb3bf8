#!/usr/bin/env python3
"""Damaged variants of the seeds, one for every kind of damage the import
must handle (issue 4).  Each case states what the import must give: the
cells (all of a sample's expected cells, or particular ones), the rules it
must report, its exit status.

usage: damage_test.py DRIVER SOURCE_DIR SEEDS_DIR WORK_DIR
"""
import json
import os
import re
import subprocess
import sys

driver, src, seeds, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)

SHIYAN, GUIZHOU, HECHENG, SHANGQIU, QUZHOU = (
    "000_66df8ac17934f989", "001_8fdcdc87f7fd6e64", "002_741307592853c9cf",
    "003_eb12dee647644d74", "004_d85570ef8ddfd07a")
SAMPLE = {SHIYAN: "2020-shiyan-jiguanshiwu", GUIZHOU: "2020-guizhou-jiguanshiwu",
          HECHENG: "2020-hecheng", SHANGQIU: "2020-shangqiu-minzheng",
          QUZHOU: "2022-quzhou-jiguanshiwu"}


def seed(name):
    return open(os.path.join(seeds, name + ".txt"), encoding="utf-8").read()


def expected_cells(name):
    return open(os.path.join(src, "tests", "expected", SAMPLE[name] + ".cells"), encoding="utf-8").read()


def sub1(text, old, new):
    """Replace exactly one occurrence (the test is wrong if old is not there once)."""
    n = text.count(old)
    if n != 1:
        raise SystemExit(f"test bug: {old!r} occurs {n} times")
    return text.replace(old, new)


failures = []


def run(case, text, partial=False):
    path = os.path.join(work, case + ".txt")
    out = os.path.join(work, case + ".json")
    if os.path.exists(out):
        os.unlink(out)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    # the seeds of two samples print no date: the deadline is assumed (explicitly)
    args = [driver, "import", path, "-o", out, "--assume-date"] + (["--partial"] if partial else [])
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    rules = re.findall(r": (error|warning|note) (\w+):", p.stderr)
    cells = ""
    if os.path.exists(out):
        cells = subprocess.run([driver, "cells", out], capture_output=True, text=True).stdout
    js = json.load(open(out, encoding="utf-8")) if os.path.exists(out) else None
    return p.returncode, p.stderr, [r for _, r in rules], cells, js


def check(case, cond, msg, stderr=""):
    if not cond:
        failures.append(case)
        print(f"FAIL {case}: {msg}")
        if stderr:
            print("  " + stderr.replace("\n", "\n  ")[:3000])
    else:
        print(f"ok   {case}")


def cell(cells, row, col):
    for line in cells.splitlines():
        f = line.split("\t")
        if len(f) == 4 and f[1].endswith(row) and f[2].endswith(col):
            return f[3]
    return None


def expect(case, text, base, rules=(), rc=0, partial=False, same_cells=True, extra=None):
    code, err, got_rules, cells, js = run(case, text, partial)
    ok = code == rc
    why = [] if ok else [f"exit {code}, expected {rc}"]
    for r in rules:
        if r not in got_rules:
            ok = False
            why.append(f"rule {r} not reported")
    if same_cells and cells != expected_cells(base):
        ok = False
        diff = [f"{a!r} != {b!r}" for a, b in zip(cells.splitlines(), expected_cells(base).splitlines()) if a != b]
        why.append("cells differ: " + "; ".join(diff[:3]) if diff else "cells differ (missing lines)")
    if extra:
        msg = extra(code, err, got_rules, cells, js)
        if msg:
            ok = False
            why.append(msg)
    check(case, ok, "; ".join(why), err)


# ---- cells joined by | or one per line ----
sq = seed(SHANGQIU)
one_per_line = "\n\n".join(c.strip() for line in sq.splitlines() for c in line.split("|") if c.strip())
expect("pipes-split-one-per-line", one_per_line, SHANGQIU)

qz = seed(QUZHOU)
a, b = qz.index("二、主动公开政府信息情况"), qz.index("五、存在问题及改进措施")
joined_lines = []
for part in re.split(r"\n(?=第二十条|三、收到|四、政府)", qz[a:b]):
    joined_lines.append(" | ".join(x.strip() for x in part.splitlines() if x.strip()) + " | ||")
expect("one-per-line-joined-by-pipes", qz[:a] + "\n".join(joined_lines) + "\n" + qz[b:], QUZHOU)
expect("leading-pipes-trailing-spaces",
       "\n".join(("| " + l + "   ") if "|" in l else l for l in sq.splitlines()), SHANGQIU)

# ---- header cells split over two lines ----
t = sub1(qz, "\n法律服务机构\n", "\n法律服务\n机构\n")
t = sub1(t, "\n商业企业\n", "\n商业\n企业\n")
expect("split-header-cells", t, QUZHOU,
       extra=lambda c, e, r, cl, j: "split header reported as C14" if "法律服务" in e and "C14" in e.split("法律服务")[0].splitlines()[-1] else None)

# ---- half-width punctuation restored, counted once ----
def no_ascii_punct(code, err, rules, cells, js):
    texts = [p if isinstance(p, str) else p.get("heading", "") + p.get("text", "")
             for p in js["sections"]["overview"]]
    bad = [t for t in texts if re.search(r"[,;()](?![^\s]*\.(com|cn))", t)]
    if bad:
        return "half-width punctuation left: " + bad[0][:60]
    if rules.count("I02") < 1:
        return "no I02 note"
    return None
expect("half-width-punctuation", sq, SHANGQIU, rules=("I02",), extra=no_ascii_punct)

# ---- dates with dropped characters ----
t = sub1(qz, "本年度我中心未收取信息处理费。", "本年度我中心自202111日起未收取信息处理费,2021115日起亦同。")
def date_fixed(code, err, rules, cells, js):
    om = js["sections"]["other_matters"][0]
    if "2021年1月1日起" not in om or "2021115日" not in om:
        return "date repair wrong: " + om
    return None
expect("dropped-date-characters", t, QUZHOU, rules=("I11",), extra=date_fixed)

# ---- thousands separators, signs, units ----
t = sub1(seed(HECHENG), "\n13394\n", "\n13,394\n")
t = sub1(t, "\n-1\n", "\n－1\n")
expect("thousands-separator-and-fullwidth-minus", t, HECHENG, rules=("I04",))
t = sub1(qz, "行政事业性收费\n\n0\n", "行政事业性收费\n\n251000元\n")
expect("unit-yuan-in-wanyuan-column", t, QUZHOU, rules=("I03",), same_cells=False,
       extra=lambda c, e, r, cl, j: None if cell(cl, "行政事业性收费", "本年收费金额（单位：万元）") == "25.1"
       else f"fee {cell(cl, '行政事业性收费', '本年收费金额（单位：万元）')}")
t = sub1(qz, "行政事业性收费\n\n0\n", "行政事业性收费\n\n160.5964万元\n")
expect("unit-wanyuan-stripped", t, QUZHOU, rules=("I03",), same_cells=False,
       extra=lambda c, e, r, cl, j: None if cell(cl, "行政事业性收费", "本年收费金额（单位：万元）") == "160.5964"
       else "fee not 160.5964")
t = sub1(sq, "规范性文件 | 18 | 18 | 18 |", "规范性文件 | 18件 | +18 | 18 |")
expect("unit-and-plus-in-count-cells", t, SHANGQIU, rules=("I03", "I04"))

# ---- / - — and blanks for 0 ----
t = sub1(sq, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
         "二、上年结转政府信息公开申请数量 | / | - | — | 0 | 空 | 0 | / |")
t = sub1(t, "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "2.重复申请 |  |  | 0 |  |  |  |  |")
def c06_count(code, err, rules, cells, js):
    n = rules.count("C06")
    return None if n >= 6 else f"only {n} C06 warnings"
expect("blank-markers-read-as-zero", t, SHANGQIU, rules=("C06",), extra=c06_count)

# ---- misspelt labels ----
t = sub1(qz, "5.属于三类内部事务信息", "5.属于三类内容事务信息")
t = sub1(t, "只计这一情形", "只计这一情况")
t = sub1(t, "\n三、本年度办理结果\n", "\n三、本\n")
def shows_expected(code, err, rules, cells, js):
    for want in ("应为 5.属于三类内部事务信息", "只计这一情形", "应为 三、本年度办理结果"):
        if want not in err:
            return f"expected text {want!r} not shown"
    return None
expect("misspelt-labels", t, QUZHOU, rules=("C14",), extra=shows_expected)
t = sub1(qz, "8.属于行政查询事项", "8.属于行政执法案卷")
expect("duplicated-row-label", t, QUZHOU, rules=("C14",))

# ---- extra rows ----
t = sub1(sq, "规范性文件 | 18 | 18 | 18 | |", "规范性文件 | 18 | 18 | 18 | |\n其他主动公开文件 | 3 | 3 | 3 | |")
t = sub1(t, "(六)其他处理 | 0 |", "(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | |\n(六)其他处理 | 0 |")
expect("extra-rows-dropped", t, SHANGQIU, rules=("I06",),
       extra=lambda c, e, r, cl, j: None if "其他主动公开文件" in e else "extra row not named")

# ---- old-format tables in a year that requires the new one; mixed formats ----
old = sub1(sq, "商丘市民政局2020年政府信息公开工作年度报告", "商丘市民政局2022年政府信息公开工作年度报告")
def kept_2019(code, err, rules, cells, js):
    if js["format"] != "2019" or js["year"] != 2022:
        return f"format {js['format']} year {js['year']}"
    chk = subprocess.run([driver, "check", os.path.join(work, "old-format-in-2022.json")],
                         capture_output=True, text=True)
    return None if re.search(r"error C11", chk.stderr) else "check does not report C11 as an error"
expect("old-format-in-2022", old, SHANGQIU, rules=("C11",), same_cells=False, extra=kept_2019)
a3, b3 = qz.index("三、收到和处理政府信息公开申请情况"), qz.index("四、政府信息公开行政复议")
s3, e3 = old.index("三、收到和处理政府信息公开申请情况"), old.index("四、政府信息公开行政复议")
mixed = old[:s3] + qz[a3:b3] + old[e3:]
expect("mixed-formats", mixed, SHANGQIU, rules=("C12",), rc=1, same_cells=False)

# ---- table 四 in two blocks ----
t = sub1(sq, "行政复议 | 行政诉讼 | |||||||||||||\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||\n"
         "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | |||||\n"
         "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
         "行政复议\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n1 | 0 | 0 | 0 | 1\n"
         "行政诉讼\n未经复议直接起诉 | 复议后起诉\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n"
         "0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 2")
expect("table-four-two-blocks", t, SHANGQIU, same_cells=False,
       extra=lambda c, e, r, cl, j: None if (cell(cl, "", "行政复议/结果维持") == "1" and
                                             cell(cl, "", "复议后起诉/其他结果") == "2") else "table 四 misread")

# ---- sparse rows: a unique placement, and an ambiguous one ----
t = sub1(sq, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
         "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 2 | 0 | 5 |")
t = sub1(t, "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "三、本年度办理结果 | (一)予以公开 | 3 | 2 | 5 |")
t = sub1(t, "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "(七)总计 | 3 | 2 | 5 |")
expect("sparse-unique", t, SHANGQIU, rules=("I05",), same_cells=False,
       extra=lambda c, e, r, cl, j: None if (cell(cl, "（一）予以公开", "法律服务机构") == "2" and
                                             cell(cl, "（七）总计", "自然人") == "3" and c == 0) else "sparse row misplaced")
t = sub1(sq, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
         "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 1 | 0 | 2 |")
t = sub1(t, "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "三、本年度办理结果 | (一)予以公开 | 1 | 1 |")
t = sub1(t, "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
         "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | 1 |")
t = sub1(t, "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "(七)总计 | 1 | 0 | 0 | 0 | 1 | 0 | 2 |")
expect("sparse-ambiguous", t, SHANGQIU, rules=("I08",), rc=1, same_cells=False,
       extra=lambda c, e, r, cl, j: None if r.count("I08") == 2 and not os.path.exists(os.path.join(work, "sparse-ambiguous.json"))
       else "ambiguous rows not both reported, or a file written without --partial")
expect("sparse-ambiguous-partial", t, SHANGQIU, rules=("I08",), rc=1, partial=True, same_cells=False,
       extra=lambda c, e, r, cl, j: None if (cell(cl, "（一）予以公开", "自然人") == "" and
                                             cell(cl, "（七）总计", "自然人") == "1") else "guessed a placement")
# fewer fields than columns: the solver, which has no rule for this row
t = sub1(sq, "行政许可 | 59 | 100 | 159 | |", "行政许可 | 59 | 159")
expect("sparse-no-rules", t, SHANGQIU, rules=("I08",), rc=1, same_cells=False)
# as many fields as columns: each keeps its position, the empty one is a blank cell
t = sub1(sq, "行政许可 | 59 | 100 | 159 | |", "行政许可 | 59 | 159 | |")
expect("blank-field-keeps-its-column", t, SHANGQIU, rules=("C06",), same_cells=False,
       extra=lambda c, e, r, cl, j: None if (cell(cl, "行政许可", "本年增/减") == "159" and
                                             cell(cl, "行政许可", "处理决定数量") == "0") else "fields not kept in place")
t = sub1(sq, "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "(七)总计 | 4 | 4 |")
expect("sparse-no-solution", t, SHANGQIU, rules=("I08",), rc=1, same_cells=False)

# ---- page chrome ----
chrome_top = ("首页 > 政府信息公开\n索引号: 0000/2021-1 成文日期: 2021-01-20\n发布机构: 商丘市民政局\n"
              "发布日期:2021-01-25 09:00 浏览次数: 12 字体:[ 大 中 小 ]\n分享:\n")
chrome_end = "\n扫一扫在手机打开当前页\n【打印】【关闭】\n相关文章:\n账号+密码登录\n还没有账号?\n"
def chrome_ok(code, err, rules, cells, js):
    if js.get("date") != "2021-01-20":
        return "成文日期 of the page not used: " + str(js.get("date"))
    if js["sections"]["other_matters"] != ["无。"]:
        return "chrome left in 六: " + str(js["sections"]["other_matters"])
    if js.get("preface"):
        return "chrome taken as preface: " + str(js["preface"])
    return None
expect("page-chrome", chrome_top + sq + chrome_end, SHANGQIU, rules=("I01",), extra=chrome_ok)

# ---- truncated in the middle of table 三 ----
cut = "\n".join(qz.splitlines()[:300]) + "\n"
def truncated_ok(code, err, rules, cells, js):
    if "文本在此" not in err:
        return "the cut is not reported"
    if cell(cells, "1.属于国家秘密", "自然人") != "0" or cell(cells, "1.信访举报投诉类申请", "自然人") != "":
        return "cells before the cut lost or cells after it invented"
    return None
expect("truncated-in-table-three", cut, QUZHOU, rules=("I07",), rc=1, partial=True, same_cells=False,
       extra=truncated_ok)

# ---- paragraphs hard-wrapped, as a copy from a PDF gives them ----
END = "。！？…；：.!?;:"


def wrap(text, width=30):
    """Cut every long prose line into lines of `width` characters (a cut that
    would leave a line ending a sentence moves one character on: such a break
    cannot be told from a paragraph's end; after 》 ） ” it must be joined)."""
    out = []
    for line in text.splitlines():
        # page chrome (a web page's 字体 bar) is not in a copy that wraps
        if len(line) <= 40 or "|" in line or "字体" in line or not re.search("[\u4e00-\u9fff]", line):
            out.append(line)
            continue
        while len(line) > width:
            k = width
            while k < len(line) - 1 and line[k - 1] in END:
                k += 1
            out.append(line[:k])
            line = line[k:]
        out.append(line)
    return "\n".join(out)


def paragraphs(js):
    sec = [js.get("preface", [])] + [js["sections"][k] for k in sorted(js["sections"])]
    return json.dumps(sec, ensure_ascii=False, sort_keys=True)


for name in (SHIYAN, GUIZHOU, HECHENG, SHANGQIU, QUZHOU):
    _, _, _, _, whole = run("unwrapped-" + name, seed(name))
    for width in (24, 30, 37):
        expect("hard-wrapped-%d-%s" % (width, name), wrap(seed(name), width), name, rules=("I14",),
               extra=lambda c, e, r, cl, j, w=whole: None if j and paragraphs(j) == paragraphs(w)
               else "paragraphs differ from the unwrapped import")
# a paragraph that ends without its 。 and a long signature are not run together
t = sub1(seed(SHIYAN), "十堰市机关事务服务中心\n", "十堰市人民政府机关事务服务中心办公室综合科\n")
expect("unwrapped-long-signature", t, SHIYAN, extra=lambda c, e, r, cl, j:
       "a line was joined in unwrapped text" if "I14" in r else None)

# ---- not a report ----
code, err, rules, cells, js = run("not-a-report", "hello\nworld\n")
check("not-a-report", code == 1 and js is None, f"exit {code}", err)
code, err, rules, cells, js = run("not-utf8", "\xff")
check("empty-or-garbage", code in (1, 2) and js is None, f"exit {code}", err)

print(f"{len(failures)} failure(s)" if failures else "all damaged variants import as expected")
sys.exit(1 if failures else 0)
