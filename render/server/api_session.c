/* api_session.c — logging in and out, and the session of a request.
 *
 * Failed logins are counted per name and per address over 15 minutes: 5
 * of a name or 20 of an address, and the next attempt is refused (429)
 * without the password being looked at.  A login of an unknown name costs
 * what one of a known name costs (a hash is checked either way), so the
 * answer's time does not tell which names exist. */
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"

#define SESSION_SECONDS (12 * 3600)
#define FAIL_WINDOW 900
#define FAILS_PER_NAME 5
#define FAILS_PER_IP 20
#define COOKIE "xxgk_session"

void session_clear(session *s)
{
    free(s->name);
    free(s->role);
    free(s->agency);
    memset(s, 0, sizeof *s);
}

static int is_token(const char *t)
{
    if (!t || strlen(t) != 64)
        return 0;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

int session_of(server *srv, const request *rq, session *s, response *rs)
{
    memset(s, 0, sizeof *s);
    const char *token = request_cookie(rq, COOKIE);
    long long uid;
    char digest[65];
    user u;
    if (is_token(token)) {
        token_digest(token, digest);
        if (store_session_get(srv->db, digest, (long long)time(NULL), &uid, s->csrf) == 0 &&
            store_user_by_id(srv->db, uid, &u) == 0) {
            s->id = u.id;
            s->name = u.name;
            s->role = u.role;
            s->agency = u.agency;
            s->county = !strcmp(u.role, "county");
            free(u.pwhash);
            return 0;
        }
    }
    response_error(rs, 401, "login", "请先登录");
    return 1;
}

int csrf_ok(const session *s, const request *rq, response *rs)
{
    const char *t = request_header(rq, "X-CSRF-Token");
    if (t && strlen(t) == 64 && strlen(s->csrf) == 64 && sodium_memcmp(t, s->csrf, 64) == 0)
        return 1;
    response_error(rs, 403, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面");
    return 0;
}

static char *session_json(const char *name, const char *role, const char *agency, const char *csrf)
{
    json_t *j = json_pack("{s:s, s:s, s:s?, s:s}", "name", name, "role", role, "agency", agency,
                          "csrf", csrf);
    char *out = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return out;
}

/* A hash to check against when the name is unknown (see the top). */
static char *dummy;
static void make_dummy(void)
{
    char pw[33];
    random_hex(pw, 16);
    dummy = password_hash(pw);
}

static const char *dummy_password_hash(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_dummy);
    return dummy;
}

void api_login(server *srv, const request *rq, response *rs)
{
    json_error_t err;
    json_t *body = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &err);
    const char *name = NULL, *password = NULL;
    if (!json_is_object(body) ||
        json_unpack(body, "{s:s, s:s}", "name", &name, "password", &password) != 0 ||
        strlen(name) > 64 || strlen(password) > 1024) {
        json_decref(body);
        response_error(rs, 400, "bad_json", "应为 {\"name\": 用户名, \"password\": 密码}");
        return;
    }
    long long now = (long long)time(NULL);
    int by_name, by_ip;
    store_login_failures(srv->db, name, rq->ip, now - FAIL_WINDOW, &by_name, &by_ip);
    if (by_name >= FAILS_PER_NAME || by_ip >= FAILS_PER_IP) {
        response_header(rs, "Retry-After", "%d", FAIL_WINDOW);
        response_error(rs, 429, "too_many_logins", "登录失败次数过多，请 15 分钟后再试");
        json_decref(body);
        return;
    }
    user u;
    int known = store_user_by_name(srv->db, name, &u) == 0;
    int ok = password_ok(known ? u.pwhash : dummy_password_hash(), password) && known;
    store_login_record(srv->db, name, rq->ip, ok, now);
    if (!ok) {
        if (known)
            user_clear(&u);
        json_decref(body);
        response_error(rs, 401, "login_failed", "用户名或密码不对");
        return;
    }
    char token[65], digest[65], csrf[65];
    random_hex(token, 32);
    random_hex(csrf, 32);
    token_digest(token, digest);
    if (store_session_add(srv->db, digest, u.id, csrf, now + SESSION_SECONDS) != 0) {
        response_error(rs, 500, "store", "无法保存会话");
    } else {
        response_header(rs, "Set-Cookie",
                        COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token,
                        SESSION_SECONDS, srv->secure_cookies ? "; Secure" : "");
        response_json(rs, 200, session_json(u.name, u.role, u.agency, csrf));
    }
    sodium_memzero(token, sizeof token);
    user_clear(&u);
    json_decref(body);
}

void api_logout(server *srv, const request *rq, response *rs)
{
    session s;
    if (session_of(srv, rq, &s, rs) != 0)
        return;
    if (csrf_ok(&s, rq, rs)) {
        char digest[65];
        token_digest(request_cookie(rq, COOKIE), digest);
        store_session_delete(srv->db, digest);
        response_header(rs, "Set-Cookie",
                        COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
                        srv->secure_cookies ? "; Secure" : "");
        response_take(rs, 204, NULL, NULL, 0);
    }
    session_clear(&s);
}

void api_session(server *srv, const request *rq, response *rs)
{
    session s;
    if (session_of(srv, rq, &s, rs) != 0)
        return;
    response_json(rs, 200, session_json(s.name, s.role, s.agency, s.csrf));
    session_clear(&s);
}
