/*
 * The packet write loop of a QUIC connection: datagrams first, then
 * streams by priority (the send queue is ordered by order key; equal keys
 * round-robin), then whatever ngtcp2 needs on its own (ACKs,
 * retransmissions, PINGs), packed into batches of equal-size packets for
 * UDP GSO, within the congestion window and the pacing budget. Ends with
 * ngtcp2_conn_update_pkt_tx_time (the next write time is in the expiry).
 * Also writes CONNECTION_CLOSE for a local close or error.
 */
#include "transport/quic.h"

#include <string.h>

#include "base/log.h"
#include "base/mem.h"

#define WRITE_VECS 16

typedef struct batch {
    quic_send_fn send;
    void *ctx;
    uint8_t *buf;
    size_t off; /* bytes in the batch */
    size_t gso; /* size of its packets */
    size_t npkts;
    ngtcp2_path_storage ps;
    uint32_t ecn;
    bool blocked; /* the sender asked us to stop */
    int err;
} batch;

static void batch_flush(batch *b)
{
    if (b->off == 0) {
        return;
    }
    int rv = b->send(b->ctx, &b->ps.path, b->ecn, b->buf, b->off, b->gso);
    if (rv == MOQT_ERR_WOULDBLOCK) {
        b->blocked = true;
    } else if (rv != 0) {
        b->err = rv;
    }
    b->off = 0;
    b->npkts = 0;
    b->gso = 0;
}

/* Writes the CONNECTION_CLOSE for a local close or error, emits closed. */
static int write_close(quic_conn *qc, batch *b, ngtcp2_tstamp now)
{
    ngtcp2_pkt_info pi = {0};
    ngtcp2_path_storage ps;
    ngtcp2_path_storage_zero(&ps);
    bool app = qc->close_requested && !qc->have_ccerr;
    if (app) {
        ngtcp2_connection_close_error_set_application_error(&qc->ccerr, qc->close_code,
                                                            qc->close_reason, qc->close_reasonlen);
    }
    qc->closing = true;
    qc->dead_at = now + 3 * ngtcp2_conn_get_pto(qc->conn);
    ngtcp2_ssize n = ngtcp2_conn_write_connection_close(qc->conn, &ps.path, &pi, b->buf,
                                                        QUIC_MAX_UDP_PAYLOAD, &qc->ccerr, now);
    if (n > 0) {
        qc->close_pkt = moqt_mem_malloc(qc->mem, (size_t)n);
        if (qc->close_pkt) {
            memcpy(qc->close_pkt, b->buf, (size_t)n);
            qc->close_pktlen = (size_t)n;
        }
        b->send(b->ctx, &ps.path, pi.ecn, b->buf, (size_t)n, (size_t)n);
    } else {
        /* Nothing to send (e.g. before any key): the connection just ends. */
        qc->dead_at = now;
    }
    if (app) {
        MOQT_LOG_I(qc->tag, "closed by us: app 0x%llx", (unsigned long long)qc->close_code);
        moqt_transport_emit_closed(qc->t, false, true, qc->close_code, qc->close_reason,
                                   qc->close_reasonlen);
    } else {
        char reason[64];
        snprintf(reason, sizeof(reason), "local transport error 0x%llx",
                 (unsigned long long)qc->ccerr.error_code);
        quic_conn_emit_closed_local(qc, false, qc->ccerr.error_code, reason);
    }
    return 0;
}

/* Resends our CONNECTION_CLOSE (closing period), at most once per input. */
static void resend_close(quic_conn *qc, batch *b)
{
    if (qc->close_pkt) {
        const ngtcp2_path *path = ngtcp2_conn_get_path(qc->conn);
        b->send(b->ctx, path, 0, qc->close_pkt, qc->close_pktlen, qc->close_pktlen);
    }
}

/* Writes one packet; returns its size, 0 when ngtcp2 has nothing more, <0 on error. */
static size_t vec_total(const ngtcp2_vec *vec, size_t cnt)
{
    size_t n = 0;
    for (size_t i = 0; i < cnt; i++) {
        n += vec[i].len;
    }
    return n;
}

static ngtcp2_ssize write_one(quic_conn *qc, uint8_t *dst, size_t dstlen, ngtcp2_pkt_info *pi,
                              ngtcp2_path *path, ngtcp2_tstamp now)
{
    /* Set when a stream could add nothing to a packet that has room: finish
     * the packet without stream data rather than cycle through the queue. */
    bool streams_stuck = false;
    for (;;) {
        ngtcp2_ssize n, datalen = -1;
        ngtcp2_vec vec[WRITE_VECS];
        if (qc->ndgrams > 0) {
            size_t cap = qc->s.datagram_queue;
            quic_datagram *d = &qc->dgrams[qc->dgram_head];
            int accepted = 0;
            vec[0].base = d->data;
            vec[0].len = d->len;
            n = ngtcp2_conn_writev_datagram(qc->conn, path, pi, dst, dstlen, &accepted,
                                            NGTCP2_WRITE_DATAGRAM_FLAG_MORE, qc->dgram_id, vec, 1,
                                            now);
            if (accepted || n == NGTCP2_ERR_INVALID_ARGUMENT) {
                /* Sent, or can never be sent (too large for the path): drop it. */
                moqt_mem_free(qc->mem, d->data);
                qc->dgram_head = (qc->dgram_head + 1) % cap;
                qc->ndgrams--;
                qc->dgram_id++;
            }
            if (n == NGTCP2_ERR_WRITE_MORE || n == NGTCP2_ERR_INVALID_ARGUMENT) {
                continue;
            }
            return n;
        }
        quic_stream *st = streams_stuck ? NULL : qc->sendq_head;
        int64_t id = -1;
        size_t cnt = 0;
        bool fin = false;
        uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_MORE;
        if (st) {
            id = st->id;
            cnt = quic_stream_unsent(st, vec, WRITE_VECS, &fin);
            if (fin) {
                flags |= NGTCP2_WRITE_STREAM_FLAG_FIN;
            }
        }
        n = ngtcp2_conn_writev_stream(qc->conn, path, pi, dst, dstlen, &datalen, flags, id, vec,
                                      cnt, now);
        if (st && datalen >= 0) {
            bool all = (size_t)datalen == vec_total(vec, cnt);
            quic_stream_consumed(st, (size_t)datalen, fin && all);
            /* Round-robin: the stream goes behind the streams of its key. */
            quic_sendq_pop(qc);
            if (quic_stream_has_unsent(st)) {
                quic_sendq_push(qc, st);
            }
        }
        if (n == NGTCP2_ERR_WRITE_MORE) {
            streams_stuck = st == NULL || datalen <= 0;
            continue;
        }
        if (st && (n == NGTCP2_ERR_STREAM_DATA_BLOCKED || n == NGTCP2_ERR_STREAM_SHUT_WR ||
                   n == NGTCP2_ERR_STREAM_NOT_FOUND)) {
            if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED &&
                ngtcp2_conn_get_max_stream_data_left(qc->conn, st->id) > 0) {
                /* The connection's window, not the stream's: every stream
                 * waits for MAX_DATA (any input makes us write again). */
                streams_stuck = true;
                continue;
            }
            quic_sendq_pop(qc);
            if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED) {
                st->blocked = true; /* until extend_max_stream_data */
            } else {
                /* The peer's STOP_SENDING reset it (ngtcp2 did so on receipt):
                 * further writes fail; stop_sending is reported at close. */
                quic_stream_drop_unsent(qc, st);
                st->shut_wr = true;
            }
            continue;
        }
        return n;
    }
}

int quic_conn_write(quic_conn *qc, quic_send_fn send, void *ctx, ngtcp2_tstamp now)
{
    batch b = {.send = send, .ctx = ctx, .buf = qc->txbuf};
    qc->dirty = false;
    if (qc->dead || qc->draining) {
        return 0;
    }
    if (qc->closing) {
        resend_close(qc, &b);
        return 0;
    }
    if (qc->close_requested || qc->have_ccerr) {
        return write_close(qc, &b, now);
    }
    size_t max_udp = ngtcp2_conn_get_path_max_tx_udp_payload_size(qc->conn);
    size_t quantum = ngtcp2_conn_get_send_quantum(qc->conn);
    size_t max_pkts = quantum / max_udp;
    if (max_pkts == 0) {
        max_pkts = 1;
    }
    if (max_pkts > QUIC_MAX_GSO_PKTS) {
        max_pkts = QUIC_MAX_GSO_PKTS;
    }
    if (qc->s.no_gso) {
        max_pkts = max_pkts > 10 ? 10 : max_pkts;
    }
    ngtcp2_path_storage_zero(&b.ps);
    size_t total = 0;
    while (total < max_pkts && !b.blocked && b.err == 0) {
        ngtcp2_pkt_info pi = {0};
        ngtcp2_path_storage ps;
        ngtcp2_path_storage_zero(&ps);
        ngtcp2_ssize n = write_one(qc, b.buf + b.off, max_udp, &pi, &ps.path, now);
        if (n < 0) {
            MOQT_LOG_D(qc->tag, "write: %s", ngtcp2_strerror((int)n));
            batch_flush(&b);
            quic_conn_fail(qc, (int)n);
            return write_close(qc, &b, now);
        }
        if (n == 0) {
            break;
        }
        if (b.npkts > 0 &&
            ((size_t)n > b.gso || pi.ecn != b.ecn || !ngtcp2_path_eq(&ps.path, &b.ps.path))) {
            /* GSO cuts a batch into gso-sized segments: a larger packet, another
             * path or another ECN mark cannot join it. Send the batch first. */
            uint8_t tmp[QUIC_MAX_UDP_PAYLOAD];
            memcpy(tmp, b.buf + b.off, (size_t)n);
            batch_flush(&b);
            memcpy(b.buf, tmp, (size_t)n);
        }
        if (b.npkts == 0) {
            b.gso = (size_t)n;
            b.ecn = pi.ecn;
            ngtcp2_path_copy(&b.ps.path, &ps.path);
        }
        b.off += (size_t)n;
        b.npkts++;
        total++;
        /* A short packet ends a GSO batch (all but the last must be gso long). */
        if ((size_t)n < b.gso || qc->s.no_gso) {
            batch_flush(&b);
        }
    }
    batch_flush(&b);
    ngtcp2_conn_update_pkt_tx_time(qc->conn, now);
    if (total >= max_pkts && !b.blocked) {
        /* The budget ran out with data left: the pacing timer brings us back. */
        qc->dirty = false;
    }
    return b.err;
}
