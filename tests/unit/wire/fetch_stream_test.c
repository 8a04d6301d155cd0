/* FETCH streams of every draft. */
#include "tf.h"

#include "wire/data.h"

/* Decode |hex| as one item and check it re-encodes to the same bytes with a
 * twin encoder state. Returns the decoded header length. */
static moqt_ssize ff_one(const moqt_profile *p, moqt_fetch_stream *ds, moqt_fetch_stream *es,
                         const char *hex, moqt_object_hdr *o, size_t payload)
{
    uint8_t b[64], out[64];
    size_t n = tf_unhex(hex, b, sizeof(b));
    const char *why = NULL;
    moqt_fetch_stream before = *ds;
    moqt_ssize r = moqt_wire_decode_fetch_object(p, ds, b, n, o, &why);
    if (r != (moqt_ssize)(n - payload)) {
        tf_fail(__FILE__, __LINE__, "decode %s: %lld (%s)", hex, (long long)r, why ? why : "");
        return r;
    }
    moqt_ssize e = moqt_wire_encode_fetch_object(p, es, o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b, (size_t)r);
    /* Truncations need more bytes and leave the state alone. */
    for (size_t k = 0; k < (size_t)r; k++) {
        moqt_fetch_stream t = before;
        moqt_object_hdr junk;
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &t, b, k, &junk, NULL),
                     MOQT_ERR_WIRE_NEED_MORE);
    }
    return r;
}

TF_DRAFT_TEST("wire/fetch", header)
{
    uint8_t b[8], out[8];
    size_t n = tf_unhex("05 03", b, sizeof(b)); /* mt-07 l.2193, mt-14 l.3561 */
    uint64_t id;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, b, n, &id, NULL), 2);
    TF_CHECK_EQ(id, 3);
    TF_CHECK_INT(moqt_wire_encode_fetch_header(p, 3, out, sizeof(out)), 2);
    TF_CHECK_BYTES(out, 2, b, 2);
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, b, 1, &id, NULL), MOQT_ERR_WIRE_NEED_MORE);
    b[0] = 0x04;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, b, n, &id, NULL), MOQT_ERR_WIRE_MALFORMED);
}

/* Group 5, Subgroup 7, Object 2, Priority 0x80, payload "abcd", property
 * {0x04: 7} (16+: and {0x0D: "ab"}); then Object 3, End of Group status (<=15)
 * or an empty Normal object (16+, no status field: mt-16 l.3235). */
TF_DRAFT_TEST("wire/fetch", figure_vectors)
{
    const char *o0, *o1;
    switch (p->draft) {
    case 7: /* mt-07 l.2213 */
        o0 = "05 07 02 80 04 \"abcd\"";
        o1 = "05 07 03 80 00 03";
        break;
    case 8: /* mt-08 l.2637: Extension Count */
        o0 = "05 07 02 80 01 04 07 04 \"abcd\"";
        o1 = "05 07 03 80 00 00 03";
        break;
    case 9:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14: /* mt-09 l.2653, mt-11 l.3277, mt-14 l.3584 */
        o0 = "05 07 02 80 02 04 07 04 \"abcd\"";
        o1 = "05 07 03 80 00 00 03";
        break;
    case 15: /* mt-15 l.3552: flags 0x3F = all fields; then 0x01 = prior subgroup */
        o0 = "3f 05 07 02 80 02 04 07 04 \"abcd\"";
        o1 = "01 00 03";
        break;
    default: /* mt-16 l.3626, mt-18 l.4205 (first object: absolute) */
        o0 = "3f 05 07 02 80 06 04 07 09 02 \"ab\" 04 \"abcd\"";
        o1 = "01 00";
        break;
    }
    moqt_fetch_stream ds, es;
    moqt_fetch_stream_init(&ds, false);
    moqt_fetch_stream_init(&es, false);
    moqt_object_hdr o;
    TF_REQUIRE(ff_one(p, &ds, &es, o0, &o, 4) > 0);
    TF_CHECK_INT(o.kind, MOQT_ITEM_OBJECT);
    TF_CHECK_EQ(o.group, 5);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.object_id, 2);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    TF_CHECK(o.has_priority);
    TF_CHECK_EQ(o.payload_len, 4);
    TF_CHECK_EQ(o.props.count, p->draft == 7 ? 0 : p->draft >= 16 ? 2 : 1);
    TF_REQUIRE(ff_one(p, &ds, &es, o1, &o, 0) > 0);
    TF_CHECK_EQ(o.group, 5);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.object_id, 3);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    TF_CHECK_EQ(o.payload_len, 0);
    TF_CHECK_INT(o.status, p->draft <= 15 ? MOQT_OBJECT_END_OF_GROUP : MOQT_OBJECT_NORMAL);
    if (p->draft < 16) {
        return;
    }
    /* End of Non-Existent Range to (6, 0): flags 0x8C, Group, Object, nothing
     * else (mt-16 l.3685; our decision: no Payload Length, absolute IDs). */
    const char *eor = p->int_kind == MOQT_INT_QUIC ? "40 8c 06 00" : "80 8c 06 00";
    TF_REQUIRE(ff_one(p, &ds, &es, eor, &o, 0) == 4);
    TF_CHECK_INT(o.kind, MOQT_ITEM_END_OF_NONEXISTENT_RANGE);
    TF_CHECK_EQ(o.group, 6);
    TF_CHECK_EQ(o.object_id, 0);
    /* A Datagram object (flags 0x40, mt-16 l.3679): Object 1 = prior + 1 in
     * group 6 (the range's), priority from the last actual object. */
    const char *dg = p->int_kind == MOQT_INT_QUIC ? "40 40 01 \"z\"" : "40 01 \"z\"";
    TF_REQUIRE(ff_one(p, &ds, &es, dg, &o, 1) > 0);
    TF_CHECK(o.datagram);
    TF_CHECK_EQ(o.group, 6);
    TF_CHECK_EQ(o.object_id, 1);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    /* End of Unknown Range 0x10C. */
    eor = p->int_kind == MOQT_INT_QUIC ? "41 0c 09 04" : "81 0c 09 04";
    TF_REQUIRE(ff_one(p, &ds, &es, eor, &o, 0) == 4);
    TF_CHECK_INT(o.kind, MOQT_ITEM_END_OF_UNKNOWN_RANGE);
    TF_CHECK_EQ(o.group, 9);
    TF_CHECK_EQ(o.object_id, 4);
    /* The prior object was a Datagram: no Subgroup ID to refer to. */
    moqt_fetch_stream t = ds;
    uint8_t b[8];
    size_t n = tf_unhex("01 00", b, sizeof(b));
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &t, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
}

/* 18+: Group ID Delta follows the group order (mt-18 l.4258). */
TF_DRAFT_TEST("wire/fetch", d18_deltas)
{
    if (p->draft < 18) {
        return;
    }
    for (int desc = 0; desc < 2; desc++) {
        moqt_fetch_stream ds, es;
        moqt_fetch_stream_init(&ds, desc);
        moqt_fetch_stream_init(&es, desc);
        moqt_object_hdr o;
        TF_REQUIRE(ff_one(p, &ds, &es, "1c 05 03 80 01 \"a\"", &o, 1) > 0);
        TF_CHECK_EQ(o.group, 5);
        TF_CHECK_EQ(o.object_id, 3);
        /* Group delta 2: 5 + 3 = 8 ascending, 5 - 3 = 2 descending; Object ID
         * absolute (0) because the group changed (mt-18 l.4264). */
        TF_REQUIRE(ff_one(p, &ds, &es, "0c 02 00 01 \"b\"", &o, 1) > 0);
        TF_CHECK_EQ(o.group, desc ? 2 : 8);
        TF_CHECK_EQ(o.object_id, 0);
        /* Same group, Object ID Delta 5: prior (0) + 5. */
        TF_REQUIRE(ff_one(p, &ds, &es, "04 05 01 \"c\"", &o, 1) > 0);
        TF_CHECK_EQ(o.object_id, 5);
        /* Group delta, no Object ID Delta: prior + 1 whatever the group. */
        TF_REQUIRE(ff_one(p, &ds, &es, "08 00 01 \"d\"", &o, 1) > 0);
        TF_CHECK_EQ(o.group, desc ? 1 : 9);
        TF_CHECK_EQ(o.object_id, 6);
        /* Out of range: descending below 0 (group 1 - 2), ascending past 2^64-1. */
        uint8_t b[16];
        size_t n = tf_unhex("08 01 01 \"e\"", b, sizeof(b));
        moqt_fetch_stream t = ds;
        if (!desc) {
            t.prev_group = UINT64_MAX - 1;
        }
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &t, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
        /* Object ID past 2^64-1: "prior + 1" and "prior + delta" (mt-18 l.4266). */
        t = ds;
        t.prev_object = UINT64_MAX;
        n = tf_unhex("00 01 \"e\"", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &t, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
        t.prev_object = UINT64_MAX - 1;
        n = tf_unhex("04 02 01 \"e\"", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &t, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
        /* Encoding against the order cannot be expressed. */
        moqt_object_hdr_init(&o);
        o.group = desc ? 4 : 0;
        o.publisher_priority = 0x80;
        uint8_t out[16];
        t = es;
        TF_CHECK_INT(moqt_wire_encode_fetch_object(p, &t, &o, out, sizeof(out)),
                     MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/fetch", bad_flags)
{
    if (p->draft < 15) {
        return;
    }
    uint8_t b[16];
    moqt_object_hdr o;
    moqt_fetch_stream s;
    const char *why = NULL;
    static const char *cases[] = {
        "17 07 02 80 01 \"a\"", /* no Group on the first object (mt-15 l.3590) */
        "1b 05 07 80 01 \"a\"", /* no Object ID on the first object */
        "1d 05 02 80 01 \"a\"", /* prior Subgroup on the first object */
        "0f 05 07 02 01 \"a\"", /* prior Priority on the first object */
    };
    for (size_t i = 0; i < 4; i++) {
        size_t n = tf_unhex(cases[i], b, sizeof(b));
        moqt_fetch_stream_init(&s, false);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &s, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    }
    /* 15: 0x40 / 0x80 are violations (mt-15 l.3587); 16+: values >= 128 other
     * than 0x8C and 0x10C (mt-16 l.3646). */
    size_t n = tf_unhex(p->draft == 15                 ? "5f 05 07 02 80 01 \"a\""
                        : p->int_kind == MOQT_INT_QUIC ? "40 80 05 02"
                                                       : "80 80 05 02",
                        b, sizeof(b));
    moqt_fetch_stream_init(&s, false);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &s, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    if (p->draft >= 16) {
        n = tf_unhex(p->int_kind == MOQT_INT_QUIC ? "40 8d 05 02" : "80 8d 05 02", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &s, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    }
}

/* A varied sequence round-trips under every draft (and both orders in 18+). */
TF_DRAFT_TEST("wire/fetch", sequence_round_trip)
{
    static const struct {
        uint64_t g, sg, obj;
        uint8_t prio;
        bool datagram;
        int props;
        uint64_t len;
        moqt_object_status st;
    } seq[] = {
        {10, 0, 0, 3, false, 0, 5, MOQT_OBJECT_NORMAL},
        {10, 0, 1, 3, false, 1, 2, MOQT_OBJECT_NORMAL},
        {10, 1, 2, 3, false, 0, 0, MOQT_OBJECT_NORMAL},
        {10, 1, 9, 4, false, 2, 1, MOQT_OBJECT_NORMAL},
        {10, 7, 10, 4, true, 0, 3, MOQT_OBJECT_NORMAL},
        {12, 300, 0, 200, false, 0, 0, MOQT_OBJECT_END_OF_GROUP},
        {12, 301, 1, 200, false, 1, 70000, MOQT_OBJECT_NORMAL},
        {13, 2, 4, 0, false, 0, 1, MOQT_OBJECT_NORMAL},
    };
    size_t nseq = sizeof(seq) / sizeof(seq[0]);
    for (int desc = 0; desc < (p->draft >= 18 ? 2 : 1); desc++) {
        uint8_t buf[512];
        size_t n = 0;
        moqt_fetch_stream es, ds;
        moqt_fetch_stream_init(&es, desc);
        moqt_fetch_stream_init(&ds, desc);
        moqt_object_hdr in[8];
        for (size_t i = 0; i < nseq; i++) {
            moqt_object_hdr *o = &in[i];
            moqt_object_hdr_init(o);
            o->group = desc ? 100 - seq[i].g : seq[i].g;
            o->subgroup = seq[i].sg;
            o->object_id = seq[i].obj;
            o->publisher_priority = seq[i].prio;
            o->datagram = seq[i].datagram;
            o->payload_len = seq[i].len;
            o->status = p->draft >= 16 ? MOQT_OBJECT_NORMAL : seq[i].st;
            for (int k = 0; k < seq[i].props && p->draft >= 8; k++) {
                moqt_kvps_add_int(&o->props, 2 + 2 * (uint64_t)k, 40 + (uint64_t)k);
            }
            moqt_ssize e = moqt_wire_encode_fetch_object(p, &es, o, buf + n, sizeof(buf) - n);
            TF_REQUIRE(e > 0);
            n += (size_t)e;
        }
        size_t pos = 0;
        for (size_t i = 0; i < nseq; i++) {
            moqt_object_hdr o;
            moqt_ssize r = moqt_wire_decode_fetch_object(p, &ds, buf + pos, n - pos, &o, NULL);
            TF_REQUIRE(r > 0);
            pos += (size_t)r;
            TF_CHECK_EQ(o.group, in[i].group);
            TF_CHECK_EQ(o.object_id, in[i].object_id);
            TF_CHECK_EQ(o.publisher_priority, in[i].publisher_priority);
            TF_CHECK_EQ(o.payload_len, in[i].payload_len);
            TF_CHECK_INT(o.status, in[i].status);
            TF_CHECK_EQ(o.props.count, in[i].props.count);
            if (in[i].datagram) {
                /* 16+ flag 0x40; before, Subgroup ID = Object ID (mt-08 l.2641) */
                TF_CHECK_INT(o.datagram, p->draft >= 16);
                TF_CHECK_EQ(o.subgroup, p->draft >= 16 ? 0 : in[i].object_id);
            } else {
                TF_CHECK_EQ(o.subgroup, in[i].subgroup);
            }
        }
        TF_CHECK_EQ(pos, n);
    }
}

TF_DRAFT_TEST("wire/fetch", cannot_express)
{
    uint8_t out[32];
    moqt_fetch_stream s;
    moqt_fetch_stream_init(&s, false);
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.status = MOQT_OBJECT_END_OF_GROUP;
    /* 16+ have no Object Status on FETCH streams (mt-16 l.3235). */
    TF_CHECK_INT(moqt_wire_encode_fetch_object(p, &s, &o, out, sizeof(out)) > 0, p->draft <= 15);
    moqt_fetch_stream_init(&s, false);
    o.payload_len = 1;
    TF_CHECK_INT(moqt_wire_encode_fetch_object(p, &s, &o, out, sizeof(out)),
                 MOQT_ERR_INVALID_ARGUMENT); /* status objects have no payload */
    moqt_object_hdr_init(&o);
    o.kind = MOQT_ITEM_END_OF_UNKNOWN_RANGE;
    TF_CHECK_INT(moqt_wire_encode_fetch_object(p, &s, &o, out, sizeof(out)) > 0, p->draft >= 16);
    moqt_object_hdr_init(&o);
    o.has_priority = false;
    TF_CHECK_INT(moqt_wire_encode_fetch_object(p, &s, &o, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
}

/* A FETCH stream fed in random splits yields the same items as fed whole. */
typedef struct ff_rx {
    bool have_hdr;
    moqt_fetch_stream s;
    size_t pos;
    uint64_t skip;
    uint64_t seen[16][3]; /* group, object, payload length */
    size_t nseen;
    int err;
} ff_rx;

static void ff_feed(const moqt_profile *p, ff_rx *rx, const uint8_t *buf, size_t avail)
{
    while (rx->err == 0) {
        if (rx->skip) {
            size_t take = avail - rx->pos < rx->skip ? avail - rx->pos : (size_t)rx->skip;
            rx->pos += take;
            rx->skip -= take;
            if (rx->skip) {
                return;
            }
        }
        if (rx->pos == avail) {
            return;
        }
        moqt_ssize r;
        if (!rx->have_hdr) {
            uint64_t id;
            r = moqt_wire_decode_fetch_header(p, buf + rx->pos, avail - rx->pos, &id, NULL);
            rx->have_hdr = r > 0;
            moqt_fetch_stream_init(&rx->s, false);
        } else {
            moqt_object_hdr o;
            r = moqt_wire_decode_fetch_object(p, &rx->s, buf + rx->pos, avail - rx->pos, &o, NULL);
            if (r > 0 && rx->nseen < 16) {
                rx->seen[rx->nseen][0] = o.group;
                rx->seen[rx->nseen][1] = o.object_id;
                rx->seen[rx->nseen][2] = o.payload_len;
                rx->nseen++;
                rx->skip = o.payload_len;
            }
        }
        if (r == MOQT_ERR_WIRE_NEED_MORE) {
            return;
        }
        if (r < 0) {
            rx->err = (int)r;
            return;
        }
        rx->pos += (size_t)r;
    }
}

TF_DRAFT_TEST("wire/fetch", streaming_splits)
{
    uint8_t buf[512];
    moqt_ssize e = moqt_wire_encode_fetch_header(p, 77, buf, sizeof(buf));
    TF_REQUIRE(e > 0);
    size_t n = (size_t)e;
    moqt_fetch_stream es;
    moqt_fetch_stream_init(&es, false);
    for (uint64_t i = 0; i < 9; i++) {
        moqt_object_hdr o;
        moqt_object_hdr_init(&o);
        o.group = 4 + i / 3;
        o.subgroup = i % 2;
        o.object_id = i % 3 == 2 ? 50 : i % 3;
        o.publisher_priority = (uint8_t)(i / 4);
        o.payload_len = i % 4 ? 3 * i : 0;
        if (p->draft >= 8 && i % 3 == 1) {
            moqt_kvps_add_bytes(&o.props, 0x0D, (moqt_bytes){(const uint8_t *)"meta", 4});
        }
        e = moqt_wire_encode_fetch_object(p, &es, &o, buf + n, sizeof(buf) - n);
        TF_REQUIRE(e > 0);
        n += (size_t)e;
        for (uint64_t k = 0; k < o.payload_len; k++) {
            buf[n++] = (uint8_t)k;
        }
    }
    ff_rx whole = {0};
    ff_feed(p, &whole, buf, n);
    TF_CHECK_INT(whole.err, 0);
    TF_REQUIRE(whole.nseen == 9);
    TF_CHECK_EQ(whole.pos, n);
    uint32_t seed = 777u + p->draft;
    for (int round = 0; round < 20; round++) {
        ff_rx rx = {0};
        size_t avail = 0;
        while (avail < n) {
            seed = seed * 1103515245u + 12345u;
            avail += 1 + (seed >> 16) % (round == 0 ? 1 : 17);
            avail = avail > n ? n : avail;
            ff_feed(p, &rx, buf, avail);
        }
        TF_CHECK_INT(rx.err, 0);
        TF_REQUIRE(rx.nseen == 9);
        TF_CHECK(memcmp(rx.seen, whole.seen, sizeof(whole.seen[0]) * 9) == 0);
    }
    TF_CHECK_EQ(whole.seen[2][1], 50);
    TF_CHECK_EQ(whole.seen[8][0], 6);
}
