/*
 * Independent check of a sample of error / status codes against the drafts'
 * tables (section tables 07-13, IANA registries 14+). Each row: draft, table,
 * internal value, wire code, and the draft line the code was read from; the
 * test maps both ways. Rows with wire == NONE assert that the draft has no
 * such code.
 */
#include "tf.h"
#include "wire/errcode.h"

#define NONE UINT64_MAX

typedef struct rv_code {
    unsigned draft;
    moqt_err_table table;
    unsigned internal;
    uint64_t wire;
} rv_code;

static const rv_code codes[] = {
    /* Session termination */
    {7, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUESTS, 0x6},        /* mt-07 l.561 */
    {7, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS, 0x4},    /* mt-07 l.557 */
    {7, MOQT_ERRTAB_TERMINATION, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT, NONE}, /* 08 adds 0x11 */
    {8, MOQT_ERRTAB_TERMINATION, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT, 0x11},
    {11, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUESTS, 0x7}, /* mt-11 l.653 */
    {11, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS, 0x5},
    {14, MOQT_ERRTAB_TERMINATION, MOQT_TERM_MALFORMED_AUTHORITY, 0x1A},        /* mt-14 IANA */
    {17, MOQT_ERRTAB_TERMINATION, MOQT_TERM_INVALID_REQUIRED_REQUEST_ID, 0x7}, /* mt-17 l.4336 */
    {17, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUESTS, NONE},
    {18, MOQT_ERRTAB_TERMINATION, MOQT_TERM_INVALID_REQUIRED_REQUEST_ID, NONE},
    {19, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUEST_UPDATES, 0x1B}, /* mt-19 l.5387 */
    /* SUBSCRIBE_ERROR */
    {7, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_RETRY_TRACK_ALIAS, 0x2}, /* mt-07 l.763 */
    {7, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_UNAUTHORIZED, 0x4},      /* mt-07 l.767 */
    {8, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_RETRY_TRACK_ALIAS, 0x6},
    {8, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x4},
    {11, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, 0x11}, /* mt-11 l.1890 */
    {12, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_RETRY_TRACK_ALIAS, NONE},
    {12, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, NONE},
    {14, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x12},
    /* FETCH_ERROR */
    {11, MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID, 0x7}, /* mt-11 l.2375 */
    {12, MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_MALFORMED_TRACK, 0x9},
    {11, MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_MALFORMED_TRACK, NONE},
    /* ANNOUNCE_ERROR / SUBSCRIBE_ANNOUNCES_ERROR / PUBLISH_ERROR */
    {8, MOQT_ERRTAB_PUBLISH_NAMESPACE, MOQT_REQ_ERR_UNINTERESTED, 0x4},
    {11, MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, MOQT_REQ_ERR_PREFIX_OVERLAP, 0x5}, /* mt-11 l.2782 */
    {8, MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, MOQT_REQ_ERR_PREFIX_OVERLAP, NONE},
    {13, MOQT_ERRTAB_PUBLISH, MOQT_REQ_ERR_UNINTERESTED, 0x4},
    /* REQUEST_ERROR */
    {15, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE, 0x33}, /* mt-15 l.3910 */
    {15, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x10},
    {16, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION, 0x19}, /* mt-16 l.4083 */
    {18, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_UNSUPPORTED_EXTENSION, 0x33},  /* mt-18 l.5098 */
    {18, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE, NONE},
    {18, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_REDIRECT, 0x34},
    {19, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION, NONE}, /* not in l.5394-5412 */
    {19, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_INVALID_FILTER, 0x36},         /* mt-19 l.5412 */
    {14, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_INTERNAL, NONE},               /* no REQUEST_ERROR */
    /* SUBSCRIBE_DONE / PUBLISH_DONE */
    {7, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_EXPIRED, 0x6},           /* mt-07 l.790 */
    {8, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_TOO_FAR_BEHIND, 0x6},    /* mt-08 l.2063 */
    {14, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_MALFORMED_TRACK, 0x7},  /* mt-14 l.3877 */
    {16, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_MALFORMED_TRACK, 0x12}, /* mt-16 l.4100 */
    {17, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_EXPIRED, 0x5},
    {18, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_TOO_FAR_BEHIND, 0x5}, /* mt-18 l.5111 */
    {18, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_EXPIRED, 0x6},        /* mt-18 l.5112 */
    /* Stream resets */
    {16, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_UNKNOWN_OBJECT_STATUS, 0x4}, /* mt-16 l.4110 */
    {17, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_TOO_FAR_BEHIND, 0x5},        /* mt-17 l.4399 */
    {18, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_GOING_AWAY, 0x4},            /* mt-18 l.5126 */
    {18, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_UNKNOWN_OBJECT_STATUS, 0x6}, /* mt-18 l.5128 */
    {19, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_MALFORMED_TRACK, 0x12},      /* mt-19 l.5444 */
    {15, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_MALFORMED_TRACK, NONE},
};

TF_TEST("wire/review/errcode", rv_errcode_sample)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const rv_code *c = &codes[i];
        const moqt_profile *p = moqt_profile_for_draft(c->draft);
        uint64_t wire = NONE;
        int rv = moqt_errcode_to_wire(p, c->table, c->internal, &wire);
        if (c->wire == NONE) {
            if (rv != MOQT_ERR_UNSUPPORTED) {
                tf_fail(__FILE__, __LINE__, "row %zu (d%u %s %s): expected no code, got 0x%llx", i,
                        c->draft, moqt_err_table_str(c->table),
                        moqt_errcode_str(c->table, c->internal), (unsigned long long)wire);
            }
            continue;
        }
        if (rv != 0 || wire != c->wire) {
            tf_fail(__FILE__, __LINE__, "row %zu (d%u %s %s): to_wire rv %d wire 0x%llx", i,
                    c->draft, moqt_err_table_str(c->table), moqt_errcode_str(c->table, c->internal),
                    rv, (unsigned long long)wire);
        }
        unsigned back = moqt_errcode_from_wire(p, c->table, c->wire);
        if (back != c->internal) {
            tf_fail(__FILE__, __LINE__, "row %zu (d%u %s 0x%llx): from_wire %s", i, c->draft,
                    moqt_err_table_str(c->table), (unsigned long long)c->wire,
                    moqt_errcode_str(c->table, back));
        }
    }
}
