/*
 * tool_client: a URL turned into one client MoQT session.
 *
 *   moqt://host:port   raw QUIC; ALPN offers moqt-NN for each allowed draft
 *                      15+ (newest first) and moq-00 when a draft 07-14 is
 *                      allowed (those negotiate inside CLIENT_SETUP).
 *   https://host:port  WebTransport over HTTP/3 (ALPN h3); WT-Available-
 *                      Protocols offers the same moqt-NN list; when the server
 *                      confirms none, drafts 07-14 negotiate in band.
 */
#include "common/tool.h"

#include <stdlib.h>
#include <string.h>

#include "webtransport/wt.h"
#include "wire/profile.h"

struct tool_client {
    moqt_runtime *rt;
    moqt_tls_config *tls;
    moqt_transport *quic;
    moqt_wt_conn *wt;
    moqt_transport *t; /* what the session runs on */
    moqt_session *session;
    tool_timer *timer;
    moqt_session_callbacks app_cb;
    void *app_ud;
    bool closed;
    const char *protocols[16];
    size_t nprotocols;
    char describe[128];
};

static void on_closed(moqt_session *s, bool remote, uint64_t code, moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    c->closed = true;
    if (c->app_cb.closed) {
        c->app_cb.closed(s, remote, code, reason, c->app_ud);
    }
}

/* Session callbacks reach the tool with its own user_data: every callback of
 * the session is forwarded through these thin wrappers. */
static int fwd_setup_done(moqt_session *s, uint64_t v, void *ud)
{
    tool_client *c = ud;
    const char *proto = moqt_transport_alpn(c->t);
    snprintf(c->describe, sizeof c->describe, "%s, %s %s", c->wt ? "WebTransport" : "raw QUIC",
             c->wt ? "protocol" : "ALPN", proto[0] ? proto : "none (in-band version negotiation)");
    return c->app_cb.setup_done ? c->app_cb.setup_done(s, v, c->app_ud) : 0;
}

static int fwd_subscribe(moqt_session *s, const moqt_subscribe_request *r, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.subscribe(s, r, c->app_ud);
}

static int fwd_subscribe_ok(moqt_session *s, uint64_t id, const moqt_location *l, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.subscribe_ok ? c->app_cb.subscribe_ok(s, id, l, c->app_ud) : 0;
}

static int fwd_subscribe_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                               moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.subscribe_error
               ? c->app_cb.subscribe_error(s, id, code, wire, reason, c->app_ud)
               : 0;
}

static int fwd_object(moqt_session *s, const moqt_object *o, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.object ? c->app_cb.object(s, o, c->app_ud) : 0;
}

static int fwd_publish_done(moqt_session *s, uint64_t id, moqt_done_reason r, uint64_t wire,
                            uint64_t n, moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_done ? c->app_cb.publish_done(s, id, r, wire, n, reason, c->app_ud)
                                  : 0;
}

static int fwd_unsubscribe(moqt_session *s, uint64_t id, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.unsubscribe ? c->app_cb.unsubscribe(s, id, c->app_ud) : 0;
}

static int fwd_goaway(moqt_session *s, moqt_bytes uri, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.goaway ? c->app_cb.goaway(s, uri, c->app_ud) : 0;
}

static int fwd_fetch(moqt_session *s, const moqt_fetch_request *r, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.fetch(s, r, c->app_ud);
}

static int fwd_fetch_cancel(moqt_session *s, uint64_t id, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.fetch_cancel ? c->app_cb.fetch_cancel(s, id, c->app_ud) : 0;
}

static int fwd_fetch_ok(moqt_session *s, uint64_t id, bool end_of_track, moqt_location end,
                        void *ud)
{
    tool_client *c = ud;
    return c->app_cb.fetch_ok ? c->app_cb.fetch_ok(s, id, end_of_track, end, c->app_ud) : 0;
}

static int fwd_fetch_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                           moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.fetch_error ? c->app_cb.fetch_error(s, id, code, wire, reason, c->app_ud) : 0;
}

static int fwd_fetch_done(moqt_session *s, uint64_t id, bool complete, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.fetch_done ? c->app_cb.fetch_done(s, id, complete, c->app_ud) : 0;
}

static int fwd_publish_namespace(moqt_session *s, uint64_t id, const moqt_track_namespace *ns,
                                 void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_namespace(s, id, ns, c->app_ud);
}

static int fwd_publish_namespace_ok(moqt_session *s, uint64_t id, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_namespace_ok ? c->app_cb.publish_namespace_ok(s, id, c->app_ud) : 0;
}

static int fwd_publish_namespace_error(moqt_session *s, uint64_t id, moqt_request_error code,
                                       uint64_t wire, moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_namespace_error
               ? c->app_cb.publish_namespace_error(s, id, code, wire, reason, c->app_ud)
               : 0;
}

static int fwd_publish_namespace_done(moqt_session *s, uint64_t id, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_namespace_done ? c->app_cb.publish_namespace_done(s, id, c->app_ud)
                                            : 0;
}

static int fwd_track_status(moqt_session *s, uint64_t id, const moqt_track_namespace *ns,
                            moqt_bytes name, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.track_status(s, id, ns, name, c->app_ud);
}

static int fwd_track_status_ok(moqt_session *s, uint64_t id, const moqt_location *largest, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.track_status_ok ? c->app_cb.track_status_ok(s, id, largest, c->app_ud) : 0;
}

static int fwd_track_status_error(moqt_session *s, uint64_t id, moqt_request_error code,
                                  uint64_t wire, moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.track_status_error
               ? c->app_cb.track_status_error(s, id, code, wire, reason, c->app_ud)
               : 0;
}

static int fwd_publish(moqt_session *s, uint64_t id, const moqt_publish_request *req, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish(s, id, req, c->app_ud);
}

static int fwd_publish_ok(moqt_session *s, uint64_t id, const moqt_publish_ok_params *ok, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_ok ? c->app_cb.publish_ok(s, id, ok, c->app_ud) : 0;
}

static int fwd_publish_error(moqt_session *s, uint64_t id, moqt_request_error code, uint64_t wire,
                             moqt_bytes reason, void *ud)
{
    tool_client *c = ud;
    return c->app_cb.publish_error ? c->app_cb.publish_error(s, id, code, wire, reason, c->app_ud)
                                   : 0;
}

static void build_protocols(tool_client *c, uint32_t drafts, bool *inband)
{
    size_t count;
    const moqt_profile *all = moqt_profile_all(&count);
    *inband = false;
    for (size_t i = count; i-- > 0;) {
        if ((drafts & MOQT_DRAFT_BIT(tool_draft_of(all[i].version))) == 0) {
            continue;
        }
        if (all[i].version_in_setup) {
            *inband = true;
        } else if (c->nprotocols < 15) {
            c->protocols[c->nprotocols++] = all[i].alpn;
        }
    }
}

static void on_wt_conn_closed(moqt_wt_conn *wc, bool remote, uint64_t code, void *ud)
{
    (void)wc;
    (void)remote;
    (void)code;
    tool_client *c = ud;
    c->closed = true;
}

static int make_tls(tool_client *c, const tool_client_opts *opts)
{
    moqt_tls_verify mode = MOQT_TLS_VERIFY_SYSTEM;
    if (opts->insecure) {
        mode = MOQT_TLS_VERIFY_NONE;
        tool_warn("--insecure: the server's certificate is NOT verified");
    } else if (opts->fingerprint) {
        mode = MOQT_TLS_VERIFY_FINGERPRINT;
    }
    int rv = moqt_tls_client_config_new(mode, opts->fingerprint, NULL, &c->tls);
    if (rv != 0) {
        tool_fail(opts->fingerprint ? "--fingerprint needs 64 hex digits (the server logs them)"
                                    : "cannot set up TLS: %s",
                  moqt_strerror(rv));
        return -1;
    }
    return 0;
}

static int start_webtransport(tool_client *c, const tool_url *url)
{
    moqt_wt_settings ws;
    moqt_wt_settings_default(&ws);
    ws.protocols = c->protocols;
    ws.nprotocols = c->nprotocols;
    moqt_wt_callbacks cb = {.struct_size = sizeof cb, .conn_closed = on_wt_conn_closed};
    if (moqt_wt_conn_new(c->quic, &ws, &cb, c, NULL, &c->wt) != 0) {
        return -1;
    }
    return moqt_wt_connect(c->wt, url->authority, url->path[0] ? url->path : "/", &c->t);
}

int tool_client_connect(moqt_runtime *rt, const tool_url *url, const tool_client_opts *opts,
                        const moqt_session_callbacks *cb, void *ud, tool_client **pc)
{
    tool_client *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return -1;
    }
    c->rt = rt;
    c->app_cb = *cb;
    c->app_ud = ud;
    bool inband;
    build_protocols(c, opts->drafts, &inband);
    if (make_tls(c, opts) != 0) {
        tool_client_del(c);
        return -1;
    }
    const char *alpns[17];
    size_t nalpns = 0;
    if (url->webtransport) {
        alpns[nalpns++] = "h3";
    } else {
        for (size_t i = 0; i < c->nprotocols; i++) {
            alpns[nalpns++] = c->protocols[i];
        }
        if (inband) {
            alpns[nalpns++] = "moq-00";
        }
    }
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    qs.alpns = alpns;
    qs.nalpns = nalpns;
    int rv = moqt_runtime_connect(rt, url->host, url->port, &qs, c->tls, &c->quic);
    if (rv != 0) {
        tool_fail("cannot connect to %s port %u: %s", url->host, url->port, moqt_strerror(rv));
        tool_client_del(c);
        return -1;
    }
    c->t = c->quic;
    if (url->webtransport && start_webtransport(c, url) != 0) {
        tool_fail("cannot start a WebTransport session");
        tool_client_del(c);
        return -1;
    }
    moqt_session_settings set;
    moqt_session_settings_default(&set);
    set.drafts = opts->drafts;
    set.webtransport = url->webtransport;
    set.implementation = opts->implementation;
    if (opts->max_send_buffer) {
        set.max_send_buffer = opts->max_send_buffer;
    }
    if (!url->webtransport) {
        set.path = url->path[0] ? url->path : NULL;
        set.authority = url->authority;
    }
    moqt_session_callbacks wrap = {
        .struct_size = sizeof wrap,
        .setup_done = fwd_setup_done,
        .subscribe = cb->subscribe ? fwd_subscribe : NULL,
        .subscribe_ok = fwd_subscribe_ok,
        .subscribe_error = fwd_subscribe_error,
        .object = fwd_object,
        .publish_done = fwd_publish_done,
        .unsubscribe = fwd_unsubscribe,
        .goaway = fwd_goaway,
        .closed = on_closed,
        .fetch = cb->fetch ? fwd_fetch : NULL,
        .fetch_cancel = fwd_fetch_cancel,
        .fetch_ok = fwd_fetch_ok,
        .fetch_error = fwd_fetch_error,
        .fetch_done = fwd_fetch_done,
        /* NULL stays NULL where the session then refuses for the tool. */
        .publish_namespace = cb->publish_namespace ? fwd_publish_namespace : NULL,
        .publish_namespace_ok = fwd_publish_namespace_ok,
        .publish_namespace_error = fwd_publish_namespace_error,
        .publish_namespace_done = fwd_publish_namespace_done,
        .track_status = cb->track_status ? fwd_track_status : NULL,
        .track_status_ok = fwd_track_status_ok,
        .track_status_error = fwd_track_status_error,
        .publish = cb->publish ? fwd_publish : NULL,
        .publish_ok = fwd_publish_ok,
        .publish_error = fwd_publish_error,
    };
    rv = moqt_session_client_new(c->t, &set, &wrap, NULL, c, &c->session);
    if (rv != 0) {
        tool_fail("cannot create the session: %s", moqt_strerror(rv));
        tool_client_del(c);
        return -1;
    }
    c->timer = tool_timer_start(rt, c->session);
    snprintf(c->describe, sizeof c->describe, "%s",
             url->webtransport ? "WebTransport" : "raw QUIC");
    *pc = c;
    return 0;
}

moqt_session *tool_client_session(tool_client *c)
{
    return c->session;
}

bool tool_client_closed(const tool_client *c)
{
    return c->closed;
}

const char *tool_client_describe(const tool_client *c)
{
    return c->describe;
}

void tool_client_del(tool_client *c)
{
    if (c == NULL) {
        return;
    }
    tool_timer_stop(c->timer);
    moqt_session_del(c->session);
    moqt_wt_conn_del(c->wt);
    if (c->quic) {
        moqt_runtime_conn_del(c->rt, c->quic);
    }
    moqt_tls_config_del(c->tls);
    free(c);
}
