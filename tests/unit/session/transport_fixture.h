/*
 * A client and a server MoQT session over a real transport on loopback:
 * raw QUIC (ngtcp2 + GnuTLS through the runtime) or WebTransport (our
 * HTTP/3 adapter over the same runtime), chosen per pair, so one scenario
 * body runs over both.
 *
 * Both ends derive what they offer from a set of drafts, the way
 * apps/common/{client,server}.c do:
 *   - raw QUIC: the client offers ALPN moqt-NN for each draft 15+ (newest
 *     first) and moq-00 when a draft 07-14 is in its set (those negotiate
 *     in band, CLIENT_SETUP / SERVER_SETUP); the server lists the same from
 *     its set, plus h3, and picks by its own preference (GnuTLS server
 *     precedence);
 *   - WebTransport: the client's QUIC ALPN is h3 and WT-Available-Protocols
 *     lists moqt-NN for its drafts 15+; the server confirms the newest of
 *     its own that was offered, or none, in which case drafts 07-14
 *     negotiate in band.
 * One UDP port serves both: the server routes each QUIC connection by ALPN
 * (h3 -> WebTransport adapter, anything else -> a raw MoQT session), as
 * apps/common/server.c does.
 */
#ifndef MOQT_TESTS_TRANSPORT_FIXTURE_H
#define MOQT_TESTS_TRANSPORT_FIXTURE_H

#include <moqt/moqt_runtime.h>
#include <moqt/moqt_session.h>

#include "webtransport/wt.h"

typedef enum tfx_transport {
    TFX_QUIC = 0, /* raw QUIC */
    TFX_WT        /* WebTransport over HTTP/3 */
} tfx_transport;

#define TFX_MAX_PROTOCOLS 8

typedef struct tfx_opts {
    tfx_transport transport;
    uint32_t client_drafts, server_drafts; /* MOQT_DRAFT_BIT sets; 0: every draft */
    const moqt_session_callbacks *client_cb, *server_cb;
    void *client_ud, *server_ud;
} tfx_opts;

typedef struct tfx_pair {
    tfx_opts o;
    moqt_runtime *rt;
    moqt_tls_config *stls, *ctls;
    moqt_quic_server *srv;
    moqt_transport *cquic; /* the client's QUIC connection */
    moqt_wt_conn *cwt;     /* WebTransport: the client's HTTP/3 connection */
    moqt_wt_conn *swt;     /* WebTransport: the server's one */
    moqt_transport *ct;    /* what the client session runs on */
    moqt_transport *st;    /* what the server session runs on (NULL until routed) */
    moqt_session *c, *s;   /* s is NULL until the server has a session */
    /* What each end offers, derived from its drafts. */
    const char *client_alpns[TFX_MAX_PROTOCOLS], *server_alpns[TFX_MAX_PROTOCOLS];
    size_t nclient_alpns, nserver_alpns;
    const char *client_wt[TFX_MAX_PROTOCOLS], *server_wt[TFX_MAX_PROTOCOLS];
    size_t nclient_wt, nserver_wt;
    /* What the server saw. */
    char server_alpn[32];      /* QUIC ALPN of the routed connection */
    char wt_offered[128];      /* WT-Available-Protocols, ';'-separated */
    char wt_chosen[32];        /* the WT-Protocol confirmed, "" for none */
    bool server_conn_closed;   /* a QUIC connection closed before routing */
    uint64_t server_conn_code; /* ... with this code */
    bool server_conn_app;      /* ... an application close (false: transport) */
    int wt_conn_closed;        /* the server's HTTP/3 connections that ended */
} tfx_pair;

/* "raw QUIC" or "WebTransport". */
const char *tfx_name(tfx_transport t);

/*
 * tfx_start listens on 127.0.0.1 (an ephemeral port), connects and creates
 * the client session; the server session is created when the connection is
 * routed. Nothing has run yet. Returns false if any step failed.
 */
bool tfx_start(tfx_pair *p, const tfx_opts *o);

/* Runs the loop until cond(arg) or |timeout| passed; returns cond's value. */
bool tfx_run_until(tfx_pair *p, bool (*cond)(void *arg), void *arg, moqt_duration timeout);

/* True once both sessions are set up, or setup can no longer succeed. */
bool tfx_setup_settled(void *pair);
/* Both sessions finished setup. */
bool tfx_setup_done(const tfx_pair *p);
/* Both ends are closing or closed (moqt_session_is_closed; an end without a
 * session: its connection closed). Tests that need the closed callbacks wait
 * for them. */
bool tfx_closed(void *pair);

/* tfx_close closes the client session with NO_ERROR and waits for both ends. */
bool tfx_close(tfx_pair *p);

/* tfx_stop frees sessions, connections, the runtime and the TLS configs. */
void tfx_stop(tfx_pair *p);

#endif /* MOQT_TESTS_TRANSPORT_FIXTURE_H */
