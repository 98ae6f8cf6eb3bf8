/* cache.c — the workers' answers kept in memory by the digest (BLAKE2b,
 * libsodium's generichash) of the question: the operation, its argument and
 * every byte of the payload (the report and last year's).  A report that
 * has not changed is checked, previewed and rendered once; the oldest
 * answers go first when the budget is spent. */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

typedef struct entry {
    unsigned char key[32];
    int status;
    char *data;
    size_t len;
    struct entry *newer, *older;
} entry;

struct cache {
    pthread_mutex_t lock;
    entry *newest, *oldest;
    size_t used, budget, n;
};

#define CACHE_MAX_ENTRIES 4096

cache *cache_new(size_t budget)
{
    cache *c = xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->budget = budget;
    return c;
}

static void unlink_entry(cache *c, entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void push_newest(cache *c, entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
}

void cache_free(cache *c)
{
    if (!c)
        return;
    for (entry *e = c->newest, *next; e; e = next) {
        next = e->older;
        free(e->data);
        free(e);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static void key_of(int op, int arg, const char *payload, size_t len, unsigned char key[32])
{
    crypto_generichash_state st;
    int32_t head[2] = {op, arg};
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)head, sizeof head);
    crypto_generichash_update(&st, (const unsigned char *)payload, len);
    crypto_generichash_final(&st, key, 32);
}

/* A list is enough: at most a few thousand answers, each looked up once
 * per request, against a render of tens of milliseconds. */
static entry *find(cache *c, const unsigned char key[32])
{
    for (entry *e = c->newest; e; e = e->older)
        if (!memcmp(e->key, key, 32))
            return e;
    return NULL;
}

int cache_get(cache *c, int op, int arg, const char *payload, size_t len, int *status, char **reply,
              size_t *reply_len)
{
    unsigned char key[32];
    key_of(op, arg, payload, len, key);
    pthread_mutex_lock(&c->lock);
    entry *e = find(c, key);
    if (e) {
        unlink_entry(c, e);
        push_newest(c, e);
        *status = e->status;
        *reply = xmalloc(e->len + 1);
        memcpy(*reply, e->data, e->len);
        (*reply)[e->len] = '\0';
        *reply_len = e->len;
    }
    pthread_mutex_unlock(&c->lock);
    return e != NULL;
}

void cache_put(cache *c, int op, int arg, const char *payload, size_t len, int status,
               const char *reply, size_t reply_len)
{
    if (reply_len > c->budget / 4)
        return;
    unsigned char key[32];
    key_of(op, arg, payload, len, key);
    pthread_mutex_lock(&c->lock);
    if (!find(c, key)) {
        entry *e = xmalloc(sizeof *e);
        memcpy(e->key, key, 32);
        e->status = status;
        e->data = xmalloc(reply_len ? reply_len : 1);
        memcpy(e->data, reply, reply_len);
        e->len = reply_len;
        push_newest(c, e);
        c->used += reply_len + sizeof *e;
        c->n++;
        while ((c->used > c->budget || c->n > CACHE_MAX_ENTRIES) && c->oldest != e) {
            entry *old = c->oldest;
            unlink_entry(c, old);
            c->used -= old->len + sizeof *old;
            c->n--;
            free(old->data);
            free(old);
        }
    }
    pthread_mutex_unlock(&c->lock);
}
