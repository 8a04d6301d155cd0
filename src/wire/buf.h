/*
 * Bounded byte readers and writers for the wire codecs.
 *
 * Every decoder reads through a moqt_rd, which never reads past |end|. A read
 * that runs out of bytes returns MOQT_ERR_WIRE_NEED_MORE; a read that finds
 * bytes breaking a draft rule returns MOQT_ERR_WIRE_MALFORMED and leaves the
 * rule in |why| (a static string citing the draft). Writers return
 * MOQT_ERR_NOBUF when |end| is reached, or MOQT_ERR_UNSUPPORTED when a value
 * cannot be expressed in the integer encoding of the draft.
 */
#ifndef MOQT_WIRE_BUF_H
#define MOQT_WIRE_BUF_H

#include <moqt/moqt.h>

#include "wire/varint.h"

typedef struct moqt_rd {
    const uint8_t *pos;
    const uint8_t *end;
    moqt_int_kind ik; /* how MoQT integers are encoded in this draft */
    const char *why;  /* on MOQT_ERR_WIRE_MALFORMED: the rule that was broken */
} moqt_rd;

typedef struct moqt_wr {
    uint8_t *pos;
    uint8_t *end;
    moqt_int_kind ik;
} moqt_wr;

static inline void moqt_rd_init(moqt_rd *r, const uint8_t *p, size_t len, moqt_int_kind ik)
{
    r->pos = p;
    r->end = p + len;
    r->ik = ik;
    r->why = NULL;
}

static inline size_t moqt_rd_left(const moqt_rd *r)
{
    return (size_t)(r->end - r->pos);
}

static inline void moqt_wr_init(moqt_wr *w, uint8_t *p, size_t cap, moqt_int_kind ik)
{
    w->pos = p;
    w->end = p + cap;
    w->ik = ik;
}

/* moqt_rd_fail records |why| and returns MOQT_ERR_WIRE_MALFORMED. Inline so
 * that static analysers see it never returns 0: out of line, clang-analyzer
 * assumed `return moqt_rd_fail(...)` could succeed without writing outputs. */
static inline int moqt_rd_fail(moqt_rd *r, const char *why)
{
    r->why = why;
    return MOQT_ERR_WIRE_MALFORMED;
}

/* A MoQT integer in the draft's encoding (QUIC varint or vi64). */
int moqt_rd_int(moqt_rd *r, uint64_t *v);
/* A QUIC varint regardless of draft (HTTP/3, WebTransport, stream preambles). */
int moqt_rd_qint(moqt_rd *r, uint64_t *v);
int moqt_rd_u8(moqt_rd *r, uint8_t *v);
int moqt_rd_u16(moqt_rd *r, uint16_t *v);
/* |n| raw bytes, borrowed from the input. */
int moqt_rd_bytes(moqt_rd *r, size_t n, moqt_bytes *out);
/* An integer length followed by that many bytes; malformed if length > |max|. */
int moqt_rd_lbytes(moqt_rd *r, size_t max, moqt_bytes *out, const char *why_too_long);
/* A one-byte boolean field: 0 or 1, anything else malformed with |why|. */
int moqt_rd_bool8(moqt_rd *r, uint8_t *v, const char *why);
/* An integer that must fit in |max|; malformed with |why| otherwise. */
int moqt_rd_int_max(moqt_rd *r, uint64_t max, uint64_t *v, const char *why);

int moqt_wr_int(moqt_wr *w, uint64_t v);
int moqt_wr_qint(moqt_wr *w, uint64_t v);
int moqt_wr_u8(moqt_wr *w, uint8_t v);
int moqt_wr_u16(moqt_wr *w, uint16_t v);
int moqt_wr_bytes(moqt_wr *w, const uint8_t *p, size_t n);
/* An integer length then the bytes. */
int moqt_wr_lbytes(moqt_wr *w, moqt_bytes b);

/* moqt_int_len returns the encoded size of |v| in the draft's integer kind (0 if unencodable). */
size_t moqt_int_len(moqt_int_kind ik, uint64_t v);

/* Propagate a nonzero return. */
#define MOQT_TRY(expr)                                                                             \
    do {                                                                                           \
        int try_rv_ = (expr);                                                                      \
        if (try_rv_ != 0) {                                                                        \
            return try_rv_;                                                                        \
        }                                                                                          \
    } while (0)

#endif /* MOQT_WIRE_BUF_H */
