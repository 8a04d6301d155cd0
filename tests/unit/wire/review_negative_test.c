/*
 * Independent negative and edge vectors for rules stated in the draft texts
 * (each cites its line). Built by hand; every one must be refused (or, where
 * the draft allows it, accepted) by the public decoders.
 */
#include "review_support.h"

#define NS "02 04 \"live\" 04 \"cam1\""
#define TN "05 \"video\""

static moqt_ssize decode(const moqt_profile *p, const char *type_hex, const char *payload_hex,
                         rv_vec *v)
{
    rv_frame(v, p, type_hex, payload_hex);
    return rv_decode_status(v, p);
}

#define MALFORMED(d, t, pl)                                                                        \
    TF_CHECK_INT(decode(moqt_profile_for_draft(d), (t), (pl), &v), MOQT_ERR_WIRE_MALFORMED)
#define ACCEPTED(d, t, pl)                                                                         \
    TF_CHECK_INT(decode(moqt_profile_for_draft(d), (t), (pl), &v), (moqt_ssize)v.len)

TF_TEST("wire/review/negative", rv_neg_params)
{
    rv_vec v;
    /* mt-07 l.1017: a known parameter whose Length does not match its type
     * ("Parameter Length Mismatch"): DELIVERY TIMEOUT with Length 3 around a
     * 2-byte varint. */
    MALFORMED(7, "03", "01 02 " NS " " TN " 00 01 01 01 03 03 43 e8 00");
    /* ... and the same length right is accepted. */
    ACCEPTED(7, "03", "01 02 " NS " " TN " 00 01 01 01 03 02 43 e8");
    /* 07-15 ignore unknown parameters (mt-07 l.1004, mt-15 l.1621) ... */
    ACCEPTED(7, "03", "01 02 " NS " " TN " 00 01 01 01 3c 01 00");
    ACCEPTED(15, "03", "52 34 " NS " " TN " 01 3c 05");
    /* ... 16 closes the session on one (mt-16 l.1726). */
    MALFORMED(16, "03", "52 34 " NS " " TN " 01 3c 05");
    /* 15: FORWARD other than 0/1 (l.1900), GROUP_ORDER outside 1-2 (l.1844),
     * PUBLISHER_PRIORITY above 255 (l.1815). */
    MALFORMED(15, "03", "52 34 " NS " " TN " 01 10 02");
    MALFORMED(15, "03", "52 34 " NS " " TN " 01 22 00");
    MALFORMED(15, "04", "52 34 41 ff 01 0e 41 00");
    /* 16: DELIVERY_TIMEOUT 0 (mt-16 l.1892); 15 has no such rule. */
    MALFORMED(16, "03", "52 34 " NS " " TN " 01 02 00");
    ACCEPTED(15, "03", "52 34 " NS " " TN " 01 02 00");
    /* 11: an odd KVP longer than 2^16-1 (mt-11 l.321); here 0x10000 (80 01 00
     * 00) inside a short message. */
    MALFORMED(11, "03", "52 34 25 " NS " " TN " 80 02 01 02 01 01 80 01 00 00");
    /* 11 TOKEN (l.1348): USE_ALIAS carries only an alias, so trailing bytes
     * are malformed; Alias Type 4 is undefined. */
    MALFORMED(11, "03", "52 34 25 " NS " " TN " 80 02 01 02 01 01 03 02 05 00");
    MALFORMED(11, "03", "52 34 25 " NS " " TN " 80 02 01 02 01 01 02 04 05");
    /* Delta types: previous type + delta above 2^64-1 is a protocol violation
     * (mt-16 l.283, mt-17 l.346). With 16's QUIC varints it takes five deltas
     * of 2^62-1 (ff x8) in SUBSCRIBE_OK's Track Extensions; 17's vi64 reaches
     * it in one (ff + 8 x ff = 2^64-1 after type 0x3c). */
#define D62 "ff ff ff ff ff ff ff ff"
    MALFORMED(16, "04", "52 34 41 ff 00 " D62 " 00 " D62 " 00 " D62 " 00 " D62 " 00 " D62 " 00");
    ACCEPTED(16, "04", "52 34 41 ff 00 " D62 " 00 " D62 " 00 " D62 " 00 " D62 " 00");
    MALFORMED(17, "04", "81 ff 00 3c 00 ff ff ff ff ff ff ff ff ff 00");
#undef D62
}

TF_TEST("wire/review/negative", rv_neg_fields)
{
    rv_vec v;
    /* mt-07 l.1764: FETCH_OK Group Order 0x0 is a protocol error. */
    MALFORMED(7, "18", "52 35 00 01 41 00 09 00");
    /* mt-12 l.2338: PUBLISH_OK Group Order 0x0; mt-12 l.2330: Forward 2. */
    MALFORMED(12, "1e", "52 3a 01 40 00 01 00");
    MALFORMED(12, "1e", "52 3a 02 40 01 01 00");
    /* mt-11 l.352: a Reason Phrase above 1024 bytes; 10 has no such bound. */
    char hex[8192];
    size_t n = (size_t)snprintf(hex, sizeof hex, "52 35 05 44 01 ");
    for (int i = 0; i < 1025; i++) {
        n += (size_t)snprintf(hex + n, sizeof hex - n, "61");
    }
    MALFORMED(11, "19", hex);
    ACCEPTED(10, "19", hex);
    /* mt-11 l.1602: GOAWAY New Session URI above 8,192 bytes (8193 = 60 01),
     * and exactly 8,192 (60 00) accepted. Built without tf_unhex (> 4096). */
    static uint8_t big[8200];
    for (uint16_t len = 8192; len <= 8193; len++) {
        moqt_msg m;
        size_t plen = 2u + len;
        big[0] = 0x10;
        big[1] = (uint8_t)(plen >> 8);
        big[2] = (uint8_t)plen;
        big[3] = (uint8_t)(0x40 | (len >> 8));
        big[4] = (uint8_t)len;
        memset(big + 5, 'x', len);
        moqt_ssize rv =
            moqt_wire_decode_control(moqt_profile_for_draft(11), big, 5u + len, &m, NULL);
        TF_CHECK_INT(rv, len == 8192 ? (moqt_ssize)(5u + len) : MOQT_ERR_WIRE_MALFORMED);
    }
    /* mt-16 l.539: a Track Namespace Field of length 0; 15 allows it. */
    MALFORMED(16, "06", "52 38 02 04 \"live\" 00 00");
    ACCEPTED(15, "06", "52 38 02 04 \"live\" 00 00");
    /* 33 namespace fields exceed 32 (mt-11 l.482). */
    char ns33[256];
    n = (size_t)snprintf(ns33, sizeof ns33, "21 ");
    for (int i = 0; i < 33; i++) {
        n += (size_t)snprintf(ns33 + n, sizeof ns33 - n, "01 61 ");
    }
    MALFORMED(11, "09", ns33);
    /* An empty Track Namespace is allowed from 17 (mt-17 l.596), not in 15. */
    ACCEPTED(17, "06", "92 38 00 00 00");
    MALFORMED(15, "06", "52 38 00 00");
}

TF_TEST("wire/review/negative", rv_neg_vi64)
{
    rv_vec v;
    /* mt-17 l.301 (example 0x8025 = 37): non-minimal encodings decode (17
     * says minimal is a SHOULD, l.303). TRACK_STATUS Request ID 37 as 80 25. */
    ACCEPTED(17, "0d", "80 25 00 " NS " " TN " 00");
    TF_CHECK_EQ(v.m.request_id, 37);
    /* The 7-byte form: invalid in 17 (l.300), allowed in 18 (l.287). */
    MALFORMED(17, "0d", "fc 00 00 00 00 12 34 00 " NS " " TN " 00");
    ACCEPTED(18, "0d", "fc 00 00 00 00 12 34 " NS " " TN " 00");
    TF_CHECK_EQ(v.m.request_id, 0x1234);
    /* 9-byte form: 0xff + 8 bytes (mt-17 l.281). */
    ACCEPTED(17, "0d", "ff 00 00 00 00 00 00 12 34 00 " NS " " TN " 00");
    TF_CHECK_EQ(v.m.request_id, 0x1234);
}

TF_TEST("wire/review/negative", rv_neg_data_plane)
{
    uint8_t in[64];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_subgroup_header h;
    size_t n;
    /* FIRST_OBJECT subgroup types exist from 18 (mt-18 l.4041), not in 17. */
    n = tf_unhex("50 25 81 00 80", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(moqt_profile_for_draft(17), in, n, &h, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(moqt_profile_for_draft(18), in, n, &h, &why),
                 (moqt_ssize)n);
    /* DEFAULT_PRIORITY (0x30..) types exist from 15 (mt-15 l.3336), not 14. */
    n = tf_unhex("34 25 41 00 07", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(moqt_profile_for_draft(14), in, n, &h, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    /* 14: a status datagram (0x20) carries no payload after the status
     * (mt-14 l.3336). */
    n = tf_unhex("20 25 41 00 05 80 03 61", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(moqt_profile_for_draft(14), in, n, &o, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    /* 07: a status other than 0 with a payload (mt-07 l.2104): length 0 is the
     * only way to carry a status, so an unknown status 0x2 is malformed. */
    n = tf_unhex("01 25 41 00 05 80 00 02", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(moqt_profile_for_draft(7), in, n, &o, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    /* 11: status 0x5 no longer exists (mt-11 l.2918-2945). */
    n = tf_unhex("02 25 41 00 05 80 05", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(moqt_profile_for_draft(11), in, n, &o, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    /* 16+: STATUS with END_OF_GROUP (0x22) is not a datagram type. */
    n = tf_unhex("22 25 41 00 05 80 03", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(moqt_profile_for_draft(16), in, n, &o, &why),
                 MOQT_ERR_WIRE_MALFORMED);
}

/* 07-10 frame control messages with Length (i) (mt-07 l.917, mt-10 Control
 * Messages figure) and set no upper bound, so a Length of 70000 is well formed
 * and our 65535-byte cap is an implementation limit (WIRE_LIMIT, as
 * docs/wire.md defines it), not a peer's protocol violation. Review fix:
 * control.c returned MALFORMED here. */
TF_TEST("wire/review/negative", rv_neg_long_length_is_our_limit)
{
    /* ANNOUNCE (0x06) with Length 70000 = 80 01 11 70; the payload need not
     * have arrived for the limit to be known. */
    uint8_t in[8];
    size_t n = tf_unhex("06 80 01 11 70 01 04", in, sizeof in);
    moqt_msg m;
    const char *why = NULL;
    for (unsigned d = 7; d <= 10; d++) {
        TF_CHECK_INT(moqt_wire_decode_control(moqt_profile_for_draft(d), in, n, &m, &why),
                     MOQT_ERR_WIRE_LIMIT);
    }
}

/* Setup options (17+, mt-17 l.2309-2313): "Receivers MUST ignore
 * unrecognized Setup Options ... MUST allow duplicates of unknown Setup
 * Options". 0x3e twice (delta 0) and 0x02 (MAX_REQUEST_ID until 16, gone in
 * 17) are ignored; PATH is still read. 11-16 setup parameters likewise ignore
 * unknown ones (mt-11 l.1486 "endpoints MUST ignore unknown setup parameters"). */
TF_TEST("wire/review/negative", rv_neg_setup_unknown_options)
{
    rv_vec v;
    ACCEPTED(17, "af 00", "01 04 \"/a?b\" 01 92 34 3c 00 00 00");
    TF_CHECK(!(v.m.setup.has & MOQT_S_MAX_REQUEST_ID));
    TF_CHECK_STR(v.m.setup.path, "/a?b");
    ACCEPTED(19, "af 00", "3e 00 00 00");
    ACCEPTED(16, "20", "02 3e 00 00 00");
    ACCEPTED(11, "20", "01 c0000000ff00000b 03 3e 00 3e 00 01 02 \"/x\"");
    TF_CHECK_STR(v.m.setup.path, "/x");
}
