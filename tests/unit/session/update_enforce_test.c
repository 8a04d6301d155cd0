/*
 * The publisher honours the subscription as last stated, every draft: while
 * Forward is 0 (11+) objects (streams and datagrams) are dropped, after an
 * update to Forward 1 they arrive; objects outside the range (ABSOLUTE_RANGE
 * in SUBSCRIBE, narrowed by an update) are dropped. 12+: the subscriber of a
 * PUBLISH updates it (mt-19 l.3299), the publisher hears it through
 * subscribe_update and applies it.
 */
#include "sess_harness.h"

static int g_updates;
static moqt_subscribe_update g_last;
static bool g_reject;
static int g_reject_rv;

static int ue_update(moqt_session *s, uint64_t rid, const moqt_subscribe_update *u, void *ud)
{
    (void)ud;
    g_updates++;
    g_last = *u;
    TF_CHECK_EQ(u->request_id, rid);
    if (g_reject) {
        g_reject_rv =
            moqt_session_subscribe_update_reject(s, rid, MOQT_REQUEST_ERROR_INVALID_RANGE, "no", 0);
    }
    return 0;
}

static int ue_publish(moqt_session *s, uint64_t rid, const moqt_publish_request *req, void *ud)
{
    (void)req;
    (void)ud;
    return moqt_session_publish_accept(s, rid, NULL, 0);
}

static moqt_session_callbacks g_cb;

static bool ue_start(sh_env *e, const moqt_profile *p)
{
    g_updates = 0;
    g_reject = false;
    g_reject_rv = 1;
    memset(&g_last, 0, sizeof g_last);
    g_cb = sh_callbacks;
    g_cb.subscribe_update = ue_update;
    g_cb.publish = ue_publish;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &g_cb;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static const moqt_bytes clock_ns[] = {{(const uint8_t *)"clock", 5}};

static int subscribe(sh_env *e, bool forward, moqt_subscribe_filter filter, uint64_t start_group,
                     uint64_t end_group, uint64_t *rid)
{
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, clock_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    sp.forward = forward;
    sp.filter = filter;
    sp.start = (moqt_location){start_group, 0};
    sp.end_group = end_group;
    return moqt_session_subscribe(e->c.s, &sp, rid, 0);
}

static moqt_subscribe_update forward_update(bool forward)
{
    moqt_subscribe_update u;
    memset(&u, 0, sizeof u);
    u.fields = MOQT_UPDATE_FORWARD;
    u.forward = forward;
    return u;
}

static moqt_subscribe_update range_update(moqt_location start, uint64_t end_group)
{
    moqt_subscribe_update u;
    memset(&u, 0, sizeof u);
    u.fields = MOQT_UPDATE_RANGE;
    u.start = start;
    u.end_group = end_group;
    return u;
}

static bool has_forward(const moqt_profile *p)
{
    /* 11+ (the drafts with a Forward field); as update_test.c decides it */
    return moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) ||
           moqt_profile_consumes_request_id(p, MOQT_MSG_TRACK_STATUS);
}

/* One object per group of |first|..|last| on subgroup 0; each call returns 0. */
static void send_each_group(sh_env *e, uint64_t rid, uint64_t first, uint64_t last, int nobjs)
{
    sh_send_groups(e, rid, first, (int)(last - first + 1), nobjs);
}

TF_DRAFT_TEST("session/update_enforce", test_forward_zero_drops_until_update)
{
    if (!has_forward(p)) {
        return;
    }
    sh_env e;
    TF_REQUIRE(ue_start(&e, p));
    uint64_t rid;
    TF_REQUIRE(subscribe(&e, false, MOQT_SUBSCRIBE_FILTER_DEFAULT, 0, 0, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(e.c.sub_ok == 1 && e.sv.nsubs == 1);
    TF_CHECK(!e.sv.last_forward);
    uint64_t pub = e.sv.sub_ids[0];
    /* Forward 0: the calls succeed, nothing goes out (mt-17 l.1162). */
    send_each_group(&e, pub, 0, 1, 3);
    uint8_t d = 'x';
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, pub, 2, 0, 7, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, &d, 1, 0),
                 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 0);
    moqt_subscribe_update u = forward_update(true);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_updates == 1);
    TF_CHECK(g_last.forward);
    send_each_group(&e, pub, 3, 4, 3);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 6);
    TF_CHECK_EQ(e.c.objs[0].group, 3);
    TF_CHECK_EQ(e.c.objs[5].group, 4);
    /* Back to 0: dropped again. */
    u = forward_update(false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_CHECK_EQ(g_updates, 2);
    send_each_group(&e, pub, 5, 5, 2);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 6);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Datagrams follow Forward too (a track of datagrams only, 07-15 do not mix). */
TF_DRAFT_TEST("session/update_enforce", test_forward_datagrams)
{
    if (!has_forward(p)) {
        return;
    }
    sh_env e;
    TF_REQUIRE(ue_start(&e, p));
    uint64_t rid;
    TF_REQUIRE(subscribe(&e, false, MOQT_SUBSCRIBE_FILTER_DEFAULT, 0, 0, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.nsubs == 1);
    uint64_t pub = e.sv.sub_ids[0];
    uint8_t d = 'x';
    int rv = moqt_session_send_object_datagram(e.sv.s, pub, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                               0, &d, 1, 0);
    TF_CHECK_INT(rv, 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 0);
    moqt_subscribe_update u = forward_update(true);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    rv = moqt_session_send_object_datagram(e.sv.s, pub, 1, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                           &d, 1, 0);
    if (rv == MOQT_ERR_UNSUPPORTED) {
        sh_stop(&e); /* no datagrams on this transport */
        return;
    }
    TF_CHECK_INT(rv, 0);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 1);
    TF_CHECK_EQ(e.c.objs[0].group, 1);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/update_enforce", test_absolute_range_and_narrowing)
{
    sh_env e;
    TF_REQUIRE(ue_start(&e, p));
    uint64_t rid;
    TF_REQUIRE(subscribe(&e, true, MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE, 2, 6, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.nsubs == 1);
    uint64_t pub = e.sv.sub_ids[0];
    /* Groups 1 (before Start) and 7 (after End Group) are dropped. */
    send_each_group(&e, pub, 1, 2, 2);
    send_each_group(&e, pub, 7, 7, 2);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 2);
    TF_CHECK_EQ(e.c.objs[0].group, 2);
    TF_CHECK_EQ(e.c.objs[1].group, 2);
    /* Narrow to {3, 1}..4: allowed by every draft's rule. */
    moqt_subscribe_update u = range_update((moqt_location){3, 1}, 4);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_updates == 1);
    send_each_group(&e, pub, 3, 6, 3);
    sh_run(&e);
    /* g3 o1, g3 o2, g4 o0..o2 */
    TF_REQUIRE(e.c.nobjs == 7);
    TF_CHECK_EQ(e.c.objs[2].group, 3);
    TF_CHECK_EQ(e.c.objs[2].object_id, 1);
    TF_CHECK_EQ(e.c.objs[3].object_id, 2);
    TF_CHECK_EQ(e.c.objs[4].group, 4);
    TF_CHECK_EQ(e.c.objs[6].group, 4);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* 12+: the client accepted the server's PUBLISH and updates it. */
TF_DRAFT_TEST("session/update_enforce", test_update_of_publish_reaches_publisher)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    TF_REQUIRE(ue_start(&e, p));
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t rid;
    TF_REQUIRE(moqt_session_publish(e.sv.s, &pp, &rid, 0) == 0);
    sh_run(&e);
    send_each_group(&e, rid, 0, 0, 2);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 2);
    /* Forward 0 and a new priority. */
    moqt_subscribe_update u = forward_update(false);
    u.fields |= MOQT_UPDATE_PRIORITY;
    u.subscriber_priority = 9;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_updates == 1);
    TF_CHECK_EQ(g_last.request_id, rid);
    TF_CHECK(!g_last.forward);
    TF_CHECK_EQ(g_last.subscriber_priority, 9);
    send_each_group(&e, rid, 1, 1, 2);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 2);
    /* Forward 1 with a range ending at group 3. */
    u = range_update((moqt_location){2, 0}, 3);
    u.fields |= MOQT_UPDATE_FORWARD;
    u.forward = true;
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g_updates == 2);
    TF_CHECK(g_last.forward);
    TF_CHECK_EQ(g_last.end_group, 3);
    send_each_group(&e, rid, 2, 5, 1);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 4);
    TF_CHECK_EQ(e.c.objs[2].group, 2);
    TF_CHECK_EQ(e.c.objs[3].group, 3);
    /* The publisher cannot update its own PUBLISH (it is not the subscriber). */
    TF_CHECK(moqt_session_subscribe_update(e.sv.s, rid, &u, 0) < 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* The server publishes clock/second, the client accepts it. */
static bool publish_accepted(sh_env *e, const moqt_profile *p, uint64_t *rid)
{
    if (!ue_start(e, p)) {
        return false;
    }
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    if (moqt_session_publish(e->sv.s, &pp, rid, 0) != 0) {
        return false;
    }
    sh_run(e);
    return true;
}

/* 15+: the publisher refuses an update of its PUBLISH: REQUEST_ERROR, then
 * PUBLISH_DONE (mt-15 l.2360) ends it. */
TF_DRAFT_TEST("session/update_enforce", test_update_of_publish_refused)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) ||
        !moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)) {
        return;
    }
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(publish_accepted(&e, p, &rid));
    g_reject = true;
    moqt_subscribe_update u = forward_update(false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    sh_run(&e);
    TF_CHECK_EQ(g_updates, 1);
    TF_CHECK_INT(g_reject_rv, 0);
    TF_CHECK_EQ(e.c.dones, 1);
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, NULL, 0, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* An update crossing the PUBLISH_DONE of the PUBLISH it names is no
 * violation: the ID existed (mt-13 l.2066). */
TF_DRAFT_TEST("session/update_enforce", test_update_of_ended_publish)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    uint64_t rid;
    TF_REQUIRE(publish_accepted(&e, p, &rid));
    moqt_subscribe_update u = forward_update(false);
    TF_CHECK_INT(moqt_session_subscribe_update(e.c.s, rid, &u, 0), 0);
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, "bye", 0), 0);
    sh_run(&e);
    TF_CHECK_EQ(g_updates, 0);
    TF_CHECK_EQ(e.c.dones, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    /* A new PUBLISH still works (14-16: the update's Request ID was counted). */
    uint64_t rid2;
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"minute", 6};
    TF_CHECK_INT(moqt_session_publish(e.sv.s, &pp, &rid2, 0), 0);
    sh_run(&e);
    send_each_group(&e, rid2, 0, 0, 1);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
