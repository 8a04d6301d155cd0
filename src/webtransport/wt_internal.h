/* Internal structures shared by h3.c (connection, streams, framing) and
 * wt_session.c (sessions and the per-session moqt_transport). */
#ifndef MOQT_WEBTRANSPORT_WT_INTERNAL_H
#define MOQT_WEBTRANSPORT_WT_INTERNAL_H

#include "webtransport/h3_frame.h"
#include "webtransport/qpack.h"
#include "webtransport/wt.h"
#include "webtransport/wt_codec.h"

/* Bytes we wrote ourselves (SETTINGS, HEADERS, capsules, preambles). The lower
 * transport borrows them until acknowledged, so a chunk never moves. */
typedef struct wt_chunk {
    struct wt_chunk *next;
    uint64_t off; /* stream offset of data[0] */
    size_t len;
    uint8_t data[];
} wt_chunk;

typedef struct wt_sendq {
    wt_chunk *head, *tail;
    uint64_t queued;  /* offset after the last queued byte */
    uint64_t written; /* offset handed to the lower transport */
    bool fin_queued, fin_written;
} wt_sendq;

typedef enum wt_kind {
    WT_K_UNKNOWN,   /* peer stream whose type / first frame is not read yet */
    WT_K_CONTROL,   /* peer control stream */
    WT_K_QPACK_ENC, /* peer QPACK encoder stream */
    WT_K_QPACK_DEC, /* peer QPACK decoder stream */
    WT_K_OWN,       /* one of our uni streams (control, QPACK) */
    WT_K_REQUEST,   /* a CONNECT stream */
    WT_K_WT,        /* a WebTransport data stream */
    WT_K_IGNORED    /* push or unknown uni type: discarded */
} wt_kind;

struct wt_session;

typedef struct wt_stream {
    struct wt_stream *next;
    uint64_t id;
    wt_kind kind;
    struct wt_session *session;
    uint64_t session_id;
    wt_sendq sq;
    uint64_t own_len; /* WT streams: preamble bytes before the caller's */
    bool want_writable;
    /* Header accumulation (stream types, preambles, frame headers). */
    uint8_t hdr[16];
    size_t hdrlen;
    bool type_read; /* the stream type / 0x41 signal is read: the Session ID follows */
    /* Frame reader (control and request streams). */
    bool in_frame;
    uint64_t ftype, fleft;
    uint8_t *rb; /* buffered frame payload, or early WT data */
    size_t rblen, rbcap;
    bool headers_deferred; /* CONNECT read before the peer's SETTINGS: */
    uint8_t *deferred;     /* its field section, processed when they arrive, */
    size_t deferredlen;
    uint8_t *early; /* and the DATA payload (capsules) that followed it */
    size_t earlylen, earlycap;
    bool got_headers;
    /* WT streams whose session is not established yet (client side). */
    bool pending, pending_fin;
    bool upper_opened;
    bool recv_done, send_done;
} wt_stream;

typedef enum wt_state {
    WT_S_WAIT_SETTINGS, /* client: request not sent until the server's SETTINGS */
    WT_S_REQUESTED,     /* client: CONNECT sent */
    WT_S_OPEN,
    WT_S_CLOSING, /* we sent WT_CLOSE_SESSION; closed fires when it is acked */
    WT_S_CLOSED
} wt_state;

typedef struct wt_session {
    struct wt_session *next;
    moqt_wt_conn *conn;
    moqt_transport *t; /* the upper transport */
    uint64_t id;       /* CONNECT stream id */
    wt_state state;
    char authority[256], path[1024];
    char protocol[MOQT_WT_PROTOCOL_MAX];
    uint8_t *cb; /* capsule bytes from DATA frames */
    size_t cblen, cbcap;
    uint64_t close_end; /* CONNECT stream offset after our close capsule */
    /* Session flow control (wt-13+, wt-16 §5.6): the peer's limits on what we
     * send (from its SETTINGS, raised by WT_MAX_* capsules), and our usage. */
    uint64_t peer_max_data, peer_max_streams_bidi, peer_max_streams_uni;
    uint64_t sent_data, opened_bidi, opened_uni;
    bool blocked_bidi, blocked_uni, blocked_data;
    /* Our limits on the peer, raised as it uses them. */
    uint64_t our_max_streams_bidi, our_max_streams_uni, our_max_data;
    uint64_t peer_opened_bidi, peer_opened_uni, peer_closed_bidi, peer_closed_uni, recv_data;
    bool close_pending;  /* closed before the request went out */
    bool connect_gone;   /* the lower transport forgot the CONNECT stream */
    uint32_t close_code; /* our WT_CLOSE_SESSION, reported when it is acked */
    uint8_t close_reason[MOQT_WT_CLOSE_MESSAGE_MAX];
    size_t close_reasonlen;
} wt_session;

struct moqt_wt_conn {
    const moqt_mem *mem;
    moqt_transport *lower;
    bool is_server;
    moqt_wt_settings s;
    moqt_wt_callbacks cb;
    void *user_data;
    moqt_qpack *qpack;
    wt_stream *streams;
    wt_session *sessions;
    moqt_h3_settings peer;
    bool peer_settings;
    bool started; /* our control and QPACK streams are open */
    bool closed;
    bool goaway_sent, goaway_received;
    bool peer_control, peer_enc, peer_dec;
    uint64_t nsessions;
    uint64_t control_id;   /* our control stream */
    moqt_h3_fields fields; /* scratch for decoded field sections */
};

/* h3.c */
wt_stream *wt_stream_find(moqt_wt_conn *c, uint64_t id);
wt_stream *wt_stream_add(moqt_wt_conn *c, uint64_t id, wt_kind kind);
int wt_sendq_append(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len, bool fin);
int wt_sendq_flush(moqt_wt_conn *c, wt_stream *s);
/* Closes the whole connection with an HTTP/3 error code. Returns 0. */
int wt_conn_error(moqt_wt_conn *c, uint64_t h3_code, const char *why);
/* Frames |payload| as HEADERS / DATA and queues it on |s|. */
int wt_send_frame(moqt_wt_conn *c, wt_stream *s, uint64_t type, const uint8_t *payload, size_t len,
                  bool fin);
/* Feeds WT data (after the preamble) to the session's transport. */
int wt_deliver_wt_data(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len, bool fin);

/* wt_session.c */
wt_session *wt_session_find(moqt_wt_conn *c, uint64_t id);
int wt_session_on_headers(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len);
int wt_session_on_data(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len);
int wt_session_on_connect_end(moqt_wt_conn *c, wt_stream *s, bool reset);
int wt_session_on_settings(moqt_wt_conn *c);
void wt_session_on_conn_closed(moqt_wt_conn *c, bool remote, bool app, uint64_t code,
                               const uint8_t *reason, size_t reasonlen);
int wt_session_on_acked(moqt_wt_conn *c, wt_stream *s);
void wt_session_free(moqt_wt_conn *c, wt_session *ss);
/* Reports the end of a session once (shutting its streams down first). */
void wt_session_closed(moqt_wt_conn *c, wt_session *ss, bool remote, bool app, uint64_t code,
                       const uint8_t *reason, size_t reasonlen);

/* wt_flow.c */
bool wt_fc_enabled(const moqt_wt_conn *c);
void wt_fc_init(moqt_wt_conn *c, wt_session *ss);
int wt_send_capsule_varint(moqt_wt_conn *c, wt_session *ss, uint64_t type, uint64_t v);
void wt_fc_violation(moqt_wt_conn *c, wt_session *ss, const char *why);
int wt_fc_raise(moqt_wt_conn *c, wt_session *ss, uint64_t type, uint64_t n);
/* Flow control bookkeeping for a peer stream (opened/closed) and received bytes. */
int wt_session_peer_stream(moqt_wt_conn *c, wt_session *ss, uint64_t id, bool closed);
int wt_session_received(moqt_wt_conn *c, wt_session *ss, size_t len);
/* Maps a lower RESET_STREAM / STOP_SENDING code to an application code. */
uint64_t wt_code_from_h3(uint64_t h3);

#endif /* MOQT_WEBTRANSPORT_WT_INTERNAL_H */
