/*
 * Bridging objects between drafts (moqt_wire_bridge_object,
 * moqt_wire_bridge_subgroup_header): for every pair of drafts, a subgroup
 * stream and a datagram carrying every property the source draft defines
 * (Prior Group ID Gap 0x40 in 11-13 / 0x3C from 14, Prior Object ID Gap 0x3E,
 * Immutable Properties 0x0B, an unknown property) and, from 15, an inherited
 * priority are encoded under the source, decoded, bridged, encoded under the
 * target and decoded again; every value both drafts can express must survive.
 */
#include "tf.h"

#include "wire/bridge.h"
#include "wire/data.h"
#include "wire/kvp.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* TF_REQUIRE for the functions that return whether they ran to the end. */
#define REQ(c)                                                                                     \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            tf_fail(__FILE__, __LINE__, "%u -> %u: required: %s", from, to, #c);                   \
            return true;                                                                           \
        }                                                                                          \
    } while (0)

#define TRACK_PRIORITY 77 /* the track's default (DEFAULT_PUBLISHER_PRIORITY) */
#define UNKNOWN_TYPE   0x50
#define NESTED_TYPE    0x52

static uint64_t gap_type(unsigned d)
{
    return d >= 14 ? 0x3C : d >= 11 ? 0x40 : 0;
}

typedef struct src_opts {
    bool unknown, immutable; /* cleared when a refusal is expected */
} src_opts;

static uint8_t immutable_buf[64];

/* The properties of draft |d| (types ascending, as 16+ require). */
static void build_props(unsigned d, const src_opts *o, moqt_kvp_list *l)
{
    l->count = 0;
    if (d == 7) {
        return; /* no extension headers */
    }
    if (d >= 14 && o->immutable) {
        moqt_kvp_list nested = {0};
        (void)moqt_kvps_add_int(&nested, NESTED_TYPE, 5);
        moqt_ssize n = moqt_wire_encode_immutable_props(draft(d), &nested, immutable_buf,
                                                        sizeof(immutable_buf));
        TF_REQUIRE(n > 0);
        (void)moqt_kvps_add_bytes(l, 0x0B, (moqt_bytes){immutable_buf, (size_t)n});
    }
    if (gap_type(d) == 0x3C) {
        (void)moqt_kvps_add_int(l, 0x3C, 2);
        (void)moqt_kvps_add_int(l, 0x3E, 1);
    } else if (gap_type(d) == 0x40) {
        (void)moqt_kvps_add_int(l, 0x40, 2);
    }
    if (o->unknown) {
        size_t i = l->count;
        (void)moqt_kvps_add_int(l, UNKNOWN_TYPE, 42);
        while (i > 0 && l->item[i - 1].type > UNKNOWN_TYPE) {
            moqt_kvp t = l->item[i];
            l->item[i] = l->item[i - 1];
            l->item[i - 1] = t;
            i--;
        }
    }
}

/* Checks the properties of an object that went |from| -> |to|. */
static void check_props(unsigned from, unsigned to, const src_opts *o, const moqt_kvp_list *got)
{
    const moqt_kvp *kv;
    size_t want = 0;
    if (o->unknown && from >= 8 && to >= 8) {
        want++;
        kv = moqt_kvps_find(got, UNKNOWN_TYPE);
        if (!TF_CHECK(kv != NULL && kv->value == 42)) {
            tf_fail(__FILE__, __LINE__, "%u -> %u: unknown property lost", from, to);
        }
    }
    if (gap_type(from) && gap_type(to)) {
        want++;
        kv = moqt_kvps_find(got, gap_type(to));
        if (!TF_CHECK(kv != NULL && kv->value == 2)) {
            tf_fail(__FILE__, __LINE__, "%u -> %u: Prior Group ID Gap lost", from, to);
        }
    }
    if (from >= 14 && to >= 14) {
        want++;
        kv = moqt_kvps_find(got, 0x3E);
        TF_CHECK(kv != NULL && kv->value == 1);
    }
    if (o->immutable && from >= 14 && to >= 14) {
        want++;
        kv = moqt_kvps_find(got, 0x0B);
        moqt_kvp_list nested;
        if (TF_CHECK(kv != NULL) &&
            TF_CHECK(moqt_wire_decode_immutable_props(draft(to), kv->bytes, &nested, NULL) == 0)) {
            TF_CHECK_INT(nested.count, 1);
            TF_CHECK_INT(nested.item[0].type, NESTED_TYPE);
            TF_CHECK_INT(nested.item[0].value, 5);
        }
    }
    if (got->count != want) {
        tf_fail(__FILE__, __LINE__, "%u -> %u: %zu properties, want %zu", from, to, got->count,
                want);
    }
}

static uint8_t effective_priority(const moqt_object_hdr *o)
{
    return o->has_priority ? o->publisher_priority : TRACK_PRIORITY;
}

/* A refusal the bridge documents: Immutable Properties before 14, any
 * property in 07. */
static bool expect_refusal(unsigned from, unsigned to, const src_opts *o)
{
    return (o->immutable && from >= 14 && to < 14) || (o->unknown && from >= 8 && to == 7);
}

static void clear_refused(unsigned to, src_opts *o)
{
    if (to < 14) {
        o->immutable = false;
    }
    if (to == 7) {
        o->unknown = false;
    }
}

/* One subgroup stream from -> to; returns false when a refusal was expected
 * and met (the caller retries with |o| cleared). */
static bool subgroup_pair(unsigned from, unsigned to, moqt_subgroup_id_mode mode, src_opts *o)
{
    static uint8_t buf[512], out[512], scratch[256];
    const moqt_profile *pf = draft(from), *pt = draft(to);
    moqt_subgroup_header h = {0};
    h.track_alias = 3;
    h.group = 10;
    h.subgroup = mode == MOQT_SUBGROUP_ID_EXPLICIT ? 5 : 0;
    h.subgroup_mode = from >= 11 ? mode : MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_props = from >= 8;
    h.end_of_group = from >= 12;
    h.has_priority = from < 15; /* 15+: inherit the track's priority */
    h.publisher_priority = 200;
    moqt_object_hdr objs[2];
    moqt_object_hdr_init(&objs[0]);
    objs[0].object_id = 4;
    objs[0].payload_len = 3;
    build_props(from, o, &objs[0].props);
    moqt_object_hdr_init(&objs[1]);
    objs[1].object_id = 6;
    objs[1].status = MOQT_OBJECT_END_OF_GROUP;

    /* Encode and decode under |from|. */
    moqt_ssize n = moqt_wire_encode_subgroup_header(pf, &h, buf, sizeof(buf));
    REQ(n > 0);
    size_t len = (size_t)n;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &h);
    for (int i = 0; i < 2; i++) {
        n = moqt_wire_encode_subgroup_object(pf, &s, &objs[i], buf + len, sizeof(buf) - len);
        REQ(n > 0);
        len += (size_t)n;
    }
    moqt_subgroup_header ha;
    moqt_object_hdr a[2];
    n = moqt_wire_decode_subgroup_header(pf, buf, len, &ha, NULL);
    REQ(n > 0);
    size_t pos = (size_t)n;
    moqt_subgroup_stream_init(&s, &ha);
    for (int i = 0; i < 2; i++) {
        n = moqt_wire_decode_subgroup_object(pf, &s, buf + pos, len - pos, &a[i], NULL);
        REQ(n > 0);
        pos += (size_t)n;
    }

    /* Bridge. The header of a FIRST_OBJECT stream is bridged once the first
     * Object ID is known (bridge.h); ZERO mode means Subgroup ID 0. */
    moqt_subgroup_header hb = ha;
    TF_CHECK_INT(moqt_wire_bridge_subgroup_header(pf, pt, &hb, TRACK_PRIORITY), 0);
    moqt_object_hdr b[2] = {a[0], a[1]};
    uint8_t *sp = scratch;
    for (int i = 0; i < 2; i++) {
        int rv = moqt_wire_bridge_object(pf, pt, &b[i], TRACK_PRIORITY, sp, 128);
        if (rv == MOQT_ERR_UNSUPPORTED && i == 0 && expect_refusal(from, to, o)) {
            return false;
        }
        TF_CHECK_INT(rv, 0);
        sp += 128;
    }
    TF_CHECK(!expect_refusal(from, to, o));

    /* Encode and decode under |to|. */
    n = moqt_wire_encode_subgroup_header(pt, &hb, out, sizeof(out));
    if (n <= 0) {
        tf_fail(__FILE__, __LINE__, "%u -> %u: header encode %lld", from, to, (long long)n);
        return true;
    }
    len = (size_t)n;
    moqt_subgroup_stream_init(&s, &hb);
    for (int i = 0; i < 2; i++) {
        n = moqt_wire_encode_subgroup_object(pt, &s, &b[i], out + len, sizeof(out) - len);
        if (n <= 0) {
            tf_fail(__FILE__, __LINE__, "%u -> %u: object %d encode %lld", from, to, i,
                    (long long)n);
            return true;
        }
        len += (size_t)n;
    }
    moqt_subgroup_header hc;
    moqt_object_hdr c[2];
    n = moqt_wire_decode_subgroup_header(pt, out, len, &hc, NULL);
    REQ(n > 0);
    pos = (size_t)n;
    moqt_subgroup_stream_init(&s, &hc);
    for (int i = 0; i < 2; i++) {
        n = moqt_wire_decode_subgroup_object(pt, &s, out + pos, len - pos, &c[i], NULL);
        REQ(n > 0);
        pos += (size_t)n;
    }
    TF_CHECK_INT(pos, len);
    TF_CHECK_INT(hc.track_alias, 3);
    TF_CHECK_INT(hc.group, 10);
    TF_CHECK_INT(c[0].subgroup, a[0].subgroup);
    TF_CHECK_INT(hc.end_of_group, from >= 12 && to >= 12);
    for (int i = 0; i < 2; i++) {
        TF_CHECK_INT(c[i].object_id, a[i].object_id);
        TF_CHECK_INT(c[i].payload_len, a[i].payload_len);
        TF_CHECK_INT(c[i].status, a[i].status);
        TF_CHECK_INT(effective_priority(&c[i]), effective_priority(&a[i]));
    }
    check_props(from, to, o, &c[0].props);
    return true;
}

TF_TEST("wire/bridge_object", subgroup_streams_every_pair)
{
    static const moqt_subgroup_id_mode modes[] = {MOQT_SUBGROUP_ID_EXPLICIT, MOQT_SUBGROUP_ID_ZERO};
    unsigned refused = 0;
    for (unsigned from = 7; from <= 19; from++) {
        for (unsigned to = 7; to <= 19; to++) {
            for (size_t m = 0; m < 2; m++) {
                src_opts o = {true, true};
                if (!subgroup_pair(from, to, modes[m], &o)) {
                    refused++;
                    clear_refused(to, &o);
                    TF_CHECK(subgroup_pair(from, to, modes[m], &o));
                }
            }
        }
    }
    TF_CHECK(refused > 0);
}

/* One datagram from -> to (see subgroup_pair). */
static bool datagram_pair(unsigned from, unsigned to, src_opts *o)
{
    static uint8_t buf[256], out[256], scratch[128];
    const moqt_profile *pf = draft(from), *pt = draft(to);
    moqt_object_hdr d;
    moqt_object_hdr_init(&d);
    d.track_alias = 3;
    d.group = 10;
    d.object_id = 4;
    d.has_priority = from < 15;
    d.publisher_priority = 200;
    d.end_of_group = from >= 12;
    d.payload = (moqt_bytes){(const uint8_t *)"abc", 3};
    d.payload_len = 3;
    build_props(from, o, &d.props);
    moqt_ssize n = moqt_wire_encode_datagram(pf, &d, buf, sizeof(buf));
    REQ(n > 0);
    moqt_object_hdr a, c;
    REQ(moqt_wire_decode_datagram(pf, buf, (size_t)n, &a, NULL) == n);
    moqt_object_hdr b = a;
    int rv = moqt_wire_bridge_object(pf, pt, &b, TRACK_PRIORITY, scratch, sizeof(scratch));
    if (rv == MOQT_ERR_UNSUPPORTED && expect_refusal(from, to, o)) {
        return false;
    }
    TF_CHECK_INT(rv, 0);
    TF_CHECK(!expect_refusal(from, to, o));
    n = moqt_wire_encode_datagram(pt, &b, out, sizeof(out));
    if (n <= 0) {
        tf_fail(__FILE__, __LINE__, "%u -> %u: datagram encode %lld", from, to, (long long)n);
        return true;
    }
    REQ(moqt_wire_decode_datagram(pt, out, (size_t)n, &c, NULL) == n);
    TF_CHECK_INT(c.track_alias, 3);
    TF_CHECK_INT(c.group, 10);
    TF_CHECK_INT(c.object_id, 4);
    TF_CHECK(moqt_bytes_eq(c.payload, a.payload));
    TF_CHECK_INT(effective_priority(&c), effective_priority(&a));
    TF_CHECK_INT(c.end_of_group, from >= 12 && to >= 12);
    check_props(from, to, o, &c.props);
    return true;
}

TF_TEST("wire/bridge_object", datagrams_every_pair)
{
    unsigned refused = 0;
    for (unsigned from = 7; from <= 19; from++) {
        for (unsigned to = 7; to <= 19; to++) {
            src_opts o = {true, true};
            if (!datagram_pair(from, to, &o)) {
                refused++;
                clear_refused(to, &o);
                TF_CHECK(datagram_pair(from, to, &o));
            }
        }
    }
    TF_CHECK(refused > 0);
}

TF_TEST("wire/bridge_object", prior_group_gap_type_numbers)
{
    /* 11-13 name it 0x40 (mt-11 l.3350), 14+ 0x3C (mt-14 l.3658). */
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    (void)moqt_kvps_add_int(&o.props, 0x40, 7);
    TF_CHECK_INT(moqt_wire_bridge_object(draft(13), draft(14), &o, 128, NULL, 0), 0);
    TF_CHECK_INT(o.props.count, 1);
    TF_CHECK_INT(o.props.item[0].type, 0x3C);
    TF_CHECK_INT(moqt_wire_bridge_object(draft(14), draft(11), &o, 128, NULL, 0), 0);
    TF_CHECK_INT(o.props.item[0].type, 0x40);
    /* Before 11 there is none: dropped. */
    TF_CHECK_INT(moqt_wire_bridge_object(draft(11), draft(10), &o, 128, NULL, 0), 0);
    TF_CHECK_INT(o.props.count, 0);
    /* 0x40 is unknown in 14+, 0x3C in 11-13: an unknown 0x3C from 12 must
     * not become a gap in 14, nor an unknown 0x40 from 14 one in 12. */
    moqt_object_hdr_init(&o);
    (void)moqt_kvps_add_int(&o.props, 0x3C, 7);
    TF_CHECK_INT(moqt_wire_bridge_object(draft(12), draft(14), &o, 128, NULL, 0), 0);
    TF_CHECK_INT(o.props.count, 0);
    moqt_object_hdr_init(&o);
    (void)moqt_kvps_add_int(&o.props, 0x40, 7);
    TF_CHECK_INT(moqt_wire_bridge_object(draft(14), draft(12), &o, 128, NULL, 0), 0);
    TF_CHECK_INT(o.props.count, 0);
}

TF_TEST("wire/bridge_object", inherited_priority_and_small_scratch)
{
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.has_priority = false;
    TF_CHECK_INT(moqt_wire_bridge_object(draft(15), draft(16), &o, 9, NULL, 0), 0);
    TF_CHECK(!o.has_priority);
    TF_CHECK_INT(moqt_wire_bridge_object(draft(15), draft(14), &o, 9, NULL, 0), 0);
    TF_CHECK(o.has_priority);
    TF_CHECK_INT(o.publisher_priority, 9);
    /* Immutable Properties 15 -> 16 need re-encoding (delta-coded types from
     * 16): no scratch space is MOQT_ERR_NOBUF. */
    uint8_t val[16];
    moqt_kvp_list nested = {0};
    (void)moqt_kvps_add_int(&nested, 0x60, 1);
    (void)moqt_kvps_add_int(&nested, 0x62, 2);
    moqt_ssize n = moqt_wire_encode_immutable_props(draft(15), &nested, val, sizeof(val));
    TF_REQUIRE(n > 0);
    moqt_object_hdr_init(&o);
    (void)moqt_kvps_add_bytes(&o.props, 0x0B, (moqt_bytes){val, (size_t)n});
    moqt_object_hdr copy = o;
    TF_CHECK_INT(moqt_wire_bridge_object(draft(15), draft(16), &copy, 9, NULL, 0), MOQT_ERR_NOBUF);
    uint8_t scratch[16];
    TF_CHECK_INT(moqt_wire_bridge_object(draft(15), draft(16), &o, 9, scratch, sizeof(scratch)), 0);
    /* 16 writes the second type as a delta: 40 60 01, 02 02. */
    TF_CHECK_BYTES(o.props.item[0].bytes.base, o.props.item[0].bytes.len,
                   (const uint8_t *)"\x40\x60\x01\x02\x02", 5);
    TF_CHECK_INT(moqt_wire_bridge_object(NULL, draft(16), &o, 9, NULL, 0),
                 MOQT_ERR_INVALID_ARGUMENT);
}

TF_TEST("wire/bridge_object", end_of_track_status)
{
    /* 11+ End of Track also ends the group (mt-11 l.2940): 07-10 say End of
     * Track and Group (0x4); 07 has no End of Track alone. */
    static const struct {
        unsigned from, to;
        moqt_object_status in, out;
    } cases[] = {
        {11, 10, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK_AND_GROUP},
        {19, 7, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK_AND_GROUP},
        {8, 7, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK_AND_GROUP},
        {8, 10, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK},
        {10, 19, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK},
        {14, 12, MOQT_OBJECT_END_OF_TRACK, MOQT_OBJECT_END_OF_TRACK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        moqt_object_hdr o;
        moqt_object_hdr_init(&o);
        o.status = cases[i].in;
        TF_CHECK_INT(
            moqt_wire_bridge_object(draft(cases[i].from), draft(cases[i].to), &o, 128, NULL, 0), 0);
        TF_CHECK_INT(o.status, cases[i].out);
        /* The bridged status can be sent on a subgroup stream of the target. */
        moqt_subgroup_header h = {0};
        h.has_priority = true;
        h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
        h.has_props = cases[i].to >= 8 && cases[i].to <= 10;
        moqt_subgroup_stream s;
        moqt_subgroup_stream_init(&s, &h);
        uint8_t buf[32];
        TF_CHECK(moqt_wire_encode_subgroup_object(draft(cases[i].to), &s, &o, buf, sizeof(buf)) >
                 0);
    }
}
