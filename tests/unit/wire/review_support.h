/*
 * Helpers for the independent review vectors (review_dNN_test.c).
 *
 * Each vector is written by hand from a draft figure: the message Type as the
 * hex of its wire bytes and the payload as hex. rv_frame adds the Length the
 * way the draft frames control messages (Length(i) as a minimal QUIC varint in
 * 07-10, Length(16) from 11), computed here independently of src/wire/.
 * rv_control decodes the framed bytes with the public decoder, requires that
 * every byte is consumed, and re-encodes, requiring the same bytes.
 */
#ifndef MOQT_TESTS_REVIEW_SUPPORT_H
#define MOQT_TESTS_REVIEW_SUPPORT_H

#include <string.h>

#include "tf.h"
#include "wire/control.h"
#include "wire/data.h"

typedef struct rv_vec {
    uint8_t in[4096];
    size_t len;
    uint8_t out[4096];
    moqt_msg m;
} rv_vec;

/* A minimal QUIC varint (RFC 9000 §16), written out independently. */
static inline size_t rv_qint(uint64_t v, uint8_t *o)
{
    if (v < 64) {
        o[0] = (uint8_t)v;
        return 1;
    }
    if (v < 16384) {
        o[0] = (uint8_t)(0x40 | (v >> 8));
        o[1] = (uint8_t)v;
        return 2;
    }
    o[0] = (uint8_t)(0x80 | (v >> 24));
    o[1] = (uint8_t)(v >> 16);
    o[2] = (uint8_t)(v >> 8);
    o[3] = (uint8_t)v;
    return 4;
}

/* Frames |type_hex| + Length + |payload_hex| into v->in. */
static inline void rv_frame(rv_vec *v, const moqt_profile *p, const char *type_hex,
                            const char *payload_hex)
{
    uint8_t payload[4096];
    size_t plen = tf_unhex(payload_hex, payload, sizeof payload);
    size_t n = tf_unhex(type_hex, v->in, sizeof v->in);
    if (p->draft <= 10) {
        n += rv_qint(plen, v->in + n);
    } else {
        v->in[n++] = (uint8_t)(plen >> 8);
        v->in[n++] = (uint8_t)plen;
    }
    memcpy(v->in + n, payload, plen);
    v->len = n + plen;
}

/* Decodes v->in as one |kind| message and re-encodes it byte for byte.
 * Returns 1 when decoding succeeded (fields may then be checked). */
static inline int rv_control_at(const char *file, int line, rv_vec *v, const moqt_profile *p,
                                moqt_msg_kind kind)
{
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_control(p, v->in, v->len, &v->m, &why);
    if (n != (moqt_ssize)v->len) {
        tf_fail(file, line, "decode %s under %s: %lld (len %zu) why=%s", moqt_msg_kind_str(kind),
                p->name, (long long)n, v->len, why ? why : "-");
        return 0;
    }
    if (v->m.kind != kind) {
        tf_fail(file, line, "decoded kind %s, expected %s", moqt_msg_kind_str(v->m.kind),
                moqt_msg_kind_str(kind));
        return 0;
    }
    moqt_ssize e = moqt_wire_encode_control(p, &v->m, v->out, sizeof v->out);
    if (e < 0) {
        tf_fail(file, line, "re-encode %s under %s: %lld", moqt_msg_kind_str(kind), p->name,
                (long long)e);
        return 1;
    }
    tf_check_bytes(file, line, v->out, (size_t)e, v->in, v->len);
    return 1;
}
#define rv_control(v, p, kind) rv_control_at(__FILE__, __LINE__, (v), (p), (kind))

/* Decodes and returns the raw status (for negative vectors). */
static inline moqt_ssize rv_decode_status(rv_vec *v, const moqt_profile *p)
{
    return moqt_wire_decode_control(p, v->in, v->len, &v->m, NULL);
}

#define RV_NS2(m, a, b)                                                                            \
    do {                                                                                           \
        TF_CHECK_EQ((m)->ns.count, 2);                                                             \
        if ((m)->ns.count == 2) {                                                                  \
            TF_CHECK_STR((m)->ns.field[0], a);                                                     \
            TF_CHECK_STR((m)->ns.field[1], b);                                                     \
        }                                                                                          \
    } while (0)

#endif /* MOQT_TESTS_REVIEW_SUPPORT_H */
