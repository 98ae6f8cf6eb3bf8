/* ooxml.c — the zip of a .docx or .xlsx: opened from memory, each part read
 * whole within a cap (a zip bomb stops there, whatever its directory says). */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/diag.h"
#include "import/ooxml.h"

/* The largest part read, uncompressed. */
#define MAX_PART_BYTES (64u << 20)

zip_t *ooxml_open(const char *data, size_t len, const char *what, xxgk_diags *d)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!z) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "不是有效的 %s（zip）文件：%s", what,
                 zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
    }
    zip_error_fini(&ze);
    return z;
}

char *ooxml_part(zip_t *z, const char *what, const char *name, size_t *len, xxgk_diags *d)
{
    zip_int64_t idx = zip_name_locate(z, name, 0);
    if (idx < 0)
        return NULL;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    if (!f) {
        diag_add(d, XXGK_ERROR, "J01", NULL, "无法读取 %s 中的 %s：%s", what, name,
                 zip_strerror(z));
        return NULL;
    }
    size_t cap = 1u << 16, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_PART_BYTES) {
                diag_add(d, XXGK_ERROR, "J01", NULL,
                         "%s 中的 %s 解压后超过 %u MiB，不是一份年度报告（疑为压缩炸弹）", what,
                         name, MAX_PART_BYTES >> 20);
                free(buf);
                zip_fclose(f);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        zip_int64_t k = zip_fread(f, buf + n, cap - n);
        if (k < 0) {
            diag_add(d, XXGK_ERROR, "J01", NULL, "%s 中的 %s 已损坏：%s", what, name,
                     zip_file_strerror(f));
            free(buf);
            zip_fclose(f);
            return NULL;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    zip_fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}
