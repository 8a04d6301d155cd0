/*
 * A client and a server MoQT session over raw QUIC or WebTransport on
 * loopback (see transport_fixture.h).
 */
#include "transport_fixture.h"

#include <stdio.h>
#include <string.h>

#include "wire/profile.h"

const char *tfx_name(tfx_transport t)
{
    return t == TFX_WT ? "WebTransport" : "raw QUIC";
}

static bool has_draft(uint32_t drafts, const moqt_profile *p)
{
    return (drafts & MOQT_DRAFT_BIT(p->version & 0xff)) != 0;
}

/*
 * The moqt-NN protocols of |drafts| (15+), newest first, into |wt|; the
 * same plus moq-00 when a draft 07-14 is in the set into |alpns|.
 */
static void protocols_of(uint32_t drafts, const char **alpns, size_t *nalpns, const char **wt,
                         size_t *nwt)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    bool inband = false;
    *nalpns = *nwt = 0;
    for (size_t i = count; i-- > 0;) {
        if (!has_draft(drafts, &all[i])) {
            continue;
        }
        if (all[i].version_in_setup) {
            inband = true;
        } else if (*nwt < TFX_MAX_PROTOCOLS - 2) {
            wt[(*nwt)++] = all[i].alpn;
            alpns[(*nalpns)++] = all[i].alpn;
        }
    }
    if (inband) {
        alpns[(*nalpns)++] = "moq-00";
    }
}

static void session_settings(moqt_session_settings *set, uint32_t drafts, bool wt)
{
    moqt_session_settings_default(set);
    set->drafts = drafts;
    set->webtransport = wt;
    set->implementation = "libmoqt-test";
}

/* ---- Server ------------------------------------------------------------------------ */

static int server_session(tfx_pair *p, moqt_transport *t, bool wt)
{
    if (p->s != NULL) {
        return MOQT_ERR_CALLBACK_FAILURE; /* one session per pair */
    }
    moqt_session_settings set;
    session_settings(&set, p->o.server_drafts, wt);
    p->st = t;
    return moqt_session_server_new(t, &set, p->o.server_cb, NULL, p->o.server_ud, &p->s) == 0
               ? 0
               : MOQT_ERR_CALLBACK_FAILURE;
}

/* Confirms the newest of the server's protocols the client offered (server
 * preference, as apps/common/server.c), or none: then 07-14 go in band. */
static int on_wt_request(moqt_wt_conn *c, const moqt_wt_request *req, int *chosen, void *ud)
{
    (void)c;
    tfx_pair *p = ud;
    p->wt_offered[0] = 0;
    for (size_t k = 0; k < req->noffered; k++) {
        size_t used = strlen(p->wt_offered);
        snprintf(p->wt_offered + used, sizeof p->wt_offered - used, "%s%s", k ? ";" : "",
                 req->offered[k]);
    }
    *chosen = -1;
    for (size_t i = 0; i < p->nserver_wt && *chosen < 0; i++) {
        for (size_t k = 0; k < req->noffered; k++) {
            if (strcmp(req->offered[k], p->server_wt[i]) == 0) {
                *chosen = (int)k;
                break;
            }
        }
    }
    snprintf(p->wt_chosen, sizeof p->wt_chosen, "%s", *chosen >= 0 ? req->offered[*chosen] : "");
    return 200;
}

static int on_wt_session(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req, void *ud)
{
    (void)c;
    (void)req;
    return server_session(ud, t, true);
}

static void on_wt_conn_closed(moqt_wt_conn *c, bool remote, uint64_t code, void *ud)
{
    (void)c;
    (void)remote;
    (void)code;
    ((tfx_pair *)ud)->wt_conn_closed++;
}

static int route_wt(tfx_pair *p, moqt_transport *quic)
{
    if (p->swt != NULL) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    moqt_wt_settings ws;
    moqt_wt_settings_default(&ws);
    ws.protocols = p->server_wt;
    ws.nprotocols = p->nserver_wt;
    moqt_wt_callbacks cb = {.struct_size = sizeof cb,
                            .session_request = on_wt_request,
                            .session_new = on_wt_session,
                            .conn_closed = on_wt_conn_closed};
    if (moqt_wt_conn_new(quic, &ws, &cb, p, NULL, &p->swt) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    /* Created inside the connection's handshake_done: start HTTP/3 now. */
    return moqt_wt_conn_start(p->swt) == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
}

/* ALPN routing: h3 goes to the WebTransport adapter, anything else gets a raw
 * MoQT session, which is handed this handshake_done again. */
static int on_route_handshake(moqt_transport *t, const char *alpn, void *ud)
{
    tfx_pair *p = ud;
    snprintf(p->server_alpn, sizeof p->server_alpn, "%s", alpn ? alpn : "");
    if (strcmp(p->server_alpn, "h3") == 0) {
        return route_wt(p, t);
    }
    int rv = server_session(p, t, false);
    return rv != 0 ? rv : moqt_transport_emit_handshake_done(t, p->server_alpn);
}

static void on_route_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                            const uint8_t *reason, size_t len, void *ud)
{
    (void)t;
    (void)remote;
    (void)reason;
    (void)len;
    tfx_pair *p = ud;
    p->server_conn_closed = true;
    p->server_conn_app = app;
    p->server_conn_code = code;
}

static const moqt_transport_callbacks route_cb = {
    .struct_size = sizeof(moqt_transport_callbacks),
    .handshake_done = on_route_handshake,
    .closed = on_route_closed,
};

static int on_accept(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    (void)srv;
    return moqt_transport_set_callbacks(t, &route_cb, ud);
}

static bool start_server(tfx_pair *p)
{
    protocols_of(p->o.server_drafts, p->server_alpns, &p->nserver_alpns, p->server_wt,
                 &p->nserver_wt);
    p->server_alpns[p->nserver_alpns++] = "h3";
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    qs.alpns = p->server_alpns;
    qs.nalpns = p->nserver_alpns;
    return moqt_runtime_listen(p->rt, "127.0.0.1", 0, &qs, p->stls, on_accept, p, &p->srv) == 0;
}

/* ---- Client ------------------------------------------------------------------------ */

static bool start_client(tfx_pair *p)
{
    protocols_of(p->o.client_drafts, p->client_alpns, &p->nclient_alpns, p->client_wt,
                 &p->nclient_wt);
    bool wt = p->o.transport == TFX_WT;
    static const char *const h3[] = {"h3"};
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    qs.alpns = wt ? h3 : p->client_alpns;
    qs.nalpns = wt ? 1 : p->nclient_alpns;
    qs.server_name = "localhost";
    uint16_t port = moqt_quic_server_port(p->srv);
    if (moqt_runtime_connect(p->rt, "127.0.0.1", port, &qs, p->ctls, &p->cquic) != 0) {
        return false;
    }
    p->ct = p->cquic;
    if (wt) {
        moqt_wt_settings ws;
        moqt_wt_settings_default(&ws);
        ws.protocols = p->client_wt;
        ws.nprotocols = p->nclient_wt;
        char authority[32];
        snprintf(authority, sizeof authority, "127.0.0.1:%u", port);
        if (moqt_wt_conn_new(p->cquic, &ws, NULL, NULL, NULL, &p->cwt) != 0 ||
            moqt_wt_connect(p->cwt, authority, "/moq", &p->ct) != 0) {
            return false;
        }
    }
    moqt_session_settings set;
    session_settings(&set, p->o.client_drafts, wt);
    if (!wt) {
        set.path = "/moq"; /* PATH and AUTHORITY travel in setup on raw QUIC only */
        set.authority = "localhost";
    }
    return moqt_session_client_new(p->ct, &set, p->o.client_cb, NULL, p->o.client_ud, &p->c) == 0;
}

/* ---- Lifecycle --------------------------------------------------------------------- */

bool tfx_start(tfx_pair *p, const tfx_opts *o)
{
    memset(p, 0, sizeof(*p));
    p->o = *o;
    if (p->o.client_drafts == 0) {
        p->o.client_drafts = MOQT_DRAFTS_ALL;
    }
    if (p->o.server_drafts == 0) {
        p->o.server_drafts = MOQT_DRAFTS_ALL;
    }
    if (moqt_runtime_new(NULL, NULL, &p->rt) != 0 ||
        moqt_tls_server_config_self_signed(NULL, &p->stls) != 0 ||
        moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                   moqt_tls_config_fingerprint(p->stls), NULL, &p->ctls) != 0) {
        return false;
    }
    return start_server(p) && start_client(p);
}

bool tfx_run_until(tfx_pair *p, bool (*cond)(void *arg), void *arg, moqt_duration timeout)
{
    return moqt_runtime_run_until(p->rt, cond, arg, timeout);
}

bool tfx_setup_done(const tfx_pair *p)
{
    return p->c && p->s && moqt_session_version(p->c) != 0 && moqt_session_version(p->s) != 0;
}

static bool server_end_closed(const tfx_pair *p)
{
    if (p->s != NULL) {
        return moqt_session_is_closed(p->s);
    }
    return p->server_conn_closed || p->wt_conn_closed > 0;
}

bool tfx_setup_settled(void *pair)
{
    tfx_pair *p = pair;
    return tfx_setup_done(p) || moqt_session_is_closed(p->c) || server_end_closed(p);
}

bool tfx_closed(void *pair)
{
    tfx_pair *p = pair;
    return moqt_session_is_closed(p->c) && server_end_closed(p);
}

bool tfx_close(tfx_pair *p)
{
    if (!moqt_session_is_closed(p->c)) {
        moqt_session_close(p->c, 0, "done", 0);
    }
    return tfx_run_until(p, tfx_closed, p, 5 * MOQT_SECONDS);
}

void tfx_stop(tfx_pair *p)
{
    /* Sessions first, while a server session's transport may still be alive;
     * the runtime then drops the server connections, and the WebTransport
     * adapters (which never touch their QUIC connection when deleted) go last. */
    moqt_session_del(p->c);
    moqt_session_del(p->s);
    moqt_wt_conn_del(p->cwt);
    if (p->cquic) {
        moqt_runtime_conn_del(p->rt, p->cquic);
    }
    moqt_runtime_del(p->rt);
    moqt_wt_conn_del(p->swt);
    moqt_tls_config_del(p->stls);
    moqt_tls_config_del(p->ctls);
    memset(p, 0, sizeof(*p));
}
