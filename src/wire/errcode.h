/*
 * Error and status codes: one version-neutral set, mapped to and from the wire
 * codes of every draft 07..19 (DRAFT-CHANGES §9).
 *
 * The message model (wire/model.h) carries the draft's wire code
 * (moqt_msg.error_code, moqt_done_fields.status_code). The session and the
 * relay think in the enums below and translate at the edge, so a relay can
 * forward "track does not exist" from a draft-07 peer (SUBSCRIBE_ERROR 0x3) to
 * a draft-18 peer (REQUEST_ERROR 0x10).
 *
 * Every enum starts with UNKNOWN = 0: what from_wire returns for a code the
 * draft does not define (the draft says to treat unknown codes as generic
 * errors, not as protocol violations), and never a valid argument to to_wire.
 * Where two drafts give the same meaning different names the enum uses the
 * newest name and the table keeps the draft's own name (moqt_errcode_name):
 *   - session close 0x6 "Too Many Subscribes" (07-10) = TOO_MANY_REQUESTS,
 *   - session close 0x5 "Parameter Length Mismatch" (07-10) = KEY_VALUE_FORMATTING,
 *   - "Track Does Not Exist" (07-14) and "Namespace Prefix Unknown"
 *     (SUBSCRIBE_NAMESPACE_ERROR 08-14) = DOES_NOT_EXIST (15+),
 *   - "Namespace Prefix Overlap" (11-14) = PREFIX_OVERLAP (15+),
 *   - "Invalid Joining Subscribe ID" (11) = INVALID_JOINING_REQUEST_ID.
 */
#ifndef MOQT_WIRE_ERRCODE_H
#define MOQT_WIRE_ERRCODE_H

#include "wire/profile.h"

/* Session termination (CONNECTION_CLOSE / CLOSE_WEBTRANSPORT_SESSION). */
typedef enum moqt_term {
    MOQT_TERM_UNKNOWN = 0,
    MOQT_TERM_NO_ERROR,
    MOQT_TERM_INTERNAL,
    MOQT_TERM_UNAUTHORIZED,
    MOQT_TERM_PROTOCOL_VIOLATION,
    MOQT_TERM_INVALID_REQUEST_ID,          /* 11+ */
    MOQT_TERM_DUPLICATE_TRACK_ALIAS,       /* 0x4 (07-10), 0x5 (11+) */
    MOQT_TERM_KEY_VALUE_FORMATTING,        /* 0x5 Parameter Length Mismatch (07-10), 0x6 (11+) */
    MOQT_TERM_TOO_MANY_REQUESTS,           /* 0x6 Too Many Subscribes (07-10), 0x7 (11-16) */
    MOQT_TERM_INVALID_REQUIRED_REQUEST_ID, /* 0x7 (17 only) */
    MOQT_TERM_INVALID_PATH,                /* 11+ */
    MOQT_TERM_MALFORMED_PATH,              /* 11+ */
    MOQT_TERM_GOAWAY_TIMEOUT,
    MOQT_TERM_CONTROL_MESSAGE_TIMEOUT,    /* 08+ */
    MOQT_TERM_DATA_STREAM_TIMEOUT,        /* 08+ */
    MOQT_TERM_AUTH_TOKEN_CACHE_OVERFLOW,  /* 11+ */
    MOQT_TERM_DUPLICATE_AUTH_TOKEN_ALIAS, /* 11+ */
    MOQT_TERM_VERSION_NEGOTIATION_FAILED, /* 11+ */
    MOQT_TERM_MALFORMED_AUTH_TOKEN,       /* 12+ */
    MOQT_TERM_UNKNOWN_AUTH_TOKEN_ALIAS,   /* 12+ */
    MOQT_TERM_EXPIRED_AUTH_TOKEN,         /* 12+ */
    MOQT_TERM_INVALID_AUTHORITY,          /* 14+ */
    MOQT_TERM_MALFORMED_AUTHORITY,        /* 14+ */
    MOQT_TERM_TOO_MANY_REQUEST_UPDATES,   /* 19+ */
    MOQT_TERM_COUNT
} moqt_term;

/* Request errors: SUBSCRIBE_ERROR, FETCH_ERROR, ANNOUNCE_ERROR, ... (07-14),
 * REQUEST_ERROR (15+). */
typedef enum moqt_req_err {
    MOQT_REQ_ERR_UNKNOWN = 0,
    MOQT_REQ_ERR_INTERNAL,
    MOQT_REQ_ERR_UNAUTHORIZED,
    MOQT_REQ_ERR_TIMEOUT,
    MOQT_REQ_ERR_NOT_SUPPORTED,  /* 08+ */
    MOQT_REQ_ERR_DOES_NOT_EXIST, /* Track Does Not Exist / Namespace Prefix Unknown */
    MOQT_REQ_ERR_INVALID_RANGE,
    MOQT_REQ_ERR_RETRY_TRACK_ALIAS,          /* SUBSCRIBE_ERROR 07-11 */
    MOQT_REQ_ERR_MALFORMED_AUTH_TOKEN,       /* 11+ */
    MOQT_REQ_ERR_UNKNOWN_AUTH_TOKEN_ALIAS,   /* 11 only */
    MOQT_REQ_ERR_EXPIRED_AUTH_TOKEN,         /* 11+ */
    MOQT_REQ_ERR_UNINTERESTED,               /* ANNOUNCE_ERROR 08+, PUBLISH_ERROR 12+ */
    MOQT_REQ_ERR_NO_OBJECTS,                 /* FETCH_ERROR 11-14 */
    MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID, /* FETCH_ERROR 11-14, REQUEST_ERROR 15+ */
    MOQT_REQ_ERR_UNKNOWN_STATUS_IN_RANGE,    /* FETCH_ERROR 12-14, REQUEST_ERROR 15 */
    MOQT_REQ_ERR_MALFORMED_TRACK,            /* FETCH_ERROR 12-14, REQUEST_ERROR 15+ */
    MOQT_REQ_ERR_PREFIX_OVERLAP,             /* SUBSCRIBE_NAMESPACE_ERROR 11-14, 15+ */
    MOQT_REQ_ERR_DUPLICATE_SUBSCRIPTION,     /* 16-18 */
    MOQT_REQ_ERR_GOING_AWAY,                 /* 17+ */
    MOQT_REQ_ERR_EXCESSIVE_LOAD,             /* 17+ */
    MOQT_REQ_ERR_NAMESPACE_TOO_LARGE,        /* 17+ */
    MOQT_REQ_ERR_UNSUPPORTED_EXTENSION,      /* 18+ */
    MOQT_REQ_ERR_REDIRECT,                   /* 18+ */
    MOQT_REQ_ERR_CONFLICTING_FILTERS,        /* 19+ */
    MOQT_REQ_ERR_INVALID_FILTER,             /* 19+ */
    MOQT_REQ_ERR_COUNT
} moqt_req_err;

/* SUBSCRIBE_DONE (07-13) / PUBLISH_DONE (14+) status codes. */
typedef enum moqt_done_status {
    MOQT_DONE_UNKNOWN = 0,
    MOQT_DONE_UNSUBSCRIBED, /* 07 only */
    MOQT_DONE_INTERNAL,
    MOQT_DONE_UNAUTHORIZED,
    MOQT_DONE_TRACK_ENDED,
    MOQT_DONE_SUBSCRIPTION_ENDED,
    MOQT_DONE_GOING_AWAY,
    MOQT_DONE_EXPIRED,
    MOQT_DONE_TOO_FAR_BEHIND,  /* 08+ */
    MOQT_DONE_MALFORMED_TRACK, /* 0x7 (12-15), 0x12 (16+) */
    MOQT_DONE_UPDATE_FAILED,   /* 15+ */
    MOQT_DONE_EXCESSIVE_LOAD,  /* 17+ */
    MOQT_DONE_COUNT
} moqt_done_status;

/* RESET_STREAM / STOP_SENDING codes: data streams (11+), every stream (18+). */
typedef enum moqt_reset_code {
    MOQT_RESET_UNKNOWN = 0,
    MOQT_RESET_INTERNAL,
    MOQT_RESET_CANCELLED,
    MOQT_RESET_DELIVERY_TIMEOUT,
    MOQT_RESET_SESSION_CLOSED,
    MOQT_RESET_UNKNOWN_OBJECT_STATUS, /* 0x4 (16-17), 0x6 (18+) */
    MOQT_RESET_MALFORMED_TRACK,       /* 16+ */
    MOQT_RESET_TOO_FAR_BEHIND,        /* 17+ */
    MOQT_RESET_EXCESSIVE_LOAD,        /* 17+ */
    MOQT_RESET_GOING_AWAY,            /* 18+ */
    MOQT_RESET_EXPIRED_AUTH_TOKEN,    /* 18+ */
    MOQT_RESET_COUNT
} moqt_reset_code;

/*
 * Which code space a value belongs to. The request tables name the request
 * family; drafts 08-14 give each family its own *_ERROR table, drafts 15+ send
 * every one of them as REQUEST_ERROR with one shared table. TERMINATION takes
 * moqt_term values, PUBLISH_DONE moqt_done_status, STREAM_RESET moqt_reset_code,
 * every other table moqt_req_err.
 */
typedef enum moqt_err_table {
    MOQT_ERRTAB_TERMINATION = 0,
    MOQT_ERRTAB_SUBSCRIBE,           /* SUBSCRIBE_ERROR */
    MOQT_ERRTAB_FETCH,               /* FETCH_ERROR */
    MOQT_ERRTAB_PUBLISH,             /* PUBLISH_ERROR (12-14) */
    MOQT_ERRTAB_PUBLISH_NAMESPACE,   /* ANNOUNCE_ERROR / ANNOUNCE_CANCEL */
    MOQT_ERRTAB_SUBSCRIBE_NAMESPACE, /* SUBSCRIBE_ANNOUNCES_ERROR / SUBSCRIBE_NAMESPACE_ERROR */
    MOQT_ERRTAB_TRACK_STATUS,        /* TRACK_STATUS_ERROR (13-14) */
    MOQT_ERRTAB_REQUEST,             /* REQUEST_ERROR of any request (15+ only) */
    MOQT_ERRTAB_PUBLISH_DONE,        /* SUBSCRIBE_DONE / PUBLISH_DONE */
    MOQT_ERRTAB_STREAM_RESET,        /* RESET_STREAM / STOP_SENDING */
    MOQT_ERRTAB_COUNT,
    MOQT_ERRTAB_NONE = -1 /* moqt_err_table_for_msg: the message carries no code */
} moqt_err_table;

/*
 * moqt_errcode_to_wire writes the wire code of |internal| (a value of the
 * table's enum) under draft |p| to |*wire|. Returns 0, MOQT_ERR_UNSUPPORTED
 * when the draft has no such code (or no such table: PUBLISH before 12,
 * TRACK_STATUS before 13, REQUEST before 15, STREAM_RESET before 11), or
 * MOQT_ERR_INVALID_ARGUMENT for a bad |table|.
 */
int moqt_errcode_to_wire(const moqt_profile *p, moqt_err_table table, unsigned internal,
                         uint64_t *wire);

/*
 * moqt_errcode_to_wire_or_fallback is what a sender uses: the wire code of
 * |internal|, or when the draft cannot express it, the table's generic
 * "Internal Error" code (0x1 for termination and for 07 SUBSCRIBE_DONE, 0x0
 * elsewhere). Drafts 07-10 define no stream reset codes (the application
 * chooses), so 0 is returned there.
 */
uint64_t moqt_errcode_to_wire_or_fallback(const moqt_profile *p, moqt_err_table table,
                                          unsigned internal);

/*
 * moqt_errcode_from_wire returns the table's enum value for |wire| under draft
 * |p|, or 0 (the table's UNKNOWN) if the draft does not define |wire| there.
 */
unsigned moqt_errcode_from_wire(const moqt_profile *p, moqt_err_table table, uint64_t wire);

/*
 * moqt_errcode_name returns the name draft |p| gives |wire| in |table|
 * ("Too Many Subscribes" in 07, "TOO_MANY_REQUESTS" in 14), or NULL.
 */
const char *moqt_errcode_name(const moqt_profile *p, moqt_err_table table, uint64_t wire);

/*
 * moqt_err_table_for_msg returns the table of the code carried by (or sent in
 * reply to) a control message of |kind|: SUBSCRIBE and SUBSCRIBE_ERROR give
 * MOQT_ERRTAB_SUBSCRIBE, ANNOUNCE_CANCEL gives PUBLISH_NAMESPACE (mt-11
 * l.2666), REQUEST_ERROR gives REQUEST, PUBLISH_DONE gives PUBLISH_DONE.
 * MOQT_ERRTAB_NONE for messages without one.
 */
moqt_err_table moqt_err_table_for_msg(moqt_msg_kind kind);

/*
 * moqt_err_infer_termination_code picks the session close code for a library
 * error (after nghttp3_err_infer_quic_app_error_code): 0 -> NO_ERROR,
 * malformed wire data (-2xx, except our own limits) and protocol violations
 * (-3xx) -> PROTOCOL_VIOLATION, anything else -> INTERNAL.
 */
moqt_term moqt_err_infer_termination_code(int liberr);

/* Names of the enum values ("UNKNOWN" for 0, "?" out of range). */
const char *moqt_term_str(moqt_term v);
const char *moqt_req_err_str(moqt_req_err v);
const char *moqt_done_status_str(moqt_done_status v);
const char *moqt_reset_code_str(moqt_reset_code v);
const char *moqt_err_table_str(moqt_err_table t);
/* moqt_errcode_str names |internal| with the enum of |table|. */
const char *moqt_errcode_str(moqt_err_table table, unsigned internal);

#endif /* MOQT_WIRE_ERRCODE_H */
