/*
 * Control message framing and dispatch (all drafts).
 *
 * Framing: Type(i) Length(i) Payload in 07-10; Type(i) Length(16) Payload in
 * 11-16; Type(vi64) Length(16) Payload in 17+ (DRAFT-CHANGES §2).
 */
#ifndef MOQT_WIRE_CONTROL_H
#define MOQT_WIRE_CONTROL_H

#include "wire/model.h"

/*
 * moqt_wire_decode_control decodes one control message from |data|..|len|
 * under draft |p| into |m|. Byte ranges in |m| borrow from |data|.
 *
 * Returns the number of bytes the message occupies (> 0), or
 * MOQT_ERR_WIRE_NEED_MORE if |data| does not yet hold the whole message, or
 * MOQT_ERR_WIRE_MALFORMED with *|pwhy| set to the draft rule that was broken
 * (unknown type, length mismatch, bad field), or MOQT_ERR_WIRE_LIMIT if a
 * well-formed message exceeds a limit of the model (MOQT_MAX_*).
 * |pwhy| may be NULL.
 */
moqt_ssize moqt_wire_decode_control(const moqt_profile *p, const uint8_t *data, size_t len,
                                    moqt_msg *m, const char **pwhy);

/*
 * moqt_wire_encode_control encodes |m| under draft |p| into |out|..|cap|.
 * Returns the number of bytes written, or MOQT_ERR_NOBUF, or
 * MOQT_ERR_UNSUPPORTED if the draft has no such message or cannot express one
 * of its fields.
 */
moqt_ssize moqt_wire_encode_control(const moqt_profile *p, const moqt_msg *m, uint8_t *out,
                                    size_t cap);

/* Largest control message payload: Length(16) caps it at 65535 (11+). */
#define MOQT_MAX_CONTROL_PAYLOAD 65535

#endif /* MOQT_WIRE_CONTROL_H */
