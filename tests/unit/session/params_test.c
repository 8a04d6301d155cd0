/*
 * What a SUBSCRIBE carries from the subscriber's API to the publisher's
 * callback, every draft 07..19: each filter type the draft has (the others
 * are refused with MOQT_ERR_UNSUPPORTED), priority, forward, an authorization
 * token; and GOAWAY reaching the client.
 */
#include "sess_harness.h"
#include "wire/control.h"

/* Which filters a draft defines (DRAFT-CHANGES §7): Latest Group 07-08 only,
 * Next Group Start from 11. Tests may name drafts; the session may not. */
static bool draft_has_filter(const moqt_profile *p, moqt_subscribe_filter f)
{
    switch (f) {
    case MOQT_SUBSCRIBE_FILTER_LATEST_GROUP:
        return p->draft <= 8;
    case MOQT_SUBSCRIBE_FILTER_NEXT_GROUP_START:
        return p->draft >= 11;
    default:
        return true;
    }
}

TF_DRAFT_TEST("session/params", test_session_subscribe_filters)
{
    static const moqt_subscribe_filter filters[] = {
        MOQT_SUBSCRIBE_FILTER_LATEST_GROUP, MOQT_SUBSCRIBE_FILTER_NEXT_GROUP_START,
        MOQT_SUBSCRIBE_FILTER_LARGEST_OBJECT, MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START,
        MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE};
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    static const moqt_bytes ns[] = {{(const uint8_t *)"a", 1}, {(const uint8_t *)"b", 1}};
    int accepted = 0;
    for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
        moqt_subscribe_params sp;
        moqt_subscribe_params_default(&sp);
        sp.track_namespace = (moqt_track_namespace){2, ns};
        sp.track_name = (moqt_bytes){(const uint8_t *)"t", 1};
        sp.filter = filters[i];
        sp.start = (moqt_location){5, 2};
        sp.end_group = 9;
        sp.subscriber_priority = 33;
        uint64_t rid;
        int rv = moqt_session_subscribe(e.c.s, &sp, &rid, 0);
        if (!draft_has_filter(p, filters[i])) {
            TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
            continue;
        }
        TF_REQUIRE(rv == 0);
        sh_run(&e);
        accepted++;
        TF_REQUIRE(e.sv.nsubs == accepted);
        TF_CHECK_INT(e.sv.last_filter, filters[i]);
        TF_CHECK_INT(e.sv.last_prio, 33);
        TF_CHECK(e.sv.last_forward);
        if (filters[i] == MOQT_SUBSCRIBE_FILTER_ABSOLUTE_START ||
            filters[i] == MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE) {
            TF_CHECK_EQ(e.sv.last_start.group, 5);
            TF_CHECK_EQ(e.sv.last_start.object, 2);
        }
        if (filters[i] == MOQT_SUBSCRIBE_FILTER_ABSOLUTE_RANGE) {
            TF_CHECK_EQ(e.sv.last_end_group, 9);
        }
    }
    TF_CHECK_INT(e.c.sub_ok, accepted);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/params", test_session_subscribe_forward_and_token)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    sp.forward = false;
    sp.auth_token = (moqt_bytes){(const uint8_t *)"secret", 6};
    uint64_t rid;
    int rv = moqt_session_subscribe(e.c.s, &sp, &rid, 0);
    if (p->draft <= 10) {
        /* 07-10 always forward (mt-10 has no Forward field): refused. */
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
        sp.forward = true;
        rv = moqt_session_subscribe(e.c.s, &sp, &rid, 0);
    }
    TF_REQUIRE(rv == 0);
    TF_CHECK_EQ(rid, 0); /* the refused attempt used no Request ID */
    sh_run(&e);
    TF_REQUIRE(e.sv.nsubs == 1);
    TF_CHECK_EQ(e.sv.last_forward, p->draft <= 10);
    TF_CHECK_EQ(e.sv.last_token_count, 1);
    TF_CHECK(strcmp(e.sv.last_token, "secret") == 0);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/goaway", test_session_goaway_reaches_client)
{
    static uint8_t buf[128];
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_GOAWAY);
    m.goaway.new_session_uri = (moqt_bytes){(const uint8_t *)"moqt://b.example/x", 18};
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    /* The server's control stream: the client's bidi 0 (<=16), its uni 3 (17+). */
    uint64_t id = p->setup_shape == MOQT_SETUP_2F00 ? 3 : 0;
    moqt_transport *t = moqt_mem_pair_server(e.mp);
    TF_CHECK_INT(moqt_transport_write(t, id, buf, (size_t)n, false), (long long)n);
    sh_run(&e);
    TF_CHECK_INT(e.c.goaways, 1);
    TF_CHECK(strcmp(e.c.goaway_uri, "moqt://b.example/x") == 0);
    uint64_t rid;
    TF_CHECK_INT(sh_subscribe_clock(&e, &rid), MOQT_ERR_INVALID_STATE);
    TF_CHECK(!e.c.closed);
    /* A second GOAWAY is a protocol violation (mt-07 l.1193). */
    TF_CHECK_INT(moqt_transport_write(t, id, buf, (size_t)n, false), (long long)n);
    sh_run(&e);
    TF_CHECK(e.c.closed && !e.c.closed_remote);
    TF_CHECK(e.sv.closed && e.sv.closed_remote);
    sh_stop(&e);
}
