/* html.c — a web page (the report as the agency's site serves it, or as a
 * browser saves it) into the import's document (document.h).
 *
 * Read with libxml2's HTML parser (htmlReadMemory: the tolerant parser of
 * a maintained library, which recovers from the broken markup real pages
 * have and decodes every entity, &nbsp; included), never with patterns.
 * Why libxml2 and not lexbor or gumbo: the Word reader needs libxml2's XML
 * reader anyway, it is in every Debian, and its HTML parser recovers
 * tag soup well enough for text; its tree is walked here:
 *   - script, style, head, forms, navigation (nav, footer, and elements
 *     whose class or id names a menu, a breadcrumb, a share bar) dropped;
 *   - block elements (p, div, h1–h6, li, …) end a paragraph, <br> ends a
 *     line; runs of white space are one space;
 *   - each <table> with a row of two cells or more is a grid (document.c
 *     expands rowspan/colspan exactly), its cells' text on one line each
 *     (<br> and paragraphs inside a cell are a space); a table of single
 *     cells is a frame around text and read as paragraphs.
 * The charset comes from a BOM or the page's <meta> (the prescan a browser
 * makes of the first bytes); a page in GBK/GB18030 or another charset is
 * converted to UTF-8 with iconv first.  Bounded: the input size (by the
 * caller), the depth of nesting walked, the grid (document.c).
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/document.h"

/* Deeper nesting than this is not walked (libxml2 itself stops at 256). */
#define MAX_DEPTH 200

/* ---- the charset ---------------------------------------------------------- */

/* The charset a page declares in its first bytes ("charset=gbk" in a
 * <meta>), or "" — the prescan of the byte stream browsers make before
 * parsing; out gets the name. */
static void declared_charset(const char *data, size_t len, char *out, size_t size)
{
    out[0] = 0;
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(data + i, "charset", 7))
            continue;
        size_t j = i + 7;
        while (j < n && (data[j] == ' ' || data[j] == '='))
            j++;
        if (j < n && (data[j] == '"' || data[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < size && (isalnum((unsigned char)data[j]) || data[j] == '-' ||
                                         data[j] == '_'))
            out[k++] = (char)tolower((unsigned char)data[j++]);
        out[k] = 0;
        if (k)
            return;
    }
}

static int valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* data converted from charset cs to UTF-8 (malloc'd, *out_len), NULL when
 * iconv cannot. */
static char *to_utf8(const char *data, size_t len, const char *cs, size_t *out_len)
{
    /* GBK and GB2312 pages use GB18030's characters under their names */
    const char *from = !strcmp(cs, "gbk") || !strcmp(cs, "gb2312") || !strcmp(cs, "x-gbk")
                           ? "GB18030"
                           : cs;
    iconv_t ic = iconv_open("UTF-8", from);
    if (ic == (iconv_t)-1)
        return NULL;
    size_t cap = len * 2 + 16;
    char *out = xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t il = len, ol = cap - 1;
    while (il) {
        if (iconv(ic, &in, &il, &o, &ol) != (size_t)-1)
            break;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            out = xrealloc(out, cap);
            o = out + used;
            ol = cap - 1 - used;
        } else { /* a byte of no character: skipped */
            in++, il--;
        }
    }
    iconv_close(ic);
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

/* The page as UTF-8: *conv is set when it was converted (free it). */
static const char *page_utf8(const char *data, size_t *len, char **conv, xxgk_diags *d)
{
    *conv = NULL;
    char cs[32];
    if (*len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
        *len -= 3;
        return data + 3;
    }
    if (*len >= 2 && (!memcmp(data, "\xff\xfe", 2) || !memcmp(data, "\xfe\xff", 2)))
        snprintf(cs, sizeof cs, "%s", data[0] == '\xff' ? "utf-16le" : "utf-16be");
    else
        declared_charset(data, *len, cs, sizeof cs);
    if (!cs[0] || !strcmp(cs, "utf-8") || !strcmp(cs, "utf8")) {
        if (valid_utf8(data, *len))
            return data;
        snprintf(cs, sizeof cs, "gb18030"); /* undeclared and not UTF-8: a Chinese page */
        diag_add(d, XXGK_NOTE, "I17", NULL,
                 "网页没有声明字符集且不是 UTF-8，按 GB18030 转换");
    }
    size_t n = 0;
    *conv = to_utf8(data, *len, cs, &n);
    if (!*conv) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "网页的字符集“%s”无法转换为 UTF-8", cs);
        return NULL;
    }
    if (strcmp(cs, "gb18030"))
        diag_add(d, XXGK_NOTE, "I17", NULL, "网页的字符集是 %s，已转换为 UTF-8", cs);
    *len = n;
    return *conv;
}

/* ---- the tree --------------------------------------------------------------- */

typedef struct {
    import_doc *doc;
    strbuf para; /* the paragraph being read */
    int para_line;
    int depth_cut; /* nesting beyond MAX_DEPTH was met */
} walker;

static int is_name(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

static int any_name(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (is_name(n, *names))
            return 1;
    return 0;
}

/* Elements that are no part of the report. */
static int dropped(const xmlNode *n)
{
    static const char *const names[] = {"script", "style",  "head",   "noscript", "template",
                                        "nav",    "footer", "form",   "button",   "select",
                                        "iframe", "svg",    "object", "input",    "textarea",
                                        "aside",  NULL};
    if (any_name(n, names))
        return 1;
    static const char *const marks[] = {"nav", "menu", "breadcrumb", "crumb", "share", "footer",
                                        NULL};
    static const char *const attrs[] = {"class", "id", NULL};
    for (const char *const *a = attrs; *a; a++) {
        xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)*a);
        int hit = 0;
        if (v) {
            char low[128];
            size_t k = 0;
            for (const xmlChar *p = v; *p && k + 1 < sizeof low; p++)
                low[k++] = (char)tolower(*p);
            low[k] = 0;
            for (const char *const *m = marks; *m && !hit; m++)
                hit = strstr(low, *m) != NULL;
            xmlFree(v);
        }
        if (hit)
            return 1;
    }
    return 0;
}

static int is_block(const xmlNode *n)
{
    static const char *const names[] = {
        "p",       "div",     "h1",         "h2",      "h3",     "h4",      "h5",  "h6",
        "li",      "ul",      "ol",         "dl",      "dt",     "dd",      "pre", "blockquote",
        "section", "article", "center",     "address", "hr",     "caption", "main", "header",
        "figure",  "figcaption", "body",    "html",    "tr",     "td",      "th",  "table",
        "tbody",   "thead",   "tfoot",      NULL};
    return any_name(n, names);
}

/* Text of a node appended to b, white space collapsed to one space. */
static void add_text(strbuf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        int space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
        if (space) {
            if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '\n')
                sb_addc(b, ' ');
        } else {
            sb_addc(b, *p);
        }
    }
}

static void flush(walker *w)
{
    if (w->para.len)
        doc_add_para(w->doc, w->para.s, w->para_line);
    w->para.len = 0;
    if (w->para.s)
        w->para.s[0] = 0;
    w->para_line = 0;
}

/* The text of a cell: everything under it on one line. */
static void cell_text(const xmlNode *n, strbuf *b, int depth)
{
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            add_text(b, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE && !dropped(c)) {
            if (is_name(c, "br") || is_block(c))
                add_text(b, " ");
            cell_text(c, b, depth + 1);
            if (is_block(c))
                add_text(b, " ");
        }
    }
}

/* The rows of a table: its tr, and those of its thead, tbody, tfoot. */
static int collect_rows(const xmlNode *table, const xmlNode **rows, int max)
{
    int n = 0;
    for (const xmlNode *c = table->children; c; c = c->next) {
        if (is_name(c, "tr")) {
            if (n < max)
                rows[n] = c;
            n++;
        } else if (is_name(c, "thead") || is_name(c, "tbody") || is_name(c, "tfoot")) {
            for (const xmlNode *r = c->children; r; r = r->next)
                if (is_name(r, "tr")) {
                    if (n < max)
                        rows[n] = r;
                    n++;
                }
        }
    }
    return n;
}

static int span_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
    int k = v ? atoi((const char *)v) : 1;
    if (v)
        xmlFree(v);
    return k < 1 ? 1 : k > DOC_MAX_ROWS ? DOC_MAX_ROWS : k;
}

static int is_cell(const xmlNode *n) { return is_name(n, "td") || is_name(n, "th"); }

/* A table of data: some row has two cells or more. */
static int is_data_table(const xmlNode **rows, int n)
{
    for (int i = 0; i < n; i++) {
        int cells = 0;
        for (const xmlNode *c = rows[i]->children; c; c = c->next)
            cells += is_cell(c);
        if (cells >= 2)
            return 1;
    }
    return 0;
}

static void walk(walker *w, const xmlNode *n, int depth);

static void read_table(walker *w, const xmlNode *t, int depth)
{
    int n = collect_rows(t, NULL, 0);
    const xmlNode **rows = xmalloc((size_t)(n ? n : 1) * sizeof *rows);
    collect_rows(t, rows, n);
    if (!is_data_table(rows, n)) { /* a frame: its content is text */
        free(rows);
        walk(w, t, depth + 1);
        return;
    }
    flush(w);
    doc_grid *g = doc_add_grid(w->doc, (int)xmlGetLineNo((xmlNode *)t));
    strbuf b = {0};
    for (int i = 0; i < n; i++) {
        grid_row(g, (int)xmlGetLineNo((xmlNode *)rows[i]));
        for (const xmlNode *c = rows[i]->children; c; c = c->next) {
            if (!is_cell(c))
                continue;
            b.len = 0;
            if (b.s)
                b.s[0] = 0;
            cell_text(c, &b, depth + 1);
            grid_cell(w->doc, g, b.s ? b.s : "", span_attr(c, "rowspan"), span_attr(c, "colspan"));
        }
    }
    sb_free(&b);
    free(rows);
}

static void walk(walker *w, const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH) {
        w->depth_cut = 1;
        return;
    }
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (!w->para_line)
                w->para_line = (int)xmlGetLineNo((xmlNode *)c);
            add_text(&w->para, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        if (is_name(c, "br")) {
            sb_addc(&w->para, '\n');
            continue;
        }
        if (is_name(c, "table")) {
            read_table(w, c, depth);
            continue;
        }
        int block = is_block(c);
        if (block)
            flush(w);
        walk(w, c, depth + 1);
        if (block)
            flush(w);
    }
}

int html_read(const char *data, size_t len, import_doc *doc, xxgk_diags *d)
{
    char *conv = NULL;
    const char *page = page_utf8(data, &len, &conv, d);
    if (!page)
        return -1;
    htmlDocPtr h = htmlReadMemory(page, (int)len, NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED);
    free(conv);
    if (!h || !xmlDocGetRootElement(h)) {
        if (h)
            xmlFreeDoc(h);
        diag_add(d, XXGK_ERROR, "J01", NULL, "无法解析网页（HTML）");
        return -1;
    }
    walker w = {.doc = doc};
    xmlNode root = {0};
    /* the root and its siblings (comments, a second <html>) */
    root.children = h->children;
    walk(&w, &root, 0);
    flush(&w);
    sb_free(&w.para);
    xmlFreeDoc(h);
    if (w.depth_cut)
        diag_add(d, XXGK_WARNING, "I06", NULL,
                 "网页的元素嵌套超过 %d 层，更深处的内容未读取", MAX_DEPTH);
    return 0;
}

int html_sniff(const char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024, i = 0;
    if (n >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < n && isspace((unsigned char)data[i]))
        i++;
    if (i >= n || data[i] != '<')
        return 0;
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body", "<meta",
                                         "<!--", "<div", "<p", "<table", "<title"};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        if (!strncasecmp(data + i, starts[k], strlen(starts[k])))
            return 1;
    return 0;
}
