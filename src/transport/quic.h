/*
 * Raw QUIC connections on ngtcp2 0.12 + GnuTLS: the sans-I/O core.
 *
 * A quic_conn is fed packets (quic_conn_read_pkt), asked for packets
 * (quic_conn_write, which hands batches of equal-size packets to a send
 * function so the caller can use UDP GSO), and told when its timer fired
 * (quic_conn_handle_expiry). It never touches a socket or a clock. The
 * runtime (src/net/runtime.c) drives it; any other loop can.
 *
 * Files: quic_conn.c (lifecycle, ngtcp2 callbacks, read/expiry/close),
 * quic_write.c (the packet write loop), quic_stream.c (streams, send
 * queues, the moqt_transport ops), quic_tls.c (GnuTLS sessions),
 * quic_server.c (connection-ID routing, accept, stateless reset).
 */
#ifndef MOQT_TRANSPORT_QUIC_H
#define MOQT_TRANSPORT_QUIC_H

#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>

#include <moqt/moqt_runtime.h>
#include <moqt/moqt_transport.h>

#define QUIC_MAX_ALPNS         16
#define QUIC_ALPN_MAX          32 /* bytes per stored ALPN, with the NUL */
#define QUIC_SCID_LEN          16
#define QUIC_MAX_GSO_PKTS      64
#define QUIC_MAX_UDP_PAYLOAD   1452
#define QUIC_STATIC_SECRET_LEN 32

/* A borrowed piece of the writer's data. */
typedef struct quic_chunk {
    const uint8_t *data;
    size_t len;
} quic_chunk;

typedef struct quic_stream {
    int64_t id;
    struct quic_stream *hnext; /* hash chain */
    struct quic_stream *qnext; /* send queue link */
    /* Send side: chunks[first..n) are unacknowledged; chunks[send] is the
     * next to hand to ngtcp2, send_off bytes of it already handed. */
    quic_chunk *chunks;
    size_t cap, first, send, n;
    size_t send_off;
    uint64_t first_off; /* stream offset of chunks[first] */
    uint64_t written, acked;
    bool fin_queued, fin_sent;
    bool shut_wr; /* reset (by us or because of STOP_SENDING) */
    bool in_sendq;
    bool blocked; /* flow control: waits for MAX_STREAM_DATA */
    bool want_writable;
    bool stopped;       /* we sent STOP_SENDING: drop received data */
    bool reset_by_us;   /* shut_wr came from moqt_transport_reset_stream */
    uint64_t order_key; /* send order: lower first, equal keys round-robin */
} quic_stream;

/* A hash chain (a struct, so arrays of them are not arrays of pointers). */
typedef struct quic_bucket {
    quic_stream *head;
} quic_bucket;

typedef struct quic_datagram {
    uint8_t *data;
    size_t len;
} quic_datagram;

/* Sends one batch: |len| bytes of packets, each |gso_size| long except maybe
 * the last (gso_size == len for a single packet). Returns 0 or a negative
 * error; MOQT_ERR_WOULDBLOCK asks the caller to stop writing for now (the
 * batch has been kept by the sender). */
typedef int (*quic_send_fn)(void *ctx, const ngtcp2_path *path, uint32_t ecn, const uint8_t *data,
                            size_t len, size_t gso_size);

typedef struct quic_server quic_server;

typedef struct quic_conn {
    ngtcp2_crypto_conn_ref conn_ref; /* first: gnutls_session_get_ptr() finds it */
    const moqt_mem *mem;
    ngtcp2_conn *conn;
    gnutls_session_t tls;
    moqt_transport *t;
    const moqt_tls_config *tlscfg;
    quic_server *server; /* server connections: routing table */
    /* who drives us */
    void (*on_dirty)(void *driver);
    void *driver;
    FILE *qlog;
    /* settings copied at creation */
    moqt_quic_settings s;
    size_t nalpns;
    /* streams: chained hash by id, and a FIFO of streams with data to send */
    quic_bucket *buckets;
    size_t nbuckets, nstreams;
    quic_stream *sendq_head, *sendq_tail;
    /* datagrams waiting to be sent: ring */
    quic_datagram *dgrams;
    size_t dgram_head, ndgrams;
    uint64_t dgram_id;
    /* close */
    uint64_t close_code;
    size_t close_reasonlen;
    ngtcp2_connection_close_error ccerr;
    uint8_t *close_pkt; /* our CONNECTION_CLOSE, re-sent in the closing period */
    size_t close_pktlen;
    ngtcp2_tstamp dead_at; /* end of closing/draining period; UINT64_MAX if none */
    ngtcp2_tstamp last_ts; /* timestamp of the latest input */
    /* packet buffer for the write loop */
    uint8_t *txbuf;
    size_t txbufsize;
    /* state */
    bool is_server;
    bool blocked_bidi, blocked_uni; /* an open_stream hit the peer's limit */
    bool close_requested;           /* app close queued for the write loop */
    bool have_ccerr;                /* a local error needs CONNECTION_CLOSE */
    bool closing, draining;
    bool dead; /* may be freed */
    bool handshake_emitted;
    bool dirty;   /* the driver was asked for a write */
    char tag[38]; /* log tag: "c:<scid prefix>" */
    uint8_t close_reason[256];
    char server_name[256];
    char alpn_store[QUIC_MAX_ALPNS][QUIC_ALPN_MAX];
} quic_conn;

/* ---- quic_conn.c ---- */

/* quic_conn_client_new creates a client connection on |path| (local and
 * remote addresses are copied). Returns 0 or a negative MOQT_ERR_*. */
int quic_conn_client_new(quic_conn **pqc, const moqt_quic_settings *s, const moqt_tls_config *tls,
                         const char *server_name, const ngtcp2_path *path, ngtcp2_tstamp now,
                         const moqt_mem *mem);

/* quic_conn_server_new accepts the connection whose first packet has header
 * |hd| on |path|, with |scid| as our connection id. */
int quic_conn_server_new(quic_conn **pqc, quic_server *srv, const moqt_quic_settings *s,
                         const moqt_tls_config *tls, const ngtcp2_pkt_hd *hd,
                         const ngtcp2_cid *scid, const ngtcp2_path *path, ngtcp2_tstamp now,
                         const moqt_mem *mem);

void quic_conn_del(quic_conn *qc);

/* quic_conn_read_pkt processes one received UDP payload. Connection-ending
 * errors are handled inside (closed is emitted); the return value is 0 or a
 * negative MOQT_ERR_* only for information. */
int quic_conn_read_pkt(quic_conn *qc, const ngtcp2_path *path, uint32_t ecn, const uint8_t *pkt,
                       size_t pktlen, ngtcp2_tstamp now);

/* quic_conn_handle_expiry runs ngtcp2's timers. */
int quic_conn_handle_expiry(quic_conn *qc, ngtcp2_tstamp now);

/* quic_conn_expiry returns the next time quic_conn_handle_expiry and
 * quic_conn_write must run (UINT64_MAX: none). */
ngtcp2_tstamp quic_conn_expiry(quic_conn *qc);

/* quic_conn_mark_dirty asks the driver for a quic_conn_write soon. */
void quic_conn_mark_dirty(quic_conn *qc);

/* Internal: record a local error, to be sent as CONNECTION_CLOSE. */
void quic_conn_fail(quic_conn *qc, int ngtcp2_liberr);
/* Internal: emit closed once with what is known. */
void quic_conn_emit_closed_local(quic_conn *qc, bool app, uint64_t code, const char *reason);

/* ---- quic_write.c ---- */

/* quic_conn_write writes every packet ngtcp2 allows now (pacing and
 * congestion permitting), batching equal-size packets for GSO. */
int quic_conn_write(quic_conn *qc, quic_send_fn send, void *ctx, ngtcp2_tstamp now);

/* ---- quic_stream.c ---- */

extern const moqt_transport_ops quic_transport_ops;
quic_stream *quic_stream_find(quic_conn *qc, int64_t id);
/* Whether this end sends on |id|: its own stream, or the peer's bidirectional one. */
bool quic_stream_id_sends(const quic_conn *qc, uint64_t id);
quic_stream *quic_stream_get(quic_conn *qc, int64_t id); /* creates if missing */
void quic_stream_remove(quic_conn *qc, quic_stream *st);
void quic_streams_free(quic_conn *qc);
void quic_sendq_push(quic_conn *qc, quic_stream *st);
quic_stream *quic_sendq_pop(quic_conn *qc);
/* quic_stream_set_order changes |st|'s order key (re-queued if queued). */
void quic_stream_set_order(quic_conn *qc, quic_stream *st, uint64_t order_key);
/* Fills |vec| with the stream's unsent data; returns the count and sets *fin. */
size_t quic_stream_unsent(quic_stream *st, ngtcp2_vec *vec, size_t max, bool *fin);
/* Marks |n| bytes as handed to ngtcp2. */
void quic_stream_consumed(quic_stream *st, size_t n, bool fin);
bool quic_stream_has_unsent(const quic_stream *st);
/* ngtcp2 reported [0, offset) acknowledged. */
int quic_stream_acked(quic_conn *qc, quic_stream *st, uint64_t offset);
void quic_stream_drop_unsent(quic_conn *qc, quic_stream *st);
void quic_datagrams_free(quic_conn *qc);

/* ---- quic_settings.c ---- */

/* quic_settings_copy fills |dst| from |src| (NULL: the defaults), copying the
 * ALPN identifiers into |store|. With |ptrs|, dst->alpns points at |ptrs|
 * (filled to match); without, dst->alpns is NULL. Returns the ALPN count.
 * Other strings in |dst| still point at the caller's. */
size_t quic_settings_copy(moqt_quic_settings *dst, const moqt_quic_settings *src,
                          char (*store)[QUIC_ALPN_MAX], const char **ptrs);

/* ---- quic_tls.c ---- */

/* quic_tls_init creates the GnuTLS session for |qc| (client or server). */
int quic_tls_init(quic_conn *qc);
/* quic_tls_alpn returns the negotiated ALPN into |buf| ("" if none). */
void quic_tls_alpn(quic_conn *qc, char *buf, size_t buflen);
gnutls_certificate_credentials_t quic_tls_config_creds(const moqt_tls_config *cfg);

/* ---- net/cert.c (the config object) ---- */
struct moqt_tls_config {
    const moqt_mem *mem;
    bool is_server;
    gnutls_certificate_credentials_t creds;
    moqt_tls_verify verify;
    uint8_t pin[32];
    char fingerprint[65];
    gnutls_x509_crt_t crt;     /* server: own certificate (self-signed or first of chain) */
    gnutls_x509_privkey_t key; /* server: own key when generated */
};

/* ---- quic_server.c ---- */

/* A server's connection list entry. */
struct quic_conn_slot {
    quic_conn *qc;
};

struct quic_server {
    const moqt_mem *mem;
    moqt_quic_settings s;
    char alpn_store[QUIC_MAX_ALPNS][QUIC_ALPN_MAX];
    const char *alpns[QUIC_MAX_ALPNS];
    char qlog_dir[512]; /* copied: connections open files later */
    const moqt_tls_config *tls;
    uint8_t static_secret[QUIC_STATIC_SECRET_LEN];
    /* connection-id table: open addressing */
    struct quic_cid_entry *table;
    size_t tablecap, tablecount;
    struct quic_conn_slot *conns;
    size_t nconns, conncap;
    /* the driver's hooks */
    int (*accept)(void *driver, quic_conn *qc);
    void *driver;
};

int quic_server_init(quic_server *srv, const moqt_quic_settings *s, const moqt_tls_config *tls,
                     const moqt_mem *mem);
void quic_server_free(quic_server *srv);

/* quic_server_read_pkt routes one datagram to its connection, accepting a
 * new one for a valid Initial, or answering unknown short-header packets
 * with a stateless reset (written through |send|). Sets *pqc to the
 * connection that received it (NULL if none). */
int quic_server_read_pkt(quic_server *srv, const ngtcp2_path *path, uint32_t ecn,
                         const uint8_t *pkt, size_t pktlen, ngtcp2_tstamp now, quic_send_fn send,
                         void *ctx, quic_conn **pqc);

int quic_server_add_cid(quic_server *srv, const ngtcp2_cid *cid, quic_conn *qc);
void quic_server_remove_cid(quic_server *srv, const ngtcp2_cid *cid);
/* quic_server_forget removes |qc| (all its ids) from the server. */
void quic_server_forget(quic_server *srv, quic_conn *qc);
void quic_server_stateless_reset_token(const quic_server *srv, uint8_t *token,
                                       const ngtcp2_cid *cid);

#endif /* MOQT_TRANSPORT_QUIC_H */
