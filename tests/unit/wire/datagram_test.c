/* Object datagrams of every draft. */
#include "tf.h"

#include "wire/data.h"

/*
 * Hand-built from the figures: Track Alias 2, Group 5, Object 7, Priority 0x80.
 * |pay|: a payload datagram with payload "abcd" and property {0x04: 7} (16+:
 * also {0x0D: "ab"}); |sta|: a status datagram, End of Group (0x3).
 */
typedef struct dg_vec {
    const char *pay, *sta;
    uint64_t pay_obj; /* Object ID of |pay| */
    bool pay_eog;     /* |pay| ends its group */
    bool pay_prio;    /* |pay| carries the priority */
    size_t pay_props; /* properties in |pay| */
    uint64_t sta_obj; /* Object ID of |sta| */
    bool sta_prio;
} dg_vec;

static dg_vec dg_vector(const moqt_profile *p)
{
    switch (p->draft) {
    case 7: /* mt-07 l.2121: Length, [Status if Length is 0], Payload */
        return (dg_vec){
            "01 02 05 07 80 04 \"abcd\"", "01 02 05 07 80 00 03", 7, false, true, 0, 7, true};
    case 8: /* mt-08 l.2453 (figure, see the §11 decision), l.2476 STATUS */
        return (dg_vec){
            "01 02 05 07 80 01 04 07 04 \"abcd\"", "02 02 05 07 80 03", 7, false, true, 1, 7, true};
    case 9:
    case 10: /* mt-09 l.2469, l.2490 */
        return (dg_vec){"01 02 05 07 80 02 04 07 \"abcd\"",
                        "02 02 05 07 80 02 04 07 03",
                        7,
                        false,
                        true,
                        1,
                        7,
                        true};
    case 11: /* mt-11 l.2994 (0x01: extensions), l.3022 (0x02: status) */
        return (dg_vec){
            "01 02 05 07 80 02 04 07 \"abcd\"", "02 02 05 07 80 03", 7, false, true, 1, 7, true};
    case 12:
    case 13: /* mt-12 l.3302 (0x03: End of Group + extensions), l.3348 (0x04) */
        return (dg_vec){
            "03 02 05 07 80 02 04 07 \"abcd\"", "04 02 05 07 80 03", 7, true, true, 1, 7, true};
    case 14: /* mt-14 l.3273 (0x07: EOG, ext, Object ID absent), 0x20 status */
        return (dg_vec){
            "07 02 05 80 02 04 07 \"abcd\"", "20 02 05 07 80 03", 0, true, true, 1, 7, true};
    case 15: /* mt-15 l.3201 (0x0B: no priority), 0x2C (§11 decision) */
        return (dg_vec){
            "0b 02 05 07 02 04 07 \"abcd\"", "2c 02 05 03", 7, true, false, 1, 0, false};
    default: /* mt-16 l.3310, mt-17, mt-18 l.3896: delta-coded property types */
        return (dg_vec){"01 02 05 07 80 06 04 07 09 02 \"ab\" \"abcd\"",
                        "28 02 05 07 03",
                        7,
                        false,
                        true,
                        2,
                        7,
                        false};
    }
}

TF_DRAFT_TEST("wire/datagram", figure_vectors)
{
    dg_vec v = dg_vector(p);
    uint8_t b[64], out[64];
    size_t n = tf_unhex(v.pay, b, sizeof(b));
    moqt_object_hdr o;
    const char *why = NULL;
    TF_REQUIRE(moqt_wire_decode_datagram(p, b, n, &o, &why) == (moqt_ssize)n);
    TF_CHECK_INT(o.kind, MOQT_ITEM_OBJECT);
    TF_CHECK_EQ(o.track_alias, 2);
    TF_CHECK_EQ(o.group, 5);
    TF_CHECK_EQ(o.object_id, v.pay_obj);
    TF_CHECK_INT(o.has_priority, v.pay_prio);
    TF_CHECK_EQ(o.publisher_priority, v.pay_prio ? 0x80 : 0);
    TF_CHECK_INT(o.end_of_group, v.pay_eog);
    TF_CHECK_INT(o.status, MOQT_OBJECT_NORMAL);
    TF_CHECK_EQ(o.props.count, v.pay_props);
    if (v.pay_props) {
        TF_CHECK_EQ(o.props.item[0].type, 4);
        TF_CHECK_EQ(o.props.item[0].value, 7);
    }
    TF_CHECK_STR(o.payload, "abcd");
    TF_CHECK_EQ(o.payload_len, 4);
    moqt_ssize e = moqt_wire_encode_datagram(p, &o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b, n);
    /* A datagram never grows: a cut inside the header is malformed. */
    TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, out, n - 1), MOQT_ERR_NOBUF);
    moqt_object_hdr junk;
    for (size_t k = 0; k < n - 4; k++) {
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, k, &junk, NULL), MOQT_ERR_WIRE_MALFORMED);
    }

    n = tf_unhex(v.sta, b, sizeof(b));
    TF_REQUIRE(moqt_wire_decode_datagram(p, b, n, &o, &why) == (moqt_ssize)n);
    TF_CHECK_EQ(o.track_alias, 2);
    TF_CHECK_EQ(o.group, 5);
    TF_CHECK_EQ(o.object_id, v.sta_obj);
    TF_CHECK_INT(o.has_priority, v.sta_prio);
    TF_CHECK_INT(o.status, MOQT_OBJECT_END_OF_GROUP);
    TF_CHECK_INT(o.end_of_group, false);
    TF_CHECK_EQ(o.payload.len, 0);
    e = moqt_wire_encode_datagram(p, &o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b, n);
    for (size_t k = 0; k < n; k++) {
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, k, &junk, NULL), MOQT_ERR_WIRE_MALFORMED);
    }
    /* Trailing bytes after the Object Status. */
    b[n] = 0;
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n + 1, &o, &why), MOQT_ERR_WIRE_MALFORMED);
}

/* Every datagram type of every draft is produced by the encoder from some
 * object and decodes back to the same object and bytes. */
TF_DRAFT_TEST("wire/datagram", every_type_code)
{
    bool produced[0x40] = {false};
    for (int cfg = 0; cfg < 32; cfg++) {
        moqt_object_hdr o, d;
        moqt_object_hdr_init(&o);
        o.track_alias = 3;
        o.group = 1000;
        o.status = (cfg & 1) ? MOQT_OBJECT_END_OF_GROUP : MOQT_OBJECT_NORMAL;
        if (cfg & 2) {
            moqt_kvps_add_int(&o.props, 0x3C, 2);
        }
        o.end_of_group = (cfg & 4) != 0;
        o.object_id = (cfg & 8) ? 0 : 9;
        o.has_priority = (cfg & 16) == 0;
        o.publisher_priority = o.has_priority ? 200 : 0;
        if (o.status == MOQT_OBJECT_NORMAL) {
            o.payload = (moqt_bytes){(const uint8_t *)"xyz", 3};
            o.payload_len = 3;
        }
        int64_t t = moqt_datagram_type(p, &o);
        uint8_t out[64], out2[64];
        moqt_ssize e = moqt_wire_encode_datagram(p, &o, out, sizeof(out));
        if (t < 0) {
            TF_CHECK_INT(e, t);
            continue;
        }
        TF_REQUIRE(t < 0x40 && e > 0);
        produced[t] = true;
        TF_REQUIRE(moqt_wire_decode_datagram(p, out, (size_t)e, &d, NULL) == e);
        TF_CHECK_EQ(d.group, 1000);
        TF_CHECK_EQ(d.object_id, o.object_id);
        TF_CHECK_INT(d.status, o.status);
        TF_CHECK_INT(d.end_of_group, o.end_of_group);
        TF_CHECK_INT(d.has_priority, o.has_priority);
        TF_CHECK_EQ(d.props.count, o.props.count);
        TF_CHECK_BYTES(d.payload.base, d.payload.len, o.payload.base, o.payload.len);
        moqt_ssize e2 = moqt_wire_encode_datagram(p, &d, out2, sizeof(out2));
        TF_CHECK_BYTES(out2, e2 > 0 ? (size_t)e2 : 0, out, (size_t)e);
    }
    int n = 0;
    for (uint64_t t = 0; t < 0x40; t++) {
        bool valid = moqt_wire_datagram_type_name(p, t) != NULL;
        n += valid;
        if (p->draft >= 15 && (t & 0x21) == 0x21) {
            /* STATUS with properties: 15+ allow properties only on Normal
             * objects (mt-15 l.3136), which we send as payload datagrams; these
             * types are decoded (invalid_types) but never produced. */
            continue;
        }
        if (valid != produced[t]) {
            tf_fail(__FILE__, __LINE__, "type 0x%02x valid=%d produced=%d", (unsigned)t, valid,
                    produced[t]);
        }
    }
    /* DRAFT-CHANGES §8.1: 1, 2 (08-10), 4 (11), 6 (12-13), 10 (14), 24 (15+) */
    int expect = p->draft == 7    ? 1
                 : p->draft <= 10 ? 2
                 : p->draft == 11 ? 4
                 : p->draft <= 13 ? 6
                 : p->draft == 14 ? 10
                                  : 24;
    TF_CHECK_INT(n, expect);
}

TF_DRAFT_TEST("wire/datagram", invalid_types)
{
    uint8_t b[16];
    moqt_object_hdr o;
    const char *why = NULL;
    /* 0x22: STATUS with END_OF_GROUP (mt-16 l.3359), 0x10 and 0x30: outside
     * 0b00X0XXXX. None is a type in any draft. */
    static const char *bad[] = {"22 02 05 07 80 03", "10 02 05 07 80", "30 02 05 07 80 03"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = tf_unhex(bad[i], b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    }
    /* Extensions announced with Length 0 (mt-11 l.3010; 08-10 have no bit). */
    if (p->draft >= 11) {
        size_t n = tf_unhex("01 02 05 07 80 00 \"abcd\"", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    }
    /* Status with properties: 15+ allow them only on Normal objects (mt-15 l.3136). */
    if (p->draft >= 15) {
        size_t n = tf_unhex("21 02 05 07 80 02 04 07 03", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
        n = tf_unhex("21 02 05 07 80 02 04 07 00", b, sizeof(b));
        TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, &why), (moqt_ssize)n);
    }
}

/* mt-08 l.2453: figure with Length; the prose (l.2467) says the payload is the
 * rest. We follow the figure: a datagram laid out as the prose reads is refused
 * unless its first payload byte happens to be the right length. */
TF_DRAFT_TEST("wire/datagram", d08_length_decision)
{
    if (p->draft != 8) {
        return;
    }
    uint8_t b[32];
    moqt_object_hdr o;
    size_t n = tf_unhex("01 02 05 07 80 00 \"abcd\"", b, sizeof(b)); /* no length */
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
    n = tf_unhex("01 02 05 07 80 00 05 \"abcd\"", b, sizeof(b)); /* length says 5 */
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
    n = tf_unhex("01 02 05 07 80 00 00 01", b, sizeof(b)); /* empty: status 0x1 */
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, NULL), (moqt_ssize)n);
    TF_CHECK_INT(o.status, MOQT_OBJECT_DOES_NOT_EXIST);
}

/* mt-12 l.3142 table (status 0x04-0x05) vs l.3361 prose (0x02-0x03). */
TF_DRAFT_TEST("wire/datagram", d12_status_type_decision)
{
    if (p->draft != 12 && p->draft != 13) {
        return;
    }
    uint8_t b[32];
    moqt_object_hdr o;
    size_t n = tf_unhex("02 02 05 07 80 03", b, sizeof(b));
    TF_REQUIRE(moqt_wire_decode_datagram(p, b, n, &o, NULL) == (moqt_ssize)n);
    TF_CHECK_INT(o.status, MOQT_OBJECT_NORMAL); /* 0x02 = End of Group payload "\x03" */
    TF_CHECK(o.end_of_group);
    TF_CHECK_EQ(o.payload.len, 1);
    n = tf_unhex("05 02 05 07 80 02 04 07 03", b, sizeof(b));
    TF_REQUIRE(moqt_wire_decode_datagram(p, b, n, &o, NULL) == (moqt_ssize)n);
    TF_CHECK_INT(o.status, MOQT_OBJECT_END_OF_GROUP);
    TF_CHECK(!o.end_of_group);
    TF_CHECK_EQ(o.props.count, 1);
}

/* mt-15 l.3240: row 0x2C says Object ID present; the bitfield says absent. */
TF_DRAFT_TEST("wire/datagram", d15_2c_decision)
{
    if (p->draft < 15) {
        return;
    }
    uint8_t b[16];
    moqt_object_hdr o;
    size_t n = tf_unhex("2c 02 05 04", b, sizeof(b));
    TF_REQUIRE(moqt_wire_decode_datagram(p, b, n, &o, NULL) == (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 0);
    TF_CHECK(!o.has_priority);
    TF_CHECK_INT(o.status, MOQT_OBJECT_END_OF_TRACK);
    /* Read as the row says (Object ID 4 then status 3) it would be one byte long. */
    n = tf_unhex("2c 02 05 04 03", b, sizeof(b));
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
}

TF_DRAFT_TEST("wire/datagram", padding)
{
    uint8_t b[16];
    moqt_object_hdr o;
    /* 0x132B3E29 as a 5-byte vi64 (mt-18 l.4330). */
    size_t n = tf_unhex("f0 13 2b 3e 29 00 00 00", b, sizeof(b));
    moqt_ssize r = moqt_wire_decode_datagram(p, b, n, &o, NULL);
    if (!p->has_padding) {
        TF_CHECK_INT(r, MOQT_ERR_WIRE_MALFORMED);
        moqt_object_hdr_init(&o);
        o.kind = MOQT_ITEM_PADDING;
        TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, b, sizeof(b)), MOQT_ERR_UNSUPPORTED);
        return;
    }
    TF_REQUIRE(r == (moqt_ssize)n);
    TF_CHECK_INT(o.kind, MOQT_ITEM_PADDING);
    TF_CHECK_EQ(o.payload_len, 3);
    uint8_t out[16];
    moqt_ssize e = moqt_wire_encode_datagram(p, &o, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, b, n);
    b[6] = 1; /* "MUST all be set to zero" (mt-18 l.4333) */
    TF_CHECK_INT(moqt_wire_decode_datagram(p, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
}

TF_DRAFT_TEST("wire/datagram", cannot_express)
{
    uint8_t out[64];
    moqt_object_hdr o;
    moqt_object_hdr_init(&o);
    o.object_id = 1;
    o.end_of_group = true;
    TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, out, sizeof(out)) > 0, p->draft >= 12);
    o.end_of_group = false;
    o.has_priority = false;
    TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, out, sizeof(out)) > 0, p->draft >= 15);
    o.has_priority = true;
    o.status = MOQT_OBJECT_END_OF_TRACK;
    o.end_of_group = true; /* no draft has a status datagram that ends a group */
    TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
    o.end_of_group = false;
    o.payload = (moqt_bytes){(const uint8_t *)"x", 1};
    TF_CHECK_INT(moqt_wire_encode_datagram(p, &o, out, sizeof(out)), MOQT_ERR_INVALID_ARGUMENT);
}
