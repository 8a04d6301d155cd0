/*
 * Transport test harness: one test body runs over every moqt_transport
 * implementation (the in-memory pair and QUIC on loopback). A backend makes
 * a connected client/server pair and runs it until a condition holds; a
 * tt_peer records what one end saw and drives pattern writers, so transfers
 * are checked byte by byte without storing them.
 */
#ifndef MOQT_TESTS_TRANSPORT_HARNESS_H
#define MOQT_TESTS_TRANSPORT_HARNESS_H

#include <moqt/moqt_transport.h>

typedef struct tt_stream {
    uint64_t id;
    bool opened_by_peer;
    /* receive side */
    uint64_t rx_bytes;
    bool rx_fin;
    bool rx_bad;        /* a byte differed from the pattern */
    int64_t reset_code; /* -1 until RESET_STREAM arrived */
    int64_t stop_code;  /* -1 until STOP_SENDING arrived */
    bool closed;
    /* send side: tx_total pattern bytes, then FIN */
    uint64_t tx_total, tx_written, tx_acked;
    bool tx_active, tx_fin_sent;
    bool tx_wrote_short;
} tt_stream;

typedef struct tt_peer {
    moqt_transport *t;
    const char *name;
    bool handshake;
    char alpn[32];
    tt_stream *streams;
    size_t nstreams, cap;
    /* behaviour */
    bool reply_on_fin; /* on a peer bidi stream's FIN, send back as many bytes */
    bool echo_datagrams;
    /* observations */
    uint64_t datagrams, datagram_bytes;
    uint8_t last_datagram[1500];
    size_t last_datagram_len;
    uint64_t streams_finished; /* streams whose FIN arrived byte-exact */
    uint64_t streams_closed;
    uint64_t streams_available_events;
    bool closed, closed_remote, closed_app;
    uint64_t close_code;
    char close_reason[128];
    int failures;
} tt_peer;

typedef bool (*tt_cond)(void *arg);

typedef struct tt_opts {
    const char *alpn;         /* NULL: backend default */
    size_t stream_window;     /* mem: per-stream window */
    size_t max_chunk;         /* mem: delivery piece size */
    uint64_t idle_timeout_ms; /* quic: 0 = default */
    size_t link_budget;       /* mem: bytes per pass, priority order (0: none) */
} tt_opts;

typedef struct tt_pair tt_pair;

typedef struct tt_backend {
    const char *name;
    /* Creates a connected pair; both peers are installed as callback targets. */
    tt_pair *(*create)(const tt_opts *o, tt_peer *client, tt_peer *server);
    /* Runs until cond(arg) holds or timeout_ms (real or virtual) passed. */
    bool (*run)(tt_pair *p, tt_cond cond, void *arg, unsigned timeout_ms);
    void (*del)(tt_pair *p);
} tt_backend;

extern const tt_backend tt_backend_mem;

void tt_peer_init(tt_peer *pe, const char *name);
void tt_peer_free(tt_peer *pe);
/* Installs pe's recording callbacks on t. */
void tt_peer_attach(tt_peer *pe, moqt_transport *t);
tt_stream *tt_stream_find(tt_peer *pe, uint64_t id);
/* Opens a stream and starts writing |total| pattern bytes then FIN. */
tt_stream *tt_send(tt_peer *pe, bool bidi, uint64_t total);
/* Writes as much as the transport takes now. */
void tt_pump(tt_peer *pe, tt_stream *s);
/* The pattern byte at |offset| of stream |id|. */
uint8_t tt_pattern_byte(uint64_t id, uint64_t offset);

/* Conditions. */
bool tt_cond_handshake(void *pair_of_peers);   /* arg: tt_peer[2] */
bool tt_cond_closed_both(void *pair_of_peers); /* arg: tt_peer[2] */

/* The shared behaviour bodies (each returns after its checks). */
void tt_body_handshake(const tt_backend *b);
void tt_body_bidi_transfer(const tt_backend *b, uint64_t bytes, bool client_sends);
void tt_body_uni_transfer(const tt_backend *b, uint64_t bytes, bool client_sends);
void tt_body_many_streams(const tt_backend *b, unsigned nstreams, uint64_t bytes_each);
void tt_body_datagram_echo(const tt_backend *b, unsigned count);
void tt_body_reset_and_stop(const tt_backend *b);
void tt_body_close_code_reason(const tt_backend *b);
/* Three uni streams of |bytes| with order keys 30, 10, 20 (then the first
 * one raised to 5 while queued): they finish in key order. */
void tt_body_priority(const tt_backend *b, const tt_opts *o, uint64_t bytes);

#endif
