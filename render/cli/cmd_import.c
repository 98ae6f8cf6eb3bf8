/* cmd_import.c — xxgk import: a published report (its text, its web page,
 * its Word file) → report JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: xxgk import REPORT -o REPORT.json [--partial] [--assume-date]\n"
    "       xxgk import CELLS.tsv|.csv --into REPORT -o NEW.json\n"
    "  (the second: the cells of xxgk cells, as a spreadsheet saved them, replace the\n"
    "  tables of REPORT; UTF-8 with or without BOM, or GB18030; exit 1 a line naming\n"
    "  no cell, nothing written)\n"
    "  recover a report from its published form: REPORT.txt (the text of the page),\n"
    "  REPORT.html or .htm (the page, tables read as grids), REPORT.docx (the Word\n"
    "  file), or - (standard input: HTML or text); .doc and .wps are refused (save as\n"
    "  .docx).  Every repair and doubt is reported on stderr.  Exit 0: complete;\n"
    "  1: values missing or nothing recoverable (nothing written unless --partial);\n"
    "  2: usage or unreadable input.  -o - writes the JSON to standard output.\n"
    "  --assume-date: when no date is printed, record the statutory deadline (3月31日\n"
    "  for a 人民政府's own report, 1月31日 otherwise) instead of leaving it missing.\n";

static int import_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "xxgk import: ");
    fprintf(stderr, msg, arg);
    fputs("\n\n", stderr);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* import CELLS --into REPORT -o NEW: the cells replace the report's. */
static int import_into(const char *cells, const char *into, const char *output)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(into, d, 0);
    int rc = EXIT_USAGE;
    char *json = r ? xxgk_cells_into_file(r, cells, d) : NULL;
    if (json) {
        rc = xxgk_diags_errors(d) ? EXIT_ERRORS : EXIT_OK;
        if (!rc && xxgk_write_file(output, json, strlen(json), d) != 0)
            rc = EXIT_USAGE;
    }
    xxgk_diags_print(d, cells, stderr);
    free(json);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    const char *input = NULL, *output = NULL, *into = NULL;
    int partial = 0;
    xxgk_import_options opt = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (!strcmp(argv[i], "--into") && i + 1 < argc)
            into = argv[++i];
        else if (!strcmp(argv[i], "--partial"))
            partial = 1;
        else if (!strcmp(argv[i], "--assume-date"))
            opt.assume_date = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1])
            return import_usage("unknown option %s", argv[i]);
        else if (input)
            return import_usage("one report at a time (%s)", argv[i]);
        else
            input = argv[i];
    }
    if (!input)
        return import_usage("no text given%s", "");
    if (!output)
        return import_usage("no output given: -o REPORT.json%s", "");

    if (into)
        return import_into(input, into, output);
    xxgk_diags *d = xxgk_diags_new();
    int complete = 0;
    char *json = NULL;
    if (xxgk_import_file_with(input, &opt, d, &json, &complete) != 0) {
        xxgk_diags_print(d, input, stderr);
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    xxgk_diags_print(d, input, stderr);
    size_t errors = xxgk_diags_errors(d), warnings = xxgk_diags_warnings(d);
    int rc = json && complete ? EXIT_OK : EXIT_ERRORS;
    if (json && (complete || partial)) {
        if (!strcmp(output, "-"))
            fputs(json, stdout);
        else {
            xxgk_diags *wd = xxgk_diags_new();
            if (xxgk_write_file(output, json, strlen(json), wd) != 0) {
                xxgk_diags_print(wd, input, stderr);
                rc = EXIT_USAGE;
            }
            xxgk_diags_free(wd);
        }
    }
    fprintf(stderr, "%s: %zu error%s, %zu warning%s; %s\n", input, errors, errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s",
            !json      ? "nothing recoverable, nothing written"
            : complete ? "imported completely"
            : partial  ? "incomplete: the recovered part was written (missing values left out)"
                       : "incomplete: nothing written (--partial writes the recovered part)");
    free(json);
    xxgk_diags_free(d);
    return rc;
}
