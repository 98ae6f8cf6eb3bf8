/* cmd_check.c — xxgk check and xxgk cells. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* One report checked and printed: EXIT_OK, EXIT_ERRORS or EXIT_USAGE. */
static int check_one(const char *input, const xxgk_report *prev, xxgk_fonts *fonts, int as_json)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(input, d, as_json);
    if (!r) {
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    xxgk_check_options opts = {prev, fonts ? xxgk_fonts_can_draw : NULL, fonts, 0};
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
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return errors ? EXIT_ERRORS : EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
    int as_json = 0, n_inputs = 0;
    const char *previous = NULL;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--previous") && i + 1 < argc)
            previous = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            free(inputs);
            return usage_error("check: unknown option %s", argv[i]);
        } else
            inputs[n_inputs++] = argv[i];
    }
    if (!n_inputs) {
        free(inputs);
        return usage_error("check: no report given%s", "");
    }
    xxgk_report *prev = NULL;
    if (previous) {
        xxgk_diags *pd = xxgk_diags_new();
        prev = cli_load(previous, pd, as_json);
        xxgk_diags_free(pd);
        if (!prev) {
            free(inputs);
            return EXIT_USAGE;
        }
    }
    /* characters the fonts cannot draw (F01), with the fonts render uses */
    xxgk_diags *fd = xxgk_diags_new();
    xxgk_fonts *fonts = xxgk_fonts_load(fd);
    xxgk_diags_free(fd);
    /* several reports: the worst status; --json gives an array of them */
    int rc = EXIT_OK;
    if (as_json && n_inputs > 1)
        fputs("[\n", stdout);
    for (int i = 0; i < n_inputs; i++) {
        if (as_json && n_inputs > 1 && i)
            fputs(",\n", stdout);
        int k = check_one(inputs[i], prev, fonts, as_json);
        rc = k > rc ? k : rc;
    }
    if (as_json && n_inputs > 1)
        fputs("]\n", stdout);
    xxgk_fonts_free(fonts);
    xxgk_report_free(prev);
    free(inputs);
    return rc;
}

int cmd_cells(int argc, char **argv)
{
    int csv = argc == 3 && !strcmp(argv[1], "--csv");
    if (csv) {
        argv[1] = argv[2];
        argc = 2;
    }
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
        return usage_error("cells: give exactly one report [--csv]%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(argv[1], d, 0);
    int rc = EXIT_USAGE;
    if (r) {
        if (csv)
            xxgk_write_cells_csv(r, stdout);
        else
            xxgk_write_cells(r, stdout);
        /* the export is only as good as the input: say what is wrong (the
         * consistency checks, without the fonts: cells draws nothing) */
        xxgk_check_options opts = {NULL, NULL, NULL, 0};
        xxgk_check(r, &opts, d);
        rc = xxgk_diags_errors(d) ? EXIT_ERRORS : EXIT_OK;
        if (rc)
            xxgk_diags_print(d, argv[1], stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}
