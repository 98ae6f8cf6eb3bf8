/* jobs.c — what a batch renders: the reports of a folder, or the lines of
 * a manifest (CSV with a header line, or a JSON array), each with its
 * output name, validated before anything is written: inside OUTDIR, no two
 * alike. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "batch/batch.h"

void jobs_add(joblist *l, const char *dept, const char *input, const char *output, int line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    job *j = &l->v[l->n++];
    j->department = dept && *dept ? xstrdup(dept) : NULL;
    j->input = xstrdup(input);
    j->output = output ? xstrdup(output) : NULL;
    j->line = line;
    j->resumable_digest[0] = 0;
}

void jobs_free(joblist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].department);
        free(l->v[i].input);
        free(l->v[i].output);
    }
    free(l->v);
}

static char *stem_pdf(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    strbuf b = {0};
    sb_addn(&b, base, n);
    sb_add(&b, ".pdf");
    return sb_take(&b);
}

char *join_path(const char *dir, const char *name)
{
    strbuf b = {0};
    if (name[0] != '/' && dir && *dir) {
        sb_add(&b, dir);
        if (!str_ends_with(dir, "/"))
            sb_addc(&b, '/');
    }
    sb_add(&b, name);
    return sb_take(&b);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of a folder a batch takes: every form xxgk reads a report
 * from (a .pdf is an output, not an input, in a batch's folder). */
static int report_file_name(const char *name)
{
    static const char *const forms[] = {".json", ".txt", ".html", ".htm", ".docx"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (str_ends_with_nocase(name, forms[i]))
            return 1;
    return 0;
}

static int list_folder(const char *dir, joblist *l, xxgk_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法打开文件夹 %s：%s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.' || !report_file_name(e->d_name))
            continue;
        if (!strcmp(e->d_name, "summary.json"))
            continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *in = join_path(dir, names[i]);
        char *out = stem_pdf(names[i]);
        jobs_add(l, NULL, in, out, 0);
        free(in);
        free(out);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* One CSV record (RFC 4180: quotes, doubled quotes, commas, newlines in
 * quotes).  Returns the number of fields, -1 at the end. */
static int csv_record(const char **p, char **fields, int max)
{
    const char *s = *p;
    if (!*s)
        return -1;
    int n = 0;
    for (;;) {
        strbuf f = {0};
        if (*s == '"') {
            s++;
            while (*s && !(*s == '"' && s[1] != '"')) {
                if (*s == '"')
                    s++;
                sb_addc(&f, *s++);
            }
            if (*s == '"')
                s++;
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            sb_addc(&f, *s++);
        if (n < max)
            fields[n++] = sb_take(&f);
        else
            sb_free(&f);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

/* A manifest is text: a NUL byte or broken UTF-8 would silently cut it
 * short or garble a name, so either is an error naming its line. */
static int manifest_text_ok(const char *path, const char *text, size_t len, xxgk_diags *d)
{
    int line = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text[i] ? utf8_decode(text + i, len - i, &cp) : 0;
        if (!k) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = line, .col = 1},
                     "清单 %s 第 %d 行有%s（第 %zu 字节）：清单应为 UTF-8 文本", path, line,
                     text[i] ? "无效的 UTF-8 字节" : " NUL 字节", i + 1);
            return 0;
        }
        line += cp == '\n';
        i += k;
    }
    return 1;
}

static int list_manifest(const char *path, joblist *l, xxgk_diags *d)
{
    size_t len;
    char *why = NULL;
    char *text = read_file_limited(path, &len, &why);
    if (!text) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法读取清单 %s：%s", path, why ? why : "?");
        free(why);
        return -1;
    }
    if (!manifest_text_ok(path, text, len, d)) {
        free(text);
        return -1;
    }
    const char *body = text;
    if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) { /* saved by Excel or Notepad */
        body += 3;
        len -= 3;
    }
    char *base = xstrdup(path);
    char *slash = strrchr(base, '/');
    if (slash)
        *slash = 0;
    else
        strcpy(base, ".");
    int rc = 0;
    if (str_ends_with(path, ".json")) {
        json_error_t err;
        json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
        if (!json_is_array(root)) {
            diag_add(
                d, XXGK_ERROR, "B01", &(diag_where){.line = err.line, .col = err.column},
                "清单 %s 应为 JSON 数组 [{\"department\": …, \"input\": …, \"output\": …}]%s%s",
                path, root ? "" : "：", root ? "" : err.text);
            rc = -1;
        }
        for (size_t i = 0; rc == 0 && i < json_array_size(root); i++) {
            json_t *o = json_array_get(root, i);
            const char *in = json_string_value(json_object_get(o, "input"));
            if (!in) {
                diag_add(d, XXGK_ERROR, "B01", NULL, "清单 %s 第 %zu 项缺少 \"input\"", path,
                         i + 1);
                rc = -1;
                break;
            }
            char *full = join_path(base, in);
            const char *out = json_string_value(json_object_get(o, "output"));
            char *dflt = out ? NULL : stem_pdf(in);
            jobs_add(l, json_string_value(json_object_get(o, "department")), full, out ? out : dflt,
                     (int)i + 1);
            free(full);
            free(dflt);
        }
        json_decref(root);
    } else {
        const char *p = body;
        char *f[16];
        int n = csv_record(&p, f, 16), col_dept = -1, col_in = -1, col_out = -1;
        for (int i = 0; i < n; i++) {
            if (!strcmp(f[i], "department"))
                col_dept = i;
            else if (!strcmp(f[i], "input"))
                col_in = i;
            else if (!strcmp(f[i], "output"))
                col_out = i;
            free(f[i]);
        }
        if (col_in < 0) {
            diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = 1, .col = 1},
                     "清单 %s 的第一行应为列名，至少有 input（可选 department、output）", path);
            rc = -1;
        }
        for (int line = 2; rc == 0 && (n = csv_record(&p, f, 16)) >= 0; line++) {
            if (n == 1 && !f[0][0]) { /* blank line */
                free(f[0]);
                continue;
            }
            if (col_in >= n || !f[col_in][0]) {
                diag_add(d, XXGK_ERROR, "B01", &(diag_where){.line = line, .col = 1},
                         "清单 %s 第 %d 行缺少 input", path, line);
                rc = -1;
            } else {
                char *full = join_path(base, f[col_in]);
                char *dflt =
                    col_out >= 0 && col_out < n && f[col_out][0] ? NULL : stem_pdf(f[col_in]);
                jobs_add(l, col_dept >= 0 && col_dept < n ? f[col_dept] : NULL, full,
                         dflt ? dflt : f[col_out], line);
                free(full);
                free(dflt);
            }
            for (int i = 0; i < n; i++)
                free(f[i]);
        }
    }
    free(base);
    free(text);
    return rc;
}

int list_jobs(const char *source, joblist *l, xxgk_diags *d)
{
    struct stat st;
    if (stat(source, &st) != 0) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "找不到 %s：%s", source, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return list_folder(source, l, d);
    return list_manifest(source, l, d);
}

/* An output name stays inside OUTDIR: relative, no "..", no empty part. */
static int safe_output(const char *name)
{
    if (!*name || name[0] == '/' || strchr(name, '\\'))
        return 0;
    const char *p = name;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n + (slash ? 1 : 0);
        if (slash && !*p)
            return 0;
    }
    return str_ends_with(name, ".pdf");
}

int validate_outputs(joblist *l, xxgk_diags *d)
{
    int bad = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (!safe_output(l->v[i].output)) {
            diag_add(d, XXGK_ERROR, "B02", &(diag_where){.line = l->v[i].line},
                     "输出文件名 \"%s\" 不合规：应为 OUTDIR 之内的相对路径，以 .pdf 结尾，不含 ..",
                     l->v[i].output);
            bad = 1;
        }
        for (size_t k = 0; k < i; k++)
            if (!strcmp(l->v[i].output, l->v[k].output)) {
                diag_add(d, XXGK_ERROR, "B03", &(diag_where){.line = l->v[i].line},
                         "%s 与 %s 会写到同一个输出文件 %s", l->v[k].input, l->v[i].input,
                         l->v[i].output);
                bad = 1;
            }
    }
    return bad ? -1 : 0;
}

void apply_shard(joblist *l, int k, int n)
{
    if (n <= 1)
        return;
    /* by position in the sorted list of outputs: every shard of every
     * machine computes the same partition */
    size_t *order = xmalloc(l->n * sizeof *order), kept = 0;
    for (size_t i = 0; i < l->n; i++)
        order[i] = i;
    for (size_t i = 1; i < l->n; i++) /* insertion sort: a few thousand at most */
        for (size_t j = i; j > 0 && strcmp(l->v[order[j - 1]].output, l->v[order[j]].output) > 0;
             j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    char *keep = calloc(l->n ? l->n : 1, 1);
    for (size_t i = 0; i < l->n; i++)
        if ((int)(i % (size_t)n) == k - 1)
            keep[order[i]] = 1;
    for (size_t i = 0; i < l->n; i++) {
        if (keep[i])
            l->v[kept++] = l->v[i];
        else {
            free(l->v[i].department);
            free(l->v[i].input);
            free(l->v[i].output);
        }
    }
    l->n = kept;
    free(keep);
    free(order);
}

int mkdirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0777) && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}
