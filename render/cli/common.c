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

int cli_backend(const char *cmd, const char *name, const char **out)
{
    if (xxgk_backend_find(name)) {
        *out = name;
        return 0;
    }
    fprintf(stderr, "xxgk %s: --backend is", cmd);
    for (size_t i = 0; xxgk_backend_at(i); i++)
        fprintf(stderr, "%s %s", i ? " or" : "", xxgk_backend_at(i)->name);
    fprintf(stderr, ", not %s\n", name);
    return -1;
}
