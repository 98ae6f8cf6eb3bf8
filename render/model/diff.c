/* diff.c — what changed between two versions of a report (a published one
 * and its correction): the fields, the paragraphs of every section, every
 * table cell, as a list of differences (diff_item, model.h) that the line
 * output (xxgk_write_diff), the JSON and the 更正说明 (diff_notice.c) are
 * made from.  Paragraphs are aligned on the longest common subsequence,
 * so an inserted paragraph reads as one addition, not as every later
 * paragraph changed; a changed paragraph is quoted around the change
 * only.  Cells are matched by their statutory labels (as `cells` prints
 * them), so two formats can be compared as far as their labels agree. */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

/* Characters of context kept on each side of a change in a paragraph. */
#define CONTEXT_CHARS 12

typedef struct {
    diff_list *l;
    arena mem; /* work */
} differ;

static const char *one_line(differ *df, const char *s);

/* A new difference; its texts are copied into the list's arena. */
static diff_item *add(differ *df, diff_kind kind, const char *place, const char *from,
                      const char *to)
{
    diff_list *l = df->l;
    if (l->n == l->cap)
        l->items = xrealloc(l->items, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof *l->items);
    diff_item *x = &l->items[l->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->place = arena_strdup(&l->mem, place);
    x->old_text = from && *from ? arena_strdup(&l->mem, one_line(df, from)) : NULL;
    x->new_text = to && *to ? arena_strdup(&l->mem, one_line(df, to)) : NULL;
    return x;
}

static void compare_field(differ *df, diff_kind kind, const char *place, const char *from,
                          const char *to)
{
    if (strcmp(from ? from : "", to ? to : "") != 0)
        add(df, kind, place, from, to);
}

/* Byte offset of the n-th code point boundary before (dir < 0) or after
 * (dir > 0) offset i of s. */
static size_t step_chars(const char *s, size_t len, size_t i, int n, int dir)
{
    while (n-- > 0) {
        if (dir < 0) {
            if (i == 0)
                break;
            do
                i--;
            while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
        } else {
            if (i >= len)
                break;
            do
                i++;
            while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80);
        }
    }
    return i;
}

/* The part of s from a to b, with …… where it was cut. */
static const char *excerpt(differ *df, const char *s, size_t len, size_t a, size_t b)
{
    return arena_printf(&df->mem, "%s%.*s%s", a > 0 ? "……" : "", (int)(b - a), s + a,
                        b < len ? "……" : "");
}

/* The bytes two texts share at their start (*pre) and, after that, at their
 * end (*suf). */
static void common_ends(const char *a, size_t la, const char *b, size_t lb, size_t *pre,
                        size_t *suf)
{
    size_t p = 0, q = 0;
    while (p < la && p < lb && a[p] == b[p])
        p++;
    while (q < la - p && q < lb - p && a[la - 1 - q] == b[lb - 1 - q])
        q++;
    *pre = p;
    *suf = q;
}

/* A changed paragraph: the differing middle with some context. */
static diff_item *say_changed_text(differ *df, const char *place, const char *from,
                                   const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), pre, suf;
    common_ends(from, lf, to, lt, &pre, &suf);
    while (pre > 0 && ((unsigned char)from[pre] & 0xC0) == 0x80)
        pre--; /* not inside a character */
    while (suf > 0 && ((unsigned char)from[lf - suf] & 0xC0) == 0x80)
        suf--;
    size_t a_from = step_chars(from, lf, pre, CONTEXT_CHARS, -1);
    size_t a_to = step_chars(to, lt, pre, CONTEXT_CHARS, -1);
    size_t b_from = step_chars(from, lf, lf - suf, CONTEXT_CHARS, +1);
    size_t b_to = step_chars(to, lt, lt - suf, CONTEXT_CHARS, +1);
    return add(df, DIFF_PARA_CHANGED, place, excerpt(df, from, lf, a_from, b_from),
               excerpt(df, to, lt, a_to, b_to));
}

/* A paragraph as it reads: its run-in heading and its text. */
static const char *para_text(differ *df, const para *p)
{
    if (p->heading && p->text)
        return arena_printf(&df->mem, "%s%s", p->heading, p->text);
    return p->heading ? p->heading : p->text ? p->text : "";
}

/* A paragraph as it is compared: a heading set apart from the text (a
 * heading that becomes text, or the other way round, is set differently). */
static const char *para_key(differ *df, const para *p)
{
    return arena_printf(&df->mem, "%d\x1f%s\x1f%s", p->level, p->heading ? p->heading : "",
                        p->text ? p->text : "");
}

/* One line of output per difference: a line break inside a text is shown
 * as ↵. */
static const char *one_line(differ *df, const char *s)
{
    if (!strchr(s, '\n'))
        return s;
    strbuf b = {0};
    for (; *s; s++)
        if (*s == '\n')
            sb_add(&b, "↵");
        else
            sb_addc(&b, *s);
    char *r = arena_strdup(&df->mem, b.s);
    sb_free(&b);
    return r;
}

/* How alike two paragraphs are: the share of the longer one in their
 * common beginning and end (1: the same; an edit in the middle keeps it
 * high, an unrelated paragraph gets little). */
static double likeness(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), pre, suf;
    common_ends(a, la, b, lb, &pre, &suf);
    size_t longer = la > lb ? la : lb;
    return longer ? (double)(pre + suf) / (double)longer : 1;
}

/* Paragraphs no common one anchors are paired as "changed" when alike
 * enough, in order (the best total likeness); the rest were deleted or
 * added. */
#define ALIKE 0.3

/* Paragraphs of one section (or the preface), aligned. */
/* The unanchored paragraphs between two common ones: gone (old indices)
 * against came (new), paired by likeness, in order. */
static void say_gap(differ *df, const char *name, const char **ta, const char **tb,
                    const size_t *gone, size_t ng, const size_t *came, size_t nc)
{
    /* best[i][j]: the best total likeness pairing gone[i..] with came[j..] */
    size_t w = nc + 1;
    double *best = xmalloc((ng + 1) * w * sizeof *best);
    for (size_t i = ng + 1; i-- > 0;)
        for (size_t j = nc + 1; j-- > 0;) {
            double v = 0;
            if (i < ng && j < nc) {
                double skip_a = best[(i + 1) * w + j], skip_b = best[i * w + j + 1];
                v = skip_a > skip_b ? skip_a : skip_b;
                double l = likeness(ta[gone[i]], tb[came[j]]);
                if (l >= ALIKE && best[(i + 1) * w + j + 1] + l > v)
                    v = best[(i + 1) * w + j + 1] + l;
            }
            best[i * w + j] = v;
        }
    size_t i = 0, j = 0;
    while (i < ng || j < nc) {
        double l = i < ng && j < nc ? likeness(ta[gone[i]], tb[came[j]]) : 0;
        if (i < ng && j < nc && l >= ALIKE && best[i * w + j] == best[(i + 1) * w + j + 1] + l) {
            const char *place = arena_printf(&df->mem, "%s 第%zu段", name, came[j] + 1);
            diff_item *x = !strcmp(ta[gone[i]], tb[came[j]]) /* the same words, set otherwise */
                               ? add(df, DIFF_PARA_SPLIT, place, NULL, NULL)
                               : say_changed_text(df, place, ta[gone[i]], tb[came[j]]);
            x->index = came[j] + 1;
            x->old_index = gone[i] + 1;
            x->section = arena_strdup(&df->l->mem, name);
            i++, j++;
        } else if (i < ng && (j == nc || best[i * w + j] == best[(i + 1) * w + j])) {
            diff_item *x =
                add(df, DIFF_PARA_DELETED, arena_printf(&df->mem, "%s 原第%zu段", name, gone[i] + 1),
                    ta[gone[i]], NULL);
            x->old_index = gone[i] + 1;
            x->section = arena_strdup(&df->l->mem, name);
            i++;
        } else {
            diff_item *x =
                add(df, DIFF_PARA_ADDED, arena_printf(&df->mem, "%s 第%zu段", name, came[j] + 1),
                    NULL, tb[came[j]]);
            x->index = came[j] + 1;
            x->section = arena_strdup(&df->l->mem, name);
            j++;
        }
    }
    free(best);
}

/* Paragraphs of one section (or the preface), aligned. */
static void compare_prose(differ *df, const char *name, const prose *from, const prose *to)
{
    size_t n = from ? from->n : 0, m = to ? to->n : 0;
    const char **a = xmalloc((n ? n : 1) * sizeof *a), **b = xmalloc((m ? m : 1) * sizeof *b);
    const char **ta = xmalloc((n ? n : 1) * sizeof *ta), **tb = xmalloc((m ? m : 1) * sizeof *tb);
    for (size_t i = 0; i < n; i++) {
        a[i] = para_key(df, &from->items[i]);
        ta[i] = para_text(df, &from->items[i]);
    }
    for (size_t j = 0; j < m; j++) {
        b[j] = para_key(df, &to->items[j]);
        tb[j] = para_text(df, &to->items[j]);
    }
    /* lcs[i][j]: longest common subsequence of a[i..] and b[j..] */
    size_t w = m + 1;
    unsigned *lcs = xmalloc((n + 1) * w * sizeof *lcs);
    for (size_t i = n + 1; i-- > 0;)
        for (size_t j = m + 1; j-- > 0;) {
            unsigned *c = &lcs[i * w + j];
            if (i == n || j == m)
                *c = 0;
            else if (!strcmp(a[i], b[j]))
                *c = lcs[(i + 1) * w + j + 1] + 1;
            else
                *c = lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ? lcs[(i + 1) * w + j]
                                                               : lcs[i * w + j + 1];
        }
    /* Walk the alignment; what lies between two common paragraphs is
     * told by say_gap. */
    size_t *gone = xmalloc((n ? n : 1) * sizeof *gone), *came = xmalloc((m ? m : 1) * sizeof *came);
    size_t n_gone = 0, n_came = 0;
    for (size_t i = 0, j = 0; i < n || j < m;) {
        int common =
            i < n && j < m && !strcmp(a[i], b[j]) && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1;
        if (!common) {
            if (j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]))
                gone[n_gone++] = i++;
            else
                came[n_came++] = j++;
            if (i < n || j < m)
                continue;
        }
        say_gap(df, name, ta, tb, gone, n_gone, came, n_came);
        n_gone = n_came = 0;
        if (common)
            i++, j++;
    }
    free(gone);
    free(came);
    free(lcs);
    free(a);
    free(b);
    free(ta);
    free(tb);
}

typedef struct {
    const char *key;   /* section, row path and column path, as `cells` */
    const char *place; /* in Chinese */
    char value[48];    /* "" when the cell has no value */
    int seen;
} cell_entry;

static cell_entry *collect_cells(differ *df, const xxgk_report *r, size_t *n_out)
{
    size_t n = 0, cap = 256;
    cell_entry *e = xmalloc(cap * sizeof *e);
    for (size_t k = 0; k < r->tpl->n_blocks; k++) {
        const tblock *b = r->tpl->blocks[k];
        for (int i = 0; i < b->n_rows; i++)
            for (int j = 0; j < b->n_cols; j++) {
                if (n == cap)
                    e = xrealloc(e, (cap *= 2) * sizeof *e);
                const hnode *row = b->row_leaves[i], *col = b->col_leaves[j];
                const cell *c = report_cell(r, b, i, j);
                cell_entry *x = &e[n++];
                x->key = arena_printf(&df->mem, "%s\t%s\t%s\t%s", b->table->section->number,
                                      b->title ? b->title : "", node_label_path(&df->mem, row, "/"),
                                      node_label_path(&df->mem, col, "/"));
                x->place = report_cell_place(&df->mem, b, row, col);
                x->value[0] = 0;
                if (c->state == CELL_GIVEN || c->state == CELL_COMPUTED)
                    format_value(c->v, x->value, sizeof x->value);
                x->seen = 0;
            }
    }
    *n_out = n;
    return e;
}

static void compare_cells(differ *df, const xxgk_report *from, const xxgk_report *to)
{
    size_t n, m;
    cell_entry *a = collect_cells(df, from, &n), *b = collect_cells(df, to, &m);
    for (size_t j = 0; j < m; j++) {
        const cell_entry *old = NULL;
        for (size_t i = 0; i < n && !old; i++)
            if (!a[i].seen && !strcmp(a[i].key, b[j].key)) {
                a[i].seen = 1;
                old = &a[i];
            }
        if (!old)
            add(df, DIFF_CELL, arena_printf(&df->mem, "%s（仅新版有此栏）", b[j].place), NULL,
                b[j].value);
        else if (strcmp(old->value, b[j].value) != 0)
            add(df, DIFF_CELL, b[j].place, old->value, b[j].value);
    }
    for (size_t i = 0; i < n; i++)
        if (!a[i].seen)
            add(df, DIFF_CELL, arena_printf(&df->mem, "%s（仅旧版有此栏）", a[i].place),
                a[i].value, NULL);
    free(a);
    free(b);
}

static const char *date_of(differ *df, const xxgk_report *r)
{
    if (r->date_y)
        return arena_printf(&df->mem, "%d年%d月%d日", r->date_y, r->date_m, r->date_d);
    return r->date_text;
}

/* 1 when the two files hold the same bytes; when one cannot be read, when
 * they name the same path (a seal missing on both sides is no change). */
static int same_file_content(const char *p, const char *q)
{
    if (!p || !q)
        return !p && !q;
    FILE *f = fopen(p, "rb"), *g = fopen(q, "rb");
    if (!f || !g) {
        if (f)
            fclose(f);
        if (g)
            fclose(g);
        return !strcmp(p, q);
    }
    int same = 1;
    while (same) {
        char x[4096], y[4096];
        size_t nx = fread(x, 1, sizeof x, f), ny = fread(y, 1, sizeof y, g);
        same = nx == ny && !memcmp(x, y, nx);
        if (nx == 0 || ny == 0)
            break;
    }
    if (f)
        fclose(f);
    if (g)
        fclose(g);
    return same;
}

diff_list *diff_compute(const xxgk_report *from, const xxgk_report *to)
{
    differ df = {xmalloc(sizeof *df.l), {0}};
    memset(df.l, 0, sizeof *df.l);
    compare_field(&df, DIFF_FORMAT, "格式", from->tpl->format, to->tpl->format);
    char yf[16], yt[16];
    snprintf(yf, sizeof yf, "%d", from->year);
    snprintf(yt, sizeof yt, "%d", to->year);
    compare_field(&df, DIFF_FIELD, "年度", yf, yt);
    compare_field(&df, DIFF_FIELD, "标题", xxgk_report_title(from), xxgk_report_title(to));
    compare_field(&df, DIFF_FIELD, "发文机关署名", from->agency, to->agency);
    compare_field(&df, DIFF_FIELD, "机关类型", from->kind == AGENCY_GOVERNMENT ? "人民政府" : "部门",
                  to->kind == AGENCY_GOVERNMENT ? "人民政府" : "部门");
    compare_field(&df, DIFF_FIELD, "成文日期", date_of(&df, from), date_of(&df, to));
    compare_prose(&df, "前言", &from->preface, &to->preface);
    for (size_t s = 0; s < to->tpl->n_sections; s++) {
        const tsection *ts = &to->tpl->sections[s];
        const tsection *fs = template_section(from->tpl, ts->key);
        const prose *fp = fs ? &from->sections[fs - from->tpl->sections] : NULL;
        if (!ts->table || (fp && fp->n) || to->sections[s].n)
            compare_prose(&df, ts->heading, fp, &to->sections[s]);
    }
    compare_cells(&df, from, to);
    compare_field(&df, DIFF_FIELD, "附注", from->notes, to->notes);
    if (!same_file_content(from->seal, to->seal))
        add(&df, DIFF_FIELD, "印章图片", from->seal, to->seal);
    arena_free(&df.mem);
    return df.l;
}

void diff_list_free(diff_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(&l->mem);
    free(l);
}

static const char *or_none(const char *s) { return s ? s : "（无）"; }

void diff_item_line(strbuf *b, const diff_item *x)
{
    switch (x->kind) {
    case DIFF_PARA_CHANGED:
        sb_printf(b, "%s：“%s” 改为 “%s”", x->place, x->old_text ? x->old_text : "",
                  x->new_text ? x->new_text : "");
        break;
    case DIFF_PARA_ADDED:
        sb_printf(b, "%s 新增：“%s”", x->place, x->new_text ? x->new_text : "");
        break;
    case DIFF_PARA_DELETED:
        sb_printf(b, "%s 删去：“%s”", x->place, x->old_text ? x->old_text : "");
        break;
    case DIFF_PARA_SPLIT:
        sb_printf(b, "%s：小标题与正文的划分改变（原第%zu段）", x->place, x->old_index);
        break;
    default: sb_printf(b, "%s：%s → %s", x->place, or_none(x->old_text), or_none(x->new_text));
    }
}

size_t xxgk_write_diff(const xxgk_report *from, const xxgk_report *to, FILE *out)
{
    diff_list *l = diff_compute(from, to);
    for (size_t i = 0; i < l->n; i++) {
        strbuf b = {0};
        diff_item_line(&b, &l->items[i]);
        fprintf(out, "%s\n", b.s);
        sb_free(&b);
    }
    size_t n = l->n;
    diff_list_free(l);
    return n;
}

size_t xxgk_diff_count(const xxgk_report *from, const xxgk_report *to)
{
    diff_list *l = diff_compute(from, to);
    size_t n = l->n;
    diff_list_free(l);
    return n;
}
