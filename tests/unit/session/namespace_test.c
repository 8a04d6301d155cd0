/*
 * PUBLISH_NAMESPACE (ANNOUNCE) between two sessions, every draft 07..19:
 * the client announces, the server accepts and subscribes to a track in the
 * namespace (the client publishes it), then the client withdraws the
 * namespace; a refused announcement; an announcement nobody listens for.
 */
#include "sess_harness.h"

typedef struct ns_peer {
    int announces;
    uint64_t announce_id;
    char announce_ns[64];
    size_t announce_fields;
    int ok, err, done;
    uint64_t ok_id, err_id, done_id;
    moqt_request_error err_code;
    bool reject; /* refuse announcements */
} ns_peer;

static struct {
    sh_env *e;
    ns_peer c, sv;
} g_ns;

static ns_peer *ns_of(void *ud)
{
    return ud == &g_ns.e->c ? &g_ns.c : &g_ns.sv;
}

static int ns_publish_namespace(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns,
                                void *ud)
{
    ns_peer *p = ns_of(ud);
    p->announces++;
    p->announce_id = rid;
    p->announce_fields = ns->count;
    p->announce_ns[0] = 0;
    if (ns->count > 0) {
        snprintf(p->announce_ns, sizeof p->announce_ns, "%.*s", (int)ns->fields[0].len,
                 (const char *)ns->fields[0].base);
    }
    if (p->reject) {
        return moqt_session_publish_namespace_reject(s, rid, MOQT_REQUEST_ERROR_UNAUTHORIZED,
                                                     "go away", 0);
    }
    return moqt_session_publish_namespace_accept(s, rid, 0);
}

static int ns_ok(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    ns_peer *p = ns_of(ud);
    p->ok++;
    p->ok_id = rid;
    return 0;
}

static int ns_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                    moqt_bytes reason, void *ud)
{
    (void)s;
    (void)wire;
    (void)reason;
    ns_peer *p = ns_of(ud);
    p->err++;
    p->err_id = rid;
    p->err_code = code;
    return 0;
}

static int ns_done(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    ns_peer *p = ns_of(ud);
    p->done++;
    p->done_id = rid;
    return 0;
}

static moqt_session_callbacks ns_callbacks(bool listen)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.publish_namespace = listen ? ns_publish_namespace : NULL;
    cb.publish_namespace_ok = ns_ok;
    cb.publish_namespace_error = ns_error;
    cb.publish_namespace_done = ns_done;
    return cb;
}

static bool ns_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb)
{
    memset(&g_ns, 0, sizeof(g_ns));
    g_ns.e = e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = cb;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static const moqt_bytes clock_ns[] = {{(const uint8_t *)"clock", 5}};

static int announce_clock(sh_env *e, uint64_t *rid)
{
    moqt_track_namespace ns = {1, clock_ns};
    return moqt_session_publish_namespace(e->c.s, &ns, rid, 0);
}

TF_DRAFT_TEST("session/namespace", test_publish_namespace_subscribe_done)
{
    sh_env e;
    moqt_session_callbacks cb = ns_callbacks(true);
    TF_REQUIRE(ns_start(&e, p, &cb));
    uint64_t rid = 99;
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.sv.announces, 1);
    TF_CHECK_EQ(g_ns.sv.announce_fields, 1);
    TF_CHECK(strcmp(g_ns.sv.announce_ns, "clock") == 0);
    TF_CHECK_INT(g_ns.c.ok, 1);
    TF_CHECK_EQ(g_ns.c.ok_id, rid);
    TF_CHECK_INT(g_ns.c.err, 0);
    if (moqt_profile_consumes_request_id(p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        TF_CHECK_EQ(rid, 0); /* the client's first Request ID */
        TF_CHECK_EQ(g_ns.sv.announce_id, rid);
    }

    /* The server subscribes to clock/second; the client (publisher) accepts. */
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, clock_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t sid = 0;
    TF_REQUIRE(moqt_session_subscribe(e.sv.s, &sp, &sid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.nsubs, 1);
    TF_CHECK(strcmp(e.c.last_track, "second") == 0);
    TF_CHECK_INT(e.sv.sub_ok, 1);
    TF_CHECK_INT(moqt_session_send_object(e.c.s, sid, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                          (const uint8_t *)"tick", 4, 0),
                 0);
    sh_run(&e);
    TF_CHECK_EQ(e.sv.nobjs, 1);

    /* Withdraw it. */
    TF_CHECK_INT(moqt_session_publish_namespace_done(e.c.s, rid, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.sv.done, 1);
    TF_CHECK_EQ(g_ns.sv.done_id, g_ns.sv.announce_id);
    /* Gone: a second done is refused, the subscription lives on. */
    TF_CHECK_INT(moqt_session_publish_namespace_done(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/namespace", test_publish_namespace_refused)
{
    sh_env e;
    moqt_session_callbacks cb = ns_callbacks(true);
    TF_REQUIRE(ns_start(&e, p, &cb));
    g_ns.sv.reject = true;
    uint64_t rid = 99;
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.sv.announces, 1);
    TF_CHECK_INT(g_ns.c.ok, 0);
    TF_CHECK_INT(g_ns.c.err, 1);
    TF_CHECK_EQ(g_ns.c.err_id, rid);
    TF_CHECK_INT(g_ns.c.err_code, MOQT_REQUEST_ERROR_UNAUTHORIZED);
    /* The request is gone on both sides. */
    TF_CHECK_INT(moqt_session_publish_namespace_done(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_namespace_accept(e.sv.s, g_ns.sv.announce_id, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    /* The same namespace may be announced again. */
    g_ns.sv.reject = false;
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.c.ok, 1);
    TF_CHECK_EQ(g_ns.c.ok_id, rid);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/namespace", test_publish_namespace_no_listener)
{
    sh_env e;
    moqt_session_callbacks cb = ns_callbacks(false);
    TF_REQUIRE(ns_start(&e, p, &cb));
    uint64_t rid = 99;
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.c.err, 1);
    /* mt-07's ANNOUNCE_ERROR codes lack Not Supported: sent as Internal Error. */
    TF_CHECK_INT(g_ns.c.err_code,
                 p->draft == 7 ? MOQT_REQUEST_ERROR_INTERNAL : MOQT_REQUEST_ERROR_NOT_SUPPORTED);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/namespace", test_publish_namespace_bad_state)
{
    sh_env e;
    moqt_session_callbacks cb = ns_callbacks(true);
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &cb;
    memset(&g_ns, 0, sizeof(g_ns));
    g_ns.e = &e;
    TF_REQUIRE(sh_start(&e, &o));
    uint64_t rid = 0;
    /* Before setup. */
    TF_CHECK_INT(announce_clock(&e, &rid), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    moqt_track_namespace bad = {33, clock_ns};
    TF_CHECK_INT(moqt_session_publish_namespace(e.c.s, &bad, &rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_namespace(e.c.s, NULL, &rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_namespace_accept(e.sv.s, 12345, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/namespace", test_publish_namespace_cancelled_by_receiver)
{
    sh_env e;
    moqt_session_callbacks cb = ns_callbacks(true);
    TF_REQUIRE(ns_start(&e, p, &cb));
    uint64_t rid = 99;
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(g_ns.c.ok == 1);
    uint64_t sv_id = g_ns.sv.announce_id;
    /* Only an accepted announcement of the peer's can be cancelled. */
    TF_CHECK_INT(
        moqt_session_publish_namespace_cancel(e.c.s, rid, MOQT_REQUEST_ERROR_INTERNAL, NULL, 0),
        MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_namespace_cancel(
                     e.sv.s, sv_id, MOQT_REQUEST_ERROR_UNAUTHORIZED, "token expired", 0),
                 0);
    sh_run(&e);
    /* The publisher hears it as an error of its announcement. */
    TF_CHECK_INT(g_ns.c.err, 1);
    TF_CHECK_EQ(g_ns.c.err_id, rid);
    if (moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_INT(g_ns.c.err_code, MOQT_REQUEST_ERROR_UNAUTHORIZED);
    } else {
        TF_CHECK_INT(g_ns.c.err_code, MOQT_REQUEST_ERROR_UNKNOWN); /* 17+: stream cancelled */
    }
    /* Gone on both sides; nothing else closed. */
    TF_CHECK_INT(moqt_session_publish_namespace_cancel(e.sv.s, sv_id,
                                                       MOQT_REQUEST_ERROR_UNAUTHORIZED, NULL, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_publish_namespace_done(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(g_ns.sv.done, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    /* The namespace may be announced again. */
    TF_REQUIRE(announce_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_CHECK_INT(g_ns.c.ok, 2);
    sh_stop(&e);
}
