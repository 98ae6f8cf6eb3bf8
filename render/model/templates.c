/* templates.c — the registry of statutory formats: every format file of
 * the data (layouts/format-*.json, built in or from XXGK_LAYOUT_DIR),
 * parsed once; lookups by format, by year and by cell path. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/datafiles.h"
#include "model/model.h"

#define MAX_FORMATS 8
static xxgk_template *formats[MAX_FORMATS];
static size_t n_formats;
static pthread_once_t formats_once = PTHREAD_ONCE_INIT;
/* What is wrong with the format files, one line each: then no format is
 * used at all (none rather than some). */
static strbuf problems;

static void add_format(const char *name, const char *data, size_t size, void *ctx)
{
    (void)ctx;
    if (strncmp(name, "format-", 7) || n_formats == MAX_FORMATS)
        return;
    xxgk_template *t = template_parse(name, data, size, &problems);
    if (t)
        formats[n_formats++] = t;
}

static void free_formats(void)
{
    for (size_t i = 0; i < n_formats; i++) {
        arena_free(&formats[i]->mem);
        free(formats[i]);
    }
    n_formats = 0;
    sb_free(&problems);
}

static void load_formats(void)
{
    data_files_each(add_format, NULL);
    atexit(free_formats);
    if (problems.len) {
        for (size_t i = 0; i < n_formats; i++) {
            arena_free(&formats[i]->mem);
            free(formats[i]);
        }
        n_formats = 0;
    }
}

int templates_usable(xxgk_diags *d)
{
    pthread_once(&formats_once, load_formats);
    if (n_formats)
        return 1;
    const char *why = data_files_problem();
    if (why) {
        diag_add(d, XXGK_ERROR, "L01", NULL, "%s，没有可用的格式模板", why);
        return 0;
    }
    for (const char *p = problems.s; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        diag_add(d, XXGK_ERROR, "L01", NULL, "格式模板文件有误：%.*s", (int)n, p);
        p += n + (end ? 1 : 0);
    }
    diag_add(d, XXGK_ERROR, "L01", NULL, "没有可用的格式模板");
    return 0;
}

int xxgk_templates_usable(xxgk_diags *d) { return templates_usable(d); }

const xxgk_template *xxgk_template_get(const char *format)
{
    pthread_once(&formats_once, load_formats);
    for (size_t i = 0; format && i < n_formats; i++)
        if (!strcmp(formats[i]->format, format))
            return formats[i];
    return NULL;
}

const xxgk_template *xxgk_template_for_year(int year)
{
    pthread_once(&formats_once, load_formats);
    const xxgk_template *best = NULL;
    for (size_t i = 0; i < n_formats; i++) {
        const xxgk_template *t = formats[i];
        if (year >= t->first_year && (!t->last_year || year <= t->last_year))
            return t;
        if (!best || t->first_year > best->first_year)
            best = t;
    }
    return year < 2019 ? xxgk_template_get("2019") : best;
}

const char *xxgk_template_format(const xxgk_template *t) { return t->format; }

size_t template_count(void)
{
    pthread_once(&formats_once, load_formats);
    return n_formats;
}

const xxgk_template *template_at(size_t i) { return i < template_count() ? formats[i] : NULL; }

const xxgk_template *xxgk_template_at(size_t i) { return template_at(i); }

const tsection *template_section(const xxgk_template *t, const char *key)
{
    for (size_t i = 0; i < t->n_sections; i++)
        if (!strcmp(t->sections[i].key, key))
            return &t->sections[i];
    return NULL;
}

const char *template_table_heading(const ttable *tt) { return tt->section->heading; }

int template_resolve(const xxgk_template *t, const char *ref, cellref *out)
{
    const char *slash = strchr(ref, '/');
    size_t len = slash ? (size_t)(slash - ref) : strlen(ref);
    const ttable *tt = NULL;
    for (size_t i = 0; i < t->n_tables; i++)
        if (strlen(t->tables[i].key) == len && !strncmp(t->tables[i].key, ref, len))
            tt = &t->tables[i];
    if (!tt)
        return 0;
    const char *p = slash ? slash + 1 : ref + len;
    const tblock *b = &tt->blocks[0];
    if (tt->n_blocks > 1) {
        slash = strchr(p, '/');
        len = slash ? (size_t)(slash - p) : strlen(p);
        b = NULL;
        for (size_t i = 0; i < tt->n_blocks; i++)
            if (strlen(tt->blocks[i].key) == len && !strncmp(tt->blocks[i].key, p, len))
                b = &tt->blocks[i];
        if (!b)
            return 0;
        p += len + (slash ? 1 : 0);
    }
    /* rows as deep as the keys go, then columns */
    const hnode *row = b->rows, *col = b->cols;
    while (*p) {
        slash = strchr(p, '/');
        len = slash ? (size_t)(slash - p) : strlen(p);
        const hnode *n = col == b->cols ? hnode_find_key(row, p, len) : NULL;
        if (n)
            row = n;
        else if ((n = hnode_find_key(col, p, len)))
            col = n;
        else
            return 0;
        p += len + (slash ? 1 : 0);
    }
    out->block = b;
    out->row = row;
    out->col = col;
    return 1;
}
