/* cmd_diff.c — xxgk diff OLD NEW: what a correction changes. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_diff(int argc, char **argv)
{
    if (argc != 3 || (argv[1][0] == '-' && argv[1][1]) || (argv[2][0] == '-' && argv[2][1]))
        return usage_error("diff: give OLD and NEW, two versions of a report%s", "");
    if (!strcmp(argv[1], "-") && !strcmp(argv[2], "-"))
        return usage_error("diff: only one of the two may be standard input%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *from = cli_load(argv[1], d, 0), *to = NULL;
    xxgk_diags *d2 = xxgk_diags_new();
    if (from)
        to = cli_load(argv[2], d2, 0);
    int rc = EXIT_USAGE;
    if (from && to) {
        size_t n = xxgk_write_diff(from, to, stdout);
        if (n)
            printf("共 %zu 处不同\n", n);
        rc = n ? EXIT_ERRORS : EXIT_OK;
    }
    xxgk_report_free(from);
    xxgk_report_free(to);
    xxgk_diags_free(d);
    xxgk_diags_free(d2);
    return rc;
}
