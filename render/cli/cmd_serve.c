/* cmd_serve.c — xxgk serve (the county workbench), its render workers
 * (xxgk serve-worker, started by serve itself) and xxgk user (the accounts,
 * managed only here, on the server's own machine). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "xxgk_server.h"

static void print_diags(xxgk_diags *d)
{
    for (size_t i = 0; i < xxgk_diags_count(d); i++)
        fprintf(stderr, "xxgk: %s\n", xxgk_diags_get(d, i)->message);
}

static void ready(const char *address, void *ctx)
{
    (void)ctx;
    printf("xxgk serve: listening on http://%s/\n", address);
    fflush(stdout);
}

/* This program's own file, for the workers (Linux: /proc/self/exe). */
static char *self_path(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return strdup(buf);
}

int cmd_serve(int argc, char **argv)
{
    xxgk_serve_options o = {0};
    o.data_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            o.data_dir = argv[++i];
        else if (!strcmp(argv[i], "--listen") && i + 1 < argc)
            o.listen = argv[++i];
        else if (!strcmp(argv[i], "--workers") && i + 1 < argc)
            o.workers = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--secure-cookies"))
            o.secure_cookies = 1;
        else
            return usage_error("serve: unknown option %s", argv[i]);
    }
    if (!o.data_dir)
        return usage_error("serve: --data DIR names the store%s", "");
    char *self = self_path();
    if (!self) {
        fprintf(stderr, "xxgk: serve: cannot find this program's file: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    o.self = self;
    o.ready = ready;
    xxgk_diags *d = xxgk_diags_new();
    int rc = xxgk_serve(&o, d);
    print_diags(d);
    xxgk_diags_free(d);
    free(self);
    return rc ? EXIT_USAGE : EXIT_OK;
}

int cmd_serve_worker(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage_error("serve-worker takes no arguments (serve starts it)%s", "");
    return xxgk_serve_worker();
}

/* The password: the first line of standard input (a terminal echoes it:
 * pipe it in, or type it and press Enter). */
static char *read_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

static void forget(char *pw)
{
    if (pw) {
        volatile char *p = pw;
        while (*p)
            *p++ = 0;
        free(pw);
    }
}

int cmd_user(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("user: add, passwd or list%s", "");
    const char *verb = argv[1], *name = NULL, *data = NULL, *role = NULL, *agency = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            data = argv[++i];
        else if (!strcmp(argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (!strcmp(argv[i], "--agency") && i + 1 < argc)
            agency = argv[++i];
        else if (!strcmp(argv[i], "--password"))
            return usage_error("user: the password is read from standard input, never from the "
                               "command line (ps shows every argument)%s",
                               "");
        else if (argv[i][0] == '-')
            return usage_error("user: unknown option %s", argv[i]);
        else if (!name)
            name = argv[i];
        else
            return usage_error("user: one name at a time (%s)", argv[i]);
    }
    if (!data)
        return usage_error("user: --data DIR names the store%s", "");
    xxgk_diags *d = xxgk_diags_new();
    int rc = EXIT_OK;
    if (!strcmp(verb, "list")) {
        char *list = xxgk_user_list(data, d);
        if (list)
            fputs(list, stdout);
        rc = list ? EXIT_OK : EXIT_USAGE;
        free(list);
    } else if (!strcmp(verb, "add") || !strcmp(verb, "passwd")) {
        int add = !strcmp(verb, "add");
        if (!name) {
            xxgk_diags_free(d);
            return usage_error("user: name the user%s", "");
        }
        if (add && (!role || (strcmp(role, "county") && strcmp(role, "department")))) {
            xxgk_diags_free(d);
            return usage_error("user add: --role county or --role department%s", "");
        }
        if (isatty(0))
            fprintf(stderr, "password for %s (at least 8 characters, then Enter): ", name);
        char *pw = read_password();
        if (!pw) {
            fprintf(stderr, "xxgk: user: no password on standard input\n");
            rc = EXIT_USAGE;
        } else if (add) {
            xxgk_user_role r =
                !strcmp(role, "county") ? XXGK_ROLE_COUNTY_USER : XXGK_ROLE_DEPARTMENT_USER;
            rc = xxgk_user_add(data, name, r, agency, pw, d) ? EXIT_ERRORS : EXIT_OK;
        } else {
            rc = xxgk_user_passwd(data, name, pw, d) ? EXIT_ERRORS : EXIT_OK;
        }
        forget(pw);
        if (rc == EXIT_OK)
            printf("xxgk user: %s %s\n", name, add ? "added" : "password changed");
    } else {
        xxgk_diags_free(d);
        return usage_error("user: add, passwd or list, not %s", verb);
    }
    print_diags(d);
    xxgk_diags_free(d);
    return rc;
}
