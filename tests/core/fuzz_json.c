/* fuzz_json.c — libFuzzer target for the JSON reader: any bytes go through
 * xxgk_report_from_json and, when they make a report, through every check
 * and the cell export.  Built with clang -fsanitize=fuzzer,address,undefined
 * (tests/CMakeLists.txt, xxgk_fuzz_test). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xxgk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_from_json((const char *)data, size, d);
    if (r) {
        xxgk_check(r, NULL, d);
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            xxgk_write_cells(r, sink);
            xxgk_write_diff(r, r, sink);
            fclose(sink);
        }
        xxgk_report_free(r);
    }
    char *j = xxgk_diags_to_json(d, "fuzz");
    free(j);
    xxgk_diags_free(d);
    return 0;
}
