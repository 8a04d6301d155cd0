/*
 * Time limits on the publisher side, and the session's timer interface
 * (moqt_session_get_expiry / moqt_session_handle_expiry).
 *
 * Delivery timeouts ("DELIVERY TIMEOUT Parameter", mt-07 l.1035, mt-14
 * l.1607; "Delivery Timeouts and Data Reliability", mt-18 l.1809): the
 * subscriber may ask for one in SUBSCRIBE, the publisher may state one in
 * SUBSCRIBE_OK (a parameter in 07-15, a Track Property from 16); the smaller
 * non-zero value is used (mt-07 l.1045, mt-18 l.1818). A value of 0 means
 * none (17+ say so, mt-17 l.3936; 16 forbids it and 07-15 just omit it).
 *
 * What "older than the timeout" means here, for every draft: an object
 * counts from when the application gave it to the session (the first byte,
 * mt-18 l.1822; the Object's beginning, mt-07 l.1040) until the peer
 * acknowledged all of it. A subgroup stream whose oldest unacknowledged
 * object is past the timeout is reset with DELIVERY_TIMEOUT (mt-14 l.1631:
 * "the publisher MUST reset"; mt-18 l.1830; 07-10 have no reset codes, the
 * generic one goes). Counting until acknowledged rather than until handed to
 * the transport (mt-18 l.1828) is stricter: data the transport holds cannot
 * be recalled, so it is the only check that also covers it (mt-18 l.1835).
 * SUBGROUP_DELIVERY_TIMEOUT (18+): from the moment the subgroup's end was
 * queued until every byte was acknowledged (mt-18 l.1846). After a timeout
 * no new stream is opened for the rest of that subgroup (mt-18 l.1831): its
 * later objects are dropped.
 *
 * MAX_CACHE_DURATION (mt-07 l.1063, mt-14 l.1643, mt-18 l.4425) is carried both ways but
 * not acted on: it binds a relay's cache, which the session does not have.
 */
#include <stddef.h>
#include <string.h>

#include "base/log.h"
#include "session/session_int.h"
#include "wire/bridge.h"

#define NS_PER_MS UINT64_C(1000000)

static uint64_t min_nonzero(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0) {
        return a ? a : b;
    }
    return a < b ? a : b;
}

static moqt_tstamp after(moqt_tstamp t, uint64_t ms)
{
    uint64_t ns = ms > UINT64_MAX / NS_PER_MS ? UINT64_MAX : ms * NS_PER_MS;
    return t > UINT64_MAX - ns ? UINT64_MAX : t + ns;
}

moqt_tstamp moqt_timers_deadline(const moqt_session *s, const sstream *ss)
{
    (void)s;
    const request *rq = ss->req;
    if (ss->kind != SS_SUBGROUP_TX || ss->reset_sent || rq == NULL) {
        return UINT64_MAX;
    }
    moqt_tstamp deadline = UINT64_MAX, oldest;
    uint64_t object_ms = min_nonzero(rq->sub_object_timeout_ms, rq->pub_object_timeout_ms);
    if (object_ms && moqt_sendq_oldest(&ss->sq, &oldest)) {
        deadline = after(oldest, object_ms);
    }
    uint64_t subgroup_ms = min_nonzero(rq->sub_subgroup_timeout_ms, rq->pub_subgroup_timeout_ms);
    if (subgroup_ms && ss->sq.fin_queued && moqt_sendq_unacked(&ss->sq) > 0) {
        moqt_tstamp d = after(ss->fin_at, subgroup_ms);
        deadline = d < deadline ? d : deadline;
    }
    return deadline;
}

void moqt_timers_expire(moqt_session *s, sstream *ss)
{
    request *rq = ss->req;
    MOQT_LOG_I(SESSION_TAG, "request %llu: group %llu subgroup %llu past its delivery timeout",
               (unsigned long long)rq->id, (unsigned long long)ss->group,
               (unsigned long long)ss->subgroup);
    if (!ss->sq.fin_queued) {
        size_t slot = rq->timed_out_next++ % (sizeof(rq->timed_out) / sizeof(rq->timed_out[0]));
        rq->timed_out[slot][0] = ss->group;
        rq->timed_out[slot][1] = ss->subgroup;
    }
    moqt_session_stream_reset(s, ss, MOQT_RESET_DELIVERY_TIMEOUT);
}

bool moqt_timers_timed_out(const request *rq, uint64_t group, uint64_t subgroup)
{
    size_t cap = sizeof(rq->timed_out) / sizeof(rq->timed_out[0]);
    size_t n = rq->timed_out_next < cap ? rq->timed_out_next : cap;
    for (size_t i = 0; i < n; i++) {
        if (rq->timed_out[i][0] == group && rq->timed_out[i][1] == subgroup) {
            return true;
        }
    }
    return false;
}

moqt_tstamp moqt_session_get_expiry(const moqt_session *s)
{
    moqt_tstamp next = UINT64_MAX;
    if (s->closing || s->closed) {
        return next;
    }
    for (size_t i = 0; i < s->nstreams; i++) {
        moqt_tstamp d = moqt_timers_deadline(s, s->streams[i]);
        next = d < next ? d : next;
    }
    return next;
}

int moqt_session_handle_expiry(moqt_session *s, moqt_tstamp now)
{
    s->now = now;
    if (s->closing || s->closed) {
        return 0;
    }
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (moqt_timers_deadline(s, ss) <= now) {
            moqt_timers_expire(s, ss);
        }
    }
    return 0;
}

/* ---- the values on the wire ----------------------------------------------------- */

void moqt_timers_on_subscribe(moqt_session *s, request *rq, const moqt_msg *m)
{
    (void)s;
    const moqt_msg_params *prm = &m->params;
    rq->sub_priority = (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) ? prm->subscriber_priority : 128;
    /* The publisher's own order is ascending (what SUBSCRIBE_OK states). */
    bool descending =
        (prm->has & MOQT_P_GROUP_ORDER) && prm->group_order == MOQT_GROUP_ORDER_DESCENDING;
    rq->group_order = descending ? MOQT_GROUP_ORDER_DESCENDING : MOQT_GROUP_ORDER_ASCENDING;
    rq->sub_object_timeout_ms = (prm->has & MOQT_P_DELIVERY_TIMEOUT) ? prm->delivery_timeout_ms : 0;
    rq->sub_subgroup_timeout_ms =
        (prm->has & MOQT_P_SUBGROUP_DELIVERY_TIMEOUT) ? prm->subgroup_delivery_timeout_ms : 0;
}

void moqt_timers_fill_subscribe(const moqt_subscribe_params *pp, moqt_msg *m)
{
    if (pp->struct_size < offsetof(moqt_subscribe_params, subgroup_delivery_timeout_ms) +
                              sizeof(pp->subgroup_delivery_timeout_ms)) {
        return; /* compiled before these fields */
    }
    if (pp->delivery_timeout_ms) {
        m->params.has |= MOQT_P_DELIVERY_TIMEOUT;
        m->params.delivery_timeout_ms = pp->delivery_timeout_ms;
    }
    if (pp->subgroup_delivery_timeout_ms) {
        m->params.has |= MOQT_P_SUBGROUP_DELIVERY_TIMEOUT; /* 18+: the codec refuses it before */
        m->params.subgroup_delivery_timeout_ms = pp->subgroup_delivery_timeout_ms;
    }
}

int moqt_timers_fill_subscribe_ok(moqt_session *s, const request *rq, moqt_msg *m)
{
    int rv = 0;
    if (rq->pub_object_timeout_ms) {
        rv =
            moqt_wire_track_value_put(s->p, m, MOQT_TV_DELIVERY_TIMEOUT, rq->pub_object_timeout_ms);
    }
    if (rv == 0 && rq->pub_subgroup_timeout_ms) {
        rv = moqt_wire_track_value_put(s->p, m, MOQT_TV_SUBGROUP_DELIVERY_TIMEOUT,
                                       rq->pub_subgroup_timeout_ms);
    }
    if (rv == 0 && rq->has_max_cache_duration) {
        rv = moqt_wire_track_value_put(s->p, m, MOQT_TV_MAX_CACHE_DURATION,
                                       rq->max_cache_duration_ms);
    }
    return rv;
}

void moqt_timers_on_subscribe_ok(moqt_session *s, request *rq, const moqt_msg *m)
{
    uint64_t v;
    rq->pub_object_timeout_ms =
        moqt_wire_track_value_get(s->p, m, MOQT_TV_DELIVERY_TIMEOUT, &v) ? v : 0;
    rq->pub_subgroup_timeout_ms =
        moqt_wire_track_value_get(s->p, m, MOQT_TV_SUBGROUP_DELIVERY_TIMEOUT, &v) ? v : 0;
    rq->has_max_cache_duration = moqt_wire_track_value_get(s->p, m, MOQT_TV_MAX_CACHE_DURATION, &v);
    rq->max_cache_duration_ms = rq->has_max_cache_duration ? v : 0;
}

/* ---- API ---------------------------------------------------------------------- */

void moqt_subscribe_ok_params_default(moqt_subscribe_ok_params *p)
{
    memset(p, 0, sizeof(*p));
    p->struct_size = sizeof(*p);
}

int moqt_session_subscribe_accept_with(moqt_session *s, uint64_t request_id,
                                       const moqt_subscribe_ok_params *params, moqt_tstamp now)
{
    moqt_subscribe_ok_params p;
    moqt_subscribe_ok_params_default(&p);
    if (params == NULL || params->struct_size == 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    memcpy(&p, params, params->struct_size < sizeof(p) ? params->struct_size : sizeof(p));
    request *rq = moqt_session_request_find(s, request_id, false);
    if (rq == NULL || rq->kind != MOQT_MSG_SUBSCRIBE) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_WAIT_APP) {
        return MOQT_ERR_INVALID_STATE;
    }
    rq->pub_object_timeout_ms = p.delivery_timeout_ms;
    rq->pub_subgroup_timeout_ms = p.subgroup_delivery_timeout_ms;
    rq->has_max_cache_duration = p.has_max_cache_duration;
    rq->max_cache_duration_ms = p.max_cache_duration_ms;
    return moqt_session_subscribe_accept(s, request_id, p.largest, now);
}

int moqt_session_subscription_info(const moqt_session *s, uint64_t request_id,
                                   moqt_subscription_info *info)
{
    if (info == NULL || info->struct_size == 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    const request *rq = moqt_session_request_find((moqt_session *)s, request_id, true);
    if (rq == NULL || rq->kind != MOQT_MSG_SUBSCRIBE) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_ESTABLISHED) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_subscription_info out;
    memset(&out, 0, sizeof(out));
    out.struct_size = sizeof(out);
    out.delivery_timeout_ms = rq->pub_object_timeout_ms;
    out.subgroup_delivery_timeout_ms = rq->pub_subgroup_timeout_ms;
    out.has_max_cache_duration = rq->has_max_cache_duration;
    out.max_cache_duration_ms = rq->max_cache_duration_ms;
    size_t n = info->struct_size < sizeof(out) ? info->struct_size : sizeof(out);
    memcpy(info, &out, n);
    info->struct_size = n;
    return 0;
}
