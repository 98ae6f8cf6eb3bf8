/* subset.c — hb-subset of one face to the glyphs a document draws.
 *
 * hb-subset 6.0 has two ways to find the characters a subset keeps: given
 * characters alone it looks each one up; as soon as glyph ids are given it
 * maps every character of the face's cmap (some 45 000 in a CJK face: a
 * hash map of megabytes, about 12 ms in a cold process) to find those that
 * land on the glyphs.  Shaped Chinese text always has glyphs no character
 * maps to (locl turns the proportional — into the full-width one), so the
 * glyph ids must be given.  To keep that walk short, the face is read from
 * a private copy-on-write mapping of the file in which the cmap table is
 * overwritten, in place, by a small cmap of just the characters drawn:
 * hb-subset then walks a few hundred entries.  Only the pages of the cmap
 * are copied; the file is untouched.  When the small cmap does not fit in
 * the old one's place, the face is used as it is (same subset, slower).
 *
 * The mappings stay open between documents (a batch worker sets a hundred
 * reports in the same faces, and touches the same pages of them), until
 * xxgk_subset_release.  A lock serialises subsetting across threads.
 */
#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/subset.h"
#include "base/base.h"

/* Tables a PDF font program never needs once glyphs are shaped: layout and
 * vertical metrics (we set horizontal text only). */
static const char *const layout_tables[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF",
                                            "MATH", "vhea", "vmtx", "VORG"};

typedef struct {
    uint32_t cp, gid;
} cmap_pair;

static int cmp_pair(const void *a, const void *b)
{
    const cmap_pair *x = a, *y = b;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* ---- the font file, mapped copy-on-write --------------------------------- */

typedef struct {
    unsigned char *data;
    size_t size;
} mapping;

static void mapping_free(void *p)
{
    mapping *m = p;
    munmap(m->data, m->size);
    free(m);
}

static hb_blob_t *map_file(const char *file, mapping **out)
{
    *out = NULL;
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size > UINT32_MAX) {
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return NULL;
    mapping *m = xmalloc(sizeof *m);
    m->data = p;
    m->size = (size_t)st.st_size;
    *out = m;
    return hb_blob_create((const char *)p, (unsigned)m->size, HB_MEMORY_MODE_READONLY, m,
                          mapping_free);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void wr16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

/* The table record of tag in face index of the file; NULL if absent. */
static unsigned char *table_record(const mapping *m, unsigned index, const char *tag)
{
    const unsigned char *d = m->data;
    size_t off = 0;
    if (m->size < 12)
        return NULL;
    if (!memcmp(d, "ttcf", 4)) {
        if (index >= rd32(d + 8) || 12 + 4 * (size_t)index + 4 > m->size)
            return NULL;
        off = rd32(d + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        return NULL;
    }
    if (off + 12 > m->size)
        return NULL;
    size_t n = rd16(d + off + 4);
    if (off + 12 + 16 * n > m->size)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char *rec = m->data + off + 12 + 16 * i;
        if (!memcmp(rec, tag, 4)) {
            uint32_t to = rd32(rec + 8), tl = rd32(rec + 12);
            return (uint64_t)to + tl <= m->size ? rec : NULL;
        }
    }
    return NULL;
}

/* A cmap of pairs (sorted by cp, unique): (3,1) format 4 for the BMP and
 * (3,10) format 12 for all, written to out (room bytes).  Returns its
 * length, 0 when it does not fit. */
static size_t write_cmap(const cmap_pair *p, size_t n, unsigned char *out, size_t room)
{
    /* runs of consecutive characters on consecutive glyphs */
    size_t runs = 0, bmp_runs = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || p[i].cp != p[i - 1].cp + 1 || p[i].gid != p[i - 1].gid + 1) {
            runs++;
            if (p[i].cp < 0xFFFF)
                bmp_runs++;
        }
    /* a run that crosses into U+FFFF and beyond is cut at the BMP in
     * format 4: count it whole, the ends are clamped below */
    size_t seg = bmp_runs + 1; /* + the closing 0xFFFF segment */
    size_t len4 = 16 + 8 * seg, len12 = 16 + 12 * runs;
    size_t total = 4 + 2 * 8 + len4 + len12;
    if (len4 > 0xFFFF || total > room)
        return 0;
    memset(out, 0, total);
    unsigned char *q = out;
    wr16(q, 0);     /* version */
    wr16(q + 2, 2); /* two encoding records */
    wr16(q + 4, 3); /* (3,1) → format 4 */
    wr16(q + 6, 1);
    wr32(q + 8, 4 + 16);
    wr16(q + 12, 3); /* (3,10) → format 12 */
    wr16(q + 14, 10);
    wr32(q + 16, (uint32_t)(4 + 16 + len4));
    /* format 4: every segment by idDelta, idRangeOffset 0 */
    unsigned char *f4 = out + 20;
    wr16(f4, 4);
    wr16(f4 + 2, (uint32_t)len4);
    wr16(f4 + 6, (uint32_t)(2 * seg));
    unsigned sr = 1, es = 0;
    while (2 * sr <= seg) {
        sr *= 2;
        es++;
    }
    wr16(f4 + 8, 2 * sr);
    wr16(f4 + 10, es);
    wr16(f4 + 12, (uint32_t)(2 * seg - 2 * sr));
    unsigned char *ends = f4 + 14, *starts = ends + 2 * seg + 2, *deltas = starts + 2 * seg,
                  *ranges = deltas + 2 * seg;
    size_t k = 0;
    for (size_t i = 0; i < n && p[i].cp < 0xFFFF;) {
        size_t j = i;
        while (j + 1 < n && p[j + 1].cp == p[j].cp + 1 && p[j + 1].gid == p[j].gid + 1 &&
               p[j + 1].cp < 0xFFFF)
            j++;
        wr16(ends + 2 * k, p[j].cp);
        wr16(starts + 2 * k, p[i].cp);
        wr16(deltas + 2 * k, (p[i].gid - p[i].cp) & 0xFFFF);
        wr16(ranges + 2 * k, 0);
        k++;
        i = j + 1;
    }
    for (; k < seg; k++) { /* closing segment(s) map 0xFFFF to .notdef */
        wr16(ends + 2 * k, 0xFFFF);
        wr16(starts + 2 * k, 0xFFFF);
        wr16(deltas + 2 * k, 1);
        wr16(ranges + 2 * k, 0);
    }
    /* format 12 */
    unsigned char *f12 = f4 + len4;
    wr16(f12, 12);
    wr32(f12 + 4, (uint32_t)len12);
    wr32(f12 + 12, (uint32_t)runs);
    unsigned char *g = f12 + 16;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && p[j + 1].cp == p[j].cp + 1 && p[j + 1].gid == p[j].gid + 1)
            j++;
        wr32(g, p[i].cp);
        wr32(g + 4, p[j].cp);
        wr32(g + 8, p[i].gid);
        g += 12;
        i = j + 1;
    }
    return total;
}

/* Overwrite the cmap (its table record rec, room bytes where the file's
 * cmap was) with one of pairs, in place.  Returns 0 when it does not fit. */
static int patch_cmap(mapping *m, unsigned char *rec, uint32_t room, const cmap_pair *pairs,
                      size_t n)
{
    if (!rec)
        return 0;
    size_t w = write_cmap(pairs, n, m->data + rd32(rec + 8), room);
    if (!w)
        return 0;
    wr32(rec + 12, (uint32_t)w);
    return 1;
}

/* ---- faces kept open ------------------------------------------------------ */

typedef struct {
    char *file;
    int index;
    unsigned n_glyphs;
    hb_face_t *orig; /* the face as the file has it: cmap look-ups */
    hb_font_t *font;
    mapping *m; /* the private mapping whose cmap is rewritten */
    hb_blob_t *blob;
    unsigned char *cmap_rec; /* its cmap's table record; NULL: none */
    uint32_t cmap_room;      /* the length of the file's cmap */
} open_face;

#define MAX_OPEN 8
static open_face open_faces[MAX_OPEN];
static int n_open;
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

static void open_face_free(open_face *f)
{
    hb_font_destroy(f->font);
    hb_face_destroy(f->orig);
    hb_blob_destroy(f->blob);
    free(f->file);
    memset(f, 0, sizeof *f);
}

static open_face *face_open(const char *file, int index)
{
    for (int i = 0; i < n_open; i++)
        if (open_faces[i].index == index && !strcmp(open_faces[i].file, file))
            return &open_faces[i];
    open_face f = {0};
    hb_blob_t *ro = hb_blob_create_from_file_or_fail(file);
    if (!ro)
        return NULL;
    f.orig = hb_face_create(ro, (unsigned)index);
    hb_blob_destroy(ro);
    f.n_glyphs = hb_face_get_glyph_count(f.orig);
    f.blob = f.n_glyphs ? map_file(file, &f.m) : NULL;
    if (!f.blob) {
        hb_face_destroy(f.orig);
        return NULL;
    }
    f.cmap_rec = table_record(f.m, (unsigned)index, "cmap");
    f.cmap_room = f.cmap_rec ? rd32(f.cmap_rec + 12) : 0;
    f.font = hb_font_create(f.orig);
    f.file = xstrdup(file);
    f.index = index;
    if (n_open == MAX_OPEN) { /* the oldest goes */
        open_face_free(&open_faces[0]);
        memmove(open_faces, open_faces + 1, (MAX_OPEN - 1) * sizeof *open_faces);
        n_open--;
    }
    open_faces[n_open] = f;
    return &open_faces[n_open++];
}

void xxgk_subset_release(void)
{
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < n_open; i++)
        open_face_free(&open_faces[i]);
    n_open = 0;
    pthread_mutex_unlock(&open_lock);
}

/* ---- subsetting ---------------------------------------------------------- */

/* The glyphs asked for (G) and the characters kept: those whose glyph in
 * the face is in G (every one when no glyphs are given), as (cp, gid)
 * pairs sorted by character.  Returns the number of pairs. */
static size_t kept_chars(hb_font_t *font, unsigned face_glyphs, const uint32_t *glyphs,
                         size_t n_glyphs, const uint32_t *cps, size_t n_cps, hb_set_t *want,
                         cmap_pair **out)
{
    for (size_t i = 0; i < n_glyphs; i++)
        if (glyphs[i] < face_glyphs)
            hb_set_add(want, glyphs[i]);
    cmap_pair *p = xmalloc((n_cps ? n_cps : 1) * sizeof *p);
    size_t n = 0;
    for (size_t i = 0; i < n_cps; i++) {
        hb_codepoint_t gid;
        if (!hb_font_get_nominal_glyph(font, cps[i], &gid) || gid == 0)
            continue;
        if (n_glyphs == 0 || hb_set_has(want, gid)) {
            p[n].cp = cps[i];
            p[n].gid = gid;
            n++;
        }
    }
    qsort(p, n, sizeof *p, cmp_pair);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || p[i].cp != p[u - 1].cp)
            p[u++] = p[i];
    *out = p;
    return u;
}

static int subset_locked(const char *file, int index, const uint32_t *glyphs, size_t n_glyphs,
                         const uint32_t *cps, size_t n_cps, unsigned flags, xxgk_font_subset *out,
                         char **err)
{
    open_face *of = face_open(file, index);
    if (!of) {
        why_set(err, "%s", "cannot read the font file, or no such face in it");
        return -1;
    }
    unsigned face_glyphs = of->n_glyphs;
    hb_set_t *want = hb_set_create();
    cmap_pair *pairs;
    size_t n_pairs = kept_chars(of->font, face_glyphs, glyphs, n_glyphs, cps, n_cps, want, &pairs);
    /* A new face each time: a face caches what it read of the cmap.  When
     * the small cmap does not fit, the face as it is. */
    hb_face_t *face = patch_cmap(of->m, of->cmap_rec, of->cmap_room, pairs, n_pairs)
                          ? hb_face_create(of->blob, (unsigned)index)
                          : hb_face_reference(of->orig);

    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) {
        free(pairs);
        hb_set_destroy(want);
        hb_face_destroy(face);
        why_set(err, "%s", "out of memory");
        return -1;
    }
    hb_set_union(hb_subset_input_glyph_set(in), want);
    hb_set_t *us = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n_pairs; i++)
        hb_set_add(us, pairs[i].cp);
    free(pairs);
    hb_set_destroy(want);
    unsigned hf = HB_SUBSET_FLAGS_DEFAULT;
    if (flags & XXGK_SUBSET_RETAIN_GIDS)
        hf |= HB_SUBSET_FLAGS_RETAIN_GIDS;
    if (flags & XXGK_SUBSET_NO_HINTING)
        hf |= HB_SUBSET_FLAGS_NO_HINTING;
    if (flags & XXGK_SUBSET_DESUBROUTINIZE)
        hf |= HB_SUBSET_FLAGS_DESUBROUTINIZE;
    hb_subset_input_set_flags(in, hf);
    if (!(flags & XXGK_SUBSET_KEEP_LAYOUT)) {
        hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        for (size_t i = 0; i < sizeof layout_tables / sizeof *layout_tables; i++)
            hb_set_add(drop, hb_tag_from_string(layout_tables[i], 4));
    }
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!plan) {
        hb_face_destroy(face);
        why_set(err, "%s", "hb-subset could not plan the subset");
        return -1;
    }
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub) {
        hb_subset_plan_destroy(plan);
        hb_face_destroy(face);
        why_set(err, "%s", "hb-subset failed");
        return -1;
    }
    /* The glyph mapping, new → old. */
    const hb_map_t *n2o = hb_subset_plan_new_to_old_glyph_mapping(plan);
    size_t n = hb_map_get_population(n2o);
    out->old_gids = xmalloc((n ? n : 1) * sizeof *out->old_gids);
    int ok = 1;
    if (flags & XXGK_SUBSET_RETAIN_GIDS) {
        size_t k = 0;
        for (uint32_t g = 0; g < face_glyphs && k < n; g++)
            if (hb_map_has(n2o, g))
                out->old_gids[k++] = g;
        n = k;
        out->retain_gids = 1;
    } else {
        for (size_t i = 0; i < n; i++) {
            out->old_gids[i] = hb_map_get(n2o, (hb_codepoint_t)i);
            /* hb-subset numbers the kept glyphs in the order of their old
             * ids; lookups rely on it */
            if (i > 0 && out->old_gids[i] <= out->old_gids[i - 1])
                ok = 0;
        }
    }
    out->n_glyphs = n;
    hb_blob_t *res = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *bytes = hb_blob_get_data(res, &len);
    out->data = xmalloc(len ? len : 1);
    if (len)
        memcpy(out->data, bytes, len);
    out->size = len;
    hb_blob_destroy(res);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_face_destroy(face);
    if (len == 0 || !ok) {
        xxgk_font_subset_free(out);
        why_set(err, "%s",
                len == 0 ? "hb-subset produced an empty font"
                         : "hb-subset renumbered out of order");
        return -1;
    }
    return 0;
}

int xxgk_subset_face(const char *file, int index, const uint32_t *glyphs, size_t n_glyphs,
                     const uint32_t *cps, size_t n_cps, unsigned flags, xxgk_font_subset *out,
                     char **err)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&open_lock);
    int rc = subset_locked(file, index, glyphs, n_glyphs, cps, n_cps, flags, out, err);
    pthread_mutex_unlock(&open_lock);
    return rc;
}

uint32_t xxgk_subset_glyph(const xxgk_font_subset *s, uint32_t old_gid)
{
    size_t lo = 0, hi = s->n_glyphs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->old_gids[mid] < old_gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->n_glyphs && s->old_gids[lo] == old_gid)
        return s->retain_gids ? old_gid : (uint32_t)lo;
    return 0;
}

void xxgk_font_subset_free(xxgk_font_subset *s)
{
    free(s->data);
    free(s->old_gids);
    memset(s, 0, sizeof *s);
}
