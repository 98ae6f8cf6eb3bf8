/* http.c — the HTTP side of the workbench, with libmicrohttpd: a thread
 * per connection (a request may wait for a render), connections limited in
 * number, per address and in time; each request's body gathered up to its
 * limit (a report, or a file to import: anything declared larger is
 * answered 413 at once, without reading it); the answer made by api.c, with the headers
 * every answer carries.  xxgk_serve runs it until SIGINT or SIGTERM. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/diag.h"
#include "server/server.h"

/* ---- the request and the answer --------------------------------------- */

const char *request_header(const request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, name);
}

const char *request_cookie(const request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->connection, MHD_COOKIE_KIND, name);
}

const char *request_query(const request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND, name);
}

void response_header(response *rs, const char *name, const char *fmt, ...)
{
    if (rs->n_headers == RESPONSE_MAX_HEADERS)
        return;
    va_list ap;
    va_start(ap, fmt);
    strbuf v = {0};
    sb_vprintf(&v, fmt, ap);
    va_end(ap);
    rs->headers[rs->n_headers][0] = xstrdup(name);
    rs->headers[rs->n_headers][1] = sb_take(&v);
    rs->n_headers++;
}

void response_take(response *rs, int status, const char *type, char *body, size_t len)
{
    free(rs->body);
    rs->status = status;
    rs->type = type;
    rs->body = body;
    rs->len = len;
}

void response_json(response *rs, int status, char *json)
{
    response_take(rs, status, "application/json; charset=utf-8", json, strlen(json));
}

void response_error(response *rs, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf m = {0};
    sb_vprintf(&m, fmt, ap);
    va_end(ap);
    strbuf b = {0};
    sb_add(&b, "{\"error\":");
    sb_add_json_string(&b, code);
    sb_add(&b, ",\"message\":");
    sb_add_json_string(&b, m.s ? m.s : "");
    sb_add(&b, "}");
    sb_free(&m);
    response_json(rs, status, sb_take(&b));
}

void response_clear(response *rs)
{
    free(rs->body);
    for (int i = 0; i < rs->n_headers; i++) {
        free(rs->headers[i][0]);
        free(rs->headers[i][1]);
    }
    memset(rs, 0, sizeof *rs);
}

size_t body_limit(const char *method, const char *path)
{
    if (strcmp(method, "POST") && strcmp(method, "PUT"))
        return 0;
    size_t n = strlen(path);
    return n > 7 && !strcmp(path + n - 7, "/import") ? UPLOAD_MAX : BODY_MAX;
}

/* ---- libmicrohttpd ------------------------------------------------------ */

typedef struct {
    strbuf body;
    size_t limit;
    int refused; /* answered 413 from its headers */
} exchange;

static const char csp[] = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
                          "script-src 'self'; connect-src 'self'; object-src 'none'; "
                          "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

static enum MHD_Result send_response(struct MHD_Connection *conn, response *rs, int is_api)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : "", MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (rs->type)
        MHD_add_response_header(r, "Content-Type", rs->type);
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", is_api ? "no-store" : "no-cache");
    for (int i = 0; i < rs->n_headers; i++)
        MHD_add_response_header(r, rs->headers[i][0], rs->headers[i][1]);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *conn, int status, const char *code,
                              const char *message)
{
    response rs = {0};
    response_error(&rs, status, code, "%s", message);
    enum MHD_Result ok = send_response(conn, &rs, 1);
    response_clear(&rs);
    return ok;
}

static const char *client_ip(struct MHD_Connection *conn, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(buf, size, "?");
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                      (socklen_t)size);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                      (socklen_t)size);
    }
    return buf;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    server *srv = cls;
    exchange *x = *con_cls;
    if (!x) {
        x = xmalloc(sizeof *x);
        memset(x, 0, sizeof *x);
        x->limit = body_limit(method, url);
        *con_cls = x;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl && x->limit && strtoull(cl, NULL, 10) > x->limit) {
            x->refused = 1;
            return refuse(conn, 413, "too_large", "请求内容过大");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* a body without a length (chunked) that runs past the limit: the
         * connection is closed (libmicrohttpd cannot answer in the middle
         * of a body); nothing more of it is read */
        if (x->body.len + *upload_size > x->limit)
            return MHD_NO;
        sb_addn(&x->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (x->refused)
        return MHD_YES;
    char ip[INET6_ADDRSTRLEN + 1];
    request rq = {
        method, url, x->body.s ? x->body.s : "", x->body.len, client_ip(conn, ip, sizeof ip), conn};
    response rs = {0};
    api_handle(srv, &rq, &rs);
    if (!rs.status)
        response_error(&rs, 500, "internal", "服务器内部错误");
    enum MHD_Result ok = send_response(conn, &rs, !strncmp(url, "/api/", 5));
    response_clear(&rs);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)conn;
    (void)why;
    exchange *x = *con_cls;
    if (x) {
        sb_free(&x->body);
        free(x);
        *con_cls = NULL;
    }
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Percent-decoding of the path and the query, in place, except that %00
 * stays as it is: a NUL would cut the name short ("/app.js%00.png" would
 * be "/app.js"), and no name has one. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = hex_digit(r[1])) >= 0 && (lo = hex_digit(r[2])) >= 0 &&
            (hi || lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" into an address: 0, or -1. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(s, ':');
    if (!colon)
        return -1;
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end || port > 65535 || end == colon + 1)
        return -1;
    char host[64];
    size_t n = (size_t)(colon - s);
    if (n >= sizeof host)
        return -1;
    memcpy(host, s, n);
    host[n] = '\0';
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host[n - 1] = '\0';
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        *len = sizeof *a;
        return inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *len = sizeof *a;
    return inet_pton(AF_INET, n ? host : "0.0.0.0", &a->sin_addr) == 1 ? 0 : -1;
}

/* libmicrohttpd's own messages (a connection it closed, a socket error),
 * said as the server's. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("xxgk serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int xxgk_serve(const xxgk_serve_options *o, xxgk_diags *d)
{
    const char *listen = o->listen ? o->listen : "127.0.0.1:8080";
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(listen, &ss, &sslen) != 0) {
        diag_add(d, XXGK_ERROR, "V05", NULL, "无法理解监听地址 %s（应为 主机:端口）", listen);
        return -1;
    }
    if (!xxgk_templates_usable(d))
        return -1;
    /* the signals are waited for here, in this thread, and blocked in every
     * other (the HTTP threads inherit the mask) */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    server srv = {0};
    srv.secure_cookies = o->secure_cookies;
    srv.web_dir = getenv("XXGK_WEB_DIR");
    if (srv.web_dir && !*srv.web_dir)
        srv.web_dir = NULL;
    srv.db = store_open(o->data_dir, d);
    if (!srv.db)
        return -1;
    srv.work = workers_start(o->self, o->workers > 0 ? o->workers : cores(), d);
    if (!srv.work) {
        store_close(srv.db);
        return -1;
    }
    srv.answers = cache_new((size_t)128 << 20);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)512, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)64,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)256 * 1024, MHD_OPTION_END);
    int rc = 0;
    if (!daemon) {
        diag_add(d, XXGK_ERROR, "V05", NULL, "无法在 %s 上监听（端口被占用，或没有权限）", listen);
        rc = -1;
    } else {
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
        char addr[128];
        char host[INET6_ADDRSTRLEN + 1] = "";
        if (ss.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
        else
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
        snprintf(addr, sizeof addr, ss.ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", host,
                 di ? (unsigned)di->port : 0u);
        if (o->ready)
            o->ready(addr, o->ctx);
        int sig;
        sigwait(&sigs, &sig);
        MHD_stop_daemon(daemon);
    }
    workers_stop(srv.work);
    cache_free(srv.answers);
    store_close(srv.db);
    pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
    return rc;
}
