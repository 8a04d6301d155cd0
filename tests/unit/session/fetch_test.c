/*
 * FETCH between two sessions over the in-memory pair, every draft 07..19:
 * standalone fetch of 3 groups x 2 objects, relative and absolute joining
 * fetches where the draft has them, a fetch of a missing track, cancel.
 *
 * The publisher's cache holds groups 0..4 of clock/second, 2 objects each,
 * payload "gG-oO". Its subscription answers carry largest {4, 1}.
 */
#include "sess_harness.h"
#include "wire/model.h"

#define FX_GROUPS 5
#define FX_OBJS   2

typedef enum fx_mode {
    FX_SERVE = 0, /* accept and send the range from the cache, then FIN */
    FX_HOLD       /* accept, send nothing yet */
} fx_mode;

typedef struct fx_peer {
    sh_peer base; /* first: the sh_* callbacks see an sh_peer */
    fx_mode mode;
    bool hold_subs; /* record SUBSCRIBE, answer later */
    uint64_t held_sub;
    /* publisher */
    int fetches, cancels;
    moqt_fetch_request last;
    /* requester */
    int oks, errors, dones, completes;
    moqt_request_error err_code;
    moqt_location ok_end;
    int fetched_objs; /* objects with |fetched| set */
} fx_peer;

static int fx_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    sh_peer *p = ud;
    p->nsubs++;
    if (((fx_peer *)ud)->hold_subs) {
        ((fx_peer *)ud)->held_sub = req->request_id;
        return 0;
    }
    moqt_location largest = {FX_GROUPS - 1, FX_OBJS - 1};
    return moqt_session_subscribe_accept(s, req->request_id, &largest, 0);
}

/* Sends the cached objects in [start, end) (end.object 0: all of end.group),
 * groups in the order asked for. */
static int serve(moqt_session *s, const moqt_fetch_request *req)
{
    bool desc = req->group_order == MOQT_GROUP_ORDER_DESCENDING;
    uint64_t ng = req->end.group - req->start.group + 1;
    for (uint64_t i = 0; i < ng; i++) {
        uint64_t g = desc ? req->end.group - i : req->start.group + i;
        if (g >= FX_GROUPS) {
            continue;
        }
        for (uint64_t o = g == req->start.group ? req->start.object : 0; o < FX_OBJS; o++) {
            if (g == req->end.group && req->end.object != 0 && o >= req->end.object) {
                break;
            }
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%llu", (unsigned long long)g,
                             (unsigned long long)o);
            int rv = moqt_session_fetch_send_object(s, req->request_id, g, 0, o, 9,
                                                    MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                    (const uint8_t *)buf, (size_t)n, 0);
            if (rv != 0) {
                return rv;
            }
        }
    }
    return moqt_session_fetch_finish(s, req->request_id, 0);
}

static int fx_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    fx_peer *p = ud;
    p->fetches++;
    p->last = *req;
    if (req->kind == MOQT_FETCH_KIND_STANDALONE &&
        (req->track_name.len != 6 || memcmp(req->track_name.base, "second", 6) != 0)) {
        return moqt_session_fetch_reject(s, req->request_id, MOQT_REQUEST_ERROR_DOES_NOT_EXIST,
                                         "no such track", 0);
    }
    moqt_location end = {FX_GROUPS - 1, FX_OBJS};
    int rv = moqt_session_fetch_accept(s, req->request_id, false, end, 0);
    if (rv != 0 || p->mode == FX_HOLD) {
        return rv;
    }
    return serve(s, req);
}

static int fx_fetch_cancel(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    ((fx_peer *)ud)->cancels++;
    return 0;
}

static int fx_fetch_ok(moqt_session *s, uint64_t rid, bool eot, moqt_location end, void *ud)
{
    (void)s;
    (void)rid;
    (void)eot;
    fx_peer *p = ud;
    p->oks++;
    p->ok_end = end;
    return 0;
}

static int fx_fetch_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                          moqt_bytes reason, void *ud)
{
    (void)s;
    (void)rid;
    (void)wire;
    (void)reason;
    fx_peer *p = ud;
    p->errors++;
    p->err_code = code;
    return 0;
}

static int fx_fetch_done(moqt_session *s, uint64_t rid, bool complete, void *ud)
{
    (void)s;
    (void)rid;
    fx_peer *p = ud;
    p->dones++;
    p->completes += complete;
    return 0;
}

static int fx_object(moqt_session *s, const moqt_object *o, void *ud)
{
    fx_peer *p = ud;
    p->fetched_objs += o->fetched;
    return sh_object(s, o, ud);
}

typedef struct fx_env {
    moqt_mem_pair *mp;
    fx_peer c, sv;
    tf_alloc alloc;
} fx_env;

/* |max_requests|: the server's request credit (07-16); |max_bidi|: the
 * pair's bidi stream limit (17+ requests); 0 for the defaults. */
static bool fx_start_opts(fx_env *e, const moqt_profile *p, size_t max_chunk, uint64_t max_requests,
                          uint64_t max_bidi);

static bool fx_start(fx_env *e, const moqt_profile *p)
{
    return fx_start_opts(e, p, 0, 0, 0);
}

static bool fx_start_chunked(fx_env *e, const moqt_profile *p, size_t max_chunk)
{
    return fx_start_opts(e, p, max_chunk, 0, 0);
}

static bool fx_start_opts(fx_env *e, const moqt_profile *p, size_t max_chunk, uint64_t max_requests,
                          uint64_t max_bidi)
{
    memset(e, 0, sizeof(*e));
    tf_alloc_init(&e->alloc, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = sh_alpn(p);
    ps.max_chunk = max_chunk;
    if (max_bidi) {
        ps.max_streams_bidi = max_bidi;
    }
    if (moqt_mem_pair_new(&ps, &e->alloc.mem, &e->mp) != 0) {
        return false;
    }
    moqt_session_settings st;
    moqt_session_settings_default(&st);
    st.drafts = MOQT_DRAFT_BIT(p->version & 0xff);
    st.path = "/moq";
    moqt_session_callbacks cb = sh_callbacks;
    cb.subscribe = fx_subscribe;
    cb.object = fx_object;
    cb.fetch = fx_fetch;
    cb.fetch_cancel = fx_fetch_cancel;
    cb.fetch_ok = fx_fetch_ok;
    cb.fetch_error = fx_fetch_error;
    cb.fetch_done = fx_fetch_done;
    if (moqt_session_client_new(moqt_mem_pair_client(e->mp), &st, &cb, &e->alloc.mem, &e->c,
                                &e->c.base.s) != 0) {
        return false;
    }
    if (max_requests) {
        st.max_requests = max_requests;
    }
    if (moqt_session_server_new(moqt_mem_pair_server(e->mp), &st, &cb, &e->alloc.mem, &e->sv,
                                &e->sv.base.s) != 0) {
        return false;
    }
    TF_CHECK(moqt_mem_pair_run(e->mp, 0) >= 0);
    return e->c.base.setup_done == 1 && e->sv.base.setup_done == 1;
}

static void fx_run(fx_env *e)
{
    TF_CHECK(moqt_mem_pair_run(e->mp, 0) >= 0);
}

static void fx_stop(fx_env *e)
{
    TF_CHECK(!e->c.base.closed && !e->sv.base.closed);
    moqt_session_del(e->c.base.s);
    moqt_session_del(e->sv.base.s);
    moqt_mem_pair_del(e->mp);
    TF_CHECK_EQ(e->alloc.live, 0);
}

static const moqt_bytes fx_ns[] = {{(const uint8_t *)"clock", 5}};

static int fx_fetch_standalone(fx_env *e, const char *name, moqt_location start, moqt_location end,
                               uint64_t *rid)
{
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, fx_ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)name, strlen(name)};
    fp.start = start;
    fp.end = end;
    return moqt_session_fetch(e->c.base.s, &fp, rid, 0);
}

/* The client saw |count| objects from group |first| on, FX_OBJS a group, in order. */
static void check_count(const fx_env *e, uint64_t rid, uint64_t first, uint64_t count)
{
    TF_REQUIRE(e->c.base.nobjs == count);
    TF_CHECK_INT(e->c.fetched_objs, (int)count);
    for (uint64_t i = 0; i < count; i++) {
        const sh_obj *r = &e->c.base.objs[i];
        uint64_t g = first + i / FX_OBJS, o = i % FX_OBJS;
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

/* The client saw groups [first, first + n) of FX_OBJS objects, in order. */
static void check_objects(const fx_env *e, uint64_t rid, uint64_t first, uint64_t n)
{
    check_count(e, rid, first, n * FX_OBJS);
}

TF_DRAFT_TEST("session/fetch", test_fetch_standalone)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    uint64_t rid = 99;
    /* Groups 0..2 whole: End {2, 0} asks for the entire group 2. */
    TF_REQUIRE(
        fx_fetch_standalone(&e, "second", (moqt_location){0, 0}, (moqt_location){2, 0}, &rid) == 0);
    TF_CHECK_EQ(rid, 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.fetches, 1);
    TF_CHECK_INT(e.sv.last.kind, MOQT_FETCH_KIND_STANDALONE);
    TF_CHECK_EQ(e.sv.last.end.group, 2);
    TF_CHECK_EQ(e.sv.last.end.object, 0);
    TF_CHECK_INT(e.c.oks, 1);
    TF_CHECK_EQ(e.c.ok_end.group, FX_GROUPS - 1);
    check_objects(&e, rid, 0, 3);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK_INT(e.c.completes, 1);
    TF_CHECK_INT(e.c.errors, 0);
    /* The request is over: cancelling it now is an unknown request. */
    TF_CHECK_INT(moqt_session_fetch_cancel(e.c.base.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    /* A second fetch works too (credit was returned). */
    uint64_t rid2;
    TF_REQUIRE(fx_fetch_standalone(&e, "second", (moqt_location){3, 0}, (moqt_location){3, 1},
                                   &rid2) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.c.dones, 2);
    TF_REQUIRE(e.c.base.nobjs == 7);
    TF_CHECK_EQ(e.c.base.objs[6].rid, rid2);
    TF_CHECK_EQ(e.c.base.objs[6].group, 3);
    TF_CHECK_EQ(e.c.base.objs[6].object_id, 0);
    fx_stop(&e);
}

/* The same fetch with every stream read one byte at a time. */
TF_DRAFT_TEST("session/fetch", test_fetch_one_byte_reads)
{
    fx_env e;
    TF_REQUIRE(fx_start_chunked(&e, p, 1));
    uint64_t rid;
    TF_REQUIRE(
        fx_fetch_standalone(&e, "second", (moqt_location){0, 0}, (moqt_location){2, 0}, &rid) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.c.oks, 1);
    check_objects(&e, rid, 0, 3);
    TF_CHECK_INT(e.c.completes, 1);
    fx_stop(&e);
}

/* Descending group order: groups 2, 1, 0 (18+ code Group ID deltas downwards). */
TF_DRAFT_TEST("session/fetch", test_fetch_descending)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, fx_ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    fp.start = (moqt_location){0, 0};
    fp.end = (moqt_location){2, 0};
    fp.group_order = MOQT_GROUP_ORDER_DESCENDING;
    uint64_t rid;
    TF_REQUIRE(moqt_session_fetch(e.c.base.s, &fp, &rid, 0) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.last.group_order, MOQT_GROUP_ORDER_DESCENDING);
    TF_REQUIRE(e.c.base.nobjs == 3 * FX_OBJS);
    for (size_t i = 0; i < 3 * FX_OBJS; i++) {
        TF_CHECK_EQ(e.c.base.objs[i].group, 2 - i / FX_OBJS);
        TF_CHECK_EQ(e.c.base.objs[i].object_id, i % FX_OBJS);
    }
    TF_CHECK_INT(e.c.completes, 1);
    fx_stop(&e);
}

TF_DRAFT_TEST("session/fetch", test_fetch_missing_track)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    uint64_t rid;
    TF_REQUIRE(
        fx_fetch_standalone(&e, "nope", (moqt_location){0, 0}, (moqt_location){1, 0}, &rid) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.fetches, 1);
    TF_CHECK_INT(e.c.errors, 1);
    TF_CHECK_INT(e.c.err_code, MOQT_REQUEST_ERROR_DOES_NOT_EXIST);
    TF_CHECK_INT(e.c.oks, 0);
    TF_CHECK_INT(e.c.dones, 0);
    TF_CHECK_INT(e.c.base.nobjs, 0);
    fx_stop(&e);
}

static void run_joining(const moqt_profile *p, moqt_fetch_kind kind, uint64_t joining_start,
                        uint64_t first_group)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    uint64_t sub;
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, fx_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    TF_REQUIRE(moqt_session_subscribe(e.c.base.s, &sp, &sub, 0) == 0);
    fx_run(&e);
    TF_REQUIRE(e.c.base.sub_ok == 1);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.kind = kind;
    fp.joining_request_id = sub;
    fp.joining_start = joining_start;
    uint64_t rid;
    TF_REQUIRE(moqt_session_fetch(e.c.base.s, &fp, &rid, 0) == 0);
    fx_run(&e);
    TF_REQUIRE(e.sv.fetches == 1);
    TF_CHECK_INT(e.sv.last.kind, kind);
    TF_CHECK_EQ(e.sv.last.joining_request_id, sub);
    TF_CHECK_EQ(e.sv.last.start.group, first_group);
    TF_CHECK_EQ(e.sv.last.start.object, 0);
    TF_CHECK_EQ(e.sv.last.end.group, FX_GROUPS - 1);
    TF_CHECK_INT(e.c.oks, 1);
    if (p->joining_fetch_end_excludes_largest) {
        /* mt-08 l.1603: End = Largest {4, 1}: object 1 of group 4 is not fetched. */
        TF_CHECK_EQ(e.sv.last.end.object, FX_OBJS - 1);
        check_count(&e, rid, first_group, (FX_GROUPS - first_group) * FX_OBJS - 1);
    } else {
        /* mt-18 l.3377: End = {largest.group, largest.object + 1}. */
        TF_CHECK_EQ(e.sv.last.end.object, FX_OBJS);
        check_objects(&e, rid, first_group, FX_GROUPS - first_group);
    }
    TF_CHECK_INT(e.c.completes, 1);
    fx_stop(&e);
}

TF_DRAFT_TEST("session/fetch", test_fetch_relative_joining)
{
    fx_env e;
    if (!p->has_joining_fetch) {
        /* 07: the session refuses to express it. */
        TF_REQUIRE(fx_start(&e, p));
        moqt_fetch_params fp;
        moqt_fetch_params_default(&fp);
        fp.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
        uint64_t rid;
        TF_CHECK_INT(moqt_session_fetch(e.c.base.s, &fp, &rid, 0), MOQT_ERR_UNSUPPORTED);
        fx_stop(&e);
        return;
    }
    run_joining(p, MOQT_FETCH_KIND_RELATIVE_JOINING, 2, FX_GROUPS - 1 - 2);
}

TF_DRAFT_TEST("session/fetch", test_fetch_absolute_joining)
{
    if (!p->has_absolute_joining_fetch) {
        fx_env e;
        TF_REQUIRE(fx_start(&e, p));
        moqt_fetch_params fp;
        moqt_fetch_params_default(&fp);
        fp.kind = MOQT_FETCH_KIND_ABSOLUTE_JOINING;
        uint64_t rid;
        TF_CHECK_INT(moqt_session_fetch(e.c.base.s, &fp, &rid, 0), MOQT_ERR_UNSUPPORTED);
        fx_stop(&e);
        return;
    }
    run_joining(p, MOQT_FETCH_KIND_ABSOLUTE_JOINING, 1, 1);
}

TF_DRAFT_TEST("session/fetch", test_fetch_joining_unknown_subscription)
{
    if (!p->has_joining_fetch) {
        return;
    }
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    uint64_t sub;
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, fx_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    TF_REQUIRE(moqt_session_subscribe(e.c.base.s, &sp, &sub, 0) == 0);
    fx_run(&e);
    /* The publisher forgets it (PUBLISH_DONE) while the client still knows it. */
    TF_REQUIRE(moqt_session_publish_done(e.sv.base.s, sub, MOQT_DONE_REASON_TRACK_ENDED, "", 0) ==
               0);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
    fp.joining_request_id = sub;
    uint64_t rid;
    TF_REQUIRE(moqt_session_fetch(e.c.base.s, &fp, &rid, 0) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.fetches, 0); /* refused by the session */
    TF_CHECK_INT(e.c.errors, 1);
    TF_CHECK_INT(e.c.oks, 0);
    fx_stop(&e);
}

TF_DRAFT_TEST("session/fetch", test_fetch_cancel)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    e.sv.mode = FX_HOLD;
    uint64_t rid;
    TF_REQUIRE(
        fx_fetch_standalone(&e, "second", (moqt_location){0, 0}, (moqt_location){2, 0}, &rid) == 0);
    fx_run(&e);
    TF_REQUIRE(e.sv.fetches == 1);
    TF_CHECK_INT(e.c.oks, 1);
    /* One object arrives, then the requester cancels. */
    TF_CHECK_INT(moqt_session_fetch_send_object(e.sv.base.s, rid, 0, 0, 0, 9,
                                                MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                (const uint8_t *)"g0-o0", 5, 0),
                 0);
    fx_run(&e);
    TF_CHECK_INT(e.c.fetched_objs, 1);
    TF_CHECK_INT(moqt_session_fetch_cancel(e.c.base.s, rid, 0), 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.cancels, 1);
    /* The publisher's fetch is gone. */
    TF_CHECK_INT(moqt_session_fetch_send_object(e.sv.base.s, rid, 0, 0, 1, 9,
                                                MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    fx_run(&e);
    TF_CHECK_INT(e.c.fetched_objs, 1);
    TF_CHECK_INT(e.c.dones, 0); /* no callback after a cancel */
    /* The session still serves fetches. */
    e.sv.mode = FX_SERVE;
    uint64_t rid2;
    TF_REQUIRE(fx_fetch_standalone(&e, "second", (moqt_location){1, 0}, (moqt_location){1, 0},
                                   &rid2) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.c.completes, 1);
    TF_CHECK_INT(e.c.fetched_objs, 1 + FX_OBJS);
    fx_stop(&e);
}

/* A joining fetch for a subscription the publisher has not answered waits
 * for the answer (mt-18 l.3340); accepted, the fetch proceeds; refused, the
 * fetch is refused too. */
static void run_join_pending(const moqt_profile *p, bool accept)
{
    fx_env e;
    TF_REQUIRE(fx_start(&e, p));
    e.sv.hold_subs = true;
    uint64_t sub;
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, fx_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    TF_REQUIRE(moqt_session_subscribe(e.c.base.s, &sp, &sub, 0) == 0);
    fx_run(&e);
    TF_REQUIRE(e.sv.base.nsubs == 1);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.kind = MOQT_FETCH_KIND_RELATIVE_JOINING;
    fp.joining_request_id = sub;
    fp.joining_start = 1;
    uint64_t rid;
    TF_REQUIRE(moqt_session_fetch(e.c.base.s, &fp, &rid, 0) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.fetches, 0); /* waiting */
    TF_CHECK_INT(e.c.oks + e.c.errors, 0);
    if (accept) {
        moqt_location largest = {FX_GROUPS - 1, FX_OBJS - 1};
        TF_REQUIRE(moqt_session_subscribe_accept(e.sv.base.s, e.sv.held_sub, &largest, 0) == 0);
        fx_run(&e);
        TF_CHECK_INT(e.sv.fetches, 1);
        TF_CHECK_EQ(e.sv.last.start.group, FX_GROUPS - 2);
        check_count(&e, rid, FX_GROUPS - 2,
                    2 * FX_OBJS - (p->joining_fetch_end_excludes_largest ? 1 : 0));
        TF_CHECK_INT(e.c.completes, 1);
    } else {
        TF_REQUIRE(moqt_session_subscribe_reject(e.sv.base.s, e.sv.held_sub,
                                                 MOQT_REQUEST_ERROR_DOES_NOT_EXIST, "no", 0) == 0);
        fx_run(&e);
        TF_CHECK_INT(e.sv.fetches, 0);
        TF_CHECK_INT(e.c.errors, 1);
        TF_CHECK_INT(e.c.base.sub_err, 1);
    }
    fx_stop(&e);
}

TF_DRAFT_TEST("session/fetch", test_fetch_joining_pending_subscription)
{
    if (!p->has_joining_fetch) {
        return;
    }
    run_join_pending(p, true);
    run_join_pending(p, false);
}

/* A fetch beyond the publisher's credit (07-16: MAX_REQUEST_ID; 17+: the
 * bidi stream limit) waits until the first fetch is over. */
TF_DRAFT_TEST("session/fetch", test_fetch_waits_for_credit)
{
    fx_env e;
    TF_REQUIRE(
        fx_start_opts(&e, p, 0, p->has_request_credit ? 1 : 0, p->has_request_credit ? 0 : 1));
    e.sv.mode = FX_HOLD;
    uint64_t r1, r2;
    TF_REQUIRE(
        fx_fetch_standalone(&e, "second", (moqt_location){0, 0}, (moqt_location){0, 0}, &r1) == 0);
    TF_REQUIRE(
        fx_fetch_standalone(&e, "second", (moqt_location){1, 0}, (moqt_location){1, 0}, &r2) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.sv.fetches, 1); /* the second waits */
    TF_CHECK_EQ(e.sv.last.request_id, r1);
    TF_REQUIRE(moqt_session_fetch_finish(e.sv.base.s, r1, 0) == 0);
    fx_run(&e);
    TF_CHECK_INT(e.c.completes, 1);
    TF_CHECK_INT(e.sv.fetches, 2);
    TF_CHECK_EQ(e.sv.last.request_id, r2);
    fx_stop(&e);
}
