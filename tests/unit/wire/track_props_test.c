/*
 * Track Extensions (16) / Track Properties (17+): values the drafts make a
 * PROTOCOL_VIOLATION are malformed on decode and refused on encode, as the
 * message parameters they replaced are (params.c track_prop_rule).
 */
#include "tf.h"

#include "wire/control.h"
#include "wire/kvp.h"
#include "wire/params.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* SUBSCRIBE_OK under 16 (mt-16 l.2418): Type 0x04, Length(16), Request ID 1,
 * Track Alias 2, 0 Parameters, then Track Extensions (delta-coded KVPs, mt-16
 * l.2425) |ext_hex| (two bytes). */
static moqt_ssize decode_16_subscribe_ok(const char *ext_hex, moqt_msg *m, const char **why)
{
    static uint8_t buf[64];
    char hex[64];
    snprintf(hex, sizeof(hex), "04 00 05 01 02 00 %s", ext_hex);
    size_t n = tf_unhex(hex, buf, sizeof(buf));
    return moqt_wire_decode_control(draft(16), buf, n, m, why);
}

TF_TEST("wire/track_props", out_of_range_values_are_malformed_in_16)
{
    moqt_msg m;
    const char *why = NULL;
    /* Valid: DEFAULT_PUBLISHER_GROUP_ORDER 0x22 = 2, DYNAMIC_GROUPS 0x30 = 1,
     * DELIVERY_TIMEOUT 0x02 = 5. */
    TF_CHECK_INT(decode_16_subscribe_ok("22 02", &m, &why), 8);
    TF_CHECK_INT(m.track_props.count, 1);
    TF_CHECK_INT(decode_16_subscribe_ok("30 01", &m, &why), 8);
    TF_CHECK_INT(decode_16_subscribe_ok("02 05", &m, &why), 8);
    /* mt-16 l.3808: group order outside 1..2 */
    why = NULL;
    TF_CHECK_INT(decode_16_subscribe_ok("22 03", &m, &why), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(why != NULL);
    TF_CHECK_INT(decode_16_subscribe_ok("22 00", &m, &why), MOQT_ERR_WIRE_MALFORMED);
    /* mt-16 l.3819: DYNAMIC_GROUPS above 1 */
    TF_CHECK_INT(decode_16_subscribe_ok("30 02", &m, &why), MOQT_ERR_WIRE_MALFORMED);
    /* mt-16 l.3766: DELIVERY_TIMEOUT of 0 */
    TF_CHECK_INT(decode_16_subscribe_ok("02 00", &m, &why), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/track_props", priority_above_255_is_malformed)
{
    /* SUBSCRIBE_OK 16 with DEFAULT_PUBLISHER_PRIORITY 0x0E = 256 (varint 41 00,
     * mt-16 l.3795 "Priorities above 255 are invalid"). */
    static uint8_t buf[64];
    size_t n = tf_unhex("04 00 06 01 02 00 0e 41 00", buf, sizeof(buf));
    moqt_msg m;
    TF_CHECK_INT(moqt_wire_decode_control(draft(16), buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    n = tf_unhex("04 00 06 01 02 00 0e 40 ff", buf, sizeof(buf));
    TF_CHECK_INT(moqt_wire_decode_control(draft(16), buf, n, &m, NULL), (moqt_ssize)n);
}

TF_DRAFT_TEST("wire/track_props", rules_hold_on_decode_and_encode)
{
    if (!p->has_track_properties) {
        return;
    }
    static const struct {
        uint64_t type, value;
        bool ok16, ok17; /* legal in 16, legal from 17 */
    } cases[] = {
        {0x02, 0, false, true}, /* 17: 0 is "no timeout" (mt-17 l.3936) */
        {0x02, 9, true, true},   {0x0E, 255, true, true}, {0x0E, 256, false, false},
        {0x22, 1, true, true},   {0x22, 3, false, false}, {0x30, 1, true, true},
        {0x30, 2, false, false}, {0x50, 7, true, true}, /* no rule on other types */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bool ok = p->draft == 16 ? cases[i].ok16 : cases[i].ok17;
        moqt_kvp_list l = {0};
        TF_REQUIRE(moqt_kvps_add_int(&l, cases[i].type, cases[i].value) == 0);
        uint8_t buf[32];
        moqt_wr w;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        int wr = moqt_track_props_write(&w, p, &l);
        TF_CHECK_INT(wr, ok ? 0 : MOQT_ERR_UNSUPPORTED);
        /* Decode bytes written without the rule (a peer's). */
        moqt_kvp_cursor c;
        moqt_wr_init(&w, buf, sizeof(buf), p->int_kind);
        moqt_kvp_cursor_init(&c, true, 64);
        TF_REQUIRE(moqt_kvps_write(&w, &c, &l) == 0);
        moqt_rd r;
        moqt_rd_init(&r, buf, (size_t)(w.pos - buf), p->int_kind);
        moqt_kvp_list got;
        TF_CHECK_INT(moqt_track_props_read(&r, p, &got), ok ? 0 : MOQT_ERR_WIRE_MALFORMED);
    }
}
