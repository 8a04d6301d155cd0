/*
 * WebTransport sessions over the in-memory transport: our client against our
 * server, every feature both ways, with whole writes, byte-by-byte delivery
 * and a small stream window.
 */
#include "tf.h"

#include <moqt/moqt_transport.h>

#include "webtransport/qpack.h"
#include "webtransport/wt.h"
#include "wt_side.h"

typedef struct rig {
    moqt_mem_pair *pair;
    moqt_wt_conn *client, *server;
    server_app app;
} rig;

static const char *const client_protocols[] = {"moqt-16", "moq-00"};

static bool rig_init_with(rig *r, size_t max_chunk, size_t window, const moqt_wt_settings *srv)
{
    memset(r, 0, sizeof *r);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "h3";
    ps.max_chunk = max_chunk;
    ps.stream_window = window;
    if (moqt_mem_pair_new(&ps, NULL, &r->pair) != 0) {
        return false;
    }
    moqt_wt_settings cs;
    moqt_wt_settings_default(&cs);
    cs.protocols = client_protocols;
    cs.nprotocols = 2;
    moqt_wt_callbacks scb = {
        .struct_size = sizeof scb, .session_request = srv_request, .session_new = srv_session};
    return moqt_wt_conn_new(moqt_mem_pair_client(r->pair), &cs, NULL, NULL, NULL, &r->client) ==
               0 &&
           moqt_wt_conn_new(moqt_mem_pair_server(r->pair), srv, &scb, &r->app, NULL, &r->server) ==
               0;
}

static bool rig_init(rig *r, size_t max_chunk, size_t window)
{
    return rig_init_with(r, max_chunk, window, NULL);
}

static void rig_free(rig *r)
{
    moqt_wt_conn_del(r->client);
    moqt_wt_conn_del(r->server);
    moqt_mem_pair_del(r->pair);
}

static bool run(rig *r)
{
    return moqt_mem_pair_run(r->pair, 0) >= 0;
}

static bool connect_session(rig *r, const char *path, side *c)
{
    memset(c, 0, sizeof *c);
    if (moqt_wt_connect(r->client, "127.0.0.1:4443", path, &c->t) != 0) {
        return false;
    }
    moqt_transport_set_callbacks(c->t, &side_cb, c);
    return true;
}

static void full_exchange(size_t max_chunk, size_t window)
{
    static rig r;
    static side c;
    TF_REQUIRE(rig_init(&r, max_chunk, window));
    TF_REQUIRE(connect_session(&r, "/moq", &c));
    TF_REQUIRE(run(&r));
    TF_REQUIRE(c.ready);
    TF_CHECK(strcmp(c.alpn, "moqt-16") == 0);
    TF_REQUIRE(r.app.n == 1);
    side *s = &r.app.sessions[0];
    TF_CHECK(s->ready);
    TF_CHECK(strcmp(s->alpn, "moqt-16") == 0);
    TF_CHECK(strcmp(r.app.last_path, "/moq") == 0);
    TF_CHECK(strcmp(r.app.last_offered, "moqt-16;moq-00;") == 0);
    TF_CHECK(r.app.last_draft02); /* our server offers draft-02, so the client says so */
    TF_CHECK(moqt_wt_conn_peer_draft(r.server) == MOQT_WT_PEER_D15);
    TF_CHECK(moqt_wt_conn_peer_draft(r.client) == MOQT_WT_PEER_D15);
    TF_CHECK(moqt_transport_capabilities(c.t) & MOQT_TRANSPORT_CAP_DATAGRAM);

    /* A bidi echo from the client; a uni stream each way (the server echoes a
     * uni stream on a new uni stream of its own). */
    static const uint8_t ping[] = "ping over a bidi stream";
    static const uint8_t up[] = "client uni";
    uint64_t bidi, uni;
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &bidi) == 0);
    TF_REQUIRE(moqt_transport_open_stream(c.t, false, &uni) == 0);
    TF_CHECK(!moqt_stream_id_is_uni(bidi) && moqt_stream_id_is_uni(uni));
    size_t off = 0;
    for (int i = 0; i < 1000 && off < sizeof ping; i++) {
        moqt_ssize n = moqt_transport_write(c.t, bidi, ping + off, sizeof ping - off, true);
        if (n > 0) {
            off += (size_t)n;
        }
        TF_REQUIRE(run(&r));
    }
    TF_CHECK_EQ(off, sizeof ping);
    off = 0;
    for (int i = 0; i < 1000 && off < sizeof up; i++) {
        moqt_ssize n = moqt_transport_write(c.t, uni, up + off, sizeof up - off, true);
        if (n > 0) {
            off += (size_t)n;
        }
        TF_REQUIRE(run(&r));
    }
    TF_REQUIRE(run(&r));
    rx_stream *sb = rx_for(s, bidi), *cb = rx_for(&c, bidi), *su = rx_for(s, uni);
    TF_CHECK_BYTES(sb->data, sb->len, ping, sizeof ping);
    TF_CHECK(sb->fin);
    TF_CHECK_BYTES(cb->data, cb->len, ping, sizeof ping);
    TF_CHECK(cb->fin);
    TF_CHECK_BYTES(su->data, su->len, up, sizeof up);
    bool got_server_uni = false;
    for (size_t i = 0; i < c.nrx; i++) {
        if (moqt_stream_id_is_uni(c.rx[i].id) && moqt_stream_id_is_server_initiated(c.rx[i].id)) {
            TF_CHECK_BYTES(c.rx[i].data, c.rx[i].len, up, sizeof up);
            got_server_uni = c.rx[i].fin;
        }
    }
    TF_CHECK(got_server_uni);
    TF_CHECK(c.acked > 0);

    /* A datagram echo. */
    TF_REQUIRE(moqt_transport_send_datagram(c.t, (const uint8_t *)"dgram", 5) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_EQ(s->ndgrams, 1);
    TF_CHECK_EQ(c.ndgrams, 1);
    TF_CHECK_BYTES(c.dgram, c.dgramlen, (const uint8_t *)"dgram", 5);
    TF_CHECK(moqt_transport_max_datagram_size(c.t) == 1200 - 1);

    /* Reset and STOP_SENDING codes travel both ways through the H3 mapping. */
    uint64_t rs;
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &rs) == 0);
    TF_REQUIRE(moqt_transport_write(c.t, rs, (const uint8_t *)"x", 1, false) == 1);
    TF_REQUIRE(run(&r));
    TF_REQUIRE(moqt_transport_reset_stream(c.t, rs, 0x1234567) == 0);
    TF_REQUIRE(moqt_transport_stop_sending(c.t, rs, 300) == 0);
    TF_REQUIRE(run(&r));
    rx_stream *srs = rx_for(s, rs);
    TF_CHECK(srs->reset || srs->stopped);
    TF_CHECK(srs->stopped);
    TF_CHECK_EQ(srs->code, 300);

    /* The client closes with a code and a reason; the server sees both. */
    TF_REQUIRE(moqt_transport_close(c.t, 42, (const uint8_t *)"bye now", 7) == 0);
    TF_CHECK(!c.closed); /* closed follows from the transport, never inside close() */
    TF_REQUIRE(run(&r));
    TF_CHECK(s->closed && s->closed_remote && s->closed_app);
    TF_CHECK_EQ(s->closed_code, 42);
    TF_CHECK(strcmp(s->reason, "bye now") == 0);
    TF_CHECK(c.closed && !c.closed_remote);
    TF_CHECK_EQ(c.closed_code, 42);
    TF_CHECK(moqt_transport_open_stream(c.t, true, &rs) == MOQT_ERR_INVALID_STATE);
    rig_free(&r);
}

TF_TEST("webtransport/mem", session_whole_writes)
{
    full_exchange(0, 0);
}

TF_TEST("webtransport/mem", session_byte_by_byte)
{
    full_exchange(1, 0);
}

TF_TEST("webtransport/mem", session_small_window)
{
    full_exchange(3, 5);
}

TF_TEST("webtransport/mem", server_closes_and_reset_code)
{
    static rig r;
    static side c;
    TF_REQUIRE(rig_init(&r, 0, 0));
    TF_REQUIRE(connect_session(&r, "/echo", &c));
    TF_REQUIRE(run(&r));
    TF_REQUIRE(r.app.n == 1 && c.ready);
    side *s = &r.app.sessions[0];
    /* A server-initiated bidi stream, reset with a 32-bit code. */
    uint64_t id;
    TF_REQUIRE(moqt_transport_open_stream(s->t, true, &id) == 0);
    TF_CHECK(moqt_stream_id_is_server_initiated(id));
    TF_REQUIRE(moqt_transport_write(s->t, id, (const uint8_t *)"abc", 3, false) == 3);
    TF_REQUIRE(run(&r));
    TF_CHECK_BYTES(rx_for(&c, id)->data, rx_for(&c, id)->len, (const uint8_t *)"abc", 3);
    TF_REQUIRE(moqt_transport_reset_stream(s->t, id, 0xfffffffeULL) == 0);
    TF_CHECK_INT(moqt_transport_reset_stream(s->t, id + 400, 1), MOQT_ERR_INVALID_ARGUMENT);
    TF_REQUIRE(run(&r));
    TF_CHECK(rx_for(&c, id)->reset);
    TF_CHECK_EQ(rx_for(&c, id)->code, 0xfffffffeULL);
    /* Server datagram to the client. */
    TF_REQUIRE(moqt_transport_send_datagram(s->t, (const uint8_t *)"sd", 2) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_BYTES(c.dgram, c.dgramlen, (const uint8_t *)"sd", 2);

    TF_REQUIRE(moqt_transport_close(s->t, 0xdeadbeef, (const uint8_t *)"server says bye", 15) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK(c.closed && c.closed_remote && c.closed_app);
    TF_CHECK_EQ(c.closed_code, 0xdeadbeef);
    TF_CHECK(strcmp(c.reason, "server says bye") == 0);
    TF_CHECK(s->closed && !s->closed_remote);
    TF_CHECK_INT(moqt_transport_close(s->t, 1, NULL, 0), MOQT_ERR_INVALID_STATE);
    rig_free(&r);
}

TF_TEST("webtransport/mem", unknown_path_refused)
{
    static rig r;
    static side c;
    TF_REQUIRE(rig_init(&r, 0, 0));
    TF_REQUIRE(connect_session(&r, "/nope", &c));
    TF_REQUIRE(run(&r));
    TF_CHECK(!c.ready);
    TF_CHECK(c.closed && c.closed_remote && !c.closed_app);
    TF_CHECK_EQ(c.closed_code, 404);
    TF_CHECK_EQ(r.app.n, 0);
    rig_free(&r);
}

TF_TEST("webtransport/mem", many_sessions)
{
    static rig r;
    static side c[12];
    TF_REQUIRE(rig_init(&r, 0, 0));
    for (int i = 0; i < 12; i++) {
        TF_REQUIRE(connect_session(&r, "/moq", &c[i]));
    }
    TF_REQUIRE(run(&r));
    TF_REQUIRE(r.app.n == 12);
    static uint8_t msg[12][16];
    uint64_t ids[12];
    for (int i = 0; i < 12; i++) {
        TF_REQUIRE(c[i].ready);
        snprintf((char *)msg[i], sizeof msg[i], "session %d", i);
        TF_REQUIRE(moqt_transport_open_stream(c[i].t, true, &ids[i]) == 0);
        size_t n = strlen((const char *)msg[i]);
        TF_REQUIRE(moqt_transport_write(c[i].t, ids[i], msg[i], n, true) == (moqt_ssize)n);
        TF_REQUIRE(moqt_transport_send_datagram(c[i].t, msg[i], n) == 0);
    }
    TF_REQUIRE(run(&r));
    for (int i = 0; i < 12; i++) {
        size_t n = strlen((const char *)msg[i]);
        rx_stream *x = rx_for(&c[i], ids[i]);
        TF_CHECK_BYTES(x->data, x->len, msg[i], n); /* each echo reached its own session */
        TF_CHECK_BYTES(c[i].dgram, c[i].dgramlen, msg[i], n);
        TF_CHECK_EQ(c[i].nrx, 1);
    }
    /* Closing one session leaves the others working. */
    TF_REQUIRE(moqt_transport_close(c[3].t, 3, (const uint8_t *)"three", 5) == 0);
    TF_REQUIRE(run(&r));
    int closed = 0;
    for (size_t i = 0; i < r.app.n; i++) {
        closed += r.app.sessions[i].closed;
    }
    TF_CHECK_EQ(closed, 1);
    TF_REQUIRE(moqt_transport_send_datagram(c[4].t, (const uint8_t *)"still", 5) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_BYTES(c[4].dgram, c[4].dgramlen, (const uint8_t *)"still", 5);
    rig_free(&r);
}

TF_TEST("webtransport/mem", connection_close_ends_every_session)
{
    static rig r;
    static side c[2];
    TF_REQUIRE(rig_init(&r, 0, 0));
    TF_REQUIRE(connect_session(&r, "/moq", &c[0]));
    TF_REQUIRE(connect_session(&r, "/moq", &c[1]));
    TF_REQUIRE(run(&r));
    TF_REQUIRE(r.app.n == 2);
    TF_REQUIRE(moqt_transport_close(moqt_mem_pair_client(r.pair), 0x100, NULL, 0) == 0);
    TF_REQUIRE(run(&r));
    for (int i = 0; i < 2; i++) {
        TF_CHECK(c[i].closed && !c[i].closed_remote);
        TF_CHECK(r.app.sessions[i].closed && r.app.sessions[i].closed_remote);
        TF_CHECK_EQ(r.app.sessions[i].closed_code, 0x100);
    }
    rig_free(&r);
}

TF_TEST("webtransport/mem", flow_control_limits)
{
    /* wt-16 §5.6: the server grants 2 bidi streams and 8 bytes per session. */
    static rig r;
    static side c;
    moqt_wt_settings ss;
    moqt_wt_settings_default(&ss);
    ss.initial_max_streams_bidi = 2;
    ss.initial_max_data = 8;
    TF_REQUIRE(rig_init_with(&r, 0, 0, &ss));
    TF_REQUIRE(connect_session(&r, "/moq", &c));
    TF_REQUIRE(run(&r));
    TF_REQUIRE(c.ready && r.app.n == 1);
    uint64_t a, b, x;
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &a) == 0);
    TF_REQUIRE(moqt_transport_open_stream(c.t, true, &b) == 0);
    TF_CHECK_INT(moqt_transport_open_stream(c.t, true, &x), MOQT_ERR_WOULDBLOCK);
    static const uint8_t msg[] = "0123456789abcdef";
    TF_CHECK_INT(moqt_transport_write(c.t, a, msg, 16, true), 8); /* the session window */
    TF_CHECK_INT(moqt_transport_write(c.t, a, msg + 8, 8, true), MOQT_ERR_WOULDBLOCK);
    TF_REQUIRE(run(&r)); /* the server reads 8 bytes and sends WT_MAX_DATA 16 */
    TF_CHECK(c.writable > 0);
    TF_CHECK_INT(moqt_transport_write(c.t, a, msg + 8, 8, true), 8);
    TF_REQUIRE(run(&r));
    rx_stream *back = rx_for(&c, a);
    TF_CHECK_BYTES(back->data, back->len, msg, 16); /* echoed whole */
    TF_CHECK(back->fin);
    /* Stream a is done both ways: the server raises the bidi limit. */
    TF_REQUIRE(run(&r));
    TF_CHECK(c.available > 0);
    TF_CHECK_INT(moqt_transport_open_stream(c.t, true, &x), 0);
    (void)b;
    rig_free(&r);
}

static int drains;

static void count_drain(moqt_wt_conn *c, moqt_transport *t, void *ud)
{
    (void)c;
    (void)t;
    (void)ud;
    drains++;
}

TF_TEST("webtransport/mem", drain_and_goaway)
{
    static rig r;
    static side c, late;
    TF_REQUIRE(rig_init(&r, 0, 0));
    /* Both ends report drains through session_drain. */
    moqt_wt_conn_del(r.client);
    moqt_wt_settings cs;
    moqt_wt_settings_default(&cs);
    cs.protocols = client_protocols;
    cs.nprotocols = 2;
    moqt_wt_callbacks ccb = {.struct_size = sizeof ccb, .session_drain = count_drain};
    TF_REQUIRE(moqt_wt_conn_new(moqt_mem_pair_client(r.pair), &cs, &ccb, NULL, NULL, &r.client) ==
               0);
    TF_REQUIRE(connect_session(&r, "/moq", &c));
    TF_REQUIRE(run(&r));
    TF_REQUIRE(c.ready && r.app.n == 1);
    drains = 0;
    /* WT_DRAIN_SESSION from the server reaches the client's session_drain. */
    TF_REQUIRE(moqt_wt_session_drain(r.app.sessions[0].t) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_EQ(drains, 1);
    TF_CHECK(!c.closed); /* draining is not closing */
    /* GOAWAY: the client hears it, and a later CONNECT is refused. */
    TF_REQUIRE(moqt_wt_conn_goaway(r.server) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_EQ(drains, 2);
    TF_CHECK_INT(moqt_wt_connect(r.client, "127.0.0.1:4443", "/moq", &late.t),
                 MOQT_ERR_INVALID_STATE);
    /* The open session still works. */
    TF_REQUIRE(moqt_transport_send_datagram(c.t, (const uint8_t *)"after", 5) == 0);
    TF_REQUIRE(run(&r));
    TF_CHECK_BYTES(c.dgram, c.dgramlen, (const uint8_t *)"after", 5);
    rig_free(&r);
}
