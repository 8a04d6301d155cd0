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
