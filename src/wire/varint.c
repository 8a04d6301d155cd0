#include "wire/varint.h"

size_t moqt_quic_varint_decode(const uint8_t *p, size_t len, uint64_t *pv)
{
    if (len == 0) {
        return 0;
    }
    size_t n = (size_t)1 << (p[0] >> 6);
    if (len < n) {
        return 0;
    }
    uint64_t v = p[0] & 0x3f;
    for (size_t i = 1; i < n; i++) {
        v = (v << 8) | p[i];
    }
    *pv = v;
    return n;
}

size_t moqt_quic_varint_len(uint64_t v)
{
    if (v < 64) {
        return 1;
    }
    if (v < 16384) {
        return 2;
    }
    if (v < 1073741824) {
        return 4;
    }
    if (v <= MOQT_QUIC_VARINT_MAX) {
        return 8;
    }
    return 0;
}

size_t moqt_quic_varint_encode(uint8_t *p, uint64_t v)
{
    size_t n = moqt_quic_varint_len(v);
    static const uint8_t prefix[9] = {0, 0x00, 0x40, 0, 0x80, 0, 0, 0, 0xc0};
    for (size_t i = n; i > 0; i--) {
        p[i - 1] = (uint8_t)v;
        v >>= 8;
    }
    p[0] |= prefix[n];
    return n;
}

/* Leading 1-bits of the first byte: 0..8. */
static unsigned leading_ones(uint8_t b)
{
    unsigned n = 0;
    while (n < 8 && (b & (0x80u >> n))) {
        n++;
    }
    return n;
}

int moqt_vi64_decode(const uint8_t *p, size_t len, int allow7, uint64_t *pv)
{
    if (len == 0) {
        return 0;
    }
    unsigned ones = leading_ones(p[0]);
    if (ones == 6 && !allow7) {
        return -1; /* mt-17 l.305: 11111100 is an invalid code point */
    }
    size_t n = (size_t)ones + 1; /* mt-17 l.262 table: ones+1 bytes */
    if (len < n) {
        return 0;
    }
    uint64_t v;
    if (ones >= 7) {
        v = 0; /* 8-byte form: whole first byte is prefix; 9-byte form too */
    } else {
        v = p[0] & (0x7fu >> ones);
    }
    for (size_t i = 1; i < n; i++) {
        v = (v << 8) | p[i];
    }
    *pv = v;
    return (int)n;
}

/* Usable value bits for an n-byte vi64. */
static unsigned vi64_bits(size_t n)
{
    if (n == 9) {
        return 64;
    }
    if (n == 8) {
        return 56;
    }
    return (unsigned)(7 * n);
}

size_t moqt_vi64_len(uint64_t v, int allow7)
{
    for (size_t n = 1; n <= 8; n++) {
        if (n == 7 && !allow7) {
            continue;
        }
        if (v < ((uint64_t)1 << vi64_bits(n))) {
            return n;
        }
    }
    return 9;
}

size_t moqt_vi64_encode_len(uint8_t *p, uint64_t v, size_t n)
{
    if (n < 1 || n > 9 || (n < 9 && v >= ((uint64_t)1 << vi64_bits(n)))) {
        return 0;
    }
    for (size_t i = n; i > 1; i--) {
        p[i - 1] = (uint8_t)v;
        v >>= 8;
    }
    if (n >= 8) {
        p[0] = n == 8 ? 0xfe : 0xff;
    } else {
        uint8_t prefix = (uint8_t)(0xff00u >> (n - 1)); /* n-1 leading ones */
        p[0] = (uint8_t)(prefix | (uint8_t)v);
    }
    return n;
}

size_t moqt_vi64_encode(uint8_t *p, uint64_t v, int allow7)
{
    return moqt_vi64_encode_len(p, v, moqt_vi64_len(v, allow7));
}
