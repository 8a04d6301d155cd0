/*
 * TRACK_STATUS in either direction: ask a publisher about a track, answer.
 *
 * Shapes (wire/subscribe.c cites the figures):
 * - 07-12: TRACK_STATUS_REQUEST, answered by a reply named TRACK_STATUS
 *   (our MOQT_MSG_TRACK_STATUS_OK) carrying a Status Code: 0x00 in progress
 *   with the largest location, 0x01 does not exist, 0x02 not yet begun, 0x03
 *   finished, 0x04 a relay that cannot tell (mt-07 l.1934-1949). 07-10 have
 *   no Request ID: the reply names the track, and the session gives the
 *   request a handle of its own (namespace.c's synthetic IDs).
 * - 13-14: TRACK_STATUS (SUBSCRIBE layout), TRACK_STATUS_OK (SUBSCRIBE_OK
 *   layout, status always 0) or TRACK_STATUS_ERROR.
 * - 15+: TRACK_STATUS answered by REQUEST_OK with LARGEST_OBJECT, or
 *   REQUEST_ERROR; 17+ on its own request stream, which the answer ends.
 * Our answer to "no such track" under 07-12 is Status 0x01; any other refusal
 * there is 0x04 (the only other negative code). Received: 0x01 and 0x04 are
 * reported as errors, the other codes as the answer (0x02 without location).
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

#define TS_NOT_EXIST     0x01
#define TS_NOT_BEGUN     0x02
#define TS_RELAY_UNKNOWN 0x04

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

bool moqt_track_status_owns(const request *rq)
{
    return rq != NULL && rq->kind == MOQT_MSG_TRACK_STATUS;
}

bool moqt_track_status_handles(const moqt_msg *m)
{
    return m->kind == MOQT_MSG_TRACK_STATUS || m->kind == MOQT_MSG_TRACK_STATUS_OK ||
           m->kind == MOQT_MSG_TRACK_STATUS_ERROR;
}

static bool numbered(const moqt_session *s)
{
    return moqt_profile_consumes_request_id(s->p, MOQT_MSG_TRACK_STATUS);
}

/* The reply carries a Status Code (07-12): neither TRACK_STATUS_ERROR nor
 * REQUEST_ERROR exists to refuse with. */
static bool reply_has_status_code(const moqt_session *s)
{
    return !moqt_profile_msg_type(s->p, MOQT_MSG_TRACK_STATUS_ERROR) &&
           !moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR);
}

static void finish_request_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

static request *find_by_name(moqt_session *s, const moqt_msg *m, bool local)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_track_status_owns(rq) && rq->local == local) {
            moqt_namespace ns;
            moqt_bytes name;
            moqt_ns_load(rq, &ns, &name);
            if (moqt_namespace_eq(&ns, &m->ns) && name.len == m->track_name.len &&
                (name.len == 0 || memcmp(name.base, m->track_name.base, name.len) == 0)) {
                return rq;
            }
        }
    }
    return NULL;
}

/* ---- Requester ------------------------------------------------------------------------ */

int moqt_session_track_status(moqt_session *s, const moqt_track_namespace *tns, moqt_bytes name,
                              uint64_t *prequest_id, moqt_tstamp now)
{
    s->now = now;
    if (tns == NULL || tns->count > MOQT_MAX_NAMESPACE_FIELDS || (tns->count && !tns->fields)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_TRACK_STATUS);
    m.ns.count = tns->count;
    for (size_t i = 0; i < tns->count; i++) {
        m.ns.field[i] = tns->fields[i];
    }
    m.track_name = name;
    /* 13-14 use the SUBSCRIBE layout; other drafts drop these silently. */
    m.params.has |= MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FILTER;
    m.params.subscriber_priority = 128;
    m.params.filter.type = MOQT_FILTER_LARGEST_OBJECT;
    bool by_id = numbered(s);
    if (!by_id && find_by_name(s, &m, true)) {
        return MOQT_ERR_INVALID_STATE; /* 07-10 could not tell the replies apart */
    }
    uint64_t id = by_id ? moqt_control_take_request_id(s) : moqt_ns_synthetic_id(s);
    m.request_id = id;
    moqt_ssize n = moqt_wire_encode_control(s->p, &m, s->scratch, s->scratch_cap);
    request *rq =
        n >= 0 ? moqt_ns_request_new(s, id, MOQT_MSG_TRACK_STATUS, true, &m.ns, &name) : NULL;
    int rv = n < 0        ? (int)n
             : rq == NULL ? MOQT_ERR_NOMEM
                          : moqt_control_hold_request(s, rq, (size_t)n);
    if (rv != 0) {
        return moqt_control_abandon_request(s, rq, by_id, rv);
    }
    if (prequest_id) {
        *prequest_id = id;
    }
    /* 07-10: no credit applies; sent at once. */
    return by_id ? moqt_control_start_requests(s) : moqt_control_send_unnumbered(s, rq);
}

static int report(moqt_session *s, request *rq, const moqt_msg *m, bool ok)
{
    uint64_t id = rq->id;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (ok) {
        if (!s->cb.track_status_ok) {
            return 0;
        }
        const moqt_location *largest = (m->params.has & MOQT_P_LARGEST) ? &m->params.largest : NULL;
        return moqt_session_callback_result(s, s->cb.track_status_ok(s, id, largest, s->user_data));
    }
    if (!s->cb.track_status_error) {
        return 0;
    }
    moqt_request_error code;
    uint64_t wire;
    if (m->kind == MOQT_MSG_TRACK_STATUS_OK) {
        wire = m->done.status_code;
        code =
            wire == TS_NOT_EXIST ? MOQT_REQUEST_ERROR_DOES_NOT_EXIST : MOQT_REQUEST_ERROR_UNKNOWN;
    } else {
        wire = m->error_code;
        unsigned c = moqt_errcode_from_wire(s->p, moqt_err_table_for_msg(m->kind), wire);
        code = c > MOQT_REQ_ERR_INVALID_RANGE ? MOQT_REQUEST_ERROR_UNKNOWN : (moqt_request_error)c;
    }
    return moqt_session_callback_result(
        s, s->cb.track_status_error(s, id, code, wire, m->reason, s->user_data));
}

int moqt_track_status_on_response(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (!rq->local) {
        return 0;
    }
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a TRACK_STATUS answer for no pending TRACK_STATUS");
    }
    switch (m->kind) {
    case MOQT_MSG_TRACK_STATUS_OK: {
        uint64_t st = m->done.status_code;
        return report(s, rq, m, st != TS_NOT_EXIST && st != TS_RELAY_UNKNOWN);
    }
    case MOQT_MSG_REQUEST_OK:
        return report(s, rq, m, true);
    case MOQT_MSG_TRACK_STATUS_ERROR:
    case MOQT_MSG_REQUEST_ERROR:
        return report(s, rq, m, false);
    default:
        MOQT_LOG_D(SESSION_TAG, "ignoring %s", moqt_msg_name(s->p, m->kind));
        return 0;
    }
}

/* ---- Publisher ------------------------------------------------------------------------ */

int moqt_track_status_on_request(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    uint64_t id = m->request_id;
    if (numbered(s)) {
        int rv = moqt_control_check_peer_request(s, id);
        if (rv != 0) {
            return rv;
        }
    } else {
        id = moqt_ns_synthetic_id(s);
    }
    bool own = s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    request *rq = moqt_ns_peer_request(s, own ? ss : NULL, id, m, &m->track_name, numbered(s));
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (s->cb.track_status == NULL) {
        return moqt_session_track_status_reject(s, id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                                "not a publisher", s->now);
    }
    moqt_track_namespace tns = {m->ns.count, m->ns.field};
    return moqt_session_callback_result(
        s, s->cb.track_status(s, id, &tns, m->track_name, s->user_data));
}

static request *peer_waiting(moqt_session *s, uint64_t request_id, int *prv)
{
    request *rq = moqt_session_request_find(s, request_id, false);
    *prv = 0;
    if (!moqt_track_status_owns(rq)) {
        *prv = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    if (rq->state != RQ_WAIT_APP || s->closing || s->closed) {
        *prv = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return rq;
}

/* Sends the 07-12 reply (Status Code) or the 13+ OK, ending the request. */
static int send_reply(moqt_session *s, request *rq, moqt_msg_kind kind, uint64_t status,
                      const moqt_location *largest)
{
    moqt_msg m;
    moqt_msg_init(&m, kind);
    m.request_id = rq->id;
    moqt_ns_load(rq, &m.ns, &m.track_name); /* 07-10 name the track */
    m.done.status_code = status;
    if (largest) {
        m.params.has |= MOQT_P_LARGEST;
        m.params.largest = *largest;
    }
    int rv = moqt_control_send(s, rq, &m, true);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv;
}

int moqt_session_track_status_reply(moqt_session *s, uint64_t request_id,
                                    const moqt_location *largest, moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_waiting(s, request_id, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_msg_kind kind = moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_OK)
                             ? MOQT_MSG_REQUEST_OK
                             : MOQT_MSG_TRACK_STATUS_OK;
    /* 07-12: no content yet is "not yet begun"; 13+ say it by leaving the
     * location out (content exists = 0 / no LARGEST_OBJECT). */
    uint64_t status = largest == NULL && reply_has_status_code(s) ? TS_NOT_BEGUN : 0;
    return send_reply(s, rq, kind, status, largest);
}

int moqt_session_track_status_reject(moqt_session *s, uint64_t request_id, moqt_request_error code,
                                     const char *reason, moqt_tstamp now)
{
    s->now = now;
    int rv;
    request *rq = peer_waiting(s, request_id, &rv);
    if (rq == NULL) {
        return rv;
    }
    if (reply_has_status_code(s)) {
        uint64_t status =
            code == MOQT_REQUEST_ERROR_DOES_NOT_EXIST ? TS_NOT_EXIST : TS_RELAY_UNKNOWN;
        return send_reply(s, rq, MOQT_MSG_TRACK_STATUS_OK, status, NULL);
    }
    moqt_msg req;
    moqt_msg_init(&req, MOQT_MSG_TRACK_STATUS);
    req.request_id = rq->id;
    rv = moqt_control_refuse(s, &req, rq->stream, (moqt_req_err)code, reason);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv;
}

/* ---- Dispatch ----------------------------------------------------------------------- */

int moqt_track_status_on_control_msg(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    if (m->kind == MOQT_MSG_TRACK_STATUS) {
        return moqt_track_status_on_request(s, ss, m);
    }
    request *rq =
        numbered(s) ? moqt_session_request_find(s, m->request_id, true) : find_by_name(s, m, true);
    if (!moqt_track_status_owns(rq)) {
        MOQT_LOG_D(SESSION_TAG, "%s for no pending request: ignored", moqt_msg_name(s->p, m->kind));
        return 0;
    }
    return moqt_track_status_on_response(s, rq, m);
}

int moqt_track_status_on_stream_end(moqt_session *s, request *rq)
{
    bool tell = rq->local && rq->state == RQ_SENT;
    uint64_t id = rq->id;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (tell && s->cb.track_status_error) {
        /* 17+: the publisher ended the request stream without an answer. */
        return moqt_session_callback_result(
            s, s->cb.track_status_error(s, id, MOQT_REQUEST_ERROR_UNKNOWN, 0, (moqt_bytes){NULL, 0},
                                        s->user_data));
    }
    return 0;
}
