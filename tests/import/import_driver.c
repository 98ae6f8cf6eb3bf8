/* import_driver.c — the import entry points as a command, for the tests:
 *   import_driver import REPORT.txt -o OUT.json [--partial]   (= xxgk import)
 *   import_driver cells REPORT.txt|REPORT.json                (= xxgk cells, any input)
 *   import_driver check REPORT.txt|REPORT.json                (diagnostics of load + check)
 * so the tests do not depend on how cli.c dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli_import.h"
#include "xxgk.h"
#include "xxgk_import.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "import"))
        return cli_import(argc - 1, argv + 1);
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
