/*
 * Two sessions over real transports on loopback, every draft 07..19, each
 * scenario body run over raw QUIC (suite session_quic/) and over WebTransport
 * (suite session_wt/) through tests/unit/session/transport_fixture.h:
 *   - setup, SUBSCRIBE, 3 groups x 5 objects, PUBLISH_DONE with its stream count;
 *   - FETCH: standalone, then relative and absolute joining fetches of a live
 *     subscription (drafts that have them), then live objects on it;
 *   - GOAWAY: the server sends a new session URI, the client hears it and can
 *     start no new request while its subscription keeps delivering.
 *
 * The publisher (server) holds groups 0..RS_GROUPS-1 of clock/second,
 * RS_OBJS objects each, payload "gG-oO", and accepts every SUBSCRIBE with
 * largest {RS_GROUPS-1, RS_OBJS-1}.
 */
#include "sess_harness.h"
#include "transport_fixture.h"

#define RS_GROUPS 5
#define RS_OBJS   2
#define RS_WAIT   (5 * MOQT_SECONDS)

typedef struct rs_peer {
    sh_peer base; /* first: the sh_* callbacks see an sh_peer */
    /* publisher */
    int fetches;
    moqt_fetch_request last_fetch;
    /* requester */
    int fetch_oks, fetch_errors, fetch_completes;
    int fetched; /* objects with |fetched| set */
} rs_peer;

typedef struct rs_env {
    tfx_pair x;
    rs_peer c, sv;
} rs_env;

static int rs_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    sh_peer *p = ud;
    p->nsubs++;
    moqt_location largest = {RS_GROUPS - 1, RS_OBJS - 1};
    return moqt_session_subscribe_accept(s, req->request_id, &largest, 0);
}

/* Serves [start, end) from the cache (end.object 0: all of end.group), then FIN. */
static int rs_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    rs_peer *p = ud;
    p->fetches++;
    p->last_fetch = *req;
    moqt_location end = {RS_GROUPS - 1, RS_OBJS};
    int rv = moqt_session_fetch_accept(s, req->request_id, false, end, 0);
    for (uint64_t g = req->start.group; rv == 0 && g <= req->end.group && g < RS_GROUPS; g++) {
        for (uint64_t o = g == req->start.group ? req->start.object : 0; rv == 0 && o < RS_OBJS;
             o++) {
            if (g == req->end.group && req->end.object != 0 && o >= req->end.object) {
                break;
            }
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%llu", (unsigned long long)g,
                             (unsigned long long)o);
            rv = moqt_session_fetch_send_object(s, req->request_id, g, 0, o, 9,
                                                MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                (const uint8_t *)buf, (size_t)n, 0);
        }
    }
    return rv != 0 ? rv : moqt_session_fetch_finish(s, req->request_id, 0);
}

static int rs_fetch_ok(moqt_session *s, uint64_t rid, bool eot, moqt_location end, void *ud)
{
    (void)s;
    (void)rid;
    (void)eot;
    (void)end;
    ((rs_peer *)ud)->fetch_oks++;
    return 0;
}

static int rs_fetch_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                          moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)code;
    (void)wire;
    (void)reason;
    ((rs_peer *)ud)->fetch_errors++;
    return 0;
}

static int rs_fetch_done(moqt_session *s, uint64_t rid, bool complete, void *ud)
{
    (void)s;
    (void)rid;
    ((rs_peer *)ud)->fetch_completes += complete;
    return 0;
}

static int rs_object(moqt_session *s, const moqt_object *o, void *ud)
{
    ((rs_peer *)ud)->fetched += o->fetched;
    return sh_object(s, o, ud);
}

static bool rs_start(rs_env *e, tfx_transport t, const moqt_profile *p)
{
    memset(e, 0, sizeof(*e));
    moqt_session_callbacks cb = sh_callbacks;
    cb.subscribe = rs_subscribe;
    cb.object = rs_object;
    cb.fetch = rs_fetch;
    cb.fetch_ok = rs_fetch_ok;
    cb.fetch_error = rs_fetch_error;
    cb.fetch_done = rs_fetch_done;
    uint32_t bit = MOQT_DRAFT_BIT(p->version & 0xff);
    tfx_opts o = {.transport = t,
                  .client_drafts = bit,
                  .server_drafts = bit,
                  .client_cb = &cb,
                  .server_cb = &cb,
                  .client_ud = &e->c,
                  .server_ud = &e->sv};
    bool ok = TF_CHECK(tfx_start(&e->x, &o)) &&
              TF_CHECK(tfx_run_until(&e->x, tfx_setup_settled, &e->x, 10 * MOQT_SECONDS)) &&
              TF_CHECK(tfx_setup_done(&e->x));
    if (!ok) {
        tfx_stop(&e->x);
        return false;
    }
    TF_CHECK_EQ(e->c.base.version, p->version);
    TF_CHECK_EQ(e->sv.base.version, p->version);
    TF_CHECK_EQ(moqt_session_version(e->x.c), p->version);
    TF_CHECK_EQ(moqt_session_version(e->x.s), p->version);
    return true;
}

/* Closes from the client with NO_ERROR; the server sees it as a remote close. */
static void rs_stop(rs_env *e)
{
    TF_CHECK(!e->c.base.closed && !e->sv.base.closed);
    TF_CHECK(tfx_close(&e->x));
    TF_CHECK(e->sv.base.closed && e->sv.base.closed_remote);
    TF_CHECK_EQ(e->sv.base.close_code, 0);
    tfx_stop(&e->x);
}

static const moqt_bytes rs_ns[] = {{(const uint8_t *)"clock", 5}};

static int rs_subscribe_clock(rs_env *e, uint64_t *rid)
{
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, rs_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    return moqt_session_subscribe(e->x.c, &sp, rid, 0);
}

typedef struct rs_wait {
    rs_env *e;
    int sub_ok, nobjs, dones, fetch_completes, goaways;
} rs_wait;

/* The client reached every count of |w| (0: not waited for), or closed. */
static bool rs_reached(void *arg)
{
    rs_wait *w = arg;
    const rs_peer *c = &w->e->c;
    return c->base.closed || (c->base.sub_ok + c->base.sub_err >= w->sub_ok &&
                              (int)c->base.nobjs >= w->nobjs && c->base.dones >= w->dones &&
                              c->fetch_completes + c->fetch_errors >= w->fetch_completes &&
                              c->base.goaways >= w->goaways);
}

static bool rs_wait_for(rs_env *e, rs_wait w)
{
    w.e = e;
    return tfx_run_until(&e->x, rs_reached, &w, RS_WAIT) && !e->c.base.closed;
}

/* The client saw |n| objects of request |rid| from index |from| on, groups from
 * |first|, RS_OBJS a group, in order (one stream per fetch). */
static void check_fetched(const rs_env *e, size_t from, uint64_t rid, uint64_t first, size_t n)
{
    TF_REQUIRE(e->c.base.nobjs >= from + n);
    for (size_t i = 0; i < n; i++) {
        const sh_obj *r = &e->c.base.objs[from + i];
        uint64_t g = first + i / RS_OBJS, o = i % RS_OBJS;
        char buf[32];
        int len =
            snprintf(buf, sizeof buf, "g%llu-o%llu", (unsigned long long)g, (unsigned long long)o);
        TF_CHECK_EQ(r->rid, rid);
        TF_CHECK_EQ(r->group, g);
        TF_CHECK_EQ(r->object_id, o);
        TF_CHECK_EQ(r->prio, 9);
        TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)buf, (size_t)len);
    }
}

/* ---- Scenario: SUBSCRIBE, 3 groups x 5 objects, PUBLISH_DONE ------------------------ */

static void scenario_subscribe(tfx_transport t, const moqt_profile *p)
{
    rs_env e;
    if (!rs_start(&e, t, p)) {
        return;
    }
    uint64_t rid;
    TF_REQUIRE(rs_subscribe_clock(&e, &rid) == 0);
    TF_REQUIRE(rs_wait_for(&e, (rs_wait){.sub_ok = 1}));
    TF_REQUIRE(e.c.base.sub_ok == 1);
    for (uint64_t g = 0; g < 3; g++) {
        for (int o = 0; o < 5; o++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)g, o);
            TF_CHECK_INT(moqt_session_send_object(e.x.s, rid, g, 0, (uint64_t)o, 7,
                                                  MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                  (const uint8_t *)buf, (size_t)n, 0),
                         0);
        }
        TF_CHECK_INT(moqt_session_end_subgroup(e.x.s, rid, g, 0, 0), 0);
    }
    TF_CHECK(rs_wait_for(&e, (rs_wait){.nobjs = 15}));
    TF_REQUIRE(e.c.base.nobjs == 15);
    /* One stream per group: groups arrive in any order, objects in order. */
    for (uint64_t g = 0; g < 3; g++) {
        int next = 0;
        for (size_t i = 0; i < e.c.base.nobjs; i++) {
            const sh_obj *r = &e.c.base.objs[i];
            if (r->group != g) {
                continue;
            }
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%d", (unsigned long long)g, next);
            TF_CHECK_EQ(r->rid, rid);
            TF_CHECK_EQ(r->object_id, (uint64_t)next);
            TF_CHECK_EQ(r->prio, 7);
            TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)buf, (size_t)n);
            next++;
        }
        TF_CHECK_INT(next, 5);
    }
    TF_CHECK_INT(e.c.fetched, 0);
    TF_CHECK_INT(moqt_session_publish_done(e.x.s, rid, MOQT_DONE_REASON_TRACK_ENDED, "end", 0), 0);
    TF_CHECK(rs_wait_for(&e, (rs_wait){.dones = 1}));
    TF_CHECK_INT(e.c.base.dones, 1);
    TF_CHECK_INT(e.c.base.done_reason, MOQT_DONE_REASON_TRACK_ENDED);
    if (p->draft >= 8) { /* Stream Count since mt-08 l.2028; 07 has none */
        TF_CHECK_EQ(e.c.base.done_streams, 3);
    }
    rs_stop(&e);
}

/* ---- Scenario: standalone and joining FETCH ---------------------------------------- */

static void scenario_fetch(tfx_transport t, const moqt_profile *p)
{
    rs_env e;
    if (!rs_start(&e, t, p)) {
        return;
    }
    /* Standalone: groups 0..2 whole (End {2, 0} asks for all of group 2). */
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, rs_ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    fp.start = (moqt_location){0, 0};
    fp.end = (moqt_location){2, 0};
    uint64_t f1;
    TF_REQUIRE(moqt_session_fetch(e.x.c, &fp, &f1, 0) == 0);
    TF_REQUIRE(rs_wait_for(&e, (rs_wait){.fetch_completes = 1}));
    TF_CHECK_INT(e.sv.fetches, 1);
    TF_CHECK_INT(e.sv.last_fetch.kind, MOQT_FETCH_KIND_STANDALONE);
    TF_CHECK_INT(e.c.fetch_oks, 1);
    TF_CHECK_INT(e.c.fetch_errors, 0);
    TF_CHECK_INT(e.c.fetch_completes, 1);
    check_fetched(&e, 0, f1, 0, 3 * RS_OBJS);

    /* A subscription, then fetches joined to it. */
    uint64_t sub;
    TF_REQUIRE(rs_subscribe_clock(&e, &sub) == 0);
    TF_REQUIRE(rs_wait_for(&e, (rs_wait){.sub_ok = 1}));
    TF_REQUIRE(e.c.base.sub_ok == 1);
    /* mt-08 l.1603 / mt-13 l.2560: 08-13 end before the largest object {4, 1}. */
    size_t minus = p->joining_fetch_end_excludes_largest ? 1 : 0;
    int done = 1;
    if (p->has_joining_fetch) {
        moqt_fetch_params_default(&fp);
        fp.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
        fp.joining_request_id = sub;
        fp.joining_start = 1; /* groups 3..4 */
        size_t from = e.c.base.nobjs;
        uint64_t f2;
        TF_REQUIRE(moqt_session_fetch(e.x.c, &fp, &f2, 0) == 0);
        TF_REQUIRE(rs_wait_for(&e, (rs_wait){.fetch_completes = ++done}));
        TF_CHECK_INT(e.sv.last_fetch.kind, MOQT_FETCH_KIND_RELATIVE_JOINING);
        TF_CHECK_EQ(e.sv.last_fetch.joining_request_id, sub);
        TF_CHECK_EQ(e.sv.last_fetch.start.group, RS_GROUPS - 2);
        check_fetched(&e, from, f2, RS_GROUPS - 2, 2 * RS_OBJS - minus);
    }
    if (p->has_absolute_joining_fetch) {
        moqt_fetch_params_default(&fp);
        fp.kind = MOQT_FETCH_KIND_ABSOLUTE_JOINING;
        fp.joining_request_id = sub;
        fp.joining_start = 2; /* groups 2..4 */
        size_t from = e.c.base.nobjs;
        uint64_t f3;
        TF_REQUIRE(moqt_session_fetch(e.x.c, &fp, &f3, 0) == 0);
        TF_REQUIRE(rs_wait_for(&e, (rs_wait){.fetch_completes = ++done}));
        TF_CHECK_INT(e.sv.last_fetch.kind, MOQT_FETCH_KIND_ABSOLUTE_JOINING);
        TF_CHECK_EQ(e.sv.last_fetch.start.group, 2);
        check_fetched(&e, from, f3, 2, 3 * RS_OBJS - minus);
    }
    TF_CHECK_INT(e.c.fetch_oks, done);
    TF_CHECK_INT(e.c.fetch_completes, done);
    TF_CHECK_INT(e.sv.fetches, done);

    /* Live objects follow on the subscription, not flagged as fetched. */
    int fetched = e.c.fetched;
    size_t from = e.c.base.nobjs;
    for (uint64_t o = 0; o < RS_OBJS; o++) {
        TF_CHECK_INT(moqt_session_send_object(e.x.s, sub, RS_GROUPS, 0, o, 9,
                                              MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                              (const uint8_t *)"live", 4, 0),
                     0);
    }
    TF_CHECK(rs_wait_for(&e, (rs_wait){.nobjs = (int)from + RS_OBJS}));
    TF_REQUIRE(e.c.base.nobjs == from + RS_OBJS);
    TF_CHECK_INT(e.c.fetched, fetched);
    for (size_t i = 0; i < RS_OBJS; i++) {
        TF_CHECK_EQ(e.c.base.objs[from + i].rid, sub);
        TF_CHECK_EQ(e.c.base.objs[from + i].group, RS_GROUPS);
        TF_CHECK_EQ(e.c.base.objs[from + i].object_id, i);
    }
    rs_stop(&e);
}

/* ---- Scenario: GOAWAY -------------------------------------------------------------- */

static void scenario_goaway(tfx_transport t, const moqt_profile *p)
{
    static const char uri[] = "moqt://127.0.0.1:4443/elsewhere";
    rs_env e;
    if (!rs_start(&e, t, p)) {
        return;
    }
    uint64_t sub;
    TF_REQUIRE(rs_subscribe_clock(&e, &sub) == 0);
    TF_REQUIRE(rs_wait_for(&e, (rs_wait){.sub_ok = 1}));
    TF_REQUIRE(e.c.base.sub_ok == 1);

    TF_CHECK_INT(moqt_session_goaway(e.x.s, uri, 0), 0);
    TF_REQUIRE(rs_wait_for(&e, (rs_wait){.goaways = 1}));
    TF_CHECK_INT(e.c.base.goaways, 1);
    TF_CHECK(strcmp(e.c.base.goaway_uri, uri) == 0);

    /* The client starts no new request of any kind. */
    uint64_t other;
    TF_CHECK_INT(rs_subscribe_clock(&e, &other), MOQT_ERR_INVALID_STATE);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, rs_ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    fp.end = (moqt_location){1, 0};
    TF_CHECK_INT(moqt_session_fetch(e.x.c, &fp, &other, 0), MOQT_ERR_INVALID_STATE);
    moqt_track_namespace ns = {1, rs_ns};
    TF_CHECK_INT(moqt_session_track_status(e.x.c, &ns, fp.track_name, &other, 0),
                 MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(moqt_session_publish_namespace(e.x.c, &ns, &other, 0), MOQT_ERR_INVALID_STATE);
    if (p->has_publish) {
        moqt_publish_params pp;
        moqt_publish_params_default(&pp);
        pp.track_namespace = ns;
        pp.track_name = fp.track_name;
        TF_CHECK_INT(moqt_session_publish(e.x.c, &pp, &other, 0), MOQT_ERR_INVALID_STATE);
    }
    /* Nor does the server, having sent it. */
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = ns;
    sp.track_name = fp.track_name;
    TF_CHECK_INT(moqt_session_subscribe(e.x.s, &sp, &other, 0), MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(e.sv.base.nsubs, 1);
    TF_CHECK_INT(e.sv.fetches, 0);

    /* The existing subscription still delivers while the client drains. */
    TF_CHECK_INT(moqt_session_send_object(e.x.s, sub, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                          (const uint8_t *)"after", 5, 0),
                 0);
    TF_CHECK(rs_wait_for(&e, (rs_wait){.nobjs = 1}));
    TF_REQUIRE(e.c.base.nobjs == 1);
    TF_CHECK_EQ(e.c.base.objs[0].rid, sub);
    TF_CHECK_BYTES((const uint8_t *)e.c.base.objs[0].payload, e.c.base.objs[0].len,
                   (const uint8_t *)"after", 5);
    rs_stop(&e); /* the client leaves, as GOAWAY asks */
}

/* ---- Registration ------------------------------------------------------------------ */

TF_DRAFT_TEST("session_quic/subscribe", test_quic_subscribe)
{
    scenario_subscribe(TFX_QUIC, p);
}

TF_DRAFT_TEST("session_wt/subscribe", test_wt_subscribe)
{
    scenario_subscribe(TFX_WT, p);
}

TF_DRAFT_TEST("session_quic/fetch", test_quic_fetch)
{
    scenario_fetch(TFX_QUIC, p);
}

TF_DRAFT_TEST("session_wt/fetch", test_wt_fetch)
{
    scenario_fetch(TFX_WT, p);
}

TF_DRAFT_TEST("session_quic/goaway", test_quic_goaway)
{
    scenario_goaway(TFX_QUIC, p);
}

TF_DRAFT_TEST("session_wt/goaway", test_wt_goaway)
{
    scenario_goaway(TFX_WT, p);
}
