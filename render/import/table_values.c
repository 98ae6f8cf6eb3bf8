/* table_values.c — the text of a table as tokens, and what they are worth.
 *
 * The text of a table is a stream of cells: labels and values, one per
 * line or joined by '|', '｜' or a tab, with blank cells left out; a cell
 * "0 0 0" is three values.  A value is read as the text prints it — a
 * blank marker (/ — 空 无) is 0, thousands separators, a + sign and a unit
 * are dropped — and converted into a column's unit (元 into 万元 only when
 * it stays exact).  Each such repair is a note of its own (C06, I03, I04).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/table_parts.h"

/* ---- values ----------------------------------------------------------- */

static int parse_value(arena *a, const char *raw, tval *out)
{
    memset(out, 0, sizeof *out);
    const char *s = import_norm(a, raw);
    static const char *const blanks[] = {"/",
                                         "-",
                                         "--",
                                         "\\",
                                         "\xe2\x80\x94",
                                         "\xe2\x80\x94\xe2\x80\x94",
                                         "\xe2\x80\x93",
                                         "\xe2\x80\x95",
                                         "\xe7\xa9\xba",
                                         "\xe6\x97\xa0",
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
    t->row = -1;
}

/* A new row of cells; its width is set when it is complete. */
static int row_begin(tokens *ts)
{
    if (ts->n_rows == ts->cap_rows) {
        ts->cap_rows = ts->cap_rows ? 2 * ts->cap_rows : 64;
        ts->row_width = xrealloc(ts->row_width, ts->cap_rows * sizeof *ts->row_width);
    }
    ts->row_width[ts->n_rows] = 0;
    return (int)ts->n_rows++;
}

/* The tokens from first on came from field f … f_end of row: a cell that
 * gave more than one token ("0 0 0") makes the row's positions useless. */
static void tok_place(tokens *ts, size_t first, int row, int f, int f_end)
{
    for (size_t i = first; i < ts->n; i++) {
        ts->v[i].row = row;
        ts->v[i].field = f;
        ts->v[i].field_end = f_end;
    }
    if (ts->n - first > 1)
        ts->row_width[row] = -1;
}

/* One cell of text (between separators): trimmed; "0 0 0" is three values. */
static void add_piece(arena *a, tokens *ts, const char *s, size_t len, int line, int col)
{
    size_t b = 0, e = len;
    while (b < e) {
        uint32_t cp;
        size_t k = utf8_decode(s + b, e - b, &cp);
        if (!k || !import_is_space(cp))
            break;
        b += k;
        col++;
    }
    while (e > b) {
        size_t k = 1;
        while (k < e - b && k <= 4 && ((unsigned char)s[e - k] & 0xC0) == 0x80)
            k++;
        uint32_t cp;
        if (!utf8_decode(s + e - k, k, &cp) || !import_is_space(cp))
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

/* Length of a cell separator at s: '|', a tab or '｜'; 0 if none. */
static size_t separator(const char *s)
{
    if (*s == '|' || *s == '\t')
        return 1;
    return !strncmp(s, "\xef\xbd\x9c", 3) ? 3 : 0; /* ｜ */
}

/* A line of text: its fields between separators, each field's position
 * kept (a blank field is a blank cell); a line that opens with a
 * separator ("| 规章 | 0 |") does not count the empty field before it. */
static void tokenize_text_line(arena *a, const tline *l, tokens *ts)
{
    const char *s = l->s;
    size_t len = strlen(s), start = 0;
    int col = l->col, start_col = col, row = row_begin(ts);
    int field = separator(s) ? -1 : 0;
    for (size_t i = 0; i <= len;) {
        size_t sep = i == len ? 1 : separator(s + i);
        if (sep) {
            size_t first = ts->n;
            add_piece(a, ts, s + start, i - start, l->line, start_col);
            tok_place(ts, first, row, field, field);
            field++;
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
    /* a line of one field (a cell per line) is no row of cells */
    if (ts->row_width[row] >= 0)
        ts->row_width[row] = field > 1 ? field : -1;
}

/* A row of a grid: its cells at their true columns. */
static void tokenize_grid_row(arena *a, const tline *l, tokens *ts)
{
    int row = row_begin(ts);
    for (int f = 0; f < l->n_fields; f++) {
        const tfield *c = &l->fields[f];
        size_t first = ts->n;
        add_piece(a, ts, c->s, strlen(c->s), l->line, 0);
        tok_place(ts, first, row, c->col, c->col + c->span - 1);
    }
    if (ts->row_width[row] >= 0)
        ts->row_width[row] = l->width;
}

void tokenize(arena *a, const region *rg, tokens *ts)
{
    for (size_t li = 0; li < rg->n; li++) {
        if (rg->lines[li].fields)
            tokenize_grid_row(a, &rg->lines[li], ts);
        else
            tokenize_text_line(a, &rg->lines[li], ts);
    }
}

/* ---- a value in its column --------------------------------------------- */

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

int token_value(const token *t, const hnode *col, int64_t *out)
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

void value_notes(table_read *tr, const tblock *b, const hnode *row, const hnode *col,
                 const token *t, int64_t v)
{
    const tval *tv = &t->val;
    char *place = report_cell_place(&tr->mem, b, row, col);
    char buf[48];
    format_value(v, buf, sizeof buf);
    if (tv->blank) {
        int total = row->n_parts || col->n_parts;
        defer_diag(tr, XXGK_WARNING, "C06", t->line, t->col, place, "0", t->raw,
                   total ? "合计栏写作“%s”，按各项之和计算" : "单元格写作“%s”，按 0 读取", t->raw);
        return;
    }
    const char *unit = column_unit(col);
    if (tv->unit[0]) {
        if (unit && !strcmp(unit, "万元") && !strcmp(tv->unit, "元"))
            defer_diag(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                       "单位换算：%s 折合 %s 万元", t->raw, buf);
        else if (unit && *unit && !strcmp(unit, tv->unit))
            defer_diag(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                       "去掉单元格中与表头相同的单位“%s”", tv->unit);
        else if (unit)
            defer_diag(tr, XXGK_WARNING, "I03", t->line, t->col, place, buf, t->raw,
                       "统一格式未规定此栏的单位，按原数 %s 记录（原文带单位“%s”，请核实口径）",
                       buf, tv->unit);
        else
            defer_diag(tr, XXGK_NOTE, "I03", t->line, t->col, place, buf, t->raw,
                       "去掉单元格中的单位“%s”", tv->unit);
    }
    if (tv->sep)
        defer_diag(tr, XXGK_NOTE, "I04", t->line, t->col, place, buf, t->raw, "去掉千位分隔符");
    if (tv->plus)
        defer_diag(tr, XXGK_NOTE, "I04", t->line, t->col, place, buf, t->raw, "去掉正号“+”");
}
