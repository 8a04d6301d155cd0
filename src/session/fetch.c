/*
 * FETCH in both directions: FETCH, FETCH_OK, FETCH_ERROR / REQUEST_ERROR,
 * FETCH_CANCEL (07-16) or the request stream's end (17+), and the FETCH
 * stream (one unidirectional stream per fetch: header {0x05, Request ID}, then
 * objects through the wire fetch-object codec; DRAFT-CHANGES §8).
 *
 * Kinds: 07 has only the standalone fetch; 08+ the (relative) joining fetch
 * (profile has_joining_fetch); 11+ the absolute joining fetch
 * (has_absolute_joining_fetch).
 *
 * Joining range (publisher): resolved against the largest Location the
 * application gave moqt_session_subscribe_accept for the joined subscription:
 * start {largest.group - offset, 0} (relative) or {joining start, 0}
 * (absolute). End per draft (profile joining_fetch_end_excludes_largest):
 * 14+ End = {largest.group, largest.object + 1}, the largest object included
 * (mt-14 l.2528, mt-18 l.3377); 08-13 End = Largest, which the "+1" End
 * encoding excludes, and a Largest Object of 0 moves the End to the whole
 * group before (mt-08 l.1603, mt-11 l.2274, mt-13 l.2560). A joined subscription without a largest
 * Location is refused with INVALID_RANGE (mt-11 l.2270, mt-18 l.3352); an unknown one with
 * INVALID_JOINING_REQUEST_ID (mt-11 l.2239; 08-10 map it to their generic code).
 *
 * Requester: objects of the FETCH stream reach the |object| callback with
 * |fetched| set, even before FETCH_OK (mt-11 l.2297 lets the publisher send
 * them first); the stream's end is reported by fetch_done only after
 * fetch_ok, and ends the request.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

void moqt_fetch_params_default(moqt_fetch_params *p)
{
    memset(p, 0, sizeof(*p));
    p->struct_size = sizeof(*p);
    p->subscriber_priority = 128;
}

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

static uint64_t cancel_code(moqt_session *s)
{
    return moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED);
}

/* The FETCH stream serving |rq| (either side), or NULL. */
static sstream *data_stream(moqt_session *s, const request *rq)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (ss->req == rq && (ss->kind == SS_FETCH_TX || ss->kind == SS_FETCH_RX)) {
            return ss;
        }
    }
    return NULL;
}

/* Ends our side of a 17+ request stream gracefully. */
static void finish_request_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

/* ---- Requester -------------------------------------------------------------------- */

static int build_fetch(moqt_session *s, const moqt_fetch_params *pp, uint64_t id, moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_FETCH);
    m->request_id = id;
    switch (pp->kind) {
    case MOQT_FETCH_KIND_STANDALONE:
        if (pp->track_namespace.count > MOQT_MAX_NAMESPACE_FIELDS) {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
        m->fetch.fetch_type = MOQT_FETCH_STANDALONE;
        m->ns.count = pp->track_namespace.count;
        for (size_t i = 0; i < m->ns.count; i++) {
            m->ns.field[i] = pp->track_namespace.fields[i];
        }
        m->track_name = pp->track_name;
        m->fetch.start = pp->start;
        m->fetch.end = pp->end;
        break;
    case MOQT_FETCH_KIND_RELATIVE_JOINING:
    case MOQT_FETCH_KIND_ABSOLUTE_JOINING: {
        bool absolute = pp->kind == MOQT_FETCH_KIND_ABSOLUTE_JOINING;
        if (!s->p->has_joining_fetch || (absolute && !s->p->has_absolute_joining_fetch)) {
            return MOQT_ERR_UNSUPPORTED;
        }
        /* Our SUBSCRIBE, or a PUBLISH we accepted (mt-19 l.1670). */
        request *sub = moqt_publish_rx_find(s, pp->joining_request_id);
        if (sub == NULL) {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
        m->fetch.fetch_type = absolute ? MOQT_FETCH_ABSOLUTE_JOINING : MOQT_FETCH_RELATIVE_JOINING;
        m->fetch.joining_request_id = pp->joining_request_id;
        m->fetch.joining_start = pp->joining_start;
        break;
    }
    default:
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    m->params.has |= MOQT_P_SUBSCRIBER_PRIORITY;
    m->params.subscriber_priority = pp->subscriber_priority;
    if (pp->group_order != MOQT_GROUP_ORDER_PUBLISHER) {
        m->params.has |= MOQT_P_GROUP_ORDER;
        m->params.group_order = pp->group_order;
    }
    return 0;
}

int moqt_session_fetch(moqt_session *s, const moqt_fetch_params *pp, uint64_t *prequest_id,
                       moqt_tstamp now)
{
    s->now = now;
    if (pp == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    uint64_t id = moqt_control_take_request_id(s);
    moqt_msg m;
    int rv = build_fetch(s, pp, id, &m);
    moqt_ssize n = rv != 0 ? rv : moqt_wire_encode_control(s->p, &m, s->scratch, s->scratch_cap);
    request *rq = moqt_control_new_request(s, id, MOQT_MSG_FETCH, n, &rv);
    if (rq == NULL) {
        return rv;
    }
    rq->fetch_descending = pp->group_order == MOQT_GROUP_ORDER_DESCENDING;
    if (prequest_id) {
        *prequest_id = id;
    }
    return moqt_control_start_requests(s);
}

/* The FETCH stream ended and FETCH_OK is known: tell the application. */
static int fire_done(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    bool complete = rq->fetch_end_complete;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (s->cb.fetch_done) {
        return moqt_session_callback_result(s, s->cb.fetch_done(s, id, complete, s->user_data));
    }
    return 0;
}

int moqt_fetch_on_ok(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "FETCH_OK for no pending FETCH");
    }
    rq->state = RQ_ESTABLISHED;
    rq->fetch_ok_rcvd = true;
    if (s->cb.fetch_ok) {
        int rv = s->cb.fetch_ok(s, rq->id, m->fetch.end_of_track != 0, m->fetch.end_location,
                                s->user_data);
        if (rv != 0) {
            return moqt_session_callback_result(s, rv);
        }
    }
    return rq->fetch_end_pending ? fire_done(s, rq) : 0;
}

int moqt_fetch_on_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a fetch error for no pending FETCH");
    }
    moqt_err_table table = moqt_err_table_for_msg(m->kind);
    unsigned code = moqt_errcode_from_wire(s->p, table, m->error_code);
    if (code > MOQT_REQ_ERR_INVALID_RANGE) {
        code = MOQT_REQUEST_ERROR_UNKNOWN;
    }
    uint64_t id = rq->id;
    sstream *ds = data_stream(s, rq);
    if (ds) {
        ds->kind = SS_IGNORED;
        moqt_transport_stop_sending(s->t, ds->id, cancel_code(s));
    }
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (s->cb.fetch_error) {
        int rv = s->cb.fetch_error(s, id, (moqt_request_error)code, m->error_code, m->reason,
                                   s->user_data);
        return moqt_session_callback_result(s, rv);
    }
    return 0;
}

int moqt_session_fetch_cancel(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_session_request_find(s, request_id, true);
    if (rq == NULL || rq->kind != MOQT_MSG_FETCH) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    bool per_request = s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    if (rq->state == RQ_WAIT_CREDIT && !per_request) {
        rq->cancelled = true; /* sent in sequence, then FETCH_CANCEL (control.c) */
        return 0;
    }
    int rv = 0;
    if (rq->state == RQ_WAIT_CREDIT) {
        /* 17+: an unsent request simply disappears (mt-17 l.1878). */
    } else if (per_request) {
        /* mt-17 l.996: FIN and STOP_SENDING on the request stream. */
        if (rq->stream) {
            finish_request_stream(s, rq);
            moqt_transport_stop_sending(s->t, rq->stream->id, cancel_code(s));
        }
    } else {
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_FETCH_CANCEL);
        m.request_id = rq->id;
        rv = moqt_session_send_msg(s, s->control, &m, false);
    }
    sstream *ds = data_stream(s, rq);
    if (ds) {
        ds->kind = SS_IGNORED;
        ds->rxlen = 0;
        moqt_transport_stop_sending(s->t, ds->id, cancel_code(s));
    }
    moqt_session_request_free(s, rq);
    return rv;
}

/* Reads the header of a new FETCH stream and attaches it to its request. */
static int read_header(moqt_session *s, sstream *ss)
{
    uint64_t id;
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_fetch_header(s->p, ss->rx, ss->rxlen, &id, &why);
    if (n == MOQT_ERR_WIRE_NEED_MORE) {
        return 0;
    }
    if (n < 0) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, why ? why : "bad fetch header");
    }
    moqt_session_stream_consume(ss, (size_t)n);
    ss->have_header = true;
    request *rq = moqt_session_request_find(s, id, true);
    if (rq == NULL || rq->kind != MOQT_MSG_FETCH || data_stream(s, rq) != NULL) {
        /* Cancelled, or never ours: drop it. */
        ss->kind = SS_IGNORED;
        ss->rxlen = 0;
        int rv = moqt_transport_stop_sending(s->t, ss->id, cancel_code(s));
        return rv == MOQT_ERR_INVALID_STATE ? 0 : rv;
    }
    ss->req = rq;
    moqt_fetch_stream_init(&ss->fs, rq->fetch_descending);
    return 0;
}

static int deliver(moqt_session *s, sstream *ss, const moqt_object_hdr *o, const uint8_t *payload)
{
    if (s->cb.object == NULL || o->kind != MOQT_ITEM_OBJECT) {
        return 0; /* End of Range markers (16+) carry no object */
    }
    moqt_property props[MOQT_MAX_KVPS];
    moqt_object obj = moqt_object_rx_view(o, ss->req->id, props); /* object_rx.c */
    obj.payload = payload;
    obj.payload_len = (size_t)o->payload_len;
    obj.fetched = true;
    return moqt_session_callback_result(s, s->cb.object(s, &obj, s->user_data));
}

static int read_objects(moqt_session *s, sstream *ss)
{
    size_t off = 0;
    int rv = 0;
    while (off < ss->rxlen && ss->req && ss->kind == SS_FETCH_RX && !s->closing) {
        moqt_object_hdr o;
        const char *why = NULL;
        moqt_fetch_stream saved = ss->fs;
        moqt_ssize n =
            moqt_wire_decode_fetch_object(s->p, &ss->fs, ss->rx + off, ss->rxlen - off, &o, &why);
        if (n == MOQT_ERR_WIRE_NEED_MORE) {
            break;
        }
        if (n < 0) {
            return moqt_session_fail(s, moqt_err_infer_termination_code((int)n),
                                     why ? why : "bad fetch object");
        }
        size_t plen = o.kind == MOQT_ITEM_OBJECT ? (size_t)o.payload_len : 0;
        if (o.kind == MOQT_ITEM_OBJECT && o.payload_len > s->settings.max_object_size) {
            MOQT_LOG_W(SESSION_TAG, "fetched object larger than max_object_size: stopping");
            ss->kind = SS_IGNORED;
            ss->rxlen = 0;
            return moqt_transport_stop_sending(s->t, ss->id, cancel_code(s));
        }
        if (ss->rxlen - off - (size_t)n < plen) {
            ss->fs = saved; /* the payload is not all here yet */
            break;
        }
        rv = deliver(s, ss, &o, ss->rx + off + n);
        off += (size_t)n + plen;
        if (rv != 0) {
            break;
        }
    }
    if (ss->kind == SS_FETCH_RX) {
        moqt_session_stream_consume(ss, off);
    }
    return rv;
}

/* The FETCH stream of |rq| ended (FIN: |complete|, or reset). */
static int stream_ended(moqt_session *s, sstream *ss, bool complete)
{
    request *rq = ss->req;
    ss->kind = SS_IGNORED;
    ss->req = NULL;
    if (rq == NULL) {
        return 0;
    }
    rq->fetch_end_pending = true;
    rq->fetch_end_complete = complete;
    return rq->fetch_ok_rcvd ? fire_done(s, rq) : 0; /* else after FETCH_OK */
}

int moqt_fetch_rx_on_data(moqt_session *s, sstream *ss)
{
    if (!ss->have_header) {
        int rv = read_header(s, ss);
        if (rv != 0 || ss->kind != SS_FETCH_RX) {
            return rv;
        }
        if (!ss->have_header) {
            return ss->fin_rcvd ? moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                                    "a FETCH stream ended inside its header")
                                : 0;
        }
    }
    int rv = read_objects(s, ss);
    if (rv != 0 || s->closing || ss->kind != SS_FETCH_RX) {
        return rv;
    }
    if (ss->fin_rcvd) {
        if (ss->rxlen > 0) {
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "a FETCH stream ended inside an object");
        }
        return stream_ended(s, ss, true);
    }
    return 0;
}

int moqt_fetch_rx_on_reset(moqt_session *s, sstream *ss)
{
    ss->rxlen = 0;
    return stream_ended(s, ss, false);
}

/* ---- Publisher -------------------------------------------------------------------- */

/* Resolves a joining fetch against the joined subscription (see the top).
 * Returns MOQT_REQ_ERR_UNKNOWN when |req| is complete, MOQT_REQ_ERR_TIMEOUT
 * when the subscription still waits for the application. */
static moqt_req_err resolve_joining(moqt_session *s, const request *rq, moqt_fetch_request *req)
{
    request *sub = moqt_publish_tx_find(s, rq->join_id); /* the peer's SUBSCRIBE or our PUBLISH */
    bool subscription = sub && (sub->kind == MOQT_MSG_SUBSCRIBE || sub->kind == MOQT_MSG_PUBLISH);
    if (!subscription || sub->state == RQ_DONE || sub->state == RQ_WAIT_CREDIT) {
        return MOQT_REQ_ERR_INVALID_JOINING_REQUEST_ID;
    }
    if (sub->state == RQ_WAIT_APP) {
        return MOQT_REQ_ERR_TIMEOUT; /* "Pending": buffered (mt-18 l.3340) */
    }
    if (!sub->has_largest) {
        return MOQT_REQ_ERR_INVALID_RANGE;
    }
    req->joining_request_id = sub->id;
    req->end = (moqt_location){sub->largest.group, sub->largest.object + 1};
    if (s->p->joining_fetch_end_excludes_largest) {
        /* mt-08 l.1603, mt-13 l.2560: End = Largest; an End Object of 0
         * would ask for the whole group, so the group before is the end. */
        req->end = sub->largest;
        if (req->end.object == 0) {
            if (req->end.group == 0) {
                return MOQT_REQ_ERR_INVALID_RANGE; /* nothing before the largest */
            }
            req->end.group--;
        }
    }
    if (rq->join_type == MOQT_FETCH_RELATIVE_JOINING) {
        req->kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
        uint64_t off = rq->join_start;
        req->start.group = off > sub->largest.group ? 0 : sub->largest.group - off;
        if (req->start.group > req->end.group) {
            return MOQT_REQ_ERR_INVALID_RANGE;
        }
    } else {
        req->kind = MOQT_FETCH_KIND_ABSOLUTE_JOINING;
        req->start.group = rq->join_start;
        if (req->start.group > req->end.group) {
            return MOQT_REQ_ERR_INVALID_RANGE;
        }
    }
    return MOQT_REQ_ERR_UNKNOWN;
}

static int refuse(moqt_session *s, request *rq, moqt_req_err code, const char *reason)
{
    return moqt_session_fetch_reject(s, rq->id, (moqt_request_error)code, reason, s->now);
}

/* Hands a joining fetch to the application once its range is known. */
static int offer_joining(moqt_session *s, request *rq)
{
    moqt_fetch_request req;
    memset(&req, 0, sizeof(req));
    req.request_id = rq->id;
    req.subscriber_priority = rq->fetch_priority;
    req.group_order = rq->fetch_group_order;
    moqt_req_err err = resolve_joining(s, rq, &req);
    rq->join_waiting = err == MOQT_REQ_ERR_TIMEOUT;
    if (rq->join_waiting) {
        return 0;
    }
    if (err != MOQT_REQ_ERR_UNKNOWN) {
        return refuse(s, rq, err,
                      err == MOQT_REQ_ERR_INVALID_RANGE ? "nothing to join"
                                                        : "no such subscription to join");
    }
    return moqt_session_callback_result(s, s->cb.fetch(s, &req, s->user_data));
}

int moqt_fetch_join_answered(moqt_session *s, uint64_t sub_id)
{
    /* Offering may free requests: rescan from the head each time. */
    for (request *rq = s->requests; rq && !s->closing;) {
        if (!rq->local && rq->kind == MOQT_MSG_FETCH && rq->join_waiting && rq->join_id == sub_id) {
            rq->join_waiting = false;
            int rv = offer_joining(s, rq);
            if (rv != 0) {
                return rv;
            }
            rq = s->requests;
            continue;
        }
        rq = rq->next;
    }
    return 0;
}

int moqt_fetch_on_fetch(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    int rv = moqt_control_check_peer_request(s, m->request_id);
    if (rv != 0) {
        return rv;
    }
    request *rq = moqt_session_request_new(s, m->request_id, MOQT_MSG_FETCH, false);
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    rq->state = RQ_WAIT_APP;
    rq->counted = true;
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        rq->stream = ss;
        ss->req = rq;
    }
    if (s->cb.fetch == NULL) {
        return refuse(s, rq, MOQT_REQ_ERR_NOT_SUPPORTED, "not a publisher");
    }
    const moqt_msg_params *prm = &m->params;
    rq->fetch_priority = (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) ? prm->subscriber_priority : 128;
    rq->fetch_group_order = (prm->has & MOQT_P_GROUP_ORDER) ? prm->group_order : 0;
    rq->fetch_descending = rq->fetch_group_order == MOQT_GROUP_ORDER_DESCENDING;
    if (m->fetch.fetch_type != MOQT_FETCH_STANDALONE && m->fetch.fetch_type != 0) {
        rq->join_type = m->fetch.fetch_type;
        rq->join_id = m->fetch.joining_request_id;
        rq->join_start = m->fetch.joining_start;
        return offer_joining(s, rq);
    }
    moqt_fetch_request req;
    memset(&req, 0, sizeof(req));
    req.request_id = m->request_id;
    req.subscriber_priority = rq->fetch_priority;
    req.group_order = rq->fetch_group_order;
    req.kind = MOQT_FETCH_KIND_STANDALONE;
    req.track_namespace = (moqt_track_namespace){m->ns.count, m->ns.field};
    req.track_name = m->track_name;
    req.start = m->fetch.start;
    req.end = m->fetch.end;
    return moqt_session_callback_result(s, s->cb.fetch(s, &req, s->user_data));
}

static request *peer_fetch(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, false);
    return rq && rq->kind == MOQT_MSG_FETCH ? rq : NULL;
}

int moqt_session_fetch_accept(moqt_session *s, uint64_t request_id, bool end_of_track,
                              moqt_location end_location, moqt_tstamp now)
{
    s->now = now;
    request *rq = peer_fetch(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || !usable(s)) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.request_id = rq->id;
    m.fetch.end_of_track = end_of_track ? 1 : 0;
    m.fetch.end_location = end_location;
    /* 07-14 FETCH_OK carries the Group Order used: the one asked for, or
     * ascending when the publisher may choose (FETCH_OK, mt-14 l.2641). */
    m.params.has |= MOQT_P_GROUP_ORDER;
    m.params.group_order =
        rq->fetch_descending ? MOQT_GROUP_ORDER_DESCENDING : MOQT_GROUP_ORDER_ASCENDING;
    int rv = moqt_control_send(s, rq, &m, false);
    if (rv != 0) {
        return rv;
    }
    rq->state = RQ_ACCEPTED;
    moqt_ssize n = moqt_wire_encode_fetch_header(s->p, rq->id, s->scratch, s->scratch_cap);
    if (n < 0) {
        return (int)n;
    }
    sstream *ss;
    rv = moqt_session_stream_open(s, false, SS_FETCH_TX, &ss);
    if (rv != 0) {
        return rv;
    }
    ss->req = rq;
    moqt_object_tx_fetch_order(s, rq, ss, 128); /* the default priority until an object says */
    moqt_fetch_stream_init(&ss->fs, rq->fetch_descending);
    rv = moqt_session_stream_send(s, ss, s->scratch, (size_t)n, NULL, 0, false);
    return rv == MOQT_ERR_INVALID_STATE ? 0 : rv;
}

int moqt_session_fetch_send_object(moqt_session *s, uint64_t request_id, uint64_t group,
                                   uint64_t subgroup, uint64_t object_id, uint8_t priority,
                                   moqt_object_state status, const moqt_property *props,
                                   size_t nprops, const uint8_t *payload, size_t len,
                                   moqt_tstamp now)
{
    s->now = now;
    request *rq = peer_fetch(s, request_id);
    if (rq == NULL || nprops > MOQT_MAX_KVPS || (len > 0 && payload == NULL) ||
        (status != MOQT_OBJECT_STATE_NORMAL && len > 0)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    sstream *ss = rq->state == RQ_ACCEPTED ? data_stream(s, rq) : NULL;
    if (ss == NULL || ss->reset_sent || ss->sq.fin_queued || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.group = group;
    o.subgroup = subgroup;
    o.object_id = object_id;
    o.has_priority = true;
    o.publisher_priority = priority;
    o.status = (moqt_object_status)status;
    o.payload_len = len;
    o.props.count = nprops;
    for (size_t i = 0; i < nprops; i++) {
        o.props.item[i] = (moqt_kvp){props[i].type, props[i].value, props[i].bytes};
    }
    moqt_fetch_stream saved = ss->fs;
    moqt_ssize n = moqt_wire_encode_fetch_object(s->p, &ss->fs, &o, s->scratch, s->scratch_cap);
    if (n < 0) {
        return (int)n;
    }
    if (moqt_sendq_unacked(&ss->sq) + (size_t)n + len > s->settings.max_send_buffer) {
        ss->fs = saved;
        return MOQT_ERR_WOULDBLOCK;
    }
    if (priority != ss->pub_priority) {
        moqt_object_tx_fetch_order(s, rq, ss, priority); /* the stream goes at its next object's */
    }
    return moqt_session_stream_send(s, ss, s->scratch, (size_t)n, payload, len, false);
}

/* The fetch is over on our side: release its credit and the request. */
static int publisher_done(moqt_session *s, request *rq)
{
    int rv = moqt_control_request_completed(s, rq);
    moqt_session_request_free(s, rq);
    return rv;
}

int moqt_session_fetch_finish(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    request *rq = peer_fetch(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    sstream *ss = rq->state == RQ_ACCEPTED ? data_stream(s, rq) : NULL;
    if (ss == NULL || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    if (rv != 0 && rv != MOQT_ERR_INVALID_STATE) {
        return rv;
    }
    finish_request_stream(s, rq);
    return publisher_done(s, rq);
}

int moqt_session_fetch_reject(moqt_session *s, uint64_t request_id, moqt_request_error code,
                              const char *reason, moqt_tstamp now)
{
    s->now = now;
    request *rq = peer_fetch(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg req;
    moqt_msg_init(&req, MOQT_MSG_FETCH);
    req.request_id = rq->id;
    int rv = moqt_control_refuse(s, &req, rq->stream, (moqt_req_err)code, reason);
    if (rv != 0) {
        moqt_session_request_free(s, rq);
        return rv;
    }
    return publisher_done(s, rq);
}

/* The requester cancelled: reset the FETCH stream, tell the application. */
static int publisher_cancelled(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    bool tell = !rq->join_waiting; /* the application never saw a waiting one */
    sstream *ds = data_stream(s, rq);
    if (ds) {
        moqt_session_stream_reset(s, ds, MOQT_RESET_CANCELLED);
    }
    int rv = publisher_done(s, rq);
    if (rv == 0 && tell && s->cb.fetch_cancel) {
        rv = moqt_session_callback_result(s, s->cb.fetch_cancel(s, id, s->user_data));
    }
    return rv;
}

int moqt_fetch_on_cancel(moqt_session *s, request *rq)
{
    return publisher_cancelled(s, rq);
}

int moqt_fetch_on_stream_end(moqt_session *s, request *rq)
{
    if (!rq->local) {
        if (rq->stream && !rq->stream->reset_sent && !rq->stream->sq.fin_queued) {
            moqt_session_stream_reset(s, rq->stream, MOQT_RESET_CANCELLED);
        }
        return publisher_cancelled(s, rq);
    }
    /* Requester: the publisher ends the request stream when it is done; the
     * FETCH stream's own end tells us the outcome. Without an answer the
     * request is abandoned. */
    if (rq->state == RQ_SENT) {
        rq->fetch_ok_rcvd = true;
        rq->fetch_end_pending = true;
        rq->fetch_end_complete = false;
        return fire_done(s, rq);
    }
    return 0;
}
