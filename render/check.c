/* check.c — the consistency rules (勾稽关系) and the structural checks.
 *
 * The sums are not written per row here: every total node of a template
 * (a column or row with "total_of") and every equation ("rules") of a block
 * is evaluated the same way, over every line of the other axis.  Prose
 * checks live in narrative.c.
 */
#include <string.h>

#include "model.h"


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

/* bad[row * n_cols + col]: a given total that does not add up.  An
 * equation over such a cell would only repeat the same fault. */
static void check_totals(const xxgk_report *r, const tblock *b, xxgk_diags *d, arena *a,
                         unsigned char *bad)
{
    for (int pass = 0; pass < 2; pass++) {
        int is_col = pass == 0;
        int n_tot = is_col ? b->n_cols : b->n_rows, n_line = is_col ? b->n_rows : b->n_cols;
        for (int t = 0; t < n_tot; t++) {
            const hnode *tot = is_col ? b->col_leaves[t] : b->row_leaves[t];
            if (!tot->n_parts)
                continue;
            for (int line = 0; line < n_line; line++) {
                const cell *c = is_col ? report_cell(r, b, line, t) : report_cell(r, b, t, line);
                if (c->state != CELL_GIVEN)
                    continue;
                int missing = 0;
                int64_t sum = report_total_parts(r, b, tot, is_col, line, &missing);
                if (missing || sum == c->v)
                    continue;
                const hnode *row = is_col ? b->row_leaves[line] : tot;
                const hnode *col = is_col ? tot : b->col_leaves[line];
                bad[row->leaf * b->n_cols + col->leaf] = 1;
                diag_add(d, r, XXGK_ERROR, tot->rule, report_cell_place(a, b, row, col),
                         report_cell_path(a, b, row, col), num(a, sum), num(a, c->v),
                         "%s应等于%s之和", short_label(a, tot->label), parts_text(a, tot));
            }
        }
    }
}

static int64_t refs_sum(const xxgk_report *r, const tblock *b, hnode *const *nodes, size_t n,
                        const hnode *line, int for_each_column, int *missing)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++) {
        cellref ref = {b, for_each_column ? nodes[i] : line, for_each_column ? line : nodes[i]};
        s += report_sum(r, &ref, missing);
    }
    return s;
}

static int touches_bad(const tblock *b, hnode *const *nodes, size_t n, const hnode *line,
                       int for_each_column, const unsigned char *bad)
{
    for (size_t i = 0; i < n; i++) {
        const hnode *row = for_each_column ? nodes[i] : line, *col = for_each_column ? line : nodes[i];
        for (int rr = row->first_leaf; rr < row->first_leaf + row->n_leaves; rr++)
            for (int cc = col->first_leaf; cc < col->first_leaf + col->n_leaves; cc++)
                if (bad[rr * b->n_cols + cc])
                    return 1;
    }
    return 0;
}

static void check_equations(const xxgk_report *r, const tblock *b, xxgk_diags *d, arena *a,
                            const unsigned char *bad)
{
    for (size_t k = 0; k < b->n_rules; k++) {
        const equation *e = &b->rules[k];
        int n_line = e->for_each_column ? b->n_cols : b->n_rows;
        for (int line = 0; line < n_line; line++) {
            const hnode *ln = e->for_each_column ? b->col_leaves[line] : b->row_leaves[line];
            int missing = 0;
            int64_t left = refs_sum(r, b, e->left, e->n_left, ln, e->for_each_column, &missing);
            int64_t right = refs_sum(r, b, e->right, e->n_right, ln, e->for_each_column, &missing);
            if (missing || left == right ||
                touches_bad(b, e->left, e->n_left, ln, e->for_each_column, bad) ||
                touches_bad(b, e->right, e->n_right, ln, e->for_each_column, bad))
                continue;
            const hnode *row = e->for_each_column ? e->right[0] : ln;
            const hnode *col = e->for_each_column ? ln : e->right[0];
            diag_add(d, r, XXGK_ERROR, e->id, report_cell_place(a, b, NULL, col),
                     report_cell_path(a, b, row, col),
                     arena_printf(a, "%s（左边之和）", num(a, left)),
                     arena_printf(a, "%s（右边之和）", num(a, right)), "%s", e->message);
        }
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
                diag_add(d, r, XXGK_NOTE, "U01", report_cell_place(a, b, b->row_leaves[i], col),
                         report_cell_path(a, b, b->row_leaves[i], col), NULL, NULL, "%s", col->note);
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
     * (statutory-format.md §7.1); the other way round is only odd. */
    xxgk_severity sev = r->tpl->first_year < want->first_year ? XXGK_ERROR : XXGK_WARNING;
    if (r->format_given)
        diag_add(d, r, sev, "C11", "格式版本", "/format", want->format, r->tpl->format,
                 "%d 年度的报告应使用 %s 格式（%s），输入指定的是 %s 格式（%s）", r->year,
                 want->format, want->basis, r->tpl->format, r->tpl->basis);
    else
        diag_add(d, r, sev, "C11", "格式版本", "/tables", want->format, r->tpl->format,
                 "表格是按 %s 格式（%s）填写的，%d 年度的报告应使用 %s 格式（%s）", r->tpl->format,
                 r->tpl->basis, r->year, want->format, want->basis);
}

static void check_sections(const xxgk_report *r, xxgk_diags *d, arena *a)
{
    for (size_t i = 0; i < r->tpl->n_sections; i++) {
        const tsection *s = &r->tpl->sections[i];
        if (s->table || r->sections[i].n)
            continue;
        if (r->sections[i].present)
            diag_add(d, r, XXGK_WARNING, "C15", s->heading, arena_printf(a, "/sections/%s", s->key),
                     NULL, NULL, "这一部分没有内容：如确无事项，写明“无。”");
        else
            diag_add(d, r, XXGK_ERROR, "C15", s->heading, arena_printf(a, "/sections/%s", s->key),
                     NULL, NULL, "缺少这一部分（条例第五十条规定的内容，不能遗漏）");
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
        diag_add(d, r, XXGK_ERROR, "D02", "成文日期", "/date",
                 arena_printf(a, "%d-01-01 以后", n + 1), actual,
                 y < n ? "成文日期早于报告年度：年度或日期可能写错了"
                       : "成文日期在报告年度之内：年度报告总结的是整个 %d 年度，应在年度结束后成文",
                 n);
        return;
    }
    if (date_cmp(y, m, dd, n + 1, 12, 31) > 0) {
        diag_add(d, r, XXGK_ERROR, "D02", "成文日期", "/date",
                 arena_printf(a, "%d 年内", n + 1), actual,
                 "成文日期比报告年度晚了一年以上，年度或日期可能写错了");
        return;
    }
    int gov = r->kind == AGENCY_GOVERNMENT;
    int dm = gov ? 3 : 1, ddl = 31;
    if (date_cmp(y, m, dd, n + 1, dm, ddl) > 0)
        diag_add(d, r, XXGK_WARNING, "C19", "成文日期", "/date",
                 arena_printf(a, "%d-%02d-%02d 以前", n + 1, dm, ddl), actual,
                 "晚于条例第四十九条规定的期限（%s应在每年%d月%d日前公布上一年度报告）",
                 gov ? "县级以上地方人民政府" : "县级以上人民政府部门", dm, ddl);
}

/* ---- last year's report --------------------------------------------- */

static void check_previous(const xxgk_report *r, const xxgk_report *p, xxgk_diags *d, arena *a)
{
    if (!p->year || !r->year)
        return;
    if (p->year != r->year - 1) {
        diag_add(d, r, XXGK_WARNING, "C07", "上年报告", NULL, arena_printf(a, "%d", r->year - 1),
                 arena_printf(a, "%d", p->year), "给出的上年报告不是上一年度的，跨年核对未进行");
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
                diag_add(d, r, XXGK_WARNING, "C07", report_cell_place(a, to->block, to->row, cur.col),
                         report_cell_path(a, to->block, to->row, cur.col), num(a, before),
                         num(a, now), "本年“上年结转”应等于上年报告的“结转下年度继续办理”");
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
                diag_add(d, r, XXGK_WARNING, "C08", report_cell_place(a, b, row, t->stock_col),
                         report_cell_path(a, b, row, t->stock_col), num(a, expect), num(a, now),
                         "现行有效件数一般等于上年现行有效件数加本年制发件数减本年废止件数（上年 %s）",
                         num(a, before));
        }
    }
    /* 内容雷同: the same prose or the same tables as last year */
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
            diag_add(d, r, XXGK_WARNING, "C18", s->heading, arena_printf(a, "/sections/%s", s->key),
                     NULL, NULL, "有 %zu 段与上年报告一字不差（共 %zu 字）：内容雷同是 2021 年格式列明的问责情形",
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
            diag_add(d, r, XXGK_WARNING, "C18", "二、三、四部分的表格", "/tables", NULL, NULL,
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
        diag_add(c->d, c->r, XXGK_WARNING, "F01", place, path, NULL, NULL,
                 "字符“%s”（U+%04X）在%s所用字体中没有字形，无法排版", u, (unsigned)cp,
                 role_name(role));
    }
}

static void draw_paras(drawcheck *c, const prose *t, const char *place)
{
    for (size_t i = 0; i < t->n; i++) {
        const para *p = &t->items[i];
        draw_text(c, p->heading, p->level == 2 ? XXGK_ROLE_HEADING2 : XXGK_ROLE_BODY, place, p->path);
        draw_text(c, p->text, XXGK_ROLE_BODY, place, p->path);
    }
}

static void draw_tree(drawcheck *c, const hnode *n, const char *place)
{
    draw_text(c, n->label, XXGK_ROLE_BODY, place, NULL);
    for (size_t i = 0; i < n->n_children; i++)
        draw_tree(c, n->children[i], place);
}

static void check_drawable(const xxgk_report *r, const xxgk_check_options *o, xxgk_diags *d, arena *a)
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
static void check_placeholders(const xxgk_report *r, xxgk_diags *d)
{
    if (r->agency && strstr(r->agency, "请填写"))
        diag_add(d, r, XXGK_WARNING, "S08", "发文机关署名", "/agency", NULL, r->agency,
                 "模板中的占位文字尚未替换为发文机关的名称");
}

void xxgk_check(const xxgk_report *r, const xxgk_check_options *opts, xxgk_diags *d)
{
    arena a = {0};
    if (!r->tpl)
        return;
    check_format(r, d);
    check_placeholders(r, d);
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
    if (opts && opts->previous)
        check_previous(r, opts->previous, d, &a);
    if (opts && opts->can_draw)
        check_drawable(r, opts, d, &a);
    arena_free(&a);
}
