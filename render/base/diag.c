/* diag.c — the list of diagnostics every stage appends to. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

struct xxgk_diags {
    arena mem;
    xxgk_diag *v;
    size_t n, cap;
};

xxgk_diags *xxgk_diags_new(void)
{
    xxgk_diags *d = xmalloc(sizeof *d);
    memset(d, 0, sizeof *d);
    return d;
}

void xxgk_diags_free(xxgk_diags *d)
{
    if (!d)
        return;
    arena_free(&d->mem);
    free(d->v);
    free(d);
}

size_t xxgk_diags_count(const xxgk_diags *d) { return d->n; }
const xxgk_diag *xxgk_diags_get(const xxgk_diags *d, size_t i)
{
    return i < d->n ? &d->v[i] : NULL;
}

static size_t count_sev(const xxgk_diags *d, xxgk_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->v[i].severity == s;
    return n;
}

size_t xxgk_diags_errors(const xxgk_diags *d) { return count_sev(d, XXGK_ERROR); }
size_t xxgk_diags_warnings(const xxgk_diags *d) { return count_sev(d, XXGK_WARNING); }

static xxgk_diag *push(xxgk_diags *d)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof *d->v);
    }
    xxgk_diag *g = &d->v[d->n++];
    memset(g, 0, sizeof *g);
    return g;
}

void diag_addv(xxgk_diags *d, xxgk_severity sev, const char *rule, const diag_where *w,
               const char *fmt, va_list ap)
{
    if (!d)
        return;
    xxgk_diag *g = push(d);
    strbuf b = {0};
    sb_vprintf(&b, fmt, ap);
    g->severity = sev;
    g->rule = arena_strdup(&d->mem, rule);
    g->message = arena_strdup(&d->mem, b.s ? b.s : "");
    sb_free(&b);
    if (w) {
        g->place = arena_strdup(&d->mem, w->place);
        g->path = arena_strdup(&d->mem, w->path);
        g->expected = arena_strdup(&d->mem, w->expected);
        g->actual = arena_strdup(&d->mem, w->actual);
        g->line = w->line;
        g->column = w->col;
    }
}

void diag_add(xxgk_diags *d, xxgk_severity sev, const char *rule, const diag_where *w,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_addv(d, sev, rule, w, fmt, ap);
    va_end(ap);
}

void xxgk_diags_add(xxgk_diags *d, xxgk_severity sev, const char *rule, const char *message)
{
    diag_add(d, sev, rule, NULL, "%s", message);
}

void diag_append(xxgk_diags *d, const xxgk_diags *from, int drop_positions)
{
    for (size_t i = 0; i < from->n; i++) {
        const xxgk_diag *g = &from->v[i];
        diag_where w = {g->place, g->path, g->expected, g->actual, g->line, g->column};
        if (drop_positions)
            w.line = w.col = 0;
        diag_add(d, g->severity, g->rule, &w, "%s", g->message);
    }
}

static const char *sev_name(xxgk_severity s)
{
    return s == XXGK_ERROR ? "error" : s == XXGK_WARNING ? "warning" : "note";
}

/* Text from the input as the terminal will show it: control characters
 * (C0, DEL, C1: an ESC would drive the terminal) written as \xNN or
 * \u00NN, invalid UTF-8 as \xNN. */
static void put_text(FILE *out, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n) {
            fprintf(out, "\\x%02X", (unsigned char)s[i]);
            i++;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F)
            fprintf(out, "\\x%02X", (unsigned)cp);
        else if (cp >= 0x80 && cp < 0xA0)
            fprintf(out, "\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
}

void xxgk_diags_print(const xxgk_diags *d, const char *input_name, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const xxgk_diag *g = &d->v[i];
        put_text(out, input_name ? input_name : "-");
        if (g->line)
            fprintf(out, g->column ? ":%d:%d" : ":%d", g->line, g->column);
        fprintf(out, ": %s %s: ", sev_name(g->severity), g->rule);
        if (g->place) {
            put_text(out, g->place);
            fputs("：", out);
        }
        put_text(out, g->message);
        if (g->expected || g->actual) {
            fputs("（", out);
            if (g->expected) {
                fputs("应为 ", out);
                put_text(out, g->expected);
            }
            if (g->expected && g->actual)
                fputs("，", out);
            if (g->actual) {
                fputs("实为 ", out);
                put_text(out, g->actual);
            }
            fputs("）", out);
        }
        if (g->path) {
            fputs(" [", out);
            put_text(out, g->path);
            fputc(']', out);
        }
        fputc('\n', out);
    }
}

static void json_field(strbuf *b, const char *name, const char *value)
{
    sb_printf(b, ",\"%s\":", name);
    if (value)
        sb_add_json_string(b, value);
    else
        sb_add(b, "null");
}

char *xxgk_diags_to_json(const xxgk_diags *d, const char *input_name)
{
    strbuf b = {0};
    sb_add(&b, "{\"input\":");
    if (input_name)
        sb_add_json_string(&b, input_name);
    else
        sb_add(&b, "null");
    sb_printf(&b, ",\"errors\":%zu,\"warnings\":%zu,\"diagnostics\":[", xxgk_diags_errors(d),
              xxgk_diags_warnings(d));
    for (size_t i = 0; i < d->n; i++) {
        const xxgk_diag *g = &d->v[i];
        sb_add(&b, i ? ",\n{" : "\n{");
        sb_printf(&b, "\"severity\":\"%s\"", sev_name(g->severity));
        json_field(&b, "rule", g->rule);
        json_field(&b, "place", g->place);
        json_field(&b, "message", g->message);
        json_field(&b, "expected", g->expected);
        json_field(&b, "actual", g->actual);
        json_field(&b, "path", g->path);
        if (g->line)
            sb_printf(&b, ",\"line\":%d,\"column\":%d", g->line, g->column);
        else
            sb_add(&b, ",\"line\":null,\"column\":null");
        sb_addc(&b, '}');
    }
    sb_add(&b, "]}\n");
    return sb_take(&b);
}
