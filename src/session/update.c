/*
 * SUBSCRIBE_UPDATE (07-15) / REQUEST_UPDATE (16+), both sides, for
 * subscriptions made with SUBSCRIBE and (12+) PUBLISH.
 *
 * What each draft says (grep SUBSCRIBE_UPDATE / REQUEST_UPDATE):
 * - 07-13: the update names the subscription by its ID and has no ID of its
 *   own and no answer (mt-11 l.1938 "There is no control message in
 *   response"). It restates Start, End Group (+1, 0 = open), Subscriber
 *   Priority and 11+ Forward. Narrow only: Start MUST NOT decrease, End MUST
 *   NOT increase; violations, and an ID that never existed, close the
 *   session with PROTOCOL_VIOLATION (07-12 "SHOULD", 13 "MUST",
 *   mt-07 l.1331, mt-13 l.2064).
 * - 14: the same with an own Request ID before the subscription's (mt-14
 *   l.2149); the update consumes request credit (mt-14 l.1457).
 * - 15: parameters only, omitted ones unchanged (mt-15 l.2366); Start MUST
 *   NOT decrease (mt-15 l.2343), End may grow; answered with exactly one
 *   REQUEST_OK or REQUEST_ERROR, and a failed update ends the subscription
 *   with PUBLISH_DONE UPDATE_FAILED (mt-15 l.2358-2361).
 * - 16: REQUEST_UPDATE, Existing Request ID; no range rule (mt-16 l.2484);
 *   an invalid Existing Request ID is a PROTOCOL_VIOLATION (mt-16 l.2477).
 * - 17+: on the request's own bidi stream (mt-17 l.2647), which names the
 *   request; 19: only the sender of a request (or the subscriber of a
 *   PUBLISH) may update it, anything else is a PROTOCOL_VIOLATION (mt-19
 *   l.3301). MAX_REQUEST_UPDATES (19) is not sent: 0, unlimited.
 *
 * Decisions:
 * - An update naming a subscription that existed but has ended (a race with
 *   PUBLISH_DONE or UNSUBSCRIBE) is not a violation: 13-14 close only for an
 *   ID "that has not existed within the Session" (mt-13 l.2066); 15+ answer
 *   REQUEST_ERROR DOES_NOT_EXIST, 07-14 ignore it. So is one naming an ended
 *   PUBLISH of ours (12+, an ID we issued).
 * - The start of a relative filter (Largest Object, Next Group Start, Latest
 *   Group) is fixed by SUBSCRIBE_OK's Largest; without one it is {0, 0}. A
 *   subscriber with the draft's default filter restates it as Largest Object
 *   would start ({largest.group, largest.object + 1}), the highest reading,
 *   so a 07-14 restatement never looks like a widening.
 * - Updates of other requests (16+: FETCH, TRACK_STATUS, the namespace
 *   family) are answered REQUEST_ERROR NOT_SUPPORTED, except a namespace
 *   subscription's in 18+ (its prefix: ns_update.c).
 * - 12+: the subscriber of a PUBLISH updates it as a SUBSCRIBE (mt-19
 *   l.3299 "A subscriber can also send REQUEST_UPDATE"; mt-15 l.925 / mt-17 l.1165-1166 "The
 *   subscriber can send PUBLISH_OK or REQUEST_UPDATE to update the Forward
 *   State"); the publisher hears it through the same subscribe_update
 *   callback. Its record starts from PUBLISH_OK (open ended, {0, 0}, without
 *   a filter there).
 * - The publisher enforces the record (moqt_update_passes, object_tx.c):
 *   Forward 0 and objects outside the range are dropped. Only an absolute
 *   Start is enforced, not one derived from Largest: the application itself
 *   chose the Largest it reported, and what it sends next is newer anyway.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

#define ALL_FIELDS (MOQT_UPDATE_RANGE | MOQT_UPDATE_PRIORITY | MOQT_UPDATE_FORWARD)

static bool loc_less(moqt_location a, moqt_location b)
{
    return a.group < b.group || (a.group == b.group && a.object < b.object);
}

static bool is_absolute(moqt_filter_type t)
{
    return t == MOQT_FILTER_ABSOLUTE_START || t == MOQT_FILTER_ABSOLUTE_RANGE;
}

/* ---- The subscription's record ---------------------------------------------- */

void moqt_update_record_subscribe(request *rq, const moqt_msg *m)
{
    const moqt_msg_params *prm = &m->params;
    rq->upd_filter = (prm->has & MOQT_P_FILTER) ? prm->filter.type : MOQT_FILTER_NONE;
    rq->upd_start = is_absolute(rq->upd_filter) ? prm->filter.start : (moqt_location){0, 0};
    rq->upd_open_ended = rq->upd_filter != MOQT_FILTER_ABSOLUTE_RANGE;
    rq->upd_end_group = rq->upd_open_ended ? 0 : prm->filter.end_group;
    rq->upd_priority = (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) ? prm->subscriber_priority : 128;
    rq->forward = (prm->has & MOQT_P_FORWARD) ? prm->forward != 0 : true;
}

bool moqt_update_passes(const request *rq, uint64_t group, uint64_t object_id)
{
    if (rq->kind != MOQT_MSG_SUBSCRIBE && rq->kind != MOQT_MSG_PUBLISH) {
        return true;
    }
    if (!rq->forward) {
        return false;
    }
    if (!rq->upd_open_ended && group > rq->upd_end_group) {
        return false; /* End Group inclusive (mt-11 l.1784) */
    }
    /* Only an absolute Start is enforced: a relative filter's start follows
     * the Largest the application itself reported. */
    return !is_absolute(rq->upd_filter) ||
           !loc_less((moqt_location){group, object_id}, rq->upd_start);
}

void moqt_update_record_largest(request *rq, const moqt_location *largest)
{
    if (largest == NULL) {
        return;
    }
    moqt_filter_type t = rq->upd_filter;
    if (t == MOQT_FILTER_NONE && rq->local) {
        t = MOQT_FILTER_LARGEST_OBJECT; /* see the decision above */
    }
    switch (t) {
    case MOQT_FILTER_LATEST_GROUP:
        rq->upd_start = (moqt_location){largest->group, 0};
        break;
    case MOQT_FILTER_NEXT_GROUP_START:
        rq->upd_start = (moqt_location){largest->group + 1, 0};
        break;
    case MOQT_FILTER_LARGEST_OBJECT:
        rq->upd_start = (moqt_location){largest->group, largest->object + 1};
        break;
    default:
        break; /* absolute: as stated; 15+ unfiltered: no start */
    }
}

static void record_load(const request *rq, moqt_subscribe_update *u)
{
    memset(u, 0, sizeof(*u));
    u->request_id = rq->id;
    u->start = rq->upd_start;
    u->open_ended = rq->upd_open_ended;
    u->end_group = rq->upd_end_group;
    u->subscriber_priority = rq->upd_priority;
    u->forward = rq->forward;
}

static void record_store(request *rq, const moqt_subscribe_update *u)
{
    if (u->fields & MOQT_UPDATE_RANGE) {
        rq->upd_filter = u->open_ended ? MOQT_FILTER_ABSOLUTE_START : MOQT_FILTER_ABSOLUTE_RANGE;
        rq->upd_start = u->start;
        rq->upd_open_ended = u->open_ended;
        rq->upd_end_group = u->end_group;
    }
    rq->upd_priority = u->subscriber_priority;
    rq->forward = u->forward;
}

/* The draft's range rule (profile.h moqt_update_rule). */
static bool range_allowed(const moqt_profile *p, const request *rq, const moqt_subscribe_update *u)
{
    if (!(u->fields & MOQT_UPDATE_RANGE)) {
        return true;
    }
    if (!u->open_ended && u->end_group < u->start.group) {
        return false; /* "Like SUBSCRIBE" (mt-14 l.2136); the codec refuses it too */
    }
    switch (moqt_profile_update_rule(p)) {
    case MOQT_UPDATE_NARROW_ONLY:
        if (!rq->upd_open_ended && (u->open_ended || u->end_group > rq->upd_end_group)) {
            return false;
        }
        return !loc_less(u->start, rq->upd_start);
    case MOQT_UPDATE_START_NO_DECREASE:
        return !loc_less(u->start, rq->upd_start);
    default:
        return true;
    }
}

/* ---- Subscriber ------------------------------------------------------------------ */

static void build_update(const moqt_profile *p, const request *rq, const moqt_subscribe_update *u,
                         moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_REQUEST_UPDATE);
    m->existing_request_id = rq->id;
    uint32_t fields = moqt_profile_update_restates_all(p) ? ALL_FIELDS : u->fields;
    moqt_msg_params *prm = &m->params;
    if (fields & MOQT_UPDATE_RANGE) {
        prm->has |= MOQT_P_FILTER;
        prm->filter.type = u->open_ended ? MOQT_FILTER_ABSOLUTE_START : MOQT_FILTER_ABSOLUTE_RANGE;
        prm->filter.start = u->start;
        prm->filter.end_group = u->open_ended ? 0 : u->end_group;
    }
    if (fields & MOQT_UPDATE_PRIORITY) {
        prm->has |= MOQT_P_SUBSCRIBER_PRIORITY;
        prm->subscriber_priority = u->subscriber_priority;
    }
    if (fields & MOQT_UPDATE_FORWARD) {
        prm->has |= MOQT_P_FORWARD; /* 07-10: 1 is dropped, 0 unsupported (codec) */
        prm->forward = u->forward ? 1 : 0;
    }
}

static int send_update(moqt_session *s, request *sub, moqt_msg *m)
{
    bool own_id = moqt_profile_consumes_request_id(s->p, MOQT_MSG_REQUEST_UPDATE);
    bool on_stream = s->p->topology == MOQT_TOPO_REQUEST_STREAMS;
    sstream *ss = on_stream ? sub->stream : s->control;
    if (ss == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (own_id) {
        m->request_id = moqt_control_take_request_id(s);
    }
    moqt_ssize n = moqt_wire_encode_control(s->p, m, s->scratch, s->scratch_cap);
    int rv = n < 0 ? (int)n : 0;
    if (rv == 0 && own_id && !on_stream) {
        /* 14-16: the update has its own Request ID and waits for credit like
         * a request; on failure its ID is given back. */
        request *rq = moqt_control_new_request(s, m->request_id, MOQT_MSG_REQUEST_UPDATE, n, &rv);
        if (rq == NULL) {
            return rv;
        }
        rq->upd_target = sub->id;
        return moqt_control_start_requests(s);
    }
    if (rv == 0) {
        rv = moqt_session_stream_send(s, ss, s->scratch, (size_t)n, NULL, 0, false);
        if (rv == 0 && on_stream) {
            sub->upd_pending++; /* answered on the stream (mt-17 l.2650) */
        }
        return rv;
    }
    if (own_id) {
        s->local_requests--; /* the ID was not used */
    }
    return rv;
}

/* The subscription |id| names on the subscriber side: our SUBSCRIBE, or a
 * PUBLISH we accepted (12+; mt-19 l.3299 "A subscriber can also send REQUEST_UPDATE").
 * In 11+ the two ID spaces differ in parity, so they cannot collide. */
static bool subscriber_side_of(const request *rq)
{
    if (rq->kind == MOQT_MSG_SUBSCRIBE) {
        return rq->local && rq->state == RQ_ESTABLISHED;
    }
    return rq->kind == MOQT_MSG_PUBLISH && !rq->local && rq->state == RQ_ACCEPTED;
}

static request *subscriber_side(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, true);
    if (rq != NULL && subscriber_side_of(rq)) {
        return rq;
    }
    rq = moqt_session_request_find(s, id, false);
    return rq != NULL && subscriber_side_of(rq) ? rq : NULL;
}

/* The subscription |id| names on the publisher side: the peer's request, or
 * our PUBLISH. */
static request *publisher_side(moqt_session *s, uint64_t id)
{
    request *rq = moqt_session_request_find(s, id, false);
    return rq != NULL ? rq : moqt_publish_find_ours(s, id);
}

int moqt_session_subscribe_update(moqt_session *s, uint64_t request_id,
                                  const moqt_subscribe_update *u, moqt_tstamp now)
{
    s->now = now;
    if (u == NULL || (u->fields & ~(uint32_t)ALL_FIELDS) != 0) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    request *rq = moqt_session_request_find(s, request_id, true);
    if (rq == NULL || rq->kind != MOQT_MSG_SUBSCRIBE) {
        rq = moqt_session_request_find(s, request_id, false);
        if (rq == NULL || rq->kind != MOQT_MSG_PUBLISH) {
            return MOQT_ERR_INVALID_ARGUMENT;
        }
    }
    if (subscriber_side(s, request_id) != rq || !s->setup_done || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_subscribe_update next;
    record_load(rq, &next);
    next.fields = u->fields;
    if (u->fields & MOQT_UPDATE_RANGE) {
        next.start = u->start;
        next.open_ended = u->open_ended;
        next.end_group = u->open_ended ? 0 : u->end_group;
    }
    if (u->fields & MOQT_UPDATE_PRIORITY) {
        next.subscriber_priority = u->subscriber_priority;
    }
    if (u->fields & MOQT_UPDATE_FORWARD) {
        next.forward = u->forward;
    }
    if (!range_allowed(s->p, rq, &next)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    moqt_msg m;
    build_update(s->p, rq, &next, &m);
    int rv = send_update(s, rq, &m);
    if (rv == 0) {
        record_store(rq, &next);
    }
    return rv;
}

void moqt_update_sent(moqt_session *s, request *rq)
{
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_OK)) {
        moqt_session_request_free(s, rq); /* 14: no answer comes (mt-14 l.2130) */
    }
}

static int on_answer(moqt_session *s, request *rq, const moqt_msg *m)
{
    bool ok = m->kind == MOQT_MSG_REQUEST_OK;
    uint64_t sub = rq->kind == MOQT_MSG_REQUEST_UPDATE ? rq->upd_target : rq->id;
    MOQT_LOG_D(SESSION_TAG, "update of subscription %llu %s (0x%llx)", (unsigned long long)sub,
               ok ? "accepted" : "refused", (unsigned long long)m->error_code);
    if (rq->kind == MOQT_MSG_REQUEST_UPDATE) {
        moqt_session_request_free(s, rq);
    } else {
        rq->upd_pending--;
    }
    /* A refusal is followed by PUBLISH_DONE (UPDATE_FAILED), which the
     * application hears through publish_done. */
    return 0;
}

/* ---- Publisher ------------------------------------------------------------------- */

/* The update as the peer's message states it, over the record. */
static void update_from_msg(const request *rq, const moqt_msg *m, moqt_subscribe_update *u)
{
    const moqt_msg_params *prm = &m->params;
    record_load(rq, u);
    if ((prm->has & MOQT_P_FILTER) && is_absolute(prm->filter.type)) {
        u->fields |= MOQT_UPDATE_RANGE;
        u->start = prm->filter.start;
        u->open_ended = prm->filter.type == MOQT_FILTER_ABSOLUTE_START;
        u->end_group = u->open_ended ? 0 : prm->filter.end_group;
    }
    if (prm->has & MOQT_P_SUBSCRIBER_PRIORITY) {
        u->fields |= MOQT_UPDATE_PRIORITY;
        u->subscriber_priority = prm->subscriber_priority;
    }
    if (prm->has & MOQT_P_FORWARD) {
        u->fields |= MOQT_UPDATE_FORWARD;
        u->forward = prm->forward != 0;
    }
}

/* Where the answer to an update goes and which ID it carries. */
typedef struct upd_ctx {
    request *target; /* 17+: the request stream's request */
    bool has_own_id; /* 14-16 */
    uint64_t own_id;
} upd_ctx;

static int send_answer(moqt_session *s, const upd_ctx *c, moqt_msg *m)
{
    m->request_id = c->has_own_id ? c->own_id : (c->target ? c->target->id : 0);
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        return c->target ? moqt_control_send(s, c->target, m, false) : 0;
    }
    return s->control ? moqt_session_send_msg(s, s->control, m, false) : 0;
}

static int answer_error(moqt_session *s, const upd_ctx *c, moqt_req_err code, const char *reason)
{
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR)) {
        return 0; /* 07-14: updates have no answer */
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_ERROR);
    m.error_code = moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_REQUEST, code);
    m.reason = (moqt_bytes){(const uint8_t *)reason, reason ? strlen(reason) : 0};
    return send_answer(s, c, &m);
}

static int answer_ok(moqt_session *s, const upd_ctx *c)
{
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_OK)) {
        return 0;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_OK);
    return send_answer(s, c, &m);
}

/* |id| is one we issued (12+: the Request ID of a PUBLISH of ours, perhaps
 * ended): the IDs of each side differ in parity there (mt-11 l.1295). */
static bool issued_publish_id(moqt_session *s, uint64_t id)
{
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_PUBLISH) || s->local_requests == 0) {
        return false;
    }
    uint64_t next = moqt_control_take_request_id(s);
    s->local_requests--; /* only looked at */
    return id < next && (next - id) % 2 == 0;
}

/* The request the update names (<=16: by ID; 17+: its stream's). NULL after
 * the session was closed or the update answered. */
static request *resolve_target(moqt_session *s, request *stream_rq, const moqt_msg *m, upd_ctx *c,
                               int *prv)
{
    *prv = 0;
    if (s->p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        return stream_rq;
    }
    uint64_t existing = m->existing_request_id;
    bool existed = (s->peer_requests > 0 && existing <= s->peer_last_request_id) ||
                   issued_publish_id(s, existing);
    if (moqt_profile_consumes_request_id(s->p, MOQT_MSG_REQUEST_UPDATE)) {
        *prv = moqt_control_check_peer_request(s, m->request_id);
        if (*prv != 0) {
            return NULL;
        }
        c->has_own_id = true;
        c->own_id = m->request_id;
    }
    request *rq = publisher_side(s, existing);
    if (rq != NULL) {
        return rq;
    }
    if (!existed) {
        *prv = moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "an update names a request that never existed (mt-13 l.2066, "
                                 "mt-16 l.2477)");
    } else {
        *prv = answer_error(s, c, MOQT_REQ_ERR_DOES_NOT_EXIST, "the subscription has ended");
    }
    return NULL;
}

/* The application hears the update; true when it refused it. */
static int tell_application(moqt_session *s, const upd_ctx *c, const moqt_subscribe_update *u,
                            bool *refused)
{
    s->upd_in_callback = true;
    s->upd_refused = false;
    s->upd_callback_sub = u->request_id;
    s->upd_callback_has_id = c->has_own_id;
    s->upd_callback_id = c->own_id;
    int rv = 0;
    if (s->cb.subscribe_update) {
        rv = s->cb.subscribe_update(s, u->request_id, u, s->user_data);
    }
    s->upd_in_callback = false;
    *refused = s->upd_refused;
    return moqt_session_callback_result(s, rv);
}

/* The send order and delivery timeouts of the subscription follow the update
 * (object_tx.c, timers.c). */
static void apply_to_sender(moqt_session *s, request *rq, const moqt_msg *m)
{
    const moqt_msg_params *prm = &m->params;
    rq->sub_priority = rq->upd_priority;
    if (prm->has & MOQT_P_DELIVERY_TIMEOUT) {
        rq->sub_object_timeout_ms = prm->delivery_timeout_ms;
    }
    if (prm->has & MOQT_P_SUBGROUP_DELIVERY_TIMEOUT) {
        rq->sub_subgroup_timeout_ms = prm->subgroup_delivery_timeout_ms;
    }
    moqt_object_tx_reprioritize(s, rq);
}

static int on_update(moqt_session *s, request *stream_rq, const moqt_msg *m)
{
    upd_ctx c = {.target = stream_rq};
    int rv;
    request *rq = resolve_target(s, stream_rq, m, &c, &rv);
    if (rq == NULL) {
        return rv != 0 ? rv : moqt_control_request_completed(s, NULL);
    }
    c.target = rq;
    if (rq->local && rq->kind != MOQT_MSG_PUBLISH) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "REQUEST_UPDATE for a request the peer did not send (mt-19 "
                                 "l.3301)");
    }
    /* A SUBSCRIBE of the peer's, or our PUBLISH whose subscriber updates it
     * (12+, mt-19 l.3299). */
    bool updatable = rq->kind == MOQT_MSG_SUBSCRIBE || (rq->kind == MOQT_MSG_PUBLISH && rq->local);
    if (!updatable) {
        if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR)) {
            return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                     "SUBSCRIBE_UPDATE names no subscription (mt-14 l.2164)");
        }
        rv = answer_error(s, &c, MOQT_REQ_ERR_NOT_SUPPORTED, "updates of this request");
        return rv != 0 ? rv : (c.has_own_id ? moqt_control_request_completed(s, NULL) : 0);
    }
    moqt_subscribe_update u;
    update_from_msg(rq, m, &u);
    if (!range_allowed(s->p, rq, &u)) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "an update widened the subscription's range (mt-07 l.1331, "
                                 "mt-14 l.2121, mt-15 l.2343)");
    }
    uint64_t sub_id = rq->id;
    bool refused = false;
    rv = tell_application(s, &c, &u, &refused);
    if (rv == 0 && !refused) {
        /* The application may have ended the subscription meanwhile. */
        rq = publisher_side(s, sub_id);
        if (rq != NULL) {
            record_store(rq, &u);
            apply_to_sender(s, rq, m);
            c.target = rq;
            rv = answer_ok(s, &c);
        }
    }
    if (rv == 0 && c.has_own_id) {
        rv = moqt_control_request_completed(s, NULL);
    }
    return rv;
}

int moqt_session_subscribe_update_reject(moqt_session *s, uint64_t request_id,
                                         moqt_request_error code, const char *reason,
                                         moqt_tstamp now)
{
    s->now = now;
    if (!s->upd_in_callback || s->upd_refused || request_id != s->upd_callback_sub) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!moqt_profile_msg_type(s->p, MOQT_MSG_REQUEST_ERROR)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    request *rq = publisher_side(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    s->upd_refused = true;
    upd_ctx c = {.target = rq, .has_own_id = s->upd_callback_has_id, .own_id = s->upd_callback_id};
    int rv = answer_error(s, &c, (moqt_req_err)code, reason);
    if (rv == 0 && rq->state == RQ_ACCEPTED) {
        /* mt-15 l.2360, mt-18 l.3099: the subscription ends with UPDATE_FAILED. */
        rv = moqt_session_publish_done(s, request_id, (moqt_done_reason)MOQT_DONE_UPDATE_FAILED,
                                       "update failed", now);
    }
    return rv;
}

/* ---- Dispatch (control.c) ---------------------------------------------------------- */

bool moqt_update_handles(const request *rq, const moqt_msg *m)
{
    if (m->kind == MOQT_MSG_REQUEST_UPDATE || moqt_nsu_awaits_answer(rq, m)) {
        return true;
    }
    if (rq == NULL || (m->kind != MOQT_MSG_REQUEST_OK && m->kind != MOQT_MSG_REQUEST_ERROR)) {
        return false;
    }
    if (rq->kind == MOQT_MSG_REQUEST_UPDATE) {
        return rq->local;
    }
    return rq->upd_pending > 0 && subscriber_side_of(rq);
}

int moqt_update_on_msg(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (moqt_nsu_handles(s, rq, m)) {
        return moqt_nsu_on_msg(s, rq, m); /* ns_update.c: a namespace prefix */
    }
    if (m->kind == MOQT_MSG_REQUEST_UPDATE) {
        return on_update(s, rq, m);
    }
    return on_answer(s, rq, m);
}
