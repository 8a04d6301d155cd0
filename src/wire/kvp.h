/*
 * Key-value pairs, the building block of setup parameters (11+), message
 * parameters (11-16), setup options and track / object properties (16+) and
 * object extension headers (08+).
 *
 * One pair: Type; an even type is followed by one integer, an odd type by a
 * length and that many bytes (mt-11 §1.4.2, mt-08 "Object Extension Header").
 * From 16 the type is sent as a delta from the previous pair's type in the same
 * list (mt-16 l.273-312), which requires ascending order.
 *
 * (TLV parameters of 07-10 and the typed message parameters of 17+ are not KVPs:
 * see params.h.)
 */
#ifndef MOQT_WIRE_KVP_H
#define MOQT_WIRE_KVP_H

#include "wire/buf.h"
#include "wire/model.h"

/* State carried across the pairs of one list. */
typedef struct moqt_kvp_cursor {
    bool delta;         /* types are delta-coded (16+) */
    uint64_t prev_type; /* type of the previous pair, 0 before the first */
    size_t max_bytes;   /* bound on an odd value's length */
} moqt_kvp_cursor;

void moqt_kvp_cursor_init(moqt_kvp_cursor *c, bool delta, size_t max_bytes);

/* moqt_kvp_read reads one pair. Malformed if a delta overflows 64 bits or an
 * odd value is longer than c->max_bytes. */
int moqt_kvp_read(moqt_rd *r, moqt_kvp_cursor *c, moqt_kvp *kv);

/* moqt_kvp_write writes one pair; with delta coding the types must not
 * decrease (MOQT_ERR_UNSUPPORTED otherwise). */
int moqt_kvp_write(moqt_wr *w, moqt_kvp_cursor *c, const moqt_kvp *kv);

/* moqt_kvps_read_until reads pairs until r->pos reaches |end| (a byte-length
 * prefixed list, or the rest of a message). Malformed if a pair crosses |end|;
 * MOQT_ERR_WIRE_LIMIT if more than MOQT_MAX_KVPS pairs. */
int moqt_kvps_read_until(moqt_rd *r, moqt_kvp_cursor *c, const uint8_t *end, moqt_kvp_list *out);

/* moqt_kvps_read_count reads exactly |count| pairs. */
int moqt_kvps_read_count(moqt_rd *r, moqt_kvp_cursor *c, uint64_t count, moqt_kvp_list *out);

/* moqt_kvps_write writes every pair of |in| in order. */
int moqt_kvps_write(moqt_wr *w, moqt_kvp_cursor *c, const moqt_kvp_list *in);

/* moqt_kvps_encoded_len returns the bytes moqt_kvps_write would produce. */
size_t moqt_kvps_encoded_len(moqt_int_kind ik, bool delta, const moqt_kvp_list *in);

/* moqt_kvps_find returns the first pair of |type|, or NULL. */
const moqt_kvp *moqt_kvps_find(const moqt_kvp_list *l, uint64_t type);

/* moqt_kvps_add appends a pair; MOQT_ERR_WIRE_LIMIT when full. */
int moqt_kvps_add_int(moqt_kvp_list *l, uint64_t type, uint64_t value);
int moqt_kvps_add_bytes(moqt_kvp_list *l, uint64_t type, moqt_bytes value);

#endif /* MOQT_WIRE_KVP_H */
