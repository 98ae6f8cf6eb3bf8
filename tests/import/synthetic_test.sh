#!/bin/sh
# The synthetic examples of issue 13 (invented text), each imported as the
# issue says: blank fields keep their columns, the format is decided by a
# label only one format has, the agency and the year are found whatever
# the title's order or wrapping, the statistics period gives the year, a
# conflict is an error, a missing date is absent unless --assume-date.
# usage: synthetic_test.sh DRIVER WORK_DIR
set -u
drv=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cell() { # cell FILE ROW COL → the value
    "$drv" cells "$1" 2>/dev/null | awk -F'\t' -v r="$2" -v c="$3" '$2 == r && $3 == c { print $4 }'
}
imp() { # imp NAME [options]: import NAME.txt to NAME.json (--partial), stderr in NAME.err
    n=$1; shift
    "$drv" import "$work/$n.txt" -o "$work/$n.json" --partial "$@" 2>"$work/$n.err"
}
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ''))" "$1" "$2"; }

cat >"$work/blanks.txt" <<'T'
某县测试局2022年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 | 5 |  |  |  | 1 |  | 6
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0
T
imp blanks
r=一、本年新收政府信息公开申请数量
[ "$(cell "$work/blanks.json" "$r" 申请人情况/自然人)" = 5 ] || fail "blanks: 自然人 not 5"
# the fifth of the seven fields is the fifth column, 法律服务机构 (the issue's
# comment says 其他, which no position gives)
[ "$(cell "$work/blanks.json" "$r" 申请人情况/法人或其他组织/法律服务机构)" = 1 ] || fail "blanks: 1 not in its column"
[ "$(cell "$work/blanks.json" "$r" 申请人情况/总计)" = 6 ] || fail "blanks: 总计 not 6"
[ "$(cell "$work/blanks.json" "$r" 申请人情况/法人或其他组织/商业企业)" = 0 ] || fail "blanks: a blank not 0"
grep -q "warning C06.*4 个空白单元格按 0 读取" "$work/blanks.err" || fail "blanks: no note on the blanks"
! grep -q "I08" "$work/blanks.err" || fail "blanks: I08 reported"

cat >"$work/format.txt" <<'T'
某县测试局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（六）项
信息内容 | 本年处理决定数量
行政处罚 | 0
行政强制 | 0
T
imp format
[ "$(field "$work/format.json" format)" = 2021 ] || fail "format: not 2021"
n=$("$drv" cells "$work/format.json" 2>/dev/null | awk -F'\t' '$1 == "二" && $4 != ""' | wc -l)
[ "$n" -eq 2 ] || fail "format: $n cells of 二, expected 2"
# a 2022 title, but the labels are 2019's: read as 2019 (C11), not as the year says
sed 's/本年处理决定数量/上一年项目数量 | 本年增\/减 | 处理决定数量/; s/| 0$/| 0 | 0 | 0/' "$work/format.txt" >"$work/format19.txt"
imp format19
[ "$(field "$work/format19.json" format)" = 2019 ] || fail "format19: not read as 2019"
grep -q "C11" "$work/format19.err" || fail "format19: no C11"
# a damaged block title: the rows under it say which block it is, never its
# position (第二十条第 after （一） would be （五） by order; its rows are （六）'s)
cat >"$work/damaged.txt" <<'T'
某县测试局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数
规章 | 0 | 0 | 0
行政规范性文件 | 1 | 0 | 5
第二十条第
信息内容 | 本年处理决定数量
行政处罚 | 3
行政强制 | 1
T
imp damaged
[ "$(cell "$work/damaged.json" 第二十条第（六）项/行政处罚 本年处理决定数量)" = 3 ] || fail "damaged title: 行政处罚 not 3 in （六）"
[ "$(cell "$work/damaged.json" 第二十条第（五）项/行政许可 本年处理决定数量)" = "" ] || fail "damaged title: a value put in （五）"
grep -q "C14.*不完整" "$work/damaged.err" || fail "damaged title: not said"
# no label and no year: said (I15), nothing spread
printf '某县测试局政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（六）项\n行政处罚 | 0\n' >"$work/undecided.txt"
imp undecided
grep -q "I15" "$work/undecided.err" || fail "undecided: no I15"

check_meta() { # check_meta NAME AGENCY YEAR TEXT
    printf '%s\n一、总体情况\n无。\n' "$4" >"$work/$1.txt"
    imp "$1"
    [ "$(field "$work/$1.json" agency)" = "$2" ] || fail "$1: agency '$(field "$work/$1.json" agency)', expected $2"
    [ "$(field "$work/$1.json" year)" = "$3" ] || fail "$1: year '$(field "$work/$1.json" year)', expected $3"
}
check_meta year-first 某市某某局 2022 "2022年某市某某局政府信息公开工作年度报告"
check_meta agency-above 某市某某局 2022 "某市某某局
2022年政府信息公开工作年度报告"
check_meta title-wrapped 某市某某局 2022 "某市某某局2022年政府信息公开
工作年度报告"
check_meta statistics 某市某某局 2022 "某市某某局政府信息公开工作年度报告
本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
check_meta compiled-by 某市某某局 2022 "2022年政府信息公开工作年度报告
本报告由某市某某局编制。"
# a title that says 2020, a statistics period that says 2021: an error
check_meta conflict 某市某某局 2020 "某市某某局2020年政府信息公开工作年度报告
本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
grep -q "error I16" "$work/conflict.err" || fail "conflict: no I16"
# not an agency: a notice's opening, a label of the page
printf '某某局关于印发2022年政府信息公开工作年度报告的通知\n一、总体情况\n无。\n' >"$work/notice.txt"
imp notice
case "$(field "$work/notice.json" agency)" in *关于*) fail "notice: '…局关于' taken as the agency" ;; esac
# no date: absent and incomplete; --assume-date: the deadline (3月31日 for a 人民政府)
printf '某县人民政府2022年政府信息公开工作年度报告\n一、总体情况\n无。\n' >"$work/nodate.txt"
imp nodate
[ -z "$(field "$work/nodate.json" date)" ] || fail "nodate: a date was made up"
imp nodate --assume-date
[ "$(field "$work/nodate.json" date)" = 2023-03-31 ] || fail "nodate: --assume-date gave '$(field "$work/nodate.json" date)'"

[ "$fails" -eq 0 ] && echo "all synthetic examples import as issue 13 says"
exit "$fails"
