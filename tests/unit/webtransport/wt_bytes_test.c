/*
 * Our WebTransport server against the bytes Chromium 156 sends (STACK.md):
 * the test plays the browser on the raw in-memory transport, writing its
 * SETTINGS, QPACK streams, a GREASE stream, the CONNECT with draft-02 and
 * protocol headers, 2-byte preambles (40 41 / 40 54), a GREASE capsule, a
 * datagram with quarter stream id 0, and a CLOSE_WEBTRANSPORT_SESSION capsule.
 */
#include "tf.h"

#include <moqt/moqt_transport.h>

#include "webtransport/h3_frame.h"
#include "webtransport/qpack.h"
#include "webtransport/wt.h"
#include "webtransport/wt_codec.h"

typedef struct raw_rx {
    uint64_t id;
    uint8_t data[1024];
    size_t len;
    bool fin, stopped;
    uint64_t stop_code;
} raw_rx;

typedef struct browser {
    raw_rx rx[16];
    size_t n;
    uint8_t dgram[64];
    size_t dgramlen;
} browser;

static raw_rx *brx(browser *b, uint64_t id)
{
    for (size_t i = 0; i < b->n; i++) {
        if (b->rx[i].id == id) {
            return &b->rx[i];
        }
    }
    b->rx[b->n] = (raw_rx){.id = id};
    return &b->rx[b->n++];
}

static int b_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin, void *ud)
{
    (void)t;
    raw_rx *r = brx(ud, id);
    if (r->len + len > sizeof r->data) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    if (len > 0) { /* a bare FIN arrives with data == NULL */
        memcpy(r->data + r->len, d, len);
    }
    r->len += len;
    r->fin = fin;
    return 0;
}

static int b_stop(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    brx(ud, id)->stopped = true;
    brx(ud, id)->stop_code = code;
    return 0;
}

static int b_dgram(moqt_transport *t, const uint8_t *d, size_t len, void *ud)
{
    browser *b = ud;
    (void)t;
    memcpy(b->dgram, d, len < sizeof b->dgram ? len : sizeof b->dgram);
    b->dgramlen = len;
    return 0;
}

/* The server application: echo, and remember how the session ended. */
typedef struct echo_app {
    moqt_transport *t;
    uint8_t buf[8][64];
    size_t nbuf;
    bool closed, remote, app;
    uint64_t code;
    char reason[32];
    char protocol[32];
} echo_app;

static int e_ready(moqt_transport *t, const char *alpn, void *ud)
{
    echo_app *a = ud;
    (void)t;
    snprintf(a->protocol, sizeof a->protocol, "%s", alpn);
    return 0;
}

static int e_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t len, bool fin, void *ud)
{
    echo_app *a = ud;
    if (len == 0 || a->nbuf == 8) {
        return 0;
    }
    uint8_t *copy = a->buf[a->nbuf++];
    memcpy(copy, d, len < 64 ? len : 64);
    uint64_t out = id;
    if (moqt_stream_id_is_uni(id) && moqt_transport_open_stream(t, false, &out) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return moqt_transport_write(t, out, copy, len, fin) >= 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
}

static int e_dgram(moqt_transport *t, const uint8_t *d, size_t len, void *ud)
{
    (void)ud;
    return moqt_transport_send_datagram(t, d, len);
}

static void e_closed(moqt_transport *t, bool remote, bool app, uint64_t code, const uint8_t *r,
                     size_t rl, void *ud)
{
    echo_app *a = ud;
    (void)t;
    a->closed = true;
    a->remote = remote;
    a->app = app;
    a->code = code;
    snprintf(a->reason, sizeof a->reason, "%.*s", (int)rl, (const char *)r);
}

static int e_new(moqt_wt_conn *c, moqt_transport *t, const moqt_wt_request *req, void *ud)
{
    echo_app *a = ud;
    (void)c;
    (void)req;
    static const moqt_transport_callbacks cb = {.struct_size = sizeof cb,
                                                .handshake_done = e_ready,
                                                .stream_data = e_data,
                                                .datagram = e_dgram,
                                                .closed = e_closed};
    a->t = t;
    return moqt_transport_set_callbacks(t, &cb, a);
}

static void write_all(moqt_transport *t, uint64_t id, const uint8_t *p, size_t len, bool fin)
{
    TF_CHECK_INT(moqt_transport_write(t, id, p, len, fin), (moqt_ssize)len);
}

/* Finds a frame of |type| at the start of |data|; returns its payload. */
static bool first_frame(const uint8_t *data, size_t len, uint64_t want, moqt_bytes *payload)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, MOQT_INT_QUIC);
    uint64_t type, flen;
    while (moqt_h3_frame_header_decode(&r, &type, &flen) == 0 && flen <= moqt_rd_left(&r)) {
        if (type == want) {
            payload->base = r.pos;
            payload->len = (size_t)flen;
            return true;
        }
        r.pos += flen;
    }
    return false;
}

TF_TEST("webtransport/bytes", chromium_draft02_session)
{
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "h3";
    moqt_mem_pair *pair;
    TF_REQUIRE(moqt_mem_pair_new(&ps, NULL, &pair) == 0);
    moqt_transport *ct = moqt_mem_pair_client(pair);
    static browser b;
    static echo_app app;
    memset(&b, 0, sizeof b);
    memset(&app, 0, sizeof app);
    moqt_transport_callbacks bcb = {.struct_size = sizeof bcb,
                                    .stream_data = b_data,
                                    .stop_sending = b_stop,
                                    .datagram = b_dgram};
    moqt_transport_set_callbacks(ct, &bcb, &b);
    static const char *const protos[] = {"moqt-17", "moqt-16", "moq-00"};
    moqt_wt_settings ss;
    moqt_wt_settings_default(&ss);
    ss.protocols = protos;
    ss.nprotocols = 3;
    moqt_wt_callbacks scb = {.struct_size = sizeof scb, .session_new = e_new};
    moqt_wt_conn *srv;
    TF_REQUIRE(moqt_wt_conn_new(moqt_mem_pair_server(pair), &ss, &scb, &app, NULL, &srv) == 0);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0); /* handshake; the server sends SETTINGS */

    static uint8_t settings[64], grease[8], cs[600], wtbidi[16], wtuni[16], closecap[32];
    size_t sl = tf_unhex("00 04 18  01 00  07 00  06 80 01 00 00  33 01  80 ff d2 77 01"
                         "  ab 60 37 42 01  40 40 02",
                         settings, sizeof settings);
    size_t gl = tf_unhex("40 21 \"junk\"", grease, sizeof grease); /* GREASE stream type */
    uint64_t ctrl, enc, dec, gs, req;
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &ctrl) == 0);
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &enc) == 0);
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &dec) == 0);
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &gs) == 0);
    write_all(ct, ctrl, settings, sl, false);
    write_all(ct, enc, (const uint8_t *)"\x02", 1, false);
    write_all(ct, dec, (const uint8_t *)"\x03", 1, false);
    write_all(ct, gs, grease, gl, false);

    /* The CONNECT, as Chromium sends it (STACK.md), QPACK-encoded by nghttp3. */
#define FL(n, v)                                                                                   \
    {                                                                                              \
        {(const uint8_t *)(n), sizeof(n) - 1},                                                     \
        {                                                                                          \
            (const uint8_t *)(v), sizeof(v) - 1                                                    \
        }                                                                                          \
    }
    static const moqt_h3_field connect[] = {
        FL(":method", "CONNECT"),
        FL(":protocol", "webtransport"),
        FL(":scheme", "https"),
        FL(":authority", "127.0.0.1:4443"),
        FL(":path", "/echo"),
        FL("sec-webtransport-http3-draft02", "1"),
        FL("origin", "http://localhost:8080"),
        FL("wt-available-protocols", "\"moqt-16\", \"moq-00\""),
    };
    moqt_qpack *q;
    TF_REQUIRE(moqt_qpack_new(&q, NULL) == 0);
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &req) == 0);
    uint8_t fs[400];
    moqt_ssize fl = moqt_qpack_encode(q, (int64_t)req, connect, 8, fs, sizeof fs);
    TF_REQUIRE(fl > 0);
    moqt_wr w;
    moqt_wr_init(&w, cs, sizeof cs, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_HEADERS, (uint64_t)fl) == 0);
    TF_REQUIRE(moqt_wr_bytes(&w, fs, (size_t)fl) == 0);
    /* A GREASE capsule in a DATA frame (capsule type 0x29 * N + 0x17 form). */
    TF_REQUIRE(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_DATA, 5) == 0);
    TF_REQUIRE(moqt_wr_bytes(&w, (const uint8_t *)"\x40\x40\x02zz", 5) == 0);
    write_all(ct, req, cs, (size_t)(w.pos - cs), false);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);

    /* The server's control stream: type 0, then SETTINGS with what Chromium needs. */
    raw_rx *sctl = NULL;
    for (size_t i = 0; i < b.n; i++) {
        if (moqt_stream_id_is_uni(b.rx[i].id) && b.rx[i].len > 0 && b.rx[i].data[0] == 0x00) {
            sctl = &b.rx[i];
        }
    }
    TF_REQUIRE(sctl != NULL);
    moqt_bytes sp;
    TF_REQUIRE(first_frame(sctl->data + 1, sctl->len - 1, MOQT_H3_FRAME_SETTINGS, &sp));
    moqt_rd r;
    moqt_rd_init(&r, sp.base, sp.len, MOQT_INT_QUIC);
    moqt_h3_settings peer;
    TF_REQUIRE(moqt_h3_settings_decode(&r, &peer) == 0);
    TF_CHECK_EQ(moqt_h3_settings_get(&peer, MOQT_H3_SET_H3_DATAGRAM), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&peer, MOQT_H3_SET_WT_ENABLE_D02), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&peer, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&peer, MOQT_H3_SET_WT_ENABLED_D15), 1);
    /* GREASE stream refused for reading, not a connection error. */
    TF_CHECK(brx(&b, gs)->stopped);
    TF_CHECK_EQ(brx(&b, gs)->stop_code, MOQT_H3_STREAM_CREATION_ERROR);

    /* The response: 200, the draft-02 header, the chosen protocol. */
    moqt_bytes hp;
    TF_REQUIRE(first_frame(brx(&b, req)->data, brx(&b, req)->len, MOQT_H3_FRAME_HEADERS, &hp));
    static moqt_h3_fields f;
    TF_REQUIRE(moqt_qpack_decode(q, (int64_t)req, hp.base, hp.len, &f) == 0);
    TF_CHECK_STR(moqt_h3_fields_find(&f, ":status")->value, "200");
    TF_REQUIRE(moqt_h3_fields_find(&f, "sec-webtransport-http3-draft") != NULL);
    TF_CHECK_STR(moqt_h3_fields_find(&f, "sec-webtransport-http3-draft")->value, "draft02");
    TF_REQUIRE(moqt_h3_fields_find(&f, "wt-protocol") != NULL);
    TF_CHECK_STR(moqt_h3_fields_find(&f, "wt-protocol")->value, "\"moqt-16\"");
    TF_CHECK(strcmp(app.protocol, "moqt-16") == 0);

    /* A bidi stream with Chromium's 2-byte signal, and a uni stream. */
    uint64_t bs, us;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &bs) == 0);
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &us) == 0);
    size_t bl = tf_unhex("40 41 00 \"hello\"", wtbidi, sizeof wtbidi);
    size_t ul = tf_unhex("40 54 00 \"uni!\"", wtuni, sizeof wtuni);
    write_all(ct, bs, wtbidi, bl, true);
    write_all(ct, us, wtuni, ul, true);
    TF_REQUIRE(moqt_transport_send_datagram(ct,
                                            (const uint8_t *)"\x00"
                                                             "dg",
                                            3) == 0);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);
    TF_CHECK_BYTES(brx(&b, bs)->data, brx(&b, bs)->len, (const uint8_t *)"hello", 5);
    TF_CHECK(brx(&b, bs)->fin);
    raw_rx *echo_uni = NULL;
    for (size_t i = 0; i < b.n; i++) {
        if (moqt_stream_id_is_uni(b.rx[i].id) && b.rx[i].len > 2 && b.rx[i].data[1] == 0x54) {
            echo_uni = &b.rx[i];
        }
    }
    TF_REQUIRE(echo_uni != NULL);
    TF_CHECK_BYTES(echo_uni->data, echo_uni->len, (const uint8_t *)"\x40\x54\x00uni!", 7);
    TF_CHECK_BYTES(b.dgram, b.dgramlen,
                   (const uint8_t *)"\x00"
                                    "dg",
                   3);

    /* Chromium closes: CLOSE_WEBTRANSPORT_SESSION (1234, "page bye") + FIN. */
    size_t cl = tf_unhex("00 0f 68 43 0c 00 00 04 d2 \"page bye\"", closecap, sizeof closecap);
    write_all(ct, req, closecap, cl, true);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);
    TF_CHECK(app.closed && app.remote && app.app);
    TF_CHECK_EQ(app.code, 1234);
    TF_CHECK(strcmp(app.reason, "page bye") == 0);
    TF_CHECK(brx(&b, req)->fin); /* the server finished its side of the CONNECT stream */
    moqt_qpack_del(q);
    moqt_wt_conn_del(srv);
    moqt_mem_pair_del(pair);
}

TF_TEST("webtransport/bytes", connect_before_settings)
{
    /* QUIC does not order streams: the CONNECT and its capsules may arrive
     * before the client's SETTINGS. The server holds them (wt-16 l.288). */
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "h3";
    moqt_mem_pair *pair;
    TF_REQUIRE(moqt_mem_pair_new(&ps, NULL, &pair) == 0);
    moqt_transport *ct = moqt_mem_pair_client(pair);
    static browser b;
    static echo_app app;
    memset(&b, 0, sizeof b);
    memset(&app, 0, sizeof app);
    moqt_transport_callbacks bcb = {.struct_size = sizeof bcb, .stream_data = b_data};
    moqt_transport_set_callbacks(ct, &bcb, &b);
    static const char *const protos[] = {"moqt-16"};
    moqt_wt_settings ss;
    moqt_wt_settings_default(&ss);
    ss.protocols = protos;
    ss.nprotocols = 1;
    moqt_wt_callbacks scb = {.struct_size = sizeof scb, .session_new = e_new};
    moqt_wt_conn *srv;
    TF_REQUIRE(moqt_wt_conn_new(moqt_mem_pair_server(pair), &ss, &scb, &app, NULL, &srv) == 0);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);

    static const moqt_h3_field connect[] = {
        FL(":method", "CONNECT"), FL(":protocol", "webtransport-h3"),
        FL(":scheme", "https"),   FL(":authority", "example.test"),
        FL(":path", "/"),         FL("wt-available-protocols", "\"moqt-16\""),
    };
    moqt_qpack *q;
    TF_REQUIRE(moqt_qpack_new(&q, NULL) == 0);
    uint64_t req, ctrl;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &req) == 0);
    static uint8_t cs[400], settings[32];
    uint8_t fs[300];
    moqt_ssize fl = moqt_qpack_encode(q, (int64_t)req, connect, 6, fs, sizeof fs);
    TF_REQUIRE(fl > 0);
    moqt_wr w;
    moqt_wr_init(&w, cs, sizeof cs, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_HEADERS, (uint64_t)fl) == 0);
    TF_REQUIRE(moqt_wr_bytes(&w, fs, (size_t)fl) == 0);
    /* A GREASE capsule, then WT_CLOSE_SESSION (5, "early"), in two DATA frames. */
    uint8_t caps[32];
    size_t cl = tf_unhex("40 40 00  68 43 09 00 00 00 05 \"early\"", caps, sizeof caps);
    TF_REQUIRE(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_DATA, 3) == 0);
    TF_REQUIRE(moqt_wr_bytes(&w, caps, 3) == 0);
    TF_REQUIRE(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_DATA, cl - 3) == 0);
    TF_REQUIRE(moqt_wr_bytes(&w, caps + 3, cl - 3) == 0);
    write_all(ct, req, cs, (size_t)(w.pos - cs), false);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);
    TF_CHECK_EQ(brx(&b, req)->len, 0); /* no answer before SETTINGS */
    TF_CHECK(app.t == NULL);

    /* SETTINGS of a draft-16 client: WT_ENABLED, H3_DATAGRAM. */
    size_t sl = tf_unhex("00 04 07 33 01 ac 7c f0 00 01", settings, sizeof settings);
    TF_REQUIRE(moqt_transport_open_stream(ct, false, &ctrl) == 0);
    write_all(ct, ctrl, settings, sl, false);
    TF_REQUIRE(moqt_mem_pair_run(pair, 0) >= 0);
    moqt_bytes hp;
    TF_REQUIRE(first_frame(brx(&b, req)->data, brx(&b, req)->len, MOQT_H3_FRAME_HEADERS, &hp));
    static moqt_h3_fields f;
    TF_REQUIRE(moqt_qpack_decode(q, (int64_t)req, hp.base, hp.len, &f) == 0);
    TF_CHECK_STR(moqt_h3_fields_find(&f, ":status")->value, "200");
    TF_CHECK(moqt_h3_fields_find(&f, "sec-webtransport-http3-draft") == NULL); /* not draft-02 */
    TF_CHECK(strcmp(app.protocol, "moqt-16") == 0);
    TF_CHECK(moqt_wt_conn_peer_draft(srv) == MOQT_WT_PEER_D15);
    /* The capsules held with the request were processed after it. */
    TF_CHECK(app.closed && app.remote && app.app);
    TF_CHECK_EQ(app.code, 5);
    TF_CHECK(strcmp(app.reason, "early") == 0);
    moqt_qpack_del(q);
    moqt_wt_conn_del(srv);
    moqt_mem_pair_del(pair);
}
