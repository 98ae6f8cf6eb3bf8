/* cli_render.c — xxgk render, xxgk fonts and xxgk extract. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_haru.h"
#include "cli_render.h"
#include "extract.h"
#include "fonts.h"
#include "model.h"
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
    fprintf(stderr,
            "xxgk render: %s\nusage: xxgk render REPORT.json -o REPORT.pdf [--png PREFIX] "
            "[--png-dpi N] [--draft] [--layout-dump FILE]\n"
            "         [--backend cairo|haru] [--truetype-fonts] [--attach-source]\n"
            "         [--encrypt [--owner-password-file FILE]]  (else XXGK_OWNER_PASSWORD)\n",
            msg);
    return EXIT_USAGE;
}

/* What RC4 (R3) encryption can take: at most 32 bytes, and as readers map
 * typed text through PDFDocEncoding, only printable ASCII is sure to be
 * typed back the same in every reader. */
#define MAX_PASSWORD 32

static char *password_from_file(const char *file)
{
    struct stat st;
    if (stat(file, &st) != 0) {
        fprintf(stderr, "xxgk: cannot read the owner password file %s: %s\n", file, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "xxgk: the owner password file %s is not a regular file\n", file);
        return NULL;
    }
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "xxgk: cannot read the owner password file %s: %s\n", file, strerror(errno));
        return NULL;
    }
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    size_t start = n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0; /* Notepad's BOM */
    size_t end = start;
    while (end < n && buf[end] != '\n' && buf[end] != '\r' && buf[end] != 0)
        end++;
    if (end < n && buf[end] == 0) {
        fprintf(stderr, "xxgk: the owner password file %s has a NUL byte in its first line\n", file);
        return NULL;
    }
    if (end == sizeof buf - 1) {
        fprintf(stderr, "xxgk: the first line of the owner password file %s is too long\n", file);
        return NULL;
    }
    char *pw = malloc(end - start + 1);
    if (pw) {
        memcpy(pw, buf + start, end - start);
        pw[end - start] = 0;
    }
    memset(buf, 0, sizeof buf);
    return pw;
}

char *cli_owner_password(const char *file)
{
    char *pw = NULL;
    if (file) {
        if (!(pw = password_from_file(file)))
            return NULL;
    } else {
        const char *env = getenv("XXGK_OWNER_PASSWORD");
        if (env)
            pw = strdup(env);
    }
    if (!pw || !*pw) {
        fprintf(stderr, "xxgk: --encrypt needs an owner password: the first line of "
                        "--owner-password-file FILE, or the environment variable "
                        "XXGK_OWNER_PASSWORD (never on the command line)\n");
        free(pw);
        return NULL;
    }
    size_t len = strlen(pw);
    int printable = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)pw[i] < 0x20 || (unsigned char)pw[i] > 0x7E)
            printable = 0;
    if (len > MAX_PASSWORD || !printable) {
        fprintf(stderr, "xxgk: the owner password must be 1 to %d printable ASCII characters "
                        "(RC4 encryption keeps only 32 bytes, and readers may encode other "
                        "characters differently from what is typed); this one is %s\n",
                MAX_PASSWORD, len > MAX_PASSWORD ? "longer" : "not printable ASCII");
        cli_forget_password(pw);
        return NULL;
    }
    return pw;
}

char *cli_source_json(const char *input, size_t *len, xxgk_diags *d)
{
    char *text = xxgk_read_file_limited(input, len, d);
    size_t n = strlen(input);
    if (text && n > 4 && (!strcmp(input + n - 4, ".txt") || !strcmp(input + n - 4, ".TXT"))) {
        int complete = 0;
        char *json = xxgk_import_text(text, *len, input, d, &complete);
        free(text);
        text = json;
        *len = json ? strlen(json) : 0;
    }
    return text;
}

void cli_forget_password(char *password)
{
    if (password) {
        memset(password, 0, strlen(password));
        free(password);
    }
}

int cli_render(int argc, char **argv)
{
    const char *input = NULL, *out = NULL, *pw_file = NULL;
    xxgk_render_options o = {0};
    int encrypt = 0, attach_source = 0;
    unsigned font_flags = xxgk_fonts_env_flags();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--owner-password") || !strncmp(a, "--owner-password=", 17) ||
            !strcmp(a, "--password")) {
            return usage("the owner password is never an argument (ps shows it): use "
                         "--owner-password-file FILE or XXGK_OWNER_PASSWORD");
        } else if (!strcmp(a, "--backend") || !strcmp(a, "--owner-password-file")) {
            if (i + 1 >= argc)
                return usage("an option needs a value");
            const char *v = argv[++i];
            if (!strcmp(a, "--owner-password-file"))
                pw_file = v;
            else if (!strcmp(v, "cairo"))
                o.backend = XXGK_BACKEND_CAIRO;
            else if (!strcmp(v, "haru"))
                o.backend = XXGK_BACKEND_HARU;
            else
                return usage("--backend is cairo or haru");
        } else if (!strcmp(a, "--encrypt")) {
            encrypt = 1;
        } else if (!strcmp(a, "--attach-source")) {
            attach_source = 1;
        } else if (!strcmp(a, "--truetype-fonts")) {
            font_flags |= XXGK_FONTS_TRUETYPE;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--png") || !strcmp(a, "--layout-dump") ||
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
            char m[256];
            snprintf(m, sizeof m, "unknown option %s", a);
            return usage(m);
        } else if (!input) {
            input = a;
        } else {
            return usage("give exactly one report");
        }
    }
    if (!input || !out)
        return usage("give a report and -o OUTPUT.pdf");
    if (attach_source && o.backend != XXGK_BACKEND_HARU)
        return usage("--attach-source needs --backend haru (cairo 1.16 cannot attach files)");
    if (encrypt && o.backend != XXGK_BACKEND_HARU)
        return usage("--encrypt needs --backend haru (cairo 1.16 cannot encrypt)");
    if (pw_file && !encrypt)
        return usage("--owner-password-file goes with --encrypt");
    if (o.backend == XXGK_BACKEND_HARU)
        font_flags |= XXGK_FONTS_TRUETYPE; /* libharu embeds TrueType only */
    char *password = NULL, *source = NULL;
    if (encrypt && !(password = cli_owner_password(pw_file)))
        return EXIT_USAGE;
    if (attach_source) {
        xxgk_diags *sd = xxgk_diags_new();
        source = cli_source_json(input, &o.attach_size, sd);
        xxgk_diags_print(sd, input, stderr);
        xxgk_diags_free(sd);
        if (!source) {
            cli_forget_password(password);
            return EXIT_USAGE;
        }
        o.attach_data = source;
    }
    o.owner_password = password;
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_load_any(input, d);
    if (!r) {
        xxgk_diags_print(d, input, stderr);
        xxgk_diags_free(d);
        free(password);
        free(source);
        return EXIT_USAGE;
    }
    xxgk_fonts *fonts = xxgk_fonts_load_flags(font_flags, d);
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
            /* what check would say: warnings do not stop a report, but the
             * clerk sees them (and, with --draft, the errors) */
            xxgk_diags_print(d, input, stderr);
            if (xxgk_diags_errors(d))
                fprintf(stderr, "%s: %zu error(s); rendered as a draft, marked 草稿（未通过校验）\n",
                        input, xxgk_diags_errors(d));
            print_substitutes(fonts);
        }
        xxgk_diags_free(rd);
    }
    xxgk_fonts_free(fonts);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    cli_forget_password(password);
    free(source);
    return rc;
}

int cli_fonts(int argc, char **argv)
{
    unsigned flags = xxgk_fonts_env_flags();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--truetype")) {
            flags |= XXGK_FONTS_TRUETYPE;
        } else {
            fprintf(stderr, "xxgk fonts: unknown option %s\nusage: xxgk fonts [--truetype]\n",
                    argv[i]);
            return EXIT_USAGE;
        }
    }
    xxgk_diags *d = xxgk_diags_new();
    xxgk_fonts *f = xxgk_fonts_load_flags(flags, d);
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

/* The seal the extracted source names, to be put back where the source
 * says (relative to the JSON written), from the PDF's seal attachment.  A
 * path that would leave the JSON's folder is written beside it under its
 * own name.  Decided before anything is written: an existing different
 * file there, or a missing attachment, and nothing is (exit 1). */
typedef struct {
    char *path; /* NULL: no seal to write */
    char *data;
    size_t size;
    int outside; /* the source's path left the JSON's folder */
} seal_plan;

static int plan_seal(const char *pdf, const char *out, const char *json, size_t size,
                     seal_plan *sp)
{
    memset(sp, 0, sizeof *sp);
    json_t *root = json_loadb(json, size, 0, NULL);
    const char *seal = json_string_value(json_object_get(root, "seal"));
    int rc = EXIT_OK;
    if (!seal || !*seal)
        goto done;
    char *err = NULL;
    if (xxgk_extract_attachment(pdf, XXGK_SEAL_NAME, &sp->data, &sp->size, &err) != 0) {
        fprintf(stderr, "xxgk extract: 报告指定了印章 %s，但 PDF 中没有附带印章图片：%s；未写入任何文件\n",
                seal, err ? err : "?");
        free(err);
        rc = EXIT_ERRORS;
        goto done;
    }
    const char *slash = strrchr(out, '/');
    sp->outside = seal[0] == '/' || strstr(seal, "..") != NULL;
    const char *rel = !sp->outside ? seal : strrchr(seal, '/') ? strrchr(seal, '/') + 1 : seal;
    strbuf path = {0};
    if (slash)
        sb_addn(&path, out, (size_t)(slash - out + 1));
    sb_add(&path, rel);
    sp->path = sb_take(&path);
    size_t have_len = 0;
    xxgk_diags *d = xxgk_diags_new();
    char *have = access(sp->path, F_OK) == 0 ? xxgk_read_file_limited(sp->path, &have_len, d) : NULL;
    xxgk_diags_free(d);
    if (have && (have_len != sp->size || memcmp(have, sp->data, sp->size) != 0)) {
        fprintf(stderr, "xxgk extract: %s 已存在且与 PDF 附带的印章不同：未覆盖，也未写入 %s\n",
                sp->path, out);
        rc = EXIT_ERRORS;
    } else if (have) {
        free(sp->path); /* already there, the same bytes */
        sp->path = NULL;
    }
    free(have);
done:
    json_decref(root);
    return rc;
}

int cli_extract(int argc, char **argv)
{
    const char *input = NULL, *out = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") || !strcmp(a, "--name")) {
            if (i + 1 >= argc) {
                input = NULL;
                break;
            }
            if (!strcmp(a, "-o"))
                out = argv[++i];
            else
                name = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "xxgk extract: unknown option %s\n", a);
            input = NULL;
            out = NULL;
            break;
        } else if (!input) {
            input = a;
        } else {
            input = NULL;
            break;
        }
    }
    if (!input || !out) {
        fprintf(stderr, "usage: xxgk extract REPORT.pdf -o REPORT.json [--name source.json]\n"
                        "  writes the source attached by render --backend haru --attach-source\n");
        return EXIT_USAGE;
    }
    char *data = NULL, *err = NULL;
    size_t size = 0;
    int k = xxgk_extract_attachment(input, name, &data, &size, &err);
    int rc = EXIT_OK;
    if (k != 0) {
        fprintf(stderr, "xxgk extract: %s\n", err);
        rc = k > 0 ? EXIT_ERRORS : EXIT_USAGE;
    } else {
        seal_plan sp = {0};
        const char *why = NULL;
        if (!name || !strcmp(name, XXGK_SOURCE_NAME))
            rc = plan_seal(input, out, data, size, &sp);
        if (rc == EXIT_OK && xxgk_write_file_atomic_why(out, data, size, &why) != 0) {
            fprintf(stderr, "xxgk extract: %s：无法写入：%s\n", out, why ? why : "?");
            rc = EXIT_USAGE;
        }
        if (rc == EXIT_OK && sp.path) {
            if (xxgk_write_file_atomic_why(sp.path, sp.data, sp.size, &why) != 0) {
                fprintf(stderr, "xxgk extract: %s：无法写入印章图片：%s\n", sp.path, why ? why : "?");
                rc = EXIT_USAGE;
            } else if (sp.outside) {
                fprintf(stderr, "xxgk extract: 印章图片写在 %s（报告中的路径在 JSON 所在文件夹之外）\n",
                        sp.path);
            }
        }
        free(sp.path);
        free(sp.data);
    }
    free(data);
    free(err);
    return rc;
}
