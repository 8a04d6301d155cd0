/*
 * The draft matrix: a client offering a set of drafts against a server
 * supporting another set, over raw QUIC and over WebTransport, on loopback
 * (tests/unit/session/transport_fixture.h says what each end offers: ALPN
 * moqt-NN / moq-00 on raw QUIC, WT-Available-Protocols moqt-NN then in-band
 * setup on WebTransport). Both ends must agree on the highest common draft,
 * whatever era each set spans, and report it through setup_done and
 * moqt_session_version(); without a common draft the session fails with the
 * close the layer that noticed it owes.
 */
#include "sess_harness.h"
#include "transport_fixture.h"

#define D(n) MOQT_DRAFT_BIT(n)
/* Drafts a..b. */
#define RANGE(a, b) ((((uint32_t)1u << ((b) + 1)) - 1) & ~(((uint32_t)1u << (a)) - 1))

/* How a pair without a common draft ends. */
typedef enum mx_fail {
    MX_AGREE = 0,     /* not a failure: they agree on |want| */
    MX_TLS_ALPN,      /* QUIC handshake: no common ALPN (TLS alert) */
    MX_SERVER_CLOSES, /* the server session closes with |code| */
    MX_CLIENT_CLOSES  /* the client session closes with |code| */
} mx_fail;

typedef struct mx_outcome {
    mx_fail how;
    uint64_t code;
} mx_outcome;

typedef struct mx_case {
    const char *name;
    uint32_t client, server;
    unsigned want;       /* the agreed draft (0: none) */
    mx_outcome quic, wt; /* when want is 0 */
} mx_case;

/* RFC 9001 §4.8: a TLS alert as a QUIC CRYPTO_ERROR, 0x100 + alert;
 * RFC 7301 §3.2: no_application_protocol is alert 120. */
#define TLS_NO_APPLICATION_PROTOCOL (0x100 + 120)
/* mt-11 l.669, mt-18 l.1234: VERSION_NEGOTIATION_FAILED (0x15), 11+. */
#define VNF 0x15
/* 07-10 have no VERSION_NEGOTIATION_FAILED: PROTOCOL_VIOLATION (mt-07 l.555)
 * is what the in-band server sends there (src/session/setup.c). */
#define PROTOCOL_VIOLATION_07 0x3

static const mx_case mx_cases[] = {
    /* Across the ALPN era, server a single draft. */
    {"14,16,18 x 16", D(14) | D(16) | D(18), D(16), 16, {0}, {0}},
    /* Everything offered, the server in band only: the newest it has. */
    {"07..19 x 11,13", RANGE(7, 19), D(11) | D(13), 13, {0}, {0}},
    /* Both in the ALPN era, the client's subset wins over the server's preference. */
    {"15,17 x 15..19", D(15) | D(17), RANGE(15, 19), 17, {0}, {0}},
    /* 15+ offered first, but the server stops at 14: in band. */
    {"14,16,18 x 07..14", D(14) | D(16) | D(18), RANGE(7, 14), 14, {0}, {0}},
    /* In band across message families: a 0x20 CLIENT_SETUP (12's) answered
     * by a 0x41 SERVER_SETUP (08's). */
    {"08,12 x 07..10", D(8) | D(12), RANGE(7, 10), 8, {0}, {0}},
    {"07..19 x 07..19", RANGE(7, 19), RANGE(7, 19), 19, {0}, {0}},
    /* No common draft. */
    {"18,19 x 07..14",
     D(18) | D(19),
     RANGE(7, 14),
     0,
     {MX_TLS_ALPN, TLS_NO_APPLICATION_PROTOCOL},
     {MX_CLIENT_CLOSES, VNF}},
    {"07..14 x 15..19",
     RANGE(7, 14),
     RANGE(15, 19),
     0,
     {MX_TLS_ALPN, TLS_NO_APPLICATION_PROTOCOL},
     {MX_SERVER_CLOSES, VNF}},
    {"07,08 x 11,13",
     D(7) | D(8),
     D(11) | D(13),
     0,
     {MX_SERVER_CLOSES, PROTOCOL_VIOLATION_07},
     {MX_SERVER_CLOSES, PROTOCOL_VIOLATION_07}},
    {"11,12 x 13,14",
     D(11) | D(12),
     D(13) | D(14),
     0,
     {MX_SERVER_CLOSES, VNF},
     {MX_SERVER_CLOSES, VNF}},
};

/* What the server must have seen of the negotiation. */
static void check_negotiated(const tfx_pair *x, tfx_transport t, unsigned want)
{
    const moqt_profile *p = moqt_profile_for_draft(want);
    const char *expect = p->version_in_setup ? "moq-00" : p->alpn;
    if (t == TFX_QUIC) {
        TF_CHECK(strcmp(x->server_alpn, expect) == 0);
    } else {
        TF_CHECK(strcmp(x->server_alpn, "h3") == 0);
        TF_CHECK(strcmp(x->wt_chosen, p->version_in_setup ? "" : p->alpn) == 0);
        TF_CHECK(strcmp(moqt_transport_alpn(x->ct), x->wt_chosen) == 0);
    }
}

/* WT-Available-Protocols carried every moqt-NN of the client's set, newest first. */
static void check_offered(const tfx_pair *x, uint32_t client)
{
    char want[128] = "";
    for (unsigned d = MOQT_DRAFT_MAX; d >= 15; d--) {
        if (client & D(d)) {
            size_t used = strlen(want);
            snprintf(want + used, sizeof want - used, "%smoqt-%02u", used ? ";" : "", d);
        }
    }
    TF_CHECK(strcmp(x->wt_offered, want) == 0);
}

static void check_failure(const tfx_pair *x, const sh_peer *c, const sh_peer *sv,
                          const mx_outcome *o)
{
    TF_CHECK(c->setup_done == 0 && sv->setup_done == 0);
    TF_CHECK(moqt_session_version(x->c) == 0);
    TF_CHECK(c->closed);
    switch (o->how) {
    case MX_TLS_ALPN:
        /* The handshake failed: no server session ever existed. */
        TF_CHECK(x->s == NULL);
        TF_CHECK(x->server_conn_closed && !x->server_conn_app);
        TF_CHECK(c->closed_remote);
        TF_CHECK_EQ(c->close_code, o->code);
        break;
    case MX_SERVER_CLOSES:
        TF_REQUIRE(x->s != NULL);
        TF_CHECK(sv->closed && !sv->closed_remote);
        TF_CHECK_EQ(sv->close_code, o->code);
        TF_CHECK(c->closed_remote);
        TF_CHECK_EQ(c->close_code, o->code);
        break;
    case MX_CLIENT_CLOSES:
        TF_CHECK(!c->closed_remote);
        TF_CHECK_EQ(c->close_code, o->code);
        TF_REQUIRE(x->s != NULL);
        TF_CHECK(sv->closed && sv->closed_remote);
        TF_CHECK_EQ(sv->close_code, o->code);
        break;
    default:
        TF_CHECK(false);
    }
}

typedef struct mx_run {
    tfx_pair *x;
    sh_peer *c, *sv;
} mx_run;

/* Both ends heard the end: the closed callbacks (not only a close begun), or,
 * without a server session, the server's connection closing. */
static bool mx_both_closed(void *arg)
{
    mx_run *r = arg;
    bool server = r->x->s ? r->sv->closed : r->x->server_conn_closed;
    return r->c->closed && server;
}

static void run_case(const mx_case *k, tfx_transport t)
{
    static sh_peer c, sv;
    memset(&c, 0, sizeof c);
    memset(&sv, 0, sizeof sv);
    tfx_opts o = {.transport = t,
                  .client_drafts = k->client,
                  .server_drafts = k->server,
                  .client_cb = &sh_callbacks,
                  .server_cb = &sh_callbacks,
                  .client_ud = &c,
                  .server_ud = &sv};
    static tfx_pair x;
    bool started = tfx_start(&x, &o);
    TF_CHECK(started);
    if (started) {
        TF_CHECK(tfx_run_until(&x, tfx_setup_settled, &x, 10 * MOQT_SECONDS));
    }
    if (started && k->want != 0) {
        uint64_t v = moqt_profile_for_draft(k->want)->version;
        TF_CHECK(tfx_setup_done(&x));
        TF_CHECK_EQ(c.version, v);
        TF_CHECK_EQ(sv.version, v);
        TF_CHECK_EQ(moqt_session_version(x.c), v);
        TF_CHECK_EQ(moqt_session_version(x.s), v);
        check_negotiated(&x, t, k->want);
        if (t == TFX_WT) {
            check_offered(&x, k->client);
        }
        TF_CHECK(tfx_close(&x));
        TF_CHECK_EQ(sv.close_code, 0);
    } else if (started) {
        mx_run r = {&x, &c, &sv};
        TF_CHECK(tfx_run_until(&x, mx_both_closed, &r, 5 * MOQT_SECONDS));
        check_failure(&x, &c, &sv, t == TFX_QUIC ? &k->quic : &k->wt);
    }
    if (tf_failures() > 0) {
        fprintf(stderr, "  in case %s over %s\n", k->name, tfx_name(t));
    }
    tfx_stop(&x);
}

static void run_all(tfx_transport t)
{
    for (size_t i = 0; i < sizeof mx_cases / sizeof mx_cases[0]; i++) {
        int before = tf_failures();
        run_case(&mx_cases[i], t);
        if (tf_failures() > before) {
            return; /* the first failing case is the one to read */
        }
    }
}

TF_TEST("session_matrix/quic", test_matrix_quic)
{
    run_all(TFX_QUIC);
}

TF_TEST("session_matrix/wt", test_matrix_wt)
{
    run_all(TFX_WT);
}
