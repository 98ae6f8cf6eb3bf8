/* api.c — the workbench's routes (docs/workbench.md is the contract): the
 * pages, the sessions, the formats, and the reports of a year, each handed
 * to its part (api_session.c, api_reports.c, api_county.c).  Every path
 * segment is checked here before anything looks it up. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"
#include "xxgk_render.h"

int ask(server *srv, int op, int arg, const char *payload, size_t len, int cacheable, int *status,
        char **reply, size_t *reply_len, response *rs)
{
    if (cacheable && cache_get(srv->answers, op, arg, payload, len, status, reply, reply_len))
        return 0;
    if (workers_ask(srv->work, op, arg, payload, len, 60000, status, reply, reply_len) != 0) {
        response_error(rs, 503, "busy", "排版进程没有应答，请稍后再试");
        return -1;
    }
    if (cacheable)
        cache_put(srv->answers, op, arg, payload, len, *status, *reply, *reply_len);
    return 0;
}

static void formats(response *rs)
{
    json_t *list = json_array();
    for (size_t i = 0; xxgk_template_at(i); i++) {
        char *form = xxgk_template_form_json(xxgk_template_at(i));
        json_t *j = form ? json_loads(form, 0, NULL) : NULL;
        free(form);
        if (j) {
            json_object_del(j, "sections");
            json_array_append_new(list, j);
        }
    }
    response_json(rs, 200, json_dumps(list, JSON_COMPACT));
    json_decref(list);
}

void api_format(server *srv, const char *format, response *rs)
{
    (void)srv;
    if (!*format) {
        formats(rs);
        return;
    }
    const xxgk_template *t = xxgk_template_get(format);
    char *form = t ? xxgk_template_form_json(t) : NULL;
    if (!form) {
        response_error(rs, 404, "not_found", "没有格式 %s", format);
        return;
    }
    response_json(rs, 200, form);
}

/* A year of a path: 2008 (the first reports under the 条例) to 2100. */
static int parse_year(const char *s, size_t n, int *year)
{
    if (n != 4)
        return -1;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    if (y < 2008 || y > 2100)
        return -1;
    *year = y;
    return 0;
}

static void serve_page(server *srv, const request *rq, response *rs)
{
    if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
        response_error(rs, 405, "method", "不支持的请求方法");
        return;
    }
    char *data;
    size_t len;
    const char *type;
    if (!asset_find(srv->web_dir, rq->path, &data, &len, &type)) {
        response_error(rs, 404, "not_found", "没有这个页面");
        return;
    }
    response_take(rs, 200, type, data, len);
}

/* /api/years/{year}/… */
static void years(server *srv, const request *rq, const char *rest, response *rs)
{
    const char *slash = strchr(rest, '/');
    int year;
    if (!slash || parse_year(rest, (size_t)(slash - rest), &year) != 0) {
        response_error(rs, 400, "bad_year", "年度应为 2008 到 2100 之间的四位数");
        return;
    }
    session s;
    if (session_of(srv, rq, &s, rs) != 0)
        return;
    const char *what = slash + 1;
    int get = !strcmp(rq->method, "GET");
    if (!strcmp(what, "reports")) {
        if (get)
            api_year_list(srv, &s, year, rs);
        else
            response_error(rs, 405, "method", "不支持的请求方法");
    } else if (!strncmp(what, "reports/", 8) && what[8]) {
        const char *agency = what + 8, *sub = strchr(agency, '/');
        char *name = sub ? xstrndup(agency, (size_t)(sub - agency)) : xstrdup(agency);
        if (strcmp(rq->method, "GET") && !csrf_ok(&s, rq, rs))
            ;
        else
            api_reports(srv, rq, &s, year, name, sub ? sub + 1 : "", rs);
        free(name);
    } else if (!strcmp(what, "county.json") || !strcmp(what, "county.tsv") ||
               !strcmp(what, "pdfs.zip")) {
        if (get)
            api_county(srv, &s, year, what, rs);
        else
            response_error(rs, 405, "method", "不支持的请求方法");
    } else {
        response_error(rs, 404, "not_found", "没有这个接口");
    }
    session_clear(&s);
}

void api_handle(server *srv, const request *rq, response *rs)
{
    const char *p = rq->path;
    if (strncmp(p, "/api/", 5)) {
        serve_page(srv, rq, rs);
        return;
    }
    p += 5;
    int get = !strcmp(rq->method, "GET"), post = !strcmp(rq->method, "POST");
    if (!strcmp(p, "login") && post) {
        api_login(srv, rq, rs);
    } else if (!strcmp(p, "logout") && post) {
        api_logout(srv, rq, rs);
    } else if (!strcmp(p, "session") && get) {
        api_session(srv, rq, rs);
    } else if ((!strncmp(p, "formats/", 8) || !strcmp(p, "formats")) && get) {
        session s;
        if (session_of(srv, rq, &s, rs) == 0)
            api_format(srv, p[7] ? p + 8 : "", rs);
        session_clear(&s);
    } else if (!strncmp(p, "years/", 6)) {
        years(srv, rq, p + 6, rs);
    } else if (!strcmp(p, "login") || !strcmp(p, "logout") || !strcmp(p, "session")) {
        response_error(rs, 405, "method", "不支持的请求方法");
    } else {
        response_error(rs, 404, "not_found", "没有这个接口");
    }
}
