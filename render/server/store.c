/* store.c — the workbench's store: one SQLite database, DIR/xxgk.db, in
 * WAL mode with full sync, so that killing the server at any moment loses
 * at most the request in flight and a reader never waits for a writer.
 *
 * Every report is kept as its canonical JSON, one row per version; the
 * reports table holds the latest version's number, state and counts.  One
 * connection, used under a mutex (the HTTP threads take turns; every
 * statement is short).  All SQL through prepared statements with bound
 * values: no text from a request is ever part of a statement. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "server/server.h"

struct store {
    sqlite3 *db;
    pthread_mutex_t lock;
};

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,"
    " role TEXT NOT NULL CHECK(role IN ('county','department')), agency TEXT,"
    " pwhash TEXT NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sessions(token TEXT PRIMARY KEY, user_id INTEGER NOT NULL"
    " REFERENCES users(id) ON DELETE CASCADE, csrf TEXT NOT NULL, expires INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS logins(name TEXT, ip TEXT, ok INTEGER, at INTEGER);"
    "CREATE INDEX IF NOT EXISTS logins_at ON logins(at);"
    "CREATE TABLE IF NOT EXISTS reports(year INTEGER NOT NULL, agency TEXT NOT NULL,"
    " version INTEGER NOT NULL, state TEXT NOT NULL DEFAULT '', errors INTEGER, warnings INTEGER,"
    " updated INTEGER, updated_by TEXT, comment TEXT, published INTEGER,"
    " PRIMARY KEY(year, agency));"
    "CREATE TABLE IF NOT EXISTS versions(year INTEGER NOT NULL, agency TEXT NOT NULL,"
    " version INTEGER NOT NULL, json TEXT NOT NULL, created INTEGER, created_by TEXT,"
    " errors INTEGER, warnings INTEGER, PRIMARY KEY(year, agency, version));";

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

store *store_open(const char *dir, xxgk_diags *d)
{
    mkdir(dir, 0700);
    strbuf path = {0};
    sb_printf(&path, "%s/xxgk.db", dir);
    store *s = xmalloc(sizeof *s);
    s->db = NULL;
    int rc = sqlite3_open_v2(path.s, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW |
                                 SQLITE_OPEN_FULLMUTEX,
                             NULL);
    char *err = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(s->db, 10000);
        rc = sqlite3_exec(s->db, schema, NULL, NULL, &err);
    }
    if (rc != SQLITE_OK) {
        diag_add(d, XXGK_ERROR, "V01", NULL, "无法打开数据库 %s：%s", path.s,
                 err     ? err
                 : s->db ? sqlite3_errmsg(s->db)
                         : "?");
        sqlite3_free(err);
        sqlite3_close(s->db);
        free(s);
        sb_free(&path);
        return NULL;
    }
    sb_free(&path);
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void store_close(store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* A statement prepared under the lock (held until done()). */
static sqlite3_stmt *prepare(store *s, const char *sql)
{
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        pthread_mutex_unlock(&s->lock);
        return NULL;
    }
    return st;
}

static void done(store *s, sqlite3_stmt *st)
{
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
}

static void bind_text(sqlite3_stmt *st, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void user_clear(user *u)
{
    free(u->name);
    free(u->role);
    free(u->agency);
    free(u->pwhash);
    memset(u, 0, sizeof *u);
}

int store_user_add(store *s, const char *name, const char *role, const char *agency,
                   const char *pwhash, long long now, char **why)
{
    sqlite3_stmt *st = prepare(s, "INSERT INTO users(name, role, agency, pwhash, created) "
                                  "VALUES(?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    bind_text(st, 1, name);
    bind_text(st, 2, role);
    bind_text(st, 3, agency);
    bind_text(st, 4, pwhash);
    sqlite3_bind_int64(st, 5, now);
    int rc = sqlite3_step(st);
    int out = rc == SQLITE_DONE ? 0 : rc == SQLITE_CONSTRAINT ? 1 : -1;
    if (out < 0)
        why_set(why, "%s", sqlite3_errmsg(s->db));
    done(s, st);
    return out;
}

int store_user_set_password(store *s, const char *name, const char *pwhash, char **why)
{
    sqlite3_stmt *st = prepare(s, "UPDATE users SET pwhash = ? WHERE name = ?");
    if (!st)
        return -1;
    bind_text(st, 1, pwhash);
    bind_text(st, 2, name);
    int rc = sqlite3_step(st);
    int changed = sqlite3_changes(s->db);
    if (rc != SQLITE_DONE)
        why_set(why, "%s", sqlite3_errmsg(s->db));
    done(s, st);
    if (rc == SQLITE_DONE && changed) {
        /* a new password ends the sessions of the old one */
        sqlite3_stmt *del = prepare(
            s, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)");
        if (del) {
            bind_text(del, 1, name);
            sqlite3_step(del);
            done(s, del);
        }
    }
    return rc != SQLITE_DONE ? -1 : changed ? 0 : 1;
}

static int user_from(store *s, sqlite3_stmt *st, user *out)
{
    memset(out, 0, sizeof *out);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->id = sqlite3_column_int64(st, 0);
        out->name = dup_col(st, 1);
        out->role = dup_col(st, 2);
        out->agency = dup_col(st, 3);
        out->pwhash = dup_col(st, 4);
    }
    done(s, st);
    return found ? 0 : 1;
}

int store_user_by_name(store *s, const char *name, user *out)
{
    sqlite3_stmt *st =
        prepare(s, "SELECT id, name, role, agency, pwhash FROM users WHERE name = ?");
    if (!st)
        return -1;
    bind_text(st, 1, name);
    return user_from(s, st, out);
}

int store_user_by_id(store *s, long long id, user *out)
{
    sqlite3_stmt *st = prepare(s, "SELECT id, name, role, agency, pwhash FROM users WHERE id = ?");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return user_from(s, st, out);
}

char *store_users_json(store *s)
{
    sqlite3_stmt *st = prepare(s, "SELECT name, role, agency, created FROM users ORDER BY name");
    if (!st)
        return NULL;
    strbuf b = {0};
    sb_addc(&b, '[');
    for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
        sb_add(&b, n ? ",\n{" : "\n{");
        sb_add(&b, "\"name\":");
        sb_add_json_string(&b, (const char *)sqlite3_column_text(st, 0));
        sb_add(&b, ",\"role\":");
        sb_add_json_string(&b, (const char *)sqlite3_column_text(st, 1));
        sb_add(&b, ",\"agency\":");
        if (sqlite3_column_type(st, 2) == SQLITE_NULL)
            sb_add(&b, "null");
        else
            sb_add_json_string(&b, (const char *)sqlite3_column_text(st, 2));
        sb_printf(&b, ",\"created\":%lld}", (long long)sqlite3_column_int64(st, 3));
    }
    sb_add(&b, "\n]\n");
    done(s, st);
    return sb_take(&b);
}

char **store_agencies(store *s, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = prepare(s, "SELECT DISTINCT agency FROM users WHERE role = 'department' "
                                  "AND agency IS NOT NULL ORDER BY agency");
    if (!st)
        return NULL;
    char **v = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        v = xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = dup_col(st, 0);
    }
    done(s, st);
    return v;
}

int store_agency_known(store *s, const char *agency)
{
    sqlite3_stmt *st =
        prepare(s, "SELECT 1 FROM users WHERE role = 'department' AND agency = ? LIMIT 1");
    if (!st)
        return 0;
    bind_text(st, 1, agency);
    int known = sqlite3_step(st) == SQLITE_ROW;
    done(s, st);
    return known;
}

int store_session_add(store *s, const char *token_hash, long long user_id, const char *csrf,
                      long long expires)
{
    sqlite3_stmt *st =
        prepare(s, "INSERT INTO sessions(token, user_id, csrf, expires) VALUES(?, ?, ?, ?)");
    if (!st)
        return -1;
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id);
    bind_text(st, 3, csrf);
    sqlite3_bind_int64(st, 4, expires);
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    done(s, st);
    return rc;
}

int store_session_get(store *s, const char *token_hash, long long now, long long *user_id,
                      char csrf[65])
{
    sqlite3_stmt *st =
        prepare(s, "SELECT user_id, csrf FROM sessions WHERE token = ? AND expires > ?");
    if (!st)
        return 1;
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, now);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        *user_id = sqlite3_column_int64(st, 0);
        const unsigned char *c = sqlite3_column_text(st, 1);
        snprintf(csrf, 65, "%s", c ? (const char *)c : "");
    }
    done(s, st);
    return found ? 0 : 1;
}

void store_session_delete(store *s, const char *token_hash)
{
    sqlite3_stmt *st =
        prepare(s, "DELETE FROM sessions WHERE token = ? OR expires < strftime('%s')");
    if (!st)
        return;
    bind_text(st, 1, token_hash);
    sqlite3_step(st);
    done(s, st);
}

void store_login_failures(store *s, const char *name, const char *ip, long long since, int *by_name,
                          int *by_ip)
{
    *by_name = *by_ip = 0;
    sqlite3_stmt *st = prepare(s, "SELECT coalesce(sum(name = ?), 0), coalesce(sum(ip = ?), 0) "
                                  "FROM logins WHERE ok = 0 AND at >= ?");
    if (!st)
        return;
    bind_text(st, 1, name);
    bind_text(st, 2, ip);
    sqlite3_bind_int64(st, 3, since);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *by_name = sqlite3_column_int(st, 0);
        *by_ip = sqlite3_column_int(st, 1);
    }
    done(s, st);
}

void store_login_record(store *s, const char *name, const char *ip, int ok, long long at)
{
    sqlite3_stmt *st = prepare(s, "INSERT INTO logins(name, ip, ok, at) VALUES(?, ?, ?, ?)");
    if (!st)
        return;
    bind_text(st, 1, name);
    bind_text(st, 2, ip);
    sqlite3_bind_int(st, 3, ok);
    sqlite3_bind_int64(st, 4, at);
    sqlite3_step(st);
    done(s, st);
    /* a day of history is enough for the limits */
    st = prepare(s, "DELETE FROM logins WHERE at < ?");
    if (st) {
        sqlite3_bind_int64(st, 1, at - 86400);
        sqlite3_step(st);
        done(s, st);
    }
}

void report_row_clear(report_row *r)
{
    free(r->state);
    free(r->updated_by);
    free(r->comment);
    memset(r, 0, sizeof *r);
}

int store_report_get(store *s, int year, const char *agency, report_row *row, char **json)
{
    memset(row, 0, sizeof *row);
    if (json)
        *json = NULL;
    sqlite3_stmt *st = prepare(
        s, "SELECT r.version, r.state, r.errors, r.warnings, r.updated, r.updated_by, r.comment,"
           " v.json, r.published FROM reports r JOIN versions v ON v.year = r.year AND v.agency = "
           "r.agency"
           " AND v.version = r.version WHERE r.year = ? AND r.agency = ?");
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, agency);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        row->exists = 1;
        row->version = sqlite3_column_int64(st, 0);
        row->state = dup_col(st, 1);
        row->errors = sqlite3_column_int(st, 2);
        row->warnings = sqlite3_column_int(st, 3);
        row->updated = sqlite3_column_int64(st, 4);
        row->updated_by = dup_col(st, 5);
        row->comment = dup_col(st, 6);
        if (json)
            *json = dup_col(st, 7);
        row->published =
            sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
    }
    done(s, st);
    return found ? 0 : 1;
}

static int exec_locked(store *s, const char *sql)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Inside the transaction, under the lock: the next version's number, or
 * -1 on a conflict. */
static long long next_version(store *s, int year, const char *agency, long long expect)
{
    sqlite3_stmt *st = NULL;
    long long current = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT version FROM reports WHERE year = ? AND agency = ?", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, agency);
        if (sqlite3_step(st) == SQLITE_ROW)
            current = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return expect >= 0 && expect != current ? -1 : current + 1;
}

int store_report_put(store *s, int year, const char *agency, long long expect, const char *json,
                     int errors, int warnings, const char *by, long long now, long long *version)
{
    pthread_mutex_lock(&s->lock);
    int rc = exec_locked(s, "BEGIN IMMEDIATE");
    long long v = rc ? -1 : next_version(s, year, agency, expect);
    if (rc == 0 && v < 0) {
        exec_locked(s, "ROLLBACK");
        pthread_mutex_unlock(&s->lock);
        return 1;
    }
    sqlite3_stmt *st = NULL;
    if (rc == 0 &&
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO versions(year, agency, version, json, created, "
                           "created_by, errors, warnings) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, agency);
        sqlite3_bind_int64(st, 3, v);
        bind_text(st, 4, json);
        sqlite3_bind_int64(st, 5, now);
        bind_text(st, 6, by);
        sqlite3_bind_int(st, 7, errors);
        sqlite3_bind_int(st, 8, warnings);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    } else {
        rc = -1;
    }
    /* a new version clears a return or a publication: it is a draft again */
    if (rc == 0 &&
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO reports(year, agency, version, state, errors, warnings, "
                           "updated, updated_by, comment) VALUES(?, ?, ?, '', ?, ?, ?, ?, NULL) "
                           "ON CONFLICT(year, agency) DO UPDATE SET version = excluded.version, "
                           "state = '', errors = excluded.errors, warnings = excluded.warnings, "
                           "updated = excluded.updated, updated_by = excluded.updated_by",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, agency);
        sqlite3_bind_int64(st, 3, v);
        sqlite3_bind_int(st, 4, errors);
        sqlite3_bind_int(st, 5, warnings);
        sqlite3_bind_int64(st, 6, now);
        bind_text(st, 7, by);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(st);
    } else if (rc == 0) {
        rc = -1;
    }
    if (rc == 0)
        rc = exec_locked(s, "COMMIT");
    if (rc != 0)
        exec_locked(s, "ROLLBACK");
    pthread_mutex_unlock(&s->lock);
    if (rc == 0)
        *version = v;
    return rc;
}

int store_report_set_state(store *s, int year, const char *agency, const char *state,
                           const char *comment, const char *by, long long now)
{
    /* publishing records the version published: a correction is compared
     * with it */
    sqlite3_stmt *st = prepare(s, "UPDATE reports SET state = ?1, comment = ?2, updated = ?3, "
                                  "updated_by = ?4, published = CASE WHEN ?1 = 'published' THEN "
                                  "version ELSE published END WHERE year = ?5 AND agency = ?6");
    if (!st)
        return -1;
    bind_text(st, 1, state);
    bind_text(st, 2, comment);
    sqlite3_bind_int64(st, 3, now);
    bind_text(st, 4, by);
    sqlite3_bind_int(st, 5, year);
    bind_text(st, 6, agency);
    int rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(s->db) ? 0 : 1;
    done(s, st);
    return rc;
}

char *store_versions_json(store *s, int year, const char *agency)
{
    sqlite3_stmt *st = prepare(s, "SELECT version, created, created_by, errors, warnings FROM "
                                  "versions WHERE year = ? AND agency = ? ORDER BY version DESC");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, agency);
    strbuf b = {0};
    sb_addc(&b, '[');
    for (int n = 0; sqlite3_step(st) == SQLITE_ROW; n++) {
        sb_printf(&b, "%s{\"version\":%lld,\"created\":%lld,\"by\":", n ? "," : "",
                  (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1));
        const unsigned char *by = sqlite3_column_text(st, 2);
        if (by)
            sb_add_json_string(&b, (const char *)by);
        else
            sb_add(&b, "null");
        sb_printf(&b, ",\"errors\":%d,\"warnings\":%d}", sqlite3_column_int(st, 3),
                  sqlite3_column_int(st, 4));
    }
    sb_addc(&b, ']');
    done(s, st);
    return sb_take(&b);
}

char *store_version(store *s, int year, const char *agency, long long version)
{
    sqlite3_stmt *st =
        prepare(s, "SELECT json FROM versions WHERE year = ? AND agency = ? AND version = ?");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, agency);
    sqlite3_bind_int64(st, 3, version);
    char *json = sqlite3_step(st) == SQLITE_ROW ? dup_col(st, 0) : NULL;
    done(s, st);
    return json;
}

char **store_year_reports(store *s, int year, char ***agencies, size_t *n)
{
    *n = 0;
    *agencies = NULL;
    sqlite3_stmt *st = prepare(s, "SELECT r.agency, v.json FROM reports r JOIN versions v ON "
                                  "v.year = r.year AND v.agency = r.agency AND v.version = "
                                  "r.version WHERE r.year = ? ORDER BY r.agency");
    if (!st)
        return NULL;
    sqlite3_bind_int(st, 1, year);
    char **jsons = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        jsons = xrealloc(jsons, (*n + 1) * sizeof *jsons);
        *agencies = xrealloc(*agencies, (*n + 1) * sizeof **agencies);
        (*agencies)[*n] = dup_col(st, 0);
        jsons[(*n)++] = dup_col(st, 1);
    }
    done(s, st);
    return jsons;
}
