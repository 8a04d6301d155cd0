/*
 * Independent review vectors for draft 08 (mt-08), and a spot check of 09 and
 * 10 whose control figures are 08's (mt-09 only reorders sections; mt-10 only
 * reorders them again) and whose data plane swaps Extension Count for
 * Extension Headers Length (mt-09 l.2474). Each vector: hand-built from the
 * figure cited, decoded, checked field by field, re-encoded byte for byte.
 *
 * Common pieces: namespace "live"/"cam1" = 02 04"live" 04"cam1"; track name
 * 05"video"; Subscribe ID 0x1234 = 52 34.
 */
#include "review_support.h"

#define NS "02 04 \"live\" 04 \"cam1\""
#define TN "05 \"video\""

static bool in_08_10(const moqt_profile *p)
{
    return p->draft >= 8 && p->draft <= 10;
}

TF_DRAFT_TEST("wire/review/d08", rv08_setup_and_credit)
{
    if (!in_08_10(p)) {
        return;
    }
    rv_vec v;
    /* CLIENT_SETUP 0x40 (= 40 40), mt-08 l.1178: one version, PATH (0x01,
     * l.1225) and MAX_SUBSCRIBE_ID (0x02, l.1238). 08 has no ROLE. */
    char hex[128];
    snprintf(hex, sizeof hex, "01 c0000000ff0000%02x 02 01 04 \"/a?b\" 02 02 52 34", p->draft);
    rv_frame(&v, p, "40 40", hex);
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        TF_CHECK_EQ(v.m.setup.version_count, 1);
        TF_CHECK_EQ(v.m.setup.versions[0], 0xff000000u + p->draft);
        TF_CHECK_STR(v.m.setup.path, "/a?b");
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
        TF_CHECK(!(v.m.setup.has & MOQT_S_ROLE));
    }
    /* SERVER_SETUP 0x41, mt-08 l.1187. */
    snprintf(hex, sizeof hex, "c0000000ff0000%02x 01 02 02 52 34", p->draft);
    rv_frame(&v, p, "40 41", hex);
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.selected_version, 0xff000000u + p->draft);
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
    }
    /* MAX_SUBSCRIBE_ID 0x15 and SUBSCRIBES_BLOCKED 0x1A, mt-08 l.2076, l.2108. */
    rv_frame(&v, p, "15", "52 36");
    if (rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
    rv_frame(&v, p, "1a", "52 36");
    if (rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
    /* GOAWAY, mt-08 l.1259. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\"");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_STR(v.m.goaway.new_session_uri, "moqt://x.org");
    }
}

TF_DRAFT_TEST("wire/review/d08", rv08_subscribe_family)
{
    if (!in_08_10(p)) {
        return;
    }
    rv_vec v;
    /* SUBSCRIBE, mt-08 l.1323: AbsoluteRange (0x4, l.1306) has only EndGroup
     * now; AUTHORIZATION INFO (0x02, l.1116), DELIVERY TIMEOUT (0x03, l.1123). */
    rv_frame(&v, p, "03",
             "52 34 25 " NS " " TN " 80 02 04 41 00 05 41 10 02 02 03 \"tok\" 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1234);
        TF_CHECK_EQ(m->track_alias, 0x25);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, 2);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.start.object, 5);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110);
        TF_CHECK_EQ(m->params.auth_count, 1);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* Latest Group (0x1) exists in 08 (mt-08 l.1293) and is gone from 09
     * (mt-09 l.1299 lists 0x2-0x4 only; "A filter type other than the above
     * MUST be treated as error"). Latest Object (0x2) in all three. */
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 00 01 01 00");
    if (p->draft == 8) {
        if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
            TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_LATEST_GROUP);
        }
    } else {
        TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    }
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 00 01 02 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_LARGEST_OBJECT);
    }
    /* SUBSCRIBE_UPDATE, mt-08 l.1418: EndGroup plus 1 (0x111), no EndObject. */
    rv_frame(&v, p, "02", "52 34 41 00 05 41 11 40 01 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(v.m.params.filter.start.group, 0x100);
        TF_CHECK_EQ(v.m.params.filter.end_group, 0x110);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x40);
    }
    /* UNSUBSCRIBE, mt-08 l.1457. */
    rv_frame(&v, p, "0a", "52 34");
    if (rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
    }
    /* SUBSCRIBE_OK, mt-08 l.1811. */
    rv_frame(&v, p, "04", "52 34 44 00 01 01 41 00 09 01 03 02 43 e8");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.group_order, 1);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        TF_CHECK_EQ(v.m.params.delivery_timeout_ms, 1000);
    }
    /* SUBSCRIBE_ERROR, mt-08 l.1857 (Retry Track Alias is 0x6 in 08's table). */
    rv_frame(&v, p, "05", "52 34 06 04 \"busy\" 41 ff");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 6);
        TF_CHECK_STR(v.m.reason, "busy");
        TF_CHECK_EQ(v.m.err.retry_track_alias, 0x1ff);
    }
    /* SUBSCRIBE_DONE, mt-08 l.2023: Status Code, Stream Count, Reason. */
    rv_frame(&v, p, "0b", "52 34 02 41 2c 04 \"done\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.status_code, 2);
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
        TF_CHECK_STR(v.m.reason, "done");
    }
}

TF_DRAFT_TEST("wire/review/d08", rv08_fetch_family)
{
    if (!in_08_10(p)) {
        return;
    }
    rv_vec v;
    /* FETCH standalone (0x1), mt-08 l.1511. */
    rv_frame(&v, p, "16", "52 35 80 02 01 " NS " " TN " 41 00 02 41 05 09 01 02 03 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1235);
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, 2);
        TF_CHECK_EQ(m->fetch.fetch_type, MOQT_FETCH_STANDALONE);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->fetch.start.group, 0x100);
        TF_CHECK_EQ(m->fetch.start.object, 2);
        TF_CHECK_EQ(m->fetch.end.group, 0x105);
        TF_CHECK_EQ(m->fetch.end.object, 9);
    }
    /* FETCH joining (0x2): Joining Subscribe ID 0x1234, Preceding Group Offset 3. */
    rv_frame(&v, p, "16", "52 35 80 01 02 52 34 03 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_RELATIVE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 3);
    }
    /* Fetch Type other than 0x1 / 0x2 is an error (l.1494). */
    rv_frame(&v, p, "16", "52 35 80 01 03 52 34 03 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* FETCH_OK, FETCH_ERROR, FETCH_CANCEL (mt-08 l.1909, l.1947, l.1623). */
    rv_frame(&v, p, "18", "52 35 02 01 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.params.group_order, 2);
        TF_CHECK_EQ(v.m.fetch.end_of_track, 1);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end_location.object, 9);
    }
    rv_frame(&v, p, "19", "52 35 05 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_FETCH_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 5);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    rv_frame(&v, p, "17", "52 35");
    if (rv_control(&v, p, MOQT_MSG_FETCH_CANCEL)) {
        TF_CHECK_EQ(v.m.request_id, 0x1235);
    }
}

TF_DRAFT_TEST("wire/review/d08", rv08_announce_and_status)
{
    if (!in_08_10(p)) {
        return;
    }
    rv_vec v;
    rv_frame(&v, p, "06", NS " 01 02 03 \"tok\""); /* ANNOUNCE, mt-08 l.2129 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "07", NS); /* ANNOUNCE_OK, mt-08 l.1640 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_OK));
    rv_frame(&v, p, "08", NS " 04 04 \"nope\""); /* ANNOUNCE_ERROR, mt-08 l.1658 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 4);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    rv_frame(&v, p, "09", NS); /* UNANNOUNCE, mt-08 l.2152 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE));
    rv_frame(&v, p, "0c", NS " 01 04 \"gone\""); /* ANNOUNCE_CANCEL, mt-08 l.1701 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_EQ(v.m.error_code, 1);
        TF_CHECK_STR(v.m.reason, "gone");
    }
    rv_frame(&v, p, "11", NS " 01 02 03 \"tok\""); /* SUBSCRIBE_ANNOUNCES, l.1745 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "12", NS); /* SUBSCRIBE_ANNOUNCES_OK, l.2225 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK));
    rv_frame(&v, p, "13", NS " 41 2c 04 \"nope\""); /* SUBSCRIBE_ANNOUNCES_ERROR, l.2243 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
    }
    rv_frame(&v, p, "14", NS); /* UNSUBSCRIBE_ANNOUNCES, l.1795 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE));
    rv_frame(&v, p, "0d", NS " " TN); /* TRACK_STATUS_REQUEST, l.1728 */
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_STR(v.m.track_name, "video");
    }
    rv_frame(&v, p, "0e", NS " " TN " 00 41 00 09"); /* TRACK_STATUS, l.2170 */
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK)) {
        TF_CHECK_EQ(v.m.done.status_code, 0);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
}

/* Extension headers used below (mt-08 l.2425): even type 0x4 with varint
 * 0x100, odd type 0x4d (= 40 4d) with 3 bytes "abc". 08 counts them (Extension
 * Count 2); 09-10 give their byte length (Extension Headers Length 9). */
static void check_exts(const moqt_object_hdr *o)
{
    TF_CHECK_EQ(o->props.count, 2);
    if (o->props.count == 2) {
        TF_CHECK_EQ(o->props.item[0].type, 4);
        TF_CHECK_EQ(o->props.item[0].value, 0x100);
        TF_CHECK_EQ(o->props.item[1].type, 0x4d);
        TF_CHECK_STR(o->props.item[1].bytes, "abc");
    }
}

#define EXT_08 "02 04 41 00 40 4d 03 \"abc\""
#define EXT_09 "09 04 41 00 40 4d 03 \"abc\""

TF_DRAFT_TEST("wire/review/d08", rv08_data_plane)
{
    if (!in_08_10(p)) {
        return;
    }
    const char *ext = p->draft == 8 ? EXT_08 : EXT_09;
    uint8_t in[256], out[256];
    char hex[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* OBJECT_DATAGRAM 0x1: 08 figure l.2453 (with Object Payload Length, the
     * code's documented choice over the prose l.2467); 09 figure l.2469 (the
     * payload is the rest of the datagram). */
    if (p->draft == 8) {
        snprintf(hex, sizeof hex, "01 25 41 00 05 80 %s 04 \"abcd\"", ext);
    } else {
        snprintf(hex, sizeof hex, "01 25 41 00 05 80 %s \"abcd\"", ext);
    }
    n = tf_unhex(hex, in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.track_alias, 0x25);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.object_id, 5);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    check_exts(&o);
    TF_CHECK_STR(o.payload, "abcd");
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* OBJECT_DATAGRAM_STATUS 0x2: 08 l.2476 has no extensions; 09 l.2490 has.
     * Status 0x5 = End of Track (mt-08 l.2390). */
    if (p->draft == 8) {
        n = tf_unhex("02 25 41 00 05 80 05", in, sizeof in);
    } else {
        snprintf(hex, sizeof hex, "02 25 41 00 05 80 %s 05", ext);
        n = tf_unhex(hex, in, sizeof in);
    }
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    TF_CHECK_EQ(o.object_id, 5);
    if (p->draft != 8) {
        check_exts(&o);
    }
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* SUBGROUP_HEADER 0x4, mt-08 l.2504; object l.2524. */
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
    snprintf(hex, sizeof hex, "09 %s 04", ext);
    n = tf_unhex(hex, in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.payload_len, 4);
    check_exts(&o);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* status object: no extensions, length 0, status 0x3 End of Group */
    n = tf_unhex("0a 00 00 03", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 10);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* FETCH_HEADER, mt-08 l.2615; fetch object l.2625. */
    n = tf_unhex("05 52 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    snprintf(hex, sizeof hex, "41 00 07 09 80 %s 04", ext);
    n = tf_unhex(hex, in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    TF_CHECK_EQ(o.payload_len, 4);
    check_exts(&o);
    e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
}
