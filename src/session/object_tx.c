/*
 * Sending objects on subgroup streams: one unidirectional stream per
 * (group, subgroup), its header then its objects (DRAFT-CHANGES §8.2). The
 * stream ends with FIN when the application says the subgroup, group or
 * track ended, or when more than max_open_subgroups streams are open (the
 * oldest is ended).
 *
 * Memory bound: the bytes of a subscription that the peer has not
 * acknowledged stay in the streams' send queues. When a new object would take
 * them past max_send_buffer, the subgroup streams of the oldest groups are
 * reset (RESET_STREAM with the draft's TOO_FAR_BEHIND, or its generic code
 * where it has none), oldest first, until the object fits; if it still does
 * not, the object is refused with MOQT_ERR_WOULDBLOCK. A slow subscriber
 * thus loses old groups, never the publisher's memory.
 *
 * Send order ("Priorities", mt-07 l.614, mt-14 l.1020, mt-18 l.1693): each
 * subgroup or FETCH stream gets a transport order key (lower sent first,
 * moqt_transport_set_stream_priority) made of, from the most significant
 * bits: the subscriber priority, the publisher priority, the group in the
 * subscription's group order (descending: newer groups first), then the
 * Subgroup ID (mt-07 l.665: "the lower Subgroup ID has priority"; mt-18 l.1759). Control
 * and request streams keep key 0, ahead of every object (mt-18 l.1781).
 * Keys of different subscriptions with equal priorities compare by group
 * too, which the drafts leave to the implementation (mt-18 l.1770).
 */
#include <string.h>

#include "base/log.h"
#include "session/session_int.h"

uint64_t moqt_object_tx_buffered(moqt_session *s, const request *rq)
{
    uint64_t total = 0;
    for (size_t i = 0; i < s->nstreams; i++) {
        const sstream *ss = s->streams[i];
        if (ss->req == rq && ss->kind == SS_SUBGROUP_TX && !ss->reset_sent) {
            total += moqt_sendq_unacked(&ss->sq);
        }
    }
    return total;
}

static bool tx_open(const sstream *ss, const request *rq)
{
    return ss->req == rq && ss->kind == SS_SUBGROUP_TX && !ss->reset_sent && !ss->sq.fin_queued;
}

void moqt_object_tx_end_all(moqt_session *s, request *rq, bool reset, moqt_reset_code code)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (!tx_open(ss, rq)) {
            continue;
        }
        if (reset) {
            moqt_session_stream_reset(s, ss, code);
        } else {
            moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true);
        }
    }
}

static sstream *find_tx(moqt_session *s, const request *rq, uint64_t group, uint64_t subgroup)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (tx_open(ss, rq) && ss->group == group && ss->subgroup == subgroup) {
            return ss;
        }
    }
    return NULL;
}

/* The open stream of |rq| opened first, except |keep|. */
static sstream *oldest_tx(moqt_session *s, const request *rq, const sstream *keep,
                          bool with_unacked)
{
    sstream *best = NULL;
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (ss == keep || ss->req != rq || ss->kind != SS_SUBGROUP_TX || ss->reset_sent) {
            continue;
        }
        if (with_unacked ? moqt_sendq_unacked(&ss->sq) == 0 : ss->sq.fin_queued) {
            continue;
        }
        if (best == NULL || ss->group < best->group ||
            (ss->group == best->group && ss->opened_seq < best->opened_seq)) {
            best = ss;
        }
    }
    return best;
}

static size_t count_open(moqt_session *s, const request *rq)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nstreams; i++) {
        n += tx_open(s->streams[i], rq);
    }
    return n;
}

/* Resets old streams until |need| more bytes fit; false if they cannot. */
static bool make_room(moqt_session *s, request *rq, const sstream *keep, size_t need)
{
    for (;;) {
        uint64_t used = moqt_object_tx_buffered(s, rq);
        if (used + need <= s->settings.max_send_buffer) {
            return true;
        }
        sstream *victim = oldest_tx(s, rq, keep, true);
        if (victim == NULL) {
            return false;
        }
        MOQT_LOG_I(SESSION_TAG, "request %llu: subscriber too far behind, resetting group %llu",
                   (unsigned long long)rq->id, (unsigned long long)victim->group);
        moqt_session_stream_reset(s, victim, MOQT_RESET_TOO_FAR_BEHIND);
    }
}

/* Order key layout: bit 62 marks object data (above control's 0); then
 * 8 bits subscriber priority, 8 bits publisher priority, 32 bits group
 * position, 14 bits Subgroup ID (larger values saturate). */
#define KEY_DATA         (UINT64_C(1) << 62)
#define KEY_GROUP_MAX    UINT64_C(0xffffffff)
#define KEY_SUBGROUP_MAX UINT64_C(0x3fff)

static uint64_t order_key(uint8_t sub_priority, uint8_t pub_priority, bool descending,
                          uint64_t group, uint64_t subgroup)
{
    uint64_t g = group < KEY_GROUP_MAX ? group : KEY_GROUP_MAX;
    if (descending) {
        g = KEY_GROUP_MAX - g;
    }
    uint64_t sg = subgroup < KEY_SUBGROUP_MAX ? subgroup : KEY_SUBGROUP_MAX;
    return KEY_DATA | (uint64_t)sub_priority << 54 | (uint64_t)pub_priority << 46 | g << 14 | sg;
}

static void set_order(moqt_session *s, const request *rq, sstream *ss)
{
    uint64_t key;
    if (ss->kind == SS_FETCH_TX) {
        key = order_key(rq->fetch_priority, ss->pub_priority, false, 0, 0);
    } else {
        key = order_key(rq->sub_priority, ss->pub_priority,
                        rq->group_order == MOQT_GROUP_ORDER_DESCENDING, ss->group, ss->subgroup);
    }
    (void)moqt_transport_set_stream_priority(s->t, ss->id, key); /* a hint */
}

void moqt_object_tx_reprioritize(moqt_session *s, request *rq)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        sstream *ss = s->streams[i];
        if (ss->req == rq && (ss->kind == SS_SUBGROUP_TX || ss->kind == SS_FETCH_TX) &&
            !ss->reset_sent) {
            /* Also when every byte was handed over: the transport may still hold them. */
            set_order(s, rq, ss);
        }
    }
}

void moqt_object_tx_fetch_order(moqt_session *s, request *rq, sstream *ss, uint8_t pub_priority)
{
    ss->pub_priority = pub_priority;
    set_order(s, rq, ss);
}

static int open_subgroup(moqt_session *s, request *rq, uint64_t group, uint64_t subgroup,
                         uint64_t object_id, uint8_t priority, sstream **pss, size_t *phdrlen)
{
    if (count_open(s, rq) >= s->settings.max_open_subgroups) {
        sstream *old = oldest_tx(s, rq, NULL, false);
        if (old) {
            moqt_session_stream_send(s, old, NULL, 0, NULL, 0, true);
        }
    }
    moqt_subgroup_header h;
    memset(&h, 0, sizeof(h));
    h.track_alias = rq->track_alias;
    h.group = group;
    h.subgroup = subgroup;
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_props = true;
    h.has_priority = true;
    h.publisher_priority = priority;
    /* mt-18 l.4041; STACK.md: 18 subscribers want it on a group's first object. */
    h.first_object = object_id == 0;
    moqt_ssize n = moqt_wire_encode_subgroup_header(s->p, &h, s->scratch, s->scratch_cap);
    if (n < 0) {
        return (int)n;
    }
    sstream *ss;
    int rv = moqt_session_stream_open(s, false, SS_SUBGROUP_TX, &ss);
    if (rv != 0) {
        return rv;
    }
    ss->req = rq;
    ss->group = group;
    ss->subgroup = subgroup;
    ss->opened_seq = rq->next_open_seq++;
    ss->pub_priority = priority;
    set_order(s, rq, ss);
    moqt_subgroup_stream_init(&ss->sg, &h);
    rq->streams_opened++;
    *pss = ss;
    *phdrlen = (size_t)n;
    return 0;
}

static bool ends_stream(moqt_object_state st)
{
    return st == MOQT_OBJECT_STATE_END_OF_GROUP || st == MOQT_OBJECT_STATE_END_OF_TRACK ||
           st == MOQT_OBJECT_STATE_END_OF_TRACK_AND_GROUP ||
           st == MOQT_OBJECT_STATE_END_OF_SUBGROUP;
}

/* Forward State and range ("Pass = Forward AND Location Filters AND Range
 * Filters", mt-19 l.1660): while Forward is 0 "the publisher does not send
 * Objects" (mt-17 l.1162, mt-19 l.1454; mt-11 l.1773 the Forward field;
 * mt-15 l.920 the Forward State), and only objects at or after the Start and
 * in groups up to the End Group, inclusive, pass (mt-11 l.1672, mt-15 l.975,
 * mt-19 l.1525), as the last update left them (update.c). */
static int object_tx_allowed(const request *rq, uint64_t group, uint64_t object_id)
{
    if (rq->kind == MOQT_MSG_PUBLISH) {
        if (rq->state == RQ_WAIT_CREDIT) {
            return MOQT_ERR_WOULDBLOCK; /* the PUBLISH itself is not out yet */
        }
        if (rq->state != RQ_SENT && rq->state != RQ_ACCEPTED) {
            return MOQT_ERR_INVALID_STATE;
        }
    } else if (rq->state != RQ_ACCEPTED) {
        return MOQT_ERR_INVALID_STATE;
    }
    return moqt_update_passes(rq, group, object_id) ? 0 : 1;
}

int moqt_object_tx_admit(moqt_session *s, uint64_t request_id, uint64_t group, uint64_t object_id,
                         moqt_object_state status, size_t nprops, const uint8_t *payload,
                         size_t len, request **prq)
{
    request *rq = moqt_publish_tx_find(s, request_id); /* a SUBSCRIBE's or our PUBLISH */
    if (rq == NULL || nprops > MOQT_MAX_KVPS || (len > 0 && payload == NULL) ||
        (status != MOQT_OBJECT_STATE_NORMAL && len > 0)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (s->closing || s->closed) {
        return MOQT_ERR_INVALID_STATE;
    }
    *prq = rq;
    return object_tx_allowed(rq, group, object_id);
}

void moqt_object_tx_fill_hdr(moqt_object_hdr *o, uint64_t object_id, moqt_object_state status,
                             const moqt_property *props, size_t nprops, size_t len)
{
    moqt_object_hdr_init(o);
    o->object_id = object_id;
    o->status = (moqt_object_status)status;
    o->payload_len = len;
    o->props.count = nprops;
    for (size_t i = 0; i < nprops; i++) {
        o->props.item[i] = (moqt_kvp){props[i].type, props[i].value, props[i].bytes};
    }
}

int moqt_session_send_object(moqt_session *s, uint64_t request_id, uint64_t group,
                             uint64_t subgroup, uint64_t object_id, uint8_t priority,
                             moqt_object_state status, const moqt_property *props, size_t nprops,
                             const uint8_t *payload, size_t len, moqt_tstamp now)
{
    s->now = now;
    request *rq = NULL;
    int admitted =
        moqt_object_tx_admit(s, request_id, group, object_id, status, nprops, payload, len, &rq);
    if (admitted != 0) {
        return admitted > 0 ? 0 : admitted; /* 1: Forward State 0 or out of range, dropped */
    }
    moqt_object_hdr o;
    moqt_object_tx_fill_hdr(&o, object_id, status, props, nprops, len);
    if (moqt_timers_timed_out(rq, group, subgroup)) {
        return 0; /* its stream timed out: the rest of the subgroup is dropped */
    }
    sstream *ss = find_tx(s, rq, group, subgroup);
    if (ss && moqt_timers_deadline(s, ss) <= now) {
        moqt_timers_expire(s, ss); /* checked before handing more to the transport */
        return 0;
    }
    size_t hdrlen = 0;
    bool fresh = ss == NULL;
    if (fresh) {
        int rv = open_subgroup(s, rq, group, subgroup, object_id, priority, &ss, &hdrlen);
        if (rv != 0) {
            return rv;
        }
    } else if (ss->sg.have_prev && object_id <= ss->sg.prev_object) {
        return MOQT_ERR_INVALID_ARGUMENT; /* Object IDs increase within a subgroup */
    }
    moqt_subgroup_stream saved = ss->sg;
    moqt_ssize n = moqt_wire_encode_subgroup_object(s->p, &ss->sg, &o, s->scratch + hdrlen,
                                                    s->scratch_cap - hdrlen);
    if (n >= 0 && !make_room(s, rq, ss, hdrlen + (size_t)n + len)) {
        ss->sg = saved;
        n = MOQT_ERR_WOULDBLOCK;
    }
    if (n < 0) {
        if (fresh) {
            moqt_session_stream_reset(s, ss, MOQT_RESET_INTERNAL);
        }
        return (int)n;
    }
    int rv = moqt_session_stream_send(s, ss, s->scratch, hdrlen + (size_t)n, payload, len,
                                      ends_stream(status));
    return rv == MOQT_ERR_INVALID_STATE ? 0 : rv;
}

int moqt_session_end_subgroup(moqt_session *s, uint64_t request_id, uint64_t group,
                              uint64_t subgroup, moqt_tstamp now)
{
    s->now = now;
    request *rq = moqt_publish_tx_find(s, request_id);
    if (rq == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    sstream *ss = find_tx(s, rq, group, subgroup);
    return ss ? moqt_session_stream_send(s, ss, NULL, 0, NULL, 0, true) : 0;
}
