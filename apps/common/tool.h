/*
 * Shared code of the command-line tools (time-server, time-client, moqt-pub,
 * moqt-sub): option values, URLs, logging, TLS choices, and the two ways a
 * tool meets a peer:
 *   - tool_server: one UDP port for raw QUIC (ALPN moq-00 / moqt-NN) and
 *     WebTransport (ALPN h3), plus GET /certificate.sha256 on the same TCP
 *     port; every accepted MoQT session is a tool_peer;
 *   - tool_client: a URL (moqt:// = raw QUIC, https:// = WebTransport) turned
 *     into one client MoQT session.
 * Tools are applications of the public API; the WebTransport adapter and the
 * certificate responder are internal modules they link statically.
 */
#ifndef MOQT_APPS_TOOL_H
#define MOQT_APPS_TOOL_H

#include <moqt/moqt.h>
#include <moqt/moqt_runtime.h>
#include <moqt/moqt_session.h>

#include <stdio.h>

/* ---- Logging ------------------------------------------------------------------- */

/*
 * tool_log_init makes `info` the default level for tools (the library default
 * is `warn`); MOQT_LOG still overrides it. |name| tags the tool's own lines.
 */
void tool_log_init(const char *name);
void tool_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tool_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tool_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* tool_fail prints "NAME: message" to stderr (always, whatever the level). */
void tool_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Values -------------------------------------------------------------------- */

/* tool_now returns CLOCK_MONOTONIC in nanoseconds (the sessions' |now|). */
moqt_tstamp tool_now(void);

/*
 * tool_parse_drafts parses "N[,N...]" (also "07", "16,17", ranges "7-14")
 * into a MOQT_DRAFT_BIT mask. Returns 0 or -1 (unknown draft, bad syntax).
 */
int tool_parse_drafts(const char *s, uint32_t *mask);

/* tool_parse_u64 parses a decimal count; returns 0 or -1. */
int tool_parse_u64(const char *s, uint64_t *v);

/* tool_draft_of returns NN for version 0xff0000NN (logging only). */
unsigned tool_draft_of(uint64_t version);

/* tool_parse_hostport parses "ADDR:PORT", "[V6]:PORT" or ":PORT" (host "" =
 * every address, dual-stack). Returns 0 or -1. */
int tool_parse_hostport(const char *s, char *host, size_t hostcap, uint16_t *port);

/* A peer's URL. */
typedef struct tool_url {
    bool webtransport; /* https:// (else moqt://) */
    char host[256];    /* without brackets */
    uint16_t port;
    char authority[300]; /* host[:port] as written */
    char path[512];      /* "/..." ("" when none was given) */
} tool_url;

/* tool_url_parse fills |u| or returns -1 with a reason in |err|. */
int tool_url_parse(const char *s, tool_url *u, char *err, size_t errcap);

/* TLS and version choices shared by the clients. */
typedef struct tool_client_opts {
    uint32_t drafts; /* MOQT_DRAFT_BIT mask */
    const char *fingerprint;
    bool insecure;
    const char *implementation; /* MOQT_IMPLEMENTATION string, or NULL */
    size_t max_send_buffer;     /* 0: the session's default */
} tool_client_opts;

/* ---- Server ---------------------------------------------------------------------- */

typedef struct tool_server tool_server;
typedef struct tool_peer tool_peer;

/* A session's timers (moqt_session_get_expiry / _handle_expiry: delivery
 * timeouts) driven on the runtime's loop: re-armed before the loop sleeps. */
typedef struct tool_timer tool_timer;
tool_timer *tool_timer_start(moqt_runtime *rt, moqt_session *s);
void tool_timer_stop(tool_timer *x); /* NULL is fine; before moqt_session_del */

/* One accepted MoQT session. */
struct tool_peer {
    tool_server *srv;
    moqt_session *session;
    moqt_transport *t;
    bool webtransport;
    char label[64]; /* "raw QUIC moqt-17" / "WebTransport moq-00" */
    void *app;      /* for the tool */
    tool_timer *timer;
};

typedef struct tool_server_opts {
    /* Listen address ("" = dual-stack any) and port. */
    const char *host;
    uint16_t port;
    /* Drafts served (mask) and the callbacks each session gets (user_data =
     * the tool_peer). */
    uint32_t drafts;
    const moqt_session_callbacks *callbacks;
    /* Called when a peer's session ends, before it is freed (may be NULL). */
    void (*peer_gone)(tool_peer *peer);
    /* Optional PEM files; a self-signed certificate is generated otherwise. */
    const char *cert_path, *key_path;
    size_t max_send_buffer; /* 0: the session's default */
    void *app;
} tool_server_opts;

/*
 * tool_server_start listens (UDP + TCP certificate responder) on |rt|.
 * Returns 0 or -1 after printing why.
 */
int tool_server_start(moqt_runtime *rt, const tool_server_opts *opts, tool_server **psrv);
/* tool_server_log_urls logs the fingerprint and the URLs clients can use. */
void tool_server_log_urls(const tool_server *srv);
uint16_t tool_server_port(const tool_server *srv);
const char *tool_server_fingerprint(const tool_server *srv);
void *tool_server_app(const tool_server *srv);
/* tool_server_peers iterates live peers: index 0.. until NULL. */
tool_peer *tool_server_peer(tool_server *srv, size_t i);
/* tool_server_close_all closes every session (run the loop a little after). */
void tool_server_close_all(tool_server *srv);
/* tool_server_stop closes every session, the listeners, and frees |srv|. */
void tool_server_stop(tool_server *srv);

/* ---- Client ---------------------------------------------------------------------- */

typedef struct tool_client tool_client;

/*
 * tool_client_connect starts a connection to |url| and creates a client MoQT
 * session on it with |cb| (user_data |ud|). Progress is reported through the
 * callbacks; tool_client_session() is valid at once. Returns 0 or -1 after
 * printing why.
 */
int tool_client_connect(moqt_runtime *rt, const tool_url *url, const tool_client_opts *opts,
                        const moqt_session_callbacks *cb, void *ud, tool_client **pc);
moqt_session *tool_client_session(tool_client *c);
/* tool_client_transport_closed is true once the connection ended. */
bool tool_client_closed(const tool_client *c);
/* A one-line description of the transport ("raw QUIC, ALPN moqt-17"). */
const char *tool_client_describe(const tool_client *c);
void tool_client_del(tool_client *c);

/* ---- Loop helpers ---------------------------------------------------------------- */

/* tool_stop_on_signals stops |rt| on SIGINT / SIGTERM. */
void tool_stop_on_signals(moqt_runtime *rt);
/* tool_interrupted is true once SIGINT / SIGTERM arrived (for run_until loops). */
bool tool_interrupted(void);
/* tool_usage_error prints "NAME: msg\nTry 'NAME --help'." and returns 2. */
int tool_usage_error(const char *name, const char *msg, const char *arg);

#endif /* MOQT_APPS_TOOL_H */
