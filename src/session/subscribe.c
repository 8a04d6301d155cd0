/*
 * The SUBSCRIBE family: SUBSCRIBE, SUBSCRIBE_OK, SUBSCRIBE_ERROR /
 * REQUEST_ERROR, UNSUBSCRIBE (07-16), PUBLISH_DONE (SUBSCRIBE_DONE 07-13), and
 * cancellation by the request stream (17+).
 *
 * Track Alias: chosen by the subscriber in SUBSCRIBE up to 11, by the
 * publisher in SUBSCRIBE_OK from 12 (DRAFT-CHANGES §4); a duplicate closes
 * with DUPLICATE_TRACK_ALIAS. Cancellation in 17+: the subscriber FINs its
 * side of the request stream and sends STOP_SENDING (mt-17 l.996); the
 * publisher treats FIN, RESET_STREAM or STOP_SENDING on the request stream as
 * an unsubscribe. After UNSUBSCRIBE the publisher of 07 acknowledges with
 * SUBSCRIBE_DONE "Unsubscribed" (mt-07 l.1381); later drafts have no such
 * code and send nothing.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

_Static_assert((int)MOQT_OBJECT_STATE_END_OF_SUBGROUP == (int)MOQT_OBJECT_END_OF_SUBGROUP,
               "public and wire object states agree");
_Static_assert((int)MOQT_REQUEST_ERROR_INVALID_RANGE == (int)MOQT_REQ_ERR_INVALID_RANGE,
               "public and wire request errors agree");
_Static_assert((int)MOQT_DONE_REASON_EXPIRED == (int)MOQT_DONE_EXPIRED,
               "public and wire done reasons agree");

static const moqt_filter_type filter_to_wire[] = {
    [MOQT_SUBSCRIBE_FILTER_DEFAULT] = MOQT_FILTER_NONE,
    [MOQT_SUBSCRIBE_FILTER_LATEST_GROUP] = MOQT_FILTER_LATEST_GROUP,
    [MOQT_SUBSCRIBE_FILTER_NEXT_GROUP_START] = MOQT_FILTER_NEXT_GROUP_START,
    [MOQT_SUBSCRIBE_FILTER_LARGEST_OBJECT] = MOQT_FILTER_LARGEST_OBJECT,
    [MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START] = MOQT_FILTER_ABSOLUTE_START,
    [MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE] = MOQT_FILTER_ABSOLUTE_RANGE,
};

int moqt_subscribe_filter_to_wire(moqt_subscribe_filter f, moqt_filter_type *out)
{
    if ((unsigned)f >= sizeof(filter_to_wire) / sizeof(filter_to_wire[0])) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    *out = filter_to_wire[f];
    return 0;
}

moqt_subscribe_filter moqt_subscribe_filter_from_wire(moqt_filter_type t)
{
    for (size_t i = 0; i < sizeof(filter_to_wire) / sizeof(filter_to_wire[0]); i++) {
        if (filter_to_wire[i] == t) {
            return (moqt_subscribe_filter)i;
        }
    }
    return MOQT_SUBSCRIBE_FILTER_DEFAULT;
}

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

/* ---- Subscriber ------------------------------------------------------------------ */

static int build_subscribe(moqt_session *s, const moqt_subscribe_params *pp, uint64_t id,
                           uint64_t alias, moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_SUBSCRIBE);
    m->request_id = id;
    m->track_alias = alias;
    if (pp->track_namespace.count > MOQT_MAX_NAMESPACE_FIELDS) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    m->ns.count = pp->track_namespace.count;
    for (size_t i = 0; i < m->ns.count; i++) {
        m->ns.field[i] = pp->track_namespace.fields[i];
    }
    m->track_name = pp->track_name;
    moqt_msg_params *prm = &m->params;
    prm->has |= MOQT_P_SUBSCRIBER_PRIORITY;
    prm->subscriber_priority = pp->subscriber_priority;
    if (pp->group_order != MOQT_GROUP_ORDER_PUBLISHER) {
        prm->has |= MOQT_P_GROUP_ORDER;
        prm->group_order = pp->group_order;
    }
    if (!pp->forward) {
        prm->has |= MOQT_P_FORWARD;
        prm->forward = 0;
    }
    if ((unsigned)pp->filter >= sizeof(filter_to_wire) / sizeof(filter_to_wire[0])) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (pp->filter != MOQT_SUBSCRIBE_FILTER_DEFAULT) {
        prm->has |= MOQT_P_FILTER;
        prm->filter.type = filter_to_wire[pp->filter];
        prm->filter.start = pp->start;
        prm->filter.end_group = pp->end_group;
    }
    moqt_auth_fill_subscribe(pp, prm); /* auth.c */
    (void)s;
    moqt_timers_fill_subscribe(pp, m);
    return 0;
}

int moqt_session_subscribe(moqt_session *s, const moqt_subscribe_params *pp, uint64_t *prequest_id,
                           moqt_tstamp now)
{
    s->now = now;
    if (pp == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    bool by_subscriber = s->p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER;
    uint64_t id = moqt_control_take_request_id(s);
    moqt_msg m;
    int rv = build_subscribe(s, pp, id, by_subscriber ? s->next_track_alias : 0, &m);
    moqt_ssize n = rv != 0 ? rv : moqt_wire_encode_control(s->p, &m, s->scratch, s->scratch_cap);
    request *rq = moqt_control_new_request(s, id, MOQT_MSG_SUBSCRIBE, n, &rv);
    if (rq == NULL) {
        return rv;
    }
    moqt_update_record_subscribe(rq, &m); /* update.c */
    if (by_subscriber) {
        rq->track_alias = s->next_track_alias++;
        rq->alias_known = true;
    }
    if (prequest_id) {
        *prequest_id = id;
    }
    return moqt_control_start_requests(s);
}

static request *find_alias(moqt_session *s, uint64_t alias, bool local, const request *except)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (rq != except && moqt_request_receives(rq) == local && rq->alias_known &&
            rq->track_alias == alias && rq->state != RQ_DONE) {
            return rq;
        }
    }
    return NULL;
}

int moqt_subscribe_on_ok(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "SUBSCRIBE_OK for no pending SUBSCRIBE");
    }
    if (s->p->alias_owner == MOQT_ALIAS_BY_PUBLISHER) {
        if (find_alias(s, m->track_alias, true, rq)) {
            return moqt_session_fail(s, MOQT_TERM_DUPLICATE_TRACK_ALIAS,
                                     "SUBSCRIBE_OK reuses a Track Alias in use");
        }
        rq->track_alias = m->track_alias;
        rq->alias_known = true;
    }
    rq->state = RQ_ESTABLISHED;
    moqt_timers_on_subscribe_ok(s, rq, m);
    moqt_update_record_largest(rq, (m->params.has & MOQT_P_LARGEST) ? &m->params.largest : NULL);
    if (s->cb.subscribe_ok) {
        const moqt_location *largest = (m->params.has & MOQT_P_LARGEST) ? &m->params.largest : NULL;
        int rv = s->cb.subscribe_ok(s, rq->id, largest, s->user_data);
        if (rv != 0) {
            return moqt_session_callback_result(s, rv);
        }
    }
    return moqt_object_rx_alias_known(s, rq);
}

/* Ends our side of a 17+ request stream gracefully. */
static void finish_request_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

int moqt_subscribe_on_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a request error for no pending request");
    }
    moqt_err_table table = moqt_err_table_for_msg(m->kind);
    unsigned code = moqt_errcode_from_wire(s->p, table, m->error_code);
    if (code > MOQT_REQ_ERR_INVALID_RANGE) {
        code = MOQT_REQUEST_ERROR_UNKNOWN;
    }
    uint64_t id = rq->id;
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (s->cb.subscribe_error) {
        int rv = s->cb.subscribe_error(s, id, (moqt_request_error)code, m->error_code, m->reason,
                                       s->user_data);
        return moqt_session_callback_result(s, rv);
    }
    return 0;
}

/* PUBLISH_DONE reaches the application once its Stream Count of subgroup
 * streams has ended. Streams reset before their header arrived cannot be
 * attributed to a subscription; they are credited to whichever subscription
 * still waits (a subscriber's best guess: the draft leaves it to a timeout). */
int moqt_subscribe_fire_done(moqt_session *s, request *rq)
{
    if (!rq->done_rcvd) {
        return 0;
    }
    if (rq->rx_streams_done < rq->done_streams) {
        uint64_t missing = rq->done_streams - rq->rx_streams_done;
        if (missing > s->orphan_stream_ends) {
            return 0;
        }
        s->orphan_stream_ends -= missing;
        rq->rx_streams_done = rq->done_streams;
    }
    int rv = 0;
    if (s->cb.publish_done) {
        rv = s->cb.publish_done(s, rq->id, rq->done_reason, rq->done_wire, rq->done_streams,
                                (moqt_bytes){rq->done_text, rq->done_text_len}, s->user_data);
    }
    moqt_mem_free(s->mem, rq->done_text);
    rq->done_text = NULL;
    finish_request_stream(s, rq);
    int crv = moqt_control_request_completed(s, rq); /* the peer's PUBLISH held credit */
    moqt_session_request_free(s, rq);
    rv = rv != 0 ? rv : crv;
    return moqt_session_callback_result(s, rv);
}

int moqt_subscribe_on_done(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->done_rcvd) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION, "a second PUBLISH_DONE");
    }
    unsigned code = moqt_errcode_from_wire(s->p, MOQT_ERRTAB_PUBLISH_DONE, m->done.status_code);
    rq->done_rcvd = true;
    rq->state = RQ_DONE;
    rq->done_reason = code > MOQT_DONE_EXPIRED ? MOQT_DONE_REASON_UNKNOWN : (moqt_done_reason)code;
    rq->done_wire = m->done.status_code;
    rq->done_streams = m->done.stream_count;
    if (m->reason.len) {
        rq->done_text = moqt_mem_malloc(s->mem, m->reason.len);
        if (rq->done_text == NULL) {
            return MOQT_ERR_NOMEM;
        }
        memcpy(rq->done_text, m->reason.base, m->reason.len);
        rq->done_text_len = m->reason.len;
    }
    return moqt_subscribe_fire_done(s, rq);
}

int moqt_subscribe_orphans_available(moqt_session *s)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_request_receives(rq) && rq->done_rcvd && rq->rx_streams_done < rq->done_streams &&
            rq->done_streams - rq->rx_streams_done <= s->orphan_stream_ends) {
            return moqt_subscribe_fire_done(s, rq); /* frees rq: one per event */
        }
    }
    return 0;
}

int moqt_subscribe_rx_stream_done(moqt_session *s, request *rq)
{
    rq->rx_streams_done++;
    return moqt_subscribe_fire_done(s, rq);
}

int moqt_session_unsubscribe(moqt_session *s, uint64_t request_id, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_session_request_find(s, request_id, true);
    if (rq != NULL && !moqt_request_receives(rq)) {
        rq = NULL; /* our own PUBLISH: nothing to unsubscribe from */
    }
    if (rq == NULL) {
        rq = moqt_session_request_find(s, request_id, false);
        if (rq == NULL || rq->kind != MOQT_MSG_PUBLISH) {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
        if (rq->state == RQ_WAIT_APP) {
            return MOQT_ERR_INVALID_STATE; /* answer it with moqt_session_publish_reject */
        }
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = 0;
    if (rq->state == RQ_WAIT_CREDIT && s->p->topology != MOQT_TOPO_REQUEST_STREAMS) {
        /* Never sent, but its ID is taken and <=16 peers expect IDs in
         * sequence (mt-11 l.1299): it goes out when credit allows, followed at
         * once by UNSUBSCRIBE (control.c). The application hears nothing more. */
        rq->cancelled = true;
        return 0;
    }
    if (rq->state == RQ_WAIT_CREDIT) {
        /* 17+: IDs need only the right parity and no duplicates (mt-17
         * l.1878): an unsent request simply disappears. */
    } else if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        sstream *ss = rq->stream;
        if (ss) {
            finish_request_stream(s, rq);
            moqt_transport_stop_sending(s->t, ss->id,
                                        moqt_errcode_to_wire_or_fallback(
                                            s->p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED));
        }
    } else if (rq->state != RQ_DONE) {
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_UNSUBSCRIBE);
        m.request_id = rq->id;
        rv = moqt_session_send_msg(s, s->control, &m, false);
    }
    /* Subgroup streams still arriving for it are dropped (no alias). */
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (ss->req == rq && ss->kind == SS_SUBGROUP_RX) {
            ss->kind = SS_IGNORED;
            moqt_transport_stop_sending(s->t, ss->id,
                                        moqt_errcode_to_wire_or_fallback(
                                            s->p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_CANCELLED));
        }
    }
    int crv = moqt_control_request_completed(s, rq); /* the peer's PUBLISH held credit */
    moqt_session_request_free(s, rq);
    return rv != 0 ? rv : crv;
}

/* ---- Publisher -------------------------------------------------------------------- */

int moqt_subscribe_on_subscribe(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    int rv = moqt_control_check_peer_request(s, m->request_id);
    if (rv != 0) {
        return rv;
    }
    bool by_subscriber = s->p->alias_owner == MOQT_ALIAS_BY_SUBSCRIBER;
    if (by_subscriber && find_alias(s, m->track_alias, false, NULL)) {
        return moqt_session_fail(s, MOQT_TERM_DUPLICATE_TRACK_ALIAS,
                                 "SUBSCRIBE reuses a Track Alias in use");
    }
    request *rq = moqt_session_request_new(s, m->request_id, MOQT_MSG_SUBSCRIBE, false);
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    rq->state = RQ_WAIT_APP;
    rq->counted = true;
    moqt_timers_on_subscribe(s, rq, m);
    moqt_update_record_subscribe(rq, m); /* update.c */
    if (by_subscriber) {
        rq->track_alias = m->track_alias;
        rq->alias_known = true;
    }
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        rq->stream = ss;
        ss->req = rq;
    }
    if (s->cb.subscribe == NULL) {
        return moqt_session_subscribe_reject(s, rq->id, MOQT_REQUEST_ERROR_NOT_SUPPORTED,
                                             "not a publisher", s->now);
    }
    moqt_subscribe_request req;
    memset(&req, 0, sizeof(req));
    req.request_id = m->request_id;
    req.track_namespace = (moqt_track_namespace){m->ns.count, m->ns.field};
    req.track_name = m->track_name;
    const moqt_msg_params *prm = &m->params;
    if (prm->has & MOQT_P_FILTER) {
        req.filter = moqt_subscribe_filter_from_wire(prm->filter.type);
        req.start = prm->filter.start;
        req.end_group = prm->filter.end_group;
    }
    req.subscriber_priority =
        (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) ? prm->subscriber_priority : 128;
    req.group_order = (prm->has & MOQT_P_GROUP_ORDER) ? prm->group_order : 0;
    req.forward = (prm->has & MOQT_P_FORWARD) ? prm->forward != 0 : true;
    req.delivery_timeout_ms = rq->sub_object_timeout_ms;
    req.subgroup_delivery_timeout_ms = rq->sub_subgroup_timeout_ms;
    moqt_bytes tokens[MOQT_MAX_AUTH_TOKENS];
    for (size_t i = 0; i < prm->auth_count; i++) {
        tokens[i] = prm->auth[i].value;
    }
    req.auth_token_count = prm->auth_count;
    req.auth_tokens = tokens;
    return moqt_session_callback_result(s, s->cb.subscribe(s, &req, s->user_data));
}

int moqt_session_subscribe_accept(moqt_session *s, uint64_t request_id,
                                  const moqt_location *largest, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_session_request_find(s, request_id, false);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || !usable(s)) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!rq->alias_known) {
        rq->track_alias = s->next_track_alias++;
        rq->alias_known = true;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE_OK);
    m.request_id = rq->id;
    m.track_alias = rq->track_alias;
    if (largest) {
        m.params.has |= MOQT_P_LARGEST;
        m.params.largest = *largest;
        rq->has_largest = true; /* joining fetches resolve against it (fetch.c) */
        rq->largest = *largest;
    }
    int frv = moqt_timers_fill_subscribe_ok(s, rq, &m);
    if (frv != 0) {
        return frv;
    }
    moqt_update_record_largest(rq, largest); /* update.c */
    rq->state = RQ_ACCEPTED;
    int rv = moqt_control_send(s, rq, &m, false);
    return rv != 0 ? rv : moqt_fetch_join_answered(s, rq->id);
}

int moqt_session_subscribe_reject(moqt_session *s, uint64_t request_id, moqt_request_error code,
                                  const char *reason, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_session_request_find(s, request_id, false);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg req;
    moqt_msg_init(&req, MOQT_MSG_SUBSCRIBE);
    req.request_id = rq->id;
    int rv = moqt_control_refuse(s, &req, rq->stream, (moqt_req_err)code, reason);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv != 0 ? rv : moqt_fetch_join_answered(s, request_id);
}

/* The subscriber cancelled: stop its streams, tell the application. */
static int publisher_cancelled(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    bool tell = rq->state == RQ_ACCEPTED || rq->state == RQ_WAIT_APP;
    moqt_object_tx_end_all(s, rq, true, MOQT_RESET_CANCELLED);
    int rv = moqt_control_request_completed(s, rq);
    moqt_session_request_free(s, rq);
    if (rv == 0 && tell && s->cb.unsubscribe) {
        rv = moqt_session_callback_result(s, s->cb.unsubscribe(s, id, s->user_data));
    }
    return rv != 0 ? rv : moqt_fetch_join_answered(s, id); /* joining fetches are refused */
}

int moqt_subscribe_on_unsubscribe(moqt_session *s, request *rq)
{
    uint64_t wire;
    if (rq->state == RQ_ACCEPTED &&
        moqt_errcode_to_wire(s->p, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_UNSUBSCRIBED, &wire) == 0) {
        moqt_msg m;
        moqt_msg_init(&m, MOQT_MSG_PUBLISH_DONE);
        m.request_id = rq->id;
        m.done.status_code = wire;
        int rv = moqt_session_send_msg(s, s->control, &m, false);
        if (rv != 0) {
            return rv;
        }
    }
    return publisher_cancelled(s, rq);
}

int moqt_subscribe_on_stream_end(moqt_session *s, request *rq)
{
    if (rq->kind == MOQT_MSG_FETCH) {
        return moqt_fetch_on_stream_end(s, rq);
    }
    if (rq->kind == MOQT_MSG_PUBLISH) {
        return moqt_publish_on_stream_end(s, rq);
    }
    if (moqt_namespace_owns(rq)) {
        return moqt_namespace_on_stream_end(s, rq);
    }
    if (moqt_track_status_owns(rq)) {
        return moqt_track_status_on_stream_end(s, rq);
    }
    if (moqt_nsub_owns(rq)) {
        return moqt_nsub_on_stream_end(s, rq);
    }
    if (!rq->local) {
        if (rq->stream && !rq->stream->reset_sent && !rq->stream->sq.fin_queued) {
            moqt_session_stream_reset(s, rq->stream, MOQT_RESET_CANCELLED);
        }
        return publisher_cancelled(s, rq);
    }
    if (rq->state == RQ_DONE || rq->state == RQ_WAIT_CREDIT) {
        return 0; /* PUBLISH_DONE came first, or nothing was sent */
    }
    /* The publisher abandoned the request without an answer. */
    MOQT_LOG_I(SESSION_TAG, "request %llu: the publisher ended the request stream",
               (unsigned long long)rq->id);
    rq->done_rcvd = true;
    rq->state = RQ_DONE;
    rq->done_reason = MOQT_DONE_REASON_UNKNOWN;
    return moqt_subscribe_fire_done(s, rq);
}

int moqt_session_publish_done(moqt_session *s, uint64_t request_id, moqt_done_reason code,
                              const char *reason, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_publish_tx_find(s, request_id); /* a SUBSCRIBE's or our PUBLISH */
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    bool publish = rq->kind == MOQT_MSG_PUBLISH;
    if (publish && rq->state == RQ_WAIT_CREDIT && usable(s)) {
        return moqt_publish_done_unsent(s, rq, code);
    }
    bool live = rq->state == RQ_ACCEPTED || (publish && rq->state == RQ_SENT);
    if (!live || !usable(s)) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_object_tx_end_all(s, rq, false, MOQT_RESET_UNKNOWN);
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_DONE);
    m.request_id = rq->id;
    m.done.status_code = moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_PUBLISH_DONE, code);
    m.done.stream_count = rq->streams_opened;
    m.reason = (moqt_bytes){(const uint8_t *)reason, reason ? strlen(reason) : 0};
    int rv = moqt_control_send(s, rq, &m, true);
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv;
}
