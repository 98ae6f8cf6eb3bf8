/* text_lines.c — the lines of a published text and the repairs of a line.
 *
 * The text is cut into lines, trimmed of spaces of every width; a heading
 * that shares its line with table cells gets a line of its own.  A line of
 * prose is then restored as Chinese text: the ASCII punctuation a copy
 * from a web page or a PDF leaves becomes full width again (URLs, e-mail
 * addresses and numbers keep theirs), spaces between Chinese characters
 * go, and a date that lost its 年 or 月 is completed when only one
 * reading is a date.  What cannot be repaired with certainty (a lost
 * measure word) is only reported.  The repairs made everywhere are
 * counted for one note each (I02); the others are diagnostics of their
 * own (I10, I11).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import/text.h"

void idiag(importer *im, xxgk_severity sev, const char *rule, int line, int col, const char *place,
           const char *expected, const char *actual, const char *fmt, ...)
{
    strbuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt, ap);
    va_end(ap);
    diag_add(im->d, sev, rule,
             &(diag_where){
                 .place = place, .expected = expected, .actual = actual, .line = line, .col = col},
             "%s", b.s ? b.s : "");
    sb_free(&b);
    if (sev == XXGK_ERROR)
        im->errors++;
}

/* ---- code points ------------------------------------------------------ */

static void cp_push(cps *c, uint32_t cp)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = cp;
}

void cp_decode(const char *s, cps *out)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0xFFFD;
        i += k;
        cp_push(out, cp);
    }
}

static char *cp_encode(arena *a, const uint32_t *v, size_t n)
{
    strbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        char o[4];
        sb_addn(&b, o, utf8_encode(v[i], o));
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Chinese text around a mark: ideographs and CJK punctuation. */
static int is_cjk(uint32_t cp)
{
    return is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           cp == 0x201C || cp == 0x201D || cp == 0x2014 || cp == 0x2026;
}

static int url_char(uint32_t cp)
{
    return cp < 0x80 && (isalnum((int)cp) || strchr("-._~:/?#@!$&'*+=%", (int)cp));
}

/* URLs and e-mail addresses keep their ASCII punctuation. */
static void mark_protected(const cps *c, unsigned char *prot)
{
    for (size_t i = 0; i < c->n; i++) {
        static const char *const starts[] = {"http://", "https://", "www."};
        for (size_t k = 0; k < 3; k++) {
            size_t n = strlen(starts[k]), j;
            for (j = 0; j < n && i + j < c->n; j++)
                if (tolower((int)(c->v[i + j] < 0x80 ? c->v[i + j] : 0)) != starts[k][j])
                    break;
            if (j == n) {
                size_t e = i;
                while (e < c->n && url_char(c->v[e]))
                    prot[e++] = 1;
            }
        }
        if (c->v[i] == '@') {
            size_t b = i;
            while (b > 0 && c->v[b - 1] < 0x80 &&
                   (isalnum((int)c->v[b - 1]) || strchr("._%+-", (int)c->v[b - 1])))
                b--;
            size_t e = i + 1;
            while (e < c->n && c->v[e] < 0x80 &&
                   (isalnum((int)c->v[e]) || strchr(".-", (int)c->v[e])))
                e++;
            if (b < i && e > i + 1)
                for (size_t k = b; k < e; k++)
                    prot[k] = 1;
        }
    }
}

/* ---- dates with dropped characters ------------------------------------ */

int valid_month_day(int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= 31; }

/* 20201月1日 → 2020年1月1日; 202111日 → 2021年1月1日 when only one reading is a date. */
static void repair_dates(importer *im, cps *c, int line)
{
    for (size_t i = 0; i + 4 < c->n; i++) {
        if (i > 0 && import_is_digit(c->v[i - 1]))
            continue;
        size_t j = i;
        while (j < c->n && import_is_digit(c->v[j]))
            j++;
        size_t nd = j - i;
        if (nd < 5 || nd > 8 || j >= c->n)
            continue;
        int year = 0;
        for (size_t k = i; k < i + 4; k++)
            year = year * 10 + (int)(c->v[k] - '0');
        if (year < 1990 || year > 2099)
            continue;
        uint32_t after = c->v[j];
        char before[64];
        {
            arena tmp = {0};
            snprintf(before, sizeof before, "%s", cp_encode(&tmp, c->v + i, nd + 1));
            arena_free(&tmp);
        }
        if (after == 0x6708 /* 月 */ && nd <= 6) {
            int m = 0;
            for (size_t k = i + 4; k < j; k++)
                m = m * 10 + (int)(c->v[k] - '0');
            if (m < 1 || m > 12)
                continue;
            cp_push(c, 0);
            memmove(c->v + i + 5, c->v + i + 4, (c->n - 1 - (i + 4)) * sizeof *c->v);
            c->v[i + 4] = 0x5E74; /* 年 */
            idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                  "日期“%s”缺少“年”字，已补为“%d年%d月”", before, year, m);
            i = j;
        } else if (after == 0x65E5 /* 日 */) {
            int n_read = 0, rm = 0, rd = 0;
            size_t rest = nd - 4;
            for (size_t mlen = 1; mlen <= 2 && mlen < rest; mlen++) {
                int m = 0, dd = 0;
                for (size_t k = 0; k < mlen; k++)
                    m = m * 10 + (int)(c->v[i + 4 + k] - '0');
                for (size_t k = mlen; k < rest; k++)
                    dd = dd * 10 + (int)(c->v[i + 4 + k] - '0');
                if (valid_month_day(m, dd) && c->v[i + 4 + mlen] != '0')
                    n_read++, rm = m, rd = dd;
            }
            if (n_read == 1) {
                size_t mlen = rm >= 10 ? 2 : 1;
                cp_push(c, 0);
                cp_push(c, 0);
                size_t at = i + 4;
                memmove(c->v + at + 1, c->v + at, (c->n - 2 - at) * sizeof *c->v);
                c->v[at] = 0x5E74;
                at += 1 + mlen;
                memmove(c->v + at + 1, c->v + at, (c->n - 1 - at) * sizeof *c->v);
                c->v[at] = 0x6708;
                idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                      "日期“%s”缺少“年”“月”字，唯一可能的读法是“%d年%d月%d日”，已补全", before,
                      year, rm, rd);
                i = j + 2;
            } else if (n_read > 1) {
                idiag(im, XXGK_WARNING, "I11", line, 0, NULL, NULL, before,
                      "日期“%s”缺少“年”“月”字，有多种读法，未改动，请核实", before);
            }
        }
    }
}

/* ---- full-width punctuation -------------------------------------------- */

/* Restore the punctuation of Chinese text: , : ; ( ) ? ! → full width
 * outside URLs and numbers; < > inside 《》 → 〈〉; -- → —; "…" → “…”;
 * spaces between two Chinese characters dropped. */
char *restore_text(importer *im, const char *s, int line)
{
    cps c = {0};
    cp_decode(s, &c);
    repair_dates(im, &c, line);
    unsigned char *prot = calloc(c.n + 1, 1);
    if (!prot)
        abort();
    mark_protected(&c, prot);
    cps o = {0};
    int book = 0, quotes = 0, quote_open = 0;
    for (size_t i = 0; i < c.n; i++)
        quotes += c.v[i] == '"' && !prot[i];
    for (size_t i = 0; i < c.n; i++) {
        uint32_t cp = c.v[i], prev = o.n ? o.v[o.n - 1] : 0, next = i + 1 < c.n ? c.v[i + 1] : 0;
        if (prot[i]) {
            cp_push(&o, cp);
            continue;
        }
        if (import_is_space(cp)) {
            size_t j = i;
            while (j < c.n && import_is_space(c.v[j]))
                j++;
            if (o.n && j < c.n && is_cjk(prev) && is_cjk(c.v[j])) {
                if (!im->spaces)
                    im->spaces_line = line;
                im->spaces++;
                i = j - 1;
                continue;
            }
            cp_push(&o, cp);
            continue;
        }
        uint32_t to = 0;
        if (cp == 0x300A)
            book++;
        else if (cp == 0x300B && book)
            book--;
        else if (cp == ',' && !(import_is_digit(prev) && import_is_digit(next)))
            to = 0xFF0C;
        else if (cp == ':' && !(import_is_digit(prev) && import_is_digit(next)))
            to = 0xFF1A;
        else if (cp == ';')
            to = 0xFF1B;
        else if (cp == '(')
            to = 0xFF08;
        else if (cp == ')')
            to = 0xFF09;
        else if (cp == '?' && is_cjk(prev))
            to = 0xFF1F;
        else if (cp == '!' && is_cjk(prev))
            to = 0xFF01;
        else if (cp == '<' && book)
            to = 0x3008;
        else if (cp == '>' && book)
            to = 0x3009;
        else if (cp == '"' && quotes % 2 == 0) {
            to = quote_open ? 0x201D : 0x201C;
            quote_open = !quote_open;
        } else if (cp == '-' && next == '-' && (is_cjk(prev) || import_is_digit(prev))) {
            while (i + 1 < c.n && c.v[i + 1] == '-')
                i++;
            to = 0x2014;
        }
        if (to) {
            if (!im->punct)
                im->punct_line = line;
            im->punct++;
            cp = to;
        }
        cp_push(&o, cp);
    }
    char *r = cp_encode(&im->mem, o.v, o.n);
    free(prot);
    free(c.v);
    free(o.v);
    return r;
}

/* A number right before 。，； after a Chinese word: its measure word
 * (条, 件, 项) may have been lost (…政府信息12。). */
void check_measure_words(importer *im, const char *s, int line)
{
    static const char stop[] = "年月日号第为是至到约共计达的和及或与占";
    cps c = {0}, st = {0};
    cp_decode(s, &c);
    cp_decode(stop, &st);
    for (size_t i = 0; i < c.n; i++) {
        if (!import_is_digit(c.v[i]) || (i && (import_is_digit(c.v[i - 1]) || c.v[i - 1] == '.')))
            continue;
        size_t j = i;
        while (j < c.n && import_is_digit(c.v[j]))
            j++;
        if (j >= c.n || !i || !is_han(c.v[i - 1]) || j - i > 6)
            continue;
        if (c.v[j] != 0x3002 && c.v[j] != 0xFF0C && c.v[j] != 0xFF1B)
            continue;
        int stopped = 0;
        for (size_t k = 0; k < st.n; k++)
            stopped |= c.v[i - 1] == st.v[k];
        if (stopped)
            continue;
        arena tmp = {0};
        size_t from = i >= 4 ? i - 4 : 0;
        char *ctx = cp_encode(&tmp, c.v + from, j + 1 - from);
        idiag(im, XXGK_WARNING, "I10", line, (int)i + 1, NULL, NULL, ctx,
              "“%s”：数字后疑似缺少量词（条、件、项……），未改动，请核实", ctx);
        arena_free(&tmp);
    }
    free(c.v);
    free(st.v);
}

/* ---- lines ------------------------------------------------------------ */

void split_lines(importer *im, const char *text, size_t len)
{
    size_t cap = 64;
    im->lines = xmalloc(cap * sizeof *im->lines);
    im->n_lines = 0;
    int line = 1;
    for (size_t i = 0; i <= len;) {
        /* a line ends at LF, CR LF, or a CR alone (old Mac text, some
         * exports from Word) */
        size_t e = i;
        while (e < len && text[e] != '\n' && !(text[e] == '\r' && (e + 1 >= len || text[e + 1] != '\n')))
            e++;
        size_t b = i, end = e;
        int col = 1;
        /* trim spaces (ASCII, no-break, en, ideographic…) and a BOM */
        for (;;) {
            uint32_t cp;
            size_t k = b < end ? utf8_decode(text + b, end - b, &cp) : 0;
            if (!k || !(import_is_space(cp) || cp == '\r'))
                break;
            b += k;
            col++;
        }
        while (end > b) {
            size_t k = 1;
            while (k < end - b && k < 4 && ((unsigned char)text[end - k] & 0xC0) == 0x80)
                k++;
            uint32_t cp;
            if (!utf8_decode(text + end - k, k, &cp) || !(import_is_space(cp) || cp == '\r'))
                break;
            end -= k;
        }
        if (end > b) {
            char *s = arena_strndup(&im->mem, text + b, end - b);
            for (char *p = s; p < s + (end - b); p++)
                if (!*p)
                    *p = ' ';
            /* a numbered heading or row label sharing its line with table
             * cells ("三、收到…情况 | (本列…) | …") gets a line of its own */
            char *bar = strchr(s, '|');
            size_t head = bar ? (size_t)(bar - s) : 0;
            while (head && s[head - 1] == ' ')
                head--;
            uint32_t cp;
            size_t k = head ? utf8_decode(s, head, &cp) : 0;
            int split = k && import_cn_numeral(cp) && !strncmp(s + k, "、", 3);
            for (int part = 0; part < 1 + split; part++) {
                if (im->n_lines == cap) {
                    cap *= 2;
                    im->lines = xrealloc(im->lines, cap * sizeof *im->lines);
                }
                if (split && part == 0)
                    im->lines[im->n_lines++] =
                        (tline){.s = arena_strndup(&im->mem, s, head), .line = line, .col = col};
                else if (split)
                    im->lines[im->n_lines++] = (tline){
                        .s = bar,
                        .line = line,
                        .col = col + (int)utf8_length(arena_strndup(&im->mem, s, (size_t)(bar - s)))};
                else
                    im->lines[im->n_lines++] = (tline){.s = s, .line = line, .col = col};
            }
        }
        line++;
        i = e + 1;
        if (e >= len)
            break;
    }
}
