/* fuzz_import.c — libFuzzer target for the text import: any bytes go
 * through xxgk_import_text and, when it returns JSON, through the JSON
 * reader.  Built with clang -fsanitize=fuzzer,address,undefined. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"
#include "xxgk_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xxgk_diags *d = xxgk_diags_new();
    int complete;
    char *json = xxgk_import_text((const char *)data, size, "fuzz", d, &complete);
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
