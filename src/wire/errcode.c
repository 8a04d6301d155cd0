/*
 * Error-code tables of drafts 07..19 (DRAFT-CHANGES §9). Each row says which
 * drafts define it ([first, last]), so the renumberings are data rather than
 * branches: a lookup takes the rows valid for p->draft. The comment above each
 * table lists the draft lines it was read from (section tables, and the IANA
 * registries from 14).
 */
#include "wire/errcode.h"

typedef struct errcode_row {
    uint8_t first, last; /* drafts defining the row */
    uint8_t internal;    /* value of the table's enum */
    uint8_t wire;        /* every code of 07..19 is below 0x40 */
    const char *name;    /* the draft's own name */
} errcode_row;

/* Session termination (rows): mt-07 l.549-563, mt-08 l.554-572, mt-09 l.562-580,
 * mt-10 l.555-573, mt-11 l.639-669 (the reshuffle: 0x4..0x9 renumbered),
 * mt-12 l.693-729, mt-13 l.693-729, mt-14 l.3831-3851, mt-15 l.3872-3892,
 * mt-16 l.4048-4068, mt-17 l.4329-4349 (0x7 becomes INVALID_REQUIRED_REQUEST_ID,
 * body l.952), mt-18 l.5056-5075 (0x7 gone), mt-19 l.5367-5387 (+0x1B). */
static const errcode_row term_rows[] = {
    {7, 19, MOQT_TERM_NO_ERROR, 0x0, "NO_ERROR"},
    {7, 19, MOQT_TERM_INTERNAL, 0x1, "INTERNAL_ERROR"},
    {7, 19, MOQT_TERM_UNAUTHORIZED, 0x2, "UNAUTHORIZED"},
    {7, 19, MOQT_TERM_PROTOCOL_VIOLATION, 0x3, "PROTOCOL_VIOLATION"},
    {7, 10, MOQT_TERM_DUPLICATE_TRACK_ALIAS, 0x4, "Duplicate Track Alias"},
    {7, 10, MOQT_TERM_KEY_VALUE_FORMATTING, 0x5, "Parameter Length Mismatch"},
    {7, 10, MOQT_TERM_TOO_MANY_REQUESTS, 0x6, "Too Many Subscribes"},
    {11, 19, MOQT_TERM_INVALID_REQUEST_ID, 0x4, "INVALID_REQUEST_ID"},
    {11, 19, MOQT_TERM_DUPLICATE_TRACK_ALIAS, 0x5, "DUPLICATE_TRACK_ALIAS"},
    {11, 19, MOQT_TERM_KEY_VALUE_FORMATTING, 0x6, "KEY_VALUE_FORMATTING_ERROR"},
    {11, 16, MOQT_TERM_TOO_MANY_REQUESTS, 0x7, "TOO_MANY_REQUESTS"},
    {17, 17, MOQT_TERM_INVALID_REQUIRED_REQUEST_ID, 0x7, "INVALID_REQUIRED_REQUEST_ID"},
    {11, 19, MOQT_TERM_INVALID_PATH, 0x8, "INVALID_PATH"},
    {11, 19, MOQT_TERM_MALFORMED_PATH, 0x9, "MALFORMED_PATH"},
    {7, 19, MOQT_TERM_GOAWAY_TIMEOUT, 0x10, "GOAWAY_TIMEOUT"},
    {8, 19, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT, 0x11, "CONTROL_MESSAGE_TIMEOUT"},
    {8, 19, MOQT_TERM_DATA_STREAM_TIMEOUT, 0x12, "DATA_STREAM_TIMEOUT"},
    {11, 19, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW, 0x13, "AUTH_TOKEN_CACHE_OVERFLOW"},
    {11, 19, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS, 0x14, "DUPLICATE_AUTH_TOKEN_ALIAS"},
    {11, 19, MOQT_TERM_VERSION_NEGOTIATION_FAILED, 0x15, "VERSION_NEGOTIATION_FAILED"},
    {12, 19, MOQT_TERM_MALFORMED_AUTH_TOKEN, 0x16, "MALFORMED_AUTH_TOKEN"},
    {12, 19, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS, 0x17, "UNKNOWN_AUTH_TOKEN_ALIAS"},
    {12, 19, MOQT_TERM_EXPIRED_AUTH_TOKEN, 0x18, "EXPIRED_AUTH_TOKEN"},
    {14, 19, MOQT_TERM_INVALID_AUTHORITY, 0x19, "INVALID_AUTHORITY"},
    {14, 19, MOQT_TERM_MALFORMED_AUTHORITY, 0x1A, "MALFORMED_AUTHORITY"},
    {19, 19, MOQT_TERM_TOO_MANY_REQUEST_UPDATES, 0x1B, "TOO_MANY_REQUEST_UPDATES"},
};

/* SUBSCRIBE_ERROR (and TRACK_STATUS_ERROR 13-14, "identical", mt-13 l.2764):
 * mt-07 l.759-769 (its own order), mt-08 l.1887-1899, mt-09 l.1892-1904,
 * mt-10 l.1525-1537, mt-11 l.1874-1892, mt-12 l.2013-2027, mt-13 l.2015-2029,
 * mt-14 l.3857-3864. */
static const errcode_row subscribe_rows[] = {
    {7, 14, MOQT_REQ_ERR_INTERNAL, 0x0, "Internal Error"},
    {7, 7, MOQT_REQ_ERR_INVALID_RANGE, 0x1, "Invalid Range"},
    {7, 7, MOQT_REQ_ERR_RETRY_TRACK_ALIAS, 0x2, "Retry Track Alias"},
    {7, 7, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x3, "Track Does Not Exist"},
    {7, 7, MOQT_REQ_ERR_UNAUTHORIZED, 0x4, "Unauthorized"},
    {7, 7, MOQT_REQ_ERR_TIMEOUT, 0x5, "Timeout"},
    {8, 14, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "Unauthorized"},
    {8, 14, MOQT_REQ_ERR_TIMEOUT, 0x2, "Timeout"},
    {8, 14, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "Not Supported"},
    {8, 14, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x4, "Track Does Not Exist"},
    {8, 14, MOQT_REQ_ERR_INVALID_RANGE, 0x5, "Invalid Range"},
    {8, 11, MOQT_REQ_ERR_RETRY_TRACK_ALIAS, 0x6, "Retry Track Alias"},
    {11, 14, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN, 0x10, "Malformed Auth Token"},
    {11, 11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, 0x11, "Unknown Auth Token Alias"},
    {11, 14, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x12, "Expired Auth Token"},
};

/* FETCH_ERROR: mt-08 l.1971-1981, mt-09 l.1976-1986, mt-10 l.1923-1933,
 * mt-11 l.2361-2381, mt-12 l.2648-2670, mt-13 l.2650-2672, mt-14 l.3893-3904.
 * Draft 07 has no FETCH_ERROR table: see rows_for(). */
static const errcode_row fetch_rows[] = {
    {8, 14, MOQT_REQ_ERR_INTERNAL, 0x0, "Internal Error"},
    {8, 14, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "Unauthorized"},
    {8, 14, MOQT_REQ_ERR_TIMEOUT, 0x2, "Timeout"},
    {8, 14, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "Not Supported"},
    {8, 14, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x4, "Track Does Not Exist"},
    {8, 14, MOQT_REQ_ERR_INVALID_RANGE, 0x5, "Invalid Range"},
    {11, 14, MOQT_REQ_ERR_NO_OBJECTS, 0x6, "No Objects"},
    {11, 14, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID, 0x7, "Invalid Joining Request ID"},
    {12, 14, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE, 0x8, "Unknown Status in Range"},
    {12, 14, MOQT_REQ_ERR_MALFORMED_TRACK, 0x9, "Malformed Track"},
    {11, 14, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN, 0x10, "Malformed Auth Token"},
    {11, 11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, 0x11, "Unknown Auth Token Alias"},
    {11, 14, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x12, "Expired Auth Token"},
};

/* PUBLISH_ERROR: mt-12 l.2376-2384, mt-13 l.2378-2386, mt-14 l.3883-3887. */
static const errcode_row publish_rows[] = {
    {12, 14, MOQT_REQ_ERR_INTERNAL, 0x0, "Internal Error"},
    {12, 14, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "Unauthorized"},
    {12, 14, MOQT_REQ_ERR_TIMEOUT, 0x2, "Timeout"},
    {12, 14, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "Not Supported"},
    {12, 14, MOQT_REQ_ERR_UNINTERESTED, 0x4, "Uninterested"},
};

/* ANNOUNCE_ERROR / PUBLISH_NAMESPACE_ERROR, also used by ANNOUNCE_CANCEL
 * (mt-11 l.2666, mt-14 l.2943): mt-08 l.1683-1691, mt-09 l.1686-1694,
 * mt-10 l.2100-2108, mt-11 l.2589-2603, mt-12 l.2881-2893, mt-13 l.2841-2853,
 * mt-14 l.3910-3916. */
static const errcode_row pub_ns_rows[] = {
    {8, 14, MOQT_REQ_ERR_INTERNAL, 0x0, "Internal Error"},
    {8, 14, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "Unauthorized"},
    {8, 14, MOQT_REQ_ERR_TIMEOUT, 0x2, "Timeout"},
    {8, 14, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "Not Supported"},
    {8, 14, MOQT_REQ_ERR_UNINTERESTED, 0x4, "Uninterested"},
    {11, 14, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN, 0x10, "Malformed Auth Token"},
    {11, 11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, 0x11, "Unknown Auth Token Alias"},
    {11, 14, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x12, "Expired Auth Token"},
};

/* SUBSCRIBE_ANNOUNCES_ERROR / SUBSCRIBE_NAMESPACE_ERROR: mt-08 l.2269-2277,
 * mt-09 l.2284-2292, mt-10 l.2254-2262, mt-11 l.2772-2788, mt-12 l.3060-3074,
 * mt-13 l.3020-3034, mt-14 l.3922-3929. */
static const errcode_row sub_ns_rows[] = {
    {8, 14, MOQT_REQ_ERR_INTERNAL, 0x0, "Internal Error"},
    {8, 14, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "Unauthorized"},
    {8, 14, MOQT_REQ_ERR_TIMEOUT, 0x2, "Timeout"},
    {8, 14, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "Not Supported"},
    {8, 14, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x4, "Namespace Prefix Unknown"},
    {11, 14, MOQT_REQ_ERR_PREFIX_OVERLAP, 0x5, "Namespace Prefix Overlap"},
    {11, 14, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN, 0x10, "Malformed Auth Token"},
    {11, 11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS, 0x11, "Unknown Auth Token Alias"},
    {11, 14, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x12, "Expired Auth Token"},
};

/* REQUEST_ERROR: mt-15 l.3898-3910 (body l.2206-2261), mt-16 l.4074-4086,
 * mt-17 l.4356-4371, mt-18 l.5082-5099, mt-19 l.5394-5412. 0x33 is
 * UNKNOWN_STATUS_IN_RANGE in 15 only and UNSUPPORTED_EXTENSION from 18. */
static const errcode_row request_rows[] = {
    {15, 19, MOQT_REQ_ERR_INTERNAL, 0x0, "INTERNAL_ERROR"},
    {15, 19, MOQT_REQ_ERR_UNAUTHORIZED, 0x1, "UNAUTHORIZED"},
    {15, 19, MOQT_REQ_ERR_TIMEOUT, 0x2, "TIMEOUT"},
    {15, 19, MOQT_REQ_ERR_NOT_SUPPORTED, 0x3, "NOT_SUPPORTED"},
    {15, 19, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN, 0x4, "MALFORMED_AUTH_TOKEN"},
    {15, 19, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN, 0x5, "EXPIRED_AUTH_TOKEN"},
    {17, 19, MOQT_REQ_ERR_GOING_AWAY, 0x6, "GOING_AWAY"},
    {17, 19, MOQT_REQ_ERR_EXCESSIVE_LOAD, 0x9, "EXCESSIVE_LOAD"},
    {15, 19, MOQT_REQ_ERR_DOES_NOT_EXIST, 0x10, "DOES_NOT_EXIST"},
    {15, 19, MOQT_REQ_ERR_INVALID_RANGE, 0x11, "INVALID_RANGE"},
    {15, 19, MOQT_REQ_ERR_MALFORMED_TRACK, 0x12, "MALFORMED_TRACK"},
    {16, 18, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION, 0x19, "DUPLICATE_SUBSCRIPTION"},
    {15, 19, MOQT_REQ_ERR_UNINTERESTED, 0x20, "UNINTERESTED"},
    {15, 19, MOQT_REQ_ERR_PREFIX_OVERLAP, 0x30, "PREFIX_OVERLAP"},
    {17, 19, MOQT_REQ_ERR_NAMESPACE_TOO_LARGE, 0x31, "NAMESPACE_TOO_LARGE"},
    {15, 19, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID, 0x32, "INVALID_JOINING_REQUEST_ID"},
    {15, 15, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE, 0x33, "UNKNOWN_STATUS_IN_RANGE"},
    {18, 19, MOQT_REQ_ERR_UNSUPPORTED_EXTENSION, 0x33, "UNSUPPORTED_EXTENSION"},
    {18, 19, MOQT_REQ_ERR_REDIRECT, 0x34, "REDIRECT"},
    {19, 19, MOQT_REQ_ERR_CONFLICTING_FILTERS, 0x35, "CONFLICTING_FILTERS"},
    {19, 19, MOQT_REQ_ERR_INVALID_FILTER, 0x36, "INVALID_FILTER"},
};

/* SUBSCRIBE_DONE / PUBLISH_DONE: mt-07 l.778-790 (its own order), mt-08
 * l.2051-2063 (renumbered), mt-11 l.2084-2096, mt-12 l.2213-2227 (+0x7),
 * mt-14 l.3870-3877, mt-15 l.3916-3924 (+0x8), mt-16 l.4092-4100 (MALFORMED_TRACK
 * 0x7 -> 0x12), mt-17 l.4378-4387 (+0x9), mt-18 l.5106-5115 (0x5/0x6 swapped,
 * body l.3262-3266), mt-19 l.5419-5428. */
static const errcode_row done_rows[] = {
    {7, 7, MOQT_DONE_UNSUBSCRIBED, 0x0, "Unsubscribed"},
    {7, 7, MOQT_DONE_INTERNAL, 0x1, "Internal Error"},
    {7, 7, MOQT_DONE_UNAUTHORIZED, 0x2, "Unauthorized"},
    {7, 7, MOQT_DONE_TRACK_ENDED, 0x3, "Track Ended"},
    {7, 7, MOQT_DONE_SUBSCRIPTION_ENDED, 0x4, "Subscription Ended"},
    {7, 7, MOQT_DONE_GOING_AWAY, 0x5, "Going Away"},
    {7, 7, MOQT_DONE_EXPIRED, 0x6, "Expired"},
    {8, 19, MOQT_DONE_INTERNAL, 0x0, "INTERNAL_ERROR"},
    {8, 19, MOQT_DONE_UNAUTHORIZED, 0x1, "UNAUTHORIZED"},
    {8, 19, MOQT_DONE_TRACK_ENDED, 0x2, "TRACK_ENDED"},
    {8, 19, MOQT_DONE_SUBSCRIPTION_ENDED, 0x3, "SUBSCRIPTION_ENDED"},
    {8, 19, MOQT_DONE_GOING_AWAY, 0x4, "GOING_AWAY"},
    {8, 17, MOQT_DONE_EXPIRED, 0x5, "EXPIRED"},
    {8, 17, MOQT_DONE_TOO_FAR_BEHIND, 0x6, "TOO_FAR_BEHIND"},
    {18, 19, MOQT_DONE_TOO_FAR_BEHIND, 0x5, "TOO_FAR_BEHIND"},
    {18, 19, MOQT_DONE_EXPIRED, 0x6, "EXPIRED"},
    {12, 15, MOQT_DONE_MALFORMED_TRACK, 0x7, "MALFORMED_TRACK"},
    {15, 19, MOQT_DONE_UPDATE_FAILED, 0x8, "UPDATE_FAILED"},
    {17, 19, MOQT_DONE_EXCESSIVE_LOAD, 0x9, "EXCESSIVE_LOAD"},
    {16, 19, MOQT_DONE_MALFORMED_TRACK, 0x12, "MALFORMED_TRACK"},
};

/* Data stream resets, first defined in 11 ("Closing Subgroup Streams"):
 * mt-11 l.3220-3226, mt-12 l.3572-3578, mt-13 l.3532-3538, mt-14 l.3935-3938,
 * mt-15 l.3930-3933, mt-16 l.4106-4111 (+0x4, 0x12), mt-17 l.4394-4401
 * (+0x5, 0x9), mt-18 l.1112-1142 and l.5122-5131 (0x4 becomes GOING_AWAY,
 * UNKNOWN_OBJECT_STATUS moves to 0x6, +0x7; every stream), mt-19 l.5435-5444. */
static const errcode_row reset_rows[] = {
    {11, 19, MOQT_RESET_INTERNAL, 0x0, "INTERNAL_ERROR"},
    {11, 19, MOQT_RESET_CANCELLED, 0x1, "CANCELLED"},
    {11, 19, MOQT_RESET_DELIVERY_TIMEOUT, 0x2, "DELIVERY_TIMEOUT"},
    {11, 19, MOQT_RESET_SESSION_CLOSED, 0x3, "SESSION_CLOSED"},
    {16, 17, MOQT_RESET_UNKNOWN_OBJECT_STATUS, 0x4, "UNKNOWN_OBJECT_STATUS"},
    {18, 19, MOQT_RESET_GOING_AWAY, 0x4, "GOING_AWAY"},
    {17, 19, MOQT_RESET_TOO_FAR_BEHIND, 0x5, "TOO_FAR_BEHIND"},
    {18, 19, MOQT_RESET_UNKNOWN_OBJECT_STATUS, 0x6, "UNKNOWN_OBJECT_STATUS"},
    {18, 19, MOQT_RESET_EXPIRED_AUTH_TOKEN, 0x7, "EXPIRED_AUTH_TOKEN"},
    {17, 19, MOQT_RESET_EXCESSIVE_LOAD, 0x9, "EXCESSIVE_LOAD"},
    {16, 19, MOQT_RESET_MALFORMED_TRACK, 0x12, "MALFORMED_TRACK"},
};

/* Returns |a| and stores its row count in |*n|. */
#define ROWS(a) (*n = sizeof(a) / sizeof((a)[0]), (a))

/* The rows draft |p| uses for |table| (still filtered by draft range), or
 * NULL with |*n| = 0 when the draft has no such table. */
static const errcode_row *rows_for(const moqt_profile *p, moqt_err_table table, size_t *n)
{
    *n = 0;
    /* 15+: one REQUEST_ERROR table for every request (mt-15 l.2177). */
    bool single_request_table = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) != 0;
    switch (table) {
    case MOQT_ERRTAB_TERMINATION:
        return ROWS(term_rows);
    case MOQT_ERRTAB_PUBLISH_DONE:
        return ROWS(done_rows);
    case MOQT_ERRTAB_STREAM_RESET:
        return ROWS(reset_rows);
    case MOQT_ERRTAB_REQUEST:
        return single_request_table ? ROWS(request_rows) : NULL;
    default:
        break;
    }
    if (single_request_table) {
        return ROWS(request_rows);
    }
    switch (table) {
    case MOQT_ERRTAB_SUBSCRIBE:
        return ROWS(subscribe_rows);
    case MOQT_ERRTAB_TRACK_STATUS:
        /* mt-13 l.2764: "identical to SUBSCRIBE_ERROR"; before 13 there is no
         * TRACK_STATUS_ERROR message at all. */
        if (!moqt_profile_msg_type(p, MOQT_MSG_TRACK_STATUS_ERROR)) {
            return NULL;
        }
        return ROWS(subscribe_rows);
    case MOQT_ERRTAB_PUBLISH:
        return ROWS(publish_rows);
    case MOQT_ERRTAB_FETCH:
    case MOQT_ERRTAB_PUBLISH_NAMESPACE:
    case MOQT_ERRTAB_SUBSCRIBE_NAMESPACE:
        /* Decision: mt-07 gives FETCH_ERROR, ANNOUNCE_ERROR and
         * SUBSCRIBE_ANNOUNCES_ERROR "an integer error code" (l.1544, l.1798,
         * l.2005) but no table; its only request-error table is SUBSCRIBE_ERROR's
         * (l.753), so draft 07 uses that one for all of them. */
        if (p->draft == 7) {
            return ROWS(subscribe_rows);
        }
        if (table == MOQT_ERRTAB_FETCH) {
            return ROWS(fetch_rows);
        }
        return table == MOQT_ERRTAB_PUBLISH_NAMESPACE ? ROWS(pub_ns_rows) : ROWS(sub_ns_rows);
    default:
        return NULL;
    }
}

static bool row_in_draft(const errcode_row *row, const moqt_profile *p)
{
    return p->draft >= row->first && p->draft <= row->last;
}

static const errcode_row *find_internal(const moqt_profile *p, moqt_err_table table,
                                        unsigned internal)
{
    size_t n;
    const errcode_row *rows = rows_for(p, table, &n);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].internal == internal && row_in_draft(&rows[i], p)) {
            return &rows[i];
        }
    }
    return NULL;
}

static const errcode_row *find_wire(const moqt_profile *p, moqt_err_table table, uint64_t wire)
{
    size_t n;
    const errcode_row *rows = rows_for(p, table, &n);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].wire == wire && row_in_draft(&rows[i], p)) {
            return &rows[i];
        }
    }
    return NULL;
}

static bool table_valid(moqt_err_table table)
{
    return (int)table >= 0 && table < MOQT_ERRTAB_COUNT;
}

int moqt_errcode_to_wire(const moqt_profile *p, moqt_err_table table, unsigned internal,
                         uint64_t *wire)
{
    if (p == NULL || wire == NULL || !table_valid(table)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    const errcode_row *row = find_internal(p, table, internal);
    if (row == NULL) {
        return MOQT_ERR_UNSUPPORTED;
    }
    *wire = row->wire;
    return 0;
}

/* The generic "internal error" of each enum. */
static unsigned internal_error_of(moqt_err_table table)
{
    switch (table) {
    case MOQT_ERRTAB_TERMINATION:
        return MOQT_TERM_INTERNAL;
    case MOQT_ERRTAB_PUBLISH_DONE:
        return MOQT_DONE_INTERNAL;
    case MOQT_ERRTAB_STREAM_RESET:
        return MOQT_RESET_INTERNAL;
    default:
        return MOQT_REQ_ERR_INTERNAL;
    }
}

uint64_t moqt_errcode_to_wire_or_fallback(const moqt_profile *p, moqt_err_table table,
                                          unsigned internal)
{
    uint64_t wire = 0;
    if (moqt_errcode_to_wire(p, table, internal, &wire) == 0) {
        return wire;
    }
    if (table_valid(table) &&
        moqt_errcode_to_wire(p, table, internal_error_of(table), &wire) == 0) {
        return wire;
    }
    return 0; /* no table in this draft: the application's choice */
}

unsigned moqt_errcode_from_wire(const moqt_profile *p, moqt_err_table table, uint64_t wire)
{
    if (p == NULL || !table_valid(table)) {
        return 0;
    }
    const errcode_row *row = find_wire(p, table, wire);
    return row ? row->internal : 0;
}

const char *moqt_errcode_name(const moqt_profile *p, moqt_err_table table, uint64_t wire)
{
    if (p == NULL || !table_valid(table)) {
        return NULL;
    }
    const errcode_row *row = find_wire(p, table, wire);
    return row ? row->name : NULL;
}

moqt_err_table moqt_err_table_for_msg(moqt_msg_kind kind)
{
    switch (kind) {
    case MOQT_MSG_SUBSCRIBE:
    case MOQT_MSG_SUBSCRIBE_ERROR:
        return MOQT_ERRTAB_SUBSCRIBE;
    case MOQT_MSG_FETCH:
    case MOQT_MSG_FETCH_ERROR:
        return MOQT_ERRTAB_FETCH;
    case MOQT_MSG_PUBLISH:
    case MOQT_MSG_PUBLISH_ERROR:
        return MOQT_ERRTAB_PUBLISH;
    case MOQT_MSG_PUBLISH_NAMESPACE:
    case MOQT_MSG_PUBLISH_NAMESPACE_ERROR:
    case MOQT_MSG_PUBLISH_NAMESPACE_CANCEL:
        return MOQT_ERRTAB_PUBLISH_NAMESPACE;
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR:
    case MOQT_MSG_SUBSCRIBE_TRACKS:
        return MOQT_ERRTAB_SUBSCRIBE_NAMESPACE;
    case MOQT_MSG_TRACK_STATUS:
    case MOQT_MSG_TRACK_STATUS_ERROR:
        return MOQT_ERRTAB_TRACK_STATUS;
    case MOQT_MSG_REQUEST_ERROR:
    case MOQT_MSG_REQUEST_UPDATE:
        return MOQT_ERRTAB_REQUEST;
    case MOQT_MSG_PUBLISH_DONE:
        return MOQT_ERRTAB_PUBLISH_DONE;
    default:
        return MOQT_ERRTAB_NONE;
    }
}

moqt_term moqt_err_infer_termination_code(int liberr)
{
    if (liberr == 0) {
        return MOQT_TERM_NO_ERROR;
    }
    if (liberr == MOQT_ERR_WIRE_LIMIT) {
        /* The peer broke no rule: we refuse what we cannot hold. */
        return MOQT_TERM_INTERNAL;
    }
    if (liberr <= -200 && liberr > -400) {
        /* -2xx malformed wire data (a truncated message at the end of a stream
         * included), -3xx protocol violations. */
        return MOQT_TERM_PROTOCOL_VIOLATION;
    }
    return MOQT_TERM_INTERNAL;
}

static const char *const term_names[MOQT_TERM_COUNT] = {
    [MOQT_TERM_UNKNOWN] = "UNKNOWN",
    [MOQT_TERM_NO_ERROR] = "NO_ERROR",
    [MOQT_TERM_INTERNAL] = "INTERNAL_ERROR",
    [MOQT_TERM_UNAUTHORIZED] = "UNAUTHORIZED",
    [MOQT_TERM_PROTOCOL_VIOLATION] = "PROTOCOL_VIOLATION",
    [MOQT_TERM_INVALID_REQUEST_ID] = "INVALID_REQUEST_ID",
    [MOQT_TERM_DUPLICATE_TRACK_ALIAS] = "DUPLICATE_TRACK_ALIAS",
    [MOQT_TERM_KEY_VALUE_FORMATTING] = "KEY_VALUE_FORMATTING_ERROR",
    [MOQT_TERM_TOO_MANY_REQUESTS] = "TOO_MANY_REQUESTS",
    [MOQT_TERM_INVALID_REQUIRED_REQUEST_ID] = "INVALID_REQUIRED_REQUEST_ID",
    [MOQT_TERM_INVALID_PATH] = "INVALID_PATH",
    [MOQT_TERM_MALFORMED_PATH] = "MALFORMED_PATH",
    [MOQT_TERM_GOAWAY_TIMEOUT] = "GOAWAY_TIMEOUT",
    [MOQT_TERM_CONTROL_MESSAGE_TIMEOUT] = "CONTROL_MESSAGE_TIMEOUT",
    [MOQT_TERM_DATA_STREAM_TIMEOUT] = "DATA_STREAM_TIMEOUT",
    [MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW] = "AUTH_TOKEN_CACHE_OVERFLOW",
    [MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS] = "DUPLICATE_AUTH_TOKEN_ALIAS",
    [MOQT_TERM_VERSION_NEGOTIATION_FAILED] = "VERSION_NEGOTIATION_FAILED",
    [MOQT_TERM_MALFORMED_AUTH_TOKEN] = "MALFORMED_AUTH_TOKEN",
    [MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS] = "UNKNOWN_AUTH_TOKEN_ALIAS",
    [MOQT_TERM_EXPIRED_AUTH_TOKEN] = "EXPIRED_AUTH_TOKEN",
    [MOQT_TERM_INVALID_AUTHORITY] = "INVALID_AUTHORITY",
    [MOQT_TERM_MALFORMED_AUTHORITY] = "MALFORMED_AUTHORITY",
    [MOQT_TERM_TOO_MANY_REQUEST_UPDATES] = "TOO_MANY_REQUEST_UPDATES",
};

static const char *const req_err_names[MOQT_REQ_ERR_COUNT] = {
    [MOQT_REQ_ERR_UNKNOWN] = "UNKNOWN",
    [MOQT_REQ_ERR_INTERNAL] = "INTERNAL_ERROR",
    [MOQT_REQ_ERR_UNAUTHORIZED] = "UNAUTHORIZED",
    [MOQT_REQ_ERR_TIMEOUT] = "TIMEOUT",
    [MOQT_REQ_ERR_NOT_SUPPORTED] = "NOT_SUPPORTED",
    [MOQT_REQ_ERR_DOES_NOT_EXIST] = "DOES_NOT_EXIST",
    [MOQT_REQ_ERR_INVALID_RANGE] = "INVALID_RANGE",
    [MOQT_REQ_ERR_RETRY_TRACK_ALIAS] = "RETRY_TRACK_ALIAS",
    [MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN] = "MALFORMED_AUTH_TOKEN",
    [MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS] = "UNKNOWN_AUTH_TOKEN_ALIAS",
    [MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN] = "EXPIRED_AUTH_TOKEN",
    [MOQT_REQ_ERR_UNINTERESTED] = "UNINTERESTED",
    [MOQT_REQ_ERR_NO_OBJECTS] = "NO_OBJECTS",
    [MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID] = "INVALID_JOINING_REQUEST_ID",
    [MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE] = "UNKNOWN_STATUS_IN_RANGE",
    [MOQT_REQ_ERR_MALFORMED_TRACK] = "MALFORMED_TRACK",
    [MOQT_REQ_ERR_PREFIX_OVERLAP] = "PREFIX_OVERLAP",
    [MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION] = "DUPLICATE_SUBSCRIPTION",
    [MOQT_REQ_ERR_GOING_AWAY] = "GOING_AWAY",
    [MOQT_REQ_ERR_EXCESSIVE_LOAD] = "EXCESSIVE_LOAD",
    [MOQT_REQ_ERR_NAMESPACE_TOO_LARGE] = "NAMESPACE_TOO_LARGE",
    [MOQT_REQ_ERR_UNSUPPORTED_EXTENSION] = "UNSUPPORTED_EXTENSION",
    [MOQT_REQ_ERR_REDIRECT] = "REDIRECT",
    [MOQT_REQ_ERR_CONFLICTING_FILTERS] = "CONFLICTING_FILTERS",
    [MOQT_REQ_ERR_INVALID_FILTER] = "INVALID_FILTER",
};

static const char *const done_names[MOQT_DONE_COUNT] = {
    [MOQT_DONE_UNKNOWN] = "UNKNOWN",
    [MOQT_DONE_UNSUBSCRIBED] = "UNSUBSCRIBED",
    [MOQT_DONE_INTERNAL] = "INTERNAL_ERROR",
    [MOQT_DONE_UNAUTHORIZED] = "UNAUTHORIZED",
    [MOQT_DONE_TRACK_ENDED] = "TRACK_ENDED",
    [MOQT_DONE_SUBSCRIPTION_ENDED] = "SUBSCRIPTION_ENDED",
    [MOQT_DONE_GOING_AWAY] = "GOING_AWAY",
    [MOQT_DONE_EXPIRED] = "EXPIRED",
    [MOQT_DONE_TOO_FAR_BEHIND] = "TOO_FAR_BEHIND",
    [MOQT_DONE_MALFORMED_TRACK] = "MALFORMED_TRACK",
    [MOQT_DONE_UPDATE_FAILED] = "UPDATE_FAILED",
    [MOQT_DONE_EXCESSIVE_LOAD] = "EXCESSIVE_LOAD",
};

static const char *const reset_names[MOQT_RESET_COUNT] = {
    [MOQT_RESET_UNKNOWN] = "UNKNOWN",
    [MOQT_RESET_INTERNAL] = "INTERNAL_ERROR",
    [MOQT_RESET_CANCELLED] = "CANCELLED",
    [MOQT_RESET_DELIVERY_TIMEOUT] = "DELIVERY_TIMEOUT",
    [MOQT_RESET_SESSION_CLOSED] = "SESSION_CLOSED",
    [MOQT_RESET_UNKNOWN_OBJECT_STATUS] = "UNKNOWN_OBJECT_STATUS",
    [MOQT_RESET_MALFORMED_TRACK] = "MALFORMED_TRACK",
    [MOQT_RESET_TOO_FAR_BEHIND] = "TOO_FAR_BEHIND",
    [MOQT_RESET_EXCESSIVE_LOAD] = "EXCESSIVE_LOAD",
    [MOQT_RESET_GOING_AWAY] = "GOING_AWAY",
    [MOQT_RESET_EXPIRED_AUTH_TOKEN] = "EXPIRED_AUTH_TOKEN",
};

static const char *const table_names[MOQT_ERRTAB_COUNT] = {
    [MOQT_ERRTAB_TERMINATION] = "TERMINATION",
    [MOQT_ERRTAB_SUBSCRIBE] = "SUBSCRIBE_ERROR",
    [MOQT_ERRTAB_FETCH] = "FETCH_ERROR",
    [MOQT_ERRTAB_PUBLISH] = "PUBLISH_ERROR",
    [MOQT_ERRTAB_PUBLISH_NAMESPACE] = "PUBLISH_NAMESPACE_ERROR",
    [MOQT_ERRTAB_SUBSCRIBE_NAMESPACE] = "SUBSCRIBE_NAMESPACE_ERROR",
    [MOQT_ERRTAB_TRACK_STATUS] = "TRACK_STATUS_ERROR",
    [MOQT_ERRTAB_REQUEST] = "REQUEST_ERROR",
    [MOQT_ERRTAB_PUBLISH_DONE] = "PUBLISH_DONE",
    [MOQT_ERRTAB_STREAM_RESET] = "STREAM_RESET",
};

static const char *name_at(const char *const *names, size_t count, unsigned v)
{
    return v < count && names[v] ? names[v] : "?";
}

const char *moqt_term_str(moqt_term v)
{
    return name_at(term_names, MOQT_TERM_COUNT, (unsigned)v);
}

const char *moqt_req_err_str(moqt_req_err v)
{
    return name_at(req_err_names, MOQT_REQ_ERR_COUNT, (unsigned)v);
}

const char *moqt_done_status_str(moqt_done_status v)
{
    return name_at(done_names, MOQT_DONE_COUNT, (unsigned)v);
}

const char *moqt_reset_code_str(moqt_reset_code v)
{
    return name_at(reset_names, MOQT_RESET_COUNT, (unsigned)v);
}

const char *moqt_err_table_str(moqt_err_table t)
{
    return table_valid(t) ? table_names[t] : "?";
}

const char *moqt_errcode_str(moqt_err_table table, unsigned internal)
{
    switch (table) {
    case MOQT_ERRTAB_TERMINATION:
        return moqt_term_str((moqt_term)internal);
    case MOQT_ERRTAB_PUBLISH_DONE:
        return moqt_done_status_str((moqt_done_status)internal);
    case MOQT_ERRTAB_STREAM_RESET:
        return moqt_reset_code_str((moqt_reset_code)internal);
    default:
        return table_valid(table) ? moqt_req_err_str((moqt_req_err)internal) : "?";
    }
}
