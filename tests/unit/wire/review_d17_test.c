/*
 * Independent review vectors for draft 17 (mt-17). Every MoQT integer is a
 * vi64 (l.250-307): 0x25 = 25, 0x100 = 81 00, 0x1234 = 92 34, 1000 = 83 e8,
 * 0x2F00 = af 00; the 7-byte form (11111100) is invalid (l.300). Message
 * parameters are typed (l.1911): Type Delta then a value whose encoding the
 * type fixes (uint8, varint, Location, length-prefixed; l.1916-1921); setup
 * options and properties stay delta Key-Value-Pairs (l.352). Requests carry a
 * Required Request ID Delta (l.1884); responses carry no Request ID (l.1876).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define TOK "03 05 03 00 \"tok\"" /* AUTHORIZATION TOKEN 0x03, length-prefixed */
#define D17 moqt_profile_for_draft(17)
/* Track Properties: DEFAULT_PUBLISHER_PRIORITY 0x0E = 0x80 (vi64 80 80),
 * DYNAMIC_GROUPS 0x30 (+0x22) = 1 (IANA l.4295-4300). */
#define PROPS "0e 80 80 22 01"

static void check_props(const moqt_msg *m)
{
    TF_CHECK_EQ(m->track_props.count, 2);
    if (m->track_props.count == 2) {
        TF_CHECK_EQ(m->track_props.item[0].type, 0x0e);
        TF_CHECK_EQ(m->track_props.item[0].value, 0x80);
        TF_CHECK_EQ(m->track_props.item[1].type, 0x30);
        TF_CHECK_EQ(m->track_props.item[1].value, 1);
    }
}

TF_TEST("wire/review/d17", rv17_setup_and_misc)
{
    const moqt_profile *p = D17;
    rv_vec v;
    /* SETUP 0x2F00 (l.2299): options to the end, delta KVPs: PATH 0x01,
     * MAX_AUTH_TOKEN_CACHE_SIZE 0x04 (+3), AUTHORITY 0x05 (+1),
     * MOQT_IMPLEMENTATION 0x07 (+2). */
    rv_frame(&v, p, "af 00", "01 04 \"/a?b\" 03 84 00 01 07 \"x.org:1\" 02 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_EQ(s->max_auth_token_cache_size, 0x400);
        TF_CHECK_STR(s->authority, "x.org:1");
        TF_CHECK_STR(s->implementation, "impl");
    }
    /* GOAWAY l.2422: URI, Timeout 0x400. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\" 84 00");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_STR(v.m.goaway.new_session_uri, "moqt://x.org");
        TF_CHECK_EQ(v.m.goaway.timeout_ms, 0x400);
    }
    /* REQUEST_OK l.2455: LARGEST_OBJECT 0x09 as a Location {0x100, 9}. */
    rv_frame(&v, p, "07", "01 09 81 00 09");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
    /* REQUEST_ERROR l.2472. */
    rv_frame(&v, p, "05", "81 2c 84 e8 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_EQ(v.m.err.retry_interval_ms, 0x4e8);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    /* No MAX_REQUEST_ID / REQUESTS_BLOCKED in 17. */
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_MAX_REQUEST_ID), 0);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_REQUESTS_BLOCKED), 0);
    /* The 7-byte vi64 form is invalid in 17 (l.300): a Request ID of fc .. */
    rv_frame(&v, p, "0d", "fc 00 00 00 00 00 01 00 " NS " " TN " 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/review/d17", rv17_subscribe_family)
{
    const moqt_profile *p = D17;
    rv_vec v;
    /* SUBSCRIBE l.2578: Request ID 0x1234, Required Request ID Delta 2;
     * DELIVERY_TIMEOUT 0x02 varint, AUTH 0x03 (+1), FORWARD 0x10 (+0x0d)
     * uint8, SUBSCRIBER_PRIORITY 0x20 (+0x10) uint8 0x80, SUBSCRIPTION_FILTER
     * 0x21 (+1) length-prefixed {AbsoluteRange, {0x100,5}, End Group Delta
     * 0x10} (l.1248, l.1278), GROUP_ORDER 0x22 (+1) uint8. */
    rv_frame(&v, p, "03",
             "92 34 02 " NS " " TN
             " 06 02 83 e8 01 05 03 00 \"tok\" 0d 01 10 80 01 05 04 81 00 05 10 01 02");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(v.m.required_request_id_delta, 2);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
        TF_CHECK_EQ(pr->delivery_timeout_ms, 1000);
        TF_CHECK_EQ(pr->auth_count, 1);
        TF_CHECK_EQ(pr->forward, 1);
        TF_CHECK_EQ(pr->subscriber_priority, 0x80);
        TF_CHECK_EQ(pr->filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(pr->filter.start.group, 0x100);
        TF_CHECK_EQ(pr->filter.start.object, 5);
        TF_CHECK_EQ(pr->filter.end_group, 0x110); /* start + delta */
        TF_CHECK_EQ(pr->group_order, 2);
    }
    /* Parameters must ascend: a zero-or-backwards delta is not possible, but
     * an unknown type (0x12) is a protocol violation (l.1928). */
    rv_frame(&v, p, "03", "92 34 02 " NS " " TN " 01 12 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_OK l.2622: no Request ID; alias 0x1ff; EXPIRES 0x08,
     * LARGEST 0x09 (+1) Location; Track Properties. */
    rv_frame(&v, p, "04", "81 ff 02 08 84 00 01 81 00 09 " PROPS);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        check_props(&v.m);
    }
    /* REQUEST_UPDATE l.2661: Request ID 0x1240, delta 2; FORWARD 0 uint8,
     * SUBSCRIBER_PRIORITY (+0x10) 0x10 uint8, NEW_GROUP_REQUEST 0x32 (+0x12)
     * varint 0x101. */
    rv_frame(&v, p, "02", "92 40 02 03 10 00 10 10 12 81 01");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1240);
        TF_CHECK_EQ(v.m.required_request_id_delta, 2);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x10);
        TF_CHECK_EQ(v.m.params.new_group_request, 0x101);
    }
    /* PUBLISH_DONE l.2812. */
    rv_frame(&v, p, "0b", "05 81 2c 04 \"done\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.status_code, 5);
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
        TF_CHECK_STR(v.m.reason, "done");
    }
    /* TRACK_STATUS (l.3115): SUBSCRIBE layout, token only. */
    rv_frame(&v, p, "0d", "92 37 00 " NS " " TN " 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_UNSUBSCRIBE), 0);
}

TF_TEST("wire/review/d17", rv17_publish_fetch)
{
    const moqt_profile *p = D17;
    rv_vec v;
    /* PUBLISH l.2706. */
    rv_frame(&v, p, "1d", "92 3a 00 " NS " " TN " 81 ff 02 09 81 00 09 07 00 " PROPS);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.request_id, 0x123a);
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.forward, 0);
        check_props(&v.m);
    }
    /* PUBLISH_OK l.2759. */
    rv_frame(&v, p, "1e", "03 10 01 10 80 01 05 04 81 00 05 10");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        TF_CHECK_EQ(v.m.params.forward, 1);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.filter.end_group, 0x110);
    }
    /* FETCH l.2986 standalone (l.2899). */
    rv_frame(&v, p, "16", "92 35 00 01 " NS " " TN " 81 00 02 81 05 09 02 20 80 02 02");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.request_id, 0x1235);
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_STANDALONE);
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.start.object, 2);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.group_order, 2);
    }
    /* Joining Fetch l.2946 (relative, Required Request ID Delta 2). */
    rv_frame(&v, p, "16", "92 35 02 02 92 34 03 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.required_request_id_delta, 2);
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_RELATIVE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 3);
    }
    /* FETCH_OK l.3071. */
    rv_frame(&v, p, "18", "01 81 00 09 00 " PROPS);
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.fetch.end_of_track, 1);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end_location.object, 9);
        check_props(&v.m);
    }
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_FETCH_CANCEL), 0);
}

TF_TEST("wire/review/d17", rv17_namespace_family)
{
    const moqt_profile *p = D17;
    rv_vec v;
    rv_frame(&v, p, "06", "92 38 00 " NS " 01 " TOK); /* PUBLISH_NAMESPACE l.3140 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "08", NS); /* NAMESPACE l.3170 */
    if (rv_control(&v, p, MOQT_MSG_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "0e", NS); /* NAMESPACE_DONE l.3191 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_NAMESPACE_DONE));
    /* SUBSCRIBE_NAMESPACE l.3211: empty prefix allowed (0..32, l.3229),
     * Subscribe Options 0x00 PUBLISH. */
    rv_frame(&v, p, "11", "92 39 00 00 00 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
        TF_CHECK_EQ(v.m.ns.count, 0);
        TF_CHECK_EQ(v.m.subscribe_options, MOQT_SUBSCRIBE_OPTIONS_PUBLISH);
    }
    /* PUBLISH_BLOCKED 0x0F l.3295: suffix and track name. */
    rv_frame(&v, p, "0f", NS " " TN);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_BLOCKED)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
    }
}

/* Properties (l.3419): 0x4 = 0x100 (81 00); Immutable 0x0B (+7) holding
 * {0x2 = 1000 (83 e8), 0x6 (+4) = 7}; length 10. */
#define EXT "0a 04 81 00 07 05 02 83 e8 04 07"

static void check_exts(const moqt_object_hdr *o)
{
    TF_CHECK_EQ(o->props.count, 2);
    if (o->props.count == 2) {
        TF_CHECK_EQ(o->props.item[0].value, 0x100);
        TF_CHECK_EQ(o->props.item[1].type, MOQT_PROP_IMMUTABLE);
        moqt_kvp_list inner;
        TF_CHECK_INT(moqt_wire_decode_immutable_props(D17, o->props.item[1].bytes, &inner, NULL),
                     0);
        TF_CHECK_EQ(inner.count, 2);
        TF_CHECK_EQ(inner.item[0].value, 1000);
    }
}

TF_TEST("wire/review/d17", rv17_data_plane)
{
    const moqt_profile *p = D17;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* The control stream type 0x2F00 (af 00 as vi64). */
    uint64_t t = 0;
    moqt_stream_kind k = MOQT_STREAM_UNKNOWN;
    n = tf_unhex("af 00", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_stream_type(p, in, n, &t, &k, &why), 2);
    TF_CHECK_EQ(t, 0x2F00);
    TF_CHECK_EQ(k, MOQT_STREAM_SETUP);

    /* OBJECT_DATAGRAM 0x0D (l.3456): properties, no Object ID, no priority. */
    n = tf_unhex("0d 25 81 00 " EXT " \"abcd\"", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.track_alias, 0x25);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK(!o.has_priority);
    check_exts(&o);
    TF_CHECK_STR(o.payload, "abcd");
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* SUBGROUP_HEADER 0x35 (l.3553, example l.3893); objects l.3626. */
    n = tf_unhex("35 25 81 00 07", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.group, 0x100);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK(h.has_props);
    TF_CHECK(!h.has_priority);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    static const char *const sobjs[] = {"09 " EXT " 04", "81 00 00 00 03"};
    static const uint64_t sids[] = {9, 9 + 0x100 + 1};
    for (size_t i = 0; i < 2; i++) {
        n = tf_unhex(sobjs[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.object_id, sids[i]);
        e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.props.count, 0);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);

    /* FETCH_HEADER l.3769 and objects l.3781 (flags vi64: 0x8C = 80 8c). */
    n = tf_unhex("05 92 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    static const char *const items[] = {"3f 81 00 07 09 80 " EXT " 04", "01 04", "80 8c 81 00 0e",
                                        "54 10 81 04"};
    static const uint64_t ids[] = {9, 10, 14, 16};
    for (size_t i = 0; i < 4; i++) {
        n = tf_unhex(items[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.group, 0x100);
        TF_CHECK_EQ(o.object_id, ids[i]);
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK(o.datagram);
    TF_CHECK_EQ(o.publisher_priority, 0x81);
}
