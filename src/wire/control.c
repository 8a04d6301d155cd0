#include "wire/control.h"

#include <string.h>

#include "wire/codec_int.h"

typedef int (*body_decoder)(moqt_rd *r, const moqt_profile *p, moqt_msg *m);
typedef int (*body_encoder)(moqt_wr *w, const moqt_profile *p, const moqt_msg *m);

struct family {
    body_decoder decode;
    body_encoder encode;
};

static const struct family family_setup = {moqt_setup_decode, moqt_setup_encode};
static const struct family family_misc = {moqt_misc_decode, moqt_misc_encode};
static const struct family family_subscribe = {moqt_subscribe_decode, moqt_subscribe_encode};
static const struct family family_publish = {moqt_publish_decode, moqt_publish_encode};
static const struct family family_fetch = {moqt_fetch_decode, moqt_fetch_encode};
static const struct family family_namespace = {moqt_namespace_decode, moqt_namespace_encode};

static const struct family *const family_of_kind[MOQT_MSG_KIND_COUNT] = {
    [MOQT_MSG_CLIENT_SETUP] = &family_setup,
    [MOQT_MSG_SERVER_SETUP] = &family_setup,
    [MOQT_MSG_SETUP] = &family_setup,
    [MOQT_MSG_SUBSCRIBE] = &family_subscribe,
    [MOQT_MSG_SUBSCRIBE_OK] = &family_subscribe,
    [MOQT_MSG_SUBSCRIBE_ERROR] = &family_subscribe,
    [MOQT_MSG_REQUEST_UPDATE] = &family_subscribe,
    [MOQT_MSG_UNSUBSCRIBE] = &family_subscribe,
    [MOQT_MSG_PUBLISH_DONE] = &family_subscribe,
    [MOQT_MSG_TRACK_STATUS] = &family_subscribe,
    [MOQT_MSG_TRACK_STATUS_OK] = &family_subscribe,
    [MOQT_MSG_TRACK_STATUS_ERROR] = &family_subscribe,
    [MOQT_MSG_PUBLISH] = &family_publish,
    [MOQT_MSG_PUBLISH_OK] = &family_publish,
    [MOQT_MSG_PUBLISH_ERROR] = &family_publish,
    [MOQT_MSG_FETCH] = &family_fetch,
    [MOQT_MSG_FETCH_OK] = &family_fetch,
    [MOQT_MSG_FETCH_ERROR] = &family_fetch,
    [MOQT_MSG_FETCH_CANCEL] = &family_fetch,
    [MOQT_MSG_PUBLISH_NAMESPACE] = &family_namespace,
    [MOQT_MSG_PUBLISH_NAMESPACE_OK] = &family_namespace,
    [MOQT_MSG_PUBLISH_NAMESPACE_ERROR] = &family_namespace,
    [MOQT_MSG_PUBLISH_NAMESPACE_DONE] = &family_namespace,
    [MOQT_MSG_PUBLISH_NAMESPACE_CANCEL] = &family_namespace,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE] = &family_namespace,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_OK] = &family_namespace,
    [MOQT_MSG_SUBSCRIBE_NAMESPACE_ERROR] = &family_namespace,
    [MOQT_MSG_UNSUBSCRIBE_NAMESPACE] = &family_namespace,
    [MOQT_MSG_NAMESPACE] = &family_namespace,
    [MOQT_MSG_NAMESPACE_DONE] = &family_namespace,
    [MOQT_MSG_SUBSCRIBE_TRACKS] = &family_namespace,
    [MOQT_MSG_PUBLISH_BLOCKED] = &family_namespace,
    [MOQT_MSG_PUBLISH_SKIPPED] = &family_namespace,
    [MOQT_MSG_REQUEST_OK] = &family_misc,
    [MOQT_MSG_REQUEST_ERROR] = &family_misc,
    [MOQT_MSG_GOAWAY] = &family_misc,
    [MOQT_MSG_MAX_REQUEST_ID] = &family_misc,
    [MOQT_MSG_REQUESTS_BLOCKED] = &family_misc,
};

static moqt_ssize fail(const char **pwhy, const char *why)
{
    if (pwhy) {
        *pwhy = why;
    }
    return MOQT_ERR_WIRE_MALFORMED;
}

/* Reads Type and Length. Returns 0, NEED_MORE, or MALFORMED. */
static int read_frame_header(moqt_rd *r, const moqt_profile *p, uint64_t *type, uint64_t *len)
{
    MOQT_TRY(moqt_rd_int(r, type));
    if (p->control_length_16) {
        uint16_t l16;
        MOQT_TRY(moqt_rd_u16(r, &l16));
        *len = l16;
        return 0;
    }
    return moqt_rd_int(r, len);
}

moqt_ssize moqt_wire_decode_control(const moqt_profile *p, const uint8_t *data, size_t len,
                                    moqt_msg *m, const char **pwhy)
{
    moqt_rd r;
    moqt_rd_init(&r, data, len, p->int_kind);
    uint64_t type, payload_len;
    int rv = read_frame_header(&r, p, &type, &payload_len);
    if (rv == MOQT_ERR_WIRE_MALFORMED) {
        return fail(pwhy, r.why);
    }
    if (rv != 0) {
        return rv;
    }
    moqt_msg_kind kind = moqt_profile_msg_kind(p, type);
    if (kind == MOQT_MSG_NONE) {
        /* Every draft: an unknown message type closes the session. */
        return fail(pwhy, "control message type not defined by the negotiated draft");
    }
    if (payload_len > MOQT_MAX_CONTROL_PAYLOAD) {
        /* Only reachable in 07-10, whose Length (i) has no bound (mt-07
         * l.917): the message is well formed, 65535 is our limit. */
        if (pwhy) {
            *pwhy = "control message Length above 65535 (our limit; 07-10 allow it)";
        }
        return MOQT_ERR_WIRE_LIMIT;
    }
    if (moqt_rd_left(&r) < payload_len) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    moqt_rd body;
    moqt_rd_init(&body, r.pos, (size_t)payload_len, p->int_kind);
    moqt_msg_init(m, kind);
    rv = family_of_kind[kind]->decode(&body, p, m);
    if (rv == MOQT_ERR_WIRE_NEED_MORE) {
        return fail(pwhy, "Length mismatch: payload ends before the message's fields");
    }
    if (rv == MOQT_ERR_WIRE_MALFORMED) {
        return fail(pwhy, body.why);
    }
    if (rv != 0) {
        if (pwhy) {
            *pwhy = body.why;
        }
        return rv;
    }
    if (moqt_rd_left(&body) != 0) {
        return fail(pwhy, "Length mismatch: payload longer than the message's fields");
    }
    return (moqt_ssize)((size_t)(r.pos - data) + payload_len);
}

/* Room reserved in front of the payload for Type and Length: a type of up to
 * 9 bytes (vi64) and a length of up to 8 (QUIC varint, 07-10). */
#define HEADER_RESERVE 17

moqt_ssize moqt_wire_encode_control(const moqt_profile *p, const moqt_msg *m, uint8_t *out,
                                    size_t cap)
{
    uint64_t type = moqt_profile_msg_type(p, m->kind);
    if (type == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    if (cap < HEADER_RESERVE) {
        return MOQT_ERR_NOBUF;
    }
    moqt_wr body;
    moqt_wr_init(&body, out + HEADER_RESERVE, cap - HEADER_RESERVE, p->int_kind);
    int rv = family_of_kind[m->kind]->encode(&body, p, m);
    if (rv != 0) {
        return rv;
    }
    size_t payload_len = (size_t)(body.pos - (out + HEADER_RESERVE));
    if (p->control_length_16 && payload_len > MOQT_MAX_CONTROL_PAYLOAD) {
        return MOQT_ERR_UNSUPPORTED;
    }
    uint8_t hdr[HEADER_RESERVE];
    moqt_wr h;
    moqt_wr_init(&h, hdr, sizeof(hdr), p->int_kind);
    MOQT_TRY(moqt_wr_int(&h, type));
    if (p->control_length_16) {
        MOQT_TRY(moqt_wr_u16(&h, (uint16_t)payload_len));
    } else {
        MOQT_TRY(moqt_wr_int(&h, payload_len));
    }
    size_t hdr_len = (size_t)(h.pos - hdr);
    memmove(out + hdr_len, out + HEADER_RESERVE, payload_len);
    memcpy(out, hdr, hdr_len);
    return (moqt_ssize)(hdr_len + payload_len);
}
