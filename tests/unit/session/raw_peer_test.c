/*
 * A session against a raw client written with the wire codecs, so the tests
 * can read exactly what the session sends: a request the session does not
 * serve is refused with the draft's error message and NOT_SUPPORTED code
 * (FETCH_ERROR 07-14, REQUEST_ERROR 15+, then FIN in 17+); a request beyond
 * the raw peer's credit waits and the session sends REQUESTS_BLOCKED where
 * the draft has it.
 */
#include "sess_harness.h"
#include "wire/control.h"

#define RAW_STREAMS 8

typedef struct raw_stream {
    uint64_t id;
    uint8_t buf[2048];
    size_t len;
    bool fin;
} raw_stream;

typedef struct raw_peer {
    raw_stream st[RAW_STREAMS];
    size_t n;
    bool closed;
} raw_peer;

static int raw_data(moqt_transport *t, uint64_t id, const uint8_t *data, size_t len, bool fin,
                    void *ud)
{
    (void)t;
    raw_peer *r = ud;
    raw_stream *s = NULL;
    for (size_t i = 0; i < r->n; i++) {
        if (r->st[i].id == id) {
            s = &r->st[i];
        }
    }
    if (s == NULL && r->n < RAW_STREAMS) {
        s = &r->st[r->n++];
        s->id = id;
    }
    if (s && s->len + len <= sizeof s->buf) {
        memcpy(s->buf + s->len, data, len);
        s->len += len;
        s->fin = s->fin || fin;
    }
    return 0;
}

static void raw_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                       const uint8_t *reason, size_t len, void *ud)
{
    (void)t;
    (void)remote;
    (void)app;
    (void)code;
    (void)reason;
    (void)len;
    ((raw_peer *)ud)->closed = true;
}

static raw_stream *raw_find(raw_peer *r, uint64_t id)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->st[i].id == id) {
            return &r->st[i];
        }
    }
    return NULL;
}

typedef struct raw_env {
    tf_alloc a;
    moqt_mem_pair *mp;
    moqt_transport *ct;
    raw_peer rp;
    sh_peer sv;
    uint64_t control; /* the raw client's control stream */
    uint8_t out[4][256];
    int nout;
} raw_env;

static moqt_ssize raw_encode(raw_env *e, const moqt_profile *p, const moqt_msg *m,
                             const uint8_t **pbuf)
{
    uint8_t *b = e->out[e->nout++ % 4];
    *pbuf = b;
    return moqt_wire_encode_control(p, m, b, 256);
}

/* Starts a server session on draft |p| and sets up a raw client granting
 * |max_request_id| (07-16). */
static bool raw_start_as(raw_env *e, const moqt_profile *p, uint64_t max_request_id,
                         const char *implementation);

static bool raw_start(raw_env *e, const moqt_profile *p, uint64_t max_request_id)
{
    return raw_start_as(e, p, max_request_id, NULL);
}

/* As raw_start, the raw client naming itself |implementation| in its setup. */
static bool raw_start_as(raw_env *e, const moqt_profile *p, uint64_t max_request_id,
                         const char *implementation)
{
    memset(e, 0, sizeof(*e));
    tf_alloc_init(&e->a, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = sh_alpn(p);
    if (moqt_mem_pair_new(&ps, &e->a.mem, &e->mp) != 0) {
        return false;
    }
    e->ct = moqt_mem_pair_client(e->mp);
    static const moqt_transport_callbacks cb = {
        .struct_size = sizeof(moqt_transport_callbacks),
        .stream_data = raw_data,
        .closed = raw_closed,
    };
    moqt_transport_set_callbacks(e->ct, &cb, &e->rp);
    e->sv.mode = SH_HOLD;
    if (moqt_session_server_new(moqt_mem_pair_server(e->mp), NULL, &sh_callbacks, &e->a.mem, &e->sv,
                                &e->sv.s) != 0) {
        return false;
    }
    moqt_mem_pair_run(e->mp, 0);
    bool uni = p->setup_shape == MOQT_SETUP_2F00;
    moqt_msg m;
    moqt_msg_init(&m, uni ? MOQT_MSG_SETUP : MOQT_MSG_CLIENT_SETUP);
    if (p->version_in_setup) {
        m.setup.version_count = 1;
        m.setup.versions[0] = p->version;
    }
    if (p->has_role_param) {
        m.setup.has |= MOQT_S_ROLE;
        m.setup.role = MOQT_ROLE_PUBSUB;
    }
    if (p->has_request_credit) {
        m.setup.has |= MOQT_S_MAX_REQUEST_ID;
        m.setup.max_request_id = max_request_id;
    }
    if (implementation) {
        m.setup.has |= MOQT_S_IMPLEMENTATION;
        m.setup.implementation =
            (moqt_bytes){(const uint8_t *)implementation, strlen(implementation)};
    }
    const uint8_t *b;
    moqt_ssize n = raw_encode(e, p, &m, &b);
    if (n <= 0 || moqt_transport_open_stream(e->ct, !uni, &e->control) != 0 ||
        moqt_transport_write(e->ct, e->control, b, (size_t)n, false) != n) {
        return false;
    }
    moqt_mem_pair_run(e->mp, 0);
    return e->sv.setup_done == 1;
}

static void raw_stop(raw_env *e)
{
    moqt_session_del(e->sv.s);
    moqt_mem_pair_del(e->mp);
    TF_CHECK_EQ(e->a.live, 0);
}

/* Decodes the messages of |s| under |p| and returns the first of |kind|. */
static bool raw_find_msg(const moqt_profile *p, raw_stream *s, moqt_msg_kind kind, moqt_msg *out)
{
    size_t off = 0;
    if (s == NULL) {
        return false;
    }
    while (off < s->len) {
        moqt_ssize n = moqt_wire_decode_control(p, s->buf + off, s->len - off, out, NULL);
        if (n <= 0) {
            return false;
        }
        if (out->kind == kind) {
            return true;
        }
        off += (size_t)n;
    }
    return false;
}

TF_DRAFT_TEST("session/refuse", test_session_refuses_fetch_with_draft_error)
{
    raw_env e;
    TF_REQUIRE(raw_start(&e, p, 10));
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_FETCH);
    m.request_id = 0;
    m.ns.count = 1;
    m.ns.field[0] = (moqt_bytes){(const uint8_t *)"clock", 5};
    m.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    m.fetch.fetch_type = MOQT_FETCH_STANDALONE;
    m.fetch.end = (moqt_location){3, 0};
    const uint8_t *b;
    moqt_ssize n = raw_encode(&e, p, &m, &b);
    TF_REQUIRE(n > 0);
    uint64_t sid = e.control;
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_REQUIRE(moqt_transport_open_stream(e.ct, true, &sid) == 0);
    }
    TF_CHECK_INT(moqt_transport_write(e.ct, sid, b, (size_t)n, false), (long long)n);
    moqt_mem_pair_run(e.mp, 0);
    TF_CHECK(!e.sv.closed);
    bool rerr = moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR) != 0;
    moqt_msg_kind kind = rerr ? MOQT_MSG_REQUEST_ERROR : MOQT_MSG_FETCH_ERROR;
    moqt_msg got;
    raw_stream *s = raw_find(&e.rp, sid);
    TF_REQUIRE(raw_find_msg(p, s, kind, &got));
    /* NOT_SUPPORTED, or Internal Error where the draft has no such code (07). */
    uint64_t want = moqt_errcode_to_wire_or_fallback(
        p, rerr ? MOQT_ERRTAB_REQUEST : MOQT_ERRTAB_FETCH, MOQT_REQ_ERR_NOT_SUPPORTED);
    TF_CHECK_EQ(got.error_code, want);
    if (p->responses_have_request_id) {
        TF_CHECK_EQ(got.request_id, 0);
    }
    if (p->topology == MOQT_TOPO_REQUEST_STREAMS) {
        TF_CHECK(s->fin); /* "send a REQUEST_ERROR and FIN the stream" (mt-17 l.1003) */
    }
    raw_stop(&e);
}

TF_DRAFT_TEST("session/credit", test_session_sends_requests_blocked)
{
    if (!p->has_request_credit) {
        return;
    }
    raw_env e;
    /* Credit for one request of the server: ID 1 (11+, odd IDs) or 0 (07-10). */
    uint64_t limit = p->interleaved_request_ids ? 2 : 1;
    TF_REQUIRE(raw_start(&e, p, limit));
    static const moqt_bytes ns[] = {{(const uint8_t *)"cam", 3}};
    moqt_subscribe_params sp;
    moqt_subscribe_params_default(&sp);
    sp.track_namespace = (moqt_track_namespace){1, ns};
    sp.track_name = (moqt_bytes){(const uint8_t *)"v", 1};
    uint64_t r1, r2;
    TF_REQUIRE(moqt_session_subscribe(e.sv.s, &sp, &r1, 0) == 0);
    TF_REQUIRE(moqt_session_subscribe(e.sv.s, &sp, &r2, 0) == 0);
    moqt_mem_pair_run(e.mp, 0);
    raw_stream *s = raw_find(&e.rp, e.control);
    moqt_msg got;
    /* Draft 07 has no SUBSCRIBES_BLOCKED; the second SUBSCRIBE must not go. */
    bool one_sub = raw_find_msg(p, s, MOQT_MSG_SUBSCRIBE, &got);
    TF_CHECK(one_sub);
    size_t subs = 0, off = 0;
    while (s && off < s->len) {
        moqt_msg m;
        moqt_ssize n = moqt_wire_decode_control(p, s->buf + off, s->len - off, &m, NULL);
        if (n <= 0) {
            break;
        }
        subs += m.kind == MOQT_MSG_SUBSCRIBE;
        off += (size_t)n;
    }
    TF_CHECK_EQ(subs, 1);
    if (moqt_profile_msg_type(p, MOQT_MSG_REQUESTS_BLOCKED)) {
        TF_REQUIRE(raw_find_msg(p, s, MOQT_MSG_REQUESTS_BLOCKED, &got));
        TF_CHECK_EQ(got.max_request_id, limit);
    }
    /* MAX_REQUEST_ID releases the second. */
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_MAX_REQUEST_ID);
    m.max_request_id = 10;
    const uint8_t *b;
    moqt_ssize n = raw_encode(&e, p, &m, &b);
    TF_REQUIRE(n > 0);
    TF_CHECK_INT(moqt_transport_write(e.ct, e.control, b, (size_t)n, false), (long long)n);
    moqt_mem_pair_run(e.mp, 0);
    subs = 0;
    off = 0;
    while (s && off < s->len) {
        moqt_msg m2;
        moqt_ssize k = moqt_wire_decode_control(p, s->buf + off, s->len - off, &m2, NULL);
        if (k <= 0) {
            break;
        }
        subs += m2.kind == MOQT_MSG_SUBSCRIBE;
        off += (size_t)k;
    }
    TF_CHECK_EQ(subs, 2);
    TF_CHECK(!e.sv.closed);
    raw_stop(&e);
}

/* Feeds |hex| as a raw client's first control bytes, the type byte alone
 * first (STACK.md: the JS clients write it separately). */
static void moq_lite_setup(const char *alpn, const char *hex, uint64_t want)
{
    static uint8_t bytes[128];
    size_t n = tf_unhex(hex, bytes, sizeof bytes);
    tf_alloc a;
    tf_alloc_init(&a, 0);
    moqt_mem_pair_settings ps;
    moqt_mem_pair_settings_default(&ps);
    ps.alpn = alpn;
    moqt_mem_pair *mp;
    TF_REQUIRE(moqt_mem_pair_new(&ps, &a.mem, &mp) == 0);
    raw_peer rp;
    memset(&rp, 0, sizeof rp);
    static const moqt_transport_callbacks cb = {
        .struct_size = sizeof(moqt_transport_callbacks),
        .stream_data = raw_data,
        .closed = raw_closed,
    };
    moqt_transport *ct = moqt_mem_pair_client(mp);
    moqt_transport_set_callbacks(ct, &cb, &rp);
    sh_peer sv;
    memset(&sv, 0, sizeof sv);
    TF_REQUIRE(moqt_session_server_new(moqt_mem_pair_server(mp), NULL, &sh_callbacks, &a.mem, &sv,
                                       &sv.s) == 0);
    moqt_mem_pair_run(mp, 0);
    uint64_t id;
    TF_REQUIRE(moqt_transport_open_stream(ct, true, &id) == 0);
    TF_CHECK_INT(moqt_transport_write(ct, id, bytes, 1, false), 1);
    moqt_mem_pair_run(mp, 0);
    TF_CHECK_INT(sv.setup_done, 0);
    TF_CHECK_INT(moqt_transport_write(ct, id, bytes + 1, n - 1, false), (long long)(n - 1));
    moqt_mem_pair_run(mp, 0);
    TF_CHECK_INT(sv.setup_done, 1);
    TF_CHECK_EQ(sv.version, want);
    TF_CHECK(!sv.closed);
    /* SERVER_SETUP grants request credit: without it these clients never
     * subscribe (STACK.md). */
    const moqt_profile *p = moqt_profile_for_version(want);
    moqt_msg m;
    TF_REQUIRE(raw_find_msg(p, raw_find(&rp, id), MOQT_MSG_SERVER_SETUP, &m));
    TF_CHECK(m.setup.has & MOQT_S_MAX_REQUEST_ID);
    TF_CHECK(m.setup.max_request_id > 0);
    if (p->version_in_setup) {
        TF_CHECK_EQ(m.setup.selected_version, want);
    }
    moqt_session_del(sv.s);
    moqt_mem_pair_del(mp);
    TF_CHECK_EQ(a.live, 0);
}

TF_TEST("session/compat", test_session_moq_lite_setups)
{
    /* STACK.md, captured from @moq/lite 0.2.2: the draft-14 path offers two
     * moq-lite versions and 0xff00000e; the moqt-16 path sends no versions. */
    moq_lite_setup("moq-00",
                   "20 00 2c 03 c0000000ff0dad02 c0000000ff0dad01 c0000000ff00000e"
                   " 02 02 8000a455 07 0b \"moq-lite-js\"",
                   MOQT_VERSION_DRAFT_14);
    moq_lite_setup("moqt-16", "20 00 13 02 02 8000a455 05 0b \"moq-lite-js\"",
                   MOQT_VERSION_DRAFT_16);
}

/* Sends SUBSCRIBE clock/second from a raw client named |implementation|, has
 * the server accept it with Largest {1234, 5}, and returns the raw bytes of the
 * SUBSCRIBE_OK's stream in |out|. */
static bool subscribe_ok_bytes(const moqt_profile *p, const char *implementation, raw_stream *out)
{
    raw_env e;
    if (!raw_start_as(&e, p, 10, implementation)) {
        return false;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE);
    m.ns.count = 1;
    m.ns.field[0] = (moqt_bytes){(const uint8_t *)"clock", 5};
    m.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    const uint8_t *b;
    moqt_ssize n = raw_encode(&e, p, &m, &b);
    uint64_t sid = e.control;
    bool ok = n > 0 && moqt_transport_open_stream(e.ct, true, &sid) == 0 &&
              moqt_transport_write(e.ct, sid, b, (size_t)n, false) == n;
    moqt_mem_pair_run(e.mp, 0);
    ok = ok && e.sv.nsubs == 1;
    if (ok) {
        moqt_location largest = {1234, 5};
        ok = moqt_session_subscribe_accept(e.sv.s, e.sv.sub_ids[0], &largest, 0) == 0;
        moqt_mem_pair_run(e.mp, 0);
    }
    raw_stream *s = ok ? raw_find(&e.rp, sid) : NULL;
    if (s) {
        *out = *s;
    }
    raw_stop(&e);
    return s != NULL;
}

/* STACK.md: @moq/lite reads 17+ LARGEST_OBJECT with a length prefix, against
 * mt-17 l.1926 (two bare integers). The session uses the length-prefixed form
 * only when the peer's setup names it "moq-lite..."; everyone else gets the
 * draft's encoding. The raw bytes are checked, not just a round trip. */
TF_DRAFT_TEST("session/compat", test_session_largest_object_form_per_peer)
{
    if (p->param_encoding != MOQT_PARAMS_TYPED) {
        return; /* Locations travel in KVPs before 17: every peer agrees */
    }
    raw_stream spec, lite;
    TF_REQUIRE(subscribe_ok_bytes(p, "some-other-stack", &spec));
    TF_REQUIRE(subscribe_ok_bytes(p, "moq-lite-js", &lite));
    moqt_msg m;
    TF_REQUIRE(raw_find_msg(p, &spec, MOQT_MSG_SUBSCRIBE_OK, &m));
    TF_CHECK(m.params.has & MOQT_P_LARGEST);
    TF_CHECK_EQ(m.params.largest.group, 1234);
    moqt_profile quirk = *p;
    quirk.location_params_length_prefixed = true;
    TF_CHECK(!raw_find_msg(p, &lite, MOQT_MSG_SUBSCRIBE_OK, &m)); /* not the draft's form */
    TF_REQUIRE(raw_find_msg(&quirk, &lite, MOQT_MSG_SUBSCRIBE_OK, &m));
    TF_CHECK(m.params.has & MOQT_P_LARGEST);
    TF_CHECK_EQ(m.params.largest.group, 1234);
    TF_CHECK_EQ(m.params.largest.object, 5);
    /* exactly one byte longer: the length of the two-integer Location */
    TF_CHECK_EQ(lite.len, spec.len + 1);
}
