/*
 * PUBLISH in the session, every draft 12..19 (07-11: MOQT_ERR_UNSUPPORTED):
 * the server publishes to the client (or the reverse for credit), the client
 * accepts / refuses / holds the answer; objects before PUBLISH_OK, Forward 0,
 * cancellation mid-track, a duplicate Track Alias, request credit.
 */
#include "sess_harness.h"
#include "wire/control.h"

typedef enum pub_mode { PM_ACCEPT = 0, PM_REJECT, PM_HOLD } pub_mode;

/* What the PUBLISH callbacks saw (one test at a time). */
static struct {
    pub_mode mode;
    int publishes;
    uint64_t ids[8];
    char track[64];
    bool forward;
    bool has_largest;
    moqt_location largest;
    uint8_t group_order;
    uint8_t publisher_priority;
    size_t token_count;
    uint64_t delivery_timeout_ms, subgroup_delivery_timeout_ms, max_cache_duration_ms;
    bool has_max_cache_duration;
    int oks;
    moqt_publish_ok_params ok;
    int errs;
    moqt_request_error err_code;
    uint64_t err_wire;
} g;

static int pt_publish(moqt_session *s, uint64_t rid, const moqt_publish_request *req, void *ud)
{
    (void)ud;
    if (g.publishes < 8) {
        g.ids[g.publishes] = rid;
    }
    g.publishes++;
    TF_CHECK_EQ(req->request_id, rid);
    snprintf(g.track, sizeof g.track, "%.*s", (int)req->track_name.len,
             (const char *)req->track_name.base);
    g.forward = req->forward;
    g.has_largest = req->has_largest;
    g.largest = req->largest;
    g.group_order = req->group_order;
    g.publisher_priority = req->publisher_priority;
    g.token_count = req->auth_token_count;
    g.delivery_timeout_ms = req->delivery_timeout_ms;
    g.subgroup_delivery_timeout_ms = req->subgroup_delivery_timeout_ms;
    g.has_max_cache_duration = req->has_max_cache_duration;
    g.max_cache_duration_ms = req->max_cache_duration_ms;
    moqt_publish_ok_params ok;
    moqt_publish_ok_params_default(&ok);
    if (strcmp(g.track, "high") == 0) {
        ok.subscriber_priority = 10;
    } else if (strcmp(g.track, "low") == 0) {
        ok.subscriber_priority = 200;
    }
    switch (g.mode) {
    case PM_ACCEPT:
        return moqt_session_publish_accept(s, rid, &ok, 0);
    case PM_REJECT:
        return moqt_session_publish_reject(s, rid, MOQT_REQUEST_ERROR_UNAUTHORIZED, "no thanks", 0);
    default:
        return 0;
    }
}

static int pt_publish_ok(moqt_session *s, uint64_t rid, const moqt_publish_ok_params *ok, void *ud)
{
    (void)s;
    (void)rid;
    (void)ud;
    g.oks++;
    g.ok = *ok;
    return 0;
}

static int pt_publish_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                            moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)reason;
    (void)ud;
    g.errs++;
    g.err_code = code;
    g.err_wire = wire;
    return 0;
}

static moqt_session_callbacks pt_callbacks;

static bool pt_start(sh_env *e, sh_opts *o, pub_mode mode)
{
    memset(&g, 0, sizeof g);
    g.mode = mode;
    pt_callbacks = sh_callbacks;
    pt_callbacks.publish = pt_publish;
    pt_callbacks.publish_ok = pt_publish_ok;
    pt_callbacks.publish_error = pt_publish_error;
    o->callbacks = &pt_callbacks;
    if (!sh_start(e, o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static const moqt_bytes clock_ns[] = {{(const uint8_t *)"clock", 5}};

static int publish_clock(moqt_session *s, bool forward, uint64_t *rid)
{
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    pp.forward = forward;
    pp.has_largest = true;
    pp.largest = (moqt_location){4, 2};
    return moqt_session_publish(s, &pp, rid, 0);
}

/* The server publishes the clock (Forward |forward|) to a client that holds
 * the PUBLISH unanswered: started, sent, seen once (the same checks each
 * test made, in order). */
static bool pt_publish_held(sh_env *e, sh_opts *o, bool forward, uint64_t *rid)
{
    if (!TF_CHECK(pt_start(e, o, PM_HOLD)) ||
        !TF_CHECK(publish_clock(e->sv.s, forward, rid) == 0)) {
        return false;
    }
    sh_run(e);
    return TF_CHECK(g.publishes == 1);
}

static void check_groups(const sh_peer *c, uint64_t rid, uint64_t first_group, int ngroups,
                         int nobjs, size_t from)
{
    for (int gi = 0; gi < ngroups; gi++) {
        for (int o = 0; o < nobjs; o++) {
            const sh_obj *r = &c->objs[from + (size_t)(gi * nobjs + o)];
            char buf[32];
            uint64_t group = first_group + (uint64_t)gi;
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)group, o);
            TF_CHECK_EQ(r->rid, rid);
            TF_CHECK_EQ(r->group, group);
            TF_CHECK_EQ(r->object_id, (uint64_t)o);
            TF_CHECK_EQ(r->prio, 7);
            TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)buf, (size_t)n);
        }
    }
}

TF_DRAFT_TEST("session/publish", test_publish_unsupported_before_12)
{
    if (moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_ACCEPT));
    uint64_t rid = 77;
    TF_CHECK_INT(publish_clock(e.sv.s, true, &rid), MOQT_ERR_UNSUPPORTED);
    TF_CHECK_EQ(rid, 77);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, 0, NULL, 0), MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/publish", test_publish_accepted_three_groups)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_ACCEPT));
    uint64_t rid = 99;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid) == 0);
    TF_CHECK_EQ(rid, 1); /* the server's first Request ID (11+: odd) */
    sh_run(&e);
    TF_REQUIRE(g.publishes == 1);
    TF_CHECK_EQ(g.ids[0], rid);
    TF_CHECK(strcmp(g.track, "second") == 0);
    TF_CHECK(g.forward);
    TF_CHECK(g.has_largest);
    TF_CHECK_EQ(g.largest.group, 4);
    TF_CHECK_EQ(g.largest.object, 2);
    TF_CHECK_INT(g.publisher_priority, 128);
    TF_CHECK_INT(g.oks, 1);
    TF_CHECK(g.ok.forward);
    TF_CHECK_INT(g.ok.subscriber_priority, 128);
    sh_send_groups(&e, rid, 0, 3, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 15);
    check_groups(&e.c, rid, 0, 3, 5, 0);
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, "bye", 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK_INT(e.c.done_reason, MOQT_DONE_REASON_TRACK_ENDED);
    TF_CHECK_EQ(e.c.done_streams, 3);
    /* Both sides forgot it. */
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, NULL, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_unsubscribe(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Forward 1: objects go before PUBLISH_OK (mt-12 l.2300); the subscriber
 * holds them until its application accepts. */
TF_DRAFT_TEST("session/publish", test_publish_objects_before_ok_are_held)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    uint64_t rid;
    TF_REQUIRE(pt_publish_held(&e, &o, true, &rid));
    sh_send_groups(&e, rid, 0, 2, 5);
    sh_run(&e);
    TF_CHECK_INT(e.c.nobjs, 0); /* held */
    TF_CHECK_INT(g.oks, 0);
    TF_CHECK_INT(moqt_session_unsubscribe(e.c.s, rid, 0), MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, NULL, 0), 0);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, NULL, 0), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    TF_CHECK_INT(g.oks, 1);
    TF_REQUIRE(e.c.nobjs == 10);
    /* Streams interleave; within one group the order holds. Sort by group. */
    size_t g0 = e.c.objs[0].group == 0 ? 0 : 5;
    check_groups(&e.c, rid, 0, 1, 5, g0);
    check_groups(&e.c, rid, 1, 1, 5, 5 - g0);
    sh_send_groups(&e, rid, 2, 1, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 15);
    check_groups(&e.c, rid, 2, 1, 5, 10);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Forward 0: nothing flows until PUBLISH_OK sets Forward 1. */
TF_DRAFT_TEST("session/publish", test_publish_forward_zero_waits_for_ok)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    uint64_t rid;
    TF_REQUIRE(pt_publish_held(&e, &o, false, &rid));
    TF_CHECK(!g.forward);
    sh_send_groups(&e, rid, 0, 1, 5); /* dropped: each call returns 0 */
    sh_run(&e);
    moqt_publish_ok_params ok;
    moqt_publish_ok_params_default(&ok);
    ok.subscriber_priority = 9;
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, &ok, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.oks, 1);
    TF_CHECK(g.ok.forward);
    TF_CHECK_INT(g.ok.subscriber_priority, 9);
    sh_send_groups(&e, rid, 1, 1, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 5);
    check_groups(&e.c, rid, 1, 1, 5, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/publish", test_publish_rejected)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    uint64_t rid;
    TF_REQUIRE(pt_publish_held(&e, &o, true, &rid));
    sh_send_groups(&e, rid, 0, 1, 5); /* before the answer: held, then dropped */
    sh_run(&e);
    TF_CHECK_INT(
        moqt_session_publish_reject(e.c.s, rid, MOQT_REQUEST_ERROR_UNAUTHORIZED, "no thanks", 0),
        0);
    sh_run(&e);
    TF_CHECK_INT(g.errs, 1);
    TF_CHECK_INT(g.err_code, MOQT_REQUEST_ERROR_UNAUTHORIZED);
    /* The wire code: PUBLISH_ERROR's table 12-14, REQUEST_ERROR's 15+. */
    moqt_err_table table = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) ? MOQT_ERRTAB_REQUEST
                                                                            : MOQT_ERRTAB_PUBLISH;
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, table, MOQT_REQ_ERR_UNAUTHORIZED, &want) == 0);
    TF_CHECK_EQ(g.err_wire, want);
    TF_CHECK_INT(e.c.nobjs, 0);
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 1, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    TF_CHECK_INT(e.c.nobjs, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* A subscriber without a publish callback refuses (UNINTERESTED where the draft has it). */
TF_DRAFT_TEST("session/publish", test_publish_refused_without_callback)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    memset(&g, 0, sizeof g);
    pt_callbacks = sh_callbacks;
    pt_callbacks.publish_error = pt_publish_error;
    o.callbacks = &pt_callbacks;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    uint64_t rid;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.errs, 1);
    moqt_err_table table = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) ? MOQT_ERRTAB_REQUEST
                                                                            : MOQT_ERRTAB_PUBLISH;
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, table, MOQT_REQ_ERR_UNINTERESTED, &want) == 0);
    TF_CHECK_EQ(g.err_wire, want);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/publish", test_publish_subscriber_cancels_mid_track)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_ACCEPT));
    uint64_t rid;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid) == 0);
    sh_run(&e);
    sh_send_groups(&e, rid, 0, 2, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 10);
    TF_CHECK_INT(moqt_session_unsubscribe(e.c.s, rid, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.sv.unsubs, 1);
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 2, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    TF_CHECK_INT(e.c.nobjs, 10);
    TF_CHECK_INT(e.c.dones, 0); /* no callback follows an unsubscribe */
    /* The session goes on: a new PUBLISH works. */
    uint64_t rid2;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid2) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 2);
    sh_send_groups(&e, rid2, 0, 1, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 15);
    check_groups(&e.c, rid2, 0, 1, 5, 10);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Writes a PUBLISH (Request ID |id|, Track Alias |alias|) from the client's
 * transport behind the client session's back. */
static void inject_publish(sh_env *e, const moqt_profile *p, uint64_t id, uint64_t alias)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH);
    m.request_id = id;
    m.track_alias = alias;
    m.ns.count = 1;
    m.ns.field[0] = clock_ns[0];
    m.track_name = (moqt_bytes){(const uint8_t *)"minute", 6};
    uint8_t buf[256];
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    moqt_transport *ct = moqt_mem_pair_client(e->mp);
    uint64_t sid = 0; /* <=16: the control stream */
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_REQUIRE(moqt_transport_open_stream(ct, true, &sid) == 0);
    }
    TF_CHECK_INT(moqt_transport_write(ct, sid, buf, (size_t)n, false), (long long)n);
}

TF_DRAFT_TEST("session/publish", test_publish_duplicate_alias_closes)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    inject_publish(&e, p, 0, 5);
    sh_run(&e);
    TF_REQUIRE(g.publishes == 1);
    TF_CHECK(!e.sv.closed);
    TF_CHECK_INT(moqt_session_publish_accept(e.sv.s, 0, NULL, 0), 0);
    sh_run(&e);
    inject_publish(&e, p, 2, 5); /* the client's next Request ID, same alias */
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 1);
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS,
                                    &want) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK(e.c.closed);
    TF_CHECK(e.c.closed_remote);
    TF_CHECK_EQ(e.c.close_code, want);
    sh_stop(&e);
}

/* PUBLISH waits for credit (MAX_REQUEST_ID 12-16, a bidi stream 17+). */
TF_DRAFT_TEST("session/publish", test_publish_waits_for_credit)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    if (p->has_request_credit) {
        o.server_max_requests = 1;
    } else {
        o.max_streams_bidi = 1;
    }
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    uint64_t r1, r2;
    TF_REQUIRE(publish_clock(e.c.s, true, &r1) == 0);
    TF_REQUIRE(publish_clock(e.c.s, true, &r2) == 0);
    TF_CHECK(r1 != r2);
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 1); /* the second waits */
    TF_CHECK_EQ(g.ids[0], r1);
    /* Objects of the waiting PUBLISH cannot go yet. */
    TF_CHECK_INT(moqt_session_send_object(e.c.s, r2, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                          (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_WOULDBLOCK);
    TF_CHECK_INT(moqt_session_publish_reject(e.sv.s, r1, MOQT_REQUEST_ERROR_UNAUTHORIZED, "no", 0),
                 0);
    sh_run(&e);
    TF_CHECK_INT(g.errs, 1);
    TF_CHECK_INT(g.publishes, 2);
    TF_CHECK_EQ(g.ids[1], r2);
    TF_CHECK_INT(moqt_session_publish_accept(e.sv.s, r2, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.oks, 1);
    TF_CHECK_INT(moqt_session_send_object(e.c.s, r2, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                          (const uint8_t *)"x", 1, 0),
                 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.nobjs == 1);
    TF_CHECK_EQ(e.sv.objs[0].rid, r2);
    /* PUBLISH_DONE ends it at the subscriber, which grants credit again. */
    uint64_t r3;
    TF_REQUIRE(publish_clock(e.c.s, true, &r3) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 2);
    TF_CHECK_INT(moqt_session_publish_done(e.c.s, r2, MOQT_DONE_REASON_TRACK_ENDED, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.sv.dones, 1);
    TF_CHECK_INT(g.publishes, 3);
    TF_CHECK_EQ(g.ids[2], r3);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Ended while waiting for credit: <=16 sends PUBLISH then PUBLISH_DONE; 17+ sends nothing. */
TF_DRAFT_TEST("session/publish", test_publish_done_while_waiting)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    if (p->has_request_credit) {
        o.server_max_requests = 1;
    } else {
        o.max_streams_bidi = 1;
    }
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    uint64_t r1, r2;
    TF_REQUIRE(publish_clock(e.c.s, true, &r1) == 0);
    TF_REQUIRE(publish_clock(e.c.s, true, &r2) == 0);
    sh_run(&e);
    TF_CHECK_INT(moqt_session_publish_done(e.c.s, r2, MOQT_DONE_REASON_TRACK_ENDED, NULL, 0), 0);
    TF_CHECK_INT(moqt_session_publish_reject(e.sv.s, r1, MOQT_REQUEST_ERROR_UNAUTHORIZED, "no", 0),
                 0);
    sh_run(&e);
    TF_CHECK_INT(g.errs, 1);
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_CHECK_INT(g.publishes, 1);
    } else {
        TF_CHECK_INT(g.publishes, 2);
        TF_CHECK_INT(e.sv.dones, 1);
        TF_CHECK_INT(e.sv.done_reason, MOQT_DONE_REASON_TRACK_ENDED);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* The track description and the answer's fields cross in every draft: group
 * order (fixed field 12-14, parameter 15, Track Property 16+), publisher
 * priority (15 parameter, 16+ Track Property; 12-14 cannot say it), the token;
 * PUBLISH_OK's priority, group order (not in 19's REQUEST_OK) and filter. */
TF_DRAFT_TEST("session/publish", test_publish_description_and_answer_fields)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    pp.group_order = MOQT_GROUP_ORDER_DESCENDING;
    pp.publisher_priority = 64;
    pp.auth_token = (moqt_bytes){(const uint8_t *)"tok", 3};
    uint64_t rid;
    TF_REQUIRE(moqt_session_publish(e.sv.s, &pp, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.publishes == 1);
    TF_CHECK_INT(g.group_order, MOQT_GROUP_ORDER_DESCENDING);
    TF_CHECK_INT(g.publisher_priority, p->draft >= 15 ? 64 : 128);
    TF_CHECK_EQ(g.token_count, 1);
    TF_CHECK(!g.has_largest);
    moqt_publish_ok_params ok;
    moqt_publish_ok_params_default(&ok);
    ok.subscriber_priority = 3;
    ok.group_order = MOQT_GROUP_ORDER_DESCENDING;
    ok.filter = MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START;
    ok.start = (moqt_location){3, 0};
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK)) {
        /* 19: REQUEST_OK cannot carry GROUP_ORDER (mt-19 l.2594-2691 scope). */
        TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, &ok, 0), MOQT_ERR_UNSUPPORTED);
        ok.group_order = 0;
    }
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, &ok, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g.oks == 1);
    TF_CHECK_INT(g.ok.subscriber_priority, 3);
    TF_CHECK_INT(g.ok.group_order, ok.group_order);
    TF_CHECK_INT(g.ok.filter, MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START);
    TF_CHECK_EQ(g.ok.start.group, 3);
    TF_CHECK(g.ok.forward);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* PUBLISH_DONE before the subscriber's application answered: what was held
 * is dropped and publish_done reports the end; the answer is then refused. */
TF_DRAFT_TEST("session/publish", test_publish_done_before_answer)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    uint64_t rid;
    TF_REQUIRE(pt_publish_held(&e, &o, true, &rid));
    sh_send_groups(&e, rid, 0, 2, 5);
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_GOING_AWAY, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK_INT(e.c.done_reason, MOQT_DONE_REASON_GOING_AWAY);
    TF_CHECK_EQ(e.c.done_streams, 2);
    TF_CHECK_INT(e.c.nobjs, 0);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, NULL, 0), MOQT_ERR_INVALID_ARGUMENT);
    /* Credit came back (12-16): another PUBLISH is served. */
    uint64_t rid2;
    g.mode = PM_ACCEPT;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid2) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 2);
    TF_CHECK_INT(g.oks, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* sh_start with a constrained link (the pair sends by stream priority, one
 * piece at a time), so the send order can be observed. */
static bool pt_start_budget(sh_env *e, const moqt_profile *p, size_t budget)
{
    memset(e, 0, sizeof(*e));
    memset(&g, 0, sizeof g);
    tf_alloc_init(&e->alloc, 0);
    tf_alloc_init(&e->salloc, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = sh_alpn(p);
    ps.link_budget = budget;
    if (moqt_mem_pair_new(&ps, &e->alloc.mem, &e->mp) != 0) {
        return false;
    }
    moqt_session_settings cs, ss;
    moqt_session_settings_default(&cs);
    moqt_session_settings_default(&ss);
    cs.drafts = ss.drafts = MOQT_DRAFT_BIT(p->version & 0xff);
    cs.path = "/moq";
    pt_callbacks = sh_callbacks;
    pt_callbacks.publish = pt_publish;
    pt_callbacks.publish_ok = pt_publish_ok;
    if (moqt_session_client_new(moqt_mem_pair_client(e->mp), &cs, &pt_callbacks, &e->salloc.mem,
                                &e->c, &e->c.s) != 0 ||
        moqt_session_server_new(moqt_mem_pair_server(e->mp), &ss, &pt_callbacks, &e->alloc.mem,
                                &e->sv, &e->sv.s) != 0) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static int publish_named(moqt_session *s, const char *name, uint64_t *rid)
{
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)name, strlen(name)};
    return moqt_session_publish(s, &pp, rid, 0);
}

/* PUBLISH_OK's Subscriber Priority schedules the track like a SUBSCRIBE's:
 * the better (lower) one is sent first, whatever order the publisher wrote. */
TF_DRAFT_TEST("session/publish", test_publish_ok_priority_orders_sending)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    TF_REQUIRE(pt_start_budget(&e, p, 48));
    uint64_t low, high;
    TF_REQUIRE(publish_named(e.sv.s, "low", &low) == 0);
    TF_REQUIRE(publish_named(e.sv.s, "high", &high) == 0);
    sh_run(&e);
    TF_REQUIRE(g.oks == 2);
    sh_send_groups(&e, low, 0, 3, 4);
    sh_send_groups(&e, high, 0, 3, 4);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 24);
    for (size_t i = 0; i < 24; i++) {
        TF_CHECK_EQ(e.c.objs[i].rid, i < 12 ? high : low);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* ---- against a raw peer written with the wire codecs: the bytes themselves ---- */

typedef struct raw_st {
    uint64_t id;
    uint8_t buf[2048];
    size_t len;
    bool fin;
} raw_st;

typedef struct raw_env {
    tf_alloc a;
    moqt_mem_pair *mp;
    moqt_transport *ct;
    raw_st st[8];
    size_t n;
    sh_peer sv;
    uint64_t control;
    uint8_t out[4][512];
    unsigned nout;
} raw_env;

static int raw_data(moqt_transport *t, uint64_t id, const uint8_t *data, size_t len, bool fin,
                    void *ud)
{
    (void)t;
    raw_env *e = ud;
    raw_st *s = NULL;
    for (size_t i = 0; i < e->n; i++) {
        s = e->st[i].id == id ? &e->st[i] : s;
    }
    if (s == NULL && e->n < 8) {
        s = &e->st[e->n++];
        s->id = id;
    }
    if (s && s->len + len <= sizeof s->buf) {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
        s->fin = s->fin || fin;
    }
    return 0;
}

static raw_st *raw_stream(raw_env *e, uint64_t id)
{
    for (size_t i = 0; i < e->n; i++) {
        if (e->st[i].id == id) {
            return &e->st[i];
        }
    }
    return NULL;
}

static bool raw_send(raw_env *e, const moqt_profile *p, uint64_t sid, const moqt_msg *m)
{
    /* The pair may read the bytes only when it runs: they must outlive the call. */
    uint8_t *buf = e->out[e->nout++ % 4];
    moqt_ssize n = moqt_wire_encode_control(p, m, buf, sizeof e->out[0]);
    return n > 0 && moqt_transport_write(e->ct, sid, buf, (size_t)n, false) == n;
}

/* A server session (publish callbacks as |cb|) and a raw client that has set up. */
static bool raw_start(raw_env *e, const moqt_profile *p, const moqt_session_callbacks *cb)
{
    memset(e, 0, sizeof(*e));
    tf_alloc_init(&e->a, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = sh_alpn(p);
    if (moqt_mem_pair_new(&ps, &e->a.mem, &e->mp) != 0) {
        return false;
    }
    e->ct = moqt_mem_pair_client(e->mp);
    static const moqt_transport_callbacks tcb = {
        .struct_size = sizeof(moqt_transport_callbacks),
        .stream_data = raw_data,
    };
    moqt_transport_set_callbacks(e->ct, &tcb, e);
    if (moqt_session_server_new(moqt_mem_pair_server(e->mp), NULL, cb, &e->a.mem, &e->sv,
                                &e->sv.s) != 0) {
        return false;
    }
    moqt_mem_pair_run(e->mp, 0);
    bool uni = p->setup_shape == MOQT_SETUP_2F00;
    moqt_msg m;
    moqt_msg_init(&m, uni ? MOQT_MSG_SETUP : MOQT_MSG_CLIENT_SETUP);
    if (p->version_in_setup) {
        m.setup.version_count = 1;
        m.setup.versions[0] = p->version;
    }
    if (p->has_role_param) {
        m.setup.has |= MOQT_S_ROLE;
        m.setup.role = MOQT_ROLE_PUBSUB;
    }
    if (p->has_request_credit) {
        m.setup.has |= MOQT_S_MAX_REQUEST_ID;
        m.setup.max_request_id = 20;
    }
    if (moqt_transport_open_stream(e->ct, !uni, &e->control) != 0 ||
        !raw_send(e, p, e->control, &m)) {
        return false;
    }
    moqt_mem_pair_run(e->mp, 0);
    return e->sv.setup_done == 1;
}

static void raw_stop(raw_env *e)
{
    moqt_session_del(e->sv.s);
    moqt_mem_pair_del(e->mp);
    TF_CHECK_EQ(e->a.live, 0);
}

/* The first message of |kind| on |s|, decoded under |p|. */
static bool raw_find_msg(const moqt_profile *p, const raw_st *s, moqt_msg_kind kind, moqt_msg *out)
{
    for (size_t off = 0; s && off < s->len;) {
        moqt_ssize n = moqt_wire_decode_control(p, s->buf + off, s->len - off, out, NULL);
        if (n <= 0) {
            return false;
        }
        if (out->kind == kind) {
            return true;
        }
        off += (size_t)n;
    }
    return false;
}

/* Refusing: PUBLISH_ERROR (12-14) / REQUEST_ERROR (15+) with the draft's code
 * for the reason given, then FIN (17+, mt-17 l.1003). */
TF_DRAFT_TEST("session/publish", test_publish_reject_bytes)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    memset(&g, 0, sizeof g);
    g.mode = PM_REJECT;
    pt_callbacks = sh_callbacks;
    pt_callbacks.publish = pt_publish;
    raw_env e;
    TF_REQUIRE(raw_start(&e, p, &pt_callbacks));
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH);
    m.request_id = 0;
    m.track_alias = 3;
    m.ns.count = 1;
    m.ns.field[0] = clock_ns[0];
    m.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t sid = e.control;
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_REQUIRE(moqt_transport_open_stream(e.ct, true, &sid) == 0);
    }
    TF_REQUIRE(raw_send(&e, p, sid, &m));
    moqt_mem_pair_run(e.mp, 0);
    TF_CHECK_INT(g.publishes, 1);
    bool rerr = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) != 0;
    moqt_msg got;
    raw_st *s = raw_stream(&e, sid);
    TF_REQUIRE(raw_find_msg(p, s, rerr ? MOQT_MSG_REQUEST_ERROR : MOQT_MSG_PUBLISH_ERROR, &got));
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, rerr ? MOQT_ERRTAB_REQUEST : MOQT_ERRTAB_PUBLISH,
                                    MOQT_REQ_ERR_UNAUTHORIZED, &want) == 0);
    TF_CHECK_EQ(got.error_code, want);
    TF_CHECK_BYTES(got.reason.base, got.reason.len, (const uint8_t *)"no thanks", 9);
    if (p->responses_have_request_id) {
        TF_CHECK_EQ(got.request_id, 0);
    }
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_CHECK(s->fin);
    }
    TF_CHECK(!e.sv.closed);
    raw_stop(&e);
}

/* Publishing: the PUBLISH as sent (alias, name, Forward, Largest), then an
 * answer as a peer may send it: the draft's PUBLISH_OK, and in 18 also
 * REQUEST_OK 0x07, which mt-18 l.2804 says PUBLISH_OK is. */
TF_DRAFT_TEST("session/publish", test_publish_bytes_and_request_ok_answer)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    bool both = p->draft == 18; /* 0x1E and 0x07 both mean PUBLISH_OK there */
    for (int variant = 0; variant < (both ? 2 : 1); variant++) {
        memset(&g, 0, sizeof g);
        pt_callbacks = sh_callbacks;
        pt_callbacks.publish_ok = pt_publish_ok;
        raw_env e;
        TF_REQUIRE(raw_start(&e, p, &pt_callbacks));
        uint64_t rid;
        TF_REQUIRE(publish_clock(e.sv.s, false, &rid) == 0);
        moqt_mem_pair_run(e.mp, 0);
        /* <=16: on the control stream; 17+: the server's first bidi stream (id 1). */
        uint64_t sid = p->topology == MOQT_TOPO_REQUEST_STREAMS ? 1 : e.control;
        moqt_msg got;
        TF_REQUIRE(raw_find_msg(p, raw_stream(&e, sid), MOQT_MSG_PUBLISH, &got));
        TF_CHECK_EQ(got.request_id, rid);
        TF_CHECK_BYTES(got.track_name.base, got.track_name.len, (const uint8_t *)"second", 6);
        TF_CHECK((got.params.has & MOQT_P_FORWARD) && got.params.forward == 0);
        TF_CHECK((got.params.has & MOQT_P_LARGEST) && got.params.largest.group == 4);
        moqt_msg ok;
        moqt_msg_kind kind = variant == 1 || !moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK)
                                 ? MOQT_MSG_REQUEST_OK
                                 : MOQT_MSG_PUBLISH_OK;
        moqt_msg_init(&ok, kind);
        ok.request_id = rid;
        ok.params.has |= MOQT_P_SUBSCRIBER_PRIORITY;
        ok.params.subscriber_priority = 42;
        TF_REQUIRE(raw_send(&e, p, sid, &ok));
        moqt_mem_pair_run(e.mp, 0);
        TF_CHECK_INT(g.oks, 1);
        TF_CHECK_INT(g.ok.subscriber_priority, 42);
        TF_CHECK(g.ok.forward); /* omitted: 1 (mt-15 l.1903); 12-14 carry it */
        TF_CHECK(!e.sv.closed);
        raw_stop(&e);
    }
}

/* A joining FETCH can name a subscription a PUBLISH started (mt-19 l.1670):
 * it resolves against the PUBLISH's Largest. */
static int joined_fetches;
static moqt_fetch_request joined;

static int pt_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    (void)ud;
    joined_fetches++;
    joined = *req;
    return moqt_session_fetch_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST, "gone",
                                     0);
}

TF_DRAFT_TEST("session/publish", test_publish_joining_fetch)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) || !p->has_joining_fetch) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    memset(&g, 0, sizeof g);
    pt_callbacks = sh_callbacks;
    pt_callbacks.publish = pt_publish;
    pt_callbacks.fetch = pt_fetch;
    o.callbacks = &pt_callbacks;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    g.mode = PM_HOLD;
    uint64_t rid;
    TF_REQUIRE(publish_clock(e.sv.s, true, &rid) == 0); /* Largest {4, 2} */
    sh_run(&e);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
    fp.joining_request_id = rid;
    fp.joining_start = 1;
    uint64_t fid;
    /* Not before the PUBLISH is accepted. */
    TF_CHECK_INT(moqt_session_fetch(e.c.s, &fp, &fid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, NULL, 0), 0);
    TF_CHECK_INT(moqt_session_fetch(e.c.s, &fp, &fid, 0), 0);
    joined_fetches = 0;
    sh_run(&e);
    TF_REQUIRE(joined_fetches == 1);
    TF_CHECK_INT(joined.kind, MOQT_FETCH_KIND_RELATIVE_JOINING);
    TF_CHECK_EQ(joined.joining_request_id, rid);
    TF_CHECK_EQ(joined.start.group, 3);
    TF_CHECK_EQ(joined.end.group, 4);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* A PUBLISH reusing the alias of one of our SUBSCRIBEs closes too: the
 * server subscribes to the client (alias 0 in its SUBSCRIBE_OK), then a
 * PUBLISH from the client names alias 0. */
TF_DRAFT_TEST("session/publish", test_publish_alias_of_a_subscription_closes)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, clock_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t sid;
    TF_REQUIRE(moqt_session_subscribe(e.sv.s, &sp, &sid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.sub_ok == 1);
    inject_publish(&e, p, 0, 0); /* the client's first Request ID, the alias in use */
    sh_run(&e);
    TF_CHECK_INT(g.publishes, 0);
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_DUPLICATE_TRACK_ALIAS,
                                    &want) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK_EQ(e.c.close_code, want);
    sh_stop(&e);
}

/* More held bytes than max_early_bytes: the excess streams are stopped, the
 * session survives, and after accepting the track flows. */
TF_DRAFT_TEST("session/publish", test_publish_held_objects_are_bounded)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.client_max_early_bytes = 64;
    uint64_t rid;
    TF_REQUIRE(pt_publish_held(&e, &o, true, &rid));
    sh_send_groups(&e, rid, 0, 6, 5); /* about 6 x 5 x 9 bytes held */
    sh_run(&e);
    TF_CHECK_INT(e.c.nobjs, 0);
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, rid, NULL, 0), 0);
    sh_run(&e);
    size_t held = e.c.nobjs;
    TF_CHECK(held < 30); /* some were dropped */
    sh_send_groups(&e, rid, 6, 1, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == held + 5);
    check_groups(&e.c, rid, 6, 1, 5, held);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* The publisher's delivery timeouts and Max Cache Duration travel on PUBLISH
 * where the draft has them (14+; the subgroup timeout 18+); 12-13 cannot
 * carry a cache duration, which a relay must obey: refused. */
TF_DRAFT_TEST("session/publish", test_publish_track_values)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(pt_start(&e, &o, PM_HOLD));
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, clock_ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    pp.delivery_timeout_ms = 5000;
    pp.subgroup_delivery_timeout_ms = 7000;
    pp.has_max_cache_duration = true;
    pp.max_cache_duration_ms = 60000;
    uint64_t rid;
    if (p->draft < 14) {
        TF_CHECK_INT(moqt_session_publish(e.sv.s, &pp, &rid, 0), MOQT_ERR_UNSUPPORTED);
        pp.has_max_cache_duration = false;
    }
    TF_REQUIRE(moqt_session_publish(e.sv.s, &pp, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.publishes == 1);
    TF_CHECK_EQ(g.delivery_timeout_ms, p->draft >= 14 ? 5000 : 0);
    TF_CHECK_EQ(g.subgroup_delivery_timeout_ms, p->draft >= 18 ? 7000 : 0);
    TF_CHECK(g.has_max_cache_duration == (p->draft >= 14));
    TF_CHECK_EQ(g.max_cache_duration_ms, p->draft >= 14 ? 60000 : 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
