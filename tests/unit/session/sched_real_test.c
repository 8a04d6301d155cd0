/*
 * Send order over real transports on loopback, every draft 07..19, over raw
 * QUIC (suite session_quic/) and WebTransport (session_wt/, the order key
 * passed down to the QUIC stream): the publisher queues a worse
 * subscription's groups before a better one's, more than the congestion
 * window lets out at once; the better one's objects arrive first.
 */
#include "sess_harness.h"
#include "transport_fixture.h"

#define SR_GROUPS  3
#define SR_OBJS    8
#define SR_PAYLOAD 4000
#define SR_TOTAL   (2 * SR_GROUPS * SR_OBJS)

typedef struct sr_env {
    tfx_pair x;
    sh_peer c, sv;
} sr_env;

static bool sr_all_objects(void *arg)
{
    const sr_env *e = arg;
    return e->c.closed || e->c.nobjs >= SR_TOTAL;
}

static bool sr_two_ok(void *arg)
{
    const sr_env *e = arg;
    return e->c.closed || e->c.sub_ok >= 2;
}

static int sr_subscribe(sr_env *e, const char *name, uint8_t prio, uint64_t *rid)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)name, strlen(name)};
    sp.subscriber_priority = prio;
    return moqt_session_subscribe(e->x.c, &sp, rid, 0);
}

static void scenario_priority(tfx_transport t, const moqt_profile *p)
{
    static uint8_t payload[SR_PAYLOAD];
    sr_env e;
    memset(&e, 0, sizeof e);
    e.sv.mode = SH_ACCEPT;
    uint32_t bit = MOQT_DRAFT_BIT(p->version & 0xff);
    tfx_opts o = {.transport = t,
                  .client_drafts = bit,
                  .server_drafts = bit,
                  .client_cb = &sh_callbacks,
                  .server_cb = &sh_callbacks,
                  .client_ud = &e.c,
                  .server_ud = &e.sv};
    if (!TF_CHECK(tfx_start(&e.x, &o)) ||
        !TF_CHECK(tfx_run_until(&e.x, tfx_setup_settled, &e.x, 10 * MOQT_SECONDS)) ||
        !TF_CHECK(tfx_setup_done(&e.x))) {
        tfx_stop(&e.x);
        return;
    }
    uint64_t low, high;
    TF_REQUIRE(sr_subscribe(&e, "low", 200, &low) == 0);
    TF_REQUIRE(sr_subscribe(&e, "high", 3, &high) == 0);
    TF_REQUIRE(tfx_run_until(&e.x, sr_two_ok, &e, 5 * MOQT_SECONDS) && e.c.sub_ok == 2);
    memset(payload, 'p', sizeof payload);
    /* Everything is queued before the loop runs again: the transport then
     * sends by key as the congestion window opens. */
    for (int pass = 0; pass < 2; pass++) {
        uint64_t rid = pass == 0 ? low : high;
        for (uint64_t g = 0; g < SR_GROUPS; g++) {
            for (uint64_t ob = 0; ob < SR_OBJS; ob++) {
                TF_CHECK_INT(moqt_session_send_object(e.x.s, rid, g, 0, ob, 128,
                                                      MOQT_OBJECT_STATE_NORMAL, NULL, 0, payload,
                                                      sizeof payload, 0),
                             0);
            }
        }
    }
    TF_REQUIRE(tfx_run_until(&e.x, sr_all_objects, &e, 10 * MOQT_SECONDS));
    TF_REQUIRE(e.c.nobjs == SR_TOTAL);
    /* The better subscription's objects all come first: its last one
     * arrives before the worse one's first few (a packet may carry the end
     * of one and the start of the other). */
    size_t last_high = 0, first_low = SR_TOTAL;
    for (size_t i = 0; i < SR_TOTAL; i++) {
        if (e.c.objs[i].rid == high) {
            last_high = i;
        } else if (first_low == SR_TOTAL) {
            first_low = i;
        }
    }
    TF_CHECK(last_high < SR_GROUPS * SR_OBJS + 2);
    TF_CHECK(first_low >= SR_GROUPS * SR_OBJS - 2);
    TF_CHECK(tfx_close(&e.x));
    tfx_stop(&e.x);
}

TF_DRAFT_TEST("session_quic/sched", test_quic_sched_priority)
{
    scenario_priority(TFX_QUIC, p);
}

TF_DRAFT_TEST("session_wt/sched", test_wt_sched_priority)
{
    scenario_priority(TFX_WT, p);
}
