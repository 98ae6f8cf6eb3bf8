/* cmd_template.c — xxgk template: a complete blank report of a format. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_template(int argc, char **argv)
{
    const char *format = NULL;
    long year = 0;
    const char *output = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            format = argv[++i];
        else if (!strcmp(argv[i], "--year") && i + 1 < argc) {
            char *end;
            errno = 0;
            year = strtol(argv[++i], &end, 10);
            if (*end || errno || year < 2019 || year > 2100)
                return usage_error("template: --year needs a year from 2019 on, not %s", argv[i]);
        } else if (!strcmp(argv[i], "--format") || !strcmp(argv[i], "--year"))
            return usage_error("template: %s needs a value", argv[i]);
        else
            return usage_error("template: unknown argument %s", argv[i]);
    }
    const xxgk_template *t = format ? xxgk_template_get(format) : NULL;
    if (format && !t)
        return usage_error("template: unknown format %s (2019 or 2021)", format);
    if (!t)
        t = xxgk_template_for_year(year ? (int)year : 2021);
    if (!t) {
        xxgk_diags *d = xxgk_diags_new();
        xxgk_templates_usable(d);
        xxgk_diags_print(d, "template", stderr);
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    if (!year) {
        /* the newest year of the format, or the first for an open one */
        year = strcmp(xxgk_template_format(t), "2019") ? 2021 : 2020;
    } else if (format && xxgk_template_for_year((int)year) != t) {
        fprintf(stderr, "xxgk: template: %ld 年度的报告应使用 %s 格式，不是 %s 格式\n", year,
                xxgk_template_format(xxgk_template_for_year((int)year)), format);
        return EXIT_USAGE;
    }
    char *s = xxgk_template_skeleton(t, (int)year);
    int rc = EXIT_OK;
    xxgk_diags *d = xxgk_diags_new();
    if (output && cli_is_xlsx(output)) {
        xxgk_report *r = xxgk_report_from_json(s, strlen(s), d);
        rc = r ? cli_write_xlsx(r, output, "template") : EXIT_USAGE;
        xxgk_report_free(r);
    } else if (output) {
        if (xxgk_write_file(output, s, strlen(s), d) != 0)
            rc = EXIT_USAGE;
        xxgk_diags_print(d, "template", stderr);
    } else
        fputs(s, stdout);
    xxgk_diags_free(d);
    free(s);
    return rc;
}
