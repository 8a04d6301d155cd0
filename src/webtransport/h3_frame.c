/* HTTP/3 frame headers, SETTINGS and GOAWAY (RFC 9114 §7). */
#include "webtransport/h3_frame.h"

static const uint64_t setting_ids[MOQT_H3_SET_COUNT] = {
    [MOQT_H3_SET_QPACK_MAX_TABLE_CAPACITY] = MOQT_H3_SETTING_QPACK_MAX_TABLE_CAPACITY,
    [MOQT_H3_SET_MAX_FIELD_SECTION_SIZE] = MOQT_H3_SETTING_MAX_FIELD_SECTION_SIZE,
    [MOQT_H3_SET_QPACK_BLOCKED_STREAMS] = MOQT_H3_SETTING_QPACK_BLOCKED_STREAMS,
    [MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL] = MOQT_H3_SETTING_ENABLE_CONNECT_PROTOCOL,
    [MOQT_H3_SET_H3_DATAGRAM] = MOQT_H3_SETTING_H3_DATAGRAM,
    [MOQT_H3_SET_H3_DATAGRAM_DRAFT04] = MOQT_H3_SETTING_H3_DATAGRAM_DRAFT04,
    [MOQT_H3_SET_WT_ENABLE_D02] = MOQT_H3_SETTING_WT_ENABLE_D02,
    [MOQT_H3_SET_WT_MAX_SESSIONS_D07] = MOQT_H3_SETTING_WT_MAX_SESSIONS_D07,
    [MOQT_H3_SET_WT_MAX_SESSIONS_D13] = MOQT_H3_SETTING_WT_MAX_SESSIONS_D13,
    [MOQT_H3_SET_WT_ENABLED_D15] = MOQT_H3_SETTING_WT_ENABLED_D15,
    [MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI] = MOQT_H3_SETTING_WT_INITIAL_MAX_STREAMS_UNI,
    [MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI] = MOQT_H3_SETTING_WT_INITIAL_MAX_STREAMS_BIDI,
    [MOQT_H3_SET_WT_INITIAL_MAX_DATA] = MOQT_H3_SETTING_WT_INITIAL_MAX_DATA,
};

bool moqt_h3_is_grease(uint64_t v)
{
    return v >= 0x21 && (v - 0x21) % 0x1f == 0;
}

int moqt_h3_frame_header_decode(moqt_rd *r, uint64_t *type, uint64_t *len)
{
    const uint8_t *start = r->pos;
    int rv = moqt_rd_qint(r, type);
    if (rv == 0 && *type == MOQT_H3_FRAME_WT_STREAM) {
        *len = 0; /* wt-02 l.215: the signal takes the rest of the stream */
        return 0;
    }
    if (rv == 0) {
        rv = moqt_rd_qint(r, len);
    }
    if (rv != 0) {
        r->pos = start; /* nothing consumed until the whole header is there */
    }
    return rv;
}

int moqt_h3_frame_header_encode(moqt_wr *w, uint64_t type, uint64_t len)
{
    MOQT_TRY(moqt_wr_qint(w, type));
    if (type == MOQT_H3_FRAME_WT_STREAM) {
        return 0;
    }
    return moqt_wr_qint(w, len);
}

uint64_t moqt_h3_setting_id(int i)
{
    return (i >= 0 && i < MOQT_H3_SET_COUNT) ? setting_ids[i] : 0;
}

void moqt_h3_settings_set(moqt_h3_settings *s, int i, uint64_t v)
{
    s->value[i] = v;
    s->present |= 1u << i;
}

uint64_t moqt_h3_settings_get(const moqt_h3_settings *s, int i)
{
    return (s->present & (1u << i)) ? s->value[i] : 0;
}

bool moqt_h3_settings_has(const moqt_h3_settings *s, int i)
{
    return (s->present & (1u << i)) != 0;
}

static int setting_index(uint64_t id)
{
    for (int i = 0; i < MOQT_H3_SET_COUNT; i++) {
        if (setting_ids[i] == id) {
            return i;
        }
    }
    return -1;
}

static bool setting_is_boolean(int i)
{
    return i == MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL || i == MOQT_H3_SET_H3_DATAGRAM ||
           i == MOQT_H3_SET_H3_DATAGRAM_DRAFT04 || i == MOQT_H3_SET_WT_ENABLE_D02 ||
           i == MOQT_H3_SET_WT_ENABLED_D15;
}

/* Did an earlier pair of the same payload carry |id|? Payloads are bounded by
 * MOQT_H3_MAX_BUFFERED_FRAME, so the quadratic scan stays small. */
static bool seen_before(const uint8_t *start, const uint8_t *upto, uint64_t id)
{
    moqt_rd r;
    moqt_rd_init(&r, start, (size_t)(upto - start), MOQT_INT_QUIC);
    while (moqt_rd_left(&r) > 0) {
        uint64_t k, v;
        if (moqt_rd_qint(&r, &k) != 0 || moqt_rd_qint(&r, &v) != 0) {
            return false;
        }
        if (k == id) {
            return true;
        }
    }
    return false;
}

int moqt_h3_settings_decode(moqt_rd *r, moqt_h3_settings *s)
{
    const uint8_t *start = r->pos;
    *s = (moqt_h3_settings){0};
    while (moqt_rd_left(r) > 0) {
        const uint8_t *pair = r->pos;
        uint64_t id, v;
        if (moqt_rd_qint(r, &id) != 0 || moqt_rd_qint(r, &v) != 0) {
            return moqt_rd_fail(r, "RFC 9114 §7.2.4: setting truncated by the frame length");
        }
        if (id >= 0x02 && id <= 0x05) {
            return moqt_rd_fail(r, "RFC 9114 §7.2.4.1: HTTP/2 setting 0x02..0x05 received");
        }
        if (seen_before(start, pair, id)) {
            return moqt_rd_fail(r, "RFC 9114 §7.2.4: same setting identifier twice");
        }
        int i = setting_index(id);
        if (i < 0) {
            continue; /* RFC 9114 §7.2.4.1: unknown settings MUST be ignored */
        }
        if (setting_is_boolean(i) && v > 1) {
            return moqt_rd_fail(r, "RFC 9297 §2.1.1 / RFC 9220 §3: boolean setting not 0 or 1");
        }
        moqt_h3_settings_set(s, i, v);
    }
    return 0;
}

int moqt_h3_settings_encode(moqt_wr *w, const moqt_h3_settings *s)
{
    size_t len = 0;
    for (int i = 0; i < MOQT_H3_SET_COUNT; i++) {
        if (s->present & (1u << i)) {
            len += moqt_quic_varint_len(setting_ids[i]) + moqt_quic_varint_len(s->value[i]);
        }
    }
    uint64_t grease = s->grease_n ? 0x1f * s->grease_n + 0x21 : 0;
    if (grease) {
        if (s->grease_n > (MOQT_QUIC_VARINT_MAX - 0x21) / 0x1f) {
            return MOQT_ERR_UNSUPPORTED;
        }
        len += moqt_quic_varint_len(grease) + 1;
    }
    MOQT_TRY(moqt_h3_frame_header_encode(w, MOQT_H3_FRAME_SETTINGS, len));
    for (int i = 0; i < MOQT_H3_SET_COUNT; i++) {
        if (s->present & (1u << i)) {
            MOQT_TRY(moqt_wr_qint(w, setting_ids[i]));
            MOQT_TRY(moqt_wr_qint(w, s->value[i]));
        }
    }
    if (grease) {
        MOQT_TRY(moqt_wr_qint(w, grease));
        MOQT_TRY(moqt_wr_qint(w, 0));
    }
    return 0;
}

int moqt_h3_goaway_decode(moqt_rd *r, uint64_t *id)
{
    if (moqt_rd_qint(r, id) != 0) {
        return moqt_rd_fail(r, "RFC 9114 §7.2.6: GOAWAY shorter than its identifier");
    }
    if (moqt_rd_left(r) != 0) {
        return moqt_rd_fail(r, "RFC 9114 §7.2.6: GOAWAY longer than its identifier");
    }
    return 0;
}

int moqt_h3_goaway_encode(moqt_wr *w, uint64_t id)
{
    size_t n = moqt_quic_varint_len(id);
    if (n == 0) {
        return MOQT_ERR_UNSUPPORTED;
    }
    MOQT_TRY(moqt_h3_frame_header_encode(w, MOQT_H3_FRAME_GOAWAY, n));
    return moqt_wr_qint(w, id);
}

int moqt_h3_stream_type_encode(moqt_wr *w, uint64_t type)
{
    return moqt_wr_qint(w, type);
}
