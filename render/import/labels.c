/* labels.c — labels of the text compared with the labels of the format.
 *
 * A published text prints a label with full-width letters, stray spaces,
 * a character lost or added; the format names it once.  Both are brought
 * to one form (import_norm) and compared by a cost (import_label_cost)
 * that forgives a truncation, an addition or a typo but never a different
 * numeral: 第（一）项 and 第（九）项 are different rows however close the
 * rest is.  The section headings, the table headers, the row labels and
 * the block titles are all matched this way.
 */
#include <stdlib.h>
#include <string.h>

#include "import/import.h"

/* The cost of a numbered row whose text is too damaged to compare: it is
 * read by its position in the numbering. */
#define COST_POSITIONAL 8

int import_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000 || cp == 0xFEFF ||
           cp == 0x202F || cp == 0x205F;
}

int import_is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

int import_cn_numeral(uint32_t cp)
{
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                  0x4E03, 0x516B, 0x4E5D, 0x5341}; /* 一二三四五六七八九十 */
    for (size_t i = 0; i < sizeof cn / sizeof *cn; i++)
        if (cp == cn[i])
            return (int)i + 1;
    return 0;
}

int import_is_numeral(uint32_t cp) { return import_is_digit(cp) || import_cn_numeral(cp); }

char *import_norm(arena *a, const char *s)
{
    strbuf b = {0};
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            n = 1, cp = 0xFFFD;
        i += n;
        if (import_is_space(cp))
            continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        char out[4];
        sb_addn(&b, out, utf8_encode(cp, out));
    }
    char *r = arena_strdup(a, b.s ? b.s : "");
    sb_free(&b);
    return r;
}

int import_cp_len(const char *s) { return (int)utf8_length(s); }

/* The numerals of s in order: labels that differ in them (第（一）项 and
 * 第（九）项, 7. and 8.) are different labels however close the rest is. */
static void numerals(const char *s, uint32_t *out, int max, int *n)
{
    size_t len = strlen(s);
    *n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k)
            k = 1, cp = 0;
        i += k;
        if (import_is_numeral(cp) && *n < max)
            out[(*n)++] = cp;
    }
}

size_t import_numbering_len(const char *s)
{
    size_t len = strlen(s), i = 0;
    uint32_t cp;
    int paren = 0;
    if (s[0] == '(')
        paren = 1, i = 1;
    size_t start = i;
    while (i < len) {
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (!k || !import_is_numeral(cp))
            break;
        i += k;
    }
    if (i == start)
        return 0;
    if (paren)
        return s[i] == ')' ? i + 1 : 0;
    if (s[i] == '.')
        return i + 1;
    if (!strncmp(s + i, "\xe3\x80\x81", 3)) /* 、 */
        return i + 3;
    return 0;
}

int import_label_cost(const char *t, const char *l)
{
    if (!strcmp(t, l))
        return 0;
    if (!*t || !*l)
        return LABEL_FAR;
    int nt = import_cp_len(t), nl = import_cp_len(l);
    /* truncated (本年新, 三、本) or with an addition (…（件）, 企业 for 商业企业) */
    if (nt >= 2 && nl >= 2) {
        const char *shorter = nt < nl ? t : l, *longer = nt < nl ? l : t;
        if (str_starts_with(longer, shorter) || str_ends_with(longer, shorter)) {
            size_t nb = import_numbering_len(shorter);
            /* a bare numbering ("三、") says nothing about the rest */
            if (nb < strlen(shorter))
                return 2 + (abs(nt - nl) > 3);
        }
    }
    uint32_t na[16], nb[16];
    int ka, kb;
    numerals(t, na, 16, &ka);
    numerals(l, nb, 16, &kb);
    if (ka != kb || memcmp(na, nb, (size_t)ka * sizeof *na))
        return LABEL_FAR;
    int d = (int)utf8_distance(t, l);
    int longest = nt > nl ? nt : nl;
    if (3 * d <= longest)
        return 1 + d;
    /* the same numbered row with damaged text: read by position */
    size_t pt = import_numbering_len(t), pl = import_numbering_len(l);
    if (pt && pt == pl && !strncmp(t, l, pt))
        return COST_POSITIONAL;
    return LABEL_FAR;
}
