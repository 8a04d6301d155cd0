/* HTTP/3 frame headers, SETTINGS and GOAWAY (RFC 9114 §7.2) and the SETTINGS
 * Chromium 156 sends (STACK.md "What headless Chromium 156 does"). */
#include "tf.h"

#include "webtransport/h3_frame.h"

TF_TEST("webtransport/h3", frame_header_vectors)
{
    uint8_t buf[32];
    size_t n = tf_unhex("00 05 \"hello\"", buf, sizeof buf); /* RFC 9114 §7.2.1 DATA */
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t type, len;
    TF_CHECK_INT(moqt_h3_frame_header_decode(&r, &type, &len), 0);
    TF_CHECK_EQ(type, MOQT_H3_FRAME_DATA);
    TF_CHECK_EQ(len, 5);
    TF_CHECK_EQ(moqt_rd_left(&r), 5);

    /* wt-02 l.215: the bidi signal 0x41 as Chromium sends it (40 41), no length. */
    n = tf_unhex("40 41 00", buf, sizeof buf);
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_frame_header_decode(&r, &type, &len), 0);
    TF_CHECK_EQ(type, MOQT_H3_FRAME_WT_STREAM);
    TF_CHECK_EQ(len, 0);
    TF_CHECK_EQ(moqt_rd_left(&r), 1);

    /* Truncated: nothing consumed. */
    n = tf_unhex("41 00", buf, sizeof buf); /* a 2-byte type, no length */
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_frame_header_decode(&r, &type, &len), MOQT_ERR_WIRE_NEED_MORE);
    TF_CHECK_EQ(moqt_rd_left(&r), 2);

    uint8_t out[16];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_HEADERS, 300), 0);
    TF_CHECK_INT(moqt_h3_frame_header_encode(&w, MOQT_H3_FRAME_WT_STREAM, 0), 0);
    uint8_t exp[8];
    size_t en = tf_unhex("01 41 2c 40 41", exp, sizeof exp);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), exp, en);
}

TF_TEST("webtransport/h3", grease_form)
{
    TF_CHECK(moqt_h3_is_grease(0x21));
    TF_CHECK(moqt_h3_is_grease(0x40));
    TF_CHECK(moqt_h3_is_grease(0x1f * 1000 + 0x21));
    TF_CHECK(!moqt_h3_is_grease(0x20));
    TF_CHECK(!moqt_h3_is_grease(0x41));
    TF_CHECK(!moqt_h3_is_grease(0));
}

TF_TEST("webtransport/h3", settings_chromium_draft02)
{
    /* What Chromium 156 sends: QPACK settings, H3_DATAGRAM=1, the draft-04
     * datagram setting, ENABLE_WEBTRANSPORT (wt-02) =1, and a GREASE pair. */
    uint8_t buf[64];
    size_t n = tf_unhex("04 18  01 00  07 00  06 80 01 00 00  33 01  80 ff d2 77 01"
                        "  ab 60 37 42 01  40 40 02",
                        buf, sizeof buf);
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t type, len;
    TF_REQUIRE(moqt_h3_frame_header_decode(&r, &type, &len) == 0);
    TF_CHECK_EQ(type, MOQT_H3_FRAME_SETTINGS);
    TF_REQUIRE(len == moqt_rd_left(&r));
    moqt_h3_settings s;
    TF_CHECK_INT(moqt_h3_settings_decode(&r, &s), 0);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_QPACK_MAX_TABLE_CAPACITY), 0);
    TF_CHECK(moqt_h3_settings_has(&s, MOQT_H3_SET_QPACK_BLOCKED_STREAMS));
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_MAX_FIELD_SECTION_SIZE), 0x10000);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_H3_DATAGRAM), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_H3_DATAGRAM_DRAFT04), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_ENABLE_D02), 1);
    TF_CHECK(!moqt_h3_settings_has(&s, MOQT_H3_SET_WT_ENABLED_D15));
    TF_CHECK(!moqt_h3_settings_has(&s, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL));
}

TF_TEST("webtransport/h3", settings_newer_codepoints)
{
    /* wt-08 0xc671706a (8-byte varint), wt-13 0x14e9cd29, wt-16 0x2c7cf000,
     * the flow-control settings, and an unknown 0x1234 which is ignored. */
    uint8_t buf[64];
    size_t n = tf_unhex("c0 00 00 00 c6 71 70 6a 04  94 e9 cd 29 05  ac 7c f0 00 01"
                        "  6b 64 0a  6b 65 0b  6b 61 44 00  52 34 07  08 01",
                        buf, sizeof buf);
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    moqt_h3_settings s;
    TF_CHECK_INT(moqt_h3_settings_decode(&r, &s), 0);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_MAX_SESSIONS_D07), 4);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_MAX_SESSIONS_D13), 5);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_ENABLED_D15), 1);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI), 10);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI), 11);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_WT_INITIAL_MAX_DATA), 0x400);
    TF_CHECK_EQ(moqt_h3_settings_get(&s, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL), 1);
}

TF_TEST("webtransport/h3", settings_rules)
{
    static const char *bad[] = {
        "01 00 01 00",       /* RFC 9114 §7.2.4: duplicate identifier */
        "52 34 00 52 34 01", /* duplicate, even of an unknown one */
        "02 00",             /* §7.2.4.1: HTTP/2 SETTINGS_ENABLE_PUSH */
        "05 00",             /* HTTP/2 SETTINGS_MAX_FRAME_SIZE */
        "33 02",             /* RFC 9297 §2.1.1: H3_DATAGRAM is 0 or 1 */
        "08 05",             /* RFC 9220 §3: ENABLE_CONNECT_PROTOCOL is 0 or 1 */
        "01",                /* value cut off by the frame length */
        "40",                /* identifier cut off */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t buf[16];
        size_t n = tf_unhex(bad[i], buf, sizeof buf);
        moqt_rd r;
        moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
        moqt_h3_settings s;
        if (moqt_h3_settings_decode(&r, &s) != MOQT_ERR_WIRE_MALFORMED) {
            tf_fail(__FILE__, __LINE__, "vector %zu (%s) accepted", i, bad[i]);
        }
        TF_CHECK(r.why != NULL);
    }
    /* An empty SETTINGS payload is fine: every default applies. */
    moqt_rd r;
    moqt_rd_init(&r, NULL, 0, MOQT_INT_QUIC);
    moqt_h3_settings s;
    TF_CHECK_INT(moqt_h3_settings_decode(&r, &s), 0);
    TF_CHECK_EQ(s.present, 0);
}

TF_TEST("webtransport/h3", settings_roundtrip_with_grease)
{
    moqt_h3_settings s = {0};
    moqt_h3_settings_set(&s, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_H3_DATAGRAM, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_ENABLE_D02, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_MAX_SESSIONS_D07, 16);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_INITIAL_MAX_DATA, MOQT_QUIC_VARINT_MAX);
    s.grease_n = 7;
    uint8_t out[128];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_h3_settings_encode(&w, &s) == 0);
    moqt_rd r;
    moqt_rd_init(&r, out, (size_t)(w.pos - out), MOQT_INT_QUIC);
    uint64_t type, len;
    TF_REQUIRE(moqt_h3_frame_header_decode(&r, &type, &len) == 0);
    TF_CHECK_EQ(type, MOQT_H3_FRAME_SETTINGS);
    TF_CHECK_EQ(len, moqt_rd_left(&r));
    moqt_h3_settings d;
    TF_REQUIRE(moqt_h3_settings_decode(&r, &d) == 0);
    TF_CHECK_EQ(d.present, s.present);
    for (int i = 0; i < MOQT_H3_SET_COUNT; i++) {
        TF_CHECK_EQ(moqt_h3_settings_get(&d, i), moqt_h3_settings_get(&s, i));
    }
    /* Every prefix of the frame is too short for a NOBUF-free encoder. */
    for (size_t cap = 0; cap < (size_t)(w.pos - out); cap++) {
        moqt_wr w2;
        moqt_wr_init(&w2, out, cap, MOQT_INT_QUIC);
        TF_CHECK_INT(moqt_h3_settings_encode(&w2, &s), MOQT_ERR_NOBUF);
    }
}

TF_TEST("webtransport/h3", goaway)
{
    uint8_t buf[16];
    size_t n = tf_unhex("07 01 08", buf, sizeof buf); /* RFC 9114 §7.2.6 */
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t type, len, id;
    TF_REQUIRE(moqt_h3_frame_header_decode(&r, &type, &len) == 0);
    TF_CHECK_EQ(type, MOQT_H3_FRAME_GOAWAY);
    moqt_rd p;
    moqt_rd_init(&p, r.pos, (size_t)len, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_goaway_decode(&p, &id), 0);
    TF_CHECK_EQ(id, 8);
    uint8_t out[16];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_h3_goaway_encode(&w, 8) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);

    n = tf_unhex("08 00", buf, sizeof buf); /* trailing byte */
    moqt_rd_init(&p, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_goaway_decode(&p, &id), MOQT_ERR_WIRE_MALFORMED);
    moqt_rd_init(&p, buf, 0, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_goaway_decode(&p, &id), MOQT_ERR_WIRE_MALFORMED);
}
