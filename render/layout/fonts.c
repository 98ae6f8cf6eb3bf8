/* fonts.c — font roles → faces (fontconfig), and shaping (Pango/HarfBuzz)
 * restricted to the role's face. */
#define _GNU_SOURCE /* memmem */
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <jansson.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend/subset.h"
#include "base/datafiles.h"
#include "layout/fonts.h"
#include "model/model.h"

#define MAX_LOADED 32
/* Shaped texts kept for reuse: layout measures the same table cells at
 * every candidate size and again when it draws them (some 3 700 calls for
 * 200 distinct texts in a report), and a batch worker sets the same
 * headings and cells in every report.  Power of two; the cache is emptied
 * when it holds this many. */
#define SHAPE_CACHE_SLOTS 4096
#define SHAPE_CACHE_MAX (SHAPE_CACHE_SLOTS / 2)

/* Texts are shaped at this size and scaled to the size asked for: without
 * hinting (the font options say none) a face's advances and offsets are
 * linear in the size, so one shaping serves every size, and one Pango font
 * and fontset per role is made instead of one per size (the table sizes
 * tried, the title, the page numbers).  The body size: body text, most of
 * a report, is not scaled at all. */
#define SHAPE_SIZE 16.0

typedef struct {
    uint64_t hash; /* 0: empty slot */
    xxgk_font_role role;
    char *text;
    size_t len;
    shaped_text shaped;
} shape_entry;

typedef struct {
    xxgk_font_role role;
    double size;
    PangoFont *font;
} loaded_font;

struct xxgk_fonts {
    arena mem;
    unsigned flags; /* XXGK_FONTS_* */
    xxgk_face_info faces[XXGK_ROLE_COUNT];
    FcCharSet *charsets[XXGK_ROLE_COUNT];
    PangoFontDescription *desc[XXGK_ROLE_COUNT];
    /* The next face of the role's list, for the characters the first one
     * lacks (FandolFang has GB 2312 and little more; Noto Serif CJK has
     * the rest of a name's rare characters). */
    xxgk_face_info fallback[XXGK_ROLE_COUNT];
    FcCharSet *fb_charsets[XXGK_ROLE_COUNT];
    PangoFontDescription *fb_desc[XXGK_ROLE_COUNT];
    /* TrueType resolution only: the proportional face for printable ASCII
     * (the role's "latin" list). */
    xxgk_face_info latin[XXGK_ROLE_COUNT];
    FcCharSet *latin_charsets[XXGK_ROLE_COUNT];
    PangoFontDescription *latin_desc[XXGK_ROLE_COUNT];
    PangoFontMap *fontmap;
    PangoContext *context;
    loaded_font loaded[MAX_LOADED];
    int n_loaded;
    shape_entry *cache; /* SHAPE_CACHE_SLOTS, open addressing */
    size_t n_cached;
};

static const char *const role_keys[XXGK_ROLE_COUNT] = {
    [XXGK_ROLE_TITLE] = "title",
    [XXGK_ROLE_BODY] = "body",
    [XXGK_ROLE_HEADING1] = "heading1",
    [XXGK_ROLE_HEADING2] = "heading2",
    [XXGK_ROLE_PAGE_NUMBER] = "page_number",
};

const char *xxgk_font_role_name(xxgk_font_role role)
{
    return role < XXGK_ROLE_COUNT ? role_keys[role] : "?";
}

/* Fonts a user drops into XXGK_FONT_DIR (simfang.ttf, …) are found without
 * installing them system-wide; so are the Fandol faces that
 * fonts/fetch-fandol.sh puts into the source tree, that `cmake --install`
 * copies, or that texlive-lang-chinese installs where fontconfig does not
 * look (XXGK_BUILTIN_FONT_DIRS, colon-separated, set by the build). */
static void add_font_dirs(void)
{
    const char *dir = getenv("XXGK_FONT_DIR");
    if (dir && *dir)
        FcConfigAppFontAddDir(FcConfigGetCurrent(), (const FcChar8 *)dir);
#ifdef XXGK_BUILTIN_FONT_DIRS
    static int added;
    if (added)
        return;
    added = 1;
    const char *dirs = XXGK_BUILTIN_FONT_DIRS;
    for (const char *p = dirs; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        char path[1024];
        if (n > 0 && n < sizeof path) {
            memcpy(path, p, n);
            path[n] = 0;
            FcConfigAppFontAddDir(FcConfigGetCurrent(), (const FcChar8 *)path);
        }
        p += n + (colon ? 1 : 0);
    }
#endif
}

static int family_matches(FcPattern *m, const char *family)
{
    FcChar8 *name;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (strcasecmp((const char *)name, family) == 0)
            return 1;
    return 0;
}

/* Try one family of a role; fills info when fontconfig really has it. */
/* A face libharu can embed: TrueType outlines (a glyf table; fontconfig
 * says "CFF" for OpenType/CFF faces such as Noto CJK) and an OS/2 fsType
 * that allows embedding. */
static int is_truetype(FcPattern *m)
{
    FcChar8 *format = NULL;
    if (FcPatternGetString(m, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        strcmp((const char *)format, "TrueType") != 0)
        return 0;
    FcChar8 *file = NULL;
    int index = 0;
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
        return 0;
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    FT_Library lib;
    if (FT_Init_FreeType(&lib) != 0)
        return 0;
    FT_Face face;
    int ok = 0;
    if (FT_New_Face(lib, (const char *)file, index, &face) == 0) {
        FT_ULong len = 0;
        ok = FT_Load_Sfnt_Table(face, FT_MAKE_TAG('g', 'l', 'y', 'f'), 0, NULL, &len) == 0 &&
             len > 0;
        /* restricted license embedding (2) or bitmap embedding only
         * (0x200): libharu refuses to embed the face */
        FT_UShort fs = FT_Get_FSType_Flags(face);
        if (fs & (FT_FSTYPE_RESTRICTED_LICENSE_EMBEDDING | FT_FSTYPE_BITMAP_EMBEDDING_ONLY))
            ok = 0;
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    return ok;
}

/* Whether any installed font has the family name: most families a role
 * lists (the official ones) are not installed, and telling so from one
 * list of every font is far cheaper than a FcFontMatch each (each runs
 * every configuration rule and sorts all fonts). */
static int family_installed(FcFontSet *all, const char *family)
{
    if (!all)
        return 1; /* no list: let FcFontMatch decide */
    for (int i = 0; i < all->nfont; i++)
        if (family_matches(all->fonts[i], family))
            return 1;
    return 0;
}

static int parse_weight(const char *w)
{
    if (!w || !strcmp(w, "regular"))
        return FC_WEIGHT_REGULAR;
    if (!strcmp(w, "bold"))
        return FC_WEIGHT_BOLD;
    if (!strcmp(w, "black") || !strcmp(w, "heavy"))
        return FC_WEIGHT_BLACK;
    if (!strcmp(w, "light"))
        return FC_WEIGHT_LIGHT;
    return FC_WEIGHT_REGULAR;
}

static int try_family(xxgk_fonts *f, xxgk_face_info *fi, FcCharSet **charset, json_t *entry,
                      FcFontSet *all)
{
    const char *family = json_string_value(json_object_get(entry, "family"));
    if (!family)
        return 0;
    int weight = parse_weight(json_string_value(json_object_get(entry, "weight")));
    int official = json_is_true(json_object_get(entry, "official"));
    if (!family_installed(all, family))
        return 0;
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(p, FC_WEIGHT, weight);
    FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, p, &res);
    FcPatternDestroy(p);
    if (!m)
        return 0;
    int ok = family_matches(m, family);
    int got_weight = 0;
    if (ok && FcPatternGetInteger(m, FC_WEIGHT, 0, &got_weight) == FcResultMatch &&
        weight >= FC_WEIGHT_BOLD && got_weight < FC_WEIGHT_DEMIBOLD)
        ok = 0; /* asked for the bold face, got the regular one */
    if (ok && (f->flags & XXGK_FONTS_TRUETYPE) && !is_truetype(m))
        ok = 0; /* CFF outlines or not embeddable: libharu cannot use it */
    FcChar8 *file = NULL;
    int index = 0;
    FcCharSet *cs = NULL;
    if (ok && (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch ||
               FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch))
        ok = 0;
    if (ok) {
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        if (fi->found) /* the fallback: a face other than the first */
            ok = strcmp(fi->file, (const char *)file) != 0 || fi->index != index;
    }
    if (ok) {
        fi->family = arena_strdup(&f->mem, family);
        fi->file = arena_strdup(&f->mem, (const char *)file);
        fi->index = index;
        fi->weight = weight;
        fi->substitute = !official;
        fi->embolden =
            json_is_true(json_object_get(entry, "embolden")) && got_weight < FC_WEIGHT_DEMIBOLD;
        fi->found = 1;
        *charset = FcCharSetCopy(cs);
    }
    FcPatternDestroy(m);
    return ok;
}

static PangoFontDescription *face_desc(const xxgk_face_info *fi)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, fi->family);
    pango_font_description_set_weight(desc, fi->weight >= FC_WEIGHT_BOLD ? PANGO_WEIGHT_BOLD
                                                                         : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc, PANGO_STYLE_NORMAL);
    return desc;
}

static int resolve_roles(xxgk_fonts *f, json_t *roles, xxgk_diags *d)
{
    int missing = 0;
    FcPattern *any = FcPatternCreate();
    FcObjectSet *fam_only = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
    FcFontSet *all = any && fam_only ? FcFontList(NULL, any, fam_only) : NULL;
    if (fam_only)
        FcObjectSetDestroy(fam_only);
    if (any)
        FcPatternDestroy(any);
    for (int r = 0; r < XXGK_ROLE_COUNT; r++) {
        xxgk_face_info *fi = &f->faces[r];
        fi->role = (xxgk_font_role)r;
        fi->role_key = role_keys[r];
        json_t *jr = json_object_get(roles, role_keys[r]);
        json_t *fams = json_object_get(jr, "families");
        fi->style = arena_strdup(&f->mem, json_string_value(json_object_get(jr, "style"))
                                              ? json_string_value(json_object_get(jr, "style"))
                                              : role_keys[r]);
        size_t i;
        json_t *fam;
        json_array_foreach(fams, i, fam)
        {
            if (!fi->found) {
                try_family(f, fi, &f->charsets[r], fam, all);
                continue;
            }
            xxgk_face_info *fb = &f->fallback[r];
            *fb = *fi; /* try_family compares the file with the first face's */
            fb->found = 1;
            if (try_family(f, fb, &f->fb_charsets[r], fam, all) &&
                strcmp(fb->family, fi->family) != 0)
                break;
            if (f->fb_charsets[r])
                FcCharSetDestroy(f->fb_charsets[r]);
            f->fb_charsets[r] = NULL;
            memset(fb, 0, sizeof *fb);
        }
        if (!fi->found && (f->flags & XXGK_FONTS_TRUETYPE)) {
            strbuf pk = {0};
            json_array_foreach(fams, i, fam)
            {
                const char *pkg = json_string_value(json_object_get(fam, "package"));
                if (json_is_true(json_object_get(fam, "truetype")))
                    sb_printf(&pk, "%s%s", pk.len ? "、" : "",
                              pkg ? pkg : json_string_value(json_object_get(fam, "family")));
            }
            diag_add(d, XXGK_ERROR, "F04", &(diag_where){.place = fi->style},
                     "没有可用于“%s”角色（%s）的 TrueType 字体：libharu 后端只能嵌入 TrueType 字体"
                     "（Noto CJK 等 CFF 字体不行）；请安装 %s 之一",
                     fi->style, role_keys[r], pk.s ? pk.s : "fonts/roles.json 所列 TrueType 字体");
            sb_free(&pk);
            missing++;
            continue;
        }
        if (!fi->found) {
            diag_add(d, XXGK_ERROR, "F03", &(diag_where){.place = fi->style},
                     "没有可用于“%s”角色（%s）的字体：请安装 fonts/roles.json 所列字体之一",
                     fi->style, role_keys[r]);
            missing++;
            continue;
        }
        f->desc[r] = face_desc(fi);
        if (f->fallback[r].found)
            f->fb_desc[r] = face_desc(&f->fallback[r]);
        if (f->flags & XXGK_FONTS_TRUETYPE) {
            json_array_foreach(json_object_get(jr, "latin"), i, fam)
            {
                if (try_family(f, &f->latin[r], &f->latin_charsets[r], fam, all))
                    break;
            }
            if (f->latin[r].found)
                f->latin_desc[r] = face_desc(&f->latin[r]);
        }
    }
    if (all)
        FcFontSetDestroy(all);
    return missing;
}

unsigned xxgk_fonts_env_flags(void)
{
    const char *v = getenv("XXGK_TRUETYPE_FONTS");
    return v && *v && strcmp(v, "0") != 0 ? XXGK_FONTS_TRUETYPE : 0;
}

xxgk_fonts *xxgk_fonts_load(xxgk_diags *d)
{
    return xxgk_fonts_load_flags(xxgk_fonts_env_flags(), d);
}

unsigned xxgk_fonts_flags(const xxgk_fonts *f) { return f ? f->flags : 0; }

xxgk_fonts *xxgk_fonts_load_flags(unsigned flags, xxgk_diags *d)
{
    const char *data;
    size_t size;
    if (!data_file("roles.json", &data, &size)) {
        diag_add(d, XXGK_ERROR, "F00", NULL, "找不到字体角色数据 fonts/roles.json");
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(data, size, 0, &err);
    json_t *roles = json_object_get(root, "roles");
    if (!json_is_object(roles)) {
        diag_add(d, XXGK_ERROR, "F00", NULL, "fonts/roles.json 无法读取：%s", err.text);
        json_decref(root);
        return NULL;
    }
    FcInit();
    add_font_dirs();
    xxgk_fonts *f = xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    f->flags = flags;
    resolve_roles(f, roles, d);
    json_decref(root);

    f->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    /* 72 dpi: one Pango device unit is one point, as in the PDF. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->fontmap), 72.0);
    f->context = pango_font_map_create_context(f->fontmap);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    pango_context_set_language(f->context, pango_language_from_string("zh-cn"));
    cairo_font_options_t *opts = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(f->context, opts);
    cairo_font_options_destroy(opts);
    return f;
}

static void cache_clear(xxgk_fonts *f)
{
    if (!f->cache)
        return;
    for (size_t i = 0; i < SHAPE_CACHE_SLOTS; i++)
        if (f->cache[i].hash) {
            free(f->cache[i].text);
            shaped_text_free(&f->cache[i].shaped);
            f->cache[i].hash = 0;
        }
    f->n_cached = 0;
}

void xxgk_fonts_free(xxgk_fonts *f)
{
    if (!f)
        return;
    cache_clear(f);
    free(f->cache);
    xxgk_subset_release(); /* the faces the PDF backend kept open */
    for (int i = 0; i < f->n_loaded; i++)
        g_object_unref(f->loaded[i].font);
    for (int r = 0; r < XXGK_ROLE_COUNT; r++) {
        if (f->desc[r])
            pango_font_description_free(f->desc[r]);
        if (f->charsets[r])
            FcCharSetDestroy(f->charsets[r]);
        if (f->fb_desc[r])
            pango_font_description_free(f->fb_desc[r]);
        if (f->fb_charsets[r])
            FcCharSetDestroy(f->fb_charsets[r]);
        if (f->latin_desc[r])
            pango_font_description_free(f->latin_desc[r]);
        if (f->latin_charsets[r])
            FcCharSetDestroy(f->latin_charsets[r]);
    }
    if (f->context)
        g_object_unref(f->context);
    if (f->fontmap)
        g_object_unref(f->fontmap);
    arena_free(&f->mem);
    free(f);
}

const xxgk_face_info *xxgk_fonts_face(const xxgk_fonts *f, xxgk_font_role role)
{
    return role < XXGK_ROLE_COUNT ? &f->faces[role] : NULL;
}

const xxgk_face_info *xxgk_fonts_fallback(const xxgk_fonts *f, xxgk_font_role role)
{
    return role < XXGK_ROLE_COUNT && f->fallback[role].found ? &f->fallback[role] : NULL;
}

const xxgk_face_info *xxgk_fonts_face_slot(const xxgk_fonts *f, xxgk_font_role role, int slot)
{
    if (role >= XXGK_ROLE_COUNT)
        return NULL;
    const xxgk_face_info *fi =
        slot == 2 ? &f->latin[role] : slot == 1 ? &f->fallback[role] : &f->faces[role];
    return fi->found ? fi : NULL;
}

/* Printable ASCII set in the role's Latin face (when it has one). */
static int wants_latin(const xxgk_fonts *f, xxgk_font_role role, uint32_t cp)
{
    return f->latin_charsets[role] && cp > 0x20 && cp < 0x7F &&
           FcCharSetHasChar(f->latin_charsets[role], cp);
}

/* The first face lacks cp and the fallback has it. */
static int wants_fallback(const xxgk_fonts *f, xxgk_font_role role, uint32_t cp)
{
    return f->fb_charsets[role] && !FcCharSetHasChar(f->charsets[role], cp) &&
           FcCharSetHasChar(f->fb_charsets[role], cp);
}

static int is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0x200B;
}

int xxgk_fonts_can_draw(void *ctx, uint32_t cp, xxgk_font_role role)
{
    xxgk_fonts *f = ctx;
    if (is_blank(cp))
        return 1;
    if (!f || role >= XXGK_ROLE_COUNT)
        return 0;
    if (!f->charsets[role])
        return 1; /* no face at all: one F03/F04 error for the role, not one per character */
    return FcCharSetHasChar(f->charsets[role], cp) || wants_latin(f, role, cp) ||
           (f->fb_charsets[role] && FcCharSetHasChar(f->fb_charsets[role], cp));
}

/* ---- shaping ------------------------------------------------------------ */

static PangoFontDescription *sized_desc(xxgk_fonts *f, xxgk_font_role role, double size)
{
    PangoFontDescription *desc = pango_font_description_copy(f->desc[role]);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    return desc;
}

static int font_is_face(const xxgk_face_info *fi, PangoFont *font, const char **got_family)
{
    *got_family = NULL;
    if (!font || !PANGO_IS_FC_FONT(font))
        return 0;
    FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *file = NULL, *fam = NULL;
    int index = 0;
    FcPatternGetString(p, FC_FILE, 0, &file);
    FcPatternGetInteger(p, FC_INDEX, 0, &index);
    if (FcPatternGetString(p, FC_FAMILY, 0, &fam) == FcResultMatch)
        *got_family = (const char *)fam;
    return fi->found && file && !strcmp((const char *)file, fi->file) && index == fi->index;
}

static void mark_failed(shaped_text *out, const char *text, size_t len, size_t off,
                        const char *family, arena *mem)
{
    if (out->failed)
        return;
    out->failed = 1;
    out->bad_offset = off;
    utf8_decode(text + off, len - off, &out->bad_cp);
    out->bad_family = family ? arena_strdup(mem, family) : NULL;
}

/* A new, empty cluster at byte off, after the glyphs so far. */
static void add_cluster(shaped_text *out, size_t *cap, size_t off)
{
    if (out->n_clusters == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        out->clusters = xrealloc(out->clusters, *cap * sizeof *out->clusters);
    }
    shaped_cluster *c = &out->clusters[out->n_clusters++];
    memset(c, 0, sizeof *c);
    c->byte_start = off;
    c->glyph_start = out->n_glyphs;
}

/* Marks whose blank the composer may compress: CJK and full-width
 * punctuation, quotes, dashes, the middle dot. */
static int is_punctuation(uint32_t cp)
{
    return cp == 0x00B7 || (cp >= 0x2010 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFF00 && cp <= 0xFF65);
}

/* The ink of the cluster's glyph, when it is the cluster's only one. */
static void punctuation_ink(PangoFont *font, double size, shaped_cluster *c, const shaped_glyph *g)
{
    c->ink_left = c->ink_right = 0;
    if (c->n_glyphs != 1)
        return;
    hb_font_t *hf = pango_font_get_hb_font(font);
    hb_glyph_extents_t e;
    int xs, ys;
    hb_font_get_scale(hf, &xs, &ys);
    if (xs == 0 || !hb_font_get_glyph_extents(hf, g->id, &e) || e.width <= 0)
        return;
    c->ink_left = g->x_offset + (double)e.x_bearing / xs * size;
    c->ink_right = c->ink_left + (double)e.width / xs * size;
}

static int face_slot(const xxgk_fonts *f, xxgk_font_role role, uint32_t cp)
{
    return wants_latin(f, role, cp) ? 2 : wants_fallback(f, role, cp) ? 1 : 0;
}

/* The characters the first face lacks are set in the fallback face, and
 * printable ASCII in the Latin face. */
static void fallback_attrs(xxgk_fonts *f, xxgk_font_role role, double size, const char *text,
                           size_t len, PangoAttrList *attrs)
{
    if (!f->fb_desc[role] && !f->latin_desc[role])
        return;
    for (size_t off = 0; off < len;) {
        uint32_t cp = 0;
        size_t n = utf8_decode(text + off, len - off, &cp);
        if (n == 0)
            n = 1;
        size_t start = off;
        int slot = face_slot(f, role, cp);
        while (off < len && n && slot && face_slot(f, role, cp) == slot) {
            off += n;
            n = off < len ? utf8_decode(text + off, len - off, &cp) : 0;
        }
        if (off == start) {
            off += n;
            continue;
        }
        PangoFontDescription *d =
            pango_font_description_copy(slot == 2 ? f->latin_desc[role] : f->fb_desc[role]);
        pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
        PangoAttribute *a = pango_attr_font_desc_new(d);
        pango_font_description_free(d);
        a->start_index = (guint)start;
        a->end_index = (guint)off;
        pango_attr_list_insert(attrs, a);
        if (slot == 2) {
            /* libharu writes a character, not a glyph: a ligature (fi in
             * office@) would have no character of its own */
            PangoAttribute *nolig = pango_attr_font_features_new("liga=0,clig=0,dlig=0");
            nolig->start_index = (guint)start;
            nolig->end_index = (guint)off;
            pango_attr_list_insert(attrs, nolig);
        }
    }
}

static int shape_uncached(xxgk_fonts *f, xxgk_font_role role, double size, const char *text,
                          size_t len, shaped_text *out)
{
    memset(out, 0, sizeof *out);
    if (!f->desc[role]) {
        mark_failed(out, text, len, 0, NULL, &f->mem);
        return -1;
    }
    PangoFontDescription *desc = sized_desc(f, role, size);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
    /* The 一字线 is one character wide (GB/T 9704's page number — 1 —, a
     * range 1—12): a CJK face gives U+2014 its proportional Western
     * glyph (0.89 em in Noto CJK) wherever Pango itemizes it with digits
     * or Latin, and its full-width one only beside Han characters. */
    static const char em_dash[] = "\xE2\x80\x94";
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), em_dash, 3)); p += 3) {
        PangoAttribute *fw = pango_attr_font_features_new("fwid");
        fw->start_index = (guint)(p - text);
        fw->end_index = fw->start_index + 3;
        pango_attr_list_insert(attrs, fw);
    }
    fallback_attrs(f, role, size, text, len, attrs);
    /* Forced breaks are not given to Pango: it measures a control
     * character with the hex box of another font, which opens that font
     * and the role's whole face in FreeType (a few ms each, cold).  Each
     * line is itemized alone; a break is a cluster of its own, with no
     * glyph and no advance. */
    GList *items = NULL;
    for (size_t start = 0; start <= len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > start)
            items = g_list_concat(items, pango_itemize(f->context, text, (int)start,
                                                       (int)(end - start), attrs, NULL));
        if (!nl)
            break;
        items = g_list_append(items, NULL); /* the break at `end` */
        start = end + 1;
    }
    size_t cap_g = 0, cap_c = 0;
    size_t next_break = 0;
    for (GList *l = items; l; l = l->next) {
        PangoItem *item = l->data;
        if (!item) {
            const char *nl = memchr(text + next_break, '\n', len - next_break);
            size_t at = (size_t)(nl - text);
            next_break = at + 1;
            add_cluster(out, &cap_c, at);
            continue;
        }
        const char *family;
        int in_fallback = font_is_face(&f->latin[role], item->analysis.font, &family)    ? 2
                          : font_is_face(&f->fallback[role], item->analysis.font, &family) ? 1
                                                                                            : 0;
        int right_face = in_fallback || font_is_face(&f->faces[role], item->analysis.font, &family);
        PangoGlyphString *gs = pango_glyph_string_new();
        pango_shape_with_flags(text + item->offset, item->length, text, (int)len, &item->analysis,
                               gs, PANGO_SHAPE_NONE);
        for (int i = 0; i < gs->num_glyphs; i++) {
            PangoGlyphInfo *gi = &gs->glyphs[i];
            size_t off = (size_t)item->offset + (size_t)gs->log_clusters[i];
            uint32_t cp = 0;
            utf8_decode(text + off, len - off, &cp);
            if (!right_face && !is_blank(cp))
                mark_failed(out, text, len, off, family, &f->mem);
            if ((gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) && gi->glyph != PANGO_GLYPH_EMPTY &&
                !is_blank(cp))
                mark_failed(out, text, len, off, NULL, &f->mem);
            int new_cluster = i == 0 || gs->log_clusters[i] != gs->log_clusters[i - 1];
            if (new_cluster)
                add_cluster(out, &cap_c, off);
            shaped_cluster *c = &out->clusters[out->n_clusters - 1];
            c->fallback = in_fallback;
            double adv = (double)gi->geometry.width / PANGO_SCALE;
            c->advance += adv;
            if (gi->glyph == PANGO_GLYPH_EMPTY || (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
                continue; /* nothing to draw (a control character), keep the advance */
            if (out->n_glyphs == cap_g) {
                cap_g = cap_g ? 2 * cap_g : 64;
                out->glyphs = xrealloc(out->glyphs, cap_g * sizeof *out->glyphs);
            }
            shaped_glyph *g = &out->glyphs[out->n_glyphs++];
            g->id = gi->glyph;
            g->advance = adv;
            g->x_offset = (double)gi->geometry.x_offset / PANGO_SCALE;
            g->y_offset = (double)gi->geometry.y_offset / PANGO_SCALE;
            c->n_glyphs++;
            if (is_punctuation(cp))
                punctuation_ink(item->analysis.font, size, c, g);
        }
        pango_glyph_string_free(gs);
    }
    /* Byte lengths: up to the next cluster (clusters are in logical order). */
    for (size_t i = 0; i < out->n_clusters; i++) {
        size_t end = i + 1 < out->n_clusters ? out->clusters[i + 1].byte_start : len;
        out->clusters[i].byte_len = end - out->clusters[i].byte_start;
    }
    for (GList *l = items; l; l = l->next)
        if (l->data)
            pango_item_free(l->data);
    g_list_free(items);
    pango_attr_list_unref(attrs);
    pango_font_description_free(desc);
    return out->failed ? -1 : 0;
}

static void shaped_copy(shaped_text *dst, const shaped_text *src)
{
    *dst = *src;
    dst->glyphs = NULL;
    dst->clusters = NULL;
    if (src->n_glyphs) {
        dst->glyphs = xmalloc(src->n_glyphs * sizeof *dst->glyphs);
        memcpy(dst->glyphs, src->glyphs, src->n_glyphs * sizeof *dst->glyphs);
    }
    if (src->n_clusters) {
        dst->clusters = xmalloc(src->n_clusters * sizeof *dst->clusters);
        memcpy(dst->clusters, src->clusters, src->n_clusters * sizeof *dst->clusters);
    }
}

static uint64_t shape_hash(xxgk_font_role role, const char *text, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    unsigned char k[sizeof role];
    memcpy(k, &role, sizeof role);
    for (size_t i = 0; i < sizeof k; i++)
        h = (h ^ k[i]) * 1099511628211u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 1099511628211u;
    return h ? h : 1;
}

static void shaped_scale(shaped_text *s, double k)
{
    for (size_t i = 0; i < s->n_glyphs; i++) {
        s->glyphs[i].advance *= k;
        s->glyphs[i].x_offset *= k;
        s->glyphs[i].y_offset *= k;
    }
    for (size_t i = 0; i < s->n_clusters; i++) {
        s->clusters[i].advance *= k;
        s->clusters[i].ink_left *= k;
        s->clusters[i].ink_right *= k;
    }
}

/* The same text in the same role always shapes the same way: the result
 * (at SHAPE_SIZE) is remembered, copied out and scaled. */
int xxgk_fonts_shape(xxgk_fonts *f, xxgk_font_role role, double size, const char *text, size_t len,
                     shaped_text *out)
{
    int rc = -1;
    uint64_t h = shape_hash(role, text, len);
    if (!f->cache) {
        f->cache = xmalloc(SHAPE_CACHE_SLOTS * sizeof *f->cache);
        memset(f->cache, 0, SHAPE_CACHE_SLOTS * sizeof *f->cache);
    }
    size_t i = (size_t)h & (SHAPE_CACHE_SLOTS - 1);
    for (; f->cache[i].hash; i = (i + 1) & (SHAPE_CACHE_SLOTS - 1)) {
        const shape_entry *e = &f->cache[i];
        if (e->hash == h && e->role == role && e->len == len && memcmp(e->text, text, len) == 0) {
            shaped_copy(out, &e->shaped);
            rc = out->failed ? -1 : 0;
            goto scale;
        }
    }
    rc = shape_uncached(f, role, SHAPE_SIZE, text, len, out);
    if (f->n_cached >= SHAPE_CACHE_MAX) {
        cache_clear(f);
        i = (size_t)h & (SHAPE_CACHE_SLOTS - 1);
    }
    shape_entry *e = &f->cache[i];
    e->hash = h;
    e->role = role;
    e->text = xmalloc(len ? len : 1);
    memcpy(e->text, text, len);
    e->len = len;
    shaped_copy(&e->shaped, out);
    f->n_cached++;
scale:
    if (size != SHAPE_SIZE)
        shaped_scale(out, size / SHAPE_SIZE);
    return rc;
}

void shaped_text_free(shaped_text *s)
{
    free(s->glyphs);
    free(s->clusters);
    memset(s, 0, sizeof *s);
}

static PangoFont *load_font(xxgk_fonts *f, xxgk_font_role role, double size)
{
    for (int i = 0; i < f->n_loaded; i++)
        if (f->loaded[i].role == role && f->loaded[i].size == size)
            return g_object_ref(f->loaded[i].font);
    PangoFontDescription *desc = sized_desc(f, role, size);
    PangoFont *font = pango_font_map_load_font(f->fontmap, f->context, desc);
    pango_font_description_free(desc);
    if (font && f->n_loaded < MAX_LOADED) {
        f->loaded[f->n_loaded].role = role;
        f->loaded[f->n_loaded].size = size;
        f->loaded[f->n_loaded].font = g_object_ref(font);
        f->n_loaded++;
    }
    return font; /* a new reference */
}

void xxgk_fonts_glyph_ink(xxgk_fonts *f, xxgk_font_role role, double size, uint32_t glyph,
                          double *top, double *bottom)
{
    *top = -0.5 * size;
    *bottom = 0;
    if (!f->desc[role])
        return;
    PangoFont *font = load_font(f, role, SHAPE_SIZE); /* linear in the size, as advances */
    if (!font)
        return;
    /* From HarfBuzz, which already has the face: Pango would ask cairo,
     * which opens the whole face once more in FreeType. */
    hb_font_t *hf = pango_font_get_hb_font(font);
    hb_glyph_extents_t e;
    int xs, ys;
    hb_font_get_scale(hf, &xs, &ys);
    if (ys != 0 && hb_font_get_glyph_extents(hf, glyph, &e)) {
        *top = -(double)e.y_bearing / ys * size;
        *bottom = -(double)(e.y_bearing + e.height) / ys * size;
    }
    g_object_unref(font);
}

void xxgk_fonts_print(const xxgk_fonts *f, FILE *out)
{
    for (int r = 0; r < XXGK_ROLE_COUNT; r++) {
        const xxgk_face_info *fi = &f->faces[r];
        if (!fi->found)
            fprintf(out, "%-12s %-6s (none installed)\n", fi->role_key, fi->style);
        else
            fprintf(out, "%-12s %-6s %s%s  %s:%d  %s%s\n", fi->role_key, fi->style, fi->family,
                    fi->weight >= FC_WEIGHT_BOLD ? " Bold" : "", fi->file, fi->index,
                    fi->substitute ? "substitute" : "official",
                    fi->embolden ? ", emboldened" : "");
        const xxgk_face_info *fb = &f->fallback[r];
        if (fi->found && fb->found)
            fprintf(out, "%-12s %-6s %s%s  %s:%d  fallback\n", "", "", fb->family,
                    fb->weight >= FC_WEIGHT_BOLD ? " Bold" : "", fb->file, fb->index);
        const xxgk_face_info *la = &f->latin[r];
        if (fi->found && la->found)
            fprintf(out, "%-12s %-6s %s%s  %s:%d  latin\n", "", "", la->family,
                    la->weight >= FC_WEIGHT_BOLD ? " Bold" : "", la->file, la->index);
    }
}

int xxgk_fonts_complete(const xxgk_fonts *f)
{
    for (int r = 0; r < XXGK_ROLE_COUNT; r++)
        if (!f->faces[r].found)
            return 0;
    return 1;
}

int xxgk_fonts_substituted(const xxgk_fonts *f)
{
    for (int r = 0; r < XXGK_ROLE_COUNT; r++)
        if (f->faces[r].found && f->faces[r].substitute)
            return 1;
    return 0;
}

char *xxgk_fonts_substitutes(const xxgk_fonts *f)
{
    if (!xxgk_fonts_substituted(f))
        return NULL;
    strbuf b = {0};
    sb_add(&b, "未安装公文标准字体，使用替代字体：");
    int first = 1;
    for (int r = 0; r < XXGK_ROLE_COUNT; r++) {
        const xxgk_face_info *fi = &f->faces[r];
        if (!fi->found || !fi->substitute)
            continue;
        sb_printf(&b, "%s%s→%s%s", first ? "" : "，", fi->style, fi->family,
                  fi->weight >= FC_WEIGHT_BOLD ? " Bold" : "");
        first = 0;
    }
    sb_add(&b, "（xxgk fonts 查看详情）");
    return sb_take(&b);
}

xxgk_fonts *xxgk_fonts_for_backend(const char *backend, unsigned extra_flags, xxgk_diags *d)
{
    const xxgk_backend_info *be = xxgk_backend_find(backend);
    return xxgk_fonts_load_flags(xxgk_fonts_env_flags() | (be ? be->font_flags : 0) | extra_flags,
                                 d);
}
