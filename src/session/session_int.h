/*
 * The session's private state, shared by the files of src/session/ (split by
 * request family: session.c lifecycle and transport events, setup.c version
 * negotiation, control.c control-stream parsing and request credit,
 * subscribe.c the SUBSCRIBE family, object_tx.c / object_rx.c the data plane,
 * sendq.c send queues, namespace.c PUBLISH_NAMESPACE, track_status.c
 * TRACK_STATUS, goaway.c sending GOAWAY, datagram.c objects by datagram,
 * publish.c PUBLISH in both roles: a PUBLISH request is kind MOQT_MSG_PUBLISH,
 * |local| on the publisher, ns_subscribe.c the SUBSCRIBE_NAMESPACE family,
 * SUBSCRIBE_TRACKS and NAMESPACE / NAMESPACE_DONE; update.c SUBSCRIBE_UPDATE /
 * REQUEST_UPDATE; ns_update.c REQUEST_UPDATE of a namespace subscription's
 * prefix (18+); auth.c authorization tokens). Only the struct and the
 * cross-file prototypes live here.
 */
#ifndef MOQT_SESSION_INT_H
#define MOQT_SESSION_INT_H

#include <moqt/moqt_session.h>

#include "session/sendq.h"
#include "wire/control.h"
#include "wire/data.h"
#include "wire/errcode.h"

#define SESSION_TAG "session"

typedef enum sstream_kind {
    SS_UNKNOWN = 0, /* peer stream not classified yet (uni: type unread) */
    SS_CONTROL,     /* <=16: the bidi control stream */
    SS_CONTROL_TX,  /* 17+: our uni control stream */
    SS_CONTROL_RX,  /* 17+: the peer's uni control stream */
    SS_REQUEST,     /* 17+: a bidi stream carrying one request */
    SS_SUBGROUP_RX, /* a peer subgroup stream */
    SS_SUBGROUP_TX, /* one of our subgroup streams */
    SS_FETCH_RX,    /* a peer FETCH stream */
    SS_FETCH_TX,    /* one of our FETCH streams */
    SS_IGNORED      /* data discarded (stopped, unsupported) */
} sstream_kind;

typedef struct request request;

/* auth.c: a token alias the peer registered. */
typedef struct moqt_auth_alias {
    uint64_t alias;
    uint64_t token_type;
    uint8_t *value;
    size_t len;
} moqt_auth_alias;

/* datagram.c: a datagram kept until its Track Alias is known (bounded). */
#define DGRAM_EARLY_MAX 32
typedef struct moqt_dgram_early {
    uint8_t *data;
    size_t len;
    uint64_t alias;
} moqt_dgram_early;

/* One transport stream the session knows. */
typedef struct sstream {
    uint64_t id;
    sstream_kind kind;
    bool fin_rcvd;
    bool reset_sent;
    /* Received bytes not yet parsed (bounded per kind). */
    uint8_t *rx;
    size_t rxlen, rxcap;
    moqt_sendq sq;
    request *req; /* SS_REQUEST, SS_SUBGROUP_*: the request it serves */
    /* Subgroup streams. */
    bool have_header;
    bool early; /* SUBGROUP_RX waiting for its Track Alias */
    /* The transport forgot the stream (stream_closed) while we still hold
     * its bytes (an early subgroup stream): freed once they are handled. */
    bool transport_closed;
    moqt_subgroup_stream sg;
    moqt_fetch_stream fs;     /* FETCH_RX / FETCH_TX */
    uint64_t group, subgroup; /* SUBGROUP_TX */
    uint64_t opened_seq;      /* SUBGROUP_TX: open order, oldest first */
    /* Scheduling and time limits (object_tx.c, timers.c), SUBGROUP_TX /
     * FETCH_TX: the publisher priority the order key uses, and when the
     * stream's FIN was queued (valid once sq.fin_queued). */
    uint8_t pub_priority;
    moqt_tstamp fin_at;
} sstream;

typedef enum request_state {
    RQ_WAIT_CREDIT = 0, /* ours, not sent: no request credit / stream yet */
    RQ_SENT,            /* ours, awaiting the answer */
    RQ_ESTABLISHED,     /* ours, SUBSCRIBE_OK received */
    RQ_WAIT_APP,        /* the peer's, the application has not answered */
    RQ_ACCEPTED,        /* the peer's, SUBSCRIBE_OK sent */
    RQ_DONE             /* finished; kept until freed */
} request_state;

/* One request (slice 1: SUBSCRIBE in either direction). */
struct request {
    request *next;
    uint64_t id;
    moqt_msg_kind kind;
    bool local; /* we sent it */
    request_state state;
    uint64_t track_alias;
    bool alias_known;
    sstream *stream; /* 17+: the request stream */
    /* Ours, waiting for credit: the encoded message (without it the request
     * stream of 17+ carries nothing yet). */
    uint8_t *pending;
    size_t pending_len;
    bool cancelled; /* unsubscribed while waiting: send, then cancel at once */
    /* Publisher side. */
    uint64_t streams_opened;
    uint64_t next_open_seq;
    bool counted; /* the peer's request still holds request credit */
    /* Subscriber side: PUBLISH_DONE waits for its Stream Count of subgroup
     * streams to end before the application hears of it. */
    uint64_t rx_streams_done;
    bool done_rcvd;
    moqt_done_reason done_reason;
    uint64_t done_wire, done_streams;
    /* SUBSCRIBE, publisher side: the largest Location given in SUBSCRIBE_OK
     * (joining fetches resolve against it). */
    bool has_largest;
    moqt_location largest;
    /* FETCH, requester side: FETCH_OK seen; the FETCH stream's end waiting
     * for it (|fetch_end_complete|: FIN rather than reset). */
    bool fetch_ok_rcvd;
    bool fetch_end_pending;
    bool fetch_end_complete;
    /* FETCH, both sides: Descending group order asked (18+ FETCH streams
     * code Group ID deltas in that direction, mt-18 l.4259). */
    bool fetch_descending;
    /* FETCH, publisher side: a joining fetch whose subscription the
     * application has not answered yet waits for it (mt-18 l.3340). */
    bool join_waiting;
    uint64_t join_type, join_id, join_start;
    uint8_t fetch_priority, fetch_group_order;
    uint8_t *done_text;
    size_t done_text_len;
    /* The namespace family (namespace.c): the namespace, stored. */
    uint8_t *ns_store;
    size_t ns_store_len;
    /* The Forward State of a PUBLISH or SUBSCRIBE, both sides (publish.c,
     * update.c): the publisher drops objects while it is 0. */
    bool forward;
    /* Scheduling and time limits (object_tx.c, timers.c). Publisher side of
     * a SUBSCRIBE: the subscriber's priority (SUBSCRIBE, SUBSCRIBE_UPDATE)
     * and the group order in force (ascending or descending). Delivery
     * timeouts in ms (0: none), as the subscriber asked (SUBSCRIBE / update)
     * and as the publisher set them (accept; on the subscriber side: what
     * SUBSCRIBE_OK carried), and the publisher's Max Cache Duration. */
    uint8_t sub_priority;
    uint8_t group_order;
    uint64_t sub_object_timeout_ms, sub_subgroup_timeout_ms;
    uint64_t pub_object_timeout_ms, pub_subgroup_timeout_ms;
    bool has_max_cache_duration;
    uint64_t max_cache_duration_ms;
    /* Subgroups whose stream timed out: no new stream is opened for them
     * (mt-18 l.1831), the most recent few remembered. */
    uint64_t timed_out[4][2];
    size_t timed_out_next;
    /* ns_subscribe.c: what a namespace subscription asks for
     * (MOQT_NS_WANT_*); and for a namespace sent or heard through one (a
     * NAMESPACE entry, or 07-15 a forwarded PUBLISH_NAMESPACE), that
     * subscription's handle. */
    unsigned nsub_wants;
    bool nsub_child;
    uint64_t nsub_parent;
    /* update.c: a SUBSCRIBE as last stated (SUBSCRIBE, SUBSCRIBE_OK's
     * Largest, updates), both sides; and our updates in flight. */
    moqt_filter_type upd_filter;
    moqt_location upd_start;
    bool upd_open_ended;
    uint64_t upd_end_group;
    uint8_t upd_priority;
    uint32_t upd_pending; /* SUBSCRIBE, 17+: REQUEST_UPDATEs awaiting an answer */
    uint64_t upd_target;  /* a REQUEST_UPDATE request (<=16): the subscription */
    /* ns_update.c: our namespace subscription's REQUEST_UPDATE in flight:
     * the prefix it asks for (moqt_ns_store layout), until answered. */
    uint8_t *nsu_prefix;
    size_t nsu_prefix_len;
};

struct moqt_session {
    moqt_mem mem_storage;
    const moqt_mem *mem;
    moqt_transport *t;
    bool is_server;
    moqt_session_settings settings;
    moqt_session_callbacks cb;
    void *user_data;
    moqt_tstamp now;

    const moqt_profile *p; /* negotiated draft; NULL until known */
    /* The negotiated row with this peer's compatibility rules applied
     * (setup.c apply_peer_quirks); p points here once it is in use. */
    moqt_profile peer_profile;
    bool setup_sent, setup_rcvd, setup_done;
    bool closing, closed;
    bool goaway_rcvd;
    bool goaway_sent; /* goaway.c: no new requests of ours after it */

    sstream **streams;
    size_t nstreams, cap_streams;
    sstream *control;    /* <=16 */
    sstream *control_tx; /* 17+ */
    sstream *control_rx; /* 17+ */

    request *requests;
    /* Our requests: next Request ID, and the peer's limit (07-16). */
    uint64_t local_requests; /* Request IDs we have used */
    uint64_t peer_max_request_id;
    uint64_t blocked_sent_at; /* REQUESTS_BLOCKED last sent for this limit (+1) */
    /* The peer's requests: next expected ID, what we granted. */
    uint64_t peer_requests; /* requests the peer has opened */
    uint64_t peer_last_request_id;
    uint64_t granted_requests; /* credit granted, in requests */
    uint64_t granted_max_sent; /* the largest Maximum Request ID sent */
    uint64_t completed_requests;
    /* 16: Request IDs of the peer seen ahead of the sequence (bit k: the ID
     * k steps past the next expected one), since SUBSCRIBE_NAMESPACE streams
     * and the control stream race (ns_subscribe.c). */
    uint64_t peer_ids_ahead;
    uint64_t next_track_alias;
    size_t early_bytes;
    /* Subgroup streams the peer reset before their header named a
     * subscription; PUBLISH_DONE's Stream Count may be waiting for them. */
    uint64_t orphan_stream_ends;

    uint8_t *scratch; /* encode buffer for control messages */
    size_t scratch_cap;

    /* datagram.c: datagrams waiting for their Track Alias, and the count of
     * datagrams dropped (unknown alias, early buffer full). */
    moqt_dgram_early dg_early[DGRAM_EARLY_MAX];
    size_t dg_early_count;
    size_t dg_early_bytes;
    uint64_t dg_dropped;

    /* auth.c: the peer's registered token aliases and their value bytes;
     * the resolved token values of the request being handled. */
    moqt_auth_alias *auth_aliases;
    size_t auth_count, auth_cap;
    uint64_t auth_cache_bytes;
    uint8_t *auth_buf;
    size_t auth_buf_cap;

    /* update.c: the peer's update being handed to the application. */
    bool upd_in_callback;
    bool upd_refused;
    uint64_t upd_callback_sub; /* the subscription */
    uint64_t upd_callback_id;  /* the update's own Request ID (14-16) */
    bool upd_callback_has_id;
};

/* ---- session.c ---- */
sstream *moqt_session_stream_find(moqt_session *s, uint64_t id);
sstream *moqt_session_stream_add(moqt_session *s, uint64_t id, sstream_kind kind);
int moqt_session_stream_open(moqt_session *s, bool bidi, sstream_kind kind, sstream **pss);
void moqt_session_stream_forget(moqt_session *s, sstream *ss);
/* Appends |len| bytes to |ss|'s receive buffer, bounded by |limit|. */
int moqt_session_stream_append(moqt_session *s, sstream *ss, const uint8_t *data, size_t len,
                               size_t limit);
void moqt_session_stream_consume(sstream *ss, size_t n);
/* Parses what |ss| holds according to its kind (classifying uni streams). */
int moqt_session_stream_dispatch(moqt_session *s, sstream *ss);
/* Queues bytes on a stream and flushes; |fin| ends it. */
int moqt_session_stream_send(moqt_session *s, sstream *ss, const uint8_t *a, size_t alen,
                             const uint8_t *b, size_t blen, bool fin);
int moqt_session_stream_reset(moqt_session *s, sstream *ss, moqt_reset_code code);
/* Encodes |m| under the negotiated draft and sends it on |ss|. */
int moqt_session_send_msg(moqt_session *s, sstream *ss, const moqt_msg *m, bool fin);
/* Closes the session with |term| (logged once); returns MOQT_ERR_PROTOCOL_VIOLATION
 * style negative code for the caller to propagate (0 if |term| is NO_ERROR). */
int moqt_session_fail(moqt_session *s, moqt_term term, const char *why);
request *moqt_session_request_find(moqt_session *s, uint64_t id, bool local);
request *moqt_session_request_new(moqt_session *s, uint64_t id, moqt_msg_kind kind, bool local);
void moqt_session_request_free(moqt_session *s, request *rq);
/* A callback result: 0, or the session is closed with INTERNAL_ERROR. */
int moqt_session_callback_result(moqt_session *s, int rv);

/* ---- setup.c ---- */
int moqt_setup_start(moqt_session *s, const char *alpn);
int moqt_setup_on_msg(moqt_session *s, sstream *ss, const moqt_msg *m);
/* Decodes a setup message before the draft is known (07-14 in-band). */
moqt_ssize moqt_setup_decode_inband(moqt_session *s, const uint8_t *data, size_t len, moqt_msg *m);

/* ---- control.c ---- */
int moqt_control_on_data(moqt_session *s, sstream *ss);
int moqt_control_on_request_stream_data(moqt_session *s, sstream *ss);
/* Request ID bookkeeping. */
uint64_t moqt_control_take_request_id(moqt_session *s);
bool moqt_control_has_credit(const moqt_session *s, uint64_t id);
int moqt_control_send_blocked(moqt_session *s);
int moqt_control_check_peer_request(moqt_session *s, uint64_t id);
int moqt_control_request_completed(moqt_session *s, request *rq);
uint64_t moqt_control_granted_max(moqt_session *s, const moqt_profile *p);
int moqt_control_flush_pending(moqt_session *s);
/* Starting a request of ours (dedup of subscribe, fetch, publish, namespace,
 * track_status, ns_subscribe). */
/* Keeps the |len| bytes just encoded in s->scratch as |rq|'s message, waiting
 * for credit: 0, or MOQT_ERR_NOMEM with nothing changed. */
int moqt_control_hold_request(moqt_session *s, request *rq, size_t len);
/* Undoes a request being started: frees |rq| (may be NULL), gives back its ID
 * when |numbered|; returns |rv|. */
int moqt_control_abandon_request(moqt_session *s, request *rq, bool numbered, int rv);
/* Our new request |id| of |kind| holding the |n| bytes in s->scratch (n < 0:
 * encoding failed), waiting for credit; NULL with *prv set and the ID given
 * back on failure. */
request *moqt_control_new_request(moqt_session *s, uint64_t id, moqt_msg_kind kind, moqt_ssize n,
                                  int *prv);
/* 07-10, no Request ID and no credit: sends |rq|'s held message at once. */
int moqt_control_send_unnumbered(moqt_session *s, request *rq);
/* Sends what waits if credit / a request stream allows, else REQUESTS_BLOCKED. */
int moqt_control_start_requests(moqt_session *s);
/* Sends |m| for request |rq|: on the control stream (<=16) or the request's
 * stream (17+; opened by the caller for requests). */
int moqt_control_send(moqt_session *s, request *rq, const moqt_msg *m, bool fin);
int moqt_control_refuse(moqt_session *s, const moqt_msg *req, sstream *ss, moqt_req_err code,
                        const char *reason);

/* ---- subscribe.c ---- */
int moqt_subscribe_on_subscribe(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_subscribe_on_ok(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_subscribe_on_error(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_subscribe_on_unsubscribe(moqt_session *s, request *rq);
int moqt_subscribe_on_done(moqt_session *s, request *rq, const moqt_msg *m);
/* The request stream of |rq| ended or was stopped by the peer (17+). */
int moqt_subscribe_on_stream_end(moqt_session *s, request *rq);
/* A subgroup stream of |rq| ended (FIN or reset) on the subscriber side. */
int moqt_subscribe_rx_stream_done(moqt_session *s, request *rq);
/* Unattributed stream ends arrived: PUBLISH_DONEs waiting for streams may fire. */
int moqt_subscribe_orphans_available(moqt_session *s);
/* PUBLISH_DONE (or the request's end) reaches the application once its streams ended. */
int moqt_subscribe_fire_done(moqt_session *s, request *rq);
/* Filters between the public and the wire enums (publish.c shares them). */
int moqt_subscribe_filter_to_wire(moqt_subscribe_filter f, moqt_filter_type *out);
moqt_subscribe_filter moqt_subscribe_filter_from_wire(moqt_filter_type t);

/* ---- fetch.c ---- */
int moqt_fetch_on_fetch(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_fetch_on_ok(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_fetch_on_error(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_fetch_on_cancel(moqt_session *s, request *rq);
/* The request stream of FETCH |rq| ended or was stopped by the peer (17+). */
int moqt_fetch_on_stream_end(moqt_session *s, request *rq);
/* Bytes on a FETCH stream (SS_FETCH_RX); |reset|: the peer reset it. */
int moqt_fetch_rx_on_data(moqt_session *s, sstream *ss);
int moqt_fetch_rx_on_reset(moqt_session *s, sstream *ss);
/* The application answered SUBSCRIBE |sub_id|: joining fetches waiting for it proceed. */
int moqt_fetch_join_answered(moqt_session *s, uint64_t sub_id);

/* ---- namespace.c ---- */
bool moqt_namespace_owns(const request *rq);
/* A message of the PUBLISH_NAMESPACE family on the control stream (<=16). */
bool moqt_namespace_handles(const moqt_msg *m);
int moqt_namespace_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_namespace_on_publish_namespace(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_namespace_on_response(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_namespace_on_stream_end(moqt_session *s, request *rq);
/* A request's stored namespace (and track name, if |name|). */
int moqt_ns_store(moqt_session *s, request *rq, const moqt_namespace *ns, const moqt_bytes *name);
void moqt_ns_load(const request *rq, moqt_namespace *ns, moqt_bytes *name);
/* A new request keeping |ns| (and |name|) with it; NULL when out of memory. */
request *moqt_ns_request_new(moqt_session *s, uint64_t id, moqt_msg_kind kind, bool local,
                             const moqt_namespace *ns, const moqt_bytes *name);
/* The peer's request |m| (with its namespace, and |name|) as request |id|
 * waiting for the application; |own|: its request stream, NULL on the control
 * stream; |counted|: it took request credit. NULL when out of memory. */
request *moqt_ns_peer_request(moqt_session *s, sstream *own, uint64_t id, const moqt_msg *m,
                              const moqt_bytes *name, bool counted);
/* A handle for a request the draft gives no Request ID (07-10). */
uint64_t moqt_ns_synthetic_id(const moqt_session *s);

/* ---- track_status.c ---- */
bool moqt_track_status_owns(const request *rq);
/* TRACK_STATUS / its reply / TRACK_STATUS_ERROR on the control stream (<=16). */
bool moqt_track_status_handles(const moqt_msg *m);
int moqt_track_status_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_track_status_on_request(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_track_status_on_response(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_track_status_on_stream_end(moqt_session *s, request *rq);

/* ---- publish.c (PUBLISH, 12+) ---- */
/* A request that receives objects: our SUBSCRIBE or the peer's PUBLISH. */
bool moqt_request_receives(const request *rq);
int moqt_publish_on_publish(moqt_session *s, sstream *ss, const moqt_msg *m);
/* PUBLISH_OK / REQUEST_OK / the errors / PUBLISH_DONE / UNSUBSCRIBE for a PUBLISH. */
int moqt_publish_on_msg(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_publish_on_stream_end(moqt_session *s, request *rq);
/* The PUBLISH a message names when the usual lookup found nothing: ours for
 * UNSUBSCRIBE, the peer's for PUBLISH_DONE. */
request *moqt_publish_lookup(moqt_session *s, const moqt_msg *m);
/* Our PUBLISH |id| (publisher side), or NULL. */
request *moqt_publish_find_ours(moqt_session *s, uint64_t id);
/* The request moqt_session_send_object & co. publish on: the peer's SUBSCRIBE
 * or our PUBLISH |id|. */
request *moqt_publish_tx_find(moqt_session *s, uint64_t id);
/* The subscription |id| we receive: our SUBSCRIBE or a PUBLISH we accepted. */
request *moqt_publish_rx_find(moqt_session *s, uint64_t id);
/* moqt_session_publish_done on our PUBLISH still waiting for credit. */
int moqt_publish_done_unsent(moqt_session *s, request *rq, moqt_done_reason code);
/* object_tx.c: the checks moqt_session_send_object and _send_object_datagram
 * share. May an object at {group, object_id} go out on request |request_id|
 * (a SUBSCRIBE's or our PUBLISH, stored in |*prq|): 0 yes, 1 drop silently
 * (Forward State 0, or outside the subscription's range), or a negative
 * error (bad arguments, wrong state). */
int moqt_object_tx_admit(moqt_session *s, uint64_t request_id, uint64_t group, uint64_t object_id,
                         moqt_object_state status, size_t nprops, const uint8_t *payload,
                         size_t len, request **prq);
/* The object header fields both send paths fill the same way. */
void moqt_object_tx_fill_hdr(moqt_object_hdr *o, uint64_t object_id, moqt_object_state status,
                             const moqt_property *props, size_t nprops, size_t len);

/* ---- ns_subscribe.c ---- */
/* A namespace subscription (either direction, SUBSCRIBE_NAMESPACE or
 * SUBSCRIBE_TRACKS) or one of its NAMESPACE entries. */
bool moqt_nsub_owns(const request *rq);
/* A message of the family on the control stream (<=16). */
bool moqt_nsub_handles(const moqt_msg *m);
int moqt_nsub_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_nsub_on_request(moqt_session *s, sstream *ss, const moqt_msg *m);
int moqt_nsub_on_response(moqt_session *s, request *rq, const moqt_msg *m);
int moqt_nsub_on_stream_end(moqt_session *s, request *rq);
/* Whether our request |rq| travels on a bidi stream of its own (17+ all; 16
 * SUBSCRIBE_NAMESPACE), and whether a peer's bidi stream may begin with a
 * request of |kind|. */
bool moqt_nsub_own_stream(const moqt_session *s, const request *rq);
bool moqt_nsub_stream_may_open(const moqt_session *s, moqt_msg_kind kind);

/* For ns_update.c: the peer's subscription of |rq|'s kind whose prefix
 * shares a common prefix with |prefix| (NULL: none); an entry of ours gone
 * (namespace_done, then freed); our subscription |rq| ends (namespace_done
 * per entry, then subscribe_namespace_error with |m|'s code, or UNKNOWN
 * when |m| is NULL). */
request *moqt_nsub_overlapping(moqt_session *s, const request *rq, const moqt_namespace *prefix);
int moqt_nsub_entry_gone(moqt_session *s, request *e, uint64_t sub_id);
int moqt_nsub_end_ours(moqt_session *s, request *rq, const moqt_msg *m);

/* ---- ns_update.c (REQUEST_UPDATE of a namespace subscription's prefix, 18+) ---- */
/* Our subscription |rq| waits for the answer |m| to its update. */
bool moqt_nsu_awaits_answer(const request *rq, const moqt_msg *m);
/* |m| is that answer, or the peer's update of its subscription |rq|. */
bool moqt_nsu_handles(const moqt_session *s, const request *rq, const moqt_msg *m);
int moqt_nsu_on_msg(moqt_session *s, request *rq, const moqt_msg *m);

/* ---- object_tx.c ---- */
void moqt_object_tx_end_all(moqt_session *s, request *rq, bool reset, moqt_reset_code code);
uint64_t moqt_object_tx_buffered(moqt_session *s, const request *rq);

/* ---- scheduling and time limits (object_tx.c, timers.c) ---- */
/* Recomputes the send order of |rq|'s subgroup / FETCH streams. Call after
 * changing rq->sub_priority (SUBSCRIBE) or rq->fetch_priority (FETCH), e.g.
 * on SUBSCRIBE_UPDATE / REQUEST_UPDATE. */
void moqt_object_tx_reprioritize(moqt_session *s, request *rq);
/* Gives FETCH_TX stream |ss| of |rq| its order key (fetch.c, on open). */
void moqt_object_tx_fetch_order(moqt_session *s, request *rq, sstream *ss, uint8_t pub_priority);
/* When |ss| (SUBGROUP_TX) times out (UINT64_MAX: never). */
moqt_tstamp moqt_timers_deadline(const moqt_session *s, const sstream *ss);
/* Resets |ss| with DELIVERY_TIMEOUT and remembers its subgroup. */
void moqt_timers_expire(moqt_session *s, sstream *ss);
bool moqt_timers_timed_out(const request *rq, uint64_t group, uint64_t subgroup);
/* SUBSCRIBE (publisher side): priority, group order, timeouts into |rq|. */
void moqt_timers_on_subscribe(moqt_session *s, request *rq, const moqt_msg *m);
/* SUBSCRIBE (subscriber side): the timeouts of |pp| into |m|. */
void moqt_timers_fill_subscribe(const moqt_subscribe_params *pp, moqt_msg *m);
/* SUBSCRIBE_OK: the publisher's values of |rq| into |m| / from |m|. */
int moqt_timers_fill_subscribe_ok(moqt_session *s, const request *rq, moqt_msg *m);
void moqt_timers_on_subscribe_ok(moqt_session *s, request *rq, const moqt_msg *m);

/* ---- object_rx.c ---- */
int moqt_object_rx_on_data(moqt_session *s, sstream *ss);
/* The alias of |rq| became known: parse the streams that waited for it. */
int moqt_object_rx_alias_known(moqt_session *s, request *rq);
/* Stops the streams waiting for |alias| (a refused PUBLISH). */
int moqt_object_rx_drop_alias(moqt_session *s, uint64_t alias);
/* The object callback's view of |o| received for request |request_id|
 * (no payload yet); |props| (MOQT_MAX_KVPS entries) receives its properties.
 * Shared by object_rx.c, fetch.c and datagram.c. */
moqt_object moqt_object_rx_view(const moqt_object_hdr *o, uint64_t request_id,
                                moqt_property *props);
/* Subgroup stream ends (the subgroup_end callback): the peer reset |ss|
 * (RESET_STREAM |wire_code|); an object on |ss| outgrew the receive buffer.
 * Both tell the application and count the stream toward PUBLISH_DONE. */
int moqt_object_rx_on_reset(moqt_session *s, sstream *ss, uint64_t wire_code);
int moqt_object_rx_too_large(moqt_session *s, sstream *ss);

/* ---- datagram.c (objects by datagram) ---- */
/* A datagram from the transport. */
int moqt_datagram_on_receive(moqt_session *s, const uint8_t *data, size_t len);
/* The alias of |rq| became known: deliver the datagrams that waited for it. */
int moqt_datagram_alias_known(moqt_session *s, request *rq);
/* Frees the datagrams still waiting (session end). */
void moqt_datagram_free(moqt_session *s);

/* ---- update.c (SUBSCRIBE_UPDATE / REQUEST_UPDATE) ---- */
/* The subscription's range, priority and forward as SUBSCRIBE |m| states them
 * (also PUBLISH and PUBLISH_OK, 12+). */
void moqt_update_record_subscribe(request *rq, const moqt_msg *m);
/* SUBSCRIBE_OK's Largest (NULL: none) fixes the start of a relative filter. */
void moqt_update_record_largest(request *rq, const moqt_location *largest);
/* upd2: whether an object at {group, object_id} of the SUBSCRIBE or PUBLISH
 * |rq| passes its Forward State and range (true for other requests). */
bool moqt_update_passes(const request *rq, uint64_t group, uint64_t object_id);
/* True when |m| (for |rq|, which may be NULL) is an update or its answer. */
bool moqt_update_handles(const request *rq, const moqt_msg *m);
int moqt_update_on_msg(moqt_session *s, request *rq, const moqt_msg *m);
/* An update request of ours (<=16) went out: freed if no answer will come. */
void moqt_update_sent(moqt_session *s, request *rq);

/* ---- auth.c (authorization tokens) ---- */
#define MOQT_AUTH_REFUSED 1
/* An incoming message: for a new request, resolves its token aliases in
 * place and asks the application. 0: go on; MOQT_AUTH_REFUSED: refused
 * (answered); negative: an error (the session may be closing). */
int moqt_auth_on_request(moqt_session *s, sstream *ss, moqt_msg *m);
void moqt_auth_free(moqt_session *s);
/* The token of |pp| (value, or an alias registered / used / deleted) into |prm|. */
void moqt_auth_fill_subscribe(const moqt_subscribe_params *pp, moqt_msg_params *prm);

#endif /* MOQT_SESSION_INT_H */
