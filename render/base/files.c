/* files.c — whole-file input within a limit, atomic output (files.h). */
#define _DEFAULT_SOURCE /* realpath, getrandom, fdopendir */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/files.h"

/* Reads fd to its end, at most max bytes. */
static char *read_fd(int fd, size_t max, size_t *len, char **why)
{
    strbuf b = {0};
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            why_set(why, "读取失败：%s", strerror(errno));
            sb_free(&b);
            return NULL;
        }
        if (n == 0)
            break;
        sb_addn(&b, buf, (size_t)n);
        if (b.len > max) { /* a pipe, or a file that grew */
            why_set(why, "输入过大（上限 %zu 字节），不是一份年度报告", max);
            sb_free(&b);
            return NULL;
        }
    }
    *len = b.len;
    return sb_take(&b);
}

char *read_file_max(const char *path, size_t max, size_t *len, char **why)
{
    if (!max)
        max = XXGK_MAX_INPUT_BYTES;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        why_set(why, "无法打开文件：%s", strerror(errno));
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) != 0)
        why_set(why, "无法读取：%s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        why_set(why, "是一个文件夹，不是报告文件");
    else if (!S_ISREG(st.st_mode))
        why_set(why, "不是普通文件（设备、管道或套接字），不会读取");
    else if ((uintmax_t)st.st_size > max)
        why_set(why, "输入过大（%lld 字节，上限 %zu 字节），不是一份年度报告",
                (long long)st.st_size, max);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)
        why_set(why, "无法读取：%s", strerror(errno));
    else
        text = read_fd(fd, max, len, why);
    close(fd);
    return text;
}

char *read_file_limited(const char *path, size_t *len, char **why)
{
    return read_file_max(path, XXGK_MAX_INPUT_BYTES, len, why);
}

char *read_stream_limited(FILE *f, size_t *len, char **why)
{
    fflush(f);
    return read_fd(fileno(f), XXGK_MAX_INPUT_BYTES, len, why);
}

/* ---- atomic output ------------------------------------------------------ */

/* Temporary files are "{target}.xxgk-tmp-{pid}-{6 random characters}":
 * the pid tells a killed run's leftover (its process is gone) from a
 * temporary file another xxgk is writing right now. */
#define TMP_MARK ".xxgk-tmp-"

static int leftover_of_dead_run(const char *name)
{
    const char *m = strstr(name, TMP_MARK);
    if (!m || !m[strlen(TMP_MARK)])
        return 0;
    char *end;
    long pid = strtol(m + strlen(TMP_MARK), &end, 10);
    if (pid <= 0 || *end != '-' || strlen(end + 1) != 6)
        return 0;
    return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Calls f for each entry of dirfd. */
static void each_entry(int dirfd, void (*f)(int dirfd, const char *entry, const void *ctx),
                       const void *ctx)
{
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d); /* the copy shares its position with dirfd: from the start */
    struct dirent *e;
    while ((e = readdir(d)))
        f(dirfd, e->d_name, ctx);
    closedir(d);
}

static void unlink_file(int dirfd, const char *entry)
{
    struct stat st;
    if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
        unlinkat(dirfd, entry, 0); /* a link is removed, never followed */
}

static void remove_if_leftover(int dirfd, const char *entry, const void *ctx)
{
    (void)ctx;
    if (leftover_of_dead_run(entry))
        unlink_file(dirfd, entry);
}

/* "{target}.tmp-{pid}", of earlier versions of xxgk, for this target. */
static void remove_if_old_leftover(int dirfd, const char *entry, const void *ctx)
{
    const char *name = ctx;
    size_t n = strlen(name);
    if (strncmp(entry, name, n) || strncmp(entry + n, ".tmp-", 5) || !entry[n + 5])
        return;
    char *end;
    long pid = strtol(entry + n + 5, &end, 10);
    if (!*end && pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        unlink_file(dirfd, entry);
}

/* Removes what killed runs left in dirfd: once per folder per process (a
 * batch writes hundreds of files into one), and the old-style leftovers of
 * this target. */
static void remove_leftovers(int dirfd, const char *name)
{
    static dev_t done_dev[16];
    static ino_t done_ino[16];
    static int n_done;
    struct stat st;
    if (fstat(dirfd, &st) != 0)
        return;
    int done = 0;
    for (int i = 0; i < n_done; i++)
        done |= done_dev[i] == st.st_dev && done_ino[i] == st.st_ino;
    if (!done) {
        if (n_done < 16) {
            done_dev[n_done] = st.st_dev;
            done_ino[n_done++] = st.st_ino;
        }
        each_entry(dirfd, remove_if_leftover, NULL);
    }
    each_entry(dirfd, remove_if_old_leftover, name);
}

/* A new temporary file for name in dirfd, made exclusively (never through
 * a link planted under its name): its descriptor, the name in tmp. */
static int create_temporary(int dirfd, const char *name, strbuf *tmp, char **why)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
            unsigned long long t = (unsigned long long)time(NULL) * 2654435761u + (unsigned)attempt;
            for (int i = 0; i < 6; i++, t >>= 8)
                r[i] = (unsigned char)t;
        }
        tmp->len = 0;
        sb_printf(tmp, "%s%s%ld-", name, TMP_MARK, (long)getpid());
        for (int i = 0; i < 6; i++)
            sb_addc(tmp, alnum[r[i] % 36]);
        int fd = openat(dirfd, tmp->s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST) {
            why_set(why, "无法创建临时文件：%s", strerror(errno));
            return -1;
        }
    }
    why_set(why, "无法创建临时文件");
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Refuses an existing name that is not a regular file (or, when
 * links_refused, a link). */
static int replaceable(int dirfd, const char *name, int links_refused, char **why)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : (why_set(why, "%s", strerror(errno)), -1);
    if (S_ISLNK(st.st_mode) && links_refused) {
        why_set(why, "是一个符号链接：不会写到它指向的地方");
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        why_set(why, "是一个文件夹");
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        why_set(why, "已存在且不是普通文件（设备、管道等），不会替换");
        return -1;
    }
    return 0;
}

static int write_in(int dirfd, const char *name, const char *data, size_t len, char **why)
{
    remove_leftovers(dirfd, name);
    strbuf tmp = {0};
    int fd = create_temporary(dirfd, name, &tmp, why);
    if (fd < 0) {
        sb_free(&tmp);
        return -1;
    }
    int ok = write_all(fd, data, len) == 0 && fsync(fd) == 0;
    int err = ok ? 0 : errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (ok && renameat(dirfd, tmp.s, dirfd, name) != 0) {
        ok = 0;
        err = errno;
    }
    if (!ok) {
        why_set(why, "%s", strerror(err ? err : EIO));
        unlinkat(dirfd, tmp.s, 0);
    } else {
        fsync(dirfd); /* the rename itself survives a crash */
    }
    sb_free(&tmp);
    return ok ? 0 : -1;
}

int write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, char **why)
{
    if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
        why_set(why, "不是文件名");
        return -1;
    }
    if (replaceable(dirfd, name, 1, why) != 0)
        return -1;
    return write_in(dirfd, name, data, len, why);
}

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
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
    const char *name = slash ? slash + 1 : copy;
    if (slash)
        *slash = 0;
    int rc = -1;
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        why_set(why, "%s", strerror(errno));
    else if (!*name)
        why_set(why, "是一个文件夹");
    else if (replaceable(dirfd, name, 0, why) == 0)
        rc = write_in(dirfd, name, data, len, why);
    if (dirfd >= 0)
        close(dirfd);
    free(copy);
    free(resolved);
    return rc;
}

int open_dir_beneath(int dirfd, const char *rel, char **why)
{
    int fd = dup(dirfd);
    char *p = xstrdup(rel);
    for (char *part = strtok(p, "/"); part && fd >= 0; part = strtok(NULL, "/")) {
        if (!strcmp(part, ".") || !strcmp(part, "..")) {
            why_set(why, "路径中不能有 . 或 ..");
            close(fd);
            fd = -1;
            break;
        }
        if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
            why_set(why, "无法创建文件夹 %s：%s", part, strerror(errno));
            close(fd);
            fd = -1;
            break;
        }
        int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0)
            why_set(why, "%s %s", part,
                    errno == ELOOP || errno == ENOTDIR ? "是符号链接或不是文件夹：不会写到它里面"
                                                       : strerror(errno));
        close(fd);
        fd = next;
    }
    free(p);
    return fd;
}

int dir_writable(int dirfd, char **why)
{
    strbuf tmp = {0};
    int fd = create_temporary(dirfd, ".probe", &tmp, why);
    if (fd >= 0) {
        close(fd);
        unlinkat(dirfd, tmp.s, 0);
    }
    sb_free(&tmp);
    return fd >= 0 ? 0 : -1;
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
