/*
 * The MoQT data plane, every draft 07..19: unidirectional stream types,
 * subgroup streams, FETCH streams, object datagrams, padding, Object Status and
 * object properties (extension headers). DRAFT-CHANGES §8 summarises the drafts.
 *
 * Version-neutral model: one moqt_object_hdr describes an object whichever way
 * it travelled; each draft's codec reads and writes the fields its draft has and
 * refuses (MOQT_ERR_UNSUPPORTED) what it cannot express.
 *
 * Streaming: stream decoders take whatever bytes have arrived, return the number
 * of bytes the header (stream header, or one object's header) occupies, or
 * MOQT_ERR_WIRE_NEED_MORE when it is incomplete. On NEED_MORE nothing is
 * consumed and no state changes: call again from the same position with more
 * bytes. Object payload bytes follow the object header in the stream; there are
 * payload_len of them and they are the caller's business (so a relay can forward
 * them without copying). Datagrams are decoded whole; their payload is borrowed.
 *
 * Integers: every MoQT integer uses the draft's kind (moqt_rd_int), stream and
 * datagram types included: QUIC varints up to 16, vi64 from 17. The 17+ figures
 * still write "Type (i)" (mt-17 l.3457, l.3554; mt-18 l.3897, l.3994) but 17
 * defines only "x (vi64)" (mt-17 l.307) and says streams start with "a
 * variable-length integer", so we read those types as vi64 too (SETUP 0x2F00
 * is then "AF 00", DRAFT-CHANGES §2).
 *
 * No allocation: properties borrow from the input buffer.
 *
 * Errors: decoders return MOQT_ERR_WIRE_NEED_MORE, MOQT_ERR_WIRE_MALFORMED (with
 * *pwhy naming the draft rule), or MOQT_ERR_WIRE_LIMIT (more properties than
 * MOQT_MAX_KVPS). Encoders return MOQT_ERR_NOBUF, MOQT_ERR_UNSUPPORTED (the draft
 * cannot express a field) or MOQT_ERR_INVALID_ARGUMENT (inconsistent input, e.g.
 * a payload on a status object). |pwhy| may always be NULL.
 */
#ifndef MOQT_WIRE_DATA_H
#define MOQT_WIRE_DATA_H

#include "wire/kvp.h"
#include "wire/model.h"

/* ---- Object Status ---------------------------------------------------- */

/*
 * Object Status, version-neutral. The wire values and meanings drift
 * (DRAFT-CHANGES §8.2 "Object Status values"):
 *             07     08-10   11-15   16+
 *   NORMAL    0x0    0x0     0x0     0x0
 *   DNE       0x1    0x1     0x1     -     (removed in 16: mt-16 l.3233)
 *   EOG       0x3    0x3     0x3     0x3
 *   EOT+EOG   0x4    0x4     (0x4)   (0x4) "End of Track and Group" (07-10)
 *   EOT       -      0x5     0x4     0x4   "End of Track"
 *   EOSG      0x5    -       -       -     "End of Subgroup" (07 only)
 * 11 coalesced End of Track and End of Track and Group into 0x4 (mt-11 l.2940:
 * "This status also indicates the last group has ended"), so encoding
 * END_OF_TRACK_AND_GROUP under 11+ writes 0x4 and decodes back as END_OF_TRACK.
 */
typedef enum moqt_object_status {
    MOQT_OBJECT_NORMAL = 0,
    MOQT_OBJECT_DOES_NOT_EXIST,
    MOQT_OBJECT_END_OF_GROUP,
    MOQT_OBJECT_END_OF_TRACK_AND_GROUP,
    MOQT_OBJECT_END_OF_TRACK,
    MOQT_OBJECT_END_OF_SUBGROUP
} moqt_object_status;

/* moqt_object_status_from_wire maps a wire value of draft |p|; malformed
 * (returns MOQT_ERR_WIRE_MALFORMED) when the draft does not define it. */
int moqt_object_status_from_wire(const moqt_profile *p, uint64_t wire, moqt_object_status *st);
/* moqt_object_status_to_wire: MOQT_ERR_UNSUPPORTED when the draft has no such status. */
int moqt_object_status_to_wire(const moqt_profile *p, moqt_object_status st, uint64_t *wire);
const char *moqt_object_status_str(moqt_object_status st);

/* ---- Well-known property (extension header) types --------------------- */

#define MOQT_PROP_PRIOR_GROUP_ID_GAP_D11 0x40 /* mt-11 l.3350, mt-12 l.3703, mt-13 l.3663 */
#define MOQT_PROP_PRIOR_GROUP_ID_GAP     0x3C /* 14+: mt-14 l.3658 */
#define MOQT_PROP_PRIOR_OBJECT_ID_GAP    0x3E /* 14+: mt-14 l.3730 */
#define MOQT_PROP_IMMUTABLE              0x0B /* 14+: mt-14 l.3686, renamed 17 */

/* moqt_prop_prior_group_gap_type returns the Prior Group ID Gap type of the
 * draft (0 before 11). */
uint64_t moqt_prop_prior_group_gap_type(const moqt_profile *p);
/* moqt_prop_prior_object_gap_type returns 0x3E from 14, 0 before. */
uint64_t moqt_prop_prior_object_gap_type(const moqt_profile *p);

/*
 * moqt_wire_decode_immutable_props decodes the value of an Immutable
 * Properties pair (type 0x0B, 14+) into |out|: a complete KVP list (delta-coded
 * types from 16) that must not itself contain 0x0B (mt-14 l.3706). Malformed
 * otherwise; MOQT_ERR_UNSUPPORTED before 14.
 */
int moqt_wire_decode_immutable_props(const moqt_profile *p, moqt_bytes value, moqt_kvp_list *out,
                                     const char **pwhy);
/* moqt_wire_encode_immutable_props writes the value bytes of an Immutable
 * Properties pair holding |in|. Returns bytes written or a negative error. */
moqt_ssize moqt_wire_encode_immutable_props(const moqt_profile *p, const moqt_kvp_list *in,
                                            uint8_t *out, size_t cap);

/* ---- Objects ----------------------------------------------------------- */

/* What a FETCH stream item or a datagram is. */
typedef enum moqt_item_kind {
    MOQT_ITEM_OBJECT = 0,
    MOQT_ITEM_END_OF_NONEXISTENT_RANGE, /* FETCH 16+, flags 0x8C (mt-16 l.3643) */
    MOQT_ITEM_END_OF_UNKNOWN_RANGE,     /* FETCH 16+, flags 0x10C */
    MOQT_ITEM_PADDING                   /* datagram 0x132B3E29, 18+ (mt-18 l.4330) */
} moqt_item_kind;

/* How a subgroup header conveys the Subgroup ID (11+; always EXPLICIT before). */
typedef enum moqt_subgroup_id_mode {
    MOQT_SUBGROUP_ID_ZERO = 0,     /* absent, Subgroup ID is 0 */
    MOQT_SUBGROUP_ID_FIRST_OBJECT, /* absent, Subgroup ID is the first Object ID */
    MOQT_SUBGROUP_ID_EXPLICIT      /* present in the header */
} moqt_subgroup_id_mode;

typedef struct moqt_object_hdr {
    moqt_item_kind kind;
    uint64_t track_alias; /* subgroup streams and datagrams */
    uint64_t group;
    uint64_t subgroup; /* subgroup streams and FETCH objects; 0 for datagrams */
    uint64_t object_id;
    bool has_priority; /* false: inherit the subscription's priority (15+) */
    uint8_t publisher_priority;
    /* FETCH objects of a Datagram forwarding preference: 16+ set flag 0x40 and
     * carry no Subgroup ID; 08-15 write the Object ID as Subgroup ID (mt-08
     * l.2641), so decoding under 08-15 never sets this. */
    bool datagram;
    /* Datagrams (12+) say the object ends its group (mt-12 l.3325). */
    bool end_of_group;
    moqt_object_status status;
    moqt_kvp_list props;  /* extension headers (08-16) / properties (17+) */
    uint64_t payload_len; /* streams: payload bytes following the header */
    moqt_bytes payload;   /* datagrams: the payload, borrowed */
} moqt_object_hdr;

/* moqt_object_hdr_init zeroes |o| (NORMAL, priority present, no properties). */
void moqt_object_hdr_init(moqt_object_hdr *o);

/* ---- Unidirectional stream types --------------------------------------- */

typedef enum moqt_stream_kind {
    MOQT_STREAM_UNKNOWN = 0,
    MOQT_STREAM_SUBGROUP, /* 0x4 (07-10), 0x08-0x0D (11), bitfield 12+ */
    MOQT_STREAM_FETCH,    /* 0x5 */
    MOQT_STREAM_SETUP,    /* 0x2F00 control stream, 17+ (mt-17 l.916) */
    MOQT_STREAM_PADDING   /* 0x132B3E28, 18+ (mt-18 l.4310) */
} moqt_stream_kind;

#define MOQT_STREAM_TYPE_FETCH     0x05
#define MOQT_STREAM_TYPE_SETUP     0x2F00
#define MOQT_STREAM_TYPE_PADDING   0x132B3E28
#define MOQT_DATAGRAM_TYPE_PADDING 0x132B3E29

/*
 * moqt_wire_decode_stream_type reads the type that begins a unidirectional
 * stream. Returns the bytes it occupies, NEED_MORE, or MALFORMED for a type the
 * draft does not define ("An endpoint that receives an unknown stream type MUST
 * close the session", mt-07 l.2029). The type itself is re-read by the header
 * decoders, so callers peek with this and then hand the same bytes on.
 */
moqt_ssize moqt_wire_decode_stream_type(const moqt_profile *p, const uint8_t *data, size_t len,
                                        uint64_t *ptype, moqt_stream_kind *pkind,
                                        const char **pwhy);

/* moqt_wire_stream_kind returns the kind of a stream type in draft |p|. */
moqt_stream_kind moqt_wire_stream_kind(const moqt_profile *p, uint64_t type);

/* Names for printing: the draft's name of a stream / datagram type, or NULL if
 * the draft does not define it. */
const char *moqt_wire_stream_type_name(const moqt_profile *p, uint64_t type);
const char *moqt_wire_datagram_type_name(const moqt_profile *p, uint64_t type);

/* Padding streams (18+): after the type, every byte MUST be zero (mt-18
 * l.4314). moqt_wire_check_padding returns 0 or MALFORMED. */
int moqt_wire_check_padding(const uint8_t *data, size_t len, const char **pwhy);
/* moqt_wire_encode_padding_stream writes the type and |n| zero bytes. */
moqt_ssize moqt_wire_encode_padding_stream(const moqt_profile *p, size_t n, uint8_t *out,
                                           size_t cap);

/* ---- Subgroup streams -------------------------------------------------- */

typedef struct moqt_subgroup_header {
    uint64_t type; /* decode: the wire type; encode: ignored (computed) */
    uint64_t track_alias;
    uint64_t group;
    uint64_t subgroup; /* EXPLICIT; ZERO: 0; FIRST_OBJECT: 0 until the first object */
    moqt_subgroup_id_mode subgroup_mode;
    bool has_props;    /* objects carry a properties field (08-10: always) */
    bool end_of_group; /* the stream holds the group's last object (12+) */
    bool has_priority; /* false: DEFAULT_PRIORITY, inherit (15+) */
    uint8_t publisher_priority;
    bool first_object; /* FIRST_OBJECT bit (18+, mt-18 l.4041) */
} moqt_subgroup_header;

/* State across the objects of one subgroup stream. */
typedef struct moqt_subgroup_stream {
    moqt_subgroup_header hdr;
    bool have_prev;
    uint64_t prev_object; /* for the Object ID Delta of 14+ and ordering of <=13 */
} moqt_subgroup_stream;

moqt_ssize moqt_wire_decode_subgroup_header(const moqt_profile *p, const uint8_t *data, size_t len,
                                            moqt_subgroup_header *h, const char **pwhy);
moqt_ssize moqt_wire_encode_subgroup_header(const moqt_profile *p, const moqt_subgroup_header *h,
                                            uint8_t *out, size_t cap);
/* moqt_subgroup_type returns the wire type |h| encodes to in draft |p|, or a
 * negative error (MOQT_ERR_UNSUPPORTED). */
int64_t moqt_subgroup_type(const moqt_profile *p, const moqt_subgroup_header *h);

void moqt_subgroup_stream_init(moqt_subgroup_stream *s, const moqt_subgroup_header *h);

/* Decodes one object header. |o| gets track alias, group, subgroup and priority
 * from the stream header. Returns header bytes (payload_len payload bytes follow). */
moqt_ssize moqt_wire_decode_subgroup_object(const moqt_profile *p, moqt_subgroup_stream *s,
                                            const uint8_t *data, size_t len, moqt_object_hdr *o,
                                            const char **pwhy);
/* Encodes one object header (not the payload). Uses o->object_id, status,
 * props, payload_len. State advances only on success. */
moqt_ssize moqt_wire_encode_subgroup_object(const moqt_profile *p, moqt_subgroup_stream *s,
                                            const moqt_object_hdr *o, uint8_t *out, size_t cap);

/* ---- FETCH streams ----------------------------------------------------- */

moqt_ssize moqt_wire_decode_fetch_header(const moqt_profile *p, const uint8_t *data, size_t len,
                                         uint64_t *request_id, const char **pwhy);
moqt_ssize moqt_wire_encode_fetch_header(const moqt_profile *p, uint64_t request_id, uint8_t *out,
                                         size_t cap);

/* State across the items of one FETCH stream (15+ refer to the prior object). */
typedef struct moqt_fetch_stream {
    bool descending; /* 18+: Group ID Delta direction follows the FETCH's group order */
    bool have_loc;   /* prior group/object known (object or end of range) */
    uint64_t prev_group;
    uint64_t prev_object;
    bool have_subgroup; /* prior actual object had a Subgroup ID */
    uint64_t prev_subgroup;
    bool have_priority;
    uint8_t prev_priority;
} moqt_fetch_stream;

void moqt_fetch_stream_init(moqt_fetch_stream *s, bool descending);

/* One FETCH item: an object header (payload_len bytes follow) or, 16+, an End
 * of Range marker (o->kind, group, object_id; nothing follows). */
moqt_ssize moqt_wire_decode_fetch_object(const moqt_profile *p, moqt_fetch_stream *s,
                                         const uint8_t *data, size_t len, moqt_object_hdr *o,
                                         const char **pwhy);
moqt_ssize moqt_wire_encode_fetch_object(const moqt_profile *p, moqt_fetch_stream *s,
                                         const moqt_object_hdr *o, uint8_t *out, size_t cap);

/* ---- Datagrams --------------------------------------------------------- */

/* Decodes a whole datagram (truncation is MALFORMED: a datagram never grows).
 * Returns |len| on success. o->payload borrows the payload bytes. */
moqt_ssize moqt_wire_decode_datagram(const moqt_profile *p, const uint8_t *data, size_t len,
                                     moqt_object_hdr *o, const char **pwhy);
/* Encodes a whole datagram (kind OBJECT: payload from o->payload; kind PADDING:
 * the type and o->payload_len zero bytes, 18+). */
moqt_ssize moqt_wire_encode_datagram(const moqt_profile *p, const moqt_object_hdr *o, uint8_t *out,
                                     size_t cap);
/* moqt_datagram_type returns the wire type |o| encodes to, or a negative error. */
int64_t moqt_datagram_type(const moqt_profile *p, const moqt_object_hdr *o);

#endif /* MOQT_WIRE_DATA_H */
