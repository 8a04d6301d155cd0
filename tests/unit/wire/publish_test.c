/*
 * PUBLISH, PUBLISH_OK, PUBLISH_ERROR under every draft 12..19 that defines
 * them: vectors built by hand from each draft's figures, round trips, and the
 * negatives (truncation, Length mismatch, bad values, what a draft cannot
 * express), plus the two deliberate choices of publish.c: Length(16) framing in
 * 12-14 although the figures say Length (i), and PUBLISH_OK 0x1E with the
 * REQUEST_OK layout in 18.
 */
#include "tf.h"

#include "msg_vector.h"
#include "wire/control.h"
#include "wire/model.h"

struct era_vec {
    unsigned lo, hi;
    const char *hex;
};

static const char *pick(const struct era_vec *v, size_t n, const moqt_profile *p)
{
    for (size_t i = 0; i < n; i++) {
        if (p->draft >= v[i].lo && p->draft <= v[i].hi) {
            return v[i].hex;
        }
    }
    return NULL;
}
#define PICK(v, p) pick((v), sizeof(v) / sizeof((v)[0]), (p))

static bool fixed_fields(const moqt_profile *p)
{
    return p->draft <= 14; /* fixed Group Order / Content Exists / Forward / ... */
}

/* Request 2 publishes moq/clock as Track Alias 9; 12-14: Group Order
 * Ascending, Content Exists 1, Largest {10, 3}, Forward 1. */
static const struct era_vec publish_vec[] = {
    /* mt-12 l.2257, mt-13 l.2259, mt-14 l.2309 (framed with Length(16): see
     * publish_12_14_length_is_16_bits) */
    {12, 14, "1d 00 13 02  01 03 \"moq\" 05 \"clock\"  09  01  01 0a 03  01  00"},
    /* mt-15 l.2423 */
    {15, 15, "1d 00 0e 02  01 03 \"moq\" 05 \"clock\"  09  00"},
    /* mt-16 l.2529: + Track Extensions, here none */
    {16, 16, "1d 00 0e 02  01 03 \"moq\" 05 \"clock\"  09  00"},
    /* mt-17 l.2706: + Required Request ID Delta 0 */
    {17, 17, "1d 00 0f 02 00  01 03 \"moq\" 05 \"clock\"  09  00"},
    /* mt-18 l.3136, mt-19 l.3390 */
    {18, 19, "1d 00 0e 02  01 03 \"moq\" 05 \"clock\"  09  00"},
};

/* Reply to request 2; 12-14: Forward 1, Subscriber Priority 0x40, Group Order
 * Descending, AbsoluteStart filter from {4, 0}. */
static const struct era_vec publish_ok_vec[] = {
    /* mt-12 l.2312, mt-13 l.2314, mt-14 l.2368; Filter Type, [Start Location],
     * [End Group] as in SUBSCRIBE (mt-12 l.1886) */
    {12, 14, "1e 00 08 02  01  40  02  03 04 00  00"},
    /* mt-15 l.2469, mt-16 l.2578 */
    {15, 16, "1e 00 02 02  00"},
    /* mt-17 l.2759: no Request ID */
    {17, 17, "1e 00 01  00"},
    /* mt-18 l.2160: 0x1E -> REQUEST_OK (l.2810): Parameters, Track Properties
     * (empty in PUBLISH_OK, l.2825) */
    {18, 18, "1e 00 01  00"},
};

static const struct era_vec publish_error_vec[] = {
    /* mt-12 l.2352, mt-13 l.2354, mt-14 l.2407: ID, Error Code 0x4 UNINTERESTED,
     * Error Reason */
    {12, 14, "1f 00 09 02  04  06 \"no way\""},
};

TF_DRAFT_TEST("wire/publish", publish_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return; /* 07-11 */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(publish_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_PUBLISH);
    TF_CHECK_EQ(m.request_id, 2);
    TF_CHECK_EQ(m.required_request_id_delta, 0);
    TF_CHECK_EQ(m.ns.count, 1);
    TF_CHECK_STR(m.ns.field[0], "moq");
    TF_CHECK_STR(m.track_name, "clock");
    TF_CHECK_EQ(m.track_alias, 9);
    TF_CHECK_EQ(m.track_props.count, 0);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.has, MOQT_P_GROUP_ORDER | MOQT_P_LARGEST | MOQT_P_FORWARD);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_ASCENDING);
        TF_CHECK_EQ(m.params.largest.group, 10);
        TF_CHECK_EQ(m.params.largest.object, 3);
        TF_CHECK_EQ(m.params.forward, 1);
    } else {
        TF_CHECK_EQ(m.params.has, 0);
    }
}

TF_DRAFT_TEST("wire/publish", publish_without_content_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) || !fixed_fields(p)) {
        return;
    }
    /* mt-12 l.2257: Content Exists 0, so no Largest; Group Order Descending,
     * Forward 0 (l.2298: wait for the subscriber). */
    moqt_msg m;
    TF_REQUIRE(
        MV_CHECK_VECTOR(p, "1d 00 11 02  01 03 \"moq\" 05 \"clock\"  09  02  00  00  00", &m));
    TF_CHECK_EQ(m.params.has, MOQT_P_GROUP_ORDER | MOQT_P_FORWARD);
    TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
    TF_CHECK_EQ(m.params.forward, 0);
}

TF_DRAFT_TEST("wire/publish", publish_ok_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK)) {
        return; /* 07-11; 19 reserves 0x1E */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(publish_ok_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_PUBLISH_OK);
    TF_CHECK_EQ(m.request_id, p->responses_have_request_id ? 2 : 0);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.has, MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER |
                                      MOQT_P_FILTER);
        TF_CHECK_EQ(m.params.forward, 1);
        TF_CHECK_EQ(m.params.subscriber_priority, 0x40);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
        TF_CHECK_EQ(m.params.filter.type, MOQT_FILTER_ABSOLUTE_START);
        TF_CHECK_EQ(m.params.filter.start.group, 4);
        TF_CHECK_EQ(m.params.filter.start.object, 0);
    } else {
        TF_CHECK_EQ(m.params.has, 0);
    }
}

TF_DRAFT_TEST("wire/publish", publish_ok_filter_figures)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK) || !fixed_fields(p)) {
        return;
    }
    moqt_msg m;
    /* AbsoluteRange (0x4): Start {4, 1}, End Group 7; Forward 0, priority 0x80,
     * Ascending (mt-12 l.1850, mt-14 l.1924) */
    TF_REQUIRE(MV_CHECK_VECTOR(p, "1e 00 09 02  00  80  01  04 04 01 07  00", &m));
    TF_CHECK_EQ(m.params.forward, 0);
    TF_CHECK_EQ(m.params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
    TF_CHECK_EQ(m.params.filter.start.group, 4);
    TF_CHECK_EQ(m.params.filter.start.object, 1);
    TF_CHECK_EQ(m.params.filter.end_group, 7);
    /* Next Group Start (0x1) and Largest Object (0x2) carry nothing more
     * (mt-14 l.1902, l.1910) */
    TF_REQUIRE(MV_CHECK_VECTOR(p, "1e 00 06 02  01  80  01  01  00", &m));
    TF_CHECK_EQ(m.params.filter.type, MOQT_FILTER_NEXT_GROUP_START);
    TF_REQUIRE(MV_CHECK_VECTOR(p, "1e 00 06 02  01  80  01  02  00", &m));
    TF_CHECK_EQ(m.params.filter.type, MOQT_FILTER_LARGEST_OBJECT);
    /* End Group equal to the start group: the rest of that group (l.1924) */
    TF_REQUIRE(MV_CHECK_VECTOR(p, "1e 00 09 02  00  80  01  04 04 01 04  00", &m));
    TF_CHECK_EQ(m.params.filter.end_group, 4);
}

TF_DRAFT_TEST("wire/publish", publish_error_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_ERROR)) {
        return; /* 12-14 only; REQUEST_ERROR from 15 */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(publish_error_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_PUBLISH_ERROR);
    TF_CHECK_EQ(m.request_id, 2);
    TF_CHECK_EQ(m.error_code, 4);
    TF_CHECK_STR(m.reason, "no way");
}

/* ---- the two deliberate choices ---- */

TF_DRAFT_TEST("wire/publish", publish_12_14_length_is_16_bits)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) || !fixed_fields(p)) {
        return;
    }
    /* mt-12 l.2257 / mt-14 l.2309 draw "Length (i)", but the framing of every
     * control message is Length(16) from 11 (mt-14 l.1364) and the other
     * figures of the same drafts agree (mt-12 l.2468): a one-byte Length(i)
     * framing is read as the first byte of a 16-bit length (0x1302 here), so
     * the decoder waits for more instead of misparsing. */
    moqt_msg m;
    TF_CHECK_INT(mv_decode_hex(p, "1d 13 02  01 03 \"moq\" 05 \"clock\"  09  01  01 0a 03  01  00",
                               &m, NULL),
                 MOQT_ERR_WIRE_NEED_MORE);
    /* and the encoder writes Length(16): 00 13 */
    moqt_msg_init(&m, MOQT_MSG_PUBLISH);
    m.request_id = 2;
    m.ns.count = 1;
    m.ns.field[0] = mv_str("moq");
    m.track_name = mv_str("clock");
    m.track_alias = 9;
    m.params.has = MOQT_P_LARGEST;
    m.params.largest = (moqt_location){10, 3};
    uint8_t out[64];
    moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
    TF_REQUIRE(e == 22);
    TF_CHECK(out[0] == 0x1d && out[1] == 0x00 && out[2] == 0x13);
    /* PUBLISH_OK and PUBLISH_ERROR alike (mt-12 l.2312, l.2352 say Length (i)) */
    TF_CHECK_INT(mv_decode_hex(p, "1f 09 02 04 06 \"no way\"", &m, NULL), MOQT_ERR_WIRE_NEED_MORE);
    TF_CHECK_INT(mv_decode_hex(p, "1e 08 02 01 40 02 03 04 00 00", &m, NULL),
                 MOQT_ERR_WIRE_NEED_MORE);
}

TF_DRAFT_TEST("wire/publish", publish_ok_18_is_request_ok_layout)
{
    if (p->draft != 18) {
        return;
    }
    /* profile.c keeps 0x1E in 18 (table row mt-18 l.2160); the body is
     * REQUEST_OK's (mt-18 l.2810): no Request ID, Parameters, Track Properties
     * that "are empty in PUBLISH_OK" (l.2825-2828). */
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK), 0x1E);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_REQUEST_OK), 0x07);
    moqt_msg m;
    const char *why = NULL;
    /* a well-formed Track Property (delta type 2, value 5) is still refused */
    TF_CHECK_INT(mv_decode_hex(p, "1e 00 03 00  02 05", &m, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why && strstr(why, "Track Properties") != NULL);
    MV_CHECK_MALFORMED(p, "1e 00 02 00  00");
    /* encoding one is refused too */
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
    m.track_props.count = 1;
    m.track_props.item[0].type = 2;
    m.track_props.item[0].value = 5;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    /* a Request ID in the model is not on the wire (the stream names it) */
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
    m.request_id = 2;
    uint8_t out[64];
    moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
    uint8_t want[8];
    size_t n = tf_unhex("1e 00 01 00", want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
}

TF_DRAFT_TEST("wire/publish", publish_ok_absent_from_19)
{
    if (p->draft != 19) {
        return;
    }
    /* mt-19 reserves 0x1E ("PUBLISH_OK in <= 17"): no such message. */
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    MV_CHECK_MALFORMED(p, "1e 00 01 00");
}

/* ---- round trips ---- */

static void fill_publish(moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_PUBLISH);
    m->request_id = 1ull << 30;
    m->ns.count = 3;
    m->ns.field[0] = mv_str("example.com");
    m->ns.field[1] = mv_str("x"); /* empty fields are malformed from 16 */
    m->ns.field[2] = mv_str("room/42");
    m->track_name = mv_str("audio");
    m->track_alias = 1ull << 50;
}

static void check_same_publish(const moqt_profile *p, const moqt_msg *a, const moqt_msg *b)
{
    TF_CHECK_EQ(b->request_id, a->request_id);
    TF_CHECK_EQ(b->required_request_id_delta, a->required_request_id_delta);
    TF_CHECK(moqt_namespace_eq(&a->ns, &b->ns));
    TF_CHECK(moqt_bytes_eq(a->track_name, b->track_name));
    TF_CHECK_EQ(b->track_alias, a->track_alias);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(b->params.has, a->params.has);
        TF_CHECK_EQ(b->params.group_order, a->params.group_order);
        TF_CHECK_EQ(b->params.forward, a->params.forward);
        TF_CHECK_EQ(b->params.largest.group, a->params.largest.group);
        TF_CHECK_EQ(b->params.largest.object, a->params.largest.object);
    }
}

TF_DRAFT_TEST("wire/publish", publish_roundtrip)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    for (int content = 0; content <= 1; content++) {
        moqt_msg m, out;
        fill_publish(&m);
        if (p->draft == 17) {
            m.required_request_id_delta = 7;
        }
        if (fixed_fields(p)) {
            m.params.has = MOQT_P_GROUP_ORDER | MOQT_P_FORWARD;
            m.params.group_order =
                content ? MOQT_GROUP_ORDER_DESCENDING : MOQT_GROUP_ORDER_ASCENDING;
            m.params.forward = (uint8_t)content;
            if (content) {
                m.params.has |= MOQT_P_LARGEST;
                m.params.largest = (moqt_location){1ull << 45, 300};
            }
        }
        if (MV_ROUNDTRIP(p, &m, &out)) {
            check_same_publish(p, &m, &out);
        }
    }
}

TF_DRAFT_TEST("wire/publish", publish_ok_roundtrip_every_filter)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK)) {
        return;
    }
    static const moqt_filter filters[] = {
        {.type = MOQT_FILTER_NEXT_GROUP_START},
        {.type = MOQT_FILTER_LARGEST_OBJECT},
        {.type = MOQT_FILTER_ABSOLUTE_START, .start = {1ull << 40, 5}},
        {.type = MOQT_FILTER_ABSOLUTE_RANGE, .start = {100, 0}, .end_group = 1ull << 41},
    };
    size_t count = fixed_fields(p) ? 4 : 1;
    for (size_t i = 0; i < count; i++) {
        moqt_msg m, out;
        moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
        m.request_id = p->responses_have_request_id ? 1ull << 20 : 0;
        if (fixed_fields(p)) {
            m.params.has =
                MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER;
            m.params.forward = (uint8_t)(i & 1);
            m.params.subscriber_priority = (uint8_t)(i * 80);
            m.params.group_order = (uint8_t)(1 + (i & 1));
            m.params.filter = filters[i];
        }
        if (!MV_ROUNDTRIP(p, &m, &out)) {
            continue;
        }
        TF_CHECK_EQ(out.request_id, m.request_id);
        TF_CHECK_EQ(out.params.has, m.params.has);
        if (fixed_fields(p)) {
            TF_CHECK_EQ(out.params.forward, m.params.forward);
            TF_CHECK_EQ(out.params.subscriber_priority, m.params.subscriber_priority);
            TF_CHECK_EQ(out.params.group_order, m.params.group_order);
            TF_CHECK_EQ(out.params.filter.type, filters[i].type);
            TF_CHECK_EQ(out.params.filter.start.group, filters[i].start.group);
            TF_CHECK_EQ(out.params.filter.start.object, filters[i].start.object);
            TF_CHECK_EQ(out.params.filter.end_group, filters[i].end_group);
        }
    }
}

TF_DRAFT_TEST("wire/publish", publish_error_roundtrip)
{
    moqt_msg m, out;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_ERROR);
    m.request_id = 12345;
    m.error_code = 0x3;
    m.reason = mv_str("PUBLISH not supported here");
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_ERROR)) {
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
        return;
    }
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out));
    TF_CHECK_EQ(out.request_id, 12345);
    TF_CHECK_EQ(out.error_code, 3);
    TF_CHECK(moqt_bytes_eq(out.reason, m.reason));
}

/* ---- decoding negatives (12-14 fixed fields) ---- */

TF_DRAFT_TEST("wire/publish", publish_bad_fixed_values_are_malformed)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) || !fixed_fields(p)) {
        return;
    }
    char hex[96];
    static const struct {
        unsigned order, content, forward;
    } bad[] = {
        {0, 0, 1},    /* Group Order 0x0 (mt-12 l.2289) */
        {3, 0, 1},    /* Group Order above 0x2 */
        {1, 2, 1},    /* Content Exists neither 0 nor 1 (l.2291) */
        {1, 0, 2},    /* Forward neither 0 nor 1 (l.2298) */
        {1, 0, 0xff}, /* likewise */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(hex, sizeof(hex), "1d 00 11 02 01 03 \"moq\" 05 \"clock\" 09 %02x %02x %02x 00",
                 bad[i].order, bad[i].content, bad[i].forward);
        MV_CHECK_MALFORMED(p, hex);
    }
}

TF_DRAFT_TEST("wire/publish", publish_ok_bad_fixed_values_are_malformed)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK) || !fixed_fields(p)) {
        return;
    }
    /* Forward 2 (mt-12 l.2332); Group Order 0 and 3 (l.2339) */
    MV_CHECK_MALFORMED(p, "1e 00 06 02  02  80  01  01  00");
    MV_CHECK_MALFORMED(p, "1e 00 06 02  01  80  00  01  00");
    MV_CHECK_MALFORMED(p, "1e 00 06 02  01  80  03  01  00");
    /* Filter Type 0 and 5 (mt-14 l.1931) */
    MV_CHECK_MALFORMED(p, "1e 00 06 02  01  80  01  00  00");
    MV_CHECK_MALFORMED(p, "1e 00 06 02  01  80  01  05  00");
    /* AbsoluteRange ending before its start group (mt-14 l.1928; malformed as
     * in SUBSCRIBE, params.c's shared filter reader) */
    MV_CHECK_MALFORMED(p, "1e 00 09 02  00  80  01  04 04 01 03  00");
}

/* ---- encoding: cannot express, defaults ---- */

TF_DRAFT_TEST("wire/publish", encode_publish_cannot_express)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        moqt_msg m;
        fill_publish(&m);
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED); /* 07-11 */
        return;
    }
    moqt_msg m;
    fill_publish(&m);
    m.required_request_id_delta = 1;
    moqt_msg out;
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out)); /* dropped outside 17 (mt-17 l.2706) */
    TF_CHECK_EQ(out.required_request_id_delta, p->draft == 17 ? 1 : 0);
    fill_publish(&m);
    m.track_props.count = 1;
    m.track_props.item[0].type = 0x0e; /* DEFAULT_PUBLISHER_PRIORITY (mt-16 l.4034 table) */
    m.track_props.item[0].value = 1;
    if (!p->has_track_properties) {
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
    if (fixed_fields(p)) {
        fill_publish(&m);
        m.params.has = MOQT_P_GROUP_ORDER;
        m.params.group_order = MOQT_GROUP_ORDER_PUBLISHER; /* 0x0 invalid in PUBLISH */
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
        m.params.group_order = 3;
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
        m.params.has = MOQT_P_FORWARD;
        m.params.forward = 2;
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/publish", encode_publish_ok_cannot_express)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK) || !fixed_fields(p)) {
        return;
    }
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
    m.params.has = MOQT_P_FILTER;
    m.params.filter.type = MOQT_FILTER_LATEST_GROUP; /* 07-08 only */
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    m.params.filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
    m.params.filter.start.group = 9;
    m.params.filter.end_group = 8;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    m.params.filter.type = MOQT_FILTER_ABSOLUTE_START;
    m.params.has = MOQT_P_FILTER | MOQT_P_GROUP_ORDER;
    m.params.group_order = 0;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    m.track_props.count = 1; /* PUBLISH_OK never carries properties */
    m.params.has = 0;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
}

TF_DRAFT_TEST("wire/publish", encode_defaults_for_absent_fixed_fields)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH) || !fixed_fields(p)) {
        return;
    }
    /* 12-14 write what 15+ assumes for omitted parameters: Group Order
     * Ascending (mt-15 l.1850), Content Exists 0 (no LARGEST_OBJECT, l.1891),
     * Forward 1 (l.1905); PUBLISH_OK: Subscriber Priority 128 (l.1831) and the
     * "unfiltered" subscription (l.1860) as AbsoluteStart {0, 0} (mt-14 l.1921). */
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_PUBLISH);
    m.request_id = 2;
    m.ns.count = 1;
    m.ns.field[0] = mv_str("moq");
    m.track_name = mv_str("clock");
    m.track_alias = 9;
    uint8_t want[64], got[64];
    size_t n =
        tf_unhex("1d 00 11 02  01 03 \"moq\" 05 \"clock\"  09  01  00  01  00", want, sizeof(want));
    moqt_ssize e = moqt_wire_encode_control(p, &m, got, sizeof(got));
    TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);

    moqt_msg_init(&m, MOQT_MSG_PUBLISH_OK);
    m.request_id = 2;
    n = tf_unhex("1e 00 08 02  01  80  01  03 00 00  00", want, sizeof(want));
    e = moqt_wire_encode_control(p, &m, got, sizeof(got));
    TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);
    /* a filter marked present but of type NONE means the same */
    m.params.has = MOQT_P_FILTER;
    m.params.filter.type = MOQT_FILTER_NONE;
    m.params.filter.start = (moqt_location){5, 5};
    e = moqt_wire_encode_control(p, &m, got, sizeof(got));
    TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);
}

/* ---- with parameters (params.c) and Track Extensions / Properties ---- */

/* The PUBLISH of publish_vec with parameters. 12-14: DELIVERY_TIMEOUT 1000
 * (KVP 0x02) after the fixed fields. 15: the fixed fields as parameters
 * (mt-15 l.1834-1905): LARGEST_OBJECT {10, 3} (0x09, length-prefixed),
 * FORWARD 1 (0x10), GROUP_ORDER Ascending (0x22). 16+: GROUP_ORDER is no
 * PUBLISH parameter (mt-16 l.1938) but the Track Extension
 * DEFAULT_PUBLISHER_GROUP_ORDER (0x22); LARGEST_OBJECT is a bare Location from
 * 17 (mt-17 l.2222). */
static const struct era_vec publish_params_vec[] = {
    {12, 14, "1d 00 16 02  01 03 \"moq\" 05 \"clock\"  09  01  01 0a 03  01  01 02 43 e8"},
    {15, 15, "1d 00 16 02  01 03 \"moq\" 05 \"clock\"  09  03 09 02 0a 03 10 01 22 01"},
    {16, 16, "1d 00 16 02  01 03 \"moq\" 05 \"clock\"  09  02 09 02 0a 03 07 01  22 01"},
    {17, 17, "1d 00 16 02 00  01 03 \"moq\" 05 \"clock\"  09  02 09 0a 03 07 01  22 01"},
    {18, 19, "1d 00 15 02  01 03 \"moq\" 05 \"clock\"  09  02 09 0a 03 07 01  22 01"},
};

TF_DRAFT_TEST("wire/publish", publish_with_parameters_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    moqt_msg m;
    size_t props = p->has_track_properties ? 2 : 0;
    TF_REQUIRE(MV_CHECK_VECTOR_TAIL(p, PICK(publish_params_vec, p), &m, props));
    TF_CHECK(m.params.has & MOQT_P_LARGEST);
    TF_CHECK_EQ(m.params.largest.group, 10);
    TF_CHECK_EQ(m.params.largest.object, 3);
    TF_CHECK(m.params.has & MOQT_P_FORWARD);
    TF_CHECK_EQ(m.params.forward, 1);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.delivery_timeout_ms, 1000);
    }
    if (p->has_track_properties) {
        TF_CHECK(!(m.params.has & MOQT_P_GROUP_ORDER));
        TF_REQUIRE(m.track_props.count == 1);
        TF_CHECK_EQ(m.track_props.item[0].type, 0x22);
        TF_CHECK_EQ(m.track_props.item[0].value, MOQT_GROUP_ORDER_ASCENDING);
    } else {
        TF_CHECK(m.params.has & MOQT_P_GROUP_ORDER);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_ASCENDING);
    }
}

/* The PUBLISH_OK of publish_ok_vec with parameters. 12-14: DELIVERY_TIMEOUT
 * 1000. 15+: FORWARD 1, SUBSCRIBER_PRIORITY 64, SUBSCRIPTION_FILTER
 * AbsoluteStart {4, 0} (length-prefixed filter, mt-15 l.1854), GROUP_ORDER
 * Descending: KVP (15), delta KVP (16), typed (17, 18). */
static const struct era_vec publish_ok_params_vec[] = {
    {12, 14, "1e 00 0b 02  01  40  02  03 04 00  01 02 43 e8"},
    {15, 15, "1e 00 0e 02  04 10 01 20 40 40 21 03 03 04 00 22 02"},
    {16, 16, "1e 00 0e 02  04 10 01 10 40 40 01 03 03 04 00 01 02"},
    {17, 18, "1e 00 0c  04 10 01 10 40 01 03 03 04 00 01 02"},
};

TF_DRAFT_TEST("wire/publish", publish_ok_with_parameters_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_OK)) {
        return;
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(publish_ok_params_vec, p), &m));
    uint32_t want =
        MOQT_P_FORWARD | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER;
    if (fixed_fields(p)) {
        want |= MOQT_P_DELIVERY_TIMEOUT;
    }
    TF_CHECK_EQ(m.params.has, want);
    TF_CHECK_EQ(m.params.forward, 1);
    TF_CHECK_EQ(m.params.subscriber_priority, 64);
    TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
    TF_CHECK_EQ(m.params.filter.type, MOQT_FILTER_ABSOLUTE_START);
    TF_CHECK_EQ(m.params.filter.start.group, 4);
}

/* 14 and 15+ say the same thing in fixed fields and in parameters. */
TF_TEST("wire/publish", fixed_fields_and_parameters_bridge_14_15_17)
{
    const moqt_profile *d14 = moqt_profile_for_draft(14), *d15 = moqt_profile_for_draft(15);
    const moqt_profile *d17 = moqt_profile_for_draft(17);
    uint8_t out[64], want[64];
    moqt_msg m;
    /* PUBLISH_OK: 14 -> 15 -> 17 and back */
    TF_REQUIRE(mv_decode_hex(d14, PICK(publish_ok_vec, d14), &m, NULL) == 11);
    moqt_ssize e = moqt_wire_encode_control(d15, &m, out, sizeof(out));
    size_t n = tf_unhex(PICK(publish_ok_params_vec, d15), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
    e = moqt_wire_encode_control(d17, &m, out, sizeof(out));
    n = tf_unhex(PICK(publish_ok_params_vec, d17), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
    TF_REQUIRE(mv_decode_hex(d15, PICK(publish_ok_params_vec, d15), &m, NULL) == 17);
    e = moqt_wire_encode_control(d14, &m, out, sizeof(out));
    n = tf_unhex(PICK(publish_ok_vec, d14), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);

    /* PUBLISH: 14 -> 15 and back */
    TF_REQUIRE(mv_decode_hex(d14, PICK(publish_vec, d14), &m, NULL) == 22);
    e = moqt_wire_encode_control(d15, &m, out, sizeof(out));
    n = tf_unhex(PICK(publish_params_vec, d15), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
    TF_REQUIRE(mv_decode_hex(d15, PICK(publish_params_vec, d15), &m, NULL) == 25);
    e = moqt_wire_encode_control(d14, &m, out, sizeof(out));
    n = tf_unhex(PICK(publish_vec, d14), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
}

TF_DRAFT_TEST("wire/publish", full_track_name_above_4096_bytes)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_PUBLISH)) {
        return;
    }
    /* mt-11 l.491, mt-17 l.636: Namespace fields plus Track Name at most 4096. */
    static uint8_t big[4096], buf[8192];
    memset(big, 'a', 4000);
    memset(big + 4000, 'b', 96);
    moqt_msg m, out;
    fill_publish(&m);
    m.ns.count = 1;
    m.ns.field[0] = (moqt_bytes){big, 4000};
    m.track_name = (moqt_bytes){big + 4000, 96};
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out)); /* exactly 4096: fine */
    m.track_name.len = 97;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    /* the 4096-byte message with its Track Name Length raised by one */
    m.track_name.len = 96;
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
    TF_REQUIRE(n > 0);
    uint8_t *name = memchr(buf, 'b', (size_t)n);
    TF_REQUIRE(name != NULL && name[-1] == 0x60);
    name[-1] = 0x61;
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, (size_t)n, &out, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL && strstr(why, "Full Track Name") != NULL);
}
