/* srcmap.c — where each value of a JSON text is: JSON pointer → line,
 * column and byte offset.  jansson gives positions only for syntax errors,
 * so after a successful parse this small scanner walks the same text once. */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/srcmap.h"

typedef struct {
    char *path;
    int line, col;
    size_t offset; /* of the value's first byte */
} pos_entry;

struct srcmap {
    pos_entry *v;
    size_t n, cap;
};

typedef struct {
    const char *s;
    size_t len, i;
    int line, col;
    srcmap *idx;
    strbuf path;
} scanner;

static void sc_advance(scanner *sc)
{
    unsigned char c = (unsigned char)sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        sc->col++;
    }
}

static void sc_ws(scanner *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]))
        sc_advance(sc);
}

static void sc_record(scanner *sc)
{
    srcmap *x = sc->idx;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 256;
        x->v = xrealloc(x->v, x->cap * sizeof *x->v);
    }
    x->v[x->n].path = xstrdup(sc->path.s ? sc->path.s : "");
    x->v[x->n].line = sc->line;
    x->v[x->n].col = sc->col;
    x->v[x->n].offset = sc->i;
    x->n++;
}

/* Reads a string (at its opening quote); appends the decoded text to out
 * when out is not NULL. */
static void sc_string(scanner *sc, strbuf *out)
{
    sc_advance(sc); /* " */
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        char c = sc->s[sc->i];
        if (c == '\\') {
            sc_advance(sc);
            char e = sc->s[sc->i];
            sc_advance(sc);
            if (e == 'u') {
                uint32_t cp = (uint32_t)strtoul((char[5]){sc->s[sc->i], sc->s[sc->i + 1],
                                                          sc->s[sc->i + 2], sc->s[sc->i + 3], 0},
                                                NULL, 16);
                for (int k = 0; k < 4; k++)
                    sc_advance(sc);
                if (cp >= 0xD800 && cp < 0xDC00 && sc->s[sc->i] == '\\') {
                    for (int k = 0; k < 2; k++)
                        sc_advance(sc);
                    uint32_t lo =
                        (uint32_t)strtoul((char[5]){sc->s[sc->i], sc->s[sc->i + 1],
                                                    sc->s[sc->i + 2], sc->s[sc->i + 3], 0},
                                          NULL, 16);
                    for (int k = 0; k < 4; k++)
                        sc_advance(sc);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                char u[4];
                if (out)
                    sb_addn(out, u, utf8_encode(cp, u));
            } else if (out) {
                const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
                const char *p = strchr(from, e);
                sb_addc(out, p ? to[p - from] : e);
            }
        } else {
            if (out)
                sb_addc(out, c);
            sc_advance(sc);
        }
    }
    if (sc->i < sc->len)
        sc_advance(sc);
}

/* The text is known to be valid JSON (jansson parsed it). */
static void sc_value(scanner *sc)
{
    sc_ws(sc);
    if (sc->i >= sc->len)
        return;
    sc_record(sc);
    char c = sc->s[sc->i];
    size_t base = sc->path.len;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc_advance(sc);
        for (long index = 0;; index++) {
            sc_ws(sc);
            if (sc->i >= sc->len || sc->s[sc->i] == close)
                break;
            if (c == '{') {
                strbuf key = {0};
                sc_string(sc, &key);
                sb_add_pointer_token(&sc->path, key.s ? key.s : "", key.len);
                sb_free(&key);
                sc_ws(sc);
                sc_advance(sc); /* : */
            } else {
                sb_printf(&sc->path, "/%ld", index);
            }
            sc_value(sc);
            sc->path.len = base;
            if (sc->path.s)
                sc->path.s[base] = 0;
            sc_ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == ',')
                sc_advance(sc);
        }
        if (sc->i < sc->len)
            sc_advance(sc);
    } else if (c == '"') {
        sc_string(sc, NULL);
    } else {
        while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
            sc_advance(sc);
    }
}

static int pos_cmp(const void *a, const void *b)
{
    return strcmp(((const pos_entry *)a)->path, ((const pos_entry *)b)->path);
}

srcmap *srcmap_build(const char *text, size_t len)
{
    srcmap *x = xmalloc(sizeof *x);
    memset(x, 0, sizeof *x);
    scanner sc = {text, len, 0, 1, 1, x, {0}};
    sc_value(&sc);
    sb_free(&sc.path);
    if (x->n)
        qsort(x->v, x->n, sizeof *x->v, pos_cmp);
    return x;
}

void srcmap_free(srcmap *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++)
        free(x->v[i].path);
    free(x->v);
    free(x);
}

int srcmap_find(const srcmap *x, const char *path, int *line, int *col, size_t *offset)
{
    if (!x || !path)
        return 0;
    pos_entry key = {(char *)path, 0, 0, 0};
    const pos_entry *e = bsearch(&key, x->v, x->n, sizeof *x->v, pos_cmp);
    if (!e)
        return 0;
    if (line)
        *line = e->line;
    if (col)
        *col = e->col;
    if (offset)
        *offset = e->offset;
    return 1;
}

void srcmap_position(const srcmap *x, const char *path, int *line, int *col)
{
    *line = *col = 0;
    if (!x || !path)
        return;
    /* the nearest enclosing value that exists in the input */
    char *p = xstrdup(path);
    for (;;) {
        if (srcmap_find(x, p, line, col, NULL))
            break;
        char *slash = strrchr(p, '/');
        if (!slash)
            break;
        *slash = 0;
    }
    free(p);
}
