/* cmd_render.c — xxgk render: the checked report as the PDF to publish. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage_of(const char *msg, const char *arg)
{
    fprintf(stderr, "xxgk render: %s%s\n", msg, arg);
    fprintf(stderr,
            "usage: xxgk render REPORT -o REPORT.pdf|REPORT.html|REPORT.docx|- "
            "[--to pdf|html|docx] [--fragment]\n"
            "         [--png PREFIX] [--png-dpi N] [--draft] [--layout-dump FILE]\n"
            "         [--backend NAME] [--truetype-fonts] [--no-attach-source]\n"
            "         [--encrypt [--owner-password-file FILE]]  (else XXGK_OWNER_PASSWORD)\n");
    return EXIT_USAGE;
}

static int usage(const char *msg) { return usage_of(msg, ""); }

typedef struct {
    const char *input, *out, *pw_file;
    int encrypt;
    int form; /* xxgk_form */
    unsigned font_flags;
    xxgk_render_options o;
} render_args;

/* EXIT_OK when the arguments make sense, else the usage message's status. */
static int parse(int argc, char **argv, render_args *a)
{
    memset(a, 0, sizeof *a);
    a->form = -1;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--owner-password") || !strncmp(s, "--owner-password=", 17) ||
            !strcmp(s, "--password")) {
            return usage("the owner password is never an argument (ps shows it): use "
                         "--owner-password-file FILE or XXGK_OWNER_PASSWORD");
        } else if (!strcmp(s, "-o") || !strcmp(s, "--png") || !strcmp(s, "--layout-dump") ||
                   !strcmp(s, "--png-dpi") || !strcmp(s, "--backend") ||
                   !strcmp(s, "--owner-password-file") || !strcmp(s, "--to")) {
            if (i + 1 >= argc)
                return usage("an option needs a value");
            const char *v = argv[++i];
            if (!strcmp(s, "-o"))
                a->out = v;
            else if (!strcmp(s, "--png"))
                a->o.png_prefix = v;
            else if (!strcmp(s, "--layout-dump"))
                a->o.layout_dump = v;
            else if (!strcmp(s, "--owner-password-file"))
                a->pw_file = v;
            else if (!strcmp(s, "--to")) {
                a->form = !strcmp(v, "pdf") ? XXGK_FORM_PDF : !strcmp(v, "html") ? XXGK_FORM_HTML
                          : !strcmp(v, "docx")                                    ? XXGK_FORM_DOCX
                                                                                  : -2;
                if (a->form == -2)
                    return usage_of("--to wants pdf, html or docx, not ", v);
            }
            else if (!strcmp(s, "--backend")) {
                if (cli_backend("render", v, &a->o.backend) != 0)
                    return EXIT_USAGE;
            } else {
                char *end;
                a->o.png_dpi = strtod(v, &end);
                if (*end || end == v || !(a->o.png_dpi >= 1 && a->o.png_dpi <= 1200))
                    return usage("--png-dpi wants a number from 1 to 1200");
            }
        } else if (!strcmp(s, "--encrypt")) {
            a->encrypt = 1;
        } else if (!strcmp(s, "--attach-source")) {
            a->o.omit_source = 0; /* the default; kept for old scripts */
        } else if (!strcmp(s, "--no-attach-source")) {
            a->o.omit_source = 1;
        } else if (!strcmp(s, "--truetype-fonts")) {
            a->font_flags |= XXGK_FONTS_TRUETYPE;
        } else if (!strcmp(s, "--fragment")) {
            a->o.html_fragment = 1;
        } else if (!strcmp(s, "--draft")) {
            a->o.draft = 1;
        } else if (s[0] == '-' && s[1]) {
            return usage_of("unknown option ", s);
        } else if (!a->input) {
            a->input = s;
        } else {
            return usage("give exactly one report");
        }
    }
    if (!a->input || !a->out)
        return usage("give a report and -o OUTPUT.pdf");
    if (a->pw_file && !a->encrypt)
        return usage("--owner-password-file goes with --encrypt");
    if (a->form < 0) { /* by the extension; another one (or -) is a PDF */
        int f = xxgk_form_of_name(a->out);
        a->form = f < 0 ? XXGK_FORM_PDF : f;
    }
    if (a->form != XXGK_FORM_PDF && (a->encrypt || a->o.png_prefix || a->o.layout_dump))
        return usage("--encrypt, --png and --layout-dump are for the PDF only");
    if (a->o.html_fragment && a->form != XXGK_FORM_HTML)
        return usage("--fragment is for the web page (.html) only");
    return EXIT_OK;
}

/* The form asked for, to the file or (-o -) to standard output. */
static int emit(const render_args *a, const xxgk_report *r, const xxgk_render_options *o,
                xxgk_diags *d)
{
    if (strcmp(a->out, "-"))
        return xxgk_render_to(r, (xxgk_form)a->form, o, a->out, d);
    char *data;
    size_t len;
    int k = xxgk_render_to_mem(r, (xxgk_form)a->form, o, "-", &data, &len, d);
    if (k == 0 && (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)) {
        fprintf(stderr, "xxgk render: cannot write to standard output\n");
        k = -1;
    }
    free(data);
    return k;
}

/* Checked (with the fonts it will be set in), then rendered; what check
 * would say is printed either way: warnings do not stop a report, but the
 * clerk sees them (and, with --draft, the errors). */
static int render(const render_args *a, xxgk_render_options o)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_load_any(a->input, d);
    if (!r) {
        xxgk_diags_print(d, a->input, stderr);
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    /* the web page and the Word file are set in the reader's fonts */
    int pdf = a->form == XXGK_FORM_PDF;
    xxgk_fonts *fonts = pdf ? xxgk_fonts_for_backend(o.backend, a->font_flags, d) : NULL;
    xxgk_check_options copts = {NULL, fonts ? xxgk_fonts_can_draw : NULL, fonts, 1};
    xxgk_check(r, &copts, d);
    int rc = EXIT_OK;
    if ((pdf && !fonts) || (xxgk_diags_errors(d) && !o.draft)) {
        xxgk_diags_print(d, a->input, stderr);
        fprintf(stderr, "%s: %zu error(s); nothing written (--draft renders anyway, marked 草稿)\n",
                a->input, xxgk_diags_errors(d));
        rc = EXIT_ERRORS;
    } else {
        xxgk_diags *rd = xxgk_diags_new();
        o.fonts = fonts;
        int k = emit(a, r, &o, rd);
        if (k != 0) {
            xxgk_diags_print(rd, a->input, stderr);
            rc = k > 0 ? EXIT_ERRORS : EXIT_USAGE;
        } else {
            xxgk_diags_print(d, a->input, stderr);
            if (xxgk_diags_errors(d))
                fprintf(stderr,
                        "%s: %zu error(s); rendered as a draft, marked 草稿（未通过校验）\n",
                        a->input, xxgk_diags_errors(d));
            char *subs = fonts ? xxgk_fonts_substitutes(fonts) : NULL;
            if (subs)
                fprintf(stderr, "xxgk: %s\n", subs);
            free(subs);
        }
        xxgk_diags_free(rd);
    }
    xxgk_fonts_free(fonts);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

int cmd_render(int argc, char **argv)
{
    render_args a;
    int rc = parse(argc, argv, &a);
    if (rc != EXIT_OK)
        return rc;
    char *password = NULL;
    if (a.encrypt && !(password = cli_owner_password(a.pw_file)))
        return EXIT_USAGE;
    xxgk_render_options o = a.o;
    o.owner_password = password;
    rc = render(&a, o);
    cli_forget_password(password);
    return rc;
}
