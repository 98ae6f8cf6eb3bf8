/* cmd_next_year.c — xxgk next-year LAST -o NEW.json: next year's report
 * started from last year's (xxgk_next_year_json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_next_year(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("next-year: unknown option %s", argv[i]);
        else if (input)
            return usage_error("next-year: one report at a time (%s)", argv[i]);
        else
            input = argv[i];
    }
    if (!input || !output)
        return usage_error("next-year: give LAST -o NEW.json%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *last = cli_load(input, d, 0);
    int rc = EXIT_USAGE;
    if (last) {
        char *json = xxgk_next_year_json(last, d);
        xxgk_report *next = NULL;
        if (json && cli_is_xlsx(output)) {
            next = xxgk_report_from_json(json, strlen(json), d);
            rc = next ? cli_write_xlsx(next, output, input) : EXIT_USAGE;
        } else if (json)
            rc = xxgk_write_file(output, json, strlen(json), d) == 0 ? EXIT_OK : EXIT_USAGE;
        xxgk_diags_print(d, input, stderr);
        xxgk_report_free(next);
        free(json);
    }
    xxgk_report_free(last);
    xxgk_diags_free(d);
    return rc;
}
