/*
 * Independent review vectors for draft 14 (mt-14). New in 14: PUBLISH_DONE /
 * PUBLISH_NAMESPACE* names, SUBSCRIBE_UPDATE carries its own Request ID and
 * the Subscription Request ID (l.2146), FETCH in Standalone / Joining
 * sub-structures (l.2407; same bytes), datagram types 0x00-0x07 and 0x20-0x21
 * (l.3273), Object ID Delta on subgroup streams (l.3429), Immutable
 * Extensions 0x0B (l.3686), AUTHORITY setup parameter 0x05 (l.1715).
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define TOK "03 05 03 00 \"tok\""
#define DT  "02 43 e8"
#define D14 moqt_profile_for_draft(14)
/* Extensions: 0x4 = 0x100, Immutable Extensions 0x0B holding {0x2 = 1000,
 * 0x6 = 7}: Extension Headers Length 10. */
#define EXT "0a 04 41 00 0b 05 02 43 e8 06 07"

TF_TEST("wire/review/d14", rv14_setup)
{
    const moqt_profile *p = D14;
    rv_vec v;
    /* CLIENT_SETUP l.1668: PATH 0x01, MAX_REQUEST_ID 0x02, cache size 0x04,
     * AUTHORITY 0x05 (client only, l.1717). */
    rv_frame(&v, p, "20",
             "01 c0000000ff00000e 04 01 04 \"/a?b\" 02 52 34 04 44 00 05 07 \"x.org:1\"");
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_EQ(s->versions[0], 0xff00000e);
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_EQ(s->max_request_id, 0x1234);
        TF_CHECK_EQ(s->max_auth_token_cache_size, 0x400);
        TF_CHECK(s->has & MOQT_S_AUTHORITY);
        TF_CHECK_STR(s->authority, "x.org:1");
    }
    /* SERVER_SETUP l.1677. MOQT_IMPLEMENTATION shares 0x05 with AUTHORITY in
     * 14 (l.1780, DRAFT-CHANGES §11); setup.c reads 0x05 from a server as the
     * implementation and writes it as 15's 0x07 (documented choices at
     * setup.c's head); our vectors follow: 0x05 decodes, 0x07 round-trips. */
    rv_frame(&v, p, "21", "c0000000ff00000e 02 02 52 34 05 04 \"impl\"");
    TF_CHECK_INT(rv_decode_status(&v, p), (moqt_ssize)v.len);
    TF_CHECK(v.m.setup.has & MOQT_S_IMPLEMENTATION);
    TF_CHECK_STR(v.m.setup.implementation, "impl");
    rv_frame(&v, p, "21", "c0000000ff00000e 02 02 52 34 07 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.selected_version, 0xff00000e);
        TF_CHECK_STR(v.m.setup.implementation, "impl");
    }
    rv_frame(&v, p, "10", "0c \"moqt://x.org\""); /* GOAWAY l.1805 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_GOAWAY));
    rv_frame(&v, p, "15", "52 36"); /* MAX_REQUEST_ID l.1835 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID));
    rv_frame(&v, p, "1a", "52 36"); /* REQUESTS_BLOCKED l.1867 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED));
}

TF_TEST("wire/review/d14", rv14_subscribe_family)
{
    const moqt_profile *p = D14;
    rv_vec v;
    /* SUBSCRIBE l.1951. */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 80 02 01 03 41 00 05 02 " DT " " TOK);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1234);
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_START);
        TF_CHECK_EQ(v.m.params.filter.start.group, 0x100);
        TF_CHECK_EQ(v.m.params.filter.start.object, 5);
        TF_CHECK_EQ(v.m.params.delivery_timeout_ms, 1000);
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    /* SUBSCRIBE_OK l.2017. */
    rv_frame(&v, p, "04", "52 34 41 ff 44 00 02 01 41 00 09 01 04 44 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        TF_CHECK_EQ(v.m.params.max_cache_duration_ms, 0x400);
    }
    /* SUBSCRIBE_ERROR l.2066. */
    rv_frame(&v, p, "05", "52 34 41 2c 04 \"busy\"");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_ERROR));
    /* SUBSCRIBE_UPDATE l.2146: Request ID 0x1240, Subscription Request ID
     * 0x1234, Start {0x100,5}, End Group+1 0x111, priority 0x40, Forward 1. */
    rv_frame(&v, p, "02", "52 40 52 34 41 00 05 41 11 40 01 01 " DT);
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1240);
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(v.m.params.filter.end_group, 0x110);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x40);
        TF_CHECK_EQ(v.m.params.forward, 1);
    }
    rv_frame(&v, p, "0a", "52 34"); /* UNSUBSCRIBE l.2192 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE));
    /* PUBLISH_DONE l.2241. */
    rv_frame(&v, p, "0b", "52 34 05 41 2c 04 \"done\"");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.status_code, 5);
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
        TF_CHECK_STR(v.m.reason, "done");
    }
    /* TRACK_STATUS / _OK / _ERROR keep 13's SUBSCRIBE layouts (l.2776-2805). */
    rv_frame(&v, p, "0d", "52 37 " NS " " TN " 80 02 01 02 00");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_TRACK_STATUS));
    rv_frame(&v, p, "0e", "52 37 41 ff 00 01 00 00");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_TRACK_STATUS_OK));
    rv_frame(&v, p, "0f", "52 37 04 04 \"nope\"");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_TRACK_STATUS_ERROR));
}

TF_TEST("wire/review/d14", rv14_publish_fetch)
{
    const moqt_profile *p = D14;
    rv_vec v;
    /* PUBLISH l.2309 / PUBLISH_OK l.2368 / PUBLISH_ERROR l.2407. */
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 02 01 41 00 09 00 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.group_order, 2);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.forward, 0);
    }
    rv_frame(&v, p, "1e", "52 3a 00 40 01 01 00");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x40);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_NEXT_GROUP_START);
    }
    rv_frame(&v, p, "1f", "52 3a 41 2c 04 \"nope\"");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_ERROR));
    /* FETCH l.2465 with Standalone Fetch l.2455. */
    rv_frame(&v, p, "16", "52 35 80 02 01 " NS " " TN " 41 00 02 41 05 09 01 " TOK);
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end.group, 0x105);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
    }
    rv_frame(&v, p, "16", "52 35 80 01 02 52 34 03 00"); /* Joining Fetch */
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.fetch_type, MOQT_FETCH_RELATIVE_JOINING);
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 3);
    }
    rv_frame(&v, p, "18", "52 35 02 01 41 00 09 00"); /* FETCH_OK l.2508 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_OK));
    rv_frame(&v, p, "19", "52 35 05 04 \"nope\""); /* FETCH_ERROR l.2547 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_ERROR));
    rv_frame(&v, p, "17", "52 35"); /* FETCH_CANCEL l.2637 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_CANCEL));
}

TF_TEST("wire/review/d14", rv14_namespace_family)
{
    const moqt_profile *p = D14;
    rv_vec v;
    rv_frame(&v, p, "06", "52 38 " NS " 01 " TOK); /* PUBLISH_NAMESPACE l.2818 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE));
    rv_frame(&v, p, "07", "52 38"); /* _OK l.2842 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_OK));
    rv_frame(&v, p, "08", "52 38 04 04 \"nope\""); /* _ERROR l.2859 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_ERROR));
    rv_frame(&v, p, "09", NS); /* _DONE l.2911 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE));
    rv_frame(&v, p, "0c", NS " 41 2c 04 \"gone\""); /* _CANCEL l.2929 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "gone");
    }
    rv_frame(&v, p, "11", "52 39 " NS " 01 " TOK); /* SUBSCRIBE_NAMESPACE l.2956 */
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "12", "52 39"); /* _OK l.3008 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_OK));
    rv_frame(&v, p, "13", "52 39 41 2c 04 \"nope\""); /* _ERROR l.3026 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR));
    rv_frame(&v, p, "14", NS); /* UNSUBSCRIBE_NAMESPACE l.3086 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE));
}

static void check_exts(const moqt_object_hdr *o)
{
    TF_CHECK_EQ(o->props.count, 2);
    if (o->props.count == 2) {
        TF_CHECK_EQ(o->props.item[0].type, 4);
        TF_CHECK_EQ(o->props.item[0].value, 0x100);
        TF_CHECK_EQ(o->props.item[1].type, MOQT_PROP_IMMUTABLE);
        moqt_kvp_list inner;
        TF_CHECK_INT(moqt_wire_decode_immutable_props(D14, o->props.item[1].bytes, &inner, NULL),
                     0);
        TF_CHECK_EQ(inner.count, 2);
        TF_CHECK_EQ(inner.item[0].type, 2);
        TF_CHECK_EQ(inner.item[0].value, 1000);
        TF_CHECK_EQ(inner.item[1].type, 6);
        TF_CHECK_EQ(inner.item[1].value, 7);
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

TF_TEST("wire/review/d14", rv14_data_plane)
{
    const moqt_profile *p = D14;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* OBJECT_DATAGRAM table l.3298. 0x07: End of Group, extensions, no
     * Object ID (it is 0). */
    datagram_rt(p, "07 25 41 00 80 " EXT " \"abcd\"", &o);
    TF_CHECK(o.end_of_group);
    TF_CHECK_EQ(o.object_id, 0);
    TF_CHECK_EQ(o.publisher_priority, 0x80);
    check_exts(&o);
    /* 0x01: Object ID 5, extensions. */
    datagram_rt(p, "01 25 41 00 05 80 " EXT " \"abcd\"", &o);
    TF_CHECK(!o.end_of_group);
    TF_CHECK_EQ(o.object_id, 5);
    /* 0x20: status (End of Track 0x4) instead of payload; 0x21 with exts. */
    datagram_rt(p, "20 25 41 00 05 80 04", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    datagram_rt(p, "21 25 41 00 05 80 " EXT " 03", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
    check_exts(&o);
    /* 0x08 and 0x22 are not 14 datagram types. */
    n = tf_unhex("08 25 41 00 05 80 \"abcd\"", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
    n = tf_unhex("22 25 41 00 05 80 03", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);

    /* SUBGROUP_HEADER 0x15 (l.3363; example l.3598): Subgroup ID present,
     * extensions. Objects use Object ID Delta (l.3429): first object ID 9 =>
     * delta 9; next ID 10 => delta 0; then ID 14 => delta 3. */
    n = tf_unhex("15 25 41 00 07 80", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK(h.has_props);
    TF_CHECK(!h.end_of_group);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    static const char *const objs[] = {"09 " EXT " 04", "00 00 04", "03 00 00 03"};
    static const uint64_t ids[] = {9, 10, 14};
    for (size_t i = 0; i < 3; i++) {
        n = tf_unhex(objs[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.object_id, ids[i]);
        if (i == 0) {
            check_exts(&o);
        }
        if (i == 2) {
            TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);
        }
        e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }

    /* FETCH_HEADER l.3561 and object l.3572 (absolute IDs). */
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
