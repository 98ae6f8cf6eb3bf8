/* ooxml.h — the zip container of the Office Open XML files the import
 * reads (.docx: docx.c; .xlsx: xlsx_grid.c), opened from memory with
 * libzip, each part read within a cap. */
#ifndef XXGK_IMPORT_OOXML_H
#define XXGK_IMPORT_OOXML_H

#include <stddef.h>
#include <zip.h>

#include "xxgk.h"

/* The zip in data (len bytes, kept by the caller while it is open), or NULL
 * with J01 in d; what names the form in messages (".xlsx"). */
zip_t *ooxml_open(const char *data, size_t len, const char *what, xxgk_diags *d);
/* A part, uncompressed (malloc'd, NUL-terminated, *len); NULL when it is not
 * there (nothing said) or cannot be read within the cap (said in d). */
char *ooxml_part(zip_t *z, const char *what, const char *name, size_t *len, xxgk_diags *d);

#endif
