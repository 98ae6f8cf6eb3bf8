/* docx_zip.c — the parts of a .docx packed with libzip in memory, in the
 * order given, each entry dated 1980-01-01 (the zip's first date) so that
 * the same report gives the same bytes. */
#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "output/docx.h"

int docx_pack(const docx_part *parts, size_t n, strbuf *out, char **why)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
    if (!z) {
        why_set(why, "zip：%s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        if (mem)
            zip_source_free(mem);
        return -1;
    }
    zip_source_keep(mem);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i].data, parts[i].len, 0);
        zip_int64_t idx = s ? zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0 || zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) != 0 ||
            zip_file_set_dostime(z, (zip_uint64_t)idx, 0, (1 << 5) | 1, 0) != 0) {
            why_set(why, "zip：%s：%s", parts[i].name, zip_strerror(z));
            if (s && idx < 0)
                zip_source_free(s);
            rc = -1;
        }
    }
    if (rc != 0 || zip_close(z) != 0) {
        if (rc == 0)
            why_set(why, "zip：%s", zip_strerror(z));
        zip_discard(z);
        zip_source_free(mem);
        zip_error_fini(&ze);
        return -1;
    }
    zip_stat_t st;
    if (zip_source_stat(mem, &st) == 0 && zip_source_open(mem) == 0) {
        char buf[8192];
        zip_int64_t k;
        while ((k = zip_source_read(mem, buf, sizeof buf)) > 0)
            sb_addn(out, buf, (size_t)k);
        zip_source_close(mem);
    } else {
        why_set(why, "zip：无法读出生成的文件");
        rc = -1;
    }
    zip_source_free(mem);
    zip_error_fini(&ze);
    return rc;
}
