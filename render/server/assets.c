/* assets.c — the pages of the workbench (web/): embedded into the binary at
 * build time (web_files.c, made by base/embed.cmake), or read from the
 * folder XXGK_WEB_DIR names while someone works on them.  Only plain names
 * of the known types are served: no folder, no dot file, nothing outside. */
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "server/server.h"

struct embedded_file {
    const char *name;
    const char *data;
    size_t size;
};
extern const struct embedded_file web_files[]; /* web_files.c */

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
};

static const char *type_of(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (str_ends_with(name, types[i].ext))
            return types[i].type;
    return NULL;
}

static int plain_name(const char *name)
{
    if (!*name || name[0] == '.' || strlen(name) > 64)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.'))
            return 0;
    return 1;
}

int asset_find(const char *dir, const char *path, char **data, size_t *len, const char **type)
{
    const char *name = !strcmp(path, "/") ? "index.html" : path + (path[0] == '/');
    if (!plain_name(name) || !(*type = type_of(name)))
        return 0;
    if (dir) {
        strbuf p = {0};
        sb_printf(&p, "%s/%s", dir, name);
        char *why = NULL;
        *data = read_file_max(p.s, (size_t)8 << 20, len, &why);
        free(why);
        sb_free(&p);
        return *data != NULL;
    }
    for (const struct embedded_file *f = web_files; f->name; f++)
        if (!strcmp(f->name, name)) {
            *data = xmalloc(f->size + 1);
            memcpy(*data, f->data, f->size);
            *len = f->size;
            return 1;
        }
    return 0;
}
