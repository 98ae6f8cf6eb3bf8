/* repeated.c — C22: how much of the prose is last year's (内容雷同).
 *
 * A character of this year's text counts as repeated when it lies inside a
 * run of at least GRAM units that also occurs in last year's text.  Before
 * comparing, the text is normalised so that a light edit does not hide a
 * copy: blanks are dropped, a run of digits is one unit (a year or a figure
 * changed still matches) and ASCII punctuation is read as its full-width
 * form.  A clause added breaks only the runs it touches.
 *
 * Every GRAM-unit window of last year's paragraphs goes into a hash set
 * (a polynomial rolling hash modulo 2^61 − 1), then each window of this
 * year's is looked up: linear in the two texts.  A collision could only
 * count a few characters as repeated that are not.
 */
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

/* Ten units: longer than the words and set phrases every report shares
 * (政府信息公开, 依申请公开), about a clause of Chinese prose; the name of
 * the 条例 (15) still matches, a small share of any paragraph. */
#define GRAM 10
#define DIGITS 0x110000u /* a unit no code point uses */
#define P61 ((uint64_t)0x1fffffffffffffff)
#define BASE ((uint64_t)0x2f3b5a7c1d9e4f1)

static uint64_t mod61(uint64_t x)
{
    x = (x >> 61) + (x & P61);
    return x >= P61 ? x - P61 : x;
}

static uint64_t mul61(uint64_t a, uint64_t b)
{
    uint64_t au = a >> 31, ad = a & 0x7fffffff, bu = b >> 31, bd = b & 0x7fffffff;
    uint64_t mid = ad * bu + au * bd;
    return mod61((au * bu << 1) + (mid >> 30) + ((mid & 0x3fffffff) << 31) + ad * bd);
}

/* The units of a text, as described above. */
static uint32_t *units(const char *s, size_t *n)
{
    size_t len = strlen(s), k = 0;
    uint32_t *u = xmalloc((len + 1) * sizeof *u);
    static const char ascii[] = ",;:()!?";
    static const uint32_t wide[] = {0xff0c, 0xff1b, 0xff1a, 0xff08, 0xff09, 0xff01, 0xff1f};
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t m = utf8_decode(s + i, len - i, &cp);
        i += m ? m : 1;
        if (!m || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000)
            continue;
        int digit = (cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19);
        if (digit) {
            if (!k || u[k - 1] != DIGITS)
                u[k++] = DIGITS;
            continue;
        }
        const char *a = cp < 128 ? strchr(ascii, (int)cp) : NULL;
        u[k++] = a && cp ? wide[a - ascii] : cp;
    }
    *n = k;
    return u;
}

typedef struct {
    uint64_t *slot; /* 0: empty (hashes are kept non-zero) */
    size_t mask, n;
} gramset;

static void set_add(gramset *g, uint64_t h)
{
    if (g->n >= g->mask / 4 * 3)
        return; /* full: only past 6 million distinct windows, the rest not counted */
    h |= (uint64_t)1 << 63;
    size_t i = (size_t)(h * 0x9e3779b97f4a7c15u >> 20) & g->mask;
    while (g->slot[i] && g->slot[i] != h)
        i = (i + 1) & g->mask;
    if (!g->slot[i])
        g->slot[i] = h, g->n++;
}

static int set_has(const gramset *g, uint64_t h)
{
    h |= (uint64_t)1 << 63;
    size_t i = (size_t)(h * 0x9e3779b97f4a7c15u >> 20) & g->mask;
    while (g->slot[i]) {
        if (g->slot[i] == h)
            return 1;
        i = (i + 1) & g->mask;
    }
    return 0;
}

typedef struct {
    uint64_t top; /* BASE^(GRAM-1) */
} roller;

static uint64_t unit_value(uint32_t u)
{
    return (uint64_t)u * 2654435761u + 1;
}

static void add_text(gramset *g, const roller *ro, const char *s)
{
    size_t n;
    uint32_t *u = units(s, &n);
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++) {
        if (i >= GRAM)
            h = mod61(h + P61 - mul61(unit_value(u[i - GRAM]), ro->top));
        h = mod61(mul61(h, BASE) + unit_value(u[i]));
        if (i + 1 >= GRAM)
            set_add(g, h);
    }
    free(u);
}

/* Units of s inside a window found in g: *covered of *total. */
static void cover_text(const gramset *g, const roller *ro, const char *s, size_t *covered,
                       size_t *total)
{
    size_t n;
    uint32_t *u = units(s, &n);
    uint64_t h = 0;
    size_t end = 0, count = 0; /* units before end are covered */
    for (size_t i = 0; i < n; i++) {
        if (i >= GRAM)
            h = mod61(h + P61 - mul61(unit_value(u[i - GRAM]), ro->top));
        h = mod61(mul61(h, BASE) + unit_value(u[i]));
        if (i + 1 >= GRAM && set_has(g, h)) {
            size_t start = i + 1 - GRAM;
            count += i + 1 - (start > end ? start : end);
            end = i + 1;
        }
    }
    free(u);
    *covered = count;
    *total = n;
}

static size_t prose_chars(const prose *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].text)
            n += utf8_length(p->items[i].text);
    return n;
}

static const prose *part(const xxgk_report *r, size_t k, const char **place)
{
    if (k == 0) {
        *place = "前言";
        return &r->preface;
    }
    const tsection *s = &r->tpl->sections[k - 1];
    *place = s->heading;
    return s->table ? NULL : &r->sections[k - 1];
}

static void fill_set(gramset *g, const roller *ro, const xxgk_report *p)
{
    size_t chars = 0;
    const char *place;
    for (size_t k = 0; k <= p->tpl->n_sections; k++) {
        const prose *pr = part(p, k, &place);
        if (pr)
            chars += prose_chars(pr);
    }
    size_t cap = 1024;
    while (cap < chars + chars / 3 && cap < ((size_t)1 << 23))
        cap <<= 1;
    g->slot = memset(xmalloc(cap * sizeof *g->slot), 0, cap * sizeof *g->slot);
    g->mask = cap - 1;
    for (size_t k = 0; k <= p->tpl->n_sections; k++) {
        const prose *pr = part(p, k, &place);
        for (size_t i = 0; pr && i < pr->n; i++)
            if (pr->items[i].text)
                add_text(g, ro, pr->items[i].text);
    }
}

static int percent(size_t part_, size_t whole)
{
    return whole ? (int)((part_ * 100 + whole / 2) / whole) : 0;
}

void check_repeated(const xxgk_report *r, const xxgk_report *p, xxgk_diags *d)
{
    roller ro = {1};
    for (int i = 1; i < GRAM; i++)
        ro.top = mul61(ro.top, BASE);
    gramset g = {0};
    fill_set(&g, &ro, p);
    arena a = {0};
    strbuf list = {0};
    size_t covered = 0, total = 0, listed = 0;
    const char *first_path = NULL;
    for (size_t k = 0; k <= r->tpl->n_sections; k++) {
        const char *place;
        const prose *pr = part(r, k, &place);
        for (size_t i = 0; pr && i < pr->n; i++) {
            if (!pr->items[i].text)
                continue;
            size_t c, t;
            cover_text(&g, &ro, pr->items[i].text, &c, &t);
            covered += c;
            total += t;
            if (t < GRAM || c * 2 <= t)
                continue;
            if (!first_path)
                first_path = pr->items[i].path;
            if (listed++ < 12)
                sb_printf(&list, "%s%s第 %zu 段 %d%%", list.len ? "、" : "", place, i + 1,
                          percent(c, t));
        }
    }
    free(g.slot);
    if (covered * 2 > total)
        report_diag(d, r, XXGK_WARNING, "C22",
                    &(diag_where){.place = "全文",
                                  .path = first_path,
                                  .expected = "不超过 50%",
                                  .actual = arena_printf(&a, "%d%%", percent(covered, total))},
                    "正文有 %d%% 与上年报告相同（连续 %d 字以上相同即计入，数字不计差别）：重复"
                    "率超过一半的报告在考核中会被扣分；与上年相同超过一半的段落：%s%s",
                    percent(covered, total), GRAM, list.s ? list.s : "无",
                    listed > 12 ? arena_printf(&a, "……（共 %zu 段）", listed) : "");
    sb_free(&list);
    arena_free(&a);
}
