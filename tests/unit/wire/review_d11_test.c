/*
 * Independent review vectors for draft 11 (mt-11). Length(16) framing (mt-11
 * l.1210; the per-message figures still say Length (i), DRAFT-CHANGES §11).
 * Parameters are Key-Value-Pairs (l.310): even type + varint, odd type +
 * length + bytes. AUTHORIZATION TOKEN is 0x01 (l.1336) holding a TOKEN
 * (l.1348): USE_VALUE "03 00 'tok'" (alias type 3, token type 0, value);
 * DELIVERY TIMEOUT 0x02 (l.1434) 1000 = 43 e8; MAX_CACHE_DURATION 0x04
 * (l.1468). Setup: PATH 0x01, MAX_REQUEST_ID 0x02, MAX_AUTH_TOKEN_CACHE_SIZE
 * 0x04 (l.1539-1560).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define TOK "01 05 03 00 \"tok\""
#define DT  "02 43 e8"
#define D11 moqt_profile_for_draft(11)

TF_TEST("wire/review/d11", rv11_setup)
{
    const moqt_profile *p = D11;
    rv_vec v;
    /* CLIENT_SETUP 0x20, mt-11 l.1492. */
    rv_frame(&v, p, "20",
             "02 c0000000ff00000b c0000000ff00000a 03 01 04 \"/a?b\" 02 52 34 04 44 00");
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_EQ(s->version_count, 2);
        TF_CHECK_EQ(s->versions[0], 0xff00000b);
        TF_CHECK_EQ(s->versions[1], 0xff00000a);
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_EQ(s->max_request_id, 0x1234);
        TF_CHECK(s->has & MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE);
        TF_CHECK_EQ(s->max_auth_token_cache_size, 0x400);
    }
    /* SERVER_SETUP 0x21, mt-11 l.1501. */
    rv_frame(&v, p, "21", "c0000000ff00000b 01 02 52 34");
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.selected_version, 0xff00000b);
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
    }
    /* GOAWAY l.1588, MAX_REQUEST_ID l.1618, REQUESTS_BLOCKED l.1650. */
    rv_frame(&v, p, "10", "0c \"moqt://x.org\"");
    if (rv_control(&v, p, MOQT_MSG_GOAWAY)) {
        TF_CHECK_STR(v.m.goaway.new_session_uri, "moqt://x.org");
    }
    rv_frame(&v, p, "15", "52 36");
    if (rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
    rv_frame(&v, p, "1a", "52 36");
    if (rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED)) {
        TF_CHECK_EQ(v.m.max_request_id, 0x1236);
    }
}

TF_TEST("wire/review/d11", rv11_subscribe_family)
{
    const moqt_profile *p = D11;
    rv_vec v;
    /* SUBSCRIBE, mt-11 l.1731: Forward 1, AbsoluteRange (0x4, l.1705). */
    rv_frame(&v, p, "03", "52 34 25 " NS " " TN " 80 02 01 04 41 00 05 41 10 02 " TOK " " DT);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg *m = &v.m;
        TF_CHECK_EQ(m->request_id, 0x1234);
        TF_CHECK_EQ(m->track_alias, 0x25);
        RV_NS2(m, "live", "cam1");
        TF_CHECK_STR(m->track_name, "video");
        TF_CHECK_EQ(m->params.subscriber_priority, 0x80);
        TF_CHECK_EQ(m->params.group_order, 2);
        TF_CHECK_EQ(m->params.forward, 1);
        TF_CHECK_EQ(m->params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(m->params.filter.start.group, 0x100);
        TF_CHECK_EQ(m->params.filter.start.object, 5);
        TF_CHECK_EQ(m->params.filter.end_group, 0x110);
        TF_CHECK_EQ(m->params.auth_count, 1);
        TF_CHECK_EQ(m->params.auth[0].alias_type, MOQT_TOKEN_ALIAS_USE_VALUE);
        TF_CHECK_EQ(m->params.auth[0].token_type, 0);
        TF_CHECK_STR(m->params.auth[0].value, "tok");
        TF_CHECK_EQ(m->params.delivery_timeout_ms, 1000);
    }
    /* Next Group Start (0x1, l.1691), Forward 0, a REGISTER token (alias
     * 0x100, type 2, "xy") plus a USE_ALIAS token (alias 0x100): the token
     * parameter "MAY be repeated" (l.1341). */
    rv_frame(&v, p, "03",
             "01 02 " NS " " TN " 10 01 00 01 02 01 06 01 41 00 02 \"xy\" 01 03 02 41 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_NEXT_GROUP_START);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.auth_count, 2);
        TF_CHECK_EQ(v.m.params.auth[0].alias_type, MOQT_TOKEN_ALIAS_REGISTER);
        TF_CHECK_EQ(v.m.params.auth[0].alias, 0x100);
        TF_CHECK_EQ(v.m.params.auth[0].token_type, 2);
        TF_CHECK_STR(v.m.params.auth[0].value, "xy");
        TF_CHECK_EQ(v.m.params.auth[1].alias_type, MOQT_TOKEN_ALIAS_USE_ALIAS);
        TF_CHECK_EQ(v.m.params.auth[1].alias, 0x100);
    }
    /* Forward 2 is a protocol violation (l.1776). */
    rv_frame(&v, p, "03", "01 02 " NS " " TN " 10 01 02 01 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_OK, mt-11 l.1803: DELIVERY TIMEOUT and MAX_CACHE_DURATION. */
    rv_frame(&v, p, "04", "52 34 44 00 01 01 41 00 09 02 " DT " 04 44 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.group_order, 1);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        TF_CHECK_EQ(v.m.params.delivery_timeout_ms, 1000);
        TF_CHECK_EQ(v.m.params.max_cache_duration_ms, 0x400);
    }
    /* SUBSCRIBE_ERROR, mt-11 l.1845. */
    rv_frame(&v, p, "05", "52 34 06 04 \"busy\" 41 ff");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 6);
        TF_CHECK_STR(v.m.reason, "busy");
        TF_CHECK_EQ(v.m.err.retry_track_alias, 0x1ff);
    }
    /* SUBSCRIBE_UPDATE, mt-11 l.1954: End Group plus 1 (l.1973), Forward. */
    rv_frame(&v, p, "02", "52 34 41 00 05 41 11 40 00 01 " DT);
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.filter.start.group, 0x100);
        TF_CHECK_EQ(v.m.params.filter.start.object, 5);
        TF_CHECK_EQ(v.m.params.filter.end_group, 0x110);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x40);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.delivery_timeout_ms, 1000);
    }
    /* UNSUBSCRIBE l.1996, SUBSCRIBE_DONE l.2046. */
    rv_frame(&v, p, "0a", "52 34");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE));
    rv_frame(&v, p, "0b", "52 34 02 41 2c 04 \"done\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.status_code, 2);
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
        TF_CHECK_STR(v.m.reason, "done");
    }
    /* TRACK_STATUS_REQUEST l.2444, TRACK_STATUS l.2472. */
    rv_frame(&v, p, "0d", "52 37 " NS " " TN " 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_STR(v.m.track_name, "video");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "0e", "52 37 03 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        TF_CHECK_EQ(v.m.done.status_code, 3);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
}

TF_TEST("wire/review/d11", rv11_fetch_family)
{
    const moqt_profile *p = D11;
    rv_vec v;
    /* FETCH standalone, mt-11 l.2180. */
    rv_frame(&v, p, "16", "52 35 80 02 01 " NS " " TN " 41 00 02 41 05 09 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_STANDALONE);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.start.object, 2);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    /* Relative (0x2) and Absolute (0x3) Joining Fetch (l.2138-2146, 2243). */
    rv_frame(&v, p, "16", "52 35 80 01 02 52 34 03 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_RELATIVE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 3);
    }
    rv_frame(&v, p, "16", "52 35 80 01 03 52 34 41 00 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_ABSOLUTE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_start, 0x100);
    }
    /* FETCH_OK l.2298, FETCH_ERROR l.2338, FETCH_CANCEL l.2425. */
    rv_frame(&v, p, "18", "52 35 02 01 41 00 09 00");
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
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
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_CANCEL));
}

TF_TEST("wire/review/d11", rv11_announce_family)
{
    const moqt_profile *p = D11;
    rv_vec v;
    rv_frame(&v, p, "06", "52 38 " NS " 01 " TOK); /* ANNOUNCE l.2525 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "07", "52 38"); /* ANNOUNCE_OK l.2549 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_OK)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
    }
    rv_frame(&v, p, "08", "52 38 04 04 \"nope\""); /* ANNOUNCE_ERROR l.2566 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
        TF_CHECK_EQ(v.m.error_code, 4);
        TF_CHECK_STR(v.m.reason, "nope");
    }
    rv_frame(&v, p, "09", NS); /* UNANNOUNCE l.2634 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE));
    rv_frame(&v, p, "0c", NS " 41 2c 04 \"gone\""); /* ANNOUNCE_CANCEL l.2652 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "gone");
    }
    rv_frame(&v, p, "11", "52 39 " NS " 01 " TOK); /* SUBSCRIBE_ANNOUNCES l.2678 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "12", "52 39"); /* SUBSCRIBE_ANNOUNCES_OK l.2728 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK));
    rv_frame(&v, p, "13", "52 39 41 2c 04 \"nope\""); /* _ERROR l.2746 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR)) {
        TF_CHECK_EQ(v.m.request_id, 0x1239);
        TF_CHECK_EQ(v.m.error_code, 0x12c);
    }
    rv_frame(&v, p, "14", NS); /* UNSUBSCRIBE_ANNOUNCES l.2825 */
    if (rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
}

/* Extension headers as KVPs (mt-11 l.2977): 0x4 = 0x100 and 0x4d = "abc";
 * Extension Headers Length 9. */
#define EXT "09 04 41 00 40 4d 03 \"abc\""

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
    /* o->payload borrowed |in|: do not look at it after return */
    o->payload.base = NULL;
}

TF_TEST("wire/review/d11", rv11_data_plane)
{
    const moqt_profile *p = D11;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* OBJECT_DATAGRAM 0x00 / 0x01 (l.2994, l.3006), OBJECT_DATAGRAM_STATUS
     * 0x02 / 0x03 (l.3022, l.3034); status 0x4 End of Track in 11. */
    datagram_rt(p, "00 25 41 00 05 80 \"abcd\"", &o);
    TF_CHECK_EQ(o.group, 0x100);
    TF_CHECK_EQ(o.object_id, 5);
    TF_CHECK_EQ(o.props.count, 0);
    datagram_rt(p, "01 25 41 00 05 80 " EXT " \"abcd\"", &o);
    check_exts(&o);
    datagram_rt(p, "02 25 41 00 05 80 04", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    datagram_rt(p, "03 25 41 00 05 80 " EXT " 03", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    check_exts(&o);
    /* "Any Object may have extension headers except those with Object Status
     * 'Object Does Not Exist'" (l.2955): 0x1 with extensions is malformed. */
    n = tf_unhex("03 25 41 00 05 80 " EXT " 01", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    /* Type 0x01 with Extension Headers Length 0 is a protocol violation. */
    n = tf_unhex("01 25 41 00 05 80 00 \"abcd\"", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);

    /* SUBGROUP_HEADER 0x0D: Subgroup ID present, extensions (l.3065, l.3094). */
    n = tf_unhex("0d 25 41 00 07 80", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.track_alias, 0x25);
    TF_CHECK_EQ(h.group, 0x100);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_EXPLICIT);
    TF_CHECK(h.has_props);
    TF_CHECK_EQ(h.publisher_priority, 0x80);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    /* object (l.3115): id 9, extensions, length 4 */
    n = tf_unhex("09 " EXT " 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 9);
    TF_CHECK_EQ(o.payload_len, 4);
    check_exts(&o);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    n = tf_unhex("0a 00 00 03", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* SUBGROUP_HEADER 0x0A: no Subgroup ID field, it is the first Object ID;
     * no extensions, so objects have no Extension Headers Length. */
    n = tf_unhex("0a 25 41 00 80", in, sizeof in);
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup_mode, MOQT_SUBGROUP_ID_FIRST_OBJECT);
    TF_CHECK(!h.has_props);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    n = tf_unhex("0c 04", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.object_id, 12);
    TF_CHECK_EQ(o.subgroup, 12);
    TF_CHECK_EQ(o.payload_len, 4);
    e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);

    /* FETCH_HEADER l.3255 and a fetch object l.3265 (always with Extension
     * Headers Length). */
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
    TF_CHECK_EQ(o.payload_len, 4);
    check_exts(&o);
    e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
}
