/*
 * Our WebTransport client against our server over real QUIC on loopback,
 * with one UDP port serving both WebTransport (ALPN h3) and raw QUIC (moq-00):
 * the server decides by ALPN in handshake_done.
 */
#include "tf.h"

#include <moqt/moqt_runtime.h>
#include <stdlib.h>

#include "wt_side.h"

typedef struct router {
    server_app app;
    moqt_wt_conn *conns[8];
    size_t nconns;
    int raw; /* raw QUIC connections seen */
    char raw_alpn[16];
} router;

static int route_handshake(moqt_transport *t, const char *alpn, void *ud)
{
    router *r = ud;
    if (strcmp(alpn, "h3") != 0) {
        r->raw++;
        snprintf(r->raw_alpn, sizeof r->raw_alpn, "%s", alpn);
        return 0; /* a MoQT session would take the raw connection here */
    }
    moqt_wt_callbacks cb = {
        .struct_size = sizeof cb, .session_request = srv_request, .session_new = srv_session};
    if (r->nconns == 8 ||
        moqt_wt_conn_new(t, NULL, &cb, &r->app, NULL, &r->conns[r->nconns]) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return moqt_wt_conn_start(r->conns[r->nconns++]) == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
}

static int route_accept(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    (void)srv;
    static const moqt_transport_callbacks cb = {.struct_size = sizeof cb,
                                                .handshake_done = route_handshake};
    return moqt_transport_set_callbacks(t, &cb, ud);
}

static bool side_ready(void *arg)
{
    side *s = arg;
    return s->ready || s->closed;
}

static bool side_closed(void *arg)
{
    return ((side *)arg)->closed;
}

typedef struct want_rx {
    side *s;
    uint64_t id;
} want_rx;

static bool rx_fin(void *arg)
{
    want_rx *w = arg;
    for (size_t i = 0; i < w->s->nrx; i++) {
        if (w->s->rx[i].id == w->id) {
            return w->s->rx[i].fin;
        }
    }
    return false;
}

static bool rx_len(void *arg)
{
    want_rx *w = arg;
    for (size_t i = 0; i < w->s->nrx; i++) {
        if (w->s->rx[i].id == w->id) {
            return w->s->rx[i].len > 0;
        }
    }
    return false;
}

static bool server_uni_back(void *arg)
{
    side *s = arg;
    for (size_t i = 0; i < s->nrx; i++) {
        if (moqt_stream_id_is_uni(s->rx[i].id) && moqt_stream_id_is_server_initiated(s->rx[i].id)) {
            return s->rx[i].fin;
        }
    }
    return false;
}

static bool got_dgram(void *arg)
{
    return ((side *)arg)->ndgrams > 0;
}

static bool raw_seen(void *arg)
{
    return ((router *)arg)->raw > 0;
}

TF_TEST("webtransport/quic", client_server_one_port_two_alpns)
{
    static router r;
    static side c;
    memset(&r, 0, sizeof r);
    memset(&c, 0, sizeof c);
    moqt_runtime *rt;
    moqt_tls_config *stls, *ctls;
    TF_REQUIRE(moqt_runtime_new(NULL, NULL, &rt) == 0);
    TF_REQUIRE(moqt_tls_server_config_self_signed(NULL, &stls) == 0);
    TF_REQUIRE(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                          moqt_tls_config_fingerprint(stls), NULL, &ctls) == 0);
    static const char *const server_alpns[] = {"moq-00", "h3"};
    moqt_quic_settings ss;
    moqt_quic_settings_default(&ss);
    ss.alpns = server_alpns;
    ss.nalpns = 2;
    moqt_quic_server *srv;
    TF_REQUIRE(moqt_runtime_listen(rt, "127.0.0.1", 0, &ss, stls, route_accept, &r, &srv) == 0);
    uint16_t port = moqt_quic_server_port(srv);

    /* The WebTransport client: ALPN h3, offering moqt-16 and moq-00. */
    static const char *const h3[] = {"h3"};
    moqt_quic_settings cs;
    moqt_quic_settings_default(&cs);
    cs.alpns = h3;
    cs.nalpns = 1;
    moqt_transport *quic;
    TF_REQUIRE(moqt_runtime_connect(rt, "127.0.0.1", port, &cs, ctls, &quic) == 0);
    static const char *const offer[] = {"moqt-16", "moq-00"};
    moqt_wt_settings ws;
    moqt_wt_settings_default(&ws);
    ws.protocols = offer;
    ws.nprotocols = 2;
    moqt_wt_conn *cc;
    TF_REQUIRE(moqt_wt_conn_new(quic, &ws, NULL, NULL, NULL, &cc) == 0);
    char authority[32];
    snprintf(authority, sizeof authority, "127.0.0.1:%u", port);
    TF_REQUIRE(moqt_wt_connect(cc, authority, "/moq", &c.t) == 0);
    moqt_transport_set_callbacks(c.t, &side_cb, &c);
    TF_REQUIRE(moqt_runtime_run_until(rt, side_ready, &c, 5 * MOQT_SECONDS));
    TF_REQUIRE(c.ready);
    TF_CHECK(strcmp(c.alpn, "moqt-16") == 0);
    TF_REQUIRE(r.app.n == 1);
    side *s = &r.app.sessions[0];
    TF_CHECK(strcmp(s->alpn, "moqt-16") == 0);

    /* Bidi echo, uni each way, datagrams both ways. */
    static const uint8_t ping[] = "over real QUIC";
    uint64_t bidi, uni;
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &bidi) == 0);
    TF_REQUIRE(moqt_transport_write(c.t, bidi, ping, sizeof ping, true) == sizeof ping);
    TF_REQUIRE(moqt_transport_open_stream(c.t, false, &uni) == 0);
    TF_REQUIRE(moqt_transport_write(c.t, uni, ping, sizeof ping, true) == sizeof ping);
    want_rx wb = {&c, bidi};
    TF_CHECK(moqt_runtime_run_until(rt, rx_fin, &wb, 5 * MOQT_SECONDS));
    TF_CHECK_BYTES(rx_for(&c, bidi)->data, rx_for(&c, bidi)->len, ping, sizeof ping);
    TF_CHECK(moqt_runtime_run_until(rt, server_uni_back, &c, 5 * MOQT_SECONDS));
    for (int i = 0; i < 10 && c.ndgrams == 0; i++) { /* datagrams may be lost: retry */
        TF_REQUIRE(moqt_transport_send_datagram(c.t, (const uint8_t *)"dg", 2) == 0);
        moqt_runtime_run_until(rt, got_dgram, &c, 500 * MOQT_MILLISECONDS);
    }
    TF_CHECK(s->ndgrams > 0);
    TF_CHECK_BYTES(c.dgram, c.dgramlen, (const uint8_t *)"dg", 2);

    /* A raw QUIC client on the same port gets moq-00, not HTTP/3. */
    static const char *const moq[] = {"moq-00"};
    cs.alpns = moq;
    moqt_transport *raw;
    TF_REQUIRE(moqt_runtime_connect(rt, "127.0.0.1", port, &cs, ctls, &raw) == 0);
    TF_CHECK(moqt_runtime_run_until(rt, raw_seen, &r, 5 * MOQT_SECONDS));
    TF_CHECK(strcmp(r.raw_alpn, "moq-00") == 0);
    TF_CHECK_EQ(r.nconns, 1);

    /* A stream left open when the session closes: the client resets it with
     * WT_SESSION_GONE (wt-16 l.1101), which QUIC may deliver before the close
     * capsule; the server application hears closed, not that reset. */
    uint64_t open_bidi;
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &open_bidi) == 0);
    TF_REQUIRE(moqt_transport_write(c.t, open_bidi, ping, sizeof ping, false) == sizeof ping);
    want_rx wo = {s, open_bidi};
    TF_CHECK(moqt_runtime_run_until(rt, rx_len, &wo, 5 * MOQT_SECONDS));
    s->echo = false;

    /* Close with code and reason: the server sees both. */
    TF_REQUIRE(moqt_transport_close(c.t, 77, (const uint8_t *)"done", 4) == 0);
    TF_CHECK(moqt_runtime_run_until(rt, side_closed, s, 5 * MOQT_SECONDS));
    TF_CHECK(!rx_for(s, open_bidi)->reset && !rx_for(s, open_bidi)->stopped);
    TF_CHECK(s->closed_remote && s->closed_app);
    TF_CHECK_EQ(s->closed_code, 77);
    TF_CHECK(strcmp(s->reason, "done") == 0);
    TF_CHECK(moqt_runtime_run_until(rt, side_closed, &c, 5 * MOQT_SECONDS));
    TF_CHECK(!c.closed_remote);

    moqt_runtime_conn_del(rt, raw);
    moqt_runtime_conn_del(rt, quic);
    moqt_wt_conn_del(cc);
    moqt_runtime_del(rt);
    for (size_t i = 0; i < r.nconns; i++) {
        moqt_wt_conn_del(r.conns[i]);
    }
    moqt_tls_config_del(stls);
    moqt_tls_config_del(ctls);
}
