/* The per-peer compatibility form of 17+ Location parameters
 * (moqt_profile.location_params_length_prefixed, set by the session for
 * @moq/lite peers: STACK.md; mt-17 l.1926 gives the draft's bare form). */
#include "tf.h"

#include "wire/control.h"

static moqt_ssize encode_ok(const moqt_profile *p, uint8_t *buf, size_t cap)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE_OK);
    m.track_alias = 7;
    m.params.has = MOQT_P_LARGEST;
    m.params.largest = (moqt_location){300, 2};
    return moqt_wire_encode_control(p, &m, buf, cap);
}

TF_DRAFT_TEST("wire/params_compat", length_prefixed_location_round_trip)
{
    if (p->param_encoding != MOQT_PARAMS_TYPED) {
        return;
    }
    moqt_profile quirk = *p;
    quirk.location_params_length_prefixed = true;
    uint8_t spec[64], lite[64];
    moqt_ssize ns = encode_ok(p, spec, sizeof spec);
    moqt_ssize nl = encode_ok(&quirk, lite, sizeof lite);
    TF_REQUIRE(ns > 0 && nl == ns + 1);
    /* SUBSCRIBE_OK 17+ (mt-17 l.2621): Type 04, Length(16), Track Alias 07,
     * one parameter: LARGEST_OBJECT 09, length 03, Location 81 2c 02 (300 is a
     * 2-byte vi64), then no Track Properties. */
    uint8_t want[16];
    size_t wn = tf_unhex("04 00 07 07 01 09 03 81 2c 02", want, sizeof want);
    TF_CHECK_BYTES(lite, (size_t)nl, want, wn);
    moqt_msg m;
    TF_CHECK_INT(moqt_wire_decode_control(&quirk, lite, (size_t)nl, &m, NULL), nl);
    TF_CHECK_EQ(m.params.largest.group, 300);
    TF_CHECK_EQ(m.params.largest.object, 2);
    /* the two forms are not interchangeable */
    TF_CHECK(moqt_wire_decode_control(p, lite, (size_t)nl, &m, NULL) < 0);
    TF_CHECK(moqt_wire_decode_control(&quirk, spec, (size_t)ns, &m, NULL) < 0);
    /* a length that does not hold exactly one Location is malformed: length
     * 04 over 81 2c 02 00, with the message Length grown by the extra byte */
    lite[6] = 0x04;
    uint8_t longer[64];
    memcpy(longer, lite, (size_t)nl);
    longer[nl] = 0;
    longer[2] = (uint8_t)(longer[2] + 1);
    TF_CHECK_INT(moqt_wire_decode_control(&quirk, longer, (size_t)nl + 1, &m, NULL),
                 MOQT_ERR_WIRE_MALFORMED);
}

/* The per-peer form of 17+ uint8 parameters (moqt_profile.uint8_params_as_varint,
 * @moq/lite: it reads SUBSCRIBER_PRIORITY, FORWARD and GROUP_ORDER as vi64
 * integers; mt-17 l.2166 makes them single bytes). */
static moqt_ssize encode_subscribe(const moqt_profile *p, uint8_t prio, uint8_t *buf, size_t cap)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_SUBSCRIBE);
    m.request_id = 1;
    m.ns.count = 1;
    m.ns.field[0] = (moqt_bytes){(const uint8_t *)"a", 1};
    m.track_name = (moqt_bytes){(const uint8_t *)"t", 1};
    m.params.has = MOQT_P_SUBSCRIBER_PRIORITY;
    m.params.subscriber_priority = prio;
    return moqt_wire_encode_control(p, &m, buf, cap);
}

TF_DRAFT_TEST("wire/params_compat", uint8_params_as_varint_round_trip)
{
    if (p->param_encoding != MOQT_PARAMS_TYPED) {
        return;
    }
    moqt_profile quirk = *p;
    quirk.uint8_params_as_varint = true;
    uint8_t spec[64], lite[64];
    moqt_ssize ns = encode_subscribe(p, 128, spec, sizeof spec);
    moqt_ssize nl = encode_subscribe(&quirk, 128, lite, sizeof lite);
    TF_REQUIRE(ns > 0 && nl == ns + 1); /* 128 is a 2-byte vi64 */
    if (p->draft == 17) {
        /* SUBSCRIBE 17 (mt-17 l.2578): Type 03, Length(16) 11, Request ID 01,
         * Required Request ID Delta 00, namespace 01 01 "a", name 01 "t", one
         * parameter: SUBSCRIBER_PRIORITY 20 as the integer 128 = 80 80. */
        uint8_t want[32];
        size_t wn = tf_unhex("03 00 0b 01 00 01 01 61 01 74 01 20 80 80", want, sizeof want);
        TF_CHECK_BYTES(lite, (size_t)nl, want, wn);
    }
    moqt_msg m;
    TF_CHECK_INT(moqt_wire_decode_control(&quirk, lite, (size_t)nl, &m, NULL), nl);
    TF_CHECK_EQ(m.params.subscriber_priority, 128);
    /* the spec's single byte 0x80 is not a whole integer for the peer form */
    TF_CHECK(moqt_wire_decode_control(&quirk, spec, (size_t)ns, &m, NULL) < 0);
    /* below 128 both forms are the same bytes */
    ns = encode_subscribe(p, 5, spec, sizeof spec);
    nl = encode_subscribe(&quirk, 5, lite, sizeof lite);
    TF_CHECK_BYTES(lite, (size_t)nl, spec, (size_t)ns);
}
