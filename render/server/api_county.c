/* api_county.c — what the county does with a year's reports together: the
 * county's totals (xxgk aggregate: a report skeleton whose every cell is
 * the sum of the departments' reports without errors) as JSON and as the
 * cells table, and every report's PDF in one ZIP (libzip, made in memory). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "server/server.h"

/* name NUL report NUL name NUL report … of every report of the year. */
static char *year_payload(server *srv, int year, size_t *len, size_t *count)
{
    char **agencies;
    char **jsons = store_year_reports(srv->db, year, &agencies, count);
    strbuf b = {0};
    for (size_t i = 0; i < *count; i++) {
        if (i)
            sb_addc(&b, '\0');
        sb_add(&b, agencies[i]);
        sb_addc(&b, '\0');
        sb_add(&b, jsons[i]);
        free(agencies[i]);
        free(jsons[i]);
    }
    free(agencies);
    free(jsons);
    *len = b.len;
    return sb_take(&b);
}

/* The county's report (JSON, malloc'd) and how many reports were left out,
 * or NULL (answered). */
static char *county_report(server *srv, int year, size_t *left_out, response *rs)
{
    size_t len, n;
    char *payload = year_payload(srv, year, &len, &n);
    if (!n) {
        free(payload);
        response_error(rs, 404, "not_found", "%d 年度还没有任何报告", year);
        return NULL;
    }
    int status;
    char *out;
    size_t olen;
    int rc = ask(srv, WORK_COUNTY, 0, payload, len, 1, &status, &out, &olen, rs);
    free(payload);
    if (rc != 0)
        return NULL;
    /* {"report": …, "left_out": n, "diagnostics": …} */
    json_t *j = json_loadb(out, olen, 0, NULL);
    json_t *report = json_object_get(j, "report");
    char *text =
        json_is_object(report) ? json_dumps(report, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    *left_out = (size_t)json_integer_value(json_object_get(j, "left_out"));
    if (!text) {
        json_t *e = json_pack("{s:s, s:s, s:O?}", "error", "nothing_summed", "message",
                              "没有可以汇总的报告（有错误的报告不计入）", "diagnostics",
                              json_object_get(json_object_get(j, "diagnostics"), "diagnostics"));
        response_json(rs, 409, json_dumps(e, JSON_COMPACT));
        json_decref(e);
    }
    json_decref(j);
    free(out);
    return text;
}

static void county_json(server *srv, int year, response *rs)
{
    size_t left_out = 0;
    char *report = county_report(srv, year, &left_out, rs);
    if (!report)
        return;
    response_header(rs, "X-Left-Out", "%zu", left_out);
    response_header(rs, "Content-Disposition", "attachment; filename=\"county-%d.json\"", year);
    response_json(rs, 200, report);
}

static void county_tsv(server *srv, int year, response *rs)
{
    size_t left_out = 0;
    char *report = county_report(srv, year, &left_out, rs);
    if (!report)
        return;
    int status;
    char *out;
    size_t olen;
    if (ask(srv, WORK_CELLS, 0, report, strlen(report), 1, &status, &out, &olen, rs) == 0) {
        response_header(rs, "X-Left-Out", "%zu", left_out);
        response_header(rs, "Content-Disposition", "attachment; filename=\"county-%d.tsv\"", year);
        response_take(rs, status == 0 ? 200 : 500, "text/tab-separated-values; charset=utf-8", out,
                      olen);
    }
    free(report);
}

/* Adds a copy of data as name; 0, or -1. */
static int zip_add_copy(zip_t *z, const char *name, const char *data, size_t len)
{
    void *copy = xmalloc(len ? len : 1);
    memcpy(copy, data, len);
    zip_source_t *src = zip_source_buffer(z, copy, len, 1);
    if (!src) {
        free(copy);
        return -1;
    }
    if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(src);
        return -1;
    }
    /* PDFs are compressed already */
    zip_set_file_compression(z, (zip_uint64_t)zip_name_locate(z, name, 0), ZIP_CM_STORE, 0);
    return 0;
}

/* The archive made in memory: its bytes (malloc'd), or NULL. */
static char *zip_bytes(zip_source_t *src, size_t *len)
{
    zip_stat_t st;
    if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
        return NULL;
    char *out = xmalloc(st.size ? st.size : 1);
    zip_int64_t n = zip_source_read(src, out, st.size);
    zip_source_close(src);
    if (n < 0 || (zip_uint64_t)n != st.size) {
        free(out);
        return NULL;
    }
    *len = (size_t)n;
    return out;
}

static void pdfs_zip(server *srv, int year, response *rs)
{
    char **agencies;
    size_t n;
    char **jsons = store_year_reports(srv->db, year, &agencies, &n);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(mem);
    zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
    strbuf left = {0};
    int failed = !z;
    for (size_t i = 0; i < n && !failed; i++) {
        report_row r;
        char *prev = NULL;
        store_report_get(srv->db, year - 1, agencies[i], &r, &prev);
        report_row_clear(&r);
        strbuf p = {0};
        sb_add(&p, jsons[i]);
        sb_addc(&p, '\0');
        if (prev)
            sb_add(&p, prev);
        free(prev);
        int status;
        char *pdf;
        size_t len;
        if (ask(srv, WORK_PDF, 0, p.s, p.len, 1, &status, &pdf, &len, rs) != 0) {
            failed = 1;
        } else if (status != 0) {
            sb_printf(&left, "%s\n", agencies[i]);
            free(pdf);
        } else {
            strbuf name = {0};
            sb_printf(&name, "%s%d年政府信息公开工作年度报告.pdf", agencies[i], year);
            failed = zip_add_copy(z, name.s, pdf, len) != 0;
            sb_free(&name);
            free(pdf);
        }
        sb_free(&p);
    }
    if (!failed && left.len) {
        strbuf note = {0};
        sb_add(&note, "以下机关的报告有错误，未收入本压缩包：\n");
        sb_addn(&note, left.s, left.len);
        failed = zip_add_copy(z, "未收入的报告.txt", note.s, note.len) != 0;
        sb_free(&note);
    }
    size_t len = 0;
    char *bytes = NULL;
    if (z && !failed && zip_close(z) == 0) {
        z = NULL;
        bytes = zip_bytes(mem, &len);
    }
    if (z)
        zip_discard(z);
    if (mem)
        zip_source_free(mem);
    zip_error_fini(&ze);
    for (size_t i = 0; i < n; i++) {
        free(agencies[i]);
        free(jsons[i]);
    }
    free(agencies);
    free(jsons);
    sb_free(&left);
    if (rs->status) { /* a worker did not answer: 503 said */
        free(bytes);
        return;
    }
    if (!bytes) {
        response_error(rs, 500, "zip", "无法生成压缩包");
        return;
    }
    response_header(rs, "Content-Disposition", "attachment; filename=\"reports-%d.zip\"", year);
    response_take(rs, 200, "application/zip", bytes, len);
}

void api_county(server *srv, const session *s, int year, const char *what, response *rs)
{
    if (!s->county)
        response_error(rs, 403, "forbidden", "只有县（区）审核人员可以汇总");
    else if (!strcmp(what, "county.json"))
        county_json(srv, year, rs);
    else if (!strcmp(what, "county.tsv"))
        county_tsv(srv, year, rs);
    else
        pdfs_zip(srv, year, rs);
}
