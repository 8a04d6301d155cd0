/*
 * Objects by datagram, every draft 07..19 (wire codec: wire/datagram.c).
 *
 * Publisher: moqt_session_send_object_datagram encodes one OBJECT_DATAGRAM
 * (or the draft's status datagram) with the subscription's Track Alias and
 * hands it to the transport whole; a datagram larger than the transport's
 * current maximum is refused (MOQT_ERR_NOBUF), never fragmented. 07-15: a
 * track has one forwarding preference (mt-11 l.2871 "MUST NOT mix"), so a
 * subscription that already opened subgroup streams sends no datagram; 16+
 * may mix (mt-16 l.3179).
 *
 * The same holds for a track we PUBLISH (12+, publish.c); a PUBLISH of the
 * peer's receives datagrams once accepted, those before are held as below.
 *
 * Subscriber: the transport's datagram callback lands here. The object goes
 * whole to the object callback with |datagram| set and the draft's Subgroup
 * ID: the Object ID in 08-15 (mt-08 l.2641, mt-15 l.3598), none (0) in 07
 * (mt-07 l.336) and 16+ (mt-16 l.433). A datagram that does not decode, or
 * an unknown datagram type, closes the session with PROTOCOL_VIOLATION
 * (mt-08 l.2306 "MUST close the session"; mt-17 l.3323). Padding datagrams
 * (18+) are discarded (mt-18 l.4344).
 *
 * Unknown Track Alias: "MAY drop the datagram or choose to buffer it for a
 * brief period to handle reordering with the control message that
 * establishes the Track Alias" (mt-12 l.3278). While one of our SUBSCRIBEs
 * waits for the alias, up to DGRAM_EARLY_MAX datagrams (and at most
 * max_early_bytes) are kept, oldest dropped first; they are delivered when
 * the alias becomes known and dropped once nothing waits. Otherwise the
 * datagram is dropped at once (counted, logged at debug level).
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "session/session_int.h"

/* Our SUBSCRIBE or the peer's PUBLISH (publish.c) with Track Alias |alias|. */
static request *find_receiving(moqt_session *s, uint64_t alias)
{
    for (request *rq = s->requests; rq; rq = rq->next) {
        if (moqt_request_receives(rq) && rq->alias_known && rq->track_alias == alias) {
            return rq;
        }
    }
    return NULL;
}

/* True while one of our SUBSCRIBEs still waits for its Track Alias, or a
 * peer's PUBLISH for the application's answer. */
static bool alias_pending(const moqt_session *s)
{
    for (const request *rq = s->requests; rq; rq = rq->next) {
        if (rq->local && rq->kind == MOQT_MSG_SUBSCRIBE && !rq->alias_known &&
            (rq->state == RQ_SENT || rq->state == RQ_WAIT_CREDIT)) {
            return true;
        }
        if (moqt_request_receives(rq) && rq->kind == MOQT_MSG_PUBLISH && rq->state == RQ_WAIT_APP) {
            return true;
        }
    }
    return false;
}

/* ---- Subscriber ---------------------------------------------------------------- */

static int deliver(moqt_session *s, request *rq, const moqt_object_hdr *o)
{
    if (s->cb.object == NULL) {
        return 0;
    }
    moqt_property props[MOQT_MAX_KVPS];
    moqt_object obj = moqt_object_rx_view(o, rq->id, props); /* object_rx.c */
    obj.subgroup = s->p->datagram_subgroup_is_object_id ? o->object_id : 0;
    obj.payload = o->payload.base;
    obj.payload_len = o->payload.len;
    obj.datagram = true;
    obj.end_of_group = o->end_of_group;
    return moqt_session_callback_result(s, s->cb.object(s, &obj, s->user_data));
}

static void early_drop_oldest(moqt_session *s)
{
    moqt_dgram_early *e = &s->dg_early[0];
    s->dg_early_bytes -= e->len;
    moqt_mem_free(s->mem, e->data);
    memmove(s->dg_early, s->dg_early + 1, (s->dg_early_count - 1) * sizeof(*e));
    s->dg_early_count--;
    s->dg_dropped++;
}

/* Keeps a copy of a datagram whose alias may still arrive. */
static int early_keep(moqt_session *s, const uint8_t *data, size_t len, uint64_t alias)
{
    if (len > s->settings.max_early_bytes) {
        s->dg_dropped++;
        return 0;
    }
    while (s->dg_early_count > 0 && (s->dg_early_count == DGRAM_EARLY_MAX ||
                                     s->dg_early_bytes + len > s->settings.max_early_bytes)) {
        early_drop_oldest(s);
    }
    uint8_t *copy = moqt_mem_malloc(s->mem, len ? len : 1);
    if (copy == NULL) {
        s->dg_dropped++;
        return 0; /* unreliable anyway: not worth failing the session */
    }
    if (len) {
        memcpy(copy, data, len);
    }
    s->dg_early[s->dg_early_count++] = (moqt_dgram_early){copy, len, alias};
    s->dg_early_bytes += len;
    return 0;
}

static int on_object(moqt_session *s, const uint8_t *data, size_t len, const moqt_object_hdr *o)
{
    request *rq = find_receiving(s, o->track_alias);
    if (rq != NULL && rq->state != RQ_WAIT_APP) {
        return deliver(s, rq, o);
    }
    if (alias_pending(s)) {
        return early_keep(s, data, len, o->track_alias);
    }
    s->dg_dropped++;
    MOQT_LOG_D(SESSION_TAG, "datagram for unknown Track Alias %llu dropped",
               (unsigned long long)o->track_alias);
    return 0;
}

int moqt_datagram_on_receive(moqt_session *s, const uint8_t *data, size_t len)
{
    if (s->p == NULL || !s->setup_done || s->closing || s->closed) {
        return 0; /* no draft yet: nothing can be decoded (and nothing subscribed) */
    }
    moqt_object_hdr o;
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_datagram(s->p, data, len, &o, &why);
    if (n == MOQT_ERR_WIRE_LIMIT) {
        s->dg_dropped++; /* more properties than we hold: our limit, not the peer's fault */
        return 0;
    }
    if (n < 0) {
        return moqt_session_fail(s, MOQT_TERM_PROTOCOL_VIOLATION,
                                 why ? why : "malformed datagram (§Datagrams)");
    }
    if (o.kind == MOQT_ITEM_PADDING) {
        return 0; /* mt-18 l.4344: discarded */
    }
    return on_object(s, data, len, &o);
}

int moqt_datagram_alias_known(moqt_session *s, request *rq)
{
    size_t kept = 0;
    int rv = 0;
    size_t count = s->dg_early_count;
    moqt_dgram_early *q = s->dg_early;
    for (size_t i = 0; i < count; i++) {
        moqt_dgram_early e = q[i];
        if (e.alias != rq->track_alias || rv != 0 || s->closing) {
            q[kept++] = e;
            continue;
        }
        s->dg_early_bytes -= e.len;
        moqt_object_hdr o;
        if (moqt_wire_decode_datagram(s->p, e.data, e.len, &o, NULL) >= 0) {
            rv = deliver(s, rq, &o);
        }
        moqt_mem_free(s->mem, e.data);
    }
    s->dg_early_count = kept;
    if (!alias_pending(s)) {
        moqt_datagram_free(s); /* nothing else can claim the rest */
    }
    return rv;
}

void moqt_datagram_free(moqt_session *s)
{
    while (s->dg_early_count > 0) {
        early_drop_oldest(s);
    }
}

/* ---- Publisher ------------------------------------------------------------------ */

int moqt_session_send_object_datagram(moqt_session *s, uint64_t request_id, uint64_t group,
                                      uint64_t object_id, uint8_t priority,
                                      moqt_object_state status, const moqt_property *props,
                                      size_t nprops, const uint8_t *payload, size_t len,
                                      moqt_tstamp now)
{
    s->now = now;
    request *rq = NULL; /* the same checks as moqt_session_send_object */
    int admitted =
        moqt_object_tx_admit(s, request_id, group, object_id, status, nprops, payload, len, &rq);
    if (admitted != 0) {
        return admitted > 0 ? 0 : admitted; /* 1: Forward State 0 or out of range, dropped */
    }
    if (!s->p->may_mix_forwarding && rq->streams_opened > 0) {
        return MOQT_ERR_INVALID_STATE; /* mt-11 l.2871: one forwarding preference per track */
    }
    size_t max = moqt_transport_max_datagram_size(s->t);
    if (max == 0) {
        return MOQT_ERR_UNSUPPORTED; /* the transport has no datagrams */
    }
    moqt_object_hdr o;
    moqt_object_tx_fill_hdr(&o, object_id, status, props, nprops, len);
    o.track_alias = rq->track_alias;
    o.group = group;
    o.has_priority = true;
    o.publisher_priority = priority;
    o.payload = (moqt_bytes){payload, len};
    size_t cap = max < s->scratch_cap ? max : s->scratch_cap;
    moqt_ssize n = moqt_wire_encode_datagram(s->p, &o, s->scratch, cap);
    if (n < 0) {
        return (int)n; /* MOQT_ERR_NOBUF: larger than a datagram may be now */
    }
    return moqt_transport_send_datagram(s->t, s->scratch, (size_t)n);
}
