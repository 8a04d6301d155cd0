/*
 * QPACK (RFC 9204) through nghttp3's standalone encoder/decoder, nothing else
 * of nghttp3. We advertise SETTINGS_QPACK_MAX_TABLE_CAPACITY 0 and
 * SETTINGS_QPACK_BLOCKED_STREAMS 0, so the peer's field sections refer only to
 * the static table and literals and never block; our encoder never inserts
 * into a dynamic table (its capacity stays 0), so it writes nothing to the
 * encoder stream. The peer's encoder/decoder stream bytes are still fed in,
 * as RFC 9204 §4.2 requires they be read.
 */
#ifndef MOQT_WEBTRANSPORT_QPACK_H
#define MOQT_WEBTRANSPORT_QPACK_H

#include <moqt/moqt.h>

/* One decoded or to-be-encoded field line. */
typedef struct moqt_h3_field {
    moqt_bytes name;
    moqt_bytes value;
} moqt_h3_field;

#define MOQT_H3_MAX_FIELDS  48
#define MOQT_H3_FIELD_STORE 8192

/* A decoded field section; names and values point into |store|. */
typedef struct moqt_h3_fields {
    moqt_h3_field field[MOQT_H3_MAX_FIELDS];
    size_t n;
    uint8_t store[MOQT_H3_FIELD_STORE];
    size_t used;
} moqt_h3_fields;

/* moqt_h3_fields_find returns the first field named |name| (lower case), or NULL. */
const moqt_h3_field *moqt_h3_fields_find(const moqt_h3_fields *f, const char *name);
/* moqt_h3_field_is compares a byte range with a C string. */
bool moqt_h3_bytes_is(moqt_bytes b, const char *s);

typedef struct moqt_qpack moqt_qpack;

/* moqt_qpack_new makes an encoder and a decoder; NOMEM on failure. */
int moqt_qpack_new(moqt_qpack **pq, const moqt_mem *mem);
void moqt_qpack_del(moqt_qpack *q);

/*
 * moqt_qpack_encode writes the encoded field section of |n| fields for stream
 * |stream_id| (the HEADERS frame payload, without the frame header) to |out|.
 * Returns its length, MOQT_ERR_NOBUF, MOQT_ERR_NOMEM or MOQT_ERR_FATAL.
 */
moqt_ssize moqt_qpack_encode(moqt_qpack *q, int64_t stream_id, const moqt_h3_field *f, size_t n,
                             uint8_t *out, size_t cap);

/*
 * moqt_qpack_decode decodes one whole field section (a HEADERS payload) into
 * |out|. MOQT_ERR_WIRE_MALFORMED when it does not decode (the caller answers
 * QPACK_DECOMPRESSION_FAILED), MOQT_ERR_WIRE_LIMIT when it is larger than
 * moqt_h3_fields holds.
 */
int moqt_qpack_decode(moqt_qpack *q, int64_t stream_id, const uint8_t *p, size_t len,
                      moqt_h3_fields *out);

/* The peer's encoder stream (into our decoder) and decoder stream (into our
 * encoder). Return 0, or MALFORMED (QPACK_ENCODER/DECODER_STREAM_ERROR). */
int moqt_qpack_read_encoder_stream(moqt_qpack *q, const uint8_t *p, size_t len);
int moqt_qpack_read_decoder_stream(moqt_qpack *q, const uint8_t *p, size_t len);

/* Bytes our decoder wants on its decoder stream (section acknowledgements).
 * With capacity 0 nothing is required; returns bytes written or NOBUF. */
moqt_ssize moqt_qpack_write_decoder_stream(moqt_qpack *q, uint8_t *out, size_t cap);

#endif /* MOQT_WEBTRANSPORT_QPACK_H */
