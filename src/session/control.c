/*
 * Control streams and request bookkeeping.
 *
 * Parsing is incremental: bytes accumulate in the stream's buffer and whole
 * messages are taken from its front, so a message may arrive split anywhere
 * (STACK.md: the JS clients write the type byte alone).
 *
 * Request IDs (DRAFT-CHANGES §4): 11+ client even from 0, server odd from 1,
 * +2 (mt-11 l.1295); 07-10 each subscriber's increasing Subscribe IDs
 * (mt-07 l.1272). Credit (07-16): the peer may use IDs below the Maximum
 * Request ID we sent; a request ID out of sequence closes with
 * INVALID_REQUEST_ID (mt-11 l.1299), one beyond the credit with
 * TOO_MANY_REQUESTS (mt-11 l.1626). We grant settings.max_requests at setup
 * and re-grant as the peer's requests complete, half a window at a time.
 * Our own requests beyond the peer's credit wait, and REQUESTS_BLOCKED is sent
 * once per limit where the draft has it (08-16). 17+: no credit; a request
 * waits for the transport's bidi stream limit instead.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

static uint64_t id_step(const moqt_profile *p)
{
    return p->interleaved_request_ids ? 2 : 1;
}

/* The first Request ID of the client (|client|) or the server. */
static uint64_t first_id(const moqt_profile *p, bool client)
{
    return p->interleaved_request_ids && !client ? 1 : 0;
}

uint64_t moqt_control_granted_max(moqt_session *s, const moqt_profile *p)
{
    if (s->granted_requests == 0) {
        s->granted_requests = s->settings.max_requests;
    }
    /* The peer is the client when we are the server. */
    uint64_t max = first_id(p, s->is_server) + id_step(p) * s->granted_requests;
    if (max < s->granted_max_sent) {
        max = s->granted_max_sent; /* the in-band offer may have used another numbering */
    }
    s->granted_max_sent = max;
    return max;
}

uint64_t moqt_control_take_request_id(moqt_session *s)
{
    return first_id(s->p, !s->is_server) + id_step(s->p) * s->local_requests++;
}

bool moqt_control_has_credit(const moqt_session *s, uint64_t id)
{
    return !s->p->has_request_credit || id < s->peer_max_request_id;
}

int moqt_control_send_blocked(moqt_session *s)
{
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUESTS_BLOCKED) ||
        s->blocked_sent_at == s->peer_max_request_id + 1) {
        return 0;
    }
    s->blocked_sent_at = s->peer_max_request_id + 1;
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUESTS_BLOCKED);
    m.max_request_id = s->peer_max_request_id;
    return moqt_session_send_msg(s, s->control, &m, false);
}

/* 16: a SUBSCRIBE_NAMESPACE travels on its own bidi stream (mt-16 l.1212)
 * while the other requests share the control stream, so the peer's Request
 * IDs may arrive out of order although "not the next in sequence" closes the
 * session (mt-16 l.1714). Decision: an ID up to 64 steps ahead is remembered
 * and the sequence skips it once the gap fills; behind or seen twice is still
 * INVALID_REQUEST_ID. Returns true when |id| was accepted (and counted). */
static bool accept_out_of_order(moqt_session *s, uint64_t id, uint64_t expected)
{
    uint64_t step = id_step(s->p);
    if (id == expected) {
        s->peer_requests++;
        s->peer_ids_ahead >>= 1; /* bit 0 is now the next expected ID */
        while (s->peer_ids_ahead & 1) {
            s->peer_ids_ahead >>= 1;
            s->peer_requests++;
        }
        return true;
    }
    if (id < expected || (id - expected) % step != 0 || (id - expected) / step >= 64) {
        return false;
    }
    uint64_t bit = (uint64_t)1 << ((id - expected) / step);
    if (s->peer_ids_ahead & bit) {
        return false;
    }
    s->peer_ids_ahead |= bit; /* counted once the sequence reaches it */
    return true;
}

int moqt_control_check_peer_request(moqt_session *s, uint64_t id)
{
    const moqt_profile *p = s->p;
    bool racing = p->topology == MOQT_TOPO_NAMESPACE_STREAMS;
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        /* Request streams arrive in any order: only the parity and
         * duplicates are errors (mt-17 l.1878). A duplicate of a finished
         * request is not remembered. */
        if ((id & 1) != (first_id(p, s->is_server) & 1) ||
            moqt_session_request_find(s, id, false) != NULL) {
            return moqt_session_fail(
                s, MOQT_TERM_INVALID_REQUEST_ID,
                "Request ID of the wrong parity or a duplicate (mt-17 l.1878)");
        }
    } else if (p->interleaved_request_ids) {
        uint64_t expected = first_id(p, s->is_server) + id_step(p) * s->peer_requests;
        if (racing ? !accept_out_of_order(s, id, expected) : id != expected) {
            return moqt_session_fail(s, MOQT_TERM_INVALID_REQUEST_ID,
                                     "Request ID out of sequence (mt-11 l.1299)");
        }
    } else if (s->peer_requests > 0 && id <= s->peer_last_request_id) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "Subscribe ID not increasing (mt-07 l.1272)");
    }
    if (p->has_request_credit && id >= s->granted_max_sent) {
        return moqt_session_fail(s, MOQT_TERM_TOO_MANY_REQUESTS,
                                 "Request ID beyond the Maximum Request ID granted");
    }
    if (!racing) {
        s->peer_requests++; /* accept_out_of_order counted it */
    }
    s->peer_last_request_id = id;
    return 0;
}

int moqt_control_request_completed(moqt_session *s, request *rq)
{
    if (rq != NULL) {
        if (!rq->counted) {
            return 0;
        }
        rq->counted = false;
    }
    s->completed_requests++;
    if (!s->p->has_request_credit || s->closing) {
        return 0;
    }
    uint64_t window = s->settings.max_requests;
    uint64_t target = s->completed_requests + window;
    uint64_t threshold = window / 2 ? window / 2 : 1;
    if (target < s->granted_requests + threshold) {
        return 0;
    }
    s->granted_requests = target;
    uint64_t before = s->granted_max_sent;
    uint64_t max = moqt_control_granted_max(s, s->p);
    if (max <= before) {
        return 0;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_MAX_REQUEST_ID);
    m.max_request_id = max;
    return moqt_session_send_msg(s, s->control, &m, false);
}

/* The oldest of our requests still waiting to be sent. */
static request *oldest_waiting(moqt_session *s)
{
    request *best = NULL;
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (rq->local && rq->state == RQ_WAIT_CREDIT && (best == NULL || rq->id < best->id)) {
            best = rq;
        }
    }
    return best;
}

static int send_waiting(moqt_session *s, request *rq)
{
    sstream *ss = s->control;
    if (moqt_nsub_own_stream(s, rq)) {
        int rv = moqt_session_stream_open(s, true, SS_REQUEST, &ss);
        if (rv != 0) {
            return rv;
        }
        ss->req = rq;
        rq->stream = ss;
    }
    int rv = moqt_session_stream_send(s, ss, rq->pending, rq->pending_len, NULL, 0, false);
    moqt_mem_free(s->mem, rq->pending);
    rq->pending = NULL;
    rq->state = RQ_SENT;
    if (rv == 0 && rq->cancelled) {
        /* Unsubscribed while it waited (<=16 only, see subscribe.c), or a
         * PUBLISH ended while it waited (publish.c). */
        moqt_msg m;
        moqt_msg_init(&m,
                      rq->kind == MOQT_MSG_FETCH ? MOQT_MSG_FETCH_CANCEL : MOQT_MSG_UNSUBSCRIBE);
        if (rq->kind == MOQT_MSG_PUBLISH) {
            moqt_msg_init(&m, MOQT_MSG_PUBLISH_DONE);
            m.done.status_code = rq->done_wire;
        }
        m.request_id = rq->id;
        rv = moqt_session_send_msg(s, ss, &m, false);
        moqt_session_request_free(s, rq);
    } else if (rv == 0 && rq->kind == MOQT_MSG_REQUEST_UPDATE) {
        moqt_update_sent(s, rq); /* update.c */
    }
    return rv;
}

/* Request streams that arrived before setup finished, and uni streams that
 * arrived before the draft was known (07-14), wait in their buffers. */
static int parse_early_streams(moqt_session *s)
{
    for (size_t i = 0; i < s->nstreams && !s->closing; i++) {
        sstream *ss = s->streams[i];
        int rv = 0;
        if (ss->kind == SS_REQUEST && ss->req == NULL && ss->rxlen > 0) {
            rv = moqt_control_on_request_stream_data(s, ss);
        } else if (ss->kind == SS_UNKNOWN && (ss->rxlen > 0 || ss->fin_rcvd)) {
            rv = moqt_session_stream_dispatch(s, ss);
        }
        if (rv != 0) {
            return rv;
        }
    }
    return 0;
}

int moqt_control_flush_pending(moqt_session *s)
{
    if (!s->setup_done || s->closing) {
        return 0;
    }
    int rv = parse_early_streams(s);
    if (rv != 0) {
        return rv;
    }
    for (request *rq = oldest_waiting(s); rq; rq = oldest_waiting(s)) {
        if (!moqt_control_has_credit(s, rq->id)) {
            return moqt_control_send_blocked(s);
        }
        rv = send_waiting(s, rq);
        if (rv == MOQT_ERR_WOULDBLOCK) {
            return 0; /* streams_available will call again */
        }
        if (rv != 0) {
            return rv;
        }
    }
    return 0;
}

/* ---- Starting a request of ours (subscribe, fetch, publish, namespace,
 * track_status, ns_subscribe share these) ---- */

int moqt_control_hold_request(moqt_session *s, request *rq, size_t len)
{
    uint8_t *copy = moqt_mem_malloc(s->mem, len);
    if (copy == NULL) {
        return MOQT_ERR_NOMEM;
    }
    memcpy(copy, s->scratch, len);
    rq->pending = copy;
    rq->pending_len = len;
    rq->state = RQ_WAIT_CREDIT;
    return 0;
}

int moqt_control_abandon_request(moqt_session *s, request *rq, bool numbered, int rv)
{
    if (rq) {
        moqt_session_request_free(s, rq);
    }
    if (numbered) {
        s->local_requests--; /* the ID was not used */
    }
    return rv;
}

request *moqt_control_new_request(moqt_session *s, uint64_t id, moqt_msg_kind kind, moqt_ssize n,
                                  int *prv)
{
    request *rq = n >= 0 ? moqt_session_request_new(s, id, kind, true) : NULL;
    int rv = n < 0        ? (int)n
             : rq == NULL ? MOQT_ERR_NOMEM
                          : moqt_control_hold_request(s, rq, (size_t)n);
    if (rv != 0) {
        *prv = moqt_control_abandon_request(s, rq, true, rv);
        return NULL;
    }
    return rq;
}

int moqt_control_send_unnumbered(moqt_session *s, request *rq)
{
    uint8_t *bytes = rq->pending;
    rq->pending = NULL;
    rq->state = RQ_SENT;
    int rv = moqt_session_stream_send(s, s->control, bytes, rq->pending_len, NULL, 0, false);
    moqt_mem_free(s->mem, bytes);
    return rv;
}

int moqt_control_start_requests(moqt_session *s)
{
    int rv = moqt_control_flush_pending(s);
    /* A peer's bytes met on the way may have closed the session: that is
     * reported through the callbacks, not as this call's failure. */
    return rv == MOQT_ERR_PROTOCOL_VIOLATION ? 0 : rv;
}

int moqt_control_send(moqt_session *s, request *rq, const moqt_msg *m, bool fin)
{
    /* 16: a SUBSCRIBE_NAMESPACE's stream is its own too (ns_subscribe.c). */
    bool own = s->p->topology == MOQT_TOPO_REQUEST_STREAMS || rq->stream != NULL;
    sstream *ss = own ? rq->stream : s->control;
    if (ss == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    return moqt_session_send_msg(s, ss, m, fin && ss != s->control);
}

/* The error message answering a request of |kind|: REQUEST_ERROR (15+) or
 * the family's own *_ERROR (07-14); MOQT_MSG_NONE if the draft has none. */
static moqt_msg_kind error_kind_for(const moqt_profile *p, moqt_msg_kind kind)
{
    if (moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)) {
        return MOQT_MSG_REQUEST_ERROR;
    }
    moqt_msg_kind k;
    switch (kind) {
    case MOQT_MSG_SUBSCRIBE:
        k = MOQT_MSG_SUBSCRIBE_ERROR;
        break;
    case MOQT_MSG_FETCH:
        k = MOQT_MSG_FETCH_ERROR;
        break;
    case MOQT_MSG_PUBLISH:
        k = MOQT_MSG_PUBLISH_ERROR;
        break;
    case MOQT_MSG_PUBLISH_NAMESPACE:
        k = MOQT_MSG_PUBLISH_NAMESPACE_ERROR;
        break;
    case MOQT_MSG_SUBSCRIBE_NAMESPACE:
        k = MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR;
        break;
    case MOQT_MSG_TRACK_STATUS:
        k = MOQT_MSG_TRACK_STATUS_ERROR;
        break;
    default:
        return MOQT_MSG_NONE;
    }
    return moqt_profile_msg_type(p, k) ? k : MOQT_MSG_NONE;
}

int moqt_control_refuse(moqt_session *s, const moqt_msg *req, sstream *ss, moqt_req_err code,
                        const char *reason)
{
    moqt_msg_kind ek = error_kind_for(s->p, req->kind);
    if (ek == MOQT_MSG_NONE) {
        MOQT_LOG_I(SESSION_TAG, "no error message for %s in %s: ignoring it",
                   moqt_msg_name(s->p, req->kind), s->p->name);
        return 0;
    }
    moqt_msg m;
    moqt_msg_init(&m, ek);
    m.request_id = req->request_id;
    m.ns = req->ns; /* ANNOUNCE_ERROR 07-10 names the namespace */
    moqt_err_table table = moqt_err_table_for_msg(ek);
    if (ek != MOQT_MSG_REQUEST_ERROR) {
        table = moqt_err_table_for_msg(req->kind);
    }
    m.error_code = moqt_errcode_to_wire_or_fallback(s->p, table, code);
    m.reason = (moqt_bytes){(const uint8_t *)reason, reason ? strlen(reason) : 0};
    sstream *out = ss ? ss : s->control;
    if (out == NULL) {
        return 0;
    }
    /* 17+: "send a REQUEST_ERROR and FIN the stream" (mt-17 l.1003). */
    return moqt_session_send_msg(s, out, &m, out != s->control);
}

/* A request the session does not serve (yet): refused with NOT_SUPPORTED. */
static int refuse_unsupported(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    int rv = moqt_control_refuse(s, m, ss, MOQT_REQ_ERR_NOT_SUPPORTED, "not supported");
    if (rv != 0) {
        return rv;
    }
    return moqt_control_request_completed(s, NULL);
}

static bool is_request_kind(const moqt_profile *p, moqt_msg_kind k)
{
    return moqt_profile_consumes_request_id(p, k) && k != MOQT_MSG_REQUEST_UPDATE;
}

/*
 * mt-17 l.1884-1903: Required Request ID = Request ID - 2 x Delta; a delta
 * reaching below zero closes the session with INVALID_REQUIRED_REQUEST_ID.
 * Drafts without the field decode it as 0, which never fails. The
 * dependency itself is not waited for: each request is handed over as it
 * arrives (the Required Request ID is not exposed yet).
 */
static int check_required_request_id(moqt_session *s, const moqt_msg *m)
{
    if (m->required_request_id_delta > m->request_id / 2) {
        return moqt_session_fail(s, MOQT_TERM_INVALID_REQUIRED_REQUEST_ID,
                                 "d17 Required Request ID: 2 x Delta exceeds the Request ID");
    }
    return 0;
}

static int on_new_request(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    int crv = check_required_request_id(s, m);
    if (crv != 0) {
        return crv;
    }
    if (m->kind == MOQT_MSG_SUBSCRIBE) {
        return moqt_subscribe_on_subscribe(s, ss, m);
    }
    if (m->kind == MOQT_MSG_FETCH) {
        return moqt_fetch_on_fetch(s, ss, m);
    }
    if (m->kind == MOQT_MSG_PUBLISH_NAMESPACE) {
        return moqt_namespace_on_publish_namespace(s, ss, m);
    }
    if (m->kind == MOQT_MSG_TRACK_STATUS) {
        return moqt_track_status_on_request(s, ss, m);
    }
    if (m->kind == MOQT_MSG_PUBLISH) {
        return moqt_publish_on_publish(s, ss, m);
    }
    if (m->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE || m->kind == MOQT_MSG_SUBSCRIBE_TRACKS) {
        return moqt_nsub_on_request(s, ss, m);
    }
    int rv = moqt_control_check_peer_request(s, m->request_id);
    if (rv != 0) {
        return rv;
    }
    return refuse_unsupported(s, ss, m);
}

/* A response or follow-up naming one of our requests (or the peer's). */
static int on_request_msg(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (moqt_update_handles(rq, m)) {
        return moqt_update_on_msg(s, rq, m); /* update.c */
    }
    if (moqt_namespace_owns(rq)) {
        return moqt_namespace_on_response(s, rq, m);
    }
    if (moqt_track_status_owns(rq)) {
        return moqt_track_status_on_response(s, rq, m);
    }
    if (rq && rq->kind == MOQT_MSG_PUBLISH) {
        return moqt_publish_on_msg(s, rq, m);
    }
    if (moqt_nsub_owns(rq)) {
        return moqt_nsub_on_response(s, rq, m);
    }
    bool fetch = rq && rq->kind == MOQT_MSG_FETCH;
    switch (m->kind) {
    case MOQT_MSG_FETCH_OK:
        return fetch && rq->local ? moqt_fetch_on_ok(s, rq, m) : 0;
    case MOQT_MSG_FETCH_ERROR:
        return fetch && rq->local ? moqt_fetch_on_error(s, rq, m) : 0;
    case MOQT_MSG_FETCH_CANCEL:
        return fetch && !rq->local ? moqt_fetch_on_cancel(s, rq) : 0;
    case MOQT_MSG_SUBSCRIBE_OK:
        return rq && rq->local ? moqt_subscribe_on_ok(s, rq, m) : 0;
    case MOQT_MSG_SUBSCRIBE_ERROR:
    case MOQT_MSG_REQUEST_ERROR:
        if (fetch) {
            return rq->local ? moqt_fetch_on_error(s, rq, m) : 0;
        }
        return rq && rq->local ? moqt_subscribe_on_error(s, rq, m) : 0;
    case MOQT_MSG_PUBLISH_DONE:
        return rq && rq->local ? moqt_subscribe_on_done(s, rq, m) : 0;
    case MOQT_MSG_UNSUBSCRIBE:
        return rq && !rq->local ? moqt_subscribe_on_unsubscribe(s, rq) : 0;
    default:
        MOQT_LOG_D(SESSION_TAG, "ignoring %s", moqt_msg_name(s->p, m->kind));
        return 0;
    }
}

static int on_goaway(moqt_session *s, const moqt_msg *m)
{
    if (s->is_server) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a server received GOAWAY (mt-07 l.1190)");
    }
    if (s->goaway_rcvd) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "a second GOAWAY");
    }
    s->goaway_rcvd = true;
    if (s->cb.goaway) {
        return moqt_session_callback_result(
            s, s->cb.goaway(s, m->goaway.new_session_uri, s->user_data));
    }
    return 0;
}

static int on_max_request_id(moqt_session *s, const moqt_msg *m)
{
    if (m->max_request_id <= s->peer_max_request_id) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "MAX_REQUEST_ID did not increase (mt-11 l.1614)");
    }
    s->peer_max_request_id = m->max_request_id;
    return moqt_control_flush_pending(s);
}

/* A message on the control stream after setup. */
static int on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    bool per_request = s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    switch (m->kind) {
    case MOQT_MSG_GOAWAY:
        return on_goaway(s, m);
    case MOQT_MSG_MAX_REQUEST_ID:
        return on_max_request_id(s, m);
    case MOQT_MSG_REQUESTS_BLOCKED:
        MOQT_LOG_D(SESSION_TAG, "peer blocked at %llu", (unsigned long long)m->max_request_id);
        return 0;
    case MOQT_MSG_CLIENT_SETUP:
    case MOQT_MSG_SERVER_SETUP:
    case MOQT_MSG_SETUP:
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "a second setup message");
    default:
        break;
    }
    if (per_request) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a request message on the control stream (mt-18 l.2137)");
    }
    if (moqt_namespace_handles(m)) {
        return moqt_namespace_on_control_msg(s, ss, m);
    }
    if (moqt_track_status_handles(m)) {
        return moqt_track_status_on_control_msg(s, ss, m);
    }
    if (moqt_nsub_handles(m)) {
        return moqt_nsub_on_control_msg(s, ss, m);
    }
    if (is_request_kind(s->p, m->kind)) {
        return on_new_request(s, ss, m);
    }
    bool peer_side = m->kind == MOQT_MSG_UNSUBSCRIBE || m->kind == MOQT_MSG_FETCH_CANCEL;
    request *rq = moqt_session_request_find(s, m->request_id, !peer_side);
    if (rq == NULL) {
        rq = moqt_publish_lookup(s, m); /* UNSUBSCRIBE / PUBLISH_DONE of a PUBLISH */
    }
    return on_request_msg(s, rq, m);
}

/* A control-stream message, after auth.c has seen a new request (<=16). */
static int on_control_msg_authorized(moqt_session *s, sstream *ss, moqt_msg *m)
{
    if (s->p->topology != MOQT_TOPO_REQUEST_STREAMS) {
        int rv = moqt_auth_on_request(s, ss, m);
        if (rv != 0) {
            return rv == MOQT_AUTH_REFUSED ? 0 : rv;
        }
    }
    return on_control_msg(s, ss, m);
}

/* Decodes the next message of |ss|; returns its length, 0 when incomplete, or
 * a negative error after closing the session. */
static moqt_ssize next_msg(moqt_session *s, sstream *ss, moqt_msg *m)
{
    moqt_ssize n;
    if (s->p == NULL) {
        n = moqt_setup_decode_inband(s, ss->rx, ss->rxlen, m);
    } else {
        const char *why = NULL;
        n = moqt_wire_decode_control(s->p, ss->rx, ss->rxlen, m, &why);
        if (n == MOQT_ERR_WIRE_MALFORMED || n == MOQT_ERR_WIRE_LIMIT) {
            return moqt_session_fail(s, moqt_err_infer_termination_code((int)n),
                                     why ? why : "malformed control message");
        }
    }
    if (n == MOQT_ERR_WIRE_NEED_MORE) {
        return 0;
    }
    return n;
}

int moqt_control_on_data(moqt_session *s, sstream *ss)
{
    while (ss->rxlen > 0 && !s->closing) {
        moqt_msg m;
        moqt_ssize n = next_msg(s, ss, &m);
        if (n <= 0) {
            if (n < 0) {
                return (int)n;
            }
            break;
        }
        MOQT_LOG_D(SESSION_TAG, "%s recv %s", s->is_server ? "S" : "C",
                   moqt_msg_name(s->p, m.kind));
        int rv =
            s->setup_rcvd ? on_control_msg_authorized(s, ss, &m) : moqt_setup_on_msg(s, ss, &m);
        moqt_session_stream_consume(ss, (size_t)n);
        if (rv != 0) {
            return rv;
        }
    }
    if (ss->fin_rcvd && !s->closing) {
        /* mt-17 l.933: closing a control stream is a PROTOCOL_VIOLATION. */
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "the peer ended a control stream");
    }
    return 0;
}

/* The first message of a request stream the peer opened (17+). */
static int on_request_stream_first(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    if (!is_request_kind(s->p, m->kind)) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a bidi stream began with a non-request message (mt-17 l.921)");
    }
    if (!moqt_nsub_stream_may_open(s, m->kind)) {
        return moqt_session_fail(
            s, MOQT_TERM_PROTOCOL_VIOLATION,
            "a bidi stream other than the control stream began with other than "
            "SUBSCRIBE_NAMESPACE (mt-16 l.767)");
    }
    return on_new_request(s, ss, m);
}

int moqt_control_on_request_stream_data(moqt_session *s, sstream *ss)
{
    if (!s->setup_done) {
        return 0; /* mt-17 l.926: buffered until setup completes */
    }
    bool local = moqt_stream_id_is_local(s->t, ss->id);
    while (ss->rxlen > 0 && !s->closing) {
        moqt_msg m;
        moqt_ssize n = next_msg(s, ss, &m);
        if (n <= 0) {
            if (n < 0) {
                return (int)n;
            }
            break;
        }
        int rv;
        if (!local && ss->req == NULL) {
            rv = moqt_auth_on_request(s, ss, &m); /* auth.c */
            rv = rv == 0 ? on_request_stream_first(s, ss, &m) : rv == MOQT_AUTH_REFUSED ? 0 : rv;
        } else if (ss->req != NULL) {
            m.request_id = ss->req->id; /* 17+ responses carry none */
            rv = on_request_msg(s, ss->req, &m);
        } else {
            rv = 0; /* the request is gone: drop what follows */
        }
        moqt_session_stream_consume(ss, (size_t)n);
        if (rv != 0) {
            return rv;
        }
    }
    if (ss->fin_rcvd && ss->req != NULL && !s->closing) {
        return moqt_subscribe_on_stream_end(s, ss->req);
    }
    return 0;
}
