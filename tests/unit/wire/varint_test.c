/* QUIC varints (RFC 9000 §16, appendix A.1 examples) and MoQT vi64 (mt-17 l.248-311,
 * mt-18 l.256-318). */
#include "tf.h"

#include "wire/buf.h"
#include "wire/varint.h"

TF_TEST("wire/varint", quic_rfc9000_examples)
{
    /* RFC 9000 §A.1: the four examples. */
    static const struct {
        const char *hex;
        uint64_t value;
    } vec[] = {
        {"c2 19 7c 5e ff 14 e8 8c", 151288809941952652ULL},
        {"9d 7f 3e 7d", 494878333},
        {"7b bd", 15293},
        {"25", 37},
        {"40 25", 37},
    };
    for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
        uint8_t buf[16];
        size_t n = tf_unhex(vec[i].hex, buf, sizeof(buf));
        uint64_t v = 0;
        TF_CHECK_EQ(moqt_quic_varint_decode(buf, n, &v), n);
        TF_CHECK_EQ(v, vec[i].value);
        /* every prefix is too short */
        for (size_t k = 0; k < n; k++) {
            TF_CHECK_EQ(moqt_quic_varint_decode(buf, k, &v), 0);
        }
    }
}

TF_TEST("wire/varint", quic_roundtrip_boundaries)
{
    static const uint64_t vals[] = {0,     63,         64,         16383,
                                    16384, 1073741823, 1073741824, MOQT_QUIC_VARINT_MAX};
    static const size_t lens[] = {1, 1, 2, 2, 4, 4, 8, 8};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint8_t buf[8];
        TF_CHECK_EQ(moqt_quic_varint_len(vals[i]), lens[i]);
        TF_CHECK_EQ(moqt_quic_varint_encode(buf, vals[i]), lens[i]);
        uint64_t v;
        TF_CHECK_EQ(moqt_quic_varint_decode(buf, lens[i], &v), lens[i]);
        TF_CHECK_EQ(v, vals[i]);
    }
    TF_CHECK_EQ(moqt_quic_varint_len(MOQT_QUIC_VARINT_MAX + 1), 0);
}

TF_TEST("wire/varint", vi64_draft_examples)
{
    /* mt-18 l.298-310 example table (mt-17's 0xdd7f3e7d is not a valid 4-byte
     * vi64: 0xdd has three leading ones; mt-18 corrected it to 0xed7f3e7d). */
    static const struct {
        const char *hex;
        uint64_t value;
    } vec[] = {
        {"25", 37},
        {"80 25", 37},
        {"bb bd", 15293},
        {"ed 7f 3e 7d", 226442877},
        {"fa a1 a0 e4 03 d8", 2893212287960ULL},
        {"fe fa 31 8f a8 e3 ca 11", 70423237261249041ULL},
        {"ff ff ff ff ff ff ff ff ff", 18446744073709551615ULL},
    };
    for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
        uint8_t buf[16];
        size_t n = tf_unhex(vec[i].hex, buf, sizeof(buf));
        uint64_t v = 0;
        TF_CHECK_INT(moqt_vi64_decode(buf, n, 0, &v), (int)n);
        TF_CHECK_EQ(v, vec[i].value);
        for (size_t k = 0; k < n; k++) {
            TF_CHECK_INT(moqt_vi64_decode(buf, k, 1, &v), 0);
        }
    }
}

TF_TEST("wire/varint", vi64_seven_byte_form_by_draft)
{
    /* 11111100 prefix: invalid in 17 (mt-17 l.305), a 7-byte value in 18 (mt-18 l.276). */
    uint8_t buf[7] = {0xfc, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
    uint64_t v;
    TF_CHECK_INT(moqt_vi64_decode(buf, sizeof(buf), 0, &v), -1);
    TF_CHECK_INT(moqt_vi64_decode(buf, sizeof(buf), 1, &v), 7);
    TF_CHECK_EQ(v, 0x010203040506ULL);

    moqt_rd r;
    moqt_rd_init(&r, buf, sizeof(buf), MOQT_INT_VI64_D17);
    TF_CHECK_INT(moqt_rd_int(&r, &v), MOQT_ERR_WIRE_MALFORMED);
    TF_CHECK(r.why != NULL);
    moqt_rd_init(&r, buf, sizeof(buf), MOQT_INT_VI64);
    TF_CHECK_INT(moqt_rd_int(&r, &v), 0);
}

TF_TEST("wire/varint", vi64_roundtrip_every_length)
{
    for (int allow7 = 0; allow7 <= 1; allow7++) {
        for (unsigned bits = 0; bits <= 64; bits++) {
            uint64_t v = bits == 64 ? UINT64_MAX : (bits == 0 ? 0 : ((uint64_t)1 << bits) - 1);
            uint8_t buf[9];
            size_t n = moqt_vi64_encode(buf, v, allow7);
            TF_CHECK(n >= 1 && n <= 9);
            TF_CHECK(allow7 || n != 7);
            uint64_t got;
            TF_CHECK_INT(moqt_vi64_decode(buf, n, allow7, &got), (int)n);
            TF_CHECK_EQ(got, v);
        }
    }
    /* minimal lengths at the boundaries of the mt-18 table */
    TF_CHECK_EQ(moqt_vi64_len(127, 1), 1);
    TF_CHECK_EQ(moqt_vi64_len(128, 1), 2);
    TF_CHECK_EQ(moqt_vi64_len(562949953421311ULL, 1), 7);
    TF_CHECK_EQ(moqt_vi64_len(562949953421311ULL, 0), 8);
    TF_CHECK_EQ(moqt_vi64_len(72057594037927935ULL, 1), 8);
    TF_CHECK_EQ(moqt_vi64_len(72057594037927936ULL, 1), 9);
}

TF_TEST("wire/varint", vi64_non_minimal_accepted)
{
    /* 18+ allows non-minimal encodings; 37 in every length. */
    for (size_t n = 1; n <= 9; n++) {
        uint8_t buf[9];
        TF_CHECK_EQ(moqt_vi64_encode_len(buf, 37, n), n);
        uint64_t v;
        TF_CHECK_INT(moqt_vi64_decode(buf, n, 1, &v), (int)n);
        TF_CHECK_EQ(v, 37);
    }
}

TF_TEST("wire/varint", writer_refuses_unencodable)
{
    uint8_t buf[16];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof(buf), MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_wr_int(&w, MOQT_QUIC_VARINT_MAX + 1), MOQT_ERR_UNSUPPORTED);
    moqt_wr_init(&w, buf, 1, MOQT_INT_QUIC);
    TF_CHECK_INT(moqt_wr_int(&w, 64), MOQT_ERR_NOBUF);
    moqt_wr_init(&w, buf, sizeof(buf), MOQT_INT_VI64);
    TF_CHECK_INT(moqt_wr_int(&w, UINT64_MAX), 0);
    TF_CHECK_EQ(w.pos - buf, 9);
}
