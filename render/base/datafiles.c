/* datafiles.c — layouts/ and fonts/ as built in, or from XXGK_LAYOUT_DIR. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/datafiles.h"
#include "base/files.h"

struct embedded_file {
    const char *name;
    const char *data;
    size_t size;
};
extern const struct embedded_file embedded_files[]; /* embedded_data.c */

typedef struct {
    char *name;
    char *data;
    size_t size;
} dir_file;

static dir_file *dir_files;
static size_t n_dir_files;
/* XXGK_LAYOUT_DIR names a folder that cannot be read: no data file is
 * found at all, so every command fails instead of quietly using the
 * built-in layouts the user meant to replace. */
static char *dir_problem;

static void free_dir_files(void)
{
    for (size_t i = 0; i < n_dir_files; i++) {
        free(dir_files[i].name);
        free(dir_files[i].data);
    }
    free(dir_files);
    free(dir_problem);
    dir_files = NULL;
    n_dir_files = 0;
    dir_problem = NULL;
}

static void read_layout_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        why_set(&dir_problem, "XXGK_LAYOUT_DIR=%s：无法打开这个文件夹：%s", dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || !str_ends_with(e->d_name, ".json"))
            continue;
        strbuf p = {0};
        sb_printf(&p, "%s/%s", dir, e->d_name);
        size_t size = 0;
        char *why = NULL;
        char *data = read_file_limited(p.s, &size, &why); /* a regular file only */
        if (!data && !dir_problem)
            why_set(&dir_problem, "XXGK_LAYOUT_DIR=%s：%s %s", dir, e->d_name, why ? why : "");
        sb_free(&p);
        free(why);
        if (!data)
            continue;
        dir_files = xrealloc(dir_files, (n_dir_files + 1) * sizeof *dir_files);
        dir_files[n_dir_files].name = xstrdup(e->d_name);
        dir_files[n_dir_files].size = size;
        dir_files[n_dir_files].data = data;
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
    atexit(free_dir_files);
}

const char *data_files_problem(void)
{
    pthread_once(&dir_once, init_dir);
    return dir_problem;
}

static const dir_file *in_dir(const char *name)
{
    for (size_t i = 0; i < n_dir_files; i++)
        if (!strcmp(dir_files[i].name, name))
            return &dir_files[i];
    return NULL;
}

int data_file(const char *name, const char **data, size_t *size)
{
    if (data_files_problem())
        return 0;
    const dir_file *df = in_dir(name);
    if (df) {
        *data = df->data;
        *size = df->size;
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

void data_files_each(void (*f)(const char *name, const char *data, size_t size, void *ctx),
                     void *ctx)
{
    if (data_files_problem())
        return;
    for (size_t i = 0; i < n_dir_files; i++)
        f(dir_files[i].name, dir_files[i].data, dir_files[i].size, ctx);
    for (const struct embedded_file *e = embedded_files; e->name; e++)
        if (!in_dir(e->name))
            f(e->name, e->data, e->size, ctx);
}
