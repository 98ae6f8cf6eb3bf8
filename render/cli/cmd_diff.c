/* cmd_diff.c — xxgk diff OLD NEW: what a correction changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* Errors of reading a side: unreadable parts, unknown keys, cells an import
 * could not place (I, S, T… rules).  A consistency error (C01…) of the
 * published side is what a correction may be correcting, so it is allowed
 * there (the corrected side is checked in full below).  A seal image that
 * cannot be read (S09) is not: the seal is drawn, never compared, and a
 * report copied without its image still diffs. */
static int counts_against(const xxgk_diag *x, int consistency_allowed)
{
    if (x->severity != XXGK_ERROR)
        return 0;
    if (x->rule && !strcmp(x->rule, "S09"))
        return 0;
    return !(consistency_allowed && x->rule && x->rule[0] == 'C');
}

static int read_with_errors(const xxgk_diags *d, int consistency_allowed)
{
    for (size_t i = 0; i < xxgk_diags_count(d); i++) {
        if (counts_against(xxgk_diags_get(d, i), consistency_allowed))
            return 1;
    }
    return 0;
}

/* The diagnostics that refuse the comparison printed, with why; 1 when
 * refused.  NEW must be a report that could be published: no error of any
 * check. */
static int refused(const char *old_path, const char *new_path, xxgk_diags *d, xxgk_diags *d2,
                   const xxgk_report *to)
{
    if (read_with_errors(d, 1) || read_with_errors(d2, 0)) {
        int old_bad = read_with_errors(d, 1);
        xxgk_diags_print(d, old_path, stderr);
        xxgk_diags_print(d2, new_path, stderr);
        fprintf(stderr, "xxgk diff: %s 读入有错误，不作比较\n", old_bad ? old_path : new_path);
        return 1;
    }
    xxgk_diags *dc = xxgk_diags_new();
    xxgk_check(to, NULL, dc);
    int bad = xxgk_diags_errors(dc) != 0;
    if (bad) {
        xxgk_diags_print(dc, new_path, stderr);
        fprintf(stderr, "xxgk diff: 更正后的 %s 仍有错误，改正后再比较\n", new_path);
    }
    xxgk_diags_free(dc);
    return bad;
}

static int is_pdf(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

/* The 更正说明 typeset (-o NOTICE.pdf): EXIT_OK, or EXIT_USAGE when it
 * cannot be set or written (why printed). */
static int notice_pdf(const xxgk_report *from, const xxgk_report *to, const char *output,
                      const char *backend, const char *dump)
{
    xxgk_render_options o = {0};
    o.backend = backend;
    o.layout_dump = dump;
    xxgk_diags *d = xxgk_diags_new();
    int k = xxgk_render_notice_pdf(from, to, &o, output, d);
    if (k != 0) {
        xxgk_diags_print(d, output, stderr);
        fprintf(stderr, "xxgk diff: 更正说明%s，%s 未写入\n", k < 0 ? "写入失败" : "未能排版",
                output);
    }
    xxgk_diags_free(d);
    return k ? EXIT_USAGE : EXIT_OK;
}

/* The differences as asked: the lines, the JSON or the 更正说明 (text, or
 * typeset when -o names a .pdf).  EXIT_ERRORS when there are some,
 * EXIT_OK when none, EXIT_USAGE when the output cannot be made. */
static int emit(const xxgk_report *from, const xxgk_report *to, int as_json, int notice,
                const char *output, const char *backend, const char *dump)
{
    int rc = xxgk_diff_count(from, to) ? EXIT_ERRORS : EXIT_OK;
    char *s = as_json ? xxgk_diff_json(from, to) : notice ? xxgk_diff_notice(from, to) : NULL;
    if (notice && !s) {
        /* a notice that corrects nothing is not posted (the versions are the
         * same, or differ only in how a heading is set apart); a file
         * already at -o is left as it is */
        fprintf(stderr, "xxgk diff: nothing to correct, no notice written "
                        "（两个版本没有需要更正的内容，未写更正说明）\n");
        return EXIT_OK;
    }
    if (notice && is_pdf(output)) {
        free(s);
        return notice_pdf(from, to, output, backend, dump) == EXIT_OK ? rc : EXIT_USAGE;
    }
    if (!s) {
        size_t n = xxgk_write_diff(from, to, stdout);
        if (n)
            printf("共 %zu 处不同\n", n);
        return rc;
    }
    if (output && strcmp(output, "-")) {
        xxgk_diags *wd = xxgk_diags_new();
        if (xxgk_write_file(output, s, strlen(s), wd) != 0) {
            xxgk_diags_print(wd, output, stderr);
            rc = EXIT_USAGE;
        }
        xxgk_diags_free(wd);
    } else
        fputs(s, stdout);
    free(s);
    return rc;
}

int cmd_diff(int argc, char **argv)
{
    int as_json = 0, notice = 0;
    const char *output = NULL, *backend = NULL, *dump = NULL, *files[3] = {0};
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--notice"))
            notice = 1;
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            output = argv[++i];
        else if (!strcmp(argv[i], "--backend") && i + 1 < argc) {
            if (cli_backend("diff", argv[++i], &backend) != 0)
                return EXIT_USAGE;
        } else if (!strcmp(argv[i], "--layout-dump") && i + 1 < argc)
            dump = argv[++i];
        else if ((argv[i][0] == '-' && argv[i][1]) || nf == 2)
            return usage_error("diff: give OLD and NEW, two versions of a report (%s)", argv[i]);
        else
            files[++nf] = argv[i];
    }
    if (nf != 2 || (as_json && notice))
        return usage_error("diff: give OLD and NEW, and at most one of --json, --notice%s", "");
    if ((backend || dump) && !(notice && is_pdf(output)))
        return usage_error("diff: --backend and --layout-dump are for --notice -o NOTICE.pdf%s",
                           "");
    argv = (char **)files;
    if (!strcmp(argv[1], "-") && !strcmp(argv[2], "-"))
        return usage_error("diff: only one of the two may be standard input%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *from = cli_load(argv[1], d, 0), *to = NULL;
    xxgk_diags *d2 = xxgk_diags_new();
    if (from)
        to = cli_load(argv[2], d2, 0);
    int rc = EXIT_USAGE;
    /* a side read with errors (a page the import could not read whole, a
     * workbook missing its cells, a JSON key that is not the format's) would
     * give made-up differences, or none where there are some */
    if (from && to && !refused(argv[1], argv[2], d, d2, to))
        rc = emit(from, to, as_json, notice, output, backend, dump);
    xxgk_report_free(from);
    xxgk_report_free(to);
    xxgk_diags_free(d);
    xxgk_diags_free(d2);
    return rc;
}
