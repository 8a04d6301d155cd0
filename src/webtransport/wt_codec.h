/*
 * WebTransport over HTTP/3 wire pieces (draft-ietf-webtrans-http3-02 .. -16,
 * RFC 9297): capsules, stream preambles, HTTP datagrams, application error
 * code mapping, and the Structured-Field strings of WT-Available-Protocols /
 * WT-Protocol (RFC 8941 §3.1, §3.3.3).
 */
#ifndef MOQT_WEBTRANSPORT_WT_CODEC_H
#define MOQT_WEBTRANSPORT_WT_CODEC_H

#include <moqt/moqt.h>

#include "wire/buf.h"

/* Capsule types (RFC 9297 §3.5, wt-02 l.367, wt-16 IANA). */
#define MOQT_CAPSULE_DATAGRAM                0x00u
#define MOQT_CAPSULE_WT_CLOSE_SESSION        0x2843u
#define MOQT_CAPSULE_WT_DRAIN_SESSION        0x78aeu
#define MOQT_CAPSULE_WT_MAX_DATA             0x190b4d3du
#define MOQT_CAPSULE_WT_MAX_STREAMS_BIDI     0x190b4d3fu
#define MOQT_CAPSULE_WT_MAX_STREAMS_UNI      0x190b4d40u
#define MOQT_CAPSULE_WT_DATA_BLOCKED         0x190b4d41u
#define MOQT_CAPSULE_WT_STREAMS_BLOCKED_BIDI 0x190b4d43u
#define MOQT_CAPSULE_WT_STREAMS_BLOCKED_UNI  0x190b4d44u

/* wt-02 l.389, wt-16 l.1120: "Application Error Message (..8192)" bits. */
#define MOQT_WT_CLOSE_MESSAGE_MAX 1024u
/* Our limit on one capsule we buffer (a DATAGRAM capsule may be this big). */
#define MOQT_CAPSULE_MAX_LEN 65536u

/* moqt_capsule_decode reads one capsule (Type, Length, Value) from a capsule
 * stream; NEED_MORE consumes nothing. LIMIT above MOQT_CAPSULE_MAX_LEN. */
int moqt_capsule_decode(moqt_rd *r, uint64_t *type, moqt_bytes *value);
int moqt_capsule_encode(moqt_wr *w, uint64_t type, const uint8_t *value, size_t len);

/* CLOSE_WEBTRANSPORT_SESSION / WT_CLOSE_SESSION value: code(32) + message. */
int moqt_capsule_close_decode(moqt_bytes value, uint32_t *code, moqt_bytes *message);
int moqt_capsule_close_encode(moqt_wr *w, uint32_t code, const uint8_t *msg, size_t msglen);
/* WT_DRAIN_SESSION: empty value (wt-16 l.649). */
int moqt_capsule_drain_decode(moqt_bytes value);
/* The flow-control capsules: one varint filling the value (wt-16 l.926-1079). */
int moqt_capsule_varint_decode(moqt_bytes value, uint64_t *v);
int moqt_capsule_varint_encode(moqt_wr *w, uint64_t type, uint64_t v);

/* Stream preambles: uni = type 0x54 + Session ID; bidi = signal 0x41 + Session ID. */
int moqt_wt_uni_preamble_encode(moqt_wr *w, uint64_t session_id);
int moqt_wt_bidi_preamble_encode(moqt_wr *w, uint64_t session_id);

/* HTTP datagrams (RFC 9297 §2.1): Quarter Stream ID then the payload. */
int moqt_h3_datagram_decode(moqt_rd *r, uint64_t *stream_id, moqt_bytes *payload);
int moqt_h3_datagram_encode(moqt_wr *w, uint64_t stream_id, const uint8_t *p, size_t len);

/*
 * Application error codes on RESET_STREAM / STOP_SENDING (wt-02 l.276-300,
 * wt-16 l.555-577): first + n + floor(n / 0x1e), skipping the GREASE points.
 * draft-02 defines n in 0..0xff; later drafts 0..0xffffffff.
 */
#define MOQT_WT_APP_ERROR_FIRST    0x52e4a40fa8dbULL
#define MOQT_WT_APP_ERROR_LAST_D02 0x52e4a40fa9e2ULL
#define MOQT_WT_APP_ERROR_LAST     0x52e5ac983162ULL
/* moqt_wt_app_error_to_h3 maps |n| (<= |max_app|: 0xff or 0xffffffff); it
 * returns MOQT_ERR_UNSUPPORTED when |n| exceeds |max_app|. */
int moqt_wt_app_error_to_h3(uint64_t n, uint64_t max_app, uint64_t *h3);
/* moqt_wt_h3_to_app_error maps back; MOQT_ERR_WIRE_MALFORMED when |h3| is not
 * in the range up to |last| or is a GREASE codepoint. */
int moqt_wt_h3_to_app_error(uint64_t h3, uint64_t last, uint32_t *n);

/*
 * Structured Fields. moqt_sf_list_next parses the next member of an sf-list
 * (RFC 8941 §4.2.1) from |r|: a string member is unescaped into |out| and 0
 * returned; members that are not strings (tokens, numbers, inner lists are
 * refused) set |*outlen| to SIZE_MAX; parameters are skipped. Returns 1 at the
 * end of the list, MALFORMED on a syntax error (the caller then ignores the
 * whole field, RFC 8941 §4.2), LIMIT when a string exceeds |cap|.
 */
int moqt_sf_list_next(moqt_rd *r, char *out, size_t cap, size_t *outlen);
/* moqt_sf_string_encode writes |s| as an sf-string; UNSUPPORTED for bytes
 * outside 0x20..0x7e (RFC 8941 §3.3.3). */
int moqt_sf_string_encode(moqt_wr *w, const char *s, size_t len);

#endif /* MOQT_WEBTRANSPORT_WT_CODEC_H */
