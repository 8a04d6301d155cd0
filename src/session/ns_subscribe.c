/*
 * Namespace subscriptions: SUBSCRIBE_NAMESPACE (SUBSCRIBE_ANNOUNCES in
 * 07-12) and SUBSCRIBE_TRACKS (18+), their answers, cancelling them, and the
 * namespaces the publisher reports through them, in either direction.
 *
 * Shapes (DRAFT-CHANGES §3/§4; figures cited in wire/namespace.c):
 * - 07-10: no Request IDs; _OK / _ERROR / UNSUBSCRIBE_ANNOUNCES name the
 *   prefix (mt-07 l.1603, l.1651, l.1972). The session gives the request a
 *   handle of its own (as namespace.c does) and matches by prefix.
 * - 11-14: Request IDs; _OK / _ERROR by Request ID, UNSUBSCRIBE by prefix
 *   (mt-11 l.2678, l.2816). 15: REQUEST_OK / REQUEST_ERROR, UNSUBSCRIBE by
 *   Request ID (mt-15 l.2926, l.2997).
 * - 07-15: the publisher forwards matching namespaces as PUBLISH_NAMESPACE
 *   (ANNOUNCE) requests of their own (mt-07 l.1622, mt-15 l.2960), which the
 *   subscriber answers like any announcement (namespace.c).
 * - 16: the request has a bidi stream of its own; REQUEST_OK / _ERROR, then
 *   NAMESPACE / NAMESPACE_DONE (suffixes) on it; cancelled by closing it
 *   (mt-16 l.1212-1226, l.3085). Other requests stay on the control stream.
 * - 17+: every request has its stream; 18 splits SUBSCRIBE_TRACKS (PUBLISHes
 *   for the tracks under the prefix, mt-18 l.3664) off SUBSCRIBE_NAMESPACE,
 *   with an independent overlap space (mt-18 l.2975). PUBLISH_BLOCKED (17-18)
 *   / PUBLISH_SKIPPED (19) name a track that will get no PUBLISH.
 * A REQUEST_UPDATE changing the prefix (18+, mt-18 l.3113): ns_update.c.
 * Which shape applies is asked of the profile (message types, request-id
 * consumption, topology), never of the draft number.
 *
 * Requests: the subscription is a request of kind SUBSCRIBE_NAMESPACE or
 * SUBSCRIBE_TRACKS storing its prefix. Each namespace active through a
 * subscription in 16+ is a request of kind NAMESPACE (a handle of the
 * session's, never sent) storing the full namespace, with |nsub_parent| the
 * subscription; 07-15 mark the forwarded PUBLISH_NAMESPACE request instead.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

_Static_assert((int)MOQT_REQUEST_ERROR_PREFIX_OVERLAP == (int)MOQT_REQ_ERR_PREFIX_OVERLAP,
               "public and wire request error enums agree");
_Static_assert((int)MOQT_REQUEST_ERROR_NAMESPACE_TOO_LARGE == (int)MOQT_REQ_ERR_NAMESPACE_TOO_LARGE,
               "public and wire request error enums agree");

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

static bool is_subscription(const request *rq)
{
    return rq != NULL &&
           (rq->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE || rq->kind == MOQT_MSG_SUBSCRIBE_TRACKS);
}

static bool is_entry(const request *rq)
{
    return rq != NULL && rq->kind == MOQT_MSG_NAMESPACE;
}

bool moqt_nsub_owns(const request *rq)
{
    return is_subscription(rq) || is_entry(rq);
}

/* True when the draft numbers SUBSCRIBE_NAMESPACE with a Request ID (11+). */
static bool has_request_id(const moqt_session *s)
{
    return moqt_profile_consumes_request_id(s->p, MOQT_MSG_SUBSCRIBE_NAMESPACE);
}

/* True when namespaces travel as NAMESPACE / NAMESPACE_DONE (16+). */
static bool has_namespace_msg(const moqt_session *s)
{
    return moqt_profile_msg_type(s->p, MOQT_MSG_NAMESPACE) != 0;
}

bool moqt_nsub_own_stream(const moqt_session *s, const request *rq)
{
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        return true;
    }
    return s->p->topology == MOQT_TOPO_NAMESPACE_STREAMS &&
           rq->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE;
}

bool moqt_nsub_stream_may_open(const moqt_session *s, moqt_msg_kind kind)
{
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        return true;
    }
    /* mt-16 l.767: the control stream and SUBSCRIBE_NAMESPACE are the only
     * uses of bidi streams; <=15 have the control stream alone. */
    return s->p->topology == MOQT_TOPO_NAMESPACE_STREAMS && kind == MOQT_MSG_SUBSCRIBE_NAMESPACE;
}

/* ---- Namespaces ------------------------------------------------------------------- */

static int ns_from_public(const moqt_track_namespace *in, moqt_namespace *out)
{
    if (in == NULL || in->count > MOQT_MAX_NAMESPACE_FIELDS || (in->count && !in->fields)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    out->count = in->count;
    for (size_t i = 0; i < in->count; i++) {
        out->field[i] = in->fields[i];
    }
    return 0;
}

static moqt_track_namespace ns_to_public(const moqt_namespace *ns)
{
    return (moqt_track_namespace){ns->count, ns->field};
}

/* True when |prefix| is a prefix of |ns| (equal counts too). */
static bool ns_has_prefix(const moqt_namespace *ns, const moqt_namespace *prefix)
{
    if (prefix->count > ns->count) {
        return false;
    }
    for (size_t i = 0; i < prefix->count; i++) {
        if (!moqt_bytes_eq(ns->field[i], prefix->field[i])) {
            return false;
        }
    }
    return true;
}

static bool stored_eq(const request *rq, const moqt_namespace *ns)
{
    moqt_namespace mine;
    moqt_ns_load(rq, &mine, NULL);
    return moqt_namespace_eq(&mine, ns);
}

/* ---- Requests of the family ---------------------------------------------------- */

static request *find_sub_by_prefix(moqt_session *s, const moqt_namespace *prefix, bool local)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (is_subscription(rq) && rq->local == local && stored_eq(rq, prefix)) {
            return rq;
        }
    }
    return NULL;
}

static request *find_sub(moqt_session *s, uint64_t id, bool local)
{
    request *rq = moqt_session_request_find(s, id, local);
    return is_subscription(rq) ? rq : NULL;
}

/* The NAMESPACE entry of subscription |sub| for the full namespace |ns|. */
static request *find_entry(moqt_session *s, const request *sub, const moqt_namespace *ns)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (is_entry(rq) && rq->local == sub->local && rq->nsub_parent == sub->id &&
            stored_eq(rq, ns)) {
            return rq;
        }
    }
    return NULL;
}

/* 07-15: the PUBLISH_NAMESPACE we forwarded through subscription |sub_id|. */
static request *find_forwarded(moqt_session *s, uint64_t sub_id, const moqt_namespace *ns)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_namespace_owns(rq) && rq->local && rq->nsub_child && rq->nsub_parent == sub_id &&
            stored_eq(rq, ns)) {
            return rq;
        }
    }
    return NULL;
}

static void free_entries(moqt_session *s, const request *sub)
{
    for (request *rq = s->requests; rq;) {
        request *next = rq->next;
        if (is_entry(rq) && rq->local == sub->local && rq->nsub_parent == sub->id) {
            moqt_session_request_free(s, rq);
        }
        rq = next;
    }
}

static void finish_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

/* Ends subscription |rq| here: its entries, credit and stream go with it. */
static int end_subscription(moqt_session *s, request *rq)
{
    int rv = moqt_control_request_completed(s, rq);
    free_entries(s, rq);
    finish_stream(s, rq);
    moqt_session_request_free(s, rq);
    return rv;
}

/* ---- Subscriber: subscribing ------------------------------------------------------ */

/* Encodes the request: |want_options| is the Subscribe Options value asked
 * for where the draft has the field (16-17); drafts without it imply one, so
 * NAMESPACE falls back to the implied value there (12-15 imply BOTH). */
static moqt_ssize encode_request(moqt_session *s, moqt_msg *m, uint64_t want_options, bool fallback)
{
    m->has_subscribe_options = m->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE;
    m->subscribe_options = want_options;
    moqt_ssize n = moqt_wire_encode_control(s->p, m, s->scratch, s->scratch_cap);
    if (n == MOQT_ERR_UNSUPPORTED && fallback && m->has_subscribe_options) {
        m->has_subscribe_options = false;
        n = moqt_wire_encode_control(s->p, m, s->scratch, s->scratch_cap);
    }
    return n;
}

static unsigned wants_of_options(uint64_t options)
{
    switch (options) {
    case MOQT_SUBSCRIBE_OPTIONS_PUBLISH:
        return MOQT_NS_WANT_TRACKS;
    case MOQT_SUBSCRIBE_OPTIONS_NAMESPACE:
        return MOQT_NS_WANT_NAMESPACES;
    default:
        return MOQT_NS_WANT_NAMESPACES | MOQT_NS_WANT_TRACKS;
    }
}

static int subscribe_common(moqt_session *s, const moqt_track_namespace *prefix, bool tracks,
                            uint64_t *prequest_id)
{
    moqt_msg m;
    bool split = moqt_profile_msg_type(s->p, MOQT_MSG_SUBSCRIBE_TRACKS) != 0;
    moqt_msg_init(&m, tracks && split ? MOQT_MSG_SUBSCRIBE_TRACKS : MOQT_MSG_SUBSCRIBE_NAMESPACE);
    int rv = ns_from_public(prefix, &m.ns);
    if (rv != 0) {
        return rv;
    }
    bool numbered = has_request_id(s);
    if (!numbered && find_sub_by_prefix(s, &m.ns, true)) {
        return MOQT_ERR_INVALID_STATE; /* 07-10 could not tell the answers apart */
    }
    uint64_t id = numbered ? moqt_control_take_request_id(s) : moqt_ns_synthetic_id(s);
    m.request_id = id;
    uint64_t options = tracks ? MOQT_SUBSCRIBE_OPTIONS_PUBLISH : MOQT_SUBSCRIBE_OPTIONS_NAMESPACE;
    moqt_ssize n = encode_request(s, &m, options, !tracks);
    if (n < 0) {
        /* !tracks: the prefix (empty before 16, or an empty field) */
        rv = n == MOQT_ERR_UNSUPPORTED && !tracks ? MOQT_ERR_INVALID_ARGUMENT : (int)n;
        return moqt_control_abandon_request(s, NULL, numbered, rv);
    }
    request *rq = moqt_ns_request_new(s, id, m.kind, true, &m.ns, NULL);
    rv = rq == NULL ? MOQT_ERR_NOMEM : moqt_control_hold_request(s, rq, (size_t)n);
    if (rv != 0) {
        return moqt_control_abandon_request(s, rq, numbered, rv);
    }
    rq->nsub_wants = tracks ? MOQT_NS_WANT_TRACKS : MOQT_NS_WANT_NAMESPACES;
    if (prequest_id) {
        *prequest_id = id;
    }
    /* 07-10: no credit applies to SUBSCRIBE_ANNOUNCES; sent at once. */
    return numbered ? moqt_control_start_requests(s) : moqt_control_send_unnumbered(s, rq);
}

int moqt_session_subscribe_namespace(moqt_session *s, const moqt_track_namespace *prefix,
                                     uint64_t *prequest_id, moqt_tstamp now)
{
    s->now = now;
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return prefix == NULL ? MOQT_ERR_INVALID_ARGUMENT : MOQT_ERR_INVALID_STATE;
    }
    return subscribe_common(s, prefix, false, prequest_id);
}

int moqt_session_subscribe_tracks(moqt_session *s, const moqt_track_namespace *prefix,
                                  uint64_t *prequest_id, moqt_tstamp now)
{
    s->now = now;
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return prefix == NULL ? MOQT_ERR_INVALID_ARGUMENT : MOQT_ERR_INVALID_STATE;
    }
    return subscribe_common(s, prefix, true, prequest_id);
}

int moqt_session_unsubscribe_namespace(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    request *rq = find_sub(s, request_id, true);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (rq->state == RQ_WAIT_CREDIT) {
        if (s->p->topology != MOQT_TOPO_REQUEST_STREAMS) {
            /* Its ID is taken and <=16 peers expect IDs in sequence. */
            return MOQT_ERR_INVALID_STATE;
        }
        moqt_session_request_free(s, rq); /* 17+: an unsent request just vanishes */
        return 0;
    }
    int rv = 0;
    if (moqt_profile_msg_type(s->p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE)) {
        /* 07-15: UNSUBSCRIBE_ANNOUNCES / UNSUBSCRIBE_NAMESPACE, by prefix
         * (07-14) or Request ID (15); the encoder writes the draft's field. */
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_UNSUBSCRIBE_NAMESPACE);
        m.request_id = rq->id;
        moqt_ns_load(rq, &m.ns, NULL);
        rv = moqt_session_send_msg(s, s->control, &m, false);
    }
    /* 16+: closing the stream cancels it (mt-16 l.1222); what the publisher
     * still sends on it is dropped (the stream forgets the request). */
    free_entries(s, rq);
    finish_stream(s, rq);
    moqt_session_request_free(s, rq);
    return rv;
}

/* ---- Subscriber: answers and namespaces --------------------------------------------- */

static moqt_request_error public_code(moqt_session *s, const moqt_msg *m)
{
    unsigned code = moqt_errcode_from_wire(s->p, moqt_err_table_for_msg(m->kind), m->error_code);
    if (code <= MOQT_REQ_ERR_INVALID_RANGE || code == MOQT_REQ_ERR_PREFIX_OVERLAP ||
        code == MOQT_REQ_ERR_NAMESPACE_TOO_LARGE) {
        return (moqt_request_error)code;
    }
    return MOQT_REQUEST_ERROR_UNKNOWN;
}

static int on_ok(moqt_session *s, request *rq)
{
    if (rq->state != RQ_SENT) {
        /* "SHOULD close the session with a protocol error" (mt-11 l.852, mt-16 l.1215) */
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a second answer to SUBSCRIBE_NAMESPACE (mt-11 l.852)");
    }
    rq->state = RQ_ESTABLISHED;
    if (s->cb.subscribe_namespace_ok) {
        return moqt_session_callback_result(s,
                                            s->cb.subscribe_namespace_ok(s, rq->id, s->user_data));
    }
    return 0;
}

static int tell_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                      moqt_bytes reason)
{
    if (s->cb.subscribe_namespace_error) {
        return moqt_session_callback_result(
            s, s->cb.subscribe_namespace_error(s, id, code, wire, reason, s->user_data));
    }
    return 0;
}

static int on_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a second answer to SUBSCRIBE_NAMESPACE (mt-11 l.852)");
    }
    uint64_t id = rq->id;
    moqt_request_error code = public_code(s, m);
    finish_stream(s, rq);
    moqt_session_request_free(s, rq);
    return tell_error(s, id, code, m->error_code, m->reason);
}

/* The full namespace: the subscription's prefix, then |suffix|. Borrows from
 * both. False when it would exceed 32 fields. */
static bool full_namespace(const request *sub, const moqt_namespace *suffix, moqt_namespace *out)
{
    moqt_ns_load(sub, out, NULL);
    if (out->count + suffix->count > MOQT_MAX_NAMESPACE_FIELDS) {
        return false;
    }
    for (size_t i = 0; i < suffix->count; i++) {
        out->field[out->count++] = suffix->field[i];
    }
    return true;
}

static int on_namespace(moqt_session *s, request *sub, const moqt_msg *m)
{
    moqt_namespace full;
    if (!full_namespace(sub, &m->ns, &full)) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "NAMESPACE: prefix and suffix exceed 32 fields (mt-16 l.545)");
    }
    if (find_entry(s, sub, &full)) {
        MOQT_LOG_D(SESSION_TAG, "NAMESPACE repeated for an active namespace: ignored");
        return 0;
    }
    request *e =
        moqt_ns_request_new(s, moqt_ns_synthetic_id(s), MOQT_MSG_NAMESPACE, true, &full, NULL);
    if (e == NULL) {
        return MOQT_ERR_NOMEM;
    }
    e->state = RQ_ESTABLISHED;
    e->nsub_child = true;
    e->nsub_parent = sub->id;
    if (s->cb.namespace_published) {
        moqt_track_namespace tns = ns_to_public(&full);
        return moqt_session_callback_result(
            s, s->cb.namespace_published(s, sub->id, &tns, s->user_data));
    }
    return 0;
}

/* Tells the application that entry |e| of |sub_id| is gone, and frees it. */
static int entry_gone(moqt_session *s, request *e, uint64_t sub_id)
{
    moqt_namespace ns;
    moqt_ns_load(e, &ns, NULL);
    moqt_track_namespace tns = ns_to_public(&ns);
    uint64_t eid = e->id;
    bool local = e->local;
    int rv = 0;
    if (s->cb.namespace_done) {
        /* The view borrows e's storage: free it only afterwards. */
        rv = moqt_session_callback_result(s, s->cb.namespace_done(s, sub_id, &tns, s->user_data));
    }
    /* The callback may have unsubscribed, which frees the entries. */
    e = moqt_session_request_find(s, eid, local);
    if (e != NULL) {
        moqt_session_request_free(s, e);
    }
    return rv;
}

static int on_namespace_done(moqt_session *s, request *sub, const moqt_msg *m)
{
    moqt_namespace full;
    request *e = full_namespace(sub, &m->ns, &full) ? find_entry(s, sub, &full) : NULL;
    if (e == NULL) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "NAMESPACE_DONE before its NAMESPACE (mt-16 l.3154)");
    }
    return entry_gone(s, e, sub->id);
}

/* PUBLISH_BLOCKED / PUBLISH_SKIPPED: the publisher will not PUBLISH that
 * track (mt-17 l.3287, mt-18 l.3722, mt-19 l.3990); the application may
 * SUBSCRIBE to it instead. */
static int on_skipped(moqt_session *s, request *sub, const moqt_msg *m)
{
    moqt_namespace full;
    if (!full_namespace(sub, &m->ns, &full)) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "PUBLISH_BLOCKED: prefix and suffix exceed 32 fields");
    }
    if (s->cb.track_skipped) {
        moqt_track_namespace tns = ns_to_public(&full);
        return moqt_session_callback_result(
            s, s->cb.track_skipped(s, sub->id, &tns, m->track_name, s->user_data));
    }
    return 0;
}

/* A message on the subscriber's side of subscription |rq|. */
static int subscriber_msg(moqt_session *s, request *rq, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_OK:
    case MOQT_MSG_REQUEST_OK:
        return on_ok(s, rq);
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR:
    case MOQT_MSG_REQUEST_ERROR:
        return on_error(s, rq, m);
    default:
        break;
    }
    if (rq->state != RQ_ESTABLISHED) {
        return moqt_session_fail(
            s, MOQT_TERM_PROTOCOL_VIOLATION,
            "SUBSCRIBE_NAMESPACE stream began with other than REQUEST_OK / _ERROR (mt-17 l.3244)");
    }
    switch (m->kind) {
    case MOQT_MSG_NAMESPACE:
        return on_namespace(s, rq, m);
    case MOQT_MSG_NAMESPACE_DONE:
        return on_namespace_done(s, rq, m);
    case MOQT_MSG_PUBLISH_BLOCKED:
    case MOQT_MSG_PUBLISH_SKIPPED:
        return on_skipped(s, rq, m);
    default:
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "unexpected message on a SUBSCRIBE_NAMESPACE stream");
    }
}

/* ---- Publisher: answering ------------------------------------------------------------ */

/* The overlap space of a request: 18+ keep SUBSCRIBE_NAMESPACE and
 * SUBSCRIBE_TRACKS apart (mt-18 l.2977); before, there is one kind. */
static request *overlapping(moqt_session *s, const request *rq, const moqt_namespace *prefix)
{
    for (request *o = s->requests; o; o = o->next) {
        if (o == rq || !is_subscription(o) || o->local || o->kind != rq->kind) {
            continue;
        }
        moqt_namespace theirs;
        moqt_ns_load(o, &theirs, NULL);
        /* "a prefix of an earlier ... or vice versa" (mt-07 l.1629); "shares
         * a common prefix with an established" one (mt-15 l.2967). */
        if (ns_has_prefix(prefix, &theirs) || ns_has_prefix(&theirs, prefix)) {
            return o;
        }
    }
    return NULL;
}

int moqt_nsub_on_request(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    if (s->p->topology == MOQT_TOPO_NAMESPACE_STREAMS && ss == s->control) {
        return moqt_session_fail(
            s, MOQT_TERM_PROTOCOL_VIOLATION,
            "SUBSCRIBE_NAMESPACE on the control stream, not a new bidi stream (mt-16 l.1212)");
    }
    uint64_t id = m->request_id;
    if (has_request_id(s)) {
        int rv = moqt_control_check_peer_request(s, id);
        if (rv != 0) {
            return rv;
        }
    } else {
        id = moqt_ns_synthetic_id(s);
    }
    /* 16: SUBSCRIBE_NAMESPACE has a stream of its own too */
    request *rq =
        moqt_ns_peer_request(s, ss != s->control ? ss : NULL, id, m, NULL, has_request_id(s));
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    rq->nsub_wants = m->kind == MOQT_MSG_SUBSCRIBE_TRACKS ? MOQT_NS_WANT_TRACKS
                                                          : wants_of_options(m->subscribe_options);
    if (overlapping(s, rq, &m->ns)) {
        return moqt_session_subscribe_namespace_reject(s, id, MOQT_REQUEST_ERROR_PREFIX_OVERLAP,
                                                       "prefix overlap", s->now);
    }
    if (s->cb.subscribe_namespace == NULL) {
        return moqt_session_subscribe_namespace_reject(s, id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                                       "not supported", s->now);
    }
    moqt_track_namespace prefix = ns_to_public(&m->ns);
    return moqt_session_callback_result(
        s, s->cb.subscribe_namespace(s, id, &prefix, rq->nsub_wants, s->user_data));
}

static request *peer_waiting(moqt_session *s, uint64_t request_id, int *prv)
{
    request *rq = find_sub(s, request_id, false);
    *prv = 0;
    if (rq == NULL) {
        *prv = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    if (rq->state != RQ_WAIT_APP || s->closing || s->closed) {
        *prv = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return rq;
}

int moqt_session_subscribe_namespace_accept(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_waiting(s, request_id, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_msg m;
    moqt_msg_init(&m, moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_OK)
                          ? MOQT_MSG_REQUEST_OK
                          : MOQT_MSG_SUBSCRIBE_NAMESPACE_OK);
    m.request_id = rq->id;         /* 11+ */
    moqt_ns_load(rq, &m.ns, NULL); /* 07-10 name the prefix */
    rq->state = RQ_ACCEPTED;
    return moqt_control_send(s, rq, &m, false);
}

int moqt_session_subscribe_namespace_reject(moqt_session *s, uint64_t request_id,
                                            moqt_request_error code, const char *reason,
                                            moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_waiting(s, request_id, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_msg req;
    moqt_msg_init(&req, rq->kind);
    req.request_id = rq->id;
    moqt_ns_load(rq, &req.ns, NULL);
    /* REQUEST_ERROR then FIN on its stream (mt-16 l.3125, mt-17 l.1003). */
    rv = moqt_control_refuse(s, &req, rq->stream, (moqt_req_err)code, reason);
    int rv2 = end_subscription(s, rq);
    return rv != 0 ? rv : rv2;
}

/* The subscriber withdrew subscription |rq| (UNSUBSCRIBE, or its stream ended). */
static int peer_unsubscribed(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    bool tell = rq->state == RQ_ACCEPTED || rq->state == RQ_WAIT_APP;
    int rv = end_subscription(s, rq);
    if (rv == 0 && tell && s->cb.unsubscribe_namespace) {
        rv = moqt_session_callback_result(s, s->cb.unsubscribe_namespace(s, id, s->user_data));
    }
    return rv;
}

/* ---- Publisher: reporting namespaces ------------------------------------------------ */

static request *accepted_sub(moqt_session *s, uint64_t request_id, int *prv)
{
    request *rq = find_sub(s, request_id, false);
    *prv = 0;
    if (rq == NULL) {
        *prv = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    if (rq->state != RQ_ACCEPTED || !(rq->nsub_wants & MOQT_NS_WANT_NAMESPACES) || !usable(s) ||
        (has_namespace_msg(s) && rq->stream == NULL)) {
        *prv = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return rq;
}

/* The suffix of |ns| past |sub|'s prefix, or false if |ns| is outside it. */
static bool suffix_of(const request *sub, const moqt_namespace *ns, moqt_namespace *suffix)
{
    moqt_namespace prefix;
    moqt_ns_load(sub, &prefix, NULL);
    if (!ns_has_prefix(ns, &prefix)) {
        return false;
    }
    memset(suffix, 0, sizeof(*suffix));
    for (size_t i = prefix.count; i < ns->count; i++) {
        suffix->field[suffix->count++] = ns->field[i];
    }
    return true;
}

/* NAMESPACE / NAMESPACE_DONE (16+) naming |suffix| on subscription |sub|'s stream. */
static int send_suffix(moqt_session *s, request *sub, moqt_msg_kind kind,
                       const moqt_namespace *suffix)
{
    moqt_msg m;
    moqt_msg_init(&m, kind);
    m.ns = *suffix;
    return moqt_session_send_msg(s, sub->stream, &m, false);
}

/* 07-15: a PUBLISH_NAMESPACE request of its own, marked as the subscription's. */
static int forward_announce(moqt_session *s, request *sub, const moqt_track_namespace *tns,
                            const moqt_namespace *ns)
{
    if (find_forwarded(s, sub->id, ns)) {
        return MOQT_ERR_INVALID_STATE;
    }
    uint64_t pid;
    int rv = moqt_session_publish_namespace(s, tns, &pid, s->now);
    if (rv != 0) {
        return rv;
    }
    request *fwd = moqt_session_request_find(s, pid, true);
    if (fwd != NULL) {
        fwd->nsub_child = true;
        fwd->nsub_parent = sub->id;
    }
    return 0;
}

int moqt_session_namespace_publish(moqt_session *s, uint64_t request_id,
                                   const moqt_track_namespace *tns, moqt_tstamp now)
{
    s->now = now;
    moqt_namespace ns, suffix;
    int rv = ns_from_public(tns, &ns);
    if (rv != 0) {
        return rv;
    }
    request *sub = accepted_sub(s, request_id, &rv);
    if (sub == NULL) {
        return rv;
    }
    if (!suffix_of(sub, &ns, &suffix)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!has_namespace_msg(s)) {
        return forward_announce(s, sub, tns, &ns);
    }
    if (find_entry(s, sub, &ns)) {
        return MOQT_ERR_INVALID_STATE;
    }
    rv = send_suffix(s, sub, MOQT_MSG_NAMESPACE, &suffix);
    if (rv != 0) {
        return rv;
    }
    request *e =
        moqt_ns_request_new(s, moqt_ns_synthetic_id(s), MOQT_MSG_NAMESPACE, false, &ns, NULL);
    if (e == NULL) {
        return MOQT_ERR_NOMEM;
    }
    e->state = RQ_ACCEPTED;
    e->nsub_child = true;
    e->nsub_parent = sub->id;
    return 0;
}

int moqt_session_namespace_withdraw(moqt_session *s, uint64_t request_id,
                                    const moqt_track_namespace *tns, moqt_tstamp now)
{
    s->now = now;
    moqt_namespace ns, suffix;
    int rv = ns_from_public(tns, &ns);
    if (rv != 0) {
        return rv;
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!has_namespace_msg(s)) {
        /* 07-15: the forwarded announcement outlives an UNSUBSCRIBE (mt-11
         * l.860), so it is found by its mark alone. */
        request *fwd = find_forwarded(s, request_id, &ns);
        return fwd ? moqt_session_publish_namespace_done(s, fwd->id, now)
                   : MOQT_ERR_INVALID_ARGUMENT;
    }
    request *sub = find_sub(s, request_id, false);
    request *e = sub ? find_entry(s, sub, &ns) : NULL;
    if (e == NULL || !suffix_of(sub, &ns, &suffix)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (sub->stream == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    rv = send_suffix(s, sub, MOQT_MSG_NAMESPACE_DONE, &suffix);
    moqt_session_request_free(s, e);
    return rv;
}

int moqt_session_subscribe_tracks_skip(moqt_session *s, uint64_t request_id,
                                       const moqt_track_namespace *tns, moqt_bytes name,
                                       moqt_tstamp now)
{
    s->now = now;
    moqt_namespace ns;
    int rv = ns_from_public(tns, &ns);
    if (rv != 0) {
        return rv;
    }
    if (!usable(s)) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg m;
    moqt_msg_init(&m, moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH_SKIPPED)
                          ? MOQT_MSG_PUBLISH_SKIPPED
                          : MOQT_MSG_PUBLISH_BLOCKED);
    if (!moqt_profile_msg_type(s->p, m.kind)) {
        return MOQT_ERR_UNSUPPORTED; /* 17+ */
    }
    request *sub = find_sub(s, request_id, false);
    if (sub == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (sub->state != RQ_ACCEPTED || !(sub->nsub_wants & MOQT_NS_WANT_TRACKS) ||
        sub->stream == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!suffix_of(sub, &ns, &m.ns)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    m.track_name = name;
    return moqt_session_send_msg(s, sub->stream, &m, false);
}

/* ---- Dispatch ------------------------------------------------------------------------- */

bool moqt_nsub_handles(const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_OK:
    case MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR:
    case MOQT_MSG_UNSUBSCRIBE_NAMESPACE:
    case MOQT_MSG_SUBSCRIBE_TRACKS:
    case MOQT_MSG_NAMESPACE:
    case MOQT_MSG_NAMESPACE_DONE:
        return true;
    default:
        return false;
    }
}

/* The subscription a control-stream message names: by Request ID where the
 * message carries one in this draft, else by prefix (the decoder leaves the
 * prefix empty when it read a Request ID). */
static request *named_sub(moqt_session *s, const moqt_msg *m, bool local)
{
    bool by_id = m->kind == MOQT_MSG_UNSUBSCRIBE_NAMESPACE ? m->ns.count == 0 : has_request_id(s);
    if (by_id) {
        return find_sub(s, m->request_id, local);
    }
    return find_sub_by_prefix(s, &m->ns, local);
}

int moqt_nsub_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
    case MOQT_MSG_SUBSCRIBE_TRACKS:
        return moqt_nsub_on_request(s, ss, m);
    case MOQT_MSG_NAMESPACE:
    case MOQT_MSG_NAMESPACE_DONE:
        return moqt_session_fail(
            s, MOQT_TERM_PROTOCOL_VIOLATION,
            "NAMESPACE on the control stream, not a SUBSCRIBE_NAMESPACE stream (mt-16 l.3001)");
    default:
        break;
    }
    bool local = m->kind != MOQT_MSG_UNSUBSCRIBE_NAMESPACE;
    request *rq = named_sub(s, m, local);
    if (rq == NULL) {
        MOQT_LOG_D(SESSION_TAG, "%s for no known namespace subscription: ignored",
                   moqt_msg_name(s->p, m->kind));
        return 0;
    }
    return moqt_nsub_on_response(s, rq, m);
}

int moqt_nsub_on_response(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (!is_subscription(rq)) {
        return 0; /* entries never carry messages */
    }
    if (rq->local) {
        return subscriber_msg(s, rq, m);
    }
    if (m->kind == MOQT_MSG_UNSUBSCRIBE_NAMESPACE) {
        return peer_unsubscribed(s, rq);
    }
    /* REQUEST_UPDATE of the prefix (18+, mt-18 l.3113): ns_update.c. */
    MOQT_LOG_D(SESSION_TAG, "ignoring %s on a namespace subscription",
               moqt_msg_name(s->p, m->kind));
    return 0;
}

int moqt_nsub_on_stream_end(moqt_session *s, request *rq)
{
    if (!is_subscription(rq)) {
        return 0;
    }
    if (!rq->local) {
        return peer_unsubscribed(s, rq); /* 16+: the subscriber closed the stream */
    }
    /* The publisher closed (or reset) its side: each active namespace ends
     * (mt-17 l.3283, mt-18 l.3659), then the subscription. */
    return moqt_nsub_end_ours(s, rq, NULL);
}

int moqt_nsub_end_ours(moqt_session *s, request *rq, const moqt_msg *m)
{
    uint64_t id = rq->id;
    bool tell = rq->state == RQ_ESTABLISHED || rq->state == RQ_SENT;
    int rv = 0;
    for (request *e = s->requests; e && rv == 0;) {
        request *next = e->next;
        if (is_entry(e) && e->local && e->nsub_parent == id) {
            rv = entry_gone(s, e, id);
            next = s->requests; /* the callback may have changed the list */
        }
        e = next;
    }
    rq = find_sub(s, id, true);
    if (rq == NULL) {
        return rv; /* the application unsubscribed meanwhile */
    }
    finish_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (rv == 0 && tell) {
        rv = m ? tell_error(s, id, public_code(s, m), m->error_code, m->reason)
               : tell_error(s, id, MOQT_REQUEST_ERROR_UNKNOWN, 0, (moqt_bytes){NULL, 0});
    }
    return rv;
}

request *moqt_nsub_overlapping(moqt_session *s, const request *rq, const moqt_namespace *prefix)
{
    return overlapping(s, rq, prefix);
}

int moqt_nsub_entry_gone(moqt_session *s, request *e, uint64_t sub_id)
{
    return entry_gone(s, e, sub_id);
}
