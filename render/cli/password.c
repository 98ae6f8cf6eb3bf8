/* password.c — the owner password of --encrypt, from a file or the
 * environment, never from the command line (ps shows every argument). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* What AES-256 (R6) encryption takes: at most 127 bytes of UTF-8; readers
 * differ in how they normalise what is typed (SASLprep), so only printable
 * ASCII is sure to be typed back the same in every reader. */
#define MAX_PASSWORD 127

static char *password_from_file(const char *file)
{
    /* O_NONBLOCK and fstat: a FIFO or a device is refused, never waited on */
    int fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "xxgk: cannot read the owner password file %s: %s\n", file,
                strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "xxgk: the owner password file %s is not a regular file\n", file);
        close(fd);
        return NULL;
    }
    char buf[256];
    ssize_t got = read(fd, buf, sizeof buf - 1);
    close(fd);
    size_t n = got > 0 ? (size_t)got : 0;
    buf[n] = 0;
    size_t start = n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0; /* Notepad's BOM */
    size_t end = start;
    while (end < n && buf[end] != '\n' && buf[end] != '\r' && buf[end] != 0)
        end++;
    if (end < n && buf[end] == 0) {
        fprintf(stderr, "xxgk: the owner password file %s has a NUL byte in its first line\n",
                file);
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
        fprintf(stderr,
                "xxgk: the owner password must be 1 to %d printable ASCII characters "
                "(readers may encode other characters differently from what is "
                "typed); this one is %s\n",
                MAX_PASSWORD, len > MAX_PASSWORD ? "longer" : "not printable ASCII");
        cli_forget_password(pw);
        return NULL;
    }
    return pw;
}

void cli_forget_password(char *password)
{
    if (password) {
        memset(password, 0, strlen(password));
        free(password);
    }
}
