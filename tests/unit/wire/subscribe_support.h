/*
 * Helpers shared by the SUBSCRIBE family tests (subscribe_*_test.c): framing a
 * hand-written payload, comparing a decoded message with the model a vector
 * should produce, and the truncation / Length checks every vector goes through.
 */
#ifndef MOQT_TESTS_SUBSCRIBE_SUPPORT_H
#define MOQT_TESTS_SUBSCRIBE_SUPPORT_H

#include "tf.h"

#include "wire/control.h"

/* A moqt_bytes initializer from a string literal. */
#define SUB_B(s)                                                                                   \
    {                                                                                              \
        (const uint8_t *)(s), sizeof(s) - 1                                                        \
    }

/* The namespace ("moq", "clock") and track name "now" most vectors use, and
 * their bytes: Number of fields, then Length + bytes each; Length + name. */
#define SUB_NS                                                                                     \
    {                                                                                              \
        2,                                                                                         \
        {                                                                                          \
            SUB_B("moq"), SUB_B("clock")                                                           \
        }                                                                                          \
    }
#define SUB_NS_HEX   "02 03 \"moq\" 05 \"clock\""
#define SUB_NAME     SUB_B("now")
#define SUB_NAME_HEX "03 \"now\""

/*
 * sub_frame writes Type (one byte: every type of this family is below 0x40, so
 * QUIC varint and vi64 agree), Length (Length(i) in 07-10, Length(16) from 11)
 * declaring |declared| bytes, then |plen| payload bytes. Returns the size.
 */
static inline size_t sub_frame(const moqt_profile *p, uint8_t type, const uint8_t *payload,
                               size_t plen, size_t declared, uint8_t *out, size_t cap)
{
    size_t o = 0;
    if (cap < plen + 4 || declared > 16383) {
        tf_fail(__FILE__, __LINE__, "sub_frame: buffer too small");
        return 0;
    }
    out[o++] = type;
    if (p->control_length_16) {
        out[o++] = (uint8_t)(declared >> 8);
        out[o++] = (uint8_t)declared;
    } else if (declared < 64) {
        out[o++] = (uint8_t)declared;
    } else {
        out[o++] = (uint8_t)(0x40 | (declared >> 8));
        out[o++] = (uint8_t)declared;
    }
    memcpy(out + o, payload, plen);
    return o + plen;
}

/* Parses |payload_hex| and frames it with its true length. */
static inline size_t sub_vector(const moqt_profile *p, uint8_t type, const char *payload_hex,
                                uint8_t *out, size_t cap)
{
    uint8_t payload[1024];
    size_t plen = tf_unhex(payload_hex, payload, sizeof(payload));
    return sub_frame(p, type, payload, plen, plen, out, cap);
}

#define SUB_CHECK_FIELD(ctx, field)                                                                \
    do {                                                                                           \
        if ((unsigned long long)(got->field) != (unsigned long long)(exp->field)) {                \
            tf_fail(file, line, "%s: %s: got 0x%llx, want 0x%llx", ctx, #field,                    \
                    (unsigned long long)(got->field), (unsigned long long)(exp->field));           \
        }                                                                                          \
    } while (0)

#define SUB_CHECK_BYTES_FIELD(ctx, field)                                                          \
    do {                                                                                           \
        if (!moqt_bytes_eq(got->field, exp->field)) {                                              \
            tf_fail(file, line, "%s: %s differs", ctx, #field);                                    \
        }                                                                                          \
    } while (0)

/* Every field this family uses; parameter values only where their bit is set. */
static inline void sub_check_msg_at(const char *file, int line, const char *ctx,
                                    const moqt_msg *got, const moqt_msg *exp)
{
    const moqt_msg_params *gp = &got->params, *ep = &exp->params;
    SUB_CHECK_FIELD(ctx, kind);
    SUB_CHECK_FIELD(ctx, request_id);
    SUB_CHECK_FIELD(ctx, required_request_id_delta);
    SUB_CHECK_FIELD(ctx, existing_request_id);
    SUB_CHECK_FIELD(ctx, track_alias);
    if (!moqt_namespace_eq(&got->ns, &exp->ns)) {
        tf_fail(file, line, "%s: ns differs (%zu fields, want %zu)", ctx, got->ns.count,
                exp->ns.count);
    }
    SUB_CHECK_BYTES_FIELD(ctx, track_name);
    SUB_CHECK_FIELD(ctx, error_code);
    SUB_CHECK_BYTES_FIELD(ctx, reason);
    SUB_CHECK_FIELD(ctx, params.has);
    SUB_CHECK_FIELD(ctx, params.auth_count);
    SUB_CHECK_FIELD(ctx, params.other.count);
    SUB_CHECK_FIELD(ctx, track_props.count);
    SUB_CHECK_FIELD(ctx, done.status_code);
    SUB_CHECK_FIELD(ctx, done.stream_count);
    SUB_CHECK_FIELD(ctx, done.content_exists);
    SUB_CHECK_FIELD(ctx, done.final.group);
    SUB_CHECK_FIELD(ctx, done.final.object);
    SUB_CHECK_FIELD(ctx, err.retry_track_alias);
    if (gp->has & ep->has & MOQT_P_SUBSCRIBER_PRIORITY) {
        SUB_CHECK_FIELD(ctx, params.subscriber_priority);
    }
    if (gp->has & ep->has & MOQT_P_GROUP_ORDER) {
        SUB_CHECK_FIELD(ctx, params.group_order);
    }
    if (gp->has & ep->has & MOQT_P_FORWARD) {
        SUB_CHECK_FIELD(ctx, params.forward);
    }
    if (gp->has & ep->has & MOQT_P_FILTER) {
        SUB_CHECK_FIELD(ctx, params.filter.type);
        SUB_CHECK_FIELD(ctx, params.filter.start.group);
        SUB_CHECK_FIELD(ctx, params.filter.start.object);
        SUB_CHECK_FIELD(ctx, params.filter.end_group);
        SUB_CHECK_FIELD(ctx, params.filter.end_object);
    }
    if (gp->has & ep->has & MOQT_P_EXPIRES) {
        SUB_CHECK_FIELD(ctx, params.expires_ms);
    }
    if (gp->has & ep->has & MOQT_P_LARGEST) {
        SUB_CHECK_FIELD(ctx, params.largest.group);
        SUB_CHECK_FIELD(ctx, params.largest.object);
    }
    if (gp->has & ep->has & MOQT_P_DELIVERY_TIMEOUT) {
        SUB_CHECK_FIELD(ctx, params.delivery_timeout_ms);
    }
    if (gp->has & ep->has & MOQT_P_MAX_CACHE_DURATION) {
        SUB_CHECK_FIELD(ctx, params.max_cache_duration_ms);
    }
    if (gp->has & ep->has & MOQT_P_PUBLISHER_PRIORITY) {
        SUB_CHECK_FIELD(ctx, params.publisher_priority);
    }
    if (gp->has & ep->has & MOQT_P_NEW_GROUP_REQUEST) {
        SUB_CHECK_FIELD(ctx, params.new_group_request);
    }
    for (size_t i = 0; i < gp->auth_count && i < ep->auth_count; i++) {
        SUB_CHECK_FIELD(ctx, params.auth[i].alias_type);
        SUB_CHECK_FIELD(ctx, params.auth[i].alias);
        SUB_CHECK_FIELD(ctx, params.auth[i].token_type);
        SUB_CHECK_BYTES_FIELD(ctx, params.auth[i].value);
    }
    for (size_t i = 0; i < got->track_props.count && i < exp->track_props.count; i++) {
        SUB_CHECK_FIELD(ctx, track_props.item[i].type);
        if (exp->track_props.item[i].type & 1) {
            SUB_CHECK_BYTES_FIELD(ctx, track_props.item[i].bytes);
        } else {
            SUB_CHECK_FIELD(ctx, track_props.item[i].value);
        }
    }
}
#define SUB_CHECK_MSG(ctx, got, exp) sub_check_msg_at(__FILE__, __LINE__, (ctx), (got), (exp))

/*
 * sub_check_framing_negatives checks, for the well-formed frame |buf|..|len|
 * whose header is |hdr_len| bytes: every strict prefix needs more bytes; the
 * same bytes under every shorter Length are malformed; one extra payload byte
 * (Length + 1) is malformed.
 *
 * Exception: a message ending in a list that runs to the end of the payload
 * (|trailing_list|: SUBSCRIBE_OK's Track Extensions / Properties, 16+) may be
 * cut at an element boundary and still be well formed; such a cut must then
 * decode to a message that re-encodes to exactly the shortened frame.
 */
static inline void sub_check_framing_negatives_at(const char *file, int line, const char *ctx,
                                                  const moqt_profile *p, const uint8_t *buf,
                                                  size_t len, size_t hdr_len, bool trailing_list)
{
    moqt_msg m;
    uint8_t tmp[1100];
    size_t plen = len - hdr_len;
    for (size_t k = 0; k < len; k++) {
        moqt_ssize rv = moqt_wire_decode_control(p, buf, k, &m, NULL);
        if (rv != MOQT_ERR_WIRE_NEED_MORE) {
            tf_fail(file, line, "%s: prefix of %zu/%zu bytes: got %lld, want NEED_MORE", ctx, k,
                    len, (long long)rv);
        }
    }
    for (size_t short_len = 0; short_len < plen; short_len++) {
        size_t n = sub_frame(p, buf[0], buf + hdr_len, plen, short_len, tmp, sizeof(tmp));
        moqt_ssize rv = moqt_wire_decode_control(p, tmp, n, &m, NULL);
        if (trailing_list && rv > 0) {
            uint8_t again[1100];
            size_t want = n - (plen - short_len);
            moqt_ssize e = moqt_wire_encode_control(p, &m, again, sizeof(again));
            if (rv != (moqt_ssize)want || e != rv || memcmp(again, tmp, want) != 0) {
                tf_fail(file, line, "%s: Length %zu of %zu decodes but does not re-encode", ctx,
                        short_len, plen);
            }
            continue;
        }
        if (rv != MOQT_ERR_WIRE_MALFORMED) {
            tf_fail(file, line, "%s: Length %zu of %zu: got %lld, want MALFORMED", ctx, short_len,
                    plen, (long long)rv);
        }
    }
    uint8_t longer[1100];
    memcpy(longer, buf + hdr_len, plen);
    longer[plen] = 0x00;
    size_t n = sub_frame(p, buf[0], longer, plen + 1, plen + 1, tmp, sizeof(tmp));
    moqt_ssize rv = moqt_wire_decode_control(p, tmp, n, &m, NULL);
    if (rv != MOQT_ERR_WIRE_MALFORMED) {
        tf_fail(file, line, "%s: Length + 1 with a junk byte: got %lld, want MALFORMED", ctx,
                (long long)rv);
    }
}
#define SUB_CHECK_FRAMING_NEGATIVES(ctx, p, buf, len, hdr_len, trailing_list)                      \
    sub_check_framing_negatives_at(__FILE__, __LINE__, (ctx), (p), (buf), (len), (hdr_len),        \
                                   (trailing_list))

/* The size of the header sub_frame wrote at the start of |frame|. */
static inline size_t sub_frame_header_len(const moqt_profile *p, const uint8_t *frame)
{
    if (p->control_length_16) {
        return 3;
    }
    return (frame[1] & 0xc0) ? 3 : 2;
}

/* Encodes |m| under |p|; returns the size or the (negative) error. */
static inline moqt_ssize sub_encode(const moqt_profile *p, const moqt_msg *m, uint8_t *out,
                                    size_t cap)
{
    return moqt_wire_encode_control(p, m, out, cap);
}

/*
 * sub_roundtrip_at encodes |m|, decodes the bytes, checks the decoded model
 * against |m| field by field (|m| must hold only what draft |p| carries) and
 * re-encodes it to the same bytes.
 */
static inline void sub_roundtrip_at(const char *file, int line, const char *ctx,
                                    const moqt_profile *p, const moqt_msg *m)
{
    uint8_t a[2048], b[2048];
    moqt_msg back;
    moqt_ssize na = moqt_wire_encode_control(p, m, a, sizeof(a));
    if (na <= 0) {
        tf_fail(file, line, "%s: encode failed: %lld", ctx, (long long)na);
        return;
    }
    const char *why = NULL;
    moqt_ssize nd = moqt_wire_decode_control(p, a, (size_t)na, &back, &why);
    if (nd != na) {
        tf_fail(file, line, "%s: decode of own encoding: %lld (%s) for %s", ctx, (long long)nd,
                why ? why : "-", tf_hex(a, (size_t)na));
        return;
    }
    sub_check_msg_at(file, line, ctx, &back, m);
    moqt_ssize nb = moqt_wire_encode_control(p, &back, b, sizeof(b));
    if (nb != na || memcmp(a, b, (size_t)na) != 0) {
        tf_fail(file, line, "%s: re-encoding differs", ctx);
    }
}
#define SUB_ROUNDTRIP(ctx, p, m) sub_roundtrip_at(__FILE__, __LINE__, (ctx), (p), (m))

/* A hand-built vector: payload bytes from a figure and the model they mean. */
typedef struct sub_vec {
    unsigned lo, hi; /* drafts whose figure gives these bytes */
    uint8_t type;    /* Message Type */
    const char *fig; /* the figure(s) */
    const char *hex; /* the payload */
    moqt_msg expect; /* what decoding must produce */
} sub_vec;

/*
 * sub_check_vector frames |v| under |p|, decodes it and compares the model
 * with v->expect, re-encodes the decoded and the expected model to the same
 * bytes, and runs the framing negatives.
 */
static inline void sub_check_vector(const moqt_profile *p, const sub_vec *v)
{
    uint8_t buf[1100], out[1100];
    size_t len = sub_vector(p, v->type, v->hex, buf, sizeof(buf));
    moqt_msg m;
    const char *why = NULL;
    moqt_ssize n = moqt_wire_decode_control(p, buf, len, &m, &why);
    if (n != (moqt_ssize)len) {
        tf_fail(__FILE__, __LINE__, "%s: decode returned %lld (%s) for %s", v->fig, (long long)n,
                why ? why : "-", tf_hex(buf, len));
        return;
    }
    SUB_CHECK_MSG(v->fig, &m, &v->expect);
    moqt_ssize e = sub_encode(p, &m, out, sizeof(out));
    if (e != (moqt_ssize)len || memcmp(out, buf, len) != 0) {
        tf_fail(__FILE__, __LINE__, "%s: re-encoding the decoded model differs (%lld)", v->fig,
                (long long)e);
    }
    e = sub_encode(p, &v->expect, out, sizeof(out));
    if (e != (moqt_ssize)len || memcmp(out, buf, len) != 0) {
        tf_fail(__FILE__, __LINE__, "%s: encoding the expected model differs (%lld): %s", v->fig,
                (long long)e, e > 0 ? tf_hex(out, (size_t)e) : "-");
    }
    bool trailing_list = v->expect.kind == MOQT_MSG_SUBSCRIBE_OK && p->has_track_properties;
    SUB_CHECK_FRAMING_NEGATIVES(v->fig, p, buf, len, sub_frame_header_len(p, buf), trailing_list);
}

#endif /* MOQT_TESTS_SUBSCRIBE_SUPPORT_H */
