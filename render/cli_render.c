/* cli_render.c — xxgk render and xxgk fonts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_render.h"
#include "fonts.h"
#include "xxgk_import.h"
#include "xxgk_render.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static xxgk_fonts *hook_fonts;

static void free_hook_fonts(void)
{
    xxgk_fonts_free(hook_fonts);
    hook_fonts = NULL;
}

void cli_font_check_hook(xxgk_check_options *opts)
{
    if (!hook_fonts) {
        xxgk_diags *d = xxgk_diags_new();
        hook_fonts = xxgk_fonts_load(d);
        xxgk_diags_free(d);
        if (!hook_fonts)
            return;
        atexit(free_hook_fonts);
    }
    opts->can_draw = xxgk_fonts_can_draw;
    opts->can_draw_ctx = hook_fonts;
}

static void print_substitutes(const xxgk_fonts *f)
{
    if (!xxgk_fonts_substituted(f))
        return;
    fputs("xxgk: 未安装公文标准字体，使用替代字体：", stderr);
    int first = 1;
    for (int r = 0; r < XXGK_ROLE_COUNT; r++) {
        const xxgk_face_info *fi = xxgk_fonts_face(f, (xxgk_font_role)r);
        if (!fi->found || !fi->substitute)
            continue;
        fprintf(stderr, "%s%s→%s%s", first ? "" : "，", fi->style, fi->family,
                fi->weight >= 200 ? " Bold" : "");
        first = 0;
    }
    fputs("（xxgk fonts 查看详情）\n", stderr);
}

static int usage(const char *msg)
{
    fprintf(stderr, "xxgk render: %s\nusage: xxgk render REPORT.json -o REPORT.pdf [--png PREFIX] "
                    "[--png-dpi N] [--draft] [--layout-dump FILE]\n", msg);
    return EXIT_USAGE;
}

int cli_render(int argc, char **argv)
{
    const char *input = NULL, *out = NULL;
    xxgk_render_options o = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") || !strcmp(a, "--png") || !strcmp(a, "--layout-dump") ||
            !strcmp(a, "--png-dpi")) {
            if (i + 1 >= argc)
                return usage("an option needs a value");
            const char *v = argv[++i];
            if (!strcmp(a, "-o"))
                out = v;
            else if (!strcmp(a, "--png"))
                o.png_prefix = v;
            else if (!strcmp(a, "--layout-dump"))
                o.layout_dump = v;
            else if ((o.png_dpi = atof(v)) <= 0 || o.png_dpi > 1200)
                return usage("--png-dpi wants a number from 1 to 1200");
        } else if (!strcmp(a, "--draft")) {
            o.draft = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option");
        } else if (!input) {
            input = a;
        } else {
            return usage("give exactly one report");
        }
    }
    if (!input || !out)
        return usage("give a report and -o OUTPUT.pdf");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_load_any(input, d);
    if (!r) {
        xxgk_diags_print(d, input, stderr);
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    xxgk_fonts *fonts = xxgk_fonts_load(d);
    xxgk_check_options copts = {NULL, fonts ? xxgk_fonts_can_draw : NULL, fonts};
    xxgk_check(r, &copts, d);
    int rc = EXIT_OK;
    if (!fonts || (xxgk_diags_errors(d) && !o.draft)) {
        xxgk_diags_print(d, input, stderr);
        fprintf(stderr, "%s: %zu error(s); nothing written (--draft renders anyway, marked 草稿)\n",
                input, xxgk_diags_errors(d));
        rc = EXIT_ERRORS;
    } else {
        xxgk_diags *rd = xxgk_diags_new();
        o.fonts = fonts;
        int k = xxgk_render_pdf(r, &o, out, rd);
        if (k != 0) {
            xxgk_diags_print(rd, input, stderr);
            rc = k > 0 ? EXIT_ERRORS : EXIT_USAGE;
        } else {
            print_substitutes(fonts);
        }
        xxgk_diags_free(rd);
    }
    xxgk_fonts_free(fonts);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

int cli_fonts(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    xxgk_diags *d = xxgk_diags_new();
    xxgk_fonts *f = xxgk_fonts_load(d);
    int rc = EXIT_OK;
    if (f) {
        xxgk_fonts_print(f, stdout);
        for (int r = 0; r < XXGK_ROLE_COUNT; r++)
            if (!xxgk_fonts_face(f, (xxgk_font_role)r)->found)
                rc = EXIT_ERRORS;
    } else {
        rc = EXIT_ERRORS;
    }
    xxgk_diags_print(d, "fonts/roles.json", stderr);
    xxgk_fonts_free(f);
    xxgk_diags_free(d);
    return rc;
}
