/*
 * SUBSCRIBE family encoders: the defaults written for fixed fields the model
 * leaves unset, the values a draft drops silently ("lossy"), the values it
 * refuses (MOQT_ERR_UNSUPPORTED), messages moved between drafts, and
 * MOQT_ERR_NOBUF for every short buffer. The decisions are listed in the
 * header of src/wire/subscribe.c.
 */
#include "subscribe_support.h"

#include <stdlib.h>

#define NSN SUB_NS_HEX " " SUB_NAME_HEX

static moqt_msg named(moqt_msg_kind kind)
{
    moqt_msg m;
    moqt_msg_init(&m, kind);
    m.request_id = 1;
    m.ns = (moqt_namespace)SUB_NS;
    m.track_name = (moqt_bytes)SUB_NAME;
    return m;
}

/* A SUBSCRIBE_UPDATE model with everything 07-14 need: range {5,1}..9,
 * priority 0x80, forward 1. */
static moqt_msg full_update(void)
{
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_REQUEST_UPDATE);
    m.request_id = 4;
    m.existing_request_id = 1;
    m.params.has = MOQT_P_FILTER | MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FORWARD;
    m.params.filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
    m.params.filter.start = (moqt_location){5, 1};
    m.params.filter.end_group = 9;
    m.params.subscriber_priority = 0x80;
    m.params.forward = 1;
    return m;
}

static void check_encodes_to(const char *ctx, const moqt_profile *p, const moqt_msg *m,
                             uint8_t type, const char *payload_hex)
{
    uint8_t want[512], got[512];
    size_t n = sub_vector(p, type, payload_hex, want, sizeof(want));
    moqt_ssize e = sub_encode(p, m, got, sizeof(got));
    if (e <= 0) {
        tf_fail(__FILE__, __LINE__, "%s: encode failed: %lld", ctx, (long long)e);
        return;
    }
    if (!TF_CHECK_BYTES(got, (size_t)e, want, n)) {
        tf_fail(__FILE__, __LINE__, "(%s)", ctx);
    }
}

/* Encodes then decodes |m| into |out|; returns false (after recording a
 * failure) if either step fails. */
static bool through_wire(const moqt_profile *p, const moqt_msg *m, moqt_msg *out)
{
    static uint8_t buf[2048];
    moqt_ssize e = sub_encode(p, m, buf, sizeof(buf));
    if (e <= 0) {
        tf_fail(__FILE__, __LINE__, "encode failed: %lld", (long long)e);
        return false;
    }
    moqt_ssize d = moqt_wire_decode_control(p, buf, (size_t)e, out, NULL);
    if (d != e) {
        tf_fail(__FILE__, __LINE__, "decode failed: %lld", (long long)d);
        return false;
    }
    return true;
}

static moqt_ssize encode_rv(const moqt_profile *p, const moqt_msg *m)
{
    static uint8_t buf[2048];
    return sub_encode(p, m, buf, sizeof(buf));
}

/* Fixed fields left unset are written as mt-15 defines the omitted
 * parameters: priority 128, publisher's group order, forward 1, unfiltered
 * (AbsoluteStart {0,0} in 11-14, Latest Object in 07-10); SUBSCRIBE_OK:
 * expires 0, ascending, no content. */
TF_DRAFT_TEST("wire/subscribe", defaults_for_unset_fixed_fields)
{
    moqt_msg s = named(MOQT_MSG_SUBSCRIBE);
    const char *sub = p->draft <= 10   ? "01 00 " NSN " 80 00 02 00"
                      : p->draft == 11 ? "01 00 " NSN " 80 00 01 03 00 00 00"
                      : p->draft <= 14 ? "01 " NSN " 80 00 01 03 00 00 00"
                      : p->draft == 17 ? "01 00 " NSN " 00"
                                       : "01 " NSN " 00";
    check_encodes_to("SUBSCRIBE", p, &s, 0x03, sub);

    moqt_msg ok;
    moqt_msg_init(&ok, MOQT_MSG_SUBSCRIBE_OK);
    ok.request_id = 1;
    ok.track_alias = 2;
    const char *okhex = p->draft <= 11   ? "01 00 01 00 00"
                        : p->draft <= 14 ? "01 02 00 01 00 00"
                        : p->draft <= 16 ? "01 02 00"
                                         : "02 00";
    check_encodes_to("SUBSCRIBE_OK", p, &ok, 0x04, okhex);

    /* A filter bit with MOQT_FILTER_NONE is the same as no filter. */
    s.params.has = MOQT_P_FILTER;
    check_encodes_to("SUBSCRIBE, filter NONE", p, &s, 0x03, sub);
}

TF_DRAFT_TEST("wire/subscribe", lossy_fields_are_dropped)
{
    moqt_msg back;
    unsigned d = p->draft;

    /* SUBSCRIBE: Track Alias only 07-11, Required Request ID Delta only 17,
     * Forward = 1 implied in 07-10. */
    moqt_msg s = named(MOQT_MSG_SUBSCRIBE);
    s.track_alias = 9;
    s.required_request_id_delta = 5;
    s.params.has = MOQT_P_FORWARD;
    s.params.forward = 1;
    if (through_wire(p, &s, &back)) {
        TF_CHECK_EQ(back.track_alias, d <= 11 ? 9 : 0);
        TF_CHECK_EQ(back.required_request_id_delta, d == 17 ? 5 : 0);
        TF_CHECK_EQ(!!(back.params.has & MOQT_P_FORWARD), d >= 11);
        TF_CHECK_EQ(back.params.forward, d >= 11 ? 1 : 0);
    }

    /* SUBSCRIBE_OK: Track Alias from 12, Request ID up to 16. */
    moqt_msg ok;
    moqt_msg_init(&ok, MOQT_MSG_SUBSCRIBE_OK);
    ok.request_id = 1;
    ok.track_alias = 9;
    if (through_wire(p, &ok, &back)) {
        TF_CHECK_EQ(back.track_alias, d >= 12 ? 9 : 0);
        TF_CHECK_EQ(back.request_id, d <= 16 ? 1 : 0);
    }

    /* SUBSCRIBE_ERROR: the retry Track Alias only 07-11. */
    if (moqt_profile_msg_type(p, MOQT_MSG_SUBSCRIBE_ERROR)) {
        moqt_msg e;
        moqt_msg_init(&e, MOQT_MSG_SUBSCRIBE_ERROR);
        e.request_id = 1;
        e.error_code = 3;
        e.err.retry_track_alias = 9;
        if (through_wire(p, &e, &back)) {
            TF_CHECK_EQ(back.err.retry_track_alias, d <= 11 ? 9 : 0);
        }
    }

    /* PUBLISH_DONE: Content Exists / Final only 07, Stream Count from 08. */
    moqt_msg done;
    moqt_msg_init(&done, MOQT_MSG_PUBLISH_DONE);
    done.request_id = 1;
    done.done.status_code = 2;
    done.done.stream_count = 5;
    done.done.content_exists = 1;
    done.done.final = (moqt_location){7, 4};
    if (through_wire(p, &done, &back)) {
        TF_CHECK_EQ(back.done.stream_count, d >= 8 ? 5 : 0);
        TF_CHECK_EQ(back.done.content_exists, d == 7);
        TF_CHECK_EQ(back.done.final.group, d == 7 ? 7 : 0);
        TF_CHECK_EQ(back.request_id, d <= 16 ? 1 : 0);
    }

    /* SUBSCRIBE_UPDATE: own Request ID from 14, existing one up to 16. */
    moqt_msg u = full_update();
    if (through_wire(p, &u, &back)) {
        TF_CHECK_EQ(back.request_id, d >= 14 ? 4 : 0);
        TF_CHECK_EQ(back.existing_request_id, d <= 16 ? 1 : 0);
    }

    /* TRACK_STATUS request: 07-12 have no subscription fields, 16+ leave
     * the delivery parameters out (mt-16 l.2957). */
    moqt_msg ts = named(MOQT_MSG_TRACK_STATUS);
    ts.params.has = MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_GROUP_ORDER | MOQT_P_FILTER;
    ts.params.subscriber_priority = 3;
    ts.params.group_order = 2;
    ts.params.filter.type = MOQT_FILTER_LARGEST_OBJECT;
    if (through_wire(p, &ts, &back)) {
        TF_CHECK_EQ(back.params.has & MOQT_P_FILTER, d >= 13 && d <= 15 ? MOQT_P_FILTER : 0);
        TF_CHECK_EQ(back.params.subscriber_priority, d >= 13 && d <= 15 ? 3 : 0);
        TF_CHECK_EQ(back.request_id, d >= 11 ? 1 : 0);
        TF_CHECK(moqt_namespace_eq(&back.ns, &ts.ns));
    }

    /* TRACK_STATUS reply: 07-12 have no Expires / Group Order; 11+ no name. */
    if (moqt_profile_msg_type(p, MOQT_MSG_TRACK_STATUS_OK)) {
        moqt_msg tr = named(MOQT_MSG_TRACK_STATUS_OK);
        tr.params.has = MOQT_P_EXPIRES | MOQT_P_GROUP_ORDER | MOQT_P_LARGEST;
        tr.params.expires_ms = 0x30;
        tr.params.group_order = 2;
        tr.params.largest = (moqt_location){7, 4};
        if (through_wire(p, &tr, &back)) {
            TF_CHECK_EQ(back.params.has & MOQT_P_EXPIRES, d >= 13 ? MOQT_P_EXPIRES : 0);
            TF_CHECK_EQ(back.params.largest.group, 7);
            TF_CHECK_EQ(back.ns.count, d <= 10 ? 2 : 0);
        }
    }
}

/* |want_ok| says whether draft |p| can express |m|. */
static void check_expressible(const char *ctx, const moqt_profile *p, const moqt_msg *m,
                              bool want_ok)
{
    moqt_ssize rv = encode_rv(p, m);
    if (want_ok ? rv <= 0 : rv != MOQT_ERR_UNSUPPORTED) {
        tf_fail(__FILE__, __LINE__, "%s: got %lld, want %s", ctx, (long long)rv,
                want_ok ? "success" : "UNSUPPORTED");
    }
}

TF_DRAFT_TEST("wire/subscribe", subscribe_values_a_draft_cannot_express)
{
    unsigned d = p->draft;
    moqt_msg s = named(MOQT_MSG_SUBSCRIBE);
    s.params.has = MOQT_P_FORWARD;
    s.params.forward = 0;
    check_expressible("Forward 0", p, &s, d >= 11);
    s.params.forward = 2;
    check_expressible("Forward 2", p, &s, false);

    s = named(MOQT_MSG_SUBSCRIBE);
    s.params.has = MOQT_P_FILTER;
    s.params.filter.type = MOQT_FILTER_LATEST_GROUP;
    check_expressible("Latest Group", p, &s, d <= 8);
    s.params.filter.type = MOQT_FILTER_NEXT_GROUP_START;
    check_expressible("Next Group Start", p, &s, d >= 11);
    s.params.filter.type = MOQT_FILTER_ABSOLUTE_RANGE;
    s.params.filter.start = (moqt_location){5, 1};
    s.params.filter.end_group = 9;
    s.params.filter.end_object = 3;
    check_expressible("End Object", p, &s, d == 7);
    s.params.filter.end_object = 0;
    s.params.filter.end_group = 4;
    check_expressible("End Group before Start Group", p, &s, false);

    s = named(MOQT_MSG_SUBSCRIBE);
    s.params.has = MOQT_P_GROUP_ORDER;
    s.params.group_order = 3;
    check_expressible("Group Order 3", p, &s, false);

    moqt_msg ok;
    moqt_msg_init(&ok, MOQT_MSG_SUBSCRIBE_OK);
    ok.params.has = MOQT_P_GROUP_ORDER;
    ok.params.group_order = 0;
    check_expressible("SUBSCRIBE_OK Group Order 0", p, &ok, false);
    ok.params.has = 0;
    ok.track_props.count = 1;
    ok.track_props.item[0].type = 0x04;
    ok.track_props.item[0].value = 100;
    check_expressible("Track Properties", p, &ok, d >= 16);
}

TF_DRAFT_TEST("wire/subscribe", update_values_a_draft_cannot_express)
{
    unsigned d = p->draft;
    bool fixed = d <= 14;
    moqt_msg u = full_update();
    check_expressible("full update", p, &u, true);

    /* 07-14 restate the subscription: no field may be left "unchanged". */
    u.params.has &= ~MOQT_P_FILTER;
    check_expressible("update without range", p, &u, !fixed);
    u = full_update();
    u.params.has &= ~MOQT_P_SUBSCRIBER_PRIORITY;
    check_expressible("update without priority", p, &u, !fixed);
    u = full_update();
    u.params.has &= ~MOQT_P_FORWARD;
    check_expressible("update without forward", p, &u, d <= 10 || d >= 15);
    u = full_update();
    u.params.forward = 0;
    check_expressible("update with forward 0", p, &u, d >= 11);

    /* An update's range is a start and an optional end. */
    u = full_update();
    u.params.filter.type = MOQT_FILTER_LARGEST_OBJECT;
    check_expressible("update to Largest Object", p, &u, !fixed);
    u = full_update();
    u.params.filter.end_group = UINT64_MAX;
    u.params.filter.start.group = 0;
    /* End Group + 1 overflows in 07-14; 15-16 QUIC varints stop at 2^62-1; the
     * 17+ vi64 End Group Delta carries it. */
    check_expressible("update End Group 2^64-1", p, &u, d >= 17);
    u = full_update();
    u.params.filter.end_object = 3;
    check_expressible("update End Object", p, &u, d == 7);
}

TF_DRAFT_TEST("wire/subscribe", track_status_values_a_draft_cannot_express)
{
    unsigned d = p->draft;
    if (moqt_profile_msg_type(p, MOQT_MSG_TRACK_STATUS_OK)) {
        moqt_msg tr = named(MOQT_MSG_TRACK_STATUS_OK);
        tr.done.status_code = 3; /* finished: 07-12 only */
        check_expressible("status finished", p, &tr, d <= 12);
        tr.done.status_code = 5;
        check_expressible("status 5", p, &tr, false);
        tr.done.status_code = 1; /* does not exist: location must be zero */
        tr.params.has = MOQT_P_LARGEST;
        tr.params.largest = (moqt_location){7, 4};
        check_expressible("status 1 with a location", p, &tr, false);
        tr.params.largest = (moqt_location){0, 0};
        check_expressible("status 1, zero location", p, &tr, d <= 12);
    }

    /* 07-10 TRACK_STATUS_REQUEST has no parameters to carry a token in. */
    moqt_msg ts = named(MOQT_MSG_TRACK_STATUS);
    ts.params.auth_count = 1;
    ts.params.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
    ts.params.auth[0].value = (moqt_bytes)SUB_B("tok");
    check_expressible("TRACK_STATUS with a token", p, &ts, d >= 11);

    moqt_msg done;
    moqt_msg_init(&done, MOQT_MSG_PUBLISH_DONE);
    done.done.content_exists = 2;
    check_expressible("Content Exists 2", p, &done, d >= 8);
}

/* Kinds the draft does not define cannot be encoded. */
TF_DRAFT_TEST("wire/subscribe", undefined_kinds_are_unsupported)
{
    static const moqt_msg_kind kinds[] = {
        MOQT_MSG_SUBSCRIBE_ERROR,
        MOQT_MSG_UNSUBSCRIBE,
        MOQT_MSG_TRACK_STATUS_OK,
        MOQT_MSG_TRACK_STATUS_ERROR,
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (moqt_profile_msg_type(p, kinds[i]) != 0) {
            continue;
        }
        moqt_msg m = named(kinds[i]);
        TF_CHECK_INT(encode_rv(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

/* Every buffer too short for the message: NOBUF, never a write past the end
 * (ASan watches the heap copy). */
TF_DRAFT_TEST("wire/subscribe", short_buffers_are_nobuf)
{
    moqt_msg s = named(MOQT_MSG_SUBSCRIBE);
    s.params.has = MOQT_P_SUBSCRIBER_PRIORITY | MOQT_P_FILTER;
    s.params.subscriber_priority = 7;
    s.params.filter.type = MOQT_FILTER_ABSOLUTE_START;
    s.params.filter.start = (moqt_location){300, 70000};
    uint8_t full[512];
    moqt_ssize need = sub_encode(p, &s, full, sizeof(full));
    TF_REQUIRE(need > 0);
    for (size_t cap = 0; cap < (size_t)need + 17; cap++) {
        uint8_t *buf = malloc(cap ? cap : 1);
        TF_REQUIRE(buf != NULL);
        moqt_ssize rv = sub_encode(p, &s, buf, cap);
        if (rv > 0) {
            TF_CHECK_INT(rv, need);
            TF_CHECK_BYTES(buf, (size_t)rv, full, (size_t)need);
        } else {
            TF_CHECK_INT(rv, MOQT_ERR_NOBUF);
        }
        free(buf);
    }
}

/* The relay's case: a message decoded under one draft, encoded for another. */
TF_TEST("wire/subscribe", across_drafts)
{
    const moqt_profile *d11 = moqt_profile_for_draft(11), *d12 = moqt_profile_for_draft(12);
    const moqt_profile *d14 = moqt_profile_for_draft(14), *d16 = moqt_profile_for_draft(16);
    const moqt_profile *d07 = moqt_profile_for_draft(7);
    uint8_t buf[512];
    moqt_msg m;

    /* 11 SUBSCRIBE (mt-11 l.1731) to 12 (mt-12 l.1876): the alias is dropped. */
    size_t n = sub_vector(d11, 0x03, "01 02 " NSN " 80 02 00 04 05 01 09 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d11, buf, n, &m, NULL) == (moqt_ssize)n);
    check_encodes_to("11 -> 12 SUBSCRIBE", d12, &m, 0x03, "01 " NSN " 80 02 00 04 05 01 09 00");

    /* 16 SUBSCRIBE_OK without parameters (mt-16 l.2418) to 14 (mt-14 l.2017):
     * the omitted parameters become their defaults. */
    n = sub_vector(d16, 0x04, "01 02 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d16, buf, n, &m, NULL) == (moqt_ssize)n);
    check_encodes_to("16 -> 14 SUBSCRIBE_OK", d14, &m, 0x04, "01 02 00 01 00 00");

    /* 14 SUBSCRIBE_OK to 11: the publisher-chosen alias has no place. */
    n = sub_vector(d14, 0x04, "01 02 30 01 01 07 04 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d14, buf, n, &m, NULL) == (moqt_ssize)n);
    check_encodes_to("14 -> 11 SUBSCRIBE_OK", d11, &m, 0x04, "01 30 01 01 07 04 00");

    /* A 07 SUBSCRIBE_UPDATE (mt-07 l.1342) to 14 (mt-14 l.2146) lacks the
     * Forward 14 must restate; with it set, the update carries over. */
    n = sub_vector(d07, 0x02, "01 05 01 0a 00 80 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d07, buf, n, &m, NULL) == (moqt_ssize)n);
    TF_CHECK_INT(encode_rv(d14, &m), MOQT_ERR_UNSUPPORTED);
    m.params.has |= MOQT_P_FORWARD;
    m.params.forward = 1;
    m.request_id = 4;
    check_encodes_to("07 -> 14 SUBSCRIBE_UPDATE", d14, &m, 0x02, "04 01 05 01 0a 80 01 00");

    /* A 12 TRACK_STATUS reply (mt-12 l.2764) "in progress" to 13's
     * TRACK_STATUS_OK (mt-13 l.2751): SUBSCRIBE_OK defaults, alias 0. */
    const moqt_profile *d13 = moqt_profile_for_draft(13);
    n = sub_vector(d12, 0x0E, "01 00 07 04 00", buf, sizeof(buf));
    TF_REQUIRE(moqt_wire_decode_control(d12, buf, n, &m, NULL) == (moqt_ssize)n);
    check_encodes_to("12 -> 13 TRACK_STATUS_OK", d13, &m, 0x0E, "01 00 00 01 01 07 04 00");
}
