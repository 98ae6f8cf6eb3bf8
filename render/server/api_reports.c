/* api_reports.c — one department's report of a year: read, save (a new
 * version, checked against the version it was edited from), check,
 * preview, the files, the versions and their differences, the status, and
 * the import of a published file.  Every answer about a report's content
 * comes from a worker (worker.c), with last year's report of the same
 * agency for the cross-year checks. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "xxgk_render.h"

/* An agency's name as a path gives it: UTF-8 of 1 to 200 bytes, no control
 * character, no slash, not "." or "..". */
static int agency_name_ok(const char *a)
{
    size_t n = strlen(a);
    if (!n || n > 200 || !utf8_valid(a, n) || !strcmp(a, ".") || !strcmp(a, ".."))
        return 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
            return 0;
    return 1;
}

static const char *status_of(const report_row *r)
{
    if (!r->exists)
        return "not_started";
    if (r->state && *r->state)
        return r->state;
    return r->errors ? "errors" : "draft";
}

static json_t *row_json(const char *agency, const report_row *r)
{
    json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:I}", "agency", agency, "status", status_of(r),
                          "errors", r->exists ? r->errors : 0, "warnings",
                          r->exists ? r->warnings : 0, "version", (json_int_t)r->version);
    json_object_set_new(j, "updated", r->exists ? json_integer(r->updated) : json_null());
    json_object_set_new(j, "by", r->updated_by ? json_string(r->updated_by) : json_null());
    json_object_set_new(j, "comment", r->comment ? json_string(r->comment) : json_null());
    return j;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void api_year_list(server *srv, const session *s, int year, response *rs)
{
    size_t n = 0, m = 0;
    char **names = NULL;
    if (s->county) {
        names = store_agencies(srv->db, &n);
        char **reported = NULL;
        char **jsons = store_year_reports(srv->db, year, &reported, &m);
        for (size_t i = 0; i < m; i++) {
            free(jsons[i]);
            names = xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = reported[i];
        }
        free(jsons);
        free(reported);
        qsort(names, n, sizeof *names, cmp_str);
    } else if (s->agency) {
        names = xmalloc(sizeof *names);
        names[n++] = xstrdup(s->agency);
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(names[i], names[i - 1]))
            continue;
        report_row r;
        store_report_get(srv->db, year, names[i], &r, NULL);
        json_array_append_new(list, row_json(names[i], &r));
        report_row_clear(&r);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    response_json(rs, 200, json_dumps(list, JSON_COMPACT));
    json_decref(list);
}

/* ---- the report's content ------------------------------------------------ */

/* The report a new year starts from: the blank form of the year's format
 * with the agency filled in (JSON, malloc'd). */
static char *blank_report(int year, const char *agency)
{
    const xxgk_template *t = xxgk_template_for_year(year);
    char *skeleton = t ? xxgk_template_skeleton(t, year) : NULL;
    json_t *j = skeleton ? json_loads(skeleton, 0, NULL) : NULL;
    free(skeleton);
    if (!j)
        return NULL;
    size_t n = strlen(agency);
    int government = n >= 12 && !strcmp(agency + n - 12, "人民政府");
    /* the template's placeholders are not the department's: no date, no
     * agency but its own */
    json_object_del(j, "date");
    json_object_set_new(j, "agency", json_string(agency));
    json_object_set_new(j, "agency_kind", json_string(government ? "government" : "department"));
    char *out = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return out;
}

/* The report a department starts the year from: next-year of last year's
 * report when the store has one (start "previous"), else the blank form
 * (start "template").  malloc'd JSON. */
static char *start_report(server *srv, int year, const char *agency, const char **start)
{
    report_row r;
    char *prev = NULL;
    store_report_get(srv->db, year - 1, agency, &r, &prev);
    report_row_clear(&r);
    char *json = NULL;
    if (prev) {
        int status = -1;
        char *out = NULL;
        size_t olen = 0;
        if (workers_ask(srv->work, WORK_NEXT_YEAR, 0, prev, strlen(prev), 60000, &status, &out,
                        &olen) == 0 &&
            status == 0)
            json = xstrndup(out, olen);
        free(out);
        free(prev);
    }
    *start = json ? "previous" : "template";
    return json ? json : blank_report(year, agency);
}

/* report NUL last year's (when there is one): what the workers read. */
static char *with_previous(server *srv, int year, const char *agency, const char *json, size_t len,
                           size_t *out_len)
{
    report_row r;
    char *prev = NULL;
    store_report_get(srv->db, year - 1, agency, &r, &prev);
    report_row_clear(&r);
    size_t k = prev ? strlen(prev) : 0;
    char *p = xmalloc(len + 1 + k + 1);
    memcpy(p, json, len);
    p[len] = '\0';
    if (k)
        memcpy(p + len + 1, prev, k);
    p[len + 1 + k] = '\0';
    *out_len = len + 1 + k;
    free(prev);
    return p;
}

/* The content a request is about: the body of a POST (unsaved), else the
 * saved version (or the blank form).  malloc'd; NULL when the report does
 * not exist yet and blank is 0 (404 answered). */
static char *content_of(server *srv, const request *rq, int year, const char *agency, int blank,
                        response *rs)
{
    if (!strcmp(rq->method, "POST"))
        return xstrndup(rq->body, rq->body_len);
    report_row r;
    char *json = NULL;
    store_report_get(srv->db, year, agency, &r, &json);
    report_row_clear(&r);
    const char *start;
    if (!json && blank)
        json = start_report(srv, year, agency, &start);
    if (!json)
        response_error(rs, 404, "not_found", "%s 还没有 %d 年度的报告", agency, year);
    return json;
}

static void get_report(server *srv, int year, const char *agency, response *rs)
{
    report_row r;
    char *json = NULL;
    store_report_get(srv->db, year, agency, &r, &json);
    const char *start = NULL;
    if (!json)
        json = start_report(srv, year, agency, &start);
    json_t *report = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    if (!report) {
        report_row_clear(&r);
        response_error(rs, 500, "store", "无法读取报告");
        return;
    }
    json_t *out = row_json(agency, &r);
    json_object_set_new(out, "year", json_integer(year));
    json_object_set_new(out, "published", r.published ? json_integer(r.published) : json_null());
    json_object_set_new(out, "start", start ? json_string(start) : json_null());
    json_object_set_new(out, "report", report);
    response_header(rs, "ETag", "\"%lld\"", r.version);
    response_json(rs, 200, json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER));
    json_decref(out);
    report_row_clear(&r);
}

/* "N" or N of If-Match: 0, or -1. */
static int parse_version(const char *s, long long *v)
{
    if (!s)
        return -1;
    if (*s == '"')
        s++;
    char *end;
    long long k = strtoll(s, &end, 10);
    if (end == s || k < 0 || (*end && strcmp(end, "\"")))
        return -1;
    *v = k;
    return 0;
}

/* The body is a report of this agency and year: 1; else 0 (400 answered). */
static int body_is_report(const request *rq, int year, const char *agency, response *rs)
{
    json_error_t err;
    json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(j)) {
        response_error(rs, 400, "bad_json", "报告应为一个 JSON 对象：%s（第 %d 行）",
                       j ? "不是对象" : err.text, err.line);
        json_decref(j);
        return 0;
    }
    const char *a = json_string_value(json_object_get(j, "agency"));
    json_t *y = json_object_get(j, "year");
    int ok = a && !strcmp(a, agency) && json_is_integer(y) && json_integer_value(y) == year;
    if (!ok)
        response_error(rs, 400, "agency_mismatch", "报告的 agency 和 year 应为 %s 和 %d", agency,
                       year);
    json_decref(j);
    return ok;
}

static int warnings_of(const char *diags)
{
    json_t *j = json_loads(diags, 0, NULL);
    int w = (int)json_integer_value(json_object_get(j, "warnings"));
    json_decref(j);
    return w;
}

static void put_report(server *srv, const request *rq, const session *s, int year,
                       const char *agency, response *rs)
{
    long long expect;
    if (parse_version(request_header(rq, "If-Match"), &expect) != 0) {
        response_error(rs, 428, "version_required",
                       "保存时应以 If-Match 指明所编辑的版本（第一次保存为 \"0\"）");
        return;
    }
    if (!body_is_report(rq, year, agency, rs))
        return;
    size_t len;
    char *payload = with_previous(srv, year, agency, rq->body, rq->body_len, &len);
    int errors;
    char *diags;
    size_t dlen;
    int rc = ask(srv, WORK_CHECK, 0, payload, len, 1, &errors, &diags, &dlen, rs);
    free(payload);
    if (rc != 0)
        return;
    long long version = 0;
    char *json = xstrndup(rq->body, rq->body_len);
    rc = store_report_put(srv->db, year, agency, expect, json, errors, warnings_of(diags), s->name,
                          (long long)time(NULL), &version);
    free(json);
    if (rc == 1) {
        report_row r;
        store_report_get(srv->db, year, agency, &r, NULL);
        json_t *j =
            json_pack("{s:s, s:s, s:I, s:s?, s:I}", "error", "conflict", "message",
                      "报告已被他人修改，请先载入最新版本", "version", (json_int_t)r.version, "by",
                      r.updated_by, "updated", (json_int_t)r.updated);
        response_json(rs, 409, json_dumps(j, JSON_COMPACT));
        json_decref(j);
        report_row_clear(&r);
    } else if (rc != 0) {
        response_error(rs, 500, "store", "无法保存报告");
    } else {
        report_row r;
        store_report_get(srv->db, year, agency, &r, NULL);
        json_t *out = row_json(agency, &r);
        report_row_clear(&r);
        json_t *d = json_loads(diags, 0, NULL);
        json_object_set_new(out, "version", json_integer(version));
        json_object_set(out, "diagnostics", json_object_get(d, "diagnostics"));
        json_decref(d);
        response_header(rs, "ETag", "\"%lld\"", version);
        response_json(rs, 200, json_dumps(out, JSON_COMPACT));
        json_decref(out);
    }
    free(diags);
}

static void check(server *srv, const request *rq, int year, const char *agency, response *rs)
{
    char *json = content_of(srv, rq, year, agency, 1, rs);
    if (!json)
        return;
    size_t len;
    char *payload = with_previous(srv, year, agency, json, strlen(json), &len);
    int errors;
    char *diags;
    size_t dlen;
    if (ask(srv, WORK_CHECK, 0, payload, len, 1, &errors, &diags, &dlen, rs) == 0)
        response_take(rs, 200, "application/json; charset=utf-8", diags, dlen);
    free(payload);
    free(json);
}

/* A refusal for errors: 409 has_errors with the check's counts and
 * diagnostics (diags: the worker's JSON, taken). */
static void has_errors(response *rs, char *diags)
{
    json_t *d = json_loads(diags, 0, NULL);
    free(diags);
    json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:O?}", "error", "has_errors", "message",
                          "报告有错误，改正后才能生成（或以草稿生成）", "errors",
                          json_integer_value(json_object_get(d, "errors")), "warnings",
                          json_integer_value(json_object_get(d, "warnings")), "diagnostics",
                          json_object_get(d, "diagnostics"));
    json_decref(d);
    response_json(rs, 409, json_dumps(j, JSON_COMPACT));
    json_decref(j);
}

static void add_percent_encoded(strbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            sb_addc(b, (char)*p);
        else
            sb_printf(b, "%%%02X", *p);
    }
}

static void file(server *srv, const request *rq, int year, const char *agency, const char *ext,
                 response *rs)
{
    int draft = request_query(rq, "draft") && !strcmp(request_query(rq, "draft"), "1");
    int op = WORK_PDF, arg = draft;
    const char *type = "application/pdf";
    if (!strcmp(ext, "html")) {
        op = WORK_FORM;
        arg = 2 * XXGK_FORM_HTML + draft;
        type = "text/html; charset=utf-8";
    } else if (!strcmp(ext, "docx")) {
        op = WORK_FORM;
        arg = 2 * XXGK_FORM_DOCX + draft;
        type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    char *json = content_of(srv, rq, year, agency, 0, rs);
    if (!json)
        return;
    size_t len;
    char *payload = with_previous(srv, year, agency, json, strlen(json), &len);
    free(json);
    int status;
    char *out;
    size_t olen;
    if (ask(srv, op, arg, payload, len, 1, &status, &out, &olen, rs) == 0) {
        if (status != 0) {
            has_errors(rs, out);
        } else {
            strbuf name = {0};
            sb_printf(&name, "%s%d年政府信息公开工作年度报告.%s", agency, year, ext);
            strbuf cd = {0};
            sb_printf(&cd, "attachment; filename=\"report-%d.%s\"; filename*=UTF-8''", year, ext);
            add_percent_encoded(&cd, name.s);
            response_header(rs, "Content-Disposition", "%s", cd.s);
            sb_free(&cd);
            sb_free(&name);
            response_take(rs, 200, type, out, olen);
        }
    }
    free(payload);
}

static void page(server *srv, const request *rq, int year, const char *agency, const char *which,
                 response *rs)
{
    char *end;
    long n = strtol(which, &end, 10);
    if (end == which || strcmp(end, ".png") || n < 1 || n > 1000) {
        response_error(rs, 404, "not_found", "页码应为 1、2……");
        return;
    }
    char *json = content_of(srv, rq, year, agency, 1, rs);
    if (!json)
        return;
    size_t len;
    char *payload = with_previous(srv, year, agency, json, strlen(json), &len);
    free(json);
    int status;
    char *out;
    size_t olen;
    if (ask(srv, WORK_PNG, (int)n, payload, len, 1, &status, &out, &olen, rs) == 0) {
        if (status > 0) {
            response_header(rs, "X-Page-Count", "%d", status);
            response_take(rs, 200, "image/png", out, olen);
        } else if (status == 0) {
            response_header(rs, "X-Page-Count", "%s", out);
            response_error(rs, 404, "not_found", "报告只有 %s 页", out);
            free(out);
        } else {
            has_errors(rs, out);
        }
    }
    free(payload);
}

static void versions(server *srv, int year, const char *agency, const char *which, response *rs)
{
    if (!*which) {
        char *list = store_versions_json(srv->db, year, agency);
        response_json(rs, 200, list ? list : xstrdup("[]"));
        return;
    }
    long long v;
    char *json = parse_version(which, &v) == 0 ? store_version(srv->db, year, agency, v) : NULL;
    if (!json)
        response_error(rs, 404, "not_found", "没有第 %s 版", which);
    else
        response_json(rs, 200, json);
}

static void diff(server *srv, const request *rq, int year, const char *agency, response *rs)
{
    report_row r;
    store_report_get(srv->db, year, agency, &r, NULL);
    long long from = r.published ? r.published : r.version - 1, to = r.version;
    report_row_clear(&r);
    const char *f = request_query(rq, "from"), *t = request_query(rq, "to");
    if ((f && parse_version(f, &from) != 0) || (t && parse_version(t, &to) != 0)) {
        response_error(rs, 400, "bad_version", "from 和 to 应为版本号");
        return;
    }
    char *a = store_version(srv->db, year, agency, from);
    char *b = store_version(srv->db, year, agency, to);
    if (!a || !b) {
        response_error(rs, 404, "not_found", "没有第 %lld 版或第 %lld 版", from, to);
    } else {
        size_t na = strlen(a), nb = strlen(b);
        char *payload = xmalloc(na + 1 + nb + 1);
        memcpy(payload, a, na + 1);
        memcpy(payload + na + 1, b, nb + 1);
        int status;
        char *out;
        size_t olen;
        if (ask(srv, WORK_DIFF, 0, payload, na + 1 + nb, 1, &status, &out, &olen, rs) == 0)
            response_take(rs, status >= 0 ? 200 : 400, "application/json; charset=utf-8", out,
                          olen);
        free(payload);
    }
    free(a);
    free(b);
}

static void set_status(server *srv, const request *rq, const session *s, int year,
                       const char *agency, response *rs)
{
    json_t *j = json_loadb(rq->body, rq->body_len, 0, NULL);
    const char *status = json_string_value(json_object_get(j, "status"));
    const char *comment = json_string_value(json_object_get(j, "comment"));
    report_row r;
    store_report_get(srv->db, year, agency, &r, NULL);
    if (!status) {
        response_error(rs, 400, "bad_json", "应为 {\"status\": …, \"comment\": …}");
    } else if (!r.exists) {
        response_error(rs, 404, "not_found", "%s 还没有 %d 年度的报告", agency, year);
    } else if (!s->county && strcmp(status, "ready")) {
        response_error(rs, 403, "forbidden", "只有县（区）审核人员可以退回或发布报告");
    } else if (s->county && strcmp(status, "returned") && strcmp(status, "published") &&
               strcmp(status, "draft")) {
        response_error(rs, 400, "bad_status", "状态应为 returned、published 或 draft");
    } else if (!strcmp(status, "returned") && (!comment || !*comment)) {
        response_error(rs, 400, "comment_required", "退回报告要写明原因");
    } else if (comment && strlen(comment) > 4000) {
        response_error(rs, 400, "too_long", "意见过长");
    } else if ((!strcmp(status, "ready") || !strcmp(status, "published")) && r.errors) {
        response_error(rs, 409, "has_errors", "报告有 %d 个错误，不能提交或发布", r.errors);
    } else if (store_report_set_state(srv->db, year, agency, !strcmp(status, "draft") ? "" : status,
                                      comment, s->name, (long long)time(NULL)) != 0) {
        response_error(rs, 500, "store", "无法保存状态");
    } else {
        report_row_clear(&r);
        store_report_get(srv->db, year, agency, &r, NULL);
        json_t *out = row_json(agency, &r);
        response_json(rs, 200, json_dumps(out, JSON_COMPACT));
        json_decref(out);
    }
    report_row_clear(&r);
    json_decref(j);
}

static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* X-File-Name, percent-encoded UTF-8: its last path component, or NULL. */
static char *upload_name(const char *h)
{
    if (!h)
        return NULL;
    strbuf b = {0};
    for (const char *p = h; *p; p++) {
        if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            sb_addc(&b, (char)(hex(p[1]) * 16 + hex(p[2])));
            p += 2;
        } else {
            sb_addc(&b, *p);
        }
    }
    char *name = sb_take(&b);
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char *out = xstrdup(base);
    free(name);
    if (!*out || !utf8_valid(out, strlen(out)) || strlen(out) > 255) {
        free(out);
        return NULL;
    }
    return out;
}

static void import(server *srv, const request *rq, response *rs)
{
    char *name = upload_name(request_header(rq, "X-File-Name"));
    if (!name) {
        response_error(rs, 400, "bad_name", "上传时应以 X-File-Name 给出文件名");
        return;
    }
    size_t n = strlen(name);
    char *payload = xmalloc(n + 1 + rq->body_len + 1);
    memcpy(payload, name, n + 1);
    memcpy(payload + n + 1, rq->body, rq->body_len);
    payload[n + 1 + rq->body_len] = '\0';
    int status;
    char *out;
    size_t olen;
    if (ask(srv, WORK_IMPORT, 0, payload, n + 1 + rq->body_len, 0, &status, &out, &olen, rs) == 0)
        response_take(rs, status == 0 ? 200 : 422, "application/json; charset=utf-8", out, olen);
    free(payload);
    free(name);
}

static int report_exists(server *srv, int year, const char *agency)
{
    report_row r;
    int found = store_report_get(srv->db, year, agency, &r, NULL) == 0;
    report_row_clear(&r);
    return found;
}

static const char *file_ext(const char *agency, char **name)
{
    static const char *const exts[] = {".pdf", ".html", ".docx"};
    size_t n = strlen(agency);
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && !strcmp(agency + n - k, exts[i])) {
            *name = xstrndup(agency, n - k);
            return exts[i] + 1;
        }
    }
    *name = xstrdup(agency);
    return NULL;
}

void api_reports(server *srv, const request *rq, const session *s, int year,
                 const char *path_agency, const char *rest, response *rs)
{
    char *agency;
    const char *ext = *rest ? NULL : file_ext(path_agency, &agency);
    if (*rest)
        agency = xstrdup(path_agency);
    const char *m = rq->method;
    int get = !strcmp(m, "GET"), post = !strcmp(m, "POST"), put = !strcmp(m, "PUT");
    if (!agency_name_ok(agency)) {
        response_error(rs, 400, "bad_agency", "机关名称不合用");
    } else if (!s->county && (!s->agency || strcmp(s->agency, agency))) {
        response_error(rs, 403, "forbidden", "只能查看和填写本机关（%s）的报告",
                       s->agency ? s->agency : "?");
    } else if (s->county && !store_agency_known(srv->db, agency) &&
               !report_exists(srv, year, agency)) {
        response_error(rs, 404, "not_found", "没有名为 %s 的机关", agency);
    } else if (ext && get) {
        file(srv, rq, year, agency, ext, rs);
    } else if (!*rest && get) {
        get_report(srv, year, agency, rs);
    } else if (!*rest && put) {
        put_report(srv, rq, s, year, agency, rs);
    } else if (!strcmp(rest, "check") && (get || post)) {
        check(srv, rq, year, agency, rs);
    } else if (!strncmp(rest, "pages/", 6) && (get || post)) {
        page(srv, rq, year, agency, rest + 6, rs);
    } else if (!strcmp(rest, "versions") && get) {
        versions(srv, year, agency, "", rs);
    } else if (!strncmp(rest, "versions/", 9) && get) {
        versions(srv, year, agency, rest + 9, rs);
    } else if (!strcmp(rest, "diff") && get) {
        diff(srv, rq, year, agency, rs);
    } else if (!strcmp(rest, "status") && post) {
        set_status(srv, rq, s, year, agency, rs);
    } else if (!strcmp(rest, "import") && post) {
        import(srv, rq, rs);
    } else {
        response_error(rs, 404, "not_found", "没有这个接口");
    }
    free(agency);
}
