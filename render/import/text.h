/* text.h — the document side of the import: the state of one import
 * (importer) and what its parts give the driver, import_text.c:
 *   text_lines.c      the lines of the text and the repairs of a line
 *                     (punctuation, spaces, dates, measure words);
 *   text_structure.c  the section headings, the regions between them and
 *                     the paragraphs of prose;
 *   text_meta.c       page chrome and its metadata, the title, the agency,
 *                     the year and the dates.
 * They rest on text_lines.c and import.h only; the tables are table.h's.
 */
#ifndef XXGK_IMPORT_TEXT_H
#define XXGK_IMPORT_TEXT_H

#include <jansson.h>

#include "import/import.h"
#include "xxgk_import.h"

/* One import: the lines of the text, the repairs counted over it, what
 * the web page around the report said, and labels normalised once. */
typedef struct importer {
    arena mem;
    xxgk_diags *d;
    int errors;
    tline *lines;
    size_t n_lines;
    /* repairs counted for one note each */
    int punct, punct_line, spaces, spaces_line, chrome, chrome_line;
    /* page metadata: 成文日期 (or 发文日期), 发布日期, 发布机构 */
    const char *meta_date, *meta_published, *meta_agency;
    int meta_date_line, meta_published_line, meta_agency_line;
    /* normalised labels, made once */
    const char **row_labels;
    size_t n_row_labels;
    const char *title_norm[16], *variant_norm[16][4];
} importer;

/* A diagnostic at a line:column of the text (not a JSON pointer); errors
 * are counted in im->errors. */
void idiag(importer *im, xxgk_severity sev, const char *rule, int line, int col, const char *place,
           const char *expected, const char *actual, const char *fmt, ...) XXGK_PRINTF(9, 10);

/* ---- text_lines.c ---- */

/* The code points of a string (malloc'd v). */
typedef struct {
    uint32_t *v;
    size_t n, cap;
} cps;

/* s as code points appended to out; a byte that is no UTF-8 is U+FFFD. */
void cp_decode(const char *s, cps *out);
/* The non-empty lines of the text into im->lines, trimmed. */
void split_lines(importer *im, const char *text, size_t len);
/* s with the punctuation of Chinese text restored and dates with dropped
 * characters completed (notes counted in im, I11 diagnostics); in im->mem. */
char *restore_text(importer *im, const char *s, int line);
/* I10: numbers that may have lost their measure word. */
void check_measure_words(importer *im, const char *s, int line);
int valid_month_day(int m, int d);

/* ---- text_structure.c ---- */

typedef struct {
    size_t at; /* index into lines; n_lines when not found */
    int found;
} heading;

/* The headings of the n_sections sections of t, in order, into h. */
void find_headings(importer *im, const xxgk_template *t, heading *h);
/* The lines of section k: after its heading, up to the next one found. */
region section_region(const importer *im, const heading *h, size_t ns, size_t k);

/* A paragraph of prose being read. */
typedef struct {
    const char *text;
    int line;
    size_t tail; /* byte offset of the last joined line in text (join_wrapped) */
} para_src;

/* The lines of text hard-wrapped at a width joined into paragraphs (I14);
 * returns the new count. */
size_t join_wrapped(importer *im, para_src *p, size_t n);
/* The paragraphs as the JSON array of a section or the preface (I09, I10). */
json_t *paragraphs_json(importer *im, const para_src *p, size_t n);

/* What precedes the first section: the title and the preface. */
typedef struct {
    para_src *par; /* its paragraphs (malloc'd); the preface is their tail */
    const char *title;
    int title_line;
    const char *title_agency; /* the agency on its own line above the title */
    int title_agency_line;
    para_src *pre;
    size_t n_pre;
} front_matter;

/* What closes the last section found: the signature, its date, the notes. */
typedef struct {
    const char *agency;
    int agency_line;
    int y, m, d, date_line; /* y 0: no date */
    const char *notes;
} closing;


/* ---- text_meta.c ---- */

/* A line of the web page around the report (its date and agency kept in
 * im->meta_*). */
int is_chrome(importer *im, const tline *l);
/* Count a line dropped as page chrome, for one note (I01). */
void count_chrome(importer *im, int line);
/* A date "2023-01-28", "2023年1月28日" (日 may be lost) at the start of s. */
int parse_date(const char *s, int *y, int *m, int *d, int *lost_day);
/* The first year "XXXX年" of s (1990–2099), 0 if none. */
int find_year(const char *s);
int looks_like_title(const char *s);
/* A signature line: a short name of an office, no punctuation. */
int looks_like_agency(const char *s);
/* The agency a title names, before its year or right after it
 * ("2022年某局政府信息…"); *is_place when it is a place name made its
 * 人民政府. */
char *agency_from_title(importer *im, const char *title, int *is_place);
/* A name that can be an agency: not a sentence, a heading, a label of a
 * page ("标题："), nor what opens a notice ("…局关于"). */
int is_agency_name(const char *s);

/* ---- text_sources.c ---- */

/* The year, the agency, the date, each from every place a page puts it,
 * the place noted (I12), disagreeing places an error (I16); absent ones
 * an error (I07).  The date is "" when none is printed, unless
 * opt->assume_date (the statutory deadline, I12). */
int report_year(importer *im, const front_matter *fm, const closing *cl);
const char *report_agency(importer *im, const front_matter *fm, const closing *cl);
void report_date(importer *im, const closing *cl, int year, const char *agency,
                 const xxgk_import_options *opt, char *date, size_t size);

#endif
