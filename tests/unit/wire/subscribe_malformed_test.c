/*
 * SUBSCRIBE family: well-framed messages whose fields break a rule of the draft
 * (filter types, booleans, group order, status codes, name lengths) decode as
 * MOQT_ERR_WIRE_MALFORMED with the rule named, or MOQT_ERR_WIRE_LIMIT where
 * only our own limit is exceeded.
 */
#include "subscribe_support.h"

typedef struct bad_vec {
    unsigned lo, hi;
    uint8_t type;
    const char *rule; /* the rule the payload breaks */
    const char *hex;  /* the payload */
} bad_vec;

#define NSN SUB_NS_HEX " " SUB_NAME_HEX

static const bad_vec bad[] = {
    /* SUBSCRIBE 07-10: Subscribe ID, Track Alias, name, Priority, Group Order, Filter */
    {7, 10, 0x03, "Filter Type 0x0 (mt-07 l.1239)", "01 02 " NSN " 80 02 00 00"},
    {7, 10, 0x03, "Filter Type 0x5 (mt-07 l.1239)", "01 02 " NSN " 80 02 05 00"},
    {9, 10, 0x03, "Filter Type 0x1 undefined in 09-10 (mt-09 l.1297)", "01 02 " NSN " 80 02 01 00"},
    {7, 10, 0x03, "Group Order 0x3 (mt-07 l.1295)", "01 02 " NSN " 80 03 02 00"},
    {7, 7, 0x03, "End Group before Start Group (mt-07 l.1234)",
     "01 02 " NSN " 80 02 04 05 01 04 00 00"},
    {8, 10, 0x03, "End Group before Start Group (mt-08 l.1308)",
     "01 02 " NSN " 80 02 04 05 01 04 00"},
    /* SUBSCRIBE 11 (+ Forward) and 12-14 (no Track Alias); TRACK_STATUS 13-14 alike */
    {11, 11, 0x03, "Forward 2 (mt-11 l.1775)", "01 02 " NSN " 80 02 02 02 00"},
    {11, 11, 0x03, "Filter Type 0x0 (mt-11 l.1712)", "01 02 " NSN " 80 02 01 00 00"},
    {11, 11, 0x03, "Filter Type 0x5 (mt-11 l.1712)", "01 02 " NSN " 80 02 01 05 00"},
    {12, 14, 0x03, "Forward 2 (mt-12 l.1911)", "01 " NSN " 80 02 02 02 00"},
    {12, 14, 0x03, "Forward 0xff (mt-14 l.1986)", "01 " NSN " 80 02 ff 02 00"},
    {12, 14, 0x03, "Group Order 0x3 (mt-12 l.1909)", "01 " NSN " 80 03 01 02 00"},
    {12, 14, 0x03, "Filter Type 0x0 (mt-12 l.1857)", "01 " NSN " 80 02 01 00 00"},
    {12, 14, 0x03, "Filter Type 0x5 (mt-14 l.1931)", "01 " NSN " 80 02 01 05 00"},
    {12, 14, 0x03, "End Group before Start Group (mt-12 l.1854)",
     "01 " NSN " 80 02 01 04 05 01 04 00"},
    {13, 14, 0x0D, "TRACK_STATUS = SUBSCRIBE: Forward 2 (mt-13 l.2735)",
     "01 " NSN " 80 02 02 02 00"},
    {13, 14, 0x0D, "TRACK_STATUS = SUBSCRIBE: Filter Type 0x7 (mt-13 l.2735)",
     "01 " NSN " 80 02 01 07 00"},
    {7, 11, 0x03, "namespace of 0 fields before 17 (mt-07 l.395, mt-11 l.485)",
     "01 02 00 " SUB_NAME_HEX " 80 02 02 00"},
    {12, 16, 0x03, "namespace of 0 fields before 17 (mt-11 l.485)", "01 00 " SUB_NAME_HEX " 00"},

    /* SUBSCRIBE_OK 07-11 and 12-14 (+ Track Alias); TRACK_STATUS_OK 13-14 alike */
    {7, 11, 0x04, "Group Order 0x0 in SUBSCRIBE_OK (mt-07 l.1692)", "01 30 00 00 00"},
    {7, 11, 0x04, "Group Order 0x3 (mt-11 l.1827)", "01 30 03 00 00"},
    {7, 11, 0x04, "ContentExists 2 (mt-07 l.1694)", "01 30 01 02 07 04 00"},
    {12, 14, 0x04, "Group Order 0x0 in SUBSCRIBE_OK (mt-12 l.1972)", "01 02 30 00 00 00"},
    {12, 14, 0x04, "Group Order 0x3 (mt-14 l.2048)", "01 02 30 03 00 00"},
    {12, 14, 0x04, "Content Exists 2 (mt-12 l.1974)", "01 02 30 01 02 07 04 00"},
    {13, 14, 0x0E, "TRACK_STATUS_OK = SUBSCRIBE_OK: Content Exists 0xff (mt-13 l.2751)",
     "01 00 30 01 ff 07 04 00"},
    {13, 14, 0x0E, "TRACK_STATUS_OK = SUBSCRIBE_OK: Group Order 0 (mt-14 l.2792)",
     "01 00 30 00 00 00"},

    /* SUBSCRIBE_UPDATE */
    {7, 7, 0x02, "End Group before Start Group (mt-07 l.1336)", "01 05 01 03 00 80 00"},
    {8, 10, 0x02, "End Group before Start Group (mt-08 l.1412)", "01 05 01 03 80 00"},
    {11, 13, 0x02, "Forward 2 (mt-11 l.1982)", "01 05 01 0a 80 02 00"},
    {14, 14, 0x02, "Forward 2 (mt-14 l.2176)", "04 01 05 01 0a 80 02 00"},
    {14, 14, 0x02, "End Group before Start Group (mt-14 l.2136)", "04 01 05 01 03 80 01 00"},

    /* SUBSCRIBE_DONE 07 */
    {7, 7, 0x0B, "ContentExists 2 (mt-07 l.1834)", "01 02 04 \"done\" 02 07 04"},

    /* TRACK_STATUS reply 07-12 */
    {7, 10, 0x0E, "Status Code 0x05 (mt-07 l.1949)", NSN " 05 00 00"},
    {7, 10, 0x0E, "Status 0x01 with a nonzero group (mt-07 l.1937)", NSN " 01 07 00"},
    {7, 10, 0x0E, "Status 0x02 with a nonzero object (mt-07 l.1940)", NSN " 02 00 01"},
    {11, 12, 0x0E, "Status Code 0x05 (mt-11 l.2506)", "01 05 00 00 00"},
    {11, 12, 0x0E, "Status 0x01 with a nonzero location (mt-11 l.2494)", "01 01 07 04 00"},
};

TF_DRAFT_TEST("wire/subscribe", malformed_vectors)
{
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const bad_vec *v = &bad[i];
        if (p->draft < v->lo || p->draft > v->hi) {
            continue;
        }
        uint8_t buf[256];
        size_t len = sub_vector(p, v->type, v->hex, buf, sizeof(buf));
        moqt_msg m;
        const char *why = NULL;
        moqt_ssize rv = moqt_wire_decode_control(p, buf, len, &m, &why);
        if (rv != MOQT_ERR_WIRE_MALFORMED || why == NULL) {
            tf_fail(__FILE__, __LINE__, "%s: got %lld, want MALFORMED with a reason", v->rule,
                    (long long)rv);
        }
    }
}

/* A SUBSCRIBE whose namespace + name has |name_len| name bytes, framed. */
static size_t subscribe_with_name(const moqt_profile *p, size_t name_len, uint8_t *out, size_t cap)
{
    static uint8_t payload[5000];
    size_t o = 0;
    payload[o++] = 0x01; /* Request ID */
    if (p->draft == 17) {
        payload[o++] = 0x03; /* Required Request ID Delta */
    }
    if (p->draft <= 11) {
        payload[o++] = 0x02; /* Track Alias */
    }
    o += tf_unhex(SUB_NS_HEX, payload + o, sizeof(payload) - o); /* 8 bytes of fields */
    payload[o++] = (uint8_t)(0x40 | (name_len >> 8));            /* 2-byte length, both kinds */
    payload[o++] = (uint8_t)name_len;
    if (p->int_kind != MOQT_INT_QUIC) {
        payload[o - 2] = (uint8_t)(0x80 | (name_len >> 8)); /* vi64 2-byte prefix is 10 */
    }
    memset(payload + o, 'n', name_len);
    o += name_len;
    if (p->draft <= 14) {
        size_t n =
            tf_unhex(p->draft >= 11 ? "80 02 01 02" : "80 02 02", payload + o, sizeof(payload) - o);
        o += n;
    }
    payload[o++] = 0x00; /* no parameters */
    return sub_frame(p, 0x03, payload, o, o, out, cap);
}

/* mt-11 l.491: namespace fields + name at most 4096 bytes; before 11 that is
 * only our own limit. The namespace here has 3 + 5 = 8 bytes. */
TF_DRAFT_TEST("wire/subscribe", full_track_name_limit)
{
    static uint8_t buf[5100];
    moqt_msg m;
    const char *why = NULL;
    size_t len = subscribe_with_name(p, 4096 - 8, buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, len, &m, &why), len);
    TF_CHECK_EQ(m.track_name.len, 4096 - 8);

    len = subscribe_with_name(p, 4096 - 7, buf, sizeof(buf));
    moqt_ssize rv = moqt_wire_decode_control(p, buf, len, &m, &why);
    TF_CHECK_INT(rv, p->draft >= 11 ? MOQT_ERR_WIRE_MALFORMED : MOQT_ERR_WIRE_LIMIT);
    TF_CHECK(why != NULL);

    /* The encoder refuses what the decoder would refuse. */
    static uint8_t name[4096];
    memset(name, 'n', sizeof(name));
    moqt_msg s;
    moqt_msg_init(&s, MOQT_MSG_SUBSCRIBE);
    s.ns = (moqt_namespace)SUB_NS;
    s.track_name = (moqt_bytes){name, 4096 - 8};
    static uint8_t out[5100];
    TF_CHECK(sub_encode(p, &s, out, sizeof(out)) > 0);
    s.track_name.len = 4096 - 7;
    TF_CHECK_INT(sub_encode(p, &s, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
}
