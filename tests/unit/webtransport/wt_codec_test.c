/* Capsules, preambles, HTTP datagrams, error code mapping, SF strings. */
#include "tf.h"

#include "webtransport/h3_frame.h"
#include "webtransport/wt_codec.h"

TF_TEST("webtransport/codec", close_capsule_vector)
{
    /* wt-02 l.371: CLOSE_WEBTRANSPORT_SESSION 0x2843 (2-byte varint 68 43),
     * Length 9, code 300, message "bye!!". */
    uint8_t buf[32];
    size_t n = tf_unhex("68 43 09 00 00 01 2c \"bye!!\"", buf, sizeof buf);
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t type;
    moqt_bytes v, msg;
    TF_REQUIRE(moqt_capsule_decode(&r, &type, &v) == 0);
    TF_CHECK_EQ(type, MOQT_CAPSULE_WT_CLOSE_SESSION);
    TF_CHECK_EQ(moqt_rd_left(&r), 0);
    uint32_t code;
    TF_REQUIRE(moqt_capsule_close_decode(v, &code, &msg) == 0);
    TF_CHECK_EQ(code, 300);
    TF_CHECK_STR(msg, "bye!!");

    uint8_t out[32];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_capsule_close_encode(&w, 300, (const uint8_t *)"bye!!", 5) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);

    /* Every truncation needs more and consumes nothing. */
    for (size_t k = 0; k < n; k++) {
        moqt_rd_init(&r, buf, k, MOQT_INT_QUIC);
        TF_CHECK_INT(moqt_capsule_decode(&r, &type, &v), MOQT_ERR_WIRE_NEED_MORE);
        TF_CHECK(r.pos == buf);
    }
    /* A value shorter than the 32-bit code is malformed. */
    moqt_bytes shortv = {buf + 3, 3};
    TF_CHECK_INT(moqt_capsule_close_decode(shortv, &code, &msg), MOQT_ERR_WIRE_MALFORMED);
    /* Message over 1024 bytes (wt-02 l.389). */
    static uint8_t big[4 + 1025];
    TF_CHECK_INT(moqt_capsule_close_decode((moqt_bytes){big, sizeof big}, &code, &msg),
                 MOQT_ERR_WIRE_MALFORMED);
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_capsule_close_encode(&w, 1, big, 1025), MOQT_ERR_UNSUPPORTED);
}

TF_TEST("webtransport/codec", drain_and_flow_control_capsules)
{
    uint8_t buf[32];
    size_t n = tf_unhex("80 00 78 ae 00", buf, sizeof buf); /* wt-16 l.649 */
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t type, v;
    moqt_bytes val;
    TF_REQUIRE(moqt_capsule_decode(&r, &type, &val) == 0);
    TF_CHECK_EQ(type, MOQT_CAPSULE_WT_DRAIN_SESSION);
    TF_CHECK_INT(moqt_capsule_drain_decode(val), 0);
    TF_CHECK_INT(moqt_capsule_drain_decode((moqt_bytes){buf, 1}), MOQT_ERR_WIRE_MALFORMED);

    /* wt-16 l.926: WT_MAX_STREAMS (bidi) 0x190B4D3F, one varint 100. */
    n = tf_unhex("99 0b 4d 3f 02 40 64", buf, sizeof buf);
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_capsule_decode(&r, &type, &val) == 0);
    TF_CHECK_EQ(type, MOQT_CAPSULE_WT_MAX_STREAMS_BIDI);
    TF_CHECK_INT(moqt_capsule_varint_decode(val, &v), 0);
    TF_CHECK_EQ(v, 100);
    uint8_t out[16];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_capsule_varint_encode(&w, MOQT_CAPSULE_WT_MAX_STREAMS_BIDI, 100) == 0);
    /* our encoder writes the minimal varint: 64 is 2 bytes, so equal */
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);
    /* trailing byte / empty value */
    TF_CHECK_INT(moqt_capsule_varint_decode((moqt_bytes){(const uint8_t *)"\x01\x02", 2}, &v),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_capsule_varint_decode((moqt_bytes){buf, 0}, &v), MOQT_ERR_WIRE_MALFORMED);

    /* An oversized capsule is our limit, not the peer's fault. */
    n = tf_unhex("00 80 10 00 01", buf, sizeof buf); /* DATAGRAM, Length 65537 */
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_capsule_decode(&r, &type, &val), MOQT_ERR_WIRE_LIMIT);
}

TF_TEST("webtransport/codec", preambles)
{
    uint8_t out[16], exp[16];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_wt_uni_preamble_encode(&w, 0) == 0);
    TF_REQUIRE(moqt_wt_bidi_preamble_encode(&w, 4) == 0);
    /* As Chromium writes them: 40 54 + id, 40 41 + id (both 2-byte types). The
     * minimal 1-byte forms 0x54 / 0x41 are what we send; both decode alike. */
    size_t n = tf_unhex("40 54 00 40 41 04", exp, sizeof exp);
    TF_CHECK_EQ((size_t)(w.pos - out), n);
    moqt_rd r;
    moqt_rd_init(&r, out, (size_t)(w.pos - out), MOQT_INT_QUIC);
    uint64_t a, b, c, d;
    TF_REQUIRE(moqt_rd_qint(&r, &a) == 0 && moqt_rd_qint(&r, &b) == 0);
    TF_REQUIRE(moqt_rd_qint(&r, &c) == 0 && moqt_rd_qint(&r, &d) == 0);
    TF_CHECK_EQ(a, MOQT_H3_STREAM_WT_UNI);
    TF_CHECK_EQ(b, 0);
    TF_CHECK_EQ(c, MOQT_H3_FRAME_WT_STREAM);
    TF_CHECK_EQ(d, 4);
}

TF_TEST("webtransport/codec", datagram_quarter_stream_id)
{
    uint8_t buf[32];
    size_t n = tf_unhex("01 \"hi\"", buf, sizeof buf); /* RFC 9297 §2.1: stream 4 */
    moqt_rd r;
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    uint64_t sid;
    moqt_bytes pl;
    TF_REQUIRE(moqt_h3_datagram_decode(&r, &sid, &pl) == 0);
    TF_CHECK_EQ(sid, 4);
    TF_CHECK_STR(pl, "hi");
    uint8_t out[16];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_h3_datagram_encode(&w, 4, (const uint8_t *)"hi", 2) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), buf, n);
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_datagram_encode(&w, 3, NULL, 0), MOQT_ERR_INVALID_ARGUMENT);

    /* 2^60 is one above the largest Quarter Stream ID (RFC 9297 §2.1). */
    n = tf_unhex("d0 00 00 00 00 00 00 00", buf, sizeof buf);
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_datagram_decode(&r, &sid, &pl), MOQT_ERR_WIRE_MALFORMED);
    n = tf_unhex("cf ff ff ff ff ff ff ff", buf, sizeof buf);
    moqt_rd_init(&r, buf, n, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_datagram_decode(&r, &sid, &pl), 0);
    TF_CHECK_EQ(sid, ((1ULL << 60) - 1) * 4);
    moqt_rd_init(&r, buf, 0, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_h3_datagram_decode(&r, &sid, &pl), MOQT_ERR_WIRE_MALFORMED);
}

TF_TEST("webtransport/codec", app_error_mapping)
{
    uint64_t h;
    uint32_t n;
    /* wt-02 l.280: 0x00 -> 0x52e4a40fa8db, 0xff -> 0x52e4a40fa9e2. */
    TF_REQUIRE(moqt_wt_app_error_to_h3(0, 0xff, &h) == 0);
    TF_CHECK_EQ(h, 0x52e4a40fa8dbULL);
    TF_REQUIRE(moqt_wt_app_error_to_h3(0xff, 0xff, &h) == 0);
    TF_CHECK_EQ(h, 0x52e4a40fa9e2ULL);
    TF_CHECK_INT(moqt_wt_app_error_to_h3(0x100, 0xff, &h), MOQT_ERR_UNSUPPORTED);
    /* wt-16 l.557, l.1564: 0xffffffff -> 0x52e5ac983162. */
    TF_REQUIRE(moqt_wt_app_error_to_h3(0xffffffffULL, 0xffffffffULL, &h) == 0);
    TF_CHECK_EQ(h, 0x52e5ac983162ULL);
    TF_CHECK_INT(moqt_wt_app_error_to_h3(0x100000000ULL, 0xffffffffffULL, &h),
                 MOQT_ERR_UNSUPPORTED);
    /* Both ways, across GREASE gaps: never lands on a GREASE point. */
    for (uint64_t k = 0; k < 2000; k++) {
        TF_REQUIRE(moqt_wt_app_error_to_h3(k, 0xffffffffULL, &h) == 0);
        TF_CHECK(!moqt_h3_is_grease(h));
        TF_REQUIRE(moqt_wt_h3_to_app_error(h, MOQT_WT_APP_ERROR_LAST, &n) == 0);
        TF_CHECK_EQ(n, k);
    }
    TF_REQUIRE(moqt_wt_h3_to_app_error(0x52e5ac983162ULL, MOQT_WT_APP_ERROR_LAST, &n) == 0);
    TF_CHECK_EQ(n, 0xffffffffu);
    /* Outside the ranges, and a GREASE point inside. */
    TF_CHECK_INT(moqt_wt_h3_to_app_error(0x52e4a40fa9e3ULL, MOQT_WT_APP_ERROR_LAST_D02, &n),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_wt_h3_to_app_error(0x52e4a40fa8daULL, MOQT_WT_APP_ERROR_LAST, &n),
                 MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK_INT(moqt_wt_h3_to_app_error(0x10c, MOQT_WT_APP_ERROR_LAST, &n),
                 MOQT_ERR_WIRE_MALFORMED);
    uint64_t g = 0x52e4a40fa8dbULL;
    while (!moqt_h3_is_grease(g)) {
        g++;
    }
    TF_CHECK_INT(moqt_wt_h3_to_app_error(g, MOQT_WT_APP_ERROR_LAST, &n), MOQT_ERR_WIRE_MALFORMED);
}

static int sf_items(const char *field, char items[][32], size_t max, size_t *count)
{
    moqt_rd r;
    moqt_rd_init(&r, (const uint8_t *)field, strlen(field), MOQT_INT_QUIC);
    *count = 0;
    for (;;) {
        char s[32];
        size_t len;
        int rv = moqt_sf_list_next(&r, s, sizeof s - 1, &len);
        if (rv == 1) {
            return 0;
        }
        if (rv != 0) {
            return rv;
        }
        if (*count < max) {
            if (len == SIZE_MAX) {
                strcpy(items[*count], "<non-string>");
            } else {
                memcpy(items[*count], s, len);
                items[*count][len] = 0;
            }
        }
        (*count)++;
    }
}

TF_TEST("webtransport/codec", sf_string_lists)
{
    char it[8][32];
    size_t n;
    /* What Chromium sends for protocols: ['moqt-16', 'moq-00']. */
    TF_REQUIRE(sf_items("\"moqt-16\", \"moq-00\"", it, 8, &n) == 0);
    TF_CHECK_EQ(n, 2);
    TF_CHECK(strcmp(it[0], "moqt-16") == 0 && strcmp(it[1], "moq-00") == 0);
    /* Escapes, parameters, a token member, tabs around commas. */
    TF_REQUIRE(sf_items("\"a\\\"b\\\\\";q=1;x, tok;y=\"z\"\t,\"\"", it, 8, &n) == 0);
    TF_CHECK_EQ(n, 3);
    TF_CHECK(strcmp(it[0], "a\"b\\") == 0);
    TF_CHECK(strcmp(it[1], "<non-string>") == 0);
    TF_CHECK(strcmp(it[2], "") == 0);
    TF_REQUIRE(sf_items("", it, 8, &n) == 0);
    TF_CHECK_EQ(n, 0);
    static const char *bad[] = {"\"open",  "\"a\" \"b\"", "\"a\",",  "(\"a\")",
                                "\"\\x\"", "\"a\";=1",    "\"\x01\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (sf_items(bad[i], it, 8, &n) != MOQT_ERR_WIRE_MALFORMED) {
            tf_fail(__FILE__, __LINE__, "sf vector %zu accepted", i);
        }
    }
    /* Encoding escapes quote and backslash, refuses control bytes. */
    uint8_t out[32];
    moqt_wr w;
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_REQUIRE(moqt_sf_string_encode(&w, "m\"q\\", 4) == 0);
    TF_CHECK_BYTES(out, (size_t)(w.pos - out), (const uint8_t *)"\"m\\\"q\\\\\"", 8);
    moqt_wr_init(&w, out, sizeof out, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_sf_string_encode(&w, "a\nb", 3), MOQT_ERR_UNSUPPORTED);
}
