/*
 * HTTP/3 framing for the WebTransport layer: frame headers, SETTINGS, GOAWAY,
 * stream types and the codepoints of RFC 9114, RFC 9204, RFC 9220, RFC 9297 and
 * the WebTransport drafts (draft-ietf-webtrans-http3-02 .. -16).
 *
 * Decoders follow the wire/ conventions: a bounded moqt_rd, NEED_MORE when
 * bytes are missing, MALFORMED (with the rule in r->why) when a rule is broken.
 * Unknown frame types, stream types and settings are the caller's to skip:
 * RFC 9114 §9 says they MUST be ignored, so nothing here rejects them.
 */
#ifndef MOQT_WEBTRANSPORT_H3_FRAME_H
#define MOQT_WEBTRANSPORT_H3_FRAME_H

#include <moqt/moqt.h>

#include "wire/buf.h"

/* Frame types (RFC 9114 §7.2, §11.2.1). */
#define MOQT_H3_FRAME_DATA         0x00u
#define MOQT_H3_FRAME_HEADERS      0x01u
#define MOQT_H3_FRAME_CANCEL_PUSH  0x03u
#define MOQT_H3_FRAME_SETTINGS     0x04u
#define MOQT_H3_FRAME_PUSH_PROMISE 0x05u
#define MOQT_H3_FRAME_GOAWAY       0x07u
#define MOQT_H3_FRAME_MAX_PUSH_ID  0x0du
/* WebTransport bidi stream signal (wt-02 l.215, wt-16 "Bidirectional Streams"):
 * a frame type that takes the rest of the stream, with no length. */
#define MOQT_H3_FRAME_WT_STREAM 0x41u

/* Unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2, wt-02 l.196). */
#define MOQT_H3_STREAM_CONTROL       0x00u
#define MOQT_H3_STREAM_PUSH          0x01u
#define MOQT_H3_STREAM_QPACK_ENCODER 0x02u
#define MOQT_H3_STREAM_QPACK_DECODER 0x03u
#define MOQT_H3_STREAM_WT_UNI        0x54u

/* Settings (RFC 9114 §7.2.4.1, RFC 9204 §5, RFC 9220 §3, RFC 9297 §2.1.1,
 * DRAFT-CHANGES §13 for the WebTransport codepoints per draft). */
#define MOQT_H3_SETTING_QPACK_MAX_TABLE_CAPACITY    0x01u
#define MOQT_H3_SETTING_MAX_FIELD_SECTION_SIZE      0x06u
#define MOQT_H3_SETTING_QPACK_BLOCKED_STREAMS       0x07u
#define MOQT_H3_SETTING_ENABLE_CONNECT_PROTOCOL     0x08u
#define MOQT_H3_SETTING_H3_DATAGRAM                 0x33u
#define MOQT_H3_SETTING_H3_DATAGRAM_DRAFT04         0xffd277u
#define MOQT_H3_SETTING_WT_ENABLE_D02               0x2b603742u /* wt-02 l.410 */
#define MOQT_H3_SETTING_WT_MAX_SESSIONS_D07         0xc671706au /* wt-08..12 */
#define MOQT_H3_SETTING_WT_MAX_SESSIONS_D13         0x14e9cd29u /* wt-13..14 */
#define MOQT_H3_SETTING_WT_ENABLED_D15              0x2c7cf000u /* wt-16 l.1293 */
#define MOQT_H3_SETTING_WT_INITIAL_MAX_STREAMS_UNI  0x2b64u
#define MOQT_H3_SETTING_WT_INITIAL_MAX_STREAMS_BIDI 0x2b65u
#define MOQT_H3_SETTING_WT_INITIAL_MAX_DATA         0x2b61u

/* HTTP/3 error codes (RFC 9114 §8.1, RFC 9204 §6, RFC 9297 §5.2, wt drafts). */
#define MOQT_H3_NO_ERROR                   0x100u
#define MOQT_H3_GENERAL_PROTOCOL_ERROR     0x101u
#define MOQT_H3_INTERNAL_ERROR             0x102u
#define MOQT_H3_STREAM_CREATION_ERROR      0x103u
#define MOQT_H3_CLOSED_CRITICAL_STREAM     0x104u
#define MOQT_H3_FRAME_UNEXPECTED           0x105u
#define MOQT_H3_FRAME_ERROR                0x106u
#define MOQT_H3_EXCESSIVE_LOAD             0x107u
#define MOQT_H3_ID_ERROR                   0x108u
#define MOQT_H3_SETTINGS_ERROR             0x109u
#define MOQT_H3_MISSING_SETTINGS           0x10au
#define MOQT_H3_REQUEST_REJECTED           0x10bu
#define MOQT_H3_REQUEST_CANCELLED          0x10cu
#define MOQT_H3_REQUEST_INCOMPLETE         0x10du
#define MOQT_H3_MESSAGE_ERROR              0x10eu
#define MOQT_H3_CONNECT_ERROR              0x10fu
#define MOQT_H3_QPACK_DECOMPRESSION_FAILED 0x200u
#define MOQT_H3_QPACK_ENCODER_STREAM_ERROR 0x201u
#define MOQT_H3_QPACK_DECODER_STREAM_ERROR 0x202u
#define MOQT_H3_DATAGRAM_ERROR             0x33u
#define MOQT_WT_BUFFERED_STREAM_REJECTED   0x3994bd84u
#define MOQT_WT_SESSION_GONE               0x170d7b68u
#define MOQT_WT_FLOW_CONTROL_ERROR         0x045d4487u
#define MOQT_WT_ALPN_ERROR                 0x0817b3ddu
#define MOQT_WT_REQUIREMENTS_NOT_MET       0x212c0d48u

/* Our limit on a frame we buffer whole (HEADERS, SETTINGS, GOAWAY, ...). */
#define MOQT_H3_MAX_BUFFERED_FRAME 16384u

/* moqt_h3_is_grease reports whether |v| has the reserved form 0x1f * N + 0x21
 * (RFC 9114 §7.2.8, §6.2.3, §7.2.4.1). */
bool moqt_h3_is_grease(uint64_t v);

/* moqt_h3_frame_header_decode reads a frame's Type and Length. For the WT
 * stream signal 0x41, which has no Length, |*len| is set to 0 and only the type
 * is consumed. */
int moqt_h3_frame_header_decode(moqt_rd *r, uint64_t *type, uint64_t *len);
int moqt_h3_frame_header_encode(moqt_wr *w, uint64_t type, uint64_t len);

/*
 * moqt_h3_settings: the settings we understand. |present| has bit (1 << i) set
 * for each MOQT_H3_SET_* index received; absent settings keep their RFC
 * defaults (zero for all of these).
 */
enum {
    MOQT_H3_SET_QPACK_MAX_TABLE_CAPACITY,
    MOQT_H3_SET_MAX_FIELD_SECTION_SIZE,
    MOQT_H3_SET_QPACK_BLOCKED_STREAMS,
    MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL,
    MOQT_H3_SET_H3_DATAGRAM,
    MOQT_H3_SET_H3_DATAGRAM_DRAFT04,
    MOQT_H3_SET_WT_ENABLE_D02,
    MOQT_H3_SET_WT_MAX_SESSIONS_D07,
    MOQT_H3_SET_WT_MAX_SESSIONS_D13,
    MOQT_H3_SET_WT_ENABLED_D15,
    MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI,
    MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI,
    MOQT_H3_SET_WT_INITIAL_MAX_DATA,
    MOQT_H3_SET_COUNT
};

typedef struct moqt_h3_settings {
    uint32_t present;
    uint64_t value[MOQT_H3_SET_COUNT];
    /* Encode only: when nonzero, a GREASE setting 0x1f*N+0x21 with this N is added. */
    uint64_t grease_n;
} moqt_h3_settings;

/* moqt_h3_setting_id returns the wire identifier of MOQT_H3_SET_* index |i|. */
uint64_t moqt_h3_setting_id(int i);
/* moqt_h3_settings_set stores |v| for index |i| and marks it present. */
void moqt_h3_settings_set(moqt_h3_settings *s, int i, uint64_t v);
/* moqt_h3_settings_get returns the value (the default 0 when absent). */
uint64_t moqt_h3_settings_get(const moqt_h3_settings *s, int i);
bool moqt_h3_settings_has(const moqt_h3_settings *s, int i);

/*
 * moqt_h3_settings_decode parses a SETTINGS frame payload (the whole of it,
 * r->end being the frame's end). Unknown and GREASE identifiers are skipped.
 * MALFORMED (the caller closes with H3_SETTINGS_ERROR) for: a duplicate
 * identifier (RFC 9114 §7.2.4), an HTTP/2 setting 0x02..0x05 (§7.2.4.1), a
 * boolean setting other than 0/1 (RFC 9220 §3, RFC 9297 §2.1.1).
 */
int moqt_h3_settings_decode(moqt_rd *r, moqt_h3_settings *s);

/* moqt_h3_settings_encode writes a whole SETTINGS frame (header and payload). */
int moqt_h3_settings_encode(moqt_wr *w, const moqt_h3_settings *s);

/* GOAWAY (RFC 9114 §7.2.6): one varint, the whole payload. */
int moqt_h3_goaway_decode(moqt_rd *r, uint64_t *id);
int moqt_h3_goaway_encode(moqt_wr *w, uint64_t id);

/* moqt_h3_stream_type_encode writes a unidirectional stream's type varint. */
int moqt_h3_stream_type_encode(moqt_wr *w, uint64_t type);

#endif /* MOQT_WEBTRANSPORT_H3_FRAME_H */
