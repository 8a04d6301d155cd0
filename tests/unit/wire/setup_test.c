/* CLIENT_SETUP / SERVER_SETUP (07-16) and SETUP (17+). */
#include "tf.h"

#include "wire/control.h"

static const moqt_profile *draft(unsigned n)
{
    return moqt_profile_for_draft(n);
}

/* Decodes a whole message (must take every byte), re-encodes it, and expects
 * the same bytes. Also: every strict prefix needs more bytes. */
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
}

static moqt_ssize decode_hex(const moqt_profile *p, const char *hex, moqt_msg *m)
{
    static uint8_t in[1024];
    size_t n = tf_unhex(hex, in, sizeof(in));
    return moqt_wire_decode_control(p, in, n, m, NULL);
}

/* REQUIRED: the CLIENT_SETUP @moq/lite 0.2.2 sends on its draft-14 path
 * (STACK.md): 3 versions, MAX_REQUEST_ID 42069 (0x8000a455 is the minimal
 * 4-byte QUIC varint for 42069 > 16383, so the re-encoding is byte-exact), and
 * its implementation string under 0x07 (0x05 in the 14 text, mt-14 l.1780). */
TF_TEST("wire/setup", moq_lite_d14_client_setup)
{
    moqt_msg m;
    check_exact(draft(14),
                "20 002c 03 c0000000ff0dad02 c0000000ff0dad01 c0000000ff00000e"
                " 02 02 8000a455 07 0b \"moq-lite-js\"",
                &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_CLIENT_SETUP);
    TF_REQUIRE(m.setup.version_count == 3);
    TF_CHECK_EQ(m.setup.versions[0], 0xff0dad02);
    TF_CHECK_EQ(m.setup.versions[1], 0xff0dad01);
    TF_CHECK_EQ(m.setup.versions[2], 0xff00000e);
    TF_CHECK_EQ(m.setup.has, MOQT_S_MAX_REQUEST_ID | MOQT_S_IMPLEMENTATION);
    TF_CHECK_EQ(m.setup.max_request_id, 42069);
    TF_CHECK_STR(m.setup.implementation, "moq-lite-js");
}

/* REQUIRED: @moq/lite's moqt-16 CLIENT_SETUP: no versions, delta-coded types
 * 2 and 2+5 = 7 (mt-16 l.273). */
TF_TEST("wire/setup", moq_lite_d16_client_setup)
{
    moqt_msg m;
    check_exact(draft(16), "20 0013 02 02 8000a455 05 0b \"moq-lite-js\"", &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_CLIENT_SETUP);
    TF_CHECK_EQ(m.setup.version_count, 0);
    TF_CHECK_EQ(m.setup.has, MOQT_S_MAX_REQUEST_ID | MOQT_S_IMPLEMENTATION);
    TF_CHECK_EQ(m.setup.max_request_id, 42069);
    TF_CHECK_STR(m.setup.implementation, "moq-lite-js");
}

/* mt-07 l.1086 figure; ROLE 0x00 (l.1133), PATH 0x01 (l.1160), MAX_SUBSCRIBE_ID
 * 0x02 (l.1173), TLV coded (l.996). */
TF_TEST("wire/setup", figure_07)
{
    const moqt_profile *p = draft(7);
    moqt_msg m;
    check_exact(p,
                "4040 20 02 c0000000ff000007 c0000000ff000008 03 00 01 03 01 05 \"/path\""
                " 02 02 4064",
                &m);
    TF_REQUIRE(m.setup.version_count == 2);
    TF_CHECK_EQ(m.setup.versions[0], 0xff000007);
    TF_CHECK_EQ(m.setup.versions[1], 0xff000008);
    TF_CHECK_EQ(m.setup.has, MOQT_S_ROLE | MOQT_S_PATH | MOQT_S_MAX_REQUEST_ID);
    TF_CHECK_EQ(m.setup.role, MOQT_ROLE_PUBSUB);
    TF_CHECK_STR(m.setup.path, "/path");
    TF_CHECK_EQ(m.setup.max_request_id, 100);

    check_exact(p, "4041 0f c0000000ff000007 02 00 01 02 02 01 0a", &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_SERVER_SETUP);
    TF_CHECK_EQ(m.setup.selected_version, 0xff000007);
    TF_CHECK_EQ(m.setup.role, MOQT_ROLE_SUBSCRIBER);
    TF_CHECK_EQ(m.setup.max_request_id, 10);
}

/* ROLE is mandatory in 07 (mt-07 l.1155) but the wire layer only parses: the
 * session sees MOQT_S_ROLE missing and closes. A value outside 1..3 is malformed. */
TF_TEST("wire/setup", role_07)
{
    const moqt_profile *p = draft(7);
    moqt_msg m;
    TF_CHECK_INT(decode_hex(p, "4041 0c c0000000ff000007 01 02 01 0a", &m), 15);
    TF_CHECK_EQ(m.setup.has, MOQT_S_MAX_REQUEST_ID);
    TF_CHECK_INT(decode_hex(p, "4041 0c c0000000ff000007 01 00 01 04", &m),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(decode_hex(p, "4041 0c c0000000ff000007 01 00 01 00", &m),
                 MOQT_ERR_WIRE_MALFORMED);
    /* TLV length must match the integer (mt-07 l.1019). */
    TF_CHECK_INT(decode_hex(p, "4041 0d c0000000ff000007 01 00 02 01 00", &m),
                 MOQT_ERR_WIRE_MALFORMED);
    /* ROLE was removed in 08: 0x00 is then an unknown parameter, ignored. */
    TF_CHECK_INT(decode_hex(draft(8), "4041 0c c0000000ff000008 01 00 01 07", &m), 15);
    TF_CHECK_EQ(m.setup.has, 0);
}

/* mt-08/mt-10 figure (as 07 without ROLE). */
TF_TEST("wire/setup", figure_08_10)
{
    for (unsigned d = 8; d <= 10; d++) {
        moqt_msg m;
        char hex[128];
        snprintf(hex, sizeof(hex), "4040 12 01 c0000000ff0000%02x 02 01 02 \"/x\" 02 02 4064", d);
        check_exact(draft(d), hex, &m);
        TF_CHECK_EQ(m.setup.versions[0], 0xff000000u + d);
        TF_CHECK_STR(m.setup.path, "/x");
        TF_CHECK_EQ(m.setup.max_request_id, 100);
    }
}

/* mt-11 l.1492 figure: 0x20, Length(16), KVP params (mt-11 l.310);
 * MAX_AUTH_TOKEN_CACHE_SIZE 0x04 (l.1560). */
TF_TEST("wire/setup", figure_11)
{
    moqt_msg m;
    check_exact(draft(11), "20 0016 01 c0000000ff00000b 03 01 05 \"/path\" 02 0a 04 4100", &m);
    TF_CHECK_EQ(m.setup.has,
                MOQT_S_PATH | MOQT_S_MAX_REQUEST_ID | MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE);
    TF_CHECK_EQ(m.setup.max_auth_token_cache_size, 256);
    check_exact(draft(11), "21 000b c0000000ff00000b 01 02 0a", &m);
    TF_CHECK_EQ(m.setup.selected_version, 0xff00000b);
    /* 0x03 is not a setup parameter in 11: ignored. */
    TF_CHECK_INT(decode_hex(draft(11), "21 000d c0000000ff00000b 01 03 02 0300", &m), 16);
    TF_CHECK_EQ(m.setup.auth_count, 0);
}

/* mt-12 l.1701: AUTHORIZATION TOKEN 0x03 in setup, may carry several tokens. */
TF_TEST("wire/setup", figure_12_13_auth)
{
    for (unsigned d = 12; d <= 13; d++) {
        moqt_msg m;
        char hex[160];
        snprintf(hex, sizeof(hex),
                 "20 0016 01 c0000000ff0000%02x 03 03 04 01 07 00 \"k\" 03 02 02 07 04 0a", d);
        check_exact(draft(d), hex, &m);
        TF_REQUIRE(m.setup.auth_count == 2);
        TF_CHECK_EQ(m.setup.auth[0].alias_type, MOQT_TOKEN_ALIAS_REGISTER);
        TF_CHECK_EQ(m.setup.auth[0].alias, 7);
        TF_CHECK_STR(m.setup.auth[0].value, "k");
        TF_CHECK_EQ(m.setup.auth[1].alias_type, MOQT_TOKEN_ALIAS_USE_ALIAS);
        TF_CHECK_EQ(m.setup.auth[1].alias, 7);
        TF_CHECK_EQ(m.setup.has, MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE);
    }
}

/* mt-14 l.1715 AUTHORITY 0x05 vs l.1780 MOQT_IMPLEMENTATION 0x05: in 14, 0x05
 * is AUTHORITY from a client, the implementation from a server; 0x07 is the
 * implementation (tolerated extension, what 15 standardised). */
TF_TEST("wire/setup", d14_authority_vs_implementation)
{
    const moqt_profile *p = draft(14);
    moqt_msg m;
    check_exact(p, "20 0018 01 c0000000ff00000e 02 05 07 \"a.b:443\" 07 03 \"lib\"", &m);
    TF_CHECK_EQ(m.setup.has, MOQT_S_AUTHORITY | MOQT_S_IMPLEMENTATION);
    TF_CHECK_STR(m.setup.authority, "a.b:443");
    TF_CHECK_STR(m.setup.implementation, "lib");
    /* SERVER_SETUP: 0x05 is the implementation; we re-encode it under 0x07. */
    TF_CHECK_INT(decode_hex(p, "21 000e c0000000ff00000e 01 05 03 \"srv\"", &m), 17);
    TF_CHECK_EQ(m.setup.has, MOQT_S_IMPLEMENTATION);
    TF_CHECK_STR(m.setup.implementation, "srv");
    uint8_t out[64], exp[64];
    size_t n = tf_unhex("21 000e c0000000ff00000e 01 07 03 \"srv\"", exp, sizeof(exp));
    TF_CHECK_BYTES(out, (size_t)moqt_wire_encode_control(p, &m, out, sizeof(out)), exp, n);
    /* Both 0x05 and 0x07 from a server: the implementation twice. */
    TF_CHECK_INT(decode_hex(p, "21 000f c0000000ff00000e 02 05 01 \"a\" 07 01 \"b\"", &m),
                 MOQT_ERR_WIRE_MALFORMED);
    /* A 14 server cannot send AUTHORITY (mt-14 l.1717). */
    moqt_msg_init(&m, MOQT_MSG_SERVER_SETUP);
    m.setup.selected_version = 0xff00000e;
    m.setup.has = MOQT_S_AUTHORITY;
    TF_CHECK_INT(moqt_wire_encode_control(p, &m, out, sizeof(out)), MOQT_ERR_UNSUPPORTED);
    /* Before 14, 0x05 and 0x07 are unknown and ignored. */
    TF_CHECK_INT(
        decode_hex(draft(13), "20 0010 01 c0000000ff00000d 02 05 01 \"a\" 07 01 \"b\"", &m), 19);
    TF_CHECK_EQ(m.setup.has, 0);
}

/* mt-15 l.1971: no version fields; MOQT_IMPLEMENTATION 0x07. */
TF_TEST("wire/setup", figure_15)
{
    const moqt_profile *p = draft(15);
    moqt_msg m;
    check_exact(p, "20 0010 03 01 02 \"/x\" 02 0a 07 07 \"libmoqt\"", &m);
    TF_CHECK_EQ(m.setup.has, MOQT_S_PATH | MOQT_S_MAX_REQUEST_ID | MOQT_S_IMPLEMENTATION);
    TF_CHECK_STR(m.setup.implementation, "libmoqt");
    check_exact(p, "21 0004 01 02 4040", &m);
    TF_CHECK_EQ(m.kind, MOQT_MSG_SERVER_SETUP);
    TF_CHECK_EQ(m.setup.max_request_id, 64);
    TF_CHECK_EQ(m.setup.selected_version, 0);
}

/* mt-16 l.2058: as 15 with delta-coded types. Unknown setup parameters stay
 * ignorable in 16 (mt-16 l.1724), unlike message parameters. */
TF_TEST("wire/setup", figure_16)
{
    const moqt_profile *p = draft(16);
    moqt_msg m;
    check_exact(p, "21 000a 03 01 02 \"/x\" 01 0a 03 01 \"s\"", &m);
    TF_CHECK_STR(m.setup.path, "/x");
    TF_CHECK_EQ(m.setup.max_request_id, 10);
    TF_CHECK_STR(m.setup.authority, "s");
    TF_CHECK_INT(decode_hex(p, "20 0007 03 02 07 07 00 00 00", &m), 10);
    TF_CHECK_EQ(m.setup.has, MOQT_S_MAX_REQUEST_ID);
}

/* mt-17 l.2299 SETUP: Type 0x2F00 (vi64 af 00), Length(16), Setup Options as
 * delta KVPs to the end; PATH 0x01, AUTHORIZATION TOKEN 0x03,
 * MAX_AUTH_TOKEN_CACHE_SIZE 0x04, AUTHORITY 0x05, MOQT_IMPLEMENTATION 0x07. */
TF_TEST("wire/setup", figure_17_18)
{
    for (unsigned d = 17; d <= 19; d++) {
        moqt_msg m;
        check_exact(draft(d),
                    "af00 0015 01 02 \"/x\" 02 03 03 00 74 01 0a 01 03 \"a.b\" 02 03 \"lib\"", &m);
        TF_CHECK_EQ(m.kind, MOQT_MSG_SETUP);
        TF_CHECK_EQ(m.setup.has, MOQT_S_PATH | MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE | MOQT_S_AUTHORITY |
                                     MOQT_S_IMPLEMENTATION);
        TF_CHECK_STR(m.setup.path, "/x");
        TF_REQUIRE(m.setup.auth_count == 1);
        TF_CHECK_EQ(m.setup.auth[0].alias_type, MOQT_TOKEN_ALIAS_USE_VALUE);
        TF_CHECK_STR(m.setup.auth[0].value, "t");
        TF_CHECK_EQ(m.setup.max_auth_token_cache_size, 10);
        TF_CHECK_STR(m.setup.authority, "a.b");
        TF_CHECK_STR(m.setup.implementation, "lib");
        /* An empty SETUP is valid. */
        check_exact(draft(d), "af00 0000", &m);
        TF_CHECK_EQ(m.setup.has, 0);
        /* MAX_REQUEST_ID 0x02 is gone in 17: ignored as unknown. */
        TF_CHECK_INT(decode_hex(draft(d), "af00 0002 02 05", &m), 6);
        TF_CHECK_EQ(m.setup.has, 0);
    }
}

/* mt-19 l.2943 MAX_FILTER_RANGES 0x06, l.2951 MAX_REQUEST_UPDATES 0x08. */
TF_TEST("wire/setup", figure_19)
{
    moqt_msg m;
    check_exact(draft(19), "af00 000d 01 02 \"/x\" 05 10 01 03 \"lib\" 01 05", &m);
    TF_CHECK_EQ(m.setup.has, MOQT_S_PATH | MOQT_S_MAX_FILTER_RANGES | MOQT_S_IMPLEMENTATION |
                                 MOQT_S_MAX_REQUEST_UPDATES);
    TF_CHECK_EQ(m.setup.max_filter_ranges, 16);
    TF_CHECK_EQ(m.setup.max_request_updates, 5);
    /* Unknown (ignored) in 18. */
    TF_CHECK_INT(decode_hex(draft(18), "af00 0004 06 10 02 05", &m), 8);
    TF_CHECK_EQ(m.setup.has, 0);
}

/* mt-17 l.4228: GREASE options 0x7f*N+0x9D are ignored, odd or even, and may
 * repeat (mt-17 l.2311: duplicates of unknown options are allowed). */
TF_TEST("wire/setup", grease_17)
{
    for (unsigned d = 17; d <= 19; d++) {
        const moqt_profile *p = draft(d);
        moqt_msg m;
        TF_CHECK_INT(decode_hex(p, "af00 000d 01 02 \"/x\" 809c 02 aabb 1f 05 00 07", &m), 17);
        TF_CHECK_EQ(m.setup.has, MOQT_S_PATH);
        uint8_t out[32], exp[32];
        size_t n = tf_unhex("af00 0004 01 02 \"/x\"", exp, sizeof(exp));
        moqt_ssize e = moqt_wire_encode_control(p, &m, out, sizeof(out));
        TF_CHECK_BYTES(out, e > 0 ? (size_t)e : 0, exp, n);
    }
}

TF_DRAFT_TEST("wire/setup", length_mismatch_and_duplicates)
{
    moqt_msg m;
    uint8_t buf[64];
    size_t n;
    /* A CLIENT_SETUP/SETUP carrying PATH "/x" and MAX_REQUEST_ID or cache size 10. */
    if (p->setup_shape == MOQT_SETUP_40_VERSIONED) {
        n = tf_unhex("4040 0e 01 c0000000ff000007 01 01 02 \"/x\"", buf, sizeof(buf));
    } else if (p->setup_shape == MOQT_SETUP_20_VERSIONED) {
        n = tf_unhex("20 000e 01 c0000000ff000007 01 01 02 \"/x\"", buf, sizeof(buf));
    } else if (p->setup_shape == MOQT_SETUP_20) {
        n = p->draft == 15 ? tf_unhex("20 0007 02 01 02 \"/x\" 02 0a", buf, sizeof(buf))
                           : tf_unhex("20 0007 02 01 02 \"/x\" 01 0a", buf, sizeof(buf));
    } else {
        n = tf_unhex("af00 0006 01 02 \"/x\" 03 0a", buf, sizeof(buf));
    }
    TF_REQUIRE(moqt_wire_decode_control(p, buf, n, &m, NULL) == (moqt_ssize)n);
    TF_CHECK(m.setup.has & MOQT_S_PATH);
    /* The same bytes with a Length one shorter: the message's fields overrun it. */
    size_t len_at = 2; /* after 0x20 0x00 (16-bit length), 0xAF 0x00 or 0x40 0x40 */
    if (p->control_length_16) {
        len_at = p->int_kind == MOQT_INT_QUIC ? 2 : 3;
    }
    buf[len_at]--;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n - 1, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    /* A Length one longer, with a junk byte: trailing bytes. */
    buf[len_at] += 2;
    buf[n] = 0x00;
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n + 1, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
    /* Duplicate PATH. */
    if (p->setup_shape == MOQT_SETUP_40_VERSIONED) {
        n = tf_unhex("4040 0a 00 02 01 02 \"/x\" 01 02 \"/y\"", buf, sizeof(buf));
    } else if (p->setup_shape == MOQT_SETUP_20_VERSIONED) {
        n = tf_unhex("20 000a 00 02 01 02 \"/x\" 01 02 \"/y\"", buf, sizeof(buf));
    } else if (p->setup_shape == MOQT_SETUP_20) {
        n = p->draft == 15 ? tf_unhex("20 0009 02 01 02 \"/x\" 01 02 \"/y\"", buf, sizeof(buf))
                           : tf_unhex("20 0009 02 01 02 \"/x\" 00 02 \"/y\"", buf, sizeof(buf));
    } else {
        n = tf_unhex("af00 0008 01 02 \"/x\" 00 02 \"/y\"", buf, sizeof(buf));
    }
    TF_CHECK_INT(moqt_wire_decode_control(p, buf, n, &m, NULL), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("wire/setup", too_many_versions_is_a_limit)
{
    moqt_msg m;
    /* 17 one-byte versions: over MOQT_MAX_SETUP_VERSIONS (16). */
    TF_CHECK_INT(decode_hex(draft(7), "4040 13 11 0101010101010101010101010101010101 00", &m),
                 MOQT_ERR_WIRE_LIMIT);
    TF_CHECK_INT(decode_hex(draft(12), "20 0013 11 0101010101010101010101010101010101 00", &m),
                 MOQT_ERR_WIRE_LIMIT);
}

/* Fill every setup field the draft defines for |kind|. */
static void fill_setup(const moqt_profile *p, moqt_msg *m, moqt_msg_kind kind)
{
    unsigned d = p->draft;
    moqt_msg_init(m, kind);
    moqt_setup_fields *s = &m->setup;
    if (p->version_in_setup && kind == MOQT_MSG_CLIENT_SETUP) {
        s->version_count = 2;
        s->versions[0] = p->version;
        s->versions[1] = 0xff0dad01;
    } else if (p->version_in_setup) {
        s->selected_version = p->version;
    }
    bool from_client = kind != MOQT_MSG_SERVER_SETUP;
    s->has = MOQT_S_PATH;
    s->path = (moqt_bytes){(const uint8_t *)"/live?x=1", 9};
    if (d == 7) {
        s->has |= MOQT_S_ROLE;
        s->role = MOQT_ROLE_PUBLISHER;
    }
    if (d <= 16) {
        s->has |= MOQT_S_MAX_REQUEST_ID;
        s->max_request_id = 1u << 20;
    }
    if (d >= 11) {
        s->has |= MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE;
        s->max_auth_token_cache_size = 4096;
    }
    if (d >= 12) {
        s->auth_count = 2;
        s->auth[0] = (moqt_auth_token){MOQT_TOKEN_ALIAS_REGISTER, 1, 2,
                                       (moqt_bytes){(const uint8_t *)"jwt", 3}};
        s->auth[1] = (moqt_auth_token){MOQT_TOKEN_ALIAS_USE_VALUE, 0, 0,
                                       (moqt_bytes){(const uint8_t *)"", 0}};
    }
    if (d >= 14) {
        s->has |= MOQT_S_IMPLEMENTATION;
        s->implementation = (moqt_bytes){(const uint8_t *)"libmoqt/0.1", 11};
        if (from_client) {
            s->has |= MOQT_S_AUTHORITY;
            s->authority = (moqt_bytes){(const uint8_t *)"relay.example:4443", 18};
        }
    }
    if (d >= 19) {
        s->has |= MOQT_S_MAX_FILTER_RANGES | MOQT_S_MAX_REQUEST_UPDATES;
        s->max_filter_ranges = 64;
        s->max_request_updates = 3;
    }
}

static bool setup_eq(const moqt_setup_fields *a, const moqt_setup_fields *b)
{
    bool eq = a->has == b->has && a->version_count == b->version_count &&
              a->selected_version == b->selected_version && a->role == b->role &&
              moqt_bytes_eq(a->path, b->path) && moqt_bytes_eq(a->authority, b->authority) &&
              moqt_bytes_eq(a->implementation, b->implementation) &&
              a->max_request_id == b->max_request_id &&
              a->max_auth_token_cache_size == b->max_auth_token_cache_size &&
              a->max_filter_ranges == b->max_filter_ranges &&
              a->max_request_updates == b->max_request_updates && a->auth_count == b->auth_count;
    for (size_t i = 0; eq && i < a->version_count; i++) {
        eq = a->versions[i] == b->versions[i];
    }
    for (size_t i = 0; eq && i < a->auth_count; i++) {
        eq = a->auth[i].alias_type == b->auth[i].alias_type &&
             a->auth[i].alias == b->auth[i].alias &&
             a->auth[i].token_type == b->auth[i].token_type &&
             moqt_bytes_eq(a->auth[i].value, b->auth[i].value);
    }
    return eq;
}

TF_DRAFT_TEST("wire/setup", round_trip_every_field)
{
    moqt_msg_kind kinds[] = {MOQT_MSG_CLIENT_SETUP, MOQT_MSG_SERVER_SETUP, MOQT_MSG_SETUP};
    for (size_t k = 0; k < 3; k++) {
        if (!moqt_profile_msg_type(p, kinds[k])) {
            continue;
        }
        moqt_msg m, m2;
        fill_setup(p, &m, kinds[k]);
        uint8_t b1[512], b2[512];
        moqt_ssize n1 = moqt_wire_encode_control(p, &m, b1, sizeof(b1));
        TF_REQUIRE(n1 > 0);
        TF_REQUIRE(moqt_wire_decode_control(p, b1, (size_t)n1, &m2, NULL) == n1);
        TF_CHECK(m2.kind == kinds[k]);
        TF_CHECK(setup_eq(&m.setup, &m2.setup));
        moqt_ssize n2 = moqt_wire_encode_control(p, &m2, b2, sizeof(b2));
        TF_CHECK_BYTES(b2, n2 > 0 ? (size_t)n2 : 0, b1, (size_t)n1);
        /* Out of room. */
        TF_CHECK_INT(moqt_wire_encode_control(p, &m, b2, (size_t)n1 - 1), MOQT_ERR_NOBUF);
    }
}

/* A field the draft cannot carry is refused rather than dropped. */
TF_DRAFT_TEST("wire/setup", cannot_express)
{
    unsigned d = p->draft;
    moqt_msg_kind kind =
        moqt_profile_msg_type(p, MOQT_MSG_SETUP) ? MOQT_MSG_SETUP : MOQT_MSG_CLIENT_SETUP;
    struct {
        uint32_t bit;
        unsigned from, to;
    } rows[] = {
        {MOQT_S_ROLE, 7, 7},
        {MOQT_S_PATH, 7, 99},
        {MOQT_S_MAX_REQUEST_ID, 7, 16},
        {MOQT_S_MAX_AUTH_TOKEN_CACHE_SIZE, 11, 99},
        {MOQT_S_AUTHORITY, 14, 99},
        {MOQT_S_IMPLEMENTATION, 14, 99},
        {MOQT_S_MAX_FILTER_RANGES, 19, 99},
        {MOQT_S_MAX_REQUEST_UPDATES, 19, 99},
    };
    uint8_t buf[128];
    moqt_msg m;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        moqt_msg_init(&m, kind);
        m.setup.has = rows[i].bit;
        m.setup.role = MOQT_ROLE_PUBSUB;
        bool ok = d >= rows[i].from && d <= rows[i].to;
        moqt_ssize rv = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
        if (ok) {
            TF_CHECK(rv > 0);
        } else {
            TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
        }
    }
    /* Tokens from 12 (mt-12 l.1701). */
    moqt_msg_init(&m, kind);
    m.setup.auth_count = 1;
    m.setup.auth[0].alias_type = MOQT_TOKEN_ALIAS_USE_VALUE;
    moqt_ssize rv = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
    if (d >= 12) {
        TF_CHECK(rv > 0);
    } else {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
    }
    /* Versions only where the setup carries them (07-14). */
    moqt_msg_init(&m, kind);
    m.setup.version_count = 1;
    m.setup.versions[0] = p->version;
    rv = moqt_wire_encode_control(p, &m, buf, sizeof(buf));
    if (p->version_in_setup) {
        TF_CHECK(rv > 0);
    } else {
        TF_CHECK_INT(rv, MOQT_ERR_UNSUPPORTED);
    }
    /* ROLE outside 1..3 is never sent. */
    if (d == 7) {
        moqt_msg_init(&m, kind);
        m.setup.has = MOQT_S_ROLE;
        m.setup.role = 4;
        TF_CHECK_INT(moqt_wire_encode_control(p, &m, buf, sizeof(buf)), MOQT_ERR_UNSUPPORTED);
    }
}
