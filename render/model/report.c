/* report.c — the report model: cells, sums, totals, and how to name a
 * place in it (JSON pointer for the input, statutory labels for people). */
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

void xxgk_report_free(xxgk_report *r)
{
    if (!r)
        return;
    srcmap_free(r->pos);
    free(r->source);
    free(r->seal_data);
    arena_free(&r->mem);
    free(r);
}

const xxgk_template *xxgk_report_template(const xxgk_report *r) { return r->tpl; }
int xxgk_report_year(const xxgk_report *r) { return r->year; }
const char *xxgk_report_agency(const xxgk_report *r) { return r->agency ? r->agency : ""; }
const char *xxgk_report_title(const xxgk_report *r)
{
    return r->title ? r->title : r->title_default;
}

void format_value(int64_t v, char *buf, size_t size)
{
    const char *sign = v < 0 ? "-" : "";
    uint64_t a = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    uint64_t whole = a / XXGK_SCALE, frac = a % XXGK_SCALE;
    if (!frac) {
        snprintf(buf, size, "%s%llu", sign, (unsigned long long)whole);
        return;
    }
    char f[8];
    snprintf(f, sizeof f, "%04llu", (unsigned long long)frac);
    for (int i = 3; i > 0 && f[i] == '0'; i--)
        f[i] = 0;
    snprintf(buf, size, "%s%llu.%s", sign, (unsigned long long)whole, f);
}

static int usable(const cell *c) { return c->state == CELL_GIVEN || c->state == CELL_COMPUTED; }

int64_t report_sum(const xxgk_report *r, const cellref *ref, int *missing)
{
    int64_t sum = 0;
    const tblock *b = ref->block;
    for (int i = ref->row->first_leaf; i < ref->row->first_leaf + ref->row->n_leaves; i++)
        for (int j = ref->col->first_leaf; j < ref->col->first_leaf + ref->col->n_leaves; j++) {
            const cell *c = report_cell(r, b, i, j);
            if (usable(c))
                sum += c->v;
            else if (missing)
                *missing = 1;
        }
    return sum;
}

int64_t report_cells_sum(const xxgk_report *r, const tblock *b, const int *cells, int n,
                         int *missing)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        const cell *c = &r->cells[b->index][cells[i]];
        if (usable(c))
            sum += c->v;
        else if (missing)
            *missing = 1;
    }
    return sum;
}

void report_compute_totals(xxgk_report *r)
{
    /* Column totals come first in a block's relations (every row), then
     * row totals (every column, the column totals just computed included),
     * so that the corner cell of a total row and a total column is
     * computed once, from its row parts. */
    for (size_t k = 0; k < r->tpl->n_blocks; k++) {
        const tblock *b = r->tpl->blocks[k];
        for (size_t i = 0; i < b->n_totals; i++) {
            const relation *rel = &b->relations[i];
            cell *c = &r->cells[k][rel->cell];
            if (c->state != CELL_ABSENT)
                continue;
            int missing = 0;
            int64_t s = report_cells_sum(r, b, rel->right, rel->n_right, &missing);
            if (!missing) {
                c->v = s;
                c->state = CELL_COMPUTED;
            }
        }
    }
}

void report_diag(xxgk_diags *d, const xxgk_report *r, xxgk_severity sev, const char *rule,
                 const diag_where *w, const char *fmt, ...)
{
    diag_where at = w ? *w : (diag_where){0};
    if (r && at.path && !at.line)
        srcmap_position(r->pos, at.path, &at.line, &at.col);
    va_list ap;
    va_start(ap, fmt);
    diag_addv(d, sev, rule, &at, fmt, ap);
    va_end(ap);
}

/* ---- naming places -------------------------------------------------- */

static void add_key_path(strbuf *b, const hnode *n)
{
    if (!n || !n->parent)
        return;
    add_key_path(b, n->parent);
    if (n->key)
        sb_add_pointer_token(b, n->key, strlen(n->key));
}

char *report_cell_path(arena *a, const tblock *b, const hnode *row, const hnode *col)
{
    strbuf s = {0};
    sb_add(&s, "/tables");
    sb_add_pointer_token(&s, b->table->key, strlen(b->table->key));
    if (b->key)
        sb_add_pointer_token(&s, b->key, strlen(b->key));
    add_key_path(&s, row);
    add_key_path(&s, col);
    char *p = arena_strdup(a, s.s);
    sb_free(&s);
    return p;
}

static void add_labels(strbuf *b, const hnode *n, const char *sep)
{
    if (!n || !n->parent)
        return;
    add_labels(b, n->parent, sep);
    if (n->label && *n->label) {
        if (b->len)
            sb_add(b, sep);
        sb_add(b, n->label);
    }
}

char *node_label_path(arena *a, const hnode *n, const char *sep)
{
    strbuf s = {0};
    add_labels(&s, n, sep);
    char *p = arena_strdup(a, s.s ? s.s : "");
    sb_free(&s);
    return p;
}

/* Column groups that cover every column (申请人情况) say nothing about
 * which column is meant and are left out. */
static void add_col_labels(strbuf *s, const hnode *n, int n_cols)
{
    if (!n || !n->parent)
        return;
    add_col_labels(s, n->parent, n_cols);
    if (!n->label[0] || (n->n_children && n->n_leaves == n_cols))
        return;
    if (s->len && s->s[s->len - 1] != ' ')
        sb_addc(s, ' ');
    sb_add(s, n->label);
}

char *report_cell_place(arena *a, const tblock *b, const hnode *row, const hnode *col)
{
    strbuf s = {0};
    sb_add(&s, b->table->section->heading);
    if (b->title) {
        sb_add(&s, " ");
        sb_add(&s, b->title);
    }
    if (row && row->parent && row->label[0]) {
        add_labels(&s, row, " ");
    }
    if (col && col->parent) {
        sb_add(&s, " / ");
        add_col_labels(&s, col, b->n_cols);
    }
    char *p = arena_strdup(a, s.s);
    sb_free(&s);
    return p;
}
