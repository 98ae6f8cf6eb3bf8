/* cmd_export.c — xxgk export REPORT -o REPORT.xlsx: the workbook a clerk
 * fills in Excel, WPS or LibreOffice (xxgk import, check, render… read it
 * back).  Also what template -o X.xlsx writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

int cli_is_xlsx(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && !strcasecmp(path + n - 5, ".xlsx");
}

int cli_write_xlsx(const xxgk_report *r, const char *output, const char *name)
{
    xxgk_diags *d = xxgk_diags_new();
    size_t len = 0;
    char *data = xxgk_export_xlsx(r, &len, d);
    int rc = data && xxgk_write_file(output, data, len, d) == 0 ? EXIT_OK : EXIT_USAGE;
    xxgk_diags_print(d, name, stderr);
    free(data);
    xxgk_diags_free(d);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("export: unknown option %s", argv[i]);
        else if (input)
            return usage_error("export: one report at a time (%s)", argv[i]);
        else
            input = argv[i];
    }
    if (!input || !output)
        return usage_error("export: give REPORT -o REPORT.xlsx%s", "");
    if (!cli_is_xlsx(output))
        return usage_error("export: the output is a workbook: -o NAME.xlsx, not %s", output);
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = cli_load(input, d, 0);
    int rc = EXIT_USAGE;
    if (r) {
        xxgk_diags_print(d, input, stderr);
        rc = cli_write_xlsx(r, output, input);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}
