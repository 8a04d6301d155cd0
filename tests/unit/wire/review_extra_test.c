/*
 * Independent review vectors that cut across drafts: the setup AUTHORIZATION
 * TOKEN (0x03 from 12, mt-12 l.1701 "See authorization-token"; mt-17 l.2692
 * option 0x03) and integers at the top of each draft's range (QUIC varint
 * 2^62-1, vi64 2^64-1).
 */
#include "review_support.h"

#define NS "02 04 \"live\" 04 \"cam1\""
#define TN "05 \"video\""

TF_DRAFT_TEST("wire/review/extra", rv_setup_auth_token)
{
    if (p->draft < 12) {
        return;
    }
    rv_vec v;
    char hex[128];
    moqt_msg_kind kind = MOQT_MSG_CLIENT_SETUP;
    /* A REGISTER token: Alias Type 1, alias 0x100, Token Type 2, "xy". */
    if (p->draft <= 14) {
        snprintf(hex, sizeof hex, "01 c0000000ff0000%02x 01 03 06 01 41 00 02 \"xy\"", p->draft);
        rv_frame(&v, p, "20", hex);
    } else if (p->draft <= 16) {
        rv_frame(&v, p, "20", "01 03 06 01 41 00 02 \"xy\"");
    } else {
        kind = MOQT_MSG_SETUP;
        rv_frame(&v, p, "af 00", "03 06 01 81 00 02 \"xy\"");
    }
    if (rv_control(&v, p, kind)) {
        const moqt_setup_fields *s = &v.m.setup;
        TF_CHECK_EQ(s->auth_count, 1);
        TF_CHECK_EQ(s->auth[0].alias_type, MOQT_TOKEN_ALIAS_REGISTER);
        TF_CHECK_EQ(s->auth[0].alias, 0x100);
        TF_CHECK_EQ(s->auth[0].token_type, 2);
        TF_CHECK_STR(s->auth[0].value, "xy");
    }
}

TF_TEST("wire/review/extra", rv_integer_extremes)
{
    rv_vec v;
    /* 07 SUBSCRIBE_OK (mt-07 l.1667): Expires and Largest Group 2^62-1 (the
     * 8-byte QUIC varint ff..ff), priority-free; Group Order 2. */
    const moqt_profile *p7 = moqt_profile_for_draft(7);
    rv_frame(&v, p7, "04", "52 34 ff ff ff ff ff ff ff ff 02 01 ff ff ff ff ff ff ff ff 3f 00");
    if (rv_control(&v, p7, MOQT_MSG_SUBSCRIBE_OK)) {
        TF_CHECK_EQ(v.m.params.expires_ms, 0x3fffffffffffffffull);
        TF_CHECK_EQ(v.m.params.largest.group, 0x3fffffffffffffffull);
        TF_CHECK_EQ(v.m.params.largest.object, 0x3f);
    }
    /* 17 REQUEST_OK (mt-17 l.2455): LARGEST_OBJECT {2^64-1, 2^64-1} as 9-byte
     * vi64s (mt-17 l.281). */
    const moqt_profile *p17 = moqt_profile_for_draft(17);
    rv_frame(&v, p17, "07", "01 09 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
    if (rv_control(&v, p17, MOQT_MSG_REQUEST_OK)) {
        TF_CHECK_EQ(v.m.params.largest.group, UINT64_MAX);
        TF_CHECK_EQ(v.m.params.largest.object, UINT64_MAX);
    }
    /* 14 SUBSCRIBE (mt-14 l.1951): Subscriber Priority 0xff, Forward 0,
     * AbsoluteStart {2^62-1, 0}. */
    const moqt_profile *p14 = moqt_profile_for_draft(14);
    rv_frame(&v, p14, "03", "52 34 " NS " " TN " ff 01 00 03 ff ff ff ff ff ff ff ff 00 00");
    if (rv_control(&v, p14, MOQT_MSG_SUBSCRIBE)) {
        TF_CHECK_EQ(v.m.params.subscriber_priority, 0xff);
        TF_CHECK_EQ(v.m.params.forward, 0);
        TF_CHECK_EQ(v.m.params.filter.start.group, 0x3fffffffffffffffull);
    }
}

/* Prior Group ID Gap: 0x40 in 11-13 (mt-11 l.3350, mt-12 l.3703, mt-13
 * l.3663), 0x3C from 14 (mt-14 l.3658 .. mt-19 l.4823); Prior Object ID Gap
 * 0x3E from 14 (mt-14 l.3730 .. mt-19 l.4857); neither before 11 / 14. */
TF_DRAFT_TEST("wire/review/extra", rv_gap_property_types)
{
    uint64_t want_group = p->draft < 11 ? 0 : p->draft <= 13 ? 0x40 : 0x3C;
    uint64_t want_object = p->draft < 14 ? 0 : 0x3E;
    TF_CHECK_EQ(moqt_prop_prior_group_gap_type(p), want_group);
    TF_CHECK_EQ(moqt_prop_prior_object_gap_type(p), want_object);
}
