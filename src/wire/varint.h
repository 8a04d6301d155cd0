/*
 * Integer encodings used by MoQT.
 *
 * - QUIC variable-length integers (RFC 9000 §16): 1/2/4/8 bytes, 2-bit length
 *   prefix, values up to 2^62-1. Used by every MoQT draft up to 16, and by
 *   QUIC / HTTP/3 / WebTransport framing in every draft.
 * - vi64 (draft-17 §1.4.1 "Variable-Length Integers"): the count of leading
 *   1-bits of the first byte gives the length (1,2,3,4,5,6,[7],8,9 bytes), up
 *   to 2^64-1. Draft 17 forbids the 7-byte prefix 11111100 (mt-17 l.305);
 *   draft 18 allows it (mt-18 l.287). Non-minimal forms are accepted in both
 *   (the example table of mt-17 l.293 decodes 0x8025 as 37).
 */
#ifndef MOQT_WIRE_VARINT_H
#define MOQT_WIRE_VARINT_H

#include <stddef.h>
#include <stdint.h>

typedef enum moqt_int_kind {
    MOQT_INT_QUIC = 0,     /* RFC 9000 varint (drafts 07-16) */
    MOQT_INT_VI64_D17 = 1, /* vi64 without the 7-byte form (draft 17) */
    MOQT_INT_VI64 = 2      /* vi64 with the 7-byte form (drafts 18+) */
} moqt_int_kind;

#define MOQT_QUIC_VARINT_MAX 0x3fffffffffffffffULL

/*
 * moqt_quic_varint_decode decodes one QUIC varint from |p|..|p|+|len|.
 * Returns the number of bytes consumed (1..8), 0 if |len| is too short.
 */
size_t moqt_quic_varint_decode(const uint8_t *p, size_t len, uint64_t *pv);

/* moqt_quic_varint_len returns the minimal encoded size of |v| (0 if v > 2^62-1). */
size_t moqt_quic_varint_len(uint64_t v);

/*
 * moqt_quic_varint_encode writes |v| minimally to |p| (which must have room for
 * moqt_quic_varint_len(v) bytes). Returns bytes written.
 */
size_t moqt_quic_varint_encode(uint8_t *p, uint64_t v);

/*
 * moqt_vi64_decode decodes one vi64. Returns bytes consumed (1..9), 0 if
 * |len| is too short to know, or -1 if the first byte is the 7-byte prefix and
 * |allow7| is zero (draft 17).
 */
int moqt_vi64_decode(const uint8_t *p, size_t len, int allow7, uint64_t *pv);

/* moqt_vi64_len returns the minimal encoded size of |v| for vi64 (never 7 unless allow7). */
size_t moqt_vi64_len(uint64_t v, int allow7);

/* moqt_vi64_encode writes |v| minimally. Returns bytes written. */
size_t moqt_vi64_encode(uint8_t *p, uint64_t v, int allow7);

/* moqt_vi64_encode_len writes |v| in exactly |n| bytes (a non-minimal form when
 * n is larger than needed). Returns n, or 0 if |v| does not fit in n bytes. */
size_t moqt_vi64_encode_len(uint8_t *p, uint64_t v, size_t n);

#endif /* MOQT_WIRE_VARINT_H */
