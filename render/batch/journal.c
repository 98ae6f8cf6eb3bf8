/* journal.c — OUTDIR/.xxgk-journal: what each PDF of OUTDIR was made from,
 * so that --resume keeps exactly the PDFs a new run would make again.
 *
 * A line per PDF written, appended as each report ends (a killed batch
 * still has it): "status<TAB>settings<TAB>output<TAB>digest", the digest
 * that of the input's bytes (an input edited back to an older mtime, or
 * copied over with its mtime kept, is rendered again).  The settings name
 * the backend and the options; a secret among them (the owner password)
 * is written only as a digest salted by the journal's own random salt (its
 * first line), so the journal, which sits beside the published PDFs, does
 * not carry it.  --resume skips a report only when its output's last line
 * says rendered (not a draft) with the same settings from the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "batch/batch.h"

#define JOURNAL_NAME ".xxgk-journal"
#define JOURNAL_HEAD "# xxgk journal 2 salt="

struct journal {
    FILE *f;
    char *settings;
};

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

int file_digest(const char *path, char out[65])
{
    size_t len = 0;
    char *data = read_file_limited(path, &len, NULL);
    if (!data || sodium_init() < 0) {
        free(data);
        return -1;
    }
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
    free(data);
    hex(h, sizeof h, out);
    return 0;
}

/* The salt of the existing journal, or a new one. */
static void journal_salt(const char *text, char salt[33])
{
    size_t head = strlen(JOURNAL_HEAD);
    if (text && !strncmp(text, JOURNAL_HEAD, head) &&
        strspn(text + head, "0123456789abcdef") >= 32) {
        memcpy(salt, text + head, 32);
        salt[32] = 0;
        return;
    }
    unsigned char r[16];
    randombytes_buf(r, sizeof r);
    hex(r, sizeof r, salt);
}

static char *full_settings(const char *settings, const char *secret, const char *salt)
{
    strbuf b = {0};
    sb_add(&b, settings ? settings : "");
    if (secret) {
        unsigned char h[16];
        crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret),
                           (const unsigned char *)salt, strlen(salt));
        char x[33];
        hex(h, sizeof h, x);
        sb_printf(&b, " secret=%s", x);
    }
    return sb_take(&b);
}

/* Marks the jobs whose output's last line allows --resume to keep it. */
static void mark_resumable(char *text, const char *settings, joblist *l)
{
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int k = 1; k < 4 && f[k - 1]; k++)
            if ((f[k] = strchr(f[k - 1], '\t')))
                *f[k]++ = 0;
        if (line[0] != '#' && f[3]) {
            int ok = !strcmp(f[0], status_names[ST_RENDERED]) && !strcmp(f[1], settings) &&
                     strlen(f[3]) == 64;
            for (size_t i = 0; i < l->n; i++)
                if (!strcmp(l->v[i].output, f[2])) /* the last line of an output wins */
                    snprintf(l->v[i].resumable_digest, sizeof l->v[i].resumable_digest, "%s",
                             ok ? f[3] : "");
        }
        line = next;
    }
}

static char *read_journal(int outfd)
{
    int fd = openat(outfd, JOURNAL_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    strbuf b = {0};
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 && b.len < XXGK_MAX_INPUT_BYTES)
        sb_addn(&b, buf, (size_t)n);
    close(fd);
    return sb_take(&b);
}

journal *journal_open(int outfd, int resume, const char *settings, const char *secret, joblist *l,
                      xxgk_diags *d)
{
    if (sodium_init() < 0) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "libsodium 无法初始化");
        return NULL;
    }
    char *text = resume ? read_journal(outfd) : NULL;
    if (text && strncmp(text, JOURNAL_HEAD, strlen(JOURNAL_HEAD))) {
        free(text); /* an older journal: it records no digests, nothing resumes */
        text = NULL;
    }
    char salt[33];
    journal_salt(text, salt);
    journal *jr = xmalloc(sizeof *jr);
    jr->settings = full_settings(settings, secret, salt);
    if (text)
        mark_resumable(text, jr->settings, l);
    /* never through a link planted under the journal's name */
    int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (text ? O_APPEND : O_TRUNC);
    int fd = openat(outfd, JOURNAL_NAME, flags, 0666);
    jr->f = fd >= 0 ? fdopen(fd, text ? "a" : "w") : NULL;
    if (fd >= 0 && !jr->f)
        close(fd);
    if (!jr->f) {
        diag_add(d, XXGK_ERROR, "B01", NULL, "无法写入 OUTDIR 中的 %s：%s", JOURNAL_NAME,
                 errno == ELOOP ? "它是一个符号链接" : strerror(errno));
        free(text);
        journal_close(jr);
        return NULL;
    }
    if (!text)
        fprintf(jr->f, "%s%s\n", JOURNAL_HEAD, salt);
    free(text);
    return jr;
}

void journal_add(journal *jr, const char *status, const char *output, const char *digest)
{
    if (!jr || !jr->f)
        return;
    fprintf(jr->f, "%s\t%s\t%s\t%s\n", status, jr->settings, output, digest);
    fflush(jr->f);
}

void journal_close(journal *jr)
{
    if (!jr)
        return;
    if (jr->f)
        fclose(jr->f);
    free(jr->settings);
    free(jr);
}
