/* template.c — the statutory formats, read from layouts/format-*.json.
 *
 * The files are embedded at build time (embedded_data.c); XXGK_LAYOUT_DIR
 * names a folder to read them from instead, so that a revised format or a
 * provincial variant is a data change.  A template that does not describe
 * a consistent table is a bug in the data: it is reported on stderr and the
 * format is unavailable.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct embedded_file {
    const char *name;
    const char *data;
    size_t size;
};
extern const struct embedded_file embedded_files[];

/* ---- data files ----------------------------------------------------- */

typedef struct {
    char *name;
    char *data;
    size_t size;
} data_file_entry;

static data_file_entry *dir_files;
static size_t n_dir_files;
/* XXGK_LAYOUT_DIR names a folder that cannot be read: no data file is
 * found at all, so every command fails instead of quietly using the
 * built-in layouts the user meant to replace. */
static int dir_broken;

static void read_layout_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "xxgk: XXGK_LAYOUT_DIR=%s: cannot open the folder: %s\n", dir,
                strerror(errno));
        dir_broken = 1;
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        strbuf p = {0};
        sb_printf(&p, "%s/%s", dir, e->d_name);
        FILE *f = fopen(p.s, "rb");
        sb_free(&p);
        if (!f)
            continue;
        strbuf content = {0};
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            sb_addn(&content, buf, n);
        fclose(f);
        dir_files = xrealloc(dir_files, (n_dir_files + 1) * sizeof *dir_files);
        dir_files[n_dir_files].name = xstrdup(e->d_name);
        dir_files[n_dir_files].size = content.len;
        dir_files[n_dir_files].data = sb_take(&content);
        n_dir_files++;
    }
    closedir(d);
}

static pthread_once_t dir_once = PTHREAD_ONCE_INIT;
static void init_dir(void)
{
    const char *dir = getenv("XXGK_LAYOUT_DIR");
    if (dir && *dir)
        read_layout_dir(dir);
}

int xxgk_data_file(const char *name, const char **data, size_t *size)
{
    pthread_once(&dir_once, init_dir);
    if (dir_broken)
        return 0;
    for (size_t i = 0; i < n_dir_files; i++)
        if (!strcmp(dir_files[i].name, name)) {
            *data = dir_files[i].data;
            *size = dir_files[i].size;
            return 1;
        }
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        if (!strcmp(f->name, name)) {
            *data = f->data;
            *size = f->size;
            return 1;
        }
    return 0;
}

/* ---- parsing -------------------------------------------------------- */

typedef struct {
    xxgk_template *t;
    const char *file;
    int failed;
} loader;

static void bad(loader *L, const char *what, const char *detail)
{
    fprintf(stderr, "xxgk: layouts/%s: %s%s%s\n", L->file, what, detail ? ": " : "",
            detail ? detail : "");
    L->failed = 1;
}

/* A misspelt key in a layout file (totl_of) would silently drop a rule:
 * layout files are held to the same strictness as reports. */
static void allow_keys(loader *L, json_t *o, const char *const *allowed, const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        const char *const *a;
        for (a = allowed; *a && strcmp(*a, key); a++)
            ;
        if (!*a) {
            fprintf(stderr, "xxgk: layouts/%s: unknown key \"%s\" in %s\n", L->file, key, what);
            L->failed = 1;
        }
    }
}

static const char *get_str(loader *L, json_t *o, const char *key, int required)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            bad(L, "missing string", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        bad(L, "not a string", key);
        return NULL;
    }
    return arena_strdup(&L->t->mem, json_string_value(v));
}

static value_type parse_type(loader *L, const char *s, value_type dflt)
{
    if (!s)
        return dflt;
    if (!strcmp(s, "count"))
        return VT_COUNT;
    if (!strcmp(s, "delta"))
        return VT_DELTA;
    if (!strcmp(s, "amount"))
        return VT_AMOUNT;
    bad(L, "unknown value type", s);
    return dflt;
}

static hnode *parse_node(loader *L, json_t *o, hnode *parent, value_type type)
{
    hnode *n = arena_alloc(&L->t->mem, sizeof *n);
    n->parent = parent;
    n->depth = parent ? parent->depth + 1 : 0;
    n->leaf = -1;
    if (!json_is_object(o)) {
        bad(L, "a header node is not an object", NULL);
        return n;
    }
    static const char *const keys[] = {"key", "label", "children", "type", "total_of", "rule", "note", NULL};
    allow_keys(L, o, keys, "a header node");
    n->key = get_str(L, o, "key", 0);
    n->label = get_str(L, o, "label", 1);
    if (!n->label)
        n->label = "";
    n->rule = get_str(L, o, "rule", 0);
    n->note = get_str(L, o, "note", 0);
    n->type = parse_type(L, get_str(L, o, "type", 0), type);
    json_t *ch = json_object_get(o, "children");
    if (ch) {
        n->n_children = json_array_size(ch);
        n->children = arena_alloc(&L->t->mem, n->n_children * sizeof *n->children);
        for (size_t i = 0; i < n->n_children; i++)
            n->children[i] = parse_node(L, json_array_get(ch, i), n, n->type);
    }
    return n;
}

static hnode *parse_tree(loader *L, json_t *arr, value_type type)
{
    hnode *root = arena_alloc(&L->t->mem, sizeof *root);
    root->leaf = -1;
    root->label = "";
    root->type = type;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        bad(L, "a block needs non-empty \"rows\" and \"columns\" arrays", NULL);
        return root;
    }
    root->n_children = json_array_size(arr);
    root->children = arena_alloc(&L->t->mem, root->n_children * sizeof *root->children);
    for (size_t i = 0; i < root->n_children; i++)
        root->children[i] = parse_node(L, json_array_get(arr, i), root, type);
    return root;
}

/* Number the leaves in order; returns the tree depth. */
static int number_leaves(hnode *n, int *next)
{
    n->first_leaf = *next;
    int depth = n->depth;
    if (n->n_children == 0 && n->parent) {
        n->leaf = (*next)++;
        n->n_leaves = 1;
        return depth;
    }
    for (size_t i = 0; i < n->n_children; i++) {
        int d = number_leaves(n->children[i], next);
        if (d > depth)
            depth = d;
    }
    n->n_leaves = *next - n->first_leaf;
    return depth;
}

static void collect_leaves(hnode *n, hnode **out)
{
    if (n->leaf >= 0)
        out[n->leaf] = n;
    for (size_t i = 0; i < n->n_children; i++)
        collect_leaves(n->children[i], out);
}

/* A child of n with this key; nodes without a key are looked through. */
static hnode *find_key(const hnode *n, const char *key, size_t keylen)
{
    for (size_t i = 0; i < n->n_children; i++) {
        hnode *c = n->children[i];
        if (c->key) {
            if (strlen(c->key) == keylen && !strncmp(c->key, key, keylen))
                return c;
        } else {
            hnode *f = find_key(c, key, keylen);
            if (f)
                return f;
        }
    }
    return NULL;
}

/* Resolve "a/b/c" from n downwards. */
static hnode *find_path(hnode *n, const char *path)
{
    while (*path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        n = find_key(n, path, len);
        if (!n)
            return NULL;
        path += len + (slash ? 1 : 0);
    }
    return n;
}

static void resolve_totals(loader *L, hnode *n, json_t *src)
{
    /* src is the JSON object n was parsed from; walk both in parallel */
    json_t *parts = json_object_get(src, "total_of");
    if (parts) {
        n->n_parts = json_array_size(parts);
        n->parts = arena_alloc(&L->t->mem, n->n_parts * sizeof *n->parts);
        for (size_t i = 0; i < n->n_parts; i++) {
            const char *k = json_string_value(json_array_get(parts, i));
            n->parts[i] = k ? find_path(n->parent, k) : NULL;
            if (!n->parts[i] || n->parts[i] == n)
                bad(L, "total_of names no other node", k);
        }
        if (!n->rule)
            bad(L, "a total needs a rule id", n->label);
    }
    json_t *ch = json_object_get(src, "children");
    for (size_t i = 0; i < n->n_children; i++)
        resolve_totals(L, n->children[i], json_array_get(ch, i));
}

static void check_unique_keys(loader *L, const hnode *n)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->key && find_key(n, c->key, strlen(c->key)) != c)
            bad(L, "duplicate key", c->key);
        check_unique_keys(L, c);
    }
}

static hnode **parse_refs(loader *L, json_t *arr, hnode *root, size_t *n)
{
    *n = json_array_size(arr);
    hnode **v = arena_alloc(&L->t->mem, (*n ? *n : 1) * sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        const char *k = json_string_value(json_array_get(arr, i));
        v[i] = k ? find_path(root, k) : NULL;
        if (!v[i])
            bad(L, "rule names an unknown node", k);
    }
    return v;
}

static void parse_block(loader *L, tblock *b, json_t *o)
{
    arena *a = &L->t->mem;
    static const char *const keys[] = {"key", "title", "stub_header", "type", "columns", "rows", "rules", NULL};
    allow_keys(L, o, keys, "a block");
    b->key = get_str(L, o, "key", 0);
    b->title = get_str(L, o, "title", 0);
    b->stub_header = get_str(L, o, "stub_header", 0);
    value_type type = parse_type(L, get_str(L, o, "type", 0), VT_COUNT);
    json_t *jc = json_object_get(o, "columns"), *jr = json_object_get(o, "rows");
    b->cols = parse_tree(L, jc, type);
    b->rows = parse_tree(L, jr, type);
    if (L->failed)
        return;
    int next = 0;
    b->col_depth = number_leaves(b->cols, &next);
    b->n_cols = next;
    next = 0;
    b->row_depth = number_leaves(b->rows, &next);
    b->n_rows = next;
    b->col_leaves = arena_alloc(a, (size_t)b->n_cols * sizeof *b->col_leaves);
    b->row_leaves = arena_alloc(a, (size_t)b->n_rows * sizeof *b->row_leaves);
    collect_leaves(b->cols, b->col_leaves);
    collect_leaves(b->rows, b->row_leaves);
    for (size_t i = 0; i < b->cols->n_children; i++)
        resolve_totals(L, b->cols->children[i], json_array_get(jc, i));
    for (size_t i = 0; i < b->rows->n_children; i++)
        resolve_totals(L, b->rows->children[i], json_array_get(jr, i));
    check_unique_keys(L, b->cols);
    check_unique_keys(L, b->rows);

    json_t *rules = json_object_get(o, "rules");
    b->n_rules = json_array_size(rules);
    b->rules = arena_alloc(a, (b->n_rules ? b->n_rules : 1) * sizeof *b->rules);
    for (size_t i = 0; i < b->n_rules; i++) {
        json_t *r = json_array_get(rules, i);
        equation *e = &b->rules[i];
        static const char *const rkeys[] = {"id", "for_each", "left", "right", "message", NULL};
        allow_keys(L, r, rkeys, "a rule");
        e->id = get_str(L, r, "id", 1);
        e->message = get_str(L, r, "message", 1);
        const char *fe = get_str(L, r, "for_each", 1);
        e->for_each_column = fe && !strcmp(fe, "column");
        hnode *root = e->for_each_column ? b->rows : b->cols;
        e->left = parse_refs(L, json_object_get(r, "left"), root, &e->n_left);
        e->right = parse_refs(L, json_object_get(r, "right"), root, &e->n_right);
    }
}

static const char **string_list(arena *a, json_t *arr)
{
    size_t m = json_array_size(arr);
    const char **v = arena_alloc(a, (m + 1) * sizeof *v);
    for (size_t j = 0; j < m; j++)
        v[j] = arena_strdup(a, json_string_value(json_array_get(arr, j)));
    return v;
}

static int resolve_ref_str(loader *L, const char *ref, cellref *out)
{
    if (!ref || !template_resolve(L->t, ref, out)) {
        bad(L, "cannot resolve cell reference", ref);
        return 0;
    }
    return 1;
}

static xxgk_template *parse_template(const char *file, const char *data, size_t size)
{
    json_error_t err;
    json_t *root = json_loadb(data, size, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        fprintf(stderr, "xxgk: layouts/%s:%d:%d: %s\n", file, err.line, err.column, err.text);
        return NULL;
    }
    xxgk_template *t = xmalloc(sizeof *t);
    memset(t, 0, sizeof *t);
    loader L = {t, file, 0};
    arena *a = &t->mem;
    static const char *const top[] = {"format", "name", "basis", "basis_citations", "first_year",
                                      "last_year", "sections", "tables", "narrative", "fee_row",
                                      "carry", "stock", NULL};
    allow_keys(&L, root, top, "the format");
    t->format = get_str(&L, root, "format", 1);
    t->name = get_str(&L, root, "name", 1);
    t->basis = get_str(&L, root, "basis", 1);
    t->basis_citations = string_list(a, json_object_get(root, "basis_citations"));
    t->first_year = (int)json_integer_value(json_object_get(root, "first_year"));
    t->last_year = (int)json_integer_value(json_object_get(root, "last_year"));

    json_t *secs = json_object_get(root, "sections");
    json_t *tables = json_object_get(root, "tables");
    t->n_sections = json_array_size(secs);
    t->sections = arena_alloc(a, (t->n_sections ? t->n_sections : 1) * sizeof *t->sections);
    t->tables = arena_alloc(a, (t->n_sections ? t->n_sections : 1) * sizeof *t->tables);
    size_t nblocks = 0;
    for (size_t i = 0; i < t->n_sections; i++) {
        json_t *s = json_array_get(secs, i);
        tsection *ts = &t->sections[i];
        static const char *const skeys[] = {"key", "number", "title", "content", "keywords", NULL};
        allow_keys(&L, s, skeys, "a section");
        ts->key = get_str(&L, s, "key", 1);
        ts->number = get_str(&L, s, "number", 1);
        ts->title = get_str(&L, s, "title", 1);
        const char *content = get_str(&L, s, "content", 1);
        if (L.failed)
            break;
        ts->heading = arena_printf(a, "%s、%s", ts->number, ts->title);
        ts->keywords = string_list(a, json_object_get(s, "keywords"));
        if (content && !strcmp(content, "table")) {
            json_t *jt = json_object_get(tables, ts->key);
            json_t *blocks = json_object_get(jt, "blocks");
            if (!json_is_array(blocks) || !json_array_size(blocks)) {
                bad(&L, "table without blocks", ts->key);
                break;
            }
            ttable *tt = &t->tables[t->n_tables++];
            tt->key = ts->key;
            tt->section = ts;
            ts->table = tt;
            tt->n_blocks = json_array_size(blocks);
            tt->blocks = arena_alloc(a, tt->n_blocks * sizeof *tt->blocks);
            for (size_t k = 0; k < tt->n_blocks; k++) {
                tt->blocks[k].table = tt;
                tt->blocks[k].index = (int)nblocks++;
                parse_block(&L, &tt->blocks[k], json_array_get(blocks, k));
                if ((tt->n_blocks > 1) != (tt->blocks[k].key != NULL))
                    bad(&L, "blocks of a multi-block table need keys, a single block none", tt->key);
            }
        }
    }
    if (!L.failed) {
        t->n_blocks = nblocks;
        t->blocks = arena_alloc(a, (nblocks ? nblocks : 1) * sizeof *t->blocks);
        for (size_t i = 0; i < t->n_tables; i++)
            for (size_t k = 0; k < t->tables[i].n_blocks; k++)
                t->blocks[t->tables[i].blocks[k].index] = &t->tables[i].blocks[k];

        json_t *narr = json_object_get(root, "narrative");
        t->n_narrative = json_array_size(narr);
        t->narrative = arena_alloc(a, (t->n_narrative ? t->n_narrative : 1) * sizeof *t->narrative);
        for (size_t i = 0; i < t->n_narrative && !L.failed; i++) {
            json_t *o = json_array_get(narr, i);
            narrative_rule *nr = &t->narrative[i];
            static const char *const nkeys[] = {"measure", "cells", "all", "none", "zero", NULL};
            allow_keys(&L, o, nkeys, "a narrative rule");
            nr->measure = get_str(&L, o, "measure", 1);
            json_t *all = json_object_get(o, "all"), *none = json_object_get(o, "none");
            json_t *cells = json_object_get(o, "cells");
            nr->n_all = json_array_size(all);
            nr->all = arena_alloc(a, (nr->n_all + 1) * sizeof *nr->all);
            for (size_t k = 0; k < nr->n_all; k++) {
                json_t *alt = json_array_get(all, k);
                size_t m = json_array_size(alt);
                nr->all[k] = arena_alloc(a, (m + 1) * sizeof *nr->all[k]);
                for (size_t j = 0; j < m; j++)
                    nr->all[k][j] = arena_strdup(a, json_string_value(json_array_get(alt, j)));
            }
            nr->none = string_list(a, none);
            nr->zero = string_list(a, json_object_get(o, "zero"));
            nr->n_cells = json_array_size(cells);
            nr->cells = arena_alloc(a, (nr->n_cells ? nr->n_cells : 1) * sizeof *nr->cells);
            for (size_t j = 0; j < nr->n_cells; j++)
                resolve_ref_str(&L, json_string_value(json_array_get(cells, j)), &nr->cells[j]);
        }
        const char *fee = get_str(&L, root, "fee_row", 0);
        if (fee)
            t->has_fee_row = resolve_ref_str(&L, fee, &t->fee_row);
        json_t *carry = json_object_get(root, "carry");
        if (carry) {
            t->has_carry = resolve_ref_str(&L, get_str(&L, carry, "from", 1), &t->carry_from) &&
                           resolve_ref_str(&L, get_str(&L, carry, "to", 1), &t->carry_to);
        }
        json_t *stock = json_object_get(root, "stock");
        if (stock) {
            cellref blk;
            const char *bref = get_str(&L, stock, "block", 1);
            if (resolve_ref_str(&L, bref, &blk)) {
                t->stock_block = blk.block;
                t->stock_col = find_path(blk.block->cols, get_str(&L, stock, "stock", 1));
                t->added_col = find_path(blk.block->cols, get_str(&L, stock, "added", 1));
                t->removed_col = find_path(blk.block->cols, get_str(&L, stock, "removed", 1));
                t->has_stock = t->stock_col && t->added_col && t->removed_col;
                if (!t->has_stock)
                    bad(&L, "stock columns not found", bref);
            }
        }
    }
    json_decref(root);
    if (L.failed) {
        arena_free(&t->mem);
        free(t);
        return NULL;
    }
    return t;
}

/* ---- registry ------------------------------------------------------- */

#define MAX_FORMATS 8
static xxgk_template *formats[MAX_FORMATS];
static size_t n_formats;
static pthread_once_t formats_once = PTHREAD_ONCE_INIT;

static int formats_failed; /* a format file did not load */

static void add_format(const char *name, const char *data, size_t size, int from_dir)
{
    if (strncmp(name, "format-", 7) || n_formats == MAX_FORMATS)
        return;
    if (!from_dir) /* a file of the same name in XXGK_LAYOUT_DIR wins */
        for (size_t i = 0; i < n_dir_files; i++)
            if (!strcmp(dir_files[i].name, name))
                return;
    xxgk_template *t = parse_template(name, data, size);
    if (t)
        formats[n_formats++] = t;
    else
        formats_failed = 1;
}

static void free_formats(void)
{
    for (size_t i = 0; i < n_formats; i++) {
        arena_free(&formats[i]->mem);
        free(formats[i]);
    }
    n_formats = 0;
    for (size_t i = 0; i < n_dir_files; i++) {
        free(dir_files[i].name);
        free(dir_files[i].data);
    }
    free(dir_files);
    dir_files = NULL;
    n_dir_files = 0;
}

static void load_formats(void)
{
    pthread_once(&dir_once, init_dir);
    if (dir_broken)
        return;
    for (size_t i = 0; i < n_dir_files; i++)
        add_format(dir_files[i].name, dir_files[i].data, dir_files[i].size, 1);
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        add_format(f->name, f->data, f->size, 0);
    atexit(free_formats);
    if (formats_failed) { /* none rather than some: the messages said why */
        for (size_t i = 0; i < n_formats; i++) {
            arena_free(&formats[i]->mem);
            free(formats[i]);
        }
        n_formats = 0;
    }
}

int templates_usable(xxgk_diags *d)
{
    pthread_once(&formats_once, load_formats);
    if (n_formats)
        return 1;
    diag_add_at(d, XXGK_ERROR, "L01", 0, 0, "%s",
                dir_broken ? "XXGK_LAYOUT_DIR 指定的文件夹无法读取，没有可用的格式模板"
                           : "格式模板文件有误（见上），没有可用的格式模板");
    return 0;
}

const xxgk_template *xxgk_template_get(const char *format)
{
    pthread_once(&formats_once, load_formats);
    for (size_t i = 0; format && i < n_formats; i++)
        if (!strcmp(formats[i]->format, format))
            return formats[i];
    return NULL;
}

const xxgk_template *xxgk_template_for_year(int year)
{
    pthread_once(&formats_once, load_formats);
    const xxgk_template *best = NULL;
    for (size_t i = 0; i < n_formats; i++) {
        const xxgk_template *t = formats[i];
        if (year >= t->first_year && (!t->last_year || year <= t->last_year))
            return t;
        if (!best || t->first_year > best->first_year)
            best = t;
    }
    return year < 2019 ? xxgk_template_get("2019") : best;
}

const char *xxgk_template_format(const xxgk_template *t) { return t->format; }

size_t template_count(void)
{
    pthread_once(&formats_once, load_formats);
    return n_formats;
}

const xxgk_template *template_at(size_t i) { return i < template_count() ? formats[i] : NULL; }

const tsection *template_section(const xxgk_template *t, const char *key)
{
    for (size_t i = 0; i < t->n_sections; i++)
        if (!strcmp(t->sections[i].key, key))
            return &t->sections[i];
    return NULL;
}

const char *template_table_heading(const ttable *tt) { return tt->section->heading; }

int template_resolve(const xxgk_template *t, const char *ref, cellref *out)
{
    const char *slash = strchr(ref, '/');
    size_t len = slash ? (size_t)(slash - ref) : strlen(ref);
    const ttable *tt = NULL;
    for (size_t i = 0; i < t->n_tables; i++)
        if (strlen(t->tables[i].key) == len && !strncmp(t->tables[i].key, ref, len))
            tt = &t->tables[i];
    if (!tt)
        return 0;
    const char *p = slash ? slash + 1 : ref + len;
    const tblock *b = &tt->blocks[0];
    if (tt->n_blocks > 1) {
        slash = strchr(p, '/');
        len = slash ? (size_t)(slash - p) : strlen(p);
        b = NULL;
        for (size_t i = 0; i < tt->n_blocks; i++)
            if (strlen(tt->blocks[i].key) == len && !strncmp(tt->blocks[i].key, p, len))
                b = &tt->blocks[i];
        if (!b)
            return 0;
        p += len + (slash ? 1 : 0);
    }
    /* rows as deep as the keys go, then columns */
    const hnode *row = b->rows, *col = b->cols;
    while (*p) {
        slash = strchr(p, '/');
        len = slash ? (size_t)(slash - p) : strlen(p);
        const hnode *n = col == b->cols ? find_key(row, p, len) : NULL;
        if (n)
            row = n;
        else if ((n = find_key(col, p, len)))
            col = n;
        else
            return 0;
        p += len + (slash ? 1 : 0);
    }
    out->block = b;
    out->row = row;
    out->col = col;
    return 1;
}

/* ---- skeleton ------------------------------------------------------- */

#define PLACEHOLDER "请填写"

static json_t *skeleton_cols(const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        if (c->n_children) {
            json_t *sub = c->key ? json_object() : obj;
            skeleton_cols(c, sub);
            if (c->key)
                json_object_set_new(obj, c->key, sub);
        } else {
            json_object_set_new(obj, c->key, json_integer(0));
        }
    }
    return obj;
}

static void skeleton_rows(const tblock *b, const hnode *n, json_t *obj)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const hnode *c = n->children[i];
        json_t *sub = c->key ? json_object() : obj;
        if (c->n_children)
            skeleton_rows(b, c, sub);
        else
            skeleton_cols(b->cols, sub);
        if (c->key)
            json_object_set_new(obj, c->key, sub);
    }
}

char *xxgk_template_skeleton(const xxgk_template *t, int year)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string(t->format));
    json_object_set_new(root, "year", json_integer(year));
    json_object_set_new(root, "agency", json_string(PLACEHOLDER "发文机关名称"));
    char date[32];
    snprintf(date, sizeof date, "%04d-01-20", year + 1);
    json_object_set_new(root, "date", json_string(date));
    json_object_set_new(root, "preface", json_array());
    json_t *secs = json_object();
    for (size_t i = 0; i < t->n_sections; i++)
        if (!t->sections[i].table)
            json_object_set_new(secs, t->sections[i].key, json_array());
    json_object_set_new(root, "sections", secs);
    json_t *tables = json_object();
    for (size_t i = 0; i < t->n_tables; i++) {
        const ttable *tt = &t->tables[i];
        json_t *to = json_object();
        for (size_t k = 0; k < tt->n_blocks; k++) {
            const tblock *b = &tt->blocks[k];
            json_t *bo = b->key ? json_object() : to;
            skeleton_rows(b, b->rows, bo);
            if (b->key)
                json_object_set_new(to, b->key, bo);
        }
        json_object_set_new(tables, tt->key, to);
    }
    json_object_set_new(root, "tables", tables);
    char *s = json_dumps(root, JSON_INDENT(2));
    json_decref(root);
    strbuf b = {0};
    sb_add(&b, s);
    sb_addc(&b, '\n');
    free(s);
    return sb_take(&b);
}
