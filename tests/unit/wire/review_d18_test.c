/*
 * Independent review vectors for draft 18 (mt-18). vi64 integers and typed
 * parameters as in 17; 18 drops Required Request ID Delta, adds GOAWAY's
 * optional Request ID (l.2762), REQUEST_OK Track Properties (l.2815),
 * REQUEST_ERROR Redirect (l.2842, l.2875), SUBSCRIBE_NAMESPACE 0x50 without
 * Subscribe Options and SUBSCRIBE_TRACKS 0x51 (l.3608, l.3671), parameters
 * SUBGROUP_DELIVERY_TIMEOUT 0x06, FILL_TIMEOUT 0x0A, TRACK_NAMESPACE_PREFIX
 * 0x34 (namespace-encoded) (l.2409-2601; IANA l.4967-4979), the FIRST_OBJECT
 * subgroup bit 0x40 (l.4041), FETCH Group / Object ID Deltas (l.4205-4270)
 * and padding streams / datagrams (l.4310, l.4330).
 */
#include "review_support.h"

#define NS    "02 04 \"live\" 04 \"cam1\""
#define TN    "05 \"video\""
#define TOK   "03 05 03 00 \"tok\""
#define D18   moqt_profile_for_draft(18)
#define PROPS "0e 80 80 22 01"

static void check_props(const moqt_msg *m)
{
    TF_CHECK_EQ(m->track_props.count, 2);
    if (m->track_props.count == 2) {
        TF_CHECK_EQ(m->track_props.item[0].type, 0x0e);
        TF_CHECK_EQ(m->track_props.item[0].value, 0x80);
        TF_CHECK_EQ(m->track_props.item[1].type, 0x30);
    }
}

TF_TEST("wire/review/d18", rv18_setup_and_misc)
{
    const moqt_profile *p = D18;
    rv_vec v;
    /* SETUP l.2624 (options l.2646-2707). */
    rv_frame(&v, p, "af 00", "01 04 \"/a?b\" 03 84 00 01 07 \"x.org:1\" 02 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_SETUP)) {
        TF_CHECK_STR(v.m.setup.path, "/a?b");
        TF_CHECK_EQ(v.m.setup.max_auth_token_cache_size, 0x400);
        TF_CHECK_STR(v.m.setup.authority, "x.org:1");
        TF_CHECK_STR(v.m.setup.implementation, "impl");
    }
    /* GOAWAY l.2756 on the control stream: Request ID 0x1234. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\" 84 00 92 34");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_STR(v.m.goaway.new_session_uri, "moqt://x.org");
        TF_CHECK_EQ(v.m.goaway.timeout_ms, 0x400);
        TF_CHECK(v.m.goaway.has_request_id);
        TF_CHECK_EQ(v.m.goaway.request_id, 0x1234);
    }
    /* ... and on a request stream: no Request ID. */
    rv_frame(&v, p, "10", "00 00");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK(!v.m.goaway.has_request_id);
    }
    /* REQUEST_OK l.2810 with Track Properties. */
    rv_frame(&v, p, "07", "02 08 84 00 01 81 00 09 " PROPS);
    if (rv_control(&v, p, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        check_props(&v.m);
    }
    /* REQUEST_ERROR l.2869 with code REDIRECT 0x34 (IANA l.5099) and a
     * Redirect (l.2842): Connect URI "moqt://y.org", namespace, track name. */
    rv_frame(&v, p, "05", "34 84 e8 04 \"nope\" 0c \"moqt://y.org\" " NS " " TN);
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x34);
        TF_CHECK_EQ(v.m.err.retry_interval_ms, 0x4e8);
        TF_CHECK_STR(v.m.reason, "nope");
        TF_CHECK(v.m.err.has_redirect);
        uint8_t want[64];
        size_t wn = tf_unhex("0c \"moqt://y.org\" " NS " " TN, want, sizeof want);
        TF_CHECK_BYTES(v.m.err.redirect.base, v.m.err.redirect.len, want, wn);
    }
    /* Another code: no Redirect ("Present only when Error Code is REDIRECT"). */
    rv_frame(&v, p, "05", "81 2c 00 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK(!v.m.err.has_redirect);
    }
    rv_frame(&v, p, "05", "81 2c 00 04 \"nope\" 00 00 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/review/d18", rv18_subscribe_family)
{
    const moqt_profile *p = D18;
    rv_vec v;
    /* SUBSCRIBE l.2998: no Required Request ID Delta. OBJECT_DELIVERY_TIMEOUT
     * 0x02, AUTH 0x03 (+1), SUBGROUP_DELIVERY_TIMEOUT 0x06 (+3), FORWARD 0x10
     * (+0x0a), SUBSCRIBER_PRIORITY 0x20 (+0x10), FILTER 0x21 (+1),
     * GROUP_ORDER 0x22 (+1). */
    rv_frame(&v, p, "03",
             "92 34 " NS " " TN
             " 07 02 83 e8 01 05 03 00 \"tok\" 03 84 00 0a 01 10 80 01 05 04 81 00 05 10 01 02");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(pr->delivery_timeout_ms, 1000);
        TF_CHECK(pr->has & MOQT_P_SUBGROUP_DELIVERY_TIMEOUT);
        TF_CHECK_EQ(pr->subgroup_delivery_timeout_ms, 0x400);
        TF_CHECK_EQ(pr->forward, 1);
        TF_CHECK_EQ(pr->subscriber_priority, 0x80);
        TF_CHECK_EQ(pr->filter.end_group, 0x110);
        TF_CHECK_EQ(pr->group_order, 2);
        TF_CHECK_EQ(pr->auth_count, 1);
    }
    /* SUBSCRIBE_OK l.3030. */
    rv_frame(&v, p, "04", "81 ff 02 08 84 00 01 81 00 09 " PROPS);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        check_props(&v.m);
    }
    /* REQUEST_UPDATE l.3066: Request ID only. */
    rv_frame(&v, p, "02", "92 40 03 10 00 10 10 12 81 01");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1240);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x10);
        TF_CHECK_EQ(v.m.params.new_group_request, 0x101);
    }
    /* REQUEST_UPDATE of a namespace subscription: TRACK_NAMESPACE_PREFIX 0x34
     * in the Track Namespace encoding (l.2601). */
    rv_frame(&v, p, "02", "92 42 01 34 " NS);
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK(v.m.params.has & MOQT_P_TRACK_NAMESPACE_PREFIX);
        TF_CHECK_EQ(v.m.params.track_namespace_prefix.count, 2);
        TF_CHECK_STR(v.m.params.track_namespace_prefix.field[1], "cam1");
    }
    rv_frame(&v, p, "0b", "05 81 2c 04 \"done\""); /* PUBLISH_DONE l.3215 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
    }
    rv_frame(&v, p, "0d", "92 37 " NS " " TN " 01 " TOK); /* TRACK_STATUS l.3515 */
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
    }
}

TF_TEST("wire/review/d18", rv18_publish_fetch)
{
    const moqt_profile *p = D18;
    rv_vec v;
    rv_frame(&v, p, "1d", "92 3a " NS " " TN " 81 ff 02 09 81 00 09 07 00 " PROPS); /* PUBLISH */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.request_id, 0x123a);
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.forward, 0);
        check_props(&v.m);
    }
    /* PUBLISH_OK: the table keeps 0x1E pointing at REQUEST_OK's format
     * (l.2131); the code's documented choice (profile.c) and so ours. */
    rv_frame(&v, p, "1e", "02 10 01 10 80");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        TF_CHECK_EQ(v.m.params.forward, 1);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
    }
    /* FETCH l.3382: FILL_TIMEOUT 0x0A, SUBSCRIBER_PRIORITY 0x20 (+0x16),
     * GROUP_ORDER 0x22 (+2). */
    rv_frame(&v, p, "16", "92 35 01 " NS " " TN " 81 00 02 81 05 09 03 0a 84 00 16 80 02 02");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK(v.m.params.has & MOQT_P_FILL_TIMEOUT);
        TF_CHECK_EQ(v.m.params.fill_timeout_ms, 0x400);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.group_order, 2);
    }
    rv_frame(&v, p, "16", "92 35 03 92 34 81 00 00"); /* absolute joining */
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_ABSOLUTE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 0x100);
    }
    rv_frame(&v, p, "18", "00 81 00 09 00 " PROPS); /* FETCH_OK */
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.fetch.end_of_track, 0);
        TF_CHECK_EQ(v.m.fetch.end_location.object, 9);
        check_props(&v.m);
    }
}

TF_TEST("wire/review/d18", rv18_namespace_family)
{
    const moqt_profile *p = D18;
    rv_vec v;
    rv_frame(&v, p, "06", "92 38 " NS " 01 " TOK); /* PUBLISH_NAMESPACE */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    /* SUBSCRIBE_NAMESPACE 0x50 (= 50) l.3608: no Subscribe Options. */
    rv_frame(&v, p, "50", "92 39 " NS " 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    /* 0x11 is no longer a message type in 18. */
    rv_frame(&v, p, "11", "92 39 " NS " 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_TRACKS 0x51 l.3671. */
    rv_frame(&v, p, "51", "92 3b 00 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_TRACKS)) {
        TF_CHECK_EQ(v.m.request_id, 0x123b);
        TF_CHECK_EQ(v.m.ns.count, 0);
    }
    rv_frame(&v, p, "08", NS); /* NAMESPACE */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_NAMESPACE));
    rv_frame(&v, p, "0e", NS); /* NAMESPACE_DONE */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_NAMESPACE_DONE));
    rv_frame(&v, p, "0f", NS " " TN); /* PUBLISH_BLOCKED l.3729 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_BLOCKED)) {
        TF_CHECK_STR(v.m.track_name, "video");
    }
}

#define EXT "0a 04 81 00 07 05 02 83 e8 04 07"

TF_TEST("wire/review/d18", rv18_data_plane)
{
    const moqt_profile *p = D18;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* Padding stream 0x132B3E28 (5-byte vi64 f0 13 2b 3e 28), l.4310. */
    uint64_t t = 0;
    moqt_stream_kind k = MOQT_STREAM_UNKNOWN;
    n = tf_unhex("f0 13 2b 3e 28 00 00", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_stream_type(p, in, n, &t, &k, &why), 5);
    TF_CHECK_EQ(t, MOQT_STREAM_TYPE_PADDING);
    TF_CHECK_EQ(k, MOQT_STREAM_PADDING);
    e = moqt_wire_encode_padding_stream(p, 2, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    TF_CHECK_INT(moqt_wire_check_padding(in + 5, 2, &why), 0);
    TF_CHECK_INT(moqt_wire_check_padding((const uint8_t *)"\0\1", 2, &why),
                 MOQT_ERR_WIRE_MALFORMED);
    /* Padding datagram 0x132B3E29 (l.4330). */
    n = tf_unhex("f0 13 2b 3e 29 00 00 00", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.kind, MOQT_ITEM_PADDING);
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* SUBGROUP_HEADER 0x75 (l.4007-4041): FIRST_OBJECT 0x40, DEFAULT_PRIORITY
     * 0x20, explicit Subgroup ID, properties. */
    n = tf_unhex("75 25 81 00 07", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK(h.first_object);
    TF_CHECK(!h.has_priority);
    TF_CHECK(h.has_props);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_EXPLICIT);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* 0x56 (mode 0b11) is invalid (l.4048). */
    n = tf_unhex("56 25 81 00 80", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), MOQT_ERR_WIRE_MALFORMED);

    /* FETCH, ascending (l.4205-4270): 0x3F absolute {0x100, sub 7, obj 9};
     * 0x01 obj 10; 0x06 sub 8, obj 10 + 4; 0x0C new group 0x100+0+1, sub 0,
     * obj 2 (absolute with a Group ID Delta); End of Non-Existent Range with
     * absolute IDs (fetch_stream.c's documented reading of l.4280). */
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    static const char *const items[] = {"3f 81 00 07 09 80 " EXT " 04", "01 04", "06 04 00",
                                        "0c 00 02 04", "80 8c 81 01 05"};
    static const uint64_t grp[] = {0x100, 0x100, 0x100, 0x101, 0x101};
    static const uint64_t sub[] = {7, 7, 8, 0, 0};
    static const uint64_t obj[] = {9, 10, 14, 2, 5};
    for (size_t i = 0; i < 5; i++) {
        n = tf_unhex(items[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.group, grp[i]);
        if (i < 4) {
            TF_CHECK_EQ(o.subgroup, sub[i]);
        }
        TF_CHECK_EQ(o.object_id, obj[i]);
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.kind, MOQT_ITEM_END_OF_NONEXISTENT_RANGE);
    /* Descending: the Group ID Delta counts down (prior - (delta + 1)). */
    moqt_fetch_stream_init(&fr, true);
    moqt_fetch_stream_init(&fw, true);
    static const char *const ditems[] = {"1f 81 00 07 09 80 04", "0c 01 03 04"};
    static const uint64_t dgrp[] = {0x100, 0xfe}, dobj[] = {9, 3};
    for (size_t i = 0; i < 2; i++) {
        n = tf_unhex(ditems[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.group, dgrp[i]);
        TF_CHECK_EQ(o.object_id, dobj[i]);
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    /* Descending below group 0 is a protocol violation (l.4261). */
    n = tf_unhex("0c 81 00 00 04", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
}
