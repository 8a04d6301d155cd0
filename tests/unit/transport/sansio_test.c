/*
 * The sans-I/O QUIC API driven with no socket and no clock: packets travel
 * through an in-process queue, time is virtual and jumps to the next
 * expiry when nothing is in flight. The shared behaviour bodies run over
 * it as a third backend, so the core is exercised exactly as a foreign
 * event loop would drive it.
 */
#include "harness.h"

#include <moqt/moqt_runtime.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tf.h"

typedef struct sio_pkt {
    int to; /* 0 = client, 1 = server */
    size_t len;
    uint8_t data[1500];
} sio_pkt;

typedef struct sio_pair {
    moqt_tls_config *stls, *ctls;
    moqt_quic_listener *listener;
    moqt_quic_conn *client, *server;
    tt_peer *server_peer;
    sio_pkt *q;
    size_t head, n, cap;
    moqt_tstamp now;
    struct sockaddr_in caddr, saddr;
    size_t delivered;
} sio_pair;

typedef struct sio_dest {
    sio_pair *p;
    int to;
} sio_dest;

static int sio_send(void *ud, const struct sockaddr *local, size_t locallen,
                    const struct sockaddr *remote, size_t remotelen, uint32_t ecn,
                    const uint8_t *data, size_t len, size_t segment)
{
    sio_dest *d = ud;
    sio_pair *p = d->p;
    (void)local, (void)locallen, (void)remote, (void)remotelen, (void)ecn;
    for (size_t off = 0; off < len; off += segment) {
        size_t n = len - off < segment ? len - off : segment;
        if (p->n == p->cap) {
            p->cap = p->cap ? p->cap * 2 : 256;
            p->q = realloc(p->q, p->cap * sizeof(*p->q));
            if (p->q == NULL) {
                abort();
            }
        }
        if (n > sizeof(p->q[0].data)) {
            abort();
        }
        sio_pkt *pk = &p->q[p->n++];
        pk->to = d->to;
        pk->len = n;
        memcpy(pk->data, data + off, n);
    }
    return 0;
}

static void sio_write(sio_pair *p)
{
    sio_dest to_server = {p, 1}, to_client = {p, 0};
    moqt_quic_conn_write(p->client, sio_send, &to_server, p->now);
    if (p->server) {
        moqt_quic_conn_write(p->server, sio_send, &to_client, p->now);
    }
}

static int sio_accept(moqt_quic_listener *l, moqt_quic_conn *conn, void *ud)
{
    sio_pair *p = ud;
    (void)l;
    if (p->server) {
        return -1; /* one connection per pair */
    }
    p->server = conn;
    tt_peer_attach(p->server_peer, moqt_quic_conn_transport(conn));
    return 0;
}

/* Delivers the packets queued now (those they cause wait for the next
 * round, so the caller's condition is checked in between), oldest first. */
static bool sio_deliver(sio_pair *p)
{
    size_t end = p->n;
    if (p->head == end) {
        return false;
    }
    while (p->head < end) {
        sio_pkt pk = p->q[p->head++];
        p->delivered++;
        sio_dest back = {p, pk.to ? 0 : 1};
        if (pk.to == 1) {
            moqt_quic_conn *c = NULL;
            moqt_quic_listener_read(p->listener, (struct sockaddr *)&p->saddr, sizeof(p->saddr),
                                    (struct sockaddr *)&p->caddr, sizeof(p->caddr), 0, pk.data,
                                    pk.len, p->now, sio_send, &back, &c);
        } else {
            moqt_quic_conn_read(p->client, (struct sockaddr *)&p->caddr, sizeof(p->caddr),
                                (struct sockaddr *)&p->saddr, sizeof(p->saddr), 0, pk.data, pk.len,
                                p->now);
        }
    }
    sio_write(p);
    /* Drop what was delivered; keep what the round produced. */
    memmove(p->q, p->q + p->head, (p->n - p->head) * sizeof(*p->q));
    p->n -= p->head;
    p->head = 0;
    return true;
}

/* Nothing in flight: run the timers now; if they send nothing, move the
 * clock to the next expiry (at least 1 ms on: an expiry already due that
 * produces nothing is ngtcp2 waiting for something else, as a real loop
 * with millisecond timers would). Returns false when no timer is left. */
static bool sio_tick(sio_pair *p)
{
    moqt_quic_conn_handle_expiry(p->client, p->now);
    if (p->server) {
        moqt_quic_conn_handle_expiry(p->server, p->now);
    }
    sio_write(p);
    if (p->n > p->head) {
        return true;
    }
    moqt_tstamp next = moqt_quic_conn_expiry(p->client);
    if (p->server && moqt_quic_conn_expiry(p->server) < next) {
        next = moqt_quic_conn_expiry(p->server);
    }
    if (next == UINT64_MAX) {
        return false;
    }
    p->now = next > p->now ? next : p->now + MOQT_MILLISECONDS;
    return true;
}

static tt_pair *sio_create(const tt_opts *o, tt_peer *client, tt_peer *server)
{
    sio_pair *p = calloc(1, sizeof(*p));
    if (p == NULL || moqt_tls_server_config_self_signed(NULL, &p->stls) != 0 ||
        moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                   moqt_tls_config_fingerprint(p->stls), NULL, &p->ctls) != 0) {
        abort();
    }
    p->now = 1 * MOQT_SECONDS;
    p->caddr.sin_family = p->saddr.sin_family = AF_INET;
    p->caddr.sin_addr.s_addr = p->saddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    p->caddr.sin_port = htons(50000);
    p->saddr.sin_port = htons(4433);
    p->server_peer = server;
    moqt_quic_settings cs;
    moqt_quic_settings_default(&cs);
    const char *alpn[1];
    if (o && o->alpn) {
        alpn[0] = o->alpn;
        cs.alpns = alpn;
        cs.nalpns = 1;
    }
    if (moqt_quic_listener_new(NULL, p->stls, sio_accept, p, NULL, &p->listener) != 0 ||
        moqt_quic_client_new(&cs, p->ctls, "localhost", (struct sockaddr *)&p->caddr,
                             sizeof(p->caddr), (struct sockaddr *)&p->saddr, sizeof(p->saddr),
                             p->now, NULL, &p->client) != 0) {
        abort();
    }
    tt_peer_attach(client, moqt_quic_conn_transport(p->client));
    sio_write(p);
    return (tt_pair *)p;
}

static bool sio_run(tt_pair *tp, tt_cond cond, void *arg, unsigned timeout_ms)
{
    sio_pair *p = (sio_pair *)tp;
    moqt_tstamp end = p->now + (moqt_tstamp)timeout_ms * MOQT_MILLISECONDS;
    while (!cond(arg) && p->now <= end) {
        sio_write(p); /* what the test's own calls queued */
        if (!sio_deliver(p) && !sio_tick(p)) {
            break;
        }
    }
    return cond(arg);
}

static void sio_del(tt_pair *tp)
{
    sio_pair *p = (sio_pair *)tp;
    moqt_quic_conn_del(p->client);
    moqt_quic_listener_del(p->listener); /* frees the server connection */
    moqt_tls_config_del(p->stls);
    moqt_tls_config_del(p->ctls);
    free(p->q);
    free(p);
}

static const tt_backend sio_backend = {"quic-sansio", sio_create, sio_run, sio_del};

TF_TEST("quic/sansio", handshake_reports_alpn)
{
    tt_body_handshake(&sio_backend);
}

TF_TEST("quic/sansio", bidi_transfer_each_direction)
{
    tt_body_bidi_transfer(&sio_backend, 4u << 20, true);
    tt_body_bidi_transfer(&sio_backend, 4u << 20, false);
}

TF_TEST("quic/sansio", uni_transfer_each_direction)
{
    tt_body_uni_transfer(&sio_backend, 4u << 20, true);
    tt_body_uni_transfer(&sio_backend, 4u << 20, false);
}

TF_TEST("quic/sansio", many_streams)
{
    tt_body_many_streams(&sio_backend, 300, 2000);
}

TF_TEST("quic/sansio", datagram_echo)
{
    tt_body_datagram_echo(&sio_backend, 200);
}

TF_TEST("quic/sansio", reset_and_stop_sending_codes)
{
    tt_body_reset_and_stop(&sio_backend);
}

TF_TEST("quic/sansio", close_code_and_reason)
{
    tt_body_close_code_reason(&sio_backend);
}

TF_TEST("quic/sansio", congestion_window_sends_by_priority)
{
    tt_body_priority(&sio_backend, NULL, 768u << 10);
}
