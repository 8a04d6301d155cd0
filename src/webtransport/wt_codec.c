/* WebTransport over HTTP/3: capsules, preambles, datagrams, error codes, SF strings. */
#include "webtransport/wt_codec.h"

#include "webtransport/h3_frame.h"

int moqt_capsule_decode(moqt_rd *r, uint64_t *type, moqt_bytes *value)
{
    const uint8_t *start = r->pos;
    uint64_t len;
    int rv = moqt_rd_qint(r, type);
    if (rv == 0) {
        rv = moqt_rd_qint(r, &len);
    }
    if (rv == 0 && len > MOQT_CAPSULE_MAX_LEN) {
        r->pos = start;
        return MOQT_ERR_WIRE_LIMIT;
    }
    if (rv == 0) {
        rv = moqt_rd_bytes(r, (size_t)len, value);
    }
    if (rv != 0) {
        r->pos = start;
    }
    return rv;
}

int moqt_capsule_encode(moqt_wr *w, uint64_t type, const uint8_t *value, size_t len)
{
    MOQT_TRY(moqt_wr_qint(w, type));
    MOQT_TRY(moqt_wr_qint(w, len));
    return moqt_wr_bytes(w, value, len);
}

int moqt_capsule_close_decode(moqt_bytes value, uint32_t *code, moqt_bytes *message)
{
    moqt_rd r;
    moqt_rd_init(&r, value.base, value.len, MOQT_INT_QUIC);
    if (value.len < 4) {
        return moqt_rd_fail(&r, "wt-02 l.371: CLOSE_WEBTRANSPORT_SESSION shorter than its code");
    }
    *code = (uint32_t)value.base[0] << 24 | (uint32_t)value.base[1] << 16 |
            (uint32_t)value.base[2] << 8 | value.base[3];
    message->base = value.base + 4;
    message->len = value.len - 4;
    if (message->len > MOQT_WT_CLOSE_MESSAGE_MAX) {
        return moqt_rd_fail(&r, "wt-02 l.389: close message longer than 1024 bytes");
    }
    return 0;
}

int moqt_capsule_close_encode(moqt_wr *w, uint32_t code, const uint8_t *msg, size_t msglen)
{
    if (msglen > MOQT_WT_CLOSE_MESSAGE_MAX) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_qint(w, MOQT_CAPSULE_WT_CLOSE_SESSION));
    MOQT_TRY(moqt_wr_qint(w, 4 + msglen));
    uint8_t c[4] = {(uint8_t)(code >> 24), (uint8_t)(code >> 16), (uint8_t)(code >> 8),
                    (uint8_t)code};
    MOQT_TRY(moqt_wr_bytes(w, c, 4));
    return moqt_wr_bytes(w, msg, msglen);
}

int moqt_capsule_drain_decode(moqt_bytes value)
{
    moqt_rd r;
    moqt_rd_init(&r, value.base, value.len, MOQT_INT_QUIC);
    if (value.len != 0) {
        return moqt_rd_fail(&r, "wt-16 l.651: WT_DRAIN_SESSION Length must be 0");
    }
    return 0;
}

int moqt_capsule_varint_decode(moqt_bytes value, uint64_t *v)
{
    moqt_rd r;
    moqt_rd_init(&r, value.base, value.len, MOQT_INT_QUIC);
    if (moqt_rd_qint(&r, v) != 0 || moqt_rd_left(&r) != 0) {
        return moqt_rd_fail(&r, "wt-16 l.926: flow-control capsule is one varint");
    }
    return 0;
}

int moqt_capsule_varint_encode(moqt_wr *w, uint64_t type, uint64_t v)
{
    size_t n = moqt_quic_varint_len(v);
    if (n == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_wr_qint(w, type));
    MOQT_TRY(moqt_wr_qint(w, n));
    return moqt_wr_qint(w, v);
}

int moqt_wt_uni_preamble_encode(moqt_wr *w, uint64_t session_id)
{
    MOQT_TRY(moqt_wr_qint(w, MOQT_H3_STREAM_WT_UNI));
    return moqt_wr_qint(w, session_id);
}

int moqt_wt_bidi_preamble_encode(moqt_wr *w, uint64_t session_id)
{
    MOQT_TRY(moqt_wr_qint(w, MOQT_H3_FRAME_WT_STREAM));
    return moqt_wr_qint(w, session_id);
}

int moqt_h3_datagram_decode(moqt_rd *r, uint64_t *stream_id, moqt_bytes *payload)
{
    uint64_t q;
    if (moqt_rd_qint(r, &q) != 0) {
        return moqt_rd_fail(r, "RFC 9297 §2.1: datagram shorter than its Quarter Stream ID");
    }
    if (q > (1ULL << 60) - 1) {
        return moqt_rd_fail(r, "RFC 9297 §2.1: Quarter Stream ID above 2^60-1");
    }
    *stream_id = q * 4;
    return moqt_rd_bytes(r, moqt_rd_left(r), payload);
}

int moqt_h3_datagram_encode(moqt_wr *w, uint64_t stream_id, const uint8_t *p, size_t len)
{
    if (stream_id % 4 != 0) {
        return MOQT_ERR_INVALID_ARGUMENT; /* only client bidi streams carry datagrams */
    }
    MOQT_TRY(moqt_wr_qint(w, stream_id / 4));
    return moqt_wr_bytes(w, p, len);
}

int moqt_wt_app_error_to_h3(uint64_t n, uint64_t max_app, uint64_t *h3)
{
    if (n > max_app || n > 0xffffffffULL) {
        return MOQT_ERR_UNSUPPORTED;
    }
    *h3 = MOQT_WT_APP_ERROR_FIRST + n + n / 0x1e;
    return 0;
}

int moqt_wt_h3_to_app_error(uint64_t h3, uint64_t last, uint32_t *n)
{
    if (h3 < MOQT_WT_APP_ERROR_FIRST || h3 > last || moqt_h3_is_grease(h3)) {
        return MOQT_ERR_WIRE_MALFORMED;
    }
    uint64_t shifted = h3 - MOQT_WT_APP_ERROR_FIRST;
    *n = (uint32_t)(shifted - shifted / 0x1f);
    return 0;
}

/* --- Structured Fields (RFC 8941) --- */

static void sf_skip_sp(moqt_rd *r)
{
    while (r->pos < r->end && *r->pos == ' ') {
        r->pos++;
    }
}

static void sf_skip_ows(moqt_rd *r)
{
    while (r->pos < r->end && (*r->pos == ' ' || *r->pos == '\t')) {
        r->pos++;
    }
}

static bool sf_is_tchar(uint8_t c)
{
    static const char extra[] = "!#$%&'*+-.^_`|~:/";
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    for (const char *e = extra; *e; e++) {
        if (c == (uint8_t)*e) {
            return true;
        }
    }
    return false;
}

/* RFC 8941 §4.2.5: an sf-string, unescaped into |out| (|out| may be NULL to skip). */
static int sf_string(moqt_rd *r, char *out, size_t cap, size_t *outlen)
{
    size_t n = 0;
    r->pos++; /* the opening DQUOTE */
    while (r->pos < r->end) {
        uint8_t c = *r->pos++;
        if (c == '\\') {
            if (r->pos == r->end || (*r->pos != '"' && *r->pos != '\\')) {
                return moqt_rd_fail(r, "RFC 8941 §4.2.5: bad escape in sf-string");
            }
            c = *r->pos++;
        } else if (c == '"') {
            *outlen = n;
            return 0;
        } else if (c < 0x20 || c > 0x7e) {
            return moqt_rd_fail(r, "RFC 8941 §4.2.5: byte outside VCHAR/SP in sf-string");
        }
        if (out != NULL) {
            if (n >= cap) {
                return MOQT_ERR_WIRE_LIMIT;
            }
            out[n] = (char)c;
        }
        n++;
    }
    return moqt_rd_fail(r, "RFC 8941 §4.2.5: sf-string without closing quote");
}

/* A bare item other than a string (token, integer, decimal, boolean, byte
 * sequence): skipped, its syntax only loosely checked. */
static int sf_skip_bare_item(moqt_rd *r)
{
    size_t dummy;
    if (r->pos == r->end) {
        return moqt_rd_fail(r, "RFC 8941 §4.2.3.1: missing bare item");
    }
    if (*r->pos == '"') {
        return sf_string(r, NULL, 0, &dummy);
    }
    const uint8_t *start = r->pos;
    while (r->pos < r->end && (sf_is_tchar(*r->pos) || *r->pos == '?' || *r->pos == '=' ||
                               (*r->pos == ':' && r->pos == start))) {
        r->pos++;
    }
    if (r->pos == start) {
        return moqt_rd_fail(r, "RFC 8941 §4.2.3.1: unrecognised bare item");
    }
    return 0;
}

/* RFC 8941 §4.2.3.2: parameters, skipped. */
static int sf_skip_params(moqt_rd *r)
{
    while (r->pos < r->end && *r->pos == ';') {
        r->pos++;
        sf_skip_sp(r);
        const uint8_t *key = r->pos;
        while (r->pos < r->end &&
               ((*r->pos >= 'a' && *r->pos <= 'z') || (*r->pos >= '0' && *r->pos <= '9') ||
                *r->pos == '_' || *r->pos == '-' || *r->pos == '.' || *r->pos == '*')) {
            r->pos++;
        }
        if (r->pos == key) {
            return moqt_rd_fail(r, "RFC 8941 §4.2.3.3: empty parameter key");
        }
        if (r->pos < r->end && *r->pos == '=') {
            r->pos++;
            MOQT_TRY(sf_skip_bare_item(r));
        }
    }
    return 0;
}

int moqt_sf_list_next(moqt_rd *r, char *out, size_t cap, size_t *outlen)
{
    sf_skip_ows(r);
    if (r->pos < r->end && *r->pos == ',') {
        r->pos++; /* the separator left by the previous member */
        sf_skip_ows(r);
        if (r->pos == r->end) {
            return moqt_rd_fail(r, "RFC 8941 §4.2.1: trailing comma");
        }
    }
    if (r->pos == r->end) {
        return 1;
    }
    if (*r->pos == '(') {
        return moqt_rd_fail(r, "WT-Available-Protocols: inner list where a string belongs");
    }
    if (*r->pos == '"') {
        MOQT_TRY(sf_string(r, out, cap, outlen));
    } else {
        MOQT_TRY(sf_skip_bare_item(r));
        *outlen = SIZE_MAX;
    }
    MOQT_TRY(sf_skip_params(r));
    sf_skip_ows(r);
    if (r->pos < r->end && *r->pos != ',') {
        return moqt_rd_fail(r, "RFC 8941 §4.2.1: members must be separated by commas");
    }
    return 0;
}

int moqt_sf_string_encode(moqt_wr *w, const char *s, size_t len)
{
    MOQT_TRY(moqt_wr_u8(w, '"'));
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x20 || c > 0x7e) {
            return MOQT_ERR_UNSUPPORTED;
        }
        if (c == '"' || c == '\\') {
            MOQT_TRY(moqt_wr_u8(w, '\\'));
        }
        MOQT_TRY(moqt_wr_u8(w, c));
    }
    return moqt_wr_u8(w, '"');
}
