/*
 * QUIC streams: the per-stream send queue of borrowed chunks (the writer's
 * bytes stay where they are until acknowledged), the stream table, the
 * round-robin queue of streams with data to send, and the moqt_transport
 * ops of a QUIC connection.
 */
#include "transport/quic.h"

#include <string.h>

#include "base/log.h"
#include "base/mem.h"

/* ---- table ------------------------------------------------------------------ */

static size_t bucket_of(const quic_conn *qc, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 32) & (qc->nbuckets - 1);
}

quic_stream *quic_stream_find(quic_conn *qc, int64_t id)
{
    if (qc->nbuckets == 0) {
        return NULL;
    }
    for (quic_stream *st = qc->buckets[bucket_of(qc, id)].head; st; st = st->hnext) {
        if (st->id == id) {
            return st;
        }
    }
    return NULL;
}

static int table_grow(quic_conn *qc)
{
    size_t n = qc->nbuckets ? qc->nbuckets * 2 : 64;
    quic_bucket *b = moqt_mem_calloc(qc->mem, n, sizeof(*b));
    if (b == NULL) {
        return MOQT_ERR_NOMEM;
    }
    quic_bucket *old = qc->buckets;
    size_t oldn = qc->nbuckets;
    qc->buckets = b;
    qc->nbuckets = n;
    for (size_t i = 0; i < oldn; i++) {
        for (quic_stream *st = old[i].head, *next; st; st = next) {
            next = st->hnext;
            size_t k = bucket_of(qc, st->id);
            st->hnext = b[k].head;
            b[k].head = st;
        }
    }
    moqt_mem_free(qc->mem, old);
    return 0;
}

quic_stream *quic_stream_get(quic_conn *qc, int64_t id)
{
    quic_stream *st = quic_stream_find(qc, id);
    if (st) {
        return st;
    }
    if (qc->nstreams >= qc->nbuckets && table_grow(qc) != 0) {
        return NULL;
    }
    st = moqt_mem_calloc(qc->mem, 1, sizeof(*st));
    if (st == NULL) {
        return NULL;
    }
    st->id = id;
    size_t k = bucket_of(qc, id);
    st->hnext = qc->buckets[k].head;
    qc->buckets[k].head = st;
    qc->nstreams++;
    return st;
}

static void sendq_unlink(quic_conn *qc, quic_stream *st)
{
    if (!st->in_sendq) {
        return;
    }
    quic_stream **pp = &qc->sendq_head, *prev = NULL;
    while (*pp && *pp != st) {
        prev = *pp;
        pp = &(*pp)->qnext;
    }
    if (*pp) {
        *pp = st->qnext;
        if (qc->sendq_tail == st) {
            qc->sendq_tail = prev;
        }
    }
    st->qnext = NULL;
    st->in_sendq = false;
}

void quic_stream_remove(quic_conn *qc, quic_stream *st)
{
    sendq_unlink(qc, st);
    quic_stream **pp = &qc->buckets[bucket_of(qc, st->id)].head;
    while (*pp && *pp != st) {
        pp = &(*pp)->hnext;
    }
    if (*pp) {
        *pp = st->hnext;
    }
    qc->nstreams--;
    moqt_mem_free(qc->mem, st->chunks);
    moqt_mem_free(qc->mem, st);
}

void quic_streams_free(quic_conn *qc)
{
    for (size_t i = 0; i < qc->nbuckets; i++) {
        for (quic_stream *st = qc->buckets[i].head, *next; st; st = next) {
            next = st->hnext;
            moqt_mem_free(qc->mem, st->chunks);
            moqt_mem_free(qc->mem, st);
        }
    }
    moqt_mem_free(qc->mem, qc->buckets);
    qc->buckets = NULL;
    qc->nbuckets = qc->nstreams = 0;
    qc->sendq_head = qc->sendq_tail = NULL;
}

/* ---- send queue ----------------------------------------------------------------- */

/* The queue is ordered by order_key (lower first); a stream goes behind
 * every stream of its key, so equal keys take turns (the write loop pops the
 * head and pushes it back after each write). */
void quic_sendq_push(quic_conn *qc, quic_stream *st)
{
    if (st->in_sendq || st->blocked || st->shut_wr) {
        return;
    }
    st->in_sendq = true;
    st->qnext = NULL;
    if (qc->sendq_tail == NULL || qc->sendq_tail->order_key <= st->order_key) {
        if (qc->sendq_tail) {
            qc->sendq_tail->qnext = st;
        } else {
            qc->sendq_head = st;
        }
        qc->sendq_tail = st;
        return;
    }
    quic_stream **pp = &qc->sendq_head;
    while (*pp != NULL && (*pp)->order_key <= st->order_key) {
        pp = &(*pp)->qnext; /* stops before the tail: its key is larger */
    }
    st->qnext = *pp;
    *pp = st;
}

void quic_stream_set_order(quic_conn *qc, quic_stream *st, uint64_t order_key)
{
    if (st->order_key == order_key) {
        return;
    }
    bool queued = st->in_sendq;
    sendq_unlink(qc, st);
    st->order_key = order_key;
    if (queued) {
        quic_sendq_push(qc, st);
    }
}

quic_stream *quic_sendq_pop(quic_conn *qc)
{
    quic_stream *st = qc->sendq_head;
    if (st) {
        qc->sendq_head = st->qnext;
        if (qc->sendq_head == NULL) {
            qc->sendq_tail = NULL;
        }
        st->qnext = NULL;
        st->in_sendq = false;
    }
    return st;
}

bool quic_stream_has_unsent(const quic_stream *st)
{
    return !st->shut_wr && (st->send < st->n || (st->fin_queued && !st->fin_sent));
}

size_t quic_stream_unsent(quic_stream *st, ngtcp2_vec *vec, size_t max, bool *fin)
{
    size_t cnt = 0;
    for (size_t i = st->send; i < st->n && cnt < max; i++) {
        size_t skip = i == st->send ? st->send_off : 0;
        vec[cnt].base = (uint8_t *)(uintptr_t)(st->chunks[i].data + skip);
        vec[cnt].len = st->chunks[i].len - skip;
        cnt++;
    }
    *fin = st->fin_queued && st->send + cnt == st->n;
    return cnt;
}

void quic_stream_consumed(quic_stream *st, size_t n, bool fin)
{
    while (n > 0 && st->send < st->n) {
        size_t left = st->chunks[st->send].len - st->send_off;
        if (n < left) {
            st->send_off += n;
            return;
        }
        n -= left;
        st->send++;
        st->send_off = 0;
    }
    if (fin) {
        st->fin_sent = true;
    }
}

/* Releases chunks below the acknowledged offset; compacts the array. */
static void release_acked(quic_stream *st)
{
    while (st->first < st->send && st->first_off + st->chunks[st->first].len <= st->acked) {
        st->first_off += st->chunks[st->first].len;
        st->first++;
    }
    if (st->first > 0 && st->first * 2 >= st->n) {
        memmove(st->chunks, st->chunks + st->first, (st->n - st->first) * sizeof(*st->chunks));
        st->send -= st->first;
        st->n -= st->first;
        st->first = 0;
    }
}

int quic_stream_acked(quic_conn *qc, quic_stream *st, uint64_t offset)
{
    if (offset <= st->acked) {
        return 0;
    }
    st->acked = offset;
    release_acked(st);
    int rv = moqt_transport_emit_stream_acked(qc->t, (uint64_t)st->id, offset);
    if (rv == 0 && st->want_writable && !st->shut_wr && !st->fin_queued &&
        st->written - st->acked < qc->s.stream_send_buffer) {
        st->want_writable = false;
        rv = moqt_transport_emit_stream_writable(qc->t, (uint64_t)st->id);
    }
    return rv;
}

void quic_stream_drop_unsent(quic_conn *qc, quic_stream *st)
{
    sendq_unlink(qc, st);
    st->first = st->send = st->n = 0;
    st->send_off = 0;
}

void quic_datagrams_free(quic_conn *qc)
{
    size_t cap = qc->s.datagram_queue ? qc->s.datagram_queue : 1;
    for (size_t i = 0; qc->dgrams && i < qc->ndgrams; i++) {
        moqt_mem_free(qc->mem, qc->dgrams[(qc->dgram_head + i) % cap].data);
    }
    qc->ndgrams = 0;
}

/* ---- transport ops ------------------------------------------------------------------ */

static bool conn_usable(const quic_conn *qc)
{
    return !qc->close_requested && !qc->have_ccerr && !qc->closing && !qc->draining && !qc->dead;
}

static int quic_open_stream(void *impl, bool bidi, uint64_t *pid)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc) || !qc->handshake_emitted) {
        return MOQT_ERR_INVALID_STATE;
    }
    int64_t id;
    int rv = bidi ? ngtcp2_conn_open_bidi_stream(qc->conn, &id, NULL)
                  : ngtcp2_conn_open_uni_stream(qc->conn, &id, NULL);
    if (rv == NGTCP2_ERR_STREAM_ID_BLOCKED) {
        *(bidi ? &qc->blocked_bidi : &qc->blocked_uni) = true;
        return MOQT_ERR_WOULDBLOCK;
    }
    if (rv != 0) {
        return rv == NGTCP2_ERR_NOMEM ? MOQT_ERR_NOMEM : MOQT_ERR_TRANSPORT;
    }
    if (quic_stream_get(qc, id) == NULL) {
        ngtcp2_conn_shutdown_stream(qc->conn, id, 0);
        return MOQT_ERR_NOMEM;
    }
    *pid = (uint64_t)id;
    return 0;
}

bool quic_stream_id_sends(const quic_conn *qc, uint64_t id)
{
    bool ours = moqt_stream_id_is_server_initiated(id) == qc->is_server;
    return ours || !moqt_stream_id_is_uni(id);
}

/* Whether this end receives on |id|: the peer's stream, or our bidirectional one. */
static bool stream_id_receives(const quic_conn *qc, uint64_t id)
{
    bool ours = moqt_stream_id_is_server_initiated(id) == qc->is_server;
    return !ours || !moqt_stream_id_is_uni(id);
}

/* A stream we may write: ours, or the peer's bidirectional one. */
static quic_stream *writable_stream(quic_conn *qc, uint64_t id, int *err)
{
    quic_stream *st = quic_stream_find(qc, (int64_t)id);
    if (st == NULL || !quic_stream_id_sends(qc, id)) {
        *err = MOQT_ERR_INVALID_ARGUMENT;
        return NULL;
    }
    if (st->fin_queued || st->shut_wr) {
        *err = MOQT_ERR_INVALID_STATE;
        return NULL;
    }
    return st;
}

static moqt_ssize quic_write(void *impl, uint64_t id, const uint8_t *data, size_t len, bool fin)
{
    quic_conn *qc = impl;
    int err = 0;
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    quic_stream *st = writable_stream(qc, id, &err);
    if (st == NULL) {
        return err;
    }
    uint64_t outstanding = st->written - st->acked;
    size_t room = outstanding >= qc->s.stream_send_buffer
                      ? 0
                      : (size_t)(qc->s.stream_send_buffer - outstanding);
    if (room > len) {
        room = len;
    }
    if (room == 0 && len > 0) {
        st->want_writable = true;
        return MOQT_ERR_WOULDBLOCK;
    }
    if (room > 0) {
        if (st->n == st->cap) {
            size_t cap = st->cap ? st->cap * 2 : 8;
            quic_chunk *c = moqt_mem_realloc(qc->mem, st->chunks, cap * sizeof(*c));
            if (c == NULL) {
                return MOQT_ERR_NOMEM;
            }
            st->chunks = c;
            st->cap = cap;
        }
        st->chunks[st->n++] = (quic_chunk){data, room};
        st->written += room;
    }
    if (room < len) {
        st->want_writable = true;
    } else if (fin) {
        st->fin_queued = true;
    }
    quic_sendq_push(qc, st);
    quic_conn_mark_dirty(qc);
    return (moqt_ssize)room;
}

static int quic_reset_stream(void *impl, uint64_t id, uint64_t code)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    quic_stream *st = quic_stream_find(qc, (int64_t)id);
    if (st == NULL || !quic_stream_id_sends(qc, id)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (st->shut_wr) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = ngtcp2_conn_shutdown_stream_write(qc->conn, (int64_t)id, code);
    if (rv != 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    quic_stream_drop_unsent(qc, st);
    st->shut_wr = true;
    st->reset_by_us = true;
    quic_conn_mark_dirty(qc);
    return 0;
}

static int quic_stop_sending(void *impl, uint64_t id, uint64_t code)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    quic_stream *st = quic_stream_find(qc, (int64_t)id);
    if (st == NULL || !stream_id_receives(qc, id)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (st->stopped) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = ngtcp2_conn_shutdown_stream_read(qc->conn, (int64_t)id, code);
    if (rv != 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    st->stopped = true;
    quic_conn_mark_dirty(qc);
    return 0;
}

static size_t quic_max_datagram_size(const void *impl)
{
    const quic_conn *qc = impl;
    if (!qc->handshake_emitted) {
        return 0;
    }
    const ngtcp2_transport_params *rp = ngtcp2_conn_get_remote_transport_params(qc->conn);
    if (rp == NULL || rp->max_datagram_frame_size == 0 || qc->s.max_datagram_frame_size == 0) {
        return 0;
    }
    /* Short header (1 + dcid + 4-byte packet number) + AEAD tag (16) + DATAGRAM
     * frame type and length (1 + 2), within the smallest UDP payload QUIC
     * guarantees (1200), so a datagram never waits for path MTU discovery. */
    const ngtcp2_cid *dcid = ngtcp2_conn_get_dcid(qc->conn);
    size_t overhead = 1 + dcid->datalen + 4 + 16 + 3;
    size_t by_path = 1200 - overhead;
    size_t by_peer = rp->max_datagram_frame_size > 3 ? (size_t)rp->max_datagram_frame_size - 3 : 0;
    return by_path < by_peer ? by_path : by_peer;
}

static int quic_send_datagram(void *impl, const uint8_t *data, size_t len)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc) || !qc->handshake_emitted) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (len > quic_max_datagram_size(qc)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    size_t cap = qc->s.datagram_queue;
    if (qc->ndgrams >= cap) {
        return MOQT_ERR_WOULDBLOCK;
    }
    uint8_t *copy = moqt_mem_malloc(qc->mem, len ? len : 1);
    if (copy == NULL) {
        return MOQT_ERR_NOMEM;
    }
    if (len) {
        memcpy(copy, data, len);
    }
    qc->dgrams[(qc->dgram_head + qc->ndgrams) % cap] = (quic_datagram){copy, len};
    qc->ndgrams++;
    quic_conn_mark_dirty(qc);
    return 0;
}

static int quic_close(void *impl, uint64_t code, const uint8_t *reason, size_t reasonlen)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (reasonlen > sizeof(qc->close_reason)) {
        reasonlen = sizeof(qc->close_reason);
    }
    qc->close_requested = true;
    qc->close_code = code;
    if (reasonlen) {
        memcpy(qc->close_reason, reason, reasonlen);
    }
    qc->close_reasonlen = reasonlen;
    quic_conn_mark_dirty(qc);
    return 0;
}

static int quic_set_stream_priority(void *impl, uint64_t id, uint64_t order_key)
{
    quic_conn *qc = impl;
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    quic_stream *st = quic_stream_find(qc, (int64_t)id);
    if (!quic_stream_id_sends(qc, id)) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (st != NULL) {
        quic_stream_set_order(qc, st, order_key);
    }
    return 0; /* a forgotten stream has nothing left to order */
}

static uint32_t quic_capabilities(const void *impl)
{
    uint32_t caps = MOQT_TRANSPORT_CAP_UNI_STREAMS | MOQT_TRANSPORT_CAP_BIDI_STREAMS |
                    MOQT_TRANSPORT_CAP_STREAM_CODES | MOQT_TRANSPORT_CAP_CLOSE_REASON;
    if (quic_max_datagram_size(impl) > 0) {
        caps |= MOQT_TRANSPORT_CAP_DATAGRAM;
    }
    return caps;
}

const moqt_transport_ops quic_transport_ops = {
    .struct_size = sizeof(moqt_transport_ops),
    .open_stream = quic_open_stream,
    .write = quic_write,
    .reset_stream = quic_reset_stream,
    .stop_sending = quic_stop_sending,
    .send_datagram = quic_send_datagram,
    .close = quic_close,
    .capabilities = quic_capabilities,
    .max_datagram_size = quic_max_datagram_size,
    .set_stream_priority = quic_set_stream_priority,
};

int moqt_quic_key_update(moqt_transport *t)
{
    if (t == NULL || moqt_transport_get_ops(t) != &quic_transport_ops) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    quic_conn *qc = moqt_transport_impl(t);
    if (!conn_usable(qc)) {
        return MOQT_ERR_INVALID_STATE;
    }
    int rv = ngtcp2_conn_initiate_key_update(qc->conn, qc->last_ts);
    if (rv != 0) {
        return MOQT_ERR_INVALID_STATE;
    }
    MOQT_LOG_D(qc->tag, "key update initiated");
    quic_conn_mark_dirty(qc);
    return 0;
}
