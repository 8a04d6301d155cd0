/*
 * Bridging drafts, case by case (src/wire/bridge.c): hand-built vectors of
 * the moves, and every documented refusal and drop. The full matrix is in
 * bridge_test.c.
 */
#include "tf.h"

#include "wire/bridge.h"
#include "wire/control.h"
#include "wire/kvp.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* Decodes |hex| under |from|, bridges to |to|, encodes: the bytes must be
 * |want_hex|. */
static void check_bridge_bytes(unsigned from, unsigned to, const char *hex, const char *want_hex)
{
    static uint8_t in[512], want[512], out[512];
    size_t n = tf_unhex(hex, in, sizeof(in));
    size_t wn = tf_unhex(want_hex, want, sizeof(want));
    moqt_msg m;
    const char *why = NULL;
    moqt_ssize d = moqt_wire_decode_control(draft(from), in, n, &m, &why);
    if (d != (moqt_ssize)n) {
        tf_fail(__FILE__, __LINE__, "%u: decode %lld of %zu (%s)", from, (long long)d, n,
                why ? why : "");
        return;
    }
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(from), draft(to), &m), 0);
    moqt_ssize e = moqt_wire_encode_control(draft(to), &m, out, sizeof(out));
    TF_CHECK_INT(e, (moqt_ssize)wn);
    if (e > 0) {
        TF_CHECK_BYTES(out, (size_t)e, want, wn);
    }
}

/* PUBLISH under 14 (mt-14 l.2309): Request ID 1, Track Namespace ("moq"),
 * Track Name "now", Track Alias 7, Group Order 0x2 (descending), Content
 * Exists 0, Forward 1, 1 parameter: MAX_CACHE_DURATION (0x04) = 60. */
#define PUBLISH_14 "1d 00 11  01  01 03 \"moq\"  03 \"now\"  07  02  00  01  01 04 3c"
/* The same PUBLISH under 17 (mt-17 l.2706): Request ID 1, Required Request ID
 * Delta 0, namespace, name, alias, 1 parameter: FORWARD (0x10, uint8) = 1;
 * Track Properties (mt-17 l.2628): MAX_CACHE_DURATION 0x04 = 60, then
 * DEFAULT_PUBLISHER_GROUP_ORDER 0x22 (delta 0x1e) = 2. */
#define PUBLISH_17 "1d 00 13  01  00  01 03 \"moq\"  03 \"now\"  07  01 10 01  04 3c 1e 02"

TF_TEST("wire/bridge_cases", publish_14_group_order_becomes_track_property_in_17)
{
    check_bridge_bytes(14, 17, PUBLISH_14, PUBLISH_17);
    check_bridge_bytes(17, 14, PUBLISH_17, PUBLISH_14);
}

/* SUBSCRIBE_OK under 15 (mt-15 l.2315): Request ID 1, Track Alias 2, 4
 * parameters (KVP, mt-15 l.1635): EXPIRES 0x08 = 100, PUBLISHER_PRIORITY 0x0E
 * = 5, GROUP_ORDER 0x22 = 2, DYNAMIC_GROUPS 0x30 = 1. */
#define SUBSCRIBE_OK_15 "04 00 0c  01 02  04 08 40 64 0e 05 22 02 30 01"
/* Under 16 (mt-16 l.2418): EXPIRES stays a parameter (delta KVP); the rest
 * are Track Extensions (mt-16 l.2425): 0x0E = 5, 0x22 (delta 0x14) = 2, 0x30
 * (delta 0x0e) = 1. */
#define SUBSCRIBE_OK_16 "04 00 0c  01 02  01 08 40 64  0e 05 14 02 0e 01"

TF_TEST("wire/bridge_cases", subscribe_ok_15_parameters_become_16_extensions)
{
    check_bridge_bytes(15, 16, SUBSCRIBE_OK_15, SUBSCRIBE_OK_16);
    check_bridge_bytes(16, 15, SUBSCRIBE_OK_16, SUBSCRIBE_OK_15);
}

/* SUBSCRIBE_OK under 11 (mt-11 l.1803): Request ID 1, Expires 0, Group Order
 * 2, Content Exists 0, 2 parameters: DELIVERY_TIMEOUT 0x02 = 10, MAX_CACHE
 * 0x04 = 20. (11 has the Track Alias in SUBSCRIBE, not here.) Under 18
 * (mt-18 l.3030): Request ID gone (the request stream names it), Track Alias
 * 0 (the session supplies it), 1 parameter EXPIRES 0x08 = 0 (the fixed
 * field, kept explicit; 0 means "does not expire" either way, mt-15 l.1879),
 * Track Properties 0x02 = 10, 0x04 = 20, 0x22 (delta 0x1e) = 2. */
TF_TEST("wire/bridge_cases", subscribe_ok_11_to_18)
{
    check_bridge_bytes(11, 18, "04 00 09  01  00  02  00  02 02 0a 04 14",
                       "04 00 0a  00  01 08 00  02 0a 02 14 1e 02");
}

/* Builds a message of |kind| for tests that start from the model. */
static void msg(moqt_msg *m, moqt_msg_kind kind)
{
    moqt_msg_init(m, kind);
    m->ns.count = 1;
    m->ns.field[0] = (moqt_bytes){(const uint8_t *)"moq", 3};
    m->track_name = (moqt_bytes){(const uint8_t *)"now", 3};
}

static int encode(unsigned d, const moqt_msg *m)
{
    static uint8_t buf[1024];
    moqt_ssize n = moqt_wire_encode_control(draft(d), m, buf, sizeof(buf));
    return n < 0 ? (int)n : 0;
}

TF_TEST("wire/bridge_cases", max_cache_duration_without_a_place_is_refused)
{
    moqt_msg m;
    /* PUBLISH 16 -> 13: 12-13 PUBLISH has no MAX_CACHE_DURATION (mt-12 l.1596). */
    msg(&m, MOQT_MSG_PUBLISH);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x04, 60) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(13), &m), MOQT_ERR_UNSUPPORTED);
    /* -> 14: a parameter (mt-14 l.1645). */
    msg(&m, MOQT_MSG_PUBLISH);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x04, 60) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(14), &m), 0);
    TF_CHECK(m.params.has & MOQT_P_MAX_CACHE_DURATION);
    TF_CHECK_INT(m.params.max_cache_duration_ms, 60);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(encode(14, &m), 0);
    /* PUBLISH 15 parameter -> 12: refused too. */
    msg(&m, MOQT_MSG_PUBLISH);
    m.params.has |= MOQT_P_MAX_CACHE_DURATION;
    m.params.max_cache_duration_ms = 60;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(15), draft(12), &m), MOQT_ERR_UNSUPPORTED);
    /* REQUEST_OK (a TRACK_STATUS answer, informational) 18 -> 16: dropped. */
    msg(&m, MOQT_MSG_REQUEST_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x04, 60) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(16), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(m.params.has, 0);
    TF_CHECK_INT(encode(16, &m), 0);
    /* ... and 18 -> 15: a parameter again (mt-15 l.1796). */
    msg(&m, MOQT_MSG_REQUEST_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x04, 60) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(15), &m), 0);
    TF_CHECK_INT(m.params.max_cache_duration_ms, 60);
}

TF_TEST("wire/bridge_cases", mandatory_track_properties)
{
    moqt_msg m;
    /* 18 -> 17 and -> 15: the target cannot make it mandatory (mt-18 l.808). */
    for (unsigned to = 7; to <= 17; to++) {
        msg(&m, MOQT_MSG_SUBSCRIBE_OK);
        TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x4000, 1) == 0);
        TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(to), &m), MOQT_ERR_UNSUPPORTED);
    }
    /* 18 -> 19: kept. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x4000, 1) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(19), &m), 0);
    TF_CHECK_INT(m.track_props.count, 1);
    /* 17 -> 18: 0x4000 was an ordinary unknown property; made mandatory it
     * would get the track refused, so it is dropped. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x4000, 1) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(18), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
}

TF_TEST("wire/bridge_cases", unknown_and_newly_known_properties)
{
    moqt_msg m;
    /* An unknown property is forwarded among 16+ ... */
    msg(&m, MOQT_MSG_PUBLISH);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x50, 9) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(19), &m), 0);
    TF_CHECK_INT(m.track_props.count, 1);
    /* ... and dropped for 15, which has no Track Properties (receivers ignore
     * unknown properties, mt-18 l.5009). */
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(19), draft(15), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(encode(15, &m), 0);
    /* 0x06 is unknown in 17 and SUBGROUP_DELIVERY_TIMEOUT from 18 (mt-18
     * l.4417): not given a meaning the publisher never meant. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x06, 9) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(18), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    /* SUBGROUP_DELIVERY_TIMEOUT 18 -> 19 kept, 18 -> 17 dropped. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x06, 9) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(19), &m), 0);
    TF_CHECK_INT(m.track_props.count, 1);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(19), draft(17), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
}

TF_TEST("wire/bridge_cases", delivery_timeout_zero)
{
    moqt_msg m;
    /* 17+: 0 is "no timeout" (mt-17 l.3936) = absent elsewhere. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x02, 0) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(15), &m), 0);
    TF_CHECK_INT(m.params.has, 0);
    TF_CHECK_INT(m.track_props.count, 0);
    /* A 15 parameter of 0 cannot go to 16 (mt-16 l.3766) ... */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    m.params.has |= MOQT_P_DELIVERY_TIMEOUT;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(15), draft(16), &m), MOQT_ERR_UNSUPPORTED);
    /* ... but may go to 17. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    m.params.has |= MOQT_P_DELIVERY_TIMEOUT;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(15), draft(17), &m), 0);
    TF_CHECK(moqt_kvps_find(&m.track_props, 0x02) != NULL);
    TF_CHECK_INT(m.params.has, 0);
}

TF_TEST("wire/bridge_cases", values_out_of_the_target_field_range_are_refused)
{
    static const struct {
        uint64_t type, value;
    } bad[] = {{0x22, 0}, {0x22, 3}, {0x0E, 256}, {0x30, 2}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        moqt_msg m;
        msg(&m, MOQT_MSG_SUBSCRIBE_OK);
        TF_REQUIRE(moqt_kvps_add_int(&m.track_props, bad[i].type, bad[i].value) == 0);
        TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(15), &m), MOQT_ERR_UNSUPPORTED);
    }
}

TF_TEST("wire/bridge_cases", dropped_where_the_target_has_no_place)
{
    moqt_msg m;
    /* Publisher priority and dynamic groups do not exist before 15; group
     * order and delivery timeout on FETCH_OK before 16. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x0E, 5) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x22, 2) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x30, 1) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(14), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(m.params.has, MOQT_P_GROUP_ORDER);
    TF_CHECK_INT(m.params.group_order, 2);
    TF_CHECK_INT(encode(14, &m), 0);
    msg(&m, MOQT_MSG_FETCH_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x02, 5) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x22, 2) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(19), draft(14), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(m.params.has, 0);
    /* A group order not in the place a moved value has is left alone:
     * FETCH_OK's own (<= 14) Group Order is the fetch's order. */
    msg(&m, MOQT_MSG_FETCH_OK);
    m.params.has |= MOQT_P_GROUP_ORDER;
    m.params.group_order = 2;
    m.fetch.end_location = (moqt_location){1, 1}; /* {1, 0} would be all of group 1 */
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(14), draft(7), &m), 0);
    TF_CHECK_INT(m.params.has, MOQT_P_GROUP_ORDER);
}

TF_TEST("wire/bridge_cases", untouched_when_nothing_moves)
{
    moqt_msg m, before;
    msg(&m, MOQT_MSG_SUBSCRIBE);
    m.params.has |= MOQT_P_GROUP_ORDER | MOQT_P_DELIVERY_TIMEOUT;
    m.params.group_order = 2;
    m.params.delivery_timeout_ms = 9;
    before = m;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(14), draft(18), &m), 0);
    TF_CHECK(memcmp(&m, &before, sizeof(m)) == 0);
    msg(&m, MOQT_MSG_PUBLISH);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x22, 2) == 0);
    before = m;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(17), &m), 0);
    TF_CHECK(memcmp(&m, &before, sizeof(m)) == 0);
    TF_CHECK_INT(moqt_wire_bridge_msg(NULL, draft(17), &m), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), NULL, &m), MOQT_ERR_INVALID_ARGUMENT);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(16), NULL), MOQT_ERR_INVALID_ARGUMENT);
}

TF_TEST("wire/bridge_cases", property_list_full)
{
    moqt_msg m;
    msg(&m, MOQT_MSG_PUBLISH);
    for (uint64_t i = 0; i < MOQT_MAX_KVPS; i++) {
        TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x100 + 2 * i, i) == 0);
    }
    m.params.has |= MOQT_P_GROUP_ORDER;
    m.params.group_order = 2;
    /* 14 -> 16 drops nothing here, so the group order has no room. */
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(16), &m), 0);
    msg(&m, MOQT_MSG_PUBLISH);
    m.params.has |= MOQT_P_GROUP_ORDER;
    m.params.group_order = 2;
    for (uint64_t i = 0; i < MOQT_MAX_KVPS; i++) {
        TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x100 + 2 * i, i) == 0);
    }
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(14), draft(16), &m), MOQT_ERR_WIRE_LIMIT);
}

TF_TEST("wire/bridge_cases", default_priority_of_a_track)
{
    moqt_msg m;
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(14), &m), 128);
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(15), &m), 128);
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(17), &m), 128);
    m.params.has |= MOQT_P_PUBLISHER_PRIORITY;
    m.params.publisher_priority = 7;
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(15), &m), 7);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x0E, 9) == 0);
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(17), &m), 9);
}

TF_TEST("wire/bridge_cases", zero_timeouts_from_17_are_absent_in_16)
{
    /* A SUBSCRIBE of 17 with DELIVERY_TIMEOUT 0 ("no timeout", mt-17 l.2109)
     * cannot be sent as 0 under 16 (mt-16 l.1891): it is left out. */
    moqt_msg m;
    msg(&m, MOQT_MSG_SUBSCRIBE);
    m.params.has |= MOQT_P_DELIVERY_TIMEOUT | MOQT_P_SUBSCRIBER_PRIORITY;
    m.params.subscriber_priority = 3;
    TF_CHECK_INT(encode(16, &m), MOQT_ERR_UNSUPPORTED);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(16), &m), 0);
    TF_CHECK_INT(m.params.has, MOQT_P_SUBSCRIBER_PRIORITY);
    TF_CHECK_INT(encode(16, &m), 0);
    /* Non-zero stays. */
    m.params.has |= MOQT_P_DELIVERY_TIMEOUT;
    m.params.delivery_timeout_ms = 5;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(16), &m), 0);
    TF_CHECK(m.params.has & MOQT_P_DELIVERY_TIMEOUT);
    /* The publisher's property 0x02 = 0 on a SUBSCRIBE_OK of 18 -> 16. */
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x02, 0) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&m.track_props, 0x22, 2) == 0);
    TF_CHECK_INT(encode(16, &m), MOQT_ERR_UNSUPPORTED);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(16), &m), 0);
    TF_CHECK_INT(m.track_props.count, 1);
    TF_CHECK_INT(encode(16, &m), 0);
    /* 17 -> 18 keeps a zero: it means the same there (mt-18 l.1813). */
    msg(&m, MOQT_MSG_SUBSCRIBE);
    m.params.has |= MOQT_P_DELIVERY_TIMEOUT;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(18), &m), 0);
    TF_CHECK_INT(m.params.has, MOQT_P_DELIVERY_TIMEOUT);
}

/* Adds an Immutable Properties pair holding |nested| (encoded for draft |d|
 * into |buf|) to |l|. */
static void add_immutable(unsigned d, moqt_kvp_list *l, const moqt_kvp_list *nested, uint8_t *buf,
                          size_t cap)
{
    moqt_ssize n = moqt_wire_encode_immutable_props(draft(d), nested, buf, cap);
    TF_REQUIRE(n > 0);
    TF_REQUIRE(moqt_kvps_add_bytes(l, 0x0B, (moqt_bytes){buf, (size_t)n}) == 0);
}

TF_TEST("wire/bridge_cases", values_inside_immutable_properties)
{
    /* "processors MUST search both the mutable properties and the contents of
     * Immutable Extensions" (mt-17 l.4019-4021). */
    static uint8_t buf[64];
    moqt_kvp_list nested = {0};
    TF_REQUIRE(moqt_kvps_add_int(&nested, 0x04, 60) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&nested, 0x0E, 9) == 0);
    TF_REQUIRE(moqt_kvps_add_int(&nested, 0x22, 2) == 0);
    moqt_msg m;
    msg(&m, MOQT_MSG_SUBSCRIBE_OK);
    add_immutable(17, &m.track_props, &nested, buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_track_default_priority(draft(17), &m), 9);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(17), draft(15), &m), 0);
    TF_CHECK_INT(m.track_props.count, 0);
    TF_CHECK_INT(m.params.has,
                 MOQT_P_MAX_CACHE_DURATION | MOQT_P_PUBLISHER_PRIORITY | MOQT_P_GROUP_ORDER);
    TF_CHECK_INT(m.params.max_cache_duration_ms, 60);
    TF_CHECK_INT(m.params.publisher_priority, 9);
    TF_CHECK_INT(m.params.group_order, 2);
    TF_CHECK_INT(encode(15, &m), 0);
    /* A cache bound inside Immutable Properties is refused like an outer one. */
    msg(&m, MOQT_MSG_PUBLISH);
    add_immutable(16, &m.track_props, &nested, buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(13), &m), MOQT_ERR_UNSUPPORTED);
    /* Among 16+ the pair is forwarded untouched. */
    msg(&m, MOQT_MSG_PUBLISH);
    add_immutable(16, &m.track_props, &nested, buf, sizeof(buf));
    moqt_msg before = m;
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(16), draft(19), &m), 0);
    TF_CHECK(memcmp(&m, &before, sizeof(m)) == 0);
}

TF_TEST("wire/bridge_cases", fetch_ok_end_location_encoding)
{
    /* 07-11: the last Object (mt-07 l.1773, mt-11 l.2322); 12+: plus 1, or
     * {G, 0} for all of group G (mt-12 l.2603, mt-18 l.3492). */
    moqt_msg m;
    msg(&m, MOQT_MSG_FETCH_OK);
    m.fetch.end_location = (moqt_location){3, 4};
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(7), draft(18), &m), 0);
    TF_CHECK_INT(m.fetch.end_location.group, 3);
    TF_CHECK_INT(m.fetch.end_location.object, 5);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(14), &m), 0);
    TF_CHECK_INT(m.fetch.end_location.object, 5);
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(14), draft(11), &m), 0);
    TF_CHECK_INT(m.fetch.end_location.object, 4);
    /* All of group 3: its last Object is known only to the relay's cache. */
    m.fetch.end_location = (moqt_location){3, 0};
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(18), draft(10), &m), MOQT_ERR_UNSUPPORTED);
    m.fetch.end_location = (moqt_location){3, UINT64_MAX};
    TF_CHECK_INT(moqt_wire_bridge_msg(draft(10), draft(12), &m), MOQT_ERR_UNSUPPORTED);
    /* Under 07 the same FETCH_OK bytes as 12's but one Object apart: FETCH_OK
     * 07 (mt-07 l.1745): Subscribe ID 1, Group Order 1, End Of Track 0,
     * Largest {3, 4}, no parameters. 12 (mt-12 l.2577): Request ID 1, Group
     * Order 1, End Of Track 0, End Location {3, 5}, no parameters. */
    check_bridge_bytes(7, 12, "18 06 01 01 00 03 04 00", "18 00 06 01 01 00 03 05 00");
    check_bridge_bytes(12, 7, "18 00 06 01 01 00 03 05 00", "18 06 01 01 00 03 04 00");
}
