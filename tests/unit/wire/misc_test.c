/* REQUEST_OK, REQUEST_ERROR, GOAWAY, MAX_REQUEST_ID, REQUESTS_BLOCKED. */
#include "tf.h"

#include "wire/control.h"
#include "wire/kvp.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* Decodes a whole message, re-encodes it byte for byte, and checks that every
 * strict prefix needs more bytes. */
static void check_exact(const moqt_profile *p, const char *hex, moqt_msg *m)
{
    static uint8_t in[1024], out[1024];
    size_t n = tf_unhex(hex, in, sizeof(in));
    const char *why = NULL;
    moqt_ssize got = moqt_wire_decode_control(p, in, n, m, &why);
    if (got != (moqt_ssize)n) {
        tf_fail(__FILE__, __LINE__, "draft %u: decode %lld of %zu (%s)", p->draft, (long long)got,
                n, why ? why : "");
        return;
    }
    moqt_ssize e = moqt_wire_encode_control(p, m, out, sizeof(out));
    TF_CHECK_INT(e, (moqt_ssize)n);
    if (e > 0) {
        TF_CHECK_BYTES(out, (size_t)e, in, n);
    }
    for (size_t k = 0; k < n; k++) {
        moqt_msg t;
        if (moqt_wire_decode_control(p, in, k, &t, NULL) != MOQT_ERR_WIRE_NEED_MORE) {
            tf_fail(__FILE__, __LINE__, "draft %u: prefix %zu of %zu did not need more", p->draft,
                    k, n);
        }
    }
    TF_CHECK_INT(moqt_wire_encode_control(p, m, out, n - 1), MOQT_ERR_NOBUF);
}

static moqt_ssize decode_hex(const moqt_profile *p, const char *hex, moqt_msg *m)
{
    static uint8_t in[1024];
    size_t n = tf_unhex(hex, in, sizeof(in));
    return moqt_wire_decode_control(p, in, n, m, NULL);
}

static moqt_ssize encode(const moqt_profile *p, const moqt_msg *m)
{
    static uint8_t out[16384];
    return moqt_wire_encode_control(p, m, out, sizeof(out));
}

/* REQUEST_OK: mt-15 l.2163 / mt-16 l.2257 {Request ID, Parameters};
 * mt-17 l.2455 {Parameters}; mt-18 l.2810, mt-19 l.3051 + Track Properties. */
TF_DRAFT_TEST("wire/misc", request_ok_figures)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_REQUEST_OK)) {
        return;
    }
    moqt_msg m;
    unsigned d = p->draft;
    if (d == 15) {
        check_exact(p, "07 0004 01 01 08 0a", &m); /* EXPIRES 10 */
        TF_CHECK_EQ(m.request_id, 1);
        TF_CHECK_EQ(m.params.has, MOQT_P_EXPIRES);
        TF_CHECK_EQ(m.params.expires_ms, 10);
    } else if (d == 16) {
        check_exact(p, "07 0006 03 01 09 02 07 03", &m); /* LARGEST_OBJECT {7,3} */
        TF_CHECK_EQ(m.request_id, 3);
        TF_CHECK_EQ(m.params.has, MOQT_P_LARGEST);
        TF_CHECK_EQ(m.params.largest.group, 7);
        TF_CHECK_EQ(m.params.largest.object, 3);
    } else if (d == 17) {
        check_exact(p, "07 0003 01 08 0a", &m);
        TF_CHECK_EQ(m.request_id, 0);
        TF_CHECK_EQ(m.params.expires_ms, 10);
        /* No Track Properties in 17: a trailing byte is a length mismatch. */
        TF_CHECK_INT(decode_hex(p, "07 0005 01 08 0a 0e 40", &m), MOQT_ERR_WIRE_MALFORMED);
    } else {
        /* EXPIRES 10, LARGEST_OBJECT {7,3} (bare), then Track Property 0x0E = 64. */
        check_exact(p, "07 0008 02 08 0a 01 07 03 0e 40", &m);
        TF_CHECK_EQ(m.params.expires_ms, 10);
        TF_CHECK_EQ(m.params.largest.group, 7);
        TF_REQUIRE(m.track_props.count == 1);
        TF_CHECK_EQ(m.track_props.item[0].type, 0x0e);
        TF_CHECK_EQ(m.track_props.item[0].value, 64);
        /* A property crossing the end is malformed. */
        TF_CHECK_INT(decode_hex(p, "07 0004 00 0b 05 aa", &m), MOQT_ERR_WIRE_MALFORMED);
    }
    /* Track Properties cannot be said before 18. */
    moqt_msg_init(&m, MOQT_MSG_REQUEST_OK);
    moqt_kvps_add_int(&m.track_props, 0x0e, 1);
    if (d < 18) {
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
    } else {
        TF_CHECK(encode(p, &m) > 0);
    }
}

/* REQUEST_ERROR: mt-15 l.2185 {Request ID, Code, Reason}; mt-16 l.2279 + Retry
 * Interval; mt-17 l.2472 no Request ID; mt-18 l.2869 + [Redirect]. */
TF_DRAFT_TEST("wire/misc", request_error_figures)
{
    if (!moqt_profile_msg_type(p, MOQT_MSG_REQUEST_ERROR)) {
        return;
    }
    moqt_msg m;
    unsigned d = p->draft;
    if (d == 15) {
        check_exact(p, "05 0008 01 10 05 \"nope!\"", &m);
        TF_CHECK_EQ(m.request_id, 1);
        TF_CHECK_EQ(m.error_code, 0x10);
        TF_CHECK_STR(m.reason, "nope!");
    } else if (d == 16) {
        check_exact(p, "05 0005 02 12 43e8 00", &m);
        TF_CHECK_EQ(m.request_id, 2);
        TF_CHECK_EQ(m.error_code, 0x12);
        TF_CHECK_EQ(m.err.retry_interval_ms, 1000);
        TF_CHECK_EQ(m.reason.len, 0);
    } else {
        check_exact(p, "05 0007 09 83e8 03 \"hot\"", &m);
        TF_CHECK_EQ(m.error_code, 0x9);
        TF_CHECK_EQ(m.err.retry_interval_ms, 1000);
        TF_CHECK_STR(m.reason, "hot");
        TF_CHECK(!m.err.has_redirect);
    }
    /* Retry Interval only from 16. */
    moqt_msg_init(&m, MOQT_MSG_REQUEST_ERROR);
    m.err.retry_interval_ms = 5;
    if (d == 15) {
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
    } else {
        TF_CHECK(encode(p, &m) > 0);
    }
}

/* mt-18 l.2842 Redirect {Connect URI Length, Connect URI, Track Namespace,
 * Track Name Length, Track Name}, present only with code REDIRECT 0x34. */
TF_TEST("wire/misc", request_error_redirect_18_19)
{
    for (unsigned d = 18; d <= 19; d++) {
        const moqt_profile *p = draft(d);
        moqt_msg m;
        check_exact(p, "05 0006 34 00 00 00 00 00", &m); /* all empty: same URI and track */
        TF_CHECK(m.err.has_redirect);
        TF_CHECK_EQ(m.err.redirect.len, 3);
        check_exact(p, "05 001e 34 00 06 \"moved!\" 0a \"moqt://b/x\" 01 04 \"live\" 03 \"cam\"",
                    &m);
        TF_CHECK(m.err.has_redirect);
        TF_CHECK_EQ(m.err.redirect.len, 21);
        TF_CHECK_EQ(m.err.redirect.base[0], 0x0a);
        /* REDIRECT without its structure; another code with trailing bytes. */
        TF_CHECK_INT(decode_hex(p, "05 0003 34 00 00", &m), MOQT_ERR_WIRE_MALFORMED);
        TF_CHECK_INT(decode_hex(p, "05 0006 33 00 00 00 00 00", &m), MOQT_ERR_WIRE_MALFORMED);
        /* Redirect whose namespace overruns. */
        TF_CHECK_INT(decode_hex(p, "05 0007 34 00 00 00 02 01 61", &m), MOQT_ERR_WIRE_MALFORMED);
        /* Encoder: Redirect iff the code is REDIRECT, and well formed. */
        moqt_msg_init(&m, MOQT_MSG_REQUEST_ERROR);
        m.error_code = 0x34;
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
        m.err.has_redirect = true;
        m.err.redirect = (moqt_bytes){(const uint8_t *)"\x00\x00", 2};
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
        m.err.redirect = (moqt_bytes){(const uint8_t *)"\x00\x00\x00", 3};
        TF_CHECK_INT(encode(p, &m), 9);
        m.error_code = 0x33;
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
    /* 17 has no Redirect: 0x34 is just a code and the bytes after are junk. */
    moqt_msg m;
    TF_CHECK_INT(decode_hex(draft(17), "05 0003 34 00 00", &m), 6);
    TF_CHECK(!m.err.has_redirect);
    TF_CHECK_INT(decode_hex(draft(17), "05 0006 34 00 00 00 00 00", &m), MOQT_ERR_WIRE_MALFORMED);
    m.err.has_redirect = true;
    TF_CHECK_INT(encode(draft(17), &m), MOQT_ERR_UNSUPPORTED);
}

/* GOAWAY: mt-07 l.1188 .. mt-16 l.2177 {New Session URI}; mt-17 l.2422 +
 * Timeout; mt-18 l.2756 + [Request ID]; mt-19 l.3009 Timeout only. */
TF_DRAFT_TEST("wire/misc", goaway_figures)
{
    moqt_msg m;
    unsigned d = p->draft;
    if (d <= 10) {
        check_exact(p, "10 0b 0a \"moqt://x/y\"", &m);
    } else if (d <= 16) {
        check_exact(p, "10 000b 0a \"moqt://x/y\"", &m);
    } else {
        check_exact(p, "10 000d 0a \"moqt://x/y\" 83e8", &m);
        TF_CHECK_EQ(m.goaway.timeout_ms, 1000);
    }
    TF_CHECK_STR(m.goaway.new_session_uri, "moqt://x/y");
    TF_CHECK(!m.goaway.has_request_id);
    if (d == 18) {
        check_exact(p, "10 0003 00 00 04", &m);
        TF_CHECK(m.goaway.has_request_id);
        TF_CHECK_EQ(m.goaway.request_id, 4);
    }
    if (d == 19) {
        TF_CHECK_INT(decode_hex(p, "10 0003 00 00 04", &m), MOQT_ERR_WIRE_MALFORMED);
    }
    /* Cannot express: a Timeout before 17, a Request ID outside 18. */
    moqt_msg_init(&m, MOQT_MSG_GOAWAY);
    m.goaway.timeout_ms = 1;
    if (d < 17) {
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
    } else {
        TF_CHECK(encode(p, &m) > 0);
    }
    moqt_msg_init(&m, MOQT_MSG_GOAWAY);
    m.goaway.has_request_id = true;
    if (d == 18) {
        TF_CHECK(encode(p, &m) > 0);
    } else {
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
    }
}

/* New Session URI at most 8,192 bytes from 11 (mt-11 l.1602, mt-18 l.2772). */
TF_DRAFT_TEST("wire/misc", goaway_uri_limit)
{
    static uint8_t uri[8193], buf[9000];
    memset(uri, 'a', sizeof(uri));
    moqt_msg m;
    moqt_msg_init(&m, MOQT_MSG_GOAWAY);
    m.goaway.new_session_uri = (moqt_bytes){uri, sizeof(uri)};
    moqt_ssize n = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
    if (p->draft < 11) {
        TF_REQUIRE(n > 0);
        TF_CHECK_INT(moqt_wire_decode_control(p, buf, (size_t)n, &m, NULL), n);
        return;
    }
    TF_CHECK_INT(n, MOQT_ERR_UNSUPPORTED);
    /* Hand-built: Type 0x10, Length(16), URI length 8193 (2-byte integer
     * 0x2001), the URI, and (17+) a zero Timeout. */
    size_t hdr = 1;
    buf[0] = 0x10;
    size_t body = 2 + sizeof(uri) + (p->draft >= 17 ? 1 : 0);
    buf[hdr] = (uint8_t)(body >> 8);
    buf[hdr + 1] = (uint8_t)body;
    buf[hdr + 2] = 0x40 | 0x20; /* 0x2001 as a 2-byte QUIC varint */
    buf[hdr + 3] = 0x01;
    if (p->int_kind != MOQT_INT_QUIC) {
        buf[hdr + 2] = 0x80 | 0x20; /* vi64 2-byte form */
    }
    memcpy(buf + hdr + 4, uri, sizeof(uri));
    buf[hdr + 4 + sizeof(uri)] = 0; /* timeout (17+) */
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, hdr + 2 + body, &m, NULL),
                 MOQT_ERR_WIRE_MALFORMED);
}

/* MAX_SUBSCRIBE_ID / MAX_REQUEST_ID 0x15: mt-07 l.1853 {Subscribe ID},
 * mt-11 l.1618 {Request ID}, mt-15 l.2113 {Max Request ID}; gone in 17.
 * SUBSCRIBES_BLOCKED / REQUESTS_BLOCKED 0x1A: mt-08 l.2108, mt-11 l.1650;
 * not in 07, gone in 17. */
TF_DRAFT_TEST("wire/misc", request_credit_figures)
{
    moqt_msg m;
    unsigned d = p->draft;
    if (!moqt_profile_msg_type(p, MOQT_MSG_MAX_REQUEST_ID)) {
        TF_CHECK(d >= 17);
        TF_CHECK(!moqt_profile_msg_type(p, MOQT_MSG_REQUESTS_BLOCKED));
        moqt_msg_init(&m, MOQT_MSG_MAX_REQUEST_ID);
        TF_CHECK_INT(encode(p, &m), MOQT_ERR_UNSUPPORTED);
        return;
    }
    check_exact(p, d <= 10 ? "15 01 0a" : "15 0002 4064", &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_MAX_REQUEST_ID);
    TF_CHECK_EQ(m.max_request_id, d <= 10 ? 10 : 100);
    if (d == 7) {
        TF_CHECK(!moqt_profile_msg_type(p, MOQT_MSG_REQUESTS_BLOCKED));
        return;
    }
    check_exact(p, d <= 10 ? "1a 01 0a" : "1a 0001 0a", &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_REQUESTS_BLOCKED);
    TF_CHECK_EQ(m.max_request_id, 10);
    /* Trailing junk and a short Length. */
    TF_CHECK_INT(decode_hex(p, d <= 10 ? "1a 02 0a 00" : "1a 0002 0a 00", &m),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode_hex(p, d <= 10 ? "1a 01 4064" : "1a 0001 4064", &m),
                 MOQT_ERR_WIRE_MALFORMED);
}

/* Round trips of every misc message under every draft that defines it. */
TF_DRAFT_TEST("wire/misc", round_trips)
{
    moqt_msg_kind kinds[] = {MOQT_MSG_REQUEST_OK, MOQT_MSG_REQUEST_ERROR, MOQT_MSG_GOAWAY,
                             MOQT_MSG_MAX_REQUEST_ID, MOQT_MSG_REQUESTS_BLOCKED};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        if (!moqt_profile_msg_type(p, kinds[k])) {
            continue;
        }
        moqt_msg m, m2;
        moqt_msg_init(&m, kinds[k]);
        if (p->responses_have_request_id) {
            m.request_id = 12345;
        }
        m.max_request_id = 1u << 30;
        m.error_code = 0x10;
        m.reason = (moqt_bytes){(const uint8_t *)"why", 3};
        m.params.has = MOQT_P_EXPIRES;
        m.params.expires_ms = 77;
        if (p->draft >= 16) {
            m.err.retry_interval_ms = 9;
        }
        if (p->draft >= 18) {
            moqt_kvps_add_bytes(&m.track_props, 0x0b, (moqt_bytes){(const uint8_t *)"x", 1});
        }
        m.goaway.new_session_uri = (moqt_bytes){(const uint8_t *)"https://h/p", 11};
        if (p->draft >= 17) {
            m.goaway.timeout_ms = 30000;
        }
        if (p->draft == 18) {
            m.goaway.has_request_id = true;
            m.goaway.request_id = 8;
        }
        if (kinds[k] != MOQT_MSG_REQUEST_OK) {
            m.params.has = 0;
            m.track_props.count = 0;
        }
        uint8_t b1[256], b2[256];
        moqt_ssize n1 = moqt_wire_encode_control(p, &m, b1, sizeof(b1));
        TF_REQUIRE(n1 > 0);
        TF_REQUIRE(moqt_wire_decode_control(p, b1, (size_t)n1, &m2, NULL) == n1);
        moqt_ssize n2 = moqt_wire_encode_control(p, &m2, b2, sizeof(b2));
        TF_CHECK_BYTES(b2, n2 > 0 ? (size_t)n2 : 0, b1, (size_t)n1);
        switch (kinds[k]) {
        case MOQT_MSG_REQUEST_OK:
            TF_CHECK_EQ(m2.params.expires_ms, 77);
            TF_CHECK_EQ(m2.request_id, m.request_id);
            TF_CHECK_EQ(m2.track_props.count, m.track_props.count);
            break;
        case MOQT_MSG_REQUEST_ERROR:
            TF_CHECK_EQ(m2.request_id, m.request_id);
            TF_CHECK_EQ(m2.error_code, 0x10);
            TF_CHECK_EQ(m2.err.retry_interval_ms, m.err.retry_interval_ms);
            TF_CHECK_STR(m2.reason, "why");
            break;
        case MOQT_MSG_GOAWAY:
            TF_CHECK_STR(m2.goaway.new_session_uri, "https://h/p");
            TF_CHECK_EQ(m2.goaway.timeout_ms, m.goaway.timeout_ms);
            TF_CHECK_EQ(m2.goaway.has_request_id, m.goaway.has_request_id);
            TF_CHECK_EQ(m2.goaway.request_id, m.goaway.request_id);
            break;
        default:
            TF_CHECK_EQ(m2.max_request_id, 1u << 30);
            break;
        }
    }
}
