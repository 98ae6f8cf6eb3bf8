/* compose.c — Chinese line breaking and justification (see compose.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "layout/compose.h"

#define EPS 0.01

void compose_opts_default(compose_opts *o, double measure)
{
    memset(o, 0, sizeof *o);
    o->measure = measure;
    o->justify = 1;
    o->avoid_orphan = 1;
    o->gap_em = 0.25;
    o->gap_min_em = 0.125;
    o->gap_max_em = 1.0 / 3;
    o->space_min_em = 0.25;
    o->space_max_em = 0.5;
    o->stretch_cap = 1.0;
}

static int in(uint32_t cp, const uint32_t *set)
{
    for (; *set; set++)
        if (*set == cp)
            return 1;
    return 0;
}

static const uint32_t stops[] = {0x3002, 0xFF1F, 0xFF01, 0xFF0E, 0};
static const uint32_t pauses[] = {0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0};
static const uint32_t opens[] = {0x201C, 0x2018, 0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3008, 0x300A,
                                 0x300C, 0x300E, 0x3010, 0x3016, '(',    '[',    '{',    0};
static const uint32_t closes[] = {0x201D, 0x2019, 0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3009, 0x300B,
                                  0x300D, 0x300F, 0x3011, 0x3017, ')',    ']',    '}',    0};
/* Western marks that may not start a line, and currency that may not end one. */
static const uint32_t latin_no_start[] = {'!',    '%',    ',',    '.',    ':',    ';',
                                          '?',    0xFF05, 0x2030, 0x2103, 0x00B0, 0x2032,
                                          0x2033, 0x3005, 0x3003, 0};
static const uint32_t latin_no_end[] = {'$', 0x00A3, 0x00A5, 0xFFE5, 0xFF04, 0xFFE1, 0};
/* Measure words and units that stay with the number before them. */
static const uint32_t number_units[] = {
    0x4EF6 /*件*/, 0x5143 /*元*/, 0x4E07 /*万*/, 0x4EBF /*亿*/, 0x4E2A /*个*/, 0x6B21 /*次*/,
    0x4EBA /*人*/, 0x9879 /*项*/, 0x6761 /*条*/, 0x5BB6 /*家*/, 0x9875 /*页*/, 0x4EFD /*份*/,
    0x5E74 /*年*/, 0x6708 /*月*/, 0x65E5 /*日*/, 0x53F7 /*号*/, 0x5929 /*天*/, 0x540D /*名*/,
    0x6279 /*批*/, 0x5B97 /*宗*/, 0x8D77 /*起*/, 0x573A /*场*/, 0x671F /*期*/, 0x7BC7 /*篇*/,
    0x6237 /*户*/, 0x6240 /*所*/, 0x5E73 /*平*/, 0x7C73 /*米*/, 0x5428 /*吨*/, 0x5757 /*块*/,
    0x5F20 /*张*/, 0x5957 /*套*/, 0x53F0 /*台*/, 0x8F86 /*辆*/, 0x5C0F /*小*/, 0x65F6 /*时*/,
    0x5206 /*分*/, 0x500D /*倍*/, 0x5C81 /*岁*/, 0x5468 /*周*/, 0x4E2A /*个*/, 0x4F4D /*位*/,
    0x5904 /*处*/, 0x5EA6 /*度*/, 0xFF05 /*％*/, 0x2030 /*‰*/,  0x2103 /*℃*/,  0};
static const uint32_t number_prefixes[] = {0x7B2C /*第*/, 0xFFE5, 0x00A5, '$', 0};

char_class compose_class(uint32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == 0x00A0 || cp == '\n')
        return CC_SPACE;
    if (in(cp, stops))
        return CC_STOP;
    if (in(cp, pauses))
        return CC_PAUSE;
    if (in(cp, opens))
        return CC_OPEN;
    if (in(cp, closes))
        return CC_CLOSE;
    if (cp == 0x2014 || cp == 0x2E3A || cp == 0x2015)
        return CC_DASH;
    if (cp == 0x2026 || cp == 0x22EF)
        return CC_ELLIPSIS;
    if (cp == 0x00B7 || cp == 0x30FB || cp == 0x2027)
        return CC_MIDDOT;
    if (cp == 0xFF5E || cp == 0xFF0D || cp == '~' || cp == 0x2013)
        return CC_CONNECTOR;
    if (cp == 0xFF0F || cp == '/')
        return CC_SOLIDUS;
    if (cp < 0x2E80 && !(cp >= 0x2460 && cp <= 0x24FF))
        return CC_LATIN;
    return CC_HAN;
}

int compose_no_start(uint32_t cp)
{
    char_class c = compose_class(cp);
    return c == CC_STOP || c == CC_PAUSE || c == CC_CLOSE || c == CC_MIDDOT || c == CC_CONNECTOR ||
           c == CC_SOLIDUS || in(cp, latin_no_start);
}

int compose_no_end(uint32_t cp)
{
    char_class c = compose_class(cp);
    return c == CC_OPEN || c == CC_SOLIDUS || in(cp, latin_no_end);
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int is_digit_like(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) || cp == '%';
}

static int is_word_char(const cunit *u) { return u->cls == CC_LATIN; }

static int is_alnum_ascii(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* Letters and digits from unit k on, going dir (+1, -1). */
static size_t alnum_run(const composition *c, size_t k, int dir)
{
    size_t n = 0;
    for (size_t i = k; i < c->n_units && is_alnum_ascii(c->units[i].cp); i += (size_t)dir) {
        n++;
        if (i == 0)
            break;
    }
    return n;
}

/* Units a..b-1 (printable ASCII) a URL or an e-mail address: with "://",
 * starting "www.", or a letter, "@", then a name with a dot. */
static int address_at(const composition *c, size_t a, size_t b)
{
    char buf[16];
    size_t n = 0;
    for (size_t i = a; i < b && n + 1 < sizeof buf; i++)
        buf[n++] = (char)c->units[i].cp;
    buf[n] = 0;
    if (!strncasecmp(buf, "www.", 4))
        return 1;
    for (size_t i = a; i + 2 < b; i++) {
        uint32_t x = c->units[i].cp;
        if (x == ':' && c->units[i + 1].cp == '/' && c->units[i + 2].cp == '/')
            return 1;
        if (x == '@' && i > a && is_alnum_ascii(c->units[i - 1].cp))
            for (size_t k = i + 2; k + 1 < b; k++)
                if (c->units[k].cp == '.' && is_alnum_ascii(c->units[k + 1].cp))
                    return 1;
    }
    return 0;
}

/* What the total fit pays, on top of the lines' costs (line_cost), for the
 * last resorts: pushing a line's mid-line ，。、 in costs more than any line
 * within the stretch cap, less than one over it; breaking a number from its
 * prefix (第|711号) only beats a line over the cap; breaking inside a
 * URL or an address only beats a line over twice the cap (GAPING_PRICE). */
#define SQUEEZE_PRICE 20
#define OVER_CAP_PRICE (2 * SQUEEZE_PRICE)
#define SOFT_GLUE_PRICE 30
#define GAPING_PRICE 60
#define WORD_BREAK_PRICE 70

/* ---- units -------------------------------------------------------------- */

void compose_units(const compose_span *spans, size_t n_spans, const compose_opts *o, composition *c)
{
    memset(c, 0, sizeof *c);
    size_t total = 0;
    for (size_t s = 0; s < n_spans; s++)
        total += spans[s].shaped->n_clusters;
    c->units = xmalloc((total ? total : 1) * sizeof *c->units);
    for (size_t s = 0; s < n_spans; s++) {
        const shaped_text *st = spans[s].shaped;
        for (size_t k = 0; k < st->n_clusters; k++) {
            const shaped_cluster *cl = &st->clusters[k];
            cunit *u = &c->units[c->n_units++];
            memset(u, 0, sizeof *u);
            u->span = (int)s;
            u->cluster = k;
            u->byte_start = cl->byte_start;
            u->byte_len = cl->byte_len;
            utf8_decode(spans[s].text + cl->byte_start, spans[s].len - cl->byte_start, &u->cp);
            u->cls = compose_class(u->cp);
            u->em = spans[s].size;
            /* A cluster of k full-width characters (—— may be one glyph). */
            size_t nch = utf8_count(spans[s].text + cl->byte_start, cl->byte_len);
            u->full = nch > 0 &&
                      fabs(cl->advance - (double)nch * spans[s].size) < 0.1 * spans[s].size &&
                      u->cls != CC_LATIN && u->cls != CC_SPACE;
            u->natural = cl->advance;
            u->ink_left = cl->ink_left;
            u->ink_right = cl->ink_right;
            if (u->full && o->cell_ratio > 0) {
                /* The grid's tracking: the glyph is centred in its cell. */
                u->natural = o->cell_ratio * spans[s].size * (double)nch;
                u->glyph_dx = (u->natural - cl->advance) / 2;
            }
            if (u->full && nch == 1) {
                double half = u->natural / 2;
                /* The blank a mark really has on each side: its ink must
                 * not be cut into (a face that centres ，。 has none). */
                double room_left = half, room_right = half;
                if (cl->ink_right > cl->ink_left) {
                    room_left = u->glyph_dx + cl->ink_left;
                    room_right = u->natural - u->glyph_dx - cl->ink_right;
                    room_left = room_left < 0 ? 0 : room_left;
                    room_right = room_right < 0 ? 0 : room_right;
                }
                switch (u->cls) {
                case CC_STOP:
                case CC_PAUSE:
                case CC_CLOSE: u->blank_right = fmin(half, room_right); break;
                case CC_OPEN: u->blank_left = fmin(half, room_left); break;
                case CC_MIDDOT:
                    u->blank_left = fmin(half / 2, room_left);
                    u->blank_right = fmin(half / 2, room_right);
                    break;
                default: break;
                }
            }
        }
    }
    /* Where a line may not break. */
    int unit_chain = 0; /* units glued to a number so far */
    for (size_t i = 0; i + 1 < c->n_units; i++) {
        cunit *u = &c->units[i], *v = &c->units[i + 1];
        int glue = 0;
        if (compose_no_start(v->cp) && v->cls != CC_DASH)
            glue = 1;
        if (compose_no_end(u->cp))
            glue = 1;
        if (is_word_char(u) && is_word_char(v))
            glue = 1;
        if (v->cls == CC_SPACE)
            glue = 1; /* break after the space, never before */
        /* —— and ……: pairs stay whole; a lone — is a connector (no start). */
        if ((u->cls == CC_DASH && v->cls == CC_DASH) ||
            (u->cls == CC_ELLIPSIS && v->cls == CC_ELLIPSIS)) {
            size_t run_start = i;
            while (run_start > 0 && c->units[run_start - 1].cls == u->cls)
                run_start--;
            if ((i - run_start) % 2 == 0)
                glue = 1;
        } else if (v->cls == CC_DASH) {
            size_t j = i + 1, run = 0;
            while (j < c->n_units && c->units[j].cls == CC_DASH)
                j++, run++;
            if (run == 1 && v->cp == 0x2014 && v->byte_len == 3)
                glue = 1; /* one U+2014 alone (—— may be shaped as one cluster) */
        }
        /* Numbers with their units and prefixes. */
        if (is_digit_like(u->cp) && in(v->cp, number_units)) {
            glue = 1;
            unit_chain = 1;
        } else if (unit_chain && unit_chain < 2 && in(u->cp, number_units) &&
                   in(v->cp, number_units)) {
            glue = 1;
            unit_chain++;
        } else {
            unit_chain = 0;
        }
        if (in(u->cp, number_prefixes) && is_digit_like(v->cp)) {
            glue = 1;
            if (!compose_no_end(u->cp))
                u->break_price = SOFT_GLUE_PRICE;
        }
        u->no_break_after = glue;
    }
    /* A long Western run (12 or more: a URL, an address, a code) may break
     * after / . - _ & ? = @ (never before /) rather than leave a gaping
     * line before it.  A URL or an e-mail address (address_at) also has the
     * last resorts of the total fit: it may be tracked (in_address), and break
     * between two letters or a letter and a digit with three letters or
     * digits on each side (a long local part has no other place; never
     * htt|p, never between two digits).  A word, a credit code or a
     * standard's number never is. */
    for (size_t i = 0; i < c->n_units;) {
        size_t j = i;
        while (j < c->n_units && c->units[j].cp > ' ' && c->units[j].cp < 0x7F)
            j++;
        int address = j - i >= 12 && address_at(c, i, j);
        for (size_t k = i; address && k < j; k++)
            c->units[k].in_address = 1;
        if (j - i >= 12)
            for (size_t k = i + 1; k + 2 < j; k++) {
                uint32_t a = c->units[k].cp, b = c->units[k + 1].cp;
                if (strchr("/.-_&?=@", (int)a) && !strchr("/.-_&?=@)", (int)b))
                    c->units[k].no_break_after = 0;
                else if (address && is_alnum_ascii(a) && is_alnum_ascii(b) &&
                         !(is_digit_like(a) && is_digit_like(b)) && alnum_run(c, k, -1) >= 3 &&
                         alnum_run(c, k + 1, +1) >= 3)
                    c->units[k].break_price = WORD_BREAK_PRICE;
            }
        i = j > i ? j : i + 1;
    }
}

static int is_han_like(const cunit *u) { return u->cls == CC_HAN; }

static int han_latin_pair(const cunit *u, const cunit *v)
{
    return (is_han_like(u) && v->cls == CC_LATIN && v->cp > ' ') ||
           (u->cls == CC_LATIN && u->cp > ' ' && is_han_like(v));
}

/* May mid-line 点号 be pushed in: in a cell or a title, or on a body line
 * that would be too loose without it (c->squeeze_marks). */
static int marks_pushed_in(const composition *c, const compose_opts *o)
{
    return c->squeeze_marks || !o->justify || o->stretch_cap <= 0;
}

/* Compression and natural gaps of units a..b set as one line.  Returns the
 * natural width; *shrink the most it can be reduced. */
static double prepare_line(composition *c, const compose_opts *o, size_t a, size_t b,
                           double *shrink)
{
    double width = 0, can = 0;
    /* Spaces at the line's edges disappear. */
    size_t lo = a, hi = b;
    for (size_t i = a; i <= b; i++) {
        cunit *u = &c->units[i];
        u->cut_left = u->cut_right = u->gap = 0;
        u->hidden = 0;
    }
    while (lo < hi && c->units[lo].cls == CC_SPACE)
        c->units[lo++].hidden = 1;
    while (hi > lo && c->units[hi].cls == CC_SPACE)
        c->units[hi--].hidden = 1;
    for (size_t i = lo; i < hi; i++) {
        cunit *u = &c->units[i], *v = &c->units[i + 1];
        /* Two adjacent marks: 2 em → 1.5 em, the blank between them goes. */
        if ((u->blank_right > 0 || u->blank_left > 0) &&
            (v->blank_left > 0 || v->blank_right > 0)) {
            if (u->blank_right > 0)
                u->cut_right = u->blank_right;
            else if (v->blank_left > 0)
                v->cut_left = v->blank_left;
        }
        if (han_latin_pair(u, v))
            u->gap = o->gap_em * u->em;
    }
    cunit *e = &c->units[hi];
    /* A line-end 点号 or closing mark: 1/2 em (GB/T 15834 5.1.10).  Not a
     * middle dot: its ink is centred in its cell, which it keeps at the
     * end as mid-line (cut, its glyph would pass the margin by 1/4 em). */
    if (e->blank_right > 0 && e->cls != CC_MIDDOT)
        e->cut_right = e->blank_right;
    for (size_t i = lo; i <= hi; i++) {
        cunit *u = &c->units[i];
        width += u->natural - u->cut_left - u->cut_right + (i < hi ? u->gap : 0);
        /* A ，。、；： mid-line keeps its full cell (GB style: 先推出): only a
         * line too loose without it pushes them in. */
        if (marks_pushed_in(c, o) || (u->cls != CC_STOP && u->cls != CC_PAUSE))
            can += (u->blank_left - u->cut_left) + (u->blank_right - u->cut_right);
        if (u->cls == CC_SPACE)
            can += u->natural - o->space_min_em * u->em;
        if (i < hi && u->gap > 0)
            can += u->gap - o->gap_min_em * u->em;
    }
    if (shrink)
        *shrink = can;
    return width;
}

typedef enum { R_SPACE, R_MIDDOT, R_BRACKET, R_PAUSE, R_GAP, R_STOP, R_COUNT } reduce_class;

static double reducible(const compose_opts *o, const cunit *u, reduce_class rc, int has_gap)
{
    switch (rc) {
    case R_SPACE:
        return u->cls == CC_SPACE && !u->hidden ? u->natural - o->space_min_em * u->em : 0;
    case R_MIDDOT:
        return u->cls == CC_MIDDOT ? (u->blank_left - u->cut_left) + (u->blank_right - u->cut_right)
                                   : 0;
    case R_BRACKET:
        return u->cls == CC_OPEN    ? u->blank_left - u->cut_left
               : u->cls == CC_CLOSE ? u->blank_right - u->cut_right
                                    : 0;
    case R_PAUSE: return u->cls == CC_PAUSE ? u->blank_right - u->cut_right : 0;
    case R_GAP: return has_gap && u->gap > 0 ? u->gap - o->gap_min_em * u->em : 0;
    case R_STOP: return u->cls == CC_STOP ? u->blank_right - u->cut_right : 0;
    default: return 0;
    }
}

static void reduce(composition *c, const compose_opts *o, size_t lo, size_t hi, double excess)
{
    int marks = marks_pushed_in(c, o);
    for (int rc = 0; rc < R_COUNT && excess > EPS; rc++) {
        if (!marks && (rc == R_PAUSE || rc == R_STOP))
            continue;
        double cap = 0;
        for (size_t i = lo; i <= hi; i++)
            cap += reducible(o, &c->units[i], (reduce_class)rc, i < hi);
        if (cap <= 0)
            continue;
        double t = excess >= cap ? 1.0 : excess / cap;
        for (size_t i = lo; i <= hi; i++) {
            cunit *u = &c->units[i];
            double r = reducible(o, u, (reduce_class)rc, i < hi) * t;
            if (r <= 0)
                continue;
            switch ((reduce_class)rc) {
            case R_SPACE: u->cut_right += r; break;
            case R_MIDDOT:
                u->cut_left += r / 2;
                u->cut_right += r / 2;
                break;
            case R_BRACKET:
                if (u->cls == CC_OPEN)
                    u->cut_left += r;
                else
                    u->cut_right += r;
                break;
            case R_PAUSE:
            case R_STOP: u->cut_right += r; break;
            case R_GAP: u->gap -= r; break;
            default: break;
            }
        }
        excess -= cap * t;
    }
}

/* May justification space go between units i and i+1? */
static int stretchable_gap(const cunit *u, const cunit *v)
{
    if (u->cls == CC_LATIN && v->cls == CC_LATIN)
        return 0;
    if ((u->cls == CC_DASH && v->cls == CC_DASH) ||
        (u->cls == CC_ELLIPSIS && v->cls == CC_ELLIPSIS))
        return 0;
    if (u->cls == CC_CONNECTOR || v->cls == CC_CONNECTOR || u->cls == CC_SOLIDUS ||
        v->cls == CC_SOLIDUS)
        return 0;
    if (u->cls == CC_SPACE || v->cls == CC_SPACE)
        return 0;
    return 1;
}

/* Inside a URL or an e-mail address (cunit.in_address) a line may be
 * tracked, as a last resort: a line that is one such run has no other
 * gap; a line that would otherwise be stretched over the cap per gap
 * spreads the excess over the run's pairs too, each gap alike (an
 * address longer than the room left, with no place to break).  The
 * number of such pairs in lo..hi. */
static int trackable(const cunit *u, const cunit *v)
{
    return u->in_address && v->in_address && !stretchable_gap(u, v) && u->cls != CC_SPACE &&
           v->cls != CC_SPACE;
}

static size_t tracking_gaps(const composition *c, size_t lo, size_t hi)
{
    size_t n = 0;
    for (size_t i = lo; i < hi; i++)
        n += (size_t)trackable(&c->units[i], &c->units[i + 1]);
    return n;
}

static void expand(composition *c, const compose_opts *o, size_t lo, size_t hi, double slack)
{
    /* 1: spaces up to their maximum; 2: Han–Latin gaps up to theirs. */
    for (int pass = 0; pass < 2 && slack > EPS; pass++) {
        double cap = 0;
        for (size_t i = lo; i < hi; i++) {
            const cunit *u = &c->units[i];
            if (pass == 0 && u->cls == CC_SPACE)
                cap += o->space_max_em * u->em - u->natural;
            if (pass == 1 && u->gap > 0)
                cap += o->gap_max_em * u->em - u->gap;
        }
        if (cap <= EPS)
            continue;
        double t = slack >= cap ? 1.0 : slack / cap;
        for (size_t i = lo; i < hi; i++) {
            cunit *u = &c->units[i];
            if (pass == 0 && u->cls == CC_SPACE)
                u->gap += (o->space_max_em * u->em - u->natural) * t;
            if (pass == 1 && u->gap > 0)
                u->gap += (o->gap_max_em * u->em - u->gap) * t;
        }
        slack -= cap * t;
    }
    /* 3: equally over every other gap; a Han–Latin gap, at its maximum,
     * takes no more unless the line has no other. */
    size_t n = 0, n_other = 0;
    for (size_t i = lo; i < hi; i++)
        if (stretchable_gap(&c->units[i], &c->units[i + 1])) {
            n++;
            n_other += !han_latin_pair(&c->units[i], &c->units[i + 1]);
        }
    if (slack <= EPS)
        return;
    /* 4: an address (a URL, an e-mail) tracked too, where the gaps would
     * take more than the cap (a Han–Latin gap stays at its maximum) */
    size_t t = tracking_gaps(c, lo, hi);
    int track = t && (n == 0 || (o->stretch_cap > 0 && slack / (double)n > o->stretch_cap + EPS));
    size_t share = track ? n_other + t : n_other ? n_other : n;
    if (share == 0)
        return;
    double each = slack / (double)share;
    for (size_t i = lo; i < hi; i++) {
        const cunit *u = &c->units[i], *v = &c->units[i + 1];
        int hl = han_latin_pair(u, v);
        if ((stretchable_gap(u, v) && (!hl || (!n_other && !track))) || (track && trackable(u, v)))
            c->units[i].gap += each;
    }
}

/* A —— is one continuous rule: where a face's dash glyphs leave a blank
 * between them (side bearings), the line draws a rule over it. */
static void join_dashes(composition *c, size_t a, size_t b)
{
    for (size_t i = a; i <= b; i++) {
        cunit *u = &c->units[i];
        u->dash_join = 0;
        if (i == b || u->cls != CC_DASH || u->hidden)
            continue;
        const cunit *v = &c->units[i + 1];
        if (v->cls != CC_DASH || v->hidden || u->ink_right <= u->ink_left ||
            v->ink_right <= v->ink_left)
            continue;
        double gap = (v->x + v->draw_dx + v->ink_left) - (u->x + u->draw_dx + u->ink_right);
        u->dash_join = gap > 0.01 ? gap : 0;
    }
}

/* Set units a..b as a line: compression, justification, positions.  last:
 * the paragraph's last line; flush: set flush left, not justified (the last
 * line, or one ended by a forced break). */
static void set_line(composition *c, const compose_opts *o, size_t a, size_t b, double indent,
                     int last, int flush)
{
    double available = o->measure - indent;
    double width = prepare_line(c, o, a, b, NULL);
    size_t lo = a, hi = b;
    while (lo < hi && c->units[lo].hidden)
        lo++;
    while (hi > lo && c->units[hi].hidden)
        hi--;
    int justified = 0;
    if (width > available + EPS) {
        reduce(c, o, lo, hi, width - available);
        justified = 1;
    } else if (!flush && o->justify && width < available - EPS) {
        expand(c, o, lo, hi, available - width);
        justified = 1;
    } else if (!flush && o->justify) {
        justified = 1;
    }
    double x = indent;
    for (size_t i = a; i <= b; i++) {
        cunit *u = &c->units[i];
        u->x = x;
        if (u->hidden) {
            u->width = 0;
            u->draw_dx = 0;
            continue;
        }
        u->width = u->natural - u->cut_left - u->cut_right;
        u->draw_dx = u->glyph_dx - u->cut_left;
        x += u->width + (i < hi ? u->gap : 0);
    }
    join_dashes(c, a, b);
    c->lines = xrealloc(c->lines, (c->n_lines + 1) * sizeof *c->lines);
    cline *l = &c->lines[c->n_lines++];
    l->first = a;
    l->count = b - a + 1;
    l->indent = indent;
    l->width = x - indent;
    l->available = available;
    l->last = last;
    l->justified = justified;
    l->overfull = l->width > available + 0.05;
    l->squeezed = c->squeeze_marks;
}

double compose_range_width(composition *c, const compose_opts *o, size_t a, size_t b)
{
    return prepare_line(c, o, a, b, NULL);
}

void compose_add_line(composition *c, const compose_opts *o, size_t a, size_t b, double indent,
                      int last)
{
    set_line(c, o, a, b, indent, last, last);
}

static int can_break_after(const composition *c, size_t i)
{
    return i + 1 >= c->n_units || !c->units[i].no_break_after;
}

/* The end of the line starting at a (先挤进，后推出). */
static size_t choose_end(composition *c, const compose_opts *o, size_t a, double available)
{
    size_t n = c->n_units;
    size_t k0 = a;
    int any = 0;
    for (size_t e = a; e < n; e++) {
        if (c->units[e].cp == '\n')
            return e; /* a forced break */
        if (prepare_line(c, o, a, e, NULL) <= available + EPS) {
            k0 = e;
            any = 1;
        } else {
            break;
        }
    }
    if (!any)
        k0 = a;
    if (k0 == n - 1 || can_break_after(c, k0))
        return k0;
    for (size_t e = k0 + 1; e < n; e++) {
        double shrink;
        double w = prepare_line(c, o, a, e, &shrink);
        if (w - shrink > available + EPS)
            break;
        if (can_break_after(c, e))
            return e;
    }
    for (size_t e = k0; e > a; e--)
        if (can_break_after(c, e - 1))
            return e - 1;
    return k0; /* one unbreakable run longer than the line */
}

/* A last line of one character, or one character and its marks. */
static int is_orphan(const composition *c, const cline *l)
{
    size_t chars = 0;
    for (size_t i = l->first; i < l->first + l->count; i++) {
        char_class k = c->units[i].cls;
        if (k == CC_HAN || k == CC_LATIN)
            chars++;
    }
    return chars <= 1;
}

typedef struct {
    size_t a, b;
} range;

/* What setting units a..b as a non-last line costs: 0 at natural width,
 * the square of the compression in em (先挤进 before a push), for stretching
 * the way expand()
 * would (spaces and Han–Latin gaps first, cheap; then equal spacing over
 * the other gaps, costing the square of the space per gap in em), and a
 * fixed price for a short line of full-width characters only (it leaves
 * the 28-character grid).  HUGE when the units cannot be set in the line. */
#define HUGE_COST 1e12
static double line_cost(composition *c, const compose_opts *o, size_t a, size_t b, double available,
                        int last)
{
    double shrink;
    double w = prepare_line(c, o, a, b, &shrink);
    if (w - shrink > available + EPS)
        return HUGE_COST;
    if (w > available + EPS) {
        double q = (w - available) / (c->units[a].em > 0 ? c->units[a].em : 16);
        return 0.01 + 10 * q * q;
    }
    if (last)
        return 0;
    double slack = available - w;
    if (slack <= EPS)
        return 0;
    size_t lo = a, hi = b;
    while (lo < hi && c->units[lo].hidden)
        lo++;
    while (hi > lo && c->units[hi].hidden)
        hi--;
    double cap = 0, em = c->units[lo].em > 0 ? c->units[lo].em : 16;
    size_t gaps = 0, other = 0; /* stretchable gaps; those not Han–Latin */
    int grid_only = 1;
    for (size_t i = lo; i <= hi; i++) {
        const cunit *u = &c->units[i];
        if (!u->full)
            grid_only = 0;
        if (i == hi)
            break;
        if (u->cls == CC_SPACE)
            cap += o->space_max_em * u->em - u->natural;
        if (u->gap > 0)
            cap += o->gap_max_em * u->em - u->gap;
        int g = stretchable_gap(u, &c->units[i + 1]);
        gaps += (size_t)g;
        other += (size_t)(g && !han_latin_pair(u, &c->units[i + 1]));
    }
    /* A line-end mark set to 1/2 em leaves half a cell: that is the grid. */
    double cost = grid_only && slack > 0.6 * em ? 20 : 0;
    if (slack <= cap + EPS)
        return cost + 0.05 * slack / em;
    size_t t = tracking_gaps(c, lo, hi);
    if (gaps == 0 && t == 0)
        return cost + 1e4;
    double per = gaps ? (slack - cap) / (double)gaps / em : HUGE_COST;
    double sc = o->stretch_cap;
    /* over the cap: worse than pushing mid-line marks in (SQUEEZE_PRICE);
     * tracking an address (expand, step 4) is a way of being over it */
    int over = o->justify && sc > 0 && per * em > sc + EPS;
    if (over)
        cost += OVER_CAP_PRICE;
    if (t && (gaps == 0 || over))
        per = (slack - cap) / (double)(other + t) / em;
    /* Beyond the cap the price rises steeply with the stretch (pt per gap,
     * squared), so two loose lines are dearer than one twice as loose is
     * not: the excess is shared rather than heaped on one line. */
    double x = per * em;
    if (over && x > sc)
        cost += 10 * (x - sc) * (x - sc);
    if (o->justify && sc > 0 && x > 2 * sc + EPS)
        cost += GAPING_PRICE;
    return cost + 0.05 * cap / em + 100 * per * per;
}

/* Breaks that minimise the summed line_cost over the paragraph (total fit):
 * a line loosened by a long URL can then take characters from a line above
 * that has room to stretch a little (one with Western text or numbers;
 * full-width lines stay on the grid).  Returns the cost; lines in out. */
static double total_fit(composition *c, const compose_opts *o, range *out, unsigned char *sq_out,
                        size_t *n_out)
{
    size_t n = c->n_units;
    double *best = xmalloc((n + 1) * sizeof *best);
    size_t *from = xmalloc((n + 1) * sizeof *from);
    unsigned char *sq = xmalloc(n + 1);
    memset(sq, 0, n + 1);
    for (size_t i = 0; i <= n; i++)
        best[i] = HUGE_COST;
    best[0] = 0;
    for (size_t a = 0; a < n; a++) {
        if (best[a] >= HUGE_COST)
            continue;
        double avail = o->measure - (a == 0 ? o->first_indent : 0);
        for (size_t e = a; e < n; e++) {
            if (e + 1 < n && !can_break_after(c, e) && !(c->units[e].break_price > 0))
                continue;
            double k = line_cost(c, o, a, e, avail, e + 1 == n);
            int squeezed = 0;
            if (o->justify && o->stretch_cap > 0 && e + 1 < n && k >= SQUEEZE_PRICE) {
                c->squeeze_marks = 1;
                double k2 = line_cost(c, o, a, e, avail, 0) + SQUEEZE_PRICE;
                c->squeeze_marks = 0;
                if (k2 < k) {
                    k = k2;
                    squeezed = 1;
                }
            }
            if (e + 1 < n && !can_break_after(c, e))
                k += c->units[e].break_price;
            if (k >= HUGE_COST) {
                /* Longer lines only get wider; a single unit too long for
                 * the line is set alone. */
                if (e > a)
                    break;
                k = 1e6;
            }
            if (best[a] + k < best[e + 1] - 1e-9) {
                best[e + 1] = best[a] + k;
                from[e + 1] = a;
                sq[e + 1] = (unsigned char)squeezed;
            }
        }
    }
    double total = best[n];
    if (total < HUGE_COST) {
        size_t nl = 0;
        for (size_t e = n; e > 0; e = from[e])
            nl++;
        *n_out = nl;
        for (size_t e = n; e > 0; e = from[e]) {
            nl--;
            out[nl].a = from[e];
            out[nl].b = e - 1;
            sq_out[nl] = sq[e];
        }
    }
    free(best);
    free(from);
    free(sq);
    return total;
}

size_t compose_paragraph(const compose_span *spans, size_t n_spans, const compose_opts *o,
                         composition *out)
{
    compose_units(spans, n_spans, o, out);
    size_t n = out->n_units;
    if (n == 0)
        return 0;
    range *lines = xmalloc(n * sizeof *lines);
    unsigned char *squeeze = xmalloc(n);
    memset(squeeze, 0, n);
    size_t nl = 0;
    size_t a = 0;
    while (a < n) {
        double avail = o->measure - (nl == 0 ? o->first_indent : 0);
        size_t e = choose_end(out, o, a, avail);
        if (o->justify && o->stretch_cap > 0 && e + 1 < n && out->units[e].cp != '\n' &&
            line_cost(out, o, a, e, avail, 0) >= OVER_CAP_PRICE) {
            out->squeeze_marks = 1; /* too loose: push its marks in to take more */
            size_t e2 = choose_end(out, o, a, avail);
            out->squeeze_marks = 0;
            if (e2 > e) {
                e = e2;
                squeeze[nl] = 1;
            }
        }
        lines[nl].a = a;
        lines[nl].b = e;
        nl++;
        a = e + 1;
    }
    /* Greedy lines are right but for a line left loose (a long URL that
     * cannot break where it would fill the line): then the total fit. */
    int forced = 0;
    for (size_t i = 0; i < n; i++)
        forced |= out->units[i].cp == '\n';
    if (o->justify && !forced && nl >= 2) {
        double greedy = 0;
        for (size_t i = 0; i < nl; i++)
            greedy += line_cost(out, o, lines[i].a, lines[i].b,
                                o->measure - (i == 0 ? o->first_indent : 0), i + 1 == nl);
        if (greedy > 25) {
            range *alt = xmalloc(n * sizeof *alt);
            unsigned char *alt_sq = xmalloc(n);
            size_t na = 0;
            double fit = total_fit(out, o, alt, alt_sq, &na);
            if (fit < greedy - 10) {
                free(lines);
                lines = alt;
                nl = na;
                memcpy(squeeze, alt_sq, n);
            } else {
                free(alt);
            }
            free(alt_sq);
        }
    }
    if (o->avoid_orphan && nl >= 2 && out->units[lines[nl - 2].b].cp != '\n') {
        cline probe = {.first = lines[nl - 1].a, .count = lines[nl - 1].b - lines[nl - 1].a + 1};
        if (is_orphan(out, &probe)) {
            range *p = &lines[nl - 2], *q = &lines[nl - 1];
            double avail = o->measure - (nl == 2 ? o->first_indent : 0);
            double shrink;
            double w = prepare_line(out, o, p->a, q->b, &shrink);
            if (w - shrink <= avail + EPS) {
                /* Squeeze the orphan back into the line above. */
                p->b = q->b;
                nl--;
            } else {
                /* Bring the last character of the line above down with it. */
                for (size_t e = p->b; e > p->a; e--) {
                    if (!can_break_after(out, e - 1))
                        continue;
                    double w2 = prepare_line(out, o, e, q->b, NULL);
                    if (w2 <= o->measure + EPS) {
                        p->b = e - 1;
                        q->a = e;
                    }
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < nl; i++) {
        out->squeeze_marks = squeeze[i];
        set_line(out, o, lines[i].a, lines[i].b, i == 0 ? o->first_indent : 0, i == nl - 1,
                 i == nl - 1 || out->units[lines[i].b].cp == '\n');
    }
    out->squeeze_marks = 0;
    free(squeeze);
    free(lines);
    return out->n_lines;
}

void composition_free(composition *c)
{
    free(c->units);
    free(c->lines);
    memset(c, 0, sizeof *c);
}
