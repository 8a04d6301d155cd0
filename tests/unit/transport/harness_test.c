/*
 * The transport harness (see harness.h) and the behaviour bodies shared by
 * the in-memory and QUIC tests. This file registers no test itself.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "tf.h"

/* The pattern: a fixed buffer whose period (65521, prime) does not divide
 * any write size the tests use, shifted per stream. */
#define PATTERN_PERIOD 65521u
static uint8_t pattern[PATTERN_PERIOD * 2];

static const uint8_t *pattern_at(uint64_t id, uint64_t offset)
{
    if (pattern[1] == 0) {
        uint32_t x = 2463534242u;
        for (size_t i = 0; i < PATTERN_PERIOD; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            pattern[i] = pattern[i + PATTERN_PERIOD] = (uint8_t)x;
        }
    }
    return &pattern[(offset + id * 977u) % PATTERN_PERIOD];
}

uint8_t tt_pattern_byte(uint64_t id, uint64_t offset)
{
    return *pattern_at(id, offset);
}

void tt_peer_init(tt_peer *pe, const char *name)
{
    memset(pe, 0, sizeof(*pe));
    pe->name = name;
}

void tt_peer_free(tt_peer *pe)
{
    free(pe->streams);
    pe->streams = NULL;
    pe->nstreams = pe->cap = 0;
}

tt_stream *tt_stream_find(tt_peer *pe, uint64_t id)
{
    for (size_t i = pe->nstreams; i-- > 0;) {
        if (pe->streams[i].id == id) {
            return &pe->streams[i];
        }
    }
    return NULL;
}

static tt_stream *stream_get(tt_peer *pe, uint64_t id)
{
    tt_stream *s = tt_stream_find(pe, id);
    if (s) {
        return s;
    }
    if (pe->nstreams == pe->cap) {
        pe->cap = pe->cap ? pe->cap * 2 : 64;
        pe->streams = realloc(pe->streams, pe->cap * sizeof(*pe->streams));
        if (pe->streams == NULL) {
            abort();
        }
    }
    s = &pe->streams[pe->nstreams++];
    memset(s, 0, sizeof(*s));
    s->id = id;
    s->reset_code = -1;
    s->stop_code = -1;
    return s;
}

void tt_pump(tt_peer *pe, tt_stream *s)
{
    while (s->tx_active && !s->tx_fin_sent) {
        uint64_t left = s->tx_total - s->tx_written;
        size_t n = left > 60000 ? 60000 : (size_t)left;
        bool fin = n == left;
        moqt_ssize rv =
            moqt_transport_write(pe->t, s->id, pattern_at(s->id, s->tx_written), n, fin);
        if (rv == MOQT_ERR_WOULDBLOCK) {
            return;
        }
        if (rv < 0) {
            tf_fail(__FILE__, __LINE__, "%s: write on %llu: %s", pe->name,
                    (unsigned long long)s->id, moqt_strerror((int)rv));
            s->tx_active = false;
            return;
        }
        s->tx_written += (uint64_t)rv;
        if ((size_t)rv < n) {
            s->tx_wrote_short = true;
            return;
        }
        s->tx_fin_sent = fin;
    }
}

tt_stream *tt_send(tt_peer *pe, bool bidi, uint64_t total)
{
    uint64_t id;
    int rv = moqt_transport_open_stream(pe->t, bidi, &id);
    if (rv != 0) {
        tf_fail(__FILE__, __LINE__, "%s: open_stream: %s", pe->name, moqt_strerror(rv));
        return NULL;
    }
    tt_stream *s = stream_get(pe, id);
    s->tx_total = total;
    s->tx_active = true;
    tt_pump(pe, s);
    return tt_stream_find(pe, id);
}

/* ---- recording callbacks ---------------------------------------------------- */

static int on_handshake_done(moqt_transport *t, const char *alpn, void *ud)
{
    tt_peer *pe = ud;
    (void)t;
    pe->handshake = true;
    snprintf(pe->alpn, sizeof(pe->alpn), "%s", alpn);
    return 0;
}

static int on_stream_opened(moqt_transport *t, uint64_t id, void *ud)
{
    tt_peer *pe = ud;
    if (moqt_stream_id_is_local(t, id)) {
        pe->failures++;
    }
    stream_get(pe, id)->opened_by_peer = true;
    return 0;
}

static int on_stream_data(moqt_transport *t, uint64_t id, const uint8_t *data, size_t len, bool fin,
                          void *ud)
{
    tt_peer *pe = ud;
    tt_stream *s = stream_get(pe, id);
    if (s->rx_fin) {
        s->rx_bad = true; /* nothing may follow FIN */
    }
    if (len > 0 && memcmp(data, pattern_at(id, s->rx_bytes), len) != 0) {
        s->rx_bad = true;
    }
    s->rx_bytes += len;
    if (fin) {
        s->rx_fin = true;
        if (!s->rx_bad) {
            pe->streams_finished++;
        }
        if (pe->reply_on_fin && !moqt_stream_id_is_uni(id) && !moqt_stream_id_is_local(t, id)) {
            s->tx_total = s->rx_bytes;
            s->tx_active = true;
            tt_pump(pe, s);
        }
    }
    return 0;
}

static int on_stream_reset(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    stream_get(ud, id)->reset_code = (int64_t)code;
    return 0;
}

static int on_stop_sending(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    tt_stream *s = stream_get(ud, id);
    s->stop_code = (int64_t)code;
    s->tx_active = false;
    return 0;
}

static int on_stream_acked(moqt_transport *t, uint64_t id, uint64_t offset, void *ud)
{
    tt_peer *pe = ud;
    (void)t;
    tt_stream *s = stream_get(pe, id);
    if (offset < s->tx_acked || offset > s->tx_written) {
        pe->failures++;
    }
    s->tx_acked = offset;
    return 0;
}

static int on_stream_writable(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    tt_peer *pe = ud;
    tt_pump(pe, stream_get(pe, id));
    return 0;
}

static int on_streams_available(moqt_transport *t, bool bidi, void *ud)
{
    (void)t;
    (void)bidi;
    ((tt_peer *)ud)->streams_available_events++;
    return 0;
}

static int on_stream_closed(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    tt_peer *pe = ud;
    tt_stream *s = stream_get(pe, id);
    if (s->closed) {
        pe->failures++;
    }
    s->closed = true;
    pe->streams_closed++;
    return 0;
}

static int on_datagram(moqt_transport *t, const uint8_t *data, size_t len, void *ud)
{
    tt_peer *pe = ud;
    pe->datagrams++;
    pe->datagram_bytes += len;
    pe->last_datagram_len = len < sizeof(pe->last_datagram) ? len : sizeof(pe->last_datagram);
    memcpy(pe->last_datagram, data, pe->last_datagram_len);
    if (pe->echo_datagrams) {
        int rv = moqt_transport_send_datagram(t, data, len);
        if (rv != 0 && rv != MOQT_ERR_WOULDBLOCK) {
            pe->failures++;
        }
    }
    return 0;
}

static void on_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                      const uint8_t *reason, size_t reasonlen, void *ud)
{
    tt_peer *pe = ud;
    (void)t;
    if (pe->closed) {
        pe->failures++;
    }
    pe->closed = true;
    pe->closed_remote = remote;
    pe->closed_app = app;
    pe->close_code = code;
    size_t n = reasonlen < sizeof(pe->close_reason) - 1 ? reasonlen : sizeof(pe->close_reason) - 1;
    memcpy(pe->close_reason, reason, n);
    pe->close_reason[n] = '\0';
}

void tt_peer_attach(tt_peer *pe, moqt_transport *t)
{
    static const moqt_transport_callbacks cb = {
        .struct_size = sizeof(moqt_transport_callbacks),
        .handshake_done = on_handshake_done,
        .stream_opened = on_stream_opened,
        .stream_data = on_stream_data,
        .stream_reset = on_stream_reset,
        .stop_sending = on_stop_sending,
        .stream_acked = on_stream_acked,
        .stream_writable = on_stream_writable,
        .streams_available = on_streams_available,
        .stream_closed = on_stream_closed,
        .datagram = on_datagram,
        .closed = on_closed,
    };
    pe->t = t;
    moqt_transport_set_callbacks(t, &cb, pe);
}

bool tt_cond_handshake(void *arg)
{
    tt_peer *pe = arg;
    return pe[0].handshake && pe[1].handshake;
}

bool tt_cond_closed_both(void *arg)
{
    tt_peer *pe = arg;
    return pe[0].closed && pe[1].closed;
}

/* ---- the in-memory backend --------------------------------------------------- */

struct tt_pair {
    moqt_mem_pair *mem;
};

static tt_pair *mem_create(const tt_opts *o, tt_peer *client, tt_peer *server)
{
    moqt_mem_pair_settings s;
    moqt_mem_pair_settings_default(&s);
    if (o) {
        s.alpn = o->alpn ? o->alpn : s.alpn;
        s.stream_window = o->stream_window;
        s.max_chunk = o->max_chunk;
        s.link_budget = o->link_budget;
    }
    s.max_streams_bidi = s.max_streams_uni = 1000;
    s.datagram_queue = 1024;
    tt_pair *p = calloc(1, sizeof(*p));
    if (p == NULL || moqt_mem_pair_new(&s, NULL, &p->mem) != 0) {
        abort();
    }
    tt_peer_attach(client, moqt_mem_pair_client(p->mem));
    tt_peer_attach(server, moqt_mem_pair_server(p->mem));
    return p;
}

static bool mem_run(tt_pair *p, tt_cond cond, void *arg, unsigned timeout_ms)
{
    (void)timeout_ms; /* virtual time: quiescence is the timeout */
    for (;;) {
        if (cond(arg)) {
            return true;
        }
        moqt_ssize n = moqt_mem_pair_run(p->mem, 16);
        if (n <= 0) {
            return cond(arg);
        }
    }
}

static void mem_del(tt_pair *p)
{
    moqt_mem_pair_del(p->mem);
    free(p);
}

const tt_backend tt_backend_mem = {"mem", mem_create, mem_run, mem_del};

/* ---- shared bodies ------------------------------------------------------------- */

typedef struct body {
    const tt_backend *b;
    tt_pair *pair;
    tt_peer peer[2]; /* client, server */
} body;

static bool body_start(body *x, const tt_backend *b, const tt_opts *o)
{
    x->b = b;
    tt_peer_init(&x->peer[0], "client");
    tt_peer_init(&x->peer[1], "server");
    x->pair = b->create(o, &x->peer[0], &x->peer[1]);
    if (x->pair == NULL) {
        tf_fail(__FILE__, __LINE__, "%s: cannot create a connected pair", b->name);
        return false;
    }
    if (!b->run(x->pair, tt_cond_handshake, x->peer, 5000)) {
        tf_fail(__FILE__, __LINE__, "%s: handshake did not complete", b->name);
        return false;
    }
    return true;
}

static void body_end(body *x)
{
    if (x->pair) {
        x->b->del(x->pair);
    }
    TF_CHECK_INT(x->peer[0].failures, 0);
    TF_CHECK_INT(x->peer[1].failures, 0);
    tt_peer_free(&x->peer[0]);
    tt_peer_free(&x->peer[1]);
}

void tt_body_handshake(const tt_backend *b)
{
    body x;
    tt_opts o = {.alpn = "moqt-18"};
    if (body_start(&x, b, &o)) {
        TF_CHECK(strcmp(x.peer[0].alpn, "moqt-18") == 0);
        TF_CHECK(strcmp(x.peer[1].alpn, "moqt-18") == 0);
        TF_CHECK(strcmp(moqt_transport_alpn(x.peer[0].t), "moqt-18") == 0);
        TF_CHECK(!moqt_transport_is_server(x.peer[0].t));
        TF_CHECK(moqt_transport_is_server(x.peer[1].t));
        uint32_t caps = moqt_transport_capabilities(x.peer[0].t);
        TF_CHECK(caps & MOQT_TRANSPORT_CAP_DATAGRAM);
        TF_CHECK(caps & MOQT_TRANSPORT_CAP_BIDI_STREAMS);
        TF_CHECK(moqt_transport_max_datagram_size(x.peer[0].t) >= 1000);
    }
    body_end(&x);
}

typedef struct xfer_cond {
    tt_peer *rx, *tx;
    uint64_t id;
    uint64_t want_rx; /* bytes expected at rx */
    bool want_reply;  /* bidi: also the reply back at tx */
} xfer_cond;

static bool xfer_done(void *arg)
{
    xfer_cond *c = arg;
    tt_stream *r = tt_stream_find(c->rx, c->id);
    if (r == NULL || !r->rx_fin) {
        return false;
    }
    if (!c->want_reply) {
        tt_stream *w = tt_stream_find(c->tx, c->id);
        return w && w->tx_acked == w->tx_total;
    }
    tt_stream *w = tt_stream_find(c->tx, c->id);
    return w && w->rx_fin;
}

void tt_body_bidi_transfer(const tt_backend *b, uint64_t bytes, bool client_sends)
{
    body x;
    if (body_start(&x, b, NULL)) {
        tt_peer *tx = &x.peer[client_sends ? 0 : 1], *rx = &x.peer[client_sends ? 1 : 0];
        rx->reply_on_fin = true;
        tt_stream *s = tt_send(tx, true, bytes);
        TF_REQUIRE(s != NULL);
        uint64_t id = s->id;
        TF_CHECK(!moqt_stream_id_is_uni(id));
        TF_CHECK_EQ(moqt_stream_id_is_server_initiated(id), !client_sends);
        xfer_cond c = {rx, tx, id, bytes, true};
        TF_CHECK(b->run(x.pair, xfer_done, &c, 60000));
        tt_stream *r = tt_stream_find(rx, id), *w = tt_stream_find(tx, id);
        TF_REQUIRE(r != NULL && w != NULL);
        TF_CHECK_EQ(r->rx_bytes, bytes);
        TF_CHECK(r->rx_fin && !r->rx_bad);
        TF_CHECK(r->opened_by_peer);
        TF_CHECK_EQ(w->rx_bytes, bytes); /* the reply */
        TF_CHECK(w->rx_fin && !w->rx_bad);
    }
    body_end(&x);
}

void tt_body_uni_transfer(const tt_backend *b, uint64_t bytes, bool client_sends)
{
    body x;
    if (body_start(&x, b, NULL)) {
        tt_peer *tx = &x.peer[client_sends ? 0 : 1], *rx = &x.peer[client_sends ? 1 : 0];
        tt_stream *s = tt_send(tx, false, bytes);
        TF_REQUIRE(s != NULL);
        uint64_t id = s->id;
        TF_CHECK(moqt_stream_id_is_uni(id));
        xfer_cond c = {rx, tx, id, bytes, false};
        TF_CHECK(b->run(x.pair, xfer_done, &c, 60000));
        tt_stream *r = tt_stream_find(rx, id), *w = tt_stream_find(tx, id);
        TF_REQUIRE(r != NULL && w != NULL);
        TF_CHECK_EQ(r->rx_bytes, bytes);
        TF_CHECK(r->rx_fin && !r->rx_bad);
        TF_CHECK_EQ(w->tx_acked, bytes);
        /* A peer's uni stream is not writable here. */
        TF_CHECK_INT(moqt_transport_write(rx->t, id, (const uint8_t *)"x", 1, false),
                     MOQT_ERR_INVALID_ARGUMENT);
    }
    body_end(&x);
}

typedef struct many_cond {
    tt_peer *client;
    uint64_t want;
} many_cond;

static bool many_done(void *arg)
{
    many_cond *c = arg;
    return c->client->streams_finished >= c->want;
}

void tt_body_many_streams(const tt_backend *b, unsigned nstreams, uint64_t bytes_each)
{
    body x;
    if (body_start(&x, b, NULL)) {
        x.peer[1].reply_on_fin = true;
        unsigned opened = 0;
        many_cond c = {&x.peer[0], nstreams};
        /* Open all at once; where the peer's limit stops us, wait for credit. */
        while (opened < nstreams) {
            uint64_t id;
            int rv = moqt_transport_open_stream(x.peer[0].t, true, &id);
            if (rv == MOQT_ERR_WOULDBLOCK) {
                uint64_t before = x.peer[0].streams_available_events;
                TF_REQUIRE(b->run(x.pair, many_done, &c, 1) || true);
                if (x.peer[0].streams_available_events == before &&
                    x.peer[0].streams_finished < opened) {
                    continue;
                }
                continue;
            }
            TF_REQUIRE(rv == 0);
            tt_stream *s = stream_get(&x.peer[0], id);
            s->tx_total = bytes_each;
            s->tx_active = true;
            tt_pump(&x.peer[0], s);
            opened++;
        }
        TF_CHECK(b->run(x.pair, many_done, &c, 60000));
        TF_CHECK_EQ(x.peer[0].streams_finished, nstreams);
        TF_CHECK_EQ(x.peer[1].streams_finished, nstreams);
    }
    body_end(&x);
}

typedef struct dgram_cond {
    tt_peer *client;
    uint64_t want;
} dgram_cond;

static bool dgram_done(void *arg)
{
    dgram_cond *c = arg;
    return c->client->datagrams >= c->want;
}

void tt_body_datagram_echo(const tt_backend *b, unsigned count)
{
    body x;
    if (body_start(&x, b, NULL)) {
        x.peer[1].echo_datagrams = true;
        uint8_t msg[200];
        unsigned sent = 0;
        for (unsigned i = 0; i < count; i++) {
            memset(msg, (int)i, sizeof(msg));
            int rv = moqt_transport_send_datagram(x.peer[0].t, msg, 100 + i % 100);
            TF_CHECK(rv == 0 || rv == MOQT_ERR_WOULDBLOCK);
            sent += rv == 0;
            if (rv == MOQT_ERR_WOULDBLOCK) {
                /* The queue is full: let it drain, then send this one again. */
                dgram_cond c0 = {&x.peer[0], x.peer[0].datagrams + 1};
                b->run(x.pair, dgram_done, &c0, 200);
                i--;
            }
        }
        dgram_cond c = {&x.peer[0], sent};
        TF_CHECK(b->run(x.pair, dgram_done, &c, 5000));
        /* Loopback loses nothing in practice, but datagrams may be dropped: ask for most. */
        TF_CHECK(x.peer[0].datagrams * 10 >= (uint64_t)sent * 9);
        TF_CHECK(x.peer[1].datagrams >= x.peer[0].datagrams);
        TF_CHECK(x.peer[0].last_datagram_len >= 100);
        size_t big = moqt_transport_max_datagram_size(x.peer[0].t);
        uint8_t *too_big = calloc(1, big + 1);
        TF_CHECK_INT(moqt_transport_send_datagram(x.peer[0].t, too_big, big + 1),
                     MOQT_ERR_INVALID_ARGUMENT);
        free(too_big);
    }
    body_end(&x);
}

typedef struct rs_cond {
    tt_peer *peer;
    uint64_t reset_id, stop_id;
} rs_cond;

static bool rs_done(void *arg)
{
    rs_cond *c = arg;
    tt_stream *r = tt_stream_find(&c->peer[1], c->reset_id);
    tt_stream *s = tt_stream_find(&c->peer[0], c->stop_id);
    tt_stream *sr = tt_stream_find(&c->peer[1], c->stop_id);
    return r && r->reset_code >= 0 && s && s->stop_code >= 0 && sr && sr->reset_code >= 0;
}

typedef struct known_cond {
    tt_peer *peer;
    uint64_t id;
} known_cond;

static bool stream_known(void *arg)
{
    known_cond *c = arg;
    tt_stream *s = tt_stream_find(c->peer, c->id);
    return s && s->rx_bytes > 0;
}

void tt_body_reset_and_stop(const tt_backend *b)
{
    body x;
    tt_opts o = {.stream_window = 1u << 16};
    if (body_start(&x, b, &o)) {
        /* Client resets a stream it is writing; server must see the code. */
        tt_stream *a = tt_send(&x.peer[0], false, 1u << 20);
        TF_REQUIRE(a != NULL);
        uint64_t reset_id = a->id;
        a->tx_active = false;
        TF_CHECK_INT(moqt_transport_reset_stream(x.peer[0].t, reset_id, 0x1234), 0);
        /* Client writes a bidi stream forever; server asks it to stop. */
        tt_stream *s = tt_send(&x.peer[0], true, 1u << 30);
        TF_REQUIRE(s != NULL);
        uint64_t stop_id = s->id;
        /* Wait until the server has seen data on the stream, then stop it. */
        known_cond k = {&x.peer[1], stop_id};
        TF_REQUIRE(b->run(x.pair, stream_known, &k, 5000));
        TF_CHECK_INT(moqt_transport_stop_sending(x.peer[1].t, stop_id, 0x77), 0);
        /* The server ends its own side too, so the stream can close (QUIC on
         * ngtcp2 reports the STOP_SENDING code when the stream closes). */
        TF_CHECK_INT(moqt_transport_write(x.peer[1].t, stop_id, NULL, 0, true), 0);
        rs_cond c = {x.peer, reset_id, stop_id};
        TF_CHECK(b->run(x.pair, rs_done, &c, 5000));
        tt_stream *r = tt_stream_find(&x.peer[1], reset_id);
        TF_REQUIRE(r != NULL);
        TF_CHECK_INT(r->reset_code, 0x1234);
        tt_stream *st = tt_stream_find(&x.peer[0], stop_id);
        TF_REQUIRE(st != NULL);
        TF_CHECK_INT(st->stop_code, 0x77);
        /* RFC 9000 §3.5: the stopped sender resets with the same code. */
        TF_CHECK_INT(tt_stream_find(&x.peer[1], stop_id)->reset_code, 0x77);
        /* Writing after being stopped fails. */
        TF_CHECK(moqt_transport_write(x.peer[0].t, stop_id, (const uint8_t *)"x", 1, false) < 0);
    }
    body_end(&x);
}

void tt_body_close_code_reason(const tt_backend *b)
{
    body x;
    if (body_start(&x, b, NULL)) {
        static const char reason[] = "going away now";
        TF_CHECK_INT(
            moqt_transport_close(x.peer[1].t, 0x42, (const uint8_t *)reason, sizeof(reason) - 1),
            0);
        TF_CHECK_INT(moqt_transport_close(x.peer[1].t, 0x43, NULL, 0), MOQT_ERR_INVALID_STATE);
        TF_CHECK(b->run(x.pair, tt_cond_closed_both, x.peer, 5000));
        TF_CHECK(x.peer[0].closed && x.peer[0].closed_remote && x.peer[0].closed_app);
        TF_CHECK_EQ(x.peer[0].close_code, 0x42);
        TF_CHECK(strcmp(x.peer[0].close_reason, reason) == 0);
        TF_CHECK(x.peer[1].closed && !x.peer[1].closed_remote);
        uint64_t id;
        TF_CHECK_INT(moqt_transport_open_stream(x.peer[0].t, true, &id), MOQT_ERR_INVALID_STATE);
    }
    body_end(&x);
}

/* ---- priorities ------------------------------------------------------------------ */

typedef struct fin_cond {
    tt_peer *rx;
    uint64_t id;
} fin_cond;

static bool fin_arrived(void *arg)
{
    fin_cond *c = arg;
    tt_stream *r = tt_stream_find(c->rx, c->id);
    return r != NULL && r->rx_fin;
}

static uint64_t rx_bytes(tt_peer *pe, uint64_t id)
{
    tt_stream *r = tt_stream_find(pe, id);
    return r ? r->rx_bytes : 0;
}

void tt_body_priority(const tt_backend *b, const tt_opts *o, uint64_t bytes)
{
    body x;
    if (body_start(&x, b, o)) {
        tt_peer *tx = &x.peer[0], *rx = &x.peer[1];
        /* Four streams: keys 30, 10, 20, 40; then the last moves to 5. */
        static const uint64_t keys[4] = {30, 10, 20, 40};
        uint64_t id[4];
        for (int i = 0; i < 4; i++) {
            tt_stream *s = tt_send(tx, false, bytes);
            TF_REQUIRE(s != NULL);
            id[i] = s->id;
            TF_CHECK_INT(moqt_transport_set_stream_priority(tx->t, id[i], keys[i]), 0);
        }
        TF_CHECK_INT(moqt_transport_set_stream_priority(tx->t, id[3], 5), 0);
        /* A peer's uni stream is not ours to order. */
        TF_CHECK_INT(moqt_transport_set_stream_priority(rx->t, id[0], 1),
                     MOQT_ERR_INVALID_ARGUMENT);
        /* Order 5 (id[3]), 10 (id[1]), 20 (id[2]), 30 (id[0]): when one
         * finishes, the later ones have had at most a little (what shared
         * its last packets, or moved while it waited for credit). */
        static const int order[4] = {3, 1, 2, 0};
        for (int k = 0; k < 4; k++) {
            fin_cond c = {rx, id[order[k]]};
            TF_REQUIRE(b->run(x.pair, fin_arrived, &c, 60000));
            TF_CHECK_EQ(rx_bytes(rx, id[order[k]]), bytes);
            for (int later = k + 1; later < 4; later++) {
                if (!TF_CHECK(rx_bytes(rx, id[order[later]]) < bytes / 4)) {
                    tf_fail(__FILE__, __LINE__, "%s: key order broken at %d: %llu bytes of %d",
                            b->name, k, (unsigned long long)rx_bytes(rx, id[order[later]]),
                            order[later]);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            tt_stream *r = tt_stream_find(rx, id[i]);
            TF_REQUIRE(r != NULL);
            TF_CHECK(r->rx_fin && !r->rx_bad);
        }
    }
    body_end(&x);
}
