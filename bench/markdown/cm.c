#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
int main(int argc, char** argv) {
    int reps = argc > 1 ? atoi(argv[1]) : 1;
    size_t n;
    char* in = slurp(&n);
    cmark_gfm_core_extensions_ensure_registered();
    const char* exts[] = {"table", "strikethrough", "autolink", "tasklist"};
    size_t total = 0;
    for (int r = 0; r < reps; r++) {
        cmark_parser* p = cmark_parser_new(CMARK_OPT_UNSAFE);
        for (int i = 0; i < 4; i++)
            cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
        cmark_parser_feed(p, in, n);
        cmark_node* doc = cmark_parser_finish(p);
        char* html =
            cmark_render_html(doc, CMARK_OPT_UNSAFE, cmark_parser_get_syntax_extensions(p));
        total += strlen(html);
        if (reps == 1) fputs(html, stdout);
        free(html);
        cmark_node_free(doc);
        cmark_parser_free(p);
    }
    if (reps > 1) fprintf(stderr, "%zu\n", total);
    return 0;
}
