/* outcomes.c — C24: a paragraph that gives every outcome category of
 * 三、本年度办理结果 (予以公开 N 件、部分公开 N 件 … 其他处理 N 件) whose
 * figures do not add up to the total it states (办结 N 件), or without one
 * to the table's （七）总计.
 *
 * The categories are the parts of the total row that C09's 办结 measure
 * names (template "narrative"): a measure is a category when its cells are
 * parts of that row in the same column.  "Every" is strict: each part named
 * once in the paragraph (其他处理 0 件 counts; a category left unsaid means
 * no sum is checked, since "其余…" cannot be added up).
 */
#include <string.h>

#include "check/check.h"

#define MAX_PARTS 16

typedef struct {
    const narrative_rule *total; /* the 办结 measure */
    const hnode *row;            /* its row: （七）总计 */
    int covered[MAX_PARTS];
    long sum;
    int have_total;
    long stated_total;
    strbuf list;
    const char *sentence;
    size_t sentence_len;
} tally;

/* Index of the part of row that node is, or -1. */
static int part_index(const hnode *row, const hnode *node)
{
    for (size_t p = 0; p < row->n_parts && p < MAX_PARTS; p++)
        if (row->parts[p] == node)
            return (int)p;
    return -1;
}

static int is_total_measure(const narrative_rule *m)
{
    return m->n_cells == 1 && m->cells[0].row->n_parts >= 2;
}

/* The parts m covers (a bit each), 0 when m is not a category of t. */
static unsigned parts_of(const narrative_rule *t, const narrative_rule *m)
{
    const cellref *tc = &t->cells[0];
    unsigned bits = 0;
    for (size_t i = 0; i < m->n_cells; i++) {
        const cellref *c = &m->cells[i];
        int p = c->block == tc->block && c->col == tc->col ? part_index(tc->row, c->row) : -1;
        if (p < 0)
            return 0;
        bits |= 1u << p;
    }
    return bits;
}

static void on_figure(void *arg, const narrative_rule *m, long value, const char *s, size_t len)
{
    tally *t = arg;
    if (m == t->total) {
        if (!t->have_total)
            t->have_total = 1, t->stated_total = value;
        return;
    }
    unsigned bits = parts_of(t->total, m);
    if (!bits)
        return;
    for (int p = 0; p < MAX_PARTS; p++)
        if ((bits >> p & 1) && t->covered[p])
            return; /* said again (其中…): counted once */
    for (int p = 0; p < MAX_PARTS; p++)
        if (bits >> p & 1)
            t->covered[p] = 1;
    t->sum += value;
    size_t name = strlen(m->measure); /* "予以公开数" read as "予以公开" */
    if (name > 3 && !strcmp(m->measure + name - 3, "数"))
        name -= 3;
    sb_printf(&t->list, "%s%.*s %ld 件", t->list.len ? "、" : "", (int)name, m->measure, value);
    if (!t->sentence)
        t->sentence = s, t->sentence_len = len;
}

static void check_paragraph(const xxgk_report *r, const narrative_rule *total, const para *p,
                            const char *place, xxgk_diags *d)
{
    tally t = {total, total->cells[0].row, {0}, 0, 0, 0, {0}, NULL, 0};
    prose_figures(r, p->text, on_figure, &t);
    size_t n = t.row->n_parts < MAX_PARTS ? t.row->n_parts : MAX_PARTS;
    int all = t.list.len != 0;
    for (size_t i = 0; i < n; i++)
        all &= t.covered[i];
    int missing = 0;
    int64_t table = report_sum(r, &total->cells[0], &missing);
    long want = t.have_total ? t.stated_total : (long)(table / XXGK_SCALE);
    if (all && (t.have_total || !missing) && t.sum != want) {
        arena a = {0};
        const cellref *c = &total->cells[0];
        report_diag(
            d, r, XXGK_WARNING, "C24",
            &(diag_where){.place = report_cell_place(&a, c->block, c->row, c->col),
                          .path = p->path,
                          .expected = arena_printf(&a, "%ld", want),
                          .actual = arena_printf(&a, "%ld", t.sum)},
            "正文（%s）%s所列各类办理结果（%s）之和为 %ld 件，与%s %ld 件不符", place,
            prose_quote(&a, t.sentence, t.sentence_len), t.list.s, t.sum,
            t.have_total ? "同段所述办结总数" : "表三（七）总计", want);
        arena_free(&a);
    }
    sb_free(&t.list);
}

void check_outcomes(const xxgk_report *r, xxgk_diags *d)
{
    const xxgk_template *tpl = r->tpl;
    const narrative_rule *total = NULL;
    for (size_t m = 0; m < tpl->n_narrative && !total; m++)
        if (is_total_measure(&tpl->narrative[m]))
            total = &tpl->narrative[m];
    if (!total)
        return;
    for (size_t i = 0; i < r->preface.n; i++)
        if (r->preface.items[i].text)
            check_paragraph(r, total, &r->preface.items[i], "前言", d);
    for (size_t k = 0; k < tpl->n_sections; k++)
        for (size_t i = 0; i < r->sections[k].n; i++)
            if (r->sections[k].items[i].text)
                check_paragraph(r, total, &r->sections[k].items[i], tpl->sections[k].heading, d);
}
