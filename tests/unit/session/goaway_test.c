/*
 * Sending GOAWAY, every draft 07..19: the server sends it, the client's
 * goaway callback sees the URI, and neither side starts new requests after
 * it while existing subscriptions keep working.
 */
#include "sess_harness.h"

TF_DRAFT_TEST("session/goaway", test_goaway_sent_by_server)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    /* Before setup: nothing to send it on. */
    TF_CHECK_INT(moqt_session_goaway(e.sv.s, "moqt://b/x", 0), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    uint64_t rid = 0;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(e.c.sub_ok == 1);

    /* Only a server sends GOAWAY (mt-07 l.1190). */
    TF_CHECK_INT(moqt_session_goaway(e.c.s, "moqt://b/x", 0), MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(moqt_session_goaway(e.sv.s, "moqt://b/x", 0), 0);
    TF_CHECK_INT(moqt_session_goaway(e.sv.s, "moqt://b/x", 0), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    TF_CHECK_INT(e.c.goaways, 1);
    TF_CHECK(strcmp(e.c.goaway_uri, "moqt://b/x") == 0);

    /* No new requests from either side. */
    uint64_t other = 0;
    TF_CHECK_INT(sh_subscribe_clock(&e, &other), MOQT_ERR_INVALID_STATE);
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    TF_CHECK_INT(moqt_session_subscribe(e.sv.s, &sp, &other, 0), MOQT_ERR_INVALID_STATE);
    moqt_track_namespace tns = {1, ns};
    TF_CHECK_INT(moqt_session_publish_namespace(e.sv.s, &tns, &other, 0), MOQT_ERR_INVALID_STATE);

    /* The existing subscription still carries objects. */
    sh_send_groups(&e, rid, 0, 1, 2);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/goaway", test_goaway_without_uri)
{
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK_INT(moqt_session_goaway(e.sv.s, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.goaways, 1);
    TF_CHECK(e.c.goaway_uri[0] == 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
