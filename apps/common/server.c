/*
 * tool_server: one UDP port for raw QUIC and WebTransport, one TCP port (the
 * same number) for GET /certificate.sha256.
 *
 * ALPN routing happens in the QUIC connection's handshake_done: "h3" hands
 * the connection to the WebTransport adapter (moqt_wt_conn_start, since its
 * own handshake_done has passed), "moq-00" / "moqt-NN" get a MoQT server
 * session. That session was created after the transport reported
 * handshake_done, so the event is delivered to it again (with a copy of the
 * ALPN: the transport stores the string it reports).
 *
 * Lifetimes: the runtime frees a server QUIC connection right after its
 * closed callback returns, so a raw session is freed inside its own closed
 * callback (the session does nothing after calling it). WebTransport session
 * handles live until their moqt_wt_conn is deleted, which happens in
 * conn_closed, after every session's closed.
 */
#include "common/tool.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "webtransport/cert_http.h"
#include "webtransport/wt.h"
#include "wire/profile.h"

#define MAX_PEERS 256
#define MAX_WT    128

struct tool_server {
    moqt_runtime *rt;
    tool_server_opts opts;
    moqt_session_callbacks app_cb;
    moqt_tls_config *tls;
    moqt_quic_server *quic;
    moqt_cert_http *http;
    char host[256];
    uint16_t port;
    const char *alpns[24];
    size_t nalpns;
    const char *wt_protocols[16];
    size_t nwt_protocols;
    tool_peer *peers[MAX_PEERS];
    moqt_wt_conn *wt[MAX_WT];
};

/* ---- Peers ----------------------------------------------------------------------- */

static tool_peer *peer_add(tool_server *srv, moqt_transport *t, bool wt, const char *proto)
{
    for (size_t i = 0; i < MAX_PEERS; i++) {
        if (srv->peers[i] == NULL) {
            tool_peer *p = calloc(1, sizeof *p);
            if (p == NULL) {
                return NULL;
            }
            p->srv = srv;
            p->t = t;
            p->webtransport = wt;
            p->app = srv->opts.app;
            snprintf(p->label, sizeof p->label, "%s %s", wt ? "WebTransport" : "raw QUIC",
                     proto && proto[0] ? proto : "moq-00");
            srv->peers[i] = p;
            return p;
        }
    }
    return NULL;
}

static void peer_free(tool_peer *p)
{
    tool_server *srv = p->srv;
    for (size_t i = 0; i < MAX_PEERS; i++) {
        if (srv->peers[i] == p) {
            srv->peers[i] = NULL;
        }
    }
    if (srv->opts.peer_gone) {
        srv->opts.peer_gone(p);
    }
    tool_timer_stop(p->timer);
    moqt_session_del(p->session);
    free(p);
}

static int on_setup_done(moqt_session *s, uint64_t version, void *ud)
{
    tool_peer *p = ud;
    const char *proto = moqt_transport_alpn(p->t);
    snprintf(p->label, sizeof p->label, "%s %s", p->webtransport ? "WebTransport" : "raw QUIC",
             proto[0] && strcmp(proto, "h3") != 0 ? proto : "in-band");
    tool_info("session over %s: draft %02u", p->label, tool_draft_of(version));
    return p->srv->app_cb.setup_done ? p->srv->app_cb.setup_done(s, version, ud) : 0;
}

static void on_session_closed(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason,
                              void *ud)
{
    tool_peer *p = ud;
    tool_info("session over %s closed by %s (code %llu%s%.*s)", p->label,
              remote ? "the peer" : "us", (unsigned long long)code, reason.len ? ": " : "",
              (int)reason.len, reason.base ? (const char *)reason.base : "");
    if (p->srv->app_cb.closed) {
        p->srv->app_cb.closed(s, remote, code, reason, ud);
    }
    if (!p->webtransport) {
        peer_free(p); /* the runtime frees the QUIC connection when this returns */
    }
}

static int session_start(tool_server *srv, moqt_transport *t, bool wt, const char *proto,
                         tool_peer **pp)
{
    tool_peer *p = peer_add(srv, t, wt, proto);
    if (p == NULL) {
        tool_warn("too many sessions: refusing one");
        return -1;
    }
    moqt_session_settings set;
    moqt_session_settings_default(&set);
    set.drafts = srv->opts.drafts;
    set.webtransport = wt;
    set.implementation = "libmoqt " MOQT_LIB_VERSION;
    if (srv->opts.max_send_buffer) {
        set.max_send_buffer = srv->opts.max_send_buffer;
    }
    moqt_session_callbacks cb = srv->app_cb;
    cb.setup_done = on_setup_done;
    cb.closed = on_session_closed;
    if (moqt_session_server_new(t, &set, &cb, NULL, p, &p->session) != 0) {
        peer_free(p);
        return -1;
    }
    p->timer = tool_timer_start(srv->rt, p->session);
    *pp = p;
    return 0;
}

/* ---- WebTransport ------------------------------------------------------------------ */

static int on_wt_session(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req, void *ud)
{
    (void)c;
    (void)req;
    tool_server *srv = ud;
    tool_peer *p;
    /* The chosen WT-Protocol arrives as the ALPN of this transport's handshake_done. */
    return session_start(srv, t, true, "", &p) == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
}

static int on_wt_request(moqt_wt_conn *c, const moqt_wt_request *req, int *chosen, void *ud)
{
    (void)c;
    tool_server *srv = ud;
    *chosen = -1;
    for (size_t i = 0; i < srv->nwt_protocols && *chosen < 0; i++) {
        for (size_t k = 0; k < req->noffered; k++) {
            if (strcmp(req->offered[k], srv->wt_protocols[i]) == 0) {
                *chosen = (int)k;
                break;
            }
        }
    }
    tool_debug("WebTransport CONNECT %.*s, protocol %s", (int)req->path.len,
               (const char *)req->path.base, *chosen >= 0 ? req->offered[*chosen] : "in-band");
    return 200;
}

static void on_wt_conn_closed(moqt_wt_conn *c, bool remote, uint64_t code, void *ud)
{
    (void)remote;
    (void)code;
    tool_server *srv = ud;
    for (size_t i = 0; i < MAX_WT; i++) {
        if (srv->wt[i] == c) {
            srv->wt[i] = NULL;
        }
    }
    /* Free the closed WebTransport peers before their handles go away. */
    for (size_t i = 0; i < MAX_PEERS; i++) {
        tool_peer *p = srv->peers[i];
        if (p && p->webtransport && moqt_session_is_closed(p->session)) {
            peer_free(p);
        }
    }
    moqt_wt_conn_del(c);
}

static int wt_start(tool_server *srv, moqt_transport *quic)
{
    for (size_t i = 0; i < MAX_WT; i++) {
        if (srv->wt[i] == NULL) {
            moqt_wt_settings ws;
            moqt_wt_settings_default(&ws);
            ws.protocols = srv->wt_protocols;
            ws.nprotocols = srv->nwt_protocols;
            moqt_wt_callbacks cb = {.struct_size = sizeof cb,
                                    .session_request = on_wt_request,
                                    .session_new = on_wt_session,
                                    .conn_closed = on_wt_conn_closed};
            if (moqt_wt_conn_new(quic, &ws, &cb, srv, NULL, &srv->wt[i]) != 0) {
                return -1;
            }
            return moqt_wt_conn_start(srv->wt[i]) == 0 ? 0 : -1;
        }
    }
    return -1;
}

/* ---- ALPN routing ------------------------------------------------------------------- */

static int on_route_handshake(moqt_transport *t, const char *alpn, void *ud)
{
    tool_server *srv = ud;
    char proto[32];
    snprintf(proto, sizeof proto, "%s", alpn ? alpn : "");
    if (strcmp(proto, "h3") == 0) {
        return wt_start(srv, t) == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
    }
    tool_peer *p;
    if (session_start(srv, t, false, proto, &p) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return moqt_transport_emit_handshake_done(t, proto);
}

static void on_route_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                            const uint8_t *reason, size_t len, void *ud)
{
    (void)t;
    (void)remote;
    (void)app;
    (void)ud;
    tool_debug("connection closed before ALPN routing (code %llu: %.*s)", (unsigned long long)code,
               (int)len, reason ? (const char *)reason : "");
}

static const moqt_transport_callbacks route_cb = {
    .struct_size = sizeof(moqt_transport_callbacks),
    .handshake_done = on_route_handshake,
    .closed = on_route_closed,
};

static int on_accept(moqt_quic_server *qs, moqt_transport *t, void *ud)
{
    (void)qs;
    return moqt_transport_set_callbacks(t, &route_cb, ud);
}

void tool_server_close_all(tool_server *srv)
{
    for (size_t i = 0; i < MAX_PEERS; i++) {
        tool_peer *p = srv->peers[i];
        if (p && !moqt_session_is_closed(p->session)) {
            moqt_session_close(p->session, 0, "server stopping", tool_now());
        }
    }
}

/* ---- Lifecycle ---------------------------------------------------------------------- */

/* ALPNs (raw QUIC) and WT protocols from the drafts served, newest first. */
static void build_protocols(tool_server *srv)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    bool inband = false;
    for (size_t i = count; i-- > 0;) {
        if ((srv->opts.drafts & MOQT_DRAFT_BIT(tool_draft_of(all[i].version))) == 0) {
            continue;
        }
        if (all[i].version_in_setup) {
            inband = true;
        } else {
            srv->alpns[srv->nalpns++] = all[i].alpn;
            srv->wt_protocols[srv->nwt_protocols++] = all[i].alpn;
        }
    }
    if (inband) {
        srv->alpns[srv->nalpns++] = "moq-00";
    }
    srv->alpns[srv->nalpns++] = "h3";
}

int tool_server_start(moqt_runtime *rt, const tool_server_opts *opts, tool_server **psrv)
{
    tool_server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        return -1;
    }
    srv->rt = rt;
    srv->opts = *opts;
    srv->app_cb = *opts->callbacks;
    snprintf(srv->host, sizeof srv->host, "%s", opts->host ? opts->host : "");
    build_protocols(srv);
    int rv = opts->cert_path
                 ? moqt_tls_server_config_load(opts->cert_path, opts->key_path, NULL, &srv->tls)
                 : moqt_tls_server_config_self_signed(NULL, &srv->tls);
    if (rv != 0) {
        tool_fail("cannot %s the certificate: %s", opts->cert_path ? "load" : "generate",
                  moqt_strerror(rv));
        free(srv);
        return -1;
    }
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    qs.alpns = srv->alpns;
    qs.nalpns = srv->nalpns;
    const char *bind = srv->host[0] ? srv->host : NULL;
    rv = moqt_runtime_listen(rt, bind, opts->port, &qs, srv->tls, on_accept, srv, &srv->quic);
    if (rv != 0) {
        tool_fail("cannot listen on UDP %s port %u: %s", srv->host[0] ? srv->host : "*", opts->port,
                  moqt_strerror(rv));
        tool_server_stop(srv);
        return -1;
    }
    srv->port = moqt_quic_server_port(srv->quic);
    rv = moqt_cert_http_start(moqt_runtime_loop(rt), srv->host[0] ? srv->host : "::", srv->port,
                              moqt_tls_config_fingerprint(srv->tls), NULL, &srv->http);
    if (rv != 0) {
        /* Raw QUIC and https:// URLs with a hash still work: say so and go on. */
        tool_warn("cannot serve /certificate.sha256 on TCP port %u (%s); http:// URLs will not "
                  "work",
                  srv->port, moqt_strerror(rv));
        srv->http = NULL;
    }
    *psrv = srv;
    return 0;
}

void tool_server_log_urls(const tool_server *srv)
{
    const char *h = srv->host[0] ? srv->host : "127.0.0.1";
    bool v6 = strchr(h, ':') != NULL;
    char hp[300];
    snprintf(hp, sizeof hp, "%s%s%s:%u", v6 ? "[" : "", h, v6 ? "]" : "", srv->port);
    tool_info("listening on UDP %s port %u (raw QUIC and WebTransport)",
              srv->host[0] ? srv->host : "* (IPv4 and IPv6)", srv->port);
    tool_info("certificate SHA-256 fingerprint %s", moqt_tls_config_fingerprint(srv->tls));
    tool_info("raw QUIC:     moqt://%s", hp);
    tool_info("WebTransport: https://%s", hp);
    if (srv->http) {
        tool_info("certificate hash for browsers: http://%s/certificate.sha256", hp);
    }
}

uint16_t tool_server_port(const tool_server *srv)
{
    return srv->port;
}

const char *tool_server_fingerprint(const tool_server *srv)
{
    return moqt_tls_config_fingerprint(srv->tls);
}

void *tool_server_app(const tool_server *srv)
{
    return srv->opts.app;
}

tool_peer *tool_server_peer(tool_server *srv, size_t i)
{
    size_t n = 0;
    for (size_t k = 0; k < MAX_PEERS; k++) {
        if (srv->peers[k] && n++ == i) {
            return srv->peers[k];
        }
    }
    return NULL;
}

void tool_server_stop(tool_server *srv)
{
    if (srv == NULL) {
        return;
    }
    if (srv->http) {
        moqt_cert_http_stop(srv->http);
    }
    /* Sessions go before their transports: the caller deletes the runtime
     * (which drops the QUIC connections silently) after this. */
    for (size_t i = 0; i < MAX_PEERS; i++) {
        if (srv->peers[i]) {
            tool_peer *p = srv->peers[i];
            srv->peers[i] = NULL;
            if (srv->opts.peer_gone) {
                srv->opts.peer_gone(p);
            }
            tool_timer_stop(p->timer);
            moqt_session_del(p->session);
            free(p);
        }
    }
    for (size_t i = 0; i < MAX_WT; i++) {
        moqt_wt_conn_del(srv->wt[i]);
    }
    moqt_tls_config_del(srv->tls);
    free(srv);
}
