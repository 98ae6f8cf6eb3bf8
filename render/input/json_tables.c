/* json_tables.c — the three tables of a JSON report read against the
 * template: every cell found by its keys, every value typed and ranged
 * (numbers as written, not as doubles), what is missing named, and the
 * format told from the tables' shape when the report does not say it. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"

/* A number exactly as written: "160.5964" → 1605964 (× XXGK_SCALE) with
 * 4 fraction digits.  Doubles cannot say whether 100.00001 had five
 * decimals, the text can.  Returns 0 when the literal has an exponent or
 * cannot be found (the caller then falls back on the double). */
static int literal_value(const reader *R, const char *path, int64_t *scaled, int *frac_digits,
                         int *frac_nonzero, char *shown, size_t shown_size)
{
    size_t offset;
    if (!srcmap_find(R->r->pos, path, NULL, NULL, &offset))
        return 0;
    const char *s = R->text + offset, *end = R->text + R->len;
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
        report_diag(R->d, R->r, XXGK_ERROR, "C06",
                    &(diag_where){.place = place, .path = path, .expected = "0", .actual = "null"},
                    "单元格为空：没有数字的单元格应填 0");
        return;
    }
    if (!json_is_number(v)) {
        c->state = CELL_INVALID;
        if (json_is_string(v) && is_blank_marker(json_string_value(v))) {
            c->state = CELL_BLANK;
            const char *got = json_string_value(v);
            if (*got)
                report_diag(
                    R->d, R->r, XXGK_ERROR, "C06",
                    &(diag_where){.place = place, .path = path, .expected = "0", .actual = got},
                    "单元格写成了“%s”：没有数字的单元格应填 0", got);
            else
                report_diag(
                    R->d, R->r, XXGK_ERROR, "C06",
                    &(diag_where){.place = place, .path = path, .expected = "0", .actual = "\"\""},
                    "单元格为空：没有数字的单元格应填 0");
        } else if (json_is_string(v))
            report_diag(R->d, R->r, XXGK_ERROR, "S03",
                        &(diag_where){.place = place,
                                      .path = path,
                                      .expected = "数字",
                                      .actual = json_string_value(v)},
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
            digits = fabs(sv - rounded) > 1e-9 * (fabs(sv) > 1 ? fabs(sv) : 1) ? 5
                     : frac_nonzero                                            ? 4
                                                                               : 0;
        }
    }
    if (digits == 99 || scaled > XXGK_MAX_VALUE || scaled < -XXGK_MAX_VALUE) {
        c->state = CELL_INVALID;
        report_diag(R->d, R->r, XXGK_ERROR, "C05",
                    &(diag_where){
                        .place = place, .path = path, .expected = "不超过九位数", .actual = actual},
                    "数值过大");
        return;
    }
    if (col->type != VT_AMOUNT && frac_nonzero) {
        c->state = CELL_INVALID;
        report_diag(
            R->d, R->r, XXGK_ERROR, "C05",
            &(diag_where){.place = place, .path = path, .expected = "整数", .actual = actual},
            col->type == VT_DELTA ? "增减数应为整数" : "件数应为整数");
        return;
    }
    if (col->type == VT_AMOUNT && digits > 4) {
        c->state = CELL_INVALID;
        report_diag(R->d, R->r, XXGK_ERROR, "C05",
                    &(diag_where){
                        .place = place, .path = path, .expected = "至多四位小数", .actual = actual},
                    "金额至多保留四位小数");
        return;
    }
    if (scaled < 0 && col->type != VT_DELTA) {
        c->state = CELL_INVALID;
        report_diag(
            R->d, R->r, XXGK_ERROR, "C05",
            &(diag_where){.place = place, .path = path, .expected = "≥ 0", .actual = actual},
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
    char *place =
        report_cell_place(&R->r->mem, b, row->parent ? row : NULL, col && col->parent ? col : NULL);
    report_diag(R->d, R->r, XXGK_ERROR, "S02", &(diag_where){.place = place, .path = path},
                "缺少单元格（没有的数字填 0）");
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

void json_read_tables(reader *R, json_t *tables)
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
            report_diag(R->d, R->r, XXGK_ERROR, "S02",
                        &(diag_where){.place = tt->section->heading, .path = path},
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
                report_diag(R->d, R->r, XXGK_ERROR, "S02",
                            &(diag_where){.place = arena_printf(&R->r->mem, "%s %s",
                                                                tt->section->heading, b->title),
                                          .path = bp},
                            "缺少 %s 一栏", b->title);
            else
                read_rows(R, b, b->rows, jb, bp, 1);
        }
    }
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
const xxgk_template *json_format_by_shape(json_t *tables, int year)
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
                        score +=
                            json_pointer_get(root, report_cell_path(&a, b, b->row_leaves[row],
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
void json_check_mixed_formats(reader *R, json_t *tables, const xxgk_template *tpl)
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
            report_diag(
                R->d, R->r, XXGK_ERROR, "C12",
                &(diag_where){.place = "表格",
                              .path = "/tables",
                              .expected = arena_printf(&a, "全部按 %s 格式", tpl->format),
                              .actual = arena_printf(&a, "%zu 个单元格是 %s 格式的（如 %s）",
                                                     foreign, t->format, first)},
                "表格混用了两种格式：本报告按 %s 格式（%s），其中有 %s 格式（%s）的栏目，"
                "两种格式都无法满足；请全部按 %s 格式填写（xxgk template --format %s）",
                tpl->format, tpl->basis, t->format, t->basis, tpl->format, tpl->format);
    }
    free(own);
    arena_free(&a);
    json_decref(root);
}
