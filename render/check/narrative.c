/* narrative.c — what the prose says against what the tables say.
 *
 * Extraction from prose is heuristic, so everything here is a warning that
 * quotes the sentence: C09 (figures), C10 (fees), C13 (cited basis), C16
 * (the preamble's list of parts), C17 (a government's 考核/评议/追究).  The
 * keywords of C09 are data (template "narrative"), not code.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

typedef struct {
    const xxgk_report *r;
    xxgk_diags *d;
    arena *a;
    /* C10: the first sentence saying no fees were charged, and whether
     * any text reports fees at all */
    const char *no_fee, *no_fee_path;
    size_t no_fee_len;
    int mentions_fee;
    /* prose_figures: each figure goes to on_figure instead of C09 */
    figure_fn on_figure;
    void *arg;
} ctx;

/* ---- text helpers --------------------------------------------------- */

static size_t cp_len(const char *s, size_t len)
{
    uint32_t cp;
    size_t n = utf8_decode(s, len, &cp);
    return n ? n : 1;
}

static int has(const char *s, size_t len, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= len; i += cp_len(s + i, len - i))
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

static size_t mark_at(const char *s, size_t len, const char *const *marks)
{
    for (; *marks; marks++)
        if (starts(s, len, *marks))
            return strlen(*marks);
    return 0;
}

static const char *const sentence_ends[] = {"。", "；", "！", "？", ";", "\n", NULL};
static const char *const clause_ends[] = {"，", "、", "：", ",", ":", NULL};
/* what joins the things a negation covers: 没有…行政复议、提起行政诉讼 */
static const char *const joiners[] = {"、", "和", "及", "与", "或", "，", NULL};
static const char *const count_units[] = {"件", "条", "宗", "起", "项", "例", "份", NULL};

static char *quote(arena *a, const char *s, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len && n < 60) {
        i += cp_len(s + i, len - i);
        n++;
    }
    return arena_printf(a, "“%.*s%s”", (int)i, s, i < len ? "……" : "");
}

char *prose_quote(arena *a, const char *s, size_t len)
{
    return quote(a, s, len);
}

/* A number at s: Arabic digits (with thousands separators) or Chinese
 * numerals (一百二十, 两千零五, 三万).  Returns bytes used, 0 if none. */
static size_t read_number(const char *s, size_t len, long *value)
{
    size_t i = 0;
    if (len && s[0] >= '0' && s[0] <= '9') {
        long v = 0;
        while (i < len && ((s[i] >= '0' && s[i] <= '9') ||
                           (s[i] == ',' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            if (s[i] != ',' && v < 100000000000L)
                v = v * 10 + (s[i] - '0');
            i++;
        }
        *value = v;
        return i;
    }
    static const char *const digits[] = {"零", "一", "二", "三", "四", "五",
                                         "六", "七", "八", "九", "两"};
    static const char *const units[] = {"十", "百", "千"};
    static const long unit_value[] = {10, 100, 1000};
    long total = 0, section = 0, digit = -1;
    int seen = 0;
    while (i < len) {
        size_t k = 0;
        int d = -1, u = -1;
        for (int j = 0; j < 11 && d < 0; j++)
            if (starts(s + i, len - i, digits[j]))
                d = j == 10 ? 2 : j, k = strlen(digits[j]);
        for (int j = 0; j < 3 && d < 0 && u < 0; j++)
            if (starts(s + i, len - i, units[j]))
                u = j, k = strlen(units[j]);
        if (d >= 0) {
            digit = d;
        } else if (u >= 0) {
            section += (digit < 0 ? 1 : digit) * unit_value[u];
            digit = -1;
        } else if (seen && starts(s + i, len - i, "万")) {
            total += (section + (digit > 0 ? digit : 0)) * 10000;
            section = 0;
            digit = -1;
            k = 3;
        } else {
            break;
        }
        seen = 1;
        i += k;
    }
    if (!seen)
        return 0;
    *value = total + section + (digit > 0 ? digit : 0);
    return i;
}

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

/* The leaves a figure may have been taken from instead of its total: the
 * parts of a total node, or the node's own leaves. */
static void part_leaves(const hnode *n, int *first, int *count, const hnode **parts_of)
{
    *parts_of = n->n_parts ? n : NULL;
    *first = n->first_leaf;
    *count = n->n_leaves;
}

static int is_part(const hnode *total, const hnode *leaf)
{
    if (!total)
        return 1;
    for (size_t p = 0; p < total->n_parts; p++)
        if (leaf->leaf >= total->parts[p]->first_leaf &&
            leaf->leaf < total->parts[p]->first_leaf + total->parts[p]->n_leaves)
            return 1;
    return 0;
}

/* A single cell of the measure (one applicant column, one sub-row)
 * holding the stated figure: the text probably counted only that. */
static const char *single_cell_match(ctx *c, const narrative_rule *m, int64_t stated)
{
    if (!stated)
        return NULL;
    for (size_t i = 0; i < m->n_cells; i++) {
        const cellref *ref = &m->cells[i];
        const tblock *b = ref->block;
        int r0, nr, c0, nc;
        const hnode *rt, *ct;
        part_leaves(ref->row, &r0, &nr, &rt);
        part_leaves(ref->col, &c0, &nc, &ct);
        /* a total row or column: look at the whole line of its parts */
        if (rt)
            r0 = 0, nr = b->n_rows;
        if (ct)
            c0 = 0, nc = b->n_cols;
        for (int row = r0; row < r0 + nr; row++)
            for (int col = c0; col < c0 + nc; col++) {
                const hnode *rl = b->row_leaves[row], *cl = b->col_leaves[col];
                if (rl->n_parts || cl->n_parts || !is_part(rt, rl) || !is_part(ct, cl))
                    continue;
                if (report_cell(c->r, b, row, col)->v == stated)
                    return report_cell_place(c->a, b, rl, cl);
            }
    }
    return NULL;
}

/* A part of the measure holding the stated figure: one sub-row of a
 * category (（四）1. rather than （四）'s total), or one of the cells a
 * measure adds (予以公开 of 予以公开及部分公开).  Its name, or NULL. */
static const char *part_match(ctx *c, const narrative_rule *m, int64_t stated)
{
    if (!stated)
        return NULL;
    for (size_t i = 0; i < m->n_cells; i++) {
        const cellref *ref = &m->cells[i];
        int missing = 0;
        if (m->n_cells > 1 && report_sum(c->r, ref, &missing) == stated && !missing)
            return report_cell_place(c->a, ref->block, ref->row, ref->col);
        if (ref->row->n_parts || ref->row->n_leaves < 2)
            continue;
        for (int k = 0; k < ref->row->n_leaves; k++) {
            const hnode *sub = ref->block->row_leaves[ref->row->first_leaf + k];
            cellref one = {ref->block, sub, ref->col};
            missing = 0;
            if (report_sum(c->r, &one, &missing) == stated && !missing)
                return arena_printf(c->a, "%s %s", ref->row->label, sub->label);
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
    const char *part = part_match(c, m, v);
    const char *single = part ? NULL : single_cell_match(c, m, v);
    const cellref *first = &m->cells[0];
    const char *place = report_cell_place(c->a, first->block, first->row, first->col);
    if (m->n_cells > 1)
        place = arena_printf(c->a, "%s 等 %zu 格之和", place, m->n_cells);
    const char *hint = "";
    if (part)
        hint = arena_printf(c->a, "；%s 是“%s”一项的数字，%s合计为 %s，可能只计了其中一项", st,
                            part, m->measure, tb);
    else if (single)
        hint = arena_printf(c->a, "；所述数字与“%s”一格相同，可能只计了其中一类", single);
    report_diag(c->d, c->r, XXGK_WARNING, "C09",
                &(diag_where){.place = place, .path = path, .expected = tb, .actual = st},
                "正文%s所述%s与表格不一致%s", quote(c->a, sentence, slen), m->measure, hint);
}

/* "未收到政府信息公开申请", "没有因…被申请行政复议、提起行政诉讼的情况":
 * a zero phrase, then the measure, in the words it covers. */
static int states_zero(const narrative_rule *m, const char *s, size_t len)
{
    for (const char *const *z = m->zero; z && *z; z++) {
        size_t zl = strlen(*z);
        for (size_t i = 0; i + zl <= len; i += cp_len(s + i, len - i)) {
            if (memcmp(s + i, *z, zl))
                continue;
            const char *seg = s + i;
            size_t seglen = len - i;
            if (measure_matches(m, seg, seglen))
                return 1;
            /* each joined item, read with the zero phrase before it */
            size_t from = zl;
            for (size_t k = zl; k <= seglen;) {
                size_t j = k < seglen ? mark_at(seg + k, seglen - k, joiners) : 1;
                if (k == seglen || j) {
                    strbuf item = {0};
                    sb_addn(&item, *z, zl);
                    sb_addn(&item, seg + from, k - from);
                    int hit = measure_matches(m, item.s, item.len);
                    sb_free(&item);
                    if (hit)
                        return 1;
                    if (k == seglen)
                        break;
                    k += j;
                    from = k;
                } else {
                    k += cp_len(seg + k, seglen - k);
                }
            }
            break; /* only the first occurrence of this phrase */
        }
    }
    return 0;
}

static void scan_sentence(ctx *c, const char *s, size_t len, const char *path)
{
    const xxgk_template *t = c->r->tpl;
    int any_count = 0;
    size_t ctx_start = 0;
    for (size_t i = 0; i < len;) {
        size_t k = mark_at(s + i, len - i, clause_ends);
        if (k) {
            i += k;
            ctx_start = i;
            continue;
        }
        long value;
        size_t n = read_number(s + i, len - i, &value);
        if (!n) {
            i += cp_len(s + i, len - i);
            continue;
        }
        size_t u = mark_at(s + i + n, len - i - n, count_units);
        if (!u) { /* a year, a date, 15个工作日, 100%: not a count */
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
        /* "40余条", "100件以上": not exact */
        int approximate = has(cx, cxlen, "余") || starts(s + i + n + u, len - i - n - u, "以上") ||
                          starts(s + i + n + u, len - i - n - u, "左右");
        if (best && !approximate && c->on_figure)
            c->on_figure(c->arg, best, value, s, len);
        else if (best && !approximate)
            stated(c, best, value, s, len, path);
        i += n + u;
        ctx_start = i;
    }
    if (any_count)
        return;
    for (size_t m = 0; m < t->n_narrative; m++)
        if (t->narrative[m].zero && t->narrative[m].zero[0] &&
            states_zero(&t->narrative[m], s, len)) {
            if (c->on_figure)
                c->on_figure(c->arg, &t->narrative[m], 0, s, len);
            else
                stated(c, &t->narrative[m], 0, s, len, path);
        }
}

typedef void (*sentence_fn)(ctx *c, const char *s, size_t len, const char *path,
                            const tsection *sec);

static void each_sentence(ctx *c, const char *s, const char *path, const tsection *sec,
                          sentence_fn fn)
{
    if (!s)
        return;
    size_t len = strlen(s), start = 0;
    for (size_t i = 0; i <= len;) {
        size_t k = i < len ? mark_at(s + i, len - i, sentence_ends) : 0;
        if (i == len || k) {
            if (i > start)
                fn(c, s + start, i - start, path, sec);
            if (i == len)
                break;
            i += k;
            start = i;
        } else {
            i += cp_len(s + i, len - i);
        }
    }
}

/* Every sentence of the prose: preface, sections (headings too), notes. */
static void each_prose_sentence(ctx *c, sentence_fn fn)
{
    const xxgk_report *r = c->r;
    for (size_t i = 0; i < r->preface.n; i++) {
        each_sentence(c, r->preface.items[i].heading, r->preface.items[i].path, NULL, fn);
        each_sentence(c, r->preface.items[i].text, r->preface.items[i].path, NULL, fn);
    }
    for (size_t k = 0; k < r->tpl->n_sections; k++)
        for (size_t i = 0; i < r->sections[k].n; i++) {
            const para *p = &r->sections[k].items[i];
            each_sentence(c, p->heading, p->path, &r->tpl->sections[k], fn);
            each_sentence(c, p->text, p->path, &r->tpl->sections[k], fn);
        }
    each_sentence(c, r->notes, "/notes", NULL, fn);
}

static void c09_sentence(ctx *c, const char *s, size_t len, const char *path, const tsection *sec)
{
    scan_sentence(c, s, len, path);
}

void prose_figures(const xxgk_report *r, const char *text, figure_fn fn, void *arg)
{
    arena a = {0};
    ctx c = {r, NULL, &a, NULL, NULL, 0, 0, fn, arg};
    each_sentence(&c, text, NULL, NULL, c09_sentence);
    arena_free(&a);
}

/* ---- C10 ------------------------------------------------------------ */

static void c10_sentence(ctx *c, const char *s, size_t len, const char *path, const tsection *sec)
{
    static const char *const none[] = {"未收取信息处理费", "没有收取信息处理费", "不收取信息处理费",
                                       "未收取费用",       "未收取任何费用",     "未发出收费通知",
                                       "未向申请人收取",   "未产生信息处理费",   NULL};
    if (!c->no_fee && has_any(s, len, none)) {
        c->no_fee = s;
        c->no_fee_len = len;
        c->no_fee_path = path;
    }
    if (has(s, len, "信息处理费") || has(s, len, "收费"))
        c->mentions_fee = 1;
}

static void check_fees(ctx *c)
{
    const xxgk_template *t = c->r->tpl;
    if (!t->has_fee_row)
        return;
    each_prose_sentence(c, c10_sentence);
    int missing = 0;
    int64_t n = report_sum(c->r, &t->fee_row, &missing);
    if (missing || !n)
        return;
    char v[48];
    format_value(n, v, sizeof v);
    const char *place = report_cell_place(c->a, t->fee_row.block, t->fee_row.row, t->fee_row.col);
    if (c->no_fee)
        report_diag(
            c->d, c->r, XXGK_WARNING, "C10",
            &(diag_where){.place = place, .path = c->no_fee_path, .expected = "0", .actual = v},
            "正文%s说未收费，但表中有 %s 件申请因逾期未缴纳信息处理费而不再处理（发过收费通知）",
            quote(c->a, c->no_fee, c->no_fee_len), v);
    else if (!c->mentions_fee)
        report_diag(c->d, c->r, XXGK_WARNING, "C10",
                    &(diag_where){.place = place, .path = "/sections/other_matters", .actual = v},
                    "表中有 %s "
                    "件申请因逾期未缴纳信息处理费而不再处理，但正文没有报告信息处理费的收取情况（应"
                    "在六、其他需要报告的事项中说明）",
                    v);
}

/* ---- C13 ------------------------------------------------------------ */

static void c13_sentence(ctx *c, const char *s, size_t len, const char *path, const tsection *sec)
{
    if (!c->r->year)
        return;
    const xxgk_template *want = xxgk_template_for_year(c->r->year);
    /* every other format's notice, cited in this year's report */
    for (size_t i = 0; i < template_count(); i++) {
        const xxgk_template *t = template_at(i);
        if (t == want || !has_any(s, len, t->basis_citations))
            continue;
        report_diag(
            c->d, c->r, XXGK_WARNING, "C13",
            &(diag_where){
                .place = "引用的依据", .path = path, .expected = want->basis, .actual = t->basis},
            "%d 年度报告%s引用了%s（%s），该年度应依据%s", c->r->year, quote(c->a, s, len),
            t->basis, t->name, want->basis);
    }
}

/* ---- C16 ------------------------------------------------------------ */

/* Left out when a listed part is compared with its statutory title: what
 * separates the parts, and the ways of joining two things in a title
 * (行政复议、行政诉讼 or 行政复议和行政诉讼 say the same; 改进措施 for
 * 改进情况 does not). */
static const char *const list_marks[] = {"、", "，", "；", "：", "“", "”", "以及", "和", "及",
                                         "与", "/",  "／", ",",  ";", ":", " ",    NULL};

/* The list item of s that holds one of the keywords: from the mark (or
 * 由/包括/分为…) before it to the mark (or 等N部分) after it. */
static void list_item(const char *s, size_t len, const char *const *keywords, size_t *a, size_t *b)
{
    static const char *const item_ends[] = {"、", "，", "；", "。", ",", ";", "等", NULL};
    static const char *const item_starts[] = {"由",   "包括", "分为", "分成",
                                              "包含", "：",   ":",    NULL};
    size_t at = len;
    for (const char *const *k = keywords; k && *k; k++)
        for (size_t i = 0, w = strlen(*k); i + w <= len; i += cp_len(s + i, len - i))
            if (!memcmp(s + i, *k, w)) {
                if (i < at)
                    at = i;
                break;
            }
    if (at == len) {
        *a = *b = 0;
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < at; i += cp_len(s + i, len - i)) {
        size_t m = mark_at(s + i, len - i, item_ends);
        if (!m)
            m = mark_at(s + i, len - i, item_starts);
        if (m && !starts(s + i, len - i, "等") && i + m <= at)
            start = i + m;
    }
    size_t end = at;
    while (end < len && !mark_at(s + end, len - end, item_ends))
        end += cp_len(s + end, len - end);
    *a = start;
    *b = end;
}

/* "本报告由……等五部分组成", "全文分为六个部分：……": the count stands
 * right before 部分 (or 个部分), and the sentence names the parts. */
static void c16_sentence(ctx *c, const char *s, size_t len, const char *path, const tsection *sec)
{
    if (sec && strcmp(sec->key, "overview"))
        return;
    static const char *const verbs[] = {"组成", "包括", "分为", "分成", "共有", "包含", NULL};
    if (!has(s, len, "部分") || !has_any(s, len, verbs))
        return;
    long count = 0;
    for (size_t i = 0; i < len && !count; i += cp_len(s + i, len - i)) {
        long v;
        size_t n = read_number(s + i, len - i, &v);
        if (n &&
            (starts(s + i + n, len - i - n, "部分") || starts(s + i + n, len - i - n, "个部分")))
            count = v;
    }
    if (count <= 1)
        return; /* "部分申请", "一部分": not a list of parts */
    const xxgk_template *t = c->r->tpl;
    /* The list without its punctuation, to find each statutory title in
     * it however the list separates them. */
    strbuf flat = {0};
    for (size_t i = 0; i < len;) {
        size_t n = cp_len(s + i, len - i);
        size_t m = mark_at(s + i, len - i, list_marks);
        if (m)
            n = m;
        else if (starts(s + i, len - i, "其它")) /* a variant spelling, not a new title */
            n = strlen("其它"), sb_add(&flat, "其他");
        else
            sb_addn(&flat, s + i, n);
        i += n;
    }
    strbuf missing = {0}, renamed = {0}, titles_want = {0}, titles_got = {0};
    size_t listed = 0;
    for (size_t k = 0; k < t->n_sections; k++) {
        const tsection *ts = &t->sections[k];
        if (!has_any(s, len, ts->keywords)) {
            if (missing.len)
                sb_add(&missing, "、");
            sb_add(&missing, ts->heading);
            continue;
        }
        listed++;
        strbuf title = {0};
        for (size_t i = 0, tl = strlen(ts->title); i < tl;) {
            size_t m = mark_at(ts->title + i, tl - i, list_marks);
            size_t n = m ? m : cp_len(ts->title + i, tl - i);
            if (!m)
                sb_addn(&title, ts->title + i, n);
            i += n;
        }
        if (!has(flat.s ? flat.s : "", flat.len, title.s)) {
            size_t a, b;
            list_item(s, len, ts->keywords, &a, &b);
            sb_printf(&renamed, "%s“%.*s”不是法定标题“%s”", renamed.len ? "，" : "", (int)(b - a),
                      s + a, ts->title);
            sb_printf(&titles_want, "%s%s", titles_want.len ? "、" : "", ts->title);
            sb_printf(&titles_got, "%s%.*s", titles_got.len ? "、" : "", (int)(b - a), s + a);
        }
        sb_free(&title);
    }
    if (count != (long)t->n_sections || missing.len || renamed.len) {
        const char *want, *got;
        if (count != (long)t->n_sections || missing.len) {
            want = arena_printf(c->a, "%zu 个部分", t->n_sections);
            got = count != (long)t->n_sections ? arena_printf(c->a, "%ld 个部分", count)
                                               : arena_printf(c->a, "列举了 %zu 个部分", listed);
        } else {
            want = arena_strdup(c->a, titles_want.s);
            got = arena_strdup(c->a, titles_got.s);
        }
        report_diag(c->d, c->r, XXGK_WARNING, "C16",
                    &(diag_where){.place = sec ? sec->heading : "前言",
                                  .path = path,
                                  .expected = want,
                                  .actual = got},
                    "正文%s称报告由 %ld 个部分组成%s%s%s%s%s", quote(c->a, s, len), count,
                    missing.len ? "，列举中缺少“" : "", missing.len ? missing.s : "",
                    missing.len ? "”" : "", renamed.len ? "；" : "", renamed.len ? renamed.s : "");
    }
    sb_free(&missing);
    sb_free(&renamed);
    sb_free(&titles_want);
    sb_free(&titles_got);
    sb_free(&flat);
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
        report_diag(c->d, r, XXGK_WARNING, "C17",
                    &(diag_where){.place = "一、总体情况", .path = "/sections/overview"},
                    "人民政府的年度报告还应包括工作考核、社会评议和责任追究结果情况（条例第五十条第"
                    "四项），正文未提及：%s",
                    miss.s);
    sb_free(&miss);
}

void check_narrative(const xxgk_report *r, xxgk_diags *d)
{
    arena a = {0};
    ctx c = {r, d, &a, NULL, NULL, 0, 0, NULL, NULL};
    each_prose_sentence(&c, c09_sentence);
    check_fees(&c);
    each_prose_sentence(&c, c13_sentence);
    each_prose_sentence(&c, c16_sentence);
    check_government(&c);
    arena_free(&a);
}
