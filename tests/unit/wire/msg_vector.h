/*
 * Checks shared by the control-message codec tests (fetch_test.c,
 * publish_test.c): a hand-built vector must decode whole and re-encode byte for
 * byte, every truncation must ask for more, every wrong Length must be
 * malformed, and a model must survive model -> bytes -> model -> same bytes.
 */
#ifndef MOQT_TESTS_MSG_VECTOR_H
#define MOQT_TESTS_MSG_VECTOR_H

#include "tf.h"

#include "wire/buf.h"
#include "wire/control.h"

/* Size of Type and Length in front of the payload of the framed message |buf|. */
static inline size_t mv_header_len(const moqt_profile *p, const uint8_t *buf, size_t n)
{
    moqt_rd r;
    uint64_t v;
    moqt_rd_init(&r, buf, n, p->int_kind);
    if (moqt_rd_int(&r, &v) != 0) {
        return n;
    }
    if (p->control_length_16) {
        return (size_t)(r.pos - buf) + 2;
    }
    if (moqt_rd_int(&r, &v) != 0) {
        return n;
    }
    return (size_t)(r.pos - buf);
}

/* Writes |buf|'s header with payload length |len| (the Length field keeps its
 * size: vectors of 07-10 keep payloads under 63 bytes). */
static inline void mv_set_length(const moqt_profile *p, uint8_t *buf, size_t hdr, size_t len)
{
    if (p->control_length_16) {
        buf[hdr - 2] = (uint8_t)(len >> 8);
        buf[hdr - 1] = (uint8_t)len;
    } else {
        buf[hdr - 1] = (uint8_t)len;
    }
}

/* Framing negatives for the valid framed message |buf|..|n|: every prefix is
 * NEED_MORE; a shorter Length over the same bytes and a longer Length with a
 * trailing junk byte are MALFORMED. The last |tail| bytes are a list that runs
 * to the end of the message (Track Properties), which a shorter Length may
 * legitimately end early: Lengths that cut into it are not checked. */
static inline void mv_check_framing_negatives(const char *file, int line, const moqt_profile *p,
                                              const uint8_t *buf, size_t n, size_t tail)
{
    static uint8_t tmp[8192];
    moqt_msg m;
    for (size_t k = 0; k < n; k++) {
        moqt_ssize rv = moqt_wire_decode_control(p, buf, k, &m, NULL);
        if (rv != MOQT_ERR_WIRE_NEED_MORE) {
            tf_fail(file, line, "prefix of %zu/%zu bytes: %lld, want NEED_MORE", k, n,
                    (long long)rv);
        }
    }
    size_t hdr = mv_header_len(p, buf, n);
    size_t plen = n - hdr;
    if (!p->control_length_16 && plen + 1 >= 64) {
        tf_fail(file, line, "vector too long for a one-byte Length(i)");
        return;
    }
    for (size_t len = 0; len + tail < plen; len++) {
        memcpy(tmp, buf, hdr + len);
        mv_set_length(p, tmp, hdr, len);
        const char *why = NULL;
        moqt_ssize rv = moqt_wire_decode_control(p, tmp, hdr + len, &m, &why);
        if (rv != MOQT_ERR_WIRE_MALFORMED || why == NULL) {
            tf_fail(file, line, "Length %zu of %zu: %lld, want MALFORMED", len, plen,
                    (long long)rv);
        }
    }
    memcpy(tmp, buf, n);
    tmp[n] = 0x00;
    mv_set_length(p, tmp, hdr, plen + 1);
    moqt_ssize rv = moqt_wire_decode_control(p, tmp, n + 1, &m, NULL);
    if (rv != MOQT_ERR_WIRE_MALFORMED) {
        tf_fail(file, line, "Length %zu with a junk byte: %lld, want MALFORMED", plen + 1,
                (long long)rv);
    }
}

/* Decodes the hand-built framed vector |hex| into |m| (all of it), re-encodes
 * |m| and compares, then runs the framing negatives (|tail| as there).
 * Returns 1 on a clean decode so the caller can go on to check fields. */
static inline int mv_check_vector(const char *file, int line, const moqt_profile *p,
                                  const char *hex, moqt_msg *m, size_t tail)
{
    static uint8_t buf[8192], out[8192];
    size_t n = tf_unhex(hex, buf, sizeof(buf));
    const char *why = NULL;
    moqt_ssize rv = moqt_wire_decode_control(p, buf, n, m, &why);
    if (rv != (moqt_ssize)n) {
        return tf_fail(file, line, "decode %s: %lld (%s), want %zu", hex, (long long)rv,
                       why ? why : "-", n);
    }
    moqt_ssize e = moqt_wire_encode_control(p, m, out, sizeof(out));
    if (e < 0) {
        return tf_fail(file, line, "re-encode: %lld", (long long)e);
    }
    if (!tf_check_bytes(file, line, out, (size_t)e, buf, n)) {
        return 0;
    }
    mv_check_framing_negatives(file, line, p, buf, n, tail);
    return 1;
}
#define MV_CHECK_VECTOR(p, hex, m) mv_check_vector(__FILE__, __LINE__, (p), (hex), (m), 0)
/* The same for a vector ending in |tail| bytes of Track Properties. */
#define MV_CHECK_VECTOR_TAIL(p, hex, m, tail)                                                      \
    mv_check_vector(__FILE__, __LINE__, (p), (hex), (m), (tail))

/* Decodes |hex| and returns the result (for negative vectors). */
static inline moqt_ssize mv_decode_hex(const moqt_profile *p, const char *hex, moqt_msg *m,
                                       const char **pwhy)
{
    static uint8_t buf[8192];
    size_t n = tf_unhex(hex, buf, sizeof(buf));
    return moqt_wire_decode_control(p, buf, n, m, pwhy);
}

/* Expects |hex| to be MALFORMED with a reason. */
static inline void mv_check_malformed(const char *file, int line, const moqt_profile *p,
                                      const char *hex)
{
    moqt_msg m;
    const char *why = NULL;
    moqt_ssize rv = mv_decode_hex(p, hex, &m, &why);
    if (rv != MOQT_ERR_WIRE_MALFORMED || why == NULL) {
        tf_fail(file, line, "%s: %lld, want MALFORMED", hex, (long long)rv);
    }
}
#define MV_CHECK_MALFORMED(p, hex) mv_check_malformed(__FILE__, __LINE__, (p), (hex))

/* model -> bytes -> model -> same bytes. Leaves the decoded model in |out|
 * and returns 1 on success. */
static inline int mv_roundtrip(const char *file, int line, const moqt_profile *p,
                               const moqt_msg *in, moqt_msg *out)
{
    static uint8_t a[8192], b[8192];
    moqt_ssize e1 = moqt_wire_encode_control(p, in, a, sizeof(a));
    if (e1 <= 0) {
        return tf_fail(file, line, "encode %s: %lld", moqt_msg_name(p, in->kind), (long long)e1);
    }
    const char *why = NULL;
    moqt_ssize d = moqt_wire_decode_control(p, a, (size_t)e1, out, &why);
    if (d != e1) {
        return tf_fail(file, line, "decode own %s (%s): %lld (%s)", moqt_msg_name(p, in->kind),
                       tf_hex(a, (size_t)e1), (long long)d, why ? why : "-");
    }
    moqt_ssize e2 = moqt_wire_encode_control(p, out, b, sizeof(b));
    if (e2 <= 0) {
        return tf_fail(file, line, "re-encode %s: %lld", moqt_msg_name(p, in->kind), (long long)e2);
    }
    return tf_check_bytes(file, line, b, (size_t)e2, a, (size_t)e1);
}
#define MV_ROUNDTRIP(p, in, out) mv_roundtrip(__FILE__, __LINE__, (p), (in), (out))

/* Encodes |m| and returns the result only. */
static inline moqt_ssize mv_encode(const moqt_profile *p, const moqt_msg *m)
{
    static uint8_t buf[8192];
    return moqt_wire_encode_control(p, m, buf, sizeof(buf));
}

/* Sets a borrowed byte string from a C string. */
static inline moqt_bytes mv_str(const char *s)
{
    moqt_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

#endif /* MOQT_TESTS_MSG_VECTOR_H */
