/* import_table.c — the cells of one statutory table, read from the text of
 * a published report against a template.
 *
 * The text of a table is a stream of cells: labels and values, one per
 * line or joined by '|', with blank cells left out.  Everything here is
 * driven by the template: block titles split table 二 into blocks, the
 * column tree gives the header labels, the row tree (pre-order) gives the
 * row labels the text's labels are aligned with (a small dynamic
 * programme that tolerates typos, repeated group labels, missing and extra
 * rows), and the totals and equations of the template are the rules that
 * place the values of rows printed without their blank cells.
 *
 * A reading is made for every template; the caller keeps the one that fits
 * the text best, so diagnostics are collected and emitted only then.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"

#define COST_MISSING_ROW 20
#define COST_EXTRA_ITEM 4
#define COST_POSITIONAL 8
#define COST_UNLABELED 10
#define SOLVER_BUDGET 2000000L
#define MAX_COMBINATIONS 200000L
#define MAX_ITEMS 4000

/* ---- labels ----------------------------------------------------------- */

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 || cp == 0xFEFF ||
           cp == 0x202F || cp == 0x205F;
}

char *import_norm(arena *a, const char *s)
{
    strbuf b = {0};
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            n = 1, cp = 0xFFFD;
        i += n;
        if (is_space_cp(cp))
            continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        char out[4];
        sb_addn(&b, out, utf8_encode(cp, out));
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

int import_cp_len(const char *s) { return (int)utf8_length(s); }

static int is_numeral_cp(uint32_t cp)
{
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                  0x4E5D, 0x5341}; /* 一二三四五六七八九十 */
    if (cp >= '0' && cp <= '9')
        return 1;
    for (size_t i = 0; i < sizeof cn / sizeof *cn; i++)
        if (cp == cn[i])
            return 1;
    return 0;
}

/* The numerals of s in order: labels that differ in them (第（一）项 and
 * 第（九）项, 7. and 8.) are different labels however close the rest is. */
static void numerals(const char *s, uint32_t *out, int max, int *n)
{
    size_t len = strlen(s);
    *n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0;
        i += k;
        if (is_numeral_cp(cp) && *n < max)
            out[(*n)++] = cp;
    }
}

/* Length in bytes of a leading numbering: "三、", "(三)", "3.", "3、". */
static size_t numbering_len(const char *s)
{
    size_t len = strlen(s), i = 0;
    uint32_t cp;
    int paren = 0;
    if (s[0] == '(')
        paren = 1, i = 1;
    size_t start = i;
    while (i < len) {
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k || !is_numeral_cp(cp))
            break;
        i += k;
    }
    if (i == start)
        return 0;
    if (paren)
        return s[i] == ')' ? i + 1 : 0;
    if (s[i] == '.')
        return i + 1;
    if (!strncmp(s + i, "\xe3\x80\x81", 3)) /* 、 */
        return i + 3;
    return 0;
}

static int starts_with(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }
static int ends_with(const char *s, const char *p)
{
    size_t a = strlen(s), b = strlen(p);
    return a >= b && !strcmp(s + a - b, p);
}

int import_label_cost(const char *t, const char *l)
{
    if (!strcmp(t, l))
        return 0;
    if (!*t || !*l)
        return LABEL_FAR;
    int nt = import_cp_len(t), nl = import_cp_len(l);
    /* truncated (本年新, 三、本) or with an addition (…（件）, 企业 for 商业企业) */
    if (nt >= 2 && nl >= 2) {
        const char *shorter = nt < nl ? t : l, *longer = nt < nl ? l : t;
        if (starts_with(longer, shorter) || ends_with(longer, shorter)) {
            size_t nb = numbering_len(shorter);
            /* a bare numbering ("三、") says nothing about the rest */
            if (nb < strlen(shorter))
                return 2 + (abs(nt - nl) > 3);
        }
    }
    uint32_t na[16], nb[16];
    int ka, kb;
    numerals(t, na, 16, &ka);
    numerals(l, nb, 16, &kb);
    if (ka != kb || memcmp(na, nb, (size_t)ka * sizeof *na))
        return LABEL_FAR;
    int d = (int)utf8_distance(t, l);
    int longest = nt > nl ? nt : nl;
    if (3 * d <= longest)
        return 1 + d;
    /* the same numbered row with damaged text: read by position */
    size_t pt = numbering_len(t), pl = numbering_len(l);
    if (pt && pt == pl && !strncmp(t, l, pt))
        return COST_POSITIONAL;
    return LABEL_FAR;
}

/* ---- values ----------------------------------------------------------- */

typedef struct {
    int blank;      /* a blank marker (/ - — 空 无), read as 0 */
    int64_t v;      /* × XXGK_SCALE */
    int sep;        /* had thousands separators */
    int plus;       /* had a + sign */
    int too_big;    /* more than nine digits before the point */
    int too_fine;   /* more than four decimals */
    char unit[16];  /* 万元, 元, 件 … or "" */
} tval;

static int parse_value(arena *a, const char *raw, tval *out)
{
    memset(out, 0, sizeof *out);
    const char *s = import_norm(a, raw);
    static const char *const blanks[] = {"/", "-", "--", "\\", "\xe2\x80\x94", "\xe2\x80\x94\xe2\x80\x94",
                                         "\xe2\x80\x93", "\xe2\x80\x95", "\xe7\xa9\xba", "\xe6\x97\xa0",
                                         "\xe3\x80\x81"};
    for (size_t i = 0; i < sizeof blanks / sizeof *blanks; i++)
        if (!strcmp(s, blanks[i])) {
            out->blank = 1;
            return 1;
        }
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        out->plus = *p == '+';
        p++;
    }
    if (!isdigit((unsigned char)*p))
        return 0;
    int64_t whole = 0;
    int digits = 0, group = 0, groups = 0;
    for (; isdigit((unsigned char)*p) || *p == ','; p++) {
        if (*p == ',') {
            if (!isdigit((unsigned char)p[1]) || (groups && group != 3) || (!groups && group > 3))
                return 0;
            groups++;
            group = 0;
            out->sep = 1;
            continue;
        }
        if (digits < 12)
            whole = whole * 10 + (*p - '0');
        digits++;
        group++;
    }
    if (groups && group != 3)
        return 0;
    int64_t frac = 0;
    int fdigits = 0;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        for (; isdigit((unsigned char)*p); p++) {
            if (fdigits < 4)
                frac = frac * 10 + (*p - '0');
            else if (*p != '0')
                out->too_fine = 1;
            fdigits++;
        }
        for (int k = fdigits; k < 4; k++)
            frac *= 10;
    }
    static const char *const units[] = {"万元", "元", "件", "个", "项", "条", "次", "人", "家"};
    if (*p) {
        size_t i;
        for (i = 0; i < sizeof units / sizeof *units; i++)
            if (!strcmp(p, units[i]))
                break;
        if (i == sizeof units / sizeof *units)
            return 0;
        snprintf(out->unit, sizeof out->unit, "%s", units[i]);
    }
    if (digits > 9)
        out->too_big = 1, whole = 0;
    out->v = whole * XXGK_SCALE + frac;
    if (neg)
        out->v = -out->v;
    return 1;
}

/* ---- tokens ----------------------------------------------------------- */

typedef struct {
    const char *raw, *norm;
    int line, col;
    int is_value;
    tval val;
} token;

typedef struct {
    token *v;
    size_t n, cap;
} tokens;

static void tok_push(arena *a, tokens *ts, const char *raw, size_t len, int line, int col)
{
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? 2 * ts->cap : 64;
        ts->v = xrealloc(ts->v, ts->cap * sizeof *ts->v);
    }
    token *t = &ts->v[ts->n++];
    memset(t, 0, sizeof *t);
    t->raw = arena_strndup(a, raw, len);
    t->norm = import_norm(a, t->raw);
    t->line = line;
    t->col = col;
    t->is_value = parse_value(a, t->raw, &t->val);
}

/* One cell of text (between separators): trimmed; "0 0 0" is three values. */
static void add_piece(arena *a, tokens *ts, const char *s, size_t len, int line, int col)
{
    size_t b = 0, e = len;
    while (b < e) {
        uint32_t cp;
        size_t k = utf8_decode(s + b, e - b, &cp);
        if (!k || !is_space_cp(cp))
            break;
        b += k;
        col++;
    }
    while (e > b) {
        size_t k = 1;
        while (k < e - b && k <= 4 && ((unsigned char)s[e - k] & 0xC0) == 0x80)
            k++;
        uint32_t cp;
        if (!utf8_decode(s + e - k, k, &cp) || !is_space_cp(cp))
            break;
        e -= k;
    }
    if (b >= e)
        return;
    /* split at spaces when every part is a value */
    int all_values = 1, parts = 0;
    tval tv;
    for (size_t i = b; i < e;) {
        while (i < e && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < e && s[j] != ' ')
            j++;
        if (j > i) {
            parts++;
            char *piece = arena_strndup(a, s + i, j - i);
            if (!parse_value(a, piece, &tv))
                all_values = 0;
        }
        i = j;
    }
    if (parts > 1 && all_values) {
        for (size_t i = b; i < e;) {
            while (i < e && s[i] == ' ')
                i++;
            size_t j = i;
            while (j < e && s[j] != ' ')
                j++;
            if (j > i)
                tok_push(a, ts, s + i, j - i, line, col + (int)(i - b));
            i = j;
        }
        return;
    }
    tok_push(a, ts, s + b, e - b, line, col);
}

static void tokenize(arena *a, const region *rg, tokens *ts)
{
    for (size_t li = 0; li < rg->n; li++) {
        const char *s = rg->lines[li].s;
        size_t len = strlen(s), start = 0;
        int col = rg->lines[li].col, start_col = col;
        for (size_t i = 0; i <= len;) {
            size_t sep = 0;
            if (i == len)
                sep = 1;
            else if (s[i] == '|' || s[i] == '\t')
                sep = 1;
            else if (!strncmp(s + i, "\xef\xbd\x9c", 3)) /* ｜ */
                sep = 3;
            if (sep) {
                add_piece(a, ts, s + start, i - start, rg->lines[li].line, start_col);
                if (i == len)
                    break;
                i += sep;
                col++;
                start = i;
                start_col = col;
                continue;
            }
            uint32_t cp;
            size_t k = utf8_decode(s + i, len - i, &cp);
            i += k ? k : 1;
            col++;
        }
    }
}

/* ---- deferred diagnostics --------------------------------------------- */

typedef struct {
    xxgk_severity sev;
    const char *rule;
    int line, col;
    const char *place, *expected, *actual;
    char *msg;
} pdiag;

/* ---- a reading -------------------------------------------------------- */

enum { C_MISSING = 0, C_VALUE, C_COMPUTE };

typedef struct {
    unsigned char state;
    int64_t v;
} icell;

/* A row label of the text with the values printed after it. */
typedef struct {
    const char *raw, *norm;
    int line, col;
    int *vals; /* token indices */
    size_t n_vals, cap;
    int last_in_text; /* the input ends in this row */
} item;

typedef struct {
    const tblock *b;
    int found;      /* the block title (or the table) was in the text */
    int line;       /* where it starts */
    icell *cells;
} bread;

struct table_read {
    arena mem;
    const ttable *tt;
    tokens ts;
    bread *blocks;
    pdiag *diags;
    size_t n_diags, cap_diags;
    int cost;
    int first_line;
    int truncated;
    int errors;
};

static void defer(table_read *tr, xxgk_severity sev, const char *rule, int line, int col,
                  const char *place, const char *expected, const char *actual, const char *fmt, ...)
    XXGK_PRINTF(9, 10);

static void defer(table_read *tr, xxgk_severity sev, const char *rule, int line, int col,
                  const char *place, const char *expected, const char *actual, const char *fmt, ...)
{
    if (tr->n_diags == tr->cap_diags) {
        tr->cap_diags = tr->cap_diags ? 2 * tr->cap_diags : 32;
        tr->diags = xrealloc(tr->diags, tr->cap_diags * sizeof *tr->diags);
    }
    pdiag *g = &tr->diags[tr->n_diags++];
    strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    g->sev = sev;
    g->rule = rule;
    g->line = line;
    g->col = col;
    g->place = place ? arena_strdup(&tr->mem, place) : NULL;
    g->expected = expected ? arena_strdup(&tr->mem, expected) : NULL;
    g->actual = actual ? arena_strdup(&tr->mem, actual) : NULL;
    g->msg = arena_strdup(&tr->mem, b.s ? b.s : "");
    sb_free(&b);
    if (sev == XXGK_ERROR)
        tr->errors++;
}

static const char *block_place(const tblock *b)
{
    return b->title ? b->title : b->table->section->heading;
}

/* ---- header ----------------------------------------------------------- */

typedef struct {
    const char **labels; /* stub header, then column labels level by level */
    const char **norms;
    int *used;
    size_t n;
} header;

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

typedef struct {
    const hnode **v;
    const char **norm;
    int n;
} preorder;

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

/* ---- assigning values to cells ---------------------------------------- */

/* The unit a column prints in its label: "（单位：万元）" → 万元. */
static const char *column_unit(const hnode *col)
{
    if (col->type != VT_AMOUNT)
        return NULL;
    if (strstr(col->label, "万元"))
        return "万元";
    if (strstr(col->label, "元"))
        return "元";
    return "";
}

/* Value of token t in column col; 0 when it cannot be represented. */
static int convert(const token *t, const hnode *col, int64_t *out)
{
    const tval *v = &t->val;
    if (v->blank) {
        *out = 0;
        return 1;
    }
    if (v->too_big || v->too_fine)
        return 0;
    const char *unit = column_unit(col);
    if (unit && !strcmp(unit, "万元") && !strcmp(v->unit, "元")) {
        if (v->v % XXGK_SCALE)
            return 0; /* fractions of a 元 need more than four decimals of 万元 */
        *out = v->v / XXGK_SCALE;
        return 1;
    }
    *out = v->v;
    return 1;
}

static void value_notes(table_read *tr, const tblock *b, const hnode *row, const hnode *col,
                        const token *t, int64_t v)
{
    const tval *tv = &t->val;
    char *place = report_cell_place(&tr->mem, b, row, col);
    char buf[48];
    format_value(v, buf, sizeof buf);
    if (tv->blank) {
        int total = row->n_parts || col->n_parts;
        defer(tr, XXGK_WARNING, "C06", t->line, t->col, place, "0", t->raw,
              total ? "合计栏写作“%s”，按各项之和计算" : "单元格写作“%s”，按 0 读取", t->raw);
        return;
    }
    const char *unit = column_unit(col);
    if (tv->unit[0]) {
        if (unit && !strcmp(unit, "万元") && !strcmp(tv->unit, "元"))
            defer(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                  "单位换算：%s 折合 %s 万元", t->raw, buf);
        else if (unit && *unit && !strcmp(unit, tv->unit))
            defer(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                  "去掉单元格中与表头相同的单位“%s”", tv->unit);
        else if (unit)
            defer(tr, XXGK_WARNING, "I03", t->line, t->col, place, buf, t->raw,
                  "统一格式未规定此栏的单位，按原数 %s 记录（原文带单位“%s”，请核实口径）", buf,
                  tv->unit);
        else
            defer(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                  "去掉单元格中的单位“%s”", tv->unit);
    }
    if (tv->sep)
        defer(tr, XXGK_NOTE, "I04", t->line, t->col, place, buf, t->raw, "去掉千位分隔符");
    if (tv->plus)
        defer(tr, XXGK_NOTE, "I04", t->line, t->col, place, buf, t->raw, "去掉正号“+”");
}

/* ---- the sparse-row solver -------------------------------------------- */

/* Σ coef · cell = 0 over cells of one block. */
typedef struct {
    int *cell;
    int *coef;
    int n;
    int ready; /* solver depth at which every cell is known; -1: never */
} lincon;

typedef struct {
    lincon *v;
    size_t n, cap;
} lincons;

static void con_begin(lincons *L)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 64;
        L->v = xrealloc(L->v, L->cap * sizeof *L->v);
    }
    memset(&L->v[L->n], 0, sizeof L->v[L->n]);
    L->n++;
}

static void con_term(lincons *L, int cellix, int coef)
{
    lincon *c = &L->v[L->n - 1];
    c->cell = xrealloc(c->cell, (size_t)(c->n + 1) * sizeof *c->cell);
    c->coef = xrealloc(c->coef, (size_t)(c->n + 1) * sizeof *c->coef);
    c->cell[c->n] = cellix;
    c->coef[c->n] = coef;
    c->n++;
}

static void cons_free(lincons *L)
{
    for (size_t i = 0; i < L->n; i++) {
        free(L->v[i].cell);
        free(L->v[i].coef);
    }
    free(L->v);
}

/* The template's rules as linear equations over the cells of block b. */
static void build_constraints(const tblock *b, lincons *L)
{
    for (int c = 0; c < b->n_cols; c++) {
        const hnode *t = b->col_leaves[c];
        if (!t->n_parts)
            continue;
        for (int r = 0; r < b->n_rows; r++) {
            con_begin(L);
            con_term(L, r * b->n_cols + c, 1);
            for (size_t p = 0; p < t->n_parts; p++)
                for (int k = 0; k < t->parts[p]->n_leaves; k++)
                    con_term(L, r * b->n_cols + t->parts[p]->first_leaf + k, -1);
        }
    }
    for (int r = 0; r < b->n_rows; r++) {
        const hnode *t = b->row_leaves[r];
        if (!t->n_parts)
            continue;
        for (int c = 0; c < b->n_cols; c++) {
            con_begin(L);
            con_term(L, r * b->n_cols + c, 1);
            for (size_t p = 0; p < t->n_parts; p++)
                for (int k = 0; k < t->parts[p]->n_leaves; k++)
                    con_term(L, (t->parts[p]->first_leaf + k) * b->n_cols + c, -1);
        }
    }
    for (size_t e = 0; e < b->n_rules; e++) {
        const equation *q = &b->rules[e];
        int lines = q->for_each_column ? b->n_cols : b->n_rows;
        for (int x = 0; x < lines; x++) {
            con_begin(L);
            for (int side = 0; side < 2; side++) {
                hnode **nodes = side ? q->right : q->left;
                size_t nn = side ? q->n_right : q->n_left;
                for (size_t i = 0; i < nn; i++)
                    for (int k = 0; k < nodes[i]->n_leaves; k++) {
                        int leaf = nodes[i]->first_leaf + k;
                        int ix = q->for_each_column ? leaf * b->n_cols + x : x * b->n_cols + leaf;
                        con_term(L, ix, side ? -1 : 1);
                    }
            }
        }
    }
}

/* A row printed without its blank cells: the ways its values can be placed. */
typedef struct {
    int row;
    int item;
    int64_t *cand;  /* n_cand × n_cols */
    int **pos;      /* positions of the printed values, per candidate */
    int n_cand;
    int chosen;     /* candidate of the first solution, -1 none */
    int ambiguous;  /* solutions differ in this row */
} sparse;

typedef struct {
    const tblock *b;
    int64_t *val;   /* current values of the block's cells */
    int *var;       /* per cell: sparse index, -1 known, -2 missing */
    sparse **sp;    /* the rows being placed, by depth */
    int n_sp;
    lincons *L;
    int **at_depth; /* constraints to test when sparse row d is placed */
    int *n_at_depth;
    int *cur;       /* candidate placed at each depth */
    long budget;
    long solutions;
} solver;

static int con_holds(const solver *S, const lincon *c)
{
    int64_t s = 0;
    for (int i = 0; i < c->n; i++)
        s += c->coef[i] * S->val[c->cell[i]];
    return s == 0;
}

static void set_row(solver *S, const sparse *p, int k)
{
    int nc = S->b->n_cols;
    memcpy(&S->val[p->row * nc], &p->cand[(size_t)k * nc], (size_t)nc * sizeof *S->val);
}

static void search(solver *S, int d)
{
    if (S->budget-- <= 0)
        return;
    if (d == S->n_sp) {
        S->solutions++;
        for (int i = 0; i < S->n_sp; i++) {
            sparse *p = S->sp[i];
            if (p->chosen < 0)
                p->chosen = S->cur[i];
            else if (p->chosen != S->cur[i])
                p->ambiguous = 1;
        }
        return;
    }
    sparse *p = S->sp[d];
    for (int k = 0; k < p->n_cand; k++) {
        set_row(S, p, k);
        S->cur[d] = k;
        int ok = 1;
        for (int i = 0; i < S->n_at_depth[d] && ok; i++)
            ok = con_holds(S, &S->L->v[S->at_depth[d][i]]);
        if (ok)
            search(S, d + 1);
        if (S->budget <= 0)
            return;
        /* once every row is known to be ambiguous nothing more is learnt */
        int all = S->solutions > 0;
        for (int i = 0; i < S->n_sp && all; i++)
            all = S->sp[i]->ambiguous;
        if (all)
            return;
    }
}

/* Enumerate the placements of k values (in order) among n columns, keep
 * those that satisfy the rules of the row alone, without duplicates. */
static void candidates(table_read *tr, const tblock *b, const lincons *L, const int *var, int64_t *val,
                       sparse *p, const token *const *vt, int k)
{
    int n = b->n_cols;
    int *idx = xmalloc((size_t)(k ? k : 1) * sizeof *idx);
    for (int i = 0; i < k; i++)
        idx[i] = i;
    int64_t *vec = xmalloc((size_t)n * sizeof *vec);
    long made = 0;
    /* the row's own rules: every cell in this row or known */
    int *local = xmalloc((L->n ? L->n : 1) * sizeof *local);
    int n_local = 0;
    for (size_t c = 0; c < L->n; c++) {
        int ok = 1, mine = 0;
        for (int i = 0; i < L->v[c].n && ok; i++) {
            int ix = L->v[c].cell[i];
            if (ix / n == p->row)
                mine = 1;
            else if (var[ix] != -1)
                ok = 0;
        }
        if (ok && mine)
            local[n_local++] = (int)c;
    }
    for (;;) {
        if (++made > MAX_COMBINATIONS)
            break;
        int ok = 1;
        for (int j = 0; j < n; j++)
            vec[j] = 0;
        for (int i = 0; i < k && ok; i++)
            ok = convert(vt[i], b->col_leaves[idx[i]], &vec[idx[i]]);
        if (ok) {
            memcpy(&val[p->row * n], vec, (size_t)n * sizeof *vec);
            for (int c = 0; c < n_local && ok; c++) {
                const lincon *lc = &L->v[local[c]];
                int64_t s = 0;
                for (int i = 0; i < lc->n; i++)
                    s += lc->coef[i] * val[lc->cell[i]];
                ok = s == 0;
            }
        }
        for (int c = 0; c < p->n_cand && ok; c++)
            if (!memcmp(&p->cand[(size_t)c * n], vec, (size_t)n * sizeof *vec))
                ok = 0;
        if (ok) {
            p->cand = xrealloc(p->cand, (size_t)(p->n_cand + 1) * n * sizeof *p->cand);
            memcpy(&p->cand[(size_t)p->n_cand * n], vec, (size_t)n * sizeof *vec);
            p->pos = xrealloc(p->pos, (size_t)(p->n_cand + 1) * sizeof *p->pos);
            p->pos[p->n_cand] = arena_alloc(&tr->mem, (size_t)(k ? k : 1) * sizeof(int));
            memcpy(p->pos[p->n_cand], idx, (size_t)k * sizeof(int));
            p->n_cand++;
        }
        /* next combination */
        int i = k - 1;
        while (i >= 0 && idx[i] == n - k + i)
            i--;
        if (i < 0)
            break;
        idx[i]++;
        for (int j = i + 1; j < k; j++)
            idx[j] = idx[j - 1] + 1;
    }
    free(local);
    free(vec);
    free(idx);
}

/* ---- reading one block ------------------------------------------------- */

typedef struct {
    item *v;
    size_t n, cap;
} items;

static item *item_new(items *it, const token *t)
{
    if (it->n == it->cap) {
        it->cap = it->cap ? 2 * it->cap : 32;
        it->v = xrealloc(it->v, it->cap * sizeof *it->v);
    }
    item *x = &it->v[it->n++];
    memset(x, 0, sizeof *x);
    if (t) {
        x->raw = t->raw;
        x->norm = t->norm;
        x->line = t->line;
        x->col = t->col;
    } else {
        x->raw = x->norm = "";
    }
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

enum { MV_NONE, MV_SKIP, MV_EXTRA, MV_MATCH, MV_JOIN, MV_REPEAT };

static void join_labels(arena *a, const item *x, const item *y, const char **raw, const char **norm)
{
    *raw = arena_printf(a, "%s%s", x->raw, y->raw);
    *norm = arena_printf(a, "%s%s", x->norm, y->norm);
}

static char *values_text(arena *a, const tokens *ts, const item *x)
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

static void read_block(table_read *tr, bread *br, const token *tk, size_t n_tok, size_t tok_base,
                       size_t last_token)
{
    const tblock *b = br->b;
    arena *a = &tr->mem;
    header h;
    header_init(a, b, &h);
    preorder po;
    int nn = count_nodes(b->rows);
    po.v = arena_alloc(a, (size_t)nn * sizeof *po.v);
    po.norm = arena_alloc(a, (size_t)nn * sizeof *po.norm);
    po.n = 0;
    pre_collect(a, b->rows, &po);
    int single_row = b->n_rows == 1 && !b->row_leaves[0]->label[0];

    items it = {0};
    if (single_row)
        item_new(&it, NULL);
    int in_rows = 0;
    for (size_t i = 0; i < n_tok; i++) {
        const token *t = &tk[i];
        if (t->is_value) {
            if (!it.n)
                item_new(&it, NULL);
            item *cur = &it.v[it.n - 1];
            if (!cur->line)
                cur->line = t->line, cur->col = t->col;
            item_add_val(cur, (int)(tok_base + i));
            if (tok_base + i == last_token)
                it.v[it.n - 1].last_in_text = 1;
            in_rows = 1;
            continue;
        }
        const char *raw = t->raw, *norm = t->norm;
        int line = t->line, col = t->col;
        /* a bare numbering ("(三)") belongs to the label on the next line */
        if (numbering_len(norm) == strlen(norm) && i + 1 < n_tok && !tk[i + 1].is_value) {
            raw = arena_printf(a, "%s%s", raw, tk[i + 1].raw);
            norm = arena_printf(a, "%s%s", norm, tk[i + 1].norm);
            i++;
        }
        int hc;
        int hb = header_best(&h, norm, &hc);
        /* a header cell split over two lines (本年新 / 制作数量) */
        if (!in_rows && i + 1 < n_tok && !tk[i + 1].is_value && hc > 0) {
            const char *jn = arena_printf(a, "%s%s", norm, tk[i + 1].norm);
            int jc;
            int jb = header_best(&h, jn, &jc);
            if (jb >= 0 && jc == 0) {
                raw = arena_printf(a, "%s%s", raw, tk[i + 1].raw);
                norm = jn;
                hb = jb;
                hc = jc;
                i++;
            }
        }
        int rc = single_row ? LABEL_FAR : row_best_cost(&po, norm);
        int as_header = single_row || (hb >= 0 && (in_rows ? hc < rc : hc <= rc));
        if (!in_rows && hb < 0 && rc >= LABEL_FAR)
            as_header = 1; /* unknown text in the header */
        if (as_header) {
            if (hb < 0) {
                tr->cost += COST_EXTRA_ITEM;
                defer(tr, XXGK_WARNING, "I06", line, col, block_place(b), NULL, raw,
                      "表头中无法识别的文字“%s”已忽略", raw);
            } else {
                if (hc > 0 && !h.used[hb]) {
                    tr->cost += hc;
                    defer(tr, XXGK_WARNING, "C14", line, col, block_place(b), h.labels[hb], raw,
                          "表头“%s”与统一格式不符，按“%s”读取", raw, h.labels[hb]);
                }
                h.used[hb] = 1;
            }
            continue;
        }
        in_rows = 1;
        item *x = item_new(&it, NULL);
        x->raw = raw;
        x->norm = norm;
        x->line = line;
        x->col = col;
        if (tok_base + i == last_token)
            x->last_in_text = 1;
    }
    for (size_t i = 0; i < h.n; i++)
        if (!h.used[i] && n_tok) {
            tr->cost += 1;
            defer(tr, XXGK_WARNING, "C14", br->line, 0, block_place(b), h.labels[i], NULL,
                  "缺少表头“%s”", h.labels[i]);
        }

    /* align the labels with the rows (pre-order); a table is a few dozen
     * rows, text beyond a sane size is not read */
    if (it.n > MAX_ITEMS) {
        defer(tr, XXGK_ERROR, "I06", it.v[MAX_ITEMS].line, it.v[MAX_ITEMS].col, block_place(b), NULL,
              NULL, "表格中的文字过多（%zu 处标签），第 %d 处以后未读取", it.n, MAX_ITEMS);
        tr->cost += COST_EXTRA_ITEM * 50;
        for (size_t k = MAX_ITEMS; k < it.n; k++)
            free(it.v[k].vals);
        it.n = MAX_ITEMS;
    }
    int n = (int)it.n, m = po.n;
    size_t cells = (size_t)(n + 1) * (size_t)(m + 1);
    int *dp = xmalloc(cells * sizeof *dp);
    unsigned char *mv = xmalloc(cells);
    short *rep = xmalloc(cells * sizeof *rep);
    for (size_t i = 0; i < cells; i++)
        dp[i] = LABEL_FAR, mv[i] = MV_NONE, rep[i] = -1;
#define AT(i, j) ((size_t)(i) * (size_t)(m + 1) + (size_t)(j))
#define RELAX(i2, j2, c2, move, r2)                                                                \
    do {                                                                                           \
        size_t at_ = AT(i2, j2);                                                                   \
        if ((c2) < dp[at_]) {                                                                      \
            dp[at_] = (c2);                                                                        \
            mv[at_] = (move);                                                                      \
            rep[at_] = (short)(r2);                                                                \
        }                                                                                          \
    } while (0)
    dp[0] = 0;
    for (int i = 0; i <= n; i++)
        for (int j = 0; j <= m; j++) {
            int c = dp[AT(i, j)];
            if (c >= LABEL_FAR)
                continue;
            /* rows after the end of a cut text are no evidence against the format */
            if (j < m)
                RELAX(i, j + 1, c + (is_leaf(po.v[j]) && !(tr->truncated && i == n) ? COST_MISSING_ROW : 0),
                      MV_SKIP, -1);
            if (i == n)
                continue;
            const item *x = &it.v[i];
            RELAX(i + 1, j, c + COST_EXTRA_ITEM + (x->n_vals ? COST_EXTRA_ITEM : 0), MV_EXTRA, -1);
            if (j < m && (is_leaf(po.v[j]) || !x->n_vals)) {
                int lc = item_cost(x, po.v[j], po.norm[j]);
                if (lc < LABEL_FAR)
                    RELAX(i + 1, j + 1, c + lc, MV_MATCH, -1);
                if (!x->n_vals && i + 1 < n && x->norm[0] && it.v[i + 1].norm[0] &&
                    (is_leaf(po.v[j]) || !it.v[i + 1].n_vals)) {
                    const char *jr, *jn;
                    join_labels(a, x, &it.v[i + 1], &jr, &jn);
                    int jc = import_label_cost(jn, po.norm[j]);
                    if (jc < LABEL_FAR)
                        RELAX(i + 2, j + 1, c + jc + 2, MV_JOIN, -1);
                }
            }
            /* a group label repeated on a later row (三、本年度办理结果) */
            if (!x->n_vals && x->norm[0] && m) {
                const hnode *at = po.v[j < m ? j : m - 1];
                for (const hnode *g = at->parent; g && g->parent; g = g->parent) {
                    int gi = -1;
                    for (int k = 0; k < m; k++)
                        if (po.v[k] == g)
                            gi = k;
                    int lc = gi >= 0 ? import_label_cost(x->norm, po.norm[gi]) : LABEL_FAR;
                    if (lc < LABEL_FAR)
                        RELAX(i + 1, j, c + lc, MV_REPEAT, gi);
                }
            }
        }
    tr->cost += dp[AT(n, m)] < LABEL_FAR ? dp[AT(n, m)] : LABEL_FAR / 4;

    /* walk back */
    int *row_item = arena_alloc(a, (size_t)(b->n_rows ? b->n_rows : 1) * sizeof *row_item);
    int *skipped_at = arena_alloc(a, (size_t)(b->n_rows ? b->n_rows : 1) * sizeof *skipped_at);
    for (int r = 0; r < b->n_rows; r++)
        row_item[r] = -1, skipped_at[r] = 0;
    {
        int i = n, j = m;
        while ((i > 0 || j > 0) && dp[AT(i, j)] < LABEL_FAR) {
            unsigned char move = mv[AT(i, j)];
            int r = rep[AT(i, j)];
            if (move == MV_SKIP) {
                j--;
                if (is_leaf(po.v[j]))
                    skipped_at[po.v[j]->leaf] = i > 0 ? i : -1;
            } else if (move == MV_EXTRA) {
                i--;
                item *x = &it.v[i];
                if (x->n_vals)
                    defer(tr, XXGK_WARNING, "I06", x->line, x->col, block_place(b), NULL, x->raw,
                          "“%s”一行（数值 %s）不属于全国统一格式，已舍弃", x->raw[0] ? x->raw : "（无标签）",
                          values_text(a, &tr->ts, x));
                else
                    defer(tr, XXGK_WARNING, "I06", x->line, x->col, block_place(b), NULL, x->raw,
                          "表中无法识别的文字“%s”已忽略", x->raw);
            } else if (move == MV_MATCH || move == MV_JOIN) {
                int first = move == MV_JOIN ? i - 2 : i - 1;
                item *x = &it.v[first];
                const char *raw = x->raw, *norm = x->norm;
                if (move == MV_JOIN)
                    join_labels(a, x, &it.v[first + 1], &raw, &norm);
                j--;
                const hnode *node = po.v[j];
                if (x->norm[0] && strcmp(norm, po.norm[j]))
                    defer(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(b), node->label, raw,
                          "“%s”与统一格式的行名不符，按“%s”读取", raw, node->label);
                else if (!x->norm[0] && node->label[0])
                    defer(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(b), node->label, NULL,
                          "数值前没有行名，按位置读作“%s”", node->label);
                if (is_leaf(node))
                    row_item[node->leaf] = move == MV_JOIN ? first + 1 : first;
                i = first;
            } else if (move == MV_REPEAT) {
                i--;
                item *x = &it.v[i];
                if (strcmp(x->norm, po.norm[r]))
                    defer(tr, XXGK_WARNING, "C14", x->line, x->col, block_place(b), po.v[r]->label,
                          x->raw, "“%s”与统一格式的行名不符，按“%s”读取", x->raw, po.v[r]->label);
            } else {
                break;
            }
        }
    }
#undef RELAX
#undef AT
    free(dp);
    free(mv);
    free(rep);

    /* values into cells */
    int nc = b->n_cols;
    br->cells = arena_alloc(a, (size_t)b->n_rows * (size_t)nc * sizeof *br->cells);
    int64_t *val = xmalloc((size_t)b->n_rows * (size_t)nc * sizeof *val + 1);
    int *var = xmalloc((size_t)b->n_rows * (size_t)nc * sizeof *var + 1);
    for (int k = 0; k < b->n_rows * nc; k++)
        val[k] = 0, var[k] = -2;
    sparse *sp = xmalloc((size_t)(b->n_rows ? b->n_rows : 1) * sizeof *sp);
    int n_sp = 0;
    const token **vt = xmalloc((size_t)(tr->ts.n ? tr->ts.n : 1) * sizeof *vt);
    int cut_reported = 0;
    for (int r = 0; r < b->n_rows; r++) {
        const hnode *row = b->row_leaves[r];
        char *rplace = report_cell_place(a, b, row, NULL);
        if (row_item[r] < 0) {
            int at = skipped_at[r] > 0 ? skipped_at[r] - 1 : -1;
            int line = at >= 0 && at < n ? it.v[at].line : br->line;
            if (tr->truncated && (at >= n - 1 || at < 0) && n) {
                if (!cut_reported)
                    defer(tr, XXGK_ERROR, "I07", line, 0, rplace, NULL, NULL,
                          "文本在此中断：从此行起，本表其余各行缺失");
                cut_reported = 1;
            }
            defer(tr, XXGK_ERROR, "I07", line, 0, rplace, NULL, NULL, "缺少此行（%d 个单元格）", nc);
            continue;
        }
        const item *x = &it.v[row_item[r]];
        int k = (int)x->n_vals;
        for (int i = 0; i < k; i++)
            vt[i] = &tr->ts.v[x->vals[i]];
        if (k == nc || (x->last_in_text && tr->truncated && k < nc)) {
            int bad = 0;
            for (int c = 0; c < k; c++) {
                int64_t v;
                if (!convert(vt[c], b->col_leaves[c], &v)) {
                    bad = 1;
                    defer(tr, XXGK_ERROR, "I07", vt[c]->line, vt[c]->col,
                          report_cell_place(a, b, row, b->col_leaves[c]), NULL, vt[c]->raw,
                          "数值“%s”无法读取（超过九位整数或四位小数）", vt[c]->raw);
                    continue;
                }
                val[r * nc + c] = v;
                var[r * nc + c] = -1;
                value_notes(tr, b, row, b->col_leaves[c], vt[c], v);
                br->cells[r * nc + c].state =
                    vt[c]->val.blank && (row->n_parts || b->col_leaves[c]->n_parts) ? C_COMPUTE : C_VALUE;
                br->cells[r * nc + c].v = v;
            }
            (void)bad;
            if (k < nc) {
                strbuf cols = {0};
                for (int c = k; c < nc; c++) {
                    if (c > k)
                        sb_add(&cols, "、");
                    sb_add(&cols, node_label_path(a, b->col_leaves[c], "/"));
                }
                defer(tr, XXGK_ERROR, "I07", x->line, x->col, rplace, NULL, NULL,
                      "文本在此行中断：缺少 %d 个单元格（%s）", nc - k, cols.s ? cols.s : "");
                sb_free(&cols);
            }
            continue;
        }
        if (k > nc) {
            tr->cost += COST_EXTRA_ITEM;
            defer(tr, XXGK_ERROR, "I13", x->line, x->col, rplace, NULL, values_text(a, &tr->ts, x),
                  "此行有 %d 个数值，本表只有 %d 列，无法确定各数值所属的列", k, nc);
            continue;
        }
        if (k == 0) {
            for (int c = 0; c < nc; c++) {
                var[r * nc + c] = -1;
                br->cells[r * nc + c].state = C_VALUE;
            }
            defer(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                  "整行 %d 个单元格为空白，按 0 读取", nc);
            continue;
        }
        sparse *p = &sp[n_sp];
        memset(p, 0, sizeof *p);
        p->row = r;
        p->item = row_item[r];
        p->chosen = -1;
        for (int c = 0; c < nc; c++)
            var[r * nc + c] = n_sp;
        n_sp++;
    }

    /* place the values of sparse rows by the rules of the table */
    if (n_sp) {
        lincons L = {0};
        build_constraints(b, &L);
        for (int s = 0; s < n_sp; s++) {
            sparse *p = &sp[s];
            const item *x = &it.v[p->item];
            for (size_t i = 0; i < x->n_vals; i++)
                vt[i] = &tr->ts.v[x->vals[i]];
            /* rules of this row alone; other sparse rows count as unknown */
            int *saved = xmalloc((size_t)b->n_rows * (size_t)nc * sizeof *saved);
            memcpy(saved, var, (size_t)b->n_rows * (size_t)nc * sizeof *saved);
            for (int q = 0; q < b->n_rows * nc; q++)
                if (var[q] >= 0 && var[q] != s)
                    var[q] = -2;
            candidates(tr, b, &L, var, val, p, vt, (int)x->n_vals);
            memcpy(var, saved, (size_t)b->n_rows * (size_t)nc * sizeof *saved);
            free(saved);
        }
        /* rows no placement fits are left out (their cells unknown) */
        sparse **act = xmalloc((size_t)n_sp * sizeof *act);
        int n_act = 0;
        for (int s = 0; s < n_sp; s++) {
            int depth = sp[s].n_cand ? n_act : -2;
            if (sp[s].n_cand)
                act[n_act++] = &sp[s];
            for (int c = 0; c < nc; c++)
                var[sp[s].row * nc + c] = depth;
        }
        solver S = {0};
        S.b = b;
        S.val = val;
        S.var = var;
        S.sp = act;
        S.n_sp = n_act;
        S.L = &L;
        S.budget = SOLVER_BUDGET;
        S.cur = xmalloc((size_t)(n_act ? n_act : 1) * sizeof *S.cur);
        S.at_depth = xmalloc((size_t)(n_act ? n_act : 1) * sizeof *S.at_depth);
        S.n_at_depth = xmalloc((size_t)(n_act ? n_act : 1) * sizeof *S.n_at_depth);
        for (int s = 0; s < n_act; s++)
            S.at_depth[s] = xmalloc((L.n ? L.n : 1) * sizeof(int)), S.n_at_depth[s] = 0;
        for (size_t c = 0; c < L.n; c++) {
            int ready = -1, missing = 0;
            for (int i = 0; i < L.v[c].n; i++) {
                int v = var[L.v[c].cell[i]];
                if (v == -2)
                    missing = 1;
                else if (v > ready)
                    ready = v;
            }
            if (!missing && ready >= 0)
                S.at_depth[ready][S.n_at_depth[ready]++] = (int)c;
        }
        if (n_act)
            search(&S, 0);
        int exhausted = S.budget <= 0;
        for (int s = 0; s < n_sp; s++) {
            sparse *p = &sp[s];
            const item *x = &it.v[p->item];
            const hnode *row = b->row_leaves[p->row];
            char *rplace = report_cell_place(a, b, row, NULL);
            char *vals = values_text(a, &tr->ts, x);
            if (p->chosen >= 0 && !p->ambiguous && !exhausted) {
                const int *pos = p->pos[p->chosen];
                strbuf placed = {0}, blanks = {0};
                int n_blank = 0;
                for (int c = 0; c < nc; c++) {
                    int given = -1;
                    for (size_t i = 0; i < x->n_vals; i++)
                        if (pos[i] == c)
                            given = (int)i;
                    int64_t v = p->cand[(size_t)p->chosen * nc + c];
                    br->cells[p->row * nc + c].state = C_VALUE;
                    br->cells[p->row * nc + c].v = v;
                    const char *cl = node_label_path(a, b->col_leaves[c], "/");
                    if (given >= 0) {
                        const token *t = &tr->ts.v[x->vals[given]];
                        if (placed.len)
                            sb_add(&placed, "；");
                        sb_printf(&placed, "%s → %s", t->raw, cl);
                        value_notes(tr, b, row, b->col_leaves[c], t, v);
                        if (t->val.blank && (row->n_parts || b->col_leaves[c]->n_parts))
                            br->cells[p->row * nc + c].state = C_COMPUTE;
                    } else {
                        if (blanks.len)
                            sb_add(&blanks, "、");
                        sb_add(&blanks, cl);
                        n_blank++;
                    }
                }
                int all_zero = 1;
                for (size_t i = 0; i < x->n_vals; i++)
                    all_zero &= tr->ts.v[x->vals[i]].val.v == 0;
                if (all_zero)
                    defer(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                          "此行只印出 %zu 个 0，其余 %d 个单元格空白，整行按 0 读取", x->n_vals, n_blank);
                else
                    defer(tr, XXGK_WARNING, "I05", x->line, x->col, rplace, NULL, vals,
                          "此行只印出 %zu 个数值，按本表勾稽关系唯一确定其所在列：%s", x->n_vals,
                          placed.s ? placed.s : "");
                if (n_blank && !all_zero)
                    defer(tr, XXGK_WARNING, "C06", x->line, x->col, rplace, "0", "（空白）",
                          "%d 个空白单元格按 0 读取：%s", n_blank, blanks.s);
                sb_free(&placed);
                sb_free(&blanks);
            } else if (p->n_cand == 0 || (S.solutions == 0 && !exhausted)) {
                tr->cost += COST_EXTRA_ITEM;
                defer(tr, XXGK_ERROR, "I08", x->line, x->col, rplace, NULL, vals,
                      "此行只印出 %zu 个数值（%s），没有任何列位置能满足本表的勾稽关系，不作猜测；此行 %d "
                      "个单元格缺失",
                      x->n_vals, vals, nc);
            } else {
                defer(tr, XXGK_ERROR, "I08", x->line, x->col, rplace, NULL, vals,
                      "此行只印出 %zu 个数值（%s），有多种列位置都满足本表的勾稽关系%s，不作猜测；此行 %d "
                      "个单元格缺失",
                      x->n_vals, vals, exhausted ? "（可能性过多）" : "", nc);
            }
        }
        for (int s = 0; s < n_act; s++)
            free(S.at_depth[s]);
        free(S.at_depth);
        free(S.n_at_depth);
        free(S.cur);
        free(act);
        cons_free(&L);
    }
    for (int s = 0; s < n_sp; s++) {
        free(sp[s].cand);
        free(sp[s].pos);
    }
    free(sp);
    free(vt);
    free(val);
    free(var);
    items_free(&it);
}

/* ---- a table ---------------------------------------------------------- */

/* A title with its numerals left out: 第二十条第（一）项 → 第条第()项. */
static char *title_pattern(arena *a, const char *norm)
{
    strbuf b = {0};
    size_t len = strlen(norm);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(norm + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        if (!is_numeral_cp(cp))
            sb_addn(&b, norm + i, k);
        i += k;
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

table_read *table_read_new(const ttable *tt, const region *rg, int truncated)
{
    table_read *tr = xmalloc(sizeof *tr);
    memset(tr, 0, sizeof *tr);
    tr->tt = tt;
    tr->truncated = truncated;
    tr->first_line = rg->n ? rg->lines[0].line : 0;
    arena *a = &tr->mem;
    tokenize(a, rg, &tr->ts);
    size_t last = tr->ts.n ? tr->ts.n - 1 : 0;
    tr->blocks = arena_alloc(a, tt->n_blocks * sizeof *tr->blocks);
    for (size_t k = 0; k < tt->n_blocks; k++)
        tr->blocks[k].b = &tt->blocks[k];

    if (tt->n_blocks == 1 && !tt->blocks[0].title) {
        bread *br = &tr->blocks[0];
        br->found = tr->ts.n > 0;
        br->line = tr->first_line;
        if (br->found)
            read_block(tr, br, tr->ts.v, tr->ts.n, 0, truncated ? last : (size_t)-1);
    } else {
        /* split at the block titles */
        const char **tnorm = arena_alloc(a, tt->n_blocks * sizeof *tnorm);
        const char **tpat = arena_alloc(a, tt->n_blocks * sizeof *tpat);
        for (size_t k = 0; k < tt->n_blocks; k++) {
            tnorm[k] = import_norm(a, tt->blocks[k].title ? tt->blocks[k].title : "");
            tpat[k] = title_pattern(a, tnorm[k]);
        }
        long *start = arena_alloc(a, tt->n_blocks * sizeof *start);
        for (size_t k = 0; k < tt->n_blocks; k++)
            start[k] = -1;
        /* segment boundaries: -1 - index of an unknown title */
        size_t n_seg = 0;
        long *seg_at = arena_alloc(a, (tr->ts.n + 1) * sizeof *seg_at);
        int *seg_block = arena_alloc(a, (tr->ts.n + 1) * sizeof *seg_block);
        for (size_t i = 0; i < tr->ts.n; i++) {
            const token *t = &tr->ts.v[i];
            if (t->is_value)
                continue;
            int best = -1, bc = LABEL_FAR;
            for (size_t k = 0; k < tt->n_blocks; k++) {
                int c = import_label_cost(t->norm, tnorm[k]);
                if (c < bc && c <= 3)
                    bc = c, best = (int)k;
            }
            int unknown = 0;
            if (best < 0) {
                char *pat = title_pattern(a, t->norm);
                for (size_t k = 0; k < tt->n_blocks && !unknown; k++)
                    unknown = tpat[k][0] && !strcmp(pat, tpat[k]);
            }
            if (best < 0 && !unknown)
                continue;
            if (best >= 0 && bc > 0)
                defer(tr, XXGK_WARNING, "C14", t->line, t->col, tt->section->heading,
                      tt->blocks[best].title, t->raw, "“%s”与统一格式不符，按“%s”读取", t->raw,
                      tt->blocks[best].title);
            if (best >= 0 && start[best] >= 0) {
                defer(tr, XXGK_WARNING, "I06", t->line, t->col, tt->section->heading, NULL, t->raw,
                      "“%s”重复出现，后一处已忽略", t->raw);
                best = -1;
            }
            if (best < 0) {
                tr->cost += COST_MISSING_ROW;
                defer(tr, XXGK_WARNING, "I06", t->line, t->col, tt->section->heading, NULL, t->raw,
                      "“%s”不属于此格式的表格，此块已舍弃", t->raw);
            } else {
                start[best] = (long)i;
                tr->cost += bc;
            }
            seg_at[n_seg] = (long)i;
            seg_block[n_seg] = best;
            n_seg++;
        }
        seg_at[n_seg] = (long)tr->ts.n;
        for (size_t s = 0; s < n_seg; s++) {
            if (seg_block[s] < 0)
                continue;
            bread *br = &tr->blocks[seg_block[s]];
            br->found = 1;
            size_t from = (size_t)seg_at[s] + 1, to = (size_t)seg_at[s + 1];
            br->line = tr->ts.v[seg_at[s]].line;
            read_block(tr, br, tr->ts.v + from, to - from, from, truncated ? last : (size_t)-1);
        }
        /* text before the first title */
        size_t pre = n_seg ? (size_t)seg_at[0] : tr->ts.n;
        if (pre) {
            tr->cost += COST_EXTRA_ITEM * (int)(pre > 5 ? 5 : pre);
            defer(tr, XXGK_WARNING, "I06", tr->ts.v[0].line, tr->ts.v[0].col, tt->section->heading,
                  NULL, NULL, "表格前 %zu 处文字不属于任何一块表格，已忽略", pre);
        }
    }
    int cut = 0;
    for (size_t k = 0; k < tt->n_blocks; k++) {
        bread *br = &tr->blocks[k];
        if (br->found)
            continue;
        if (!truncated || !tr->ts.n)
            tr->cost += COST_MISSING_ROW * br->b->n_rows;
        br->cells = arena_alloc(a, (size_t)br->b->n_rows * (size_t)br->b->n_cols * sizeof *br->cells);
        int line = tr->ts.n ? tr->ts.v[tr->ts.n - 1].line : tr->first_line;
        if (truncated && !cut && tr->ts.n) {
            cut = 1;
            defer(tr, XXGK_ERROR, "I07", line, 0, tt->section->heading, NULL, NULL,
                  "文本在此中断：从“%s”起，本表其余部分缺失", block_place(br->b));
        }
        defer(tr, XXGK_ERROR, "I07", line, 0, block_place(br->b), NULL, NULL,
              "缺少%s（%d 行 × %d 列，共 %d 个单元格）", br->b->title ? "此块表格" : "此表", br->b->n_rows,
              br->b->n_cols, br->b->n_rows * br->b->n_cols);
    }
    return tr;
}

int table_read_cost(const table_read *tr) { return tr->cost; }
int table_read_first_line(const table_read *tr) { return tr->first_line; }

/* ---- JSON ------------------------------------------------------------- */

static json_t *cell_json(int64_t v)
{
    if (v % XXGK_SCALE == 0)
        return json_integer((json_int_t)(v / XXGK_SCALE));
    return json_real((double)v / XXGK_SCALE);
}

static void emit_cols(const bread *br, int row, const hnode *n, json_t *obj)
{
    const tblock *b = br->b;
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->n_children) {
            json_t *sub = c->key ? json_object() : obj;
            emit_cols(br, row, c, sub);
            if (c->key)
                json_object_set_new(obj, c->key, sub);
        } else {
            const icell *x = &br->cells[row * b->n_cols + c->leaf];
            if (x->state == C_VALUE)
                json_object_set_new(obj, c->key, cell_json(x->v));
        }
    }
}

static void emit_rows(const bread *br, const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        json_t *sub = c->key ? json_object() : obj;
        if (c->n_children)
            emit_rows(br, c, sub);
        else
            emit_cols(br, c->leaf, br->b->cols, sub);
        if (c->key)
            json_object_set_new(obj, c->key, sub);
    }
}

void table_read_emit(table_read *tr, xxgk_diags *d, json_t *obj, int *errors)
{
    for (size_t i = 0; i < tr->n_diags; i++) {
        const pdiag *g = &tr->diags[i];
        import_diag(d, g->sev, g->rule, g->line, g->col, g->place, g->expected, g->actual, g->msg);
    }
    *errors += tr->errors;
    for (size_t k = 0; k < tr->tt->n_blocks; k++) {
        const bread *br = &tr->blocks[k];
        json_t *bo = br->b->key ? json_object() : obj;
        emit_rows(br, br->b->rows, bo);
        if (br->b->key)
            json_object_set_new(obj, br->b->key, bo);
    }
}

void table_read_free(table_read *tr)
{
    if (!tr)
        return;
    free(tr->ts.v);
    free(tr->diags);
    arena_free(&tr->mem);
    free(tr);
}
