/*
 * tf: the project's small test framework.
 *
 * Tests register themselves (a constructor per test) so that a new test file
 * needs no edit elsewhere. A test is either plain (TF_TEST) or per draft
 * (TF_DRAFT_TEST), which the runner calls once for every draft 07..19, or for
 * the one draft given with --draft. Checks record a failure and continue;
 * TF_REQUIRE returns from the test.
 */
#ifndef MOQT_TESTS_TF_H
#define MOQT_TESTS_TF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <moqt/moqt.h>

#include "wire/profile.h"

typedef struct tf_test {
    const char *suite;
    const char *name;
    void (*fn)(void);
    void (*draft_fn)(const moqt_profile *p);
    struct tf_test *next;
} tf_test;

void tf_register(tf_test *t);
/* Records a failed check; returns 0 so it can be used in expressions. */
int tf_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The draft the current per-draft test runs under (NULL for plain tests). */
const moqt_profile *tf_current_draft(void);
/* Failed checks so far in the current test. */
int tf_failures(void);

#define TF_TEST(suite_, name_)                                                                     \
    static void name_(void);                                                                       \
    static tf_test tf_##name_ = {suite_, #name_, name_, NULL, NULL};                               \
    __attribute__((constructor)) static void tf_reg_##name_(void)                                  \
    {                                                                                              \
        tf_register(&tf_##name_);                                                                  \
    }                                                                                              \
    static void name_(void)

#define TF_DRAFT_TEST(suite_, name_)                                                               \
    static void name_(const moqt_profile *p);                                                      \
    static tf_test tf_##name_ = {suite_, #name_, NULL, name_, NULL};                               \
    __attribute__((constructor)) static void tf_reg_##name_(void)                                  \
    {                                                                                              \
        tf_register(&tf_##name_);                                                                  \
    }                                                                                              \
    static void name_(const moqt_profile *p)

#define TF_CHECK(cond) ((cond) ? 1 : tf_fail(__FILE__, __LINE__, "check failed: %s", #cond))

#define TF_REQUIRE(cond)                                                                           \
    do {                                                                                           \
        if (!TF_CHECK(cond)) {                                                                     \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define TF_CHECK_EQ(a, b)                                                                          \
    do {                                                                                           \
        unsigned long long tf_a_ = (unsigned long long)(a);                                        \
        unsigned long long tf_b_ = (unsigned long long)(b);                                        \
        if (tf_a_ != tf_b_) {                                                                      \
            tf_fail(__FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", #a, #b, tf_a_, tf_b_);       \
        }                                                                                          \
    } while (0)

#define TF_CHECK_INT(a, b)                                                                         \
    do {                                                                                           \
        long long tf_a_ = (long long)(a);                                                          \
        long long tf_b_ = (long long)(b);                                                          \
        if (tf_a_ != tf_b_) {                                                                      \
            tf_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, tf_a_, tf_b_);           \
        }                                                                                          \
    } while (0)

/* Compare two byte ranges; on mismatch print both in hex. */
#define TF_CHECK_BYTES(got, gotlen, exp, explen)                                                   \
    tf_check_bytes(__FILE__, __LINE__, (got), (gotlen), (exp), (explen))
int tf_check_bytes(const char *file, int line, const uint8_t *got, size_t gotlen,
                   const uint8_t *exp, size_t explen);

/* Compare a moqt_bytes with a C string. */
#define TF_CHECK_STR(b, s)                                                                         \
    tf_check_bytes(__FILE__, __LINE__, (b).base, (b).len, (const uint8_t *)(s), strlen(s))

/*
 * tf_unhex parses hex digits into |out| (whitespace and ':' ignored); a
 * double-quoted run is copied as ASCII, so vectors read like the figures:
 * tf_unhex("07 0b \"moq-lite-js\"", buf, sizeof buf). Returns the length, and
 * aborts the test binary on a malformed string (a bug in the test).
 */
size_t tf_unhex(const char *s, uint8_t *out, size_t cap);

/* Formats |len| bytes as hex into a static buffer (for messages). */
const char *tf_hex(const uint8_t *p, size_t len);

/* A counting allocator that can fail the Nth allocation (0 = never). */
typedef struct tf_alloc {
    moqt_mem mem;
    size_t live;    /* allocations not yet freed */
    size_t total;   /* allocations made */
    size_t fail_at; /* fail the allocation with this 1-based index */
} tf_alloc;
void tf_alloc_init(tf_alloc *a, size_t fail_at);

#endif /* MOQT_TESTS_TF_H */
