/*
 * Error-code maps against the drafts' tables. Each expected table below was
 * typed from the draft text (lines cited) independently of src/wire/errcode.c,
 * whose rows are keyed by draft range: here every draft lists its table whole,
 * and the test checks both directions and that nothing else maps.
 */
#include "tf.h"

#include "wire/errcode.h"

typedef struct pair {
    uint64_t wire;
    unsigned internal;
} pair;

typedef struct expect {
    moqt_err_table table;
    const pair *pairs; /* NULL: the draft has no such table */
    size_t n;
} expect;

#define P(a) a, sizeof(a) / sizeof((a)[0])

/* ---- session termination ---- */
/* mt-07 l.549-563 */
static const pair term07[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x5, MOQT_TERM_KEY_VALUE_FORMATTING}, /* Parameter Length Mismatch */
    {0x6, MOQT_TERM_TOO_MANY_REQUESTS},    /* Too Many Subscribes */
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
};
/* mt-08 l.554-572, mt-09 l.562-580, mt-10 l.555-573 */
static const pair term08[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x5, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x6, MOQT_TERM_TOO_MANY_REQUESTS},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
};
/* mt-11 l.639-669: the reshuffle */
static const pair term11[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x7, MOQT_TERM_TOO_MANY_REQUESTS},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
};
/* mt-12 l.693-729, mt-13 l.693-729 */
static const pair term12[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x7, MOQT_TERM_TOO_MANY_REQUESTS},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
    {0x16, MOQT_TERM_MALFORMED_AUTH_TOKEN},
    {0x17, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x18, MOQT_TERM_EXPIRED_AUTH_TOKEN},
};
/* mt-14 l.3831-3851, mt-15 l.3872-3892, mt-16 l.4048-4068 */
static const pair term14[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x7, MOQT_TERM_TOO_MANY_REQUESTS},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
    {0x16, MOQT_TERM_MALFORMED_AUTH_TOKEN},
    {0x17, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x18, MOQT_TERM_EXPIRED_AUTH_TOKEN},
    {0x19, MOQT_TERM_INVALID_AUTHORITY},
    {0x1A, MOQT_TERM_MALFORMED_AUTHORITY},
};
/* mt-17 l.4329-4349 */
static const pair term17[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x7, MOQT_TERM_INVALID_REQUIRED_REQUEST_ID},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
    {0x16, MOQT_TERM_MALFORMED_AUTH_TOKEN},
    {0x17, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x18, MOQT_TERM_EXPIRED_AUTH_TOKEN},
    {0x19, MOQT_TERM_INVALID_AUTHORITY},
    {0x1A, MOQT_TERM_MALFORMED_AUTHORITY},
};
/* mt-18 l.5056-5075 (no 0x7) */
static const pair term18[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
    {0x16, MOQT_TERM_MALFORMED_AUTH_TOKEN},
    {0x17, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x18, MOQT_TERM_EXPIRED_AUTH_TOKEN},
    {0x19, MOQT_TERM_INVALID_AUTHORITY},
    {0x1A, MOQT_TERM_MALFORMED_AUTHORITY},
};
/* mt-19 l.5367-5387 */
static const pair term19[] = {
    {0x0, MOQT_TERM_NO_ERROR},
    {0x1, MOQT_TERM_INTERNAL},
    {0x2, MOQT_TERM_UNAUTHORIZED},
    {0x3, MOQT_TERM_PROTOCOL_VIOLATION},
    {0x4, MOQT_TERM_INVALID_REQUEST_ID},
    {0x5, MOQT_TERM_DUPLICATE_TRACK_ALIAS},
    {0x6, MOQT_TERM_KEY_VALUE_FORMATTING},
    {0x8, MOQT_TERM_INVALID_PATH},
    {0x9, MOQT_TERM_MALFORMED_PATH},
    {0x10, MOQT_TERM_GOAWAY_TIMEOUT},
    {0x11, MOQT_TERM_CONTROL_MESSAGE_TIMEOUT},
    {0x12, MOQT_TERM_DATA_STREAM_TIMEOUT},
    {0x13, MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW},
    {0x14, MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS},
    {0x15, MOQT_TERM_VERSION_NEGOTIATION_FAILED},
    {0x16, MOQT_TERM_MALFORMED_AUTH_TOKEN},
    {0x17, MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x18, MOQT_TERM_EXPIRED_AUTH_TOKEN},
    {0x19, MOQT_TERM_INVALID_AUTHORITY},
    {0x1A, MOQT_TERM_MALFORMED_AUTHORITY},
    {0x1B, MOQT_TERM_TOO_MANY_REQUEST_UPDATES},
};

/* ---- request errors, 07-14: one table per *_ERROR message ---- */
/* mt-07 l.759-769: 07's order (the only request table of 07, used for all) */
static const pair sub07[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},          {0x1, MOQT_REQ_ERR_INVALID_RANGE},
    {0x2, MOQT_REQ_ERR_RETRY_TRACK_ALIAS}, {0x3, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x4, MOQT_REQ_ERR_UNAUTHORIZED},      {0x5, MOQT_REQ_ERR_TIMEOUT},
};
/* mt-08 l.1887-1899, mt-09 l.1892-1904, mt-10 l.1525-1537: renumbered */
static const pair sub08[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},          {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},           {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},    {0x5, MOQT_REQ_ERR_INVALID_RANGE},
    {0x6, MOQT_REQ_ERR_RETRY_TRACK_ALIAS},
};
/* mt-11 l.1874-1892 */
static const pair sub11[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_INVALID_RANGE},
    {0x6, MOQT_REQ_ERR_RETRY_TRACK_ALIAS},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* mt-12 l.2013-2027, mt-13 l.2015-2029, mt-14 l.3857-3864 */
static const pair sub12[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_INVALID_RANGE},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* mt-08 l.1971-1981, mt-09 l.1976-1986, mt-10 l.1923-1933 */
static const pair fetch08[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},       {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},        {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST}, {0x5, MOQT_REQ_ERR_INVALID_RANGE},
};
/* mt-11 l.2361-2381 */
static const pair fetch11[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_INVALID_RANGE},
    {0x6, MOQT_REQ_ERR_NO_OBJECTS},
    {0x7, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* mt-12 l.2648-2670, mt-13 l.2650-2672, mt-14 l.3893-3904 */
static const pair fetch12[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_INVALID_RANGE},
    {0x6, MOQT_REQ_ERR_NO_OBJECTS},
    {0x7, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
    {0x8, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE},
    {0x9, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* ANNOUNCE_ERROR mt-08 l.1683-1691, mt-09 l.1686-1694, mt-10 l.2100-2108 */
static const pair ann08[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},     {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},      {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_UNINTERESTED},
};
/* mt-11 l.2589-2603 */
static const pair ann11[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_UNINTERESTED},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* mt-12 l.2881-2893, mt-13 l.2841-2853, mt-14 l.3910-3916 */
static const pair ann12[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_UNINTERESTED},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* SUBSCRIBE_ANNOUNCES_ERROR mt-08 l.2269-2277, mt-09 l.2284-2292, mt-10 l.2254-2262 */
static const pair subns08[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},       {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},        {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST}, /* Namespace Prefix Unknown */
};
/* mt-11 l.2772-2788 */
static const pair subns11[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x11, MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* mt-12 l.3060-3074, mt-13 l.3020-3034, mt-14 l.3922-3929 */
static const pair subns12[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x5, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x10, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x12, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
};
/* PUBLISH_ERROR mt-12 l.2376-2384, mt-13 l.2378-2386, mt-14 l.3883-3887 */
static const pair pub12[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},     {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},      {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_UNINTERESTED},
};

/* ---- REQUEST_ERROR 15+ ---- */
/* mt-15 l.3898-3910 */
static const pair req15[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x5, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
    {0x10, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x11, MOQT_REQ_ERR_INVALID_RANGE},
    {0x12, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x20, MOQT_REQ_ERR_UNINTERESTED},
    {0x30, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x32, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
    {0x33, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE},
};
/* mt-16 l.4074-4086 */
static const pair req16[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x5, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
    {0x10, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x11, MOQT_REQ_ERR_INVALID_RANGE},
    {0x12, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x19, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION},
    {0x20, MOQT_REQ_ERR_UNINTERESTED},
    {0x30, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x32, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
};
/* mt-17 l.4356-4371 */
static const pair req17[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x5, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
    {0x6, MOQT_REQ_ERR_GOING_AWAY},
    {0x9, MOQT_REQ_ERR_EXCESSIVE_LOAD},
    {0x10, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x11, MOQT_REQ_ERR_INVALID_RANGE},
    {0x12, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x19, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION},
    {0x20, MOQT_REQ_ERR_UNINTERESTED},
    {0x30, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x31, MOQT_REQ_ERR_NAMESPACE_TOO_LARGE},
    {0x32, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
};
/* mt-18 l.5082-5099 */
static const pair req18[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x5, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
    {0x6, MOQT_REQ_ERR_GOING_AWAY},
    {0x9, MOQT_REQ_ERR_EXCESSIVE_LOAD},
    {0x10, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x11, MOQT_REQ_ERR_INVALID_RANGE},
    {0x12, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x19, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION},
    {0x20, MOQT_REQ_ERR_UNINTERESTED},
    {0x30, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x31, MOQT_REQ_ERR_NAMESPACE_TOO_LARGE},
    {0x32, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
    {0x33, MOQT_REQ_ERR_UNSUPPORTED_EXTENSION},
    {0x34, MOQT_REQ_ERR_REDIRECT},
};
/* mt-19 l.5394-5412 */
static const pair req19[] = {
    {0x0, MOQT_REQ_ERR_INTERNAL},
    {0x1, MOQT_REQ_ERR_UNAUTHORIZED},
    {0x2, MOQT_REQ_ERR_TIMEOUT},
    {0x3, MOQT_REQ_ERR_NOT_SUPPORTED},
    {0x4, MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN},
    {0x5, MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN},
    {0x6, MOQT_REQ_ERR_GOING_AWAY},
    {0x9, MOQT_REQ_ERR_EXCESSIVE_LOAD},
    {0x10, MOQT_REQ_ERR_DOES_NOT_EXIST},
    {0x11, MOQT_REQ_ERR_INVALID_RANGE},
    {0x12, MOQT_REQ_ERR_MALFORMED_TRACK},
    {0x20, MOQT_REQ_ERR_UNINTERESTED},
    {0x30, MOQT_REQ_ERR_PREFIX_OVERLAP},
    {0x31, MOQT_REQ_ERR_NAMESPACE_TOO_LARGE},
    {0x32, MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID},
    {0x33, MOQT_REQ_ERR_UNSUPPORTED_EXTENSION},
    {0x34, MOQT_REQ_ERR_REDIRECT},
    {0x35, MOQT_REQ_ERR_CONFLICTING_FILTERS},
    {0x36, MOQT_REQ_ERR_INVALID_FILTER},
};

/* ---- SUBSCRIBE_DONE / PUBLISH_DONE ---- */
/* mt-07 l.778-790 */
static const pair done07[] = {
    {0x0, MOQT_DONE_UNSUBSCRIBED},
    {0x1, MOQT_DONE_INTERNAL},
    {0x2, MOQT_DONE_UNAUTHORIZED},
    {0x3, MOQT_DONE_TRACK_ENDED},
    {0x4, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x5, MOQT_DONE_GOING_AWAY},
    {0x6, MOQT_DONE_EXPIRED},
};
/* mt-08 l.2051-2063, mt-09 l.2066-2078, mt-10 l.1693-1705, mt-11 l.2084-2096 */
static const pair done08[] = {
    {0x0, MOQT_DONE_INTERNAL},       {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},    {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},     {0x5, MOQT_DONE_EXPIRED},
    {0x6, MOQT_DONE_TOO_FAR_BEHIND},
};
/* mt-12 l.2213-2227, mt-13 l.2215-2229, mt-14 l.3870-3877 */
static const pair done12[] = {
    {0x0, MOQT_DONE_INTERNAL},       {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},    {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},     {0x5, MOQT_DONE_EXPIRED},
    {0x6, MOQT_DONE_TOO_FAR_BEHIND}, {0x7, MOQT_DONE_MALFORMED_TRACK},
};
/* mt-15 l.3916-3924 */
static const pair done15[] = {
    {0x0, MOQT_DONE_INTERNAL},       {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},    {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},     {0x5, MOQT_DONE_EXPIRED},
    {0x6, MOQT_DONE_TOO_FAR_BEHIND}, {0x7, MOQT_DONE_MALFORMED_TRACK},
    {0x8, MOQT_DONE_UPDATE_FAILED},
};
/* mt-16 l.4092-4100 */
static const pair done16[] = {
    {0x0, MOQT_DONE_INTERNAL},         {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},      {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},       {0x5, MOQT_DONE_EXPIRED},
    {0x6, MOQT_DONE_TOO_FAR_BEHIND},   {0x8, MOQT_DONE_UPDATE_FAILED},
    {0x12, MOQT_DONE_MALFORMED_TRACK},
};
/* mt-17 l.4378-4387 */
static const pair done17[] = {
    {0x0, MOQT_DONE_INTERNAL},       {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},    {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},     {0x5, MOQT_DONE_EXPIRED},
    {0x6, MOQT_DONE_TOO_FAR_BEHIND}, {0x8, MOQT_DONE_UPDATE_FAILED},
    {0x9, MOQT_DONE_EXCESSIVE_LOAD}, {0x12, MOQT_DONE_MALFORMED_TRACK},
};
/* mt-18 l.5106-5115, mt-19 l.5419-5428: 0x5 and 0x6 swapped */
static const pair done18[] = {
    {0x0, MOQT_DONE_INTERNAL},       {0x1, MOQT_DONE_UNAUTHORIZED},
    {0x2, MOQT_DONE_TRACK_ENDED},    {0x3, MOQT_DONE_SUBSCRIPTION_ENDED},
    {0x4, MOQT_DONE_GOING_AWAY},     {0x5, MOQT_DONE_TOO_FAR_BEHIND},
    {0x6, MOQT_DONE_EXPIRED},        {0x8, MOQT_DONE_UPDATE_FAILED},
    {0x9, MOQT_DONE_EXCESSIVE_LOAD}, {0x12, MOQT_DONE_MALFORMED_TRACK},
};

/* ---- stream resets ---- */
/* mt-11 l.3220-3226, mt-12 l.3572-3578, mt-13 l.3532-3538, mt-14 l.3935-3938,
 * mt-15 l.3930-3933 */
static const pair reset11[] = {
    {0x0, MOQT_RESET_INTERNAL},
    {0x1, MOQT_RESET_CANCELLED},
    {0x2, MOQT_RESET_DELIVERY_TIMEOUT},
    {0x3, MOQT_RESET_SESSION_CLOSED},
};
/* mt-16 l.4106-4111 */
static const pair reset16[] = {
    {0x0, MOQT_RESET_INTERNAL},
    {0x1, MOQT_RESET_CANCELLED},
    {0x2, MOQT_RESET_DELIVERY_TIMEOUT},
    {0x3, MOQT_RESET_SESSION_CLOSED},
    {0x4, MOQT_RESET_UNKNOWN_OBJECT_STATUS},
    {0x12, MOQT_RESET_MALFORMED_TRACK},
};
/* mt-17 l.4394-4401 */
static const pair reset17[] = {
    {0x0, MOQT_RESET_INTERNAL},
    {0x1, MOQT_RESET_CANCELLED},
    {0x2, MOQT_RESET_DELIVERY_TIMEOUT},
    {0x3, MOQT_RESET_SESSION_CLOSED},
    {0x4, MOQT_RESET_UNKNOWN_OBJECT_STATUS},
    {0x5, MOQT_RESET_TOO_FAR_BEHIND},
    {0x9, MOQT_RESET_EXCESSIVE_LOAD},
    {0x12, MOQT_RESET_MALFORMED_TRACK},
};
/* mt-18 l.1112-1142 / l.5122-5131, mt-19 l.5435-5444: 0x4 is GOING_AWAY now */
static const pair reset18[] = {
    {0x0, MOQT_RESET_INTERNAL},
    {0x1, MOQT_RESET_CANCELLED},
    {0x2, MOQT_RESET_DELIVERY_TIMEOUT},
    {0x3, MOQT_RESET_SESSION_CLOSED},
    {0x4, MOQT_RESET_GOING_AWAY},
    {0x5, MOQT_RESET_TOO_FAR_BEHIND},
    {0x6, MOQT_RESET_UNKNOWN_OBJECT_STATUS},
    {0x7, MOQT_RESET_EXPIRED_AUTH_TOKEN},
    {0x9, MOQT_RESET_EXCESSIVE_LOAD},
    {0x12, MOQT_RESET_MALFORMED_TRACK},
};

#define NONE NULL, 0
#define TABLES_07_14(term, sub, fetch, pub, ann, subns, ts, done, reset)                           \
    {                                                                                              \
        {MOQT_ERRTAB_TERMINATION, P(term)}, {MOQT_ERRTAB_SUBSCRIBE, P(sub)},                       \
            {MOQT_ERRTAB_FETCH, P(fetch)}, {MOQT_ERRTAB_PUBLISH, pub},                             \
            {MOQT_ERRTAB_PUBLISH_NAMESPACE, P(ann)}, {MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, P(subns)},  \
            {MOQT_ERRTAB_TRACK_STATUS, ts}, {MOQT_ERRTAB_REQUEST, NONE},                           \
            {MOQT_ERRTAB_PUBLISH_DONE, P(done)},                                                   \
        {                                                                                          \
            MOQT_ERRTAB_STREAM_RESET, reset                                                        \
        }                                                                                          \
    }
/* 15+: every request table is REQUEST_ERROR's (mt-15 l.2177). */
#define TABLES_15(term, req, done, reset)                                                          \
    {                                                                                              \
        {MOQT_ERRTAB_TERMINATION, P(term)}, {MOQT_ERRTAB_SUBSCRIBE, P(req)},                       \
            {MOQT_ERRTAB_FETCH, P(req)}, {MOQT_ERRTAB_PUBLISH, P(req)},                            \
            {MOQT_ERRTAB_PUBLISH_NAMESPACE, P(req)}, {MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, P(req)},    \
            {MOQT_ERRTAB_TRACK_STATUS, P(req)}, {MOQT_ERRTAB_REQUEST, P(req)},                     \
            {MOQT_ERRTAB_PUBLISH_DONE, P(done)},                                                   \
        {                                                                                          \
            MOQT_ERRTAB_STREAM_RESET, P(reset)                                                     \
        }                                                                                          \
    }

/* Indexed by draft - 7. Draft 07 uses SUBSCRIBE_ERROR's table for every
 * request (decision in errcode.c); 07-10 define no stream reset codes. */
static const expect drafts[13][MOQT_ERRTAB_COUNT] = {
    TABLES_07_14(term07, sub07, sub07, NONE, sub07, sub07, NONE, done07, NONE),
    TABLES_07_14(term08, sub08, fetch08, NONE, ann08, subns08, NONE, done08, NONE),
    TABLES_07_14(term08, sub08, fetch08, NONE, ann08, subns08, NONE, done08, NONE),
    TABLES_07_14(term08, sub08, fetch08, NONE, ann08, subns08, NONE, done08, NONE),
    TABLES_07_14(term11, sub11, fetch11, NONE, ann11, subns11, NONE, done08, P(reset11)),
    TABLES_07_14(term12, sub12, fetch12, P(pub12), ann12, subns12, NONE, done12, P(reset11)),
    TABLES_07_14(term12, sub12, fetch12, P(pub12), ann12, subns12, P(sub12), done12, P(reset11)),
    TABLES_07_14(term14, sub12, fetch12, P(pub12), ann12, subns12, P(sub12), done12, P(reset11)),
    TABLES_15(term14, req15, done15, reset11),
    TABLES_15(term14, req16, done16, reset16),
    TABLES_15(term17, req17, done17, reset17),
    TABLES_15(term18, req18, done18, reset18),
    TABLES_15(term19, req19, done18, reset18),
};

static unsigned enum_count(moqt_err_table t)
{
    switch (t) {
    case MOQT_ERRTAB_TERMINATION:
        return MOQT_TERM_COUNT;
    case MOQT_ERRTAB_PUBLISH_DONE:
        return MOQT_DONE_COUNT;
    case MOQT_ERRTAB_STREAM_RESET:
        return MOQT_RESET_COUNT;
    default:
        return MOQT_REQ_ERR_COUNT;
    }
}

static const pair *by_wire(const expect *e, uint64_t wire)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->pairs[i].wire == wire) {
            return &e->pairs[i];
        }
    }
    return NULL;
}

static const pair *by_internal(const expect *e, unsigned internal)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->pairs[i].internal == internal) {
            return &e->pairs[i];
        }
    }
    return NULL;
}

/* Every draft: the expected table both ways, and nothing more. */
TF_DRAFT_TEST("wire/errcode", tables_match_draft)
{
    for (int t = 0; t < MOQT_ERRTAB_COUNT; t++) {
        const expect *e = &drafts[p->draft - 7][t];
        TF_REQUIRE(e->table == (moqt_err_table)t);
        for (uint64_t wire = 0; wire < 0x80; wire++) {
            const pair *x = by_wire(e, wire);
            unsigned got = moqt_errcode_from_wire(p, e->table, wire);
            if (got != (x ? x->internal : 0u)) {
                tf_fail(__FILE__, __LINE__, "%s 0x%llx: got %s want %s",
                        moqt_err_table_str(e->table), (unsigned long long)wire,
                        moqt_errcode_str(e->table, got),
                        moqt_errcode_str(e->table, x ? x->internal : 0u));
            }
            TF_CHECK((moqt_errcode_name(p, e->table, wire) != NULL) == (x != NULL));
        }
        for (unsigned v = 0; v < enum_count(e->table); v++) {
            const pair *x = by_internal(e, v);
            uint64_t wire = 0xdead;
            int rv = moqt_errcode_to_wire(p, e->table, v, &wire);
            if (x) {
                TF_CHECK_INT(rv, 0);
                TF_CHECK_EQ(wire, x->wire);
            } else {
                TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
                TF_CHECK_EQ(wire, 0xdead); /* untouched */
            }
        }
    }
}

static const moqt_profile *D(unsigned n)
{
    return moqt_profile_for_draft(n);
}

static unsigned from(unsigned d, moqt_err_table t, uint64_t w)
{
    return moqt_errcode_from_wire(D(d), t, w);
}

static uint64_t to(unsigned d, moqt_err_table t, unsigned v)
{
    uint64_t w = 0xdead;
    return moqt_errcode_to_wire(D(d), t, v, &w) == 0 ? w : 0xdead;
}

TF_TEST("wire/errcode", renumbering_07_to_08)
{
    /* SUBSCRIBE_ERROR mt-07 l.761 0x1 Invalid Range, mt-08 l.1889 0x1 Unauthorized */
    TF_CHECK_EQ(from(7, MOQT_ERRTAB_SUBSCRIBE, 0x1), MOQT_REQ_ERR_INVALID_RANGE);
    TF_CHECK_EQ(from(8, MOQT_ERRTAB_SUBSCRIBE, 0x1), MOQT_REQ_ERR_UNAUTHORIZED);
    TF_CHECK_EQ(to(7, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_DOES_NOT_EXIST), 0x3);
    TF_CHECK_EQ(to(8, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_DOES_NOT_EXIST), 0x4);
    /* SUBSCRIBE_DONE mt-07 l.778 0x0 Unsubscribed, mt-08 l.2051 0x0 Internal Error */
    TF_CHECK_EQ(from(7, MOQT_ERRTAB_PUBLISH_DONE, 0x0), MOQT_DONE_UNSUBSCRIBED);
    TF_CHECK_EQ(from(8, MOQT_ERRTAB_PUBLISH_DONE, 0x0), MOQT_DONE_INTERNAL);
    TF_CHECK_EQ(to(8, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_UNSUBSCRIBED), 0xdead);
    TF_CHECK_EQ(to(7, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_TOO_FAR_BEHIND), 0xdead);
    TF_CHECK(strcmp(moqt_errcode_name(D(7), MOQT_ERRTAB_TERMINATION, 0x6), "Too Many Subscribes") ==
             0);
}

TF_TEST("wire/errcode", session_reshuffle_at_11)
{
    /* mt-10 l.563 0x4 Duplicate Track Alias; mt-11 l.647 0x4 Invalid Request ID,
     * l.649 0x5 Duplicate Track Alias */
    TF_CHECK_EQ(from(10, MOQT_ERRTAB_TERMINATION, 0x4), MOQT_TERM_DUPLICATE_TRACK_ALIAS);
    TF_CHECK_EQ(from(11, MOQT_ERRTAB_TERMINATION, 0x4), MOQT_TERM_INVALID_REQUEST_ID);
    TF_CHECK_EQ(to(10, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS), 0x4);
    TF_CHECK_EQ(to(11, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS), 0x5);
    TF_CHECK_EQ(to(10, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUESTS), 0x6);
    TF_CHECK_EQ(to(11, MOQT_ERRTAB_TERMINATION, MOQT_TERM_TOO_MANY_REQUESTS), 0x7);
    TF_CHECK_EQ(to(10, MOQT_ERRTAB_TERMINATION, MOQT_TERM_INVALID_PATH), 0xdead);
    /* 0x7: TOO_MANY_REQUESTS (16, l.4055), INVALID_REQUIRED_REQUEST_ID (17,
     * l.4336), unassigned (18, l.5062-5063) */
    TF_CHECK_EQ(from(16, MOQT_ERRTAB_TERMINATION, 0x7), MOQT_TERM_TOO_MANY_REQUESTS);
    TF_CHECK_EQ(from(17, MOQT_ERRTAB_TERMINATION, 0x7), MOQT_TERM_INVALID_REQUIRED_REQUEST_ID);
    TF_CHECK_EQ(from(18, MOQT_ERRTAB_TERMINATION, 0x7), MOQT_TERM_UNKNOWN);
}

TF_TEST("wire/errcode", publish_done_swap_at_18)
{
    /* mt-17 l.4383-4384: 0x5 EXPIRED, 0x6 TOO_FAR_BEHIND; mt-18 l.5111-5112 swapped */
    TF_CHECK_EQ(from(17, MOQT_ERRTAB_PUBLISH_DONE, 0x5), MOQT_DONE_EXPIRED);
    TF_CHECK_EQ(from(17, MOQT_ERRTAB_PUBLISH_DONE, 0x6), MOQT_DONE_TOO_FAR_BEHIND);
    TF_CHECK_EQ(from(18, MOQT_ERRTAB_PUBLISH_DONE, 0x5), MOQT_DONE_TOO_FAR_BEHIND);
    TF_CHECK_EQ(from(18, MOQT_ERRTAB_PUBLISH_DONE, 0x6), MOQT_DONE_EXPIRED);
    /* a relay forwarding 17 -> 18 translates rather than copying the number */
    unsigned v = from(17, MOQT_ERRTAB_PUBLISH_DONE, 0x5);
    TF_CHECK_EQ(to(18, MOQT_ERRTAB_PUBLISH_DONE, v), 0x6);
    /* MALFORMED_TRACK 0x7 (15, l.3923) -> 0x12 (16, l.4100) */
    TF_CHECK_EQ(to(15, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_MALFORMED_TRACK), 0x7);
    TF_CHECK_EQ(to(16, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_MALFORMED_TRACK), 0x12);
    TF_CHECK_EQ(from(16, MOQT_ERRTAB_PUBLISH_DONE, 0x7), MOQT_DONE_UNKNOWN);
}

TF_TEST("wire/errcode", reset_0x4_meaning_at_18)
{
    /* mt-17 l.4398 0x4 UNKNOWN_OBJECT_STATUS; mt-18 l.5126 0x4 GOING_AWAY, l.5128 0x6 */
    TF_CHECK_EQ(from(17, MOQT_ERRTAB_STREAM_RESET, 0x4), MOQT_RESET_UNKNOWN_OBJECT_STATUS);
    TF_CHECK_EQ(from(18, MOQT_ERRTAB_STREAM_RESET, 0x4), MOQT_RESET_GOING_AWAY);
    TF_CHECK_EQ(to(18, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_UNKNOWN_OBJECT_STATUS), 0x6);
    TF_CHECK_EQ(to(17, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_GOING_AWAY), 0xdead);
    TF_CHECK_EQ(from(15, MOQT_ERRTAB_STREAM_RESET, 0x4), MOQT_RESET_UNKNOWN);
    TF_CHECK_EQ(to(10, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED), 0xdead);
}

TF_TEST("wire/errcode", request_error_0x33_reuse)
{
    /* mt-15 l.3910 0x33 UNKNOWN_STATUS_IN_RANGE; gone in 16 (l.4074-4086);
     * mt-18 l.5098 0x33 UNSUPPORTED_EXTENSION */
    TF_CHECK_EQ(from(15, MOQT_ERRTAB_REQUEST, 0x33), MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE);
    TF_CHECK_EQ(from(16, MOQT_ERRTAB_REQUEST, 0x33), MOQT_REQ_ERR_UNKNOWN);
    TF_CHECK_EQ(from(18, MOQT_ERRTAB_FETCH, 0x33), MOQT_REQ_ERR_UNSUPPORTED_EXTENSION);
    /* FETCH_ERROR 14 l.3900 0x8 -> REQUEST_ERROR 15 0x33 */
    TF_CHECK_EQ(to(14, MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE), 0x8);
    TF_CHECK_EQ(to(15, MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE), 0x33);
    /* REDIRECT only from 18 */
    TF_CHECK_EQ(to(17, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_REDIRECT), 0xdead);
    TF_CHECK_EQ(to(18, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_REDIRECT), 0x34);
    /* DUPLICATE_SUBSCRIPTION 16-18 (mt-19 l.5394-5412 has no 0x19) */
    TF_CHECK_EQ(to(19, MOQT_ERRTAB_SUBSCRIBE, MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION), 0xdead);
}

TF_TEST("wire/errcode", separate_tables_08_to_14)
{
    /* 0x4 means different things per *_ERROR table in 14 (l.3861, l.3887,
     * l.3897, l.3915, l.3926) */
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_SUBSCRIBE, 0x4), MOQT_REQ_ERR_DOES_NOT_EXIST);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_PUBLISH, 0x4), MOQT_REQ_ERR_UNINTERESTED);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_FETCH, 0x4), MOQT_REQ_ERR_DOES_NOT_EXIST);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_PUBLISH_NAMESPACE, 0x4), MOQT_REQ_ERR_UNINTERESTED);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, 0x4), MOQT_REQ_ERR_DOES_NOT_EXIST);
    TF_CHECK(strcmp(moqt_errcode_name(D(14), MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, 0x4),
                    "Namespace Prefix Unknown") == 0);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_FETCH, 0x6), MOQT_REQ_ERR_NO_OBJECTS);
    TF_CHECK_EQ(from(14, MOQT_ERRTAB_SUBSCRIBE, 0x6), MOQT_REQ_ERR_UNKNOWN);
    /* the generic REQUEST table does not exist before 15 */
    TF_CHECK_EQ(to(14, MOQT_ERRTAB_REQUEST, MOQT_REQ_ERR_INTERNAL), 0xdead);
}

TF_TEST("wire/errcode", fallback_for_senders)
{
    /* NO_OBJECTS has no REQUEST_ERROR code: INTERNAL_ERROR 0x0 */
    TF_CHECK_EQ(moqt_errcode_to_wire_or_fallback(D(16), MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_NO_OBJECTS),
                0x0);
    TF_CHECK_EQ(
        moqt_errcode_to_wire_or_fallback(D(16), MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_INVALID_RANGE),
        0x11);
    /* termination INTERNAL_ERROR is 0x1 */
    TF_CHECK_EQ(moqt_errcode_to_wire_or_fallback(D(10), MOQT_ERRTAB_TERMINATION,
                                                 MOQT_TERM_INVALID_AUTHORITY),
                0x1);
    /* 07 SUBSCRIBE_DONE Internal Error is 0x1 (l.780) */
    TF_CHECK_EQ(
        moqt_errcode_to_wire_or_fallback(D(7), MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_TOO_FAR_BEHIND),
        0x1);
    /* no reset table before 11; no PUBLISH_ERROR before 12 */
    TF_CHECK_EQ(
        moqt_errcode_to_wire_or_fallback(D(9), MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED),
        0x0);
    TF_CHECK_EQ(to(11, MOQT_ERRTAB_PUBLISH, MOQT_REQ_ERR_INTERNAL), 0xdead);
}

TF_TEST("wire/errcode", bad_arguments)
{
    uint64_t w = 0;
    TF_CHECK_INT(moqt_errcode_to_wire(D(14), MOQT_ERRTAB_COUNT, 1, &w), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_errcode_to_wire(D(14), MOQT_ERRTAB_NONE, 1, &w), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_errcode_to_wire(NULL, MOQT_ERRTAB_TERMINATION, 1, &w),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_errcode_to_wire(D(14), MOQT_ERRTAB_TERMINATION, 0, &w), MOQT_ERR_UNSUPPORTED);
    TF_CHECK_INT(moqt_errcode_to_wire(D(14), MOQT_ERRTAB_TERMINATION, 999, &w),
                 MOQT_ERR_UNSUPPORTED);
    TF_CHECK_EQ(moqt_errcode_from_wire(D(14), MOQT_ERRTAB_COUNT, 0), 0);
    TF_CHECK_EQ(moqt_errcode_from_wire(D(14), MOQT_ERRTAB_TERMINATION, UINT64_MAX), 0);
    TF_CHECK(moqt_errcode_name(D(14), MOQT_ERRTAB_TERMINATION, 0x7f) == NULL);
}

TF_TEST("wire/errcode", table_for_msg)
{
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_SUBSCRIBE_ERROR), MOQT_ERRTAB_SUBSCRIBE);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_FETCH), MOQT_ERRTAB_FETCH);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_PUBLISH_NAMESPACE_CANCEL),
                MOQT_ERRTAB_PUBLISH_NAMESPACE);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR),
                MOQT_ERRTAB_SUBSCRIBE_NAMESPACE);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_TRACK_STATUS_ERROR), MOQT_ERRTAB_TRACK_STATUS);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_REQUEST_ERROR), MOQT_ERRTAB_REQUEST);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_PUBLISH_DONE), MOQT_ERRTAB_PUBLISH_DONE);
    TF_CHECK_EQ(moqt_err_table_for_msg(MOQT_MSG_GOAWAY), MOQT_ERRTAB_NONE);
}

TF_TEST("wire/errcode", infer_termination)
{
    TF_CHECK_EQ(moqt_err_infer_termination_code(0), MOQT_TERM_NO_ERROR);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_WIRE_MALFORMED),
                MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_WIRE_NEED_MORE),
                MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_PROTOCOL_VIOLATION),
                MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_WIRE_LIMIT), MOQT_TERM_INTERNAL);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_NOMEM), MOQT_TERM_INTERNAL);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_INVALID_STATE), MOQT_TERM_INTERNAL);
    TF_CHECK_EQ(moqt_err_infer_termination_code(MOQT_ERR_TRANSPORT), MOQT_TERM_INTERNAL);
}

TF_TEST("wire/errcode", every_enum_value_has_a_name)
{
    for (unsigned v = 0; v < MOQT_TERM_COUNT; v++) {
        TF_CHECK(strcmp(moqt_term_str((moqt_term)v), "?") != 0);
    }
    for (unsigned v = 0; v < MOQT_REQ_ERR_COUNT; v++) {
        TF_CHECK(strcmp(moqt_req_err_str((moqt_req_err)v), "?") != 0);
    }
    for (unsigned v = 0; v < MOQT_DONE_COUNT; v++) {
        TF_CHECK(strcmp(moqt_done_status_str((moqt_done_status)v), "?") != 0);
    }
    for (unsigned v = 0; v < MOQT_RESET_COUNT; v++) {
        TF_CHECK(strcmp(moqt_reset_code_str((moqt_reset_code)v), "?") != 0);
    }
    for (int t = 0; t < MOQT_ERRTAB_COUNT; t++) {
        TF_CHECK(strcmp(moqt_err_table_str((moqt_err_table)t), "?") != 0);
    }
    TF_CHECK(strcmp(moqt_term_str(MOQT_TERM_COUNT), "?") == 0);
    TF_CHECK(strcmp(moqt_err_table_str(MOQT_ERRTAB_NONE), "?") == 0);
    TF_CHECK(strcmp(moqt_term_str(MOQT_TERM_KEY_VALUE_FORMATTING), "KEY_VALUE_FORMATTING_ERROR") ==
             0);
    TF_CHECK(strcmp(moqt_errcode_str(MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_NO_OBJECTS), "NO_OBJECTS") ==
             0);
}
