/* report_json.c — JSON input → report model.
 *
 * jansson parses (strict: duplicate keys rejected, UTF-8 checked); this
 * file walks the document against the template, so that every key is
 * known (an unknown key is an error with the nearest valid key suggested),
 * every cell is found, and every value has the right type.  jansson gives
 * positions only for syntax errors, so after a successful parse a small
 * scanner maps each JSON pointer to its line:column for the diagnostics.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"

#define MAX_INPUT_BYTES (16u << 20) /* a real report is under 100 KB */

/* ---- position index ------------------------------------------------- */

typedef struct {
    char *path;
    int line, col;
    size_t offset; /* of the value's first byte */
} pos_entry;

struct posindex {
    pos_entry *v;
    size_t n, cap;
};

typedef struct {
    const char *s;
    size_t len, i;
    int line, col;
    struct posindex *idx;
    strbuf path;
} scanner;

static void sc_advance(scanner *sc)
{
    unsigned char c = (unsigned char)sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        sc->col++;
    }
}

static void sc_ws(scanner *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]))
        sc_advance(sc);
}

static void sc_record(scanner *sc)
{
    struct posindex *x = sc->idx;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 256;
        x->v = xrealloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n].path = xstrdup(sc->path.s ? sc->path.s : "");
    x->v[x->n].line = sc->line;
    x->v[x->n].col = sc->col;
    x->v[x->n].offset = sc->i;
    x->n++;
}

/* Reads a string (at its opening quote); appends the decoded text to out
 * when out is not NULL. */
static void sc_string(scanner *sc, strbuf *out)
{
    sc_advance(sc); /* " */
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        char c = sc->s[sc->i];
        if (c == '\\') {
            sc_advance(sc);
            char e = sc->s[sc->i];
            sc_advance(sc);
            if (e == 'u') {
                uint32_t cp = (uint32_t)strtoul((char[5]){sc->s[sc->i], sc->s[sc->i + 1],
                                                          sc->s[sc->i + 2], sc->s[sc->i + 3], 0},
                                                NULL, 16);
                for (int k = 0; k < 4; k++)
                    sc_advance(sc);
                if (cp >= 0xD800 && cp < 0xDC00 && sc->s[sc->i] == '\\') {
                    for (int k = 0; k < 2; k++)
                        sc_advance(sc);
                    uint32_t lo = (uint32_t)strtoul((char[5]){sc->s[sc->i], sc->s[sc->i + 1],
                                                              sc->s[sc->i + 2], sc->s[sc->i + 3], 0},
                                                    NULL, 16);
                    for (int k = 0; k < 4; k++)
                        sc_advance(sc);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                char u[4];
                if (out)
                    sb_addn(out, u, utf8_encode(cp, u));
            } else if (out) {
                const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
                const char *p = strchr(from, e);
                sb_addc(out, p ? to[p - from] : e);
            }
        } else {
            if (out)
                sb_addc(out, c);
            sc_advance(sc);
        }
    }
    if (sc->i < sc->len)
        sc_advance(sc);
}

/* The text is known to be valid JSON (jansson parsed it). */
static void sc_value(scanner *sc)
{
    sc_ws(sc);
    if (sc->i >= sc->len)
        return;
    sc_record(sc);
    char c = sc->s[sc->i];
    size_t base = sc->path.len;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc_advance(sc);
        for (long index = 0;; index++) {
            sc_ws(sc);
            if (sc->i >= sc->len || sc->s[sc->i] == close)
                break;
            if (c == '{') {
                strbuf key = {0};
                sc_string(sc, &key);
                sb_add_pointer_token(&sc->path, key.s ? key.s : "", key.len);
                sb_free(&key);
                sc_ws(sc);
                sc_advance(sc); /* : */
            } else {
                sb_printf(&sc->path, "/%ld", index);
            }
            sc_value(sc);
            sc->path.len = base;
            if (sc->path.s)
                sc->path.s[base] = 0;
            sc_ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == ',')
                sc_advance(sc);
        }
        if (sc->i < sc->len)
            sc_advance(sc);
    } else if (c == '"') {
        sc_string(sc, NULL);
    } else {
        while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
            sc_advance(sc);
    }
}

static int pos_cmp(const void *a, const void *b)
{
    return strcmp(((const pos_entry *)a)->path, ((const pos_entry *)b)->path);
}

static struct posindex *build_index(const char *text, size_t len)
{
    struct posindex *x = xmalloc(sizeof *x);
    memset(x, 0, sizeof *x);
    scanner sc = {text, len, 0, 1, 1, x, {0}};
    sc_value(&sc);
    sb_free(&sc.path);
    if (x->n)
        qsort(x->v, x->n, sizeof *x->v, pos_cmp);
    return x;
}

void posindex_free(struct posindex *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++)
        free(x->v[i].path);
    free(x->v);
    free(x);
}

void report_position(const xxgk_report *r, const char *path, int *line, int *col)
{
    *line = *col = 0;
    if (!r || !r->pos || !path)
        return;
    /* the nearest enclosing value that exists in the input */
    char *p = xstrdup(path);
    for (;;) {
        pos_entry key = {p, 0, 0, 0};
        pos_entry *e = bsearch(&key, r->pos->v, r->pos->n, sizeof *r->pos->v, pos_cmp);
        if (e) {
            *line = e->line;
            *col = e->col;
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash)
            break;
        *slash = 0;
    }
    free(p);
}

/* ---- reading -------------------------------------------------------- */

typedef struct {
    xxgk_report *r;
    xxgk_diags *d;
    const char *text; /* the input, for the literal text of numbers */
    size_t len;
} reader;

/* A number exactly as written: "160.5964" → 1605964 (× XXGK_SCALE) with
 * 4 fraction digits.  Doubles cannot say whether 100.00001 had five
 * decimals, the text can.  Returns 0 when the literal has an exponent or
 * cannot be found (the caller then falls back on the double). */
static int literal_value(const reader *R, const char *path, int64_t *scaled, int *frac_digits,
                         int *frac_nonzero, char *shown, size_t shown_size)
{
    const struct posindex *x = R->r->pos;
    pos_entry key = {(char *)path, 0, 0, 0};
    const pos_entry *e = x ? bsearch(&key, x->v, x->n, sizeof *x->v, pos_cmp) : NULL;
    if (!e)
        return 0;
    const char *s = R->text + e->offset, *end = R->text + R->len;
    size_t n = 0;
    while (s + n < end && strchr("+-0123456789.eE", s[n]))
        n++;
    snprintf(shown, shown_size, "%.*s", (int)n, s);
    if (memchr(s, 'e', n) || memchr(s, 'E', n))
        return 0;
    int neg = n && s[0] == '-';
    int64_t whole = 0, frac = 0;
    int digits = 0, nonzero = 0, in_frac = 0;
    for (size_t i = neg; i < n; i++) {
        if (s[i] == '.') {
            in_frac = 1;
            continue;
        }
        int dgt = s[i] - '0';
        if (!in_frac) {
            if (whole > 999999999)
                return 0;
            whole = whole * 10 + dgt;
        } else {
            digits++;
            nonzero |= dgt != 0;
            if (digits <= 4)
                frac = frac * 10 + dgt;
        }
    }
    /* 160.59639999999999: a program printed the double of 160.5964 with
     * all 17 digits; that is the binary representation, not a fifth
     * decimal the user meant */
    size_t sig = 0;
    int leading = 1;
    for (size_t i = neg; i < n; i++) {
        if (s[i] == '.' || (leading && s[i] == '0'))
            continue;
        leading = 0;
        sig++;
    }
    if (digits > 4 && sig >= 15)
        return 0;
    for (int k = digits; k < 4; k++)
        frac *= 10;
    *scaled = (whole * XXGK_SCALE + frac) * (neg ? -1 : 1);
    *frac_digits = digits;
    *frac_nonzero = nonzero;
    return 1;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "对象";
    case JSON_ARRAY: return "数组";
    case JSON_STRING: return "字符串";
    case JSON_INTEGER: return "整数";
    case JSON_REAL: return "小数";
    case JSON_TRUE:
    case JSON_FALSE: return "布尔值";
    default: return "null";
    }
}

static char *child_path(reader *R, const char *path, const char *key)
{
    strbuf b = {0};
    sb_add(&b, path);
    sb_add_pointer_token(&b, key, strlen(key));
    char *p = arena_strdup(&R->r->mem, b.s);
    sb_free(&b);
    return p;
}

static void wrong_type(reader *R, const char *path, const char *place, const char *want,
                       const json_t *v)
{
    diag_add(R->d, R->r, XXGK_ERROR, "S03", place, path, want, type_name(v), "类型不对");
}

/* Unknown key: name the nearest valid one. */
static void unknown_key(reader *R, const char *path, const char *key, const char *const *valid,
                        size_t n_valid, const char *place)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n_valid; i++) {
        size_t dist = utf8_distance(key, valid[i]);
        if (dist < best_d) {
            best_d = dist;
            best = valid[i];
        }
    }
    size_t len = utf8_length(key);
    char *p = child_path(R, path, key);
    strbuf shown = {0}; /* a key with a newline must not break the one-line message */
    for (const char *k = key; *k; k++)
        if ((unsigned char)*k < 0x20)
            sb_printf(&shown, "\\u%04x", (unsigned char)*k);
        else
            sb_addc(&shown, *k);
    key = arena_strdup(&R->r->mem, shown.s ? shown.s : "");
    sb_free(&shown);
    if (best && best_d <= (len > 6 ? len / 2 : 3))
        diag_add(R->d, R->r, XXGK_ERROR, "S01", place, p, NULL, NULL,
                 "未知的键 \"%s\"，是否应为 \"%s\"？", key, best);
    else {
        strbuf all = {0};
        for (size_t i = 0; i < n_valid; i++) {
            if (i)
                sb_add(&all, ", ");
            sb_add(&all, valid[i]);
        }
        diag_add(R->d, R->r, XXGK_ERROR, "S01", place, p, NULL, NULL,
                 "未知的键 \"%s\"（此处可用：%s）", key, all.s ? all.s : "无");
        sb_free(&all);
    }
}

static void check_keys(reader *R, json_t *obj, const char *path, const char *const *valid,
                       size_t n_valid, const char *place)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t i;
        for (i = 0; i < n_valid; i++)
            if (!strcmp(key, valid[i]))
                break;
        if (i == n_valid && strcmp(key, "$schema"))
            unknown_key(R, path, key, valid, n_valid, place);
    }
}

static char *trimmed(reader *R, const char *s)
{
    /* ASCII and ideographic (U+3000) spaces at either end */
    size_t len = strlen(s);
    while (len && (isspace((unsigned char)*s) || !strncmp(s, "\xe3\x80\x80", 3))) {
        size_t k = isspace((unsigned char)*s) ? 1 : 3;
        s += k;
        len -= k;
    }
    while (len && (isspace((unsigned char)s[len - 1]) ||
                   (len >= 3 && !strncmp(s + len - 3, "\xe3\x80\x80", 3))))
        len -= isspace((unsigned char)s[len - 1]) ? 1 : 3;
    return arena_strndup(&R->r->mem, s, len);
}

/* A required or optional non-empty string. */
static const char *read_string(reader *R, json_t *root, const char *key, const char *place,
                               int required)
{
    json_t *v = json_object_get(root, key);
    char *path = child_path(R, "", key);
    if (!v) {
        if (required)
            diag_add(R->d, R->r, XXGK_ERROR, "S02", place, path, NULL, NULL, "缺少必填项 \"%s\"",
                     key);
        return NULL;
    }
    if (!json_is_string(v)) {
        wrong_type(R, path, place, "字符串", v);
        return NULL;
    }
    const char *s = trimmed(R, json_string_value(v));
    if (!*s) {
        diag_add(R->d, R->r, XXGK_ERROR, "S05", place, path, NULL, NULL, "不能为空");
        return NULL;
    }
    return s;
}

static int heading_level(const char *h)
{
    /* "一是……" "二是……": a run-in lead phrase, set like a level-3 heading */
    static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (int i = 0; i < 10; i++)
        if (!strncmp(h, nums[i], 3) && !strncmp(h + 3, "是", 3))
            return 3;
    if (!strncmp(h, "（", 3)) {
        uint32_t cp;
        size_t n = utf8_decode(h + 3, strlen(h + 3), &cp);
        if (n && cp >= '0' && cp <= '9')
            return 4;
        return 2;
    }
    if (isdigit((unsigned char)h[0])) {
        const char *p = h;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.' || !strncmp(p, "．", 3) || !strncmp(p, "、", 3))
            return 3;
    }
    return 0;
}

static void read_text(reader *R, json_t *v, const char *path, const char *place, prose *out)
{
    out->present = 1;
    if (!json_is_array(v)) {
        wrong_type(R, path, place, "段落数组", v);
        return;
    }
    size_t n = json_array_size(v);
    out->items = arena_alloc(&R->r->mem, (n ? n : 1) * sizeof *out->items);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(v, i);
        para *p = &out->items[out->n];
        p->path = arena_printf(&R->r->mem, "%s/%zu", path, i);
        if (json_is_string(it)) {
            p->text = trimmed(R, json_string_value(it));
            if (!*p->text) {
                diag_add(R->d, R->r, XXGK_ERROR, "S05", place, p->path, NULL, NULL, "空段落");
                continue;
            }
        } else if (json_is_object(it)) {
            static const char *const keys[] = {"heading", "text"};
            check_keys(R, it, p->path, keys, 2, place);
            json_t *h = json_object_get(it, "heading"), *t = json_object_get(it, "text");
            if (!h) {
                diag_add(R->d, R->r, XXGK_ERROR, "S02", place, p->path, NULL, NULL,
                         "段落对象缺少 \"heading\"（纯文本段落请直接写字符串）");
                continue;
            }
            if (!json_is_string(h) || (t && !json_is_string(t))) {
                wrong_type(R, p->path, place, "字符串", json_is_string(h) ? t : h);
                continue;
            }
            p->heading = trimmed(R, json_string_value(h));
            p->text = t ? trimmed(R, json_string_value(t)) : NULL;
            if (p->text && !*p->text)
                p->text = NULL;
            if (!*p->heading) {
                diag_add(R->d, R->r, XXGK_ERROR, "S05", place, p->path, NULL, NULL, "空标题");
                continue;
            }
            p->level = heading_level(p->heading);
            if (!p->level) {
                diag_add(R->d, R->r, XXGK_WARNING, "S07", place, p->path, "（一）、1. 或（1）",
                         p->heading, "小标题未按“（一）”“1.”“（1）”编号，按第二层标题排版");
                p->level = 2;
            }
        } else {
            wrong_type(R, p->path, place, "字符串或 {\"heading\": …}", it);
            continue;
        }
        out->n++;
    }
}

/* ---- cells ---------------------------------------------------------- */

static int is_total_cell(const hnode *row, const hnode *col)
{
    return row->n_parts || col->n_parts;
}

/* What published tables print where a number should be (C06): nothing,
 * a slash, a dash, 空, 无 (spaces around allowed). */
static int is_blank_marker(const char *s)
{
    static const char *const marks[] = {"", "/", "／", "-", "－", "—", "——", "空", "无", NULL};
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    for (const char *const *m = marks; *m; m++)
        if (strlen(*m) == n && !strncmp(s, *m, n))
            return 1;
    return 0;
}

static void read_cell(reader *R, const tblock *b, const hnode *row, const hnode *col, json_t *v,
                      const char *path)
{
    cell *c = report_cell(R->r, b, row->leaf, col->leaf);
    char *place = report_cell_place(&R->r->mem, b, row, col);
    if (json_is_null(v)) {
        c->state = CELL_BLANK;
        diag_add(R->d, R->r, XXGK_ERROR, "C06", place, path, "0", "null",
                 "单元格为空：没有数字的单元格应填 0");
        return;
    }
    if (!json_is_number(v)) {
        c->state = CELL_INVALID;
        if (json_is_string(v) && is_blank_marker(json_string_value(v))) {
            c->state = CELL_BLANK;
            const char *got = json_string_value(v);
            if (*got)
                diag_add(R->d, R->r, XXGK_ERROR, "C06", place, path, "0", got,
                         "单元格写成了“%s”：没有数字的单元格应填 0", got);
            else
                diag_add(R->d, R->r, XXGK_ERROR, "C06", place, path, "0", "\"\"",
                         "单元格为空：没有数字的单元格应填 0");
        } else if (json_is_string(v))
            diag_add(R->d, R->r, XXGK_ERROR, "S03", place, path, "数字", json_string_value(v),
                     "单元格应为数字，不是字符串（去掉引号、单位和千位分隔符）");
        else
            wrong_type(R, path, place, "数字", v);
        return;
    }
    int64_t scaled;
    char actual[64];
    int digits = 0, frac_nonzero = 0;
    if (!literal_value(R, path, &scaled, &digits, &frac_nonzero, actual, sizeof actual)) {
        /* exponent form (1e3) or no position: the double, strictly */
        double dv = json_number_value(v);
        snprintf(actual, sizeof actual, "%.10g", dv);
        double sv = dv * XXGK_SCALE, rounded = nearbyint(sv);
        if (!(fabs(dv) <= 1e9)) {
            scaled = 0;
            digits = 99; /* reported as too large below */
        } else {
            scaled = (int64_t)rounded;
            frac_nonzero = fabs(dv - nearbyint(dv)) > 0;
            digits = fabs(sv - rounded) > 1e-9 * (fabs(sv) > 1 ? fabs(sv) : 1) ? 5 : frac_nonzero ? 4 : 0;
        }
    }
    if (digits == 99 || scaled > XXGK_MAX_VALUE || scaled < -XXGK_MAX_VALUE) {
        c->state = CELL_INVALID;
        diag_add(R->d, R->r, XXGK_ERROR, "C05", place, path, "不超过九位数", actual, "数值过大");
        return;
    }
    if (col->type != VT_AMOUNT && frac_nonzero) {
        c->state = CELL_INVALID;
        diag_add(R->d, R->r, XXGK_ERROR, "C05", place, path, "整数", actual,
                 col->type == VT_DELTA ? "增减数应为整数" : "件数应为整数");
        return;
    }
    if (col->type == VT_AMOUNT && digits > 4) {
        c->state = CELL_INVALID;
        diag_add(R->d, R->r, XXGK_ERROR, "C05", place, path, "至多四位小数", actual,
                 "金额至多保留四位小数");
        return;
    }
    if (scaled < 0 && col->type != VT_DELTA) {
        c->state = CELL_INVALID;
        diag_add(R->d, R->r, XXGK_ERROR, "C05", place, path, "≥ 0", actual,
                 col->type == VT_AMOUNT ? "金额不能为负数" : "件数不能为负数");
        return;
    }
    c->v = scaled;
    c->state = CELL_GIVEN;
}

/* Keys valid in the JSON object of node n: its children's keys, looking
 * through key-less groups; a key-less leaf row holds the column keys
 * (cols) directly. */
static size_t valid_keys(const hnode *n, const hnode *cols, const char **out, size_t max)
{
    size_t k = 0;
    if (n->leaf >= 0 && cols)
        return valid_keys(cols, NULL, out, max);
    for (size_t i = 0; i < n->n_children && k < max; i++) {
        const hnode *c = n->children[i];
        if (c->key)
            out[k++] = c->key;
        else
            k += valid_keys(c, cols, out + k, max - k);
    }
    return k;
}

static void report_missing(reader *R, const tblock *b, const hnode *row, const hnode *col,
                           const char *path)
{
    /* A total may be omitted: it is computed. */
    if (row->leaf >= 0 && col->leaf >= 0 && is_total_cell(row, col))
        return;
    if (row->leaf >= 0 && col->leaf < 0) {
        /* a column group: missing only if it holds a non-total leaf */
        int needed = 0;
        for (int j = col->first_leaf; j < col->first_leaf + col->n_leaves; j++)
            needed |= !is_total_cell(row, b->col_leaves[j]);
        if (!needed)
            return;
    }
    if (row->leaf < 0 && row->n_parts == 0) {
        int needed = 0;
        for (int i = row->first_leaf; i < row->first_leaf + row->n_leaves; i++)
            needed |= !b->row_leaves[i]->n_parts;
        if (!needed)
            return;
    }
    char *place = report_cell_place(&R->r->mem, b, row->parent ? row : NULL,
                                    col && col->parent ? col : NULL);
    diag_add(R->d, R->r, XXGK_ERROR, "S02", place, path, NULL, NULL, "缺少单元格（没有的数字填 0）");
}

static void read_cols(reader *R, const tblock *b, const hnode *row, const hnode *group, json_t *obj,
                      const char *path, int entered)
{
    if (!json_is_object(obj)) {
        wrong_type(R, path, report_cell_place(&R->r->mem, b, row, group->parent ? group : NULL),
                   "对象", obj);
        return;
    }
    const char *keys[64];
    if (entered)
        check_keys(R, obj, path, keys, valid_keys(group, NULL, keys, 64),
                   report_cell_place(&R->r->mem, b, row, NULL));
    for (size_t i = 0; i < group->n_children; i++) {
        const hnode *c = group->children[i];
        if (!c->key) {
            read_cols(R, b, row, c, obj, path, 0);
            continue;
        }
        json_t *v = json_object_get(obj, c->key);
        char *p = child_path(R, path, c->key);
        if (!v)
            report_missing(R, b, row, c, p);
        else if (c->n_children)
            read_cols(R, b, row, c, v, p, 1);
        else
            read_cell(R, b, row, c, v, p);
    }
}

static void read_rows(reader *R, const tblock *b, const hnode *group, json_t *obj, const char *path,
                      int entered)
{
    if (!json_is_object(obj)) {
        wrong_type(R, path, report_cell_place(&R->r->mem, b, group->parent ? group : NULL, NULL),
                   "对象", obj);
        return;
    }
    const char *keys[64];
    if (entered)
        check_keys(R, obj, path, keys, valid_keys(group, b->cols, keys, 64),
                   report_cell_place(&R->r->mem, b, group->parent ? group : NULL, NULL));
    for (size_t i = 0; i < group->n_children; i++) {
        const hnode *c = group->children[i];
        json_t *v = c->key ? json_object_get(obj, c->key) : obj;
        char *p = c->key ? child_path(R, path, c->key) : (char *)path;
        if (!v)
            report_missing(R, b, c, b->cols, p);
        else if (c->n_children)
            read_rows(R, b, c, v, p, c->key != NULL);
        else
            read_cols(R, b, c, b->cols, v, p, c->key != NULL);
    }
}

static void read_tables(reader *R, json_t *tables)
{
    const xxgk_template *t = R->r->tpl;
    const char *tkeys[16];
    size_t ntk = 0;
    for (size_t i = 0; i < t->n_tables && ntk < 16; i++)
        tkeys[ntk++] = t->tables[i].key;
    if (!json_is_object(tables)) {
        wrong_type(R, "/tables", "表格", "对象", tables);
        return;
    }
    check_keys(R, tables, "/tables", tkeys, ntk, "表格");
    for (size_t i = 0; i < t->n_tables; i++) {
        const ttable *tt = &t->tables[i];
        json_t *jt = json_object_get(tables, tt->key);
        char *path = child_path(R, "/tables", tt->key);
        if (!jt) {
            diag_add(R->d, R->r, XXGK_ERROR, "S02", tt->section->heading, path, NULL, NULL,
                     "缺少表格 \"%s\"（可用 xxgk template 生成完整的空表）", tt->key);
            continue;
        }
        if (tt->n_blocks == 1) {
            read_rows(R, &tt->blocks[0], tt->blocks[0].rows, jt, path, 1);
            continue;
        }
        if (!json_is_object(jt)) {
            wrong_type(R, path, tt->section->heading, "对象", jt);
            continue;
        }
        const char *bkeys[16];
        size_t nb = 0;
        for (size_t k = 0; k < tt->n_blocks && nb < 16; k++)
            bkeys[nb++] = tt->blocks[k].key;
        check_keys(R, jt, path, bkeys, nb, tt->section->heading);
        for (size_t k = 0; k < tt->n_blocks; k++) {
            const tblock *b = &tt->blocks[k];
            json_t *jb = json_object_get(jt, b->key);
            char *bp = child_path(R, path, b->key);
            if (!jb)
                diag_add(R->d, R->r, XXGK_ERROR, "S02",
                         arena_printf(&R->r->mem, "%s %s", tt->section->heading, b->title), bp,
                         NULL, NULL, "缺少 %s 一栏", b->title);
            else
                read_rows(R, b, b->rows, jb, bp, 1);
        }
    }
}

/* ---- top level ------------------------------------------------------ */

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int xxgk_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static void read_date(reader *R, json_t *root)
{
    const char *s = read_string(R, root, "date", "成文日期", 1);
    if (!s)
        return;
    R->r->date_text = s;
    int y = 0, m = 0, d = 0, form = strlen(s) == 10;
    for (int i = 0; form && i < 10; i++)
        form = i == 4 || i == 7 ? s[i] == '-' : (s[i] >= '0' && s[i] <= '9');
    if (form && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        form = 0;
    if (!form) {
        diag_add(R->d, R->r, XXGK_ERROR, "D01", "成文日期", "/date", "YYYY-MM-DD，如 2024-01-20", s,
                 "日期格式不对");
        return;
    }
    if (m < 1 || m > 12 || d < 1 || d > xxgk_days_in_month(y, m)) {
        diag_add(R->d, R->r, XXGK_ERROR, "D01", "成文日期", "/date", NULL, s, "不是真实存在的日期");
        return;
    }
    R->r->date_y = y;
    R->r->date_m = m;
    R->r->date_d = d;
}

static json_t *json_pointer_get(json_t *root, const char *pointer)
{
    json_t *node = root;
    const char *p = pointer;
    while (node && *p == '/') {
        const char *next = strchr(p + 1, '/');
        size_t n = next ? (size_t)(next - p - 1) : strlen(p + 1);
        strbuf key = {0};
        for (size_t i = 1; i <= n; i++) {
            if (p[i] == '~' && i < n && (p[i + 1] == '0' || p[i + 1] == '1')) {
                sb_addc(&key, p[i + 1] == '0' ? '~' : '/');
                i++;
            } else
                sb_addc(&key, p[i]);
        }
        node = json_object_get(node, key.s ? key.s : "");
        sb_free(&key);
        p += n + 1;
    }
    return node;
}

/* Without an explicit "format", the tables say which format they are in:
 * a 2022 report filled in on the 2019 tables (item9, other_services, one
 * row （六）) is the error real reports make, and it should be named as
 * that, not as thirty unknown keys.  The year's format wins a tie. */
static const xxgk_template *format_by_shape(json_t *tables, int year)
{
    if (!json_is_object(tables))
        return NULL;
    json_t *root = json_object();
    json_object_set(root, "tables", tables);
    const xxgk_template *best = year ? xxgk_template_for_year(year) : NULL;
    long best_score = -1;
    arena a = {0};
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < template_count(); i++) {
            const xxgk_template *t = template_at(i);
            if ((pass == 0) != (t == best))
                continue;
            long score = 0;
            for (size_t k = 0; k < t->n_blocks; k++) {
                const tblock *b = t->blocks[k];
                for (int row = 0; row < b->n_rows; row++)
                    for (int col = 0; col < b->n_cols; col++)
                        score += json_pointer_get(root, report_cell_path(&a, b, b->row_leaves[row],
                                                                         b->col_leaves[col])) != NULL;
            }
            if (score > best_score) {
                best_score = score;
                best = t;
            }
        }
    arena_free(&a);
    json_decref(root);
    return best;
}

/* C12: cells of another format among the tables of this one (a 2019
 * 第二十条 table pasted into a 2021 report).  Named once, with the format
 * they belong to, before the unknown keys they also are. */
static void check_mixed_formats(reader *R, json_t *tables, const xxgk_template *tpl)
{
    if (!json_is_object(tables))
        return;
    json_t *root = json_object();
    json_object_set(root, "tables", tables);
    arena a = {0};
    size_t own_n = 0;
    for (size_t k = 0; k < tpl->n_blocks; k++)
        own_n += (size_t)(tpl->blocks[k]->n_rows * tpl->blocks[k]->n_cols);
    const char **own = xmalloc((own_n ? own_n : 1) * sizeof *own);
    size_t n = 0, present = 0;
    for (size_t k = 0; k < tpl->n_blocks; k++) {
        const tblock *b = tpl->blocks[k];
        for (int row = 0; row < b->n_rows; row++)
            for (int col = 0; col < b->n_cols; col++) {
                own[n] = report_cell_path(&a, b, b->row_leaves[row], b->col_leaves[col]);
                present += json_pointer_get(root, own[n]) != NULL;
                n++;
            }
    }
    for (size_t i = 0; i < template_count() && present; i++) {
        const xxgk_template *t = template_at(i);
        if (t == tpl)
            continue;
        size_t foreign = 0;
        const char *first = NULL;
        for (size_t k = 0; k < t->n_blocks; k++) {
            const tblock *b = t->blocks[k];
            for (int row = 0; row < b->n_rows; row++)
                for (int col = 0; col < b->n_cols; col++) {
                    const char *p = report_cell_path(&a, b, b->row_leaves[row], b->col_leaves[col]);
                    json_t *v = json_pointer_get(root, p);
                    if (!v || json_is_object(v) || json_is_array(v))
                        continue; /* a group of this format under the same name */
                    size_t j = 0;
                    while (j < n && strcmp(own[j], p) != 0)
                        j++;
                    if (j == n && !foreign++)
                        first = p;
                }
        }
        if (foreign)
            diag_add(R->d, R->r, XXGK_ERROR, "C12", "表格", "/tables",
                     arena_printf(&a, "全部按 %s 格式", tpl->format),
                     arena_printf(&a, "%zu 个单元格是 %s 格式的（如 %s）", foreign, t->format, first),
                     "表格混用了两种格式：本报告按 %s 格式（%s），其中有 %s 格式（%s）的栏目，"
                     "两种格式都无法满足；请全部按 %s 格式填写（xxgk template --format %s）",
                     tpl->format, tpl->basis, t->format, t->basis, tpl->format, tpl->format);
    }
    free(own);
    arena_free(&a);
    json_decref(root);
}

static void read_report(reader *R, json_t *root)
{
    xxgk_report *r = R->r;
    static const char *const top[] = {"format", "year",     "agency", "agency_kind",
                                      "date",   "title",    "preface", "sections",
                                      "tables", "notes",    "sources", "seal"};
    check_keys(R, root, "", top, sizeof top / sizeof *top, "报告");

    json_t *jy = json_object_get(root, "year");
    if (!jy)
        diag_add(R->d, r, XXGK_ERROR, "S02", "报告年度", "/year", NULL, NULL, "缺少必填项 \"year\"");
    else if (!json_is_integer(jy))
        wrong_type(R, "/year", "报告年度", "整数，如 2023", jy);
    else {
        json_int_t y = json_integer_value(jy);
        if (y < 2019 || y > 2100) {
            char a[32];
            snprintf(a, sizeof a, "%lld", (long long)y);
            diag_add(R->d, r, XXGK_ERROR, "S04", "报告年度", "/year", "2019 及以后", a,
                     y < 2019 ? "现行年度报告格式自 2019 年度起适用，更早的年度不在范围内"
                              : "年度不合理");
        } else
            r->year = (int)y;
    }

    json_t *jf = json_object_get(root, "format");
    const xxgk_template *tpl = NULL;
    if (jf) {
        if (!json_is_string(jf))
            wrong_type(R, "/format", "格式版本", "字符串 \"2019\" 或 \"2021\"", jf);
        else {
            r->format_given = arena_strdup(&r->mem, json_string_value(jf));
            tpl = xxgk_template_get(r->format_given);
            if (!tpl)
                diag_add(R->d, r, XXGK_ERROR, "S04", "格式版本", "/format", "\"2019\" 或 \"2021\"",
                         r->format_given, "未知的格式版本");
        }
    }
    if (!tpl && !jf)
        tpl = format_by_shape(json_object_get(root, "tables"), r->year);
    if (!tpl)
        tpl = xxgk_template_for_year(r->year ? r->year : 2021);
    r->tpl = tpl;
    r->sections = arena_alloc(&r->mem, tpl->n_sections * sizeof *r->sections);
    r->cells = arena_alloc(&r->mem, (tpl->n_blocks ? tpl->n_blocks : 1) * sizeof *r->cells);
    for (size_t i = 0; i < tpl->n_blocks; i++)
        r->cells[i] = arena_alloc(&r->mem, (size_t)(tpl->blocks[i]->n_rows * tpl->blocks[i]->n_cols) *
                                               sizeof(cell));

    r->agency = read_string(R, root, "agency", "发文机关署名", 1);
    json_t *jk = json_object_get(root, "agency_kind");
    if (jk) {
        const char *k = json_is_string(jk) ? json_string_value(jk) : NULL;
        if (k && !strcmp(k, "department"))
            r->kind = AGENCY_DEPARTMENT, r->kind_given = 1;
        else if (k && !strcmp(k, "government"))
            r->kind = AGENCY_GOVERNMENT, r->kind_given = 1;
        else
            diag_add(R->d, r, XXGK_ERROR, "S04", "机关类别", "/agency_kind",
                     "\"department\"（部门）或 \"government\"（人民政府）", k ? k : type_name(jk),
                     "未知的机关类别");
    }
    if (!r->kind_given && r->agency) {
        size_t n = strlen(r->agency), m = strlen("人民政府");
        r->kind = n >= m && !strcmp(r->agency + n - m, "人民政府") ? AGENCY_GOVERNMENT
                                                                   : AGENCY_DEPARTMENT;
    }
    read_date(R, root);
    r->title = read_string(R, root, "title", "标题", 0);
    r->notes = read_string(R, root, "notes", "附注", 0);
    r->seal = read_string(R, root, "seal", "印章", 0);
    r->title_default = arena_printf(&r->mem, "%s%d年政府信息公开工作年度报告",
                                    r->agency ? r->agency : "", r->year);

    /* sources: the departments a county total was made from (xxgk aggregate) */
    json_t *src = json_object_get(root, "sources");
    if (src && !json_is_array(src))
        wrong_type(R, "/sources", "汇总来源", "数组", src);

    json_t *jp = json_object_get(root, "preface");
    if (jp)
        read_text(R, jp, "/preface", "前言", &r->preface);

    json_t *js = json_object_get(root, "sections");
    const char *skeys[16];
    size_t nsk = 0;
    for (size_t i = 0; i < tpl->n_sections && nsk < 16; i++)
        skeys[nsk++] = tpl->sections[i].key;
    if (!js)
        diag_add(R->d, r, XXGK_ERROR, "S02", "正文", "/sections", NULL, NULL,
                 "缺少 \"sections\"（一、五、六部分的文字）");
    else if (!json_is_object(js))
        wrong_type(R, "/sections", "正文", "对象", js);
    else {
        check_keys(R, js, "/sections", skeys, nsk, "正文");
        for (size_t i = 0; i < tpl->n_sections; i++) {
            json_t *v = json_object_get(js, tpl->sections[i].key);
            if (v)
                read_text(R, v, child_path(R, "/sections", tpl->sections[i].key),
                          tpl->sections[i].heading, &r->sections[i]);
        }
    }

    json_t *jt = json_object_get(root, "tables");
    check_mixed_formats(R, jt, tpl);
    if (!jt)
        diag_add(R->d, r, XXGK_ERROR, "S02", "表格", "/tables", NULL, NULL,
                 "缺少 \"tables\"（二、三、四部分的表格；可用 xxgk template 生成）");
    else
        read_tables(R, jt);
    report_compute_totals(r);
}

static size_t first_invalid_utf8(const char *s, size_t len, int *line, int *col)
{
    size_t i = 0;
    *line = *col = 1;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            return i;
        if (cp == '\n')
            ++*line, *col = 1;
        else
            ++*col;
        i += n;
    }
    return len;
}

/* What jansson's message means, for the clerk who typed the file (its
 * own English text follows, with the token it stopped at). */
static const char *json_error_in_chinese(const char *text)
{
    static const struct {
        const char *english, *chinese;
    } known[] = {
        {"string or '}' expected", "此处应为带双引号的键或 }（最后一项后多了逗号？键没有加双引号？）"},
        {"'}' expected", "对象的两项之间应为逗号，或以 } 结束（少了逗号？少了 }？）"},
        {"':' expected", "键后面应为冒号"},
        {"']' expected", "数组的两项之间应为逗号，或以 ] 结束"},
        {"'[' or '{' expected", "报告应以 { 开始"},
        {"end of file expected", "JSON 已经结束，后面还有多余的内容（多了一个 }？）"},
        {"invalid token", "无法识别的内容（中文引号“”、全角标点、单引号或注释不能用作 JSON 符号）"},
        {"unexpected token", "此处不应出现这个符号（两项之间少了逗号，或多了逗号？）"},
        {"unexpected newline", "字符串没有结束就换行了（少了右引号？换行应写成 \\n）"},
        {"premature end of input", "文件不完整，提前结束了（少了 } 或 ]？）"},
        {"control character", "字符串中有控制字符（如制表符），应写成转义形式 \\t"},
        {"invalid escape", "无效的转义（字符串中的反斜杠应写成 \\\\）"},
        {"invalid Unicode", "无效的 Unicode 转义"},
        {"too big", "数字过大"},
        {"real number overflow", "数字过大"},
        {"maximum parsing depth reached", "嵌套层数过多"},
        {"duplicate object key", "同一对象中有重复的键"},
    };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strstr(text, known[i].english))
            return known[i].chinese;
    return "无法读取";
}

xxgk_report *xxgk_report_from_json(const char *text, size_t len, xxgk_diags *d)
{
    if (!templates_usable(d))
        return NULL;
    /* Windows editors save UTF-8 with a byte order mark; it carries nothing */
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
        text += 3;
        len -= 3;
    }
    if (len > MAX_INPUT_BYTES) {
        diag_add_at(d, XXGK_ERROR, "J01", 0, 0, "输入过大（%zu 字节，上限 %u 字节），不是一份年度报告",
                    len, MAX_INPUT_BYTES);
        return NULL;
    }
    int line, col;
    size_t bad = first_invalid_utf8(text, len, &line, &col);
    if (bad < len) {
        diag_add_at(d, XXGK_ERROR, "J01", line, col,
                    "不是有效的 UTF-8 文本（第 %zu 字节 0x%02X）：请以 UTF-8 编码保存", bad + 1,
                    (unsigned char)text[bad]);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        diag_add_at(d, XXGK_ERROR, "J01", err.line > 0 ? err.line : 0,
                    err.column > 0 ? err.column : 0, "JSON 语法错误：%s（%s）",
                    json_error_in_chinese(err.text), err.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        diag_add_at(d, XXGK_ERROR, "J01", 1, 1, "顶层应为 JSON 对象 {…}");
        json_decref(root);
        return NULL;
    }
    xxgk_report *r = xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->pos = build_index(text, len);
    reader R = {r, d, text, len};
    read_report(&R, root);
    json_decref(root);
    return r;
}

/* The largest seal image accepted, in pixels a side: a 42 mm seal at
 * 1200 dpi is 1984 pixels; a larger one only costs memory (a 20000-pixel
 * square decodes to 1.6 GB). */
#define MAX_SEAL_PIXELS 4000

/* The seal must be a PNG (with transparency, so the text shows through
 * the red) that can be read now, not when the PDF is half written: the
 * signature and the IHDR's size here; the renderer decodes it whole
 * before it writes anything. */
static void check_seal_file(xxgk_report *r, xxgk_diags *d)
{
    if (!r->seal)
        return;
    FILE *f = fopen(r->seal, "rb");
    unsigned char h[24] = {0};
    size_t n = f ? fread(h, 1, sizeof h, f) : 0;
    if (f)
        fclose(f);
    if (!f) {
        diag_add(d, r, XXGK_ERROR, "S09", "印章", "/seal", NULL, r->seal, "无法读取印章图片：%s",
                 strerror(errno));
        return;
    }
    if (n < sizeof h || memcmp(h, "\x89PNG\r\n\x1a\n", 8) || memcmp(h + 12, "IHDR", 4)) {
        diag_add(d, r, XXGK_ERROR, "S09", "印章", "/seal", "PNG 图片", r->seal, "印章应为 PNG 图片（透明背景）");
        return;
    }
    unsigned long w = (unsigned long)h[16] << 24 | (unsigned long)h[17] << 16 | h[18] << 8 | h[19];
    unsigned long ht = (unsigned long)h[20] << 24 | (unsigned long)h[21] << 16 | h[22] << 8 | h[23];
    if (w == 0 || ht == 0 || w > MAX_SEAL_PIXELS || ht > MAX_SEAL_PIXELS) {
        char expected[64], actual[64];
        snprintf(expected, sizeof expected, "1–%d 像素见方", MAX_SEAL_PIXELS);
        snprintf(actual, sizeof actual, "%lu × %lu 像素", w, ht);
        diag_add(d, r, XXGK_ERROR, "S09", "印章", "/seal", expected, actual,
                 "印章图片 %s 的尺寸不合用（42 毫米的印章 600 dpi 约 1000 像素）", r->seal);
    }
}

char *xxgk_read_file_limited(const char *path, size_t *len, xxgk_diags *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add_at(d, XXGK_ERROR, "J01", 0, 0, "无法打开文件：%s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (S_ISDIR(st.st_mode) || st.st_size > (off_t)MAX_INPUT_BYTES)) {
        if (S_ISDIR(st.st_mode))
            diag_add_at(d, XXGK_ERROR, "J01", 0, 0, "是一个文件夹，不是报告文件");
        else
            diag_add_at(d, XXGK_ERROR, "J01", 0, 0,
                        "输入过大（%lld 字节，上限 %u 字节），不是一份年度报告",
                        (long long)st.st_size, MAX_INPUT_BYTES);
        fclose(f);
        return NULL;
    }
    strbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len <= MAX_INPUT_BYTES)
        sb_addn(&b, buf, n);
    int failed = ferror(f);
    fclose(f);
    if (failed || b.len > MAX_INPUT_BYTES) { /* a pipe or a file that grew */
        if (failed)
            diag_add_at(d, XXGK_ERROR, "J01", 0, 0, "读取失败：%s", strerror(errno));
        else
            diag_add_at(d, XXGK_ERROR, "J01", 0, 0, "输入过大（上限 %u 字节），不是一份年度报告",
                        MAX_INPUT_BYTES);
        sb_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.s ? sb_take(&b) : xstrdup("");
}

xxgk_report *xxgk_report_load(const char *path, xxgk_diags *d)
{
    size_t len = 0;
    char *text = xxgk_read_file_limited(path, &len, d);
    if (!text)
        return NULL;
    xxgk_report *r = xxgk_report_from_json(text, len, d);
    free(text);
    if (r && r->seal && r->seal[0] != '/' && strchr(path, '/'))
        r->seal = arena_printf(&r->mem, "%.*s/%s", (int)(strrchr(path, '/') - path), path, r->seal);
    if (r)
        check_seal_file(r, d);
    return r;
}
