/* check.c — the consistency rules (勾稽关系) and the structural checks.
 *
 * The sums are not written per row here: every total node of a template
 * (a column or row with "total_of") and every equation ("rules") of a block
 * is evaluated the same way, over every line of the other axis.  Prose
 * checks live in narrative.c.
 */
#include <string.h>

#include "check/check.h"

static char *num(arena *a, int64_t v)
{
    char buf[48];
    format_value(v, buf, sizeof buf);
    return arena_strdup(a, buf);
}

/* "（二）部分公开（区分处理的，…）" → "（二）部分公开" */
static char *short_label(arena *a, const char *label)
{
    const char *open = "（";
    if (!strncmp(label, open, 3)) {
        const char *close = strstr(label, "）");
        const char *second = close ? strstr(close, open) : NULL;
        if (second)
            return arena_strndup(a, label, (size_t)(second - label));
    }
    return arena_strdup(a, label);
}

static char *parts_text(arena *a, const hnode *total)
{
    strbuf b = {0};
    for (size_t i = 0; i < total->n_parts; i++) {
        if (i)
            sb_add(&b, "、");
        sb_add(&b, short_label(a, total->parts[i]->label));
    }
    char *s = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return s;
}

/* bad[cell]: a given total that does not add up.  An equation over such a
 * cell would only repeat the same fault. */
static void check_totals(const xxgk_report *r, const tblock *b, xxgk_diags *d, arena *a,
                         unsigned char *bad)
{
    for (size_t i = 0; i < b->n_totals; i++) {
        const relation *rel = &b->relations[i];
        const cell *c = &r->cells[b->index][rel->cell];
        if (c->state != CELL_GIVEN)
            continue;
        int missing = 0;
        int64_t sum = report_cells_sum(r, b, rel->right, rel->n_right, &missing);
        if (missing || sum == c->v)
            continue;
        bad[rel->cell] = 1;
        report_diag(d, r, XXGK_ERROR, rel->rule,
                    &(diag_where){.place = report_cell_place(a, b, rel->row, rel->col),
                                  .path = report_cell_path(a, b, rel->row, rel->col),
                                  .expected = num(a, sum),
                                  .actual = num(a, c->v)},
                    "%s应等于%s之和", short_label(a, rel->total->label), parts_text(a, rel->total));
    }
}

static int touches_bad(const int *cells, int n, const unsigned char *bad)
{
    for (int i = 0; i < n; i++)
        if (bad[cells[i]])
            return 1;
    return 0;
}

static void check_equations(const xxgk_report *r, const tblock *b, xxgk_diags *d, arena *a,
                            const unsigned char *bad)
{
    for (size_t i = b->n_totals; i < b->n_relations; i++) {
        const relation *rel = &b->relations[i];
        int missing = 0;
        int64_t left = report_cells_sum(r, b, rel->left, rel->n_left, &missing);
        int64_t right = report_cells_sum(r, b, rel->right, rel->n_right, &missing);
        if (missing || left == right || touches_bad(rel->left, rel->n_left, bad) ||
            touches_bad(rel->right, rel->n_right, bad))
            continue;
        report_diag(d, r, XXGK_ERROR, rel->rule,
                    &(diag_where){.place = report_cell_place(a, b, NULL, rel->col),
                                  .path = report_cell_path(a, b, rel->row, rel->col),
                                  .expected = arena_printf(a, "%s（左边之和）", num(a, left)),
                                  .actual = arena_printf(a, "%s（右边之和）", num(a, right))},
                    "%s", rel->eq->message);
    }
}

/* A column whose meaning the format leaves open (采购总金额 has no unit):
 * a note wherever it holds a figure. */
static void check_notes(const xxgk_report *r, const tblock *b, xxgk_diags *d, arena *a)
{
    for (int j = 0; j < b->n_cols; j++) {
        const hnode *col = b->col_leaves[j];
        if (!col->note)
            continue;
        for (int i = 0; i < b->n_rows; i++)
            if (report_cell(r, b, i, j)->v)
                report_diag(d, r, XXGK_NOTE, "U01",
                            &(diag_where){.place = report_cell_place(a, b, b->row_leaves[i], col),
                                          .path = report_cell_path(a, b, b->row_leaves[i], col)},
                            "%s", col->note);
    }
}

static void check_format(const xxgk_report *r, xxgk_diags *d)
{
    if (!r->year || !r->tpl)
        return;
    const xxgk_template *want = xxgk_template_for_year(r->year);
    if (!want || want == r->tpl)
        return;
    /* Using the 2019 tables after 2021 is the error real reports make
     * (docs/rules.md); the other way round is only odd. */
    xxgk_severity sev = r->tpl->first_year < want->first_year ? XXGK_ERROR : XXGK_WARNING;
    if (r->format_given)
        report_diag(d, r, sev, "C11",
                    &(diag_where){.place = "格式版本",
                                  .path = "/format",
                                  .expected = want->format,
                                  .actual = r->tpl->format},
                    "%d 年度的报告应使用 %s 格式（%s），输入指定的是 %s 格式（%s）", r->year,
                    want->format, want->basis, r->tpl->format, r->tpl->basis);
    else
        report_diag(d, r, sev, "C11",
                    &(diag_where){.place = "格式版本",
                                  .path = "/tables",
                                  .expected = want->format,
                                  .actual = r->tpl->format},
                    "表格是按 %s 格式（%s）填写的，%d 年度的报告应使用 %s 格式（%s）",
                    r->tpl->format, r->tpl->basis, r->year, want->format, want->basis);
}

static void check_sections(const xxgk_report *r, xxgk_diags *d, arena *a)
{
    for (size_t i = 0; i < r->tpl->n_sections; i++) {
        const tsection *s = &r->tpl->sections[i];
        if (s->table || r->sections[i].n)
            continue;
        if (r->sections[i].present)
            report_diag(
                d, r, XXGK_WARNING, "C15",
                &(diag_where){.place = s->heading, .path = arena_printf(a, "/sections/%s", s->key)},
                "这一部分没有内容：如确无事项，写明“无。”");
        else
            report_diag(
                d, r, XXGK_ERROR, "C15",
                &(diag_where){.place = s->heading, .path = arena_printf(a, "/sections/%s", s->key)},
                "缺少这一部分（条例第五十条规定的内容，不能遗漏）");
    }
}

static int date_cmp(int y1, int m1, int d1, int y2, int m2, int d2)
{
    long a = y1 * 10000L + m1 * 100 + d1, b = y2 * 10000L + m2 * 100 + d2;
    return (a > b) - (a < b);
}

static void check_date(const xxgk_report *r, xxgk_diags *d, arena *a)
{
    if (!r->date_y || !r->year)
        return;
    int y = r->date_y, m = r->date_m, dd = r->date_d, n = r->year;
    const char *actual = r->date_text;
    if (date_cmp(y, m, dd, n, 12, 31) <= 0) {
        report_diag(
            d, r, XXGK_ERROR, "D02",
            &(diag_where){.place = "成文日期",
                          .path = "/date",
                          .expected = arena_printf(a, "%d-01-01 以后", n + 1),
                          .actual = actual},
            y < n ? "成文日期早于报告年度：年度或日期可能写错了"
                  : "成文日期在报告年度之内：年度报告总结的是整个 %d 年度，应在年度结束后成文",
            n);
        return;
    }
    if (date_cmp(y, m, dd, n + 1, 12, 31) > 0) {
        report_diag(d, r, XXGK_ERROR, "D02",
                    &(diag_where){.place = "成文日期",
                                  .path = "/date",
                                  .expected = arena_printf(a, "%d 年内", n + 1),
                                  .actual = actual},
                    "成文日期比报告年度晚了一年以上，年度或日期可能写错了");
        return;
    }
    int gov = r->kind == AGENCY_GOVERNMENT;
    int dm = gov ? 3 : 1, ddl = 31;
    if (date_cmp(y, m, dd, n + 1, dm, ddl) > 0)
        report_diag(d, r, XXGK_WARNING, "C19",
                    &(diag_where){.place = "成文日期",
                                  .path = "/date",
                                  .expected = arena_printf(a, "%d-%02d-%02d 以前", n + 1, dm, ddl),
                                  .actual = actual},
                    "晚于条例第四十九条规定的期限（%s应在每年%d月%d日前公布上一年度报告）",
                    gov ? "县级以上地方人民政府" : "县级以上人民政府部门", dm, ddl);
}

/* ---- last year's report --------------------------------------------- */

static void check_previous(const xxgk_report *r, const xxgk_report *p, xxgk_diags *d, arena *a)
{
    if (!p->year || !r->year)
        return;
    if (p->year != r->year - 1) {
        report_diag(d, r, XXGK_WARNING, "C07",
                    &(diag_where){.place = "上年报告",
                                  .expected = arena_printf(a, "%d", r->year - 1),
                                  .actual = arena_printf(a, "%d", p->year)},
                    "给出的上年报告不是上一年度的，跨年核对未进行");
        return;
    }
    const xxgk_template *t = r->tpl, *pt = p->tpl;
    if (t->has_carry && pt->has_carry) {
        const cellref *to = &t->carry_to, *from = &pt->carry_from;
        for (int j = 0; j < to->block->n_cols && j < from->block->n_cols; j++) {
            cellref cur = {to->block, to->row, to->block->col_leaves[j]};
            cellref prev = {from->block, from->row, from->block->col_leaves[j]};
            int missing = 0;
            int64_t now = report_sum(r, &cur, &missing), before = report_sum(p, &prev, &missing);
            if (!missing && now != before)
                report_diag(
                    d, r, XXGK_WARNING, "C07",
                    &(diag_where){.place = report_cell_place(a, to->block, to->row, cur.col),
                                  .path = report_cell_path(a, to->block, to->row, cur.col),
                                  .expected = num(a, before),
                                  .actual = num(a, now)},
                    "本年“上年结转”应等于上年报告的“结转下年度继续办理”");
        }
    }
    if (t == pt && t->has_stock) {
        const tblock *b = t->stock_block;
        for (int i = 0; i < b->n_rows; i++) {
            const hnode *row = b->row_leaves[i];
            cellref s = {b, row, t->stock_col}, ad = {b, row, t->added_col},
                    rm = {b, row, t->removed_col};
            int missing = 0;
            int64_t now = report_sum(r, &s, &missing), before = report_sum(p, &s, &missing);
            int64_t expect = before + report_sum(r, &ad, &missing) - report_sum(r, &rm, &missing);
            if (!missing && now != expect)
                report_diag(
                    d, r, XXGK_WARNING, "C08",
                    &(diag_where){.place = report_cell_place(a, b, row, t->stock_col),
                                  .path = report_cell_path(a, b, row, t->stock_col),
                                  .expected = num(a, expect),
                                  .actual = num(a, now)},
                    "现行有效件数一般等于上年现行有效件数加本年制发件数减本年废止件数（上年 %s）",
                    num(a, before));
        }
    }
    /* 内容雷同: the same prose or the same tables as last year */
    check_repeated(r, p, d);
    for (size_t i = 0; i < t->n_sections; i++) {
        const tsection *s = &t->sections[i];
        const tsection *ps = template_section(pt, s->key);
        if (s->table || !ps)
            continue;
        const prose *cur = &r->sections[i], *prev = &p->sections[ps - pt->sections];
        size_t same = 0, chars = 0;
        for (size_t k = 0; k < cur->n; k++) {
            const char *tx = cur->items[k].text;
            if (!tx)
                continue;
            for (size_t m = 0; m < prev->n; m++)
                if (prev->items[m].text && !strcmp(tx, prev->items[m].text)) {
                    same++;
                    chars += utf8_length(tx);
                    break;
                }
        }
        if (same && chars >= 40)
            report_diag(
                d, r, XXGK_WARNING, "C18",
                &(diag_where){.place = s->heading, .path = arena_printf(a, "/sections/%s", s->key)},
                "有 %zu 段与上年报告一字不差（共 %zu 字）：内容雷同是 2021 年格式列明的问责情形",
                same, chars);
    }
    if (t == pt) {
        int all_same = 1, nonzero = 0;
        for (size_t k = 0; k < t->n_blocks && all_same; k++) {
            const tblock *b = t->blocks[k];
            for (int i = 0; i < b->n_rows * b->n_cols; i++) {
                const cell *x = &r->cells[k][i], *y = &p->cells[k][i];
                if (x->v != y->v)
                    all_same = 0;
                nonzero |= x->v != 0;
            }
        }
        if (all_same && nonzero)
            report_diag(d, r, XXGK_WARNING, "C18",
                        &(diag_where){.place = "二、三、四部分的表格", .path = "/tables"},
                        "三张表的每个数字都与上年报告相同，像是沿用了上年的数据");
    }
}

/* ---- characters the fonts cannot draw ------------------------------- */

typedef struct {
    const xxgk_check_options *o;
    const xxgk_report *r;
    xxgk_diags *d;
    arena *a;
    uint32_t seen[64];
    size_t n_seen;
} drawcheck;

static const char *role_name(xxgk_font_role role)
{
    static const char *names[] = {"标题（小标宋）", "正文（仿宋）", "一级标题（黑体）",
                                  "二级标题（楷体）", "页码（宋体）"};
    return role < XXGK_ROLE_COUNT ? names[role] : "?";
}

static void draw_text(drawcheck *c, const char *s, xxgk_font_role role, const char *place,
                      const char *path)
{
    if (!s)
        return;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        i += n ? n : 1;
        if (cp <= ' ' || c->o->can_draw(c->o->can_draw_ctx, cp, role))
            continue;
        uint32_t key = cp * 8 + (uint32_t)role;
        size_t k;
        for (k = 0; k < c->n_seen && c->seen[k] != key; k++)
            ;
        if (k < c->n_seen)
            continue; /* one report per character and role */
        if (c->n_seen < 64)
            c->seen[c->n_seen++] = key;
        char u[5] = {0};
        utf8_encode(cp, u);
        /* a warning here: whether it can be drawn depends on the fonts of
         * this machine; render refuses it */
        report_diag(c->d, c->r, XXGK_WARNING, "F01", &(diag_where){.place = place, .path = path},
                    "字符“%s”（U+%04X）在%s所用字体中没有字形，无法排版", u, (unsigned)cp,
                    role_name(role));
    }
}

static void draw_paras(drawcheck *c, const prose *t, const char *place)
{
    for (size_t i = 0; i < t->n; i++) {
        const para *p = &t->items[i];
        draw_text(c, p->heading, p->level == 2 ? XXGK_ROLE_HEADING2 : XXGK_ROLE_BODY, place,
                  p->path);
        draw_text(c, p->text, XXGK_ROLE_BODY, place, p->path);
    }
}

static void draw_tree(drawcheck *c, const hnode *n, const char *place)
{
    draw_text(c, n->label, XXGK_ROLE_BODY, place, NULL);
    for (size_t i = 0; i < n->n_children; i++)
        draw_tree(c, n->children[i], place);
}

static void check_drawable(const xxgk_report *r, const xxgk_check_options *o, xxgk_diags *d,
                           arena *a)
{
    drawcheck c = {o, r, d, a, {0}, 0};
    draw_text(&c, xxgk_report_title(r), XXGK_ROLE_TITLE, "标题", r->title ? "/title" : "/agency");
    draw_paras(&c, &r->preface, "前言");
    for (size_t i = 0; i < r->tpl->n_sections; i++) {
        const tsection *s = &r->tpl->sections[i];
        draw_text(&c, s->heading, XXGK_ROLE_HEADING1, s->heading, NULL);
        draw_paras(&c, &r->sections[i], s->heading);
        if (s->table)
            for (size_t k = 0; k < s->table->n_blocks; k++) {
                const tblock *b = &s->table->blocks[k];
                draw_text(&c, b->title, XXGK_ROLE_BODY, s->heading, NULL);
                draw_text(&c, b->stub_header, XXGK_ROLE_BODY, s->heading, NULL);
                draw_tree(&c, b->cols, s->heading);
                draw_tree(&c, b->rows, s->heading);
            }
    }
    draw_text(&c, "0123456789.-", XXGK_ROLE_BODY, "表格数字", NULL);
    draw_text(&c, r->agency, XXGK_ROLE_BODY, "发文机关署名", "/agency");
    draw_text(&c, "0123456789年月日", XXGK_ROLE_BODY, "成文日期", "/date");
    draw_text(&c, r->notes, XXGK_ROLE_BODY, "附注", "/notes");
    draw_text(&c, "—0123456789", XXGK_ROLE_PAGE_NUMBER, "页码", NULL);
}

/* The skeleton of `xxgk template` marks what the user must fill in. */
static void check_placeholders(const xxgk_report *r, int for_render, xxgk_diags *d)
{
    if (r->agency && strstr(r->agency, "请填写"))
        report_diag(d, r, for_render ? XXGK_ERROR : XXGK_WARNING, "S08",
                    &(diag_where){.place = "发文机关署名", .path = "/agency", .actual = r->agency},
                    "模板中的占位文字尚未替换为发文机关的名称");
}

void xxgk_check(const xxgk_report *r, const xxgk_check_options *opts, xxgk_diags *d)
{
    arena a = {0};
    if (!r->tpl)
        return;
    check_format(r, d);
    check_placeholders(r, opts && opts->for_render, d);
    check_title(r, d);
    check_leftovers(r, d);
    check_date(r, d, &a);
    check_sections(r, d, &a);
    for (size_t k = 0; k < r->tpl->n_blocks; k++) {
        const tblock *b = r->tpl->blocks[k];
        unsigned char *bad = arena_alloc(&a, (size_t)(b->n_rows * b->n_cols));
        check_totals(r, b, d, &a, bad);
        check_equations(r, b, d, &a, bad);
        check_notes(r, b, d, &a);
    }
    check_narrative(r, d);
    check_upheld(r, d);
    check_outcomes(r, d);
    if (opts && opts->previous)
        check_previous(r, opts->previous, d, &a);
    if (opts && opts->can_draw)
        check_drawable(r, opts, d, &a);
    arena_free(&a);
}
