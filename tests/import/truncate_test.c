/* truncate_test.c — every seed cut after each of its lines, and in the
 * middle of each line (possibly inside a UTF-8 sequence), imports without
 * a crash or a hang; a text cut before its last section is never reported
 * complete, and whatever JSON comes out is a readable report.
 * usage: truncate_test SEED.txt… */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxgk.h"
#include "xxgk_import.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(s);
        return NULL;
    }
    fclose(f);
    s[n] = 0;
    *len = (size_t)n;
    return s;
}

static int try_cut(const char *name, const char *text, size_t cut, size_t last_section, int *bad)
{
    xxgk_diags *d = xxgk_diags_new();
    int complete = -1;
    char *json = xxgk_import_text(text, cut, name, d, &complete);
    if (json) {
        xxgk_diags *jd = xxgk_diags_new();
        xxgk_report *r = xxgk_report_from_json(json, strlen(json), jd);
        if (!r) {
            fprintf(stderr, "%s: cut at byte %zu: the import's JSON is not readable\n", name, cut);
            xxgk_diags_print(jd, "json", stderr);
            ++*bad;
        }
        xxgk_report_free(r);
        xxgk_diags_free(jd);
    }
    if (cut < last_section && complete) {
        fprintf(stderr, "%s: cut at byte %zu (before the last section) reported complete\n", name, cut);
        ++*bad;
    }
    if (!json && complete) {
        fprintf(stderr, "%s: cut at byte %zu: no JSON but complete\n", name, cut);
        ++*bad;
    }
    free(json);
    xxgk_diags_free(d);
    return 0;
}

int main(int argc, char **argv)
{
    int bad = 0, tries = 0;
    for (int a = 1; a < argc; a++) {
        size_t len;
        char *text = slurp(argv[a], &len);
        if (!text) {
            fprintf(stderr, "%s: cannot read\n", argv[a]);
            return 2;
        }
        const char *six = strstr(text, "\n六、");
        size_t last_section = six ? (size_t)(six - text) + 1 : len;
        size_t start = 0;
        while (start <= len) {
            const char *nl = memchr(text + start, '\n', len - start);
            size_t end = nl ? (size_t)(nl - text) : len;
            try_cut(argv[a], text, end, last_section, &bad);
            try_cut(argv[a], text, start + (end - start) / 2, last_section, &bad);
            tries += 2;
            if (!nl)
                break;
            start = end + 1;
        }
        free(text);
    }
    printf("%d cuts, %d failures\n", tries, bad);
    return bad ? 1 : 0;
}
