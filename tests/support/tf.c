#include "tf.h"

#include <stdarg.h>
#include <stdlib.h>

static tf_test *tests_head;
static tf_test **tests_tail = &tests_head;
static const moqt_profile *current_draft;
static const tf_test *current_test;
static int current_failures;

void tf_register(tf_test *t)
{
    *tests_tail = t;
    tests_tail = &t->next;
}

const moqt_profile *tf_current_draft(void)
{
    return current_draft;
}

int tf_failures(void)
{
    return current_failures;
}

int tf_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    current_failures++;
    fprintf(stderr, "  FAIL %s/%s", current_test ? current_test->suite : "?",
            current_test ? current_test->name : "?");
    if (current_draft) {
        fprintf(stderr, " [%s]", current_draft->name);
    }
    fprintf(stderr, " %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 0;
}

const char *tf_hex(const uint8_t *p, size_t len)
{
    static char buf[4096];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < sizeof(buf); i++) {
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%02x%s", p[i], i + 1 < len ? " " : "");
    }
    buf[o] = 0;
    return buf;
}

int tf_check_bytes(const char *file, int line, const uint8_t *got, size_t gotlen,
                   const uint8_t *exp, size_t explen)
{
    if (gotlen == explen && (explen == 0 || memcmp(got, exp, explen) == 0)) {
        return 1;
    }
    char want[4096];
    snprintf(want, sizeof(want), "%s", tf_hex(exp, explen));
    return tf_fail(file, line, "bytes differ\n    got  (%zu): %s\n    want (%zu): %s", gotlen,
                   tf_hex(got, gotlen), explen, want);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

size_t tf_unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*s) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == ':') {
            s++;
            continue;
        }
        if (n >= cap) {
            fprintf(stderr, "tf_unhex: vector longer than %zu bytes\n", cap);
            abort();
        }
        if (*s == '"') {
            for (s++; *s && *s != '"'; s++) {
                if (n >= cap) {
                    abort();
                }
                out[n++] = (uint8_t)*s;
            }
            if (*s != '"') {
                fprintf(stderr, "tf_unhex: unterminated string\n");
                abort();
            }
            s++;
            continue;
        }
        int hi = hexval(s[0]);
        int lo = hi < 0 ? -1 : hexval(s[1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "tf_unhex: bad hex at \"%.12s\"\n", s);
            abort();
        }
        out[n++] = (uint8_t)(hi << 4 | lo);
        s += 2;
    }
    return n;
}

static void *counting_malloc(size_t size, void *ud)
{
    tf_alloc *a = ud;
    a->total++;
    if (a->fail_at && a->total == a->fail_at) {
        return NULL;
    }
    void *p = malloc(size);
    if (p) {
        a->live++;
    }
    return p;
}

static void *counting_realloc(void *ptr, size_t size, void *ud)
{
    tf_alloc *a = ud;
    if (ptr == NULL) {
        return counting_malloc(size, ud);
    }
    a->total++;
    if (a->fail_at && a->total == a->fail_at) {
        return NULL;
    }
    return realloc(ptr, size);
}

static void counting_free(void *ptr, void *ud)
{
    tf_alloc *a = ud;
    if (ptr) {
        a->live--;
        free(ptr);
    }
}

void tf_alloc_init(tf_alloc *a, size_t fail_at)
{
    memset(a, 0, sizeof(*a));
    a->mem.user_data = a;
    a->mem.malloc = counting_malloc;
    a->mem.realloc = counting_realloc;
    a->mem.free = counting_free;
    a->fail_at = fail_at;
}

static int matches(const tf_test *t, int npat, char **pat)
{
    if (npat == 0) {
        return 1;
    }
    char full[256];
    snprintf(full, sizeof(full), "%s/%s", t->suite, t->name);
    for (int i = 0; i < npat; i++) {
        if (strncmp(full, pat[i], strlen(pat[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

static int run_one(const tf_test *t, const moqt_profile *p, int verbose)
{
    current_test = t;
    current_draft = p;
    current_failures = 0;
    if (p) {
        t->draft_fn(p);
    } else {
        t->fn();
    }
    if (verbose || current_failures) {
        fprintf(stderr, "%s %s/%s%s%s\n", current_failures ? "FAIL" : "ok  ", t->suite, t->name,
                p ? " " : "", p ? p->name : "");
    }
    return current_failures != 0;
}

static void usage(const char *argv0)
{
    printf("usage: %s [--draft N] [--no-draft | --only-draft] [--list] [-v] [PREFIX...]\n"
           "Runs the registered tests whose \"suite/name\" starts with a PREFIX (all if none).\n"
           "  --draft N     run per-draft tests for draft N only (7..19)\n"
           "  --no-draft    skip per-draft tests\n"
           "  --only-draft  skip plain tests\n"
           "  --list        list tests and exit\n"
           "  -v            print every test, not only failures\n",
           argv0);
}

int main(int argc, char **argv)
{
    unsigned only = 0;
    int no_draft = 0, only_draft = 0, list = 0, verbose = 0, npat = 0;
    char **pat = calloc((size_t)argc, sizeof(char *));
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--draft") == 0 && i + 1 < argc) {
            only = (unsigned)atoi(argv[++i]);
            if (!moqt_profile_for_draft(only)) {
                fprintf(stderr, "unsupported draft %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--no-draft") == 0) {
            no_draft = 1;
        } else if (strcmp(argv[i], "--only-draft") == 0) {
            only_draft = 1;
        } else if (strcmp(argv[i], "--list") == 0) {
            list = 1;
        } else if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(argv[0]);
            free(pat);
            return 0;
        } else {
            pat[npat++] = argv[i];
        }
    }
    int failed = 0, ran = 0;
    for (const tf_test *t = tests_head; t; t = t->next) {
        if (!matches(t, npat, pat) || (t->draft_fn && no_draft) || (t->fn && only_draft)) {
            continue;
        }
        if (list) {
            printf("%s/%s%s\n", t->suite, t->name, t->draft_fn ? " (per draft)" : "");
            continue;
        }
        if (t->fn) {
            failed += run_one(t, NULL, verbose);
            ran++;
            continue;
        }
        for (unsigned d = MOQT_DRAFT_MIN; d <= MOQT_DRAFT_MAX; d++) {
            if (only && d != only) {
                continue;
            }
            failed += run_one(t, moqt_profile_for_draft(d), verbose);
            ran++;
        }
    }
    free(pat);
    if (!list) {
        fprintf(stderr, "%d test runs, %d failed\n", ran, failed);
        if (ran == 0) {
            fprintf(stderr, "no test matched\n");
            return 1;
        }
    }
    return failed ? 1 : 0;
}
