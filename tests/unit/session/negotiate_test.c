/*
 * Version negotiation: a client offering several drafts against a server
 * supporting a subset agrees on the highest common one (07-14 in band on
 * ALPN moq-00); no common draft closes with the draft's
 * VERSION_NEGOTIATION_FAILED; 15+ take the draft from the ALPN.
 */
#include <stdlib.h>

#include "sess_harness.h"
#include "wire/control.h"

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

/* Failed negotiations close in terms the peer can read. */
TF_TEST("session/negotiate", test_session_negotiate_failure_codes)
{
    sh_env e;
    sh_opts o;
    memset(&o, 0, sizeof o);
    /* A 0x40 CLIENT_SETUP (07-10) with no version the server has: 07-10 have
     * no VERSION_NEGOTIATION_FAILED, so PROTOCOL_VIOLATION (mt-07 l.555). */
    o.alpn = "moq-00";
    o.client_drafts = B(7) | B(8);
    o.server_drafts = B(11) | B(13);
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK(e.sv.closed && !e.sv.closed_remote);
    TF_CHECK_EQ(e.sv.close_code, 0x3);
    TF_CHECK(e.c.closed && e.c.closed_remote);
    TF_CHECK_EQ(e.c.close_code, 0x3);
    sh_stop(&e);
    /* No protocol agreed (a WebTransport WT-Protocol none) and no draft 07-14
     * enabled: the client closes with its newest draft's
     * VERSION_NEGOTIATION_FAILED (0x15, mt-18 l.1234). */
    o.alpn = "";
    o.client_drafts = B(18) | B(19);
    o.server_drafts = MOQT_DRAFTS_ALL;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    TF_CHECK_INT(e.c.setup_done + e.sv.setup_done, 0);
    TF_CHECK(e.c.closed && !e.c.closed_remote);
    TF_CHECK_EQ(e.c.close_code, 0x15);
    TF_CHECK(e.sv.closed && e.sv.closed_remote);
    TF_CHECK_EQ(e.sv.close_code, 0x15);
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

/* A raw client: the pair's client end without a session. */
static void raw_client_setup(const moqt_profile *p, bool with_role, sh_peer *server,
                             bool *client_closed, uint64_t *close_code)
{
    static uint8_t buf[128];
    tf_alloc a;
    tf_alloc_init(&a, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "moq-00";
    moqt_mem_pair *mp;
    TF_REQUIRE(moqt_mem_pair_new(&ps, &a.mem, &mp) == 0);
    memset(server, 0, sizeof(*server));
    TF_REQUIRE(moqt_session_server_new(moqt_mem_pair_server(mp), NULL, &sh_callbacks, &a.mem,
                                       server, &server->s) == 0);
    moqt_mem_pair_run(mp, 0);
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_CLIENT_SETUP);
    m.setup.version_count = 1;
    m.setup.versions[0] = p->version;
    m.setup.has = MOQT_S_MAX_REQUEST_ID | (with_role ? MOQT_S_ROLE : 0);
    m.setup.max_request_id = 10;
    m.setup.role = MOQT_ROLE_SUBSCRIBER;
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    moqt_transport *ct = moqt_mem_pair_client(mp);
    uint64_t id;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &id) == 0);
    TF_CHECK_INT(moqt_transport_write(ct, id, buf, (size_t)n, false), (long long)n);
    moqt_mem_pair_run(mp, 0);
    *client_closed = server->closed;
    *close_code = server->close_code;
    moqt_session_del(server->s);
    moqt_mem_pair_del(mp);
    TF_CHECK_EQ(a.live, 0);
}

TF_TEST("session/negotiate", test_session_role_required_in_07)
{
    const moqt_profile *p07 = moqt_profile_for_draft(7);
    sh_peer sv;
    bool closed;
    uint64_t code;
    raw_client_setup(p07, true, &sv, &closed, &code);
    TF_CHECK_INT(sv.setup_done, 1);
    TF_CHECK(!closed);
    /* mt-07 l.1155: both endpoints close the session if ROLE is missing. */
    raw_client_setup(p07, false, &sv, &closed, &code);
    TF_CHECK_INT(sv.setup_done, 0);
    TF_CHECK(closed);
    TF_CHECK_EQ(code, 0x3); /* Protocol Violation (mt-07 l.535) */
    /* 08 has no ROLE: its absence is fine. */
    raw_client_setup(moqt_profile_for_draft(8), false, &sv, &closed, &code);
    TF_CHECK_INT(sv.setup_done, 1);
    TF_CHECK(!closed);
}

TF_TEST("session/negotiate", test_session_settings_strings_are_copied)
{
    /* The caller's strings may die right after _new (ASan checks the reads). */
    tf_alloc a;
    tf_alloc_init(&a, 0);
    moqt_mem_pair *mp;
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = "moq-00";
    TF_REQUIRE(moqt_mem_pair_new(&ps, &a.mem, &mp) == 0);
    char *path = malloc(8), *impl = malloc(8), *auth = malloc(16);
    TF_REQUIRE(path && impl && auth);
    strcpy(path, "/moq");
    strcpy(impl, "impl");
    strcpy(auth, "example.com");
    moqt_session_settings st;
    moqt_session_settings_default(&st);
    st.path = path;
    st.implementation = impl;
    st.authority = auth;
    sh_peer c, sv;
    memset(&c, 0, sizeof c);
    memset(&sv, 0, sizeof sv);
    TF_REQUIRE(moqt_session_client_new(moqt_mem_pair_client(mp), &st, &sh_callbacks, &a.mem, &c,
                                       &c.s) == 0);
    free(path);
    free(impl);
    free(auth);
    TF_REQUIRE(moqt_session_server_new(moqt_mem_pair_server(mp), NULL, &sh_callbacks, &a.mem, &sv,
                                       &sv.s) == 0);
    moqt_mem_pair_run(mp, 0);
    TF_CHECK_INT(c.setup_done, 1);
    TF_CHECK_INT(sv.setup_done, 1);
    moqt_session_del(c.s);
    moqt_session_del(sv.s);
    moqt_mem_pair_del(mp);
    TF_CHECK_EQ(a.live, 0);
}
