/* rules_test.c — every check rule, with an input that passes it and one
 * that fails it.  Each case starts from the blank skeleton of a format
 * (xxgk template), made into a plausible report, and applies edits given
 * as JSON pointer = JSON value. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"

typedef struct {
    const char *path;  /* JSON pointer; "-" alone ends the list */
    const char *value; /* JSON text; NULL deletes the key */
} edit;

typedef struct {
    const char *name;
    const char *format;
    const char *rule;       /* the rule under test */
    int expect;             /* 0: rule absent; 1: present as error; 2: as warning */
    edit edits[12];
    edit previous[6];       /* when previous[0].path: last year's report */
    const char *expect_text; /* a substring the diagnostic's message must hold */
} testcase;

#define E(p, v) {p, v}
#define END {NULL, NULL}

static const testcase cases[] = {
    /* C01: 一 + 二 = （七）总计 + 四, per column */
    {"C01 holds", "2021", "C01", 0,
     {E("/tables/applications/received/natural", "3"),
      E("/tables/applications/results/disclosed/natural", "2"),
      E("/tables/applications/carried_forward/natural", "1"), END}, {END}, NULL},
    {"C01 broken", "2021", "C01", 1,
     {E("/tables/applications/received/natural", "3"),
      E("/tables/applications/results/disclosed/natural", "2"), END}, {END}, "第一项加第二项"},
    /* C02: row total = six applicant columns */
    {"C02 holds", "2021", "C02", 0,
     {E("/tables/applications/received/natural", "1"), E("/tables/applications/received/research", "2"),
      E("/tables/applications/received/total", "3"),
      E("/tables/applications/results/disclosed/natural", "1"),
      E("/tables/applications/results/disclosed/research", "2"), END}, {END}, NULL},
    {"C02 broken", "2021", "C02", 1,
     {E("/tables/applications/received/natural", "1"), E("/tables/applications/received/total", "4"),
      E("/tables/applications/results/disclosed/natural", "1"), END}, {END}, "自然人"},
    /* C03: （七）总计 = sum of （一）…（六） */
    {"C03 broken", "2021", "C03", 1,
     {E("/tables/applications/results/withheld/state_secret/legal_services", "1"),
      E("/tables/applications/results/total/legal_services", "2"),
      END}, {END}, "（七）总计"},
    {"C03 holds with sub-rows", "2021", "C03", 0,
     {E("/tables/applications/received/other", "4"),
      E("/tables/applications/results/withheld/state_secret/other", "1"),
      E("/tables/applications/results/other_handling/fee_unpaid/other", "3"),
      E("/tables/applications/results/total/other", "4"), END}, {END}, NULL},
    {"C03 2019 single-row （六）", "2019", "C03", 1,
     {E("/tables/applications/received/other", "4"),
      E("/tables/applications/results/other_handling/other", "4"),
      E("/tables/applications/results/total/other", "3"), END}, {END}, "（六）其他处理"},
    /* C04: table 四 totals */
    {"C04 broken", "2021", "C04", 1,
     {E("/tables/reviews/litigation/after_review/upheld", "2"),
      E("/tables/reviews/litigation/after_review/total", "1"), END}, {END}, "结果维持"},
    {"C04 holds", "2021", "C04", 0,
     {E("/tables/reviews/review/upheld", "2"), E("/tables/reviews/review/pending", "1"),
      E("/tables/reviews/review/total", "3"), END}, {END}, NULL},
    /* C05: value types */
    {"C05 negative count", "2021", "C05", 1,
     {E("/tables/proactive/item5/licensing/decisions", "-1"), END}, {END}, "负数"},
    {"C05 fraction in a count", "2021", "C05", 1,
     {E("/tables/proactive/item5/licensing/decisions", "1.5"), END}, {END}, "整数"},
    {"C05 five decimals", "2021", "C05", 1,
     {E("/tables/proactive/item8/administrative_fees/fees", "1.23456"), END}, {END}, "四位小数"},
    {"C05 amount with four decimals", "2021", "C05", 0,
     {E("/tables/proactive/item8/administrative_fees/fees", "160.5964"), END}, {END}, NULL},
    {"C05 signed delta (2019)", "2019", "C05", 0,
     {E("/tables/proactive/item8/administrative_fees/change", "-3"), END}, {END}, NULL},
    {"C05 five decimals written on a large amount", "2021", "C05", 1,
     {E("/tables/proactive/item8/administrative_fees/fees", "12345.12345"), END}, {END}, "四位小数"},
    {"C05 a count written 2.0", "2021", "C05", 0,
     {E("/tables/proactive/item5/licensing/decisions", "2.0"), END}, {END}, NULL},
    {"C05 ten digits", "2021", "C05", 1,
     {E("/tables/proactive/item5/licensing/decisions", "1234567890"), END}, {END}, "过大"},
    /* C06: blank cell */
    {"C06 null cell", "2021", "C06", 1,
     {E("/tables/applications/received/commercial", "null"), END}, {END}, "应填 0"},
    {"C06 slash", "2021", "C06", 1,
     {E("/tables/applications/received/commercial", "\"/\""), END}, {END}, "写成了“/”"},
    {"C06 empty string", "2021", "C06", 1,
     {E("/tables/proactive/item5/licensing/decisions", "\"\""), END}, {END}, "应填 0"},
    {"C06 dash", "2021", "C06", 1,
     {E("/tables/reviews/review/upheld", "\"—\""), END}, {END}, "应填 0"},
    {"C06 not for a number with its unit (S03)", "2021", "C06", 0,
     {E("/tables/proactive/item8/administrative_fees/fees", "\"12万元\""), END}, {END}, NULL},
    /* C07: carried over = last year's carried forward */
    {"C07 broken", "2021", "C07", 2,
     {E("/tables/applications/carried_over/natural", "0"), END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""),
      E("/tables/applications/received/natural", "2"),
      E("/tables/applications/carried_forward/natural", "2"), END}, "结转"},
    {"C07 holds", "2021", "C07", 0,
     {E("/tables/applications/carried_over/natural", "2"),
      E("/tables/applications/results/disclosed/natural", "2"), END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""),
      E("/tables/applications/received/natural", "2"),
      E("/tables/applications/carried_forward/natural", "2"), END}, NULL},
    /* C08: stock of regulations in force */
    {"C08 holds", "2021", "C08", 0,
     {E("/tables/proactive/item1/rules/issued", "2"), E("/tables/proactive/item1/rules/repealed", "1"),
      E("/tables/proactive/item1/rules/in_force", "11"), END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""),
      E("/tables/proactive/item1/rules/in_force", "10"), END}, NULL},
    {"C08 broken", "2021", "C08", 2,
     {E("/tables/proactive/item1/rules/issued", "2"), E("/tables/proactive/item1/rules/in_force", "9"),
      END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""),
      E("/tables/proactive/item1/rules/in_force", "10"), END}, "现行有效件数"},
    /* C09: figures in the prose */
    {"C09 received contradicts", "2021", "C09", 2,
     {E("/sections/overview/0", "\"2022年，本机关共收到政府信息公开申请5件，均已按期答复。\""), END},
     {END}, "本年新收申请数"},
    {"C09 received agrees", "2021", "C09", 0,
     {E("/sections/overview/0", "\"2022年，本机关共收到政府信息公开申请5件，其中予以公开3件、部分公开2件。\""),
      E("/tables/applications/received/natural", "5"),
      E("/tables/applications/results/disclosed/natural", "3"),
      E("/tables/applications/results/partly_disclosed/natural", "2"), END}, {END}, NULL},
    {"C09 single cell instead of total", "2021", "C09", 2,
     {E("/sections/overview/0", "\"全年予以公开3件。\""),
      E("/tables/applications/received/natural", "3"),
      E("/tables/applications/received/commercial", "1"),
      E("/tables/applications/results/disclosed/natural", "3"),
      E("/tables/applications/results/disclosed/commercial", "1"), END}, {END}, "一格相同"},
    {"C09 stated zero contradicts", "2021", "C09", 2,
     {E("/sections/overview/0", "\"2022年，本机关未收到政府信息公开申请。\""),
      E("/tables/applications/received/natural", "1"),
      E("/tables/applications/results/disclosed/natural", "1"), END}, {END}, "未收到"},
    {"C09 review and litigation zero agree", "2021", "C09", 0,
     {E("/sections/overview/0", "\"本年度没有因政府信息公开工作被申请行政复议、提起行政诉讼的情况。\""),
      END}, {END}, NULL},
    {"C09 litigation zero contradicts", "2021", "C09", 2,
     {E("/sections/overview/0", "\"本年度没有因政府信息公开工作被申请行政复议、提起行政诉讼的情况。\""),
      E("/tables/reviews/litigation/direct/pending", "1"), END}, {END}, "行政诉讼"},
    {"C09 Chinese numerals", "2021", "C09", 2,
     {E("/sections/overview/0", "\"全年受理政府信息公开申请一百二十件。\""), END}, {END}, "120"},
    {"C09 zero in an enumeration with 或", "2021", "C09", 2,
     {E("/sections/overview/0", "\"全年无因政府信息公开被申请行政复议或提起行政诉讼的情况。\""),
      E("/tables/reviews/review/upheld", "1"), END}, {END}, "行政复议"},
    {"C09 regulations issued (table 二)", "2021", "C09", 2,
     {E("/sections/overview/0", "\"本年度制发行政规范性文件5件。\""), END}, {END}, "本年制发件数"},
    {"C09 not fooled by everyday sentences", "2021", "C09", 0,
     {E("/sections/overview/0", "\"收到申请后均在15个工作日内答复。对收到的申请一次性告知需要补正的事项。\""),
      E("/sections/overview/1", "\"存在个别申请未及时答复的情况。推行无纸化办公，收到的申请均通过网上平台办理。\""),
      E("/sections/overview/2", "\"实现申请“零跑腿”，对收到的申请未发现超期答复情况，件件有回音，无一超期。\""),
      E("/tables/applications/received/natural", "3"),
      E("/tables/applications/results/disclosed/natural", "3"), E("/tables/reviews/review/upheld", "1"),
      END}, {END}, NULL},
    {"C09 ignores other counts", "2021", "C09", 0,
     {E("/sections/overview/0", "\"全年收到群众来信251件、回复251件，主动公开信息411条。\""), END},
     {END}, NULL},
    /* C10: fees */
    {"C10 says no fees but fee row", "2021", "C10", 2,
     {E("/sections/other_matters/0", "\"本年度未收取信息处理费。\""),
      E("/tables/applications/received/natural", "1"),
      E("/tables/applications/results/other_handling/fee_unpaid/natural", "1"), END}, {END},
     "未收费"},
    {"C10 counts the row's total once", "2021", "C10", 2,
     {E("/sections/other_matters/0", "\"本年度未收取信息处理费。\""),
      E("/tables/applications/received/natural", "1"),
      E("/tables/applications/results/other_handling/fee_unpaid/natural", "1"), END}, {END},
     "表中有 1 件申请"},
    {"C10 fee row reported", "2021", "C10", 0,
     {E("/sections/other_matters/0", "\"本年度发出收费通知1件，申请人逾期未缴纳信息处理费。\""),
      E("/tables/applications/received/natural", "1"),
      E("/tables/applications/results/other_handling/fee_unpaid/natural", "1"), END}, {END}, NULL},
    /* C11: format against year */
    {"C11 old format after 2021", "2019", "C11", 1, {E("/year", "2022"), E("/date", "\"2023-01-20\""), END},
     {END}, "2021"},
    {"C11 new format for 2020", "2021", "C11", 2, {E("/year", "2020"), E("/date", "\"2021-01-20\""), END},
     {END}, "2019"},
    {"C11 matching", "2019", "C11", 0, {END}, {END}, NULL},
    /* C12: two formats in one report */
    {"C12 a 2019 table in a 2021 report", "2021", "C12", 1,
     {E("/tables/proactive/item9", "{\"procurement\": {\"count\": 8, \"amount\": 9.985}}"), END},
     {END}, "2019 格式"},
    {"C12 not for the 2021 groups named as 2019 cells", "2021", "C12", 0, {END}, {END}, NULL},
    {"C12 not on the 2019 format alone", "2019", "C12", 0, {END}, {END}, NULL},
    {"C11 2019 tables in a 2022 report, no format given", "2019", "C11", 1,
     {E("/format", NULL), E("/year", "2022"), E("/date", "\"2023-01-20\""), END}, {END},
     "按 2019 格式"},
    {"S01 not reported for the 2019 shape", "2019", "S01", 0,
     {E("/format", NULL), E("/year", "2022"), E("/date", "\"2023-01-20\""), END}, {END}, NULL},
    /* C13: cited basis */
    {"C13 old notice cited", "2021", "C13", 2,
     {E("/preface", "[\"根据国办公开办函〔2019〕60号要求，现公布本年度报告。\"]"), END}, {END}, "60号"},
    {"C13 right notice", "2021", "C13", 0,
     {E("/preface", "[\"根据国办公开办函〔2021〕30号要求，现公布本年度报告。\"]"), END}, {END}, NULL},
    /* C15: the six sections */
    {"C15 section missing", "2021", "C15", 1, {E("/sections/problems", NULL), END}, {END}, "不能遗漏"},
    {"C15 section empty", "2021", "C15", 2, {E("/sections/other_matters", "[]"), END}, {END}, "无。"},
    /* C16: the preamble's list of parts */
    {"C16 five parts", "2021", "C16", 2,
     {E("/preface", "[\"全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议行政诉讼情况、存在的主要问题及改进措施等五部分组成。\"]"),
      END}, {END}, "其他需要报告的事项"},
    {"C16 five listed of six announced", "2021", "C16", 2,
     {E("/preface", "[\"全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。\"]"),
      END}, {END}, "行政复议"},
    {"C16 五 retitled", "2021", "C16", 2,
     {E("/preface", "[\"全文由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进措施、其他需要报告的事项等六部分组成。\"]"),
      END}, {END}, "“存在的主要问题及改进措施”不是法定标题“存在的主要问题及改进情况”"},
    {"C16 以及, ／ and 其它 are not new titles", "2021", "C16", 0,
     {E("/preface", "[\"本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议／行政诉讼情况、存在的主要问题以及改进情况、其它需要报告的事项等六部分组成。\"]"),
      END}, {END}, NULL},
    {"C16 six parts", "2021", "C16", 0,
     {E("/preface", "[\"本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。\"]"),
      END}, {END}, NULL},
    {"C16 count before the list", "2021", "C16", 0,
     {E("/preface", "[\"本报告分为六个部分：总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，政府信息公开行政复议、行政诉讼情况，存在的主要问题及改进情况，其他需要报告的事项。\"]"),
      END}, {END}, NULL},
    {"C16 部分 that is not a count", "2021", "C16", 0,
     {E("/preface", "[\"由于部分申请内容不明确，本机关对一部分申请要求补正，包括说明用途。\"]"), END}, {END},
     NULL},
    /* C17: a government's report */
    {"C17 government without", "2021", "C17", 2,
     {E("/agency", "\"某某县人民政府\""), E("/date", "\"2023-03-20\""), END}, {END}, "社会评议"},
    {"C17 government with", "2021", "C17", 0,
     {E("/agency", "\"某某县人民政府\""),
      E("/sections/overview/1", "\"将政务公开纳入工作考核，开展社会评议，无责任追究情况。\""), END},
     {END}, NULL},
    {"C17 department", "2021", "C17", 0, {END}, {END}, NULL},
    /* C18: identical to last year */
    {"C18 same prose", "2021", "C18", 2, {END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""), END}, "一字不差"},
    {"C18 new prose", "2021", "C18", 0, {END},
     {E("/year", "2021"), E("/date", "\"2022-01-20\""),
      E("/sections/overview/0", "\"2021年，本机关坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开，全年主动公开信息一百余条。\""),
      E("/sections/problems/0", "\"2021年的问题与改进：公开内容还不够全面，解读形式较为单一，下一步将丰富政策解读形式，提升公开质量。\""),
      E("/sections/other_matters/0", "\"2021年无其他需要报告的事项，本年度未收取信息处理费。\""), END}, NULL},
    /* C19: deadline */
    {"C19 department late", "2021", "C19", 2, {E("/date", "\"2023-02-15\""), END}, {END}, "第四十九条"},
    {"C19 department on time", "2021", "C19", 0, {E("/date", "\"2023-01-31\""), END}, {END}, NULL},
    {"C19 government by 3月31日", "2021", "C19", 0,
     {E("/agency", "\"某某县人民政府\""), E("/date", "\"2023-03-31\""), END}, {END}, NULL},
    {"C19 government late", "2021", "C19", 2,
     {E("/agency", "\"某某县人民政府\""), E("/date", "\"2023-04-01\""), END}, {END}, "3月31日"},
    /* D01, D02: dates */
    {"D01 not a date", "2021", "D01", 1, {E("/date", "\"2023-02-30\""), END}, {END}, "真实"},
    {"D01 wrong form", "2021", "D01", 1, {E("/date", "\"2023年1月20日\""), END}, {END}, "格式"},
    {"D02 inside the year", "2021", "D02", 1, {E("/date", "\"2022-12-31\""), END}, {END}, "年度之内"},
    {"D01 spaces in a date", "2021", "D01", 1, {E("/date", "\"2023- 1-05\""), END}, {END}, "格式"},
    {"D02 before the year", "2021", "D02", 1, {E("/date", "\"2021-06-01\""), END}, {END}, "早于"},
    {"D02 a year late", "2021", "D02", 1, {E("/date", "\"2024-01-02\""), END}, {END}, "一年以上"},
    /* S01–S07: structure and types */
    {"S01 unknown top-level key", "2021", "S01", 1, {E("/agnecy", "\"x\""), END}, {END}, "\"agency\""},
    {"S01 unknown cell key", "2021", "S01", 1,
     {E("/tables/applications/received/naturel", "1"), END}, {END}, "\"natural\""},
    {"S02 missing cell", "2021", "S02", 1, {E("/tables/applications/received/natural", NULL), END},
     {END}, "缺少单元格"},
    {"S02 totals may be omitted", "2021", "S02", 0,
     {E("/tables/applications/received/total", NULL), E("/tables/applications/results/total", NULL),
      E("/tables/reviews/review/total", NULL), END}, {END}, NULL},
    {"S02 missing agency", "2021", "S02", 1, {E("/agency", NULL), END}, {END}, "agency"},
    {"S03 number as string", "2021", "S03", 1, {E("/tables/applications/received/natural", "\"5\""), END},
     {END}, "字符串"},
    {"S03 year as string", "2021", "S03", 1, {E("/year", "\"2022\""), END}, {END}, NULL},
    {"S04 year too early", "2021", "S04", 1, {E("/year", "2015"), END}, {END}, "2019"},
    {"S04 unknown format", "2021", "S04", 1, {E("/format", "\"2020\""), END}, {END}, "格式"},
    {"S05 empty agency", "2021", "S05", 1, {E("/agency", "\"  \""), END}, {END}, "为空"},
    {"S07 unnumbered heading", "2021", "S07", 2,
     {E("/sections/overview/0", "{\"heading\": \"主动公开情况\"}"), END}, {END}, "编号"},
    {"S07 numbered heading", "2021", "S07", 0,
     {E("/sections/overview/0", "{\"heading\": \"（一）主动公开情况\", \"text\": \"全年主动公开信息10条。\"}"), END},
     {END}, NULL},
};

/* ---- building inputs ------------------------------------------------ */

static void strip_totals(json_t *o)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_del(o, "total");
    json_object_foreach_safe(o, tmp, key, v) {
        if (json_is_object(v))
            strip_totals(v);
    }
}

static json_t *base_report(const char *format)
{
    const xxgk_template *t = xxgk_template_get(format);
    int year = strcmp(format, "2019") ? 2022 : 2020;
    char *skel = xxgk_template_skeleton(t, year);
    json_error_t err;
    json_t *root = json_loads(skel, 0, &err);
    free(skel);
    if (!root) {
        fprintf(stderr, "skeleton is not JSON: %s\n", err.text);
        exit(1);
    }
    /* totals left out: they are computed, so an edit of a cell stays consistent */
    strip_totals(json_object_get(json_object_get(root, "tables"), "applications"));
    strip_totals(json_object_get(json_object_get(root, "tables"), "reviews"));
    json_object_set_new(root, "agency", json_string("某某市某某局"));
    char date[16];
    snprintf(date, sizeof date, "%d-01-20", year + 1);
    json_object_set_new(root, "date", json_string(date));
    json_t *secs = json_object_get(root, "sections");
    json_object_set_new(secs, "overview", json_pack("[s]", "本机关认真贯彻落实政府信息公开条例，推进政务公开各项工作，公开质量持续提升，群众满意度进一步提高。"));
    json_object_set_new(secs, "problems", json_pack("[s]", "政策解读形式还比较单一，下一步将丰富解读形式，提高解读质量，增强政策解读的针对性和实效性。"));
    json_object_set_new(secs, "other_matters", json_pack("[s]", "本年度未收取信息处理费，无其他需要报告的事项。"));
    return root;
}

/* Set (or delete, value NULL) the value at a JSON pointer, creating
 * objects on the way. */
static int apply(json_t *root, const char *path, const char *value)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *node = root;
    char *tok = buf + 1, *slash;
    while ((slash = strchr(tok, '/'))) {
        *slash = 0;
        json_t *next = json_is_array(node) ? json_array_get(node, (size_t)atoi(tok))
                                           : json_object_get(node, tok);
        if (!next) {
            next = json_object();
            json_object_set_new(node, tok, next);
        }
        node = next;
        tok = slash + 1;
    }
    if (!value) {
        json_object_del(node, tok); /* absent already is fine */
        return 0;
    }
    json_error_t err;
    json_t *v = json_loads(value, JSON_DECODE_ANY, &err);
    if (!v) {
        fprintf(stderr, "bad test value %s: %s\n", value, err.text);
        return -1;
    }
    if (json_is_array(node)) {
        size_t i = (size_t)atoi(tok);
        return i < json_array_size(node) ? json_array_set_new(node, i, v) : json_array_append_new(node, v);
    }
    return json_object_set_new(node, tok, v);
}

static xxgk_report *build(const char *format, const edit *edits, xxgk_diags *d)
{
    json_t *root = base_report(format);
    for (const edit *e = edits; e->path; e++)
        if (apply(root, e->path, e->value)) {
            fprintf(stderr, "cannot apply %s\n", e->path);
            exit(1);
        }
    char *text = json_dumps(root, JSON_INDENT(1));
    json_decref(root);
    xxgk_report *r = xxgk_report_from_json(text, strlen(text), d);
    free(text);
    return r;
}

/* ---- the font hook -------------------------------------------------- */

static int no_rare(void *ctx, uint32_t cp, xxgk_font_role role)
{
    (void)ctx;
    (void)role;
    return cp < 0x20000;
}

static int run_case(const testcase *tc)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = build(tc->format, tc->edits, d);
    xxgk_report *prev = NULL;
    xxgk_diags *pd = xxgk_diags_new();
    if (tc->previous[0].path)
        prev = build(tc->format, tc->previous, pd);
    else if (!strcmp(tc->rule, "C18"))
        prev = build(tc->format, (const edit[]){{"/year", "2021"}, {"/date", "\"2022-01-20\""}, END}, pd);
    int ok = 1;
    if (!r) {
        fprintf(stderr, "FAIL %s: report not read\n", tc->name);
        xxgk_diags_print(d, tc->name, stderr);
        ok = 0;
    } else {
        xxgk_check_options o = {prev, NULL, NULL, 0};
        xxgk_check(r, &o, d);
        const xxgk_diag *hit = NULL;
        for (size_t i = 0; i < xxgk_diags_count(d); i++) {
            const xxgk_diag *g = xxgk_diags_get(d, i);
            if (!strcmp(g->rule, tc->rule))
                hit = g;
        }
        if (tc->expect == 0 && hit) {
            fprintf(stderr, "FAIL %s: unexpected %s\n", tc->name, tc->rule);
            ok = 0;
        } else if (tc->expect && !hit) {
            fprintf(stderr, "FAIL %s: no %s\n", tc->name, tc->rule);
            ok = 0;
        } else if (hit && (tc->expect == 1) != (hit->severity == XXGK_ERROR)) {
            fprintf(stderr, "FAIL %s: %s has the wrong severity\n", tc->name, tc->rule);
            ok = 0;
        } else if (hit && tc->expect_text && !strstr(hit->message, tc->expect_text) &&
                   !(hit->place && strstr(hit->place, tc->expect_text)) &&
                   !(hit->actual && strstr(hit->actual, tc->expect_text))) {
            fprintf(stderr, "FAIL %s: message lacks \"%s\"\n", tc->name, tc->expect_text);
            ok = 0;
        }
        if (!ok)
            xxgk_diags_print(d, tc->name, stderr);
    }
    xxgk_report_free(r);
    xxgk_report_free(prev);
    xxgk_diags_free(d);
    xxgk_diags_free(pd);
    return ok;
}

/* A clean report has no diagnostics at all: the base of every case. */
static int base_is_clean(const char *format)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = build(format, (const edit[]){END}, d);
    xxgk_check(r, NULL, d);
    int ok = xxgk_diags_count(d) == 0;
    if (!ok) {
        fprintf(stderr, "FAIL base report %s is not clean\n", format);
        xxgk_diags_print(d, format, stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return ok;
}

static int font_hook(void)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = build("2021", (const edit[]){{"/agency", "\"某某市\\ud840\\udc00局\""}, END}, d);
    xxgk_check_options o = {NULL, no_rare, NULL, 0};
    xxgk_check(r, &o, d);
    int ok = 0;
    for (size_t i = 0; i < xxgk_diags_count(d); i++) {
        const xxgk_diag *g = xxgk_diags_get(d, i);
        if (!strcmp(g->rule, "F01") && strstr(g->message, "U+20000"))
            ok = 1;
    }
    if (!ok) {
        fprintf(stderr, "FAIL font hook: U+20000 not reported\n");
        xxgk_diags_print(d, "font", stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return ok;
}

static int unreadable(const char *name, const char *text, size_t len, const char *want)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_from_json(text, len, d);
    int ok = !r && xxgk_diags_errors(d) == 1 && strstr(xxgk_diags_get(d, 0)->message, want);
    if (!ok) {
        fprintf(stderr, "FAIL unreadable %s\n", name);
        xxgk_diags_print(d, name, stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return ok;
}

int main(void)
{
    size_t n = sizeof cases / sizeof *cases, failed = 0, passed = 0;
    for (size_t i = 0; i < n; i++)
        run_case(&cases[i]) ? passed++ : failed++;
    base_is_clean("2019") ? passed++ : failed++;
    base_is_clean("2021") ? passed++ : failed++;
    font_hook() ? passed++ : failed++;
    unreadable("syntax", "{\"year\": 2022,", 14, "语法") ? passed++ : failed++;
    unreadable("duplicate", "{\"year\": 2022, \"year\": 2023}", 28, "duplicate") ? passed++ : failed++;
    unreadable("utf8", "{\"agency\": \"\xb2\xbb\"}", 16, "UTF-8") ? passed++ : failed++;
    unreadable("array", "[1, 2]", 6, "对象") ? passed++ : failed++;
    unreadable("BOM then an array", "\xef\xbb\xbf[1]", 6, "对象") ? passed++ : failed++;
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed != 0;
}
