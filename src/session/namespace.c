/*
 * PUBLISH_NAMESPACE (ANNOUNCE in 07-11): announcing, answering, and ending a
 * namespace, in either direction.
 *
 * Shapes (DRAFT-CHANGES §3/§4, the figures are cited in wire/namespace.c):
 * - 07-10: no Request IDs; ANNOUNCE_OK / ANNOUNCE_ERROR / UNANNOUNCE name the
 *   namespace (mt-07 l.1876). The session gives such requests a handle of its
 *   own (SYNTH_BASE + n, never sent) and matches answers by namespace.
 * - 11-14: Request IDs, PUBLISH_NAMESPACE_OK / _ERROR by Request ID;
 *   UNANNOUNCE / PUBLISH_NAMESPACE_DONE still by namespace until 15, by
 *   Request ID in 16.
 * - 15-16: answers are REQUEST_OK / REQUEST_ERROR.
 * - 17+: the request has its own bidi stream; there is no
 *   PUBLISH_NAMESPACE_DONE: the publisher ends it by closing the request
 *   stream (mt-17 "Publishing Namespaces").
 * Which shape applies is asked of the profile (message types, request-id
 * consumption, topology), never of the draft number.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

/* Handles of requests the draft gives no Request ID; far above any real ID. */
#define SYNTH_BASE ((uint64_t)1 << 62)

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

bool moqt_namespace_owns(const request *rq)
{
    return rq != NULL && rq->kind == MOQT_MSG_PUBLISH_NAMESPACE;
}

/* ---- The namespace a request keeps -------------------------------------------------- */

/* Stored as: count, then per field a 4-byte length and the bytes; a track
 * name (|name| non-NULL, track_status.c) follows as one more field. */
int moqt_ns_store(moqt_session *s, request *rq, const moqt_namespace *ns, const moqt_bytes *name)
{
    size_t len = 1 + (name ? 4 + name->len : 0);
    for (size_t i = 0; i < ns->count; i++) {
        len += 4 + ns->field[i].len;
    }
    uint8_t *buf = moqt_mem_malloc(s->mem, len);
    if (buf == NULL) {
        return MOQT_ERR_NOMEM;
    }
    uint8_t *w = buf;
    *w++ = (uint8_t)ns->count;
    for (size_t i = 0; i < ns->count; i++) {
        uint32_t n = (uint32_t)ns->field[i].len;
        memcpy(w, &n, 4);
        w += 4;
        if (n) {
            memcpy(w, ns->field[i].base, n);
        }
        w += n;
    }
    if (name) {
        uint32_t n = (uint32_t)name->len;
        memcpy(w, &n, 4);
        if (n) {
            memcpy(w + 4, name->base, n);
        }
    }
    rq->ns_store = buf;
    rq->ns_store_len = len;
    return 0;
}

/* A borrowed view of the namespace |rq| keeps (empty if none), and of the
 * track name when |name| is non-NULL. */
request *moqt_ns_request_new(moqt_session *s, uint64_t id, moqt_msg_kind kind, bool local,
                             const moqt_namespace *ns, const moqt_bytes *name)
{
    request *rq = moqt_session_request_new(s, id, kind, local);
    if (rq != NULL && moqt_ns_store(s, rq, ns, name) != 0) {
        moqt_session_request_free(s, rq);
        rq = NULL;
    }
    return rq;
}

request *moqt_ns_peer_request(moqt_session *s, sstream *own, uint64_t id, const moqt_msg *m,
                              const moqt_bytes *name, bool counted)
{
    request *rq = moqt_ns_request_new(s, id, m->kind, false, &m->ns, name);
    if (rq == NULL) {
        return NULL;
    }
    rq->state = RQ_WAIT_APP;
    rq->counted = counted;
    if (own != NULL) {
        rq->stream = own;
        own->req = rq;
    }
    return rq;
}

void moqt_ns_load(const request *rq, moqt_namespace *ns, moqt_bytes *name)
{
    memset(ns, 0, sizeof(*ns));
    if (name) {
        *name = (moqt_bytes){NULL, 0};
    }
    if (rq->ns_store == NULL) {
        return;
    }
    const uint8_t *r = rq->ns_store;
    ns->count = *r++;
    for (size_t i = 0; i < ns->count; i++) {
        uint32_t n;
        memcpy(&n, r, 4);
        r += 4;
        ns->field[i] = (moqt_bytes){r, n};
        r += n;
    }
    if (name && r < rq->ns_store + rq->ns_store_len) {
        uint32_t n;
        memcpy(&n, r, 4);
        *name = (moqt_bytes){r + 4, n};
    }
}

static void load_ns(const request *rq, moqt_namespace *ns)
{
    moqt_ns_load(rq, ns, NULL);
}

static bool stored_ns_eq(const request *rq, const moqt_namespace *ns)
{
    moqt_namespace mine;
    load_ns(rq, &mine);
    return moqt_namespace_eq(&mine, ns);
}

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

/* True when the draft numbers PUBLISH_NAMESPACE with a Request ID (11+). */
static bool has_request_id(const moqt_session *s)
{
    return moqt_profile_consumes_request_id(s->p, MOQT_MSG_PUBLISH_NAMESPACE);
}

uint64_t moqt_ns_synthetic_id(const moqt_session *s)
{
    uint64_t next = SYNTH_BASE;
    for (const request *rq = s->requests; rq; rq = rq->next) {
        if (rq->id >= next) {
            next = rq->id + 1;
        }
    }
    return next;
}

/* The request of |kind| and direction |local| naming |ns| (07-10, and DONE
 * by namespace before 16). */
static request *find_by_ns(moqt_session *s, const moqt_namespace *ns, bool local)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_namespace_owns(rq) && rq->local == local && stored_ns_eq(rq, ns)) {
            return rq;
        }
    }
    return NULL;
}

static void finish_request_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

/* ---- Publisher: announcing ---------------------------------------------------------- */

int moqt_session_publish_namespace(moqt_session *s, const moqt_track_namespace *tns,
                                   uint64_t *prequest_id, moqt_tstamp now)
{
    s->now = now;
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_NAMESPACE);
    int rv = ns_from_public(tns, &m.ns);
    if (rv != 0) {
        return rv;
    }
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    bool numbered = has_request_id(s);
    if (!numbered && find_by_ns(s, &m.ns, true)) {
        return MOQT_ERR_INVALID_STATE; /* 07-10 could not tell the answers apart */
    }
    uint64_t id = numbered ? moqt_control_take_request_id(s) : moqt_ns_synthetic_id(s);
    m.request_id = id;
    moqt_ssize n = moqt_wire_encode_control(s->p, &m, s->scratch, s->scratch_cap);
    request *rq =
        n >= 0 ? moqt_ns_request_new(s, id, MOQT_MSG_PUBLISH_NAMESPACE, true, &m.ns, NULL) : NULL;
    rv = n < 0 ? (int)n : rq == NULL ? MOQT_ERR_NOMEM : moqt_control_hold_request(s, rq, (size_t)n);
    if (rv != 0) {
        return moqt_control_abandon_request(s, rq, numbered, rv);
    }
    if (prequest_id) {
        *prequest_id = id;
    }
    /* 07-10: no credit applies to ANNOUNCE; sent at once. */
    return numbered ? moqt_control_start_requests(s) : moqt_control_send_unnumbered(s, rq);
}

int moqt_session_publish_namespace_done(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_session_request_find(s, request_id, true);
    if (!moqt_namespace_owns(rq)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = 0;
    if (rq->state == RQ_WAIT_CREDIT) {
        if (s->p->topology != MOQT_TOPO_REQUEST_STREAMS) {
            /* Its ID is taken and <=16 peers expect IDs in sequence: it must
             * go out before it can be withdrawn. */
            return MOQT_ERR_INVALID_STATE;
        }
        moqt_session_request_free(s, rq); /* 17+: an unsent request just vanishes */
        return 0;
    }
    if (moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH_NAMESPACE_DONE)) {
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_PUBLISH_NAMESPACE_DONE);
        m.request_id = rq->id; /* 16 */
        load_ns(rq, &m.ns);    /* <=15 */
        rv = moqt_session_send_msg(s, s->control, &m, false);
    } else {
        finish_request_stream(s, rq); /* 17+: closing the request stream */
    }
    moqt_session_request_free(s, rq);
    return rv;
}

static int on_ok(moqt_session *s, request *rq)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "PUBLISH_NAMESPACE_OK for no pending PUBLISH_NAMESPACE");
    }
    rq->state = RQ_ESTABLISHED;
    if (s->cb.publish_namespace_ok) {
        return moqt_session_callback_result(s, s->cb.publish_namespace_ok(s, rq->id, s->user_data));
    }
    return 0;
}

static int on_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "PUBLISH_NAMESPACE_ERROR for no pending PUBLISH_NAMESPACE");
    }
    unsigned code = moqt_errcode_from_wire(s->p, moqt_err_table_for_msg(m->kind), m->error_code);
    if (code > MOQT_REQ_ERR_INVALID_RANGE) {
        code = MOQT_REQUEST_ERROR_UNKNOWN;
    }
    uint64_t id = rq->id;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (s->cb.publish_namespace_error) {
        return moqt_session_callback_result(
            s, s->cb.publish_namespace_error(s, id, (moqt_request_error)code, m->error_code,
                                             m->reason, s->user_data));
    }
    return 0;
}

/* PUBLISH_NAMESPACE_CANCEL: the receiver withdrew its interest. Reported as
 * an error of the request (code and reason as sent). */
static int on_cancel(moqt_session *s, request *rq, const moqt_msg *m)
{
    rq->state = RQ_SENT;
    return on_error(s, rq, m);
}

/* ---- Receiver: answering ------------------------------------------------------------ */

int moqt_namespace_on_publish_namespace(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    uint64_t id = m->request_id;
    if (has_request_id(s)) {
        int rv = moqt_control_check_peer_request(s, id);
        if (rv != 0) {
            return rv;
        }
    } else {
        if (find_by_ns(s, &m->ns, false)) {
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "ANNOUNCE of a namespace already announced");
        }
        id = moqt_ns_synthetic_id(s);
    }
    bool own = s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    request *rq = moqt_ns_peer_request(s, own ? ss : NULL, id, m, NULL, has_request_id(s));
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (s->cb.publish_namespace == NULL) {
        return moqt_session_publish_namespace_reject(s, id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                                     "not interested", s->now);
    }
    moqt_track_namespace tns = {m->ns.count, m->ns.field};
    return moqt_session_callback_result(s, s->cb.publish_namespace(s, id, &tns, s->user_data));
}

/* The peer's announcement |request_id| in |state|, or NULL with the error in
 * |*prv| (the peer's requests exist only once setup is done). */
static request *peer_request(moqt_session *s, uint64_t request_id, request_state state, int *prv)
{
    request *rq = moqt_session_request_find(s, request_id, false);
    *prv = 0;
    if (!moqt_namespace_owns(rq)) {
        *prv = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    if (rq->state != state || !usable(s)) {
        *prv = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return rq;
}

int moqt_session_publish_namespace_accept(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_request(s, request_id, RQ_WAIT_APP, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_msg m;
    moqt_msg_init(&m, moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_OK)
                          ? MOQT_MSG_REQUEST_OK
                          : MOQT_MSG_PUBLISH_NAMESPACE_OK);
    m.request_id = rq->id; /* 11+ */
    load_ns(rq, &m.ns);    /* 07-10 */
    rq->state = RQ_ACCEPTED;
    rv = moqt_control_send(s, rq, &m, false);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    return rv;
}

int moqt_session_publish_namespace_reject(moqt_session *s, uint64_t request_id,
                                          moqt_request_error code, const char *reason,
                                          moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_request(s, request_id, RQ_WAIT_APP, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_msg req;
    moqt_msg_init(&req, MOQT_MSG_PUBLISH_NAMESPACE);
    req.request_id = rq->id;
    load_ns(rq, &req.ns);
    rv = moqt_control_refuse(s, &req, rq->stream, (moqt_req_err)code, reason);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv;
}

/*
 * The receiver revokes its acceptance: PUBLISH_NAMESPACE_CANCEL with a code
 * and reason (ANNOUNCE_CANCEL 07-13, by namespace <=15, by Request ID in 16);
 * 17+ cancel the request stream (mt-17 l.1422, l.897: FIN our direction and
 * STOP_SENDING theirs; the code and reason have no carrier there).
 */
int moqt_session_publish_namespace_cancel(moqt_session *s, uint64_t request_id,
                                          moqt_request_error code, const char *reason,
                                          moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_request(s, request_id, RQ_ACCEPTED, &rv);
    if (rq == NULL) {
        return rv;
    }
    if (moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL);
        m.request_id = rq->id; /* 16 */
        load_ns(rq, &m.ns);    /* <=15 */
        m.error_code = moqt_errcode_to_wire_or_fallback(
            s->p, moqt_err_table_for_msg(MOQT_MSG_PUBLISH_NAMESPACE_CANCEL), (unsigned)code);
        m.reason.base = (const uint8_t *)reason;
        m.reason.len = reason ? strlen(reason) : 0;
        rv = moqt_session_send_msg(s, s->control, &m, false);
    } else if (rq->stream) {
        uint64_t id = rq->stream->id;
        finish_request_stream(s, rq);
        moqt_transport_stop_sending(
            s->t, id,
            moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED));
    }
    moqt_session_request_free(s, rq);
    return rv;
}

/* The publisher withdrew the namespace (DONE, or its request stream ended). */
static int peer_done(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    bool tell = rq->state == RQ_ACCEPTED;
    int rv = moqt_control_request_completed(s, rq);
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (rv == 0 && tell && s->cb.publish_namespace_done) {
        rv = moqt_session_callback_result(s, s->cb.publish_namespace_done(s, id, s->user_data));
    }
    return rv;
}

/* ---- Dispatch ------------------------------------------------------------------------- */

bool moqt_namespace_handles(const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_PUBLISH_NAMESPACE:
    case MOQT_MSG_PUBLISH_NAMESPACE_OK:
    case MOQT_MSG_PUBLISH_NAMESPACE_ERROR:
    case MOQT_MSG_PUBLISH_NAMESPACE_DONE:
    case MOQT_MSG_PUBLISH_NAMESPACE_CANCEL:
        return true;
    default:
        return false;
    }
}

/* The request a control-stream message of the family names: by Request ID
 * where the message has one under this draft, else by namespace. */
static request *named_request(moqt_session *s, const moqt_msg *m, bool local)
{
    bool by_id = false;
    switch (m->kind) {
    case MOQT_MSG_PUBLISH_NAMESPACE_OK:
    case MOQT_MSG_PUBLISH_NAMESPACE_ERROR:
        by_id = has_request_id(s);
        break;
    default:
        /* DONE / CANCEL: by Request ID only where the draft numbers them
         * (16); the decoder leaves the namespace empty then. */
        by_id = m->ns.count == 0 && has_request_id(s);
        break;
    }
    if (by_id) {
        request *rq = moqt_session_request_find(s, m->request_id, local);
        return moqt_namespace_owns(rq) ? rq : NULL;
    }
    return find_by_ns(s, &m->ns, local);
}

int moqt_namespace_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    if (m->kind == MOQT_MSG_PUBLISH_NAMESPACE) {
        return moqt_namespace_on_publish_namespace(s, ss, m);
    }
    bool local = m->kind != MOQT_MSG_PUBLISH_NAMESPACE_DONE;
    request *rq = named_request(s, m, local);
    if (rq == NULL) {
        MOQT_LOG_D(SESSION_TAG, "%s for no known namespace: ignored", moqt_msg_name(s->p, m->kind));
        return 0;
    }
    return moqt_namespace_on_response(s, rq, m);
}

int moqt_namespace_on_response(moqt_session *s, request *rq, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_PUBLISH_NAMESPACE_OK:
    case MOQT_MSG_REQUEST_OK:
        return rq->local ? on_ok(s, rq) : 0;
    case MOQT_MSG_PUBLISH_NAMESPACE_ERROR:
    case MOQT_MSG_REQUEST_ERROR:
        return rq->local ? on_error(s, rq, m) : 0;
    case MOQT_MSG_PUBLISH_NAMESPACE_CANCEL:
        return rq->local ? on_cancel(s, rq, m) : 0;
    case MOQT_MSG_PUBLISH_NAMESPACE_DONE:
        return rq->local ? 0 : peer_done(s, rq);
    default:
        MOQT_LOG_D(SESSION_TAG, "ignoring %s", moqt_msg_name(s->p, m->kind));
        return 0;
    }
}

int moqt_namespace_on_stream_end(moqt_session *s, request *rq)
{
    if (!rq->local) {
        return peer_done(s, rq); /* 17+: the publisher closed the request stream */
    }
    /* The receiver closed the stream: it no longer wants the namespace. */
    uint64_t id = rq->id;
    bool tell = rq->state == RQ_ESTABLISHED || rq->state == RQ_SENT;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (tell && s->cb.publish_namespace_error) {
        return moqt_session_callback_result(
            s, s->cb.publish_namespace_error(s, id, MOQT_REQUEST_ERROR_UNKNOWN, 0,
                                             (moqt_bytes){NULL, 0}, s->user_data));
    }
    return 0;
}
