/* cli.c — the xxgk command: a thin layer over libxxgk. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistd.h>

#include "cli_import.h"
#include "xxgk.h"
#include "xxgk_batch.h"
#include "xxgk_import.h"

#ifdef XXGK_HAVE_RENDER
#include "cli_render.h"
#include "extract.h"
#include "xxgk_render.h"
#endif

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

static const char usage[] =
    "usage: xxgk <command> [options]\n"
    "\n"
    "commands:\n"
    "  check [--json] [--previous LAST.json] REPORT.json\n"
    "        print every problem: severity, rule, place, expected and actual values\n"
    "        exit 0: no errors, 1: errors, 2: usage or unreadable input\n"
    "  cells REPORT.json\n"
    "        every table cell: section<TAB>row path<TAB>column path<TAB>value\n"
    "  import REPORT.txt -o REPORT.json [--partial]\n"
    "        recover a report from the text of its published web page; exit 0 complete,\n"
    "        1 values missing (written only with --partial), 2 usage or unreadable input\n"
    "        (check, cells, render and batch also read a .txt directly)\n"
    "  diff OLD.json NEW.json   (either may be .txt, or a PDF made with --attach-source)\n"
    "        what changed between two versions of a report (a correction): fields,\n"
    "        paragraphs, table cells; exit 0 the same, 1 different, 2 unreadable input\n"
    "  template [--format 2019|2021] [--year N]\n"
    "        a complete blank report, every cell present and zero\n"
#ifdef XXGK_HAVE_RENDER
    "  render REPORT.json -o REPORT.pdf [--png PREFIX] [--png-dpi N] [--draft]\n"
    "         [--layout-dump FILE]\n"
    "         [--backend cairo|haru] [--truetype-fonts] [--attach-source]\n"
    "         [--encrypt [--owner-password-file FILE]]\n"
    "        the PDF an agency publishes; haru: TrueType fonts, attached source, locked PDF\n"
    "        (owner password from FILE or XXGK_OWNER_PASSWORD, never the command line)\n"
    "  fonts [--truetype]\n"
    "        which font file each role resolves to\n"
    "  extract REPORT.pdf -o REPORT.json [--name NAME]\n"
    "        the source JSON attached to a PDF by render --attach-source (and its seal);\n"
    "        --name reads another attachment; REPORT.json is replaced if it exists\n"
    "  batch SOURCE -d OUTDIR [-j N] [--draft] [--resume] [--shard K/N] [--previous DIR]\n"
    "        [--backend cairo|haru] [--attach-source] [--encrypt [--owner-password-file FILE]]\n"
    "        render a folder of reports or a manifest (CSV or JSON: department,input,output);\n"
    "        writes OUTDIR/summary.csv and summary.json; exit 0 only if every report rendered\n"
    "  batch --merge-summaries -d OUTDIR SUMMARY.json...\n"
    "        join the summaries of the shards of a batch\n"
#endif
    "  aggregate SOURCE -o COUNTY.json\n"
    "        sum every table cell of the reports into a skeleton for the county's report\n"
    "  version\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("xxgk: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n\n", stderr);
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* Load a report ("-": JSON on standard input) or print why not; NULL
 * means exit 2. */
static xxgk_report *load(const char *path, xxgk_diags *d, int as_json)
{
    xxgk_report *r;
    if (!strcmp(path, "-")) {
        size_t cap = 1 << 16, len = 0, n;
        char *buf = malloc(cap);
        while (buf && (n = fread(buf + len, 1, cap - len, stdin)) > 0) {
            len += n;
            if (len == cap && cap < (64u << 20)) {
                char *bigger = realloc(buf, cap *= 2);
                if (!bigger)
                    break;
                buf = bigger;
            } else if (len == cap) {
                break;
            }
        }
        r = buf ? xxgk_report_from_json(buf, len, d) : NULL;
        free(buf);
    } else {
        r = xxgk_report_load_any(path, d);
    }
    if (!r) {
        if (as_json) {
            char *j = xxgk_diags_to_json(d, path);
            fputs(j, stdout);
            free(j);
        } else {
            xxgk_diags_print(d, path, stderr);
        }
    }
    return r;
}

static int cmd_check(int argc, char **argv)
{
    int as_json = 0;
    const char *input = NULL, *previous = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            as_json = 1;
        else if (!strcmp(argv[i], "--previous") && i + 1 < argc)
            previous = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("check: unknown option %s", argv[i]);
        else if (input)
            return usage_error("check: one report at a time (%s)", argv[i]);
        else
            input = argv[i];
    }
    if (!input)
        return usage_error("check: no report given%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = load(input, d, as_json);
    if (!r) {
        xxgk_diags_free(d);
        return EXIT_USAGE;
    }
    xxgk_report *prev = NULL;
    xxgk_diags *pd = NULL;
    if (previous) {
        pd = xxgk_diags_new();
        prev = load(previous, pd, as_json);
        if (!prev) {
            xxgk_diags_free(pd);
            xxgk_diags_free(d);
            xxgk_report_free(r);
            return EXIT_USAGE;
        }
    }
    xxgk_check_options opts = {prev, NULL, NULL};
#ifdef XXGK_HAVE_RENDER
    cli_font_check_hook(&opts);
#endif
    xxgk_check(r, &opts, d);
    size_t errors = xxgk_diags_errors(d), warnings = xxgk_diags_warnings(d);
    if (as_json) {
        char *j = xxgk_diags_to_json(d, input);
        fputs(j, stdout);
        free(j);
    } else {
        xxgk_diags_print(d, input, stdout);
        printf("%s: %zu error%s, %zu warning%s\n", input, errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s");
    }
    xxgk_report_free(prev);
    xxgk_diags_free(pd);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return errors ? EXIT_ERRORS : EXIT_OK;
}

static int cmd_cells(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return usage_error("cells: give exactly one report%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = load(argv[1], d, 0);
    int rc = EXIT_USAGE;
    if (r) {
        xxgk_write_cells(r, stdout);
        /* the export is only as good as the input: say what is wrong (the
         * consistency checks, without the fonts: cells draws nothing) */
        xxgk_check_options opts = {NULL, NULL, NULL};
        xxgk_check(r, &opts, d);
        rc = xxgk_diags_errors(d) ? EXIT_ERRORS : EXIT_OK;
        if (rc)
            xxgk_diags_print(d, argv[1], stderr);
    }
    xxgk_report_free(r);
    xxgk_diags_free(d);
    return rc;
}

/* A version to compare: a report, or the source a published PDF carries
 * (render --attach-source). */
static xxgk_report *load_version(const char *path, xxgk_diags *d)
{
#ifdef XXGK_HAVE_RENDER
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".pdf")) {
        char *data = NULL, *err = NULL;
        size_t size = 0;
        int k = xxgk_extract_attachment(path, NULL, &data, &size, &err);
        xxgk_report *r = NULL;
        if (k == 0)
            r = xxgk_report_from_json(data, size, d);
        else if (k > 0)
            fprintf(stderr, "%s: error J01: 这份 PDF 没有附带源数据（只有 render --backend haru "
                            "--attach-source 生成的 PDF 才带有）\n", path);
        else
            fprintf(stderr, "%s: error J01: %s\n", path, err ? err : "无法读取 PDF");
        if (k == 0 && !r)
            xxgk_diags_print(d, path, stderr);
        free(data);
        free(err);
        return r;
    }
#endif
    return load(path, d, 0);
}

static int cmd_diff(int argc, char **argv)
{
    if (argc != 3 || (argv[1][0] == '-' && argv[1][1]) || (argv[2][0] == '-' && argv[2][1]))
        return usage_error("diff: give OLD and NEW, two versions of a report%s", "");
    if (!strcmp(argv[1], "-") && !strcmp(argv[2], "-"))
        return usage_error("diff: only one of the two may be standard input%s", "");
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *from = load_version(argv[1], d), *to = NULL;
    xxgk_diags *d2 = xxgk_diags_new();
    if (from)
        to = load_version(argv[2], d2);
    int rc = EXIT_USAGE;
    if (from && to) {
        size_t n = xxgk_write_diff(from, to, stdout);
        if (n)
            printf("共 %zu 处不同\n", n);
        rc = n ? EXIT_ERRORS : EXIT_OK;
    }
    xxgk_report_free(from);
    xxgk_report_free(to);
    xxgk_diags_free(d);
    xxgk_diags_free(d2);
    return rc;
}

static int cmd_template(int argc, char **argv)
{
    const char *format = NULL;
    long year = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc)
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
        fputs("xxgk: template: 没有可用的格式模板（layouts 文件有误，见上）\n", stderr);
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
    fputs(s, stdout);
    free(s);
    return EXIT_OK;
}

#ifdef XXGK_HAVE_RENDER
/* What every report of a batch is rendered with. */
typedef struct {
    xxgk_backend backend;
    const char *owner_password; /* --encrypt */
    int attach_source;
} batch_settings;

typedef struct {
    const batch_settings *settings;
    xxgk_fonts *fonts;
} batch_worker;

/* Each batch worker resolves the fonts once and renders all its reports
 * with them. */
static void *batch_worker_init(void *ctx)
{
    const batch_settings *s = ctx;
    batch_worker *w = malloc(sizeof *w);
    if (!w)
        return NULL; /* the worker renders nothing; every report says why */
    xxgk_diags *d = xxgk_diags_new();
    w->settings = s;
    w->fonts = xxgk_fonts_load_flags(xxgk_fonts_env_flags() |
                                         (s->backend == XXGK_BACKEND_HARU ? XXGK_FONTS_TRUETYPE : 0),
                                     d);
    xxgk_diags_free(d);
    return w;
}

static void batch_worker_done(void *ws)
{
    batch_worker *w = ws;
    if (w)
        xxgk_fonts_free(w->fonts);
    free(w);
}

static int batch_render(void *ws, const xxgk_report *r, const char *input, const char *out,
                        int draft, xxgk_diags *d, int *pages)
{
    const batch_worker *w = ws;
    if (!w) {
        fputs("xxgk: batch: out of memory\n", stderr);
        return -1;
    }
    xxgk_render_options o = {0};
    o.draft = draft;
    o.fonts = w->fonts;
    o.pages = pages;
    o.backend = w->settings->backend;
    o.owner_password = w->settings->owner_password;
    char *source = NULL;
    if (w->settings->attach_source) {
        if (!(source = cli_source_json(input, &o.attach_size, d)))
            return -1;
        o.attach_data = source;
    }
    int rc = xxgk_render_pdf(r, &o, out, d);
    free(source);
    return rc;
}

static void batch_check_hook(void *ws, xxgk_check_options *o)
{
    const batch_worker *w = ws;
    if (w && w->fonts) {
        o->can_draw = xxgk_fonts_can_draw;
        o->can_draw_ctx = w->fonts;
    }
}

static int cmd_batch(int argc, char **argv)
{
    xxgk_batch_options o = {0};
    batch_settings settings = {XXGK_BACKEND_CAIRO, NULL, 0};
    const char *pw_file = NULL;
    int encrypt = 0;
    const char **summaries = calloc((size_t)argc, sizeof *summaries);
    int merge = 0, n_summaries = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-d") && i + 1 < argc)
            o.outdir = argv[++i];
        else if (!strcmp(a, "-j") && i + 1 < argc) {
            char *end;
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 1 || j > 256) {
                free(summaries);
                return usage_error("batch: -j needs a number of workers from 1 to 256, not %s", argv[i]);
            }
            o.jobs = (int)j;
        } else if (!strcmp(a, "--draft"))
            o.draft = 1;
        else if (!strcmp(a, "--resume"))
            o.resume = 1;
        else if (!strcmp(a, "--backend") && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "cairo") && strcmp(v, "haru")) {
                free(summaries);
                return usage_error("batch: --backend is cairo or haru, not %s", v);
            }
            settings.backend = strcmp(v, "haru") ? XXGK_BACKEND_CAIRO : XXGK_BACKEND_HARU;
        } else if (!strcmp(a, "--attach-source"))
            settings.attach_source = 1;
        else if (!strcmp(a, "--encrypt"))
            encrypt = 1;
        else if (!strcmp(a, "--owner-password-file") && i + 1 < argc)
            pw_file = argv[++i];
        else if (!strcmp(a, "--merge-summaries"))
            merge = 1;
        else if (!strcmp(a, "--previous") && i + 1 < argc)
            o.previous_dir = argv[++i];
        else if (!strcmp(a, "--shard") && i + 1 < argc) {
            int k, n, used = 0;
            if (sscanf(argv[++i], "%d/%d%n", &k, &n, &used) != 2 || argv[i][used] || n < 1 || k < 1 || k > n) {
                free(summaries);
                return usage_error("batch: --shard K/N with 1 ≤ K ≤ N, not %s", argv[i]);
            }
            o.shard_k = k;
            o.shard_n = n;
        } else if (a[0] == '-' && a[1]) {
            free(summaries);
            return usage_error("batch: unknown option %s", a);
        } else if (merge || o.source)
            summaries[n_summaries++] = a;
        else
            o.source = a;
    }
    if (merge && o.source)
        summaries[n_summaries++] = o.source;
    if (!o.outdir || (!merge && !o.source) || (merge && !n_summaries) || (!merge && n_summaries)) {
        free(summaries);
        return usage_error("batch: give SOURCE and -d OUTDIR (or --merge-summaries -d OUTDIR SUMMARY.json…)%s", "");
    }
    const char *haru_only = settings.attach_source ? "--attach-source" : encrypt ? "--encrypt" : NULL;
    if (haru_only && settings.backend != XXGK_BACKEND_HARU) {
        free(summaries);
        return usage_error("batch: %s needs --backend haru (cairo 1.16 can neither attach nor encrypt)",
                           haru_only);
    }
    if (pw_file && !encrypt) {
        free(summaries);
        return usage_error("batch: --owner-password-file goes with --encrypt%s", "");
    }
    char *password = NULL;
    if (encrypt && !merge && !(password = cli_owner_password(pw_file))) {
        free(summaries);
        return EXIT_USAGE;
    }
    settings.owner_password = password;
    xxgk_diags *d = xxgk_diags_new();
    int rc;
    if (merge) {
        rc = xxgk_batch_merge(o.outdir, summaries, n_summaries, stderr, d);
    } else {
        o.progress_bar = isatty(fileno(stderr));
        o.log = stderr;
        o.worker_init = batch_worker_init;
        o.worker_done = batch_worker_done;
        o.render = batch_render;
        o.check_hook = batch_check_hook;
        o.load = xxgk_report_load_any;
        o.ctx = &settings;
        char desc[96];
        snprintf(desc, sizeof desc, "backend=%s%s%s",
                 settings.backend == XXGK_BACKEND_HARU ? "haru" : "cairo",
                 settings.attach_source ? " attach-source" : "", password ? " encrypt" : "");
        o.render_settings = desc;
        rc = xxgk_batch_run(&o, d);
    }
    xxgk_diags_print(d, merge ? "batch" : o.source, stderr);
    xxgk_diags_free(d);
    free(summaries);
    cli_forget_password(password);
    return rc;
}
#endif

static int cmd_aggregate(int argc, char **argv)
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

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given%s", "");
    const char *cmd = argv[1];
    if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
        strcmp(cmd, "import") != 0) { /* import has its own */
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "cells"))
        return cmd_cells(argc - 1, argv + 1);
    if (!strcmp(cmd, "import"))
        return cli_import(argc - 1, argv + 1);
    if (!strcmp(cmd, "diff"))
        return cmd_diff(argc - 1, argv + 1);
    if (!strcmp(cmd, "template"))
        return cmd_template(argc - 1, argv + 1);
#ifdef XXGK_HAVE_RENDER
    if (!strcmp(cmd, "render"))
        return cli_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "fonts"))
        return cli_fonts(argc - 1, argv + 1);
    if (!strcmp(cmd, "extract"))
        return cli_extract(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch"))
        return cmd_batch(argc - 1, argv + 1);
#endif
    if (!strcmp(cmd, "aggregate"))
        return cmd_aggregate(argc - 1, argv + 1);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        puts("xxgk " XXGK_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    return usage_error("unknown command %s", cmd);
}
