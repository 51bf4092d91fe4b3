#include <md4c-html.h>
#include <stdio.h>
#include <stdlib.h>
static char* slurp(size_t* n) {
    size_t cap = 1 << 16, len = 0;
    char* b = malloc(cap);
    size_t r;
    while ((r = fread(b + len, 1, cap - len, stdin)) > 0) {
        len += r;
        if (len == cap) {
            cap *= 2;
            b = realloc(b, cap);
        }
    }
    *n = len;
    return b;
}
static size_t total;
static int out;
static void cb(const MD_CHAR* t, MD_SIZE s, void* u) {
    (void)u;
    total += s;
    if (out) fwrite(t, 1, s, stdout);
}
int main(int argc, char** argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 1;
    out = reps == 1;
    size_t n;
    char* in = slurp(&n);
    for (int r = 0; r < reps; r++) md_html(in, (MD_SIZE)n, cb, 0, MD_DIALECT_GITHUB, 0);
    if (reps > 1) fprintf(stderr, "%zu\n", total);
    return 0;
}
