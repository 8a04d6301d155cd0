/* Message parameters: TLV (07-10), KVP (11-15), delta KVP (16), typed (17+). */
#include "tf.h"

#include "wire/kvp.h"
#include "wire/params.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* Decodes a parameter block given as hex; returns the codec's result and
 * requires every byte to be consumed on success. */
static int decode(const moqt_profile *p, const char *hex, moqt_msg_params *out)
{
    static uint8_t buf[512];
    size_t n = tf_unhex(hex, buf, sizeof(buf));
    memset(out, 0, sizeof(*out));
    moqt_rd r;
    moqt_rd_init(&r, buf, n, p->int_kind);
    int rv = moqt_params_read(&r, p, MOQT_MSG_SUBSCRIBE, out);
    if (rv == 0 && moqt_rd_left(&r) != 0) {
        return tf_fail(__FILE__, __LINE__, "%zu bytes left over", moqt_rd_left(&r)) - 1000;
    }
    return rv;
}

/* Decodes |hex| (which must succeed), re-encodes, and expects the same bytes;
 * then checks that every strict prefix needs more bytes. */
static void check_exact(const moqt_profile *p, const char *hex, moqt_msg_params *out)
{
    uint8_t in[512], enc[512];
    size_t n = tf_unhex(hex, in, sizeof(in));
    TF_CHECK_INT(decode(p, hex, out), 0);
    moqt_wr w;
    moqt_wr_init(&w, enc, sizeof(enc), p->int_kind);
    TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, out, 0), 0);
    TF_CHECK_BYTES(enc, (size_t)(w.pos - enc), in, n);
    for (size_t k = 0; k < n; k++) {
        moqt_msg_params tmp;
        memset(&tmp, 0, sizeof(tmp));
        moqt_rd r;
        moqt_rd_init(&r, in, k, p->int_kind);
        int rv = moqt_params_read(&r, p, MOQT_MSG_SUBSCRIBE, &tmp);
        if (rv != MOQT_ERR_WIRE_NEED_MORE) {
            tf_fail(__FILE__, __LINE__, "draft %u prefix %zu of %zu: %d", p->draft, k, n, rv);
        }
    }
    /* The encoder refuses a buffer one byte short. */
    moqt_wr_init(&w, enc, n - 1, p->int_kind);
    TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, out, 0), MOQT_ERR_NOBUF);
}

/* mt-07 l.996 figure "MOQT Parameter": Type (i), Length (i), Value; types
 * 0x02 AUTHORIZATION INFO (l.1030), 0x03 DELIVERY TIMEOUT (l.1037),
 * 0x04 MAX CACHE DURATION (l.1065). Identical in 08-10 (mt-10 l.1120-1161). */
TF_TEST("wire/params", tlv_vector_07_10)
{
    for (unsigned d = 7; d <= 10; d++) {
        moqt_msg_params m;
        check_exact(draft(d), "03  02 05 \"token\"  03 02 43e8  04 04 8000ea60", &m);
        TF_CHECK_EQ(m.has, MOQT_P_DELIVERY_TIMEOUT | MOQT_P_MAX_CACHE_DURATION);
        TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
        TF_CHECK_EQ(m.max_cache_duration_ms, 60000);
        TF_REQUIRE(m.auth_count == 1);
        TF_CHECK_EQ(m.auth[0].alias_type, MOQT_TOKEN_ALIAS_USE_VALUE);
        TF_CHECK_EQ(m.auth[0].token_type, 0);
        TF_CHECK_STR(m.auth[0].value, "token");
    }
}

TF_TEST("wire/params", tlv_integer_must_fill_length)
{
    moqt_msg_params m;
    /* mt-07 l.1019: a length other than the integer's is a Parameter Length Mismatch. */
    TF_CHECK_INT(decode(draft(7), "01 03 03 43e8 00", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(7), "01 03 01 43", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(10), "01 04 00", &m), MOQT_ERR_WIRE_MALFORMED);
    /* Non-minimal but exact is fine: 5 in a 2-byte varint. */
    TF_CHECK_INT(decode(draft(8), "01 03 02 4005", &m), 0);
    TF_CHECK_EQ(m.delivery_timeout_ms, 5);
}

TF_TEST("wire/params", tlv_unknown_skipped_duplicate_malformed)
{
    moqt_msg_params m;
    /* mt-07 l.991: unknown types (0x09, and 0x01 which is a setup-only type) ignored. */
    TF_CHECK_INT(decode(draft(9), "03 09 03 aabbcc 01 00 03 01 05", &m), 0);
    TF_CHECK_EQ(m.has, MOQT_P_DELIVERY_TIMEOUT);
    TF_CHECK_EQ(m.delivery_timeout_ms, 5);
    /* mt-07 l.987: duplicates are a protocol violation, even AUTHORIZATION INFO. */
    TF_CHECK_INT(decode(draft(7), "02 03 01 05 03 01 06", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(7), "02 02 01 61 02 01 62", &m), MOQT_ERR_WIRE_MALFORMED);
    /* Unknown duplicates are simply skipped. */
    TF_CHECK_INT(decode(draft(7), "02 07 00 07 00", &m), 0);
    /* TLV value crossing the end of the input. */
    TF_CHECK_INT(decode(draft(7), "01 02 05 \"tok\"", &m), MOQT_ERR_WIRE_NEED_MORE);
}

/* mt-11 l.310 Key-Value-Pair (even: varint, odd: length + bytes); 11:
 * AUTHORIZATION TOKEN 0x01 with the Token figure of l.1348; DELIVERY_TIMEOUT
 * 0x02 (l.1434), MAX_CACHE_DURATION 0x04 (l.1468). */
TF_TEST("wire/params", kvp_vector_11)
{
    moqt_msg_params m;
    check_exact(draft(11), "03  01 05 01 05 00 \"ab\"  02 43e8  04 0a", &m);
    TF_CHECK_EQ(m.has, MOQT_P_DELIVERY_TIMEOUT | MOQT_P_MAX_CACHE_DURATION);
    TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
    TF_CHECK_EQ(m.max_cache_duration_ms, 10);
    TF_REQUIRE(m.auth_count == 1);
    TF_CHECK_EQ(m.auth[0].alias_type, MOQT_TOKEN_ALIAS_REGISTER);
    TF_CHECK_EQ(m.auth[0].alias, 5);
    TF_CHECK_EQ(m.auth[0].token_type, 0);
    TF_CHECK_STR(m.auth[0].value, "ab");
    /* In 11, 0x03 is not a message parameter: an odd unknown, skipped. */
    TF_CHECK_INT(decode(draft(11), "01 03 02 0300", &m), 0);
    TF_CHECK_EQ(m.auth_count, 0);
}

/* mt-12 l.1450: AUTHORIZATION TOKEN moves to 0x03 (12-14 otherwise as 11). The
 * token may repeat (l.1455). */
TF_TEST("wire/params", kvp_vector_12_14)
{
    for (unsigned d = 12; d <= 14; d++) {
        moqt_msg_params m;
        check_exact(draft(d), "04  02 05  03 02 00 07  03 03 03 01 ff  04 0a", &m);
        TF_CHECK_EQ(m.delivery_timeout_ms, 5);
        TF_REQUIRE(m.auth_count == 2);
        TF_CHECK_EQ(m.auth[0].alias_type, MOQT_TOKEN_ALIAS_DELETE);
        TF_CHECK_EQ(m.auth[0].alias, 7);
        TF_CHECK_EQ(m.auth[1].alias_type, MOQT_TOKEN_ALIAS_USE_VALUE);
        TF_CHECK_EQ(m.auth[1].token_type, 1);
        TF_CHECK_BYTES(m.auth[1].value.base, m.auth[1].value.len, (const uint8_t *)"\xff", 1);
        /* 0x01 is unknown from 12 and skipped. */
        TF_CHECK_INT(decode(draft(d), "01 01 01 00", &m), 0);
    }
}

/* mt-15 §9.2 (l.1635-1930): every draft-15 message parameter, KVP coded. */
static const char vec15[] = "0c"
                            " 02 43e8"               /* DELIVERY_TIMEOUT 1000 */
                            " 03 05 01 05 00 \"ab\"" /* AUTHORIZATION_TOKEN REGISTER */
                            " 04 8000ea60"           /* MAX_CACHE_DURATION 60000 */
                            " 08 00"                 /* EXPIRES 0 */
                            " 09 02 07 03"           /* LARGEST_OBJECT {7,3}, length-prefixed */
                            " 0e 40c8"               /* PUBLISHER_PRIORITY 200 */
                            " 10 01"                 /* FORWARD 1 */
                            " 20 4080"               /* SUBSCRIBER_PRIORITY 128 */
                            " 21 04 04 05 00 09" /* SUBSCRIPTION_FILTER AbsoluteRange {5,0}..9 */
                            " 22 02"             /* GROUP_ORDER descending */
                            " 30 01"             /* DYNAMIC_GROUPS 1 */
                            " 32 0b";            /* NEW_GROUP_REQUEST 11 */

TF_TEST("wire/params", kvp_vector_15_all_types)
{
    moqt_msg_params m;
    check_exact(draft(15), vec15, &m);
    TF_CHECK_EQ(m.has, MOQT_P_DELIVERY_TIMEOUT | MOQT_P_MAX_CACHE_DURATION | MOQT_P_EXPIRES |
                           MOQT_P_LARGEST | MOQT_P_PUBLISHER_PRIORITY | MOQT_P_FORWARD |
                           MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FILTER | MOQT_P_GROUP_ORDER |
                           MOQT_P_DYNAMIC_GROUPS | MOQT_P_NEW_GROUP_REQUEST);
    TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
    TF_CHECK_EQ(m.max_cache_duration_ms, 60000);
    TF_CHECK_EQ(m.expires_ms, 0);
    TF_CHECK_EQ(m.largest.group, 7);
    TF_CHECK_EQ(m.largest.object, 3);
    TF_CHECK_EQ(m.publisher_priority, 200);
    TF_CHECK_EQ(m.forward, 1);
    TF_CHECK_EQ(m.subscriber_priority, 128);
    TF_CHECK_EQ(m.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
    TF_CHECK_EQ(m.filter.start.group, 5);
    TF_CHECK_EQ(m.filter.start.object, 0);
    TF_CHECK_EQ(m.filter.end_group, 9);
    TF_CHECK_EQ(m.group_order, 2);
    TF_CHECK_EQ(m.dynamic_groups, 1);
    TF_CHECK_EQ(m.new_group_request, 11);
    TF_CHECK_EQ(m.auth_count, 1);
}

TF_TEST("wire/params", kvp_15_malformed_values)
{
    const moqt_profile *p = draft(15);
    moqt_msg_params m;
    TF_CHECK_INT(decode(p, "01 10 02", &m), MOQT_ERR_WIRE_MALFORMED); /* FORWARD 2 */
    TF_CHECK_INT(decode(p, "01 22 00", &m), MOQT_ERR_WIRE_MALFORMED); /* GROUP_ORDER 0 */
    TF_CHECK_INT(decode(p, "01 22 03", &m), MOQT_ERR_WIRE_MALFORMED); /* GROUP_ORDER 3 */
    TF_CHECK_INT(decode(p, "01 20 4100", &m),
                 MOQT_ERR_WIRE_MALFORMED); /* SUBSCRIBER_PRIORITY 256 */
    TF_CHECK_INT(decode(p, "01 0e 4100", &m), MOQT_ERR_WIRE_MALFORMED); /* PUBLISHER_PRIORITY 256 */
    TF_CHECK_INT(decode(p, "01 30 02", &m), MOQT_ERR_WIRE_MALFORMED);   /* DYNAMIC_GROUPS 2 */
    /* Length-prefixed values that do not fill, or overflow, their length. */
    TF_CHECK_INT(decode(p, "01 09 03 07 03 00", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(p, "01 09 01 07", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(p, "01 21 02 03 05", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(p, "01 21 01 05", &m), MOQT_ERR_WIRE_MALFORMED); /* filter type 5 */
    TF_CHECK_INT(decode(p, "01 21 04 04 05 00 04", &m), MOQT_ERR_WIRE_MALFORMED); /* end < start */
    /* Token: unknown alias type, or DELETE with trailing bytes. */
    TF_CHECK_INT(decode(p, "01 03 02 04 00", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(p, "01 03 03 00 01 02", &m), MOQT_ERR_WIRE_MALFORMED);
    /* Duplicates (mt-15 l.1610). */
    TF_CHECK_INT(decode(p, "02 02 05 02 06", &m), MOQT_ERR_WIRE_MALFORMED);
    /* Unknown parameters are skipped in 15 (mt-15 l.1621), even repeated. */
    TF_CHECK_INT(decode(p, "03 05 01 aa 06 07 06 08", &m), 0);
    TF_CHECK_EQ(m.has, 0);
}

/* mt-16 l.273-312 delta-coded KVP; mt-16 IANA l.4015: 0x02, 0x03, 0x08, 0x09,
 * 0x10, 0x20, 0x21, 0x22, 0x32. */
TF_TEST("wire/params", delta_kvp_vector_16)
{
    const moqt_profile *p = draft(16);
    moqt_msg_params m;
    check_exact(p,
                "09  02 43e8  01 03 03 00 \"x\"  05 00  01 02 07 03  07 01  10 4080"
                "  01 01 01  01 01  10 0b",
                &m);
    TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
    TF_REQUIRE(m.auth_count == 1);
    TF_CHECK_STR(m.auth[0].value, "x");
    TF_CHECK_EQ(m.largest.group, 7);
    TF_CHECK_EQ(m.forward, 1);
    TF_CHECK_EQ(m.subscriber_priority, 128);
    TF_CHECK_EQ(m.filter.type, MOQT_FILTER_NEXT_GROUP_START);
    TF_CHECK_EQ(m.group_order, 1);
    TF_CHECK_EQ(m.new_group_request, 11);
    /* Unknown message parameters are a PROTOCOL_VIOLATION from 16 (mt-16 l.1726):
     * MAX_CACHE_DURATION 0x04 became a Track Extension. */
    TF_CHECK_INT(decode(p, "01 04 0a", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(p, "01 05 00", &m), MOQT_ERR_WIRE_MALFORMED);
    /* A delta of 0 repeats the type: duplicate. */
    TF_CHECK_INT(decode(p, "02 02 05 00 06", &m), MOQT_ERR_WIRE_MALFORMED);
    /* DELIVERY_TIMEOUT 0 forbidden in 16 (mt-16 l.1892). */
    TF_CHECK_INT(decode(p, "01 02 00", &m), MOQT_ERR_WIRE_MALFORMED);
}

/* mt-17 l.1905-1930 typed parameters; IANA l.4274. uint8: FORWARD,
 * SUBSCRIBER_PRIORITY, GROUP_ORDER; Location: LARGEST_OBJECT (bare);
 * length-prefixed: AUTHORIZATION_TOKEN, SUBSCRIPTION_FILTER (End Group Delta). */
static const char vec17[] = "0a"
                            " 02 83e8"           /* DELIVERY_TIMEOUT 1000 (vi64 2 bytes) */
                            " 01 02 02 05"       /* AUTHORIZATION_TOKEN USE_ALIAS 5 */
                            " 01 64"             /* RENDEZVOUS_TIMEOUT 100 */
                            " 04 00"             /* EXPIRES 0 */
                            " 01 07 03"          /* LARGEST_OBJECT {7,3} bare */
                            " 07 01"             /* FORWARD uint8 */
                            " 10 80"             /* SUBSCRIBER_PRIORITY uint8 128 */
                            " 01 04 04 05 00 04" /* SUBSCRIPTION_FILTER {5,0} + 4 */
                            " 01 02"             /* GROUP_ORDER uint8 */
                            " 10 0b";            /* NEW_GROUP_REQUEST 11 */

TF_TEST("wire/params", typed_vector_17_19)
{
    for (unsigned d = 17; d <= 19; d++) {
        moqt_msg_params m;
        check_exact(draft(d), vec17, &m);
        TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
        TF_REQUIRE(m.auth_count == 1);
        TF_CHECK_EQ(m.auth[0].alias_type, MOQT_TOKEN_ALIAS_USE_ALIAS);
        TF_CHECK_EQ(m.auth[0].alias, 5);
        TF_CHECK_EQ(m.rendezvous_timeout_ms, 100);
        TF_CHECK(m.has & MOQT_P_EXPIRES);
        TF_CHECK_EQ(m.largest.group, 7);
        TF_CHECK_EQ(m.largest.object, 3);
        TF_CHECK_EQ(m.forward, 1);
        TF_CHECK_EQ(m.subscriber_priority, 128);
        TF_CHECK_EQ(m.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m.filter.start.group, 5);
        TF_CHECK_EQ(m.filter.end_group, 9); /* absolute in the model */
        TF_CHECK_EQ(m.group_order, 2);
        TF_CHECK_EQ(m.new_group_request, 11);
    }
}

/* mt-18 l.2407 SUBGROUP_DELIVERY_TIMEOUT 0x06, l.2427 FILL_TIMEOUT 0x0A,
 * l.2599 TRACK_NAMESPACE_PREFIX 0x34 (Track Namespace encoding, no length). */
TF_TEST("wire/params", typed_vector_18_19)
{
    for (unsigned d = 18; d <= 19; d++) {
        moqt_msg_params m;
        check_exact(draft(d), "04  02 83e8  04 64  04 00  2a 02 03 \"moq\" 04 \"live\"", &m);
        TF_CHECK_EQ(m.delivery_timeout_ms, 1000);
        TF_CHECK_EQ(m.subgroup_delivery_timeout_ms, 100);
        TF_CHECK(m.has & MOQT_P_FILL_TIMEOUT);
        TF_CHECK_EQ(m.fill_timeout_ms, 0);
        TF_REQUIRE(m.track_namespace_prefix.count == 2);
        TF_CHECK_STR(m.track_namespace_prefix.field[0], "moq");
        TF_CHECK_STR(m.track_namespace_prefix.field[1], "live");
    }
    moqt_msg_params m;
    /* 0x06, 0x0A, 0x34 are unknown (fatal) in 17. */
    TF_CHECK_INT(decode(draft(17), "01 06 00", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(17), "01 0a 00", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(17), "01 34 01 00", &m), MOQT_ERR_WIRE_MALFORMED);
}

/* mt-19 l.1585-1640: range filters 0x25-0x29 are length-prefixed and may
 * repeat; kept raw in |other|. LOCATION_FILTER 0x21 = the old filter. */
TF_TEST("wire/params", typed_range_filters_19)
{
    const moqt_profile *p = draft(19);
    moqt_msg_params m;
    check_exact(p, "04  21 01 02  04 03 00 03 02  00 02 01 00  04 03 00 02 05", &m);
    TF_CHECK_EQ(m.filter.type, MOQT_FILTER_LARGEST_OBJECT);
    TF_REQUIRE(m.other.count == 3);
    TF_CHECK_EQ(m.other.item[0].type, 0x25);
    TF_CHECK_BYTES(m.other.item[0].bytes.base, m.other.item[0].bytes.len,
                   (const uint8_t *)"\x00\x03\x02", 3);
    TF_CHECK_EQ(m.other.item[1].type, 0x25);
    TF_CHECK_EQ(m.other.item[2].type, 0x29);
    /* Not parameters in 18: fatal there, and not encodable. */
    TF_CHECK_INT(decode(draft(18), "01 25 01 00", &m), MOQT_ERR_WIRE_MALFORMED);
    moqt_msg_params in;
    memset(&in, 0, sizeof(in));
    moqt_kvps_add_bytes(&in.other, 0x26, (moqt_bytes){(const uint8_t *)"\x00\x01", 2});
    uint8_t buf[64];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof(buf), MOQT_INT_VI64);
    TF_CHECK_INT(moqt_params_write(&w, draft(18), MOQT_MSG_SUBSCRIBE, &in, 0),
                 MOQT_ERR_UNSUPPORTED);
    moqt_wr_init(&w, buf, sizeof(buf), MOQT_INT_VI64);
    TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0), 0);
    uint8_t exp[8];
    size_t n = tf_unhex("01 26 02 00 01", exp, sizeof(exp));
    TF_CHECK_BYTES(buf, (size_t)(w.pos - buf), exp, n);
}

TF_TEST("wire/params", typed_malformed)
{
    for (unsigned d = 17; d <= 19; d++) {
        const moqt_profile *p = draft(d);
        moqt_msg_params m;
        /* mt-17 l.1934: unknown types are fatal (0x05 is not defined). */
        TF_CHECK_INT(decode(p, "01 05 00", &m), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK_INT(decode(p, "01 01 00", &m), MOQT_ERR_WIRE_MALFORMED);
        /* Duplicates (mt-17 l.1941): a Type Delta of 0. */
        TF_CHECK_INT(decode(p, "02 02 05 00 06", &m), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK_INT(decode(p, "02 10 01 00 01", &m), MOQT_ERR_WIRE_MALFORMED);
        /* AUTHORIZATION TOKEN may repeat. */
        TF_CHECK_INT(decode(p, "02 03 02 02 01 00 02 02 02", &m), 0);
        TF_CHECK_EQ(m.auth_count, 2);
        /* uint8 range checks. */
        TF_CHECK_INT(decode(p, "01 10 02", &m), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK_INT(decode(p, "01 22 00", &m), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK_INT(decode(p, "01 20 ff", &m), 0);
        TF_CHECK_EQ(m.subscriber_priority, 255);
        /* DELIVERY_TIMEOUT 0 means "no timeout" from 17 (mt-17 l.2109). */
        TF_CHECK_INT(decode(p, "01 02 00", &m), 0);
        /* End Group Delta overflowing 64 bits (mt-19 l.1574). */
        TF_CHECK_INT(decode(p, "01 21 0c 04 02 00 ff ffffffffffffffff", &m),
                     MOQT_ERR_WIRE_MALFORMED);
        /* Filter length not matching its content. */
        TF_CHECK_INT(decode(p, "01 21 02 02 00", &m), MOQT_ERR_WIRE_MALFORMED);
        /* Type Delta overflow. */
        TF_CHECK_INT(decode(p, "02 02 05 ff ffffffffffffffff 00", &m), MOQT_ERR_WIRE_MALFORMED);
    }
}

/* mt-17 l.300 forbids the 7-byte vi64 prefix 11111100; mt-18 l.287 allows it
 * and non-minimal encodings. */
TF_TEST("wire/params", typed_integer_forms_17_vs_18)
{
    moqt_msg_params m;
    TF_CHECK_INT(decode(draft(17), "01 02 fc 00 00 00 00 00 05", &m), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode(draft(18), "01 02 fc 00 00 00 00 00 05", &m), 0);
    TF_CHECK_EQ(m.delivery_timeout_ms, 5);
    /* Non-minimal 2-byte 37 (mt-17 l.291 example 0x8025). */
    TF_CHECK_INT(decode(draft(17), "01 02 8025", &m), 0);
    TF_CHECK_EQ(m.delivery_timeout_ms, 37);
    /* Large values: vi64 reaches 2^64-1, the QUIC varint of 16 stops at 2^62-1. */
    TF_CHECK_INT(decode(draft(18), "01 32 ff ffffffffffffffff", &m), 0);
    TF_CHECK_EQ(m.new_group_request, UINT64_MAX);
    moqt_msg_params in;
    memset(&in, 0, sizeof(in));
    in.has = MOQT_P_NEW_GROUP_REQUEST;
    in.new_group_request = UINT64_MAX;
    uint8_t buf[32];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof(buf), MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_params_write(&w, draft(16), MOQT_MSG_SUBSCRIBE, &in, 0),
                 MOQT_ERR_UNSUPPORTED);
}

/* Every parameter a draft defines, with a non-default value, survives
 * model -> bytes -> model -> bytes. */
TF_DRAFT_TEST("wire/params", round_trip_every_type)
{
    unsigned d = p->draft;
    moqt_msg_params in;
    memset(&in, 0, sizeof(in));
    in.has = MOQT_P_DELIVERY_TIMEOUT;
    in.delivery_timeout_ms = 250;
    in.auth_count = 1;
    in.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
    in.auth[0].value = (moqt_bytes){(const uint8_t *)"secret", 6};
    if (d >= 11) {
        in.auth_count = 2;
        in.auth[1].alias_type = MOQT_TOKEN_ALIAS_REGISTER;
        in.auth[1].alias = 9;
        in.auth[1].token_type = 4;
        in.auth[1].value = (moqt_bytes){(const uint8_t *)"tk", 2};
    }
    if (d <= 15) {
        in.has |= MOQT_P_MAX_CACHE_DURATION;
        in.max_cache_duration_ms = 70000;
    }
    if (d >= 15) {
        in.has |= MOQT_P_EXPIRES | MOQT_P_LARGEST | MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY |
                  MOQT_P_FILTER | MOQT_P_GROUP_ORDER | MOQT_P_NEW_GROUP_REQUEST;
        in.expires_ms = 30000;
        in.largest = (moqt_location){1000000, 77};
        in.forward = 0;
        in.subscriber_priority = 3;
        in.filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
        in.filter.start = (moqt_location){20, 2};
        in.filter.end_group = 25;
        in.group_order = 1;
        in.new_group_request = 4;
    }
    if (d == 15) {
        in.has |= MOQT_P_PUBLISHER_PRIORITY | MOQT_P_DYNAMIC_GROUPS;
        in.publisher_priority = 255;
        in.dynamic_groups = 1;
    }
    if (d >= 17) {
        in.has |= MOQT_P_RENDEZVOUS_TIMEOUT;
        in.rendezvous_timeout_ms = 5000;
    }
    if (d >= 18) {
        in.has |=
            MOQT_P_SUBGROUP_DELIVERY_TIMEOUT | MOQT_P_FILL_TIMEOUT | MOQT_P_TRACK_NAMESPACE_PREFIX;
        in.subgroup_delivery_timeout_ms = 40;
        in.fill_timeout_ms = 41;
        in.track_namespace_prefix.count = 1;
        in.track_namespace_prefix.field[0] = (moqt_bytes){(const uint8_t *)"ns", 2};
    }
    if (d >= 19) {
        moqt_kvps_add_bytes(&in.other, 0x27, (moqt_bytes){(const uint8_t *)"\x01\x00\x40", 3});
    }
    uint8_t b1[512], b2[512];
    moqt_wr w;
    moqt_wr_init(&w, b1, sizeof(b1), p->int_kind);
    TF_REQUIRE(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0) == 0);
    size_t n1 = (size_t)(w.pos - b1);
    moqt_msg_params out;
    memset(&out, 0, sizeof(out));
    moqt_rd r;
    moqt_rd_init(&r, b1, n1, p->int_kind);
    TF_REQUIRE(moqt_params_read(&r, p, MOQT_MSG_SUBSCRIBE, &out) == 0);
    TF_CHECK_EQ(moqt_rd_left(&r), 0);
    TF_CHECK_EQ(out.has, in.has);
    TF_CHECK_EQ(out.delivery_timeout_ms, in.delivery_timeout_ms);
    TF_CHECK_EQ(out.max_cache_duration_ms, in.max_cache_duration_ms);
    TF_CHECK_EQ(out.expires_ms, in.expires_ms);
    TF_CHECK_EQ(out.largest.group, in.largest.group);
    TF_CHECK_EQ(out.largest.object, in.largest.object);
    TF_CHECK_EQ(out.forward, in.forward);
    TF_CHECK_EQ(out.subscriber_priority, in.subscriber_priority);
    TF_CHECK_EQ(out.filter.type, in.filter.type);
    TF_CHECK_EQ(out.filter.start.group, in.filter.start.group);
    TF_CHECK_EQ(out.filter.start.object, in.filter.start.object);
    TF_CHECK_EQ(out.filter.end_group, in.filter.end_group);
    TF_CHECK_EQ(out.group_order, in.group_order);
    TF_CHECK_EQ(out.new_group_request, in.new_group_request);
    TF_CHECK_EQ(out.publisher_priority, in.publisher_priority);
    TF_CHECK_EQ(out.dynamic_groups, in.dynamic_groups);
    TF_CHECK_EQ(out.rendezvous_timeout_ms, in.rendezvous_timeout_ms);
    TF_CHECK_EQ(out.subgroup_delivery_timeout_ms, in.subgroup_delivery_timeout_ms);
    TF_CHECK_EQ(out.fill_timeout_ms, in.fill_timeout_ms);
    TF_CHECK(moqt_namespace_eq(&out.track_namespace_prefix, &in.track_namespace_prefix));
    TF_REQUIRE(out.auth_count == in.auth_count);
    for (size_t i = 0; i < in.auth_count; i++) {
        TF_CHECK_EQ(out.auth[i].alias_type, in.auth[i].alias_type);
        TF_CHECK_EQ(out.auth[i].alias, in.auth[i].alias);
        TF_CHECK_EQ(out.auth[i].token_type, in.auth[i].token_type);
        TF_CHECK(moqt_bytes_eq(out.auth[i].value, in.auth[i].value));
    }
    TF_REQUIRE(out.other.count == in.other.count);
    moqt_wr_init(&w, b2, sizeof(b2), p->int_kind);
    TF_REQUIRE(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &out, 0) == 0);
    TF_CHECK_BYTES(b2, (size_t)(w.pos - b2), b1, n1);
}

/* Values a draft cannot express are refused, not dropped. */
TF_DRAFT_TEST("wire/params", cannot_express)
{
    unsigned d = p->draft;
    uint8_t buf[128];
    moqt_wr w;
    moqt_msg_params in;
    struct {
        uint32_t bit;
        unsigned from, to;
    } rows[] = {
        {MOQT_P_MAX_CACHE_DURATION, 7, 15},
        {MOQT_P_EXPIRES, 15, 99},
        {MOQT_P_LARGEST, 15, 99},
        {MOQT_P_PUBLISHER_PRIORITY, 15, 15},
        {MOQT_P_FORWARD, 15, 99},
        {MOQT_P_DYNAMIC_GROUPS, 15, 15},
        {MOQT_P_RENDEZVOUS_TIMEOUT, 17, 99},
        {MOQT_P_SUBGROUP_DELIVERY_TIMEOUT, 18, 99},
        {MOQT_P_FILL_TIMEOUT, 18, 99},
        {MOQT_P_TRACK_NAMESPACE_PREFIX, 18, 99},
        {MOQT_P_GROUP_ORDER, 15, 99},
        {MOQT_P_SUBSCRIBER_PRIORITY, 15, 99},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        memset(&in, 0, sizeof(in));
        in.has = rows[i].bit;
        in.group_order = 1;
        in.track_namespace_prefix.count = 1;
        in.track_namespace_prefix.field[0] = (moqt_bytes){(const uint8_t *)"a", 1};
        bool defined = d >= rows[i].from && d <= rows[i].to;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0),
                     defined ? 0 : MOQT_ERR_UNSUPPORTED);
        /* A fixed-field bit is never written as a parameter. */
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, rows[i].bit), 0);
        TF_CHECK_EQ(w.pos - buf, 1);
    }
    /* 07-10 carry the token as a bare string: no alias, no type. */
    memset(&in, 0, sizeof(in));
    in.auth_count = 1;
    in.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_ALIAS;
    moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
    TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0),
                 d <= 10 ? MOQT_ERR_UNSUPPORTED : 0);
    /* Invalid values are refused rather than sent. */
    if (d >= 15) {
        memset(&in, 0, sizeof(in));
        in.has = MOQT_P_FORWARD;
        in.forward = 2;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0), MOQT_ERR_UNSUPPORTED);
        memset(&in, 0, sizeof(in));
        in.has = MOQT_P_FILTER;
        in.filter.type = MOQT_FILTER_LATEST_GROUP; /* 07-08 only */
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_CHECK_INT(moqt_params_write(&w, p, MOQT_MSG_SUBSCRIBE, &in, 0), MOQT_ERR_UNSUPPORTED);
    }
}

/* The shared Subscription Filter structure under every draft (07: EndObject,
 * 08-16 absolute End Group, 17+ End Group Delta; filter 0x1 per draft). */
TF_DRAFT_TEST("wire/params", filter_structure)
{
    unsigned d = p->draft;
    uint8_t buf[32];
    moqt_rd r;
    moqt_filter f;
    size_t n;
    /* Filter type 0x1 (mt-08 l.1293 Latest Group; mt-10 undefined; mt-11 l.1691). */
    n = tf_unhex("01", buf, sizeof(buf));
    moqt_rd_init(&r, buf, n, p->int_kind);
    int rv = moqt_rd_filter(&r, p, &f);
    if (d == 9 || d == 10) {
        TF_CHECK_INT(rv, MOQT_ERR_WIRE_MALFORMED);
    } else {
        TF_CHECK_INT(rv, 0);
        TF_CHECK_EQ(f.type, d <= 8 ? MOQT_FILTER_LATEST_GROUP : MOQT_FILTER_NEXT_GROUP_START);
    }
    /* AbsoluteRange {5,1} .. group 8 (07: EndObject 2, mt-07 l.1264). */
    if (d == 7) {
        n = tf_unhex("04 05 01 08 02", buf, sizeof(buf));
    } else if (d <= 16) {
        n = tf_unhex("04 05 01 08", buf, sizeof(buf));
    } else {
        n = tf_unhex("04 05 01 03", buf, sizeof(buf));
    }
    moqt_rd_init(&r, buf, n, p->int_kind);
    TF_REQUIRE(moqt_rd_filter(&r, p, &f) == 0);
    TF_CHECK_EQ(moqt_rd_left(&r), 0);
    TF_CHECK_EQ(f.type, MOQT_FILTER_ABSOLUTE_RANGE);
    TF_CHECK_EQ(f.start.group, 5);
    TF_CHECK_EQ(f.start.object, 1);
    TF_CHECK_EQ(f.end_group, 8);
    TF_CHECK_EQ(f.end_object, d == 7 ? 2 : 0);
    uint8_t out[32];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof(out), p->int_kind);
    TF_REQUIRE(moqt_wr_filter(&w, p, &f) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);
    /* End object other than "whole group" cannot be said after 07. */
    f.end_object = 3;
    moqt_wr_init(&w, out, sizeof(out), p->int_kind);
    TF_CHECK_INT(moqt_wr_filter(&w, p, &f), d == 7 ? 0 : MOQT_ERR_UNSUPPORTED);
}

TF_DRAFT_TEST("wire/params", track_props)
{
    uint8_t buf[64];
    /* 16+ (mt-16 l.2425): delta-coded KVPs to the end: 0x04 = 10, 0x0B "ab", 0x0E = 1. */
    size_t n = tf_unhex("04 0a 07 02 \"ab\" 03 01", buf, sizeof(buf));
    moqt_rd r;
    moqt_rd_init(&r, buf, n, p->int_kind);
    moqt_kvp_list l;
    if (!p->has_track_properties) {
        TF_CHECK_INT(moqt_track_props_read(&r, p, &l), 0);
        TF_CHECK_EQ(l.count, 0);
        TF_CHECK_EQ(moqt_rd_left(&r), n); /* nothing consumed: the message codec decides */
        l.count = 1;
        moqt_wr w;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        TF_CHECK_INT(moqt_track_props_write(&w, p, &l), MOQT_ERR_UNSUPPORTED);
        return;
    }
    TF_REQUIRE(moqt_track_props_read(&r, p, &l) == 0);
    TF_REQUIRE(l.count == 3);
    TF_CHECK_EQ(l.item[0].type, 0x04);
    TF_CHECK_EQ(l.item[0].value, 10);
    TF_CHECK_EQ(l.item[1].type, 0x0b);
    TF_CHECK_STR(l.item[1].bytes, "ab");
    TF_CHECK_EQ(l.item[2].type, 0x0e);
    uint8_t out[64];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof(out), p->int_kind);
    TF_REQUIRE(moqt_track_props_write(&w, p, &l) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);
    /* A property crossing the end of the message is malformed. */
    moqt_rd_init(&r, buf, n - 1, p->int_kind);
    TF_CHECK_INT(moqt_track_props_read(&r, p, &l), MOQT_ERR_WIRE_MALFORMED);
    /* Descending types cannot be delta-coded. */
    l.item[0].type = 0x20;
    moqt_wr_init(&w, out, sizeof(out), p->int_kind);
    TF_CHECK_INT(moqt_track_props_write(&w, p, &l), MOQT_ERR_UNSUPPORTED);
}

/* 17+: a parameter on a message its definition does not list is a
 * PROTOCOL_VIOLATION (mt-17 l.1966); 07-16 ignore it (mt-16 l.1762). */
TF_DRAFT_TEST("wire/params", scope_check)
{
    unsigned d = p->draft;
    moqt_msg_params m;
    memset(&m, 0, sizeof(m));
    m.has = MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FILTER | MOQT_P_NEW_GROUP_REQUEST;
    m.auth_count = 1;
    /* All allowed on SUBSCRIBE in every draft that has them. */
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE, &m, 0), 0);
    /* FORWARD on FETCH: allowed to be ignored before 17, an error from 17. */
    memset(&m, 0, sizeof(m));
    m.has = MOQT_P_FORWARD;
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_FETCH, &m, 0), d >= 17 ? 0x10 : 0);
    /* ... unless the message carries it in a fixed field. */
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_FETCH, &m, MOQT_P_FORWARD), 0);
    /* FORWARD on SUBSCRIBE_NAMESPACE: 17 only (mt-17 l.2231; 18 moved it to
     * SUBSCRIBE_TRACKS, mt-18 l.2547). */
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE_NAMESPACE, &m, 0),
                d >= 18 ? 0x10 : 0);
    /* GROUP_ORDER on a PUBLISH_OK (REQUEST_OK from 18): allowed 17-18, not 19
     * (mt-19 l.2671: SUBSCRIBE, SUBSCRIBE_TRACKS, FETCH). */
    memset(&m, 0, sizeof(m));
    m.has = MOQT_P_GROUP_ORDER;
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_REQUEST_OK, &m, 0), d >= 19 ? 0x22 : 0);
    /* Tokens never on SUBSCRIBE_OK. */
    memset(&m, 0, sizeof(m));
    m.auth_count = 1;
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE_OK, &m, 0), d >= 17 ? 0x03 : 0);
    TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_TRACK_STATUS, &m, 0), 0);
    if (d >= 19) {
        /* TRACK_PROPERTY_FILTER only on SUBSCRIBE_TRACKS / REQUEST_UPDATE. */
        memset(&m, 0, sizeof(m));
        moqt_kvps_add_bytes(&m.other, 0x29, (moqt_bytes){(const uint8_t *)"\x00\x01", 2});
        TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE, &m, 0), 0x29);
        TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE_TRACKS, &m, 0), 0);
        m.other.item[0].type = 0x26;
        TF_CHECK_EQ(moqt_params_out_of_scope(p, MOQT_MSG_SUBSCRIBE, &m, 0), 0);
    }
}
