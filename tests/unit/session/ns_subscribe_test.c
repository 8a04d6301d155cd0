/*
 * Namespace subscriptions between two sessions, every draft 07..19: the
 * client (subscriber) subscribes to the namespaces under "live", the server
 * (publisher) accepts and reports "live/a" appearing and going away
 * (PUBLISH_NAMESPACE 07-15, NAMESPACE / NAMESPACE_DONE 16+); refusals with
 * the draft's codes, PREFIX_OVERLAP, unsubscribing, SUBSCRIBE_TRACKS (18+;
 * Subscribe Options 16-17), the 16 stream shape and protocol violations.
 */
#include "sess_harness.h"
#include "wire/control.h"

#define NS_MAX 8

typedef struct nsub_peer {
    /* publisher side */
    int subs;
    uint64_t sub_id, tracks_id, ns_id;
    unsigned wants;
    char prefix[64];
    int unsubs;
    bool reject, hold;
    moqt_request_error reject_code;
    /* subscriber side */
    int ok, err;
    uint64_t ok_id, err_id;
    moqt_request_error err_code;
    uint64_t err_wire;
    int published, done;
    uint64_t ns_sub_id;
    char last_ns[64], done_ns[64];
    /* 07-15: forwarded PUBLISH_NAMESPACE */
    int announces, announce_done;
    char announce_ns[64];
    int pubns_ok;
    /* SUBSCRIBE_TRACKS: PUBLISH offers and skipped tracks */
    int publishes, skipped;
    char publish_track[64], skipped_track[64];
} nsub_peer;

static struct {
    sh_env *e;
    nsub_peer c, sv;
} g;

static nsub_peer *peer_of(void *ud)
{
    return ud == &g.e->c ? &g.c : &g.sv;
}

/* "a/b/c" of a namespace. */
static void ns_str(const moqt_track_namespace *ns, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = 0;
    for (size_t i = 0; i < ns->count && at + 1 < cap; i++) {
        int n = snprintf(out + at, cap - at, "%s%.*s", i ? "/" : "", (int)ns->fields[i].len,
                         (const char *)ns->fields[i].base);
        at += n > 0 ? (size_t)n : 0;
    }
}

static int cb_subscribe_namespace(moqt_session *s, uint64_t rid, const moqt_track_namespace *prefix,
                                  unsigned wants, void *ud)
{
    nsub_peer *p = peer_of(ud);
    p->subs++;
    p->sub_id = rid;
    p->wants = wants;
    if (wants & MOQT_NS_WANT_TRACKS) {
        p->tracks_id = rid;
    }
    if (wants & MOQT_NS_WANT_NAMESPACES) {
        p->ns_id = rid;
    }
    ns_str(prefix, p->prefix, sizeof p->prefix);
    if (p->hold) {
        return 0;
    }
    if (p->reject) {
        return moqt_session_subscribe_namespace_reject(s, rid, p->reject_code, "no", 0);
    }
    return moqt_session_subscribe_namespace_accept(s, rid, 0);
}

static int cb_ok(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    nsub_peer *p = peer_of(ud);
    p->ok++;
    p->ok_id = rid;
    return 0;
}

static int cb_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                    moqt_bytes reason, void *ud)
{
    (void)s;
    (void)reason;
    nsub_peer *p = peer_of(ud);
    p->err++;
    p->err_id = rid;
    p->err_code = code;
    p->err_wire = wire;
    return 0;
}

static int cb_unsubscribe(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    peer_of(ud)->unsubs++;
    return 0;
}

static int cb_published(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns, void *ud)
{
    (void)s;
    nsub_peer *p = peer_of(ud);
    p->published++;
    p->ns_sub_id = rid;
    ns_str(ns, p->last_ns, sizeof p->last_ns);
    return 0;
}

static int cb_done(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns, void *ud)
{
    (void)s;
    nsub_peer *p = peer_of(ud);
    p->done++;
    p->ns_sub_id = rid;
    ns_str(ns, p->done_ns, sizeof p->done_ns);
    return 0;
}

static int cb_announce(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns, void *ud)
{
    nsub_peer *p = peer_of(ud);
    p->announces++;
    ns_str(ns, p->announce_ns, sizeof p->announce_ns);
    return moqt_session_publish_namespace_accept(s, rid, 0);
}

static int cb_announce_done(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    peer_of(ud)->announce_done++;
    return 0;
}

static int cb_announce_ok(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    peer_of(ud)->pubns_ok++;
    return 0;
}

static int cb_publish(moqt_session *s, uint64_t rid, const moqt_publish_request *req, void *ud)
{
    nsub_peer *p = peer_of(ud);
    p->publishes++;
    char ns[48];
    ns_str(&req->track_namespace, ns, sizeof ns);
    snprintf(p->publish_track, sizeof p->publish_track, "%s:%.*s", ns, (int)req->track_name.len,
             (const char *)req->track_name.base);
    return moqt_session_publish_accept(s, rid, NULL, 0);
}

static int cb_skipped(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns,
                      moqt_bytes name, void *ud)
{
    (void)s;
    nsub_peer *p = peer_of(ud);
    p->skipped++;
    p->ns_sub_id = rid;
    char nsb[48];
    ns_str(ns, nsb, sizeof nsb);
    snprintf(p->skipped_track, sizeof p->skipped_track, "%s:%.*s", nsb, (int)name.len,
             (const char *)name.base);
    return 0;
}

static moqt_session_callbacks nsub_callbacks(bool listen)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.subscribe_namespace = listen ? cb_subscribe_namespace : NULL;
    cb.subscribe_namespace_ok = cb_ok;
    cb.subscribe_namespace_error = cb_error;
    cb.unsubscribe_namespace = cb_unsubscribe;
    cb.namespace_published = cb_published;
    cb.namespace_done = cb_done;
    cb.publish_namespace = cb_announce;
    cb.publish_namespace_done = cb_announce_done;
    cb.publish_namespace_ok = cb_announce_ok;
    cb.publish = cb_publish;
    cb.track_skipped = cb_skipped;
    return cb;
}

static bool nsub_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb)
{
    memset(&g, 0, sizeof(g));
    g.e = e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = cb;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static const moqt_bytes live_f[] = {{(const uint8_t *)"live", 4}, {(const uint8_t *)"a", 1}};
static const moqt_track_namespace live = {1, live_f};
static const moqt_track_namespace live_a = {2, live_f};
static const moqt_bytes other_f[] = {{(const uint8_t *)"other", 5}};
static const moqt_track_namespace other = {1, other_f};

static bool numbered(const moqt_profile *p)
{
    return moqt_profile_consumes_request_id(p, MOQT_MSG_SUBSCRIBE_NAMESPACE);
}

static bool has_namespace_msg(const moqt_profile *p)
{
    return moqt_profile_msg_type(p, MOQT_MSG_NAMESPACE) != 0;
}

/* The client's bidi stream carrying its first namespace subscription: 16
 * after the control stream (0), 17+ the first request stream; <=15 the
 * control stream itself. */
static uint64_t first_sub_stream(const moqt_profile *p)
{
    return p->topology == MOQT_TOPO_NAMESPACE_STREAMS ? 4 : 0;
}

static void expect_closed(const moqt_profile *p, sh_peer *who, moqt_term term)
{
    uint64_t want;
    TF_REQUIRE(moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, term, &want) == 0);
    TF_CHECK(who->closed);
    TF_CHECK_EQ(who->close_code, want);
}

TF_DRAFT_TEST("session/nsub", test_nsub_namespace_appears_and_goes)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 99;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK(strcmp(g.sv.prefix, "live") == 0);
    /* 07-11 ask for namespaces; 12-15 imply PUBLISHes too; 16-17 send
     * Subscribe Options NAMESPACE; 18+ split tracks off. */
    unsigned want = MOQT_NS_WANT_NAMESPACES;
    if (p->has_publish && p->draft <= 15) {
        want |= MOQT_NS_WANT_TRACKS;
    }
    TF_CHECK_INT(g.sv.wants, want);
    TF_CHECK_INT(g.c.ok, 1);
    TF_CHECK_EQ(g.c.ok_id, rid);
    if (numbered(p)) {
        TF_CHECK_EQ(rid, 0); /* the client's first Request ID */
        TF_CHECK_EQ(g.sv.sub_id, rid);
    }
    uint64_t sid = g.sv.sub_id;

    /* Outside the prefix, unknown subscription, not yet published. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &other, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid + 1000, &live_a, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &live_a, 0),
                 MOQT_ERR_INVALID_ARGUMENT);

    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &live_a, 0), 0);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &live_a, 0), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    if (has_namespace_msg(p)) {
        TF_CHECK_INT(g.c.published, 1);
        TF_CHECK_EQ(g.c.ns_sub_id, rid);
        TF_CHECK(strcmp(g.c.last_ns, "live/a") == 0); /* the full namespace */
        TF_CHECK_INT(g.c.announces, 0);
    } else {
        TF_CHECK_INT(g.c.announces, 1); /* a PUBLISH_NAMESPACE (ANNOUNCE) */
        TF_CHECK(strcmp(g.c.announce_ns, "live/a") == 0);
        TF_CHECK_INT(g.sv.pubns_ok, 1);
        TF_CHECK_INT(g.c.published, 0);
    }

    TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &live_a, 0), 0);
    sh_run(&e);
    if (has_namespace_msg(p)) {
        TF_CHECK_INT(g.c.done, 1);
        TF_CHECK(strcmp(g.c.done_ns, "live/a") == 0);
    } else {
        TF_CHECK_INT(g.c.announce_done, 1);
    }
    /* Gone: withdrawing again is refused; it may appear again. */
    TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &live_a, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &live_a, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(has_namespace_msg(p) ? g.c.published : g.c.announces, 2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_refused_with_draft_code)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    g.sv.reject = true;
    g.sv.reject_code = MOQT_REQUEST_ERROR_UNAUTHORIZED;
    uint64_t rid = 99;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK_INT(g.c.ok, 0);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_EQ(g.c.err_id, rid);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_UNAUTHORIZED);
    uint64_t wire;
    moqt_err_table table = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)
                               ? MOQT_ERRTAB_REQUEST
                               : MOQT_ERRTAB_SUBSCRIBE_NAMESPACE;
    TF_REQUIRE(moqt_errcode_to_wire(p, table, MOQT_REQ_ERR_UNAUTHORIZED, &wire) == 0);
    TF_CHECK_EQ(g.c.err_wire, wire);
    /* Gone on both sides. */
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_subscribe_namespace_accept(e.sv.s, g.sv.sub_id, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id, &live_a, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    /* The same prefix may be asked for again. */
    g.sv.reject = false;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.ok, 1);
    TF_CHECK_EQ(g.c.ok_id, rid);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_no_listener_not_supported)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(false);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 99;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.err, 1);
    /* mt-07 has no Not Supported (the SUBSCRIBE_ERROR table stands in):
     * sent as Internal Error. */
    TF_CHECK_INT(g.c.err_code,
                 p->draft == 7 ? MOQT_REQUEST_ERROR_INTERNAL : MOQT_REQUEST_ERROR_NOT_SUPPORTED);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_prefix_overlap)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t r1 = 0, r2 = 0, r3 = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &r1, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.ok, 1);
    /* live/a lies under live: refused before the application hears of it. */
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live_a, &r2, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_EQ(g.c.err_id, r2);
    if (p->draft <= 10) {
        /* 07-10 name SUBSCRIBE_ANNOUNCES_OVERLAP without a value (mt-07
         * l.1632, mt-08 l.1776): sent as Internal Error (0x0). */
        TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_INTERNAL);
        TF_CHECK_EQ(g.c.err_wire, 0);
    } else {
        TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_PREFIX_OVERLAP);
        /* 0x5 "Namespace Prefix Overlap" (mt-11 l.2783), 0x30 (15+). */
        TF_CHECK_EQ(g.c.err_wire, p->draft <= 14 ? 0x5 : 0x30);
    }
    /* A disjoint prefix is fine. */
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &other, &r3, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 2);
    TF_CHECK_INT(g.c.ok, 2);
    TF_CHECK_EQ(g.c.ok_id, r3);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_unsubscribe_stops_notifications)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    uint64_t sid = g.sv.sub_id;
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &live_a, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(has_namespace_msg(p) ? g.c.published : g.c.announces, 1);

    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, rid, 0), 0);
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    if (has_namespace_msg(p)) {
        /* Crossing the cancellation: dropped by the subscriber. */
        TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &live_a, 0), 0);
    }
    sh_run(&e);
    TF_CHECK_INT(g.sv.unsubs, 1);
    TF_CHECK_INT(g.c.done, 0);
    TF_CHECK_INT(g.c.err, 0);
    /* The subscription is gone at the publisher: nothing more is sent. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &other, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &live_a, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    TF_CHECK_INT(has_namespace_msg(p) ? g.c.published : g.c.announces, 1);
    if (!has_namespace_msg(p)) {
        /* 07-15: the forwarded announcement outlives the subscription
         * (mt-11 l.860) and can still be withdrawn. */
        TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &live_a, 0), 0);
        sh_run(&e);
        TF_CHECK_INT(g.c.announce_done, 1);
    }
    /* The prefix may be subscribed again. */
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.ok, 2);
    TF_CHECK_INT(g.sv.subs, 2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_subscribe_tracks)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    int rv = moqt_session_subscribe_tracks(e.c.s, &live, &rid, 0);
    if (p->draft <= 15) {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED); /* no way to ask for tracks alone */
        sh_stop(&e);
        return;
    }
    TF_REQUIRE(rv == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK_INT(g.sv.wants, MOQT_NS_WANT_TRACKS);
    TF_CHECK_INT(g.c.ok, 1);
    TF_CHECK_EQ(g.c.ok_id, rid);
    /* A tracks-only subscription reports no namespaces. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id, &live_a, 0),
                 MOQT_ERR_INVALID_STATE);
    /* Overlap: 18+ keep SUBSCRIBE_TRACKS and SUBSCRIBE_NAMESPACE apart
     * (mt-18 l.2977); in 16-17 both are SUBSCRIBE_NAMESPACE. */
    uint64_t r2 = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &r2, 0) == 0);
    sh_run(&e);
    if (p->draft >= 18) {
        TF_CHECK_INT(g.c.ok, 2);
        TF_CHECK_INT(g.c.err, 0);
    } else {
        TF_CHECK_INT(g.c.err, 1);
        TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_PREFIX_OVERLAP);
    }
    /* A second tracks subscription under live overlaps in every draft. */
    uint64_t r3 = 0;
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, &live_a, &r3, 0) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g.c.err_id, r3);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_PREFIX_OVERLAP);
    /* Refused by the application. */
    g.sv.reject = true;
    g.sv.reject_code = MOQT_REQUEST_ERROR_UNAUTHORIZED;
    uint64_t r4 = 0;
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, &other, &r4, 0) == 0);
    sh_run(&e);
    TF_CHECK_EQ(g.c.err_id, r4);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_UNAUTHORIZED);
    /* Cancelled by closing its stream. */
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, rid, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.unsubs, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Encodes |m| under |p| into |buf|; returns the length. */
static size_t encode(const moqt_profile *p, const moqt_msg *m, uint8_t *buf, size_t cap)
{
    moqt_ssize n = moqt_wire_encode_control(p, m, buf, cap);
    TF_CHECK(n > 0);
    return n > 0 ? (size_t)n : 0;
}

/* Bytes as from the server: |kind| (NAMESPACE / NAMESPACE_DONE) naming the
 * suffix {"a"} on the first subscription's stream; the emit's result. */
static int forge_live_suffix(sh_env *e, const moqt_profile *p, moqt_msg_kind kind)
{
    moqt_msg m;
    moqt_msg_init(&m, kind);
    m.ns.count = 1;
    m.ns.field[0] = live_f[1];
    uint8_t buf[64];
    size_t n = encode(p, &m, buf, sizeof buf);
    moqt_transport *ct = moqt_mem_pair_client(e->mp);
    return moqt_transport_emit_stream_data(ct, first_sub_stream(p), buf, n, false);
}

TF_DRAFT_TEST("session/nsub", test_nsub_second_answer_closes)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    /* A second OK, as if from the server, on the subscription's stream:
     * "SHOULD close the session with a protocol error" (mt-11 l.852,
     * mt-16 l.1215). */
    moqt_msg m;
    moqt_msg_init(&m, moqt_profile_msg_type(p, MOQT_MSG_REQUEST_OK)
                          ? MOQT_MSG_REQUEST_OK
                          : MOQT_MSG_SUBSCRIBE_NAMESPACE_OK);
    m.request_id = rid;
    m.ns.count = 1;
    m.ns.field[0] = live_f[0]; /* 07-10 name the prefix */
    uint8_t buf[64];
    size_t n = encode(p, &m, buf, sizeof buf);
    moqt_transport *ct = moqt_mem_pair_client(e.mp);
    TF_CHECK_INT(moqt_transport_emit_stream_data(ct, first_sub_stream(p), buf, n, false), 0);
    sh_run(&e);
    expect_closed(p, &e.c, MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_INT(g.c.ok, 1);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_namespace_done_before_namespace_closes)
{
    if (!has_namespace_msg(p)) {
        return; /* 16+ */
    }
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    /* NAMESPACE_DONE {"a"} that no NAMESPACE announced (mt-16 l.3154). */
    TF_CHECK_INT(forge_live_suffix(&e, p, MOQT_MSG_NAMESPACE_DONE), 0);
    sh_run(&e);
    expect_closed(p, &e.c, MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_INT(g.c.done, 0);
    TF_CHECK(e.sv.closed && e.sv.closed_remote);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_publisher_closes_stream)
{
    if (!has_namespace_msg(p)) {
        return; /* 16+ */
    }
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id, &live_a, 0), 0);
    sh_run(&e);
    TF_REQUIRE(g.c.published == 1);
    /* The publisher's side ends (as a reset would): each active namespace
     * is done (mt-17 l.3283, mt-18 l.3659), then the subscription. */
    moqt_transport *ct = moqt_mem_pair_client(e.mp);
    TF_CHECK_INT(moqt_transport_emit_stream_data(ct, first_sub_stream(p), NULL, 0, true), 0);
    TF_CHECK_INT(g.c.done, 1);
    TF_CHECK(strcmp(g.c.done_ns, "live/a") == 0);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_EQ(g.c.err_id, rid);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_UNKNOWN);
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK(!e.c.closed);
    sh_stop(&e);
}

/* 16: SUBSCRIBE_NAMESPACE has a bidi stream of its own (mt-16 l.1212); other
 * requests may not open one (l.767), and it may not use the control stream. */
TF_DRAFT_TEST("session/nsub", test_nsub_16_stream_shape)
{
    if (p->topology != MOQT_TOPO_NAMESPACE_STREAMS) {
        return;
    }
    moqt_msg m;
    uint8_t buf[128];
    moqt_session_callbacks cb = nsub_callbacks(true);
    for (int variant = 0; variant < 3; variant++) {
        sh_env e;
        TF_REQUIRE(nsub_start(&e, p, &cb));
        moqt_transport *ct = moqt_mem_pair_client(e.mp);
        uint64_t id = 0; /* the control stream */
        if (variant == 0) {
            /* Not on the control stream. */
            moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE_NAMESPACE);
            m.ns.count = 1;
            m.ns.field[0] = live_f[0];
        } else if (variant == 1) {
            /* A SUBSCRIBE may not open a bidi stream. */
            moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE);
            m.ns.count = 1;
            m.ns.field[0] = live_f[0];
            m.track_name = live_f[1];
            TF_REQUIRE(moqt_transport_open_stream(ct, true, &id) == 0);
        } else {
            /* NAMESPACE belongs on a SUBSCRIBE_NAMESPACE stream. */
            moqt_msg_init(&m, MOQT_MSG_NAMESPACE);
            m.ns.count = 1;
            m.ns.field[0] = live_f[0];
        }
        size_t n = encode(p, &m, buf, sizeof buf);
        TF_CHECK_INT(moqt_transport_write(ct, id, buf, n, false), (long long)n);
        sh_run(&e);
        expect_closed(p, &e.sv, MOQT_TERM_PROTOCOL_VIOLATION);
        TF_CHECK_INT(g.sv.subs, 0);
        TF_CHECK_INT(e.sv.nsubs, 0);
        sh_stop(&e);
    }
}

/* 16: a SUBSCRIBE_NAMESPACE stream and the control stream race, so Request
 * IDs may arrive out of order (control.c accept_out_of_order); a duplicate
 * still closes with INVALID_REQUEST_ID. */
TF_DRAFT_TEST("session/nsub", test_nsub_16_request_ids_race)
{
    if (p->topology != MOQT_TOPO_NAMESPACE_STREAMS) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    e.sv.mode = SH_HOLD;
    moqt_transport *ct = moqt_mem_pair_client(e.mp);
    uint8_t buf[128];
    moqt_msg m;
    /* ID 2 on its own stream first ... */
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE_NAMESPACE);
    m.request_id = 2;
    m.ns.count = 1;
    m.ns.field[0] = live_f[0];
    size_t n = encode(p, &m, buf, sizeof buf);
    uint64_t sid;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &sid) == 0);
    TF_CHECK_INT(moqt_transport_write(ct, sid, buf, n, false), (long long)n);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK(!e.sv.closed);
    /* ... then ID 0 on the control stream: both accepted. */
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE);
    m.request_id = 0;
    m.ns.count = 1;
    m.ns.field[0] = live_f[0];
    m.track_name = live_f[1];
    n = encode(p, &m, buf, sizeof buf);
    TF_CHECK_INT(moqt_transport_write(ct, 0, buf, n, false), (long long)n);
    sh_run(&e);
    TF_CHECK_INT(e.sv.nsubs, 1);
    TF_CHECK(!e.sv.closed);
    /* ID 2 again: a duplicate. */
    m.request_id = 2;
    n = encode(p, &m, buf, sizeof buf);
    TF_CHECK_INT(moqt_transport_write(ct, 0, buf, n, false), (long long)n);
    sh_run(&e);
    expect_closed(p, &e.sv, MOQT_TERM_INVALID_REQUEST_ID);
    TF_CHECK_INT(e.sv.nsubs, 1);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_bad_arguments_and_state)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &cb;
    memset(&g, 0, sizeof(g));
    g.e = &e;
    TF_REQUIRE(sh_start(&e, &o));
    uint64_t rid = 0;
    /* Before setup. */
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0), MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    moqt_track_namespace bad = {33, live_f};
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.c.s, &bad, &rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.c.s, NULL, &rid, 0), MOQT_ERR_INVALID_ARGUMENT);
    /* An empty prefix: 16+ (mt-16 l.3108, mt-17 l.1372), not before. */
    moqt_track_namespace empty = {0, NULL};
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.c.s, &empty, &rid, 0),
                 has_namespace_msg(p) ? 0 : MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_subscribe_namespace_accept(e.sv.s, 12345, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, 12345, 0), MOQT_ERR_INVALID_ARGUMENT);
    sh_run(&e);
    if (has_namespace_msg(p)) {
        TF_CHECK_INT(g.sv.subs, 1);
        TF_CHECK(strcmp(g.sv.prefix, "") == 0);
        TF_CHECK_INT(g.c.ok, 1);
        /* Everything lies under the empty prefix. */
        TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id, &other, 0), 0);
        sh_run(&e);
        TF_CHECK(strcmp(g.c.last_ns, "other") == 0);
    }
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_answer_later)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    g.sv.hold = true;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.subs, 1);
    TF_CHECK_INT(g.c.ok, 0);
    /* Not accepted yet: nothing to report. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id, &live_a, 0),
                 MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(moqt_session_subscribe_namespace_accept(e.sv.s, g.sv.sub_id, 0), 0);
    TF_CHECK_INT(moqt_session_subscribe_namespace_accept(e.sv.s, g.sv.sub_id, 0),
                 MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    TF_CHECK_INT(g.c.ok, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* 17+: NAMESPACE before REQUEST_OK on the response stream (mt-17 l.3244,
 * mt-18 l.3634); 16 says the answer comes first too (mt-16 l.1213). */
TF_DRAFT_TEST("session/nsub", test_nsub_namespace_before_answer_closes)
{
    if (!has_namespace_msg(p)) {
        return; /* 16+ */
    }
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    g.sv.hold = true;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.sv.subs == 1);
    TF_CHECK_INT(forge_live_suffix(&e, p, MOQT_MSG_NAMESPACE), 0);
    sh_run(&e);
    expect_closed(p, &e.c, MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_INT(g.c.published, 0);
    sh_stop(&e);
}

/* SUBSCRIBE_TRACKS (18+) / SUBSCRIBE_NAMESPACE options PUBLISH (16-17): the
 * publisher PUBLISHes a track under the prefix, and skips another (17+:
 * PUBLISH_BLOCKED, 19 PUBLISH_SKIPPED). */
TF_DRAFT_TEST("session/nsub", test_nsub_tracks_publish_and_skip)
{
    if (!has_namespace_msg(p)) {
        return; /* 07-15 cannot ask for tracks alone */
    }
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0, nrid = 0;
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, &live, &rid, 0) == 0);
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &other, &nrid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 2);
    uint64_t tracks_sub = g.sv.tracks_id, ns_sub = g.sv.ns_id;
    TF_CHECK(tracks_sub != ns_sub);
    moqt_bytes name = {(const uint8_t *)"video", 5};
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = live_a;
    pp.track_name = name;
    uint64_t pub = 0;
    TF_CHECK_INT(moqt_session_publish(e.sv.s, &pp, &pub, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.publishes, 1);
    TF_CHECK(strcmp(g.c.publish_track, "live/a:video") == 0);

    int rv = moqt_session_subscribe_tracks_skip(e.sv.s, tracks_sub, &live_a, name, 0);
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_BLOCKED) &&
        !moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_SKIPPED)) {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED); /* 16 */
    } else {
        TF_CHECK_INT(rv, 0);
        TF_CHECK_INT(moqt_session_subscribe_tracks_skip(e.sv.s, tracks_sub, &other, name, 0),
                     MOQT_ERR_INVALID_ARGUMENT);
        TF_CHECK_INT(moqt_session_subscribe_tracks_skip(e.sv.s, ns_sub, &other, name, 0),
                     MOQT_ERR_INVALID_STATE); /* a namespaces-only subscription */
        sh_run(&e);
        TF_CHECK_INT(g.c.skipped, 1);
        TF_CHECK_EQ(g.c.ns_sub_id, rid);
        TF_CHECK(strcmp(g.c.skipped_track, "live/a:video") == 0);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsub", test_nsub_after_goaway)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    TF_REQUIRE(moqt_session_goaway(e.sv.s, NULL, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(e.c.goaways == 1);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0), MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(moqt_session_subscribe_namespace(e.sv.s, &live, &rid, 0), MOQT_ERR_INVALID_STATE);
    TF_CHECK_INT(g.sv.subs, 0);
    sh_stop(&e);
}

/* Both roles in the client, whose allocations fail one after the other. */
static void oom_scenario(sh_env *e)
{
    uint64_t rid = 0, srid = 0;
    moqt_mem_pair_run(e->mp, 0);
    moqt_session_subscribe_namespace(e->c.s, &live, &rid, 0);
    moqt_session_subscribe_namespace(e->sv.s, &other, &srid, 0);
    moqt_mem_pair_run(e->mp, 0);
    moqt_session_namespace_publish(e->sv.s, g.sv.sub_id, &live_a, 0);
    moqt_session_namespace_publish(e->c.s, g.c.sub_id, &other, 0);
    moqt_mem_pair_run(e->mp, 0);
    moqt_session_namespace_withdraw(e->sv.s, g.sv.sub_id, &live_a, 0);
    moqt_mem_pair_run(e->mp, 0);
    moqt_session_namespace_publish(e->sv.s, g.sv.sub_id, &live_a, 0);
    moqt_session_unsubscribe_namespace(e->c.s, rid, 0);
    moqt_mem_pair_run(e->mp, 0);
}

TF_DRAFT_TEST("session/oom", test_nsub_oom_sweep)
{
    moqt_session_callbacks cb = nsub_callbacks(true);
    for (size_t fail_at = 1; fail_at < 400; fail_at++) {
        sh_env e;
        sh_opts o;
        sh_opts_for(&o, p);
        o.callbacks = &cb;
        o.session_fail_at = fail_at;
        memset(&g, 0, sizeof(g));
        g.e = &e;
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

/* Where the request goes: <=15 on the control stream (client bidi 0), 16 on
 * a new bidi stream after it (4, mt-16 l.1212), 17+ on its own request
 * stream (0). The next bidi stream the test opens tells which streams the
 * session opened; an answer injected on that stream reaches the request. */
TF_DRAFT_TEST("session/nsub", test_nsub_request_stream_placement)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    g.sv.hold = true;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, &live, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.sv.subs == 1);
    moqt_transport *ct = moqt_mem_pair_client(e.mp);
    uint64_t next = 0;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &next) == 0);
    TF_CHECK_EQ(next, has_namespace_msg(p) ? first_sub_stream(p) + 4 : 4);
    /* The answer, as if from the server, on the request's stream. */
    moqt_msg m;
    moqt_msg_init(&m, moqt_profile_msg_type(p, MOQT_MSG_REQUEST_OK)
                          ? MOQT_MSG_REQUEST_OK
                          : MOQT_MSG_SUBSCRIBE_NAMESPACE_OK);
    m.request_id = rid;
    m.ns.count = 1;
    m.ns.field[0] = live_f[0];
    uint8_t buf[64];
    size_t n = encode(p, &m, buf, sizeof buf);
    TF_CHECK_INT(moqt_transport_emit_stream_data(ct, first_sub_stream(p), buf, n, false), 0);
    TF_CHECK_INT(g.c.ok, 1);
    TF_CHECK_EQ(g.c.ok_id, rid);
    sh_stop(&e);
}

/* A SUBSCRIBE_NAMESPACE whose prefix breaks the draft's field count closes
 * the publisher's session with PROTOCOL_VIOLATION: 0 fields before 16
 * (mt-11 l.485, mt-15 l.2953; 07-10 tuples have 1..32 fields too), 33
 * from 16 (mt-16 l.3114, mt-17 l.3235, mt-18 l.3628). The bytes are built
 * by hand from the message figures. */
TF_DRAFT_TEST("session/nsub", test_nsub_prefix_field_count_closes)
{
    uint8_t buf[128];
    size_t n = 0;
    if (!has_namespace_msg(p)) {
        if (!numbered(p)) {
            /* mt-07 l.1603: Type 0x11, Length(i) 2, prefix count 0, 0 params */
            n = tf_unhex("11 02 00 00", buf, sizeof buf);
        } else {
            /* mt-11 l.2678, mt-15 l.2933: Type 0x11, Length(16) 3, Request ID
             * 0, prefix count 0, 0 params */
            n = tf_unhex("11 00 03 00 00 00", buf, sizeof buf);
        }
    } else {
        /* 33 fields "x" */
        static const char *head16 = "11 00 46 00 21";    /* mt-16 l.3093 */
        static const char *head17 = "11 00 47 00 00 21"; /* mt-17 l.3211: + delta */
        static const char *head18 = "50 00 45 00 21";    /* mt-18 l.3608 */
        const char *head = p->topology == MOQT_TOPO_NAMESPACE_STREAMS            ? head16
                           : moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE_TRACKS) ? head18
                                                                                 : head17;
        n = tf_unhex(head, buf, sizeof buf);
        for (int i = 0; i < 33; i++) {
            buf[n++] = 0x01;
            buf[n++] = 'x';
        }
        if (moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE_TRACKS) == 0) {
            buf[n++] = 0x02; /* Subscribe Options: both (16-17) */
        }
        buf[n++] = 0x00; /* no parameters */
    }
    TF_REQUIRE(n > 0);
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    moqt_transport *ct = moqt_mem_pair_client(e.mp);
    uint64_t id = 0; /* <=15: the control stream */
    if (has_namespace_msg(p)) {
        TF_REQUIRE(moqt_transport_open_stream(ct, true, &id) == 0);
    }
    TF_CHECK_INT(moqt_transport_write(ct, id, buf, n, false), (long long)n);
    sh_run(&e);
    expect_closed(p, &e.sv, MOQT_TERM_PROTOCOL_VIOLATION);
    TF_CHECK_INT(g.sv.subs, 0);
    sh_stop(&e);
}

/* The roles reversed: the server subscribes, the client publishes (16: the
 * server opens the bidi stream; 11+: the server's odd Request IDs). */
TF_DRAFT_TEST("session/nsub", test_nsub_server_subscribes)
{
    sh_env e;
    moqt_session_callbacks cb = nsub_callbacks(true);
    TF_REQUIRE(nsub_start(&e, p, &cb));
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.sv.s, &live, &rid, 0) == 0);
    if (numbered(p)) {
        TF_CHECK_EQ(rid, 1); /* the server's first Request ID (mt-11 l.1295) */
    }
    sh_run(&e);
    TF_CHECK_INT(g.c.subs, 1);
    TF_CHECK_INT(g.sv.ok, 1);
    TF_CHECK_INT(moqt_session_namespace_publish(e.c.s, g.c.sub_id, &live_a, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(has_namespace_msg(p) ? g.sv.published : g.sv.announces, 1);
    TF_CHECK(strcmp(has_namespace_msg(p) ? g.sv.last_ns : g.sv.announce_ns, "live/a") == 0);
    TF_CHECK_INT(moqt_session_namespace_withdraw(e.c.s, g.c.sub_id, &live_a, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(has_namespace_msg(p) ? g.sv.done : g.sv.announce_done, 1);
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.sv.s, rid, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.unsubs, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
