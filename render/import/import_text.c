/* import_text.c — a published report's plain text → the canonical JSON.
 *
 * The text is cut at the six section headings (found in order, with the
 * known variants of their titles); what precedes 一 is page chrome, the
 * title and the preface; 一, 五, 六 are paragraphs; 二, 三, 四 are tables,
 * read by table_read.c against every template, keeping the one that fits
 * best.  The JSON is then an ordinary input: xxgk_report_from_json makes
 * the model, so import and the JSON reader cannot disagree.
 *
 * Every repair is a diagnostic (rules I01–I13 of the import, and the
 * statutory C06, C11, C12, C14, C15); a value that is not in the text is
 * never made up: it is reported missing and left out of the JSON.
 *
 * This file is the driver: it runs the steps in order (the diagnostics
 * come out in that order) and carries what one step finds to the next in
 * the small structs below.  The lines, the structure and the metadata are
 * text_*.c's (text.h), the tables table_read.c's (table.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/document.h"
#include "import/table.h"
#include "import/text.h"
#include "xxgk_import.h"

#define MAX_IMPORT_BYTES (16u << 20)

/* The text and its sections found. */
typedef struct {
    importer im;
    const xxgk_template *t0; /* the section titles are the same in every format */
    size_t ns;
    heading *h;        /* of the ns sections */
    size_t last_found; /* the last section whose heading was found */
    int truncated;     /* the text ends before the last section */
    int cut_in_line;   /* and perhaps in the middle of a line (no line break at its end) */
} document;

/* How the input ends inside section si (CUT_NONE … CUT_IN_LINE). */
static int cut_in(const document *doc, size_t si)
{
    if (!doc->truncated || si != doc->last_found)
        return CUT_NONE;
    return doc->cut_in_line ? CUT_IN_LINE : CUT_AT_LINE_END;
}

/* What the JSON is made of, besides the front matter and the closing. */
typedef struct {
    const xxgk_template *tpl;
    int year;
    const char *agency;
    char date[32]; /* "" when there is none */
    json_t *sections, *tables;
} report_fields;

static void document_free(document *doc)
{
    free(doc->h);
    free(doc->im.lines);
    free(doc->im.row_labels);
    arena_free(&doc->im.mem);
}

/* ---- the input -------------------------------------------------------- */

/* Whether the input can be read at all: the formats loaded, a sane size,
 * UTF-8 (J01 says where it is not: nothing can be read reliably). */
static int input_usable(const char *text, size_t len, xxgk_diags *d)
{
    if (!templates_usable(d))
        return 0;
    if (!text || len > MAX_IMPORT_BYTES) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "输入过大（%zu 字节，上限 %u 字节），不是一份年度报告",
                 len, MAX_IMPORT_BYTES);
        return 0;
    }
    for (size_t i = 0, line = 1, col = 1; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (!k) {
            diag_add(d, XXGK_ERROR, "J01", &(diag_where){.line = (int)line, .col = (int)col},
                     "不是有效的 UTF-8 文本（第 %zu 字节 0x%02X）：请先转换为 UTF-8", i + 1,
                     (unsigned char)text[i]);
            return 0;
        }
        if (cp == '\n')
            line++, col = 1;
        else
            col++;
        i += k;
    }
    return 1;
}

/* The section headings: none found is no report (I07); a missing one is
 * an error, a retitled one a warning (C15). */
static int find_sections(document *doc)
{
    importer *im = &doc->im;
    const xxgk_template *t0 = doc->t0;
    size_t ns = doc->ns = t0->n_sections;
    heading *h = doc->h = xmalloc(ns * sizeof *h);
    find_headings(im, t0, h);
    size_t n_found = 0, last_found = 0;
    for (size_t k = 0; k < ns; k++)
        if (h[k].found)
            n_found++, last_found = k;
    if (!n_found) {
        diag_add(im->d, XXGK_ERROR, "I07", &(diag_where){.line = 1, .col = 1},
                 "找不到任何一个部分的标题（一、总体情况 …… "
                 "六、其他需要报告的事项），不像一份年度报告");
        return 0;
    }
    doc->last_found = last_found;
    doc->truncated = last_found + 1 < ns;
    for (size_t k = 0; k < ns; k++) {
        const tsection *sec = &t0->sections[k];
        if (!h[k].found) {
            int line = im->lines[im->n_lines - 1].line;
            idiag(im, XXGK_ERROR, "I07", k > last_found ? line : 0, 0, sec->heading, NULL, NULL,
                  k > last_found ? "文本到此结束，缺少这一部分" : "找不到这一部分的标题");
            continue;
        }
        const tline *l = &im->lines[h[k].at];
        const char *rest = import_norm(&im->mem, l->s + 6);
        if (strcmp(rest, import_norm(&im->mem, sec->title)))
            idiag(im, XXGK_WARNING, "C15", l->line, l->col, sec->heading, sec->heading, l->s,
                  "标题“%s”与统一格式不符，按“%s”读取", l->s, sec->heading);
    }
    return 1;
}

/* The lines of the text (or of a document, taken over: lines) and its
 * sections; 0 (the document freed) when there is nothing to import. */
static int open_document(document *doc, const char *text, size_t len, tline *lines, size_t n,
                         xxgk_diags *d)
{
    memset(doc, 0, sizeof *doc);
    doc->im.d = d;
    if (lines) {
        doc->im.lines = lines;
        doc->im.n_lines = n;
    } else {
        split_lines(&doc->im, text, len);
        doc->cut_in_line = len && text[len - 1] != '\n';
    }
    doc->t0 = template_at(0);
    if (!doc->t0 || !doc->im.n_lines) {
        diag_add(d, XXGK_ERROR, "I07", NULL, "文本为空，没有可导入的内容");
        document_free(doc);
        return 0;
    }
    if (!find_sections(doc)) {
        document_free(doc);
        return 0;
    }
    return 1;
}

/* ---- prose ------------------------------------------------------------ */

/* The lines of prose among n lines into out, page chrome dropped (and
 * counted); returns how many. */
static size_t prose_lines(importer *im, const tline *lines, size_t n, para_src *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_chrome(im, &lines[i])) {
            count_chrome(im, lines[i].line);
            continue;
        }
        out[k].text = lines[i].s;
        out[k].line = lines[i].line;
        out[k].tail = 0;
        k++;
    }
    return k;
}

/* A title line without a "标题：" a page puts before it. */
static const char *title_text(importer *im, const char *s)
{
    const char *n = import_norm(&im->mem, s);
    if (!strncmp(n, "标题:", strlen("标题:")) || !strncmp(n, "题目:", strlen("题目:"))) {
        const char *p = strstr(s, ":") ? strstr(s, ":") + 1 : strstr(s, "：") + strlen("：");
        while (*p == ' ')
            p++;
        return p;
    }
    return s;
}

/* The first half of a title wrapped over two lines (某局2022年政府信息公开 /
 * 工作年度报告): a year and the subject, no 报告 yet, and a short second
 * line that has it. */
static int title_first_half(const char *s, const char *next)
{
    int len = import_cp_len(s), nlen = import_cp_len(next);
    if (len > 40 || strstr(s, "。") || !find_year(s) || strstr(s, "报告") || strstr(s, "年报"))
        return 0;
    if (!strstr(s, "政府信息公开") && !strstr(s, "政务公开") && !strstr(s, "信息公开"))
        return 0;
    return nlen <= 16 && !find_year(next) && (strstr(next, "报告") || strstr(next, "年报")) &&
           !strstr(next, "。");
}

/* The title among the n paragraphs of the front matter: its index (of
 * its last line) in *at, or -1; a title wrapped over two lines joined. */
static void find_title(importer *im, front_matter *fm, size_t n, long *at, long *first)
{
    *at = *first = -1;
    for (size_t i = 0; i < n; i++) {
        const char *t = title_text(im, fm->par[i].text);
        if (i + 1 < n && title_first_half(t, fm->par[i + 1].text)) {
            t = arena_printf(&im->mem, "%s%s", t, fm->par[i + 1].text);
            *first = (long)i;
            *at = (long)i + 1;
        } else if (looks_like_title(t)) {
            *first = *at = (long)i;
        } else {
            continue;
        }
        fm->title_line = fm->par[i].line;
        fm->title = restore_text(im, t, fm->title_line);
        return;
    }
}

/* The front matter: title and preface, wrapped lines joined first (a
 * title or a sentence naming the agency may be cut in two); an agency on
 * its own line above a title that does not name one is the title's. */
static void read_front_matter(document *doc, front_matter *fm)
{
    importer *im = &doc->im;
    size_t front_end = 0; /* the first heading found */
    for (size_t k = 0; k < doc->ns; k++)
        if (doc->h[k].found) {
            front_end = doc->h[k].at;
            break;
        }
    memset(fm, 0, sizeof *fm);
    fm->par = xmalloc((front_end + 1) * sizeof *fm->par);
    size_t n = prose_lines(im, im->lines, front_end, fm->par);
    n = join_wrapped(im, fm->par, n);
    long at, first;
    find_title(im, fm, n, &at, &first);
    int is_place;
    if (fm->title && first > 0 && !agency_from_title(im, fm->title, &is_place) &&
        looks_like_agency(fm->par[first - 1].text) && is_agency_name(fm->par[first - 1].text)) {
        first--;
        fm->title_agency = restore_text(im, fm->par[first].text, fm->par[first].line);
        fm->title_agency_line = fm->par[first].line;
        fm->title = arena_printf(&im->mem, "%s%s", fm->title_agency, fm->title);
    }
    /* before the title: page chrome the rules did not know */
    for (long i = 0; fm->title && i < first; i++)
        count_chrome(im, fm->par[i].line);
    size_t skip = fm->title ? (size_t)at + 1 : 0;
    fm->pre = fm->par + skip;
    fm->n_pre = n - skip;
    for (size_t i = 0; i < fm->n_pre; i++)
        fm->pre[i].text = restore_text(im, fm->pre[i].text, fm->pre[i].line);
}

/* From the end of the last section: the date, the signature and the notes
 * ("（注：……）" closes the report), each taken off its paragraphs. */
/* The notes of paragraph p, without their parentheses: one in
 * parentheses (bracketed) or one that starts "（注" or "注："; NULL when
 * it is not. */
static char *notes_of(importer *im, const para_src *p, int bracketed)
{
    const char *nn = import_norm(&im->mem, p->text);
    size_t nl = strlen(nn);
    int paren = nl >= 2 && nn[0] == '(' && nn[nl - 1] == ')';
    int marked = !strncmp(nn, "(注", 4) || !strncmp(nn, "注:", 4);
    if (bracketed ? !paren : !marked)
        return NULL;
    char *r = restore_text(im, p->text, p->line);
    size_t rl = strlen(r);
    if (!strncmp(r, "（", 3) && rl >= 6 && !strcmp(r + rl - 3, "）")) {
        r[rl - 3] = 0;
        r += 3;
    }
    return r;
}

static void read_closing(importer *im, const para_src *ps, size_t *n_ps, closing *cl)
{
    size_t n = *n_ps;
    int y, m, dd, lost;
    /* GB/T 9704 7.3.6 prints the notes in parentheses under the date (the
     * PDF, web page and Word file of xxgk render do): a paragraph wholly in
     * parentheses right after a date is the notes */
    if (n >= 2 && parse_date(import_norm(&im->mem, ps[n - 2].text), &y, &m, &dd, &lost) &&
        (cl->notes = notes_of(im, &ps[n - 1], 1)))
        n--;
    if (n && parse_date(import_norm(&im->mem, ps[n - 1].text), &y, &m, &dd, &lost)) {
        cl->y = y, cl->m = m, cl->d = dd, cl->date_line = ps[n - 1].line;
        if (lost)
            idiag(im, XXGK_WARNING, "I11", cl->date_line, 1, "成文日期", NULL, ps[n - 1].text,
                  "落款日期“%s”缺少“日”字，读作 %d年%d月%d日", ps[n - 1].text, y, m, dd);
        n--;
    }
    if (n && looks_like_agency(ps[n - 1].text)) {
        cl->agency = restore_text(im, ps[n - 1].text, ps[n - 1].line);
        cl->agency_line = ps[n - 1].line;
        n--;
    }
    if (n && !cl->notes && (cl->notes = notes_of(im, &ps[n - 1], 0)))
        n--;
    *n_ps = n;
}

/* The sections of prose as JSON; the closing read off the last found. */
static json_t *read_text_sections(document *doc, closing *cl)
{
    importer *im = &doc->im;
    json_t *sections = json_object();
    memset(cl, 0, sizeof *cl);
    for (size_t k = 0; k < doc->ns; k++) {
        const tsection *sec = &doc->t0->sections[k];
        region rg = section_region(im, doc->h, doc->ns, k);
        if (sec->table || !rg.found) /* tables are read below, with every format */
            continue;
        para_src *ps = xmalloc((rg.n + 1) * sizeof *ps);
        size_t n_ps = prose_lines(im, rg.lines, rg.n, ps);
        n_ps = join_wrapped(im, ps, n_ps);
        if (k == doc->last_found)
            read_closing(im, ps, &n_ps, cl);
        for (size_t i = 0; i < n_ps; i++)
            ps[i].text = restore_text(im, ps[i].text, ps[i].line);
        json_object_set_new(sections, sec->key, paragraphs_json(im, ps, n_ps));
        if (!n_ps)
            idiag(im, XXGK_WARNING, "C15", im->lines[doc->h[k].at].line, 1, sec->heading, NULL,
                  NULL, "这一部分只有标题，没有内容");
        free(ps);
    }
    return sections;
}

/* ---- the year and the format ------------------------------------------ */

static const tsection *section_by_key(const xxgk_template *t, const char *key, size_t *index)
{
    for (size_t i = 0; i < t->n_sections; i++)
        if (!strcmp(t->sections[i].key, key)) {
            if (index)
                *index = i;
            return &t->sections[i];
        }
    return NULL;
}

/* The format of the tables, from their labels (format_choice.c). */
static void decide_format(document *doc, int year, format_choice *fc)
{
    region rg[2];
    for (int f = 0; f < 2; f++) {
        size_t si = 0;
        section_by_key(doc->t0, f ? "applications" : "proactive", &si);
        rg[f] = section_region(&doc->im, doc->h, doc->ns, si);
    }
    choose_format(&doc->im, rg, year, fc);
}

/* The tables with the format chosen, their diagnostics emitted. */
static json_t *read_tables(document *doc, const format_choice *fc)
{
    const xxgk_template *tpl = fc->tpl;
    json_t *tables = json_object();
    for (size_t i = 0; i < tpl->n_tables; i++) {
        const ttable *tt = &tpl->tables[i];
        size_t si = 0;
        section_by_key(tpl, tt->section->key, &si);
        region rg = section_region(&doc->im, doc->h, doc->ns, si);
        region empty = {NULL, 0, 0};
        int unusable = (fc->mixed && tt->n_blocks && i < 2 && template_at(fc->best_f[i]) != tpl) ||
                       (fc->undecided && !strcmp(tt->key, "proactive"));
        table_read *tr =
            table_read_new(tt, unusable ? &empty : &rg, cut_in(doc, si));
        json_t *to = json_object();
        table_read_emit(tr, doc->im.d, to, &doc->im.errors);
        json_object_set_new(tables, tt->key, to);
        table_read_free(tr);
    }
    return tables;
}

/* ---- the notes and the JSON ------------------------------------------- */

/* One note for each kind of repair counted over the whole text. */
static void repair_notes(importer *im)
{
    if (im->chrome)
        idiag(im, XXGK_NOTE, "I01", im->chrome_line, 1, NULL, NULL, NULL,
              "去掉网页上不属于报告的 %d 行（索引号、发布机构、字体、分享、登录提示等）",
              im->chrome);
    if (im->punct)
        idiag(im, XXGK_NOTE, "I02", im->punct_line, 1, NULL, NULL, NULL,
              "中文文本中的半角标点恢复为全角，共 %d 处（, : ; ( ) 等；网址、邮箱和数字中的不变）",
              im->punct);
    if (im->spaces)
        idiag(im, XXGK_NOTE, "I02", im->spaces_line, 1, NULL, NULL, NULL,
              "删去汉字之间多余的空格，共 %d 处", im->spaces);
}

/* The JSON text (malloc'd); the title only when it is not the default
 * one.  The preface's paragraphs are read here (their notes come last). */
static char *report_json(importer *im, const front_matter *fm, const closing *cl,
                         const report_fields *rf)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string(xxgk_template_format(rf->tpl)));
    if (rf->year)
        json_object_set_new(root, "year", json_integer(rf->year));
    if (rf->agency) {
        json_object_set_new(root, "agency", json_string(rf->agency));
        json_object_set_new(
            root, "agency_kind",
            json_string(str_ends_with(rf->agency, "人民政府") ? "government" : "department"));
    }
    if (rf->date[0])
        json_object_set_new(root, "date", json_string(rf->date));
    if (fm->title && rf->agency && rf->year) {
        char *dflt = arena_printf(&im->mem, "%s%d年政府信息公开工作年度报告", rf->agency, rf->year);
        if (strcmp(dflt, fm->title))
            json_object_set_new(root, "title", json_string(fm->title));
    } else if (fm->title) {
        json_object_set_new(root, "title", json_string(fm->title));
    }
    if (fm->n_pre)
        json_object_set_new(root, "preface", paragraphs_json(im, fm->pre, fm->n_pre));
    json_object_set_new(root, "sections", rf->sections);
    json_object_set_new(root, "tables", rf->tables);
    if (cl->notes)
        json_object_set_new(root, "notes", json_string(cl->notes));
    return json_text(root, 15);
}

/* The steps of an import, in order, on the document opened. */
static char *import_document(document *doc, const xxgk_import_options *opt, int *complete)
{
    front_matter fm;
    read_front_matter(doc, &fm);
    closing cl;
    report_fields rf;
    rf.sections = read_text_sections(doc, &cl);
    rf.year = report_year(&doc->im, &fm, &cl);
    format_choice fc;
    decide_format(doc, rf.year, &fc);
    rf.tpl = fc.tpl;
    rf.tables = read_tables(doc, &fc);
    rf.agency = report_agency(&doc->im, &fm, &cl);
    report_date(&doc->im, &cl, rf.year, rf.agency, opt, rf.date, sizeof rf.date);
    repair_notes(&doc->im);
    char *json = report_json(&doc->im, &fm, &cl, &rf);
    *complete = doc->im.errors == 0;
    free(fm.par);
    document_free(doc);
    return json;
}

char *import_lines(tline *lines, size_t n, int cut_in_line, const xxgk_import_options *opt,
                   xxgk_diags *d, int *complete)
{
    int dummy;
    if (!complete)
        complete = &dummy;
    *complete = 0;
    if (!templates_usable(d)) {
        free(lines);
        return NULL;
    }
    document doc;
    if (!open_document(&doc, NULL, 0, lines, n, d))
        return NULL;
    doc.cut_in_line = cut_in_line;
    return import_document(&doc, opt, complete);
}

/* The text path: the lines of a UTF-8 text. */
char *import_text_with(const char *text, size_t len, const xxgk_import_options *opt,
                       xxgk_diags *d, int *complete)
{
    int dummy;
    if (!complete)
        complete = &dummy;
    *complete = 0;
    if (!input_usable(text, len, d))
        return NULL;
    document doc;
    if (!open_document(&doc, text, len, NULL, 0, d))
        return NULL;
    return import_document(&doc, opt, complete);
}

char *xxgk_import_text(const char *text, size_t len, const char *name, xxgk_diags *d, int *complete)
{
    (void)name;
    return import_text_with(text, len, NULL, d, complete);
}
