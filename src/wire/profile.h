/*
 * Per-draft profiles: one row per supported draft (07..19) holding the
 * capability flags the session asks about and the codepoint tables the codecs
 * use. Outside src/wire/, code asks the profile ("are requests on their own bidi
 * stream?") and never compares draft numbers (check_layering enforces this).
 */
#ifndef MOQT_WIRE_PROFILE_H
#define MOQT_WIRE_PROFILE_H

#include <moqt/moqt.h>

#include "wire/varint.h"

/* Control message kinds of the version-neutral model. Names follow the newest
 * draft; the comment gives older names. Never renumber: fuzz seeds store them. */
typedef enum moqt_msg_kind {
    MOQT_MSG_NONE = 0,
    MOQT_MSG_CLIENT_SETUP,              /* 0x40 (07-10), 0x20 (11-16) */
    MOQT_MSG_SERVER_SETUP,              /* 0x41 (07-10), 0x21 (11-16) */
    MOQT_MSG_SETUP,                     /* 0x2F00 (17+) */
    MOQT_MSG_SUBSCRIBE,                 /* 0x03 */
    MOQT_MSG_SUBSCRIBE_OK,              /* 0x04 */
    MOQT_MSG_SUBSCRIBE_ERROR,           /* 0x05 (07-14) */
    MOQT_MSG_REQUEST_UPDATE,            /* 0x02: SUBSCRIBE_UPDATE (07-15), REQUEST_UPDATE (16+) */
    MOQT_MSG_UNSUBSCRIBE,               /* 0x0A (07-16) */
    MOQT_MSG_PUBLISH_DONE,              /* 0x0B: SUBSCRIBE_DONE (07-13), PUBLISH_DONE (14+) */
    MOQT_MSG_PUBLISH,                   /* 0x1D (12+) */
    MOQT_MSG_PUBLISH_OK,                /* 0x1E (12-18) */
    MOQT_MSG_PUBLISH_ERROR,             /* 0x1F (12-14) */
    MOQT_MSG_FETCH,                     /* 0x16 */
    MOQT_MSG_FETCH_OK,                  /* 0x18 */
    MOQT_MSG_FETCH_ERROR,               /* 0x19 (07-14) */
    MOQT_MSG_FETCH_CANCEL,              /* 0x17 (07-16) */
    MOQT_MSG_PUBLISH_NAMESPACE,         /* 0x06: ANNOUNCE (07-13) */
    MOQT_MSG_PUBLISH_NAMESPACE_OK,      /* 0x07: ANNOUNCE_OK (07-13) (07-14) */
    MOQT_MSG_PUBLISH_NAMESPACE_ERROR,   /* 0x08: ANNOUNCE_ERROR (07-13) (07-14) */
    MOQT_MSG_PUBLISH_NAMESPACE_DONE,    /* 0x09: UNANNOUNCE (07-13) (07-16) */
    MOQT_MSG_PUBLISH_NAMESPACE_CANCEL,  /* 0x0C: ANNOUNCE_CANCEL (07-13) (07-16) */
    MOQT_MSG_SUBSCRIBE_NAMESPACE,       /* 0x11: SUBSCRIBE_ANNOUNCES (07-12) (07-17), 0x50 (18+) */
    MOQT_MSG_SUBSCRIBE_NAMESPACE_OK,    /* 0x12 (07-14) */
    MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR, /* 0x13 (07-14) */
    MOQT_MSG_UNSUBSCRIBE_NAMESPACE,     /* 0x14 (07-15) */
    MOQT_MSG_NAMESPACE,                 /* 0x08 (16+) */
    MOQT_MSG_NAMESPACE_DONE,            /* 0x0E (16+) */
    MOQT_MSG_SUBSCRIBE_TRACKS,          /* 0x51 (18+) */
    MOQT_MSG_TRACK_STATUS,              /* 0x0D: TRACK_STATUS_REQUEST (07-12), the request */
    MOQT_MSG_TRACK_STATUS_OK,           /* 0x0E: TRACK_STATUS (07-12), TRACK_STATUS_OK (13-14) */
    MOQT_MSG_TRACK_STATUS_ERROR,        /* 0x0F (13-14) */
    MOQT_MSG_REQUEST_OK,                /* 0x07 (15+) */
    MOQT_MSG_REQUEST_ERROR,             /* 0x05 (15+) */
    MOQT_MSG_GOAWAY,                    /* 0x10 */
    MOQT_MSG_MAX_REQUEST_ID,            /* 0x15: MAX_SUBSCRIBE_ID (07-10) (07-16) */
    MOQT_MSG_REQUESTS_BLOCKED,          /* 0x1A: SUBSCRIBES_BLOCKED (08-10) (08-16) */
    MOQT_MSG_PUBLISH_BLOCKED,           /* 0x0F (17-18) */
    MOQT_MSG_PUBLISH_SKIPPED,           /* 0x0F (19+) */
    MOQT_MSG_KIND_COUNT
} moqt_msg_kind;

/* How Parameters are encoded (DRAFT-CHANGES §2, §5, §6). */
typedef enum moqt_param_encoding {
    MOQT_PARAMS_TLV = 0,   /* 07-10: Type(i) Length(i) Value */
    MOQT_PARAMS_KVP,       /* 11-15: even type => varint, odd => length + bytes */
    MOQT_PARAMS_DELTA_KVP, /* 16: as KVP with delta-coded types */
    MOQT_PARAMS_TYPED      /* 17+: message params Type Delta + per-type value; setup
                              options and properties stay DELTA_KVP */
} moqt_param_encoding;

typedef enum moqt_setup_shape {
    MOQT_SETUP_40_VERSIONED = 0, /* 07-10: CLIENT_SETUP 0x40 / SERVER_SETUP 0x41 */
    MOQT_SETUP_20_VERSIONED,     /* 11-14: 0x20 / 0x21 with version list */
    MOQT_SETUP_20,               /* 15-16: 0x20 / 0x21 without versions */
    MOQT_SETUP_2F00              /* 17+: one SETUP from each side on uni streams */
} moqt_setup_shape;

typedef enum moqt_topology {
    MOQT_TOPO_CONTROL_STREAM = 0, /* <=15: all control messages on one bidi stream */
    MOQT_TOPO_NAMESPACE_STREAMS,  /* 16: + one bidi stream per SUBSCRIBE_NAMESPACE */
    MOQT_TOPO_REQUEST_STREAMS     /* 17+: uni control pair + one bidi stream per request */
} moqt_topology;

typedef enum moqt_alias_owner {
    MOQT_ALIAS_BY_SUBSCRIBER = 0, /* <=11: Track Alias in SUBSCRIBE */
    MOQT_ALIAS_BY_PUBLISHER       /* 12+: Track Alias in SUBSCRIBE_OK / PUBLISH */
} moqt_alias_owner;

typedef struct moqt_profile {
    unsigned draft;          /* 7..19: used inside src/wire/ only */
    uint64_t version;        /* 0xff0000NN */
    const char *name;        /* "draft-NN" */
    const char *alpn;        /* raw QUIC ALPN: "moq-00" (07-14) or "moqt-NN" */
    const char *wt_protocol; /* WT-Protocol value (15+), NULL when negotiated in setup */
    moqt_int_kind int_kind;  /* QUIC varint (07-16) or vi64 (17+) */
    moqt_param_encoding param_encoding;
    moqt_setup_shape setup_shape;
    moqt_topology topology;
    moqt_alias_owner alias_owner;
    bool control_length_16;         /* Length(16) framing (11+) vs Length(i) (07-10) */
    bool version_in_setup;          /* 07-14 */
    bool has_role_param;            /* 07: ROLE setup parameter is mandatory */
    bool has_request_credit;        /* 07-16: MAX_REQUEST_ID and setup MAX_REQUEST_ID */
    bool responses_have_request_id; /* <=16; 17+ responses are identified by their stream */
    /* 11+: client Request IDs even from 0, server odd from 1, +2 per request
     * (mt-11 l.1295). 07-10: each subscriber's own Subscribe IDs, unique and
     * monotonically increasing (mt-07 l.1272): we send 0, 1, 2, ... */
    bool interleaved_request_ids;
    bool has_publish;                /* 12+: PUBLISH / PUBLISH_OK */
    bool has_track_properties;       /* 16+: trailing Track Extensions / Properties */
    bool may_mix_forwarding;         /* 16+: a track may use datagrams and subgroups */
    bool has_joining_fetch;          /* 08+ */
    bool has_absolute_joining_fetch; /* 11+ */
    bool has_padding;                /* 18+ padding streams and datagrams */
    const uint64_t *msg_type;        /* indexed by moqt_msg_kind; 0 = not defined by this draft */
    /* 08-13: a joining fetch ends at End = the subscription's Largest, which
     * the "+1" End encoding excludes (mt-08 l.1603, mt-13 l.2560); 14+ end at
     * {Largest.Group, Largest.Object + 1}, including it (mt-14 l.2528). */
    bool joining_fetch_end_excludes_largest;
    /* A per-peer compatibility rule, false in every table row: the session
     * sets it on its own copy of the row when the peer is known to read 17+
     * Location-valued Message Parameters (LARGEST_OBJECT) with a length
     * prefix, as @moq/lite 0.2 does (STACK.md), against mt-17 l.1926. */
    bool location_params_length_prefixed;
    /* 08-15: an object of the Datagram forwarding preference has a Subgroup
     * ID equal to its Object ID (mt-08 l.2641, mt-14 l.3588, mt-15 l.3598);
     * 07 (mt-07 l.336) and 16+ (mt-16 l.433, l.3678) give it none (0). */
    bool datagram_subgroup_is_object_id;
    /* A per-peer compatibility rule like location_params_length_prefixed:
     * the peer reads and writes the 17+ uint8 Message Parameters (FORWARD,
     * SUBSCRIBER_PRIORITY, GROUP_ORDER: mt-17 l.2166-2241) as integers (vi64),
     * as @moq/lite 0.2 does; values below 128 are the same byte either way. */
    bool uint8_params_as_varint;
} moqt_profile;

/* moqt_profile_for_draft returns the row for |draft| (7..19), or NULL. */
const moqt_profile *moqt_profile_for_draft(unsigned draft);
/* moqt_profile_for_version returns the row for version 0xff0000NN, or NULL. */
const moqt_profile *moqt_profile_for_version(uint64_t version);
/* moqt_profile_for_alpn returns the row named by a "moqt-NN" ALPN / WT protocol,
 * or NULL ("moq-00" names several drafts: the version comes from setup). */
const moqt_profile *moqt_profile_for_alpn(const char *alpn, size_t len);
/* The profile rows, oldest first, and how many there are. */
const moqt_profile *moqt_profile_all(size_t *pcount);

/* moqt_profile_msg_type returns the wire type of |kind| in this draft, or 0. */
uint64_t moqt_profile_msg_type(const moqt_profile *p, moqt_msg_kind kind);
/* moqt_profile_msg_kind returns the kind for wire |type|, or MOQT_MSG_NONE. */
moqt_msg_kind moqt_profile_msg_kind(const moqt_profile *p, uint64_t type);
/* moqt_profile_consumes_request_id returns true when a message of |kind|
 * opens a new request and takes the sender's next Request ID in draft |p|
 * (SUBSCRIBE and FETCH in 07-10; the lists of mt-11 l.1296, mt-14 l.1456,
 * mt-16 l.1711, mt-18 l.2206 later). */
bool moqt_profile_consumes_request_id(const moqt_profile *p, moqt_msg_kind kind);
/* What a SUBSCRIBE_UPDATE / REQUEST_UPDATE may do to a subscription's range. */
typedef enum moqt_update_rule {
    /* 07-14: narrow only: Start MUST NOT decrease, End Group MUST NOT increase
     * (mt-07 l.1327, mt-11 l.1929, mt-14 l.2121); PROTOCOL_VIOLATION otherwise. */
    MOQT_UPDATE_NARROW_ONLY = 0,
    /* 15: Start MUST NOT decrease; End may grow (mt-15 l.2343, l.2352). */
    MOQT_UPDATE_START_NO_DECREASE,
    /* 16+: no range rule (mt-16 l.2484: the Start may decrease). */
    MOQT_UPDATE_ANY_RANGE
} moqt_update_rule;
/* moqt_profile_update_rule returns the range rule of draft |p|. */
moqt_update_rule moqt_profile_update_rule(const moqt_profile *p);
/* moqt_profile_update_restates_all: 07-14 SUBSCRIBE_UPDATE restates Start, End
 * Group, Subscriber Priority (and 11-14 Forward) in fixed fields, so nothing
 * can stay unchanged (mt-07 l.1342, mt-14 l.2146); 15+ carry only the
 * parameters that change (mt-15 l.2366). */
bool moqt_profile_update_restates_all(const moqt_profile *p);
/* moqt_profile_namespace_prefix_update: 18+ let a REQUEST_UPDATE change the
 * Track Namespace Prefix of a SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS with the
 * TRACK_NAMESPACE_PREFIX parameter (mt-18 l.2599, l.3114); 16-17 update
 * namespace subscriptions but have no such parameter. */
bool moqt_profile_namespace_prefix_update(const moqt_profile *p);
/* moqt_msg_kind_str returns the newest draft's name of |kind|. */
const char *moqt_msg_kind_str(moqt_msg_kind kind);
/* moqt_msg_name returns the name |kind| has in this draft (e.g. "ANNOUNCE" in 07). */
const char *moqt_msg_name(const moqt_profile *p, moqt_msg_kind kind);

#endif /* MOQT_WIRE_PROFILE_H */
