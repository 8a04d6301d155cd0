/*
 * Sending-side scheduling and time limits, every draft 07..19: subscriber
 * and publisher priorities and group order decide the send order on a
 * constrained in-memory link; delivery timeouts reset stale subgroup
 * streams with the draft's code; MAX_CACHE_DURATION and the publisher's
 * timeouts reach the subscriber; a subscriber that never reads cannot make
 * the publisher's memory grow.
 */
#include <stdlib.h>

#include "sess_harness.h"
#include "session/session_int.h"
#include "wire/errcode.h"
#include "wire/model.h"

#define MS MOQT_MILLISECONDS

/* ---- a tap under the publisher's session: records what it resets ------------------ */

typedef struct tap {
    moqt_transport *lower, *t;
    uint64_t reset_ids[64], reset_codes[64];
    size_t nresets;
    size_t opens;
} tap;

static int tap_open(void *impl, bool bidi, uint64_t *pid)
{
    tap *tp = impl;
    int rv = moqt_transport_open_stream(tp->lower, bidi, pid);
    tp->opens += rv == 0;
    return rv;
}

static moqt_ssize tap_write(void *impl, uint64_t id, const uint8_t *d, size_t len, bool fin)
{
    return moqt_transport_write(((tap *)impl)->lower, id, d, len, fin);
}

static int tap_reset(void *impl, uint64_t id, uint64_t code)
{
    tap *tp = impl;
    if (tp->nresets < 64) {
        tp->reset_ids[tp->nresets] = id;
        tp->reset_codes[tp->nresets] = code;
    }
    tp->nresets++;
    return moqt_transport_reset_stream(tp->lower, id, code);
}

static int tap_stop(void *impl, uint64_t id, uint64_t code)
{
    return moqt_transport_stop_sending(((tap *)impl)->lower, id, code);
}

static int tap_dgram(void *impl, const uint8_t *d, size_t len)
{
    return moqt_transport_send_datagram(((tap *)impl)->lower, d, len);
}

static int tap_close(void *impl, uint64_t code, const uint8_t *r, size_t rlen)
{
    return moqt_transport_close(((tap *)impl)->lower, code, r, rlen);
}

static uint32_t tap_caps(const void *impl)
{
    return moqt_transport_capabilities(((const tap *)impl)->lower);
}

static size_t tap_maxdg(const void *impl)
{
    return moqt_transport_max_datagram_size(((const tap *)impl)->lower);
}

static int tap_prio(void *impl, uint64_t id, uint64_t key)
{
    return moqt_transport_set_stream_priority(((tap *)impl)->lower, id, key);
}

static const moqt_transport_ops tap_ops = {
    .struct_size = sizeof(moqt_transport_ops),
    .open_stream = tap_open,
    .write = tap_write,
    .reset_stream = tap_reset,
    .stop_sending = tap_stop,
    .send_datagram = tap_dgram,
    .close = tap_close,
    .capabilities = tap_caps,
    .max_datagram_size = tap_maxdg,
    .set_stream_priority = tap_prio,
};

static int up_hs(moqt_transport *t, const char *alpn, void *ud)
{
    (void)t;
    return moqt_transport_emit_handshake_done(((tap *)ud)->t, alpn);
}
static int up_opened(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_opened(((tap *)ud)->t, id);
}
static int up_data(moqt_transport *t, uint64_t id, const uint8_t *d, size_t n, bool fin, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_data(((tap *)ud)->t, id, d, n, fin);
}
static int up_reset(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_reset(((tap *)ud)->t, id, code);
}
static int up_stop(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    (void)t;
    return moqt_transport_emit_stop_sending(((tap *)ud)->t, id, code);
}
static int up_acked(moqt_transport *t, uint64_t id, uint64_t off, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_acked(((tap *)ud)->t, id, off);
}
static int up_writable(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_writable(((tap *)ud)->t, id);
}
static int up_avail(moqt_transport *t, bool bidi, void *ud)
{
    (void)t;
    return moqt_transport_emit_streams_available(((tap *)ud)->t, bidi);
}
static int up_closed_stream(moqt_transport *t, uint64_t id, void *ud)
{
    (void)t;
    return moqt_transport_emit_stream_closed(((tap *)ud)->t, id);
}
static int up_dgram(moqt_transport *t, const uint8_t *d, size_t n, void *ud)
{
    (void)t;
    return moqt_transport_emit_datagram(((tap *)ud)->t, d, n);
}
static void up_closed(moqt_transport *t, bool remote, bool app, uint64_t code, const uint8_t *r,
                      size_t rlen, void *ud)
{
    (void)t;
    moqt_transport_emit_closed(((tap *)ud)->t, remote, app, code, r, rlen);
}

static const moqt_transport_callbacks tap_up = {
    .struct_size = sizeof(moqt_transport_callbacks),
    .handshake_done = up_hs,
    .stream_opened = up_opened,
    .stream_data = up_data,
    .stream_reset = up_reset,
    .stop_sending = up_stop,
    .stream_acked = up_acked,
    .stream_writable = up_writable,
    .streams_available = up_avail,
    .stream_closed = up_closed_stream,
    .datagram = up_dgram,
    .closed = up_closed,
};

/* ---- a byte-counting allocator (the publisher's memory) ----------------------------- */

typedef struct bytes_alloc {
    moqt_mem mem;
    size_t live, peak;
} bytes_alloc;

typedef struct alloc_hdr {
    size_t size;
    size_t pad; /* keeps the payload 16-byte aligned */
} alloc_hdr;

static void *ba_malloc(size_t n, void *ud)
{
    bytes_alloc *a = ud;
    alloc_hdr *h = malloc(sizeof(*h) + n);
    if (h == NULL) {
        return NULL;
    }
    h->size = n;
    a->live += n;
    a->peak = a->live > a->peak ? a->live : a->peak;
    return h + 1;
}

static void ba_free(void *ptr, void *ud)
{
    bytes_alloc *a = ud;
    if (ptr) {
        alloc_hdr *h = (alloc_hdr *)ptr - 1;
        a->live -= h->size;
        free(h);
    }
}

static void *ba_realloc(void *ptr, size_t n, void *ud)
{
    if (ptr == NULL) {
        return ba_malloc(n, ud);
    }
    bytes_alloc *a = ud;
    alloc_hdr *old = (alloc_hdr *)ptr - 1;
    size_t was = old->size;
    alloc_hdr *h = realloc(old, sizeof(*h) + n);
    if (h == NULL) {
        return NULL;
    }
    h->size = n;
    a->live = a->live - was + n;
    a->peak = a->live > a->peak ? a->live : a->peak;
    return h + 1;
}

/* ---- environment --------------------------------------------------------------------- */

typedef struct sc_env {
    sh_env e; /* c, sv, mp as the shared harness has them */
    tap tp;
    bytes_alloc pub_mem;
} sc_env;

typedef struct sc_opts {
    size_t link_budget;
    size_t max_send_buffer;
    sh_mode server_mode;
} sc_opts;

/* The subscribe callback that also records the subscriber's timeouts. */
static uint64_t last_req_timeout, last_req_sg_timeout;
static uint8_t last_req_order;

static int sc_subscribe(moqt_session *s, const moqt_subscribe_request *req, void *ud)
{
    last_req_timeout = req->delivery_timeout_ms;
    last_req_sg_timeout = req->subgroup_delivery_timeout_ms;
    last_req_order = req->group_order;
    return sh_subscribe(s, req, ud);
}

/* FETCH requests are recorded and answered by the test. */
static uint64_t last_fetch_id;
static int nfetches;

static int sc_fetch(moqt_session *s, const moqt_fetch_request *req, void *ud)
{
    (void)s;
    (void)ud;
    last_fetch_id = req->request_id;
    nfetches++;
    return 0;
}

static bool sc_start(sc_env *x, const moqt_profile *p, const sc_opts *o)
{
    memset(x, 0, sizeof(*x));
    sh_env *e = &x->e;
    tf_alloc_init(&e->alloc, 0);
    tf_alloc_init(&e->salloc, 0);
    x->pub_mem = (bytes_alloc){{&x->pub_mem, ba_malloc, ba_realloc, ba_free}, 0, 0};
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = sh_alpn(p);
    ps.link_budget = o->link_budget;
    if (moqt_mem_pair_new(&ps, &e->alloc.mem, &e->mp) != 0) {
        return false;
    }
    x->tp.lower = moqt_mem_pair_server(e->mp);
    if (moqt_transport_new(&tap_ops, &x->tp, true, NULL, &x->tp.t) != 0 ||
        moqt_transport_set_callbacks(x->tp.lower, &tap_up, &x->tp) != 0) {
        return false;
    }
    moqt_session_settings cs, ss;
    moqt_session_settings_default(&cs);
    moqt_session_settings_default(&ss);
    cs.drafts = ss.drafts = MOQT_DRAFT_BIT(p->version & 0xff);
    cs.path = "/moq";
    if (o->max_send_buffer) {
        ss.max_send_buffer = o->max_send_buffer;
    }
    static moqt_session_callbacks cb;
    cb = sh_callbacks;
    cb.subscribe = sc_subscribe;
    cb.fetch = sc_fetch;
    nfetches = 0;
    e->sv.mode = o->server_mode;
    if (moqt_session_client_new(moqt_mem_pair_client(e->mp), &cs, &cb, &e->salloc.mem, &e->c,
                                &e->c.s) != 0 ||
        moqt_session_server_new(x->tp.t, &ss, &cb, &x->pub_mem.mem, &e->sv, &e->sv.s) != 0) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static void sc_stop(sc_env *x)
{
    moqt_session_del(x->e.c.s);
    moqt_session_del(x->e.sv.s);
    moqt_mem_pair_del(x->e.mp);
    moqt_transport_del(x->tp.t);
    TF_CHECK_EQ(x->e.salloc.live, 0);
    TF_CHECK_EQ(x->pub_mem.live, 0);
}

static const moqt_bytes clock_ns[] = {{(const uint8_t *)"clock", 5}};

static int sc_subscribe_track(sc_env *x, const char *name, uint8_t prio, uint8_t order,
                              uint64_t timeout_ms, uint64_t *rid)
{
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, clock_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)name, strlen(name)};
    sp.subscriber_priority = prio;
    sp.group_order = order;
    sp.delivery_timeout_ms = timeout_ms;
    return moqt_session_subscribe(x->e.c.s, &sp, rid, 0);
}

static void send_obj(sc_env *x, uint64_t rid, uint64_t g, uint64_t sg, uint64_t o, uint8_t prio,
                     moqt_tstamp now)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "g%llu-s%llu-o%llu", (unsigned long long)g,
                     (unsigned long long)sg, (unsigned long long)o);
    TF_CHECK_INT(moqt_session_send_object(x->e.sv.s, rid, g, sg, o, prio, MOQT_OBJECT_STATE_NORMAL,
                                          NULL, 0, (const uint8_t *)buf, (size_t)n, now),
                 0);
}

/* ---- priorities ---------------------------------------------------------------------- */

/* mt-07 l.638 / mt-18 l.1748: the subscription with the better (lower)
 * subscriber priority is sent first, whatever order the publisher wrote in. */
TF_DRAFT_TEST("session/sched", test_sched_subscriber_priority_first)
{
    sc_env x;
    sc_opts o = {.link_budget = 48};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t low, high;
    TF_REQUIRE(sc_subscribe_track(&x, "low", 200, 0, 0, &low) == 0);
    TF_REQUIRE(sc_subscribe_track(&x, "high", 10, 0, 0, &high) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 2);
    /* The worse subscription's objects are written first. */
    for (uint64_t g = 0; g < 3; g++) {
        for (uint64_t ob = 0; ob < 4; ob++) {
            send_obj(&x, low, g, 0, ob, 128, 0);
        }
    }
    for (uint64_t g = 0; g < 3; g++) {
        for (uint64_t ob = 0; ob < 4; ob++) {
            send_obj(&x, high, g, 0, ob, 128, 0);
        }
    }
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.nobjs == 24);
    for (size_t i = 0; i < 24; i++) {
        TF_CHECK_EQ(x.e.c.objs[i].rid, i < 12 ? high : low);
    }
    /* Same subscriber priority: ascending groups (the publisher's order). */
    for (size_t i = 1; i < 12; i++) {
        TF_CHECK(x.e.c.objs[i].group >= x.e.c.objs[i - 1].group);
    }
    sc_stop(&x);
}

/* mt-07 l.640 / mt-18 l.1751: then the publisher priority, within a group
 * the subgroup with the better priority first, and at equal priority the
 * lower Subgroup ID (mt-07 l.665, mt-18 l.1759). */
TF_DRAFT_TEST("session/sched", test_sched_publisher_priority_then_subgroup)
{
    sc_env x;
    sc_opts o = {.link_budget = 40};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 0, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    for (uint64_t ob = 0; ob < 3; ob++) {
        send_obj(&x, rid, 0, 2, ob, 100, 0); /* subgroup 2, priority 100 */
        send_obj(&x, rid, 0, 1, ob, 100, 0); /* subgroup 1, priority 100 */
        send_obj(&x, rid, 0, 3, ob, 20, 0);  /* subgroup 3, priority 20: first */
    }
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.nobjs == 9);
    static const uint64_t want[9] = {3, 3, 3, 1, 1, 1, 2, 2, 2};
    for (size_t i = 0; i < 9; i++) {
        TF_CHECK_EQ(x.e.c.objs[i].subgroup, want[i]);
    }
    sc_stop(&x);
}

/* mt-07 l.653 / mt-18 l.1736: a subscription asking for descending group
 * order gets newer groups first; ascending gets older first. */
TF_DRAFT_TEST("session/sched", test_sched_group_order)
{
    for (int desc = 0; desc <= 1; desc++) {
        sc_env x;
        sc_opts o = {.link_budget = 40};
        TF_REQUIRE(sc_start(&x, p, &o));
        uint64_t rid;
        uint8_t order = desc ? MOQT_GROUP_ORDER_DESCENDING : MOQT_GROUP_ORDER_ASCENDING;
        TF_REQUIRE(sc_subscribe_track(&x, "t", 128, order, 0, &rid) == 0);
        sh_run(&x.e);
        TF_REQUIRE(x.e.c.sub_ok == 1);
        TF_CHECK_EQ(last_req_order, order);
        for (uint64_t g = 5; g < 9; g++) {
            for (uint64_t ob = 0; ob < 3; ob++) {
                send_obj(&x, rid, g, 0, ob, 128, 0);
            }
        }
        sh_run(&x.e);
        TF_REQUIRE(x.e.c.nobjs == 12);
        for (size_t i = 0; i < 12; i++) {
            uint64_t g = desc ? 8 - i / 3 : 5 + i / 3;
            TF_CHECK_EQ(x.e.c.objs[i].group, g);
            TF_CHECK_EQ(x.e.c.objs[i].object_id, i % 3); /* ascending within a group */
        }
        sc_stop(&x);
    }
}

/* SUBSCRIBE_UPDATE / REQUEST_UPDATE change the subscriber priority: the
 * update code sets it and calls moqt_object_tx_reprioritize, after which
 * the streams already queued follow the new order (mt-18 l.1724: "a best
 * effort SHOULD be made to apply the change to all objects that have not
 * been scheduled"). */
TF_DRAFT_TEST("session/sched", test_sched_reprioritize_queued_streams)
{
    sc_env x;
    sc_opts o = {.link_budget = 48};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t a, b;
    TF_REQUIRE(sc_subscribe_track(&x, "a", 10, 0, 0, &a) == 0);
    TF_REQUIRE(sc_subscribe_track(&x, "b", 200, 0, 0, &b) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 2);
    for (uint64_t ob = 0; ob < 4; ob++) {
        send_obj(&x, a, 0, 0, ob, 128, 0);
        send_obj(&x, b, 0, 0, ob, 128, 0);
    }
    request *rq = moqt_session_request_find(x.e.sv.s, a, false);
    TF_REQUIRE(rq != NULL);
    TF_CHECK_EQ(rq->sub_priority, 10);
    rq->sub_priority = 250; /* what an update would do */
    moqt_object_tx_reprioritize(x.e.sv.s, rq);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.nobjs == 8);
    for (size_t i = 0; i < 8; i++) {
        TF_CHECK_EQ(x.e.c.objs[i].rid, i < 4 ? b : a);
    }
    sc_stop(&x);
}

/* FETCH streams take part too: a FETCH with a better subscriber priority
 * than a subscription goes first (mt-07 l.620: "the following text applies
 * equally to both"). */
TF_DRAFT_TEST("session/sched", test_sched_fetch_priority)
{
    sc_env x;
    sc_opts o = {.link_budget = 48};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t sub, fetch;
    TF_REQUIRE(sc_subscribe_track(&x, "live", 100, 0, 0, &sub) == 0);
    moqt_fetch_params fp;
    moqt_fetch_params_default(&fp);
    fp.track_namespace = (moqt_track_namespace){1, clock_ns};
    fp.track_name = (moqt_bytes){(const uint8_t *)"past", 4};
    fp.start = (moqt_location){0, 0};
    fp.end = (moqt_location){3, 0};
    fp.subscriber_priority = 5;
    TF_REQUIRE(moqt_session_fetch(x.e.c.s, &fp, &fetch, 0) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    TF_REQUIRE(nfetches == 1);
    TF_CHECK_EQ(last_fetch_id, fetch);
    TF_REQUIRE(moqt_session_fetch_accept(x.e.sv.s, fetch, false, (moqt_location){2, 4}, 0) == 0);
    for (uint64_t ob = 0; ob < 4; ob++) {
        send_obj(&x, sub, 7, 0, ob, 128, 0);
    }
    for (uint64_t g = 0; g < 3; g++) {
        for (uint64_t ob = 0; ob < 2; ob++) {
            TF_CHECK_INT(moqt_session_fetch_send_object(x.e.sv.s, fetch, g, 0, ob, 128,
                                                        MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                        (const uint8_t *)"old", 3, 0),
                         0);
        }
    }
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.nobjs == 10);
    for (size_t i = 0; i < 10; i++) {
        TF_CHECK_EQ(x.e.c.objs[i].rid, i < 6 ? fetch : sub);
    }
    sc_stop(&x);
}

/* ---- delivery timeout ---------------------------------------------------------------- */

static void check_timeout_code(const moqt_profile *p, const tap *tp, size_t i)
{
    uint64_t want;
    if (moqt_errcode_to_wire(p, MOQT_ERRTAB_STREAM_RESET, MOQT_RESET_DELIVERY_TIMEOUT, &want) ==
        0) {
        TF_CHECK_EQ(want, 0x2); /* DELIVERY_TIMEOUT, mt-11 l.3222 .. mt-19 l.5437 */
    } else {
        /* 07-10 define no reset codes: the generic fallback. */
        want = moqt_errcode_to_wire_or_fallback(p, MOQT_ERRTAB_STREAM_RESET,
                                                MOQT_RESET_DELIVERY_TIMEOUT);
    }
    TF_CHECK_EQ(tp->reset_codes[i], want);
}

/* The subscriber's DELIVERY_TIMEOUT (mt-07 l.1037 .. OBJECT_DELIVERY_TIMEOUT
 * mt-18 l.2417): an object not delivered within it gets its subgroup stream
 * reset with DELIVERY_TIMEOUT, the rest of that subgroup is dropped, and
 * delivered data never times out. */
TF_DRAFT_TEST("session/sched", test_sched_delivery_timeout_resets_stale_stream)
{
    sc_env x;
    sc_opts o = {0};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 100, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    TF_CHECK_EQ(last_req_timeout, 100);
    moqt_session *pub = x.e.sv.s;
    TF_CHECK_EQ(moqt_session_get_expiry(pub), UINT64_MAX);
    /* Queued at 1 ms, never delivered (the pair does not run). */
    send_obj(&x, rid, 0, 0, 0, 128, 1 * MS);
    send_obj(&x, rid, 0, 0, 1, 128, 5 * MS);
    TF_CHECK_EQ(moqt_session_get_expiry(pub), 101 * MS);
    TF_CHECK_INT(moqt_session_handle_expiry(pub, 100 * MS), 0);
    TF_CHECK_EQ(x.tp.nresets, 0);
    TF_CHECK_INT(moqt_session_handle_expiry(pub, 101 * MS), 0);
    TF_REQUIRE(x.tp.nresets == 1);
    check_timeout_code(p, &x.tp, 0);
    TF_CHECK_EQ(moqt_session_get_expiry(pub), UINT64_MAX);
    /* The rest of that subgroup: no new stream (mt-18 l.1831). */
    size_t opens = x.tp.opens;
    send_obj(&x, rid, 0, 0, 2, 128, 102 * MS);
    TF_CHECK_EQ(x.tp.opens, opens);
    /* The next group goes out, arrives, is acknowledged: nothing expires. */
    send_obj(&x, rid, 1, 0, 0, 128, 110 * MS);
    TF_CHECK_EQ(x.tp.opens, opens + 1);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.nobjs == 1);
    TF_CHECK_EQ(x.e.c.objs[0].group, 1);
    TF_CHECK_EQ(moqt_session_get_expiry(pub), UINT64_MAX);
    TF_CHECK_INT(moqt_session_handle_expiry(pub, 10000 * MS), 0);
    TF_CHECK_EQ(x.tp.nresets, 1);
    /* A stale stream is also caught when the next object is sent. */
    send_obj(&x, rid, 2, 0, 0, 128, 200 * MS);
    send_obj(&x, rid, 2, 0, 1, 128, 301 * MS);
    TF_REQUIRE(x.tp.nresets == 2);
    check_timeout_code(p, &x.tp, 1);
    sc_stop(&x);
}

/* The publisher's timeout (SUBSCRIBE_OK: a parameter 07-15, a Track Property
 * 16+) and MAX_CACHE_DURATION reach the subscriber; the smaller timeout is
 * the one applied (mt-07 l.1045, mt-18 l.1818). */
TF_DRAFT_TEST("session/sched", test_sched_publisher_timeout_and_cache_duration)
{
    sc_env x;
    sc_opts o = {.server_mode = SH_HOLD};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 100, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.sv.nsubs == 1);
    moqt_subscribe_ok_params op;
    moqt_subscribe_ok_params_default(&op);
    op.delivery_timeout_ms = 40;
    op.has_max_cache_duration = true;
    op.max_cache_duration_ms = 7000;
    TF_CHECK_INT(moqt_session_subscribe_accept_with(x.e.sv.s, rid, &op, 0), 0);
    TF_CHECK_INT(moqt_session_subscribe_accept_with(x.e.sv.s, rid, &op, 0), MOQT_ERR_INVALID_STATE);
    moqt_subscription_info info = {.struct_size = sizeof info};
    TF_CHECK_INT(moqt_session_subscription_info(x.e.c.s, rid, &info), MOQT_ERR_INVALID_STATE);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    TF_CHECK_INT(moqt_session_subscription_info(x.e.c.s, rid, &info), 0);
    TF_CHECK_EQ(info.delivery_timeout_ms, 40);
    TF_CHECK(info.has_max_cache_duration);
    TF_CHECK_EQ(info.max_cache_duration_ms, 7000);
    TF_CHECK_INT(moqt_session_subscription_info(x.e.c.s, rid + 100, &info),
                 MOQT_ERR_INVALID_ARGUMENT);
    send_obj(&x, rid, 0, 0, 0, 128, 10 * MS);
    TF_CHECK_EQ(moqt_session_get_expiry(x.e.sv.s), 50 * MS); /* min(100, 40) */
    TF_CHECK_INT(moqt_session_handle_expiry(x.e.sv.s, 50 * MS), 0);
    TF_REQUIRE(x.tp.nresets == 1);
    check_timeout_code(p, &x.tp, 0);
    sc_stop(&x);
}

/* Without any value the subscriber sees none. */
TF_DRAFT_TEST("session/sched", test_sched_no_publisher_values)
{
    sc_env x;
    sc_opts o = {0};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 0, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    TF_CHECK_EQ(last_req_timeout, 0);
    moqt_subscription_info info = {.struct_size = sizeof info};
    TF_CHECK_INT(moqt_session_subscription_info(x.e.c.s, rid, &info), 0);
    TF_CHECK_EQ(info.delivery_timeout_ms, 0);
    TF_CHECK(!info.has_max_cache_duration);
    send_obj(&x, rid, 0, 0, 0, 128, 10 * MS);
    TF_CHECK_EQ(moqt_session_get_expiry(x.e.sv.s), UINT64_MAX);
    sc_stop(&x);
}

/* SUBGROUP_DELIVERY_TIMEOUT (18+, mt-18 l.2407, l.1846): counted from the
 * subgroup's end until every byte is acknowledged; drafts without it refuse
 * to send it. */
TF_DRAFT_TEST("session/sched", test_sched_subgroup_delivery_timeout)
{
    sc_env x;
    sc_opts o = {0};
    TF_REQUIRE(sc_start(&x, p, &o));
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, clock_ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"t", 1};
    sp.subgroup_delivery_timeout_ms = 30;
    uint64_t rid;
    int rv = moqt_session_subscribe(x.e.c.s, &sp, &rid, 0);
    if (p->draft < 18) {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
        sc_stop(&x);
        return;
    }
    TF_REQUIRE(rv == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    TF_CHECK_EQ(last_req_sg_timeout, 30);
    send_obj(&x, rid, 0, 0, 0, 128, 1 * MS);
    TF_CHECK_EQ(moqt_session_get_expiry(x.e.sv.s), UINT64_MAX); /* not ended yet */
    TF_CHECK_INT(moqt_session_end_subgroup(x.e.sv.s, rid, 0, 0, 10 * MS), 0);
    TF_CHECK_EQ(moqt_session_get_expiry(x.e.sv.s), 40 * MS);
    TF_CHECK_INT(moqt_session_handle_expiry(x.e.sv.s, 40 * MS), 0);
    TF_REQUIRE(x.tp.nresets == 1);
    check_timeout_code(p, &x.tp, 0);
    sc_stop(&x);
}

/* ---- bounded memory -------------------------------------------------------------------- */

/* A subscriber that never reads (nothing is delivered or acknowledged)
 * while the publisher sends 10 000 objects: the publisher's memory stays
 * within max_send_buffer plus the bookkeeping of the streams the transport
 * lets it open (100 here), and stops growing; old groups are reset with
 * TOO_FAR_BEHIND, then objects are refused with WOULDBLOCK once no stream is
 * left. */
TF_DRAFT_TEST("session/sched", test_sched_never_reading_subscriber_bounded)
{
    enum { BUF = 32 << 10, OBJ = 1000, N = 10000 };
    sc_env x;
    sc_opts o = {.max_send_buffer = BUF};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 0, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    size_t base = x.pub_mem.live;
    x.pub_mem.peak = base;
    static uint8_t payload[OBJ];
    memset(payload, 'x', sizeof payload);
    size_t sent = 0, refused = 0, peak_half = 0;
    for (int i = 0; i < N; i++) {
        if (i == N / 2) {
            peak_half = x.pub_mem.peak;
        }
        int rv = moqt_session_send_object(x.e.sv.s, rid, (uint64_t)i / 10, 0, (uint64_t)i % 10, 128,
                                          MOQT_OBJECT_STATE_NORMAL, NULL, 0, payload, OBJ, 0);
        TF_CHECK(rv == 0 || rv == MOQT_ERR_WOULDBLOCK);
        sent += rv == 0;
        refused += rv == MOQT_ERR_WOULDBLOCK;
    }
    TF_CHECK(sent > 0);
    TF_CHECK(refused > 0);
    TF_CHECK(x.tp.nresets > 0);
    TF_CHECK(x.pub_mem.peak - base <= BUF + 100 * 1024);
    TF_CHECK_EQ(x.pub_mem.peak, peak_half); /* no growth in the second half */
    sc_stop(&x);
}

/* A slow subscriber (a link far slower than the publisher: at most 128
 * bytes per 500-byte object) keeps receiving while the publisher's queued
 * data stays within max_send_buffer (plus bookkeeping) all along. */
TF_DRAFT_TEST("session/sched", test_sched_slow_subscriber_bounded)
{
    enum { BUF = 32 << 10, OBJ = 500, N = 10000 };
    sc_env x;
    sc_opts o = {.max_send_buffer = BUF, .link_budget = 64};
    TF_REQUIRE(sc_start(&x, p, &o));
    uint64_t rid;
    TF_REQUIRE(sc_subscribe_track(&x, "t", 128, 0, 0, &rid) == 0);
    sh_run(&x.e);
    TF_REQUIRE(x.e.c.sub_ok == 1);
    size_t base = x.pub_mem.live;
    x.pub_mem.peak = base;
    static uint8_t payload[OBJ];
    memset(payload, 'y', sizeof payload);
    for (int i = 0; i < N; i++) {
        int rv = moqt_session_send_object(x.e.sv.s, rid, (uint64_t)i / 10, 0, (uint64_t)i % 10, 128,
                                          MOQT_OBJECT_STATE_NORMAL, NULL, 0, payload, OBJ, 0);
        TF_CHECK(rv == 0 || rv == MOQT_ERR_WOULDBLOCK);
        TF_REQUIRE(moqt_mem_pair_run(x.e.mp, 4) >= 0); /* two pieces per object at most */
    }
    TF_CHECK(x.pub_mem.peak - base <= BUF + 16 * 1024);
    TF_CHECK(x.tp.nresets > 0);
    sh_run(&x.e);
    TF_CHECK(x.e.c.nobjs > 0);
    TF_CHECK(x.e.c.nobjs < N); /* old groups were given up */
    sc_stop(&x);
}
