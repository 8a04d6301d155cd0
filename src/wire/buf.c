#include "wire/buf.h"

#include <string.h>

int moqt_rd_int(moqt_rd *r, uint64_t *v)
{
    if (r->ik == MOQT_INT_QUIC) {
        return moqt_rd_qint(r, v);
    }
    int n = moqt_vi64_decode(r->pos, moqt_rd_left(r), r->ik == MOQT_INT_VI64, v);
    if (n < 0) {
        return moqt_rd_fail(r, "d17 §1.4.1: vi64 prefix 11111100 (7-byte form) is invalid");
    }
    if (n == 0) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    r->pos += n;
    return 0;
}

int moqt_rd_qint(moqt_rd *r, uint64_t *v)
{
    size_t n = moqt_quic_varint_decode(r->pos, moqt_rd_left(r), v);
    if (n == 0) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    r->pos += n;
    return 0;
}

int moqt_rd_u8(moqt_rd *r, uint8_t *v)
{
    if (moqt_rd_left(r) < 1) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    *v = *r->pos++;
    return 0;
}

int moqt_rd_u16(moqt_rd *r, uint16_t *v)
{
    if (moqt_rd_left(r) < 2) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    *v = (uint16_t)((r->pos[0] << 8) | r->pos[1]);
    r->pos += 2;
    return 0;
}

int moqt_rd_bytes(moqt_rd *r, size_t n, moqt_bytes *out)
{
    if (moqt_rd_left(r) < n) {
        return MOQT_ERR_WIRE_NEED_MORE;
    }
    out->base = r->pos;
    out->len = n;
    r->pos += n;
    return 0;
}

int moqt_rd_lbytes(moqt_rd *r, size_t max, moqt_bytes *out, const char *why_too_long)
{
    uint64_t len;
    MOQT_TRY(moqt_rd_int(r, &len));
    if (len > max) {
        return moqt_rd_fail(r, why_too_long);
    }
    return moqt_rd_bytes(r, (size_t)len, out);
}

int moqt_rd_bool8(moqt_rd *r, uint8_t *v, const char *why)
{
    MOQT_TRY(moqt_rd_u8(r, v));
    return *v > 1 ? moqt_rd_fail(r, why) : 0;
}

int moqt_rd_int_max(moqt_rd *r, uint64_t max, uint64_t *v, const char *why)
{
    MOQT_TRY(moqt_rd_int(r, v));
    if (*v > max) {
        return moqt_rd_fail(r, why);
    }
    return 0;
}

size_t moqt_int_len(moqt_int_kind ik, uint64_t v)
{
    if (ik == MOQT_INT_QUIC) {
        return moqt_quic_varint_len(v);
    }
    return moqt_vi64_len(v, ik == MOQT_INT_VI64);
}

int moqt_wr_int(moqt_wr *w, uint64_t v)
{
    if (w->ik == MOQT_INT_QUIC) {
        return moqt_wr_qint(w, v);
    }
    size_t n = moqt_vi64_len(v, w->ik == MOQT_INT_VI64);
    if ((size_t)(w->end - w->pos) < n) {
        return MOQT_ERR_NOBUF;
    }
    w->pos += moqt_vi64_encode_len(w->pos, v, n);
    return 0;
}

int moqt_wr_qint(moqt_wr *w, uint64_t v)
{
    size_t n = moqt_quic_varint_len(v);
    if (n == 0) {
        return MOQT_ERR_UNSUPPORTED; /* above 2^62-1 */
    }
    if ((size_t)(w->end - w->pos) < n) {
        return MOQT_ERR_NOBUF;
    }
    w->pos += moqt_quic_varint_encode(w->pos, v);
    return 0;
}

int moqt_wr_u8(moqt_wr *w, uint8_t v)
{
    if (w->pos >= w->end) {
        return MOQT_ERR_NOBUF;
    }
    *w->pos++ = v;
    return 0;
}

int moqt_wr_u16(moqt_wr *w, uint16_t v)
{
    if (w->end - w->pos < 2) {
        return MOQT_ERR_NOBUF;
    }
    w->pos[0] = (uint8_t)(v >> 8);
    w->pos[1] = (uint8_t)v;
    w->pos += 2;
    return 0;
}

int moqt_wr_bytes(moqt_wr *w, const uint8_t *p, size_t n)
{
    if ((size_t)(w->end - w->pos) < n) {
        return MOQT_ERR_NOBUF;
    }
    if (n) {
        memcpy(w->pos, p, n);
    }
    w->pos += n;
    return 0;
}

int moqt_wr_lbytes(moqt_wr *w, moqt_bytes b)
{
    MOQT_TRY(moqt_wr_int(w, b.len));
    return moqt_wr_bytes(w, b.base, b.len);
}
