/* cmd_extract.c — xxgk extract: the source a PDF carries, written back. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_extract(int argc, char **argv)
{
    const char *input = NULL, *out = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") || !strcmp(a, "--name")) {
            if (i + 1 >= argc) {
                input = NULL;
                break;
            }
            if (!strcmp(a, "-o"))
                out = argv[++i];
            else
                name = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "xxgk extract: unknown option %s\n", a);
            input = NULL;
            out = NULL;
            break;
        } else if (!input) {
            input = a;
        } else {
            input = NULL;
            break;
        }
    }
    if (!input || !out) {
        fprintf(stderr, "usage: xxgk extract REPORT.pdf -o REPORT.json [--name source.json]\n"
                        "  writes the source (and seal) a PDF made by xxgk render carries\n");
        return EXIT_USAGE;
    }
    xxgk_diags *d = xxgk_diags_new();
    int rc = xxgk_extract(input, name, out, d);
    for (size_t i = 0; i < xxgk_diags_count(d); i++)
        fprintf(stderr, "xxgk extract: %s\n", xxgk_diags_get(d, i)->message);
    xxgk_diags_free(d);
    return rc;
}
