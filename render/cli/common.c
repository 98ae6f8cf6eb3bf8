/* common.c — what several commands share: the usage error, loading a
 * report with its diagnostics printed, the backend options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int usage_error(const char *fmt, const char *arg)
{
    fputs("xxgk: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n\n", stderr);
    cli_print_usage(stderr);
    return EXIT_USAGE;
}

xxgk_report *cli_load(const char *path, xxgk_diags *d, int as_json)
{
    xxgk_report *r = xxgk_report_load_any(path, d);
    if (!r) {
        if (as_json) {
            char *j = xxgk_diags_to_json(d, path);
            fputs(j, stdout);
            free(j);
        } else {
            xxgk_diags_print(d, path, stderr);
        }
    }
    return r;
}

/* The names of the backends that can (or, can = 0, all of them), joined
 * by sep. */
static void backend_names(unsigned cap, const char *sep, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (size_t i = 0; xxgk_backend_at(i); i++) {
        const xxgk_backend_info *b = xxgk_backend_at(i);
        if ((b->caps & cap) != cap)
            continue;
        int k = snprintf(buf + n, size - n, "%s%s", n ? sep : "", b->name);
        if (k < 0 || (size_t)k >= size - n)
            break;
        n += (size_t)k;
    }
}

int cli_backend(const char *cmd, const char *name, const char **out)
{
    if (xxgk_backend_find(name)) {
        *out = name;
        return 0;
    }
    char names[256];
    backend_names(0, " or ", names, sizeof names);
    fprintf(stderr, "xxgk %s: --backend is %s, not %s\n", cmd, names, name);
    return -1;
}

int cli_backend_lacks(const char *backend, unsigned cap, const char *option, char *buf, size_t size)
{
    const xxgk_backend_info *b = xxgk_backend_find(backend);
    if (!b || (b->caps & cap) == cap)
        return 0;
    char names[256];
    backend_names(cap, "|", names, sizeof names);
    snprintf(buf, size, "%s needs --backend %s (the %s backend cannot %s)", option, names, b->name,
             cap & XXGK_BACKEND_ENCRYPT ? "encrypt" : "attach files");
    return 1;
}
