/*
 * PUBLISH (12+) in both roles: the publisher offers a track, the subscriber
 * answers PUBLISH_OK (REQUEST_OK in 19, mt-19 l.3045) or PUBLISH_ERROR (12-14)
 * / REQUEST_ERROR (15+), and the track then flows like an accepted SUBSCRIBE
 * (object_tx.c / object_rx.c, PUBLISH_DONE and cancellation as in
 * subscribe.c).
 *
 * The request is kind MOQT_MSG_PUBLISH, |local| on the publisher: so the
 * publisher sends objects on one of its own requests and the subscriber
 * receives them on one of the peer's (moqt_request_receives).
 *
 * Decisions:
 * - Objects before PUBLISH_OK: with Forward 1 "the publisher will start
 *   transmitting objects immediately, even before PUBLISH_OK" (mt-12 l.2300,
 *   mt-14 l.2353, mt-15 l.2456-2459, mt-19 l.3427): moqt_session_send_object
 *   works from the moment PUBLISH is sent. Forward 0 "will not transmit any
 *   objects until the subscriber sets the Forward State to 1": objects are
 *   dropped (the call returns 0) until PUBLISH_OK says Forward 1.
 * - The subscriber holds objects that arrive before its application answers
 *   (object_rx.c early streams, bounded by max_early_bytes) and delivers them
 *   on accept; on reject it stops those streams, as mt-15 l.2452 asks
 *   ("abandon reading any publisher initiated streams ... using a
 *   STOP_SENDING frame").
 * - A PUBLISH whose Track Alias is in use by another track we receive closes
 *   with DUPLICATE_TRACK_ALIAS (mt-12 l.2283, mt-15 l.2445, mt-17 l.2734,
 *   mt-19 l.4043). A PUBLISH still waiting for the application holds its
 *   alias too: objects under it could not be told apart otherwise.
 * - 18 answers with 0x1E (profile.c follows mt-18's table); a REQUEST_OK
 *   (0x07) answering a PUBLISH is accepted as well, since mt-18 l.2804 calls
 *   PUBLISH_OK a REQUEST_OK.
 * - Track description: group order and default publisher priority are
 *   parameters in 15 and Track Properties from 16 (DRAFT-CHANGES §8): the
 *   session states them in the terms of the last draft that has them as
 *   parameters and lets wire/bridge.c move them where the negotiated draft
 *   keeps them (and back, on receipt).
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"
#include "wire/bridge.h"
#include "wire/params.h"

void moqt_publish_params_default(moqt_publish_params *p)
{
    memset(p, 0, sizeof(*p));
    p->struct_size = sizeof(*p);
    p->forward = true;
    p->group_order = MOQT_GROUP_ORDER_ASCENDING;
    p->publisher_priority = MOQT_DEFAULT_PUBLISHER_PRIORITY;
}

void moqt_publish_ok_params_default(moqt_publish_ok_params *p)
{
    memset(p, 0, sizeof(*p));
    p->struct_size = sizeof(*p);
    p->forward = true;
    p->subscriber_priority = 128;
}

static bool usable(const moqt_session *s)
{
    return s->setup_done && !s->closing && !s->closed;
}

bool moqt_request_receives(const request *rq)
{
    return rq->local != (rq->kind == MOQT_MSG_PUBLISH);
}

request *moqt_publish_find_ours(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, true);
    return rq && rq->kind == MOQT_MSG_PUBLISH ? rq : NULL;
}

static request *find_theirs(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, false);
    return rq && rq->kind == MOQT_MSG_PUBLISH ? rq : NULL;
}

request *moqt_publish_tx_find(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, false);
    if (rq && !moqt_request_receives(rq)) {
        return rq;
    }
    return moqt_publish_find_ours(s, id);
}

request *moqt_publish_rx_find(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, true);
    if (rq && rq->kind == MOQT_MSG_SUBSCRIBE) {
        return rq;
    }
    rq = find_theirs(s, id);
    return rq && rq->state != RQ_WAIT_APP ? rq : NULL;
}

request *moqt_publish_lookup(moqt_session *s, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_UNSUBSCRIBE:
        return moqt_publish_find_ours(s, m->request_id);
    case MOQT_MSG_PUBLISH_DONE:
        return find_theirs(s, m->request_id);
    default:
        return NULL;
    }
}

/* The last draft whose PUBLISH carries the track description as parameters
 * (found by capability: PUBLISH without Track Properties). */
static const moqt_profile *description_profile(void)
{
    size_t n;
    const moqt_profile *all = moqt_profile_all(&n);
    const moqt_profile *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (all[i].has_publish && !all[i].has_track_properties &&
            (best == NULL || all[i].version > best->version)) {
            best = &all[i];
        }
    }
    return best;
}

/* ---- Publisher ---------------------------------------------------------------------- */

/* The publisher's delivery timeouts and cache duration, wherever the draft
 * keeps them on PUBLISH (parameters 14-15, Track Properties 16+). */
static int put_track_values(moqt_session *s, const moqt_publish_params *pp, moqt_msg *m)
{
    int rv = 0;
    if (pp->delivery_timeout_ms) {
        rv = moqt_wire_track_value_put(s->p, m, MOQT_TV_DELIVERY_TIMEOUT, pp->delivery_timeout_ms);
    }
    if (rv == 0 && pp->subgroup_delivery_timeout_ms) {
        rv = moqt_wire_track_value_put(s->p, m, MOQT_TV_SUBGROUP_DELIVERY_TIMEOUT,
                                       pp->subgroup_delivery_timeout_ms);
    }
    if (rv == 0 && pp->has_max_cache_duration) {
        rv = moqt_wire_track_value_put(s->p, m, MOQT_TV_MAX_CACHE_DURATION,
                                       pp->max_cache_duration_ms);
    }
    return rv;
}

static int build_publish(moqt_session *s, const moqt_publish_params *pp, uint64_t id,
                         uint64_t alias, moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_PUBLISH);
    m->request_id = id;
    m->track_alias = alias;
    if (pp->track_namespace.count > MOQT_MAX_NAMESPACE_FIELDS ||
        pp->group_order > MOQT_GROUP_ORDER_DESCENDING) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    m->ns.count = pp->track_namespace.count;
    for (size_t i = 0; i < m->ns.count; i++) {
        m->ns.field[i] = pp->track_namespace.fields[i];
    }
    m->track_name = pp->track_name;
    moqt_msg_params *prm = &m->params;
    if (pp->group_order != MOQT_GROUP_ORDER_PUBLISHER) {
        prm->has |= MOQT_P_GROUP_ORDER;
        prm->group_order = pp->group_order;
    }
    if (pp->has_largest) {
        prm->has |= MOQT_P_LARGEST;
        prm->largest = pp->largest;
    }
    if (!pp->forward) {
        prm->has |= MOQT_P_FORWARD;
        prm->forward = 0;
    }
    if (pp->publisher_priority != MOQT_DEFAULT_PUBLISHER_PRIORITY) {
        prm->has |= MOQT_P_PUBLISHER_PRIORITY;
        prm->publisher_priority = pp->publisher_priority;
    }
    if (pp->auth_token.len > 0) {
        prm->auth_count = 1;
        prm->auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
        prm->auth[0].value = pp->auth_token;
    }
    const moqt_profile *ref = description_profile();
    int rv = ref && ref->version != s->p->version ? moqt_wire_bridge_msg(ref, s->p, m) : 0;
    return rv != 0 ? rv : put_track_values(s, pp, m);
}

int moqt_session_publish(moqt_session *s, const moqt_publish_params *params, uint64_t *prequest_id,
                         moqt_tstamp now)
{
    s->now = now;
    if (params == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    /* A caller compiled against a shorter struct gets the defaults for the rest. */
    moqt_publish_params given;
    moqt_publish_params_default(&given);
    size_t size = params->struct_size && params->struct_size < sizeof(given) ? params->struct_size
                                                                             : sizeof(given);
    memcpy(&given, params, size);
    const moqt_publish_params *pp = &given;
    if (!usable(s) || s->goaway_rcvd || s->goaway_sent) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH)) {
        return MOQT_ERR_UNSUPPORTED; /* 12+ only */
    }
    uint64_t id = moqt_control_take_request_id(s);
    moqt_msg m;
    int rv = build_publish(s, pp, id, s->next_track_alias, &m);
    moqt_ssize n = rv != 0 ? rv : moqt_wire_encode_control(s->p, &m, s->scratch, s->scratch_cap);
    request *rq = moqt_control_new_request(s, id, MOQT_MSG_PUBLISH, n, &rv);
    if (rq == NULL) {
        return rv;
    }
    rq->track_alias = s->next_track_alias++;
    rq->alias_known = true;
    moqt_update_record_subscribe(rq, &m); /* update.c: open ended until PUBLISH_OK */
    rq->forward = pp->forward;
    rq->pub_object_timeout_ms = pp->delivery_timeout_ms; /* timers.c enforces them */
    rq->pub_subgroup_timeout_ms = pp->subgroup_delivery_timeout_ms;
    rq->has_max_cache_duration = pp->has_max_cache_duration;
    rq->max_cache_duration_ms = pp->max_cache_duration_ms;
    rq->has_largest = pp->has_largest; /* joining fetches resolve against it (fetch.c) */
    rq->largest = pp->largest;
    if (pp->group_order == MOQT_GROUP_ORDER_DESCENDING) {
        rq->group_order = MOQT_GROUP_ORDER_DESCENDING; /* the send order until PUBLISH_OK */
    }
    if (prequest_id) {
        *prequest_id = id;
    }
    return moqt_control_start_requests(s);
}

int moqt_publish_done_unsent(moqt_session *s, request *rq, moqt_done_reason code)
{
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        /* 17+: an unsent request simply disappears (mt-17 l.1878). */
        moqt_session_request_free(s, rq);
        return 0;
    }
    /* <=16: its Request ID is taken and the peer expects IDs in sequence
     * (mt-11 l.1299): the PUBLISH goes out when credit allows, followed at
     * once by PUBLISH_DONE (control.c). */
    rq->cancelled = true;
    rq->done_wire = moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_PUBLISH_DONE, code);
    return 0;
}

static void read_ok_params(const moqt_msg *m, moqt_publish_ok_params *ok)
{
    const moqt_msg_params *prm = &m->params;
    moqt_publish_ok_params_default(ok);
    /* Omitted FORWARD means 1 (mt-15 l.1903). */
    ok->forward = (prm->has & MOQT_P_FORWARD) ? prm->forward != 0 : true;
    if (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) {
        ok->subscriber_priority = prm->subscriber_priority;
    }
    if (prm->has & MOQT_P_GROUP_ORDER) {
        ok->group_order = prm->group_order;
    }
    if (prm->has & MOQT_P_FILTER) {
        ok->filter = moqt_subscribe_filter_from_wire(prm->filter.type);
        ok->start = prm->filter.start;
        ok->end_group = prm->filter.end_group;
    }
}

static int on_ok(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "PUBLISH_OK for no pending PUBLISH");
    }
    moqt_publish_ok_params ok;
    read_ok_params(m, &ok);
    /* "The sender of PUBLISH_OK can update the Forward State" (mt-15 l.922). */
    moqt_update_record_subscribe(rq, m); /* update.c: its range and priority */
    rq->forward = ok.forward;
    rq->state = RQ_ACCEPTED;
    /* The subscriber's priority, group order and delivery timeouts now rule
     * the track's streams, as a SUBSCRIBE's would; without a group order of
     * its own the PUBLISH's stays (mt-12 l.2341 "overwrites"). */
    uint8_t own_order = rq->group_order;
    moqt_timers_on_subscribe(s, rq, m);
    if (!(m->params.has & MOQT_P_GROUP_ORDER)) {
        rq->group_order = own_order;
    }
    moqt_object_tx_reprioritize(s, rq);
    if (s->cb.publish_ok) {
        return moqt_session_callback_result(s, s->cb.publish_ok(s, rq->id, &ok, s->user_data));
    }
    return 0;
}

/* Ends our side of a 17+ request stream gracefully. */
static void finish_request_stream(moqt_session *s, request *rq)
{
    sstream *ss = rq->stream;
    if (ss && !ss->sq.fin_queued && !ss->reset_sent) {
        moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
    }
}

static int on_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_SENT) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "a request error for no pending PUBLISH");
    }
    unsigned code = moqt_errcode_from_wire(s->p, moqt_err_table_for_msg(m->kind), m->error_code);
    if (code > MOQT_REQ_ERR_INVALID_RANGE) {
        code = MOQT_REQUEST_ERROR_UNKNOWN;
    }
    uint64_t id = rq->id;
    moqt_object_tx_end_all(s, rq, true, MOQT_RESET_CANCELLED);
    finish_request_stream(s, rq);
    moqt_session_request_free(s, rq);
    if (s->cb.publish_error) {
        int rv = s->cb.publish_error(s, id, (moqt_request_error)code, m->error_code, m->reason,
                                     s->user_data);
        return moqt_session_callback_result(s, rv);
    }
    return 0;
}

/* The subscriber cancelled our PUBLISH (UNSUBSCRIBE <=16, its request
 * stream 17+): reset the track's streams, tell the application. */
static int cancelled(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    moqt_object_tx_end_all(s, rq, true, MOQT_RESET_CANCELLED);
    moqt_session_request_free(s, rq);
    if (s->cb.unsubscribe) {
        return moqt_session_callback_result(s, s->cb.unsubscribe(s, id, s->user_data));
    }
    return 0;
}

/* ---- Subscriber -------------------------------------------------------------------- */

/* Another track we receive uses |alias|. */
static bool alias_in_use(moqt_session *s, uint64_t alias)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_request_receives(rq) && rq->alias_known && rq->track_alias == alias &&
            rq->state != RQ_DONE) {
            return true;
        }
    }
    return false;
}

static uint8_t publisher_group_order(const moqt_session *s, const moqt_msg *m)
{
    moqt_msg copy = *m;
    const moqt_profile *ref = description_profile();
    if (ref && ref->version != s->p->version && moqt_wire_bridge_msg(s->p, ref, &copy) != 0) {
        return MOQT_GROUP_ORDER_PUBLISHER; /* unreadable description: not said */
    }
    return (copy.params.has & MOQT_P_GROUP_ORDER) ? copy.params.group_order
                                                  : MOQT_GROUP_ORDER_PUBLISHER;
}

static int tell_app(moqt_session *s, request *rq, const moqt_msg *m)
{
    const moqt_msg_params *prm = &m->params;
    moqt_publish_request req;
    memset(&req, 0, sizeof(req));
    req.request_id = rq->id;
    req.track_namespace = (moqt_track_namespace){m->ns.count, m->ns.field};
    req.track_name = m->track_name;
    req.forward = (prm->has & MOQT_P_FORWARD) ? prm->forward != 0 : true;
    req.group_order = publisher_group_order(s, m);
    req.has_largest = (prm->has & MOQT_P_LARGEST) != 0;
    req.largest = prm->largest;
    req.publisher_priority = moqt_wire_track_default_priority(s->p, m);
    moqt_bytes tokens[MOQT_MAX_AUTH_TOKENS];
    for (size_t i = 0; i < prm->auth_count; i++) {
        tokens[i] = prm->auth[i].value;
    }
    req.auth_token_count = prm->auth_count;
    req.auth_tokens = tokens;
    moqt_timers_on_subscribe_ok(s, rq, m); /* the publisher's values, kept on the request */
    req.delivery_timeout_ms = rq->pub_object_timeout_ms;
    req.subgroup_delivery_timeout_ms = rq->pub_subgroup_timeout_ms;
    req.has_max_cache_duration = rq->has_max_cache_duration;
    req.max_cache_duration_ms = rq->max_cache_duration_ms;
    return moqt_session_callback_result(s, s->cb.publish(s, rq->id, &req, s->user_data));
}

/* Answers the peer's PUBLISH |rq| with the draft's error; frees |rq|. */
static int refuse(moqt_session *s, request *rq, moqt_req_err code, const char *reason)
{
    moqt_msg req;
    moqt_msg_init(&req, MOQT_MSG_PUBLISH);
    req.request_id = rq->id;
    int rv = moqt_control_refuse(s, &req, rq->stream, code, reason);
    if (rv == 0) {
        rv = moqt_object_rx_drop_alias(s, rq->track_alias);
    }
    if (rv == 0) {
        rv = moqt_control_request_completed(s, rq);
    }
    moqt_session_request_free(s, rq);
    return rv;
}

int moqt_publish_on_publish(moqt_session *s, sstream *ss, const moqt_msg *m)
{
    int rv = moqt_control_check_peer_request(s, m->request_id);
    if (rv != 0) {
        return rv;
    }
    if (alias_in_use(s, m->track_alias)) {
        return moqt_session_fail(
            s, MOQT_TERM_DUPLICATE_TRACK_ALIAS,
            "PUBLISH reuses a Track Alias in use (mt-12 l.2283, mt-15 l.2445)");
    }
    request *rq = moqt_session_request_new(s, m->request_id, MOQT_MSG_PUBLISH, false);
    if (rq == NULL) {
        return MOQT_ERR_NOMEM;
    }
    rq->state = RQ_WAIT_APP;
    rq->counted = true;
    rq->track_alias = m->track_alias;
    rq->alias_known = true;
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        rq->stream = ss;
        ss->req = rq;
    }
    if (s->cb.publish == NULL) {
        /* "SHOULD send REQUEST_ERROR with error code UNINTERESTED" (mt-15 l.2450). */
        return refuse(s, rq, MOQT_REQ_ERR_UNINTERESTED, "not a subscriber");
    }
    return tell_app(s, rq, m);
}

static int build_ok(moqt_session *s, request *rq, const moqt_publish_ok_params *ok, moqt_msg *m)
{
    /* 19 has no PUBLISH_OK: REQUEST_OK answers (mt-19 l.3045). */
    moqt_msg_init(m, moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH_OK) ? MOQT_MSG_PUBLISH_OK
                                                                      : MOQT_MSG_REQUEST_OK);
    m->request_id = rq->id;
    moqt_msg_params *prm = &m->params;
    if (!ok->forward) {
        prm->has |= MOQT_P_FORWARD;
        prm->forward = 0;
    }
    if (ok->subscriber_priority != 128) {
        prm->has |= MOQT_P_SUBSCRIBER_PRIORITY;
        prm->subscriber_priority = ok->subscriber_priority;
    }
    if (ok->group_order > MOQT_GROUP_ORDER_DESCENDING) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (ok->group_order != MOQT_GROUP_ORDER_PUBLISHER) {
        prm->has |= MOQT_P_GROUP_ORDER;
        prm->group_order = ok->group_order;
    }
    if (ok->filter != MOQT_SUBSCRIBE_FILTER_DEFAULT) {
        prm->has |= MOQT_P_FILTER;
        int rv = moqt_subscribe_filter_to_wire(ok->filter, &prm->filter.type);
        if (rv != 0) {
            return rv;
        }
        prm->filter.start = ok->start;
        prm->filter.end_group = ok->end_group;
    }
    /* A parameter the draft does not allow in PUBLISH_OK (19 moved GROUP_ORDER
     * to SUBSCRIBE_TRACKS, mt-19 l.2673, l.5496) cannot be said. */
    if (moqt_params_out_of_scope(s->p, MOQT_MSG_PUBLISH_OK, prm, 0) != 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    moqt_ssize n = moqt_wire_encode_control(s->p, m, s->scratch, s->scratch_cap);
    return n < 0 ? (int)n : 0; /* refuse what the draft cannot say before changing state */
}

int moqt_session_publish_accept(moqt_session *s, uint64_t request_id,
                                const moqt_publish_ok_params *ok, moqt_tstamp now)
{
    s->now = now;
    request *rq = find_theirs(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || !usable(s)) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_publish_ok_params defaults;
    if (ok == NULL) {
        moqt_publish_ok_params_default(&defaults);
        ok = &defaults;
    }
    moqt_msg m;
    int rv = build_ok(s, rq, ok, &m);
    if (rv != 0) {
        return rv;
    }
    rq->state = RQ_ACCEPTED;
    moqt_update_record_subscribe(rq, &m); /* update.c: what our updates restate */
    rv = moqt_control_send(s, rq, &m, false);
    return rv != 0 ? rv : moqt_object_rx_alias_known(s, rq);
}

int moqt_session_publish_reject(moqt_session *s, uint64_t request_id, moqt_request_error code,
                                const char *reason, moqt_tstamp now)
{
    s->now = now;
    request *rq = find_theirs(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    return refuse(s, rq, (moqt_req_err)code, reason);
}

static int on_done(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state == RQ_WAIT_APP) {
        /* Ended before the application answered: what it held is dropped, and
         * the streams the count names will not be attributed. */
        int rv = moqt_object_rx_drop_alias(s, rq->track_alias);
        if (rv != 0) {
            return rv;
        }
        rq->rx_streams_done = m->done.stream_count;
    }
    return moqt_subscribe_on_done(s, rq, m);
}

/* ---- Both --------------------------------------------------------------------------- */

int moqt_publish_on_msg(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->local) {
        switch (m->kind) {
        case MOQT_MSG_PUBLISH_OK:
        case MOQT_MSG_REQUEST_OK:
            return on_ok(s, rq, m);
        case MOQT_MSG_PUBLISH_ERROR:
        case MOQT_MSG_REQUEST_ERROR:
            return on_error(s, rq, m);
        case MOQT_MSG_UNSUBSCRIBE:
            return rq->state == RQ_WAIT_CREDIT ? 0 : cancelled(s, rq);
        default:
            break;
        }
    } else if (m->kind == MOQT_MSG_PUBLISH_DONE) {
        return on_done(s, rq, m);
    }
    MOQT_LOG_D(SESSION_TAG, "PUBLISH %llu: ignoring %s", (unsigned long long)rq->id,
               moqt_msg_name(s->p, m->kind));
    return 0;
}

int moqt_publish_on_stream_end(moqt_session *s, request *rq)
{
    if (rq->local) {
        if (rq->stream && !rq->stream->reset_sent && !rq->stream->sq.fin_queued) {
            moqt_session_stream_reset(s, rq->stream, MOQT_RESET_CANCELLED);
        }
        return cancelled(s, rq);
    }
    if (rq->state == RQ_DONE) {
        return 0; /* PUBLISH_DONE came first */
    }
    /* The publisher abandoned the track without PUBLISH_DONE. */
    MOQT_LOG_I(SESSION_TAG, "PUBLISH %llu: the publisher ended the request stream",
               (unsigned long long)rq->id);
    if (rq->state == RQ_WAIT_APP) {
        int rv = moqt_object_rx_drop_alias(s, rq->track_alias);
        if (rv != 0) {
            return rv;
        }
    }
    rq->done_rcvd = true;
    rq->state = RQ_DONE;
    rq->done_reason = MOQT_DONE_REASON_UNKNOWN;
    return moqt_subscribe_fire_done(s, rq);
}
