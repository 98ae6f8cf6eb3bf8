/* server.h — the parts of the workbench (xxgk serve): the store (store.c),
 * accounts and sessions (auth.c), the render workers (workers.c, and
 * worker.c their side), the HTTP layer (http.c), the API (api.c, api_*.c)
 * and the pages it serves (assets.c).
 *
 * The workbench is a thin layer over libxxgk's public API: it stores the
 * canonical JSON of each department's report, version by version, and asks
 * worker processes for every check, PDF, preview and export. */
#ifndef XXGK_SERVER_INTERNAL_H
#define XXGK_SERVER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/base.h"
#include "xxgk_server.h"

/* ---- store.c: DIR/xxgk.db ----------------------------------------------- */

typedef struct store store;

typedef struct {
    long long id;
    char *name, *role, *agency; /* agency NULL for a county user */
    char *pwhash;
} user;
void user_clear(user *u);

store *store_open(const char *dir, xxgk_diags *d);
void store_close(store *s);

/* 0; 1 the name is taken; -1 a database error (why set). */
int store_user_add(store *s, const char *name, const char *role, const char *agency,
                   const char *pwhash, long long now, char **why);
/* 0; 1 no such user; -1 an error. */
int store_user_set_password(store *s, const char *name, const char *pwhash, char **why);
int store_user_by_name(store *s, const char *name, user *out);
int store_user_by_id(store *s, long long id, user *out);
char *store_users_json(store *s);
/* The agencies of the department accounts, sorted; *n of them. */
char **store_agencies(store *s, size_t *n);
int store_agency_known(store *s, const char *agency);

int store_session_add(store *s, const char *token_hash, long long user_id, const char *csrf,
                      long long expires);
/* 0 with the user and csrf (65 bytes) of a live session; 1 none. */
int store_session_get(store *s, const char *token_hash, long long now, long long *user_id,
                      char csrf[65]);
void store_session_delete(store *s, const char *token_hash);

/* Failed logins of name, and of ip, since then. */
void store_login_failures(store *s, const char *name, const char *ip, long long since, int *by_name,
                          int *by_ip);
void store_login_record(store *s, const char *name, const char *ip, int ok, long long at);

typedef struct {
    int exists;
    long long version;
    char *state; /* "", "returned", "published" */
    int errors, warnings;
    long long updated;
    char *updated_by, *comment;
    long long published; /* the version last published; 0: none */
} report_row;
void report_row_clear(report_row *r);

/* The latest version: 0 with the row (and *json malloc'd, when json is not
 * NULL); 1 no report yet. */
int store_report_get(store *s, int year, const char *agency, report_row *row, char **json);
/* A new version, in one transaction: 0 saved (*version the new one); 1 the
 * report has moved on from expect (a conflict: expect -1 skips the check);
 * -1 an error. */
int store_report_put(store *s, int year, const char *agency, long long expect, const char *json,
                     int errors, int warnings, const char *by, long long now, long long *version);
int store_report_set_state(store *s, int year, const char *agency, const char *state,
                           const char *comment, const char *by, long long now);
/* [{version, created, by, errors, warnings}] of a report, newest first. */
char *store_versions_json(store *s, int year, const char *agency);
/* The JSON of one version, or NULL. */
char *store_version(store *s, int year, const char *agency, long long version);
/* Every department's latest JSON of a year (*n of them; agencies[i] named). */
char **store_year_reports(store *s, int year, char ***agencies, size_t *n);

/* ---- auth.c ------------------------------------------------------------- */

/* Argon2id (libsodium's crypto_pwhash_str): malloc'd, or NULL. */
char *password_hash(const char *password);
int password_ok(const char *hash, const char *password);
/* A random token, hex (2 * bytes + 1). */
void random_hex(char *out, size_t bytes);
/* The digest a session token is stored as (hex, 65 bytes). */
void token_digest(const char *token, char out[65]);

/* ---- workers.c: the render workers, and worker.c their side ----------- */

/* A request: {u32 op; i32 arg; u64 len} then len bytes; the answer:
 * {i32 status; u32 zero; u64 len} then len bytes.  Payloads of several
 * parts separate them with NUL bytes.  A report's "previous" part is last
 * year's report of the same agency (may be empty): the cross-year checks. */
enum {
    WORK_CHECK = 1, /* report NUL previous → the diagnostics (JSON); status: the errors */
    WORK_PDF,       /* report NUL previous, arg 1: a draft allowed → the PDF, status 0;
                       status -1: refused, the diagnostics */
    WORK_PNG,       /* report NUL previous, arg: page (1-based) → the PNG, status: the
                       number of pages; status 0: no such page; -1: the diagnostics */
    WORK_FORM,      /* report NUL previous, arg: form × 2 + draft → the web page or
                       the Word file as WORK_PDF */
    WORK_DIFF,      /* from NUL to → {differences, lines}; status: the differences */
    WORK_COUNTY,    /* name NUL report NUL name NUL report … → {report, left_out,
                       diagnostics}; status: xxgk_aggregate_json's */
    WORK_CELLS,     /* report → the cells table (text) */
    WORK_IMPORT,    /* file name NUL bytes → {report, complete, diagnostics};
                       status -1: nothing recovered */
    WORK_NEXT_YEAR, /* last year's report → this year's to start from (next-year), or
                       the diagnostics (-1) */
};
#define WORK_MAX_PAYLOAD ((uint64_t)256 << 20)

typedef struct workers workers;
/* n processes of "self serve-worker"; NULL after an error in d. */
workers *workers_start(const char *self, int n, xxgk_diags *d);
void workers_stop(workers *w);
/* One request, answered by the next free worker within timeout_ms: 0 with
 * *status and the reply (malloc'd); -1 when no worker could answer (a crash
 * or a hang: that worker is replaced). */
int workers_ask(workers *w, int op, int arg, const char *payload, size_t len, int timeout_ms,
                int *status, char **reply, size_t *reply_len);

/* ---- cache.c: answers by the digest of the question ----------------- */

typedef struct cache cache;
cache *cache_new(size_t budget_bytes);
void cache_free(cache *c);
/* 1 with *status and a copy of the answer (malloc'd); 0 not cached. */
int cache_get(cache *c, int op, int arg, const char *payload, size_t len, int *status, char **reply,
              size_t *reply_len);
void cache_put(cache *c, int op, int arg, const char *payload, size_t len, int status,
               const char *reply, size_t reply_len);

/* ---- http.c and api*.c -------------------------------------------------- */

typedef struct {
    store *db;
    workers *work;
    cache *answers;
    int secure_cookies;
    const char *web_dir; /* XXGK_WEB_DIR, or NULL: the embedded pages */
} server;

typedef struct {
    const char *method;
    const char *path; /* decoded, without the query */
    const char *body;
    size_t body_len;
    const char *ip;
    void *connection; /* what http.c looks the headers up in */
} request;

/* A header, cookie or query argument of the request, or NULL. */
const char *request_header(const request *rq, const char *name);
const char *request_cookie(const request *rq, const char *name);
const char *request_query(const request *rq, const char *name);

#define RESPONSE_MAX_HEADERS 8
typedef struct {
    int status;
    char *body; /* malloc'd */
    size_t len;
    const char *type;
    char *headers[RESPONSE_MAX_HEADERS][2]; /* malloc'd names and values */
    int n_headers;
} response;

void response_header(response *rs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The body: bytes taken (malloc'd) with their type. */
void response_take(response *rs, int status, const char *type, char *body, size_t len);
/* A JSON body, taken. */
void response_json(response *rs, int status, char *json);
/* {"error": code, "message": …}. */
void response_error(response *rs, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void response_clear(response *rs);

/* The largest request body: a report, or a file to import. */
#define BODY_MAX ((size_t)4 << 20)
#define UPLOAD_MAX ((size_t)32 << 20)
size_t body_limit(const char *method, const char *path);

/* Answers one request (api.c). */
void api_handle(server *srv, const request *rq, response *rs);

/* ---- api.c's parts ----------------------------------------------------- */

typedef struct {
    long long id;
    char *name, *role, *agency;
    char csrf[65];
    int county; /* a county user */
} session;

/* The session of the request's cookie: 0; 1 none (401 answered). */
int session_of(server *srv, const request *rq, session *s, response *rs);
void session_clear(session *s);
/* A state-changing request carries the session's CSRF token: 1; else 0
 * (403 answered). */
int csrf_ok(const session *s, const request *rq, response *rs);

void api_login(server *srv, const request *rq, response *rs);
void api_logout(server *srv, const request *rq, response *rs);
void api_session(server *srv, const request *rq, response *rs);
void api_format(server *srv, const char *format, response *rs);
/* /api/years/{year}/reports[/{agency}[/rest]] and {agency}.pdf|.html|.docx */
void api_reports(server *srv, const request *rq, const session *s, int year, const char *agency,
                 const char *rest, response *rs);
void api_year_list(server *srv, const session *s, int year, response *rs);
/* /api/years/{year}/county.json, county.tsv, pdfs.zip */
void api_county(server *srv, const session *s, int year, const char *what, response *rs);

/* A worker's answer (cached when cacheable): 0, or -1 with 503 answered. */
int ask(server *srv, int op, int arg, const char *payload, size_t len, int cacheable, int *status,
        char **reply, size_t *reply_len, response *rs);

/* ---- assets.c: the pages ---------------------------------------------- */

/* The page at path ("/", "/app.js"…) from dir (NULL: the embedded ones):
 * its bytes (malloc'd) and type; 0 when there is none. */
int asset_find(const char *dir, const char *path, char **data, size_t *len, const char **type);

#endif
