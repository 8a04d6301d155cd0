/* Object Status maps, properties, Immutable Properties, stream types, names. */
#include "tf.h"

#include "wire/data.h"

TF_DRAFT_TEST("wire/object", status_wire_map)
{
    /* DRAFT-CHANGES §8.2 "Object Status values"; §Object Status of each draft
     * (mt-07 l.2072, mt-08 l.2362, mt-11 l.2918, mt-16 l.3233). */
    static const struct {
        uint64_t wire;
        int lo, hi; /* drafts where |wire| decodes to |st| */
        moqt_object_status st;
    } rows[] = {
        {0x0, 7, 19, MOQT_OBJECT_NORMAL},        {0x1, 7, 15, MOQT_OBJECT_DOES_NOT_EXIST},
        {0x3, 7, 19, MOQT_OBJECT_END_OF_GROUP},  {0x4, 7, 10, MOQT_OBJECT_END_OF_TRACK_AND_GROUP},
        {0x4, 11, 19, MOQT_OBJECT_END_OF_TRACK}, {0x5, 7, 7, MOQT_OBJECT_END_OF_SUBGROUP},
        {0x5, 8, 10, MOQT_OBJECT_END_OF_TRACK},
    };
    bool defined[8] = {false};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if ((int)p->draft < rows[i].lo || (int)p->draft > rows[i].hi) {
            continue;
        }
        defined[rows[i].wire] = true;
        moqt_object_status st;
        TF_CHECK_INT(moqt_object_status_from_wire(p, rows[i].wire, &st), 0);
        TF_CHECK_INT(st, rows[i].st);
        uint64_t w = 99;
        TF_CHECK_INT(moqt_object_status_to_wire(p, rows[i].st, &w), 0);
        TF_CHECK_EQ(w, rows[i].wire);
    }
    for (uint64_t v = 0; v < 8; v++) {
        moqt_object_status st;
        if (!defined[v]) {
            TF_CHECK_INT(moqt_object_status_from_wire(p, v, &st), MOQT_ERR_WIRE_MALFORMED);
        }
    }
    /* Statuses the draft cannot express. */
    uint64_t w;
    TF_CHECK_INT(moqt_object_status_to_wire(p, MOQT_OBJECT_DOES_NOT_EXIST, &w),
                 p->draft >= 16 ? MOQT_ERR_UNSUPPORTED : 0);
    TF_CHECK_INT(moqt_object_status_to_wire(p, MOQT_OBJECT_END_OF_SUBGROUP, &w),
                 p->draft == 7 ? 0 : MOQT_ERR_UNSUPPORTED);
    TF_CHECK_INT(moqt_object_status_to_wire(p, MOQT_OBJECT_END_OF_TRACK, &w),
                 p->draft == 7 ? MOQT_ERR_UNSUPPORTED : 0);
    /* 11+ coalesced End of Track and Group into End of Track (0x4). */
    TF_CHECK_INT(moqt_object_status_to_wire(p, MOQT_OBJECT_END_OF_TRACK_AND_GROUP, &w), 0);
    TF_CHECK_EQ(w, 0x4);
}

TF_DRAFT_TEST("wire/object", gap_property_types)
{
    /* mt-11 l.3350 (0x40), mt-14 l.3658 (0x3C), mt-14 l.3730 (0x3E) */
    uint64_t g = moqt_prop_prior_group_gap_type(p);
    uint64_t o = moqt_prop_prior_object_gap_type(p);
    TF_CHECK_EQ(g, p->draft < 11 ? 0 : p->draft <= 13 ? 0x40 : 0x3C);
    TF_CHECK_EQ(o, p->draft < 14 ? 0 : 0x3E);
}

TF_DRAFT_TEST("wire/object", immutable_properties)
{
    uint8_t buf[64];
    moqt_kvp_list l;
    const char *why = NULL;
    /* Two pairs {type 0x04 = 7, type 0x0D = "ab"}; 16+ code the second type as
     * a delta (0x0D - 0x04 = 0x09), mt-16 l.273. */
    size_t n =
        tf_unhex(p->draft >= 16 ? "04 07 09 02 \"ab\"" : "04 07 0d 02 \"ab\"", buf, sizeof(buf));
    moqt_bytes v = {buf, n};
    if (p->draft < 14) {
        TF_CHECK_INT(moqt_wire_decode_immutable_props(p, v, &l, NULL), MOQT_ERR_UNSUPPORTED);
        return;
    }
    TF_REQUIRE(moqt_wire_decode_immutable_props(p, v, &l, &why) == 0);
    TF_CHECK_EQ(l.count, 2);
    TF_CHECK_EQ(l.item[0].type, 0x04);
    TF_CHECK_EQ(l.item[0].value, 7);
    TF_CHECK_EQ(l.item[1].type, 0x0D);
    TF_CHECK_STR(l.item[1].bytes, "ab");
    uint8_t out[64];
    moqt_ssize e = moqt_wire_encode_immutable_props(p, &l, out, sizeof(out));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, buf, n);

    /* mt-14 l.3706: nested Immutable Extensions make the track malformed. */
    n = tf_unhex("0b 01 00", buf, sizeof(buf));
    v.len = n;
    TF_CHECK_INT(moqt_wire_decode_immutable_props(p, v, &l, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL);
    /* "A Key-Value-Pair cannot be parsed": a pair crossing the value's end. */
    n = tf_unhex("05 04 \"ab\"", buf, sizeof(buf));
    v.len = n;
    TF_CHECK_INT(moqt_wire_decode_immutable_props(p, v, &l, NULL), MOQT_ERR_WIRE_MALFORMED);
    v.len = 1; /* a lone type */
    TF_CHECK_INT(moqt_wire_decode_immutable_props(p, v, &l, NULL), MOQT_ERR_WIRE_MALFORMED);
}

TF_DRAFT_TEST("wire/object", stream_types)
{
    uint8_t buf[16];
    uint64_t t;
    moqt_stream_kind k;
    const char *why;
    size_t n;
    /* FETCH_HEADER 0x05 in every draft (mt-07 l.2024). */
    n = tf_unhex("05", buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_decode_stream_type(p, buf, n, &t, &k, NULL), 1);
    TF_CHECK_INT(k, MOQT_STREAM_FETCH);
    TF_CHECK(strcmp(moqt_wire_stream_type_name(p, 5), "FETCH_HEADER") == 0);

    /* SETUP 0x2F00: vi64 "AF 00" in 17+ (mt-17 l.916); QUIC "6F 00" before. */
    n = tf_unhex(p->int_kind == MOQT_INT_QUIC ? "6f 00" : "af 00", buf, sizeof(buf));
    moqt_ssize r = moqt_wire_decode_stream_type(p, buf, n, &t, &k, &why);
    TF_CHECK_EQ(t, 0x2F00);
    if (p->draft >= 17) {
        TF_CHECK_INT(r, 2);
        TF_CHECK_INT(k, MOQT_STREAM_SETUP);
    } else {
        TF_CHECK_INT(r, MOQT_ERR_WIRE_MALFORMED);
    }
    TF_CHECK_INT(moqt_wire_decode_stream_type(p, buf, 1, &t, &k, NULL), MOQT_ERR_WIRE_NEED_MORE);

    /* PADDING 0x132B3E28 (mt-18 l.4310). */
    uint8_t enc[16];
    moqt_ssize e = moqt_wire_encode_padding_stream(p, 3, enc, sizeof(enc));
    if (!p->has_padding) {
        TF_CHECK_INT(e, MOQT_ERR_UNSUPPORTED);
        TF_CHECK(moqt_wire_stream_type_name(p, MOQT_STREAM_TYPE_PADDING) == NULL);
    } else {
        TF_REQUIRE(e > 3);
        TF_CHECK_INT(moqt_wire_decode_stream_type(p, enc, (size_t)e, &t, &k, NULL), e - 3);
        TF_CHECK_INT(k, MOQT_STREAM_PADDING);
        TF_CHECK_INT(moqt_wire_check_padding(enc + e - 3, 3, NULL), 0);
        enc[e - 1] = 1;
        TF_CHECK_INT(moqt_wire_check_padding(enc + e - 3, 3, &why), MOQT_ERR_WIRE_MALFORMED);
    }

    /* The subgroup type families (DRAFT-CHANGES §8.1). */
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x4) == MOQT_STREAM_SUBGROUP, p->draft <= 10);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x0C) == MOQT_STREAM_SUBGROUP, p->draft == 11);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x14) == MOQT_STREAM_SUBGROUP, p->draft >= 12);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x34) == MOQT_STREAM_SUBGROUP, p->draft >= 15);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x74) == MOQT_STREAM_SUBGROUP, p->draft >= 18);
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x16), MOQT_STREAM_UNKNOWN); /* mode 0b11 */
    TF_CHECK_INT(moqt_wire_stream_kind(p, 0x00), MOQT_STREAM_UNKNOWN);
    const char *sg =
        moqt_wire_stream_type_name(p, p->draft <= 10 ? 0x4 : 0x0C | (p->draft >= 12 ? 0x10 : 0));
    TF_REQUIRE(sg != NULL);
    TF_CHECK(strcmp(sg, p->draft == 7 ? "STREAM_HEADER_SUBGROUP" : "SUBGROUP_HEADER") == 0);
    TF_CHECK(moqt_wire_stream_type_name(p, 0x3) == NULL);
}

TF_DRAFT_TEST("wire/object", datagram_type_names)
{
    const char *n1 = moqt_wire_datagram_type_name(p, p->draft <= 10 ? 0x1 : 0x0);
    TF_REQUIRE(n1 != NULL);
    TF_CHECK(strcmp(n1, "OBJECT_DATAGRAM") == 0);
    uint64_t st = p->draft <= 10 ? 0x2 : p->draft == 11 ? 0x02 : p->draft <= 13 ? 0x04 : 0x20;
    const char *n2 = moqt_wire_datagram_type_name(p, st);
    if (p->draft == 7) {
        TF_CHECK(n2 == NULL); /* 07 has one datagram type */
    } else {
        TF_REQUIRE(n2 != NULL);
        TF_CHECK(strcmp(n2, p->draft <= 13 ? "OBJECT_DATAGRAM_STATUS" : "OBJECT_DATAGRAM") == 0);
    }
    const char *pad = moqt_wire_datagram_type_name(p, MOQT_DATAGRAM_TYPE_PADDING);
    TF_CHECK((pad != NULL) == p->has_padding);
    TF_CHECK(moqt_wire_datagram_type_name(p, 0x22) == NULL);
    TF_CHECK(strcmp(moqt_object_status_str(MOQT_OBJECT_END_OF_GROUP), "END_OF_GROUP") == 0);
}

/* Immutable Properties are checked where objects are decoded: a subgroup
 * object whose 0x0B property nests another 0x0B is malformed (mt-14 l.3706). */
TF_DRAFT_TEST("wire/object", immutable_in_objects)
{
    if (p->draft < 14) {
        return;
    }
    moqt_subgroup_header h;
    memset(&h, 0, sizeof(h));
    h.subgroup_mode = MOQT_SUBGROUP_ID_EXPLICIT;
    h.has_props = true;
    h.has_priority = true;
    moqt_subgroup_stream s;
    moqt_object_hdr o;
    uint8_t b[32];
    /* Object delta 0, properties {0x0B: {0x04: 1}}, length 1, payload. */
    size_t n = tf_unhex("00 04 0b 02 04 01 01 \"x\"", b, sizeof(b));
    moqt_subgroup_stream_init(&s, &h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, b, n, &o, NULL), n - 1);
    TF_CHECK_EQ(o.props.count, 1);
    TF_CHECK_EQ(o.props.item[0].type, MOQT_PROP_IMMUTABLE);
    /* {0x0B: {0x0B: ""}} */
    n = tf_unhex("00 04 0b 02 0b 00 01 \"x\"", b, sizeof(b));
    moqt_subgroup_stream_init(&s, &h);
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, b, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL && strstr(why, "Immutable") != NULL);
    /* {0x0B: <a pair cut short>} */
    n = tf_unhex("00 04 0b 02 05 03 01 \"x\"", b, sizeof(b));
    moqt_subgroup_stream_init(&s, &h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &s, b, n, &o, NULL), MOQT_ERR_WIRE_MALFORMED);
}

/* The model is version-neutral: an object decoded under one draft encodes under
 * every other draft that can express it, and decodes back to the same fields. */
TF_TEST("wire/object", bridge_datagram_across_drafts)
{
    uint8_t b[64], out[64];
    const moqt_profile *from = moqt_profile_for_draft(18);
    size_t n = tf_unhex("01 02 05 07 80 06 04 07 09 02 \"ab\" \"abcd\"", b, sizeof(b));
    moqt_object_hdr o;
    TF_REQUIRE(moqt_wire_decode_datagram(from, b, n, &o, NULL) == (moqt_ssize)n);
    for (unsigned d = 7; d <= 19; d++) {
        const moqt_profile *to = moqt_profile_for_draft(d);
        moqt_ssize e = moqt_wire_encode_datagram(to, &o, out, sizeof(out));
        if (d == 7) {
            TF_CHECK_INT(e, MOQT_ERR_UNSUPPORTED); /* 07 has no extension headers */
            continue;
        }
        TF_REQUIRE(e > 0);
        moqt_object_hdr back;
        TF_REQUIRE(moqt_wire_decode_datagram(to, out, (size_t)e, &back, NULL) == e);
        TF_CHECK_EQ(back.track_alias, 2);
        TF_CHECK_EQ(back.group, 5);
        TF_CHECK_EQ(back.object_id, 7);
        TF_CHECK_EQ(back.publisher_priority, 0x80);
        TF_CHECK_EQ(back.props.count, 2);
        TF_CHECK_EQ(back.props.item[1].type, 0x0D);
        TF_CHECK_STR(back.payload, "abcd");
    }
}
