/* auth.c — passwords and sessions of the workbench, with libsodium.
 *
 * A password is kept only as its Argon2id hash (crypto_pwhash_str, the
 * interactive limits: about 64 MB and a tenth of a second, so that a
 * stolen database is slow to attack).  A session is a random 256-bit token
 * in an HttpOnly, SameSite=Strict cookie; the store keeps only a digest of
 * it, so a copy of the database opens no session.  Accounts are made and
 * changed from the command line (xxgk user), never over the network. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "server/server.h"

char *password_hash(const char *password)
{
    if (sodium_init() < 0)
        return NULL;
    char *out = xmalloc(crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

int password_ok(const char *hash, const char *password)
{
    return sodium_init() >= 0 && hash &&
           crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void random_hex(char *out, size_t bytes)
{
    unsigned char buf[64];
    if (bytes > sizeof buf)
        bytes = sizeof buf;
    if (sodium_init() >= 0)
        randombytes_buf(buf, bytes);
    sodium_bin2hex(out, 2 * bytes + 1, buf, bytes);
    sodium_memzero(buf, sizeof buf);
}

void token_digest(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- xxgk user ---------------------------------------------------------- */

static int usable_password(const char *password, xxgk_diags *d)
{
    if (!password || strlen(password) < 8) {
        diag_add(d, XXGK_ERROR, "V02", NULL, "密码至少 8 个字符");
        return 0;
    }
    return 1;
}

int xxgk_user_add(const char *data_dir, const char *name, xxgk_user_role role, const char *agency,
                  const char *password, xxgk_diags *d)
{
    if (!name || !*name || strlen(name) > 64) {
        diag_add(d, XXGK_ERROR, "V02", NULL, "用户名应为 1 到 64 个字节");
        return -1;
    }
    if (role == XXGK_ROLE_DEPARTMENT_USER && (!agency || !*agency)) {
        diag_add(d, XXGK_ERROR, "V02", NULL, "部门用户要指明所属机关（--agency）");
        return -1;
    }
    if (!usable_password(password, d))
        return -1;
    store *s = store_open(data_dir, d);
    if (!s)
        return -1;
    char *hash = password_hash(password);
    char *why = NULL;
    int rc = hash ? store_user_add(s, name, role == XXGK_ROLE_COUNTY_USER ? "county" : "department",
                                   role == XXGK_ROLE_COUNTY_USER ? NULL : agency, hash,
                                   (long long)time(NULL), &why)
                  : -1;
    if (rc == 1)
        diag_add(d, XXGK_ERROR, "V02", NULL, "已有名为 %s 的用户", name);
    else if (rc < 0)
        diag_add(d, XXGK_ERROR, "V01", NULL, "无法保存用户：%s", why ? why : "?");
    free(why);
    free(hash);
    store_close(s);
    return rc ? -1 : 0;
}

int xxgk_user_passwd(const char *data_dir, const char *name, const char *password, xxgk_diags *d)
{
    if (!usable_password(password, d))
        return -1;
    store *s = store_open(data_dir, d);
    if (!s)
        return -1;
    char *hash = password_hash(password);
    char *why = NULL;
    int rc = hash ? store_user_set_password(s, name, hash, &why) : -1;
    if (rc == 1)
        diag_add(d, XXGK_ERROR, "V02", NULL, "没有名为 %s 的用户", name);
    else if (rc < 0)
        diag_add(d, XXGK_ERROR, "V01", NULL, "无法保存密码：%s", why ? why : "?");
    free(why);
    free(hash);
    store_close(s);
    return rc ? -1 : 0;
}

char *xxgk_user_list(const char *data_dir, xxgk_diags *d)
{
    store *s = store_open(data_dir, d);
    if (!s)
        return NULL;
    char *json = store_users_json(s);
    store_close(s);
    return json;
}
