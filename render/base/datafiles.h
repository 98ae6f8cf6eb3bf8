/* datafiles.h — the data files of layouts/ and fonts/ (the statutory
 * formats, the page style, the font roles): embedded into the library at
 * build time (base/embed.cmake), or read from the folder the environment
 * variable XXGK_LAYOUT_DIR names, whose files win over the built-in ones of
 * the same name.  Read once, kept until exit. */
#ifndef XXGK_DATAFILES_H
#define XXGK_DATAFILES_H

#include <stddef.h>

/* A data file by name ("page-gbt9704.json"): 1 with its bytes, 0 when there
 * is none (or XXGK_LAYOUT_DIR cannot be read). */
int data_file(const char *name, const char **data, size_t *size);
/* Every data file once (a file of XXGK_LAYOUT_DIR first, in the folder's
 * order, then the built-in ones it does not replace). */
void data_files_each(void (*f)(const char *name, const char *data, size_t size, void *ctx),
                     void *ctx);
/* Why XXGK_LAYOUT_DIR cannot be used (a sentence), or NULL. */
const char *data_files_problem(void);

#endif
