/* worker.c — a render worker of the workbench (xxgk serve-worker): reads
 * requests on standard input and answers on standard output (a socket pair
 * to the server, see workers.c), with its fonts loaded once.  Everything
 * the library does to a department's report happens here, in a process of
 * its own: a report that crashes or hangs the library costs its worker, and
 * the server starts another. */
#define _GNU_SOURCE /* open_memstream, mkdtemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "server/server.h"
#include "xxgk_batch.h"
#include "xxgk_import.h"
#include "xxgk_render.h"

typedef struct {
    xxgk_fonts *fonts;
} worker_state;

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The NUL-separated parts of a payload (at most max; the last part runs to
 * the end). */
static size_t split(const char *p, size_t len, const char **part, size_t *plen, size_t max)
{
    size_t n = 0;
    const char *end = p + len;
    while (n < max) {
        const char *nul = n + 1 < max ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        part[n] = p;
        plen[n] = nul ? (size_t)(nul - p) : (size_t)(end - p);
        n++;
        if (!nul)
            break;
        p = nul + 1;
    }
    return n;
}

/* The report and last year's, read from JSON, and checked: d holds what the
 * reading and the checks said of the report (nothing of last year's). */
static xxgk_report *read_checked(worker_state *w, const char *payload, size_t len, xxgk_diags *d)
{
    const char *part[2];
    size_t plen[2];
    size_t n = split(payload, len, part, plen, 2);
    xxgk_report *r = xxgk_report_from_json(part[0], plen[0], d);
    if (!r)
        return NULL;
    xxgk_report *prev = NULL;
    if (n == 2 && plen[1]) {
        xxgk_diags *pd = xxgk_diags_new();
        prev = xxgk_report_from_json(part[1], plen[1], pd);
        xxgk_diags_free(pd);
    }
    xxgk_check_options opts = {prev, w->fonts ? xxgk_fonts_can_draw : NULL, w->fonts, 0};
    xxgk_check(r, &opts, d);
    xxgk_report_free(prev);
    return r;
}

static char *diags_json(const xxgk_diags *d, size_t *len)
{
    char *j = xxgk_diags_to_json(d, NULL);
    *len = strlen(j);
    return j;
}

static int do_check(worker_state *w, const char *p, size_t n, char **out, size_t *len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report_free(read_checked(w, p, n, d));
    int errors = (int)xxgk_diags_errors(d);
    *out = diags_json(d, len);
    xxgk_diags_free(d);
    return errors;
}

/* WORK_PDF and WORK_FORM: the file, or the diagnostics (-1). */
static int do_file(worker_state *w, int form, int draft_allowed, const char *p, size_t n,
                   char **out, size_t *len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = read_checked(w, p, n, d);
    int errors = (int)xxgk_diags_errors(d);
    int rc = -1;
    if (r && (!errors || draft_allowed)) {
        xxgk_render_options o = {0};
        o.draft = errors > 0;
        o.fonts = w->fonts;
        int k = form == XXGK_FORM_PDF
                    ? xxgk_render_pdf_mem(r, &o, "report.pdf", out, len, d)
                    : xxgk_render_to_mem(r, (xxgk_form)form, &o, "report", out, len, d);
        rc = k == 0 ? 0 : -1;
        if (k != 0)
            free(*out);
    }
    if (rc != 0)
        *out = diags_json(d, len);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

static int do_png(worker_state *w, int page, const char *p, size_t n, char **out, size_t *len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = read_checked(w, p, n, d);
    int rc = -1;
    if (r) {
        xxgk_render_options o = {0};
        o.draft = xxgk_diags_errors(d) > 0;
        o.fonts = w->fonts;
        int pages = 0;
        int k = xxgk_render_png_mem(r, &o, page, out, len, &pages, d);
        rc = k == 0 ? pages : k == 2 ? 0 : -1;
        if (k == 2) {
            strbuf b = {0};
            sb_printf(&b, "%d", pages);
            *len = b.len;
            *out = sb_take(&b);
        }
    }
    if (rc < 0)
        *out = diags_json(d, len);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

/* A FILE that collects what the library writes. */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
} memfile;

static FILE *memfile_open(memfile *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    return m->f;
}

static char *memfile_close(memfile *m, size_t *len)
{
    fclose(m->f);
    *len = m->len;
    return m->buf;
}

static void add_lines_json(strbuf *b, const char *text)
{
    sb_addc(b, '[');
    int first = 1;
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t k = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xstrndup(p, k);
        if (!first)
            sb_addc(b, ',');
        sb_add_json_string(b, line);
        free(line);
        first = 0;
        p += k + (nl ? 1 : 0);
    }
    sb_addc(b, ']');
}

static int do_diff(const char *p, size_t n, char **out, size_t *len)
{
    const char *part[2];
    size_t plen[2];
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *a = NULL, *b = NULL;
    if (split(p, n, part, plen, 2) == 2) {
        a = xxgk_report_from_json(part[0], plen[0], d);
        b = xxgk_report_from_json(part[1], plen[1], d);
    }
    int rc = -1;
    if (a && b) {
        memfile m;
        size_t k = 0, tlen;
        if (memfile_open(&m)) {
            k = xxgk_write_diff(a, b, m.f);
            char *text = memfile_close(&m, &tlen);
            strbuf j = {0};
            sb_printf(&j, "{\"differences\":%zu,\"lines\":", k);
            add_lines_json(&j, text);
            sb_addc(&j, '}');
            free(text);
            *len = j.len;
            *out = sb_take(&j);
            rc = (int)k;
        }
    }
    if (rc < 0)
        *out = diags_json(d, len);
    xxgk_report_free(a);
    xxgk_report_free(b);
    xxgk_diags_free(d);
    return rc;
}

static int do_county(const char *p, size_t n, char **out, size_t *len)
{
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += p[i] == '\0';
    const char **part = xmalloc(cap * sizeof *part);
    size_t *plen = xmalloc(cap * sizeof *plen);
    size_t k = n ? split(p, n, part, plen, cap) : 0;
    size_t m = k / 2;
    const char **names = xmalloc((m + 1) * sizeof *names);
    const char **texts = xmalloc((m + 1) * sizeof *texts);
    size_t *lens = xmalloc((m + 1) * sizeof *lens);
    char **owned = xmalloc((m + 1) * sizeof *owned);
    for (size_t i = 0; i < m; i++) {
        owned[i] = xstrndup(part[2 * i], plen[2 * i]);
        names[i] = owned[i];
        texts[i] = part[2 * i + 1];
        lens[i] = plen[2 * i + 1];
    }
    xxgk_diags *d = xxgk_diags_new();
    char *county = NULL;
    int rc = xxgk_aggregate_json(texts, lens, names, m, &county, d);
    char *dj = xxgk_diags_to_json(d, NULL);
    strbuf b = {0};
    sb_add(&b, "{\"report\":");
    sb_add(&b, county ? county : "null");
    sb_printf(&b, ",\"left_out\":%zu,\"diagnostics\":%s}", xxgk_diags_errors(d), dj);
    free(dj);
    free(county);
    xxgk_diags_free(d);
    for (size_t i = 0; i < m; i++)
        free(owned[i]);
    free(owned);
    free(names);
    free(texts);
    free(lens);
    free(part);
    free(plen);
    *len = b.len;
    *out = sb_take(&b);
    return rc;
}

static int do_cells(const char *p, size_t n, char **out, size_t *len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_from_json(p, n, d);
    int rc = -1;
    memfile m;
    if (r && memfile_open(&m)) {
        xxgk_write_cells(r, m.f);
        *out = memfile_close(&m, len);
        rc = 0;
    }
    if (rc)
        *out = diags_json(d, len);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

static int ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n >= k && !strcasecmp(s + n - k, ext);
}

/* A PDF's source is read from a file: the upload is written to a folder of
 * this worker's own, read, and removed. */
static char *source_of_pdf(const char *data, size_t len, xxgk_diags *d)
{
    char dir[] = "/tmp/xxgk-upload-XXXXXX";
    if (!mkdtemp(dir)) {
        xxgk_diags_add(d, XXGK_ERROR, "V03", "无法保存上传的文件");
        return NULL;
    }
    char path[64];
    snprintf(path, sizeof path, "%s/upload.pdf", dir);
    char *json = NULL;
    if (xxgk_write_file(path, data, len, d) == 0) {
        xxgk_report *r = xxgk_report_load_any(path, d);
        size_t n = 0;
        const char *src = r ? xxgk_report_source(r, &n) : NULL;
        json = src ? xstrndup(src, n) : NULL;
        xxgk_report_free(r);
        unlink(path);
    }
    rmdir(dir);
    return json;
}

static int do_import(const char *p, size_t n, char **out, size_t *len)
{
    const char *part[2];
    size_t plen[2];
    xxgk_diags *d = xxgk_diags_new();
    char *json = NULL;
    int complete = 0;
    if (split(p, n, part, plen, 2) == 2) {
        char *name = xstrndup(part[0], plen[0]);
        const char *refused = NULL;
        xxgk_import_kind kind = xxgk_import_kind_of_path(name, &refused);
        if (refused) {
            xxgk_diags_add(d, XXGK_ERROR, "I01", refused);
        } else if (ends_with(name, ".pdf")) {
            json = source_of_pdf(part[1], plen[1], d);
            complete = json != NULL;
        } else if (ends_with(name, ".json")) {
            xxgk_report *r = xxgk_report_from_json(part[1], plen[1], d);
            if (r)
                json = xstrndup(part[1], plen[1]);
            complete = r != NULL;
            xxgk_report_free(r);
        } else {
            xxgk_import_options o = {kind, 0};
            json = xxgk_import_bytes(part[1], plen[1], &o, name, d, &complete);
        }
        free(name);
    }
    char *dj = xxgk_diags_to_json(d, NULL);
    strbuf b = {0};
    sb_add(&b, "{\"report\":");
    sb_add(&b, json ? json : "null");
    sb_printf(&b, ",\"complete\":%s,\"diagnostics\":%s}", complete ? "true" : "false", dj);
    free(dj);
    int rc = json ? 0 : -1;
    free(json);
    xxgk_diags_free(d);
    *len = b.len;
    *out = sb_take(&b);
    return rc;
}

static int do_next_year(const char *p, size_t n, char **out, size_t *len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *last = xxgk_report_from_json(p, n, d);
    *out = last ? xxgk_next_year_json(last, d) : NULL;
    int rc = *out ? 0 : -1;
    if (*out)
        *len = strlen(*out);
    else
        *out = diags_json(d, len);
    xxgk_report_free(last);
    xxgk_diags_free(d);
    return rc;
}

static int answer(worker_state *w, int op, int arg, const char *p, size_t n, char **out,
                  size_t *len)
{
    switch (op) {
    case WORK_CHECK: return do_check(w, p, n, out, len);
    case WORK_PDF: return do_file(w, 0, arg, p, n, out, len);
    case WORK_FORM: return do_file(w, arg / 2, arg % 2, p, n, out, len);
    case WORK_PNG: return do_png(w, arg, p, n, out, len);
    case WORK_DIFF: return do_diff(p, n, out, len);
    case WORK_COUNTY: return do_county(p, n, out, len);
    case WORK_CELLS: return do_cells(p, n, out, len);
    case WORK_IMPORT: return do_import(p, n, out, len);
    case WORK_NEXT_YEAR: return do_next_year(p, n, out, len);
    }
    *out = xstrdup("{\"error\":\"unknown request\"}");
    *len = strlen(*out);
    return -1;
}

int xxgk_serve_worker(void)
{
    /* a runaway report is stopped by the server's timeout; memory by this */
#ifndef __SANITIZE_ADDRESS__ /* AddressSanitizer reserves terabytes of address space */
    struct rlimit as = {(rlim_t)4 << 30, (rlim_t)4 << 30};
    setrlimit(RLIMIT_AS, &as);
#endif
    worker_state w = {0};
    xxgk_diags *d = xxgk_diags_new();
    w.fonts = xxgk_fonts_for_backend(NULL, 0, d);
    xxgk_diags_free(d);
    for (;;) {
        struct {
            uint32_t op;
            int32_t arg;
            uint64_t len;
        } h;
        if (read_all(0, &h, sizeof h) != 0)
            break;
        if (h.len > WORK_MAX_PAYLOAD)
            break;
        char *payload = xmalloc(h.len + 1);
        if (read_all(0, payload, h.len) != 0) {
            free(payload);
            break;
        }
        payload[h.len] = '\0';
        char *out = NULL;
        size_t len = 0;
        int status = answer(&w, (int)h.op, h.arg, payload, h.len, &out, &len);
        free(payload);
        struct {
            int32_t status;
            uint32_t zero;
            uint64_t len;
        } a = {status, 0, len};
        int rc = write_all(1, &a, sizeof a) == 0 && write_all(1, out, len) == 0 ? 0 : -1;
        free(out);
        if (rc)
            break;
    }
    xxgk_fonts_free(w.fonts);
    return 0;
}
