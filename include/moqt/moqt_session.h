/*
 * libmoqt session API: one MoQT session (drafts 07..19) over a moqt_transport.
 *
 * The session is sans-I/O: it installs itself as the consumer of the
 * transport's callbacks (moqt_transport_set_callbacks), writes through the
 * transport's verbs, and reads no clock. Every call that advances the
 * session takes |now| (nanoseconds, see moqt_tstamp). It includes no
 * third-party header.
 *
 * Threading: a session and its transport are used from one thread.
 *
 * Re-entrancy: inside a session callback the application may call
 * moqt_session_subscribe_accept / _accept_with / _reject,
 * moqt_session_subscription_info, moqt_session_send_object(_datagram),
 * moqt_session_subscribe_update(_reject),
 * moqt_session_publish_done, moqt_session_subscribe, moqt_session_unsubscribe,
 * the moqt_session_fetch* functions, the moqt_session_publish_namespace*
 * and moqt_session_track_status* functions, the moqt_session_publish*
 * functions, the namespace subscription functions
 * (moqt_session_subscribe_namespace ... _namespace_withdraw),
 * moqt_session_goaway and moqt_session_close, but never moqt_session_del.
 *
 * Request handles are uint64 Request IDs (Subscribe IDs in drafts 07-10), as
 * they appear on the wire.
 */
#ifndef MOQT_SESSION_H
#define MOQT_SESSION_H

#include <moqt/moqt.h>
#include <moqt/moqt_transport.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A MoQT session. Opaque. */
typedef struct moqt_session moqt_session;

/** MOQT_DRAFT_BIT(n) is the bit of draft |n| in moqt_session_settings.drafts. */
#define MOQT_DRAFT_BIT(n) ((uint32_t)1u << (n))
/** Every draft this build speaks (07..19). */
#define MOQT_DRAFTS_ALL (((uint32_t)1u << (MOQT_DRAFT_MAX + 1)) - ((uint32_t)1u << MOQT_DRAFT_MIN))

/* ---- Value types ----------------------------------------------------------- */

/** A Track Namespace: |count| fields, each a byte string. Borrowed. */
typedef struct moqt_track_namespace {
    size_t count;
    const moqt_bytes *fields;
} moqt_track_namespace;

/**
 * An object property (extension header in 08-16): an even |type| carries the
 * integer |value|, an odd one the bytes |bytes|.
 */
typedef struct moqt_property {
    uint64_t type;
    uint64_t value;
    moqt_bytes bytes;
} moqt_property;

/** Object status, version-neutral (the wire values differ per draft). */
typedef enum moqt_object_state {
    MOQT_OBJECT_STATE_NORMAL = 0,
    /** 07-15 only. */
    MOQT_OBJECT_STATE_DOES_NOT_EXIST,
    MOQT_OBJECT_STATE_END_OF_GROUP,
    /** 07-10: "End of Track and Group"; 11+ send End of Track. */
    MOQT_OBJECT_STATE_END_OF_TRACK_AND_GROUP,
    MOQT_OBJECT_STATE_END_OF_TRACK,
    /** 07 only. */
    MOQT_OBJECT_STATE_END_OF_SUBGROUP
} moqt_object_state;

/** Subscription filters (each draft supports a subset: see docs/api.md). */
typedef enum moqt_subscribe_filter {
    /** The draft's default: "unfiltered" (15+), Largest Object before. */
    MOQT_SUBSCRIBE_FILTER_DEFAULT = 0,
    /** Latest Group: 07-08 only. */
    MOQT_SUBSCRIBE_FILTER_LATEST_GROUP,
    /** Next Group Start: 11+. */
    MOQT_SUBSCRIBE_FILTER_NEXT_GROUP_START,
    /** Latest Object (07-11) / Largest Object (12+). */
    MOQT_SUBSCRIBE_FILTER_LARGEST_OBJECT,
    MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START,
    MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE
} moqt_subscribe_filter;

/**
 * Request error codes, version-neutral. The session sends the draft's wire
 * code (SUBSCRIBE_ERROR in 07-14, REQUEST_ERROR in 15+); a meaning the draft
 * lacks is sent as its Internal Error.
 */
typedef enum moqt_request_error {
    MOQT_REQUEST_ERROR_UNKNOWN = 0,
    MOQT_REQUEST_ERROR_INTERNAL,
    MOQT_REQUEST_ERROR_UNAUTHORIZED,
    MOQT_REQUEST_ERROR_TIMEOUT,
    MOQT_REQUEST_ERROR_NOT_SUPPORTED,
    MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
    MOQT_REQUEST_ERROR_INVALID_RANGE,
    /**
     * SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS: the prefix overlaps another
     * subscription of the peer's ("Namespace Prefix Overlap" 11-14,
     * PREFIX_OVERLAP 15+; 07-10 name no value: sent as Internal Error).
     */
    MOQT_REQUEST_ERROR_PREFIX_OVERLAP = 16,
    /** SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS: the prefix matches too much (17+). */
    MOQT_REQUEST_ERROR_NAMESPACE_TOO_LARGE = 20
} moqt_request_error;

/** PUBLISH_DONE (SUBSCRIBE_DONE in 07-13) status, version-neutral. */
typedef enum moqt_done_reason {
    MOQT_DONE_REASON_UNKNOWN = 0,
    MOQT_DONE_REASON_UNSUBSCRIBED, /* 07 only */
    MOQT_DONE_REASON_INTERNAL,
    MOQT_DONE_REASON_UNAUTHORIZED,
    MOQT_DONE_REASON_TRACK_ENDED,
    MOQT_DONE_REASON_SUBSCRIPTION_ENDED,
    MOQT_DONE_REASON_GOING_AWAY,
    MOQT_DONE_REASON_EXPIRED
} moqt_done_reason;

/** An incoming SUBSCRIBE (publisher side). Everything is borrowed for the callback. */
typedef struct moqt_subscribe_request {
    uint64_t request_id;
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    moqt_subscribe_filter filter;
    moqt_location start; /* ABSOLUTE_START, ABSOLUTE_RANGE */
    uint64_t end_group;  /* ABSOLUTE_RANGE */
    uint8_t subscriber_priority;
    uint8_t group_order; /* 0 publisher's, 1 ascending, 2 descending */
    bool forward;        /* 11+; always true before */
    size_t auth_token_count;
    const moqt_bytes *auth_tokens; /* token values (USE_VALUE / REGISTER) */
    /**
     * The subscriber's DELIVERY_TIMEOUT (OBJECT_DELIVERY_TIMEOUT 18+) and
     * SUBGROUP_DELIVERY_TIMEOUT (18+) in ms, 0 when absent. The session
     * applies them (with the publisher's, the smaller wins) to what it sends.
     */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
} moqt_subscribe_request;

/** How an authorization token is sent (moqt_subscribe_params.auth_mode). */
typedef enum moqt_token_mode {
    MOQT_TOKEN_VALUE = 0,
    MOQT_TOKEN_REGISTER,
    MOQT_TOKEN_USE_ALIAS,
    MOQT_TOKEN_DELETE
} moqt_token_mode;

/** What a subscriber asks for (moqt_session_subscribe). */
typedef struct moqt_subscribe_params {
    size_t struct_size;
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    moqt_subscribe_filter filter;
    moqt_location start;
    uint64_t end_group;
    uint8_t subscriber_priority; /* default 128 */
    uint8_t group_order;         /* default 0: the publisher's */
    bool forward;                /* default true */
    /** Optional authorization token value (NULL/0 for none). */
    moqt_bytes auth_token;
    /**
     * DELIVERY_TIMEOUT (OBJECT_DELIVERY_TIMEOUT in 18+) in ms; 0 (default):
     * not sent. SUBGROUP_DELIVERY_TIMEOUT: 18+ only (MOQT_ERR_UNSUPPORTED
     * before). Read only when struct_size covers them.
     */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    /**
     * How |auth_token| travels (11+; read only when struct_size covers it):
     * MOQT_TOKEN_VALUE (default) the value itself; MOQT_TOKEN_REGISTER the
     * value registered as |auth_alias| for later requests (the peer's
     * MAX_AUTH_TOKEN_CACHE_SIZE must allow it); MOQT_TOKEN_USE_ALIAS only
     * |auth_alias|, registered before; MOQT_TOKEN_DELETE retires |auth_alias|
     * (no value). 07-10 carry plain values only (MOQT_ERR_UNSUPPORTED).
     */
    moqt_token_mode auth_mode;
    uint64_t auth_alias;
} moqt_subscribe_params;

/** moqt_subscribe_params_default fills |p| with the defaults above. */
MOQT_EXTERN void moqt_subscribe_params_default(moqt_subscribe_params *p);

/** A received object, whole. Borrowed for the callback. */
typedef struct moqt_object {
    uint64_t request_id; /* the subscription */
    uint64_t group;
    uint64_t subgroup;
    uint64_t object_id;
    uint8_t publisher_priority;
    moqt_object_state status;
    size_t property_count;
    const moqt_property *properties;
    const uint8_t *payload;
    size_t payload_len;
    /** True when the object came on a FETCH stream (|request_id| is the FETCH's). */
    bool fetched;
    /**
     * True when the object came in a datagram. |subgroup| is then the
     * draft's rule: the Object ID in 08-15, 0 in 07 and 16+ (no subgroup).
     */
    bool datagram;
    /** A datagram of 12+ said the object is the last of its group. */
    bool end_of_group;
} moqt_object;

/** How a subgroup stream ended (moqt_subgroup_end.how). */
typedef enum moqt_subgroup_end_how {
    /** FIN after the last object: every object of the subgroup was delivered. */
    MOQT_SUBGROUP_END_FIN = 0,
    /** The publisher reset the stream: objects after the last one delivered may be missing. */
    MOQT_SUBGROUP_END_RESET,
    /** We stopped reading it (STOP_SENDING): an object exceeded max_object_size. */
    MOQT_SUBGROUP_END_STOPPED
} moqt_subgroup_end_how;

/** The end of one subgroup stream of a subscription (callback subgroup_end). Borrowed. */
typedef struct moqt_subgroup_end {
    uint64_t request_id; /* the subscription (SUBSCRIBE, or the peer's PUBLISH) */
    uint64_t group;
    /**
     * The Subgroup ID. Headers that take it from the first object (11+) leave
     * it unknown (|subgroup_known| false, |subgroup| 0) when no object came.
     */
    uint64_t subgroup;
    bool subgroup_known;
    moqt_subgroup_end_how how;
    /** The last Object ID delivered from this stream, if any object was. */
    bool has_last_object;
    uint64_t last_object_id;
    /** The header's "Contains End of Group" / END_OF_GROUP bit (12+; false before). */
    bool header_end_of_group;
    /**
     * FIN on a stream whose header had that bit: the group is complete, no
     * object of it lies beyond |last_object_id| (mt-14 l.3407, mt-19 l.4307;
     * a reset says nothing about the group's end).
     */
    bool group_complete;
    /** MOQT_SUBGROUP_END_RESET: the RESET_STREAM code as sent. */
    uint64_t reset_code;
} moqt_subgroup_end;

/** FETCH kinds (moqt_fetch_params.kind, moqt_fetch_request.kind). */
typedef enum moqt_fetch_kind {
    /** A range of a named track (every draft). */
    MOQT_FETCH_KIND_STANDALONE = 0,
    /** Joined to a subscription, |joining_start| groups before its largest (08+). */
    MOQT_FETCH_KIND_RELATIVE_JOINING,
    /** Joined to a subscription, from group |joining_start| (11+). */
    MOQT_FETCH_KIND_ABSOLUTE_JOINING
} moqt_fetch_kind;

/**
 * What a requester asks for (moqt_session_fetch). |start| and |end| are the
 * standalone range as FETCH carries it: |end| is the end Location plus one
 * object, and an |end|.object of 0 means the whole of group |end|.group (the
 * encoding of 11+; the session sends the same numbers under every draft).
 */
typedef struct moqt_fetch_params {
    size_t struct_size;
    moqt_fetch_kind kind;
    /* Standalone. */
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    moqt_location start;
    moqt_location end;
    /* Joining: the Request ID of our subscription, and the relative offset
     * (groups before its largest) or the absolute start group. */
    uint64_t joining_request_id;
    uint64_t joining_start;
    uint8_t subscriber_priority; /* default 128 */
    uint8_t group_order;         /* default 0: the publisher's (sent as ascending) */
} moqt_fetch_params;

/** moqt_fetch_params_default fills |p| with the defaults above. */
MOQT_EXTERN void moqt_fetch_params_default(moqt_fetch_params *p);

/**
 * An incoming FETCH (publisher side), borrowed for the callback. For a
 * joining fetch the session has resolved the range against the joined
 * subscription's largest Location (as given to moqt_session_subscribe_accept):
 * |start| = {largest.group - offset, 0} (relative) or {joining start, 0}
 * (absolute), |end| = {largest.group, largest.object + 1} (14+; 08-13:
 * |end| = largest, see docs/api.md); the track is the
 * one of subscription |joining_request_id| (|track_namespace| and
 * |track_name| are empty).
 */
typedef struct moqt_fetch_request {
    uint64_t request_id;
    moqt_fetch_kind kind;
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    moqt_location start;
    moqt_location end; /* end plus one object; object 0: the whole group */
    uint64_t joining_request_id;
    uint8_t subscriber_priority;
    uint8_t group_order;
} moqt_fetch_request;

/* ---- PUBLISH (12+) -------------------------------------------------------------- */

/** What a publisher offers (moqt_session_publish). */
typedef struct moqt_publish_params {
    size_t struct_size;
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    /** Forward State: true sends objects at once, even before PUBLISH_OK. Default true. */
    bool forward;
    /** 1 ascending (default), 2 descending. */
    uint8_t group_order;
    /** The largest Location published so far, when |has_largest|. */
    bool has_largest;
    moqt_location largest;
    /** Default publisher priority (sent where the draft can say it: 15+). Default 128. */
    uint8_t publisher_priority;
    /** Optional authorization token value (NULL/0 for none). */
    moqt_bytes auth_token;
    /**
     * The publisher's delivery timeouts in ms (0: none), applied to this
     * track's streams and announced where the draft can say it (14+; the
     * subgroup one 18+), and MAX_CACHE_DURATION when |has_max_cache_duration|
     * (14+; MOQT_ERR_UNSUPPORTED before, since a relay must obey it).
     */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    bool has_max_cache_duration;
    uint64_t max_cache_duration_ms;
} moqt_publish_params;

/** moqt_publish_params_default fills |p| with the defaults above. */
MOQT_EXTERN void moqt_publish_params_default(moqt_publish_params *p);

/** An incoming PUBLISH (subscriber side). Everything is borrowed for the callback. */
typedef struct moqt_publish_request {
    uint64_t request_id;
    moqt_track_namespace track_namespace;
    moqt_bytes track_name;
    bool forward;
    uint8_t group_order; /* 1 ascending, 2 descending, 0 not said */
    bool has_largest;
    moqt_location largest;
    uint8_t publisher_priority; /* 128 when the draft or the publisher does not say */
    size_t auth_token_count;
    const moqt_bytes *auth_tokens;
    /** The publisher's delivery timeouts (0: none) and Max Cache Duration, as PUBLISH carried them.
     */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    bool has_max_cache_duration;
    uint64_t max_cache_duration_ms;
} moqt_publish_request;

/**
 * The subscriber's answer to PUBLISH (moqt_session_publish_accept), and what
 * the publisher's publish_ok callback reports. |group_order| 0 keeps the
 * publisher's (19 cannot carry another: MOQT_ERR_UNSUPPORTED); |filter| as
 * in SUBSCRIBE. 12-14 always carry a filter: a default answer reaches the
 * publisher as ABSOLUTE_START {0, 0}, which means the same.
 */
typedef struct moqt_publish_ok_params {
    size_t struct_size;
    bool forward;                /* default true */
    uint8_t subscriber_priority; /* default 128 */
    uint8_t group_order;         /* default 0 */
    moqt_subscribe_filter filter;
    moqt_location start;
    uint64_t end_group;
} moqt_publish_ok_params;

/** moqt_publish_ok_params_default fills |p| with the defaults above. */
MOQT_EXTERN void moqt_publish_ok_params_default(moqt_publish_ok_params *p);

/** moqt_subscribe_update.fields: what an update states. */
#define MOQT_UPDATE_RANGE    (1u << 0) /* start, end_group / open_ended */
#define MOQT_UPDATE_PRIORITY (1u << 1) /* subscriber_priority */
#define MOQT_UPDATE_FORWARD  (1u << 2) /* forward (11+) */

/**
 * A change to a subscription (SUBSCRIBE_UPDATE 07-15, REQUEST_UPDATE 16+).
 * The subscriber sets |fields| and the values they name; the publisher's
 * subscribe_update callback gets |fields| as the message carried them
 * (07-14 restate range and priority, 11-14 Forward too) and every value
 * as the subscription now stands, borrowed for the callback.
 */
typedef struct moqt_subscribe_update {
    uint64_t request_id; /* the subscription */
    uint32_t fields;     /* MOQT_UPDATE_* */
    moqt_location start;
    bool open_ended;    /* no End Group */
    uint64_t end_group; /* the last group, when !open_ended */
    uint8_t subscriber_priority;
    bool forward;
} moqt_subscribe_update;

/** Kinds of incoming request the authorize callback is asked about. */
typedef enum moqt_request_kind {
    MOQT_REQUEST_KIND_SUBSCRIBE = 1,
    MOQT_REQUEST_KIND_FETCH,
    MOQT_REQUEST_KIND_PUBLISH_NAMESPACE, /* ANNOUNCE 07-13 */
    MOQT_REQUEST_KIND_TRACK_STATUS,
    MOQT_REQUEST_KIND_SUBSCRIBE_NAMESPACE, /* SUBSCRIBE_ANNOUNCES 07-12 */
    MOQT_REQUEST_KIND_PUBLISH,             /* 12+ */
    MOQT_REQUEST_KIND_SUBSCRIBE_TRACKS     /* 18+ */
} moqt_request_kind;

/* ---- Settings ---------------------------------------------------------------- */

typedef struct moqt_session_settings {
    /** sizeof(moqt_session_settings) as the caller compiled it. */
    size_t struct_size;
    /**
     * Drafts this end accepts, MOQT_DRAFT_BIT(n) per draft. A client on ALPN
     * `moq-00` offers the 07-14 ones in CLIENT_SETUP; a server picks the
     * highest common one. Default MOQT_DRAFTS_ALL.
     */
    uint32_t drafts;
    /**
     * The negotiated protocol when it does not come from the transport's
     * ALPN: the WebTransport `WT-Protocol` ("moqt-16"), or NULL to use
     * moqt_transport_alpn(). "moq-00" (or "") means in-band negotiation.
     */
    const char *protocol;
    /** True on WebTransport: PATH and AUTHORITY are never sent. */
    bool webtransport;
    /** Client on raw QUIC: PATH and (14+) AUTHORITY setup parameters, or NULL. */
    const char *path;
    const char *authority;
    /** MOQT_IMPLEMENTATION (14+), or NULL. */
    const char *implementation;
    /**
     * Requests the peer may have open at once (the MAX_REQUEST_ID credit,
     * 07-16). Granted in setup and re-granted as requests complete. Default
     * 100 (peers send nothing without it, see STACK.md).
     */
    uint64_t max_requests;
    /**
     * Bytes of object data queued and unacknowledged per subscription
     * before the oldest subgroup stream is reset (slow subscriber policy).
     * Default 4 MiB.
     */
    size_t max_send_buffer;
    /** Largest object payload assembled for the application. Default 1 MiB. */
    size_t max_object_size;
    /**
     * Bytes buffered on data streams whose Track Alias is not known yet
     * (12+: objects may precede SUBSCRIBE_OK). Default 256 KiB.
     */
    size_t max_early_bytes;
    /** Open subgroup streams per subscription; opening one more ends the oldest. Default 16. */
    size_t max_open_subgroups;
    /**
     * MAX_AUTH_TOKEN_CACHE_SIZE (11+): bytes of token values the peer may
     * register as aliases with us (sent in setup when not 0). Default 0: the
     * peer may not register any.
     */
    uint64_t max_auth_token_cache_size;
} moqt_session_settings;

/** moqt_session_settings_default fills |s| with the defaults above. */
MOQT_EXTERN void moqt_session_settings_default(moqt_session_settings *s);

/* ---- Callbacks --------------------------------------------------------------- */

/**
 * Callbacks, assigned by member name; NULL means "not interested" except
 * where noted. Each returns 0 or MOQT_ERR_CALLBACK_FAILURE (which closes the
 * session with INTERNAL_ERROR). |user_data| is the pointer given at _new.
 */
typedef struct moqt_session_callbacks {
    size_t struct_size;
    /** Setup finished; |version| is the negotiated draft (0xff0000NN). */
    int (*setup_done)(moqt_session *s, uint64_t version, void *user_data);
    /**
     * Publisher side: a SUBSCRIBE arrived. Answer now or later with
     * moqt_session_subscribe_accept / _reject. NULL: every SUBSCRIBE is
     * refused with NOT_SUPPORTED.
     */
    int (*subscribe)(moqt_session *s, const moqt_subscribe_request *req, void *user_data);
    /** Subscriber side: SUBSCRIBE_OK for |request_id|; |largest| NULL if no content yet. */
    int (*subscribe_ok)(moqt_session *s, uint64_t request_id, const moqt_location *largest,
                        void *user_data);
    /**
     * Subscriber side: the subscription was refused. |code| version-neutral,
     * |wire_code| as sent, |reason| borrowed.
     */
    int (*subscribe_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                           uint64_t wire_code, moqt_bytes reason, void *user_data);
    /** Subscriber side: one whole object. */
    int (*object)(moqt_session *s, const moqt_object *obj, void *user_data);
    /** Subscriber side: PUBLISH_DONE (SUBSCRIBE_DONE) ended |request_id|. */
    int (*publish_done)(moqt_session *s, uint64_t request_id, moqt_done_reason reason_code,
                        uint64_t wire_code, uint64_t stream_count, moqt_bytes reason,
                        void *user_data);
    /** Publisher side: the subscriber cancelled |request_id|. */
    int (*unsubscribe)(moqt_session *s, uint64_t request_id, void *user_data);
    /** GOAWAY with |new_session_uri| (borrowed, may be empty). */
    int (*goaway)(moqt_session *s, moqt_bytes new_session_uri, void *user_data);
    /**
     * The session ended; called once. |remote| says who closed, |code| is the
     * wire termination code, |reason| borrowed.
     */
    void (*closed)(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason, void *user_data);
    /**
     * Publisher side: a FETCH arrived. Answer with moqt_session_fetch_accept
     * (then _fetch_send_object ... _fetch_finish) or _fetch_reject, now or
     * later. NULL: every FETCH is refused with NOT_SUPPORTED.
     */
    int (*fetch)(moqt_session *s, const moqt_fetch_request *req, void *user_data);
    /** Publisher side: the requester cancelled FETCH |request_id|. */
    int (*fetch_cancel)(moqt_session *s, uint64_t request_id, void *user_data);
    /** Requester side: FETCH_OK; |end_location| as the draft's FETCH_OK carries it. */
    int (*fetch_ok)(moqt_session *s, uint64_t request_id, bool end_of_track,
                    moqt_location end_location, void *user_data);
    /** Requester side: the FETCH was refused (FETCH_ERROR / REQUEST_ERROR). */
    int (*fetch_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                       uint64_t wire_code, moqt_bytes reason, void *user_data);
    /**
     * Requester side: the FETCH stream ended, after every object (delivered
     * through |object| with |fetched| set): |complete| true on FIN, false when
     * the publisher reset it. Always after fetch_ok; the request is then over.
     */
    int (*fetch_done)(moqt_session *s, uint64_t request_id, bool complete, void *user_data);
    /**
     * Receiver side: the peer announced |ns| (PUBLISH_NAMESPACE / ANNOUNCE).
     * Answer now or later with moqt_session_publish_namespace_accept /
     * _reject. NULL: refused with NOT_SUPPORTED. |request_id| is the wire
     * Request ID (11+) or a handle of the session's (07-10).
     */
    int (*publish_namespace)(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                             void *user_data);
    /** Publisher side: the announcement |request_id| was accepted. */
    int (*publish_namespace_ok)(moqt_session *s, uint64_t request_id, void *user_data);
    /**
     * Publisher side: the announcement was refused, or later cancelled by the
     * receiver (PUBLISH_NAMESPACE_CANCEL, or 17+ its request stream closed:
     * code UNKNOWN, wire_code 0). The request is gone.
     */
    int (*publish_namespace_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                                   uint64_t wire_code, moqt_bytes reason, void *user_data);
    /** Receiver side: the publisher withdrew the accepted namespace |request_id|. */
    int (*publish_namespace_done)(moqt_session *s, uint64_t request_id, void *user_data);
    /**
     * Publisher side: TRACK_STATUS about |ns| / |name| (borrowed). Answer now
     * or later with moqt_session_track_status_reply / _reject. NULL: refused
     * with NOT_SUPPORTED.
     */
    int (*track_status)(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                        moqt_bytes name, void *user_data);
    /** Requester side: the track exists; |largest| NULL when it has no content yet. */
    int (*track_status_ok)(moqt_session *s, uint64_t request_id, const moqt_location *largest,
                           void *user_data);
    /**
     * Requester side: refused (TRACK_STATUS_ERROR 13-14, REQUEST_ERROR 15+, or
     * the 07-12 reply's Status Code 0x01 "does not exist" / 0x04, given as
     * |wire_code|).
     */
    int (*track_status_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                              uint64_t wire_code, moqt_bytes reason, void *user_data);
    /* ---- PUBLISH (12+) ---- */
    /**
     * Subscriber side: the peer offers a track (PUBLISH). Answer now or later
     * with moqt_session_publish_accept / _reject; objects that arrive before
     * the answer are held (max_early_bytes) and delivered after accepting,
     * dropped on rejecting. They reach |object| with this |request_id|, the
     * end reaches |publish_done|. NULL: refused (UNINTERESTED where the draft
     * has it).
     */
    int (*publish)(moqt_session *s, uint64_t request_id, const moqt_publish_request *req,
                   void *user_data);
    /** Publisher side: PUBLISH_OK (REQUEST_OK in 19) accepted PUBLISH |request_id|. */
    int (*publish_ok)(moqt_session *s, uint64_t request_id, const moqt_publish_ok_params *ok,
                      void *user_data);
    /**
     * Publisher side: PUBLISH |request_id| was refused (PUBLISH_ERROR 12-14,
     * REQUEST_ERROR 15+). Its subgroup streams were reset; the request is gone.
     */
    int (*publish_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                         uint64_t wire_code, moqt_bytes reason, void *user_data);
    /* ---- Namespace subscriptions (SUBSCRIBE_NAMESPACE family, ns_subscribe.c) ---- */
    /**
     * Publisher side: the peer subscribed to namespaces under |prefix|
     * (borrowed; may be empty in 16+). |wants| (MOQT_NS_WANT_*) says what it
     * asks for: namespaces, tracks (PUBLISH), or both, as the draft's message
     * and Subscribe Options say. Answer now or later with
     * moqt_session_subscribe_namespace_accept / _reject. A prefix that
     * overlaps one of the peer's live subscriptions is refused with
     * PREFIX_OVERLAP before this is called. NULL: refused with NOT_SUPPORTED.
     */
    int (*subscribe_namespace)(moqt_session *s, uint64_t request_id,
                               const moqt_track_namespace *prefix, unsigned wants, void *user_data);
    /** Subscriber side: the namespace subscription |request_id| was accepted. */
    int (*subscribe_namespace_ok)(moqt_session *s, uint64_t request_id, void *user_data);
    /**
     * Subscriber side: the namespace subscription was refused, or (16+) the
     * publisher closed its stream later (code UNKNOWN, wire_code 0, after a
     * namespace_done for each namespace still active). The request is gone.
     */
    int (*subscribe_namespace_error)(moqt_session *s, uint64_t request_id, moqt_request_error code,
                                     uint64_t wire_code, moqt_bytes reason, void *user_data);
    /** Publisher side: the subscriber cancelled namespace subscription |request_id|. */
    int (*unsubscribe_namespace)(moqt_session *s, uint64_t request_id, void *user_data);
    /**
     * Subscriber side (16+, NAMESPACE): namespace |ns| exists under the
     * prefix of subscription |request_id|. |ns| is the FULL namespace (the
     * subscription's prefix followed by the suffix the message carries),
     * borrowed. Drafts 07-15 forward namespaces as PUBLISH_NAMESPACE
     * (ANNOUNCE) requests instead: those arrive through publish_namespace.
     */
    int (*namespace_published)(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                               void *user_data);
    /** Subscriber side (16+, NAMESPACE_DONE): the full namespace |ns| is gone. */
    int (*namespace_done)(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                          void *user_data);
    /**
     * Subscriber side (17+): the publisher will not PUBLISH track |ns| (full
     * namespace, borrowed) / |name| for tracks subscription |request_id|
     * (PUBLISH_BLOCKED 17-18, PUBLISH_SKIPPED 19); a SUBSCRIBE can fetch it.
     */
    int (*track_skipped)(moqt_session *s, uint64_t request_id, const moqt_track_namespace *ns,
                         moqt_bytes name, void *user_data);
    /**
     * Publisher side: the subscriber changed subscription |request_id|
     * (SUBSCRIBE_UPDATE / REQUEST_UPDATE). The session has checked the
     * draft's range rule. 15+: the update is answered with REQUEST_OK when
     * this returns, unless moqt_session_subscribe_update_reject was called
     * inside it. NULL: every valid update is accepted.
     */
    int (*subscribe_update)(moqt_session *s, uint64_t request_id, const moqt_subscribe_update *u,
                            void *user_data);
    /**
     * Every incoming request (SUBSCRIBE, FETCH, PUBLISH_NAMESPACE,
     * TRACK_STATUS, SUBSCRIBE_NAMESPACE, PUBLISH, SUBSCRIBE_TRACKS), before
     * its own callback: |tokens| are its authorization token values (token
     * aliases resolved; 07-10 AUTHORIZATION INFO strings), |n| may be 0.
     * Return 0 to let it proceed, non-zero to refuse it with the draft's
     * UNAUTHORIZED code (the request's own callback is then not called).
     * |request_id| is the message's Request ID (0 for the 07-10 messages
     * that carry none: ANNOUNCE, TRACK_STATUS_REQUEST, SUBSCRIBE_ANNOUNCES).
     * NULL: every request proceeds.
     */
    int (*authorize)(moqt_session *s, moqt_request_kind kind, uint64_t request_id,
                     const moqt_bytes *tokens, size_t n, void *user_data);
    /* ---- Subgroup stream ends (object_rx.c) ---- */
    /**
     * Subscriber side: a subgroup stream of subscription |end->request_id|
     * (SUBSCRIBE, or an accepted PUBLISH) ended, after every object it
     * carried reached |object|: by FIN, reset by the publisher, or stopped by
     * us. Once per stream whose header named a subscription; streams dropped
     * by unsubscribing, refusing a PUBLISH or closing the session, and
     * streams stopped while they waited for their Track Alias
     * (max_early_bytes), are not reported. A group that ends without an End
     * of Group object (@moq/lite) shows here as |group_complete|. Called
     * before publish_done counts the stream.
     */
    int (*subgroup_end)(moqt_session *s, const moqt_subgroup_end *end, void *user_data);
    /* ---- Namespace subscription prefix updates (18+, ns_update.c) ---- */
    /**
     * Publisher side: the subscriber moved the prefix of namespace
     * subscription |request_id| (SUBSCRIBE_NAMESPACE or SUBSCRIBE_TRACKS) to
     * |prefix| (borrowed). The session has checked the overlap rule, answered
     * REQUEST_OK and forgotten the namespaces published through it outside
     * |prefix|; from now moqt_session_namespace_publish / _withdraw /
     * moqt_session_subscribe_tracks_skip take namespaces under |prefix|.
     * NULL: every update is refused with NOT_SUPPORTED (the application
     * could not follow the new prefix); a refusal ends the subscription
     * (REQUEST_ERROR, the stream closed, then unsubscribe_namespace).
     */
    int (*subscribe_namespace_update)(moqt_session *s, uint64_t request_id,
                                      const moqt_track_namespace *prefix, void *user_data);
    /**
     * Subscriber side: the publisher accepted moqt_session_subscribe_namespace_update
     * for subscription |request_id|; its prefix is now |prefix| (borrowed).
     * Namespaces active through it outside |prefix| were reported through
     * namespace_done first. A refusal arrives as subscribe_namespace_error
     * (the subscription is gone, the publisher closes its stream).
     */
    int (*subscribe_namespace_update_ok)(moqt_session *s, uint64_t request_id,
                                         const moqt_track_namespace *prefix, void *user_data);
} moqt_session_callbacks;

/* ---- Lifecycle --------------------------------------------------------------- */

/**
 * moqt_session_client_new / moqt_session_server_new create a session over
 * |t| (borrowed; must outlive the session) and install the session as its
 * callback consumer. |settings| may be NULL (defaults); |callbacks| and
 * |settings| are copied, the strings of |settings| included; |mem| NULL selects moqt_mem_default().
 * The client sends its setup as soon as the transport's handshake completes.
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_client_new(moqt_transport *t, const moqt_session_settings *settings,
                                        const moqt_session_callbacks *callbacks,
                                        const moqt_mem *mem, void *user_data,
                                        moqt_session **psession);
MOQT_EXTERN int moqt_session_server_new(moqt_transport *t, const moqt_session_settings *settings,
                                        const moqt_session_callbacks *callbacks,
                                        const moqt_mem *mem, void *user_data,
                                        moqt_session **psession);

/** moqt_session_del frees |s| (NULL is fine). It does not close the transport. */
MOQT_EXTERN void moqt_session_del(moqt_session *s);

/** moqt_session_version returns the negotiated version (0xff0000NN), or 0 before setup. */
MOQT_EXTERN uint64_t moqt_session_version(const moqt_session *s);

/** moqt_session_is_closed returns true once the session has ended. */
MOQT_EXTERN bool moqt_session_is_closed(const moqt_session *s);

/**
 * moqt_session_close closes the session with termination code |code| (the
 * draft's wire value; 0 = NO_ERROR) and |reason| (may be NULL).
 */
MOQT_EXTERN int moqt_session_close(moqt_session *s, uint64_t code, const char *reason,
                                   moqt_tstamp now);

/**
 * moqt_session_get_expiry returns the next deadline (UINT64_MAX: none);
 * moqt_session_handle_expiry fires what is due: subgroup streams whose
 * delivery timeout passed are reset with DELIVERY_TIMEOUT. Call
 * get_expiry after every call into the session (and after the transport
 * delivered events) and arm a timer for it.
 */
MOQT_EXTERN moqt_tstamp moqt_session_get_expiry(const moqt_session *s);
MOQT_EXTERN int moqt_session_handle_expiry(moqt_session *s, moqt_tstamp now);

/* ---- Subscriber ---------------------------------------------------------------- */

/**
 * moqt_session_subscribe sends SUBSCRIBE and stores its Request ID in
 * |*prequest_id|. When the peer's request credit (MAX_REQUEST_ID, 07-16) or
 * stream limit (17+) is exhausted, the request waits and is sent when credit
 * arrives (REQUESTS_BLOCKED is sent where the draft has it).
 *
 * Returns 0, MOQT_ERR_INVALID_STATE (before setup, after close, after
 * GOAWAY), MOQT_ERR_UNSUPPORTED (the filter does not exist in this draft),
 * MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_subscribe(moqt_session *s, const moqt_subscribe_params *params,
                                       uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_unsubscribe cancels |request_id| (our SUBSCRIBE, or a PUBLISH
 * we accepted): UNSUBSCRIBE (07-16), or FIN + STOP_SENDING on the request
 * stream (17+). No callback follows.
 */
MOQT_EXTERN int moqt_session_unsubscribe(moqt_session *s, uint64_t request_id, moqt_tstamp now);

/**
 * moqt_session_subscribe_update changes our established subscription
 * |request_id| (a SUBSCRIBE, or 12+ a PUBLISH we accepted): SUBSCRIBE_UPDATE
 * (07-15) or REQUEST_UPDATE (16+; 17+ on the subscription's request stream).
 * Fields not named in |u->fields| keep their value (07-14 restate them from
 * the session's record). 14+ give the update its own Request ID (waiting for
 * request credit like a SUBSCRIBE, 14-16); 15+ publishers answer REQUEST_OK,
 * or REQUEST_ERROR followed by PUBLISH_DONE (UPDATE_FAILED), which ends the
 * subscription.
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT (unknown subscription, or a range the
 * draft forbids: 07-14 may only narrow it, 15 may not move its Start back),
 * MOQT_ERR_INVALID_STATE (not established, closed), MOQT_ERR_UNSUPPORTED
 * (e.g. forward = false before 11) or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_subscribe_update(moqt_session *s, uint64_t request_id,
                                              const moqt_subscribe_update *u, moqt_tstamp now);

/* ---- Publisher ----------------------------------------------------------------- */

/**
 * moqt_session_subscribe_accept answers the SUBSCRIBE |request_id| with
 * SUBSCRIBE_OK. |largest| is the largest location published so far, or NULL.
 * The Track Alias is chosen by the session (12+) or was chosen by the
 * subscriber (07-11).
 */
MOQT_EXTERN int moqt_session_subscribe_accept(moqt_session *s, uint64_t request_id,
                                              const moqt_location *largest, moqt_tstamp now);

/**
 * The publisher's description of the track in SUBSCRIBE_OK (a parameter in
 * 07-15, a Track Property from 16: the session puts it where the draft has
 * it).
 */
typedef struct moqt_subscribe_ok_params {
    size_t struct_size;
    /** The largest location published so far, or NULL. */
    const moqt_location *largest;
    /**
     * The publisher's delivery timeouts in ms (0: none). The session applies
     * the smaller of each and the subscriber's: an object (or, 18+, a
     * finished subgroup) not acknowledged in time has its subgroup stream
     * reset with DELIVERY_TIMEOUT (the generic code in 07-10).
     */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    /**
     * MAX_CACHE_DURATION in ms when |has_max_cache_duration|. Informational
     * for the subscriber: honouring it (not serving an object from a cache
     * longer than that) is a relay's duty, not the session's.
     */
    bool has_max_cache_duration;
    uint64_t max_cache_duration_ms;
} moqt_subscribe_ok_params;

/** moqt_subscribe_ok_params_default fills |p|: no largest, no timeouts, no cache bound. */
MOQT_EXTERN void moqt_subscribe_ok_params_default(moqt_subscribe_ok_params *p);

/**
 * moqt_session_subscribe_accept_with is moqt_session_subscribe_accept with
 * the track's time limits. Returns as moqt_session_subscribe_accept, and
 * MOQT_ERR_UNSUPPORTED when the draft cannot carry the Max Cache Duration.
 */
MOQT_EXTERN int moqt_session_subscribe_accept_with(moqt_session *s, uint64_t request_id,
                                                   const moqt_subscribe_ok_params *params,
                                                   moqt_tstamp now);

/** What a subscriber learnt of a subscription (moqt_session_subscription_info). */
typedef struct moqt_subscription_info {
    size_t struct_size;
    /** The publisher's delivery timeouts from SUBSCRIBE_OK (ms, 0: none). */
    uint64_t delivery_timeout_ms;
    uint64_t subgroup_delivery_timeout_ms;
    /** The publisher's MAX_CACHE_DURATION, when it sent one. */
    bool has_max_cache_duration;
    uint64_t max_cache_duration_ms;
} moqt_subscription_info;

/**
 * moqt_session_subscription_info fills |info| for our subscription
 * |request_id| once SUBSCRIBE_OK arrived (also inside the subscribe_ok
 * callback). Returns 0, MOQT_ERR_INVALID_ARGUMENT (unknown request) or
 * MOQT_ERR_INVALID_STATE (no SUBSCRIBE_OK yet).
 */
MOQT_EXTERN int moqt_session_subscription_info(const moqt_session *s, uint64_t request_id,
                                               moqt_subscription_info *info);

/**
 * moqt_session_subscribe_reject answers with the draft's error
 * (SUBSCRIBE_ERROR 07-14, REQUEST_ERROR 15+) carrying |code| and |reason|.
 */
MOQT_EXTERN int moqt_session_subscribe_reject(moqt_session *s, uint64_t request_id,
                                              moqt_request_error code, const char *reason,
                                              moqt_tstamp now);

/**
 * moqt_session_send_object sends one object of the accepted subscription
 * (or our PUBLISH, see moqt_session_publish) |request_id| on the subgroup stream (|group|,
 * |subgroup|), opening it with its header when needed. |payload| is copied into the stream's send
 * queue and released when the peer acknowledges it. Status END_OF_GROUP, END_OF_TRACK(_AND_GROUP)
 * and END_OF_SUBGROUP end the stream (FIN) after the object. Object IDs must increase within a
 * subgroup.
 *
 * When the subscription's queued bytes would exceed max_send_buffer, the
 * subgroup streams of older groups are reset (the draft's TOO_FAR_BEHIND,
 * or its generic code) until it fits; MOQT_ERR_WOULDBLOCK if it still does
 * not (the object is dropped).
 *
 * Send order: the subgroup stream's transport priority follows the
 * subscriber priority, then |priority| (the publisher's), then the group
 * order (ascending or descending groups), then the Subgroup ID. With a
 * delivery timeout in force (moqt_session_subscribe_accept_with, or the
 * subscriber's), a stream whose oldest unacknowledged object is older than
 * the timeout is reset with DELIVERY_TIMEOUT (here or in
 * moqt_session_handle_expiry), and later objects of that subgroup are
 * dropped (returns 0). Objects are also dropped (returns 0) while the
 * subscription's Forward State is 0 and outside its range (after the End
 * Group, before an absolute Start), as SUBSCRIBE, PUBLISH_OK and updates set
 * them; moqt_session_send_object_datagram alike.
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT (unknown request, object id not
 * increasing), MOQT_ERR_INVALID_STATE (not accepted, or done),
 * MOQT_ERR_UNSUPPORTED (status or properties the draft cannot carry),
 * MOQT_ERR_WOULDBLOCK or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_send_object(moqt_session *s, uint64_t request_id, uint64_t group,
                                         uint64_t subgroup, uint64_t object_id, uint8_t priority,
                                         moqt_object_state status, const moqt_property *props,
                                         size_t nprops, const uint8_t *payload, size_t len,
                                         moqt_tstamp now);

/** moqt_session_end_subgroup ends (FIN) the stream of (|group|, |subgroup|) if open. */
MOQT_EXTERN int moqt_session_end_subgroup(moqt_session *s, uint64_t request_id, uint64_t group,
                                          uint64_t subgroup, moqt_tstamp now);

/**
 * moqt_session_publish_done ends the subscription with PUBLISH_DONE
 * (SUBSCRIBE_DONE in 07-13) carrying |code|, the number of subgroup streams
 * opened, and |reason|. Open subgroup streams are ended first.
 */
MOQT_EXTERN int moqt_session_publish_done(moqt_session *s, uint64_t request_id,
                                          moqt_done_reason code, const char *reason,
                                          moqt_tstamp now);

/**
 * moqt_session_send_object_datagram sends one object of the accepted
 * subscription |request_id| as a datagram (OBJECT_DATAGRAM, or the draft's
 * status datagram when |status| is not NORMAL) carrying the subscription's
 * Track Alias. The datagram is copied by the transport; it is unreliable.
 * 07-15 allow one forwarding preference per track: after subgroup streams
 * were opened for the subscription it is MOQT_ERR_INVALID_STATE.
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT, MOQT_ERR_INVALID_STATE,
 * MOQT_ERR_NOBUF (larger than moqt_transport_max_datagram_size()),
 * MOQT_ERR_UNSUPPORTED (no datagrams on this transport, or a status /
 * property the draft's datagram cannot carry), MOQT_ERR_WOULDBLOCK (the
 * transport's datagram queue is full: the object is dropped) or
 * MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_send_object_datagram(moqt_session *s, uint64_t request_id,
                                                  uint64_t group, uint64_t object_id,
                                                  uint8_t priority, moqt_object_state status,
                                                  const moqt_property *props, size_t nprops,
                                                  const uint8_t *payload, size_t len,
                                                  moqt_tstamp now);

/**
 * moqt_session_subscribe_update_reject, called inside the subscribe_update
 * callback, refuses the update (15+): REQUEST_ERROR with |code| and
 * |reason|, then PUBLISH_DONE with UPDATE_FAILED; the subscription is over.
 * MOQT_ERR_UNSUPPORTED in 07-14 (no answer exists there),
 * MOQT_ERR_INVALID_STATE outside the callback.
 */
MOQT_EXTERN int moqt_session_subscribe_update_reject(moqt_session *s, uint64_t request_id,
                                                     moqt_request_error code, const char *reason,
                                                     moqt_tstamp now);

/* ---- FETCH ---------------------------------------------------------------------- */

/**
 * moqt_session_fetch sends FETCH (waiting for request credit like
 * moqt_session_subscribe) and stores its Request ID in |*prequest_id|. A
 * joining fetch names one of our subscriptions.
 *
 * Returns 0, MOQT_ERR_INVALID_STATE (before setup, after close or GOAWAY),
 * MOQT_ERR_UNSUPPORTED (a joining kind the draft lacks: relative 08+,
 * absolute 11+), MOQT_ERR_INVALID_ARGUMENT (unknown joining subscription) or
 * MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_fetch(moqt_session *s, const moqt_fetch_params *params,
                                   uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_fetch_cancel cancels our FETCH |request_id|: FETCH_CANCEL
 * (07-16) or FIN + STOP_SENDING on the request stream (17+), and STOP_SENDING
 * on its FETCH stream. No callback follows.
 */
MOQT_EXTERN int moqt_session_fetch_cancel(moqt_session *s, uint64_t request_id, moqt_tstamp now);

/**
 * moqt_session_fetch_accept answers FETCH |request_id| with FETCH_OK
 * (|end_of_track|, |end_location| as the draft's FETCH_OK means it) and opens
 * the FETCH stream (header: Request ID).
 */
MOQT_EXTERN int moqt_session_fetch_accept(moqt_session *s, uint64_t request_id, bool end_of_track,
                                          moqt_location end_location, moqt_tstamp now);

/**
 * moqt_session_fetch_send_object writes one object on the FETCH stream of the
 * accepted fetch |request_id|, in the order the draft asks (groups in the
 * fetch's group order, Object IDs ascending within a group). The payload is
 * copied and kept until acknowledged. MOQT_ERR_WOULDBLOCK when the fetch's
 * unacknowledged bytes would exceed max_send_buffer (retry after acks).
 */
MOQT_EXTERN int moqt_session_fetch_send_object(moqt_session *s, uint64_t request_id, uint64_t group,
                                               uint64_t subgroup, uint64_t object_id,
                                               uint8_t priority, moqt_object_state status,
                                               const moqt_property *props, size_t nprops,
                                               const uint8_t *payload, size_t len, moqt_tstamp now);

/** moqt_session_fetch_finish ends the FETCH stream (FIN); the fetch is over. */
MOQT_EXTERN int moqt_session_fetch_finish(moqt_session *s, uint64_t request_id, moqt_tstamp now);

/**
 * moqt_session_fetch_reject refuses FETCH |request_id| with the draft's error
 * (FETCH_ERROR 07-14, REQUEST_ERROR 15+).
 */
MOQT_EXTERN int moqt_session_fetch_reject(moqt_session *s, uint64_t request_id,
                                          moqt_request_error code, const char *reason,
                                          moqt_tstamp now);

/* ---- GOAWAY ---------------------------------------------------------------------- */

/**
 * moqt_session_goaway (server only) sends GOAWAY with |new_session_uri| (NULL
 * or "" for none) on the control stream. The client hears it through its
 * goaway callback. Afterwards this session starts no new request of its own
 * (moqt_session_subscribe, _fetch, _publish_namespace... return
 * MOQT_ERR_INVALID_STATE); requests the peer makes are still served.
 *
 * Returns 0, MOQT_ERR_INVALID_STATE (a client, before setup, after close, or
 * a second GOAWAY) or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_goaway(moqt_session *s, const char *new_session_uri, moqt_tstamp now);

/* ---- Namespaces ------------------------------------------------------------------ */

/**
 * moqt_session_publish_namespace announces |ns| (PUBLISH_NAMESPACE; ANNOUNCE
 * in 07-11) and stores the request's handle in |*prequest_id| (its Request
 * ID from 11, a session handle in 07-10). Waits for request credit like
 * SUBSCRIBE. The answer arrives as publish_namespace_ok / _error.
 *
 * Returns 0, MOQT_ERR_INVALID_STATE (before setup, after close, after a
 * GOAWAY; in 07-10 also when |ns| is announced already),
 * MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_publish_namespace(moqt_session *s, const moqt_track_namespace *ns,
                                               uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_publish_namespace_done withdraws the announcement
 * |request_id|: PUBLISH_NAMESPACE_DONE (UNANNOUNCE) in 07-16, closing the
 * request stream in 17+. MOQT_ERR_INVALID_STATE if it still waits for credit
 * (07-16).
 */
MOQT_EXTERN int moqt_session_publish_namespace_done(moqt_session *s, uint64_t request_id,
                                                    moqt_tstamp now);

/**
 * moqt_session_publish_namespace_accept / _reject answer the peer's
 * announcement |request_id|: PUBLISH_NAMESPACE_OK (ANNOUNCE_OK) in 07-14,
 * REQUEST_OK in 15+; the error is PUBLISH_NAMESPACE_ERROR (ANNOUNCE_ERROR)
 * in 07-14, REQUEST_ERROR in 15+.
 */
MOQT_EXTERN int moqt_session_publish_namespace_accept(moqt_session *s, uint64_t request_id,
                                                      moqt_tstamp now);
MOQT_EXTERN int moqt_session_publish_namespace_reject(moqt_session *s, uint64_t request_id,
                                                      moqt_request_error code, const char *reason,
                                                      moqt_tstamp now);

/* ---- Namespace subscriptions ------------------------------------------------------ */

/** What a namespace subscription asks for (the |wants| of subscribe_namespace). */
#define MOQT_NS_WANT_NAMESPACES 0x1u /* namespaces: PUBLISH_NAMESPACE <=15, NAMESPACE 16+ */
#define MOQT_NS_WANT_TRACKS     0x2u /* tracks: PUBLISH (12+) */

/**
 * moqt_session_subscribe_namespace asks the peer for the namespaces under
 * |prefix| (SUBSCRIBE_ANNOUNCES 07-12, SUBSCRIBE_NAMESPACE 13+; 16-17 with
 * Subscribe Options NAMESPACE; 12-15 imply PUBLISHes too) and stores the
 * request's handle in |*prequest_id| (its Request ID from 11, a session
 * handle in 07-10). Waits for request credit (07-16) or a stream (16+: the
 * request has its own bidirectional stream). The answer arrives as
 * subscribe_namespace_ok / _error; then namespaces as publish_namespace
 * (07-15) or namespace_published / namespace_done (16+).
 *
 * Returns 0, MOQT_ERR_INVALID_STATE (before setup, after close, after a
 * GOAWAY; in 07-10 also when |prefix| is subscribed already),
 * MOQT_ERR_INVALID_ARGUMENT (more than 32 fields; an empty prefix before 16),
 * or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_subscribe_namespace(moqt_session *s,
                                                 const moqt_track_namespace *prefix,
                                                 uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_subscribe_tracks asks for PUBLISHes of the tracks under
 * |prefix|: SUBSCRIBE_TRACKS (18+), SUBSCRIBE_NAMESPACE with Subscribe
 * Options PUBLISH (16-17). MOQT_ERR_UNSUPPORTED in 07-15, which cannot ask
 * for tracks alone (12-15: moqt_session_subscribe_namespace asks for both).
 * Otherwise as moqt_session_subscribe_namespace; the PUBLISHes themselves
 * arrive as any PUBLISH does.
 */
MOQT_EXTERN int moqt_session_subscribe_tracks(moqt_session *s, const moqt_track_namespace *prefix,
                                              uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_unsubscribe_namespace cancels subscription |request_id|
 * (either kind): UNSUBSCRIBE_ANNOUNCES / UNSUBSCRIBE_NAMESPACE (07-15),
 * closing its stream (16+). No callbacks follow. MOQT_ERR_INVALID_STATE if
 * it still waits for credit or a stream in 07-16 (its Request ID is taken).
 */
MOQT_EXTERN int moqt_session_unsubscribe_namespace(moqt_session *s, uint64_t request_id,
                                                   moqt_tstamp now);

/**
 * moqt_session_subscribe_namespace_accept / _reject answer the peer's
 * namespace subscription |request_id|: SUBSCRIBE_ANNOUNCES_OK /
 * SUBSCRIBE_NAMESPACE_OK (07-14) or REQUEST_OK (15+); the _ERROR message
 * (07-14) or REQUEST_ERROR (15+, then FIN of its stream in 16+).
 */
MOQT_EXTERN int moqt_session_subscribe_namespace_accept(moqt_session *s, uint64_t request_id,
                                                        moqt_tstamp now);
MOQT_EXTERN int moqt_session_subscribe_namespace_reject(moqt_session *s, uint64_t request_id,
                                                        moqt_request_error code, const char *reason,
                                                        moqt_tstamp now);

/**
 * moqt_session_namespace_publish tells the subscriber of accepted
 * subscription |request_id| that namespace |ns| (a full namespace beginning
 * with the subscription's prefix) exists: NAMESPACE with the suffix on the
 * subscription's stream (16+), or a PUBLISH_NAMESPACE (ANNOUNCE) request of
 * its own (07-15: the subscriber answers it; its answer reaches
 * publish_namespace_ok / _error under that request's own handle).
 * moqt_session_namespace_withdraw takes it back: NAMESPACE_DONE (16+) or
 * PUBLISH_NAMESPACE_DONE / closing that request (07-15, as
 * moqt_session_publish_namespace_done).
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT (no such subscription, |ns| outside
 * its prefix, or not published through it), MOQT_ERR_INVALID_STATE (not
 * accepted yet, a tracks-only subscription, |ns| published already, the
 * session closing) or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_namespace_publish(moqt_session *s, uint64_t request_id,
                                               const moqt_track_namespace *ns, moqt_tstamp now);
MOQT_EXTERN int moqt_session_namespace_withdraw(moqt_session *s, uint64_t request_id,
                                                const moqt_track_namespace *ns, moqt_tstamp now);

/**
 * moqt_session_subscribe_tracks_skip tells the subscriber of accepted tracks
 * subscription |request_id| that track |ns| (full namespace under its
 * prefix) / |name| will get no PUBLISH (PUBLISH_BLOCKED 17-18, e.g. no bidi
 * stream was available; PUBLISH_SKIPPED 19). MOQT_ERR_UNSUPPORTED before 17;
 * MOQT_ERR_INVALID_STATE for a subscription that asked for no tracks.
 */
MOQT_EXTERN int moqt_session_subscribe_tracks_skip(moqt_session *s, uint64_t request_id,
                                                   const moqt_track_namespace *ns, moqt_bytes name,
                                                   moqt_tstamp now);

/**
 * moqt_session_publish_namespace_cancel revokes our acceptance of the peer's
 * announcement |request_id| (the receiver no longer wants it):
 * PUBLISH_NAMESPACE_CANCEL (ANNOUNCE_CANCEL in 07-13) with |code| and
 * |reason| in 07-16; 17+ cancel the request stream (FIN and STOP_SENDING;
 * code and reason are not carried). The publisher hears it through its
 * publish_namespace_error callback. No callback follows here.
 *
 * Returns 0, MOQT_ERR_INVALID_ARGUMENT (not an announcement of the peer's) or
 * MOQT_ERR_INVALID_STATE (not accepted, or the session is closing).
 */
MOQT_EXTERN int moqt_session_publish_namespace_cancel(moqt_session *s, uint64_t request_id,
                                                      moqt_request_error code, const char *reason,
                                                      moqt_tstamp now);

/**
 * moqt_session_subscribe_namespace_update moves the Track Namespace Prefix of
 * our established namespace subscription |request_id| (either kind) to
 * |prefix|: REQUEST_UPDATE with TRACK_NAMESPACE_PREFIX on its stream (18+,
 * mt-18 l.3114). Once REQUEST_OK arrives, NAMESPACE / NAMESPACE_DONE /
 * PUBLISH_SKIPPED suffixes are read against |prefix| (callbacks still get
 * full namespaces) and subscribe_namespace_update_ok is called; a
 * REQUEST_ERROR (e.g. PREFIX_OVERLAP) ends the subscription
 * (subscribe_namespace_error). One update at a time.
 *
 * Returns 0, MOQT_ERR_UNSUPPORTED (07-17: no such parameter),
 * MOQT_ERR_INVALID_ARGUMENT (no such subscription of ours, more than 32
 * fields), MOQT_ERR_INVALID_STATE (not established yet, an update still
 * unanswered, the session closing) or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_subscribe_namespace_update(moqt_session *s, uint64_t request_id,
                                                        const moqt_track_namespace *prefix,
                                                        moqt_tstamp now);

/* ---- TRACK_STATUS --------------------------------------------------------------- */

/**
 * moqt_session_track_status asks the peer about track |ns| / |name|
 * (TRACK_STATUS_REQUEST 07-12, TRACK_STATUS 13+); the answer arrives as
 * track_status_ok / _error. Request handle as for PUBLISH_NAMESPACE (a
 * session handle in 07-10). Returns as moqt_session_publish_namespace.
 */
MOQT_EXTERN int moqt_session_track_status(moqt_session *s, const moqt_track_namespace *ns,
                                          moqt_bytes name, uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_track_status_reply answers TRACK_STATUS |request_id|: the
 * track exists, its largest location is |largest| (NULL: no content yet).
 * 07-12: reply Status 0x00 (or 0x02 "not yet begun" for NULL); 13-14
 * TRACK_STATUS_OK; 15+ REQUEST_OK with LARGEST_OBJECT.
 */
MOQT_EXTERN int moqt_session_track_status_reply(moqt_session *s, uint64_t request_id,
                                                const moqt_location *largest, moqt_tstamp now);

/**
 * moqt_session_track_status_reject refuses it: TRACK_STATUS_ERROR (13-14),
 * REQUEST_ERROR (15+); 07-12 have no error message: the reply's Status Code
 * 0x01 for DOES_NOT_EXIST, 0x04 for any other code (|reason| is lost there).
 */
MOQT_EXTERN int moqt_session_track_status_reject(moqt_session *s, uint64_t request_id,
                                                 moqt_request_error code, const char *reason,
                                                 moqt_tstamp now);

/* ---- PUBLISH (12+) ---------------------------------------------------------------- */

/**
 * moqt_session_publish offers a track to the peer (PUBLISH, 12+) with a Track
 * Alias the session picks, and stores its Request ID in |*prequest_id|. It
 * waits for request credit / a request stream like moqt_session_subscribe.
 * Then the track is published like an accepted subscription:
 * moqt_session_send_object / _end_subgroup / _publish_done with this Request
 * ID. With |forward| true, objects may go before PUBLISH_OK (mt-12 l.2300,
 * mt-15 l.2458); objects sent while the Forward State is 0 are dropped
 * (returns 0), and before the PUBLISH itself could be sent (no credit yet)
 * they are refused with MOQT_ERR_WOULDBLOCK. The subscriber's answer arrives
 * as publish_ok / publish_error; its cancellation as |unsubscribe|.
 *
 * Returns 0, MOQT_ERR_UNSUPPORTED (drafts before 12, or a value the draft
 * cannot carry), MOQT_ERR_INVALID_STATE (before setup, after close or
 * GOAWAY), MOQT_ERR_INVALID_ARGUMENT or MOQT_ERR_NOMEM.
 */
MOQT_EXTERN int moqt_session_publish(moqt_session *s, const moqt_publish_params *params,
                                     uint64_t *prequest_id, moqt_tstamp now);

/**
 * moqt_session_publish_accept answers the peer's PUBLISH |request_id| with
 * PUBLISH_OK (REQUEST_OK in 19); |ok| NULL takes the defaults. Held objects
 * are delivered. moqt_session_unsubscribe(request_id) cancels later.
 */
MOQT_EXTERN int moqt_session_publish_accept(moqt_session *s, uint64_t request_id,
                                            const moqt_publish_ok_params *ok, moqt_tstamp now);

/**
 * moqt_session_publish_reject refuses it (PUBLISH_ERROR 12-14, REQUEST_ERROR
 * 15+) and stops the track's subgroup streams (STOP_SENDING).
 */
MOQT_EXTERN int moqt_session_publish_reject(moqt_session *s, uint64_t request_id,
                                            moqt_request_error code, const char *reason,
                                            moqt_tstamp now);

#ifdef __cplusplus
}
#endif

#endif /* MOQT_SESSION_H */
