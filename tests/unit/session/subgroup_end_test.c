/*
 * The subgroup_end callback, every draft 07..19: how a subscription's
 * subgroup stream ended (FIN, FIN with the header's End of Group bit 12+,
 * reset by the publisher with its code), once per stream and after every
 * object of the stream, for SUBSCRIBE and for an accepted PUBLISH (12+).
 */
#include "sess_harness.h"
#include "wire/data.h"

#define SE_MAX 16

/* What subgroup_end saw, and how many objects had arrived by then. */
static struct {
    int n;
    moqt_subgroup_end ev[SE_MAX];
    size_t objs_before[SE_MAX];
    bool unsubscribe_in_callback;
} se;

static int se_subgroup_end(moqt_session *s, const moqt_subgroup_end *end, void *ud)
{
    sh_peer *peer = ud;
    if (se.n < SE_MAX) {
        se.ev[se.n] = *end;
        se.objs_before[se.n] = peer->nobjs;
    }
    se.n++;
    if (se.unsubscribe_in_callback) {
        TF_CHECK_INT(moqt_session_unsubscribe(s, end->request_id, 0), 0);
    }
    return 0;
}

static int se_publish(moqt_session *s, uint64_t rid, const moqt_publish_request *req, void *ud)
{
    (void)req;
    (void)ud;
    return moqt_session_publish_accept(s, rid, NULL, 0);
}

static moqt_session_callbacks se_callbacks;

static bool se_start_with(sh_env *e, const moqt_profile *p, size_t max_object_size)
{
    memset(&se, 0, sizeof se);
    se_callbacks = sh_callbacks;
    se_callbacks.subgroup_end = se_subgroup_end;
    se_callbacks.publish = se_publish;
    sh_opts o;
    sh_opts_for(&o, p);
    o.callbacks = &se_callbacks;
    o.client_max_object_size = max_object_size;
    if (!sh_start(e, &o)) {
        return false;
    }
    sh_run(e);
    return e->c.setup_done == 1 && e->sv.setup_done == 1;
}

static bool se_start(sh_env *e, const moqt_profile *p)
{
    return se_start_with(e, p, 0);
}

/* Subscribes the client (the server accepts at once): Track Alias 0. */
static uint64_t se_subscribe(sh_env *e)
{
    uint64_t rid = 0;
    TF_CHECK_INT(sh_subscribe_clock(e, &rid), 0);
    sh_run(e);
    TF_CHECK_INT(e->c.sub_ok, 1);
    return rid;
}

/* Objects of |group| among the first |n| the client received. */
static size_t objs_of_group(const sh_peer *c, size_t n, uint64_t group)
{
    size_t k = 0;
    for (size_t i = 0; i < n && i < SH_MAX_OBJS; i++) {
        k += c->objs[i].group == group;
    }
    return k;
}

/* A subgroup header (alias 0, |group|, subgroup 0) and |nobjs| objects,
 * encoded with the wire codecs; 0 when the draft cannot express the header
 * (the End of Group bit before 12). */
static size_t build_stream(const moqt_profile *p, uint64_t group, bool end_of_group, int nobjs,
                           uint8_t *out, size_t cap)
{
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    h.group = group;
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_props = true;
    h.has_priority = true;
    h.publisher_priority = 7;
    h.end_of_group = end_of_group;
    moqt_ssize n = moqt_wire_encode_subgroup_header(p, &h, out, cap);
    if (n < 0) {
        return 0;
    }
    size_t off = (size_t)n;
    moqt_subgroup_stream st;
    moqt_subgroup_stream_init(&st, &h);
    for (int o = 0; o < nobjs; o++) {
        moqt_object_hdr oh;
        moqt_object_hdr_init(&oh);
        oh.object_id = (uint64_t)o;
        oh.payload_len = 2;
        n = moqt_wire_encode_subgroup_object(p, &st, &oh, out + off, cap - off);
        if (n < 0 || off + (size_t)n + 2 > cap) {
            return 0;
        }
        off += (size_t)n;
        out[off++] = 'o';
        out[off++] = (uint8_t)('0' + o);
    }
    return off;
}

/* Writes |data| on a new uni stream of the server's transport; returns its id. */
static uint64_t inject(sh_env *e, const uint8_t *data, size_t len, bool fin)
{
    moqt_transport *t = moqt_mem_pair_server(e->mp);
    uint64_t id = 0;
    TF_CHECK_INT(moqt_transport_open_stream(t, false, &id), 0);
    TF_CHECK_INT(moqt_transport_write(t, id, data, len, fin), (long long)len);
    return id;
}

/* mt-14 l.3461 / mt-19 l.4375: a publisher FINs a subgroup stream once every
 * object is on it; the session (like @moq/lite) sends no End of Group object. */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_fin_without_end_of_group_object)
{
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    uint64_t rid = se_subscribe(&e);
    sh_send_groups(&e, rid, 0, 3, 2);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 6);
    TF_REQUIRE(se.n == 3); /* once per stream */
    bool seen[3] = {false, false, false};
    for (int i = 0; i < 3; i++) {
        const moqt_subgroup_end *ev = &se.ev[i];
        TF_CHECK_EQ(ev->request_id, rid);
        TF_REQUIRE(ev->group < 3);
        TF_CHECK(!seen[ev->group]);
        seen[ev->group] = true;
        TF_CHECK_EQ(ev->subgroup, 0);
        TF_CHECK(ev->subgroup_known);
        TF_CHECK_INT(ev->how, MOQT_SUBGROUP_END_FIN);
        TF_CHECK(ev->has_last_object);
        TF_CHECK_EQ(ev->last_object_id, 1);
        TF_CHECK_EQ(ev->reset_code, 0);
        /* group_complete follows the header's bit (whatever our publisher chose). */
        TF_CHECK(ev->group_complete == ev->header_end_of_group);
        /* After both objects of its stream. */
        TF_CHECK_EQ(objs_of_group(&e.c, se.objs_before[i], ev->group), 2);
    }
    /* PUBLISH_DONE still counts the streams. */
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK_INT(se.n, 3);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* The header's End of Group bit (12+: types 0x18-0x1D in mt-14 l.3394, bit
 * 0x08 in mt-16 l.3435 / mt-19 l.4307): with a FIN the group is complete;
 * without the bit a FIN ends only the subgroup. */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_header_end_of_group)
{
    uint8_t buf[256];
    if (build_stream(p, 5, true, 3, buf, sizeof buf) == 0) {
        return; /* no End of Group bit before 12 */
    }
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    uint64_t rid = se_subscribe(&e);
    size_t n = build_stream(p, 5, true, 3, buf, sizeof buf);
    inject(&e, buf, n, true);
    sh_run(&e);
    n = build_stream(p, 6, false, 1, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    inject(&e, buf, n, true);
    sh_run(&e);
    TF_REQUIRE(se.n == 2);
    TF_CHECK_EQ(se.ev[0].request_id, rid);
    TF_CHECK_EQ(se.ev[0].group, 5);
    TF_CHECK_INT(se.ev[0].how, MOQT_SUBGROUP_END_FIN);
    TF_CHECK(se.ev[0].header_end_of_group);
    TF_CHECK(se.ev[0].group_complete);
    TF_CHECK_EQ(se.ev[0].last_object_id, 2);
    TF_CHECK_EQ(se.objs_before[0], 3);
    TF_CHECK_EQ(se.ev[1].group, 6);
    TF_CHECK(!se.ev[1].header_end_of_group);
    TF_CHECK(!se.ev[1].group_complete);
    TF_CHECK_EQ(se.ev[1].last_object_id, 0);
    TF_CHECK_EQ(se.objs_before[1], 4);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* mt-19 l.4378: a publisher that cannot deliver every object resets the
 * stream; the group's end is then unknown even with the bit (mt-14 l.3409). */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_reset_by_publisher)
{
    uint8_t buf[256];
    bool with_bit = build_stream(p, 2, true, 2, buf, sizeof buf) > 0;
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    uint64_t rid = se_subscribe(&e);
    size_t n = build_stream(p, 2, with_bit, 2, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    uint64_t id = inject(&e, buf, n, false);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 2);
    TF_CHECK_INT(se.n, 0); /* open: nothing to say yet */
    TF_CHECK_INT(moqt_transport_reset_stream(moqt_mem_pair_server(e.mp), id, 0x3), 0);
    sh_run(&e);
    TF_REQUIRE(se.n == 1);
    TF_CHECK_EQ(se.ev[0].request_id, rid);
    TF_CHECK_EQ(se.ev[0].group, 2);
    TF_CHECK_INT(se.ev[0].how, MOQT_SUBGROUP_END_RESET);
    TF_CHECK_EQ(se.ev[0].reset_code, 0x3);
    TF_CHECK(se.ev[0].has_last_object);
    TF_CHECK_EQ(se.ev[0].last_object_id, 1);
    TF_CHECK(se.ev[0].header_end_of_group == with_bit);
    TF_CHECK(!se.ev[0].group_complete);
    TF_CHECK_EQ(se.objs_before[0], 2);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* A stream reset before any object: no last object; a stream of FIN after
 * nothing but its header is complete and empty. */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_empty_streams)
{
    uint8_t buf[64];
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    se_subscribe(&e);
    size_t n = build_stream(p, 1, false, 0, buf, sizeof buf);
    TF_REQUIRE(n > 0);
    inject(&e, buf, n, true);
    sh_run(&e);
    uint64_t id = inject(&e, buf, n, false);
    sh_run(&e);
    TF_CHECK_INT(moqt_transport_reset_stream(moqt_mem_pair_server(e.mp), id, 0x1), 0);
    sh_run(&e);
    TF_REQUIRE(se.n == 2);
    TF_CHECK_INT(se.ev[0].how, MOQT_SUBGROUP_END_FIN);
    TF_CHECK(!se.ev[0].has_last_object);
    TF_CHECK_INT(se.ev[1].how, MOQT_SUBGROUP_END_RESET);
    TF_CHECK_EQ(se.ev[1].reset_code, 0x1);
    TF_CHECK(!se.ev[1].has_last_object);
    TF_CHECK_EQ(e.c.nobjs, 0);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* Unsubscribing inside the callback: nothing more for that request, and the
 * stream's accounting does not touch the freed request (ASan). */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_unsubscribe_inside)
{
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    uint64_t rid = se_subscribe(&e);
    se.unsubscribe_in_callback = true;
    sh_send_groups(&e, rid, 0, 2, 1);
    sh_run(&e);
    TF_CHECK_INT(se.n, 1);
    TF_CHECK_EQ(se.ev[0].request_id, rid);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* A PUBLISH-driven track (12+) reports its streams the same way. */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_publish_track)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    sh_env e;
    TF_REQUIRE(se_start(&e, p));
    static const moqt_bytes ns[] = {{(const uint8_t *)"clock", 5}};
    moqt_publish_params pp;
    moqt_publish_params_default(&pp);
    pp.track_namespace = (moqt_track_namespace){1, ns};
    pp.track_name = (moqt_bytes){(const uint8_t *)"second", 6};
    uint64_t rid = 0;
    TF_REQUIRE(moqt_session_publish(e.sv.s, &pp, &rid, 0) == 0);
    sh_run(&e);
    sh_send_groups(&e, rid, 3, 2, 3);
    sh_run(&e);
    TF_REQUIRE(e.c.nobjs == 6);
    TF_REQUIRE(se.n == 2);
    for (int i = 0; i < 2; i++) {
        TF_CHECK_EQ(se.ev[i].request_id, rid);
        TF_CHECK_INT(se.ev[i].how, MOQT_SUBGROUP_END_FIN);
        TF_CHECK_EQ(se.ev[i].last_object_id, 2);
        TF_CHECK_EQ(objs_of_group(&e.c, se.objs_before[i], se.ev[i].group), 3);
    }
    TF_CHECK(se.ev[0].group != se.ev[1].group);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}

/* An object over max_object_size: the subscriber stops the stream
 * (STOP_SENDING) and says so, after the objects before it. */
TF_DRAFT_TEST("session/subgroup_end", test_subgroup_end_stopped_on_large_object)
{
    sh_env e;
    TF_REQUIRE(se_start_with(&e, p, 8));
    uint64_t rid = se_subscribe(&e);
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 0, 0, 0, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, (const uint8_t *)"small", 5, 0),
                 0);
    TF_CHECK_INT(moqt_session_send_object(e.sv.s, rid, 0, 0, 1, 7, MOQT_OBJECT_STATE_NORMAL, NULL,
                                          0, (const uint8_t *)"far too large", 13, 0),
                 0);
    TF_CHECK_INT(moqt_session_end_subgroup(e.sv.s, rid, 0, 0, 0), 0);
    sh_run(&e);
    TF_CHECK_EQ(e.c.nobjs, 1);
    TF_REQUIRE(se.n == 1);
    TF_CHECK_EQ(se.ev[0].request_id, rid);
    TF_CHECK_INT(se.ev[0].how, MOQT_SUBGROUP_END_STOPPED);
    TF_CHECK(se.ev[0].has_last_object);
    TF_CHECK_EQ(se.ev[0].last_object_id, 0);
    TF_CHECK(!se.ev[0].group_complete);
    TF_CHECK_EQ(se.objs_before[0], 1);
    /* The publisher's reset after STOP_SENDING reports nothing more, and the
     * stream still counts for PUBLISH_DONE. */
    TF_CHECK_INT(moqt_session_publish_done(e.sv.s, rid, MOQT_DONE_REASON_TRACK_ENDED, NULL, 0), 0);
    sh_run(&e);
    TF_CHECK_INT(se.n, 1);
    TF_CHECK_INT(e.c.dones, 1);
    TF_CHECK(!e.c.closed && !e.sv.closed);
    sh_stop(&e);
}
