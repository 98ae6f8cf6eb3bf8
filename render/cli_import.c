/* cli_import.c — xxgk import: a published report's text → report JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_import.h"
#include "model.h"
#include "util.h"
#include "xxgk_import.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };


static const char usage[] =
    "usage: xxgk import REPORT.txt -o REPORT.json [--partial]\n"
    "  recover a report from the plain text of its web page; every repair and doubt\n"
    "  is reported on stderr.  Exit 0: complete; 1: values missing or nothing\n"
    "  recoverable (nothing written unless --partial); 2: usage or unreadable input.\n"
    "  -o - writes the JSON to standard output.\n";

static int import_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "xxgk import: ");
    fprintf(stderr, msg, arg);
    fputs("\n\n", stderr);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* Through the library's atomic writer: out is the old file or the whole
 * new one, and never a device or a folder replaced. */
static int write_atomic(const char *out, const char *data, size_t len)
{
    const char *why = NULL;
    if (xxgk_write_file_atomic_why(out, data, len, &why) == 0)
        return 0;
    fprintf(stderr, "xxgk import: %s: cannot write: %s\n", out, why ? why : "?");
    return -1;
}

int cli_import(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    int partial = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (!strcmp(argv[i], "--partial"))
            partial = 1;
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

    xxgk_diags *d = xxgk_diags_new();
    size_t len = 0;
    char *text = xxgk_read_file_limited(input, &len, d);
    if (!text) {
        xxgk_diags_print(d, input, stderr);
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    int complete = 0;
    char *json = xxgk_import_text(text, len, input, d, &complete);
    free(text);
    xxgk_diags_print(d, input, stderr);
    size_t errors = xxgk_diags_errors(d), warnings = xxgk_diags_warnings(d);
    int rc = json && complete ? EXIT_OK : EXIT_ERRORS;
    if (json && (complete || partial)) {
        if (!strcmp(output, "-"))
            fputs(json, stdout);
        else if (write_atomic(output, json, strlen(json)))
            rc = EXIT_USAGE;
    }
    fprintf(stderr, "%s: %zu error%s, %zu warning%s; %s\n", input, errors, errors == 1 ? "" : "s",
            warnings, warnings == 1 ? "" : "s",
            !json ? "nothing recoverable, nothing written"
            : complete ? "imported completely"
            : partial ? "incomplete: the recovered part was written (missing values left out)"
                      : "incomplete: nothing written (--partial writes the recovered part)");
    free(json);
    xxgk_diags_free(d);
    return rc;
}
