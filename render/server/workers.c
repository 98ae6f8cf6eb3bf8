/* workers.c — the server's side of the render workers: n processes of
 * "xxgk serve-worker", each on a socket pair, each answering one request
 * at a time (the protocol is in server.h).  A request waits for a free
 * worker; a worker that dies or overruns its time is killed and replaced,
 * and only the request it had fails. */
#define _GNU_SOURCE /* pipe2-style flags, MSG_NOSIGNAL */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "server/server.h"

extern char **environ;

typedef struct {
    pid_t pid; /* 0: not running */
    int fd;
    int busy;
} worker;

struct workers {
    char *self;
    worker *w;
    int n;
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

static int spawn(workers *ws, worker *w)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t none, dfl;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGPIPE);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &dfl);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *argv[] = {ws->self, "serve-worker", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, ws->self, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        return -1;
    }
    w->pid = pid;
    w->fd = sv[0];
    return 0;
}

static void end(worker *w)
{
    if (!w->pid)
        return;
    kill(w->pid, SIGKILL);
    close(w->fd);
    waitpid(w->pid, NULL, 0);
    w->pid = 0;
    w->fd = -1;
}

workers *workers_start(const char *self, int n, xxgk_diags *d)
{
    workers *ws = xmalloc(sizeof *ws);
    ws->self = xstrdup(self);
    ws->n = n > 0 ? n : 1;
    ws->w = xmalloc((size_t)ws->n * sizeof *ws->w);
    memset(ws->w, 0, (size_t)ws->n * sizeof *ws->w);
    pthread_mutex_init(&ws->lock, NULL);
    pthread_cond_init(&ws->freed, NULL);
    for (int i = 0; i < ws->n; i++)
        if (spawn(ws, &ws->w[i]) != 0) {
            diag_add(d, XXGK_ERROR, "V04", NULL, "无法启动排版进程 %s serve-worker：%s", self,
                     strerror(errno));
            workers_stop(ws);
            return NULL;
        }
    return ws;
}

void workers_stop(workers *ws)
{
    if (!ws)
        return;
    /* idle by now (the HTTP side has finished its requests): the end of
     * its input ends each worker, which then frees what it holds */
    for (int i = 0; i < ws->n; i++) {
        worker *w = &ws->w[i];
        if (!w->pid)
            continue;
        close(w->fd);
        int st;
        if (waitpid(w->pid, &st, 0) == w->pid && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
            fprintf(stderr, "xxgk serve: a render worker ended with status %d\n",
                    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        w->pid = 0;
    }
    pthread_mutex_destroy(&ws->lock);
    pthread_cond_destroy(&ws->freed);
    free(ws->w);
    free(ws->self);
    free(ws);
}

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes: 0 ready. */
static int wait_fd(int fd, short events, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {fd, events, 0};
        int k = poll(&p, 1, (int)(left > 60000 ? 60000 : left));
        if (k > 0)
            return p.revents & (events | POLLHUP | POLLERR) ? 0 : -1;
        if (k < 0 && errno != EINTR)
            return -1;
    }
}

static int send_all(int fd, const void *buf, size_t n, long long deadline)
{
    const char *p = buf;
    while (n) {
        if (wait_fd(fd, POLLOUT, deadline) != 0)
            return -1;
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int recv_all(int fd, void *buf, size_t n, long long deadline)
{
    char *p = buf;
    while (n) {
        if (wait_fd(fd, POLLIN, deadline) != 0)
            return -1;
        ssize_t k = recv(fd, p, n, MSG_DONTWAIT);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int exchange(worker *w, int op, int arg, const char *payload, size_t len, long long deadline,
                    int *status, char **reply, size_t *reply_len)
{
    struct {
        uint32_t op;
        int32_t arg;
        uint64_t len;
    } h = {(uint32_t)op, arg, len};
    struct {
        int32_t status;
        uint32_t zero;
        uint64_t len;
    } a;
    if (send_all(w->fd, &h, sizeof h, deadline) != 0 ||
        send_all(w->fd, payload, len, deadline) != 0 ||
        recv_all(w->fd, &a, sizeof a, deadline) != 0 || a.len > WORK_MAX_PAYLOAD)
        return -1;
    char *buf = xmalloc(a.len + 1);
    if (recv_all(w->fd, buf, a.len, deadline) != 0) {
        free(buf);
        return -1;
    }
    buf[a.len] = '\0';
    *status = a.status;
    *reply = buf;
    *reply_len = a.len;
    return 0;
}

int workers_ask(workers *ws, int op, int arg, const char *payload, size_t len, int timeout_ms,
                int *status, char **reply, size_t *reply_len)
{
    long long deadline = now_ms() + timeout_ms;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&ws->lock);
    worker *w = NULL;
    while (!w) {
        for (int i = 0; i < ws->n && !w; i++)
            if (!ws->w[i].busy)
                w = &ws->w[i];
        if (!w && pthread_cond_timedwait(&ws->freed, &ws->lock, &until) == ETIMEDOUT) {
            pthread_mutex_unlock(&ws->lock);
            return -1;
        }
    }
    w->busy = 1;
    pthread_mutex_unlock(&ws->lock);

    int rc = -1;
    if (w->pid && waitpid(w->pid, NULL, WNOHANG) == w->pid) {
        close(w->fd);
        w->pid = 0;
    }
    /* a worker found dead (killed between requests, before its exit was
     * seen) gets one replacement for this request; a request that kills
     * that one too, or overruns its time, fails */
    for (int attempt = 0; attempt < 2 && rc != 0 && now_ms() < deadline; attempt++) {
        if (!w->pid && spawn(ws, w) != 0)
            break;
        rc = exchange(w, op, arg, payload, len, deadline, status, reply, reply_len);
        if (rc != 0)
            end(w);
    }
    pthread_mutex_lock(&ws->lock);
    w->busy = 0;
    pthread_cond_signal(&ws->freed);
    pthread_mutex_unlock(&ws->lock);
    return rc;
}
