/*
 * FETCH, FETCH_OK, FETCH_ERROR, FETCH_CANCEL under every draft 07..19: vectors
 * built by hand from each draft's figures, round trips of every fetch type the
 * draft defines, and the negatives (truncation, Length mismatch, bad values,
 * what a draft cannot express).
 */
#include "tf.h"

#include "msg_vector.h"
#include "wire/control.h"
#include "wire/kvp.h"
#include "wire/model.h"

/* A vector for the drafts lo..hi. */
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

/* Request 1 fetches moq/clock from {2, 0} to {5, 0} (End Object 0: the whole
 * group), Subscriber Priority 0x80, Group Order Ascending (07-14 fields). */
static const struct era_vec fetch_standalone_vec[] = {
    /* mt-07 l.1420: ID, NS, Name, SubPrio(8), GroupOrder(8), StartGroup, StartObject,
     * EndGroup, EndObject, Params */
    {7, 7, "16 13 01  01 03 \"moq\" 05 \"clock\"  80 01  02 00 05 00  00"},
    /* mt-08 l.1511, mt-09 l.1514, mt-10 l.1751: ID, SubPrio, GroupOrder, Fetch Type 1,
     * NS, Name, Start, End, Params */
    {8, 10, "16 14 01  80 01  01  01 03 \"moq\" 05 \"clock\"  02 00 05 00  00"},
    /* mt-11 l.2180, mt-12 l.2466, mt-13 l.2468, mt-14 l.2547 (Standalone Fetch
     * l.2465): the same with Length(16) */
    {11, 14, "16 00 14 01  80 01  01  01 03 \"moq\" 05 \"clock\"  02 00 05 00  00"},
    /* mt-15 l.2695, mt-16 l.2806: priority and order moved to parameters */
    {15, 16, "16 00 12 01  01  01 03 \"moq\" 05 \"clock\"  02 00 05 00  00"},
    /* mt-17 l.2986: Required Request ID Delta 0 (no dependency) after the ID */
    {17, 17, "16 00 13 01 00  01  01 03 \"moq\" 05 \"clock\"  02 00 05 00  00"},
    /* mt-18 l.3396, mt-19 l.3649 (Standalone Fetch mt-18 l.3302, mt-19 l.3555) */
    {18, 19, "16 00 12 01  01  01 03 \"moq\" 05 \"clock\"  02 00 05 00  00"},
};

/* Request 3 joins subscription 1, four groups back; 07-14: priority 0x10 and
 * Group Order 0x0 (the original publisher's order, allowed in FETCH: mt-08
 * l.1545, mt-14 l.2570). */
static const struct era_vec fetch_relative_vec[] = {
    /* mt-08 l.1511: Joining Subscribe ID, Preceding Group Offset (09, 10 alike) */
    {8, 10, "16 07 03  10 00  02  01 04  00"},
    /* mt-11 l.2180 (Joining Start), mt-14 l.2508 (Joining Fetch structure) */
    {11, 14, "16 00 07 03  10 00  02  01 04  00"},
    /* mt-15 l.2695, mt-16 l.2806 */
    {15, 16, "16 00 05 03  02  01 04  00"},
    /* mt-17 l.2986: Required Request ID Delta 1, i.e. request 3 - 2 = 1 */
    {17, 17, "16 00 06 03 01  02  01 04  00"},
    /* mt-18 l.3396, mt-19 l.3649 */
    {18, 19, "16 00 05 03  02  01 04  00"},
};

/* Request 5 joins subscription 1 from absolute group 300 (a two-byte integer:
 * QUIC varint 41 2c up to 16, vi64 81 2c from 17); 11-14: priority 0x20,
 * Group Order Descending. */
static const struct era_vec fetch_absolute_vec[] = {
    /* mt-11 l.2180 (type 0x3, l.2156), mt-12 l.2466, mt-13 l.2468, mt-14 l.2547 */
    {11, 14, "16 00 08 05  20 02  03  01 41 2c  00"},
    /* mt-15 l.2695, mt-16 l.2806 */
    {15, 16, "16 00 06 05  03  01 41 2c  00"},
    /* mt-17 l.2986, vi64 integers (mt-17 l.248) */
    {17, 17, "16 00 07 05 00  03  01 81 2c  00"},
    /* mt-18 l.3396, mt-19 l.3649 */
    {18, 19, "16 00 06 05  03  01 81 2c  00"},
};

/* Reply to request 1: End Location / Largest {10, 3}. */
static const struct era_vec fetch_ok_vec[] = {
    /* mt-07 l.1745, mt-08 l.1909, mt-09 l.1914, mt-10 l.1861: ID, GroupOrder 1,
     * End Of Track 0, Largest Group ID, Largest Object ID, Params */
    {7, 10, "18 06 01  01  00  0a 03  00"},
    /* mt-11 l.2298, mt-12 l.2577, mt-13 l.2579, mt-14 l.2637: GroupOrder 2, End Of
     * Track 1, End Location */
    {11, 14, "18 00 06 01  02  01  0a 03  00"},
    /* mt-15 l.2775: no Group Order */
    {15, 15, "18 00 05 01  01  0a 03  00"},
    /* mt-16 l.2887: + Track Extensions, here none (zero bytes) */
    {16, 16, "18 00 05 01  01  0a 03  00"},
    /* mt-17 l.3071, mt-18 l.3477, mt-19 l.3730: no Request ID; Track Properties */
    {17, 19, "18 00 04  01  0a 03  00"},
};

static const struct era_vec fetch_error_vec[] = {
    /* mt-07 l.1784, mt-08 l.1947, mt-09 l.1952, mt-10 l.1899: ID, Error Code,
     * Reason Phrase Length, Reason Phrase */
    {7, 10, "19 09 01  05  06 \"no way\""},
    /* mt-11 l.2338, mt-12 l.2625, mt-13 l.2627, mt-14 l.2687: Error Reason */
    {11, 14, "19 00 09 01  05  06 \"no way\""},
};

static const struct era_vec fetch_cancel_vec[] = {
    /* mt-07 l.1494, mt-08 l.1623, mt-09 l.1626, mt-10 l.1945 */
    {7, 10, "17 01 07"},
    /* mt-11 l.2425, mt-12 l.2717, mt-13 l.2719, mt-14 l.2760, mt-15 l.2824, mt-16 l.2940 */
    {11, 16, "17 00 01 07"},
};

static bool fixed_fields(const moqt_profile *p)
{
    return p->draft <= 14; /* SubPrio / GroupOrder are fixed fields up to 14 */
}

TF_DRAFT_TEST("wire/fetch", fetch_standalone_figure)
{
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_standalone_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_FETCH);
    TF_CHECK_EQ(m.request_id, 1);
    TF_CHECK_EQ(m.required_request_id_delta, 0);
    TF_CHECK_EQ(m.fetch.fetch_type, MOQT_FETCH_STANDALONE);
    TF_CHECK_EQ(m.ns.count, 1);
    TF_CHECK_STR(m.ns.field[0], "moq");
    TF_CHECK_STR(m.track_name, "clock");
    TF_CHECK_EQ(m.fetch.start.group, 2);
    TF_CHECK_EQ(m.fetch.start.object, 0);
    TF_CHECK_EQ(m.fetch.end.group, 5);
    TF_CHECK_EQ(m.fetch.end.object, 0);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.has, MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER);
        TF_CHECK_EQ(m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_ASCENDING);
    } else {
        TF_CHECK_EQ(m.params.has, 0);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_relative_joining_figure)
{
    if (!p->has_joining_fetch) {
        return; /* 07: standalone only */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_relative_vec, p), &m));
    TF_CHECK_EQ(m.request_id, 3);
    TF_CHECK_EQ(m.required_request_id_delta, p->draft == 17 ? 1 : 0);
    TF_CHECK_EQ(m.fetch.fetch_type, MOQT_FETCH_RELATIVE_JOINING);
    TF_CHECK_EQ(m.fetch.joining_request_id, 1);
    TF_CHECK_EQ(m.fetch.joining_start, 4);
    TF_CHECK_EQ(m.ns.count, 0);
    TF_CHECK_EQ(m.track_name.len, 0);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.subscriber_priority, 0x10);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_PUBLISHER);
        TF_CHECK(m.params.has & MOQT_P_GROUP_ORDER);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_absolute_joining_figure)
{
    if (!p->has_absolute_joining_fetch) {
        return; /* 07-10 */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_absolute_vec, p), &m));
    TF_CHECK_EQ(m.request_id, 5);
    TF_CHECK_EQ(m.fetch.fetch_type, MOQT_FETCH_ABSOLUTE_JOINING);
    TF_CHECK_EQ(m.fetch.joining_request_id, 1);
    TF_CHECK_EQ(m.fetch.joining_start, 300);
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.subscriber_priority, 0x20);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_ok_figure)
{
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_ok_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_FETCH_OK);
    TF_CHECK_EQ(m.request_id, p->responses_have_request_id ? 1 : 0);
    TF_CHECK_EQ(m.fetch.end_location.group, 10);
    TF_CHECK_EQ(m.fetch.end_location.object, 3);
    TF_CHECK_EQ(m.track_props.count, 0);
    if (p->draft <= 10) {
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_ASCENDING);
        TF_CHECK_EQ(m.fetch.end_of_track, 0);
    } else if (p->draft <= 14) {
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
        TF_CHECK_EQ(m.fetch.end_of_track, 1);
    } else {
        TF_CHECK_EQ(m.params.has, 0);
        TF_CHECK_EQ(m.fetch.end_of_track, 1);
    }
    if (fixed_fields(p)) {
        TF_CHECK_EQ(m.params.has, MOQT_P_GROUP_ORDER);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_error_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_FETCH_ERROR)) {
        return; /* 15+: REQUEST_ERROR */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_error_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_FETCH_ERROR);
    TF_CHECK_EQ(m.request_id, 1);
    TF_CHECK_EQ(m.error_code, 5);
    TF_CHECK_STR(m.reason, "no way");
}

TF_DRAFT_TEST("wire/fetch", fetch_cancel_figure)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_FETCH_CANCEL)) {
        return; /* 17+: the request stream is reset instead */
    }
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_cancel_vec, p), &m));
    TF_CHECK_EQ(m.kind, MOQT_MSG_FETCH_CANCEL);
    TF_CHECK_EQ(m.request_id, 7);
}

/* ---- round trips ---- */

static void fill_standalone(moqt_msg *m)
{
    moqt_msg_init(m, MOQT_MSG_FETCH);
    m->request_id = 1000000;
    m->fetch.fetch_type = MOQT_FETCH_STANDALONE;
    m->ns.count = 2;
    m->ns.field[0] = mv_str("example.com");
    m->ns.field[1] = mv_str("live");
    m->track_name = mv_str("video/1080p");
    m->fetch.start = (moqt_location){1ull << 40, 17};
    m->fetch.end = (moqt_location){(1ull << 40) + 9, 0};
}

static void check_same_fetch(const moqt_profile *p, const moqt_msg *a, const moqt_msg *b)
{
    TF_CHECK_EQ(b->kind, a->kind);
    TF_CHECK_EQ(b->request_id, a->request_id);
    TF_CHECK_EQ(b->required_request_id_delta, a->required_request_id_delta);
    TF_CHECK_EQ(b->fetch.fetch_type, a->fetch.fetch_type);
    if (a->fetch.fetch_type == MOQT_FETCH_STANDALONE) {
        TF_CHECK(moqt_namespace_eq(&a->ns, &b->ns));
        TF_CHECK(moqt_bytes_eq(a->track_name, b->track_name));
        TF_CHECK_EQ(b->fetch.start.group, a->fetch.start.group);
        TF_CHECK_EQ(b->fetch.start.object, a->fetch.start.object);
        TF_CHECK_EQ(b->fetch.end.group, a->fetch.end.group);
        TF_CHECK_EQ(b->fetch.end.object, a->fetch.end.object);
    } else {
        TF_CHECK_EQ(b->fetch.joining_request_id, a->fetch.joining_request_id);
        TF_CHECK_EQ(b->fetch.joining_start, a->fetch.joining_start);
    }
    if (fixed_fields(p)) {
        TF_CHECK_EQ(b->params.subscriber_priority, a->params.subscriber_priority);
        TF_CHECK_EQ(b->params.group_order, a->params.group_order);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_roundtrip_every_type)
{
    static const uint64_t types[] = {MOQT_FETCH_STANDALONE, MOQT_FETCH_RELATIVE_JOINING,
                                     MOQT_FETCH_ABSOLUTE_JOINING};
    int done = 0;
    for (size_t i = 0; i < 3; i++) {
        bool defined = types[i] == MOQT_FETCH_STANDALONE ||
                       (types[i] == MOQT_FETCH_RELATIVE_JOINING && p->has_joining_fetch) ||
                       (types[i] == MOQT_FETCH_ABSOLUTE_JOINING && p->has_absolute_joining_fetch);
        if (!defined) {
            continue;
        }
        moqt_msg m, out;
        fill_standalone(&m);
        m.fetch.fetch_type = types[i];
        m.fetch.joining_request_id = 6;
        m.fetch.joining_start = 1ull << 33;
        if (p->draft == 17) {
            m.required_request_id_delta = 3;
        }
        if (fixed_fields(p)) {
            m.params.has = MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER;
            m.params.subscriber_priority = 255;
            m.params.group_order = (uint8_t)i; /* 0, 1, 2: every valid order */
        }
        if (MV_ROUNDTRIP(p, &m, &out)) {
            check_same_fetch(p, &m, &out);
            done++;
        }
    }
    TF_CHECK_EQ(done, p->has_absolute_joining_fetch ? 3 : p->has_joining_fetch ? 2 : 1);
}

TF_DRAFT_TEST("wire/fetch", fetch_ok_error_cancel_roundtrip)
{
    moqt_msg m, out;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.request_id = p->responses_have_request_id ? 77 : 0;
    m.fetch.end_of_track = 1;
    m.fetch.end_location = (moqt_location){123456789, 1ull << 20};
    if (fixed_fields(p)) {
        m.params.has = MOQT_P_GROUP_ORDER;
        m.params.group_order = MOQT_GROUP_ORDER_DESCENDING;
    }
    if (MV_ROUNDTRIP(p, &m, &out)) {
        TF_CHECK_EQ(out.request_id, m.request_id);
        TF_CHECK_EQ(out.fetch.end_of_track, 1);
        TF_CHECK_EQ(out.fetch.end_location.group, 123456789);
        TF_CHECK_EQ(out.fetch.end_location.object, 1ull << 20);
        TF_CHECK_EQ(out.params.has, m.params.has);
        TF_CHECK_EQ(out.params.group_order, m.params.group_order);
    }
    if (moqt_profile_msg_type(p, MOQT_MSG_FETCH_ERROR)) {
        moqt_msg_init(&m, MOQT_MSG_FETCH_ERROR);
        m.request_id = 9;
        m.error_code = 0x12;
        m.reason = mv_str("expired auth token");
        if (MV_ROUNDTRIP(p, &m, &out)) {
            TF_CHECK_EQ(out.request_id, 9);
            TF_CHECK_EQ(out.error_code, 0x12);
            TF_CHECK(moqt_bytes_eq(out.reason, m.reason));
        }
        m.reason.len = 0; /* an empty reason */
        if (MV_ROUNDTRIP(p, &m, &out)) {
            TF_CHECK_EQ(out.reason.len, 0);
        }
    }
    if (moqt_profile_msg_type(p, MOQT_MSG_FETCH_CANCEL)) {
        moqt_msg_init(&m, MOQT_MSG_FETCH_CANCEL);
        m.request_id = 1ull << 35;
        if (MV_ROUNDTRIP(p, &m, &out)) {
            TF_CHECK_EQ(out.request_id, 1ull << 35);
        }
    } else {
        /* 17+: no FETCH_CANCEL message at all */
        moqt_msg_init(&m, MOQT_MSG_FETCH_CANCEL);
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

/* ---- decoding negatives ---- */

/* A joining-layout FETCH of this draft with Fetch Type byte |type| and 07-14
 * Group Order byte |order|. */
static const char *joining_hex(const moqt_profile *p, unsigned type, unsigned order, char *buf,
                               size_t cap)
{
    if (p->draft <= 10) {
        snprintf(buf, cap, "16 07 03 10 %02x %02x 01 04 00", order, type);
    } else if (p->draft <= 14) {
        snprintf(buf, cap, "16 00 07 03 10 %02x %02x 01 04 00", order, type);
    } else if (p->draft == 17) {
        snprintf(buf, cap, "16 00 06 03 01 %02x 01 04 00", type);
    } else {
        snprintf(buf, cap, "16 00 05 03 %02x 01 04 00", type);
    }
    return buf;
}

TF_DRAFT_TEST("wire/fetch", fetch_type_not_in_draft_is_malformed)
{
    if (!p->has_joining_fetch) {
        return; /* 07 has no Fetch Type field: see fetch_07_has_no_fetch_type */
    }
    char hex[64];
    /* 0 and 4 are never fetch types (mt-08 l.1494, mt-11 l.2156, mt-14 l.2455) */
    MV_CHECK_MALFORMED(p, joining_hex(p, 0, 1, hex, sizeof(hex)));
    MV_CHECK_MALFORMED(p, joining_hex(p, 4, 1, hex, sizeof(hex)));
    MV_CHECK_MALFORMED(p, joining_hex(p, 0x3f, 1, hex, sizeof(hex)));
    if (!p->has_absolute_joining_fetch) {
        /* 08-10: Absolute Joining (0x3) arrived in 11 */
        MV_CHECK_MALFORMED(p, joining_hex(p, 3, 1, hex, sizeof(hex)));
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_07_has_no_fetch_type)
{
    if (p->draft != 7) {
        return;
    }
    /* mt-07 l.1420: the byte after the ID starts the namespace, so a draft-08
     * joining FETCH does not parse as a draft-07 FETCH: 0x10 namespace fields. */
    MV_CHECK_MALFORMED(p, "16 07 03 10 00 02 01 04 00");
}

TF_DRAFT_TEST("wire/fetch", fetch_group_order_above_2_is_malformed)
{
    if (!fixed_fields(p)) {
        return; /* 15+: a parameter (params.c) */
    }
    if (p->draft == 7) {
        /* mt-07 l.1454 */
        MV_CHECK_MALFORMED(p, "16 13 01 01 03 \"moq\" 05 \"clock\" 80 03 02 00 05 00 00");
        return;
    }
    char hex[64];
    MV_CHECK_MALFORMED(p, joining_hex(p, 2, 3, hex, sizeof(hex)));
    MV_CHECK_MALFORMED(p, joining_hex(p, 2, 0xff, hex, sizeof(hex)));
}

TF_DRAFT_TEST("wire/fetch", fetch_ok_bad_values_are_malformed)
{
    char hex[64];
    const char *fmt;
    unsigned bad_eot[] = {2, 0xff};
    for (size_t i = 0; i < 2; i++) {
        /* End Of Track is 1 or 0 (mt-07 l.1766 .. mt-19 FETCH_OK) */
        if (p->draft <= 10) {
            fmt = "18 06 01 01 %02x 0a 03 00";
        } else if (p->draft <= 14) {
            fmt = "18 00 06 01 02 %02x 0a 03 00";
        } else if (p->draft <= 16) {
            fmt = "18 00 05 01 %02x 0a 03 00";
        } else {
            fmt = "18 00 04 %02x 0a 03 00";
        }
        snprintf(hex, sizeof(hex), fmt, bad_eot[i]);
        MV_CHECK_MALFORMED(p, hex);
    }
    if (fixed_fields(p)) {
        /* "Values of 0x0 and those larger than 0x2 are a protocol error"
         * (mt-07 l.1764, mt-14 l.2655) */
        unsigned bad_order[] = {0, 3};
        for (size_t i = 0; i < 2; i++) {
            fmt = p->draft <= 10 ? "18 06 01 %02x 00 0a 03 00" : "18 00 06 01 %02x 01 0a 03 00";
            snprintf(hex, sizeof(hex), fmt, bad_order[i]);
            MV_CHECK_MALFORMED(p, hex);
        }
    }
}

/* ---- encoding: what a draft cannot express, and defaults ---- */

TF_DRAFT_TEST("wire/fetch", encode_fetch_type_the_draft_lacks_is_unsupported)
{
    moqt_msg m;
    fill_standalone(&m);
    static const uint64_t never[] = {0, 4, 0x40};
    for (size_t i = 0; i < 3; i++) {
        m.fetch.fetch_type = never[i];
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
    m.fetch.fetch_type = MOQT_FETCH_RELATIVE_JOINING;
    TF_CHECK_INT(mv_encode(p, &m) > 0, p->has_joining_fetch);
    if (!p->has_joining_fetch) {
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
    m.fetch.fetch_type = MOQT_FETCH_ABSOLUTE_JOINING;
    TF_CHECK_INT(mv_encode(p, &m) > 0, p->has_absolute_joining_fetch);
    if (!p->has_absolute_joining_fetch) {
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/fetch", encode_required_request_id_delta_only_in_17)
{
    moqt_msg m, out;
    fill_standalone(&m);
    m.required_request_id_delta = 2;
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out));
    /* 17 carries it (mt-17 l.2986); <= 16 order requests on one control stream
     * and 18 removed the field, so elsewhere it is dropped */
    TF_CHECK_EQ(out.required_request_id_delta, p->draft == 17 ? 2 : 0);
}

TF_DRAFT_TEST("wire/fetch", encode_bad_values_are_unsupported)
{
    moqt_msg m;
    fill_standalone(&m);
    if (fixed_fields(p)) {
        m.params.has = MOQT_P_GROUP_ORDER;
        m.params.group_order = 3;
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.fetch.end_of_track = 2;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    m.fetch.end_of_track = 0;
    if (fixed_fields(p)) {
        /* 0x0 is not a FETCH_OK group order (mt-14 l.2655) */
        m.params.has = MOQT_P_GROUP_ORDER;
        m.params.group_order = MOQT_GROUP_ORDER_PUBLISHER;
        TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/fetch", encode_fetch_ok_track_properties_only_from_16)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.track_props.count = 1;
    m.track_props.item[0].type = 0x04; /* MAX_CACHE_DURATION (mt-16 l.4034) */
    m.track_props.item[0].value = 1000;
    moqt_ssize rv = mv_encode(p, &m);
    if (!p->has_track_properties) {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
    } else {
        /* until params.c lands the placeholder also refuses; afterwards this
         * is the round-trip case of fetch_ok_track_properties_roundtrip */
        TF_CHECK(rv > 0 || rv == MOQT_ERR_UNSUPPORTED);
    }
}

TF_DRAFT_TEST("wire/fetch", encode_defaults_for_absent_fixed_fields)
{
    if (!fixed_fields(p)) {
        return;
    }
    /* Without values for SubPrio / GroupOrder / FETCH_OK GroupOrder, 07-14 write
     * what 15+ assumes for the omitted parameters: 128 and Ascending (mt-15
     * l.1831, l.1850). The figure vectors use exactly those values. */
    moqt_msg m;
    fill_standalone(&m);
    m.request_id = 1;
    m.ns.count = 1;
    m.ns.field[0] = mv_str("moq");
    m.track_name = mv_str("clock");
    m.fetch.start = (moqt_location){2, 0};
    m.fetch.end = (moqt_location){5, 0};
    uint8_t want[64], got[64];
    size_t n = tf_unhex(PICK(fetch_standalone_vec, p), want, sizeof(want));
    moqt_ssize e = moqt_wire_encode_control(p, &m, got, sizeof(got));
    TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);

    if (p->draft <= 10) {
        moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
        m.request_id = 1;
        m.fetch.end_location = (moqt_location){10, 3};
        n = tf_unhex(PICK(fetch_ok_vec, p), want, sizeof(want));
        e = moqt_wire_encode_control(p, &m, got, sizeof(got));
        TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);
    }
}

TF_DRAFT_TEST("wire/fetch", encode_fetch_ok_group_order_dropped_from_15)
{
    if (fixed_fields(p)) {
        return;
    }
    /* 15+: FETCH_OK has no Group Order and GROUP_ORDER is not one of its
     * parameters; the fetch runs in the order its FETCH asked for (mt-15
     * l.2760), so a group order from an older draft's FETCH_OK is left out. */
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.request_id = 1;
    m.fetch.end_of_track = 1;
    m.fetch.end_location = (moqt_location){10, 3};
    m.params.has = MOQT_P_GROUP_ORDER;
    m.params.group_order = MOQT_GROUP_ORDER_DESCENDING;
    uint8_t want[64], got[64];
    size_t n = tf_unhex(PICK(fetch_ok_vec, p), want, sizeof(want));
    moqt_ssize e = moqt_wire_encode_control(p, &m, got, sizeof(got));
    TF_CHECK_BYTES(got, e > 0 ? (size_t)e : 0, want, n);
}

TF_DRAFT_TEST("wire/fetch", fetch_response_request_id_only_up_to_16)
{
    /* 17+: responses carry no Request ID (mt-17 l.3071); the session supplies
     * it from the request stream, so the encoder ignores it. */
    moqt_msg m, out;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.request_id = 41;
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out));
    TF_CHECK_EQ(out.request_id, p->responses_have_request_id ? 41 : 0);
}

TF_DRAFT_TEST("wire/fetch", full_track_name_above_4096_bytes)
{
    /* mt-11 l.491, mt-17 l.636: Namespace fields plus Track Name at most 4096
     * bytes; 07-10 have no such rule, so there it is our limit. */
    static uint8_t big[4096], buf[8192];
    memset(big, 'a', 4000);
    memset(big + 4000, 'b', 96);
    moqt_msg m, out;
    fill_standalone(&m);
    m.ns.count = 1;
    m.ns.field[0] = (moqt_bytes){big, 4000};
    m.track_name = (moqt_bytes){big + 4000, 96};
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out)); /* exactly 4096: fine */
    m.track_name.len = 97;
    TF_CHECK_INT(mv_encode(p, &m), MOQT_ERR_UNSUPPORTED);

    /* On the wire: the 4096-byte message with its Track Name Length raised by
     * one (the length's last byte precedes the first 'b'). */
    m.track_name.len = 96;
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
    TF_REQUIRE(n > 0);
    uint8_t *name = memchr(buf, 'b', (size_t)n);
    TF_REQUIRE(name != NULL && name[-1] == 0x60);
    name[-1] = 0x61;
    const char *why = NULL;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, (size_t)n, &out, &why),
                 p->draft >= 11 ? MOQT_ERR_WIRE_MALFORMED : MOQT_ERR_WIRE_LIMIT);
    TF_CHECK(why != NULL && strstr(why, "Full Track Name") != NULL);
}

/* ---- with parameters (params.c) and Track Extensions / Properties ---- */

/* The relative joining FETCH above with parameters: 07-10 AUTHORIZATION INFO
 * "tok" (TLV 0x02, mt-08 l.1116), 11-14 DELIVERY_TIMEOUT 1000 (KVP 0x02,
 * mt-11 l.1432), 15+ SUBSCRIBER_PRIORITY 128 and GROUP_ORDER Descending, the
 * fixed fields of 14 turned parameters (mt-15 l.1821, l.1834): KVP in 15,
 * delta KVP in 16 (mt-16 l.273), typed uint8 values from 17 (mt-17 l.1905). */
static const struct era_vec fetch_params_vec[] = {
    /* 07 standalone: mt-07 l.1420 */
    {7, 7, "16 18 01  01 03 \"moq\" 05 \"clock\"  80 01  02 00 05 00  01 02 03 \"tok\""},
    {8, 10, "16 0c 03  10 00  02  01 04  01 02 03 \"tok\""},
    {11, 14, "16 00 0a 03  10 00  02  01 04  01 02 43 e8"},
    {15, 15, "16 00 0a 03  02  01 04  02 20 40 80 22 02"},
    {16, 16, "16 00 0a 03  02  01 04  02 20 40 80 02 02"},
    {17, 17, "16 00 0a 03 01  02  01 04  02 20 80 02 02"},
    {18, 19, "16 00 09 03  02  01 04  02 20 80 02 02"},
};

TF_DRAFT_TEST("wire/fetch", fetch_with_parameters_figure)
{
    moqt_msg m;
    TF_REQUIRE(MV_CHECK_VECTOR(p, PICK(fetch_params_vec, p), &m));
    if (p->param_encoding == MOQT_PARAMS_TLV) {
        TF_REQUIRE(m.params.auth_count == 1);
        TF_CHECK_STR(m.params.auth[0].value, "tok");
    } else if (fixed_fields(p)) {
        TF_CHECK(m.params.has & MOQT_P_DELIVERY_TIMEOUT);
        TF_CHECK_EQ(m.params.delivery_timeout_ms, 1000);
    } else {
        TF_CHECK_EQ(m.params.has, MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER);
        TF_CHECK_EQ(m.params.subscriber_priority, 128);
        TF_CHECK_EQ(m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
    }
}

/* FETCH_OK with DELIVERY_TIMEOUT 1000 (TLV 0x03 in 07-10, 0x02 from 11) and,
 * from 16, Track Extensions MAX_CACHE_DURATION 1000 (0x04) and
 * DEFAULT_PUBLISHER_PRIORITY 5 (0x0E) (mt-16 l.4034 table), delta coded. */
static const struct era_vec fetch_ok_params_vec[] = {
    {7, 10, "18 0a 01  01  00  0a 03  01 03 02 43 e8"},
    {11, 14, "18 00 09 01  02  01  0a 03  01 02 43 e8"},
    {15, 15, "18 00 08 01  01  0a 03  01 02 43 e8"},
    /* mt-16 l.2887 */
    {16, 16, "18 00 0d 01  01  0a 03  01 02 43 e8  04 43 e8 0a 05"},
    /* mt-17 l.3071, mt-18 l.3477, mt-19 l.3730: vi64 1000 = 83 e8 */
    {17, 19, "18 00 0c  01  0a 03  01 02 83 e8  04 83 e8 0a 05"},
};

TF_DRAFT_TEST("wire/fetch", fetch_ok_with_parameters_and_properties_figure)
{
    moqt_msg m;
    size_t props = p->has_track_properties ? 5 : 0;
    TF_REQUIRE(MV_CHECK_VECTOR_TAIL(p, PICK(fetch_ok_params_vec, p), &m, props));
    TF_CHECK(m.params.has & MOQT_P_DELIVERY_TIMEOUT);
    TF_CHECK_EQ(m.params.delivery_timeout_ms, 1000);
    TF_CHECK_EQ(m.fetch.end_location.group, 10);
    if (p->has_track_properties) {
        TF_REQUIRE(m.track_props.count == 2);
        TF_CHECK_EQ(m.track_props.item[0].type, 0x04);
        TF_CHECK_EQ(m.track_props.item[0].value, 1000);
        TF_CHECK_EQ(m.track_props.item[1].type, 0x0e);
        TF_CHECK_EQ(m.track_props.item[1].value, 5);
    }
}

TF_DRAFT_TEST("wire/fetch", fetch_ok_track_properties_roundtrip)
{
    if (!p->has_track_properties) {
        return;
    }
    moqt_msg m, out;
    moqt_msg_init(&m, MOQT_MSG_FETCH_OK);
    m.fetch.end_location = (moqt_location){1, 2};
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x04, 1ull << 33) == 0);
    /* an odd type carries bytes (mt-16 l.273) */
    TF_REQUIRE(moqt_kvps_add_bytes(&m.track_props, 0x0b, mv_str("\x02\x05")) == 0);
    TF_REQUIRE(MV_ROUNDTRIP(p, &m, &out));
    TF_REQUIRE(out.track_props.count == 2);
    TF_CHECK_EQ(out.track_props.item[0].value, 1ull << 33);
    TF_CHECK(moqt_bytes_eq(out.track_props.item[1].bytes, mv_str("\x02\x05")));
}

/* The same request under 14 and 15: the fixed fields of one are the
 * parameters of the other (the relay bridges drafts this way). */
TF_TEST("wire/fetch", fixed_fields_and_parameters_bridge_14_15)
{
    const moqt_profile *d14 = moqt_profile_for_draft(14), *d15 = moqt_profile_for_draft(15);
    const moqt_profile *d17 = moqt_profile_for_draft(17);
    uint8_t out[64];
    moqt_msg m;
    TF_REQUIRE(mv_decode_hex(d15, PICK(fetch_params_vec, d15), &m, NULL) == 13);
    moqt_ssize e = moqt_wire_encode_control(d14, &m, out, sizeof(out));
    uint8_t want[64];
    size_t n = tf_unhex("16 00 07 03  80 02  02  01 04  00", want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);

    TF_REQUIRE(mv_decode_hex(d14, "16 00 07 03  80 02  02  01 04  00", &m, NULL) == 10);
    e = moqt_wire_encode_control(d15, &m, out, sizeof(out));
    n = tf_unhex(PICK(fetch_params_vec, d15), want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);
    /* to 17: the Required Request ID Delta is 0 (no dependency) */
    e = moqt_wire_encode_control(d17, &m, out, sizeof(out));
    n = tf_unhex("16 00 0a 03 00  02  01 04  02 20 80 02 02", want, sizeof(want));
    TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, want, n);

    /* 14's Group Order 0x0 (publisher's order) has no 15 parameter value
     * (GROUP_ORDER is 1 or 2, mt-15 l.1843): refused, not guessed */
    TF_REQUIRE(mv_decode_hex(d14, PICK(fetch_relative_vec, d14), &m, NULL) == 10);
    TF_CHECK_INT(mv_encode(d15, &m), MOQT_ERR_UNSUPPORTED);
}
