/*
 * TRACK_STATUS between two sessions, every draft 07..19: the client asks,
 * the server answers with a largest location, with no content yet, or
 * refuses (DOES_NOT_EXIST; a server without a track_status callback).
 */
#include "sess_harness.h"

typedef enum ts_mode { TS_LARGEST, TS_EMPTY, TS_MISSING, TS_HOLD } ts_mode;

static struct {
    sh_env *e;
    ts_mode mode;
    int asked;
    uint64_t asked_id;
    char asked_ns[32], asked_name[32];
    int ok, err;
    uint64_t ok_id, err_id, err_wire;
    bool has_largest;
    moqt_location largest;
    moqt_request_error err_code;
} g_ts;

static int ts_request(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns,
                      moqt_bytes name, void *ud)
{
    (void)ud;
    g_ts.asked++;
    g_ts.asked_id = rid;
    snprintf(g_ts.asked_ns, sizeof g_ts.asked_ns, "%.*s", (int)ns->fields[0].len,
             (const char *)ns->fields[0].base);
    snprintf(g_ts.asked_name, sizeof g_ts.asked_name, "%.*s", (int)name.len,
             (const char *)name.base);
    moqt_location loc = {7, 3};
    switch (g_ts.mode) {
    case TS_LARGEST:
        return moqt_session_track_status_reply(s, rid, &loc, 0);
    case TS_EMPTY:
        return moqt_session_track_status_reply(s, rid, NULL, 0);
    case TS_MISSING:
        return moqt_session_track_status_reject(s, rid, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                                "no such track", 0);
    default:
        return 0;
    }
}

static int ts_ok(moqt_session *s, uint64_t rid, const moqt_location *largest, void *ud)
{
    (void)s;
    (void)ud;
    g_ts.ok++;
    g_ts.ok_id = rid;
    g_ts.has_largest = largest != NULL;
    if (largest) {
        g_ts.largest = *largest;
    }
    return 0;
}

static int ts_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                    moqt_bytes reason, void *ud)
{
    (void)s;
    (void)reason;
    (void)ud;
    g_ts.err++;
    g_ts.err_id = rid;
    g_ts.err_code = code;
    g_ts.err_wire = wire;
    return 0;
}

static bool ts_start(sh_env *e, const moqt_profile *p, ts_mode mode, bool listen)
{
    static moqt_session_callbacks cb;
    cb = sh_callbacks;
    cb.track_status = listen ? ts_request : NULL;
    cb.track_status_ok = ts_ok;
    cb.track_status_error = ts_error;
    memset(&g_ts, 0, sizeof(g_ts));
    g_ts.e = e;
    g_ts.mode = mode;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &cb;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static int ask_clock(sh_env *e, uint64_t *rid)
{
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_track_namespace tns = {1, ns};
    return moqt_session_track_status(e->c.s, &tns, (moqt_bytes){(const uint8_t *)"second", 6}, rid,
                                     0);
}

TF_DRAFT_TEST("session/track_status", test_track_status_largest)
{
    sh_env e;
    TF_REQUIRE(ts_start(&e, p, TS_LARGEST, true));
    uint64_t rid = 99;
    TF_REQUIRE(ask_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.asked, 1);
    TF_CHECK(strcmp(g_ts.asked_ns, "clock") == 0);
    TF_CHECK(strcmp(g_ts.asked_name, "second") == 0);
    if (moqt_profile_consumes_request_id(p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(rid, 0);
        TF_CHECK_EQ(g_ts.asked_id, rid);
    }
    TF_CHECK_INT(g_ts.ok, 1);
    TF_CHECK_INT(g_ts.err, 0);
    TF_CHECK_EQ(g_ts.ok_id, rid);
    TF_CHECK(g_ts.has_largest);
    TF_CHECK_EQ(g_ts.largest.group, 7);
    TF_CHECK_EQ(g_ts.largest.object, 3);
    /* A subscription afterwards still works (request IDs stay in sequence). */
    uint64_t sid = 0;
    TF_REQUIRE(sh_subscribe_clock(&e, &sid) == 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.sub_ok, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/track_status", test_track_status_no_content)
{
    sh_env e;
    TF_REQUIRE(ts_start(&e, p, TS_EMPTY, true));
    uint64_t rid = 99;
    TF_REQUIRE(ask_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.ok, 1);
    TF_CHECK(!g_ts.has_largest);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/track_status", test_track_status_missing)
{
    sh_env e;
    TF_REQUIRE(ts_start(&e, p, TS_MISSING, true));
    uint64_t rid = 99;
    TF_REQUIRE(ask_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.ok, 0);
    TF_CHECK_INT(g_ts.err, 1);
    TF_CHECK_EQ(g_ts.err_id, rid);
    TF_CHECK_INT(g_ts.err_code, MOQT_REQUEST_ERROR_DOES_NOT_EXIST);
    /* Answered: the publisher cannot answer twice. */
    TF_CHECK_INT(moqt_session_track_status_reply(e.sv.s, g_ts.asked_id, NULL, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/track_status", test_track_status_not_a_publisher)
{
    sh_env e;
    TF_REQUIRE(ts_start(&e, p, TS_LARGEST, false));
    uint64_t rid = 99;
    TF_REQUIRE(ask_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.err, 1);
    TF_CHECK_EQ(g_ts.err_id, rid);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/track_status", test_track_status_held_then_answered)
{
    sh_env e;
    TF_REQUIRE(ts_start(&e, p, TS_HOLD, true));
    uint64_t rid = 99;
    TF_REQUIRE(ask_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.asked, 1);
    TF_CHECK_INT(g_ts.ok + g_ts.err, 0);
    moqt_location loc = {1, 0};
    TF_CHECK_INT(moqt_session_track_status_reply(e.sv.s, g_ts.asked_id, &loc, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g_ts.ok, 1);
    TF_CHECK_EQ(g_ts.largest.group, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
