/* table_block.c — one block of a table read from its tokens.
 *
 * The labels before the first row are the block's header, matched with
 * the column tree of the format (a cell may be split over two lines).
 * The row labels of the text, each with the values printed after it, are
 * then aligned with the pre-order list of the row tree by a small dynamic
 * programme that tolerates typos, repeated group labels, labels split over
 * two lines, missing and extra rows.  A row with a value per column is
 * read as it stands; a row with fewer is handed to the solver
 * (table_solver.c), which places its values by the rules of the table or
 * leaves the row missing.
 *
 * The phases share a block_reader; every finding is a held diagnostic and
 * a cost of the reading (how badly the text fits this format).
 */
#include <stdlib.h>
#include <string.h>

#include "import/table_block.h"

#define COST_UNLABELED 10
#define MAX_ITEMS 4000

/* ---- header ----------------------------------------------------------- */


static void header_collect(arena *a, const hnode *n, int depth, header *h)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->depth == depth && c->label[0]) {
            h->labels[h->n] = c->label;
            h->norms[h->n] = import_norm(a, c->label);
            h->n++;
        }
        header_collect(a, c, depth, h);
    }
}

static int count_nodes(const hnode *n)
{
    int k = 1;
    for (size_t i = 0; i < n->n_children; i++)
        k += count_nodes(n->children[i]);
    return k;
}

static void header_init(arena *a, const tblock *b, header *h)
{
    size_t max = (size_t)count_nodes(b->cols) + 1;
    h->labels = arena_alloc(a, max * sizeof *h->labels);
    h->norms = arena_alloc(a, max * sizeof *h->norms);
    h->used = arena_alloc(a, max * sizeof *h->used);
    h->n = 0;
    if (b->stub_header) {
        h->labels[h->n] = b->stub_header;
        h->norms[h->n] = import_norm(a, b->stub_header);
        h->n++;
    }
    for (int d = 1; d <= b->col_depth; d++)
        header_collect(a, b->cols, d, h);
}

/* Best header label for text t: the lowest cost, an unused one on ties. */
static int header_best(const header *h, const char *t, int *cost)
{
    int best = -1, bc = LABEL_FAR;
    for (size_t i = 0; i < h->n; i++) {
        int c = import_label_cost(t, h->norms[i]);
        if (c < bc || (c == bc && best >= 0 && h->used[best] && !h->used[i])) {
            bc = c;
            best = (int)i;
        }
    }
    *cost = bc;
    return bc < LABEL_FAR ? best : -1;
}

/* ---- rows: the pre-order list of the row tree ------------------------- */


static void pre_collect(arena *a, const hnode *n, preorder *p)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        p->v[p->n] = c;
        p->norm[p->n] = import_norm(a, c->label);
        p->n++;
        pre_collect(a, c, p);
    }
}

static int is_leaf(const hnode *n) { return n->n_children == 0; }

static int row_best_cost(const preorder *p, const char *t)
{
    int bc = LABEL_FAR;
    for (int i = 0; i < p->n; i++) {
        int c = import_label_cost(t, p->norm[i]);
        if (c < bc)
            bc = c;
    }
    return bc;
}

/* ---- items: the row labels of the text ------------------------------- */


/* A new item without a label (yet). */
static item *item_new(items *it)
{
    if (it->n == it->cap) {
        it->cap = it->cap ? 2 * it->cap : 32;
        it->v = xrealloc(it->v, it->cap * sizeof *it->v);
    }
    item *x = &it->v[it->n++];
    memset(x, 0, sizeof *x);
    x->raw = x->norm = "";
    x->label_row = -1;
    return x;
}

static void item_add_val(item *x, int ti)
{
    if (x->n_vals == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 8;
        x->vals = xrealloc(x->vals, x->cap * sizeof *x->vals);
    }
    x->vals[x->n_vals++] = ti;
}

static void items_free(items *it)
{
    for (size_t i = 0; i < it->n; i++)
        free(it->v[i].vals);
    free(it->v);
}

static int item_cost(const item *x, const hnode *node, const char *node_norm)
{
    if (!x->norm[0])
        return node->label[0] || !is_leaf(node) ? (is_leaf(node) ? COST_UNLABELED : LABEL_FAR) : 0;
    if (!node->label[0])
        return LABEL_FAR;
    return import_label_cost(x->norm, node_norm);
}

static void join_labels(arena *a, const item *x, const item *y, const char **raw, const char **norm)
{
    *raw = arena_printf(a, "%s%s", x->raw, y->raw);
    *norm = arena_printf(a, "%s%s", x->norm, y->norm);
}

char *item_values_text(arena *a, const tokens *ts, const item *x)
{
    strbuf b = {0};
    for (size_t i = 0; i < x->n_vals; i++) {
        if (i)
            sb_add(&b, "、");
        sb_add(&b, ts->v[x->vals[i]].raw);
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

/* ---- the reader -------------------------------------------------------- */


static void reader_init(block_reader *R, table_read *tr, bread *br)
{
    memset(R, 0, sizeof *R);
    R->tr = tr;
    R->br = br;
    const tblock *b = R->b = br->b;
    arena *a = R->a = &tr->mem;
    header_init(a, b, &R->h);
    int nn = count_nodes(b->rows);
    R->po.v = arena_alloc(a, (size_t)nn * sizeof *R->po.v);
    R->po.norm = arena_alloc(a, (size_t)nn * sizeof *R->po.norm);
    R->po.n = 0;
    pre_collect(a, b->rows, &R->po);
    R->single_row = b->n_rows == 1 && !b->row_leaves[0]->label[0];
}

static void reader_free(block_reader *R)
{
    for (int s = 0; s < R->n_sp; s++) {
        free(R->sp[s].cand);
        free(R->sp[s].pos);
    }
    free(R->sp);
    free(R->vt);
    free(R->pos);
    free(R->val);
    free(R->var);
    items_free(&R->it);
}

/* ---- header and row labels -------------------------------------------- */

/* A label of the text, with the next token where that continues it. */
typedef struct {
    const char *raw, *norm;
    int line, col;
    int hb, hc;    /* the closest header label and its cost; hb -1 none */
    int as_header; /* read as a header cell, not as a row label */
} label;

/* Label token tk[i] (joined with the next ones that continue it: returns
 * how many were joined), and whether it is a header cell or a row label. */
static size_t read_label(const block_reader *R, const token *tk, size_t n_tok, size_t i,
                         int in_rows, label *lb)
{
    arena *a = R->a;
    size_t joined = 0;
    const token *t = &tk[i];
    lb->raw = t->raw;
    lb->norm = t->norm;
    lb->line = t->line;
    lb->col = t->col;
    /* a bare numbering ("(三)") belongs to the label on the next line */
    if (import_numbering_len(lb->norm) == strlen(lb->norm) && i + 1 < n_tok &&
        !tk[i + 1].is_value) {
        lb->raw = arena_printf(a, "%s%s", lb->raw, tk[i + 1].raw);
        lb->norm = arena_printf(a, "%s%s", lb->norm, tk[i + 1].norm);
        i++, joined++;
    }
    lb->hb = header_best(&R->h, lb->norm, &lb->hc);
    /* a header cell split over two lines (本年新 / 制作数量) */
    if (!in_rows && i + 1 < n_tok && !tk[i + 1].is_value && lb->hc > 0) {
        const char *jn = arena_printf(a, "%s%s", lb->norm, tk[i + 1].norm);
        int jc;
        int jb = header_best(&R->h, jn, &jc);
        if (jb >= 0 && jc == 0) {
            lb->raw = arena_printf(a, "%s%s", lb->raw, tk[i + 1].raw);
            lb->norm = jn;
            lb->hb = jb;
            lb->hc = jc;
            i++, joined++;
        }
    }
    int rc = R->single_row ? LABEL_FAR : row_best_cost(&R->po, lb->norm);
    lb->as_header = R->single_row || (lb->hb >= 0 && (in_rows ? lb->hc < rc : lb->hc <= rc));
    if (!in_rows && lb->hb < 0 && rc >= LABEL_FAR)
        lb->as_header = 1; /* unknown text in the header */
    return joined;
}

static void header_cell(block_reader *R, const label *lb)
{
    table_read *tr = R->tr;
    if (lb->hb < 0) {
        tr->cost += COST_EXTRA_ITEM;
        defer_diag(tr, XXGK_WARNING, "I06", lb->line, lb->col, block_place(R->b), NULL, lb->raw,
                   "表头中无法识别的文字“%s”已忽略", lb->raw);
        return;
    }
    if (lb->hc > 0 && !R->h.used[lb->hb]) {
        tr->cost += lb->hc;
        defer_diag(tr, XXGK_WARNING, "C14", lb->line, lb->col, block_place(R->b),
                   R->h.labels[lb->hb], lb->raw, "表头“%s”与统一格式不符，按“%s”读取", lb->raw,
                   R->h.labels[lb->hb]);
    }
    R->h.used[lb->hb] = 1;
}

/* The tokens as items: each row label with the values printed after it;
 * the labels of the header matched with the format's instead. */
static void collect_items(block_reader *R, const token *tk, size_t n_tok, size_t tok_base,
                          size_t last_token)
{
    items *it = &R->it;
    if (R->single_row)
        item_new(it);
    int in_rows = 0;
    for (size_t i = 0; i < n_tok; i++) {
        const token *t = &tk[i];
        if (t->is_value) {
            if (!it->n)
                item_new(it);
            item *cur = &it->v[it->n - 1];
            if (!cur->line)
                cur->line = t->line, cur->col = t->col;
            item_add_val(cur, (int)(tok_base + i));
            if (tok_base + i == last_token)
                it->v[it->n - 1].last_in_text = 1;
            in_rows = 1;
            continue;
        }
        label lb;
        i += read_label(R, tk, n_tok, i, in_rows, &lb);
        if (lb.as_header) {
            header_cell(R, &lb);
            continue;
        }
        in_rows = 1;
        item *x = item_new(it);
        x->raw = lb.raw;
        x->norm = lb.norm;
        x->line = lb.line;
        x->col = lb.col;
        x->label_row = tk[i].row; /* the last token the label took */
        x->label_end = tk[i].field_end;
        if (tok_base + i == last_token)
            x->last_in_text = 1;
    }
}

static void missing_headers(block_reader *R, size_t n_tok)
{
    for (size_t i = 0; i < R->h.n; i++)
        if (!R->h.used[i] && n_tok) {
            R->tr->cost += 1;
            defer_diag(R->tr, XXGK_WARNING, "C14", R->br->line, 0, block_place(R->b),
                       R->h.labels[i], NULL, "缺少表头“%s”", R->h.labels[i]);
        }
}

/* A table is a few dozen rows: text beyond a sane size is not read. */
static void cap_items(block_reader *R)
{
    items *it = &R->it;
    if (it->n <= MAX_ITEMS)
        return;
    defer_diag(R->tr, XXGK_ERROR, "I06", it->v[MAX_ITEMS].line, it->v[MAX_ITEMS].col,
               block_place(R->b), NULL, NULL, "表格中的文字过多（%zu 处标签），第 %d 处以后未读取",
               it->n, MAX_ITEMS);
    R->tr->cost += COST_EXTRA_ITEM * 50;
    for (size_t k = MAX_ITEMS; k < it->n; k++)
        free(it->v[k].vals);
    it->n = MAX_ITEMS;
}

/* ---- aligning the items with the rows --------------------------------- */

enum { MV_NONE, MV_SKIP, MV_EXTRA, MV_MATCH, MV_JOIN, MV_REPEAT };

/* dp[i][j]: the least cost of reading items 0 … i-1 as rows 0 … j-1 of
 * the pre-order; mv: the move that got there; rep: for MV_REPEAT, the
 * group the label repeats. */
typedef struct {
    int n, m;
    int *dp;
    unsigned char *mv;
    short *rep;
} alignment;

static size_t at(const alignment *al, int i, int j)
{
    return (size_t)i * (size_t)(al->m + 1) + (size_t)j;
}

static void relax(alignment *al, int i, int j, int c, unsigned char move, int rep)
{
    size_t k = at(al, i, j);
    if (c < al->dp[k]) {
        al->dp[k] = c;
        al->mv[k] = move;
        al->rep[k] = (short)rep;
    }
}

/* Item i as a group label repeated on a later row (三、本年度办理结果):
 * one of the groups above row j. */
static void relax_repeat(const block_reader *R, alignment *al, int i, int j, int c)
{
    const preorder *po = &R->po;
    const item *x = &R->it.v[i];
    int m = al->m;
    const hnode *node = po->v[j < m ? j : m - 1];
    for (const hnode *g = node->parent; g && g->parent; g = g->parent) {
        int gi = -1;
        for (int k = 0; k < m; k++)
            if (po->v[k] == g)
                gi = k;
        int lc = gi >= 0 ? import_label_cost(x->norm, po->norm[gi]) : LABEL_FAR;
        if (lc < LABEL_FAR)
            relax(al, i + 1, j, c + lc, MV_REPEAT, gi);
    }
}

static void align_rows(block_reader *R, alignment *al)
{
    const items *it = &R->it;
    const preorder *po = &R->po;
    int n = al->n = (int)it->n, m = al->m = po->n;
    size_t cells = (size_t)(n + 1) * (size_t)(m + 1);
    al->dp = xmalloc(cells * sizeof *al->dp);
    al->mv = xmalloc(cells);
    al->rep = xmalloc(cells * sizeof *al->rep);
    for (size_t i = 0; i < cells; i++)
        al->dp[i] = LABEL_FAR, al->mv[i] = MV_NONE, al->rep[i] = -1;
    al->dp[0] = 0;
    for (int i = 0; i <= n; i++)
        for (int j = 0; j <= m; j++) {
            int c = al->dp[at(al, i, j)];
            if (c >= LABEL_FAR)
                continue;
            /* rows after the end of a cut text are no evidence against the format */
            if (j < m)
                relax(
                    al, i, j + 1,
                    c + (is_leaf(po->v[j]) && !(R->tr->truncated && i == n) ? COST_MISSING_ROW : 0),
                    MV_SKIP, -1);
            if (i == n)
                continue;
            const item *x = &it->v[i];
            relax(al, i + 1, j, c + COST_EXTRA_ITEM + (x->n_vals ? COST_EXTRA_ITEM : 0), MV_EXTRA,
                  -1);
            if (j < m && (is_leaf(po->v[j]) || !x->n_vals)) {
                int lc = item_cost(x, po->v[j], po->norm[j]);
                if (lc < LABEL_FAR)
                    relax(al, i + 1, j + 1, c + lc, MV_MATCH, -1);
                if (!x->n_vals && i + 1 < n && x->norm[0] && it->v[i + 1].norm[0] &&
                    (is_leaf(po->v[j]) || !it->v[i + 1].n_vals)) {
                    const char *jr, *jn;
                    join_labels(R->a, x, &it->v[i + 1], &jr, &jn);
                    int jc = import_label_cost(jn, po->norm[j]);
                    if (jc < LABEL_FAR)
                        relax(al, i + 2, j + 1, c + jc + 2, MV_JOIN, -1);
                }
            }
            if (!x->n_vals && x->norm[0] && m)
                relax_repeat(R, al, i, j, c);
        }
    int end = al->dp[at(al, n, m)];
    R->tr->cost += end < LABEL_FAR ? end : LABEL_FAR / 4;
}

/* An item read as row node (after joining with the next, MV_JOIN). */
static void matched(block_reader *R, int first, int join, const hnode *node, const char *node_norm)
{
    table_read *tr = R->tr;
    const item *x = &R->it.v[first];
    const char *raw = x->raw, *norm = x->norm;
    if (join)
        join_labels(R->a, x, &R->it.v[first + 1], &raw, &norm);
    if (x->norm[0] && strcmp(norm, node_norm))
        defer_diag(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(R->b), node->label, raw,
                   "“%s”与统一格式的行名不符，按“%s”读取", raw, node->label);
    else if (!x->norm[0] && node->label[0])
        defer_diag(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(R->b), node->label, NULL,
                   "数值前没有行名，按位置读作“%s”", node->label);
    if (is_leaf(node))
        R->row_item[node->leaf] = join ? first + 1 : first;
}

/* The moves of the best alignment, from the end: the item of each row,
 * where the missing ones were missed, a diagnostic for each repair. */
static void walk_back(block_reader *R, const alignment *al)
{
    table_read *tr = R->tr;
    const tblock *b = R->b;
    const preorder *po = &R->po;
    int n_rows = b->n_rows ? b->n_rows : 1;
    R->row_item = arena_alloc(R->a, (size_t)n_rows * sizeof *R->row_item);
    R->skipped_at = arena_alloc(R->a, (size_t)n_rows * sizeof *R->skipped_at);
    for (int r = 0; r < b->n_rows; r++)
        R->row_item[r] = -1, R->skipped_at[r] = 0;
    int i = al->n, j = al->m;
    while ((i > 0 || j > 0) && al->dp[at(al, i, j)] < LABEL_FAR) {
        unsigned char move = al->mv[at(al, i, j)];
        int r = al->rep[at(al, i, j)];
        if (move == MV_SKIP) {
            j--;
            if (is_leaf(po->v[j]))
                R->skipped_at[po->v[j]->leaf] = i > 0 ? i : -1;
        } else if (move == MV_EXTRA) {
            i--;
            const item *x = &R->it.v[i];
            if (x->n_vals)
                defer_diag(tr, XXGK_WARNING, "I06", x->line, x->col, block_place(b), NULL, x->raw,
                           "“%s”一行（数值 %s）不属于全国统一格式，已舍弃",
                           x->raw[0] ? x->raw : "（无标签）", item_values_text(R->a, &tr->ts, x));
            else
                defer_diag(tr, XXGK_WARNING, "I06", x->line, x->col, block_place(b), NULL, x->raw,
                           "表中无法识别的文字“%s”已忽略", x->raw);
        } else if (move == MV_MATCH || move == MV_JOIN) {
            int first = move == MV_JOIN ? i - 2 : i - 1;
            j--;
            matched(R, first, move == MV_JOIN, po->v[j], po->norm[j]);
            i = first;
        } else if (move == MV_REPEAT) {
            i--;
            const item *x = &R->it.v[i];
            if (strcmp(x->norm, po->norm[r]))
                defer_diag(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(b),
                           po->v[r]->label, x->raw, "“%s”与统一格式的行名不符，按“%s”读取", x->raw,
                           po->v[r]->label);
        } else {
            break;
        }
    }
}

void read_block(table_read *tr, bread *br, const token *tk, size_t n_tok, size_t tok_base,
                size_t last_token)
{
    block_reader R;
    reader_init(&R, tr, br);
    collect_items(&R, tk, n_tok, tok_base, last_token);
    missing_headers(&R, n_tok);
    cap_items(&R);
    alignment al;
    align_rows(&R, &al);
    walk_back(&R, &al);
    free(al.dp);
    free(al.mv);
    free(al.rep);
    place_values(&R);
    place_sparse_rows(&R);
    reader_free(&R);
}
