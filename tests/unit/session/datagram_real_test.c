/*
 * Objects by datagram over real transports on loopback, every draft: raw QUIC
 * (suite session_quic/, DATAGRAM frames, RFC 9221) and WebTransport (suite
 * session_wt/, HTTP/3 datagrams). The server publishes 3 groups x 5 objects
 * as datagrams; the client gets each whole, once, in any order. Loopback
 * does not lose them; a datagram larger than the path allows is refused
 * with MOQT_ERR_NOBUF.
 */
#include "sess_harness.h"
#include "transport_fixture.h"

#define DR_WAIT (5 * MOQT_SECONDS)

typedef struct dr_env {
    tfx_pair x;
    sh_peer c, sv;
    int datagrams; /* objects the client got with |datagram| set */
} dr_env;

static dr_env *g_dr;

static int dr_object(moqt_session *s, const moqt_object *o, void *ud)
{
    if (ud == &g_dr->c && o->datagram) {
        g_dr->datagrams++;
    }
    return sh_object(s, o, ud);
}

typedef struct dr_wait {
    dr_env *e;
    int sub_ok;
    size_t nobjs;
} dr_wait;

static bool dr_reached(void *arg)
{
    const dr_wait *w = arg;
    const sh_peer *c = &w->e->c;
    return c->closed || (c->sub_ok + c->sub_err >= w->sub_ok && c->nobjs >= w->nobjs);
}

static void scenario_datagrams(tfx_transport t, const moqt_profile *p)
{
    static dr_env e;
    memset(&e, 0, sizeof e);
    g_dr = &e;
    moqt_session_callbacks cb = sh_callbacks;
    cb.object = dr_object;
    uint32_t bit = MOQT_DRAFT_BIT(p->version & 0xff);
    tfx_opts o = {.transport = t,
                  .client_drafts = bit,
                  .server_drafts = bit,
                  .client_cb = &cb,
                  .server_cb = &cb,
                  .client_ud = &e.c,
                  .server_ud = &e.sv};
    bool ok = TF_CHECK(tfx_start(&e.x, &o)) &&
              TF_CHECK(tfx_run_until(&e.x, tfx_setup_settled, &e.x, 10 * MOQT_SECONDS)) &&
              TF_CHECK(tfx_setup_done(&e.x));
    if (!ok) {
        tfx_stop(&e.x);
        return;
    }
    e.c.s = e.x.c;
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t rid;
    TF_REQUIRE(moqt_session_subscribe(e.x.c, &sp, &rid, 0) == 0);
    dr_wait w = {.e = &e, .sub_ok = 1};
    TF_REQUIRE(tfx_run_until(&e.x, dr_reached, &w, DR_WAIT) && e.c.sub_ok == 1);
    static uint8_t big[4000];
    memset(big, 'x', sizeof big);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.x.s, rid, 9, 0, 1, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, big, sizeof big, 0),
                 MOQT_ERR_NOBUF);
    for (uint64_t g = 0; g < 3; g++) {
        for (uint64_t obj = 0; obj < 5; obj++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%llu", (unsigned long long)g,
                             (unsigned long long)obj);
            TF_CHECK_INT(moqt_session_send_object_datagram(e.x.s, rid, g, obj, 3,
                                                           MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                           (const uint8_t *)buf, (size_t)n, 0),
                         0);
        }
    }
    w = (dr_wait){.e = &e, .nobjs = 15};
    TF_CHECK(tfx_run_until(&e.x, dr_reached, &w, DR_WAIT));
    TF_CHECK_EQ(e.c.nobjs, 15);
    TF_CHECK_EQ(e.datagrams, 15);
    bool seen[3][5] = {{false}};
    for (size_t i = 0; i < e.c.nobjs && i < SH_MAX_OBJS; i++) {
        const sh_obj *r = &e.c.objs[i];
        TF_REQUIRE(r->group < 3 && r->object_id < 5);
        TF_CHECK(!seen[r->group][r->object_id]);
        seen[r->group][r->object_id] = true;
        char exp[32];
        int n = snprintf(exp, sizeof exp, "g%llu-o%llu", (unsigned long long)r->group,
                         (unsigned long long)r->object_id);
        TF_CHECK_EQ(r->rid, rid);
        TF_CHECK_EQ(r->prio, 3);
        TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)exp, (size_t)n);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    TF_CHECK(tfx_close(&e.x));
    tfx_stop(&e.x);
}

TF_DRAFT_TEST("session_quic/datagram", test_quic_datagrams)
{
    scenario_datagrams(TFX_QUIC, p);
}

TF_DRAFT_TEST("session_wt/datagram", test_wt_datagrams)
{
    scenario_datagrams(TFX_WT, p);
}
