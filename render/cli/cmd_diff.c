/* cmd_diff.c — xxgk diff OLD NEW: what a correction changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A page, Word file or workbook the import could not read whole. */
static int imported_with_errors(const char *path, const xxgk_diags *d)
{
    return xxgk_import_kind_of_path(path, NULL) != XXGK_IMPORT_AUTO && xxgk_diags_errors(d);
}

int cmd_diff(int argc, char **argv)
{
    int as_json = 0, notice = 0;
    const char *output = NULL, *files[3] = {0};
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--notice"))
            notice = 1;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if ((argv[i][0] == '-' && argv[i][1]) || nf == 2)
            return usage_error("diff: give OLD and NEW, two versions of a report (%s)", argv[i]);
        else
            files[++nf] = argv[i];
    }
    if (nf != 2 || (as_json && notice))
        return usage_error("diff: give OLD and NEW, and at most one of --json, --notice%s", "");
    argv = (char **)files;
    if (!strcmp(argv[1], "-") && !strcmp(argv[2], "-"))
        return usage_error("diff: only one of the two may be standard input%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *from = cli_load(argv[1], d, 0), *to = NULL;
    xxgk_diags *d2 = xxgk_diags_new();
    if (from)
        to = cli_load(argv[2], d2, 0);
    int rc = EXIT_USAGE;
    /* a side imported with errors (a page the import could not read whole,
     * a workbook missing its cells) would give made-up differences */
    int bad1 = imported_with_errors(argv[1], d), bad2 = imported_with_errors(argv[2], d2);
    if (from && to && (bad1 || bad2)) {
        xxgk_diags_print(d, argv[1], stderr);
        xxgk_diags_print(d2, argv[2], stderr);
        fprintf(stderr, "xxgk diff: %s 读入有错误，不作比较\n",
                bad1 ? argv[1] : argv[2]);
    } else if (from && to && (as_json || notice)) {
        char *s = as_json ? xxgk_diff_json(from, to) : xxgk_diff_notice(from, to);
        FILE *devnull = fopen("/dev/null", "w");
        size_t n = devnull ? xxgk_write_diff(from, to, devnull) : 1;
        if (devnull)
            fclose(devnull);
        rc = n ? EXIT_ERRORS : EXIT_OK;
        if (output && strcmp(output, "-")) {
            xxgk_diags *wd = xxgk_diags_new();
            if (xxgk_write_file(output, s, strlen(s), wd) != 0) {
                xxgk_diags_print(wd, output, stderr);
                rc = EXIT_USAGE;
            }
            xxgk_diags_free(wd);
        } else
            fputs(s, stdout);
        free(s);
    } else if (from && to) {
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
