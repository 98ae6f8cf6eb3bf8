/* xxgk_server.h — the county workbench: departments fill in their reports
 * in a browser, the county reviews them (xxgk serve), and the accounts it
 * knows (xxgk user).  The store is an SQLite database in DIR/xxgk.db; the
 * rendering runs in worker processes that keep their fonts loaded. */
#ifndef XXGK_SERVER_H
#define XXGK_SERVER_H

#include "xxgk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *data_dir; /* the store: DIR/xxgk.db, DIR/cache/ */
    const char *listen;   /* "127.0.0.1:8080" (NULL: that) */
    int workers;          /* render worker processes; 0: the number of cores */
    int secure_cookies;   /* 1: the cookie is Secure (served behind TLS) */
    const char *self;     /* the xxgk program, run as "self serve-worker" */
    /* Called once the server listens (the address it bound), may be NULL. */
    void (*ready)(const char *address, void *ctx);
    void *ctx;
} xxgk_serve_options;

/* Serves until SIGINT or SIGTERM: 0, or non-zero after an error in d
 * (the store cannot be opened, the address cannot be bound). */
int xxgk_serve(const xxgk_serve_options *o, xxgk_diags *d);
/* The worker's side: reads render requests on standard input, answers on
 * standard output, until the input ends. */
int xxgk_serve_worker(void);

/* ---- accounts ----------------------------------------------------------- */

typedef enum { XXGK_ROLE_COUNTY_USER, XXGK_ROLE_DEPARTMENT_USER } xxgk_user_role;

/* A new account (the password hashed with Argon2id; never stored as is);
 * a department user names its agency.  0, or -1 after an error in d. */
int xxgk_user_add(const char *data_dir, const char *name, xxgk_user_role role, const char *agency,
                  const char *password, xxgk_diags *d);
int xxgk_user_passwd(const char *data_dir, const char *name, const char *password, xxgk_diags *d);
/* The accounts as JSON [{name, role, agency, created}] (malloc'd), or NULL
 * after an error in d. */
char *xxgk_user_list(const char *data_dir, xxgk_diags *d);

#ifdef __cplusplus
}
#endif
#endif
