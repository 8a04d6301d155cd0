/*
 * The minimal HTTP/3 connection under WebTransport (RFC 9114): our control
 * stream with SETTINGS, the QPACK encoder/decoder streams, the peer's
 * unidirectional stream types, frame reading on control and request streams,
 * and the lower transport's callbacks. Sessions live in wt_session.c.
 */
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "webtransport/wt_internal.h"

#define TAG "h3"
/* Early WebTransport stream data we hold for a session not yet open. */
#define WT_PENDING_MAX 65536u

/* ---- streams and our own send queues ----------------------------------- */

wt_stream *wt_stream_find(moqt_wt_conn *c, uint64_t id)
{
    for (wt_stream *s = c->streams; s != NULL; s = s->next) {
        if (s->id == id) {
            return s;
        }
    }
    return NULL;
}

wt_stream *wt_stream_add(moqt_wt_conn *c, uint64_t id, wt_kind kind)
{
    wt_stream *s = moqt_mem_calloc(c->mem, 1, sizeof(*s));
    if (s == NULL) {
        return NULL;
    }
    s->id = id;
    s->kind = kind;
    s->next = c->streams;
    c->streams = s;
    return s;
}

static void sendq_release(moqt_wt_conn *c, wt_sendq *q, uint64_t acked)
{
    while (q->head != NULL && q->head->off + q->head->len <= acked) {
        wt_chunk *k = q->head;
        q->head = k->next;
        moqt_mem_free(c->mem, k);
    }
    if (q->head == NULL) {
        q->tail = NULL;
    }
}

static void stream_free(moqt_wt_conn *c, wt_stream *s)
{
    sendq_release(c, &s->sq, UINT64_MAX);
    moqt_mem_free(c->mem, s->rb);
    moqt_mem_free(c->mem, s->deferred);
    moqt_mem_free(c->mem, s->early);
    moqt_mem_free(c->mem, s);
}

static void stream_remove(moqt_wt_conn *c, wt_stream *s)
{
    for (wt_stream **pp = &c->streams; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            stream_free(c, s);
            return;
        }
    }
}

int wt_sendq_append(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len, bool fin)
{
    wt_sendq *q = &s->sq;
    if (q->fin_queued) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (len > 0) {
        wt_chunk *k = moqt_mem_malloc(c->mem, sizeof(*k) + len);
        if (k == NULL) {
            return MOQT_ERR_NOMEM;
        }
        k->next = NULL;
        k->off = q->queued;
        k->len = len;
        memcpy(k->data, p, len);
        if (q->tail) {
            q->tail->next = k;
        } else {
            q->head = k;
        }
        q->tail = k;
        q->queued += len;
    }
    q->fin_queued = fin;
    return 0;
}

/* Hands queued bytes to the lower transport until it takes no more. */
int wt_sendq_flush(moqt_wt_conn *c, wt_stream *s)
{
    wt_sendq *q = &s->sq;
    for (wt_chunk *k = q->head; k != NULL; k = k->next) {
        if (k->off + k->len <= q->written) {
            continue;
        }
        size_t from = (size_t)(q->written - k->off);
        bool fin = q->fin_queued && k->next == NULL;
        moqt_ssize n = moqt_transport_write(c->lower, s->id, k->data + from, k->len - from, fin);
        if (n == MOQT_ERR_WOULDBLOCK) {
            return 0;
        }
        if (n < 0) {
            return (int)n;
        }
        q->written += (uint64_t)n;
        if ((size_t)n < k->len - from) {
            return 0; /* stream_writable resumes */
        }
        q->fin_written = fin;
    }
    if (q->fin_queued && !q->fin_written && q->written == q->queued) {
        moqt_ssize n = moqt_transport_write(c->lower, s->id, NULL, 0, true);
        if (n >= 0) {
            q->fin_written = true;
        } else if (n != MOQT_ERR_WOULDBLOCK) {
            return (int)n;
        }
    }
    return 0;
}

int wt_send_frame(moqt_wt_conn *c, wt_stream *s, uint64_t type, const uint8_t *payload, size_t len,
                  bool fin)
{
    uint8_t hdr[16];
    moqt_wr w;
    moqt_wr_init(&w, hdr, sizeof hdr, MOQT_INT_QUIC);
    MOQT_TRY(moqt_h3_frame_header_encode(&w, type, len));
    MOQT_TRY(wt_sendq_append(c, s, hdr, (size_t)(w.pos - hdr), false));
    MOQT_TRY(wt_sendq_append(c, s, payload, len, fin));
    return wt_sendq_flush(c, s);
}

int wt_conn_error(moqt_wt_conn *c, uint64_t h3_code, const char *why)
{
    MOQT_LOG_AT(MOQT_LOG_WARN, TAG, "connection error 0x%llx: %s", (unsigned long long)h3_code,
                why);
    if (!c->closed) {
        (void)moqt_transport_close(c->lower, h3_code, (const uint8_t *)why, strlen(why));
    }
    return 0;
}

/* ---- our unidirectional streams --------------------------------------- */

static int open_own_stream(moqt_wt_conn *c, uint64_t type, const uint8_t *extra, size_t extralen)
{
    uint64_t id;
    MOQT_TRY(moqt_transport_open_stream(c->lower, false, &id));
    if (type == MOQT_H3_STREAM_CONTROL) {
        c->control_id = id;
    }
    wt_stream *s = wt_stream_add(c, id, WT_K_OWN);
    if (s == NULL) {
        return MOQT_ERR_NOMEM;
    }
    uint8_t buf[128];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_h3_stream_type_encode(&w, type));
    MOQT_TRY(moqt_wr_bytes(&w, extra, extralen));
    MOQT_TRY(wt_sendq_append(c, s, buf, (size_t)(w.pos - buf), false));
    return wt_sendq_flush(c, s);
}

/* Our SETTINGS: every WebTransport dialect at once (docs/webtransport.md). */
static int encode_settings(moqt_wt_conn *c, uint8_t *buf, size_t cap, size_t *len)
{
    moqt_h3_settings s = {0};
    moqt_h3_settings_set(&s, MOQT_H3_SET_QPACK_MAX_TABLE_CAPACITY, 0);
    moqt_h3_settings_set(&s, MOQT_H3_SET_QPACK_BLOCKED_STREAMS, 0);
    moqt_h3_settings_set(&s, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_H3_DATAGRAM, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_H3_DATAGRAM_DRAFT04, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_ENABLE_D02, 1);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_MAX_SESSIONS_D07, c->s.max_sessions);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_MAX_SESSIONS_D13, c->s.max_sessions);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_ENABLED_D15, 1);
    /* Flow control (wt-16 §5.6), raised by capsules as the peer uses it. */
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI, c->s.initial_max_streams_uni);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI,
                         c->s.initial_max_streams_bidi);
    moqt_h3_settings_set(&s, MOQT_H3_SET_WT_INITIAL_MAX_DATA, c->s.initial_max_data);
    s.grease_n = 3; /* RFC 9114 §7.2.4.1: exercise the peer's tolerance */
    moqt_wr w;
    moqt_wr_init(&w, buf, cap, MOQT_INT_QUIC);
    MOQT_TRY(moqt_h3_settings_encode(&w, &s));
    *len = (size_t)(w.pos - buf);
    return 0;
}

static int start_connection(moqt_wt_conn *c)
{
    uint8_t settings[128];
    size_t len;
    if (c->started) {
        return 0;
    }
    c->started = true;
    MOQT_TRY(encode_settings(c, settings, sizeof settings, &len));
    MOQT_TRY(open_own_stream(c, MOQT_H3_STREAM_CONTROL, settings, len));
    MOQT_TRY(open_own_stream(c, MOQT_H3_STREAM_QPACK_ENCODER, NULL, 0));
    return open_own_stream(c, MOQT_H3_STREAM_QPACK_DECODER, NULL, 0);
}

/* ---- reading --------------------------------------------------------- */

/*
 * Copies bytes of *data into s->hdr until |dec| succeeds on them; then moves
 * *data past the bytes the header used and returns 1 (0: need more, all of
 * *data was taken; negative: |dec| failed).
 */
typedef int (*hdr_decoder)(moqt_rd *r, uint64_t *a, uint64_t *b);

static int hdr_take(wt_stream *s, const uint8_t **data, size_t *len, hdr_decoder dec, uint64_t *a,
                    uint64_t *b, size_t *used)
{
    size_t old = s->hdrlen;
    size_t take = sizeof(s->hdr) - old < *len ? sizeof(s->hdr) - old : *len;
    memcpy(s->hdr + old, *data, take);
    moqt_rd r;
    moqt_rd_init(&r, s->hdr, old + take, MOQT_INT_QUIC);
    int rv = dec(&r, a, b);
    if (rv == MOQT_ERR_WIRE_NEED_MORE) {
        s->hdrlen = old + take;
        *data += take;
        *len -= take;
        return s->hdrlen == sizeof(s->hdr) ? MOQT_ERR_WIRE_MALFORMED : 0;
    }
    if (rv != 0) {
        return rv;
    }
    *used = (size_t)(r.pos - s->hdr);
    *data += *used - old;
    *len -= *used - old;
    s->hdrlen = 0;
    return 1;
}

static int dec_one(moqt_rd *r, uint64_t *a, uint64_t *b)
{
    (void)b;
    return moqt_rd_qint(r, a);
}

static int dec_frame_header(moqt_rd *r, uint64_t *a, uint64_t *b)
{
    return moqt_h3_frame_header_decode(r, a, b);
}

static bool frame_is_buffered(wt_stream *s, uint64_t type)
{
    if (s->kind == WT_K_CONTROL) {
        return type == MOQT_H3_FRAME_SETTINGS || type == MOQT_H3_FRAME_GOAWAY;
    }
    return type == MOQT_H3_FRAME_HEADERS;
}

static int rb_append(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len)
{
    if (s->rblen + len > s->rbcap) {
        size_t cap = s->rbcap ? s->rbcap : 256;
        while (cap < s->rblen + len) {
            cap *= 2;
        }
        uint8_t *n = moqt_mem_realloc(c->mem, s->rb, cap);
        if (n == NULL) {
            return MOQT_ERR_NOMEM;
        }
        s->rb = n;
        s->rbcap = cap;
    }
    if (len) {
        memcpy(s->rb + s->rblen, p, len);
    }
    s->rblen += len;
    return 0;
}

static int control_frame(moqt_wt_conn *c, wt_stream *s)
{
    moqt_rd r;
    moqt_rd_init(&r, s->rb, s->rblen, MOQT_INT_QUIC);
    if (s->ftype == MOQT_H3_FRAME_SETTINGS) {
        if (c->peer_settings) {
            return wt_conn_error(c, MOQT_H3_FRAME_UNEXPECTED, "RFC 9114 §7.2.4: second SETTINGS");
        }
        if (moqt_h3_settings_decode(&r, &c->peer) != 0) {
            return wt_conn_error(c, MOQT_H3_SETTINGS_ERROR, r.why);
        }
        c->peer_settings = true;
        return wt_session_on_settings(c);
    }
    uint64_t id;
    if (moqt_h3_goaway_decode(&r, &id) != 0) {
        return wt_conn_error(c, MOQT_H3_FRAME_ERROR, r.why);
    }
    c->goaway_received = true;
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->state == WT_S_OPEN && c->cb.session_drain) {
            c->cb.session_drain(c, ss->t, c->user_data);
        }
    }
    return 0;
}

/* A frame type that may not appear on this stream (RFC 9114 §7.2). */
static bool frame_unexpected(wt_stream *s, uint64_t type, bool first)
{
    if (type == MOQT_H3_FRAME_CANCEL_PUSH || type == MOQT_H3_FRAME_PUSH_PROMISE ||
        type == MOQT_H3_FRAME_MAX_PUSH_ID || type == 0x02 || type == 0x06 || type == 0x08 ||
        type == 0x09) {
        return true; /* push is never enabled; 0x02/0x06/0x08/0x09 are HTTP/2-only */
    }
    if (s->kind == WT_K_CONTROL) {
        return (first && type != MOQT_H3_FRAME_SETTINGS) || type == MOQT_H3_FRAME_DATA ||
               type == MOQT_H3_FRAME_HEADERS || type == MOQT_H3_FRAME_WT_STREAM;
    }
    return type == MOQT_H3_FRAME_SETTINGS || type == MOQT_H3_FRAME_GOAWAY ||
           type == MOQT_H3_FRAME_WT_STREAM;
}

static int frame_done(moqt_wt_conn *c, wt_stream *s)
{
    s->in_frame = false;
    if (s->kind == WT_K_CONTROL && frame_is_buffered(s, s->ftype)) {
        return control_frame(c, s);
    }
    if (s->kind == WT_K_REQUEST && s->ftype == MOQT_H3_FRAME_HEADERS) {
        return wt_session_on_headers(c, s, s->rb, s->rblen);
    }
    return 0;
}

/* Control and request streams: a sequence of frames. */
static int read_frames(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len)
{
    while (len > 0 && !c->closed) {
        if (!s->in_frame) {
            uint64_t type, flen;
            size_t used = 0;
            int rv = hdr_take(s, &p, &len, dec_frame_header, &type, &flen, &used);
            if (rv == 0) {
                return 0;
            }
            if (rv < 0) {
                return wt_conn_error(c, MOQT_H3_FRAME_ERROR, "RFC 9114 §7.1: bad frame header");
            }
            bool first = s->kind == WT_K_CONTROL && !c->peer_settings;
            if (frame_unexpected(s, type, first)) {
                return wt_conn_error(c, first ? MOQT_H3_MISSING_SETTINGS : MOQT_H3_FRAME_UNEXPECTED,
                                     "RFC 9114 §7.2: frame not allowed on this stream");
            }
            if (frame_is_buffered(s, type) && flen > MOQT_H3_MAX_BUFFERED_FRAME) {
                return wt_conn_error(c, MOQT_H3_EXCESSIVE_LOAD, "frame larger than our limit");
            }
            s->in_frame = true;
            s->ftype = type;
            s->fleft = flen;
            s->rblen = 0;
            if (flen == 0) {
                MOQT_TRY(frame_done(c, s));
            }
            continue;
        }
        size_t take = s->fleft < len ? (size_t)s->fleft : len;
        if (frame_is_buffered(s, s->ftype)) {
            MOQT_TRY(rb_append(c, s, p, take));
        } else if (s->kind == WT_K_REQUEST && s->ftype == MOQT_H3_FRAME_DATA) {
            MOQT_TRY(wt_session_on_data(c, s, p, take));
        } /* else: unknown or reserved frame type, skipped (RFC 9114 §9) */
        p += take;
        len -= take;
        s->fleft -= take;
        if (s->fleft == 0) {
            MOQT_TRY(frame_done(c, s));
        }
    }
    return 0;
}

int wt_deliver_wt_data(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len, bool fin)
{
    wt_session *ss = s->session;
    if (ss == NULL || ss->state == WT_S_WAIT_SETTINGS || ss->state == WT_S_REQUESTED) {
        /* wt-16 §4.6: buffer streams that arrive before their session. */
        if (s->rblen + len > WT_PENDING_MAX) {
            (void)moqt_transport_stop_sending(c->lower, s->id, MOQT_WT_BUFFERED_STREAM_REJECTED);
            s->kind = WT_K_IGNORED;
            return 0;
        }
        s->pending = true;
        s->pending_fin |= fin;
        return rb_append(c, s, p, len);
    }
    if (ss->state != WT_S_OPEN) {
        return 0; /* session gone: the stream was reset / stopped already */
    }
    if (!s->upper_opened) {
        s->upper_opened = true;
        if (moqt_transport_emit_stream_opened(ss->t, s->id) != 0) {
            return MOQT_ERR_CALLBACK_FAILURE;
        }
    }
    if (len == 0 && !fin) {
        return 0;
    }
    if (moqt_transport_emit_stream_data(ss->t, s->id, p, len, fin) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return wt_session_received(c, ss, len);
}

static int attach_wt_stream(moqt_wt_conn *c, wt_stream *s, uint64_t session_id)
{
    s->kind = WT_K_WT;
    s->session_id = session_id;
    s->session = wt_session_find(c, session_id);
    if (s->session != NULL) {
        MOQT_TRY(wt_session_peer_stream(c, s->session, s->id, false));
    }
    if (s->session == NULL && c->is_server) {
        /* A server only learns of sessions by their CONNECT, which the client
         * sent first; one it never saw is gone or bogus. */
        (void)moqt_transport_stop_sending(c->lower, s->id, MOQT_WT_SESSION_GONE);
        if (!moqt_stream_id_is_uni(s->id)) {
            (void)moqt_transport_reset_stream(c->lower, s->id, MOQT_WT_SESSION_GONE);
        }
        s->kind = WT_K_IGNORED;
    }
    return 0;
}

/* The start of a peer stream: the uni stream type, or on a bidi stream the WT
 * signal 0x41 versus a request's first frame; then a WT Session ID. */
static int read_stream_start(moqt_wt_conn *c, wt_stream *s, const uint8_t **p, size_t *len)
{
    uint64_t v;
    size_t used = 0;
    int rv;
    if (!s->type_read) {
        rv = hdr_take(s, p, len, dec_one, &v, NULL, &used);
        if (rv <= 0) {
            return rv;
        }
        if (!moqt_stream_id_is_uni(s->id)) {
            if (v != MOQT_H3_FRAME_WT_STREAM) {
                if (!c->is_server) {
                    return wt_conn_error(c, MOQT_H3_STREAM_CREATION_ERROR,
                                         "RFC 9114 §6.1: server-initiated request stream");
                }
                uint8_t first[sizeof s->hdr] = {0};
                if (used == 0 || used > sizeof first) {
                    return MOQT_ERR_WIRE_MALFORMED; /* a varint is 1..8 bytes */
                }
                memcpy(first, s->hdr, used);
                s->kind = WT_K_REQUEST;
                return read_frames(c, s, first, used);
            }
            s->type_read = true;
        } else if (v == MOQT_H3_STREAM_WT_UNI) {
            s->type_read = true;
        } else {
            bool *seen = NULL;
            if (v == MOQT_H3_STREAM_CONTROL) {
                s->kind = WT_K_CONTROL;
                seen = &c->peer_control;
            } else if (v == MOQT_H3_STREAM_QPACK_ENCODER) {
                s->kind = WT_K_QPACK_ENC;
                seen = &c->peer_enc;
            } else if (v == MOQT_H3_STREAM_QPACK_DECODER) {
                s->kind = WT_K_QPACK_DEC;
                seen = &c->peer_dec;
            } else {
                /* RFC 9114 §6.2: unknown types (GREASE too) and push are
                 * refused for reading, never a connection error. */
                s->kind = WT_K_IGNORED;
                (void)moqt_transport_stop_sending(c->lower, s->id, MOQT_H3_STREAM_CREATION_ERROR);
                return 0;
            }
            if (*seen) {
                return wt_conn_error(c, MOQT_H3_STREAM_CREATION_ERROR,
                                     "RFC 9114 §6.2.1: second critical stream of a type");
            }
            *seen = true;
            return 0;
        }
    }
    rv = hdr_take(s, p, len, dec_one, &v, NULL, &used);
    if (rv <= 0) {
        return rv;
    }
    return attach_wt_stream(c, s, v);
}

static int on_stream_bytes(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len, bool fin)
{
    if (s->kind == WT_K_UNKNOWN) {
        int rv = read_stream_start(c, s, &p, &len);
        if (rv == MOQT_ERR_WIRE_MALFORMED) {
            return wt_conn_error(c, MOQT_H3_FRAME_ERROR, "malformed stream preamble");
        }
        MOQT_TRY(rv);
        if (s->kind == WT_K_UNKNOWN) {
            if (fin) {
                s->kind = WT_K_IGNORED; /* ended before its preamble: nothing to do */
            }
            return 0;
        }
    }
    switch (s->kind) {
    case WT_K_REQUEST:
        MOQT_TRY(read_frames(c, s, p, len));
        return fin ? wt_session_on_connect_end(c, s, false) : 0;
    case WT_K_CONTROL:
        MOQT_TRY(read_frames(c, s, p, len));
        return fin ? wt_conn_error(c, MOQT_H3_CLOSED_CRITICAL_STREAM,
                                   "RFC 9114 §6.2.1: control stream closed")
                   : 0;
    case WT_K_QPACK_ENC:
        if (moqt_qpack_read_encoder_stream(c->qpack, p, len) != 0) {
            return wt_conn_error(c, MOQT_H3_QPACK_ENCODER_STREAM_ERROR,
                                 "RFC 9204 §4.2: bad encoder stream");
        }
        return fin ? wt_conn_error(c, MOQT_H3_CLOSED_CRITICAL_STREAM, "QPACK stream closed") : 0;
    case WT_K_QPACK_DEC:
        if (moqt_qpack_read_decoder_stream(c->qpack, p, len) != 0) {
            return wt_conn_error(c, MOQT_H3_QPACK_DECODER_STREAM_ERROR,
                                 "RFC 9204 §4.2: bad decoder stream");
        }
        return fin ? wt_conn_error(c, MOQT_H3_CLOSED_CRITICAL_STREAM, "QPACK stream closed") : 0;
    case WT_K_WT:
        return wt_deliver_wt_data(c, s, p, len, fin);
    default:
        return 0;
    }
}

/* ---- lower transport callbacks ---------------------------------------- */

static int cb_handshake_done(moqt_transport *t, const char *alpn, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    if (strcmp(alpn, "h3") != 0 && alpn[0] != 0) {
        MOQT_LOG_AT(MOQT_LOG_WARN, TAG, "ALPN %s is not h3; speaking HTTP/3 anyway", alpn);
    }
    int rv = start_connection(c);
    return rv == 0 ? 0 : MOQT_ERR_CALLBACK_FAILURE;
}

static int cb_stream_opened(moqt_transport *t, uint64_t id, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    if (wt_stream_find(c, id) == NULL && wt_stream_add(c, id, WT_K_UNKNOWN) == NULL) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return 0;
}

static int cb_stream_data(moqt_transport *t, uint64_t id, const uint8_t *data, size_t len, bool fin,
                          void *ud)
{
    moqt_wt_conn *c = ud;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        if (cb_stream_opened(t, id, ud) != 0) {
            return MOQT_ERR_CALLBACK_FAILURE;
        }
        s = wt_stream_find(c, id);
    }
    if (s->recv_done) {
        return 0;
    }
    s->recv_done = fin;
    int rv = on_stream_bytes(c, s, data, len, fin);
    if (rv == MOQT_ERR_CALLBACK_FAILURE || moqt_err_is_fatal(rv)) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    if (rv < 0) {
        return wt_conn_error(c, MOQT_H3_INTERNAL_ERROR, moqt_strerror(rv));
    }
    return 0;
}

/* wt-16 l.1101-1108: WT_SESSION_GONE on a session's stream is the peer's session
 * ending (its close capsule or CONNECT FIN is on the way, on another stream, so
 * it may arrive later), not an application reset: the application hears
 * closed, not a reset of each stream first (a MoQT session would take a reset
 * control stream for a protocol violation). */
static bool session_gone(const wt_stream *s, uint64_t code)
{
    return code == MOQT_WT_SESSION_GONE && s->kind == WT_K_WT;
}

uint64_t wt_code_from_h3(uint64_t h3)
{
    uint32_t n;
    /* Always the 32-bit range: it contains draft-02's 8-bit one (docs). */
    return moqt_wt_h3_to_app_error(h3, MOQT_WT_APP_ERROR_LAST, &n) == 0 ? n : 0;
}

static int cb_stream_reset(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        return 0;
    }
    s->recv_done = true;
    if (session_gone(s, code)) {
        return 0;
    }
    switch (s->kind) {
    case WT_K_CONTROL:
    case WT_K_QPACK_ENC:
    case WT_K_QPACK_DEC:
        return wt_conn_error(c, MOQT_H3_CLOSED_CRITICAL_STREAM, "critical stream reset");
    case WT_K_REQUEST:
        return wt_session_on_connect_end(c, s, true);
    case WT_K_WT:
        if (s->session && s->session->state == WT_S_OPEN && s->upper_opened) {
            return moqt_transport_emit_stream_reset(s->session->t, id, wt_code_from_h3(code))
                       ? MOQT_ERR_CALLBACK_FAILURE
                       : 0;
        }
        return 0;
    default:
        return 0;
    }
}

static int cb_stop_sending(moqt_transport *t, uint64_t id, uint64_t code, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        return 0;
    }
    s->send_done = true;
    if (s->kind == WT_K_OWN) {
        return wt_conn_error(c, MOQT_H3_CLOSED_CRITICAL_STREAM, "critical stream stopped");
    }
    if (s->kind == WT_K_WT && s->session && s->session->state == WT_S_OPEN &&
        !session_gone(s, code)) {
        return moqt_transport_emit_stop_sending(s->session->t, id, wt_code_from_h3(code))
                   ? MOQT_ERR_CALLBACK_FAILURE
                   : 0;
    }
    return 0;
}

static int cb_stream_acked(moqt_transport *t, uint64_t id, uint64_t offset, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        return 0;
    }
    sendq_release(c, &s->sq, offset);
    if (s->kind == WT_K_WT && s->session && s->session->state == WT_S_OPEN && offset > s->own_len) {
        return moqt_transport_emit_stream_acked(s->session->t, id, offset - s->own_len)
                   ? MOQT_ERR_CALLBACK_FAILURE
                   : 0;
    }
    if (s->kind == WT_K_REQUEST) {
        return wt_session_on_acked(c, s) ? MOQT_ERR_CALLBACK_FAILURE : 0;
    }
    (void)offset;
    return 0;
}

static int cb_stream_writable(moqt_transport *t, uint64_t id, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        return 0;
    }
    if (wt_sendq_flush(c, s) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    if (s->kind == WT_K_WT && s->session && s->session->state == WT_S_OPEN &&
        s->sq.written == s->sq.queued) {
        return moqt_transport_emit_stream_writable(s->session->t, id) ? MOQT_ERR_CALLBACK_FAILURE
                                                                      : 0;
    }
    return 0;
}

static int cb_streams_available(moqt_transport *t, bool bidi, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    if (bidi && wt_session_on_settings(c) != 0) { /* CONNECTs waiting for a stream */
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->state == WT_S_OPEN && moqt_transport_emit_streams_available(ss->t, bidi) != 0) {
            return MOQT_ERR_CALLBACK_FAILURE;
        }
    }
    return 0;
}

static int cb_stream_closed(moqt_transport *t, uint64_t id, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    wt_stream *s = wt_stream_find(c, id);
    if (s == NULL) {
        return 0;
    }
    int rv = 0;
    if (s->kind == WT_K_WT && s->session && s->session->state == WT_S_OPEN && s->upper_opened) {
        rv = moqt_transport_emit_stream_closed(s->session->t, id);
        if (rv == 0 && !moqt_stream_id_is_local(c->lower, id)) {
            rv = wt_session_peer_stream(c, s->session, id, true);
        }
    }
    if (s->kind == WT_K_REQUEST) {
        /* The session keeps its record (its handle lives until conn_del). */
        rv = wt_session_on_connect_end(c, s, true);
        wt_session *ss = wt_session_find(c, id);
        if (ss) {
            ss->connect_gone = true;
        }
    }
    stream_remove(c, s);
    return rv ? MOQT_ERR_CALLBACK_FAILURE : 0;
}

static int cb_datagram(moqt_transport *t, const uint8_t *data, size_t len, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    moqt_rd r;
    moqt_rd_init(&r, data, len, MOQT_INT_QUIC);
    uint64_t sid;
    moqt_bytes payload;
    if (moqt_h3_datagram_decode(&r, &sid, &payload) != 0) {
        return wt_conn_error(c, MOQT_H3_DATAGRAM_ERROR, r.why);
    }
    wt_session *ss = wt_session_find(c, sid);
    if (ss == NULL || ss->state != WT_S_OPEN) {
        return 0; /* RFC 9297 §2.1: unknown or closed stream: drop */
    }
    return moqt_transport_emit_datagram(ss->t, payload.base, payload.len)
               ? MOQT_ERR_CALLBACK_FAILURE
               : 0;
}

static void cb_closed(moqt_transport *t, bool remote, bool app, uint64_t code,
                      const uint8_t *reason, size_t reasonlen, void *ud)
{
    moqt_wt_conn *c = ud;
    (void)t;
    c->closed = true;
    wt_session_on_conn_closed(c, remote, app, code, reason, reasonlen);
    /* The lower transport holds no reference to our chunks any more. */
    while (c->streams) {
        wt_stream *s = c->streams;
        c->streams = s->next;
        stream_free(c, s);
    }
    if (c->cb.conn_closed) {
        c->cb.conn_closed(c, remote, code, c->user_data);
    }
}

/* ---- lifetime ---------------------------------------------------------- */

void moqt_wt_settings_default(moqt_wt_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->struct_size = sizeof(*s);
    s->max_sessions = 16;
    s->initial_max_streams_bidi = 1024;
    s->initial_max_streams_uni = 1024;
    s->initial_max_data = 16u << 20;
}

int moqt_wt_conn_new(moqt_transport *quic, const moqt_wt_settings *settings,
                     const moqt_wt_callbacks *cb, void *user_data, const moqt_mem *mem,
                     moqt_wt_conn **pconn)
{
    mem = moqt_mem_or_default(mem);
    moqt_wt_conn *c = moqt_mem_calloc(mem, 1, sizeof(*c));
    if (c == NULL) {
        return MOQT_ERR_NOMEM;
    }
    c->mem = mem;
    c->lower = quic;
    c->is_server = moqt_transport_is_server(quic);
    c->user_data = user_data;
    moqt_wt_settings_default(&c->s);
    if (settings) {
        size_t n = settings->struct_size < sizeof(c->s) ? settings->struct_size : sizeof(c->s);
        memcpy(&c->s, settings, n);
        moqt_wt_settings d;
        moqt_wt_settings_default(&d);
        c->s.initial_max_streams_bidi = c->s.initial_max_streams_bidi
                                            ? c->s.initial_max_streams_bidi
                                            : d.initial_max_streams_bidi;
        c->s.initial_max_streams_uni =
            c->s.initial_max_streams_uni ? c->s.initial_max_streams_uni : d.initial_max_streams_uni;
        c->s.initial_max_data = c->s.initial_max_data ? c->s.initial_max_data : d.initial_max_data;
        c->s.max_sessions = c->s.max_sessions ? c->s.max_sessions : d.max_sessions;
    }
    if (cb) {
        size_t n = cb->struct_size < sizeof(c->cb) ? cb->struct_size : sizeof(c->cb);
        memcpy(&c->cb, cb, n);
    }
    int rv = moqt_qpack_new(&c->qpack, mem);
    if (rv != 0) {
        moqt_mem_free(mem, c);
        return rv;
    }
    static const moqt_transport_callbacks lower_cb = {
        .struct_size = sizeof(moqt_transport_callbacks),
        .handshake_done = cb_handshake_done,
        .stream_opened = cb_stream_opened,
        .stream_data = cb_stream_data,
        .stream_reset = cb_stream_reset,
        .stop_sending = cb_stop_sending,
        .stream_acked = cb_stream_acked,
        .stream_writable = cb_stream_writable,
        .streams_available = cb_streams_available,
        .stream_closed = cb_stream_closed,
        .datagram = cb_datagram,
        .closed = cb_closed,
    };
    moqt_transport_set_callbacks(quic, &lower_cb, c);
    *pconn = c;
    return 0;
}

void moqt_wt_conn_del(moqt_wt_conn *c)
{
    if (c == NULL) {
        return;
    }
    while (c->streams) {
        wt_stream *s = c->streams;
        c->streams = s->next;
        stream_free(c, s);
    }
    while (c->sessions) {
        wt_session *ss = c->sessions;
        c->sessions = ss->next;
        wt_session_free(c, ss);
    }
    moqt_qpack_del(c->qpack);
    moqt_mem_free(c->mem, c);
}

int moqt_wt_conn_start(moqt_wt_conn *c)
{
    return c->closed ? MOQT_ERR_INVALID_STATE : start_connection(c);
}

int moqt_wt_conn_goaway(moqt_wt_conn *c)
{
    if (c->closed || !c->started) {
        return MOQT_ERR_INVALID_STATE;
    }
    wt_stream *ctl = wt_stream_find(c, c->control_id);
    if (ctl == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    uint64_t last = 0; /* RFC 9114 §5.2: the first request stream we will not process */
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->state != WT_S_WAIT_SETTINGS && ss->id + 4 > last) {
            last = ss->id + 4;
        }
    }
    uint8_t buf[16];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_h3_goaway_encode(&w, last));
    c->goaway_sent = true;
    MOQT_TRY(wt_sendq_append(c, ctl, buf, (size_t)(w.pos - buf), false));
    return wt_sendq_flush(c, ctl);
}

moqt_wt_peer_dialect moqt_wt_conn_peer_draft(const moqt_wt_conn *c)
{
    const moqt_h3_settings *p = &c->peer;
    if (!c->peer_settings) {
        return MOQT_WT_PEER_UNKNOWN;
    }
    if (moqt_h3_settings_get(p, MOQT_H3_SET_WT_ENABLED_D15)) {
        return MOQT_WT_PEER_D15;
    }
    if (moqt_h3_settings_has(p, MOQT_H3_SET_WT_MAX_SESSIONS_D13)) {
        return MOQT_WT_PEER_D13;
    }
    if (moqt_h3_settings_has(p, MOQT_H3_SET_WT_MAX_SESSIONS_D07)) {
        return MOQT_WT_PEER_D07;
    }
    return moqt_h3_settings_get(p, MOQT_H3_SET_WT_ENABLE_D02) ? MOQT_WT_PEER_D02
                                                              : MOQT_WT_PEER_UNKNOWN;
}

void *moqt_wt_conn_user_data(const moqt_wt_conn *c)
{
    return c->user_data;
}
