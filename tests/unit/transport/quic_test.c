/*
 * QUIC over loopback through the runtime: the shared behaviour bodies (the
 * same ones the in-memory pair passes) plus handshake policy, scale, idle
 * timeout, stateless reset and key update.
 */
#include "harness.h"

#include <moqt/moqt_runtime.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tf.h"

typedef struct quic_pair {
    moqt_runtime *rt;
    moqt_tls_config *server_tls, *client_tls;
    moqt_quic_server *srv;
    moqt_transport *client;
    tt_peer *server_peer;
    int accepted;
} quic_pair;

static int accept_into_peer(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    quic_pair *p = ud;
    (void)srv;
    p->accepted++;
    if (p->server_peer) {
        tt_peer_attach(p->server_peer, t);
    }
    return 0;
}

typedef struct quic_opts {
    const char *const *server_alpns;
    size_t nserver_alpns;
    const char *const *client_alpns;
    size_t nclient_alpns;
    moqt_tls_verify verify;
    bool wrong_pin;
    moqt_duration idle_timeout;
    moqt_duration keep_alive;
    uint64_t max_data; /* 0: default */
    moqt_quic_cc cc;
    const char *qlog_dir;
    const char *host;
} quic_opts;

static quic_pair *quic_create_with(const quic_opts *o, tt_peer *client, tt_peer *server)
{
    quic_pair *p = calloc(1, sizeof(*p));
    if (p == NULL || moqt_runtime_new(NULL, NULL, &p->rt) != 0 ||
        moqt_tls_server_config_self_signed(NULL, &p->server_tls) != 0) {
        abort();
    }
    const char *pin = moqt_tls_config_fingerprint(p->server_tls);
    static const char wrong[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    if (moqt_tls_client_config_new(o->verify, o->wrong_pin ? wrong : pin, NULL, &p->client_tls) !=
        0) {
        abort();
    }
    moqt_quic_settings ss, cs;
    moqt_quic_settings_default(&ss);
    moqt_quic_settings_default(&cs);
    ss.alpns = o->server_alpns;
    ss.nalpns = o->nserver_alpns;
    cs.alpns = o->client_alpns;
    cs.nalpns = o->nclient_alpns;
    if (o->idle_timeout) {
        ss.idle_timeout = cs.idle_timeout = o->idle_timeout;
    }
    ss.cc = cs.cc = o->cc;
    cs.keep_alive = o->keep_alive;
    if (o->max_data) {
        ss.max_data = cs.max_data = o->max_data;
    }
    ss.qlog_dir = cs.qlog_dir = o->qlog_dir;
    cs.server_name = "localhost";
    p->server_peer = server;
    const char *host = o->host ? o->host : "127.0.0.1";
    if (moqt_runtime_listen(p->rt, host, 0, &ss, p->server_tls, accept_into_peer, p, &p->srv) !=
            0 ||
        moqt_runtime_connect(p->rt, host, moqt_quic_server_port(p->srv), &cs, p->client_tls,
                             &p->client) != 0) {
        abort();
    }
    tt_peer_attach(client, p->client);
    return p;
}

static tt_pair *quic_create(const tt_opts *o, tt_peer *client, tt_peer *server)
{
    quic_opts qo = {.verify = MOQT_TLS_VERIFY_FINGERPRINT};
    const char *alpn[1];
    if (o && o->alpn) {
        alpn[0] = o->alpn;
        qo.client_alpns = alpn;
        qo.nclient_alpns = 1;
    }
    if (o && o->idle_timeout_ms) {
        qo.idle_timeout = o->idle_timeout_ms * MOQT_MILLISECONDS;
    }
    return (tt_pair *)quic_create_with(&qo, client, server);
}

static bool quic_run(tt_pair *tp, tt_cond cond, void *arg, unsigned timeout_ms)
{
    quic_pair *p = (quic_pair *)tp;
    return moqt_runtime_run_until(p->rt, cond, arg, (moqt_duration)timeout_ms * MOQT_MILLISECONDS);
}

static void quic_del(tt_pair *tp)
{
    quic_pair *p = (quic_pair *)tp;
    moqt_runtime_del(p->rt);
    moqt_tls_config_del(p->server_tls);
    moqt_tls_config_del(p->client_tls);
    free(p);
}

static const tt_backend quic_backend = {"quic", quic_create, quic_run, quic_del};

/* ---- the shared bodies ---------------------------------------------------------- */

TF_TEST("quic/behaviour", handshake_reports_alpn)
{
    tt_body_handshake(&quic_backend);
}

TF_TEST("quic/behaviour", bidi_64MiB_each_direction)
{
    tt_body_bidi_transfer(&quic_backend, 64u << 20, true);
    tt_body_bidi_transfer(&quic_backend, 64u << 20, false);
}

TF_TEST("quic/behaviour", uni_64MiB_each_direction)
{
    tt_body_uni_transfer(&quic_backend, 64u << 20, true);
    tt_body_uni_transfer(&quic_backend, 64u << 20, false);
}

TF_TEST("quic/behaviour", thousand_streams)
{
    tt_body_many_streams(&quic_backend, 1000, 3000);
}

TF_TEST("quic/behaviour", datagram_echo)
{
    tt_body_datagram_echo(&quic_backend, 200);
}

TF_TEST("quic/behaviour", reset_and_stop_sending_codes)
{
    tt_body_reset_and_stop(&quic_backend);
}

TF_TEST("quic/behaviour", close_code_and_reason)
{
    tt_body_close_code_reason(&quic_backend);
}

/* ---- handshake policy ----------------------------------------------------------- */

typedef struct hs_result {
    tt_peer peer[2];
    quic_pair *p;
} hs_result;

static bool handshake_or_closed(void *arg)
{
    tt_peer *pe = arg;
    return (pe[0].handshake && pe[1].handshake) || pe[0].closed;
}

static void hs_run(hs_result *r, const quic_opts *o)
{
    tt_peer_init(&r->peer[0], "client");
    tt_peer_init(&r->peer[1], "server");
    r->p = quic_create_with(o, &r->peer[0], &r->peer[1]);
    moqt_runtime_run_until(r->p->rt, handshake_or_closed, r->peer, 5 * MOQT_SECONDS);
}

static void hs_end(hs_result *r)
{
    quic_del((tt_pair *)r->p);
    tt_peer_free(&r->peer[0]);
    tt_peer_free(&r->peer[1]);
}

TF_TEST("quic/handshake", each_alpn_negotiated)
{
    static const char *const alpns[] = {"moq-00",  "moqt-15", "moqt-16", "moqt-17",
                                        "moqt-18", "moqt-19", "h3"};
    for (size_t i = 0; i < sizeof(alpns) / sizeof(*alpns); i++) {
        hs_result r;
        quic_opts o = {
            .verify = MOQT_TLS_VERIFY_FINGERPRINT, .client_alpns = &alpns[i], .nclient_alpns = 1};
        hs_run(&r, &o);
        TF_CHECK(r.peer[0].handshake && r.peer[1].handshake);
        TF_CHECK(strcmp(r.peer[0].alpn, alpns[i]) == 0);
        TF_CHECK(strcmp(r.peer[1].alpn, alpns[i]) == 0);
        hs_end(&r);
    }
}

TF_TEST("quic/handshake", server_preference_wins)
{
    static const char *const client[] = {"moq-00", "moqt-16", "moqt-18"};
    static const char *const server[] = {"moqt-18", "moqt-16", "moq-00"};
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT,
                   .client_alpns = client,
                   .nclient_alpns = 3,
                   .server_alpns = server,
                   .nserver_alpns = 3};
    hs_run(&r, &o);
    TF_CHECK(strcmp(r.peer[0].alpn, "moqt-18") == 0);
    hs_end(&r);
}

TF_TEST("quic/handshake", alpn_mismatch_refused)
{
    static const char *const client[] = {"moqt-99"};
    hs_result r;
    quic_opts o = {
        .verify = MOQT_TLS_VERIFY_FINGERPRINT, .client_alpns = client, .nclient_alpns = 1};
    hs_run(&r, &o);
    TF_CHECK(!r.peer[0].handshake);
    TF_CHECK(r.peer[0].closed && !r.peer[0].closed_app);
    /* CRYPTO_ERROR carrying TLS alert no_application_protocol (120): 0x100 + 120. */
    TF_CHECK_EQ(r.peer[0].close_code, 0x100 + 120);
    hs_end(&r);
}

TF_TEST("quic/handshake", untrusted_certificate_refused)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_SYSTEM};
    if (getenv("TLS_DISABLE_VERIFY")) {
        return; /* the environment turned verification off */
    }
    hs_run(&r, &o);
    TF_CHECK(!r.peer[0].handshake);
    TF_CHECK(r.peer[0].closed && !r.peer[0].closed_remote && !r.peer[0].closed_app);
    TF_CHECK(r.peer[0].close_code >= 0x100 && r.peer[0].close_code <= 0x1ff);
    hs_end(&r);
}

TF_TEST("quic/handshake", wrong_pin_refused)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT, .wrong_pin = true};
    if (getenv("TLS_DISABLE_VERIFY")) {
        return;
    }
    hs_run(&r, &o);
    TF_CHECK(!r.peer[0].handshake);
    TF_CHECK(r.peer[0].closed && !r.peer[0].closed_app);
    hs_end(&r);
}

TF_TEST("quic/handshake", pinned_fingerprint_accepted)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT};
    hs_run(&r, &o);
    TF_CHECK(r.peer[0].handshake && r.peer[1].handshake);
    TF_CHECK_EQ(strlen(moqt_tls_config_fingerprint(r.p->server_tls)), 64);
    hs_end(&r);
}

TF_TEST("quic/handshake", insecure_connects)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_NONE};
    hs_run(&r, &o);
    TF_CHECK(r.peer[0].handshake && r.peer[1].handshake);
    hs_end(&r);
}

TF_TEST("quic/handshake", tls_disable_verify_env_connects)
{
    /* System verification would refuse the self-signed certificate; the
     * environment variable turns it off (with a warning). */
    const char *was = getenv("TLS_DISABLE_VERIFY");
    setenv("TLS_DISABLE_VERIFY", "1", 1);
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_SYSTEM};
    hs_run(&r, &o);
    TF_CHECK(r.peer[0].handshake && r.peer[1].handshake);
    hs_end(&r);
    if (was == NULL) {
        unsetenv("TLS_DISABLE_VERIFY");
    }
}

TF_TEST("quic/handshake", dual_stack_server_takes_ipv4_and_ipv6)
{
    /* The server binds [::]; the client reaches it over 127.0.0.1 and ::1. */
    static const char *const hosts[] = {"127.0.0.1", "::1"};
    for (int i = 0; i < 2; i++) {
        tt_peer peer[2];
        tt_peer_init(&peer[0], "client");
        tt_peer_init(&peer[1], "server");
        quic_pair *p = calloc(1, sizeof(*p));
        TF_REQUIRE(p && moqt_runtime_new(NULL, NULL, &p->rt) == 0);
        TF_REQUIRE(moqt_tls_server_config_self_signed(NULL, &p->server_tls) == 0);
        TF_REQUIRE(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                              moqt_tls_config_fingerprint(p->server_tls), NULL,
                                              &p->client_tls) == 0);
        p->server_peer = &peer[1];
        TF_REQUIRE(moqt_runtime_listen(p->rt, "::", 0, NULL, p->server_tls, accept_into_peer, p,
                                       &p->srv) == 0);
        int rv = moqt_runtime_connect(p->rt, hosts[i], moqt_quic_server_port(p->srv), NULL,
                                      p->client_tls, &p->client);
        if (rv == 0) {
            tt_peer_attach(&peer[0], p->client);
            TF_CHECK(moqt_runtime_run_until(p->rt, tt_cond_handshake, peer, 5 * MOQT_SECONDS));
        } else {
            TF_CHECK(i == 1); /* a machine without IPv6 loopback */
        }
        quic_del((tt_pair *)p);
        tt_peer_free(&peer[0]);
        tt_peer_free(&peer[1]);
    }
}

/* ---- scale ---------------------------------------------------------------------- */

typedef struct multi {
    moqt_runtime *rt;
    tt_peer clients[50];
    tt_peer servers[50];
    int accepted;
    size_t nclients;
} multi;

static int accept_multi(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    multi *m = ud;
    (void)srv;
    tt_peer *pe = &m->servers[m->accepted++];
    pe->reply_on_fin = true;
    tt_peer_attach(pe, t);
    return 0;
}

static bool all_replied(void *arg)
{
    multi *m = arg;
    for (size_t i = 0; i < m->nclients; i++) {
        if (m->clients[i].streams_finished < 1) {
            return false;
        }
    }
    return true;
}

static bool all_handshaken(void *arg)
{
    multi *m = arg;
    for (size_t i = 0; i < m->nclients; i++) {
        if (!m->clients[i].handshake) {
            return false;
        }
    }
    return true;
}

TF_TEST("quic/scale", fifty_connections_one_server)
{
    multi *m = calloc(1, sizeof(*m));
    moqt_tls_config *stls, *ctls;
    moqt_quic_server *srv;
    TF_REQUIRE(m && moqt_runtime_new(NULL, NULL, &m->rt) == 0);
    TF_REQUIRE(moqt_tls_server_config_self_signed(NULL, &stls) == 0);
    TF_REQUIRE(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                          moqt_tls_config_fingerprint(stls), NULL, &ctls) == 0);
    TF_REQUIRE(moqt_runtime_listen(m->rt, "127.0.0.1", 0, NULL, stls, accept_multi, m, &srv) == 0);
    m->nclients = 50;
    for (size_t i = 0; i < m->nclients; i++) {
        moqt_transport *t;
        tt_peer_init(&m->clients[i], "client");
        tt_peer_init(&m->servers[i], "server");
        TF_REQUIRE(moqt_runtime_connect(m->rt, "127.0.0.1", moqt_quic_server_port(srv), NULL, ctls,
                                        &t) == 0);
        tt_peer_attach(&m->clients[i], t);
    }
    TF_CHECK(moqt_runtime_run_until(m->rt, all_handshaken, m, 20 * MOQT_SECONDS));
    TF_CHECK_EQ(moqt_quic_server_connections(srv), 50);
    for (size_t i = 0; i < m->nclients; i++) {
        tt_send(&m->clients[i], true, 100000);
    }
    TF_CHECK(moqt_runtime_run_until(m->rt, all_replied, m, 20 * MOQT_SECONDS));
    for (size_t i = 0; i < m->nclients; i++) {
        TF_CHECK_EQ(m->clients[i].streams_finished, 1);
        TF_CHECK_INT(m->clients[i].failures, 0);
        TF_CHECK_INT(m->servers[i].failures, 0);
    }
    moqt_runtime_del(m->rt);
    moqt_tls_config_del(stls);
    moqt_tls_config_del(ctls);
    for (size_t i = 0; i < m->nclients; i++) {
        tt_peer_free(&m->clients[i]);
        tt_peer_free(&m->servers[i]);
    }
    free(m);
}

/* ---- endings -------------------------------------------------------------------- */

TF_TEST("quic/lifecycle", idle_timeout_closes)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT, .idle_timeout = 300 * MOQT_MILLISECONDS};
    hs_run(&r, &o);
    TF_REQUIRE(r.peer[0].handshake);
    TF_CHECK(moqt_runtime_run_until(r.p->rt, tt_cond_closed_both, r.peer, 5 * MOQT_SECONDS));
    TF_CHECK(r.peer[0].closed && !r.peer[0].closed_remote && !r.peer[0].closed_app);
    TF_CHECK(strcmp(r.peer[0].close_reason, "idle timeout") == 0);
    TF_CHECK(r.peer[1].closed);
    hs_end(&r);
}

static bool never(void *arg)
{
    (void)arg;
    return false;
}

TF_TEST("quic/lifecycle", keep_alive_outlives_idle_timeout)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT,
                   .idle_timeout = 300 * MOQT_MILLISECONDS,
                   .keep_alive = 100 * MOQT_MILLISECONDS};
    hs_run(&r, &o);
    TF_REQUIRE(r.peer[0].handshake);
    moqt_runtime_run_until(r.p->rt, never, NULL, 1200 * MOQT_MILLISECONDS);
    TF_CHECK(!r.peer[0].closed && !r.peer[1].closed);
    hs_end(&r);
}

static bool client_closed(void *arg)
{
    return ((tt_peer *)arg)->closed;
}

TF_TEST("quic/lifecycle", stateless_reset_ends_client)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT};
    hs_run(&r, &o);
    TF_REQUIRE(r.peer[0].handshake && r.peer[1].handshake);
    /* The server forgets everything; the client's next packet gets a reset. */
    moqt_quic_server_drop_state(r.p->srv);
    r.p->server_peer = NULL;
    tt_send(&r.peer[0], true, 10000);
    TF_CHECK(moqt_runtime_run_until(r.p->rt, client_closed, &r.peer[0], 5 * MOQT_SECONDS));
    TF_CHECK(r.peer[0].closed && r.peer[0].closed_remote);
    hs_end(&r);
}

typedef struct ku_cond {
    tt_peer *rx;
    uint64_t id;
    uint64_t bytes;
} ku_cond;

static bool ku_received(void *arg)
{
    ku_cond *c = arg;
    tt_stream *s = tt_stream_find(c->rx, c->id);
    return s && s->rx_bytes >= c->bytes;
}

TF_TEST("quic/lifecycle", key_update_mid_transfer)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT};
    hs_run(&r, &o);
    TF_REQUIRE(r.peer[0].handshake);
    tt_stream *s = tt_send(&r.peer[0], false, 8u << 20);
    TF_REQUIRE(s != NULL);
    ku_cond c = {&r.peer[1], s->id, 1u << 20};
    TF_REQUIRE(moqt_runtime_run_until(r.p->rt, ku_received, &c, 10 * MOQT_SECONDS));
    TF_CHECK_INT(moqt_quic_key_update(r.peer[0].t), 0);
    c.bytes = 8u << 20;
    TF_CHECK(moqt_runtime_run_until(r.p->rt, ku_received, &c, 20 * MOQT_SECONDS));
    tt_stream *rs = tt_stream_find(&r.peer[1], c.id);
    TF_REQUIRE(rs != NULL);
    TF_CHECK(!rs->rx_bad);
    /* Not a QUIC transport: refused. */
    moqt_mem_pair *mp;
    TF_REQUIRE(moqt_mem_pair_new(NULL, NULL, &mp) == 0);
    TF_CHECK_INT(moqt_quic_key_update(moqt_mem_pair_client(mp)), MOQT_ERR_INVALID_ARGUMENT);
    moqt_mem_pair_del(mp);
    hs_end(&r);
}

typedef struct all_cond {
    tt_peer *rx;
    tt_stream *w[4];
    uint64_t bytes;
} all_cond;

static bool all_received(void *arg)
{
    all_cond *c = arg;
    for (int i = 0; i < 4; i++) {
        tt_stream *s = tt_stream_find(c->rx, c->w[i]->id);
        if (s == NULL || !s->rx_fin) {
            return false;
        }
    }
    return true;
}

/* A connection window far below what four streams want: the streams wait
 * for MAX_DATA (not MAX_STREAM_DATA) and must resume when it comes. */
TF_TEST("quic/lifecycle", connection_flow_control_resumes)
{
    hs_result r;
    quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT, .max_data = 64 << 10};
    hs_run(&r, &o);
    TF_REQUIRE(r.peer[0].handshake);
    all_cond c = {&r.peer[1], {NULL}, 2u << 20};
    uint64_t ids[4];
    for (int i = 0; i < 4; i++) {
        tt_stream *s = tt_send(&r.peer[0], false, c.bytes);
        TF_REQUIRE(s != NULL);
        ids[i] = s->id;
    }
    for (int i = 0; i < 4; i++) {
        c.w[i] = tt_stream_find(&r.peer[0], ids[i]);
    }
    TF_CHECK(moqt_runtime_run_until(r.p->rt, all_received, &c, 20 * MOQT_SECONDS));
    for (int i = 0; i < 4; i++) {
        tt_stream *s = tt_stream_find(&r.peer[1], ids[i]);
        TF_REQUIRE(s != NULL);
        TF_CHECK_EQ(s->rx_bytes, c.bytes);
        TF_CHECK(!s->rx_bad);
    }
    hs_end(&r);
}

/* Every congestion controller moves data; qlog files appear when asked. */
TF_TEST("quic/lifecycle", congestion_controllers_and_qlog)
{
    char dir[] = "/tmp/moqt-qlog-XXXXXX";
    TF_REQUIRE(mkdtemp(dir) != NULL);
    for (int cc = MOQT_QUIC_CC_CUBIC; cc <= MOQT_QUIC_CC_BBR2; cc++) {
        hs_result r;
        quic_opts o = {.verify = MOQT_TLS_VERIFY_FINGERPRINT,
                       .cc = (moqt_quic_cc)cc,
                       .qlog_dir = cc == MOQT_QUIC_CC_CUBIC ? dir : NULL};
        hs_run(&r, &o);
        TF_REQUIRE(r.peer[0].handshake);
        tt_stream *s = tt_send(&r.peer[0], false, 2u << 20);
        TF_REQUIRE(s != NULL);
        ku_cond c = {&r.peer[1], s->id, 2u << 20};
        TF_CHECK(moqt_runtime_run_until(r.p->rt, ku_received, &c, 20 * MOQT_SECONDS));
        TF_CHECK(moqt_quic_cc_parse(moqt_quic_cc_str((moqt_quic_cc)cc)) == cc);
        hs_end(&r);
    }
    DIR *d = opendir(dir);
    int files = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strstr(e->d_name, ".sqlog")) {
            char path[512];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            unlink(path);
            files++;
        }
    }
    if (d) {
        closedir(d);
    }
    rmdir(dir);
    TF_CHECK_INT(files, 2); /* client and server */
}
