/* xlsx_text.c — a workbook (.xlsx, as xxgk export writes it and a clerk fills
 * it) into the canonical JSON: the fields (each the cell right of its label,
 * on whatever sheet and row it now is), the paragraphs (one row each below
 * the header 部分 | 层级 | 小标题 | 正文; a row without its part continues the
 * part above; the level column is for the clerk, the level comes from the
 * heading's number as in JSON) and the tables (xlsx_tables.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/xlsx.h"
#include "model/model.h"

/* The cell right of the first cell showing label, or NULL. */
static const xcell *field(const xbook *b, const char *label)
{
    for (size_t i = 0; i < b->n; i++) {
        const xsheet *s = &b->sheets[i];
        for (int r = 0; r < s->rows; r++)
            for (int c = 0; c + 1 < s->cols; c++) {
                const xcell *x = xsheet_at(s, r, c);
                if (x->kind == XC_STRING && xlsx_label_is(x->text, label))
                    return xsheet_at(s, r, c + 1);
            }
    }
    return NULL;
}

static const char *field_text(const xbook *b, const char *label)
{
    const xcell *x = field(b, label);
    if (!x || x->kind == XC_EMPTY || !x->text)
        return NULL;
    const char *t = x->text;
    while (*t == ' ')
        t++;
    return *t ? t : NULL;
}

/* A date as typed: 2023-01-28, 2023/1/28, 2023年1月28日, or the day number a
 * spreadsheet makes of it (days since 1899-12-30). */
static json_t *date_value(const xcell *x)
{
    int y = 0, m = 0, dd = 0;
    if (x->kind == XC_NUMBER) {
        long n = strtol(x->text, NULL, 10);
        if (n < 1 || n > 200000)
            return json_string(x->text);
        long z = n - 25569 + 719468; /* days since 1970-01-01, civil from days */
        long era = z / 146097, doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        dd = (int)(doy - (153 * mp + 2) / 5 + 1);
        m = (int)(mp < 10 ? mp + 3 : mp - 9);
        y = (int)(yoe + era * 400 + (m <= 2));
    } else {
        const char *p = x->text;
        char *e;
        y = (int)strtol(p, &e, 10);
        if (e != p && *e) {
            p = e + (strncmp(e, "年", 3) ? 1 : 3);
            m = (int)strtol(p, &e, 10);
            if (e != p && *e) {
                p = e + (strncmp(e, "月", 3) ? 1 : 3);
                dd = (int)strtol(p, &e, 10);
                if (e == p || (*e && strcmp(e, "日")))
                    y = 0;
            }
        }
    }
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > 31)
        return json_string(x->text);
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    return json_string(buf);
}

static void read_fields(const xbook *b, json_t *root)
{
    const char *f = field_text(b, XLSX_F_FORMAT);
    if (f)
        json_object_set_new(root, "format", json_string(f));
    const xcell *y = field(b, XLSX_F_YEAR);
    if (y && y->text) {
        char *e = NULL;
        long v = strtol(y->text, &e, 10);
        json_object_set_new(root, "year", e != y->text && !*e ? json_integer(v) : json_string(y->text));
    }
    const char *s = field_text(b, XLSX_F_AGENCY);
    if (s)
        json_object_set_new(root, "agency", json_string(s));
    s = field_text(b, XLSX_F_KIND);
    if (s)
        json_object_set_new(root, "agency_kind",
                            json_string(xlsx_label_is(s, XLSX_KIND_DEPARTMENT)   ? "department"
                                        : xlsx_label_is(s, XLSX_KIND_GOVERNMENT) ? "government"
                                                                                 : s));
    const xcell *dt = field(b, XLSX_F_DATE);
    if (dt && dt->text && dt->kind != XC_EMPTY)
        json_object_set_new(root, "date", date_value(dt));
    const char *const opt[][2] = {
        {XLSX_F_TITLE, "title"}, {XLSX_F_NOTES, "notes"}, {XLSX_F_SEAL, "seal"}};
    for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
        if ((s = field_text(b, opt[i][0])))
            json_object_set_new(root, opt[i][1], json_string(s));
}

static const xsheet *para_header(const xbook *b, int *hr, int *cs, int *ch, int *ct)
{
    for (size_t i = 0; i < b->n; i++) {
        const xsheet *s = &b->sheets[i];
        for (int r = 0; r < s->rows; r++) {
            *cs = *ch = *ct = -1;
            for (int c = 0; c < s->cols; c++) {
                const char *l = xsheet_label(s, r, c);
                if (xlsx_label_is(l, XLSX_P_SECTION))
                    *cs = c;
                else if (xlsx_label_is(l, XLSX_P_HEADING))
                    *ch = c;
                else if (xlsx_label_is(l, XLSX_P_TEXT))
                    *ct = c;
            }
            if (*cs >= 0 && *ch >= 0 && *ct >= 0) {
                *hr = r;
                return s;
            }
        }
    }
    return NULL;
}

static const char *text_at(const xsheet *s, int r, int c)
{
    const xcell *x = xsheet_at(s, r, c);
    return x && x->kind != XC_EMPTY && x->text && *x->text ? x->text : NULL;
}

/* The array of paragraphs the part names: the preface or a text section. */
static json_t *part_of(const xxgk_template *t, json_t *root, const char *name)
{
    if (xlsx_label_is(name, XLSX_PREFACE))
        return json_object_get(root, "preface");
    for (size_t i = 0; i < t->n_sections; i++) {
        const tsection *sec = &t->sections[i];
        if (!sec->table && (xlsx_label_is(name, sec->heading) || xlsx_label_is(name, sec->title) ||
                            xlsx_label_is(name, sec->number)))
            return json_object_get(json_object_get(root, "sections"), sec->key);
    }
    return NULL;
}

static void read_paragraphs(const xbook *b, const xxgk_template *t, json_t *root, xxgk_diags *d)
{
    json_object_set_new(root, "preface", json_array());
    json_t *secs = json_object();
    for (size_t i = 0; i < t->n_sections; i++)
        if (!t->sections[i].table)
            json_object_set_new(secs, t->sections[i].key, json_array());
    json_object_set_new(root, "sections", secs);
    int hr, cs, ch, ct;
    const xsheet *s = para_header(b, &hr, &cs, &ch, &ct);
    if (!s) {
        diag_add(d, XXGK_ERROR, "T04", NULL,
                 "工作簿中找不到正文表（表头为“部分 | 层级 | 小标题 | 正文”的工作表）");
        return;
    }
    json_t *part = NULL;
    for (int r = hr + 1; r < s->rows; r++) {
        const char *name = text_at(s, r, cs), *h = text_at(s, r, ch), *x = text_at(s, r, ct);
        if (name) {
            part = part_of(t, root, name);
            if (!part)
                diag_add(d, XXGK_ERROR, "T04", &(diag_where){.place = name, .line = r + 1},
                         "工作表“%s”第 %d 行：“%s”不是报告的部分（应为前言或一、五、六）", s->name,
                         r + 1, name);
        }
        if (!part || (!h && !x))
            continue;
        if (h) {
            json_t *o = json_object();
            json_object_set_new(o, "heading", json_string(h));
            if (x)
                json_object_set_new(o, "text", json_string(x));
            json_array_append_new(part, o);
        } else
            json_array_append_new(part, json_string(x));
    }
}

static const xxgk_template *template_of(json_t *root)
{
    const char *f = json_string_value(json_object_get(root, "format"));
    const xxgk_template *t = f ? xxgk_template_get(f) : NULL;
    json_t *y = json_object_get(root, "year");
    if (!t && json_is_integer(y))
        t = xxgk_template_for_year((int)json_integer_value(y));
    return t ? t : xxgk_template_at(0);
}

char *xlsx_import(const char *data, size_t len, xxgk_diags *d, int *complete)
{
    *complete = 0;
    xbook b;
    if (xbook_read(data, len, &b, d) != 0)
        return NULL;
    size_t errors = xxgk_diags_errors(d);
    json_t *root = json_object();
    read_fields(&b, root);
    const xxgk_template *t = template_of(root);
    char *out = NULL;
    if (t) {
        read_paragraphs(&b, t, root, d);
        json_t *tables = json_object();
        json_object_set_new(root, "tables", tables);
        xlsx_read_tables(&b, t, tables, d);
        out = json_text(json_incref(root), 15);
        *complete = xxgk_diags_errors(d) == errors;
    }
    json_decref(root);
    xbook_free(&b);
    return out;
}
