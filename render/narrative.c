/* narrative.c — what the prose says against what the tables say.
 *
 * Extraction from prose is heuristic, so everything here is a warning that
 * quotes the sentence: C09 (figures), C10 (fees), C13 (cited basis), C16
 * (the preamble's list of parts), C17 (a government's 考核/评议/追究).  The
 * keywords of C09 are data (template "narrative"), not code.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

typedef struct {
    const xxgk_report *r;
    xxgk_diags *d;
    arena *a;
} ctx;

/* ---- text helpers --------------------------------------------------- */

static int has(const char *s, size_t len, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= len; i++)
        if (!memcmp(s + i, word, w))
            return 1;
    return 0;
}

static int has_any(const char *s, size_t len, const char *const *words)
{
    for (; words && *words; words++)
        if (has(s, len, *words))
            return 1;
    return 0;
}

static int starts(const char *s, size_t len, const char *word)
{
    size_t w = strlen(word);
    return len >= w && !memcmp(s, word, w);
}

static const char *const sentence_ends[] = {"。", "；", "！", "？", ";", "\n", NULL};
static const char *const clause_ends[] = {"，", "、", "：", ",", ":", NULL};

static size_t mark_at(const char *s, size_t len, const char *const *marks)
{
    for (; *marks; marks++)
        if (starts(s, len, *marks))
            return strlen(*marks);
    return 0;
}

static char *quote(arena *a, const char *s, size_t len)
{
    /* at most 60 characters, whole code points */
    size_t i = 0, n = 0;
    while (i < len && n < 60) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        i += k ? k : 1;
        n++;
    }
    return arena_printf(a, "“%.*s%s”", (int)i, s, i < len ? "……" : "");
}

/* A number at s: Arabic digits (thousands separators allowed) or Chinese
 * numerals up to 99.  Returns bytes used, 0 if none. */
static size_t read_number(const char *s, size_t len, long *value)
{
    size_t i = 0;
    long v = 0;
    if (i < len && s[i] >= '0' && s[i] <= '9') {
        while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == ',' && i + 1 < len &&
                                                            s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            if (s[i] != ',' && v < 100000000000L)
                v = v * 10 + (s[i] - '0');
            i++;
        }
        *value = v;
        return i;
    }
    static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    long cur = -1;
    int seen = 0;
    while (i < len) {
        size_t k = 0;
        int d = -1;
        for (int j = 0; j < 10 && d < 0; j++)
            if (starts(s + i, len - i, digits[j]))
                d = j, k = strlen(digits[j]);
        if (d < 0 && starts(s + i, len - i, "两"))
            d = 2, k = 3;
        if (d >= 0) {
            cur = d;
        } else if (starts(s + i, len - i, "十")) {
            v += (cur < 0 ? 1 : cur) * 10;
            cur = -1;
            k = 3;
        } else {
            break;
        }
        seen = 1;
        i += k;
    }
    if (!seen)
        return 0;
    *value = v + (cur > 0 ? cur : 0);
    return i;
}

static const char *const count_units[] = {"件", "条", "宗", "起", "个", "次", "项", "例", "份", NULL};

/* ---- C09 ------------------------------------------------------------ */

static int measure_matches(const narrative_rule *m, const char *s, size_t len)
{
    for (size_t g = 0; g < m->n_all; g++)
        if (!has_any(s, len, m->all[g]))
            return 0;
    return !has_any(s, len, m->none);
}

static int64_t measure_value(const xxgk_report *r, const narrative_rule *m, int *missing)
{
    int64_t v = 0;
    for (size_t i = 0; i < m->n_cells; i++)
        v += report_sum(r, &m->cells[i], missing);
    return v;
}

/* A cell of the measure (any single applicant column, or one sub-row)
 * holding the stated figure: the text probably counted only that. */
static const char *single_cell_match(ctx *c, const narrative_rule *m, int64_t stated)
{
    for (size_t i = 0; i < m->n_cells; i++) {
        const cellref *ref = &m->cells[i];
        const tblock *b = ref->block;
        for (int row = ref->row->first_leaf; row < ref->row->first_leaf + ref->row->n_leaves; row++)
            for (int col = 0; col < b->n_cols; col++) {
                const cell *x = report_cell(c->r, b, row, col);
                if (x->v == stated && stated != 0 && !b->col_leaves[col]->n_parts)
                    return report_cell_place(c->a, b, b->row_leaves[row], b->col_leaves[col]);
            }
    }
    return NULL;
}

static void stated(ctx *c, const narrative_rule *m, long value, const char *sentence, size_t slen,
                   const char *path)
{
    int missing = 0;
    int64_t table = measure_value(c->r, m, &missing);
    int64_t v = (int64_t)value * XXGK_SCALE;
    if (missing || table == v)
        return;
    char tb[48], st[48];
    format_value(table, tb, sizeof tb);
    format_value(v, st, sizeof st);
    const char *single = single_cell_match(c, m, v);
    diag_add(c->d, c->r, XXGK_WARNING, "C09", m->measure, path, tb, st,
             "正文%s所述%s与表格不一致%s%s%s", quote(c->a, sentence, slen), m->measure,
             single ? "；所述数字与“" : "", single ? single : "", single ? "”一格相同，可能只计了其中一类" : "");
}

static int is_negation(const char *s, size_t len)
{
    static const char *const neg[] = {"未", "没有", "无", "暂无", "零", NULL};
    static const char *const not_neg[] = {"无法", "无正当", "尚未", "未经", "未按", "逾期未", "未能",
                                          "无偿", "无缝", NULL};
    for (size_t i = 0; i < len; i++) {
        if (!mark_at(s + i, len - i, neg))
            continue;
        int excluded = 0;
        for (const char *const *x = not_neg; *x && !excluded; x++) {
            size_t w = strlen(*x);
            /* the marker may stand inside the compound, not only at its start */
            for (size_t back = 0; back <= 6 && back <= i && !excluded; back += 3)
                excluded = i - back + w <= len && !memcmp(s + i - back, *x, w);
        }
        if (!excluded)
            return 1;
    }
    return 0;
}

static void scan_sentence(ctx *c, const char *s, size_t len, const char *path)
{
    const xxgk_template *t = c->r->tpl;
    int any_count = 0;
    size_t clause = 0, ctx_start = 0;
    for (size_t i = 0; i < len;) {
        size_t k = mark_at(s + i, len - i, clause_ends);
        if (k) {
            i += k;
            clause = ctx_start = i;
            continue;
        }
        long value;
        size_t n = read_number(s + i, len - i, &value);
        if (!n) {
            uint32_t cp;
            size_t step = utf8_decode(s + i, len - i, &cp);
            i += step ? step : 1;
            continue;
        }
        size_t u = mark_at(s + i + n, len - i - n, count_units);
        /* skip "共" "余" between number and unit? no: "40余条" is not exact */
        if (!u) {
            i += n;
            continue;
        }
        any_count = 1;
        const char *cx = s + ctx_start;
        size_t cxlen = i - ctx_start;
        const narrative_rule *best = NULL;
        for (size_t m = 0; m < t->n_narrative; m++)
            if (measure_matches(&t->narrative[m], cx, cxlen) &&
                (!best || t->narrative[m].n_all > best->n_all))
                best = &t->narrative[m];
        if (best && !(has(s + i + n + u, len - i - n - u, "以上") || has(cx, cxlen, "余") ||
                      starts(s + i + n, len - i - n, "余")))
            stated(c, best, value, s, len, path);
        i += n + u;
        ctx_start = i;
        (void)clause;
    }
    if (any_count || !is_negation(s, len))
        return;
    /* "未收到政府信息公开申请", "没有…行政复议、提起行政诉讼的情况": zero. */
    for (size_t m = 0; m < t->n_narrative; m++) {
        const narrative_rule *nr = &t->narrative[m];
        int match = measure_matches(nr, s, len);
        size_t f = 0;
        for (size_t i = 0; !match && i <= len;) {
            size_t k = i < len ? mark_at(s + i, len - i, (const char *const[]){"、", "和", "及", "与", "，", NULL}) : 1;
            if (i == len || k) {
                if (measure_matches(nr, s + f, i - f) && (f == 0 || is_negation(s, len)))
                    match = 1;
                i += k;
                f = i;
            } else {
                uint32_t cp;
                size_t step = utf8_decode(s + i, len - i, &cp);
                i += step ? step : 1;
            }
        }
        if (match && nr->n_cells && nr->n_all == 1)
            stated(c, nr, 0, s, len, path);
        else if (match && nr->n_all > 1 && nr->all[0] && nr->all[1])
            stated(c, nr, 0, s, len, path);
    }
}

static void scan_text(ctx *c, const char *s, const char *path)
{
    if (!s)
        return;
    size_t len = strlen(s), start = 0;
    for (size_t i = 0; i <= len;) {
        size_t k = i < len ? mark_at(s + i, len - i, sentence_ends) : 0;
        if (i == len || k) {
            if (i > start)
                scan_sentence(c, s + start, i - start, path);
            if (i == len)
                break;
            i += k;
            start = i;
        } else {
            uint32_t cp;
            size_t step = utf8_decode(s + i, len - i, &cp);
            i += step ? step : 1;
        }
    }
}

/* ---- visiting all prose --------------------------------------------- */

typedef void (*para_fn)(ctx *c, const char *s, const char *path, const tsection *sec);

static void each_para(ctx *c, para_fn fn)
{
    const xxgk_report *r = c->r;
    for (size_t i = 0; i < r->preface.n; i++) {
        fn(c, r->preface.items[i].heading, r->preface.items[i].path, NULL);
        fn(c, r->preface.items[i].text, r->preface.items[i].path, NULL);
    }
    for (size_t k = 0; k < r->tpl->n_sections; k++)
        for (size_t i = 0; i < r->sections[k].n; i++) {
            const para *p = &r->sections[k].items[i];
            fn(c, p->heading, p->path, &r->tpl->sections[k]);
            fn(c, p->text, p->path, &r->tpl->sections[k]);
        }
    fn(c, r->notes, "/notes", NULL);
}

static void c09_para(ctx *c, const char *s, const char *path, const tsection *sec)
{
    scan_text(c, s, path);
}

/* ---- C10 ------------------------------------------------------------ */

typedef struct {
    const char *no_fee_text, *no_fee_path;
    int mentions_fee;
} fee_state;

static fee_state *fees;

static void c10_para(ctx *c, const char *s, const char *path, const tsection *sec)
{
    static const char *const none[] = {"未收取信息处理费", "没有收取信息处理费", "不收取信息处理费",
                                       "未收取费用", "未收取任何费用", "未发出收费通知",
                                       "未向申请人收取", "未产生信息处理费", NULL};
    if (!s)
        return;
    size_t len = strlen(s);
    if (has_any(s, len, none) && !fees->no_fee_text) {
        fees->no_fee_text = s;
        fees->no_fee_path = path;
    }
    if (has(s, len, "信息处理费") || has(s, len, "收费"))
        fees->mentions_fee = 1;
}

static void check_fees(ctx *c)
{
    const xxgk_template *t = c->r->tpl;
    if (!t->has_fee_row)
        return;
    fee_state st = {0};
    fees = &st;
    each_para(c, c10_para);
    fees = NULL;
    int missing = 0;
    int64_t n = report_sum(c->r, &t->fee_row, &missing);
    if (missing || !n)
        return;
    char v[48];
    format_value(n, v, sizeof v);
    const char *place = report_cell_place(c->a, t->fee_row.block, t->fee_row.row, NULL);
    if (st.no_fee_text)
        diag_add(c->d, c->r, XXGK_WARNING, "C10", place, st.no_fee_path, "0", v,
                 "正文%s说未收费，但表中有 %s 件申请因逾期未缴纳信息处理费而不再处理（有收费通知）",
                 quote(c->a, st.no_fee_text, strlen(st.no_fee_text)), v);
    else if (!st.mentions_fee)
        diag_add(c->d, c->r, XXGK_WARNING, "C10", place, "/sections/other_matters", NULL, v,
                 "表中有因逾期未缴纳信息处理费而不再处理的申请，但正文没有报告信息处理费的收取情况（应在六、其他需要报告的事项中说明）");
}

/* ---- C13 ------------------------------------------------------------ */

static void c13_para(ctx *c, const char *s, const char *path, const tsection *sec)
{
    if (!s || !c->r->year)
        return;
    size_t len = strlen(s);
    const xxgk_template *want = xxgk_template_for_year(c->r->year);
    /* every other format's notice, cited in this year's report */
    for (size_t i = 0; i < template_count(); i++) {
        const xxgk_template *t = template_at(i);
        if (t == want || !has_any(s, len, t->basis_citations))
            continue;
        diag_add(c->d, c->r, XXGK_WARNING, "C13", "引用的依据", path, want->basis, t->basis,
                 "%d 年度报告引用了%s（%s），该年度应依据%s", c->r->year, t->basis, t->name,
                 want->basis);
    }
}

/* ---- C16 ------------------------------------------------------------ */

static void c16_para(ctx *c, const char *s, const char *path, const tsection *sec)
{
    if (!s || (sec && strcmp(sec->key, "overview")))
        return;
    const xxgk_template *t = c->r->tpl;
    const char *part = strstr(s, "部分");
    while (part) {
        /* "…等六个部分" / "…等五部分组成" */
        const char *p = part;
        if (p - s >= 3 && !strncmp(p - 3, "个", 3))
            p -= 3;
        const char *numstart = p;
        long count = 0;
        for (const char *q = p - 3; q >= s && q >= p - 9; q -= 3) {
            long v;
            size_t n = read_number(q, (size_t)(p - q), &v);
            if (n == (size_t)(p - q)) {
                count = v;
                numstart = q;
            }
        }
        if (count <= 0) {
            for (const char *q = p - 1; q >= s && *q >= '0' && *q <= '9'; q--)
                numstart = q;
            if (numstart < p)
                count = strtol(numstart, NULL, 10);
        }
        const char *list_end = numstart;
        if (list_end - s >= 3 && !strncmp(list_end - 3, "等", 3))
            list_end -= 3;
        const char *from = NULL;
        for (const char *q = s; q < list_end; q++)
            if (!strncmp(q, "由", 3) || !strncmp(q, "包括", 6) || !strncmp(q, "分为", 6))
                from = q;
        if (count > 0 && from) {
            size_t llen = (size_t)(list_end - from);
            strbuf missing = {0};
            for (size_t i = 0; i < t->n_sections; i++)
                if (!has_any(from, llen, t->sections[i].keywords)) {
                    if (missing.len)
                        sb_add(&missing, "、");
                    sb_add(&missing, t->sections[i].heading);
                }
            if (count != (long)t->n_sections || missing.len)
                diag_add(c->d, c->r, XXGK_WARNING, "C16", "前言", path,
                         arena_printf(c->a, "%zu 个部分", t->n_sections),
                         arena_printf(c->a, "%ld 个部分", count),
                         "正文称报告由 %ld 个部分组成%s%s%s", count,
                         missing.len ? "，列举中缺少“" : "", missing.len ? missing.s : "",
                         missing.len ? "”" : "");
            sb_free(&missing);
            return;
        }
        part = strstr(part + 6, "部分");
    }
}

/* ---- C17 ------------------------------------------------------------ */

static void check_government(ctx *c)
{
    const xxgk_report *r = c->r;
    if (r->kind != AGENCY_GOVERNMENT)
        return;
    static const char *const need[] = {"工作考核", "社会评议", "责任追究"};
    int found[3] = {0};
    for (size_t k = 0; k < r->tpl->n_sections; k++)
        for (size_t i = 0; i < r->sections[k].n; i++) {
            const para *p = &r->sections[k].items[i];
            for (int j = 0; j < 3; j++) {
                found[j] |= p->text && strstr(p->text, need[j]);
                found[j] |= p->heading && strstr(p->heading, need[j]);
            }
        }
    strbuf miss = {0};
    for (int j = 0; j < 3; j++)
        if (!found[j]) {
            if (miss.len)
                sb_add(&miss, "、");
            sb_add(&miss, need[j]);
        }
    if (miss.len)
        diag_add(c->d, r, XXGK_WARNING, "C17", "一、总体情况", "/sections/overview", NULL, NULL,
                 "人民政府的年度报告还应包括工作考核、社会评议和责任追究结果情况（条例第五十条第四项），正文未提及：%s",
                 miss.s);
    sb_free(&miss);
}

void check_narrative(const xxgk_report *r, xxgk_diags *d);
void check_narrative(const xxgk_report *r, xxgk_diags *d)
{
    arena a = {0};
    ctx c = {r, d, &a};
    each_para(&c, c09_para);
    check_fees(&c);
    each_para(&c, c13_para);
    each_para(&c, c16_para);
    check_government(&c);
    arena_free(&a);
}
