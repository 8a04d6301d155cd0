/*
 * libmoqt: Media over QUIC Transport (draft-ietf-moq-transport 07..19) in C.
 *
 * This is the application-facing header. It includes no third-party headers.
 * Order (as in ngtcp2.h): export macro, scalar types, allocator, error codes,
 * versions, value types, and later the session API.
 */
#ifndef MOQT_H
#define MOQT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <moqt/version.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(MOQT_BUILDING) && defined(__GNUC__)
#define MOQT_EXTERN __attribute__((visibility("default")))
#else
#define MOQT_EXTERN
#endif

/**
 * moqt_ssize is "a byte count, or a negative MOQT_ERR_* code".
 */
typedef ptrdiff_t moqt_ssize;

/**
 * moqt_tstamp is a point in time in nanoseconds from an arbitrary origin
 * (the same unit as ngtcp2_tstamp). moqt_duration is a span in nanoseconds.
 */
typedef uint64_t moqt_tstamp;
typedef uint64_t moqt_duration;

#define MOQT_NANOSECONDS  ((moqt_duration)1ULL)
#define MOQT_MICROSECONDS ((moqt_duration)1000ULL)
#define MOQT_MILLISECONDS ((moqt_duration)1000000ULL)
#define MOQT_SECONDS      ((moqt_duration)1000000000ULL)

/**
 * moqt_mem is a caller-supplied allocator. Every allocation the library makes
 * goes through it. |user_data| is passed back to each function. A NULL
 * moqt_mem pointer anywhere in the API means moqt_mem_default().
 */
typedef struct moqt_mem {
    void *user_data;
    void *(*malloc)(size_t size, void *user_data);
    void *(*realloc)(void *ptr, size_t size, void *user_data);
    void (*free)(void *ptr, void *user_data);
} moqt_mem;

/**
 * moqt_mem_default returns the allocator backed by the C library.
 */
MOQT_EXTERN const moqt_mem *moqt_mem_default(void);

/*
 * Error codes. Bands (after nghttp3):
 *   -1xx  API misuse and state
 *   -2xx  malformed wire data
 *   -3xx  MoQT protocol violations
 *   -4xx  transport, HTTP/3, WebTransport
 *   below MOQT_ERR_FATAL: unrecoverable (no memory, callback failure)
 */
#define MOQT_ERR_INVALID_ARGUMENT (-101)
#define MOQT_ERR_INVALID_STATE    (-102)
#define MOQT_ERR_WOULDBLOCK       (-103)
/** The output buffer is too small for the encoding. */
#define MOQT_ERR_NOBUF (-104)
/** The value cannot be expressed in the negotiated draft. */
#define MOQT_ERR_UNSUPPORTED (-105)
/** A decoder needs more bytes before it can decide. Not an error of the peer. */
#define MOQT_ERR_WIRE_NEED_MORE (-201)
/** The bytes break a rule of the negotiated draft. */
#define MOQT_ERR_WIRE_MALFORMED (-202)
/** The bytes are well formed but exceed a limit of this implementation. */
#define MOQT_ERR_WIRE_LIMIT         (-203)
#define MOQT_ERR_PROTOCOL_VIOLATION (-301)
#define MOQT_ERR_TRANSPORT          (-401)
#define MOQT_ERR_FATAL              (-900)
#define MOQT_ERR_NOMEM              (-901)
#define MOQT_ERR_CALLBACK_FAILURE   (-902)

/**
 * moqt_strerror returns a static English description of |liberr|.
 */
MOQT_EXTERN const char *moqt_strerror(int liberr);

/**
 * moqt_err_is_fatal returns true if |liberr| is below MOQT_ERR_FATAL.
 */
MOQT_EXTERN bool moqt_err_is_fatal(int liberr);

/**
 * MoQT drafts this library speaks. The value is the version number the drafts
 * define (0xff000000 + draft); drafts 15+ no longer put it on the wire but it
 * still names them here. (Macros, not an enum: the values exceed INT_MAX,
 * which ISO C does not allow for enumerators.)
 */
typedef uint32_t moqt_version;
#define MOQT_VERSION_DRAFT_07 ((moqt_version)0xff000007u)
#define MOQT_VERSION_DRAFT_08 ((moqt_version)0xff000008u)
#define MOQT_VERSION_DRAFT_09 ((moqt_version)0xff000009u)
#define MOQT_VERSION_DRAFT_10 ((moqt_version)0xff00000au)
#define MOQT_VERSION_DRAFT_11 ((moqt_version)0xff00000bu)
#define MOQT_VERSION_DRAFT_12 ((moqt_version)0xff00000cu)
#define MOQT_VERSION_DRAFT_13 ((moqt_version)0xff00000du)
#define MOQT_VERSION_DRAFT_14 ((moqt_version)0xff00000eu)
#define MOQT_VERSION_DRAFT_15 ((moqt_version)0xff00000fu)
#define MOQT_VERSION_DRAFT_16 ((moqt_version)0xff000010u)
#define MOQT_VERSION_DRAFT_17 ((moqt_version)0xff000011u)
#define MOQT_VERSION_DRAFT_18 ((moqt_version)0xff000012u)
#define MOQT_VERSION_DRAFT_19 ((moqt_version)0xff000013u)

#define MOQT_DRAFT_MIN 7
#define MOQT_DRAFT_MAX 19

/**
 * moqt_version_str returns "draft-NN" for a supported version, or NULL.
 */
MOQT_EXTERN const char *moqt_version_str(uint64_t version);

/**
 * moqt_version_supported returns true if |version| is one this build speaks.
 */
MOQT_EXTERN bool moqt_version_supported(uint64_t version);

/**
 * moqt_bytes is a borrowed byte range. The library never frees |base|; who
 * owns it and for how long is stated wherever a moqt_bytes is handed out.
 */
typedef struct moqt_bytes {
    const uint8_t *base;
    size_t len;
} moqt_bytes;

/**
 * moqt_location is a (group, object) position in a track (draft-11 §1.4
 * "Location Structure"; earlier drafts carry the two integers separately).
 */
typedef struct moqt_location {
    uint64_t group;
    uint64_t object;
} moqt_location;

#ifdef __cplusplus
}
#endif

#endif /* MOQT_H */
