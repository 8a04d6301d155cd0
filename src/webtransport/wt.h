/*
 * WebTransport over HTTP/3, as an adapter between two moqt_transports.
 *
 * A moqt_wt_conn consumes one QUIC connection (a moqt_transport whose ALPN is
 * h3) and runs a minimal HTTP/3 on it: the control stream with SETTINGS, the
 * QPACK streams (nghttp3's QPACK, dynamic table capacity 0), HEADERS / DATA
 * framing on request streams, GOAWAY. Each WebTransport session on it is
 * exposed as its own moqt_transport, so a MoQT session runs over raw QUIC or
 * WebTransport unchanged:
 *   - stream ids are the underlying QUIC stream ids;
 *   - the stream preambles (uni 0x54 / bidi 0x41 + Session ID) are written
 *     and stripped here; offsets in stream_acked count the caller's bytes only;
 *   - application error codes are mapped to and from the HTTP/3 range;
 *   - datagrams carry the Quarter Stream ID prefix;
 *   - handshake_done reports the protocol chosen through WT-Available-Protocols
 *     / WT-Protocol (e.g. "moqt-16") as the ALPN, or "" when none was agreed;
 *   - close() sends WT_CLOSE_SESSION (code, reason) and FIN on the CONNECT
 *     stream; a peer's close capsule arrives as closed(remote, app, code, reason).
 *
 * Both SETTINGS dialects are spoken at once (see docs/webtransport.md): draft-02
 * (Chromium) and drafts 07..16.
 */
#ifndef MOQT_WEBTRANSPORT_WT_H
#define MOQT_WEBTRANSPORT_WT_H

#include <moqt/moqt.h>
#include <moqt/moqt_transport.h>

typedef struct moqt_wt_conn moqt_wt_conn;

/* What the peer offered in an extended CONNECT (server side). */
typedef struct moqt_wt_request {
    moqt_bytes authority;
    moqt_bytes path;
    moqt_bytes origin;
    moqt_bytes protocol; /* the :protocol token: webtransport or webtransport-h3 */
    /* WT-Available-Protocols members, in the client's order (strings only). */
    const char *offered[16];
    size_t noffered;
    bool draft02; /* Sec-Webtransport-Http3-Draft02: 1 */
} moqt_wt_request;

#define MOQT_WT_PROTOCOL_MAX 64

typedef struct moqt_wt_callbacks {
    size_t struct_size;
    /*
     * Server: a CONNECT for a WebTransport session arrived. Return the HTTP
     * status to answer (2xx accepts, e.g. 404 for an unknown path) and set
     * |*chosen| to the index in req->offered of the protocol to confirm, or -1
     * for none. NULL: accept every path and choose the first offered protocol
     * that moqt_wt_settings.protocols lists.
     */
    int (*session_request)(moqt_wt_conn *c, const moqt_wt_request *req, int *chosen,
                           void *user_data);
    /*
     * Server: session |t| was accepted. Install its callbacks here: its
     * handshake_done follows as soon as this returns. |req| is valid for this
     * call only.
     */
    int (*session_new)(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req,
                       void *user_data);
    /* The peer asked the session to drain (WT_DRAIN_SESSION) or sent GOAWAY. */
    void (*session_drain)(moqt_wt_conn *c, moqt_transport *t, void *user_data);
    /* The HTTP/3 connection ended (after every session's closed). */
    void (*conn_closed)(moqt_wt_conn *c, bool remote, uint64_t error_code, void *user_data);
} moqt_wt_callbacks;

typedef struct moqt_wt_settings {
    size_t struct_size;
    /* Protocols this end speaks, in preference order (server: the default
     * choice among the client's offers; client: what it offers). */
    const char *const *protocols;
    size_t nprotocols;
    /* Sessions we allow at once (server, SETTINGS_WEBTRANSPORT_MAX_SESSIONS). */
    uint64_t max_sessions;
    /* Per-session flow control we grant the peer (wt-13+; draft-02 peers
     * ignore it): streams per direction and bytes, raised again as they are
     * used. 0 = defaults (1024 streams, 16 MiB). */
    uint64_t initial_max_streams_bidi;
    uint64_t initial_max_streams_uni;
    uint64_t initial_max_data;
} moqt_wt_settings;

void moqt_wt_settings_default(moqt_wt_settings *s);

/*
 * moqt_wt_conn_new takes over |quic| (installs its callbacks; the caller keeps
 * ownership of |quic|). Call it before |quic|
 * delivers handshake_done. Every session handle lives until moqt_wt_conn_del.
 */
int moqt_wt_conn_new(moqt_transport *quic, const moqt_wt_settings *settings,
                     const moqt_wt_callbacks *cb, void *user_data, const moqt_mem *mem,
                     moqt_wt_conn **pconn);
/* moqt_wt_conn_del frees the conn and every session handle. It does not touch
 * |quic|: call it after |quic|'s closed callback, or delete |quic| right
 * before or after it, before the loop runs again (|quic| may reference bytes
 * this conn queued, and its callbacks point here). */
void moqt_wt_conn_del(moqt_wt_conn *c);

/*
 * moqt_wt_conn_start opens our control and QPACK streams now. Needed only when
 * the conn was created after |quic|'s handshake_done (a server that routes by
 * ALPN on one port: h3 -> WebTransport, moq-00 / moqt-NN -> raw QUIC, decides
 * inside handshake_done). Idempotent.
 */
int moqt_wt_conn_start(moqt_wt_conn *c);

/*
 * Client: starts a session to |authority| |path| (copied). The request goes
 * out once the server's SETTINGS arrived. The returned transport reports
 * handshake_done (with the protocol the server chose) on a 2xx answer, or
 * closed(remote, app=false, code = HTTP status) on a refusal.
 */
int moqt_wt_connect(moqt_wt_conn *c, const char *authority, const char *path,
                    moqt_transport **psession);

/* moqt_wt_session_drain sends WT_DRAIN_SESSION on |t|'s CONNECT stream. */
int moqt_wt_session_drain(moqt_transport *t);
/* moqt_wt_conn_goaway sends GOAWAY: no new sessions are accepted. */
int moqt_wt_conn_goaway(moqt_wt_conn *c);
/* The WebTransport dialect the peer's SETTINGS announce (newest one it sent). */
typedef enum moqt_wt_peer_dialect {
    MOQT_WT_PEER_UNKNOWN = 0, /* no SETTINGS yet, or no WebTransport setting */
    MOQT_WT_PEER_D02 = 2,     /* SETTINGS_ENABLE_WEBTRANSPORT 0x2b603742 (Chromium) */
    MOQT_WT_PEER_D07 = 7,     /* SETTINGS_WEBTRANSPORT_MAX_SESSIONS 0xc671706a */
    MOQT_WT_PEER_D13 = 13,    /* SETTINGS_WT_MAX_SESSIONS 0x14e9cd29 */
    MOQT_WT_PEER_D15 = 15     /* SETTINGS_WT_ENABLED 0x2c7cf000 */
} moqt_wt_peer_dialect;
moqt_wt_peer_dialect moqt_wt_conn_peer_draft(const moqt_wt_conn *c);
/* The user_data given to moqt_wt_conn_new. */
void *moqt_wt_conn_user_data(const moqt_wt_conn *c);

#endif /* MOQT_WEBTRANSPORT_WT_H */
