/* fuzz_import.c — libFuzzer target for the import: any bytes go through
 * xxgk_import_bytes as the form FUZZ_KIND (text, a web page, a Word file:
 * one binary per reader) and, when it returns JSON, through the JSON
 * reader.  Built with clang -fsanitize=fuzzer,address,undefined. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"
#include "xxgk_import.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND XXGK_IMPORT_TEXT
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xxgk_diags *d = xxgk_diags_new();
    int complete;
    xxgk_import_options opt = {.kind = FUZZ_KIND, .assume_date = (int)(size & 1)};
    char *json = xxgk_import_bytes((const char *)data, size, &opt, "fuzz", d, &complete);
    if (json) {
        xxgk_report *r = xxgk_report_from_json(json, strlen(json), d);
        if (!r)
            abort(); /* the import must always produce a readable report */
        xxgk_report_free(r);
    }
    free(json);
    xxgk_diags_free(d);
    return 0;
}
