/*
 * Objects by datagram between two sessions, every draft 07..19: whole groups
 * by datagram, status datagrams, the draft's Subgroup ID rule, an unknown
 * Track Alias (dropped, or held briefly while a SUBSCRIBE waits for it), a
 * malformed datagram (PROTOCOL_VIOLATION), the size limit, the 07-15 rule
 * of one forwarding preference per track, and a PUBLISHed track (12+).
 */
#include "sess_harness.h"
#include "wire/data.h"

/* What the object callback saw beyond sh_obj. */
static bool dg_flag[SH_MAX_OBJS];
static size_t dg_props[SH_MAX_OBJS];
static uint64_t dg_prop_value[SH_MAX_OBJS];

static int dg_object(moqt_session *s, const moqt_object *o, void *ud)
{
    sh_peer *p = ud;
    if (p->nobjs < SH_MAX_OBJS) {
        dg_flag[p->nobjs] = o->datagram;
        dg_props[p->nobjs] = o->property_count;
        dg_prop_value[p->nobjs] = o->property_count ? o->properties[0].value : 0;
    }
    return sh_object(s, o, ud);
}

static moqt_session_callbacks dg_callbacks(void)
{
    moqt_session_callbacks cb = sh_callbacks;
    cb.object = dg_object;
    return cb;
}

/* A pair with a client subscribed to clock/second (accepted); returns its ID. */
static uint64_t dg_start(sh_env *e, const moqt_profile *p, const moqt_session_callbacks *cb)
{
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = cb;
    memset(dg_flag, 0, sizeof dg_flag);
    if (!sh_start(e, &o)) {
        return UINT64_MAX;
    }
    sh_run(e);
    uint64_t rid = UINT64_MAX;
    if (sh_subscribe_clock(e, &rid) != 0) {
        return UINT64_MAX;
    }
    sh_run(e);
    return e->c.sub_ok == 1 ? rid : UINT64_MAX;
}

/* Sends a datagram of raw bytes from the server's transport, under the session. */
static void inject_server_datagram(sh_env *e, const uint8_t *data, size_t len)
{
    TF_CHECK_INT(moqt_transport_send_datagram(moqt_mem_pair_server(e->mp), data, len), 0);
}

static size_t build_datagram(const moqt_profile *p, uint64_t alias, uint64_t group, uint64_t obj,
                             const char *payload, uint8_t *out, size_t cap)
{
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.track_alias = alias;
    o.group = group;
    o.object_id = obj;
    o.publisher_priority = 9;
    o.payload = (moqt_bytes){(const uint8_t *)payload, strlen(payload)};
    o.payload_len = o.payload.len;
    moqt_ssize n = moqt_wire_encode_datagram(p, &o, out, cap);
    return n > 0 ? (size_t)n : 0;
}

TF_DRAFT_TEST("session/datagram", test_datagram_groups_intact)
{
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    TF_REQUIRE(e.sv.nsubs == 1);
    uint64_t sub = e.sv.sub_ids[0];
    for (uint64_t g = 0; g < 3; g++) {
        for (uint64_t o = 0; o < 5; o++) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "g%llu-o%llu", (unsigned long long)g,
                             (unsigned long long)o);
            TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub, g, o, 5,
                                                           MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                           (const uint8_t *)buf, (size_t)n, 0),
                         0);
        }
    }
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 15);
    bool seen[3][5] = {{false}};
    for (size_t i = 0; i < e.c.nobjs; i++) {
        const sh_obj *r = &e.c.objs[i];
        TF_REQUIRE(r->group < 3 && r->object_id < 5);
        TF_CHECK(!seen[r->group][r->object_id]);
        seen[r->group][r->object_id] = true;
        char exp[32];
        int n = snprintf(exp, sizeof exp, "g%llu-o%llu", (unsigned long long)r->group,
                         (unsigned long long)r->object_id);
        TF_CHECK_BYTES((const uint8_t *)r->payload, r->len, (const uint8_t *)exp, (size_t)n);
        TF_CHECK_EQ(r->rid, rid);
        TF_CHECK_EQ(r->prio, 5);
        TF_CHECK(r->status == MOQT_OBJECT_STATE_NORMAL);
        TF_CHECK(dg_flag[i]);
        /* 08-15: Subgroup ID = Object ID (mt-08 l.2641, mt-15 l.3598); 07, 16+: none. */
        TF_CHECK_EQ(r->subgroup, p->datagram_subgroup_is_object_id ? r->object_id : 0);
    }
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/datagram", test_datagram_status_and_properties)
{
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    uint64_t sub = e.sv.sub_ids[0];
    TF_CHECK_INT(moqt_session_send_object_datagram(
                     e.sv.s, sub, 7, 3, 1, MOQT_OBJECT_STATE_END_OF_GROUP, NULL, 0, NULL, 0, 0),
                 0);
    /* A status object carries no payload. */
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub, 7, 4, 1,
                                                   MOQT_OBJECT_STATE_END_OF_GROUP, NULL, 0,
                                                   (const uint8_t *)"x", 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    /* Properties: 07 has none (MOQT_ERR_UNSUPPORTED), 08+ carry them. */
    moqt_property prop = {.type = 0x2, .value = 42};
    int prv = moqt_session_send_object_datagram(e.sv.s, sub, 8, 0, 1, MOQT_OBJECT_STATE_NORMAL,
                                                &prop, 1, (const uint8_t *)"p", 1, 0);
    bool has_ext = moqt_profile_msg_type(p, MOQT_MSG_REQUESTS_BLOCKED) || p->has_track_properties;
    TF_CHECK_INT(prv, has_ext ? 0 : MOQT_ERR_UNSUPPORTED);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == (has_ext ? 2u : 1u));
    TF_CHECK(e.c.objs[0].status == MOQT_OBJECT_STATE_END_OF_GROUP);
    TF_CHECK_EQ(e.c.objs[0].group, 7);
    TF_CHECK_EQ(e.c.objs[0].object_id, 3);
    TF_CHECK_EQ(e.c.objs[0].len, 0);
    if (has_ext) {
        TF_CHECK_EQ(dg_props[1], 1);
        TF_CHECK_EQ(dg_prop_value[1], 42);
        TF_CHECK_BYTES((const uint8_t *)e.c.objs[1].payload, e.c.objs[1].len, (const uint8_t *)"p",
                       1);
    }
    sh_stop(&e);
}

TF_DRAFT_TEST("session/datagram", test_datagram_unknown_alias_dropped)
{
    static uint8_t dg[64];
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    size_t n = build_datagram(p, 99, 1, 1, "lost", dg, sizeof dg);
    TF_REQUIRE(n > 0);
    for (int i = 0; i < 40; i++) {
        inject_server_datagram(&e, dg, n);
    }
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    /* The known alias still works afterwards. */
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, e.sv.sub_ids[0], 1, 0, 1,
                                                   MOQT_OBJECT_STATE_NORMAL, NULL, 0,
                                                   (const uint8_t *)"ok", 2, 0),
                 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 1);
    sh_stop(&e);
}

/* 12+: a datagram that beats SUBSCRIBE_OK is held (bounded) and delivered
 * once the alias is known (mt-12 l.3278); 07-11: the alias is the
 * subscriber's, known before any datagram. */
TF_DRAFT_TEST("session/datagram", test_datagram_before_subscribe_ok)
{
    static uint8_t dg[64];
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &cb;
    TF_REQUIRE(sh_start(&e, &o));
    e.sv.mode = SH_HOLD;
    sh_run(&e);
    uint64_t rid;
    TF_REQUIRE(sh_subscribe_clock(&e, &rid) == 0);
    sh_run(&e);
    TF_REQUIRE(e.sv.nsubs == 1);
    /* The first alias either side hands out is 0; more than the bound (32). */
    for (uint64_t i = 0; i < 40; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "e%llu", (unsigned long long)i);
        size_t n = build_datagram(p, 0, 2, i, buf, dg, sizeof dg);
        TF_REQUIRE(n > 0);
        inject_server_datagram(&e, dg, n);
        if (i % 8 == 7) {
            sh_run(&e); /* the transport's datagram queue holds 64 */
        }
    }
    sh_run(&e);
    bool by_publisher = p->alias_owner == MOQT_ALIAS_BY_PUBLISHER;
    TF_CHECK_EQ(e.c.nobjs, by_publisher ? 0 : 40);
    TF_CHECK_INT(moqt_session_subscribe_accept(e.sv.s, rid, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.sub_ok, 1);
    /* 12+: the newest 32 survive the bound, oldest dropped first. */
    TF_REQUIRE(e.c.nobjs == (by_publisher ? 32u : 40u));
    TF_CHECK_EQ(e.c.objs[0].object_id, by_publisher ? 8 : 0);
    TF_CHECK(!e.c.closed);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/datagram", test_datagram_malformed_closes)
{
    static uint8_t dg[64];
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    size_t n = build_datagram(p, 0, 300, 1, "x", dg, sizeof dg);
    TF_REQUIRE(n > 3);
    /* Type and alias, then the Group ID cut short: the datagram ends inside a field. */
    inject_server_datagram(&e, dg, 3);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 0);
    uint64_t pv;
    TF_REQUIRE(
        moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_PROTOCOL_VIOLATION, &pv) == 0);
    TF_CHECK(e.c.closed);
    TF_CHECK(e.sv.closed && e.sv.closed_remote);
    TF_CHECK_EQ(e.sv.close_code, pv);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/datagram", test_datagram_unknown_type_closes)
{
    static const uint8_t bad[] = {0x3f, 0x00, 0x00, 0x00};
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    /* 0x3f: no draft's datagram type (mt-07 l.2029 "MUST close the session"). */
    inject_server_datagram(&e, bad, sizeof bad);
    sh_run(&e);
    uint64_t pv;
    TF_REQUIRE(
        moqt_errcode_to_wire(p, MOQT_ERRTAB_TERMINATION, MOQT_TERM_PROTOCOL_VIOLATION, &pv) == 0);
    TF_CHECK(e.sv.closed);
    TF_CHECK_EQ(e.sv.close_code, pv);
    sh_stop(&e);
}

TF_DRAFT_TEST("session/datagram", test_datagram_limits)
{
    static uint8_t big[1500];
    moqt_session_callbacks cb = dg_callbacks();
    sh_env e;
    uint64_t rid = dg_start(&e, p, &cb);
    TF_REQUIRE(rid != UINT64_MAX);
    uint64_t sub = e.sv.sub_ids[0];
    memset(big, 'b', sizeof big);
    /* The in-memory pair's datagrams hold 1200 bytes. */
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub, 0, 0, 1, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, big, sizeof big, 0),
                 MOQT_ERR_NOBUF);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub, 0, 0, 1, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, big, 1100, 0),
                 0);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub + 100, 0, 1, 1,
                                                   MOQT_OBJECT_STATE_NORMAL, NULL, 0, big, 1, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
    /* One forwarding preference per track in 07-15 (mt-11 l.2871); 16+ mix. */
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, sub, 1, 0, 0, 1, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, big, 4, 0),
                 0);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, sub, 2, 0, 1, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, big, 4, 0),
                 p->may_mix_forwarding ? 0 : MOQT_ERR_INVALID_STATE);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, p->may_mix_forwarding ? 3 : 2);
    size_t ndg = 0;
    for (size_t i = 0; i < e.c.nobjs && i < SH_MAX_OBJS; i++) {
        ndg += dg_flag[i];
        if (e.c.objs[i].group == 0) {
            TF_CHECK(dg_flag[i]);
            TF_CHECK_EQ(e.c.objs[i].len, sizeof e.c.objs[i].payload); /* clipped copy of 1100 */
        } else {
            TF_CHECK_EQ(dg_flag[i], e.c.objs[i].group == 2); /* group 1 came on a stream */
        }
    }
    TF_CHECK_EQ(ndg, p->may_mix_forwarding ? 2 : 1);
    sh_stop(&e);
}

/* A published track (PUBLISH, 12+) by datagram: datagrams before the
 * subscriber's answer wait for it, later ones flow at once. */
static uint64_t g_pub_id;
static int g_pubs;

static int dg_publish(moqt_session *s, uint64_t rid, const moqt_publish_request *req, void *ud)
{
    (void)s;
    (void)req;
    (void)ud;
    g_pubs++;
    g_pub_id = rid;
    return 0; /* answered later */
}

TF_DRAFT_TEST("session/datagram", test_datagram_publish_track)
{
    if (!p->has_publish) {
        return;
    }
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_session_callbacks cb = dg_callbacks();
    cb.publish = dg_publish;
    g_pubs = 0;
    memset(dg_flag, 0, sizeof dg_flag);
    sh_env e;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &cb;
    TF_REQUIRE(sh_start(&e, &o));
    sh_run(&e);
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t rid;
    TF_REQUIRE(moqt_session_publish(e.sv.s, &pp, &rid, 0) == 0);
    sh_run(&e);
    TF_REQUIRE(g_pubs == 1);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, rid, 0, 0, 4, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, (const uint8_t *)"early", 5, 0),
                 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 0); /* held until the PUBLISH is accepted */
    TF_CHECK_INT(moqt_session_publish_accept(e.c.s, g_pub_id, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(moqt_session_send_object_datagram(e.sv.s, rid, 0, 1, 4, MOQT_OBJECT_STATE_NORMAL,
                                                   NULL, 0, (const uint8_t *)"late", 4, 0),
                 0);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 2);
    TF_CHECK_BYTES((const uint8_t *)e.c.objs[0].payload, e.c.objs[0].len, (const uint8_t *)"early",
                   5);
    TF_CHECK_BYTES((const uint8_t *)e.c.objs[1].payload, e.c.objs[1].len, (const uint8_t *)"late",
                   4);
    TF_CHECK_EQ(e.c.objs[0].rid, g_pub_id);
    TF_CHECK(dg_flag[0] && dg_flag[1]);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
