/*
 * Version negotiation: a client offering several drafts against a server
 * supporting a subset agrees on the highest common one (07-14 in band on
 * ALPN moq-00); no common draft closes with the draft's
 * VERSION_NEGOTIATION_FAILED; 15+ take the draft from the ALPN.
 */
#include "sess_harness.h"

#define B(n) MOQT_DRAFT_BIT(n)

static void expect_agree(uint32_t client, uint32_t server, unsigned want_draft)
{
    sh_env e;
    sh_opts o;
    memset(&o, 0, sizeof o);
    o.alpn = "moq-00";
    o.client_drafts = client;
    o.server_drafts = server;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    const moqt_profile *p = moqt_profile_for_draft(want_draft);
    TF_CHECK_INT(e.c.setup_done, 1);
    TF_CHECK_INT(e.sv.setup_done, 1);
    TF_CHECK_EQ(e.c.version, p->version);
    TF_CHECK_EQ(e.sv.version, p->version);
    /* The agreed draft carries a subscription end to end. */
    uint64_t rid;
    TF_CHECK_INT(sh_subscribe_clock(&e, &rid), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.sub_ok, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_TEST("session/negotiate", test_session_negotiate_highest_common)
{
    expect_agree(B(8) | B(10) | B(12) | B(14), B(8) | B(10) | B(12), 12);
    expect_agree(B(7) | B(8) | B(9), B(8) | B(9), 9);
    expect_agree(MOQT_DRAFTS_ALL, MOQT_DRAFTS_ALL, 14);
    expect_agree(B(11) | B(13), B(11) | B(12) | B(13) | B(14), 13);
    expect_agree(B(7), B(7) | B(14), 7);
}

TF_TEST("session/negotiate", test_session_negotiate_across_setup_shapes)
{
    /* The client writes the 0x20 CLIENT_SETUP of 13 and also offers 09; a
     * server with 09 only answers with the 0x41 SERVER_SETUP of 09. */
    expect_agree(B(9) | B(13), B(9), 9);
}

TF_TEST("session/negotiate", test_session_negotiate_no_common_version)
{
    sh_env e;
    sh_opts o;
    memset(&o, 0, sizeof o);
    o.alpn = "moq-00";
    o.client_drafts = B(11) | B(12);
    o.server_drafts = B(13) | B(14);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK_INT(e.c.setup_done, 0);
    TF_CHECK(e.c.closed && e.c.closed_remote);
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(moqt_profile_for_draft(11), MOQT_ERRTAB_TERMINATION,
                                    MOQT_TERM_VERSION_NEGOTIATION_FAILED, &want) == 0);
    TF_CHECK_EQ(e.c.close_code, want); /* 0x15, mt-11 l.625 */
    sh_stop(&e);
}

TF_TEST("session/negotiate", test_session_negotiate_alpn_fixes_draft)
{
    /* moqt-16 on the ALPN: both ends speak 16 though both enable all drafts. */
    sh_env e;
    sh_opts o;
    memset(&o, 0, sizeof o);
    o.alpn = "moqt-16";
    o.client_drafts = o.server_drafts = MOQT_DRAFTS_ALL;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK_EQ(e.c.version, MOQT_VERSION_DRAFT_16);
    TF_CHECK_EQ(e.sv.version, MOQT_VERSION_DRAFT_16);
    sh_stop(&e);
    /* A server that does not enable the ALPN's draft refuses. */
    o.alpn = "moqt-18";
    o.server_drafts = B(17);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK_INT(e.sv.setup_done, 0);
    TF_CHECK(e.c.closed);
    sh_stop(&e);
}
