/*
 * Independent review vectors for draft 16 (mt-16). New in 16: Key-Value-Pair
 * types are deltas from the previous type (l.273-312), for message parameters,
 * setup parameters and extensions alike; REQUEST_ERROR carries a Retry
 * Interval (l.2279); SUBSCRIBE_OK, PUBLISH and FETCH_OK end with Track
 * Extensions (l.2425, l.2539, l.2895); REQUEST_UPDATE (l.2461); NAMESPACE 0x08
 * and NAMESPACE_DONE 0x0E (l.3007, l.3046); PUBLISH_NAMESPACE_DONE / _CANCEL
 * name the request by Request ID (l.3026, l.3065); SUBSCRIBE_NAMESPACE has
 * Subscribe Options (l.3098); FETCH Serialization Flags become a varint with
 * 0x40 Datagram and 0x8C / 0x10C End of Range, no Object Status (l.3625).
 * Parameter numbers: IANA table l.4019-4040.
 */
#include "review_support.h"

#define NS  "02 04 \"live\" 04 \"cam1\""
#define TN  "05 \"video\""
#define D16 moqt_profile_for_draft(16)
/* Track Extensions: DEFAULT_PUBLISHER_PRIORITY 0x0E = 0x80 (delta 0x0e),
 * DYNAMIC_GROUPS 0x30 = 1 (delta 0x22). */
#define TRACK_EXT "0e 40 80 22 01"

static void check_track_ext(const moqt_msg *m)
{
    TF_CHECK_EQ(m->track_props.count, 2);
    if (m->track_props.count == 2) {
        TF_CHECK_EQ(m->track_props.item[0].type, 0x0e);
        TF_CHECK_EQ(m->track_props.item[0].value, 0x80);
        TF_CHECK_EQ(m->track_props.item[1].type, 0x30);
        TF_CHECK_EQ(m->track_props.item[1].value, 1);
    }
}

TF_TEST("wire/review/d16", rv16_setup_and_misc)
{
    const moqt_profile *p = D16;
    rv_vec v;
    /* CLIENT_SETUP (l.2050 figure as 15's): delta types PATH 0x01 (+1),
     * MAX_REQUEST_ID 0x02 (+1), cache 0x04 (+2), AUTHORITY 0x05 (+1),
     * MOQT_IMPLEMENTATION 0x07 (+2). */
    rv_frame(&v, p, "20", "05 01 04 \"/a?b\" 01 52 34 02 44 00 01 07 \"x.org:1\" 02 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_CLIENT_SETUP)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_STR(s->path, "/a?b");
        TF_CHECK_EQ(s->max_request_id, 0x1234);
        TF_CHECK_EQ(s->max_auth_token_cache_size, 0x400);
        TF_CHECK_STR(s->authority, "x.org:1");
        TF_CHECK_STR(s->implementation, "impl");
    }
    rv_frame(&v, p, "21", "02 02 52 34 05 04 \"impl\"");
    if (rv_control(&v, p, MOQT_MSG_SERVER_SETUP)) {
        TF_CHECK_EQ(v.m.setup.max_request_id, 0x1234);
        TF_CHECK_STR(v.m.setup.implementation, "impl");
    }
    rv_frame(&v, p, "10", "0c \"moqt://x.org\"");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_GOAWAY));
    rv_frame(&v, p, "15", "52 36");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_MAX_REQUEST_ID));
    rv_frame(&v, p, "1a", "52 36");
    TF_CHECK(rv_control(&v, p, MOQT_MSG_REQUESTS_BLOCKED));
    /* REQUEST_OK: EXPIRES 0x08 then LARGEST_OBJECT 0x09 (delta 1). */
    rv_frame(&v, p, "07", "52 34 02 08 44 00 01 03 41 00 09");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
    }
    /* REQUEST_ERROR l.2279: Retry Interval 0x4e8. */
    rv_frame(&v, p, "05", "52 34 41 2c 44 e8 04 \"nope\"");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_ERROR)) {
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_EQ(v.m.err.retry_interval_ms, 0x4e8);
        TF_CHECK_STR(v.m.reason, "nope");
    }
}

TF_TEST("wire/review/d16", rv16_subscribe_family)
{
    const moqt_profile *p = D16;
    rv_vec v;
    /* SUBSCRIBE l.2377: DELIVERY_TIMEOUT 0x02, AUTH 0x03 (+1), FORWARD 0x10
     * (+0x0d), SUBSCRIBER_PRIORITY 0x20 (+0x10), FILTER 0x21 (+1),
     * GROUP_ORDER 0x22 (+1). */
    rv_frame(&v, p, "03",
             "52 34 " NS " " TN
             " 06 02 43 e8 01 05 03 00 \"tok\" 0d 01 10 40 80 01 06 04 41 00 05 41 10 01 02");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE)) {
        const moqt_msg_params *pr = &v.m.params;
        TF_CHECK_EQ(pr->delivery_timeout_ms, 1000);
        TF_CHECK_EQ(pr->auth_count, 1);
        TF_CHECK_STR(pr->auth[0].value, "tok");
        TF_CHECK_EQ(pr->forward, 1);
        TF_CHECK_EQ(pr->subscriber_priority, 0x80);
        TF_CHECK_EQ(pr->filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
        TF_CHECK_EQ(pr->filter.end_group, 0x110);
        TF_CHECK_EQ(pr->group_order, 2);
    }
    /* MAX_CACHE_DURATION 0x04 left the message parameters in 16 (IANA
     * l.4019-4027): an unknown message parameter is a protocol violation
     * (mt-16 l.1726). */
    rv_frame(&v, p, "03", "52 34 " NS " " TN " 01 04 44 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    /* SUBSCRIBE_OK l.2418 with Track Extensions. */
    rv_frame(&v, p, "04", "52 34 41 ff 02 08 44 00 01 03 41 00 09 " TRACK_EXT);
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.expires_ms, 0x400);
        TF_CHECK_EQ(v.m.params.largest.object, 9);
        check_track_ext(&v.m);
    }
    /* REQUEST_UPDATE l.2461: FORWARD 0x10, SUBSCRIBER_PRIORITY 0x20 (+0x10),
     * NEW_GROUP_REQUEST 0x32 (+0x12). */
    rv_frame(&v, p, "02", "52 40 52 34 03 10 00 10 10 12 41 01");
    if (rv_control(&v, p, MOQT_MSG_REQUEST_UPDATE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1240);
        TF_CHECK_EQ(v.m.existing_request_id, 0x1234);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x10);
        TF_CHECK_EQ(v.m.params.new_group_request, 0x101);
    }
    rv_frame(&v, p, "0a", "52 34"); /* UNSUBSCRIBE l.2512 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_UNSUBSCRIBE));
    rv_frame(&v, p, "0b", "52 34 05 41 2c 04 \"done\""); /* PUBLISH_DONE l.2634 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_DONE)) {
        TF_CHECK_EQ(v.m.done.stream_count, 0x12c);
    }
    /* TRACK_STATUS = SUBSCRIBE layout without the delivery parameters
     * (l.2956); of the parameters only AUTHORIZATION TOKEN lists TRACK_STATUS
     * (l.1768 vs l.1880-2008), and the encoder drops the others (subscribe.c,
     * documented), so the round trip carries a token. */
    rv_frame(&v, p, "0d", "52 37 " NS " " TN " 01 03 05 03 00 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_TRACK_STATUS)) {
        TF_CHECK_EQ(v.m.request_id, 0x1237);
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
}

TF_TEST("wire/review/d16", rv16_publish_fetch)
{
    const moqt_profile *p = D16;
    rv_vec v;
    /* PUBLISH l.2529: LARGEST 0x09, FORWARD 0x10 (+7); Track Extensions. */
    rv_frame(&v, p, "1d", "52 3a " NS " " TN " 41 ff 02 09 03 41 00 09 07 00 " TRACK_EXT);
    if (rv_control(&v, p, MOQT_MSG_PUBLISH)) {
        TF_CHECK_EQ(v.m.track_alias, 0x1ff);
        TF_CHECK_EQ(v.m.params.largest.group, 0x100);
        TF_CHECK_EQ(v.m.params.forward, 0);
        check_track_ext(&v.m);
    }
    /* PUBLISH_OK l.2578. */
    rv_frame(&v, p, "1e", "52 3a 03 10 01 10 40 80 01 06 04 41 00 05 41 10");
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_OK)) {
        TF_CHECK_EQ(v.m.params.forward, 1);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.filter.type, MOQT_FILTER_ABSOLUTE_RANGE);
    }
    /* FETCH standalone: SUBSCRIBER_PRIORITY 0x20, GROUP_ORDER 0x22 (+2). */
    rv_frame(&v, p, "16", "52 35 01 " NS " " TN " 41 00 02 41 05 09 02 20 40 80 02 02");
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.start.group, 0x100);
        TF_CHECK_EQ(v.m.fetch.end.object, 9);
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0x80);
        TF_CHECK_EQ(v.m.params.group_order, 2);
    }
    rv_frame(&v, p, "16", "52 35 02 52 34 03 00"); /* relative joining */
    if (rv_control(&v, p, MOQT_MSG_FETCH)) {
        TF_CHECK_EQ(v.m.fetch.joining_request_id, 0x1234);
        TF_CHECK_EQ(v.m.fetch.joining_start, 3);
    }
    /* FETCH_OK l.2887 with Track Extensions. */
    rv_frame(&v, p, "18", "52 35 01 41 00 09 00 " TRACK_EXT);
    if (rv_control(&v, p, MOQT_MSG_FETCH_OK)) {
        TF_CHECK_EQ(v.m.fetch.end_of_track, 1);
        TF_CHECK_EQ(v.m.fetch.end_location.group, 0x100);
        check_track_ext(&v.m);
    }
    rv_frame(&v, p, "17", "52 35"); /* FETCH_CANCEL l.2940 */
    TF_CHECK(rv_control(&v, p, MOQT_MSG_FETCH_CANCEL));
}

TF_TEST("wire/review/d16", rv16_namespace_family)
{
    const moqt_profile *p = D16;
    rv_vec v;
    rv_frame(&v, p, "06", "52 38 " NS " 01 03 05 03 00 \"tok\""); /* l.2980 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    rv_frame(&v, p, "08", NS); /* NAMESPACE l.3007: a suffix */
    if (rv_control(&v, p, MOQT_MSG_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "09", "52 38"); /* PUBLISH_NAMESPACE_DONE l.3026 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_DONE)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
    }
    rv_frame(&v, p, "0e", NS); /* NAMESPACE_DONE l.3046 */
    if (rv_control(&v, p, MOQT_MSG_NAMESPACE_DONE)) {
        RV_NS2(&v.m, "live", "cam1");
    }
    rv_frame(&v, p, "0c", "52 38 41 2c 04 \"gone\""); /* _CANCEL l.3065 */
    if (rv_control(&v, p, MOQT_MSG_PUBLISH_NAMESPACE_CANCEL)) {
        TF_CHECK_EQ(v.m.request_id, 0x1238);
        TF_CHECK_EQ(v.m.error_code, 0x12c);
        TF_CHECK_STR(v.m.reason, "gone");
    }
    /* SUBSCRIBE_NAMESPACE l.3093: Subscribe Options 0x01 NAMESPACE (l.3116). */
    rv_frame(&v, p, "11", "52 39 " NS " 01 01 03 05 03 00 \"tok\"");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        RV_NS2(&v.m, "live", "cam1");
        TF_CHECK_EQ(v.m.subscribe_options, MOQT_SUBSCRIBE_OPTIONS_NAMESPACE);
        TF_CHECK_EQ(v.m.params.auth_count, 1);
    }
    /* "Track Namespace Prefix ... with between 0 and 32 Track Namespace
     * Fields" (l.3108): an empty prefix (everything) with options BOTH. */
    rv_frame(&v, p, "11", "52 39 00 02 00");
    if (rv_control(&v, p, MOQT_MSG_SUBSCRIBE_NAMESPACE)) {
        TF_CHECK_EQ(v.m.ns.count, 0);
        TF_CHECK_EQ(v.m.subscribe_options, MOQT_SUBSCRIBE_OPTIONS_BOTH);
    }
    /* Subscribe Options other than 0-2 (l.3116). */
    rv_frame(&v, p, "11", "52 39 " NS " 03 00");
    TF_CHECK_INT(rv_decode_status(&v, p), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_EQ(moqt_profile_msg_type(p, MOQT_MSG_UNSUBSCRIBE_NAMESPACE), 0);
}

/* Extensions (l.3273), delta-coded: 0x4 = 0x100; Immutable Extensions 0x0B
 * (+7) holding {0x2 = 1000, 0x6 (+4) = 7}. */
#define EXT "0a 04 41 00 07 05 02 43 e8 04 07"

static void check_exts(const moqt_object_hdr *o)
{
    TF_CHECK_EQ(o->props.count, 2);
    if (o->props.count == 2) {
        TF_CHECK_EQ(o->props.item[0].type, 4);
        TF_CHECK_EQ(o->props.item[0].value, 0x100);
        TF_CHECK_EQ(o->props.item[1].type, MOQT_PROP_IMMUTABLE);
        moqt_kvp_list inner;
        TF_CHECK_INT(moqt_wire_decode_immutable_props(D16, o->props.item[1].bytes, &inner, NULL),
                     0);
        TF_CHECK_EQ(inner.count, 2);
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

TF_TEST("wire/review/d16", rv16_data_plane)
{
    const moqt_profile *p = D16;
    uint8_t in[256], out[256];
    const char *why = NULL;
    moqt_object_hdr o;
    moqt_ssize e;
    size_t n;

    /* Datagram types l.3329: 0x0D = extensions, no Object ID, no priority. */
    datagram_rt(p, "0d 25 41 00 " EXT " \"abcd\"", &o);
    TF_CHECK(!o.has_priority);
    TF_CHECK_EQ(o.object_id, 0);
    check_exts(&o);
    datagram_rt(p, "20 25 41 00 05 80 04", &o);
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_TRACK);
    /* Status 0x1 (Does Not Exist) is gone in 16 (l.3233). */
    n = tf_unhex("20 25 41 00 05 80 01", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_datagram(p, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);

    /* SUBGROUP_HEADER 0x3D: explicit Subgroup ID, extensions, End of Group,
     * no priority. */
    n = tf_unhex("3d 25 41 00 07", in, sizeof in);
    moqt_subgroup_header h;
    memset(&h, 0, sizeof h);
    TF_CHECK_INT(moqt_wire_decode_subgroup_header(p, in, n, &h, &why), (moqt_ssize)n);
    TF_CHECK_EQ(h.subgroup, 7);
    TF_CHECK(h.has_props);
    TF_CHECK(h.end_of_group);
    TF_CHECK(!h.has_priority);
    e = moqt_wire_encode_subgroup_header(p, &h, out, sizeof out);
    TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    moqt_subgroup_stream rs, ws;
    moqt_subgroup_stream_init(&rs, &h);
    moqt_subgroup_stream_init(&ws, &h);
    static const char *const sobjs[] = {"09 " EXT " 04", "02 00 00 03"};
    static const uint64_t sids[] = {9, 12};
    for (size_t i = 0; i < 2; i++) {
        n = tf_unhex(sobjs[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_subgroup_object(p, &rs, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.object_id, sids[i]);
        e = moqt_wire_encode_subgroup_object(p, &ws, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    TF_CHECK_EQ(o.status, MOQT_OBJECT_END_OF_GROUP);

    /* FETCH objects (l.3625-3690): 0x3F full; 0x01 next object; End of
     * Non-Existent Range 0x8C (= 40 8c) at {0x100, 14}; a Datagram object
     * 0x54 (= 40 54: 0x40 datagram, 0x10 priority, 0x04 Object ID) ID 16,
     * priority 0x81 (neither can be inherited, so the encoder must write
     * them; it counts the End of Range location as "prior", fetch_stream.c). */
    n = tf_unhex("05 52 35", in, sizeof in);
    uint64_t rid = 0;
    TF_CHECK_INT(moqt_wire_decode_fetch_header(p, in, n, &rid, &why), (moqt_ssize)n);
    moqt_fetch_stream fr, fw;
    moqt_fetch_stream_init(&fr, false);
    moqt_fetch_stream_init(&fw, false);
    static const char *const items[] = {"3f 41 00 07 09 80 " EXT " 04", "01 04", "40 8c 41 00 0e",
                                        "40 54 10 81 04"};
    static const moqt_item_kind kinds[] = {MOQT_ITEM_OBJECT, MOQT_ITEM_OBJECT,
                                           MOQT_ITEM_END_OF_NONEXISTENT_RANGE, MOQT_ITEM_OBJECT};
    static const uint64_t ids[] = {9, 10, 14, 16};
    for (size_t i = 0; i < 4; i++) {
        n = tf_unhex(items[i], in, sizeof in);
        moqt_object_hdr_init(&o);
        TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
        TF_CHECK_EQ(o.kind, kinds[i]);
        TF_CHECK_EQ(o.group, 0x100);
        TF_CHECK_EQ(o.object_id, ids[i]);
        if (i == 0) {
            check_exts(&o);
            TF_CHECK_EQ(o.subgroup, 7);
        }
        if (i == 3) {
            TF_CHECK(o.datagram);
            TF_CHECK_EQ(o.publisher_priority, 0x81);
        }
        e = moqt_wire_encode_fetch_object(p, &fw, &o, out, sizeof out);
        TF_CHECK_BYTES(out, e < 0 ? 0 : (size_t)e, in, n);
    }
    /* End of Unknown Range 0x10C (= 41 0c) and an undefined value 0x80. */
    n = tf_unhex("41 0c 41 01 00", in, sizeof in);
    moqt_object_hdr_init(&o);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), (moqt_ssize)n);
    TF_CHECK_EQ(o.kind, MOQT_ITEM_END_OF_UNKNOWN_RANGE);
    TF_CHECK_EQ(o.group, 0x101);
    n = tf_unhex("40 80 41 01 00", in, sizeof in);
    TF_CHECK_INT(moqt_wire_decode_fetch_object(p, &fr, in, n, &o, &why), MOQT_ERR_WIRE_MALFORMED);
}
