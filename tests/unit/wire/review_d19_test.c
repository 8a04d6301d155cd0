/*
 * Independent review vectors for draft 19 (mt-19). As 18, except: GOAWAY has
 * no Request ID again (l.3009 figure), 0x1E is reserved (l.2341),
 * PUBLISH_SKIPPED 0x0F replaces PUBLISH_BLOCKED (l.3999), the filter is the
 * LOCATION_FILTER 0x21 (l.1539) and the Range Filters 0x25-0x29 (l.1595-1640,
 * repeatable, kept raw by the model), setup options MAX_FILTER_RANGES 0x06
 * and MAX_REQUEST_UPDATES 0x08 (l.2943, l.2951; IANA l.5221), and the data
 * plane types are written (vi64) (l.4177).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define TOK "03 05 03 00 \"tok\""
#define D19 moqt_profile_for_draft(19)

TF_TEST("wire/review/d19", rv19_setup_and_misc)
{
    const moqt_profile *p = D19;
    rv_vec v;
    /* SETUP: PATH 0x01, cache 0x04 (+3), AUTHORITY 0x05 (+1),
     * MAX_FILTER_RANGES 0x06 (+1) = 8, MOQT_IMPLEMENTATION 0x07 (+1),
     * MAX_REQUEST_UPDATES 0x08 (+1) = 0x10. */
    rv_frame(&v, p, "af 00",
             "01 04 \"/a?b\" 03 84 00 01 07 \"x.org:1\" 01 08 01 04 \"impl\" 01 10");
    if (rv_control(&v, p, MOQT_MSG_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_STR(s->authority, "x.org:1");
        TF_CHECK(s->has & MOQT_S_MAX_FILTER_RANGES);
        TF_CHECK_EQ(s->max_filter_ranges, 8);
        TF_CHECK_STR(s->implementation, "impl");
        TF_CHECK(s->has & MOQT_S_MAX_REQUEST_UPDATES);
        TF_CHECK_EQ(s->max_request_updates, 0x10);
    }
    /* GOAWAY l.3009: URI and Timeout only. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\" 84 00");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_EQ(v.m.goaway.timeout_ms, 0x400);
        TF_CHECK(!v.m.goaway.has_request_id);
    }
    rv_frame(&v, p, "10", "0c \"moqt://x.org\" 84 00 92 34");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* 0x1E is reserved in 19. */
    rv_frame(&v, p, "1e", "00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* REQUEST_OK / REQUEST_ERROR (l.3051, l.3110). */
    rv_frame(&v, p, "07", "01 09 81 00 09");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
    }
    rv_frame(&v, p, "05", "81 2c 84 e8 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_EQ(v.m.err.retry_interval_ms, 0x4e8);
    }
}

TF_TEST("wire/review/d19", rv19_subscribe_with_range_filters)
{
    const moqt_profile *p = D19;
    rv_vec v;
    /* SUBSCRIBE l.3244: SUBSCRIBER_PRIORITY 0x20 = 0x80 (uint8);
     * LOCATION_FILTER 0x21 (+1); SUBGROUP_FILTER 0x25 (+4) SetID 1, ranges
     * 3-5 and 10-15 as deltas 03 02 05 05 (the l.1608 example); a second
     * SUBGROUP_FILTER (+0) SetID 2, range 7-8; OBJECTID_FILTER 0x26 (+1) SetID
     * 0 from 9 with no end. */
    rv_frame(&v, p, "03",
             "92 34 " NS " " TN
             " 05 20 80 01 05 04 81 00 05 10 04 05 01 03 02 05 05 00 03 02 07 01 01 02 00 09");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(pr->subscriber_priority, 0x80);
        TF_CHECK_EQ(pr->filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(pr->filter.end_group, 0x110);
        TF_CHECK_EQ(pr->other.count, 3);
        if (pr->other.count == 3) {
            uint8_t want[8];
            TF_CHECK_EQ(pr->other.item[0].type, 0x25);
            size_t wn = tf_unhex("01 03 02 05 05", want, sizeof want);
            TF_CHECK_BYTES(pr->other.item[0].bytes.base, pr->other.item[0].bytes.len, want, wn);
            TF_CHECK_EQ(pr->other.item[1].type, 0x25);
            TF_CHECK_EQ(pr->other.item[2].type, 0x26);
            wn = tf_unhex("00 09", want, sizeof want);
            TF_CHECK_BYTES(pr->other.item[2].bytes.base, pr->other.item[2].bytes.len, want, wn);
        }
    }
    /* SUBSCRIBE_OK l.3276 with Track Properties. */
    rv_frame(&v, p, "04", "81 ff 01 08 84 00 0e 80 80");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.track_props.count, 1);
    }
    /* REQUEST_UPDATE l.3320: a zero-Length SUBGROUP_FILTER removes it
     * (l.1628). */
    rv_frame(&v, p, "02", "92 40 02 10 00 15 00");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.other.count, 1);
        TF_CHECK_EQ(v.m.params.other.item[0].bytes.len, 0);
    }
    /* PUBLISH_DONE l.3468, TRACK_STATUS l.3768. */
    rv_frame(&v, p, "0b", "05 81 2c 04 \"done\"");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_DONE));
    rv_frame(&v, p, "0d", "92 37 " NS " " TN " 01 " TOK);
    TF_CHECK(rv_control(&v, p, MOQT_MSG_TRACK_STATUS));
}

TF_TEST("wire/review/d19", rv19_publish_fetch_namespace)
{
    const moqt_profile *p = D19;
    rv_vec v;
    rv_frame(&v, p, "1d", "92 3a " NS " " TN " 81 ff 01 10 01"); /* PUBLISH l.3390 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.forward, 1);
    }
    /* FETCH l.3649 with FILL_TIMEOUT and an OBJECTID_FILTER. */
    rv_frame(&v, p, "16", "92 35 01 " NS " " TN " 81 00 02 81 05 09 02 0a 84 00 1c 02 00 09");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.params.fill_timeout_ms, 0x400);
        TF_CHECK_EQ(v.m.params.other.count, 1);
    }
    rv_frame(&v, p, "18", "01 81 00 09 00"); /* FETCH_OK l.3730 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_OK));
    rv_frame(&v, p, "06", "92 38 " NS " 01 " TOK); /* PUBLISH_NAMESPACE l.3794 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE));
    rv_frame(&v, p, "08", NS); /* NAMESPACE l.3821 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_NAMESPACE));
    rv_frame(&v, p, "0e", NS); /* NAMESPACE_DONE l.3842 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_NAMESPACE_DONE));
    rv_frame(&v, p, "50", "92 39 " NS " 00"); /* SUBSCRIBE_NAMESPACE l.3861 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE));
    /* SUBSCRIBE_TRACKS l.3924 with a TRACK_PROPERTY_FILTER 0x29: SetID 0,
     * Property Type 0x0e, ranges from 0x80 (80 80) open-ended. */
    rv_frame(&v, p, "51", "92 3b " NS " 01 29 04 00 0e 80 80");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_TRACKS)) {
        TF_CHECK_EQ(v.m.params.other.count, 1);
        TF_CHECK_EQ(v.m.params.other.item[0].type, 0x29);
    }
    /* PUBLISH_SKIPPED 0x0F l.3999. */
    rv_frame(&v, p, "0f", NS " " TN);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_SKIPPED)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
    }
}

TF_TEST("wire/review/d19", rv19_data_plane)
{
    const moqt_profile *p = D19;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* OBJECT_DATAGRAM (l.4177) 0x2C: status, no Object ID, no priority. */
    n = tf_unhex("2c 25 81 00 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.object_id, 0);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    e = moqt_wire_encode_datagram(p, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* SUBGROUP_HEADER 0x52 (l.4272, bits l.4297): FIRST_OBJECT, Subgroup ID =
     * first Object ID, priority present; objects with Object ID Delta. */
    n = tf_unhex("52 25 81 00 80", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK(h.first_object);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_FIRST_OBJECT);
    TF_CHECK_EQ(h.publisher_priority, 0x80);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    static const char *const objs[] = {"81 00 04", "00 00 03"};
    static const uint64_t ids[] = {0x100, 0x101};
    for (size_t i = 0; i < 2; i++) {
        n = tf_unhex(objs[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.object_id, ids[i]);
        TF_CHECK_EQ(o.subgroup, 0x100);
        e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);

    /* FETCH header and one object with deltas (l.4473, l.4485). */
    n = tf_unhex("05 92 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    static const char *const items[] = {"1f 81 00 07 09 80 04", "0e 01 02 04"};
    static const uint64_t grp[] = {0x100, 0x102}, obj[] = {9, 2};
    for (size_t i = 0; i < 2; i++) {
        n = tf_unhex(items[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.group, grp[i]);
        TF_CHECK_EQ(o.object_id, obj[i]);
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.subgroup, 8); /* 0x02: prior Subgroup ID plus one */
}
