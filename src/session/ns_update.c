/*
 * Moving the Track Namespace Prefix of a namespace subscription
 * (SUBSCRIBE_NAMESPACE / SUBSCRIBE_TRACKS) with a REQUEST_UPDATE carrying
 * the TRACK_NAMESPACE_PREFIX parameter, both sides.
 *
 * What the drafts say:
 * - 18-19: "A subscriber can update the Track Namespace Prefix of an
 *   established SUBSCRIBE_NAMESPACE or SUBSCRIBE_TRACKS" (mt-18 l.3114, mt-19
 *   l.3368); the overlap rule applies per type, PREFIX_OVERLAP otherwise
 *   (mt-18 l.2604, mt-19 l.2823); NAMESPACE / NAMESPACE_DONE after the
 *   REQUEST_OK carry suffixes of the new prefix; SUBSCRIBE_TRACKS' existing
 *   subscriptions stay. A failed update closes the bidi stream (mt-18
 *   l.3100, mt-19 l.3354, which adds SUBSCRIBE_TRACKS).
 * - 16-17 let REQUEST_UPDATE name a SUBSCRIBE_NAMESPACE (mt-16 l.2446, mt-17
 *   l.2646) but define no parameter that changes its prefix: update.c
 *   answers those NOT_SUPPORTED as before. 07-15 have no such update.
 * Which applies is asked of the profile (moqt_profile_namespace_prefix_update).
 *
 * Decisions (the drafts are silent):
 * - Namespaces active through the subscription outside the new prefix end
 *   with the update on both sides, without NAMESPACE_DONE (whose suffix could
 *   not name them): the subscriber reports namespace_done for each when the
 *   REQUEST_OK arrives, the publisher forgets them when it sends it. Those
 *   under the new prefix stay active (a repeated NAMESPACE is ignored).
 * - Publisher: an update before the subscription was answered is a
 *   PROTOCOL_VIOLATION (its answer could not be told from the request's); an
 *   update without TRACK_NAMESPACE_PREFIX changes nothing and is accepted
 *   (mt-18 l.3059: omitted parameters stay); with no subscribe_namespace_update
 *   callback every prefix update is refused NOT_SUPPORTED. A refusal is
 *   REQUEST_ERROR with the FIN of the stream, ending the subscription.
 * - Subscriber: one update in flight per subscription (the prefix in force
 *   switches at its REQUEST_OK); no local overlap check (as for a new
 *   SUBSCRIBE_NAMESPACE, the publisher judges). A REQUEST_ERROR ends the
 *   subscription here at once (namespace_done per entry, then
 *   subscribe_namespace_error with the code), and we FIN our side.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

static bool is_subscription(const request *rq)
{
    return rq != NULL &&
           (rq->kind == MOQT_MSG_SUBSCRIBE_NAMESPACE || rq->kind == MOQT_MSG_SUBSCRIBE_TRACKS);
}

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

/* Replaces the prefix |rq| stores by the buffer |buf| (moqt_ns_store layout). */
static void adopt_prefix(moqt_session *s, request *rq, uint8_t *buf, size_t len)
{
    moqt_mem_free(s->mem, rq->ns_store);
    rq->ns_store = buf;
    rq->ns_store_len = len;
}

/* The first entry of subscription |sub| outside its (new) prefix. */
static request *entry_outside(moqt_session *s, const request *sub)
{
    moqt_namespace prefix, ns;
    moqt_ns_load(sub, &prefix, NULL);
    for (request *e = s->requests; e; e = e->next) {
        if (e->kind != MOQT_MSG_NAMESPACE || e->local != sub->local || e->nsub_parent != sub->id) {
            continue;
        }
        moqt_ns_load(e, &ns, NULL);
        if (!ns_has_prefix(&ns, &prefix)) {
            return e;
        }
    }
    return NULL;
}

/* ---- Subscriber ------------------------------------------------------------------ */

int moqt_session_subscribe_namespace_update(moqt_session *s, uint64_t request_id,
                                            const moqt_track_namespace *prefix, moqt_tstamp now)
{
    s->now = now;
    if (prefix == NULL || prefix->count > MOQT_MAX_NAMESPACE_FIELDS ||
        (prefix->count && !prefix->fields)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (!s->setup_done || s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!moqt_profile_namespace_prefix_update(s->p)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    request *rq = moqt_session_request_find(s, request_id, true);
    if (!is_subscription(rq)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (rq->state != RQ_ESTABLISHED || rq->stream == NULL || rq->nsu_prefix != NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_UPDATE);
    m.existing_request_id = rq->id;
    m.params.has |= MOQT_P_TRACK_NAMESPACE_PREFIX;
    m.params.track_namespace_prefix.count = prefix->count;
    for (size_t i = 0; i < prefix->count; i++) {
        m.params.track_namespace_prefix.field[i] = prefix->fields[i];
    }
    /* Keep the asked prefix aside (moqt_ns_store writes rq->ns_store). */
    uint8_t *cur = rq->ns_store;
    size_t cur_len = rq->ns_store_len;
    int rv = moqt_ns_store(s, rq, &m.params.track_namespace_prefix, NULL);
    uint8_t *asked = rv == 0 ? rq->ns_store : NULL;
    size_t asked_len = rq->ns_store_len;
    rq->ns_store = cur;
    rq->ns_store_len = cur_len;
    if (rv != 0) {
        return rv;
    }
    bool own_id = moqt_profile_consumes_request_id(s->p, MOQT_MSG_REQUEST_UPDATE);
    if (own_id) {
        m.request_id = moqt_control_take_request_id(s); /* mt-18 l.2206 */
    }
    rv = moqt_session_send_msg(s, rq->stream, &m, false);
    if (rv != 0) {
        if (own_id) {
            s->local_requests--; /* the ID was not used */
        }
        moqt_mem_free(s->mem, asked);
        return rv;
    }
    rq->nsu_prefix = asked;
    rq->nsu_prefix_len = asked_len;
    return 0;
}

static int on_update_ok(moqt_session *s, request *rq)
{
    uint64_t id = rq->id;
    adopt_prefix(s, rq, rq->nsu_prefix, rq->nsu_prefix_len);
    rq->nsu_prefix = NULL;
    int rv = 0;
    for (request *e = entry_outside(s, rq); e && rv == 0; e = rq ? entry_outside(s, rq) : NULL) {
        rv = moqt_nsub_entry_gone(s, e, id);
        rq = moqt_session_request_find(s, id, true); /* the callback may unsubscribe */
    }
    if (rv != 0 || rq == NULL || s->cb.subscribe_namespace_update_ok == NULL) {
        return rv;
    }
    moqt_namespace prefix;
    moqt_ns_load(rq, &prefix, NULL);
    moqt_track_namespace tns = {prefix.count, prefix.field};
    return moqt_session_callback_result(
        s, s->cb.subscribe_namespace_update_ok(s, id, &tns, s->user_data));
}

static int on_update_error(moqt_session *s, request *rq, const moqt_msg *m)
{
    MOQT_LOG_D(SESSION_TAG, "prefix update of namespace subscription %llu refused (0x%llx)",
               (unsigned long long)rq->id, (unsigned long long)m->error_code);
    moqt_mem_free(s->mem, rq->nsu_prefix);
    rq->nsu_prefix = NULL;
    /* mt-18 l.3100: the publisher closes the stream; the subscription ends. */
    return moqt_nsub_end_ours(s, rq, m);
}

/* ---- Publisher ------------------------------------------------------------------- */

static int send_ok(moqt_session *s, request *rq)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_OK);
    m.request_id = rq->id;
    return moqt_control_send(s, rq, &m, false);
}

/* REQUEST_ERROR and the FIN of the stream (mt-18 l.3100, mt-19 l.3354): the
 * subscription ends and the application hears unsubscribe_namespace. */
static int refuse(moqt_session *s, request *rq, moqt_req_err code, const char *reason)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_ERROR);
    m.request_id = rq->id;
    m.error_code = moqt_errcode_to_wire_or_fallback(s->p, MOQT_ERRTAB_REQUEST, code);
    m.reason = (moqt_bytes){(const uint8_t *)reason, strlen(reason)};
    int rv = moqt_control_send(s, rq, &m, true);
    int rv2 = moqt_nsub_on_stream_end(s, rq);
    return rv != 0 ? rv : rv2;
}

/* Forgets the entries of the peer's subscription |rq| outside its prefix. */
static void drop_outside(moqt_session *s, request *rq)
{
    for (request *e = entry_outside(s, rq); e; e = entry_outside(s, rq)) {
        moqt_session_request_free(s, e);
    }
}

static int on_peer_update(moqt_session *s, request *rq, const moqt_msg *m)
{
    if (rq->state != RQ_ACCEPTED) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 "REQUEST_UPDATE of a namespace subscription not yet established "
                                 "(mt-18 l.3114)");
    }
    if (!(m->params.has & MOQT_P_TRACK_NAMESPACE_PREFIX)) {
        return send_ok(s, rq); /* nothing changes (mt-18 l.3059) */
    }
    const moqt_namespace *prefix = &m->params.track_namespace_prefix;
    if (moqt_nsub_overlapping(s, rq, prefix)) {
        /* mt-18 l.2604, l.3118: per type, against the other subscriptions */
        return refuse(s, rq, MOQT_REQ_ERR_PREFIX_OVERLAP, "prefix overlap");
    }
    if (s->cb.subscribe_namespace_update == NULL) {
        return refuse(s, rq, MOQT_REQ_ERR_NOT_SUPPORTED, "prefix updates not supported");
    }
    uint8_t *old = rq->ns_store;
    int rv = moqt_ns_store(s, rq, prefix, NULL);
    if (rv != 0) {
        return rv; /* the old prefix stays */
    }
    moqt_mem_free(s->mem, old);
    drop_outside(s, rq);
    uint64_t id = rq->id;
    rv = send_ok(s, rq);
    if (rv != 0) {
        return rv;
    }
    moqt_track_namespace tns = {prefix->count, prefix->field};
    return moqt_session_callback_result(
        s, s->cb.subscribe_namespace_update(s, id, &tns, s->user_data));
}

/* ---- Dispatch (update.c) ------------------------------------------------------------ */

bool moqt_nsu_awaits_answer(const request *rq, const moqt_msg *m)
{
    return is_subscription(rq) && rq->local && rq->nsu_prefix != NULL &&
           (m->kind == MOQT_MSG_REQUEST_OK || m->kind == MOQT_MSG_REQUEST_ERROR);
}

bool moqt_nsu_handles(const moqt_session *s, const request *rq, const moqt_msg *m)
{
    if (moqt_nsu_awaits_answer(rq, m)) {
        return true;
    }
    /* The peer's update of its subscription, on the subscription's stream
     * (17+ topology). Ours updated by the peer is update.c's violation. */
    return m->kind == MOQT_MSG_REQUEST_UPDATE && is_subscription(rq) && !rq->local &&
           rq->stream != NULL && moqt_profile_namespace_prefix_update(s->p);
}

int moqt_nsu_on_msg(moqt_session *s, request *rq, const moqt_msg *m)
{
    switch (m->kind) {
    case MOQT_MSG_REQUEST_OK:
        return on_update_ok(s, rq);
    case MOQT_MSG_REQUEST_ERROR:
        return on_update_error(s, rq, m);
    default:
        return on_peer_update(s, rq, m);
    }
}
