/* xlsx_grid.c — the sheets of a workbook as grids.  The zip is read from
 * memory (ooxml.c) and each part streamed with libxml2's XML reader (no
 * DTD, no external entity, no network, as for .docx):
 *   xl/workbook.xml              the sheets in their order, each by r:id;
 *   xl/_rels/workbook.xml.rels   r:id → the part of the sheet;
 *   xl/sharedStrings.xml         the strings cells refer to by index (rich
 *                                text runs joined; phonetic runs skipped);
 *   xl/worksheets/sheetN.xml      the cells (shared, inline and formula
 *                                strings, numbers as their literal, whether
 *                                a formula made them) and the merged ranges.
 * A grid is bounded (MAX_ROWS × MAX_COLS); what lies beyond is not read. */
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/diag.h"
#include "import/ooxml.h"
#include "import/xlsx.h"

/* a statutory table is some 40 rows by 20 columns: room for a clerk's notes,
 * not for a hostile grid (each sheet at most ~4 MB in memory) */
#define MAX_ROWS 2000
#define MAX_COLS 100
#define MAX_SHEETS 16
#define MAX_MERGES 20000
#define MAX_STRINGS 200000

static const char REL_NS[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char REL_NS_STRICT[] = "http://purl.oclc.org/ooxml/officeDocument/relationships";

static xmlTextReaderPtr xml_open(const char *xml, size_t len, const char *name)
{
    return xmlReaderForMemory(xml, (int)len, name, "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOCDATA);
}

static int is(xmlTextReaderPtr r, const char *local)
{
    return !strcmp((const char *)xmlTextReaderConstLocalName(r), local);
}

static char *attr(xmlTextReaderPtr r, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    char *s = v ? xstrdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

static char *rel_id(xmlTextReaderPtr r)
{
    const char *ns[] = {REL_NS, REL_NS_STRICT};
    for (int i = 0; i < 2; i++) {
        xmlChar *v = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"id", (const xmlChar *)ns[i]);
        if (v) {
            char *s = xstrdup((const char *)v);
            xmlFree(v);
            return s;
        }
    }
    return NULL;
}

/* "AB12" → row 11, column 27 (0-based); -1 when it is not a reference. */
static int parse_ref(const char *s, int *row, int *col)
{
    int c = 0, r = 0, nl = 0, nd = 0;
    for (; *s >= 'A' && *s <= 'Z' && nl < 4; s++, nl++)
        c = c * 26 + (*s - 'A' + 1);
    for (; *s >= '0' && *s <= '9' && nd < 8; s++, nd++)
        r = r * 10 + (*s - '0');
    if (*s || !nl || !nd || !r)
        return -1;
    *row = r - 1;
    *col = c - 1;
    return 0;
}

/* ---- the workbook: sheet names and parts ------------------------------------ */

typedef struct {
    char **names, **ids;
    size_t n;
} sheet_list;

static void read_workbook(const char *xml, size_t len, sheet_list *L)
{
    xmlTextReaderPtr r = xml_open(xml, len, "workbook.xml");
    if (!r)
        return;
    while (xmlTextReaderRead(r) == 1 && L->n < MAX_SHEETS)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "sheet")) {
            char *id = rel_id(r);
            if (!id)
                continue;
            L->names = xrealloc(L->names, (L->n + 1) * sizeof *L->names);
            L->ids = xrealloc(L->ids, (L->n + 1) * sizeof *L->ids);
            char *name = attr(r, "name");
            L->names[L->n] = name ? name : xstrdup("");
            L->ids[L->n++] = id;
        }
    xmlFreeTextReader(r);
}

/* The part of relationship id in the workbook's rels, or NULL. */
static char *sheet_part(const char *rels, size_t len, const char *id)
{
    xmlTextReaderPtr r = xml_open(rels, len, "workbook.xml.rels");
    char *part = NULL;
    while (r && !part && xmlTextReaderRead(r) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is(r, "Relationship")) {
            char *rid = attr(r, "Id"), *target = attr(r, "Target");
            if (rid && target && !strcmp(rid, id)) {
                if (target[0] == '/')
                    part = xstrdup(target + 1);
                else {
                    strbuf b = {0};
                    sb_printf(&b, "xl/%s", target);
                    part = sb_take(&b);
                }
            }
            free(rid);
            free(target);
        }
    if (r)
        xmlFreeTextReader(r);
    return part;
}

/* ---- shared strings ---------------------------------------------------------- */

typedef struct {
    char **v;
    size_t n;
} strings;

static void read_strings(const char *xml, size_t len, strings *S)
{
    xmlTextReaderPtr r = xml_open(xml, len, "sharedStrings.xml");
    if (!r)
        return;
    strbuf cur = {0};
    int in_si = 0, in_t = 0, in_rph = 0;
    while (xmlTextReaderRead(r) == 1) {
        int type = xmlTextReaderNodeType(r), empty = xmlTextReaderIsEmptyElement(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            if (is(r, "si")) {
                in_si = 1;
                cur.len = 0;
                if (cur.s)
                    cur.s[0] = 0;
            } else if (is(r, "rPh"))
                in_rph = !empty;
            else if (is(r, "t"))
                in_t = !empty;
            if (is(r, "si") && empty)
                goto close_si;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is(r, "t"))
                in_t = 0;
            else if (is(r, "rPh"))
                in_rph = 0;
            else if (is(r, "si"))
                goto close_si;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
                   in_si && in_t && !in_rph) {
            sb_add(&cur, (const char *)xmlTextReaderConstValue(r));
        }
        continue;
    close_si:
        in_si = 0;
        if (S->n < MAX_STRINGS) {
            S->v = xrealloc(S->v, (S->n + 1) * sizeof *S->v);
            S->v[S->n++] = xstrdup(cur.s ? cur.s : "");
        }
    }
    sb_free(&cur);
    xmlFreeTextReader(r);
}

/* ---- a sheet ----------------------------------------------------------------- */

typedef struct {
    int row, col;
    xcell c;
} raw_cell;

typedef struct {
    raw_cell *v;
    size_t n, cap;
    xrange *m;
    size_t nm;
    int rows, cols;
} raw_sheet;

typedef struct {
    const strings *S;
    raw_sheet *R;
    int row, col; /* of the cell being read */
    char *type;
    strbuf val;
    int in_v, in_t, in_is, in_rph, formula, has_val;
} sheet_reader;

static void cell_end(sheet_reader *C)
{
    if (C->row < 0 || C->row >= MAX_ROWS || C->col < 0 || C->col >= MAX_COLS)
        return;
    xcell x = {0};
    x.formula = (unsigned char)C->formula;
    const char *t = C->type ? C->type : "n";
    const char *v = C->val.s ? C->val.s : "";
    if (!C->has_val && !x.formula)
        return;
    if (!strcmp(t, "s")) {
        char *end = NULL;
        long k = strtol(v, &end, 10);
        if (end == v || *end || k < 0 || (size_t)k >= C->S->n)
            return;
        x.kind = XC_STRING;
        x.text = xstrdup(C->S->v[k]);
    } else if (!strcmp(t, "inlineStr") || !strcmp(t, "str") || !strcmp(t, "e")) {
        x.kind = XC_STRING;
        x.text = xstrdup(v);
    } else if (!strcmp(t, "b")) {
        x.kind = XC_STRING;
        x.text = xstrdup(!strcmp(v, "1") ? "TRUE" : "FALSE");
    } else if (C->has_val && *v) {
        x.kind = XC_NUMBER;
        x.text = xstrdup(v);
    }
    raw_sheet *R = C->R;
    if (R->n == R->cap) {
        R->cap = R->cap ? 2 * R->cap : 256;
        R->v = xrealloc(R->v, R->cap * sizeof *R->v);
    }
    R->v[R->n++] = (raw_cell){C->row, C->col, x};
    if (C->row + 1 > R->rows)
        R->rows = C->row + 1;
    if (C->col + 1 > R->cols)
        R->cols = C->col + 1;
}

static void sheet_element(sheet_reader *C, xmlTextReaderPtr r, int empty)
{
    if (is(r, "row")) {
        char *rr = attr(r, "r");
        C->row = rr ? atoi(rr) - 1 : C->row + 1;
        C->col = -1;
        free(rr);
    } else if (is(r, "c")) {
        char *ref = attr(r, "r");
        int row, col;
        if (ref && parse_ref(ref, &row, &col) == 0) {
            C->row = row;
            C->col = col;
        } else
            C->col++;
        free(ref);
        free(C->type);
        C->type = attr(r, "t");
        C->val.len = 0;
        if (C->val.s)
            C->val.s[0] = 0;
        C->formula = C->has_val = 0;
        if (empty)
            cell_end(C);
    } else if (is(r, "f"))
        C->formula = 1;
    else if (is(r, "v"))
        C->in_v = !empty, C->has_val = 1;
    else if (is(r, "is"))
        C->in_is = !empty, C->has_val = 1;
    else if (is(r, "rPh"))
        C->in_rph = !empty;
    else if (is(r, "t") && C->in_is)
        C->in_t = !empty;
    else if (is(r, "mergeCell")) {
        char *ref = attr(r, "ref");
        char *colon = ref ? strchr(ref, ':') : NULL;
        xrange m;
        if (colon) {
            *colon = 0;
            if (parse_ref(ref, &m.r0, &m.c0) == 0 && parse_ref(colon + 1, &m.r1, &m.c1) == 0 &&
                m.r0 <= m.r1 && m.c0 <= m.c1 && C->R->nm < MAX_MERGES) {
                C->R->m = xrealloc(C->R->m, (C->R->nm + 1) * sizeof *C->R->m);
                C->R->m[C->R->nm++] = m;
            }
        }
        free(ref);
    }
}

static void read_sheet(const char *xml, size_t len, const strings *S, raw_sheet *R)
{
    xmlTextReaderPtr r = xml_open(xml, len, "sheet.xml");
    if (!r)
        return;
    sheet_reader C = {.S = S, .R = R, .row = -1, .col = -1};
    while (xmlTextReaderRead(r) == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT)
            sheet_element(&C, r, xmlTextReaderIsEmptyElement(r));
        else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is(r, "c"))
                cell_end(&C);
            else if (is(r, "v"))
                C.in_v = 0;
            else if (is(r, "is"))
                C.in_is = 0;
            else if (is(r, "t"))
                C.in_t = 0;
            else if (is(r, "rPh"))
                C.in_rph = 0;
        } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
                   (C.in_v || (C.in_is && C.in_t && !C.in_rph)))
            sb_add(&C.val, (const char *)xmlTextReaderConstValue(r));
    }
    free(C.type);
    sb_free(&C.val);
    xmlFreeTextReader(r);
}

static void make_grid(raw_sheet *R, xsheet *s)
{
    s->rows = R->rows;
    s->cols = R->cols;
    for (size_t i = 0; i < R->nm; i++) {
        if (R->m[i].r1 >= MAX_ROWS)
            R->m[i].r1 = MAX_ROWS - 1;
        if (R->m[i].c1 >= MAX_COLS)
            R->m[i].c1 = MAX_COLS - 1;
        if (R->m[i].r1 + 1 > s->rows)
            s->rows = R->m[i].r1 + 1;
        if (R->m[i].c1 + 1 > s->cols)
            s->cols = R->m[i].c1 + 1;
    }
    size_t n = (size_t)s->rows * (size_t)s->cols;
    s->cells = n ? calloc(n, sizeof *s->cells) : NULL;
    s->owner = n ? xmalloc(n * sizeof *s->owner) : NULL;
    if (n && !s->cells)
        abort();
    for (size_t i = 0; i < n; i++)
        s->owner[i] = (int)i;
    for (size_t i = 0; i < R->n; i++) {
        xcell *dst = &s->cells[(size_t)R->v[i].row * s->cols + R->v[i].col];
        free(dst->text);
        *dst = R->v[i].c;
    }
    for (size_t i = 0; i < R->nm; i++) {
        const xrange *m = &R->m[i];
        if (m->r0 >= MAX_ROWS || m->c0 >= MAX_COLS)
            continue;
        for (int r = m->r0; r <= m->r1; r++)
            for (int c = m->c0; c <= m->c1; c++)
                s->owner[r * s->cols + c] = m->r0 * s->cols + m->c0;
    }
    free(R->v);
    free(R->m);
}

int xbook_read(const char *data, size_t len, xbook *b, xxgk_diags *d)
{
    memset(b, 0, sizeof *b);
    zip_t *z = ooxml_open(data, len, ".xlsx", d);
    if (!z)
        return -1;
    size_t wl = 0, rl = 0, sl = 0;
    char *wb = ooxml_part(z, ".xlsx", "xl/workbook.xml", &wl, d);
    char *rels = wb ? ooxml_part(z, ".xlsx", "xl/_rels/workbook.xml.rels", &rl, d) : NULL;
    if (!wb || !rels) {
        if (!xxgk_diags_errors(d))
            diag_add(d, XXGK_ERROR, "J01", NULL, "这不是 Excel 工作簿（.xlsx 中没有 xl/workbook.xml）");
        free(wb);
        free(rels);
        zip_discard(z);
        return -1;
    }
    sheet_list L = {0};
    read_workbook(wb, wl, &L);
    strings S = {0};
    char *ss = ooxml_part(z, ".xlsx", "xl/sharedStrings.xml", &sl, d);
    if (ss)
        read_strings(ss, sl, &S);
    free(ss);
    b->sheets = L.n ? xmalloc(L.n * sizeof *b->sheets) : NULL;
    for (size_t i = 0; i < L.n; i++) {
        char *part = sheet_part(rels, rl, L.ids[i]);
        size_t pl = 0;
        char *xml = part ? ooxml_part(z, ".xlsx", part, &pl, d) : NULL;
        raw_sheet R = {0};
        if (xml)
            read_sheet(xml, pl, &S, &R);
        xsheet *s = &b->sheets[b->n++];
        memset(s, 0, sizeof *s);
        s->name = L.names[i];
        make_grid(&R, s);
        free(xml);
        free(part);
        free(L.ids[i]);
    }
    for (size_t i = 0; i < S.n; i++)
        free(S.v[i]);
    free(S.v);
    free(L.names);
    free(L.ids);
    free(wb);
    free(rels);
    zip_discard(z);
    return 0;
}

void xbook_free(xbook *b)
{
    for (size_t i = 0; i < b->n; i++) {
        xsheet *s = &b->sheets[i];
        for (size_t k = 0; k < (size_t)s->rows * (size_t)s->cols; k++)
            free(s->cells[k].text);
        free(s->cells);
        free(s->owner);
        free(s->name);
    }
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

const xcell *xsheet_at(const xsheet *s, int r, int c)
{
    if (r < 0 || c < 0 || r >= s->rows || c >= s->cols)
        return NULL;
    return &s->cells[r * s->cols + c];
}

const char *xsheet_label(const xsheet *s, int r, int c)
{
    if (r < 0 || c < 0 || r >= s->rows || c >= s->cols)
        return NULL;
    const xcell *x = &s->cells[s->owner[r * s->cols + c]];
    return x->kind == XC_STRING ? x->text : NULL;
}

/* Spaces and line breaks (a clerk's, or a wrapped label's) do not count. */
static const char *skip_space(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 */
            s += 3;
        else
            return s;
    }
}

int xlsx_label_is(const char *cell, const char *label)
{
    if (!cell || !label)
        return 0;
    for (;;) {
        cell = skip_space(cell);
        label = skip_space(label);
        if (!*cell || !*label)
            return !*cell && !*label;
        if (*cell++ != *label++)
            return 0;
    }
}
