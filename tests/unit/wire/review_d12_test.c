/*
 * Independent review vectors for draft 12 (mt-12), with a spot check of 13
 * (whose figures are 12's, renamed, except TRACK_STATUS which takes the
 * SUBSCRIBE / SUBSCRIBE_OK / SUBSCRIBE_ERROR layouts, mt-13 l.2735-2764).
 * New in 12: Track Alias moves from SUBSCRIBE to SUBSCRIBE_OK (l.1945),
 * PUBLISH / PUBLISH_OK / PUBLISH_ERROR (l.2257-2352), FETCH Start/End
 * Locations (l.2466), AUTHORIZATION TOKEN becomes parameter 0x03 (l.1450),
 * datagram types 0x00-0x03 with End of Group (l.3314), subgroup header types
 * 0x10-0x1D (l.3419).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define TOK "03 05 03 00 \"tok\""
#define DT  "02 43 e8"
#define EXT "09 04 41 00 40 4d 03 \"abc\""

static bool in_12_13(const moqt_profile *p)
{
    return p->draft == 12 || p->draft == 13;
}

TF_DRAFT_TEST("wire/review/d12", rv12_setup)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    char hex[128];
    /* CLIENT_SETUP 0x20 l.1620: PATH 0x01, MAX_REQUEST_ID 0x02,
     * MAX_AUTH_TOKEN_CACHE_SIZE 0x04 (l.1667-1689). */
    snprintf(hex, sizeof hex, "01 c0000000ff0000%02x 03 01 04 \"/a?b\" 02 52 34 04 44 00",
             p->draft);
    rv_frame(&v, p, "20", hex);
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        TF_CHECK_EQ(v.m.setup.versions[0], 0xff000000u + p->draft);
        TF_CHECK_STR(v.m.setup.path, "/a?b");
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
        TF_CHECK_EQ(v.m.setup.max_auth_token_cache_size, 0x400);
    }
    snprintf(hex, sizeof hex, "c0000000ff0000%02x 01 02 52 34", p->draft);
    rv_frame(&v, p, "21", hex);
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.selected_version, 0xff000000u + p->draft);
    }
    rv_frame(&v, p, "10", "0c \"moqt://x.org\""); /* GOAWAY */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_GOAWAY));
    rv_frame(&v, p, "15", "52 36"); /* MAX_REQUEST_ID l.1761 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID));
    rv_frame(&v, p, "1a", "52 36"); /* REQUESTS_BLOCKED l.1793 */
    if (rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
}

TF_DRAFT_TEST("wire/review/d12", rv12_subscribe_family)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    /* SUBSCRIBE l.1876: no Track Alias any more. */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 80 02 01 04 41 00 05 41 10 02 " DT " " TOK);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1234);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, 2);
        TF_CHECK_EQ(m->params.forward, 1);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
        TF_CHECK_EQ(m->params.auth_count, 1);
        TF_CHECK_STR(m->params.auth[0].value, "tok");
    }
    /* SUBSCRIBE_OK l.1941: Track Alias 0x1ff after the Request ID. */
    rv_frame(&v, p, "04", "52 34 41 ff 44 00 02 01 41 00 09 01 " DT);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.group_order, 2);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        TF_CHECK_EQ(v.m.params.delivery_timeout_ms, 1000);
    }
    /* SUBSCRIBE_ERROR l.1990: no Track Alias. */
    rv_frame(&v, p, "05", "52 34 41 2c 04 \"busy\"");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "busy");
    }
    /* SUBSCRIBE_UPDATE l.2083. */
    rv_frame(&v, p, "02", "52 34 41 00 05 00 40 01 00");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_START);
        TF_CHECK_EQ(v.m.params.filter.start.group, 0x100);
        TF_CHECK_EQ(v.m.params.forward, 1);
    }
    rv_frame(&v, p, "0a", "52 34"); /* UNSUBSCRIBE l.2125 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE));
    rv_frame(&v, p, "0b", "52 34 02 41 2c 04 \"done\""); /* SUBSCRIBE_DONE l.2175 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
    }
}

TF_DRAFT_TEST("wire/review/d12", rv12_track_status)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    if (p->draft == 12) {
        /* TRACK_STATUS_REQUEST l.2736, TRACK_STATUS l.2764. */
        rv_frame(&v, p, "0d", "52 37 " NS " " TN " 01 " TOK);
        if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
            TF_CHECK_EQ(v.m.request_id, 0x1237);
            TF_CHECK_STR(v.m.track_name, "video");
            TF_CHECK_EQ(v.m.params.auth_count, 1);
        }
        rv_frame(&v, p, "0e", "52 37 04 41 00 09 00");
        if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK)) {
            TF_CHECK_EQ(v.m.done.status_code, 4);
            TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        }
        return;
    }
    /* 13: TRACK_STATUS = SUBSCRIBE layout (mt-13 l.2735), TRACK_STATUS_OK =
     * SUBSCRIBE_OK (l.2751), TRACK_STATUS_ERROR 0x0F = SUBSCRIBE_ERROR (l.2764). */
    rv_frame(&v, p, "0d", "52 37 " NS " " TN " 80 02 01 02 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_LARGEST_OBJECT);
    }
    rv_frame(&v, p, "0e", "52 37 41 ff 00 01 01 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
    }
    rv_frame(&v, p, "0f", "52 37 04 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 4);
        TF_CHECK_STR(v.m.reason, "nope");
    }
}

TF_DRAFT_TEST("wire/review/d12", rv12_publish_family)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    /* PUBLISH 0x1D l.2257: alias 0x1ff, order 1, ContentExists 1, Largest
     * {0x100, 9}, Forward 1, AUTHORIZATION TOKEN. */
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 01 01 41 00 09 01 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x123a);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->track_alias, 0x1ff);
        TF_CHECK_EQ(m->params.group_order, 1);
        TF_CHECK(m->params.has & MOQT_P_LARGEST);
        TF_CHECK_EQ(m->params.largest.group, 0x100);
        TF_CHECK_EQ(m->params.largest.object, 9);
        TF_CHECK_EQ(m->params.forward, 1);
        TF_CHECK_EQ(m->params.auth_count, 1);
    }
    /* ContentExists 0: no Largest; Group Order 0 is a protocol error (l.2288). */
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 02 00 00 00");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK(!(v.m.params.has & MOQT_P_LARGEST));
        TF_CHECK_EQ(v.m.params.forward, 0);
    }
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 00 00 00 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* PUBLISH_OK 0x1E l.2312: Forward 1, priority 0x40, order 2,
     * AbsoluteRange {0x100,5}..0x110, DELIVERY TIMEOUT. */
    rv_frame(&v, p, "1e", "52 3a 01 40 02 04 41 00 05 41 10 01 " DT);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x123a);
        TF_CHECK_EQ(m->params.forward, 1);
        TF_CHECK_EQ(m->params.subscriber_priority, 0x40);
        TF_CHECK_EQ(m->params.group_order, 2);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.start.object, 5);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110);
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* PUBLISH_ERROR 0x1F l.2352. */
    rv_frame(&v, p, "1f", "52 3a 41 2c 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x123a);
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "nope");
    }
}

TF_DRAFT_TEST("wire/review/d12", rv12_fetch_family)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    /* FETCH l.2466: Start Location, End Location (plus 1 Object ID, l.2512). */
    rv_frame(&v, p, "16", "52 35 80 02 01 " NS " " TN " 41 00 02 41 05 09 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_STANDALONE);
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.start.object, 2);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
    }
    rv_frame(&v, p, "16", "52 35 80 01 03 52 34 41 00 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_ABSOLUTE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 0x100);
    }
    rv_frame(&v, p, "18", "52 35 01 00 41 00 09 01 04 44 00"); /* FETCH_OK l.2577 */
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.params.group_order, 1);
        TF_CHECK_EQ(v.m.fetch.end_of_track, 0);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        TF_CHECK_EQ(v.m.params.max_cache_duration_ms, 0x400);
    }
    rv_frame(&v, p, "19", "52 35 05 04 \"nope\""); /* FETCH_ERROR l.2625 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_ERROR));
    rv_frame(&v, p, "17", "52 35"); /* FETCH_CANCEL l.2717 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_CANCEL));
}

TF_DRAFT_TEST("wire/review/d12", rv12_announce_family)
{
    if (!in_12_13(p)) {
        return;
    }
    rv_vec v;
    rv_frame(&v, p, "06", "52 38 " NS " 01 " TOK); /* ANNOUNCE l.2817 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "07", "52 38"); /* ANNOUNCE_OK l.2841 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_OK));
    rv_frame(&v, p, "08", "52 38 04 04 \"nope\""); /* ANNOUNCE_ERROR l.2858 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_ERROR));
    rv_frame(&v, p, "09", NS); /* UNANNOUNCE l.2921 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE));
    rv_frame(&v, p, "0c", NS " 41 2c 04 \"gone\""); /* ANNOUNCE_CANCEL l.2939 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
    }
    rv_frame(&v, p, "11", "52 39 " NS " 01 " TOK); /* SUBSCRIBE_ANNOUNCES l.2965 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "12", "52 39"); /* _OK l.3016 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK));
    rv_frame(&v, p, "13", "52 39 41 2c 04 \"nope\""); /* _ERROR l.3034 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR));
    rv_frame(&v, p, "14", NS); /* UNSUBSCRIBE_ANNOUNCES l.3108 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE));
}

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

TF_DRAFT_TEST("wire/review/d12", rv12_data_plane)
{
    if (!in_12_13(p)) {
        return;
    }
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* OBJECT_DATAGRAM 0x00-0x03 (l.3302, table l.3314): 0x03 End of Group +
     * extensions. */
    datagram_rt(p, "03 25 41 00 05 80 " EXT " \"abcd\"", &o);
    TF_CHECK(o.end_of_group);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.object_id, 5);
    check_exts(&o);
    datagram_rt(p, "02 25 41 00 05 80 \"abcd\"", &o);
    TF_CHECK(o.end_of_group);
    TF_CHECK_EQ(o.props.count, 0);
    /* OBJECT_DATAGRAM_STATUS (l.3348): the code takes 0x04-0x05 from the type
     * table over the 0x02-0x03 of the prose (DRAFT-CHANGES §11, datagram.c). */
    datagram_rt(p, "05 25 41 00 05 80 " EXT " 03", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    check_exts(&o);
    datagram_rt(p, "04 25 41 00 05 80 04", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);

    /* SUBGROUP_HEADER 0x1D (l.3400, table l.3419): Subgroup ID present,
     * extensions, contains End of Group. */
    n = tf_unhex("1d 25 41 00 07 80", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK(h.has_props);
    TF_CHECK(h.end_of_group);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_EXPLICIT);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    n = tf_unhex("09 " EXT " 04", in, sizeof in); /* object l.3467 */
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 9);
    check_exts(&o);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* 0x10: Subgroup ID 0, no extensions, no End of Group. */
    n = tf_unhex("10 25 41 00 80", in, sizeof in);
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_ZERO);
    TF_CHECK(!h.has_props);
    TF_CHECK(!h.end_of_group);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    /* 0x16 / 0x0C are not subgroup header types in 12-13. */
    n = tf_unhex("16 25 41 00 80", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), MOQT_ERR_WIRE_MALFORMED);

    /* FETCH_HEADER l.3607 and object l.3618. */
    n = tf_unhex("05 52 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    TF_CHECK_EQ(rid, 0x1235);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    n = tf_unhex("41 00 07 09 80 " EXT " 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.subgroup, 7);
    TF_CHECK_EQ(o.object_id, 9);
    check_exts(&o);
    e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
}
