/*
 * Independent review vectors for draft 15 (mt-15). 15 moves most fixed fields
 * into parameters (l.1812-1935): SUBSCRIBER_PRIORITY 0x20, GROUP_ORDER 0x22,
 * SUBSCRIPTION_FILTER 0x21 (length-prefixed Subscription Filter, l.989),
 * EXPIRES 0x08, LARGEST_OBJECT 0x09 (length-prefixed Location), FORWARD 0x10,
 * PUBLISHER_PRIORITY 0x0E, DYNAMIC_GROUPS 0x30, NEW_GROUP_REQUEST 0x32; the
 * IANA table (l.3853-3864) agrees. Responses collapse into REQUEST_OK 0x07 /
 * REQUEST_ERROR 0x05 (l.2163, l.2185); setup has no versions (l.1971).
 * Parameters are written here in ascending type order.
 */
#include "review_support.h"

#define NS     "02 04 \"live\" 04 \"cam1\""
#define TN     "05 \"video\""
#define TOK    "03 05 03 00 \"tok\""
#define DT     "02 43 e8"
#define FILTER "21 06 04 41 00 05 41 10" /* AbsoluteRange {0x100,5}..0x110 */
#define D15    moqt_profile_for_draft(15)

TF_TEST("wire/review/d15", rv15_setup_and_misc)
{
    const moqt_profile *p = D15;
    rv_vec v;
    /* CLIENT_SETUP l.1971: PATH 0x01, MAX_REQUEST_ID 0x02, cache 0x04,
     * AUTHORITY 0x05, MOQT_IMPLEMENTATION 0x07 (l.1993-2058). */
    rv_frame(&v, p, "20", "05 01 04 \"/a?b\" 02 52 34 04 44 00 05 07 \"x.org:1\" 07 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_EQ(s->version_count, 0);
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_EQ(s->max_request_id, 0x1234);
        TF_CHECK_EQ(s->max_auth_token_cache_size, 0x400);
        TF_CHECK_STR(s->authority, "x.org:1");
        TF_CHECK_STR(s->implementation, "impl");
    }
    rv_frame(&v, p, "21", "02 02 52 34 07 04 \"impl\""); /* SERVER_SETUP l.1978 */
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
        TF_CHECK_STR(v.m.setup.implementation, "impl");
    }
    rv_frame(&v, p, "10", "0c \"moqt://x.org\""); /* GOAWAY l.2083 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_GOAWAY));
    rv_frame(&v, p, "15", "52 36"); /* MAX_REQUEST_ID l.2113 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID));
    rv_frame(&v, p, "1a", "52 36"); /* REQUESTS_BLOCKED l.2145 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED));
    /* REQUEST_OK l.2163 (answering a SUBSCRIBE_UPDATE: LARGEST_OBJECT). */
    rv_frame(&v, p, "07", "52 34 01 09 03 41 00 09");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK(v.m.params.has & MOQT_P_LARGEST);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
    /* REQUEST_ERROR l.2185. */
    rv_frame(&v, p, "05", "52 34 41 2c 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "nope");
    }
}

TF_TEST("wire/review/d15", rv15_subscribe_family)
{
    const moqt_profile *p = D15;
    rv_vec v;
    /* SUBSCRIBE l.2274: DELIVERY_TIMEOUT, token, FORWARD 1, SUBSCRIBER_PRIORITY
     * 0x80 (= 40 80), filter, GROUP_ORDER 2. */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 06 " DT " " TOK " 10 01 20 40 80 " FILTER " 22 02");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
        TF_CHECK_EQ(pr->delivery_timeout_ms, 1000);
        TF_CHECK_EQ(pr->auth_count, 1);
        TF_CHECK_EQ(pr->forward, 1);
        TF_CHECK_EQ(pr->subscriber_priority, 0x80);
        TF_CHECK_EQ(pr->filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(pr->filter.start.group, 0x100);
        TF_CHECK_EQ(pr->filter.start.object, 5);
        TF_CHECK_EQ(pr->filter.end_group, 0x110);
        TF_CHECK_EQ(pr->group_order, 2);
    }
    /* SUBSCRIBER_PRIORITY 256 is a protocol violation (l.1828). */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 01 20 41 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* A filter whose content does not fill its length (l.1857). */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 01 21 03 01 00 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_OK l.2315: alias 0x1ff; EXPIRES 0x400, LARGEST {0x100,9},
     * PUBLISHER_PRIORITY 0xc0 (= 40 c0), GROUP_ORDER 1, DYNAMIC_GROUPS 1. */
    rv_frame(&v, p, "04", "52 34 41 ff 05 08 44 00 09 03 41 00 09 0e 40 c0 22 01 30 01");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(pr->expires_ms, 0x400);
        TF_CHECK_EQ(pr->largest.group, 0x100);
        TF_CHECK_EQ(pr->largest.object, 9);
        TF_CHECK(pr->has & MOQT_P_PUBLISHER_PRIORITY);
        TF_CHECK_EQ(pr->publisher_priority, 0xc0);
        TF_CHECK_EQ(pr->group_order, 1);
        TF_CHECK_EQ(pr->dynamic_groups, 1);
    }
    /* SUBSCRIBE_UPDATE l.2375: own Request ID, Subscription Request ID;
     * FORWARD 0, SUBSCRIBER_PRIORITY 0x10, NEW_GROUP_REQUEST 0x101. */
    rv_frame(&v, p, "02", "52 40 52 34 03 10 00 20 10 32 41 01");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1240);
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x10);
        TF_CHECK_EQ(v.m.params.new_group_request, 0x101);
        TF_CHECK(!(v.m.params.has & MOQT_P_FILTER)); /* omitted = unchanged */
    }
    rv_frame(&v, p, "0a", "52 34"); /* UNSUBSCRIBE l.2406 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE));
    rv_frame(&v, p, "0b", "52 34 05 41 2c 04 \"done\""); /* PUBLISH_DONE l.2525 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.status_code, 5);
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
    }
    /* TRACK_STATUS = SUBSCRIBE layout (l.2840). */
    rv_frame(&v, p, "0d", "52 37 " NS " " TN " 01 20 40 80");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
    }
}

TF_TEST("wire/review/d15", rv15_publish_fetch)
{
    const moqt_profile *p = D15;
    rv_vec v;
    /* PUBLISH l.2423. */
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 03 09 03 41 00 09 10 00 22 02");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.group_order, 2);
    }
    /* PUBLISH_OK l.2469. */
    rv_frame(&v, p, "1e", "52 3a 03 10 01 20 40 80 " FILTER);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        TF_CHECK_EQ(v.m.params.forward, 1);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
    }
    /* FETCH l.2695 with Standalone Fetch l.2612: no fixed priority / order. */
    rv_frame(&v, p, "16", "52 35 01 " NS " " TN " 41 00 02 41 05 09 02 20 40 80 22 02");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_STANDALONE);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.start.object, 2);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.group_order, 2);
    }
    /* Joining Fetch l.2655 (absolute 0x3). */
    rv_frame(&v, p, "16", "52 35 03 52 34 41 00 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_ABSOLUTE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 0x100);
    }
    /* FETCH_OK l.2775: End Of Track, End Location; no Group Order field. */
    rv_frame(&v, p, "18", "52 35 01 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.fetch.end_of_track, 1);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end_location.object, 9);
    }
    rv_frame(&v, p, "17", "52 35"); /* FETCH_CANCEL l.2824 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_CANCEL));
}

TF_TEST("wire/review/d15", rv15_namespace_family)
{
    const moqt_profile *p = D15;
    rv_vec v;
    rv_frame(&v, p, "06", "52 38 " NS " 01 " TOK); /* PUBLISH_NAMESPACE l.2863 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "09", NS); /* PUBLISH_NAMESPACE_DONE l.2888 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE));
    rv_frame(&v, p, "0c", NS " 41 2c 04 \"gone\""); /* _CANCEL l.2906 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
    }
    rv_frame(&v, p, "11", "52 39 " NS " 01 " TOK); /* SUBSCRIBE_NAMESPACE l.2933 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
        RV_NS2(&v.m, "live", "cam1");
    }
    /* UNSUBSCRIBE_NAMESPACE l.2997: a Request ID, no longer the prefix. */
    rv_frame(&v, p, "14", "52 39");
    if (rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
    }
    /* 15 has no ANNOUNCE_OK (0x07 is REQUEST_OK) nor SUBSCRIBE_NAMESPACE_OK. */
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK), 0);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_PUBLISH_NAMESPACE_OK), 0);
}

#define EXT "0a 04 41 00 0b 05 02 43 e8 06 07" /* as in the 14 vectors */

static void datagram_rt(const moqt_profile *p, const char *hex, moqt_object_hdr *o)
{
    uint8_t in[256], out[256];
    size_t n = tf_unhex(hex, in, sizeof in);
    moqt_object_hdr_init(o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, o, NULL), (moqt_ssize)n);
    moqt_ssize e = moqt_wire_encode_datagram(p, o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    o->payload.base = NULL;
}

TF_TEST("wire/review/d15", rv15_data_plane)
{
    const moqt_profile *p = D15;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* Datagram table l.3217: 0x0B = End of Group, extensions, Object ID,
     * no priority. */
    datagram_rt(p, "0b 25 41 00 05 " EXT " \"abcd\"", &o);
    TF_CHECK(o.end_of_group);
    TF_CHECK(!o.has_priority);
    TF_CHECK_EQ(o.object_id, 5);
    TF_CHECK_EQ(o.props.count, 2);
    /* 0x25: status, extensions, no Object ID. Extensions on a non-Normal
     * object are malformed from 15 (the code cites "d15 §Object Extension
     * Header"), so use 0x24: status, no Object ID, priority 0x80. */
    datagram_rt(p, "24 25 41 00 80 03", &o);
    TF_CHECK_EQ(o.object_id, 0);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    /* 0x28: status, Object ID, no priority. */
    datagram_rt(p, "28 25 41 00 05 04", &o);
    TF_CHECK(!o.has_priority);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    /* 0x2C per the bit layout (Object ID absent), the code's documented choice
     * over the table row's "Yes" (DRAFT-CHANGES §11). */
    datagram_rt(p, "2c 25 41 00 04", &o);
    TF_CHECK_EQ(o.object_id, 0);

    /* SUBGROUP_HEADER 0x35 (table l.3322; example l.3634): Subgroup ID
     * present, extensions, no priority. */
    n = tf_unhex("35 25 41 00 07", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK(h.has_props);
    TF_CHECK(!h.has_priority);
    TF_CHECK(!h.end_of_group);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    n = tf_unhex("09 " EXT " 04", in, sizeof in); /* object l.3412, ID 9 */
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.props.count, 2);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    n = tf_unhex("01 00 00 03", in, sizeof in); /* ID 11, End of Group */
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 11);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* 0x1A: first-object Subgroup ID, End of Group, priority. */
    n = tf_unhex("1a 25 41 00 80", in, sizeof in);
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_FIRST_OBJECT);
    TF_CHECK(h.end_of_group);
    TF_CHECK(h.has_priority);
    TF_CHECK_EQ(h.publisher_priority, 0x80);

    /* FETCH_HEADER l.3539; FETCH objects with Serialization Flags (l.3551,
     * l.3566-3590): 0x3F all fields present; 0x01 same subgroup, next
     * object, same group / priority, no extensions; 0x06 subgroup + 1,
     * explicit Object ID 14. */
    n = tf_unhex("05 52 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    static const char *const items[] = {"3f 41 00 07 09 80 " EXT " 04", "01 04", "06 0e 00 03"};
    static const uint64_t sub[] = {7, 7, 8}, obj[] = {9, 10, 14};
    for (size_t i = 0; i < 3; i++) {
        n = tf_unhex(items[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.group, 0x100);
        TF_CHECK_EQ(o.subgroup, sub[i]);
        TF_CHECK_EQ(o.object_id, obj[i]);
        TF_CHECK_EQ(o.publisher_priority, 0x80);
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    /* A first object referring to a prior one is a protocol violation (l.3582). */
    moqt_fetch_stream_init(&fr, false);
    n = tf_unhex("01 04", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    /* Flag 0x40 is a protocol violation (l.3578). */
    moqt_fetch_stream_init(&fr, false);
    n = tf_unhex("7f 41 00 07 09 80 " EXT " 04", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
}
