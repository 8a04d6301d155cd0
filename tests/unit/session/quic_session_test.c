/*
 * Two sessions over raw QUIC on loopback (ngtcp2 + GnuTLS through the
 * runtime): setup, SUBSCRIBE, 3 groups x 5 objects, PUBLISH_DONE, for drafts
 * 14 (moq-00, in band), 16 and 18 (moqt-NN), and a client offering every
 * ALPN against a server's preference.
 */
#include <moqt/moqt_runtime.h>

#include "sess_harness.h"

typedef struct qs_env {
    moqt_runtime *rt;
    moqt_tls_config *stls, *ctls;
    moqt_quic_server *srv;
    moqt_transport *ct;
    sh_peer c, sv;
    moqt_session_settings ss;
} qs_env;

static int qs_accept(moqt_quic_server *srv, moqt_transport *t, void *ud)
{
    (void)srv;
    qs_env *e = ud;
    if (e->sv.s != NULL) {
        return 1; /* one session per test */
    }
    return moqt_session_server_new(t, &e->ss, &sh_callbacks, NULL, &e->sv, &e->sv.s);
}

static bool qs_setup(void *arg)
{
    qs_env *e = arg;
    return (e->c.setup_done && e->sv.setup_done) || e->c.closed;
}

static bool qs_sub_ok(void *arg)
{
    qs_env *e = arg;
    return e->c.sub_ok || e->c.sub_err || e->c.closed;
}

static bool qs_objects(void *arg)
{
    qs_env *e = arg;
    return e->c.nobjs >= 15 || e->c.closed;
}

static bool qs_done(void *arg)
{
    qs_env *e = arg;
    return e->c.dones || e->c.closed;
}

static bool qs_closed(void *arg)
{
    qs_env *e = arg;
    return e->c.closed && e->sv.closed;
}

static void qs_subscribe_and_receive(qs_env *e)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t rid;
    TF_REQUIRE(moqt_session_subscribe(e->c.s, &sp, &rid, 0) == 0);
    TF_REQUIRE(moqt_runtime_run_until(e->rt, qs_sub_ok, e, 5 * MOQT_SECONDS));
    TF_REQUIRE(e->c.sub_ok == 1);
    for (uint64_t g = 0; g < 3; g++) {
        for (int o = 0; o < 5; o++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)g, o);
            TF_CHECK_INT(moqt_session_send_object(e->sv.s, rid, g, 0, (uint64_t)o, 7,
                                                  MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                  (const uint8_t *)buf, (size_t)n, 0),
                         0);
        }
        TF_CHECK_INT(moqt_session_end_subgroup(e->sv.s, rid, g, 0, 0), 0);
    }
    TF_CHECK(moqt_runtime_run_until(e->rt, qs_objects, e, 5 * MOQT_SECONDS));
    TF_REQUIRE(e->c.nobjs == 15);
    /* One stream per group: groups arrive in any order, objects in order. */
    for (uint64_t g = 0; g < 3; g++) {
        int next = 0;
        for (size_t i = 0; i < e->c.nobjs; i++) {
            const sh_obj *r = &e->c.objs[i];
            if (r->group != g) {
                continue;
            }
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)g, next);
            TF_CHECK_EQ(r->object_id, (uint64_t)next);
            TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)buf, (size_t)n);
            next++;
        }
        TF_CHECK_INT(next, 5);
    }
    TF_CHECK_INT(moqt_session_publish_done(e->sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, "end", 0),
                 0);
    TF_CHECK(moqt_runtime_run_until(e->rt, qs_done, e, 5 * MOQT_SECONDS));
    TF_CHECK_INT(e->c.dones, 1);
    TF_CHECK_EQ(e->c.done_streams, 3);
}

/* Runs the scenario with the client offering |alpn| (NULL: every ALPN). */
static void qs_scenario(const char *alpn, uint64_t want_version)
{
    qs_env e;
    memset(&e, 0, sizeof e);
    moqt_session_settings_default(&e.ss);
    TF_REQUIRE(moqt_runtime_new(NULL, NULL, &e.rt) == 0);
    TF_REQUIRE(moqt_tls_server_config_self_signed(NULL, &e.stls) == 0);
    TF_REQUIRE(moqt_tls_client_config_new(MOQT_TLS_VERIFY_FINGERPRINT,
                                          moqt_tls_config_fingerprint(e.stls), NULL, &e.ctls) == 0);
    moqt_quic_settings qs;
    moqt_quic_settings_default(&qs);
    TF_REQUIRE(moqt_runtime_listen(e.rt, "127.0.0.1", 0, &qs, e.stls, qs_accept, &e, &e.srv) == 0);
    moqt_quic_settings cq;
    moqt_quic_settings_default(&cq);
    const char *alpns[1] = {alpn};
    if (alpn) {
        cq.alpns = alpns;
        cq.nalpns = 1;
    }
    cq.server_name = "localhost";
    TF_REQUIRE(moqt_runtime_connect(e.rt, "127.0.0.1", moqt_quic_server_port(e.srv), &cq, e.ctls,
                                    &e.ct) == 0);
    moqt_session_settings cs;
    moqt_session_settings_default(&cs);
    cs.path = "/moq";
    cs.authority = "localhost";
    TF_REQUIRE(moqt_session_client_new(e.ct, &cs, &sh_callbacks, NULL, &e.c, &e.c.s) == 0);

    TF_CHECK(moqt_runtime_run_until(e.rt, qs_setup, &e, 10 * MOQT_SECONDS));
    TF_CHECK_EQ(e.c.version, want_version);
    TF_CHECK_EQ(e.sv.version, want_version);
    if (e.c.setup_done && e.sv.setup_done) {
        qs_subscribe_and_receive(&e);
    }
    moqt_session_close(e.c.s, 0, "done", 0);
    TF_CHECK(moqt_runtime_run_until(e.rt, qs_closed, &e, 5 * MOQT_SECONDS));
    TF_CHECK_EQ(e.sv.close_code, 0);
    moqt_session_del(e.c.s);
    moqt_session_del(e.sv.s);
    moqt_runtime_conn_del(e.rt, e.ct);
    moqt_runtime_del(e.rt);
    moqt_tls_config_del(e.stls);
    moqt_tls_config_del(e.ctls);
}

TF_TEST("session_quic/scenario", test_session_quic_draft14_in_band)
{
    qs_scenario("moq-00", MOQT_VERSION_DRAFT_14);
}

TF_TEST("session_quic/scenario", test_session_quic_draft16)
{
    qs_scenario("moqt-16", MOQT_VERSION_DRAFT_16);
}

TF_TEST("session_quic/scenario", test_session_quic_draft18)
{
    qs_scenario("moqt-18", MOQT_VERSION_DRAFT_18);
}

TF_TEST("session_quic/scenario", test_session_quic_server_preference)
{
    /* The client offers every ALPN; the server prefers moqt-19. */
    qs_scenario(NULL, MOQT_VERSION_DRAFT_19);
}
