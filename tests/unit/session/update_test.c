/*
 * SUBSCRIBE_UPDATE (07-15) / REQUEST_UPDATE (16+) between two sessions, every
 * draft: the publisher hears a changed priority and a narrowed range; each
 * draft's range rule on both sides (07-14 narrow only, 15 Start must not
 * decrease, 16+ free); an illegal update injected under the subscriber
 * closes the session with PROTOCOL_VIOLATION where the draft says so; a
 * refused update (15+) ends the subscription with PUBLISH_DONE
 * UPDATE_FAILED.
 */
#include "sess_harness.h"
#include "wire/control.h"

typedef struct up_seen {
    int count;
    moqt_subscribe_update last;
    bool reject; /* refuse the next update */
    int reject_rv;
} up_seen;

static up_seen g_up;
static uint64_t g_done_wire;

static int up_update(moqt_session *s, uint64_t rid, const moqt_subscribe_update *u, void *ud)
{
    (void)ud;
    g_up.count++;
    g_up.last = *u;
    TF_CHECK_EQ(u->request_id, rid);
    if (g_up.reject) {
        g_up.reject_rv =
            moqt_session_subscribe_update_reject(s, rid, MOQT_REQUEST_ERROR_INVALID_RANGE, "no", 0);
    }
    return 0;
}

static int up_done(moqt_session *s, uint64_t rid, moqt_done_reason reason, uint64_t wire,
                   uint64_t streams, moqt_bytes text, void *ud)
{
    g_done_wire = wire;
    return sh_publish_done(s, rid, reason, wire, streams, text, ud);
}

static moqt_session_callbacks up_callbacks(void)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.subscribe_update = up_update;
    cb.publish_done = up_done;
    return cb;
}

/* A pair whose client subscribed to clock/second groups 2..10 (accepted). */
static bool up_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb,
                     uint64_t *rid)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    memset(&g_up, 0, sizeof g_up);
    g_done_wire = UINT64_MAX;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = cb;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    sp.filter = MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE;
    sp.start = (moqt_location){2, 0};
    sp.end_group = 10;
    if (moqt_session_subscribe(e->c.s, &sp, rid, 0) != 0) {
        return false;
    }
    sh_run(e);
    return e->c.sub_ok == 1 && e->sv.nsubs == 1;
}

static moqt_subscribe_update range_update(moqt_location start, uint64_t end_group, bool open)
{
    moqt_subscribe_update u;
    memset(&u, 0, sizeof u);
    u.fields = MOQT_UPDATE_RANGE;
    u.start = start;
    u.end_group = end_group;
    u.open_ended = open;
    return u;
}

static uint64_t pv_code(const moqt_profile *p)
{
    uint64_t pv = 0;
    moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_PROTOCOL_VIOLATION, &pv);
    return pv;
}

TF_DRAFT_TEST("session/update", test_update_priority_and_narrow)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    moqt_subscribe_update u = range_update((moqt_location){3, 1}, 8, false);
    u.fields |= MOQT_UPDATE_PRIORITY;
    u.subscriber_priority = 5;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_up.count == 1);
    TF_CHECK(g_up.last.fields & MOQT_UPDATE_RANGE);
    TF_CHECK(g_up.last.fields & MOQT_UPDATE_PRIORITY);
    TF_CHECK_EQ(g_up.last.request_id, e.sv.sub_ids[0]);
    TF_CHECK_EQ(g_up.last.subscriber_priority, 5);
    TF_CHECK_EQ(g_up.last.start.group, 3);
    TF_CHECK_EQ(g_up.last.start.object, 1);
    TF_CHECK(!g_up.last.open_ended);
    TF_CHECK_EQ(g_up.last.end_group, 8);
    TF_CHECK(g_up.last.forward);
    /* Priority alone: 07-14 restate the (now narrowed) range from the record. */
    moqt_subscribe_update pr;
    memset(&pr, 0, sizeof pr);
    pr.fields = MOQT_UPDATE_PRIORITY;
    pr.subscriber_priority = 200;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &pr, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_up.count == 2);
    TF_CHECK_EQ(g_up.last.subscriber_priority, 200);
    TF_CHECK_EQ(g_up.last.end_group, 8);
    TF_CHECK_EQ(g_up.last.start.group, 3);
    TF_CHECK_EQ((g_up.last.fields & MOQT_UPDATE_RANGE) != 0, moqt_profile_update_restates_all(p));
    /* Request IDs stay in sequence (14-16 updates take one): a new SUBSCRIBE works. */
    uint64_t rid2;
    TF_CHECK_INT(sh_subscribe_clock(&e, &rid2), 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.sub_ok, 2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    /* Unknown subscription, bad fields. */
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid + 100, &pr, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    pr.fields = 0x80;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &pr, 0), MOQT_ERR_INVALID_ARGUMENT);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/update", test_update_forward)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    moqt_subscribe_update u;
    memset(&u, 0, sizeof u);
    u.fields = MOQT_UPDATE_FORWARD;
    u.forward = false;
    /* 07-10 have no Forward (always forwarding): it cannot be expressed. */
    bool has_forward = moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) ||
                       moqt_profile_consumes_request_id(p, MOQT_MSG_TRACK_STATUS);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0),
                 has_forward ? 0 : MOQT_ERR_UNSUPPORTED);
    sh_run(&e);
    TF_CHECK_EQ(g_up.count, has_forward ? 1 : 0);
    if (has_forward) {
        TF_CHECK(!g_up.last.forward);
        TF_CHECK(g_up.last.fields & MOQT_UPDATE_FORWARD);
    }
    TF_CHECK(!e.c.closed);
    sh_stop(&e);
}

/* The subscriber's own check of the draft's range rule. */
TF_DRAFT_TEST("session/update", test_update_range_rule_local)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    moqt_update_rule rule = moqt_profile_update_rule(p);
    /* Widen the end: only 07-14 forbid it. */
    moqt_subscribe_update wider = range_update((moqt_location){2, 0}, 20, false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &wider, 0),
                 rule == MOQT_UPDATE_NARROW_ONLY ? MOQT_ERR_INVALID_ARGUMENT : 0);
    /* Move the start back: 07-15 forbid it. */
    moqt_subscribe_update back = range_update((moqt_location){1, 0}, 5, false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &back, 0),
                 rule == MOQT_UPDATE_ANY_RANGE ? 0 : MOQT_ERR_INVALID_ARGUMENT);
    /* End before start: never. */
    moqt_subscribe_update inverted = range_update((moqt_location){4, 0}, 3, false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &inverted, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    int sent = (rule != MOQT_UPDATE_NARROW_ONLY) + (rule == MOQT_UPDATE_ANY_RANGE);
    TF_CHECK_EQ(g_up.count, sent);
    if (rule == MOQT_UPDATE_ANY_RANGE) {
        TF_CHECK_EQ(g_up.last.start.group, 1);
        TF_CHECK_EQ(g_up.last.end_group, 5);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Writes an update the subscriber's session would refuse to send, straight
 * onto the client's first bidi stream (its control stream up to 16, the
 * SUBSCRIBE's request stream from 17). */
static void inject_update(sh_env *e, const moqt_profile *p, uint64_t existing, moqt_location start,
                          uint64_t end_group)
{
    static uint8_t buf[256];
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_UPDATE);
    m.request_id = 2; /* the client's next Request ID (11+: even, +2) */
    m.existing_request_id = existing;
    m.params.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD;
    m.params.filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
    m.params.filter.start = start;
    m.params.filter.end_group = end_group;
    m.params.subscriber_priority = 128;
    m.params.forward = 1;
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    TF_CHECK_INT(moqt_transport_write(moqt_mem_pair_client(e->mp), 0, buf, (size_t)n, false),
                 (long long)n);
}

TF_DRAFT_TEST("session/update", test_update_illegal_range_from_peer)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    /* Start moved back from {2, 0} to {1, 0}. */
    inject_update(&e, p, rid, (moqt_location){1, 0}, 5);
    sh_run(&e);
    if (moqt_profile_update_rule(p) == MOQT_UPDATE_ANY_RANGE) {
        TF_CHECK(!e.sv.closed); /* 16+: allowed (mt-16 l.2484) */
        TF_CHECK_EQ(g_up.count, 1);
        TF_CHECK_EQ(g_up.last.start.group, 1);
    } else {
        TF_CHECK(e.sv.closed && e.c.closed_remote);
        TF_CHECK_EQ(e.c.close_code, pv_code(p));
        TF_CHECK_EQ(g_up.count, 0);
    }
    sh_stop(&e);
}

TF_DRAFT_TEST("session/update", test_update_widening_end_from_peer)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    inject_update(&e, p, rid, (moqt_location){2, 0}, 30);
    sh_run(&e);
    if (moqt_profile_update_rule(p) == MOQT_UPDATE_NARROW_ONLY) {
        TF_CHECK(e.c.closed);
        TF_CHECK_EQ(e.c.close_code, pv_code(p)); /* mt-13 l.2064 */
    } else {
        TF_CHECK(!e.sv.closed); /* 15+: End may grow (mt-15 l.2352) */
        TF_CHECK_EQ(g_up.last.end_group, 30);
    }
    sh_stop(&e);
}

/* <=16 name the subscription by ID: one that never existed is a violation. */
TF_DRAFT_TEST("session/update", test_update_unknown_subscription_from_peer)
{
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        return; /* 17+: the request stream names the request */
    }
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    inject_update(&e, p, 40, (moqt_location){3, 0}, 5);
    sh_run(&e);
    TF_CHECK(e.c.closed);
    TF_CHECK_EQ(e.c.close_code, pv_code(p));
    TF_CHECK_EQ(g_up.count, 0);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/update", test_update_refused)
{
    moqt_session_callbacks cb = up_callbacks();
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(up_start(&e, p, &cb, &rid));
    g_up.reject = true;
    moqt_subscribe_update u;
    memset(&u, 0, sizeof u);
    u.fields = MOQT_UPDATE_PRIORITY;
    u.subscriber_priority = 9;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_up.count == 1);
    bool answers = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) != 0;
    TF_CHECK_INT(g_up.reject_rv, answers ? 0 : MOQT_ERR_UNSUPPORTED);
    /* Outside the callback there is nothing to refuse. */
    TF_CHECK_INT(moqt_session_subscribe_update_reject(e.sv.s, e.sv.sub_ids[0],
                                                      MOQT_REQUEST_ERROR_INTERNAL, NULL, 0),
                 MOQT_ERR_INVALID_STATE);
    if (answers) {
        /* REQUEST_ERROR, then PUBLISH_DONE UPDATE_FAILED (mt-15 l.2360). */
        uint64_t failed;
        TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_PUBLISH_DONE, MOQT_DONE_UPDATE_FAILED,
                                        &failed) == 0);
        TF_CHECK_EQ(e.c.dones, 1);
        TF_CHECK_EQ(g_done_wire, failed);
        TF_CHECK_INT(moqt_session_send_object(e.sv.s, e.sv.sub_ids[0], 2, 0, 0, 1,
                                              MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                              (const uint8_t *)"x", 1, 0),
                     MOQT_ERR_INVALID_ARGUMENT);
        /* The subscriber can no longer update it. */
        TF_CHECK(moqt_session_subscribe_update(e.c.s, rid, &u, 0) != 0);
    } else {
        TF_CHECK_EQ(e.c.dones, 0);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
