/*
 * SUBSCRIBE family with parameters, one vector per parameter encoding era,
 * written by hand from the message figures and the parameter sections:
 *   07-10 TLV: Type(i) Length(i) Value (mt-07 l.982-1065)
 *   11-15 KVP: even type => varint value, odd type => Length + bytes
 *         (mt-11 l.234-260; types mt-11 l.1327, mt-12 l.1450, mt-15 l.1635)
 *   16    KVP with delta-coded types (mt-16 l.273-312, l.1759)
 *   17+   Type Delta + a value whose encoding the type fixes: uint8, varint,
 *         Location, length-prefixed (mt-17 l.1905-1930, l.2098-2250)
 * In 15+ Subscriber Priority, Group Order, Forward, the filter, Expires and
 * Largest are parameters (mt-15 l.1821-1905); in 16+ SUBSCRIBE_OK ends with
 * Track Extensions / Properties (mt-16 l.2425, mt-17 l.2628).
 *
 * Values: DELIVERY_TIMEOUT 100 ms, MAX_CACHE_DURATION 200 ms, an
 * AUTHORIZATION token "tok" (07-10 AUTHORIZATION INFO string; 11+ Token with
 * Alias Type USE_VALUE (0x3) and Token Type 0), filter AbsoluteRange {5,1}..9
 * (17+: End Group Delta 4), Subscriber Priority 0x80, Group Order 2, Forward 0.
 */
#include "subscribe_support.h"

#define NSN SUB_NS_HEX " " SUB_NAME_HEX

#define TOKEN                                                                                      \
    {                                                                                              \
        .alias_type = MOQT_TOKEN_ALIAS_USE_VALUE, .value = SUB_B("tok")                            \
    }
#define RANGE_5_1_TO_9                                                                             \
    {                                                                                              \
        .type = MOQT_FILTER_ABSOLUTE_RANGE, .start = {5, 1}, .end_group = 9                        \
    }
/* SUBSCRIBE fields of 15+ (parameters) and 11-14 (fixed): the same meaning. */
#define SUB_PARAMS(extra)                                                                          \
    {                                                                                              \
        .has = MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER | MOQT_P_FORWARD |  \
               MOQT_P_DELIVERY_TIMEOUT | (extra),                                                  \
        .subscriber_priority = 0x80, .group_order = 2, .forward = 0, .filter = RANGE_5_1_TO_9,     \
        .delivery_timeout_ms = 100, .auth_count = 1, .auth = {TOKEN},                              \
    }

static const sub_vec param_vectors[] = {
    /* ---- SUBSCRIBE ---- */
    {7,
     10,
     0x03,
     "mt-07 l.1250 + DELIVERY_TIMEOUT 0x03 (l.1037), AUTHORIZATION INFO 0x02 (l.1030); "
     "mt-10 l.1375",
     "01 02 " NSN " 80 02 02 02 02 03 \"tok\" 03 02 40 64",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .track_alias = 2,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = {.has = MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER |
                        MOQT_P_DELIVERY_TIMEOUT,
                 .subscriber_priority = 0x80,
                 .group_order = 2,
                 .filter = {.type = MOQT_FILTER_LARGEST_OBJECT},
                 .delivery_timeout_ms = 100,
                 .auth_count = 1,
                 .auth = {TOKEN}}}},
    {11,
     11,
     0x03,
     "mt-11 l.1731 + AUTHORIZATION TOKEN 0x01 (odd, l.1336), DELIVERY_TIMEOUT 0x02 (even)",
     "01 02 " NSN " 80 02 00 04 05 01 09 02 01 05 03 00 \"tok\" 02 40 64",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .track_alias = 2,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},
    {12,
     14,
     0x03,
     "mt-12 l.1876 + DELIVERY_TIMEOUT 0x02, AUTHORIZATION TOKEN 0x03 (mt-12 l.1450); "
     "mt-14 l.1951",
     "01 " NSN " 80 02 00 04 05 01 09 02 02 40 64 03 05 03 00 \"tok\"",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},
    {15,
     15,
     0x03,
     "mt-15 l.2274: DELIVERY_TIMEOUT 0x02, AUTH 0x03, FORWARD 0x10, SUBSCRIBER_PRIORITY "
     "0x20, SUBSCRIPTION_FILTER 0x21 (odd: length-prefixed), GROUP_ORDER 0x22",
     "01 " NSN " 06 02 40 64 03 05 03 00 \"tok\" 10 00 20 40 80 21 04 04 05 01 09 22 02",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},
    {16,
     16,
     0x03,
     "mt-16 l.2377, delta types 02 +1 +0d +10 +1 +1",
     "01 " NSN " 06 02 40 64 01 05 03 00 \"tok\" 0d 00 10 40 80 01 04 04 05 01 09 01 02",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},
    {17,
     17,
     0x03,
     "mt-17 l.2578, typed: varint, length-prefixed, uint8, uint8, length-prefixed filter with "
     "End Group Delta (l.1248), uint8",
     "01 03 " NSN " 06 02 64 01 05 03 00 \"tok\" 0d 00 10 80 01 04 04 05 01 04 01 02",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .required_request_id_delta = 3,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},
    {18,
     19,
     0x03,
     "mt-18 l.2998, mt-19 l.3244 (LOCATION_FILTER 0x21, mt-19 l.1539, l.2687)",
     "01 " NSN " 06 02 64 01 05 03 00 \"tok\" 0d 00 10 80 01 04 04 05 01 04 01 02",
     {.kind = MOQT_MSG_SUBSCRIBE,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = SUB_PARAMS(0)}},

    /* ---- SUBSCRIBE_OK ---- */
    {7,
     10,
     0x04,
     "mt-07 l.1667 + MAX_CACHE_DURATION 0x04 (l.1065); mt-10 l.1449",
     "01 30 01 01 07 04 01 04 02 40 c8",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .request_id = 1,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST |
                        MOQT_P_MAX_CACHE_DURATION,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4},
                 .max_cache_duration_ms = 200}}},
    {11,
     11,
     0x04,
     "mt-11 l.1803 + MAX_CACHE_DURATION 0x04 (even)",
     "01 30 01 01 07 04 01 04 40 c8",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .request_id = 1,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST |
                        MOQT_P_MAX_CACHE_DURATION,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4},
                 .max_cache_duration_ms = 200}}},
    {12,
     14,
     0x04,
     "mt-12 l.1941, mt-14 l.2017 + MAX_CACHE_DURATION 0x04",
     "01 02 30 01 01 07 04 01 04 40 c8",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .request_id = 1,
      .track_alias = 2,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST |
                        MOQT_P_MAX_CACHE_DURATION,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4},
                 .max_cache_duration_ms = 200}}},
    {15,
     15,
     0x04,
     "mt-15 l.2315: MAX_CACHE_DURATION 0x04, EXPIRES 0x08, LARGEST_OBJECT 0x09 (odd: "
     "length-prefixed Location), PUBLISHER_PRIORITY 0x0E, GROUP_ORDER 0x22",
     "01 02 05 04 40 c8 08 30 09 02 07 04 0e 40 40 22 01",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .request_id = 1,
      .track_alias = 2,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST |
                        MOQT_P_MAX_CACHE_DURATION | MOQT_P_PUBLISHER_PRIORITY,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4},
                 .max_cache_duration_ms = 200,
                 .publisher_priority = 0x40}}},
    {16,
     16,
     0x04,
     "mt-16 l.2418: EXPIRES 0x08, LARGEST 0x09 (+1), GROUP_ORDER 0x22 (+0x19); Track "
     "Extensions: type 0x04 = 200",
     "01 02 03 08 30 01 02 07 04 19 01 04 40 c8",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .request_id = 1,
      .track_alias = 2,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4}},
      .track_props = {1, {{.type = 0x04, .value = 200}}}}},
    {17,
     19,
     0x04,
     "mt-17 l.2622, mt-18 l.3030, mt-19 l.3276: EXPIRES varint, LARGEST_OBJECT bare Location, "
     "GROUP_ORDER uint8; Track Properties: type 0x04 = 200 (vi64 80 c8)",
     "02 03 08 30 01 07 04 19 01 04 80 c8",
     {.kind = MOQT_MSG_SUBSCRIBE_OK,
      .track_alias = 2,
      .params = {.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST,
                 .expires_ms = 0x30,
                 .group_order = 1,
                 .largest = {7, 4}},
      .track_props = {1, {{.type = 0x04, .value = 200}}}}},

    /* ---- SUBSCRIBE_UPDATE / REQUEST_UPDATE ---- */
    {7,
     7,
     0x02,
     "mt-07 l.1342 + DELIVERY_TIMEOUT 0x03",
     "01 05 01 0a 00 80 01 03 02 40 64",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_DELIVERY_TIMEOUT,
                 .subscriber_priority = 0x80,
                 .filter = RANGE_5_1_TO_9,
                 .delivery_timeout_ms = 100}}},
    {8,
     10,
     0x02,
     "mt-08 l.1418, mt-10 l.1567 + DELIVERY_TIMEOUT 0x03",
     "01 05 01 0a 80 01 03 02 40 64",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_DELIVERY_TIMEOUT,
                 .subscriber_priority = 0x80,
                 .filter = RANGE_5_1_TO_9,
                 .delivery_timeout_ms = 100}}},
    {11,
     13,
     0x02,
     "mt-11 l.1954, mt-13 l.2085 + DELIVERY_TIMEOUT 0x02",
     "01 05 01 0a 80 01 01 02 40 64",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD |
                        MOQT_P_DELIVERY_TIMEOUT,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9,
                 .delivery_timeout_ms = 100}}},
    {14,
     14,
     0x02,
     "mt-14 l.2146 + DELIVERY_TIMEOUT 0x02",
     "04 01 05 01 0a 80 01 01 02 40 64",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .request_id = 4,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD |
                        MOQT_P_DELIVERY_TIMEOUT,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9,
                 .delivery_timeout_ms = 100}}},
    {15,
     15,
     0x02,
     "mt-15 l.2375: FORWARD 0x10, SUBSCRIBER_PRIORITY 0x20, SUBSCRIPTION_FILTER 0x21",
     "04 01 03 10 01 20 40 80 21 04 04 05 01 09",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .request_id = 4,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9}}},
    {16,
     16,
     0x02,
     "mt-16 l.2461, delta types 10 +10 +1",
     "04 01 03 10 01 10 40 80 01 04 04 05 01 09",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .request_id = 4,
      .existing_request_id = 1,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9}}},
    {17,
     17,
     0x02,
     "mt-17 l.2661, typed uint8 / uint8 / length-prefixed filter",
     "04 03 03 10 01 10 80 01 04 04 05 01 04",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .request_id = 4,
      .required_request_id_delta = 3,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9}}},
    {18,
     19,
     0x02,
     "mt-18 l.3066, mt-19 l.3320",
     "04 03 10 01 10 80 01 04 04 05 01 04",
     {.kind = MOQT_MSG_REQUEST_UPDATE,
      .request_id = 4,
      .params = {.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD,
                 .subscriber_priority = 0x80,
                 .forward = 1,
                 .filter = RANGE_5_1_TO_9}}},

    /* ---- TRACK_STATUS_REQUEST 11-12: Parameters (mt-11 l.2451) ---- */
    {11,
     11,
     0x0D,
     "mt-11 l.2444 + AUTHORIZATION TOKEN 0x01",
     "01 " NSN " 01 01 05 03 00 \"tok\"",
     {.kind = MOQT_MSG_TRACK_STATUS,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = {.auth_count = 1, .auth = {TOKEN}}}},
    {12,
     12,
     0x0D,
     "mt-12 l.2736 + AUTHORIZATION TOKEN 0x03",
     "01 " NSN " 01 03 05 03 00 \"tok\"",
     {.kind = MOQT_MSG_TRACK_STATUS,
      .request_id = 1,
      .ns = SUB_NS,
      .track_name = SUB_NAME,
      .params = {.auth_count = 1, .auth = {TOKEN}}}},
    /* ---- TRACK_STATUS reply 11-12: Parameters (mt-11 l.2478) ---- */
    {11,
     12,
     0x0E,
     "mt-11 l.2472, mt-12 l.2764 + DELIVERY_TIMEOUT 0x02",
     "01 04 07 04 01 02 40 64",
     {.kind = MOQT_MSG_TRACK_STATUS_OK,
      .request_id = 1,
      .done = {.status_code = 4},
      .params = {.has = MOQT_P_LARGEST | MOQT_P_DELIVERY_TIMEOUT,
                 .largest = {7, 4},
                 .delivery_timeout_ms = 100}}},
};

TF_DRAFT_TEST("wire/subscribe", parameter_vectors)
{
    size_t used = 0;
    for (size_t i = 0; i < sizeof(param_vectors) / sizeof(param_vectors[0]); i++) {
        if (p->draft < param_vectors[i].lo || p->draft > param_vectors[i].hi) {
            continue;
        }
        sub_check_vector(p, &param_vectors[i]);
        used++;
    }
    TF_CHECK(used >= 3);
}

/* The same SUBSCRIBE meaning under every draft: decoding the 14 vector (fixed
 * fields) and encoding it for 15 gives the 15 vector (parameters), and back. */
TF_TEST("wire/subscribe", fixed_fields_become_parameters)
{
    const moqt_profile *d14 = moqt_profile_for_draft(14), *d15 = moqt_profile_for_draft(15);
    const moqt_profile *d17 = moqt_profile_for_draft(17);
    const char *hex14 = "01 " NSN " 80 02 00 04 05 01 09 02 02 40 64 03 05 03 00 \"tok\"";
    const char *hex15 =
        "01 " NSN " 06 02 40 64 03 05 03 00 \"tok\" 10 00 20 40 80 21 04 04 05 01 09 22 02";
    const char *hex17 =
        "01 00 " NSN " 06 02 64 01 05 03 00 \"tok\" 0d 00 10 80 01 04 04 05 01 04 01 02";
    uint8_t b14[256], b15[256], b17[256], out[256];
    size_t n14 = sub_vector(d14, 0x03, hex14, b14, sizeof(b14));
    size_t n15 = sub_vector(d15, 0x03, hex15, b15, sizeof(b15));
    size_t n17 = sub_vector(d17, 0x03, hex17, b17, sizeof(b17));
    moqt_msg m;

    TF_REQUIRE(moqt_wire_decode_control(d14, b14, n14, &m, NULL) == (moqt_ssize)n14);
    moqt_ssize e = sub_encode(d15, &m, out, sizeof(out));
    TF_REQUIRE(e > 0);
    TF_CHECK_BYTES(out, (size_t)e, b15, n15);
    e = sub_encode(d17, &m, out, sizeof(out));
    TF_REQUIRE(e > 0);
    TF_CHECK_BYTES(out, (size_t)e, b17, n17);

    TF_REQUIRE(moqt_wire_decode_control(d17, b17, n17, &m, NULL) == (moqt_ssize)n17);
    e = sub_encode(d14, &m, out, sizeof(out));
    TF_REQUIRE(e > 0);
    TF_CHECK_BYTES(out, (size_t)e, b14, n14);

    /* SUBSCRIBE_OK: 15 parameters (without the 15-only PUBLISHER_PRIORITY)
     * back to 14's fixed fields. */
    const char *ok15 = "01 02 03 08 30 09 02 07 04 22 02";
    const char *ok14 = "01 02 30 02 01 07 04 00";
    n15 = sub_vector(d15, 0x04, ok15, b15, sizeof(b15));
    n14 = sub_vector(d14, 0x04, ok14, b14, sizeof(b14));
    TF_REQUIRE(moqt_wire_decode_control(d15, b15, n15, &m, NULL) == (moqt_ssize)n15);
    e = sub_encode(d14, &m, out, sizeof(out));
    TF_REQUIRE(e > 0);
    TF_CHECK_BYTES(out, (size_t)e, b14, n14);
}

/* Parameter-level errors surface through the SUBSCRIBE family unchanged. */
TF_DRAFT_TEST("wire/subscribe", parameter_errors)
{
    uint8_t buf[256];
    moqt_msg m;
    size_t n;
    if (p->draft >= 15 && p->draft <= 16) {
        /* FORWARD 2 (mt-15 l.1898) */
        n = sub_vector(p, 0x03, "01 " NSN " 01 10 02", buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
        /* Number of Parameters larger than what follows */
        n = sub_vector(p, 0x03, "01 " NSN " 02 10 01", buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    }
    if (p->draft >= 17) {
        /* An unknown Message Parameter type is fatal from 16 (mt-17 l.1934). */
        const char *hex = p->draft == 17 ? "01 00 " NSN " 01 3e 00" : "01 " NSN " 01 3e 00";
        n = sub_vector(p, 0x03, hex, buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    }
    if (p->draft <= 10) {
        /* TLV DELIVERY_TIMEOUT whose varint does not fill its Length (mt-07 l.1016) */
        n = sub_vector(p, 0x03, "01 02 " NSN " 80 02 02 01 03 02 05 00", buf, sizeof(buf));
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    }
}
