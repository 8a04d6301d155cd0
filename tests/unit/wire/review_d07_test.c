/*
 * Independent review vectors for draft 07 (mt-07 =
 * shared/specs/moq-transport/draft-ietf-moq-transport-07.md). Each vector was
 * built by hand from the figure cited next to it, decoded with the public
 * decoder, checked field by field and re-encoded byte for byte.
 *
 * Common pieces: Track Namespace (tuple) "live"/"cam1" = 02 04"live" 04"cam1"
 * (mt-07 l.277-281); Track Name 05"video"; Subscribe ID 0x1234 = 52 34;
 * version 0xff000007 = c0 00 00 00 ff 00 00 07 (8-byte varint).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define D07 moqt_profile_for_draft(7)

TF_TEST("wire/review/d07", rv07_client_server_setup)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* CLIENT_SETUP, mt-07 l.1086: 2 versions, ROLE (0x00) PubSub, PATH (0x01),
     * MAX_SUBSCRIBE_ID (0x02) = 0x1234 (mt-07 l.1130-1176). */
    rv_frame(&v, p, "40 40", /* 0x40 as a 2-byte varint */
             "02 c0000000ff000007 c0000000ff000006 03 00 01 03 01 04 \"/a?b\" 02 02 52 34");
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_EQ(s->version_count, 2);
        TF_CHECK_EQ(s->versions[0], 0xff000007);
        TF_CHECK_EQ(s->versions[1], 0xff000006);
        TF_CHECK(s->has & MOQT_S_ROLE);
        TF_CHECK_EQ(s->role, MOQT_ROLE_PUBSUB);
        TF_CHECK(s->has & MOQT_S_PATH);
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK(s->has & MOQT_S_MAX_REQUEST_ID);
        TF_CHECK_EQ(s->max_request_id, 0x1234);
    }
    /* SERVER_SETUP, mt-07 l.1095. */
    rv_frame(&v, p, "40 41", "c0000000ff000007 02 00 01 02 02 02 52 34");
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.selected_version, 0xff000007);
        TF_CHECK_EQ(v.m.setup.role, MOQT_ROLE_SUBSCRIBER);
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
    }
}

TF_TEST("wire/review/d07", rv07_goaway_max_subscribe_id)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* GOAWAY, mt-07 l.1188. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\"");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_STR(v.m.goaway.new_session_uri, "moqt://x.org");
    }
    /* MAX_SUBSCRIBE_ID, mt-07 l.1853. */
    rv_frame(&v, p, "15", "52 36");
    if (rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
}

TF_TEST("wire/review/d07", rv07_subscribe)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* SUBSCRIBE, mt-07 l.1250: AbsoluteRange (0x4, l.1232) {0x100,5}..{0x110,
     * EndObject+1 = 7}; AUTHORIZATION INFO (0x02, l.1030) "tok", DELIVERY
     * TIMEOUT (0x03, l.1037) 1000 = 43 e8. */
    rv_frame(&v, p, "03",
             "52 34 25 " NS " " TN " 80 02 04 41 00 05 41 10 07 02 02 03 \"tok\" 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1234);
        TF_CHECK_EQ(m->track_alias, 0x25);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, MOQT_GROUP_ORDER_DESCENDING);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.start.object, 5);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110);
        TF_CHECK_EQ(m->params.filter.end_object, 7);
        TF_CHECK_EQ(m->params.auth_count, 1);
        TF_CHECK_STR(m->params.auth[0].value, "tok");
        TF_CHECK(m->params.has & MOQT_P_DELIVERY_TIMEOUT);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* Latest Group (0x1, l.1216): no Start / End fields. */
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 00 01 01 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_LATEST_GROUP);
        TF_CHECK_EQ(v.m.params.group_order, MOQT_GROUP_ORDER_ASCENDING);
    }
    /* A filter type other than 0x1-0x4 MUST be treated as an error (l.1237). */
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 00 01 05 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* Group Order above 0x2 is a protocol error (l.1295). */
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 00 03 02 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/review/d07", rv07_subscribe_update_unsubscribe)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* SUBSCRIBE_UPDATE, mt-07 l.1342: Start {0x100,5}, EndGroup+1 = 0x111,
     * EndObject+1 = 7, priority 0x40, DELIVERY TIMEOUT 1000. */
    rv_frame(&v, p, "02", "52 34 41 00 05 41 11 07 40 01 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->existing_request_id, 0x1234);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.start.object, 5);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110); /* wire value minus 1 */
        TF_CHECK_EQ(m->params.filter.end_object, 7);
        TF_CHECK_EQ(m->params.subscriber_priority, 0x40);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* EndGroup 0: open-ended (l.1362). */
    rv_frame(&v, p, "02", "52 34 41 00 05 00 00 40 00");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_START);
    }
    /* UNSUBSCRIBE, mt-07 l.1387. */
    rv_frame(&v, p, "0a", "52 34");
    if (rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
    }
}

TF_TEST("wire/review/d07", rv07_subscribe_ok_error_done)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* SUBSCRIBE_OK, mt-07 l.1667: Expires 0x400, Group Order 2, ContentExists
     * 1, Largest {0x100, 9}, DELIVERY TIMEOUT 1000. */
    rv_frame(&v, p, "04", "52 34 44 00 02 01 41 00 09 01 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1234);
        TF_CHECK_EQ(m->params.expires_ms, 0x400);
        TF_CHECK_EQ(m->params.group_order, MOQT_GROUP_ORDER_DESCENDING);
        TF_CHECK(m->params.has & MOQT_P_LARGEST);
        TF_CHECK_EQ(m->params.largest.group, 0x100);
        TF_CHECK_EQ(m->params.largest.object, 9);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* ContentExists 0: no Largest. Group Order 0x0 is a protocol error (l.1692). */
    rv_frame(&v, p, "04", "52 34 00 01 00 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK(!(v.m.params.has & MOQT_P_LARGEST));
    }
    rv_frame(&v, p, "04", "52 34 00 00 00 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_ERROR, mt-07 l.1713: code 0x2 Retry Track Alias, alias 0x1ff. */
    rv_frame(&v, p, "05", "52 34 02 04 \"busy\" 41 ff");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(v.m.error_code, 2);
        TF_CHECK_STR(v.m.reason, "busy");
        TF_CHECK_EQ(v.m.err.retry_track_alias, 0x1ff);
    }
    /* SUBSCRIBE_DONE, mt-07 l.1812: Track Ended 0x3, ContentExists, Final {0x100,9}. */
    rv_frame(&v, p, "0b", "52 34 03 04 \"done\" 01 41 00 09");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(v.m.done.status_code, 3);
        TF_CHECK_STR(v.m.reason, "done");
        TF_CHECK_EQ(v.m.done.content_exists, 1);
        TF_CHECK_EQ(v.m.done.final.group, 0x100);
        TF_CHECK_EQ(v.m.done.final.object, 9);
    }
}

TF_TEST("wire/review/d07", rv07_fetch_family)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* FETCH, mt-07 l.1420: priority 0x80, order 1, {0x100,2}..{0x105, 9}
     * (EndObject plus 1, l.1461), AUTHORIZATION INFO. */
    rv_frame(&v, p, "16", "52 35 " NS " " TN " 80 01 41 00 02 41 05 09 01 02 03 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1235);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, MOQT_GROUP_ORDER_ASCENDING);
        TF_CHECK_EQ(m->fetch.fetch_type, MOQT_FETCH_STANDALONE);
        TF_CHECK_EQ(m->fetch.start.group, 0x100);
        TF_CHECK_EQ(m->fetch.start.object, 2);
        TF_CHECK_EQ(m->fetch.end.group, 0x105);
        TF_CHECK_EQ(m->fetch.end.object, 9);
        TF_CHECK_EQ(m->params.auth_count, 1);
    }
    /* FETCH_CANCEL, mt-07 l.1494. */
    rv_frame(&v, p, "17", "52 35");
    if (rv_control(&v, p, MOQT_MSG_FETCH_CANCEL)) {
        TF_CHECK_EQ(v.m.request_id, 0x1235);
    }
    /* FETCH_OK, mt-07 l.1745: order 2, End Of Track 1, Largest {0x100, 9}. */
    rv_frame(&v, p, "18", "52 35 02 01 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.request_id, 0x1235);
        TF_CHECK_EQ(v.m.params.group_order, MOQT_GROUP_ORDER_DESCENDING);
        TF_CHECK_EQ(v.m.fetch.end_of_track, 1);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end_location.object, 9);
    }
    /* FETCH_ERROR, mt-07 l.1784. */
    rv_frame(&v, p, "19", "52 35 41 2c 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_FETCH_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x1235);
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "nope");
    }
}

TF_TEST("wire/review/d07", rv07_announce_family)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* ANNOUNCE, mt-07 l.1876, with AUTHORIZATION INFO. */
    rv_frame(&v, p, "06", NS " 01 02 03 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
        TF_CHECK_STR(v.m.params.auth[0].value, "tok");
    }
    /* ANNOUNCE_OK, mt-07 l.1511. */
    rv_frame(&v, p, "07", NS);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_OK)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    /* ANNOUNCE_ERROR, mt-07 l.1529. */
    rv_frame(&v, p, "08", NS " 41 2c 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_ERROR)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    /* UNANNOUNCE, mt-07 l.1899. */
    rv_frame(&v, p, "09", NS);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    /* ANNOUNCE_CANCEL, mt-07 l.1559. */
    rv_frame(&v, p, "0c", NS " 03 04 \"gone\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.error_code, 3);
        TF_CHECK_STR(v.m.reason, "gone");
    }
    /* SUBSCRIBE_ANNOUNCES, mt-07 l.1603. */
    rv_frame(&v, p, "11", NS " 01 02 03 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    /* SUBSCRIBE_ANNOUNCES_OK, mt-07 l.1972. */
    rv_frame(&v, p, "12", NS);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    /* SUBSCRIBE_ANNOUNCES_ERROR, mt-07 l.1990. */
    rv_frame(&v, p, "13", NS " 41 2c 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    /* UNSUBSCRIBE_ANNOUNCES, mt-07 l.1651. */
    rv_frame(&v, p, "14", NS);
    if (rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
}

TF_TEST("wire/review/d07", rv07_track_status)
{
    const moqt_profile *p = D07;
    rv_vec v;
    /* TRACK_STATUS_REQUEST, mt-07 l.1586. */
    rv_frame(&v, p, "0d", NS " " TN);
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
    }
    /* TRACK_STATUS, mt-07 l.1917: code 0x03 finished, last {0x100, 9}. */
    rv_frame(&v, p, "0e", NS " " TN " 03 41 00 09");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
        TF_CHECK_EQ(v.m.done.status_code, 3);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
    /* Code 0x01 with a nonzero location is malformed (l.1937). */
    rv_frame(&v, p, "0e", NS " " TN " 01 00 01");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* Code 0x05 is malformed (l.1949). */
    rv_frame(&v, p, "0e", NS " " TN " 05 00 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/review/d07", rv07_data_plane)
{
    const moqt_profile *p = D07;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;

    /* OBJECT_DATAGRAM: stream-type 0x1 first (mt-07 l.2017-2022), then the
     * figure at l.2121: alias 0x25, group 0x100, object 5, priority 0x80,
     * length 4, "abcd". */
    size_t n = tf_unhex("01 25 41 00 05 80 04 \"abcd\"", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.track_alias, 0x25);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.object_id, 5);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_NORMAL);
    TF_CHECK_STR(o.payload, "abcd");
    moqt_ssize e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* Zero length: Object Status follows (l.2127); 0x5 End of Subgroup (l.2099). */
    n = tf_unhex("01 25 41 00 05 80 00 05", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_SUBGROUP);
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* STREAM_HEADER_SUBGROUP 0x4 (l.2024), figure l.2154: alias 0x25, group
     * 0x100, subgroup 7, priority 0x80; then objects (l.2174): id 9 "abcd",
     * id 10 status 0x3 End of Group. */
    n = tf_unhex("04 25 41 00 07 80", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.track_alias, 0x25);
    TF_CHECK_EQ(h.group, 0x100);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK_EQ(h.publisher_priority, 0x80);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    n = tf_unhex("09 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.payload_len, 4);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    n = tf_unhex("0a 00 03", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 10);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* FETCH_HEADER 0x5 (l.2026), figure l.2193: Subscribe ID 0x1235. */
    n = tf_unhex("05 52 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    e = moqt_wire_encode_fetch_header(p, rid, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* Fetch object, l.2203: group 0x100, subgroup 7, object 9, priority 0x80,
     * "abcd"; then status 0x4 End of Track and Group (l.2093). */
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    n = tf_unhex("41 00 07 09 80 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    TF_CHECK_EQ(o.payload_len, 4);
    e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    n = tf_unhex("41 01 07 00 80 00 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK_AND_GROUP);
    e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
}
