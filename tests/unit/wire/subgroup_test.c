/* Subgroup streams: header and object codecs of every draft. */
#include "tf.h"

#include "wire/data.h"

/*
 * One hand-built stream per draft family, from the figures:
 *   07     mt-07 l.2154 (STREAM_HEADER_SUBGROUP), l.2181 (object fields)
 *   08     mt-08 l.2504, l.2533 (Extension Count)
 *   09-10  mt-09 l.2520, l.2549 (Extension Headers Length)
 *   11     mt-11 l.3065 (Type 0x0D: Subgroup ID present, extensions), l.3124
 *   12-13  mt-12 l.3419 (Type 0x1D: + End of Group), absolute Object IDs
 *   14     mt-14 l.3363 (0x1D), l.3429 (Object ID Delta)
 *   15     mt-15 l.3307 (0x3D: Priority absent)
 *   16-17  mt-16 l.3401 (0x3D), delta-coded extension types (mt-16 l.273)
 *   18-19  mt-18 l.3994 (0x7D: + FIRST_OBJECT)
 * Alias 2, Group 5, Subgroup 7, Priority 0x80 (where present). Object 0 with a
 * payload "abcd" and one or two properties, then Object 1: length 0, status
 * End of Group (0x3).
 */
static const char *sg_vector(const moqt_profile *p, const char **obj0, const char **obj1)
{
    switch (p->draft) {
    case 7:
        *obj0 = "00 04 \"abcd\"";
        *obj1 = "01 00 03";
        return "04 02 05 07 80";
    case 8:
        *obj0 = "00 01 04 07 04 \"abcd\"";
        *obj1 = "01 00 00 03";
        return "04 02 05 07 80";
    case 9:
    case 10:
        *obj0 = "00 02 04 07 04 \"abcd\"";
        *obj1 = "01 00 00 03";
        return "04 02 05 07 80";
    case 11:
        *obj0 = "00 02 04 07 04 \"abcd\"";
        *obj1 = "01 00 00 03";
        return "0d 02 05 07 80";
    case 12:
    case 13:
        *obj0 = "00 02 04 07 04 \"abcd\"";
        *obj1 = "01 00 00 03";
        return "1d 02 05 07 80";
    case 14:
        *obj0 = "00 02 04 07 04 \"abcd\"";
        *obj1 = "00 00 00 03"; /* delta 0 after object 0 => object 1 */
        return "1d 02 05 07 80";
    case 15:
        *obj0 = "00 02 04 07 04 \"abcd\"";
        *obj1 = "00 00 00 03";
        return "3d 02 05 07";
    case 16:
    case 17:
        *obj0 = "00 06 04 07 09 02 \"ab\" 04 \"abcd\""; /* types 0x04, 0x0D (delta 9) */
        *obj1 = "00 00 00 03";
        return "3d 02 05 07";
    default:
        *obj0 = "00 06 04 07 09 02 \"ab\" 04 \"abcd\"";
        *obj1 = "00 00 00 03";
        return "7d 02 05 07";
    }
}

TF_DRAFT_TEST("wire/subgroup", figure_vectors)
{
    const char *o0s, *o1s;
    const char *hs = sg_vector(p, &o0s, &o1s);
    uint8_t hb[32], b0[64], b1[16], out[64];
    size_t hn = tf_unhex(hs, hb, sizeof(hb));
    size_t n0 = tf_unhex(o0s, b0, sizeof(b0));
    size_t n1 = tf_unhex(o1s, b1, sizeof(b1));

    moqt_subgroup_header h;
    TF_REQUIRE(moqt_wire_decode_subgroup_header(p, hb, hn, &h, NULL) == (moqt_ssize)hn);
    TF_CHECK_EQ(h.track_alias, 2);
    TF_CHECK_EQ(h.group, 5);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK_INT(h.subgroup_mode, MOQT_SUBGROUP_ID_EXPLICIT);
    TF_CHECK_INT(h.has_props, p->draft >= 8);
    TF_CHECK_INT(h.end_of_group, p->draft >= 12);
    TF_CHECK_INT(h.has_priority, p->draft <= 14);
    TF_CHECK_EQ(h.publisher_priority, p->draft <= 14 ? 0x80 : 0);
    TF_CHECK_INT(h.first_object, p->draft >= 18);
    moqt_ssize e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, hb, hn);

    moqt_subgroup_stream s, es;
    moqt_subgroup_stream_init(&s, &h);
    moqt_subgroup_stream_init(&es, &h);
    moqt_object_hdr o;
    TF_REQUIRE(moqt_wire_decode_subgroup_object(p, &s, b0, n0, &o, NULL) == (moqt_ssize)(n0 - 4));
    TF_CHECK_EQ(o.object_id, 0);
    TF_CHECK_EQ(o.payload_len, 4);
    TF_CHECK_INT(o.status, MOQT_OBJECT_NORMAL);
    TF_CHECK_EQ(o.group, 5);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.track_alias, 2);
    TF_CHECK_EQ(o.props.count, p->draft == 7 ? 0 : p->draft >= 16 ? 2 : 1);
    if (p->draft >= 8) {
        TF_CHECK_EQ(o.props.item[0].type, 4);
        TF_CHECK_EQ(o.props.item[0].value, 7);
    }
    if (p->draft >= 16) {
        TF_CHECK_EQ(o.props.item[1].type, 0x0D);
        TF_CHECK_STR(o.props.item[1].bytes, "ab");
    }
    e = moqt_wire_encode_subgroup_object(p, &es, &o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b0, n0 - 4);

    TF_REQUIRE(moqt_wire_decode_subgroup_object(p, &s, b1, n1, &o, NULL) == (moqt_ssize)n1);
    TF_CHECK_EQ(o.object_id, 1);
    TF_CHECK_EQ(o.payload_len, 0);
    TF_CHECK_INT(o.status, MOQT_OBJECT_END_OF_GROUP);
    e = moqt_wire_encode_subgroup_object(p, &es, &o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b1, n1);

    /* Truncated at every byte: the stream has not delivered it yet. */
    for (size_t k = 0; k < hn; k++) {
        TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, hb, k, &h, NULL), MOQT_ERR_WIRE_NEED_MORE);
    }
    moqt_subgroup_stream_init(&s, &h);
    for (size_t k = 0; k < n0 - 4; k++) {
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, b0, k, &o, NULL),
                     MOQT_ERR_WIRE_NEED_MORE);
    }
    TF_CHECK(!s.have_prev); /* NEED_MORE leaves the state alone */
}

/* Type 0x0A (11) / 0x12 (12+): Subgroup ID absent, = the first Object ID. */
TF_DRAFT_TEST("wire/subgroup", subgroup_id_first_object)
{
    if (p->draft <= 10) {
        return;
    }
    uint8_t buf[32];
    /* mt-11 l.3099 / mt-12 l.3451: "the Object ID of the first object" */
    size_t n =
        tf_unhex(p->draft == 11 ? "0a 02 05 80 09 04 \"abcd\"" : "12 02 05 80 09 04 \"abcd\"", buf,
                 sizeof(buf));
    moqt_subgroup_header h;
    TF_REQUIRE(moqt_wire_decode_subgroup_header(p, buf, n, &h, NULL) == 4);
    TF_CHECK_INT(h.subgroup_mode, MOQT_SUBGROUP_ID_FIRST_OBJECT);
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &h);
    moqt_object_hdr o;
    TF_REQUIRE(moqt_wire_decode_subgroup_object(p, &s, buf + 4, n - 4, &o, NULL) == 2);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.subgroup, 9);
    TF_CHECK_EQ(s.hdr.subgroup, 9);
    /* A second object keeps the subgroup. */
    uint8_t o2[4];
    size_t n2 = tf_unhex(p->draft >= 14 ? "00 01 61" : "0a 01 61", o2, sizeof(o2));
    TF_REQUIRE(moqt_wire_decode_subgroup_object(p, &s, o2, n2, &o, NULL) == 2);
    TF_CHECK_EQ(o.object_id, 10);
    TF_CHECK_EQ(o.subgroup, 9);
}

/* Every type code 0..0x7F of every draft: valid ones round-trip byte for byte,
 * the rest are malformed. */
TF_DRAFT_TEST("wire/subgroup", every_type_code)
{
    int valid = 0;
    for (uint64_t t = 0; t < 0x80; t++) {
        uint8_t buf[32], out[32];
        moqt_wr w;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_REQUIRE(moqt_wr_int(&w, t) == 0);
        size_t tl = (size_t)(w.pos - buf);
        /* alias 1, group 2, subgroup 3, priority 4, then slack bytes */
        memcpy(w.pos, "\x01\x02\x03\x04\x09\x09", 6);
        size_t n = tl + 6;
        moqt_subgroup_header h;
        const char *why = NULL;
        moqt_ssize r = moqt_wire_decode_subgroup_header(p, buf, n, &h, &why);
        if (moqt_wire_stream_kind(p, t) != MOQT_STREAM_SUBGROUP) {
            TF_CHECK_INT(r, MOQT_ERR_WIRE_MALFORMED);
            TF_CHECK(why != NULL);
            continue;
        }
        valid++;
        TF_REQUIRE(r > 0);
        TF_CHECK_EQ(h.type, t);
        TF_CHECK_EQ(h.group, 2);
        TF_CHECK_EQ(moqt_subgroup_type(p, &h), t);
        size_t want = tl + 2 + (h.subgroup_mode == MOQT_SUBGROUP_ID_EXPLICIT) + h.has_priority;
        TF_CHECK_INT(r, want);
        moqt_ssize e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof(out));
        TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, buf, (size_t)r);
    }
    /* DRAFT-CHANGES §8.1: 1 (07-10), 6 (11), 12 (12-14), 24 (15-17), 48 (18+) */
    int expect = p->draft <= 10   ? 1
                 : p->draft == 11 ? 6
                 : p->draft <= 14 ? 12
                 : p->draft <= 17 ? 24
                                  : 48;
    TF_CHECK_INT(valid, expect);
}

/* The 12/13 stream-type table says 0x08-0x0D, the Subgroup Header section
 * 0x10-0x1D (mt-12 l.3129 vs l.3419). Decision: the section (DRAFT-CHANGES §11). */
TF_DRAFT_TEST("wire/subgroup", d12_type_table_decision)
{
    if (p->draft != 12 && p->draft != 13) {
        return;
    }
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x0C), MOQT_STREAM_UNKNOWN);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x14), MOQT_STREAM_SUBGROUP);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x1C), MOQT_STREAM_SUBGROUP);
}

typedef struct sg_seen {
    uint64_t id, len;
    moqt_object_status st;
    size_t nprops;
    uint8_t first; /* first payload byte, or 0 */
} sg_seen;

/* Build a stream of several objects with the encoder. */
static size_t sg_build(const moqt_profile *p, uint8_t *buf, size_t cap, sg_seen *want, size_t *nw)
{
    moqt_subgroup_header h;
    memset(&h, 0, sizeof(h));
    h.track_alias = 9;
    h.group = 300;
    h.subgroup_mode = p->draft >= 11 ? MOQT_SUBGROUP_ID_FIRST_OBJECT : MOQT_SUBGROUP_ID_EXPLICIT;
    h.subgroup = 3;
    h.has_props = p->draft >= 8;
    h.has_priority = true;
    h.publisher_priority = 7;
    moqt_ssize e = moqt_wire_encode_subgroup_header(p, &h, buf, cap);
    if (e <= 0) {
        return 0;
    }
    size_t n = (size_t)e;
    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &h);
    static const uint64_t ids[] = {3, 4, 7, 8, 200, 201};
    static const uint64_t lens[] = {5, 1, 0, 70, 3, 0};
    *nw = 0;
    for (size_t i = 0; i < 6; i++) {
        moqt_object_hdr o;
        moqt_object_hdr_init(&o);
        o.object_id = ids[i];
        o.payload_len = lens[i];
        if (i == 5) {
            o.status = MOQT_OBJECT_END_OF_GROUP;
        }
        if (p->draft >= 8 && (i == 0 || i == 3)) {
            moqt_kvps_add_int(&o.props, 2, 1000 + i);
            moqt_kvps_add_bytes(&o.props, 0x0D, (moqt_bytes){(const uint8_t *)"hello", 5});
        }
        e = moqt_wire_encode_subgroup_object(p, &s, &o, buf + n, cap - n);
        if (e <= 0) {
            return 0;
        }
        n += (size_t)e;
        for (uint64_t k = 0; k < o.payload_len; k++) {
            buf[n++] = (uint8_t)(0x30 + i);
        }
        want[*nw] = (sg_seen){o.object_id, o.payload_len, o.status, o.props.count,
                              (uint8_t)(o.payload_len ? 0x30 + i : 0)};
        (*nw)++;
    }
    return n;
}

/* A receiver that only sees |avail| bytes of |buf| at a time. */
typedef struct sg_rx {
    bool have_hdr;
    moqt_subgroup_stream s;
    size_t pos;
    uint64_t skip; /* payload bytes still to skip */
    sg_seen seen[16];
    size_t nseen;
    int err;
} sg_rx;

static void sg_feed(const moqt_profile *p, sg_rx *rx, const uint8_t *buf, size_t avail)
{
    for (;;) {
        if (rx->skip) {
            size_t take = avail - rx->pos < rx->skip ? avail - rx->pos : (size_t)rx->skip;
            rx->pos += take;
            rx->skip -= take;
            if (rx->skip) {
                return;
            }
            continue;
        }
        if (rx->pos == avail) {
            return;
        }
        moqt_ssize r;
        if (!rx->have_hdr) {
            moqt_subgroup_header h;
            r = moqt_wire_decode_subgroup_header(p, buf + rx->pos, avail - rx->pos, &h, NULL);
            if (r > 0) {
                moqt_subgroup_stream_init(&rx->s, &h);
                rx->have_hdr = true;
            }
        } else {
            moqt_object_hdr o;
            r = moqt_wire_decode_subgroup_object(p, &rx->s, buf + rx->pos, avail - rx->pos, &o,
                                                 NULL);
            if (r > 0 && rx->nseen < 16) {
                uint8_t first = 0;
                if (o.payload_len && rx->pos + (size_t)r < avail) {
                    first = buf[rx->pos + (size_t)r];
                } else if (o.payload_len) {
                    first = (uint8_t)(0x30 + rx->nseen); /* not yet arrived: checked later */
                }
                rx->seen[rx->nseen++] =
                    (sg_seen){o.object_id, o.payload_len, o.status, o.props.count, first};
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

static void sg_check_seen(const sg_rx *rx, const sg_seen *want, size_t nw)
{
    TF_CHECK_INT(rx->err, 0);
    TF_REQUIRE(rx->nseen == nw);
    for (size_t i = 0; i < nw; i++) {
        TF_CHECK_EQ(rx->seen[i].id, want[i].id);
        TF_CHECK_EQ(rx->seen[i].len, want[i].len);
        TF_CHECK_INT(rx->seen[i].st, want[i].st);
        TF_CHECK_EQ(rx->seen[i].nprops, want[i].nprops);
        TF_CHECK_EQ(rx->seen[i].first, want[i].first);
    }
}

TF_DRAFT_TEST("wire/subgroup", streaming_splits)
{
    uint8_t buf[512];
    sg_seen want[8];
    size_t nw = 0;
    size_t n = sg_build(p, buf, sizeof(buf), want, &nw);
    TF_REQUIRE(n > 0);

    sg_rx whole = {0};
    sg_feed(p, &whole, buf, n);
    sg_check_seen(&whole, want, nw);
    TF_CHECK_EQ(whole.pos, n);

    sg_rx bytewise = {0};
    for (size_t k = 1; k <= n; k++) {
        sg_feed(p, &bytewise, buf, k);
    }
    sg_check_seen(&bytewise, want, nw);

    uint32_t seed = 12345u + p->draft;
    for (int round = 0; round < 20; round++) {
        sg_rx rx = {0};
        size_t avail = 0;
        while (avail < n) {
            seed = seed * 1103515245u + 12345u;
            avail += 1 + (seed >> 16) % 23;
            if (avail > n) {
                avail = n;
            }
            sg_feed(p, &rx, buf, avail);
        }
        sg_check_seen(&rx, want, nw);
    }
}

TF_DRAFT_TEST("wire/subgroup", malformed_objects)
{
    uint8_t buf[32];
    moqt_subgroup_header h;
    memset(&h, 0, sizeof(h));
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_priority = true;
    h.has_props = p->draft >= 8;
    moqt_subgroup_stream s;
    moqt_object_hdr o;
    const char *why;
    size_t n;
    const char *ext0 = p->draft == 7 ? "" : "00";

    /* Object Status 0x2 is never defined (mt-07 l.2102 "Any other value"). */
    char v[64];
    snprintf(v, sizeof(v), "00 %s 00 02", ext0);
    n = tf_unhex(v, buf, sizeof(buf));
    moqt_subgroup_stream_init(&s, &h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, &why),
                 MOQT_ERR_WIRE_MALFORMED);

    /* Status 0x1 (Does Not Exist) is gone in 16 (mt-16 l.3233). */
    snprintf(v, sizeof(v), "00 %s 00 01", ext0);
    n = tf_unhex(v, buf, sizeof(buf));
    moqt_subgroup_stream_init(&s, &h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL),
                 p->draft >= 16 ? MOQT_ERR_WIRE_MALFORMED : 3 + (p->draft >= 8));

    if (p->draft >= 11) {
        /* Extensions on a non-existent object (mt-11 l.2956) or, 15+, on any
         * non-Normal one (mt-15 l.3136). */
        n = tf_unhex("00 02 04 01 00 01", buf, sizeof(buf));
        moqt_subgroup_stream_init(&s, &h);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL),
                     MOQT_ERR_WIRE_MALFORMED);
        n = tf_unhex("00 02 04 01 00 03", buf, sizeof(buf));
        moqt_subgroup_stream_init(&s, &h);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL),
                     p->draft >= 15 ? MOQT_ERR_WIRE_MALFORMED : 6);
        /* Properties crossing their length. */
        n = tf_unhex("00 02 05 03 61 61 61 00", buf, sizeof(buf));
        moqt_subgroup_stream_init(&s, &h);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL),
                     MOQT_ERR_WIRE_MALFORMED);
    }

    moqt_subgroup_stream_init(&s, &h);
    s.have_prev = true;
    if (p->draft <= 13) {
        /* "MUST NOT send an Object ... less than a previously sent Object ID" */
        s.prev_object = 5;
        snprintf(v, sizeof(v), "04 %s 01 61", ext0);
        n = tf_unhex(v, buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL),
                     MOQT_ERR_WIRE_MALFORMED);
    } else {
        /* Object ID Delta overflow (mt-18 l.4065). */
        s.prev_object = UINT64_MAX - 2;
        snprintf(v, sizeof(v), "02 %s 01 61", ext0);
        n = tf_unhex(v, buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, &why),
                     MOQT_ERR_WIRE_MALFORMED);
        buf[0] = 0x01; /* prev + 1 + 1 = 2^64 - 1: still representable */
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, buf, n, &o, NULL), n - 1);
        TF_CHECK_EQ(o.object_id, UINT64_MAX);
    }
}

TF_DRAFT_TEST("wire/subgroup", cannot_express)
{
    uint8_t out[64];
    moqt_subgroup_header h;
    memset(&h, 0, sizeof(h));
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_priority = true;
    h.end_of_group = true;
    TF_CHECK_INT(moqt_wire_encode_subgroup_header(p, &h, out, sizeof(out)) > 0, p->draft >= 12);
    h.end_of_group = false;
    h.has_priority = false;
    TF_CHECK_INT(moqt_wire_encode_subgroup_header(p, &h, out, sizeof(out)) > 0, p->draft >= 15);
    h.has_priority = true;
    h.subgroup_mode = MOQT_SUBGROUP_ID_ZERO;
    TF_CHECK_INT(moqt_wire_encode_subgroup_header(p, &h, out, sizeof(out)) > 0, p->draft >= 11);
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    TF_CHECK_INT(moqt_wire_encode_subgroup_header(p, &h, out, 2), MOQT_ERR_NOBUF);

    moqt_subgroup_stream s;
    moqt_subgroup_stream_init(&s, &h);
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.object_id = 4;
    o.payload_len = 1;
    o.status = MOQT_OBJECT_END_OF_GROUP;
    TF_CHECK_INT(moqt_wire_encode_subgroup_object(p, &s, &o, out, sizeof(out)),
                 MOQT_ERR_INVALID_ARGUMENT); /* status objects have no payload */
    o.status = MOQT_OBJECT_NORMAL;
    moqt_kvps_add_int(&o.props, 2, 1);
    /* h.has_props is false: only 08-10, where every object has the field, can
     * carry them; 11+ types without extensions cannot (mt-11 l.3102). */
    TF_CHECK_INT(moqt_wire_encode_subgroup_object(p, &s, &o, out, sizeof(out)) > 0,
                 p->draft >= 8 && p->draft <= 10);
    o.props.count = 0;
    s.have_prev = true;
    s.prev_object = 4;
    o.object_id = 3; /* backwards */
    moqt_ssize e = moqt_wire_encode_subgroup_object(p, &s, &o, out, sizeof(out));
    TF_CHECK_INT(e, p->draft >= 14 ? MOQT_ERR_UNSUPPORTED : MOQT_ERR_INVALID_ARGUMENT);
    o.object_id = 4; /* repeat: absolute IDs allow it, a delta cannot say it */
    e = moqt_wire_encode_subgroup_object(p, &s, &o, out, sizeof(out));
    TF_CHECK_INT(e > 0, p->draft <= 13);
}
