/*
 * Bridging drafts: rewriting a decoded model so that it means the same thing
 * when encoded under another draft.
 *
 * The codecs already carry every value that kept its representation (a fixed
 * field up to 14 and a parameter from 15 share one MOQT_P_* bit). What they
 * cannot do alone is move a value between a message parameter (or a fixed
 * field) and a Track Property: from 16 the publisher's description of a track
 * (delivery timeout, cache duration, default priority, default group order,
 * dynamic groups) travels in the trailing Track Extensions / Properties list
 * of PUBLISH, SUBSCRIBE_OK, FETCH_OK (and REQUEST_OK from 18), while 07-15
 * send it as parameters or fixed fields. Object properties changed type
 * numbers too (Prior Group ID Gap 0x40 in 11-13, 0x3C from 14).
 *
 * A relay calls the bridge between decoding under the upstream draft and
 * encoding under the downstream draft:
 *
 *   moqt_wire_decode_control(from, ...) -> moqt_wire_bridge_msg(from, to, &m)
 *   -> moqt_wire_encode_control(to, &m, ...)
 *
 * The bridge only moves values between representations; what the codecs drop
 * by design (Request IDs of 17+ responses, Track Alias on the side that does
 * not own it, the Required Request ID Delta outside 17) stays the session's
 * business and is listed in bridge.c. Same-kind only: turning one message into
 * another (SUBSCRIBE_ERROR into REQUEST_ERROR) is the session's job too.
 */
#ifndef MOQT_WIRE_BRIDGE_H
#define MOQT_WIRE_BRIDGE_H

#include "wire/data.h"
#include "wire/model.h"

/* Default Publisher Priority when a track does not name one (mt-15 l.1818,
 * mt-16 l.3793, mt-17 l.3971). */
#define MOQT_DEFAULT_PUBLISHER_PRIORITY 128

/*
 * moqt_wire_bridge_msg rewrites |m| (decoded under |from|, or built to mean
 * what |from| would mean) so that moqt_wire_encode_control(to, m) expresses
 * the same track description. Returns 0, or:
 * - MOQT_ERR_UNSUPPORTED: |to| cannot carry a value whose loss would change
 *   what the receiver does (see bridge.c: a Max Cache Duration with no place,
 *   a Mandatory Track Property, a Delivery Timeout of 0 into 16, a property
 *   value out of the range of the field it must become). |m| is then left in
 *   an unspecified but valid state: the caller decides (refuse the request, or
 *   clear the value deliberately and bridge again from a fresh decode).
 * - MOQT_ERR_WIRE_LIMIT: the property list would exceed MOQT_MAX_KVPS.
 * - MOQT_ERR_INVALID_ARGUMENT: a NULL argument.
 * Messages with nothing to move are left untouched (returns 0).
 */
int moqt_wire_bridge_msg(const moqt_profile *from, const moqt_profile *to, moqt_msg *m);

/*
 * moqt_wire_track_default_priority returns the Publisher Priority that objects
 * without a Priority field inherit (15+ DEFAULT_PRIORITY types) from a PUBLISH
 * or SUBSCRIBE_OK decoded under |p|: the PUBLISHER_PRIORITY parameter (15),
 * the DEFAULT_PUBLISHER_PRIORITY property (16+), else 128.
 */
uint8_t moqt_wire_track_default_priority(const moqt_profile *p, const moqt_msg *m);

/*
 * moqt_wire_bridge_object rewrites an object header decoded under |from| for
 * encoding under |to|: property type numbers (Prior Group ID Gap), an
 * Immutable Properties value re-encoded for the target's KVP coding into
 * |scratch| (which must outlive |o|'s use), properties the target gives
 * another meaning dropped, a missing priority filled with |default_priority|
 * for drafts without DEFAULT_PRIORITY (<= 14), an 11+ End of Track (which
 * also ends the group) stated as End of Track and Group for 07-10, End of
 * Group cleared before 12, and properties sorted when the target delta-codes
 * their types. MOQT_ERR_UNSUPPORTED when the target cannot
 * carry a property that matters (any property in 07, Immutable Properties
 * before 14); MOQT_ERR_NOBUF when |scratch| is too small.
 */
int moqt_wire_bridge_object(const moqt_profile *from, const moqt_profile *to, moqt_object_hdr *o,
                            uint8_t default_priority, uint8_t *scratch, size_t cap);

/*
 * moqt_wire_bridge_subgroup_header rewrites a subgroup stream header for |to|:
 * a missing priority is filled with |default_priority| before 15; the Subgroup
 * ID becomes explicit before 11 (for FIRST_OBJECT mode h->subgroup must
 * already hold the first Object ID); End of Group is cleared before 12 (a
 * hint: the group's end is also learnt from its End of Group status object).
 */
int moqt_wire_bridge_subgroup_header(const moqt_profile *from, const moqt_profile *to,
                                     moqt_subgroup_header *h, uint8_t default_priority);

/*
 * The publisher's track values a session sets on the messages it builds and
 * reads from the ones it receives, wherever draft |p| keeps them on m->kind
 * (a parameter / fixed field in 07-15, a Track Property in 16+; the same
 * table as moqt_wire_bridge_msg).
 */
typedef enum moqt_track_value {
    MOQT_TV_DELIVERY_TIMEOUT = 0,      /* DELIVERY_TIMEOUT; OBJECT_DELIVERY_TIMEOUT 18+ */
    MOQT_TV_SUBGROUP_DELIVERY_TIMEOUT, /* 18+ */
    MOQT_TV_MAX_CACHE_DURATION
} moqt_track_value;

/* moqt_wire_track_value_put stores |value| in |m|. Returns 0 (also when the
 * draft has no place for a delivery timeout on this kind: dropped, as the
 * bridge does), MOQT_ERR_UNSUPPORTED for a Max Cache Duration with no place
 * or a Delivery Timeout of 0 into 16, MOQT_ERR_WIRE_LIMIT. */
int moqt_wire_track_value_put(const moqt_profile *p, moqt_msg *m, moqt_track_value v,
                              uint64_t value);

/* moqt_wire_track_value_get reads it from |m| decoded under |p|; false if absent. */
bool moqt_wire_track_value_get(const moqt_profile *p, const moqt_msg *m, moqt_track_value v,
                               uint64_t *value);

#endif /* MOQT_WIRE_BRIDGE_H */
