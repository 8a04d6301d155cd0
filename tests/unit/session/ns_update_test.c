/*
 * Moving the prefix of a namespace subscription with REQUEST_UPDATE and
 * TRACK_NAMESPACE_PREFIX (18+, mt-18 l.3114, mt-19 l.3368) between two
 * sessions: accepted updates change the prefix the suffixes of NAMESPACE /
 * NAMESPACE_DONE / PUBLISH_SKIPPED are read against, overlapping prefixes are
 * refused with PREFIX_OVERLAP and the stream closed, SUBSCRIBE_TRACKS too;
 * 07-17 answer MOQT_ERR_UNSUPPORTED.
 */
#include "sess_harness.h"
#include "session/session_int.h"
#include "wire/control.h"

typedef struct nsu_peer {
    /* publisher side */
    int subs, unsubs, updates;
    uint64_t sub_id[4];
    char upd_prefix[64];
    uint64_t upd_id;
    bool hold;
    /* subscriber side */
    int ok, err, upd_ok, published, done, skipped;
    uint64_t err_id, upd_ok_id;
    moqt_request_error err_code;
    char upd_ok_prefix[64], last_ns[64], done_ns[64], skipped_track[64];
} nsu_peer;

static struct {
    sh_env *e;
    nsu_peer c, sv;
} g;

static nsu_peer *peer_of(void *ud)
{
    return ud == &g.e->c ? &g.c : &g.sv;
}

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
    (void)prefix;
    (void)wants;
    nsu_peer *p = peer_of(ud);
    if (p->subs < 4) {
        p->sub_id[p->subs] = rid;
    }
    p->subs++;
    return p->hold ? 0 : moqt_session_subscribe_namespace_accept(s, rid, 0);
}

static int cb_ok(moqt_session *s, uint64_t rid, void *ud)
{
    (void)s;
    (void)rid;
    peer_of(ud)->ok++;
    return 0;
}

static int cb_error(moqt_session *s, uint64_t rid, moqt_request_error code, uint64_t wire,
                    moqt_bytes reason, void *ud)
{
    (void)s;
    (void)wire;
    (void)reason;
    nsu_peer *p = peer_of(ud);
    p->err++;
    p->err_id = rid;
    p->err_code = code;
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
    (void)rid;
    nsu_peer *p = peer_of(ud);
    p->published++;
    ns_str(ns, p->last_ns, sizeof p->last_ns);
    return 0;
}

static int cb_done(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns, void *ud)
{
    (void)s;
    (void)rid;
    nsu_peer *p = peer_of(ud);
    p->done++;
    ns_str(ns, p->done_ns, sizeof p->done_ns);
    return 0;
}

static int cb_skipped(moqt_session *s, uint64_t rid, const moqt_track_namespace *ns,
                      moqt_bytes name, void *ud)
{
    (void)s;
    (void)rid;
    nsu_peer *p = peer_of(ud);
    p->skipped++;
    char nsb[48];
    ns_str(ns, nsb, sizeof nsb);
    snprintf(p->skipped_track, sizeof p->skipped_track, "%s:%.*s", nsb, (int)name.len,
             (const char *)name.base);
    return 0;
}

static int cb_update(moqt_session *s, uint64_t rid, const moqt_track_namespace *prefix, void *ud)
{
    (void)s;
    nsu_peer *p = peer_of(ud);
    p->updates++;
    p->upd_id = rid;
    ns_str(prefix, p->upd_prefix, sizeof p->upd_prefix);
    return 0;
}

static int cb_update_ok(moqt_session *s, uint64_t rid, const moqt_track_namespace *prefix, void *ud)
{
    (void)s;
    nsu_peer *p = peer_of(ud);
    p->upd_ok++;
    p->upd_ok_id = rid;
    ns_str(prefix, p->upd_ok_prefix, sizeof p->upd_ok_prefix);
    return 0;
}

static moqt_session_callbacks nsu_callbacks(bool updates)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.subscribe_namespace = cb_subscribe_namespace;
    cb.subscribe_namespace_ok = cb_ok;
    cb.subscribe_namespace_error = cb_error;
    cb.unsubscribe_namespace = cb_unsubscribe;
    cb.namespace_published = cb_published;
    cb.namespace_done = cb_done;
    cb.track_skipped = cb_skipped;
    cb.subscribe_namespace_update = updates ? cb_update : NULL;
    cb.subscribe_namespace_update_ok = cb_update_ok;
    return cb;
}

static bool nsu_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb)
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

static const moqt_bytes f_live = {(const uint8_t *)"live", 4};
static const moqt_bytes f_a = {(const uint8_t *)"a", 1};
static const moqt_bytes f_b = {(const uint8_t *)"b", 1};
static const moqt_bytes f_x = {(const uint8_t *)"x", 1};
static const moqt_bytes f_y = {(const uint8_t *)"y", 1};
static const moqt_bytes f_other = {(const uint8_t *)"other", 5};
static const moqt_bytes f_sport = {(const uint8_t *)"sport", 5};

/* A namespace of up to 4 fields, built in place. */
typedef struct nsb {
    moqt_bytes f[4];
    moqt_track_namespace ns;
} nsb;

static const moqt_track_namespace *mk(nsb *b, size_t n, const moqt_bytes *f0, const moqt_bytes *f1,
                                      const moqt_bytes *f2)
{
    const moqt_bytes *in[3] = {f0, f1, f2};
    for (size_t i = 0; i < n; i++) {
        b->f[i] = *in[i];
    }
    b->ns = (moqt_track_namespace){n, b->f};
    return &b->ns;
}

/* True when session |s| still holds transport stream |id|. */
static bool holds_stream(const moqt_session *s, uint64_t id)
{
    for (size_t i = 0; i < s->nstreams; i++) {
        if (s->streams[i]->id == id) {
            return true;
        }
    }
    return false;
}

TF_DRAFT_TEST("session/nsu", test_nsu_unsupported_before_18)
{
    if (moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(true);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    nsb b;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b, 1, &f_live, 0, 0), &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    nsb n2;
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid, mk(&n2, 1, &f_other, 0, 0), 0),
                 MOQT_ERR_UNSUPPORTED);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsu", test_nsu_accepted_moves_prefix)
{
    if (!moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(true);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    nsb b1, b2, b3, b4, b5;
    uint64_t rid = 0;
    /* Not established yet: the publisher holds its answer. */
    g.sv.hold = true;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b1, 1, &f_live, 0, 0), &rid, 0) == 0);
    sh_run(&e);
    TF_CHECK_INT(
        moqt_session_subscribe_namespace_update(e.c.s, rid, mk(&b2, 2, &f_live, &f_a, 0), 0),
        MOQT_ERR_INVALID_STATE);
    TF_REQUIRE(moqt_session_subscribe_namespace_accept(e.sv.s, g.sv.sub_id[0], 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    uint64_t sid = g.sv.sub_id[0];
    /* live/a/x and live/b are active under "live". */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, mk(&b3, 3, &f_live, &f_a, &f_x), 0),
                 0);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, mk(&b4, 2, &f_live, &f_b, 0), 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.published, 2);

    /* Bad arguments; then the update, and a second one while it is in flight. */
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid + 100, &b2.ns, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid, NULL, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid, &b2.ns, 0), 0);
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid, &b2.ns, 0),
                 MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    TF_CHECK_INT(g.sv.updates, 1);
    TF_CHECK_EQ(g.sv.upd_id, sid);
    TF_CHECK(strcmp(g.sv.upd_prefix, "live/a") == 0);
    TF_CHECK_INT(g.c.upd_ok, 1);
    TF_CHECK_EQ(g.c.upd_ok_id, rid);
    TF_CHECK(strcmp(g.c.upd_ok_prefix, "live/a") == 0);
    /* live/b is outside the new prefix: done on the subscriber, forgotten
     * on the publisher; live/a/x stays. */
    TF_CHECK_INT(g.c.done, 1);
    TF_CHECK(strcmp(g.c.done_ns, "live/b") == 0);
    TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &b4.ns, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &b4.ns, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, &b3.ns, 0), MOQT_ERR_INVALID_STATE);

    /* Suffixes now relative to live/a: the full names arrive intact. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, sid, mk(&b5, 3, &f_live, &f_a, &f_y), 0),
                 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.published, 3);
    TF_CHECK(strcmp(g.c.last_ns, "live/a/y") == 0);
    TF_CHECK_INT(moqt_session_namespace_withdraw(e.sv.s, sid, &b3.ns, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.done, 2);
    TF_CHECK(strcmp(g.c.done_ns, "live/a/x") == 0);
    TF_CHECK_INT(g.c.err, 0);
    TF_CHECK_INT(g.sv.unsubs, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsu", test_nsu_overlap_refused_stream_closed)
{
    if (!moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(true);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    nsb b1, b2, b3, b4, b5;
    uint64_t r1 = 0, r2 = 0, r3 = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b1, 1, &f_live, 0, 0), &r1, 0) == 0);
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b2, 1, &f_other, 0, 0), &r2, 0) == 0);
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, mk(&b3, 1, &f_sport, 0, 0), &r3, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 3);
    /* The overlap rule is per type (mt-18 l.3117): "other" may move under
     * the tracks subscription's "sport" but not under "live". */
    TF_CHECK_INT(
        moqt_session_subscribe_namespace_update(e.c.s, r2, mk(&b4, 2, &f_sport, &f_x, 0), 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.upd_ok, 1);
    TF_CHECK_INT(g.c.err, 0);
    uint64_t stream2 = 4; /* the client's second bidi request stream */
    TF_REQUIRE(holds_stream(e.c.s, stream2) && holds_stream(e.sv.s, stream2));
    TF_CHECK_INT(
        moqt_session_subscribe_namespace_update(e.c.s, r2, mk(&b5, 2, &f_live, &f_a, 0), 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.updates, 1);
    TF_CHECK_INT(g.c.upd_ok, 1);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_EQ(g.c.err_id, r2);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_PREFIX_OVERLAP);
    TF_CHECK_INT(g.sv.unsubs, 1);
    /* The publisher closed the stream (mt-18 l.3100), we closed ours: both
     * sessions let it go. The subscription is gone on both sides. */
    TF_CHECK(!holds_stream(e.c.s, stream2));
    TF_CHECK(!holds_stream(e.sv.s, stream2));
    TF_CHECK_INT(moqt_session_unsubscribe_namespace(e.c.s, r2, 0), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id[1], &b4.ns, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    /* "live" still works. */
    TF_CHECK_INT(moqt_session_namespace_publish(e.sv.s, g.sv.sub_id[0], &b5.ns, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.published, 1);
    TF_CHECK(strcmp(g.c.last_ns, "live/a") == 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsu", test_nsu_subscribe_tracks_prefix)
{
    if (!moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(true);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    nsb b1, b2, b3, b4, b5;
    uint64_t r1 = 0, r2 = 0;
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, mk(&b1, 1, &f_live, 0, 0), &r1, 0) == 0);
    TF_REQUIRE(moqt_session_subscribe_tracks(e.c.s, mk(&b2, 1, &f_sport, 0, 0), &r2, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 2);
    uint64_t sid = g.sv.sub_id[0];
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, r1, mk(&b3, 1, &f_other, 0, 0), 0),
                 0);
    sh_run(&e);
    TF_CHECK_INT(g.sv.updates, 1);
    TF_CHECK(strcmp(g.sv.upd_prefix, "other") == 0);
    TF_CHECK_INT(g.c.upd_ok, 1);
    TF_CHECK(strcmp(g.c.upd_ok_prefix, "other") == 0);
    /* PUBLISH_SKIPPED / PUBLISH_BLOCKED suffixes follow the new prefix. */
    moqt_bytes t = {(const uint8_t *)"t", 1};
    TF_CHECK_INT(
        moqt_session_subscribe_tracks_skip(e.sv.s, sid, mk(&b4, 2, &f_live, &f_x, 0), t, 0),
        MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(
        moqt_session_subscribe_tracks_skip(e.sv.s, sid, mk(&b5, 2, &f_other, &f_x, 0), t, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.skipped, 1);
    TF_CHECK(strcmp(g.c.skipped_track, "other/x:t") == 0);
    /* Another tracks subscription may not move under "other". */
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, r2, &b5.ns, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_EQ(g.c.err_id, r2);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_PREFIX_OVERLAP);
    TF_CHECK_INT(g.sv.unsubs, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/nsu", test_nsu_no_callback_not_supported)
{
    if (!moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(false);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    nsb b1, b2;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b1, 1, &f_live, 0, 0), &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.c.ok == 1);
    TF_CHECK_INT(moqt_session_subscribe_namespace_update(e.c.s, rid, mk(&b2, 1, &f_other, 0, 0), 0),
                 0);
    sh_run(&e);
    TF_CHECK_INT(g.c.err, 1);
    TF_CHECK_INT(g.c.err_code, MOQT_REQUEST_ERROR_NOT_SUPPORTED);
    TF_CHECK_INT(g.c.upd_ok, 0);
    TF_CHECK_INT(g.sv.unsubs, 1);
    TF_CHECK(!holds_stream(e.c.s, 0) && !holds_stream(e.sv.s, 0));
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* An update of a subscription the publisher has not answered: its answer
 * could not be told from the request's, a PROTOCOL_VIOLATION. */
TF_DRAFT_TEST("session/nsu", test_nsu_update_before_answer_closes)
{
    if (!moqt_profile_namespace_prefix_update(p)) {
        return;
    }
    sh_env e;
    moqt_session_callbacks cb = nsu_callbacks(true);
    TF_REQUIRE(nsu_start(&e, p, &cb));
    g.sv.hold = true;
    nsb b1;
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_subscribe_namespace(e.c.s, mk(&b1, 1, &f_live, 0, 0), &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g.sv.subs == 1);
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_UPDATE);
    m.request_id = 2;
    m.params.has |= MOQT_P_TRACK_NAMESPACE_PREFIX;
    m.params.track_namespace_prefix.count = 1;
    m.params.track_namespace_prefix.field[0] = f_other;
    uint8_t buf[64];
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    moqt_transport *st = moqt_mem_pair_server(e.mp);
    TF_CHECK_INT(moqt_transport_emit_stream_data(st, 0, buf, (size_t)n, false), 0);
    sh_run(&e);
    uint64_t want;
    TF_REQUIRE(
        moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_PROTOCOL_VIOLATION, &want) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK_EQ(e.sv.close_code, want);
    TF_CHECK_INT(g.sv.updates, 0);
    sh_stop(&e);
}
