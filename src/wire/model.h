/*
 * The version-neutral message model.
 *
 * One struct (moqt_msg) holds every field that any draft 07..19 puts in any
 * control message. Each draft's codec reads and writes the subset its draft
 * defines, and refuses (MOQT_ERR_UNSUPPORTED) to encode what it cannot express.
 * A value that moved between a fixed field and a parameter across drafts (for
 * example the subscriber priority: a fixed byte up to 14, a parameter from 15)
 * lives in one place here, so a message decoded under one draft can be encoded
 * under another: this is what lets the relay bridge drafts.
 *
 * Decoding never allocates: byte ranges (names, reasons, tokens) borrow from the
 * input buffer and stay valid as long as that buffer does. Fixed-size arrays
 * bound what a peer can make us hold; exceeding them is MOQT_ERR_WIRE_LIMIT.
 */
#ifndef MOQT_WIRE_MODEL_H
#define MOQT_WIRE_MODEL_H

#include <moqt/moqt.h>

#include "wire/buf.h"
#include "wire/profile.h"

/* Limits. Drafts allow 1..32 namespace fields (0..32 from 17) and a full track
 * name of at most 4096 bytes (mt-11 §2.4.1), a reason phrase of 1024 (mt-11 l.352). */
#define MOQT_MAX_NAMESPACE_FIELDS 32
#define MOQT_MAX_FULL_NAME_LEN    4096
#define MOQT_MAX_REASON_LEN       1024
#define MOQT_MAX_SETUP_VERSIONS   16
#define MOQT_MAX_AUTH_TOKENS      8
#define MOQT_MAX_KVPS             24

/* A Track Namespace: an ordered tuple of byte strings. */
typedef struct moqt_namespace {
    size_t count;
    moqt_bytes field[MOQT_MAX_NAMESPACE_FIELDS];
} moqt_namespace;

/* A key-value pair (draft-11 §1.4.2 "Key-Value-Pair Structure"): an even type
 * carries one integer in |value|, an odd type carries bytes in |bytes|. */
typedef struct moqt_kvp {
    uint64_t type;
    uint64_t value;
    moqt_bytes bytes;
} moqt_kvp;

typedef struct moqt_kvp_list {
    size_t count;
    moqt_kvp item[MOQT_MAX_KVPS];
} moqt_kvp_list;

/* Authorization token alias types (draft-12+ "AUTHORIZATION TOKEN"). */
#define MOQT_TOKEN_ALIAS_DELETE    0x0
#define MOQT_TOKEN_ALIAS_REGISTER  0x1
#define MOQT_TOKEN_ALIAS_USE_ALIAS 0x2
#define MOQT_TOKEN_ALIAS_USE_VALUE 0x3

/* An AUTHORIZATION TOKEN value (11+). In 07-10 the AUTHORIZATION_INFO string
 * maps to alias_type USE_VALUE with token_type 0 and |value| = the string. */
typedef struct moqt_auth_token {
    uint64_t alias_type;
    uint64_t alias;      /* DELETE, REGISTER, USE_ALIAS */
    uint64_t token_type; /* REGISTER, USE_VALUE */
    moqt_bytes value;    /* REGISTER, USE_VALUE */
} moqt_auth_token;

/* Subscription filter types, version-neutral. The wire values differ: see
 * DRAFT-CHANGES §7 "Subscription filter types". */
typedef enum moqt_filter_type {
    MOQT_FILTER_NONE = 0,         /* omitted (15+: unfiltered) */
    MOQT_FILTER_LATEST_GROUP,     /* 0x1 in 07-08 only */
    MOQT_FILTER_NEXT_GROUP_START, /* 0x1 in 11+ */
    MOQT_FILTER_LARGEST_OBJECT,   /* 0x2 "Latest Object" (07-11), "Largest Object" (12+) */
    MOQT_FILTER_ABSOLUTE_START,   /* 0x3 */
    MOQT_FILTER_ABSOLUTE_RANGE    /* 0x4 */
} moqt_filter_type;

typedef struct moqt_filter {
    moqt_filter_type type;
    moqt_location start; /* ABSOLUTE_START, ABSOLUTE_RANGE */
    uint64_t end_group;  /* ABSOLUTE_RANGE: absolute; 17+ sends it as a delta from start */
    uint64_t end_object; /* ABSOLUTE_RANGE in 07 only (EndObject dropped in 08) */
} moqt_filter;

/* Group order values (all drafts): 0x0 publisher's order (where allowed),
 * 0x1 ascending, 0x2 descending. */
#define MOQT_GROUP_ORDER_PUBLISHER  0x0
#define MOQT_GROUP_ORDER_ASCENDING  0x1
#define MOQT_GROUP_ORDER_DESCENDING 0x2

/* Presence bits of moqt_msg_params. */
enum {
    MOQT_P_DELIVERY_TIMEOUT = 1u << 0, /* 07-17 DELIVERY_TIMEOUT; 18+ OBJECT_DELIVERY_TIMEOUT */
    MOQT_P_SUBGROUP_DELIVERY_TIMEOUT = 1u << 1, /* 18+ */
    MOQT_P_MAX_CACHE_DURATION = 1u << 2,        /* 07-15 message param */
    MOQT_P_RENDEZVOUS_TIMEOUT = 1u << 3,        /* 17+ */
    MOQT_P_EXPIRES = 1u << 4,                   /* fixed field <=14, param 15+ */
    MOQT_P_LARGEST = 1u << 5,      /* fixed [Largest] with ContentExists <=14, LARGEST_OBJECT 15+ */
    MOQT_P_FILL_TIMEOUT = 1u << 6, /* 18+ */
    MOQT_P_PUBLISHER_PRIORITY = 1u << 7,     /* 15 only */
    MOQT_P_FORWARD = 1u << 8,                /* fixed Forward(8) 11-14, param 15+ */
    MOQT_P_SUBSCRIBER_PRIORITY = 1u << 9,    /* fixed <=14, param 15+ */
    MOQT_P_FILTER = 1u << 10,                /* fixed <=14, SUBSCRIPTION_FILTER 15+ */
    MOQT_P_GROUP_ORDER = 1u << 11,           /* fixed <=14, param 15+ */
    MOQT_P_DYNAMIC_GROUPS = 1u << 12,        /* 15 only */
    MOQT_P_NEW_GROUP_REQUEST = 1u << 13,     /* 15+ */
    MOQT_P_TRACK_NAMESPACE_PREFIX = 1u << 14 /* 18+ */
};

/*
 * Message parameters and the fixed fields that became parameters in 15, by
 * meaning. |has| says which are present. A decoder sets the bit of every fixed
 * field it reads; an encoder for a draft with the fixed field writes it (using
 * the draft's default when the bit is clear) and otherwise writes a parameter
 * when the bit is set.
 */
typedef struct moqt_msg_params {
    uint32_t has;
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    uint64_t max_cache_duration_ms;
    uint64_t rendezvous_timeout_ms;
    uint64_t expires_ms;
    moqt_location largest; /* MOQT_P_LARGEST set <=> "content exists" */
    uint64_t fill_timeout_ms;
    uint8_t publisher_priority;
    uint8_t forward;
    uint8_t subscriber_priority;
    uint8_t group_order;
    moqt_filter filter;
    uint64_t dynamic_groups;
    uint64_t new_group_request;
    moqt_namespace track_namespace_prefix;
    size_t auth_count;
    moqt_auth_token auth[MOQT_MAX_AUTH_TOKENS];
    /* Parameters the draft defines that have no field above (e.g. the 19+
     * range filters 0x25-0x29), kept as raw KVPs (bytes = the encoded value)
     * so a relay can forward them. Unknown parameters of 07-16 are skipped as
     * those drafts require and are not kept. */
    moqt_kvp_list other;
} moqt_msg_params;

/* Setup options / setup parameters (CLIENT_SETUP, SERVER_SETUP, SETUP). */
enum {
    MOQT_S_ROLE = 1u << 0,
    MOQT_S_PATH = 1u << 1,
    MOQT_S_MAX_REQUEST_ID = 1u << 2,
    MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE = 1u << 3,
    MOQT_S_AUTHORITY = 1u << 4,
    MOQT_S_IMPLEMENTATION = 1u << 5,
    MOQT_S_MAX_FILTER_RANGES = 1u << 6,
    MOQT_S_MAX_REQUEST_UPDATES = 1u << 7
};

/* ROLE values (mt-07 l.1131). */
#define MOQT_ROLE_PUBLISHER  0x1
#define MOQT_ROLE_SUBSCRIBER 0x2
#define MOQT_ROLE_PUBSUB     0x3

typedef struct moqt_setup_fields {
    size_t version_count;                       /* CLIENT_SETUP 07-14 */
    uint64_t versions[MOQT_MAX_SETUP_VERSIONS]; /* CLIENT_SETUP 07-14 */
    uint64_t selected_version;                  /* SERVER_SETUP 07-14 */
    uint32_t has;                               /* MOQT_S_* */
    uint64_t role;
    moqt_bytes path;
    moqt_bytes authority;
    uint64_t max_request_id;
    uint64_t max_auth_token_cache_size;
    moqt_bytes implementation;
    uint64_t max_filter_ranges;
    uint64_t max_request_updates;
    size_t auth_count;
    moqt_auth_token auth[MOQT_MAX_AUTH_TOKENS];
    /* Unknown setup parameters / options are ignored as every draft requires. */
} moqt_setup_fields;

/* FETCH types (08+; 07 has only standalone). */
#define MOQT_FETCH_STANDALONE       0x1
#define MOQT_FETCH_RELATIVE_JOINING 0x2
#define MOQT_FETCH_ABSOLUTE_JOINING 0x3

typedef struct moqt_fetch_fields {
    uint64_t fetch_type;
    moqt_location start;         /* standalone */
    moqt_location end;           /* standalone (end object semantics per draft) */
    uint64_t joining_request_id; /* joining: Joining Subscribe/Request ID */
    uint64_t joining_start;      /* relative: Preceding Group Offset; absolute: start group */
    uint8_t end_of_track;        /* FETCH_OK */
    moqt_location end_location;  /* FETCH_OK: Largest (07-10) / End Location (11+) */
} moqt_fetch_fields;

/* PUBLISH_DONE / SUBSCRIBE_DONE. */
typedef struct moqt_done_fields {
    /* Wire code of the draft; also the Status Code of the 07-12 TRACK_STATUS
     * reply (MOQT_MSG_TRACK_STATUS_OK). */
    uint64_t status_code;
    uint64_t stream_count;  /* 08+ */
    uint8_t content_exists; /* 07 */
    moqt_location final;    /* 07: Final Group / Object when content_exists */
} moqt_done_fields;

typedef struct moqt_goaway_fields {
    moqt_bytes new_session_uri;
    uint64_t timeout_ms; /* 17+ */
    bool has_request_id; /* 18 only */
    uint64_t request_id; /* 18 only */
} moqt_goaway_fields;

/* SUBSCRIBE_NAMESPACE "Subscribe Options" (16-17, mt-16 l.3117, mt-17 l.3238):
 * which messages the subscriber asks for. Other drafts have no field and imply
 * one value (07-11 NAMESPACE, 12-15 BOTH, 18+ NAMESPACE; see namespace.c). */
#define MOQT_SUBSCRIBE_OPTIONS_PUBLISH   0x0
#define MOQT_SUBSCRIBE_OPTIONS_NAMESPACE 0x1
#define MOQT_SUBSCRIBE_OPTIONS_BOTH      0x2

/* REQUEST_ERROR extras (and the retry alias of 07-11 SUBSCRIBE_ERROR). */
typedef struct moqt_error_fields {
    uint64_t retry_interval_ms; /* REQUEST_ERROR 16+ */
    bool has_redirect;          /* REQUEST_ERROR 18+ when code is REDIRECT */
    moqt_bytes redirect;        /* the encoded Redirect structure, borrowed */
    uint64_t retry_track_alias; /* SUBSCRIBE_ERROR 07-11 */
} moqt_error_fields;

typedef struct moqt_msg {
    moqt_msg_kind kind;
    /* Subscribe ID (07-10) or Request ID (11+). Responses in 17+ carry none on
     * the wire: the session fills it in from the request stream. */
    uint64_t request_id;
    uint64_t required_request_id_delta; /* 17 only */
    /* REQUEST_UPDATE: the request it updates. 07-13 carry only this ID (the
     * Subscribe ID / Request ID of the SUBSCRIBE); 14-16 send it beside the
     * update's own Request ID (Subscription / Existing Request ID); 17+ name it
     * by the request stream the update travels on. */
    uint64_t existing_request_id;
    uint64_t track_alias;
    /* The track namespace; or the namespace prefix (SUBSCRIBE_NAMESPACE,
     * SUBSCRIBE_TRACKS) or suffix (NAMESPACE, NAMESPACE_DONE, PUBLISH_BLOCKED). */
    moqt_namespace ns;
    moqt_bytes track_name;
    uint64_t error_code; /* the draft's wire code; see wire/errcode.h */
    moqt_bytes reason;
    uint64_t max_request_id; /* MAX_REQUEST_ID, REQUESTS_BLOCKED */
    moqt_msg_params params;
    moqt_kvp_list track_props; /* 16+: trailing Track Extensions / Properties */
    moqt_setup_fields setup;
    moqt_fetch_fields fetch;
    moqt_done_fields done;
    moqt_goaway_fields goaway;
    moqt_error_fields err;
    /* SUBSCRIBE_NAMESPACE: MOQT_SUBSCRIBE_OPTIONS_*; decoders always set it
     * (implied value where the draft has no field); encoders of 16-17 send 0x2
     * (BOTH) when it is unset. */
    bool has_subscribe_options;
    uint64_t subscribe_options;
} moqt_msg;

/* moqt_msg_init zeroes |m| and sets its kind. */
void moqt_msg_init(moqt_msg *m, moqt_msg_kind kind);

/* Helpers shared by the codecs. */

/* A Track Namespace tuple: count then length-prefixed fields. |min_fields| is 1
 * before 17 and 0 from 17 (DRAFT-CHANGES §2). */
int moqt_rd_namespace(moqt_rd *r, const moqt_profile *p, moqt_namespace *ns);
int moqt_wr_namespace(moqt_wr *w, const moqt_profile *p, const moqt_namespace *ns);
/* A Location: two integers (group, object). */
int moqt_rd_location(moqt_rd *r, moqt_location *loc);
int moqt_wr_location(moqt_wr *w, moqt_location loc);
/* A Reason Phrase: length-prefixed bytes, at most 1024 from 11. */
int moqt_rd_reason(moqt_rd *r, const moqt_profile *p, moqt_bytes *reason);
int moqt_wr_reason(moqt_wr *w, const moqt_profile *p, moqt_bytes reason);

/* Track Namespace, then Track Name Length and Track Name. The Full Track Name
 * is at most 4096 bytes from 11 (mt-11 l.491): longer is malformed. 07-10 set
 * no bound, so there the same 4096 bytes are our own limit
 * (MOQT_ERR_WIRE_LIMIT). The writer refuses a name over 4096 bytes
 * (MOQT_ERR_UNSUPPORTED). */
int moqt_rd_full_track_name(moqt_rd *r, const moqt_profile *p, moqt_namespace *ns,
                            moqt_bytes *name);
int moqt_wr_full_track_name(moqt_wr *w, const moqt_profile *p, const moqt_namespace *ns,
                            moqt_bytes name);

/* Equality used by round-trip tests and the relay. */
bool moqt_bytes_eq(moqt_bytes a, moqt_bytes b);
bool moqt_namespace_eq(const moqt_namespace *a, const moqt_namespace *b);

#endif /* MOQT_WIRE_MODEL_H */
