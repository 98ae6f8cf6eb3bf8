/* cmd_check.c — xxgk check and xxgk cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
    int as_json = 0;
    const char *input = NULL, *previous = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--previous") && i + 1 < argc)
            previous = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("check: unknown option %s", argv[i]);
        else if (input)
            return usage_error("check: one report at a time (%s)", argv[i]);
        else
            input = argv[i];
    }
    if (!input)
        return usage_error("check: no report given%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(input, d, as_json);
    if (!r) {
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    xxgk_report *prev = NULL;
    xxgk_diags *pd = NULL;
    if (previous) {
        pd = xxgk_diags_new();
        prev = cli_load(previous, pd, as_json);
        if (!prev) {
            xxgk_diags_free(pd);
            xxgk_diags_free(d);
            xxgk_report_free(r);
            return EXIT_USAGE;
        }
    }
    /* characters the fonts cannot draw (F01), with the fonts render uses */
    xxgk_diags *fd = xxgk_diags_new();
    xxgk_fonts *fonts = xxgk_fonts_load(fd);
    xxgk_diags_free(fd);
    xxgk_check_options opts = {prev, fonts ? xxgk_fonts_can_draw : NULL, fonts};
    xxgk_check(r, &opts, d);
    size_t errors = xxgk_diags_errors(d), warnings = xxgk_diags_warnings(d);
    if (as_json) {
        char *j = xxgk_diags_to_json(d, input);
        fputs(j, stdout);
        free(j);
    } else {
        xxgk_diags_print(d, input, stdout);
        printf("%s: %zu error%s, %zu warning%s\n", input, errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
    }
    xxgk_fonts_free(fonts);
    xxgk_report_free(prev);
    xxgk_diags_free(pd);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return errors ? EXIT_ERRORS : EXIT_OK;
}

int cmd_cells(int argc, char **argv)
{
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
        return usage_error("cells: give exactly one report%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(argv[1], d, 0);
    int rc = EXIT_USAGE;
    if (r) {
        xxgk_write_cells(r, stdout);
        /* the export is only as good as the input: say what is wrong (the
         * consistency checks, without the fonts: cells draws nothing) */
        xxgk_check_options opts = {NULL, NULL, NULL};
        xxgk_check(r, &opts, d);
        rc = xxgk_diags_errors(d) ? EXIT_ERRORS : EXIT_OK;
        if (rc)
            xxgk_diags_print(d, argv[1], stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}
