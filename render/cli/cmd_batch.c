/* cmd_batch.c — xxgk batch: a county's reports rendered by worker
 * processes, each loading the fonts once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* What every report of a batch is rendered with. */
typedef struct {
    const char *backend;        /* NULL: the default */
    const char *owner_password; /* --encrypt */
    int omit_source;            /* --no-attach-source */
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
    w->fonts = xxgk_fonts_for_backend(s->backend, 0, d);
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

static int batch_render(void *ws, const xxgk_report *r, int draft, char **pdf, size_t *len,
                        int *pages, xxgk_diags *d)
{
    const batch_worker *w = ws;
    if (!w) {
        xxgk_diags_add(d, XXGK_ERROR, "W01", "内存不足");
        return -1;
    }
    xxgk_render_options o = {0};
    o.draft = draft;
    o.fonts = w->fonts;
    o.pages = pages;
    o.backend = w->settings->backend;
    o.owner_password = w->settings->owner_password;
    o.omit_source = w->settings->omit_source;
    return xxgk_render_pdf_mem(r, &o, xxgk_report_agency(r), pdf, len, d);
}

static void batch_check_hook(void *ws, xxgk_check_options *o)
{
    const batch_worker *w = ws;
    if (w && w->fonts) {
        o->can_draw = xxgk_fonts_can_draw;
        o->can_draw_ctx = w->fonts;
    }
}

int cmd_batch(int argc, char **argv)
{
    xxgk_batch_options o = {0};
    batch_settings settings = {NULL, NULL, 0};
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
                return usage_error("batch: -j needs a number of workers from 1 to 256, not %s",
                                   argv[i]);
            }
            o.jobs = (int)j;
        } else if (!strcmp(a, "--draft"))
            o.draft = 1;
        else if (!strcmp(a, "--resume"))
            o.resume = 1;
        else if (!strcmp(a, "--backend") && i + 1 < argc) {
            if (cli_backend("batch", argv[++i], &settings.backend) != 0) {
                free(summaries);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--attach-source"))
            settings.omit_source = 0; /* the default; kept for old scripts */
        else if (!strcmp(a, "--no-attach-source"))
            settings.omit_source = 1;
        else if (!strcmp(a, "--encrypt"))
            encrypt = 1;
        else if (!strcmp(a, "--owner-password-file") && i + 1 < argc)
            pw_file = argv[++i];
        else if (!strcmp(a, "--merge-summaries"))
            merge = 1;
        else if (!strcmp(a, "--previous") && i + 1 < argc)
            o.previous_dir = argv[++i];
        else if (!strcmp(a, "--timeout") && i + 1 < argc) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || t < 1 || t > 86400) {
                free(summaries);
                return usage_error("batch: --timeout needs seconds from 1 to 86400, not %s",
                                   argv[i]);
            }
            o.timeout_s = (int)t;
        } else if (!strcmp(a, "--shard") && i + 1 < argc) {
            int k, n, used = 0;
            if (sscanf(argv[++i], "%d/%d%n", &k, &n, &used) != 2 || argv[i][used] || n < 1 ||
                k < 1 || k > n) {
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
        return usage_error(
            "batch: give SOURCE and -d OUTDIR (or --merge-summaries -d OUTDIR SUMMARY.json…)%s",
            "");
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
        snprintf(desc, sizeof desc, "backend=%s%s%s", xxgk_backend_find(settings.backend)->name,
                 settings.omit_source ? " no-source" : "", password ? " encrypt" : "");
        o.render_settings = desc;
        o.render_secret = password;
        rc = xxgk_batch_run(&o, d);
    }
    xxgk_diags_print(d, merge ? "batch" : o.source, stderr);
    xxgk_diags_free(d);
    free(summaries);
    cli_forget_password(password);
    return rc;
}
