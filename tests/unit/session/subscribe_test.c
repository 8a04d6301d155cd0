/*
 * Two sessions over the in-memory pair, every draft 07..19: setup, SUBSCRIBE
 * with 3 groups x 5 objects, PUBLISH_DONE, unsubscribe mid-track, a refused
 * SUBSCRIBE, request credit, malformed input.
 */
#include "sess_harness.h"

TF_DRAFT_TEST("session/setup", test_session_setup)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    TF_CHECK_EQ(moqt_session_version(e.c.s), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.setup_done, 1);
    TF_CHECK_INT(e.sv.setup_done, 1);
    TF_CHECK_EQ(e.c.version, p->version);
    TF_CHECK_EQ(e.sv.version, p->version);
    TF_CHECK_EQ(moqt_session_version(e.c.s), p->version);
    TF_CHECK_EQ(moqt_session_version(e.sv.s), p->version);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

static void check_groups(const sh_peer *c, uint64_t rid, uint64_t first_group, int ngroups,
                         int nobjs, size_t from)
{
    for (int g = 0; g < ngroups; g++) {
        for (int o = 0; o < nobjs; o++) {
            const sh_obj *r = &c->objs[from + (size_t)(g * nobjs + o)];
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d",
                             (unsigned long long)(first_group + (uint64_t)g), o);
            TF_CHECK_EQ(r->rid, rid);
            TF_CHECK_EQ(r->group, first_group + (uint64_t)g);
            TF_CHECK_EQ(r->subgroup, 0);
            TF_CHECK_EQ(r->object_id, (uint64_t)o);
            TF_CHECK_EQ(r->prio, 7);
            TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)buf, (size_t)n);
        }
    }
}

static void run_three_groups(const moqt_profile *p, size_t max_chunk, size_t window)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.max_chunk = max_chunk;
    o.stream_window = window;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    uint64_t rid = 99;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid) == 0);
    TF_CHECK_EQ(rid, 0); /* the client's first Request / Subscribe ID */
    sh_run(&e);
    TF_REQUIRE(e.sv.nsubs == 1);
    TF_CHECK_EQ(e.sv.sub_ids[0], rid);
    TF_CHECK(strcmp(e.sv.last_track, "second") == 0);
    TF_CHECK_INT(e.c.sub_ok, 1);
    sh_send_groups(&e, rid, 0, 3, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 15);
    check_groups(&e.c, rid, 0, 3, 5, 0);
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, "bye", 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK_INT(e.c.done_reason, MOQT_DONE_REASON_TRACK_ENDED);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/subscribe", test_session_subscribe_three_groups)
{
    run_three_groups(p, 0, 0);
}

TF_DRAFT_TEST("session/subscribe", test_session_subscribe_one_byte_reads)
{
    /* Every read is one byte and every stream has 7 bytes of window: control
     * messages and objects arrive split everywhere, writes come up short. */
    run_three_groups(p, 1, 7);
}

TF_DRAFT_TEST("session/subscribe", test_session_unsubscribe_mid_track)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    uint64_t rid;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid) == 0);
    sh_run(&e);
    sh_send_groups(&e, rid, 0, 1, 5);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 5);
    TF_CHECK_INT(moqt_session_unsubscribe(e.c.s, rid, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.sv.unsubs, 1);
    /* The subscription is gone on the publisher side. */
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 1, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 5);
    TF_CHECK_INT(e.c.dones, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    /* A new subscription works after the old one ended. */
    uint64_t rid2;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid2) == 0);
    TF_CHECK(rid2 != rid);
    sh_run(&e);
    TF_CHECK_INT(e.c.sub_ok, 2);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/subscribe", test_session_subscribe_missing_track)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    e.sv.mode = SH_REJECT_MISSING;
    sh_run(&e);
    uint64_t rid;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.sub_err, 1);
    TF_CHECK_INT(e.c.sub_ok, 0);
    TF_CHECK_INT(e.c.err_code, MOQT_REQUEST_ERROR_DOES_NOT_EXIST);
    /* The draft's own code: SUBSCRIBE_ERROR 0x3 (07), 0x4 (08-14), REQUEST_ERROR 0x10 (15+). */
    moqt_err_table table = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) ? MOQT_ERRTAB_REQUEST
                                                                            : MOQT_ERRTAB_SUBSCRIBE;
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, table, MOQT_REQ_ERR_DOES_NOT_EXIST, &want) == 0);
    TF_CHECK_EQ(e.c.err_wire, want);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/credit", test_session_request_waits_for_credit)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    /* Drafts with credit: one request at a time by MAX_REQUEST_ID. 17+: by
     * the transport's bidi stream limit. */
    if (p->has_request_credit) {
        o.server_max_requests = 1;
    } else {
        o.max_streams_bidi = 1;
    }
    TF_REQUIRE(sh_start(&e, &o));
    e.sv.mode = SH_HOLD;
    sh_run(&e);
    uint64_t r1, r2;
    TF_REQUIRE(sh_subscribe_clock(&e, &r1) == 0);
    TF_REQUIRE(sh_subscribe_clock(&e, &r2) == 0);
    sh_run(&e);
    TF_CHECK_INT(e.sv.nsubs, 1); /* the second waits */
    TF_CHECK(!e.sv.closed);
    /* The first completes: credit (or a stream) comes back, the second goes. */
    TF_CHECK_INT(
        moqt_session_subscribe_reject(e.sv.s, r1, MOQT_REQUEST_ERROR_DOES_NOT_EXIST, "gone", 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.sub_err, 1);
    TF_CHECK_INT(e.sv.nsubs, 2);
    TF_CHECK_EQ(e.sv.sub_ids[1], r2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Writes |bytes| on the client's control stream behind the client session's back. */
static void inject_control(sh_env *e, const moqt_profile *p, const uint8_t *bytes, size_t len)
{
    /* The client's first stream: bidi 0 (<=16) or uni 2 (17+). */
    uint64_t id = p->setup_shape == MOQT_SETUP_2F00 ? 2 : 0;
    TF_CHECK_INT(moqt_transport_write(moqt_mem_pair_client(e->mp), id, bytes, len, false),
                 (long long)len);
}

static void expect_closed_with(sh_env *e, const moqt_profile *p, moqt_term term)
{
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, term, &want) == 0);
    TF_CHECK(e->c.closed);
    TF_CHECK(e->c.closed_remote);
    TF_CHECK_EQ(e->c.close_code, want);
    TF_CHECK(e->sv.closed);
}

TF_DRAFT_TEST("session/malformed", test_session_unknown_message_closes)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    /* Type 0x3F is defined by no draft; Length 0 ((i) in 07-10, (16) after). */
    static const uint8_t short_len[] = {0x3f, 0x00};
    static const uint8_t long_len[] = {0x3f, 0x00, 0x00};
    if (p->control_length_16) {
        inject_control(&e, p, long_len, sizeof long_len);
    } else {
        inject_control(&e, p, short_len, sizeof short_len);
    }
    sh_run(&e);
    expect_closed_with(&e, p, MOQT_TERM_PROTOCOL_VIOLATION);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/malformed", test_session_max_request_id_decrease_closes)
{
    if (!p->has_request_credit) {
        return;
    }
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    /* MAX_REQUEST_ID 1: not above the 100-request grant (mt-11 l.1614). */
    static const uint8_t short_len[] = {0x15, 0x01, 0x01};
    static const uint8_t long_len[] = {0x15, 0x00, 0x01, 0x01};
    if (p->control_length_16) {
        inject_control(&e, p, long_len, sizeof long_len);
    } else {
        inject_control(&e, p, short_len, sizeof short_len);
    }
    sh_run(&e);
    expect_closed_with(&e, p, MOQT_TERM_PROTOCOL_VIOLATION);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/subscribe", test_session_server_subscribes_to_client)
{
    /* Roles are per request: the server subscribes, the client publishes. */
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    static const moqt_bytes ns[] = {{(const uint8_t *)"cam", 3}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"video", 5};
    uint64_t rid;
    TF_REQUIRE(moqt_session_subscribe(e.sv.s, &sp, &rid, 0) == 0);
    /* The server's first Request ID: 1 from 11 (odd), 0 in 07-10. */
    TF_CHECK_EQ(rid, p->interleaved_request_ids ? 1 : 0);
    sh_run(&e);
    TF_REQUIRE(e.c.nsubs == 1);
    TF_CHECK(strcmp(e.c.last_track, "video") == 0);
    TF_CHECK_INT(e.sv.sub_ok, 1);
    TF_CHECK_INT(moqt_session_send_object(e.c.s, rid, 3, 1, 0, 5, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                          (const uint8_t *)"frame", 5, 0),
                 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.nobjs == 1);
    TF_CHECK_EQ(e.sv.objs[0].group, 3);
    TF_CHECK_EQ(e.sv.objs[0].subgroup, 1);
    TF_CHECK_BYTES((const uint8_t *)e.sv.objs[0].payload, e.sv.objs[0].len,
                   (const uint8_t *)"frame", 5);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Setup, subscribe, two groups, unsubscribe; results are not checked (an
 * allocation may fail anywhere), only that nothing leaks or crashes. */
static void oom_scenario(sh_env *e)
{
    moqt_mem_pair_run(e->mp, 0);
    uint64_t rid = 0;
    if (sh_subscribe_clock(e, &rid) != 0) {
        return;
    }
    moqt_mem_pair_run(e->mp, 0);
    for (uint64_t g = 0; g < 2; g++) {
        for (uint64_t o = 0; o < 3; o++) {
            moqt_session_send_object(e->sv.s, rid, g, 0, o, 1, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                     (const uint8_t *)"payload", 7, 0);
        }
        moqt_session_end_subgroup(e->sv.s, rid, g, 0, 0);
    }
    moqt_mem_pair_run(e->mp, 0);
    moqt_session_unsubscribe(e->c.s, rid, 0);
    moqt_mem_pair_run(e->mp, 0);
}

TF_DRAFT_TEST("session/oom", test_session_oom_sweep)
{
    for (size_t fail_at = 1; fail_at < 400; fail_at++) {
        sh_env e;
        sh_opts o;
        sh_opts_for(&o, p);
        o.session_fail_at = fail_at;
        if (sh_start(&e, &o)) {
            oom_scenario(&e);
        }
        moqt_session_del(e.c.s);
        moqt_session_del(e.sv.s);
        moqt_mem_pair_del(e.mp);
        TF_CHECK_EQ(e.salloc.live, 0);
        TF_CHECK_EQ(e.alloc.live, 0);
        if (e.salloc.total < fail_at) {
            return; /* the scenario ran without reaching the failing allocation */
        }
    }
    TF_CHECK(!"the scenario needs more than 400 allocations");
}

TF_DRAFT_TEST("session/credit", test_session_cancel_while_waiting_for_credit)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    if (p->has_request_credit) {
        o.server_max_requests = 1;
    } else {
        o.max_streams_bidi = 1;
    }
    TF_REQUIRE(sh_start(&e, &o));
    e.sv.mode = SH_HOLD;
    sh_run(&e);
    uint64_t r1, r2, r3;
    TF_REQUIRE(sh_subscribe_clock(&e, &r1) == 0);
    TF_REQUIRE(sh_subscribe_clock(&e, &r2) == 0);
    sh_run(&e);
    TF_CHECK_INT(e.sv.nsubs, 1);
    /* Cancel the waiting one: its ID is used, so <=16 still send it (peers
     * check the sequence) and cancel it at once; 17+ drop it. */
    TF_CHECK_INT(moqt_session_unsubscribe(e.c.s, r2, 0), 0);
    TF_CHECK_INT(
        moqt_session_subscribe_reject(e.sv.s, r1, MOQT_REQUEST_ERROR_DOES_NOT_EXIST, "gone", 0), 0);
    sh_run(&e);
    e.sv.mode = SH_ACCEPT;
    TF_REQUIRE(sh_subscribe_clock(&e, &r3) == 0);
    sh_run(&e);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    TF_CHECK_INT(e.c.sub_err, 1);
    TF_CHECK_INT(e.c.sub_ok, 1); /* r3 only: r2's answer is not reported */
    TF_CHECK_EQ(e.sv.sub_ids[e.sv.nsubs - 1], r3);
    sh_stop(&e);
}
