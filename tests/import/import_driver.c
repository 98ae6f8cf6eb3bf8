/* import_driver.c — the import entry points as a command, for the tests:
 *   import_driver import REPORT -o OUT.json [--partial] [--assume-date]   (xxgk import's calls)
 *   import_driver cells REPORT.txt|REPORT.json                (= xxgk cells, any input)
 *   import_driver check REPORT.txt|REPORT.json                (diagnostics of load + check)
 * so the tests do not depend on how the command line dispatches (the
 * command itself is tested by cli_test.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"
#include "xxgk_import.h"

int main(int argc, char **argv)
{
    if (argc >= 5 && argc <= 7 && !strcmp(argv[1], "import") && !strcmp(argv[3], "-o")) {
        int partial = 0, complete = 0;
        xxgk_import_options opt = {0};
        for (int i = 5; i < argc; i++) {
            if (!strcmp(argv[i], "--partial"))
                partial = 1;
            else if (!strcmp(argv[i], "--assume-date"))
                opt.assume_date = 1;
        }
        xxgk_diags *d = xxgk_diags_new();
        char *json = NULL;
        int rc = xxgk_import_file_with(argv[2], &opt, d, &json, &complete) ? 2
                 : json && complete                                          ? 0
                                                                             : 1;
        if (json && (complete || partial) && xxgk_write_file(argv[4], json, strlen(json), d))
            rc = 2;
        xxgk_diags_print(d, argv[2], stderr);
        free(json);
        xxgk_diags_free(d);
        return rc;
    }
    if (argc == 3 && (!strcmp(argv[1], "cells") || !strcmp(argv[1], "check"))) {
        xxgk_diags *d = xxgk_diags_new();
        xxgk_report *r = xxgk_report_load_any(argv[2], d);
        int rc = 2;
        if (r) {
            if (!strcmp(argv[1], "cells"))
                xxgk_write_cells(r, stdout);
            else
                xxgk_check(r, NULL, d);
            rc = xxgk_diags_errors(d) ? 1 : 0;
        }
        xxgk_diags_print(d, argv[2], stderr);
        xxgk_report_free(r);
        xxgk_diags_free(d);
        return rc;
    }
    fputs("usage: import_driver import|cells|check …\n", stderr);
    return 2;
}
