/*
 * QUIC connection lifecycle on ngtcp2 0.12: creation (client and server),
 * the ngtcp2 callbacks that turn into moqt_transport events, packet input,
 * timers, and the ways a connection ends.
 */
#include "transport/quic.h"

#include <ngtcp2/ngtcp2_crypto_gnutls.h>
#include <gnutls/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/log.h"
#include "base/mem.h"

/* ---- helpers ---------------------------------------------------------------- */

static quic_conn *conn_of(ngtcp2_crypto_conn_ref *ref)
{
    return (quic_conn *)ref; /* conn_ref is the first member */
}

static ngtcp2_conn *get_conn(ngtcp2_crypto_conn_ref *ref)
{
    return conn_of(ref)->conn;
}

void quic_conn_mark_dirty(quic_conn *qc)
{
    if (!qc->dirty) {
        qc->dirty = true;
        if (qc->on_dirty) {
            qc->on_dirty(qc->driver);
        }
    }
}

static void rand_cb(uint8_t *dest, size_t destlen, const ngtcp2_rand_ctx *ctx)
{
    (void)ctx;
    gnutls_rnd(GNUTLS_RND_RANDOM, dest, destlen);
}

static int get_new_connection_id(ngtcp2_conn *conn, ngtcp2_cid *cid, uint8_t *token, size_t cidlen,
                                 void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    if (gnutls_rnd(GNUTLS_RND_RANDOM, cid->data, cidlen) != 0) {
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    cid->datalen = cidlen;
    if (qc->server) {
        quic_server_stateless_reset_token(qc->server, token, cid);
        if (quic_server_add_cid(qc->server, cid, qc) != 0) {
            return NGTCP2_ERR_CALLBACK_FAILURE;
        }
    } else {
        gnutls_rnd(GNUTLS_RND_RANDOM, token, NGTCP2_STATELESS_RESET_TOKENLEN);
    }
    return 0;
}

static int remove_connection_id(ngtcp2_conn *conn, const ngtcp2_cid *cid, void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    if (qc->server) {
        quic_server_remove_cid(qc->server, cid);
    }
    return 0;
}

/* Turns a consumer callback result into ngtcp2's. */
static int cb_result(int rv)
{
    return rv == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int handshake_completed(ngtcp2_conn *conn, void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    char alpn[32];
    quic_tls_alpn(qc, alpn, sizeof(alpn));
    qc->handshake_emitted = true;
    MOQT_LOG_I(qc->tag, "handshake done, alpn %s", alpn[0] ? alpn : "(none)");
    return cb_result(moqt_transport_emit_handshake_done(qc->t, alpn));
}

static int stream_open(ngtcp2_conn *conn, int64_t id, void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    if (quic_stream_get(qc, id) == NULL) {
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    return cb_result(moqt_transport_emit_stream_opened(qc->t, (uint64_t)id));
}

static int recv_stream_data(ngtcp2_conn *conn, uint32_t flags, int64_t id, uint64_t offset,
                            const uint8_t *data, size_t datalen, void *ud, void *sud)
{
    quic_conn *qc = ud;
    (void)offset;
    (void)sud;
    quic_stream *st = quic_stream_find(qc, id);
    bool fin = (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0;
    int rv = 0;
    if (st == NULL || !st->stopped) {
        rv = moqt_transport_emit_stream_data(qc->t, (uint64_t)id, data, datalen, fin);
    }
    /* The consumer took the bytes: give the credit back (flow control is manual). */
    ngtcp2_conn_extend_max_stream_offset(conn, id, datalen);
    ngtcp2_conn_extend_max_offset(conn, datalen);
    return cb_result(rv);
}

static int acked_stream_data_offset(ngtcp2_conn *conn, int64_t id, uint64_t offset,
                                    uint64_t datalen, void *ud, void *sud)
{
    quic_conn *qc = ud;
    (void)conn;
    (void)sud;
    quic_stream *st = quic_stream_find(qc, id);
    if (st == NULL) {
        return 0;
    }
    return cb_result(quic_stream_acked(qc, st, offset + datalen));
}

/* Whether the peer's STOP_SENDING ended our sending side of |st|: we did
 * not reset it and did not see all of it (with FIN) acknowledged. */
static bool stopped_by_peer(const quic_conn *qc, const quic_stream *st)
{
    bool finished = st->fin_sent && st->acked == st->written;
    return quic_stream_id_sends(qc, (uint64_t)st->id) && !st->reset_by_us && !finished;
}

static int stream_close(ngtcp2_conn *conn, uint32_t flags, int64_t id, uint64_t code, void *ud,
                        void *sud)
{
    quic_conn *qc = ud;
    (void)sud;
    if (!ngtcp2_conn_is_local_stream(conn, id)) {
        /* Grant the peer a new stream for each of its streams that ends. */
        if (ngtcp2_is_bidi_stream(id)) {
            ngtcp2_conn_extend_max_streams_bidi(conn, 1);
        } else {
            ngtcp2_conn_extend_max_streams_uni(conn, 1);
        }
    }
    quic_stream *st = quic_stream_find(qc, id);
    int rv = 0;
    /* ngtcp2 0.12 has no event for a received STOP_SENDING (it answers with
     * RESET_STREAM by itself); its code surfaces here, when the stream closes. */
    if (st && (flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) && stopped_by_peer(qc, st)) {
        rv = moqt_transport_emit_stop_sending(qc->t, (uint64_t)id, code);
    }
    if (st) {
        quic_stream_remove(qc, st);
    }
    if (rv != 0) {
        return NGTCP2_ERR_CALLBACK_FAILURE;
    }
    return cb_result(moqt_transport_emit_stream_closed(qc->t, (uint64_t)id));
}

static int stream_reset(ngtcp2_conn *conn, int64_t id, uint64_t final_size, uint64_t code, void *ud,
                        void *sud)
{
    quic_conn *qc = ud;
    (void)conn;
    (void)final_size;
    (void)sud;
    return cb_result(moqt_transport_emit_stream_reset(qc->t, (uint64_t)id, code));
}

static int extend_max_stream_data(ngtcp2_conn *conn, int64_t id, uint64_t max_data, void *ud,
                                  void *sud)
{
    quic_conn *qc = ud;
    (void)conn;
    (void)max_data;
    (void)sud;
    quic_stream *st = quic_stream_find(qc, id);
    if (st && st->blocked) {
        st->blocked = false;
        quic_sendq_push(qc, st);
        quic_conn_mark_dirty(qc);
    }
    return 0;
}

static int extend_max_local_streams(quic_conn *qc, bool bidi)
{
    bool *blocked = bidi ? &qc->blocked_bidi : &qc->blocked_uni;
    if (!*blocked) {
        return 0;
    }
    *blocked = false;
    return cb_result(moqt_transport_emit_streams_available(qc->t, bidi));
}

static int extend_max_local_streams_bidi(ngtcp2_conn *conn, uint64_t max, void *ud)
{
    (void)conn;
    (void)max;
    return extend_max_local_streams(ud, true);
}

static int extend_max_local_streams_uni(ngtcp2_conn *conn, uint64_t max, void *ud)
{
    (void)conn;
    (void)max;
    return extend_max_local_streams(ud, false);
}

static int recv_datagram(ngtcp2_conn *conn, uint32_t flags, const uint8_t *data, size_t datalen,
                         void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    (void)flags;
    return cb_result(moqt_transport_emit_datagram(qc->t, data, datalen));
}

static int lost_datagram(ngtcp2_conn *conn, uint64_t dgram_id, void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    MOQT_LOG_T(qc->tag, "datagram %llu lost", (unsigned long long)dgram_id);
    return 0;
}

static int recv_stateless_reset(ngtcp2_conn *conn, const ngtcp2_pkt_stateless_reset *sr, void *ud)
{
    quic_conn *qc = ud;
    (void)conn;
    (void)sr;
    MOQT_LOG_I(qc->tag, "stateless reset received");
    return 0;
}

static void fill_callbacks(ngtcp2_callbacks *cb, bool server)
{
    memset(cb, 0, sizeof(*cb));
    if (server) {
        cb->recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
    } else {
        cb->client_initial = ngtcp2_crypto_client_initial_cb;
        cb->recv_retry = ngtcp2_crypto_recv_retry_cb;
    }
    cb->recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
    cb->encrypt = ngtcp2_crypto_encrypt_cb;
    cb->decrypt = ngtcp2_crypto_decrypt_cb;
    cb->hp_mask = ngtcp2_crypto_hp_mask_cb;
    cb->update_key = ngtcp2_crypto_update_key_cb;
    cb->delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
    cb->delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
    cb->get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
    cb->version_negotiation = ngtcp2_crypto_version_negotiation_cb;
    cb->rand = rand_cb;
    cb->get_new_connection_id = get_new_connection_id;
    cb->remove_connection_id = remove_connection_id;
    cb->handshake_completed = handshake_completed;
    cb->stream_open = stream_open;
    cb->recv_stream_data = recv_stream_data;
    cb->acked_stream_data_offset = acked_stream_data_offset;
    cb->stream_close = stream_close;
    cb->stream_reset = stream_reset;
    cb->extend_max_stream_data = extend_max_stream_data;
    cb->extend_max_local_streams_bidi = extend_max_local_streams_bidi;
    cb->extend_max_local_streams_uni = extend_max_local_streams_uni;
    cb->recv_datagram = recv_datagram;
    cb->recv_stateless_reset = recv_stateless_reset;
    cb->lost_datagram = lost_datagram;
}

static void qlog_write(void *ud, uint32_t flags, const void *data, size_t len)
{
    quic_conn *qc = ud;
    (void)flags;
    if (qc->qlog) {
        fwrite(data, 1, len, qc->qlog);
        if (flags & NGTCP2_QLOG_WRITE_FLAG_FIN) {
            fflush(qc->qlog);
        }
    }
}

static void open_qlog(quic_conn *qc, const ngtcp2_cid *scid, ngtcp2_settings *settings)
{
    /* Also on request from the environment, for debugging any program. The
     * directory is borrowed: used here, at creation, and not kept. */
    const char *dir = qc->s.qlog_dir ? qc->s.qlog_dir : getenv("MOQT_QLOG_DIR");
    qc->s.qlog_dir = NULL;
    if (dir == NULL || dir[0] == '\0') {
        return;
    }
    char path[4096];
    int n = snprintf(path, sizeof(path), "%s/", dir);
    for (size_t i = 0; i < scid->datalen && n > 0 && (size_t)n + 3 < sizeof(path); i++) {
        n += snprintf(path + n, sizeof(path) - (size_t)n, "%02x", scid->data[i]);
    }
    snprintf(path + n, sizeof(path) - (size_t)n, "%s.sqlog", qc->is_server ? "-server" : "-client");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    qc->qlog = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (qc->qlog == NULL) {
        MOQT_LOG_W(qc->tag, "cannot open qlog %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    settings->qlog.write = qlog_write;
    settings->qlog.odcid = *scid;
}

static const ngtcp2_cc_algo cc_algos[] = {NGTCP2_CC_ALGO_CUBIC, NGTCP2_CC_ALGO_RENO,
                                          NGTCP2_CC_ALGO_BBR, NGTCP2_CC_ALGO_BBR2};

static void fill_settings(quic_conn *qc, ngtcp2_settings *st, ngtcp2_transport_params *tp,
                          ngtcp2_tstamp now)
{
    ngtcp2_settings_default(st);
    st->initial_ts = now;
    st->cc_algo = cc_algos[(unsigned)qc->s.cc < 4 ? qc->s.cc : 0];
    st->max_tx_udp_payload_size = QUIC_MAX_UDP_PAYLOAD;
    st->max_window = qc->s.max_data * 4;
    st->max_stream_window = qc->s.max_stream_data * 4;
    st->handshake_timeout = 10 * NGTCP2_SECONDS;
    ngtcp2_transport_params_default(tp);
    tp->initial_max_stream_data_bidi_local = qc->s.max_stream_data;
    tp->initial_max_stream_data_bidi_remote = qc->s.max_stream_data;
    tp->initial_max_stream_data_uni = qc->s.max_stream_data;
    tp->initial_max_data = qc->s.max_data;
    tp->initial_max_streams_bidi = qc->s.max_streams_bidi;
    tp->initial_max_streams_uni = qc->s.max_streams_uni;
    tp->max_idle_timeout = qc->s.idle_timeout;
    tp->max_datagram_frame_size = qc->s.max_datagram_frame_size;
    tp->active_connection_id_limit = 7;
}

static void copy_settings(quic_conn *qc, const moqt_quic_settings *s)
{
    qc->nalpns = quic_settings_copy(&qc->s, s, qc->alpn_store, NULL);
    qc->s.server_name = NULL; /* borrowed: the creator passes it separately */
}

static int conn_alloc(quic_conn **pqc, bool server, const moqt_quic_settings *s,
                      const moqt_tls_config *tls, const moqt_mem *mem)
{
    quic_conn *qc = moqt_mem_calloc(mem, 1, sizeof(*qc));
    if (qc == NULL) {
        return MOQT_ERR_NOMEM;
    }
    qc->mem = moqt_mem_or_default(mem);
    qc->conn_ref.get_conn = get_conn;
    qc->conn_ref.user_data = qc;
    qc->is_server = server;
    qc->tlscfg = tls;
    qc->dead_at = UINT64_MAX;
    copy_settings(qc, s);
    qc->txbufsize = (size_t)QUIC_MAX_GSO_PKTS * QUIC_MAX_UDP_PAYLOAD;
    qc->txbuf = moqt_mem_malloc(qc->mem, qc->txbufsize);
    qc->dgrams = moqt_mem_calloc(qc->mem, qc->s.datagram_queue ? qc->s.datagram_queue : 1,
                                 sizeof(quic_datagram));
    if (qc->txbuf == NULL || qc->dgrams == NULL ||
        moqt_transport_new(&quic_transport_ops, qc, server, qc->mem, &qc->t) != 0) {
        quic_conn_del(qc);
        return MOQT_ERR_NOMEM;
    }
    *pqc = qc;
    return 0;
}

static void set_tag(quic_conn *qc, const ngtcp2_cid *cid)
{
    int n = snprintf(qc->tag, sizeof(qc->tag), "%c:", qc->is_server ? 's' : 'c');
    for (size_t i = 0; i < cid->datalen && i < 4; i++) {
        n += snprintf(qc->tag + n, sizeof(qc->tag) - (size_t)n, "%02x", cid->data[i]);
    }
}

static int conn_finish_setup(quic_conn *qc)
{
    int rv = quic_tls_init(qc);
    if (rv != 0) {
        return rv;
    }
    ngtcp2_conn_set_tls_native_handle(qc->conn, qc->tls);
    if (qc->s.keep_alive) {
        ngtcp2_conn_set_keep_alive_timeout(qc->conn, qc->s.keep_alive);
    }
    return 0;
}

int quic_conn_client_new(quic_conn **pqc, const moqt_quic_settings *s, const moqt_tls_config *tls,
                         const char *server_name, const ngtcp2_path *path, ngtcp2_tstamp now,
                         const moqt_mem *mem)
{
    quic_conn *qc;
    int rv = conn_alloc(&qc, false, s, tls, mem);
    if (rv != 0) {
        return rv;
    }
    snprintf(qc->server_name, sizeof(qc->server_name), "%s", server_name ? server_name : "");
    ngtcp2_cid dcid, scid;
    dcid.datalen = 18;
    scid.datalen = QUIC_SCID_LEN;
    gnutls_rnd(GNUTLS_RND_RANDOM, dcid.data, dcid.datalen);
    gnutls_rnd(GNUTLS_RND_RANDOM, scid.data, scid.datalen);
    set_tag(qc, &scid);
    ngtcp2_callbacks cb;
    ngtcp2_settings st;
    ngtcp2_transport_params tp;
    fill_callbacks(&cb, false);
    fill_settings(qc, &st, &tp, now);
    open_qlog(qc, &scid, &st);
    if (ngtcp2_conn_client_new(&qc->conn, &dcid, &scid, path, NGTCP2_PROTO_VER_V1, &cb, &st, &tp,
                               NULL, qc) != 0 ||
        (rv = conn_finish_setup(qc)) != 0) {
        quic_conn_del(qc);
        return rv ? rv : MOQT_ERR_NOMEM;
    }
    *pqc = qc;
    return 0;
}

int quic_conn_server_new(quic_conn **pqc, quic_server *srv, const moqt_quic_settings *s,
                         const moqt_tls_config *tls, const ngtcp2_pkt_hd *hd,
                         const ngtcp2_cid *scid, const ngtcp2_path *path, ngtcp2_tstamp now,
                         const moqt_mem *mem)
{
    quic_conn *qc;
    int rv = conn_alloc(&qc, true, s, tls, mem);
    if (rv != 0) {
        return rv;
    }
    qc->server = srv;
    set_tag(qc, scid);
    ngtcp2_callbacks cb;
    ngtcp2_settings st;
    ngtcp2_transport_params tp;
    fill_callbacks(&cb, true);
    fill_settings(qc, &st, &tp, now);
    /* ngtcp2 0.12: no original_dcid_present; the client's first dcid. */
    tp.original_dcid = hd->dcid;
    tp.stateless_reset_token_present = 1;
    quic_server_stateless_reset_token(srv, tp.stateless_reset_token, scid);
    open_qlog(qc, scid, &st);
    if (ngtcp2_conn_server_new(&qc->conn, &hd->scid, scid, path, hd->version, &cb, &st, &tp, NULL,
                               qc) != 0 ||
        (rv = conn_finish_setup(qc)) != 0) {
        quic_conn_del(qc);
        return rv ? rv : MOQT_ERR_NOMEM;
    }
    *pqc = qc;
    return 0;
}

void quic_conn_del(quic_conn *qc)
{
    if (qc == NULL) {
        return;
    }
    if (qc->server) {
        quic_server_forget(qc->server, qc);
    }
    quic_streams_free(qc);
    quic_datagrams_free(qc);
    if (qc->conn) {
        ngtcp2_conn_del(qc->conn);
    }
    if (qc->tls) {
        gnutls_deinit(qc->tls);
    }
    if (qc->qlog) {
        fclose(qc->qlog);
    }
    moqt_transport_del(qc->t);
    moqt_mem_free(qc->mem, qc->close_pkt);
    moqt_mem_free(qc->mem, qc->dgrams);
    moqt_mem_free(qc->mem, qc->txbuf);
    moqt_mem_free(qc->mem, qc);
}

/* ---- ending ---------------------------------------------------------------- */

void quic_conn_emit_closed_local(quic_conn *qc, bool app, uint64_t code, const char *reason)
{
    moqt_transport_emit_closed(qc->t, false, app, code, (const uint8_t *)reason,
                               reason ? strlen(reason) : 0);
}

void quic_conn_fail(quic_conn *qc, int liberr)
{
    if (qc->have_ccerr || qc->closing || qc->draining) {
        return;
    }
    if (liberr == NGTCP2_ERR_CRYPTO) {
        ngtcp2_connection_close_error_set_transport_error_tls_alert(
            &qc->ccerr, ngtcp2_conn_get_tls_alert(qc->conn), NULL, 0);
    } else {
        ngtcp2_connection_close_error_set_transport_error_liberr(&qc->ccerr, liberr, NULL, 0);
    }
    qc->have_ccerr = true;
    MOQT_LOG_I(qc->tag, "closing: %s (transport error 0x%llx)", ngtcp2_strerror(liberr),
               (unsigned long long)qc->ccerr.error_code);
    quic_conn_mark_dirty(qc);
}

static ngtcp2_tstamp close_period(quic_conn *qc)
{
    return 3 * ngtcp2_conn_get_pto(qc->conn);
}

/* The peer closed (CONNECTION_CLOSE or stateless reset): drain, then die. */
static void enter_draining(quic_conn *qc, ngtcp2_tstamp now)
{
    qc->draining = true;
    qc->dead_at = now + close_period(qc);
    ngtcp2_connection_close_error ccerr;
    ngtcp2_conn_get_connection_close_error(qc->conn, &ccerr);
    const ngtcp2_connection_close_error *e = &ccerr;
    bool app = e->type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION;
    const char *what = "";
    size_t whatlen = e->reasonlen;
    const uint8_t *reason = e->reason;
    if (e->type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_TRANSPORT_IDLE_CLOSE) {
        what = "idle timeout";
    }
    if (reason == NULL || whatlen == 0) {
        reason = (const uint8_t *)what;
        whatlen = strlen(what);
    }
    MOQT_LOG_I(qc->tag, "peer closed: %s 0x%llx \"%.*s\"", app ? "app" : "transport",
               (unsigned long long)e->error_code, (int)whatlen, (const char *)reason);
    moqt_transport_emit_closed(qc->t, true, app, e->error_code, reason, whatlen);
}

static void die(quic_conn *qc, const char *why)
{
    qc->dead = true;
    if (!moqt_transport_is_closed(qc->t)) {
        MOQT_LOG_I(qc->tag, "connection ended: %s", why);
        quic_conn_emit_closed_local(qc, false, 0, why);
    }
}

int quic_conn_read_pkt(quic_conn *qc, const ngtcp2_path *path, uint32_t ecn, const uint8_t *pkt,
                       size_t pktlen, ngtcp2_tstamp now)
{
    qc->last_ts = now;
    if (qc->dead || qc->draining) {
        return 0;
    }
    if (qc->closing) {
        /* RFC 9000 §10.2.1: answer packets in the closing period with our close. */
        quic_conn_mark_dirty(qc);
        return 0;
    }
    ngtcp2_pkt_info pi = {.ecn = ecn};
    int rv = ngtcp2_conn_read_pkt(qc->conn, path, &pi, pkt, pktlen, now);
    quic_conn_mark_dirty(qc);
    if (rv == 0) {
        return 0;
    }
    switch (rv) {
    case NGTCP2_ERR_DRAINING:
        enter_draining(qc, now);
        break;
    case NGTCP2_ERR_DROP_CONN:
        die(qc, "dropped");
        break;
    case NGTCP2_ERR_DISCARD_PKT:
        return 0;
    default:
        MOQT_LOG_D(qc->tag, "read_pkt: %s", ngtcp2_strerror(rv));
        quic_conn_fail(qc, rv);
        break;
    }
    return MOQT_ERR_TRANSPORT;
}

int quic_conn_handle_expiry(quic_conn *qc, ngtcp2_tstamp now)
{
    qc->last_ts = now;
    if (qc->dead) {
        return 0;
    }
    if (qc->closing || qc->draining) {
        if (now >= qc->dead_at) {
            die(qc, "closed");
        }
        return 0;
    }
    int rv = ngtcp2_conn_handle_expiry(qc->conn, now);
    quic_conn_mark_dirty(qc);
    if (rv == 0) {
        return 0;
    }
    if (rv == NGTCP2_ERR_IDLE_CLOSE) {
        die(qc, "idle timeout");
    } else if (rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT) {
        die(qc, "handshake timeout");
    } else {
        quic_conn_fail(qc, rv);
    }
    return MOQT_ERR_TRANSPORT;
}

ngtcp2_tstamp quic_conn_expiry(quic_conn *qc)
{
    if (qc->dead) {
        return UINT64_MAX;
    }
    if (qc->closing || qc->draining) {
        return qc->dead_at;
    }
    return ngtcp2_conn_get_expiry(qc->conn);
}
