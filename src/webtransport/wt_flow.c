/*
 * WebTransport session flow control (wt-13+; wt-16 §5.6 "Flow Control"): the
 * peer's limits on the streams and bytes we send, and ours on what it sends,
 * raised with WT_MAX_STREAMS / WT_MAX_DATA capsules on the CONNECT stream.
 */
#include <string.h>

#include "base/log.h"
#include "webtransport/wt_internal.h"

#define TAG "wt"

/* ---- session flow control (wt-16 §5.6) ----------------------------------- */

/* Flow control is on when the peer sent any non-zero WT_INITIAL_* setting (we
 * always do): wt-16 l.723. Draft-02 peers (Chromium) never do. */
bool wt_fc_enabled(const moqt_wt_conn *c)
{
    const moqt_h3_settings *p = &c->peer;
    return moqt_h3_settings_get(p, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI) ||
           moqt_h3_settings_get(p, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI) ||
           moqt_h3_settings_get(p, MOQT_H3_SET_WT_INITIAL_MAX_DATA);
}

void wt_fc_init(moqt_wt_conn *c, wt_session *ss)
{
    ss->peer_max_streams_bidi =
        moqt_h3_settings_get(&c->peer, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_BIDI);
    ss->peer_max_streams_uni =
        moqt_h3_settings_get(&c->peer, MOQT_H3_SET_WT_INITIAL_MAX_STREAMS_UNI);
    ss->peer_max_data = moqt_h3_settings_get(&c->peer, MOQT_H3_SET_WT_INITIAL_MAX_DATA);
    ss->our_max_streams_bidi = c->s.initial_max_streams_bidi;
    ss->our_max_streams_uni = c->s.initial_max_streams_uni;
    ss->our_max_data = c->s.initial_max_data;
}

int wt_send_capsule_varint(moqt_wt_conn *c, wt_session *ss, uint64_t type, uint64_t v)
{
    wt_stream *cs = wt_stream_find(c, ss->id);
    if (cs == NULL || cs->sq.fin_queued) {
        return 0;
    }
    uint8_t buf[24];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_capsule_varint_encode(&w, type, v));
    return wt_send_frame(c, cs, MOQT_H3_FRAME_DATA, buf, (size_t)(w.pos - buf), false);
}

void wt_fc_violation(moqt_wt_conn *c, wt_session *ss, const char *why)
{
    MOQT_LOG_AT(MOQT_LOG_WARN, TAG, "session %llu: %s", (unsigned long long)ss->id, why);
    (void)moqt_transport_reset_stream(c->lower, ss->id, MOQT_WT_FLOW_CONTROL_ERROR);
    (void)moqt_transport_stop_sending(c->lower, ss->id, MOQT_WT_FLOW_CONTROL_ERROR);
    wt_session_closed(c, ss, false, false, MOQT_WT_FLOW_CONTROL_ERROR, (const uint8_t *)why,
                      strlen(why));
}

int wt_session_peer_stream(moqt_wt_conn *c, wt_session *ss, uint64_t id, bool closed)
{
    if (!wt_fc_enabled(c) || ss->state != WT_S_OPEN) {
        return 0;
    }
    bool uni = moqt_stream_id_is_uni(id);
    uint64_t *count = closed ? (uni ? &ss->peer_closed_uni : &ss->peer_closed_bidi)
                             : (uni ? &ss->peer_opened_uni : &ss->peer_opened_bidi);
    uint64_t *limit = uni ? &ss->our_max_streams_uni : &ss->our_max_streams_bidi;
    uint64_t initial = uni ? c->s.initial_max_streams_uni : c->s.initial_max_streams_bidi;
    (*count)++;
    if (!closed) {
        if (*count > *limit) {
            wt_fc_violation(c, ss, "wt-16 §5.6.2: peer opened more streams than allowed");
        }
        return 0;
    }
    /* Keep |initial| streams open to the peer: raise the cumulative limit once
     * half of the window is used up. */
    if (*limit - *count < initial / 2 + 1) {
        *limit = *count + initial;
        return wt_send_capsule_varint(
            c, ss, uni ? MOQT_CAPSULE_WT_MAX_STREAMS_UNI : MOQT_CAPSULE_WT_MAX_STREAMS_BIDI,
            *limit);
    }
    return 0;
}

int wt_session_received(moqt_wt_conn *c, wt_session *ss, size_t len)
{
    if (!wt_fc_enabled(c) || ss->state != WT_S_OPEN) {
        return 0;
    }
    ss->recv_data += len;
    if (ss->recv_data > ss->our_max_data) {
        wt_fc_violation(c, ss, "wt-16 §5.6.4: peer sent more data than allowed");
        return 0;
    }
    if (ss->our_max_data - ss->recv_data < c->s.initial_max_data / 2 + 1) {
        ss->our_max_data = ss->recv_data + c->s.initial_max_data;
        return wt_send_capsule_varint(c, ss, MOQT_CAPSULE_WT_MAX_DATA, ss->our_max_data);
    }
    return 0;
}

/* A WT_MAX_* capsule: raise the limit (wt-16 l.960: it must increase, and
 * stream limits stay <= 2^60) and wake what it blocked. */
int wt_fc_raise(moqt_wt_conn *c, wt_session *ss, uint64_t type, uint64_t n)
{
    uint64_t *limit = type == MOQT_CAPSULE_WT_MAX_DATA           ? &ss->peer_max_data
                      : type == MOQT_CAPSULE_WT_MAX_STREAMS_BIDI ? &ss->peer_max_streams_bidi
                                                                 : &ss->peer_max_streams_uni;
    if (n <= *limit || (type != MOQT_CAPSULE_WT_MAX_DATA && n > (1ULL << 60))) {
        wt_fc_violation(c, ss, "wt-16 §5.6: WT_MAX_* capsule does not increase the limit");
        return 0;
    }
    *limit = n;
    if (type == MOQT_CAPSULE_WT_MAX_DATA) {
        if (!ss->blocked_data) {
            return 0;
        }
        ss->blocked_data = false;
        for (wt_stream *s = c->streams; s != NULL; s = s->next) {
            if (s->kind == WT_K_WT && s->session == ss && s->want_writable) {
                s->want_writable = false;
                if (moqt_transport_emit_stream_writable(ss->t, s->id) != 0) {
                    return MOQT_ERR_CALLBACK_FAILURE;
                }
            }
        }
        return 0;
    }
    bool bidi = type == MOQT_CAPSULE_WT_MAX_STREAMS_BIDI;
    bool *blocked = bidi ? &ss->blocked_bidi : &ss->blocked_uni;
    if (*blocked) {
        *blocked = false;
        return moqt_transport_emit_streams_available(ss->t, bidi) ? MOQT_ERR_CALLBACK_FAILURE : 0;
    }
    return 0;
}
