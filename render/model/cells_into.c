/* cells_into.c — the cells of `xxgk cells` (TSV, or CSV as a spreadsheet
 * saves it: UTF-8 with or without its BOM, or GB18030) put back into a report:
 * each line's section, row path and column path name one cell, as cells.c
 * writes them; its value replaces the report's.  A line naming no cell is an
 * error (T05, with its line number); a header line is skipped. */
#include <iconv.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "model/model.h"

/* The text as UTF-8 (malloc'd): as it is when valid, else read as GB18030. */
static char *as_utf8(const char *data, size_t len)
{
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        data += 3, len -= 3;
    if (utf8_valid(data, len))
        return xstrndup(data, len);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16, left = cap;
    char *out = xmalloc(cap + 1), *o = out, *in = (char *)data;
    size_t inleft = len;
    size_t k = iconv(cd, &in, &inleft, &o, &left);
    iconv_close(cd);
    if (k == (size_t)-1) {
        free(out);
        return NULL;
    }
    *o = 0;
    if (!strncmp(out, "\xef\xbb\xbf", 3))
        memmove(out, out + 3, strlen(out + 3) + 1);
    return out;
}

/* The fields of one line (TSV when it has a tab, else CSV with quotes). */
static int split(char *line, char **f, int max)
{
    int n = 0;
    char sep = strchr(line, '\t') ? '\t' : ',';
    char *p = line;
    while (n < max) {
        if (sep == ',' && *p == '"') {
            char *w = ++p;
            f[n++] = w;
            while (*p && !(*p == '"' && p[1] != '"'))
                *w++ = *p == '"' ? (p++, '"') : *p, p++;
            *w = 0;
            if (*p == '"')
                p++;
            p = strchr(p, sep);
        } else {
            f[n++] = p;
            p = strchr(p, sep);
            if (p)
                *p = 0;
        }
        if (!p)
            break;
        p++;
    }
    return n;
}

static json_t *value_of(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end != s && !*end && isfinite(v))
        return v == floor(v) && fabs(v) < 1e15 ? json_integer((json_int_t)v) : json_real(v);
    return json_string(s);
}

static void set_pointer(json_t *root, const char *path, json_t *v)
{
    json_t *o = root;
    for (const char *p = path; *p == '/';) {
        const char *next = strchr(p + 1, '/');
        size_t n = next ? (size_t)(next - p - 1) : strlen(p + 1);
        char *key = xstrndup(p + 1, n);
        if (!next) {
            json_object_set_new(o, key, v);
            free(key);
            return;
        }
        json_t *c = json_object_get(o, key);
        if (!json_is_object(c)) {
            c = json_object();
            json_object_set_new(o, key, c);
        }
        free(key);
        o = c;
        p = next;
    }
    json_decref(v);
}

/* The cell a line names: its JSON pointer, or NULL. */
static const char *cell_named(const xxgk_report *r, arena *a, char **f)
{
    for (size_t k = 0; k < r->tpl->n_blocks; k++) {
        const tblock *b = r->tpl->blocks[k];
        if (strcmp(f[0], b->table->section->number))
            continue;
        for (int i = 0; i < b->n_rows; i++) {
            const char *rp = node_label_path(a, b->row_leaves[i], "/");
            const char *full = arena_printf(a, "%s%s%s", b->title ? b->title : "",
                                            b->title && *rp ? "/" : "", rp);
            if (strcmp(full, f[1]))
                continue;
            for (int j = 0; j < b->n_cols; j++)
                if (!strcmp(node_label_path(a, b->col_leaves[j], "/"), f[2]))
                    return report_cell_path(a, b, b->row_leaves[i], b->col_leaves[j]);
        }
    }
    return NULL;
}

char *xxgk_cells_into_json(const xxgk_report *r, const char *data, size_t len, xxgk_diags *d)
{
    char *text = as_utf8(data, len);
    json_t *root = r->source ? json_loadb(r->source, r->source_len, 0, NULL) : NULL;
    if (!text || !json_is_object(root)) {
        diag_add(d, XXGK_ERROR, "J01", NULL,
                 text ? "报告没有可替换表格的源数据" : "单元格文件既不是 UTF-8 也不是 GB18030 文本");
        free(text);
        json_decref(root);
        return NULL;
    }
    arena a = {0};
    int line_no = 0;
    for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        line_no++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[n - 1] = 0;
        char *f[5] = {0};
        int k = *p ? split(p, f, 5) : 0;
        if (!k || (line_no == 1 && !strcmp(f[0], "部分")))
            continue;
        const char *path = k >= 3 ? cell_named(r, &a, f) : NULL;
        if (!path) {
            diag_add(d, XXGK_ERROR, "T05", &(diag_where){.line = line_no},
                     "第 %d 行不是报告表格中的单元格（应为 部分、行、列、数值 四栏，标签与 xxgk "
                     "cells 的输出一致）",
                     line_no);
            continue;
        }
        if (k >= 4 && *f[3])
            set_pointer(root, path, value_of(f[3]));
    }
    arena_free(&a);
    free(text);
    return json_text(root, 15);
}

char *xxgk_cells_into_file(const xxgk_report *r, const char *path, xxgk_diags *d)
{
    char *why = NULL;
    size_t len = 0;
    char *data = read_file_limited(path, &len, &why);
    if (!data) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "%s", why ? why : "无法读取");
        free(why);
        return NULL;
    }
    char *json = xxgk_cells_into_json(r, data, len, d);
    free(data);
    return json;
}
