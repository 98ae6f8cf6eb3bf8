/* cmd_aggregate.c — xxgk aggregate: a county's tables summed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_aggregate(int argc, char **argv)
{
    const char *source = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("aggregate: unknown option %s", argv[i]);
        else if (source)
            return usage_error("aggregate: one SOURCE (a folder or a manifest), not %s", argv[i]);
        else
            source = argv[i];
    }
    if (!source || !out)
        return usage_error("aggregate: give SOURCE and -o COUNTY.json%s", "");
    xxgk_diags *d = xxgk_diags_new();
    int rc = xxgk_aggregate(source, out, xxgk_report_load_any, stderr, d);
    xxgk_diags_print(d, source, stderr);
    xxgk_diags_free(d);
    return rc;
}
