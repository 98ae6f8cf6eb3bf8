/* robustness_test.c — damaged input never crashes or hangs the reader and
 * the checks: every sample cut short at many points, bytes flipped,
 * deep nesting, huge numbers.  Run under ASan/UBSan and valgrind too. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"

static size_t runs;

static void try_text(const char *text, size_t len)
{
    xxgk_diags *d = xxgk_diags_new();
    xxgk_report *r = xxgk_report_from_json(text, len, d);
    if (r) {
        xxgk_check(r, NULL, d);
        FILE *null = fopen("/dev/null", "w");
        xxgk_write_cells(r, null);
        fclose(null);
    } else if (xxgk_diags_errors(d) == 0) {
        fprintf(stderr, "FAIL: input refused without an error\n");
        exit(1);
    }
    char *j = xxgk_diags_to_json(d, "x");
    free(j);
    xxgk_report_free(r);
    xxgk_diags_free(d);
    runs++;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    fclose(f);
    return s;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: robustness_test SAMPLES_DIR\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir)
        return 2;
    struct dirent *e;
    unsigned seed = 12345;
    size_t files = 0;
    while ((e = readdir(dir))) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 5, ".json"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        size_t len;
        char *text = slurp(path, &len);
        if (!text)
            return 2;
        files++;
        for (size_t cut = 0; cut < len; cut += 53)
            try_text(text, cut);
        char *copy = malloc(len);
        for (int round = 0; round < 200; round++) {
            memcpy(copy, text, len);
            for (int k = 0; k < 3; k++) {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % len;
                seed = seed * 1103515245u + 12345u;
                static const char junk[] = "0123456789-.\"{}[]:,ex \xe4\xb8";
                copy[at] = junk[(seed >> 8) % (sizeof junk - 1)];
            }
            try_text(copy, len);
        }
        free(copy);
        free(text);
    }
    closedir(dir);
    /* deep nesting, beyond any parser's stack */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 16);
    strcpy(deep, "{\"tables\":");
    size_t p = strlen(deep);
    for (size_t i = 0; i < depth; i++)
        deep[p++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[p++] = ']';
    deep[p++] = '}';
    try_text(deep, p);
    free(deep);
    const char *odd[] = {
        "{\"year\": 1e400}", "{\"year\": 99999999999999999999999}",
        "{\"year\": 2022, \"tables\": {\"applications\": {\"received\": {\"natural\": 1e300}}}}",
        "{\"year\": 2022, \"tables\": {\"proactive\": {\"item8\": {\"administrative_fees\": {\"fees\": -0.00001}}}}}",
        "{\"year\": 2022, \"sections\": {\"overview\": [{\"heading\": null}, 5, [], {}]}}",
        "{\"year\": 2022, \"tables\": []}", "{\"year\": 2022, \"tables\": {\"reviews\": {\"review\": 5}}}",
        "{\"\\u0000\": 1}", "", "   ", "null", "\"x\"",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        try_text(odd[i], strlen(odd[i]));
    /* long prose: every check over the text must stay linear (a quadratic
     * scan once took minutes over a few hundred KB) */
    {
        const char *unit = "部分收到政府信息公开申请未1件，由于部分申请，没有行政复议和";
        size_t reps = 40000, ul = strlen(unit);
        const char *head = "{\"year\": 2022, \"agency\": \"x\", \"date\": \"2023-01-20\", \"sections\": {\"overview\": [\"";
        char *big = malloc(strlen(head) + reps * ul + 16);
        size_t p2 = 0;
        memcpy(big, head, strlen(head));
        p2 = strlen(head);
        for (size_t i = 0; i < reps; i++, p2 += ul)
            memcpy(big + p2, unit, ul);
        memcpy(big + p2, "\"]}}", 4);
        try_text(big, p2 + 4);
        free(big);
    }
    if (files < 5) {
        fprintf(stderr, "FAIL: expected the five samples, found %zu\n", files);
        return 1;
    }
    printf("%zu inputs read without a crash\n", runs);
    printf("1 passed, 0 failed\n");
    return 0;
}
