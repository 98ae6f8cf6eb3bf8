/* files.c — whole-file input within a limit, atomic output. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/files.h"

static char *read_rest(FILE *f, size_t *len, char **why)
{
    strbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len <= XXGK_MAX_INPUT_BYTES)
        sb_addn(&b, buf, n);
    if (ferror(f) || b.len > XXGK_MAX_INPUT_BYTES) { /* a pipe or a file that grew */
        if (ferror(f))
            why_set(why, "读取失败：%s", strerror(errno));
        else
            why_set(why, "输入过大（上限 %u 字节），不是一份年度报告", XXGK_MAX_INPUT_BYTES);
        sb_free(&b);
        return NULL;
    }
    *len = b.len;
    return sb_take(&b);
}

char *read_file_limited(const char *path, size_t *len, char **why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        why_set(why, "无法打开文件：%s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 &&
        (S_ISDIR(st.st_mode) || st.st_size > (off_t)XXGK_MAX_INPUT_BYTES)) {
        if (S_ISDIR(st.st_mode))
            why_set(why, "是一个文件夹，不是报告文件");
        else
            why_set(why, "输入过大（%lld 字节，上限 %u 字节），不是一份年度报告",
                    (long long)st.st_size, XXGK_MAX_INPUT_BYTES);
        fclose(f);
        return NULL;
    }
    char *text = read_rest(f, len, why);
    fclose(f);
    return text;
}

char *read_stream_limited(FILE *f, size_t *len, char **why) { return read_rest(f, len, why); }

int write_file_atomic(const char *path, const char *data, size_t len, char **why)
{
    /* Only a regular file is ever replaced.  A link is written through
     * to the file it leads to (the link stays; /dev/stdout is a link to a
     * device or a pipe, refused). */
    struct stat st;
    char *resolved = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        resolved = realpath(path, NULL);
        if (!resolved || lstat(resolved, &st) != 0) {
            free(resolved);
            why_set(why, "是一个无法解析的符号链接");
            return -1;
        }
        path = resolved;
    }
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(resolved);
        why_set(why, "%s",
                S_ISDIR(st.st_mode) ? "是一个文件夹"
                                    : "已存在且不是普通文件（设备、管道等），不会替换");
        return -1;
    }
    strbuf tmp = {0};
    sb_printf(&tmp, "%s.tmp-%ld", path, (long)getpid()); /* two writers never share one */
    FILE *f = fopen(tmp.s, "wb");
    int rc = -1;
    if (!f) {
        why_set(why, "%s", strerror(errno));
    } else {
        int ok = fwrite(data, 1, len, f) == len && fflush(f) == 0 && fsync(fileno(f)) == 0;
        int err = ok ? 0 : errno;
        if (fclose(f) != 0 && ok) {
            ok = 0;
            err = errno;
        }
        if (ok && rename(tmp.s, path) != 0) {
            ok = 0;
            err = errno;
        }
        if (ok)
            rc = 0;
        else {
            why_set(why, "%s", strerror(err ? err : EIO));
            unlink(tmp.s);
        }
    }
    sb_free(&tmp);
    free(resolved);
    return rc;
}

int xxgk_write_file(const char *path, const char *data, size_t len, xxgk_diags *d)
{
    char *why = NULL;
    if (write_file_atomic(path, data, len, &why) == 0)
        return 0;
    diag_add(d, XXGK_ERROR, "W01", NULL, "%s：无法写入：%s", path, why ? why : "?");
    free(why);
    return -1;
}
