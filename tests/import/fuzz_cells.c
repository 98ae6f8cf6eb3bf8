/* fuzz_cells.c — libFuzzer target for the reader of cells saved by a
 * spreadsheet (import CELLS --into REPORT): any bytes replace the cells of a
 * blank 2022 report through xxgk_cells_into_json, whose JSON must read back
 * as a report.  Built with clang -fsanitize=fuzzer,address,undefined. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char base_report[] = "{\"year\": 2022, \"agency\": \"某县某局\", \"date\": \"2023-01-20\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *base = xxgk_report_from_json(base_report, strlen(base_report), d);
    if (!base)
        abort();
    char *json = xxgk_cells_into_json(base, (const char *)data, size, d);
    if (json) {
        xxgk_report *r = xxgk_report_from_json(json, strlen(json), d);
        if (!r)
            abort(); /* the cells must always make a readable report */
        xxgk_report_free(r);
    }
    free(json);
    xxgk_report_free(base);
    xxgk_diags_free(d);
    return 0;
}
