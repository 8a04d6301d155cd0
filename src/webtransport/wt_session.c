/*
 * WebTransport sessions over the HTTP/3 connection of h3.c: the extended
 * CONNECT exchange (RFC 9220, wt-02 §3, wt-16 §3), protocol negotiation with
 * WT-Available-Protocols / WT-Protocol, capsules on the CONNECT stream, and
 * the moqt_transport each session exposes.
 */
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/mem.h"
#include "webtransport/wt_internal.h"

#define TAG "wt"

#define F(n, v)                                                                                    \
    {                                                                                              \
        {(const uint8_t *)(n), strlen(n)},                                                         \
        {                                                                                          \
            (const uint8_t *)(v), strlen(v)                                                        \
        }                                                                                          \
    }

static const moqt_transport_ops wt_ops;

wt_session *wt_session_find(moqt_wt_conn *c, uint64_t id)
{
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->id == id && ss->state != WT_S_WAIT_SETTINGS) {
            return ss;
        }
    }
    return NULL;
}

void wt_session_free(moqt_wt_conn *c, wt_session *ss)
{
    moqt_transport_del(ss->t);
    moqt_mem_free(c->mem, ss->cb);
    moqt_mem_free(c->mem, ss);
}

static wt_session *session_new(moqt_wt_conn *c)
{
    wt_session *ss = moqt_mem_calloc(c->mem, 1, sizeof(*ss));
    if (ss == NULL) {
        return NULL;
    }
    ss->conn = c;
    if (moqt_transport_new(&wt_ops, ss, c->is_server, c->mem, &ss->t) != 0) {
        moqt_mem_free(c->mem, ss);
        return NULL;
    }
    ss->next = c->sessions;
    c->sessions = ss;
    return ss;
}

/* wt-16 §6: a session that ends resets its streams with WT_SESSION_GONE, so
 * the lower transport drops every reference to the caller's data. */
static void shutdown_streams(moqt_wt_conn *c, wt_session *ss)
{
    for (wt_stream *s = c->streams; s != NULL; s = s->next) {
        if (s->kind != WT_K_WT || s->session != ss) {
            continue;
        }
        bool local = moqt_stream_id_is_local(c->lower, s->id);
        bool uni = moqt_stream_id_is_uni(s->id);
        if ((local || !uni) && !s->send_done) {
            (void)moqt_transport_reset_stream(c->lower, s->id, MOQT_WT_SESSION_GONE);
            s->send_done = true;
        }
        if ((!local || !uni) && !s->recv_done) {
            (void)moqt_transport_stop_sending(c->lower, s->id, MOQT_WT_SESSION_GONE);
            s->recv_done = true;
        }
    }
}

void wt_session_closed(moqt_wt_conn *c, wt_session *ss, bool remote, bool app, uint64_t code,
                       const uint8_t *reason, size_t reasonlen)
{
    if (ss->state == WT_S_CLOSED) {
        return;
    }
    ss->state = WT_S_CLOSED;
    if (c->nsessions > 0) {
        c->nsessions--;
    }
    if (!c->closed) {
        shutdown_streams(c, ss);
        wt_stream *cs = wt_stream_find(c, ss->id);
        if (cs != NULL && !cs->sq.fin_queued && !ss->connect_gone) {
            (void)wt_sendq_append(c, cs, NULL, 0, true); /* wt-02 l.391: FIN after close */
            (void)wt_sendq_flush(c, cs);
        }
    }
    moqt_transport_emit_closed(ss->t, remote, app, code, reason, reasonlen);
}

/* ---- server: the CONNECT request --------------------------------------- */

static void respond(moqt_wt_conn *c, wt_stream *s, const char *status, bool draft02,
                    const char *protocol, bool fin)
{
    moqt_h3_field f[3] = {F(":status", status)};
    size_t n = 1;
    char proto[MOQT_WT_PROTOCOL_MAX + 8];
    if (draft02) {
        f[n++] = (moqt_h3_field)F("sec-webtransport-http3-draft", "draft02"); /* wt-02 §3.2 */
    }
    if (protocol && protocol[0]) {
        moqt_wr w;
        moqt_wr_init(&w, (uint8_t *)proto, sizeof proto - 1, MOQT_INT_QUIC);
        if (moqt_sf_string_encode(&w, protocol, strlen(protocol)) == 0) {
            *w.pos = 0;
            f[n++] = (moqt_h3_field)F("wt-protocol", proto);
        }
    }
    uint8_t buf[512];
    moqt_ssize len = moqt_qpack_encode(c->qpack, (int64_t)s->id, f, n, buf, sizeof buf);
    if (len < 0 || wt_send_frame(c, s, MOQT_H3_FRAME_HEADERS, buf, (size_t)len, fin) != 0) {
        wt_conn_error(c, MOQT_H3_INTERNAL_ERROR, "cannot send a response");
    }
}

/* Parses WT-Available-Protocols into req->offered (strings in |store|). */
static void parse_offered(const moqt_h3_field *f, moqt_wt_request *req, char *store, size_t cap)
{
    moqt_rd r;
    moqt_rd_init(&r, f->value.base, f->value.len, MOQT_INT_QUIC);
    size_t used = 0;
    req->noffered = 0;
    while (req->noffered < sizeof req->offered / sizeof req->offered[0] && used < cap) {
        size_t len;
        int rv = moqt_sf_list_next(&r, store + used, cap - used - 1, &len);
        if (rv == 1) {
            return;
        }
        if (rv != 0) {
            req->noffered = 0; /* RFC 8941 §4.2: a field that fails to parse is ignored */
            return;
        }
        if (len == SIZE_MAX) {
            continue;
        }
        store[used + len] = 0;
        req->offered[req->noffered++] = store + used;
        used += len + 1;
    }
}

static int default_choice(moqt_wt_conn *c, const moqt_wt_request *req)
{
    for (size_t i = 0; i < req->noffered; i++) {
        for (size_t k = 0; k < c->s.nprotocols; k++) {
            if (strcmp(req->offered[i], c->s.protocols[k]) == 0) {
                return (int)i;
            }
        }
    }
    return -1;
}

static moqt_bytes field_value(const moqt_h3_fields *f, const char *name)
{
    const moqt_h3_field *x = moqt_h3_fields_find(f, name);
    return x ? x->value : (moqt_bytes){NULL, 0};
}

static void copy_str(char *dst, size_t cap, moqt_bytes b)
{
    size_t n = b.len < cap - 1 ? b.len : cap - 1;
    if (n) {
        memcpy(dst, b.base, n);
    }
    dst[n] = 0;
}

static int flush_pending_streams(moqt_wt_conn *c, wt_session *ss)
{
    for (wt_stream *s = c->streams; s != NULL; s = s->next) {
        if (s->kind != WT_K_WT || s->session_id != ss->id || !s->pending) {
            continue;
        }
        s->session = ss;
        s->pending = false;
        MOQT_TRY(wt_session_peer_stream(c, ss, s->id, false));
        size_t len = s->rblen;
        s->rblen = 0;
        MOQT_TRY(wt_deliver_wt_data(c, s, s->rb, len, s->pending_fin));
    }
    return 0;
}

static int server_request(moqt_wt_conn *c, wt_stream *s, const moqt_h3_fields *f)
{
    moqt_wt_request req = {0};
    char store[512];
    moqt_bytes method = field_value(f, ":method");
    req.protocol = field_value(f, ":protocol");
    req.path = field_value(f, ":path");
    req.authority = field_value(f, ":authority");
    req.origin = field_value(f, "origin");
    req.draft02 = moqt_h3_bytes_is(field_value(f, "sec-webtransport-http3-draft02"), "1");
    const moqt_h3_field *avail = moqt_h3_fields_find(f, "wt-available-protocols");
    if (avail) {
        parse_offered(avail, &req, store, sizeof store);
    }
    if (!moqt_h3_bytes_is(method, "CONNECT") ||
        !(moqt_h3_bytes_is(req.protocol, "webtransport") ||
          moqt_h3_bytes_is(req.protocol, "webtransport-h3"))) {
        respond(c, s, "404", false, NULL, true); /* not a WebTransport request */
        return 0;
    }
    if (req.path.len == 0 || req.authority.len == 0 ||
        !moqt_h3_bytes_is(field_value(f, ":scheme"), "https")) {
        respond(c, s, "400", false, NULL, true); /* RFC 9220 §3: all pseudo-headers required */
        return 0;
    }
    if (c->goaway_sent || c->nsessions >= c->s.max_sessions) {
        respond(c, s, "429", req.draft02, NULL, true);
        return 0;
    }
    int chosen = -1;
    int status = 200;
    if (c->cb.session_request) {
        status = c->cb.session_request(c, &req, &chosen, c->user_data);
    } else {
        chosen = default_choice(c, &req);
    }
    if (status < 200 || status > 299) {
        char st[8];
        snprintf(st, sizeof st, "%d", status >= 100 && status <= 999 ? status : 500);
        respond(c, s, st, req.draft02, NULL, true);
        return 0;
    }
    wt_session *ss = session_new(c);
    if (ss == NULL) {
        return MOQT_ERR_NOMEM;
    }
    ss->id = s->id;
    s->session = ss;
    c->nsessions++;
    copy_str(ss->authority, sizeof ss->authority, req.authority);
    copy_str(ss->path, sizeof ss->path, req.path);
    if (chosen >= 0 && (size_t)chosen < req.noffered) {
        copy_str(ss->protocol, sizeof ss->protocol,
                 (moqt_bytes){(const uint8_t *)req.offered[chosen], strlen(req.offered[chosen])});
    }
    respond(c, s, "200", req.draft02, ss->protocol, false);
    ss->state = WT_S_OPEN;
    wt_fc_init(c, ss);
    MOQT_LOG_AT(MOQT_LOG_INFO, TAG, "session %llu open: %s protocol '%s'",
                (unsigned long long)ss->id, ss->path, ss->protocol);
    if (c->cb.session_new && c->cb.session_new(c, ss->t, &req, c->user_data) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    if (moqt_transport_emit_handshake_done(ss->t, ss->protocol) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return flush_pending_streams(c, ss);
}

/* ---- client: the response ------------------------------------------------ */

static int client_response(moqt_wt_conn *c, wt_session *ss, const moqt_h3_fields *f)
{
    moqt_bytes st = field_value(f, ":status");
    int status = 0;
    for (size_t i = 0; i < st.len && i < 3; i++) {
        status = status * 10 + (st.base[i] - '0');
    }
    if (st.len != 3 || status < 100) {
        wt_session_closed(c, ss, true, false, MOQT_H3_MESSAGE_ERROR, (const uint8_t *)"bad :status",
                          11);
        return 0;
    }
    if (status < 200) {
        return 0; /* interim response */
    }
    if (status > 299) {
        char why[32];
        int n = snprintf(why, sizeof why, "HTTP status %d", status);
        wt_session_closed(c, ss, true, false, (uint64_t)status, (const uint8_t *)why, (size_t)n);
        return 0;
    }
    const moqt_h3_field *proto = moqt_h3_fields_find(f, "wt-protocol");
    if (proto) {
        moqt_rd r;
        size_t len;
        moqt_rd_init(&r, proto->value.base, proto->value.len, MOQT_INT_QUIC);
        if (moqt_sf_list_next(&r, ss->protocol, sizeof ss->protocol - 1, &len) == 0 &&
            len != SIZE_MAX) {
            ss->protocol[len] = 0;
        } else {
            ss->protocol[0] = 0;
        }
    }
    ss->state = WT_S_OPEN;
    wt_fc_init(c, ss);
    if (moqt_transport_emit_handshake_done(ss->t, ss->protocol) != 0) {
        return MOQT_ERR_CALLBACK_FAILURE;
    }
    return flush_pending_streams(c, ss);
}

int wt_session_on_headers(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len)
{
    if (s->got_headers) {
        return 0; /* trailers or a second response: nothing we need */
    }
    if (c->is_server && !c->peer_settings) {
        /* wt-16 l.288: wait for the client's SETTINGS. The frame reader reuses
         * rb for the next frame, so the field section moves out of it. */
        if (s->headers_deferred) {
            return 0;
        }
        s->headers_deferred = true;
        s->deferred = s->rb;
        s->deferredlen = s->rblen;
        s->rb = NULL;
        s->rblen = s->rbcap = 0;
        return 0;
    }
    int rv = moqt_qpack_decode(c->qpack, (int64_t)s->id, p, len, &c->fields);
    if (rv == MOQT_ERR_NOMEM) {
        return rv;
    }
    if (rv != 0) {
        return wt_conn_error(c, MOQT_H3_QPACK_DECOMPRESSION_FAILED, "RFC 9204: field section");
    }
    wt_session *ss = wt_session_find(c, s->id);
    if (!c->is_server) {
        if (ss == NULL || ss->state != WT_S_REQUESTED) {
            return 0;
        }
        rv = client_response(c, ss, &c->fields);
        if (ss->state == WT_S_OPEN) {
            s->got_headers = true;
        }
        return rv;
    }
    s->got_headers = true;
    return server_request(c, s, &c->fields);
}

/* ---- capsules ------------------------------------------------------------ */

static int on_capsule(moqt_wt_conn *c, wt_session *ss, uint64_t type, moqt_bytes v)
{
    uint32_t code;
    moqt_bytes msg;
    uint64_t n;
    switch (type) {
    case MOQT_CAPSULE_WT_CLOSE_SESSION:
        if (moqt_capsule_close_decode(v, &code, &msg) != 0) {
            wt_session_closed(c, ss, true, false, MOQT_H3_MESSAGE_ERROR, NULL, 0);
            return 0;
        }
        wt_session_closed(c, ss, true, true, code, msg.base, msg.len);
        return 0;
    case MOQT_CAPSULE_WT_DRAIN_SESSION:
        if (c->cb.session_drain && ss->state == WT_S_OPEN) {
            c->cb.session_drain(c, ss->t, c->user_data);
        }
        return 0;
    case MOQT_CAPSULE_DATAGRAM: /* RFC 9297 §3.5: a datagram sent reliably */
        return ss->state == WT_S_OPEN && moqt_transport_emit_datagram(ss->t, v.base, v.len)
                   ? MOQT_ERR_CALLBACK_FAILURE
                   : 0;
    case MOQT_CAPSULE_WT_MAX_DATA:
    case MOQT_CAPSULE_WT_MAX_STREAMS_BIDI:
    case MOQT_CAPSULE_WT_MAX_STREAMS_UNI:
        if (moqt_capsule_varint_decode(v, &n) != 0) {
            wt_fc_violation(c, ss, "wt-16 §5.6: malformed flow-control capsule");
            return 0;
        }
        return ss->state == WT_S_OPEN && wt_fc_enabled(c) ? wt_fc_raise(c, ss, type, n) : 0;
    default:
        return 0; /* RFC 9297 §3.2: unknown capsule types (GREASE) are skipped */
    }
}

/* Capsules that arrive while the CONNECT waits for the client's SETTINGS. */
static int keep_early(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len)
{
    if (s->earlylen + len > MOQT_CAPSULE_MAX_LEN) {
        return wt_conn_error(c, MOQT_H3_EXCESSIVE_LOAD, "capsules before SETTINGS");
    }
    if (s->earlylen + len > s->earlycap) {
        size_t cap = s->earlycap ? s->earlycap * 2 : 256;
        while (cap < s->earlylen + len) {
            cap *= 2;
        }
        uint8_t *nb = moqt_mem_realloc(c->mem, s->early, cap);
        if (nb == NULL) {
            return MOQT_ERR_NOMEM;
        }
        s->early = nb;
        s->earlycap = cap;
    }
    memcpy(s->early + s->earlylen, p, len);
    s->earlylen += len;
    return 0;
}

int wt_session_on_data(moqt_wt_conn *c, wt_stream *s, const uint8_t *p, size_t len)
{
    wt_session *ss = s->session;
    if (ss == NULL && s->headers_deferred) {
        return keep_early(c, s, p, len);
    }
    if (ss == NULL || ss->state == WT_S_CLOSED || ss->state == WT_S_WAIT_SETTINGS) {
        return 0;
    }
    if (ss->cblen + len > ss->cbcap) {
        size_t cap = ss->cbcap ? ss->cbcap : 256;
        while (cap < ss->cblen + len) {
            cap *= 2;
        }
        uint8_t *nb = moqt_mem_realloc(c->mem, ss->cb, cap);
        if (nb == NULL) {
            return MOQT_ERR_NOMEM;
        }
        ss->cb = nb;
        ss->cbcap = cap;
    }
    memcpy(ss->cb + ss->cblen, p, len);
    ss->cblen += len;
    moqt_rd r;
    moqt_rd_init(&r, ss->cb, ss->cblen, MOQT_INT_QUIC);
    while (ss->state != WT_S_CLOSED) {
        uint64_t type;
        moqt_bytes v;
        int rv = moqt_capsule_decode(&r, &type, &v);
        if (rv == MOQT_ERR_WIRE_NEED_MORE) {
            break;
        }
        if (rv != 0) {
            wt_session_closed(c, ss, true, false, MOQT_H3_MESSAGE_ERROR,
                              (const uint8_t *)"capsule too large", 17);
            break;
        }
        MOQT_TRY(on_capsule(c, ss, type, v));
    }
    size_t used = (size_t)(r.pos - ss->cb);
    memmove(ss->cb, ss->cb + used, ss->cblen - used);
    ss->cblen -= used;
    return 0;
}

int wt_session_on_connect_end(moqt_wt_conn *c, wt_stream *s, bool reset)
{
    wt_session *ss = s->session ? s->session : wt_session_find(c, s->id);
    if (ss == NULL) {
        return 0;
    }
    switch (ss->state) {
    case WT_S_OPEN:
        /* wt-02 l.399: a FIN without a capsule is a close with code 0. */
        wt_session_closed(c, ss, true, !reset, 0, NULL, 0);
        return 0;
    case WT_S_REQUESTED:
        wt_session_closed(c, ss, true, false, MOQT_H3_REQUEST_CANCELLED, NULL, 0);
        return 0;
    case WT_S_CLOSING:
        wt_session_closed(c, ss, false, true, ss->close_code, ss->close_reason,
                          ss->close_reasonlen);
        return 0;
    default:
        return 0;
    }
}

int wt_session_on_acked(moqt_wt_conn *c, wt_stream *s)
{
    wt_session *ss = s->session;
    if (ss != NULL && ss->state == WT_S_CLOSING && s->sq.head == NULL && s->sq.fin_written) {
        wt_session_closed(c, ss, false, true, ss->close_code, ss->close_reason,
                          ss->close_reasonlen);
    }
    return 0;
}

void wt_session_on_conn_closed(moqt_wt_conn *c, bool remote, bool app, uint64_t code,
                               const uint8_t *reason, size_t reasonlen)
{
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->state == WT_S_CLOSING || ss->close_pending) {
            wt_session_closed(c, ss, false, true, ss->close_code, ss->close_reason,
                              ss->close_reasonlen);
        } else {
            wt_session_closed(c, ss, remote, app, code, reason, reasonlen);
        }
    }
}

/* ---- client: sending CONNECT --------------------------------------------- */

static bool server_supports_wt(const moqt_wt_conn *c)
{
    const moqt_h3_settings *p = &c->peer;
    return moqt_wt_conn_peer_draft(c) != 0 &&
           (moqt_h3_settings_get(p, MOQT_H3_SET_H3_DATAGRAM) ||
            moqt_h3_settings_get(p, MOQT_H3_SET_H3_DATAGRAM_DRAFT04)) &&
           (moqt_h3_settings_get(p, MOQT_H3_SET_ENABLE_CONNECT_PROTOCOL) ||
            moqt_h3_settings_get(p, MOQT_H3_SET_WT_ENABLE_D02)); /* wt-02: implied */
}

static int send_connect(moqt_wt_conn *c, wt_session *ss)
{
    uint64_t id;
    int rv = moqt_transport_open_stream(c->lower, true, &id);
    if (rv == MOQT_ERR_WOULDBLOCK) {
        return 0; /* streams_available retries */
    }
    MOQT_TRY(rv);
    wt_stream *s = wt_stream_add(c, id, WT_K_REQUEST);
    if (s == NULL) {
        return MOQT_ERR_NOMEM;
    }
    s->session = ss;
    ss->id = id;
    ss->state = WT_S_REQUESTED;
    /* The upgrade token follows the server's dialect (DRAFT-CHANGES §13). */
    bool h3_token = moqt_wt_conn_peer_draft(c) == MOQT_WT_PEER_D15;
    char avail[512];
    moqt_wr w;
    moqt_wr_init(&w, (uint8_t *)avail, sizeof avail - 1, MOQT_INT_QUIC);
    for (size_t i = 0; i < c->s.nprotocols; i++) {
        if (i > 0) {
            MOQT_TRY(moqt_wr_bytes(&w, (const uint8_t *)", ", 2));
        }
        MOQT_TRY(moqt_sf_string_encode(&w, c->s.protocols[i], strlen(c->s.protocols[i])));
    }
    *w.pos = 0;
    moqt_h3_field f[8] = {
        F(":method", "CONNECT"), F(":protocol", h3_token ? "webtransport-h3" : "webtransport"),
        F(":scheme", "https"),   F(":authority", ss->authority),
        F(":path", ss->path),
    };
    size_t n = 5;
    if (moqt_h3_settings_get(&c->peer, MOQT_H3_SET_WT_ENABLE_D02)) {
        f[n++] = (moqt_h3_field)F("sec-webtransport-http3-draft02", "1");
    }
    if (c->s.nprotocols > 0) {
        f[n++] = (moqt_h3_field)F("wt-available-protocols", avail);
    }
    uint8_t buf[2048];
    moqt_ssize len = moqt_qpack_encode(c->qpack, (int64_t)id, f, n, buf, sizeof buf);
    if (len < 0) {
        return (int)len;
    }
    return wt_send_frame(c, s, MOQT_H3_FRAME_HEADERS, buf, (size_t)len, false);
}

int wt_session_on_settings(moqt_wt_conn *c)
{
    if (!c->peer_settings || c->closed) {
        return 0;
    }
    if (c->is_server) {
        for (wt_stream *s = c->streams; s != NULL; s = s->next) {
            if (s->kind == WT_K_REQUEST && s->headers_deferred) {
                s->headers_deferred = false;
                int rv = wt_session_on_headers(c, s, s->deferred, s->deferredlen);
                moqt_mem_free(c->mem, s->deferred);
                s->deferred = NULL;
                if (rv == 0 && s->early != NULL) {
                    rv = wt_session_on_data(c, s, s->early, s->earlylen);
                }
                moqt_mem_free(c->mem, s->early);
                s->early = NULL;
                s->earlylen = s->earlycap = 0;
                MOQT_TRY(rv);
            }
        }
        return 0;
    }
    for (wt_session *ss = c->sessions; ss != NULL; ss = ss->next) {
        if (ss->state != WT_S_WAIT_SETTINGS) {
            continue;
        }
        if (ss->close_pending) {
            ss->state = WT_S_CLOSING;
            wt_session_closed(c, ss, false, true, ss->close_code, NULL, 0);
            continue;
        }
        if (!server_supports_wt(c)) {
            ss->state = WT_S_REQUESTED; /* so that wt_session_closed reports it */
            wt_session_closed(c, ss, true, false, MOQT_WT_REQUIREMENTS_NOT_MET,
                              (const uint8_t *)"server SETTINGS lack WebTransport", 33);
            continue;
        }
        MOQT_TRY(send_connect(c, ss));
    }
    return 0;
}

int moqt_wt_connect(moqt_wt_conn *c, const char *authority, const char *path,
                    moqt_transport **psession)
{
    if (c->is_server || c->closed || c->goaway_received) {
        return MOQT_ERR_INVALID_STATE;
    }
    size_t alen = strlen(authority), plen = strlen(path);
    if (alen >= sizeof(((wt_session *)0)->authority) || plen >= sizeof(((wt_session *)0)->path) ||
        path[0] != '/') {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    wt_session *ss = session_new(c);
    if (ss == NULL) {
        return MOQT_ERR_NOMEM;
    }
    ss->state = WT_S_WAIT_SETTINGS;
    memcpy(ss->authority, authority, alen + 1);
    memcpy(ss->path, path, plen + 1);
    c->nsessions++;
    *psession = ss->t;
    return wt_session_on_settings(c);
}

int moqt_wt_session_drain(moqt_transport *t)
{
    wt_session *ss = moqt_transport_impl(t);
    moqt_wt_conn *c = ss->conn;
    wt_stream *cs = wt_stream_find(c, ss->id);
    if (ss->state != WT_S_OPEN || cs == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    uint8_t buf[16];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_capsule_encode(&w, MOQT_CAPSULE_WT_DRAIN_SESSION, NULL, 0));
    return wt_send_frame(c, cs, MOQT_H3_FRAME_DATA, buf, (size_t)(w.pos - buf), false);
}

/* ---- the session's moqt_transport ---------------------------------------- */

static wt_stream *own_stream(wt_session *ss, uint64_t id)
{
    wt_stream *s = wt_stream_find(ss->conn, id);
    return (s != NULL && s->kind == WT_K_WT && s->session == ss) ? s : NULL;
}

static int op_open_stream(void *impl, bool bidi, uint64_t *pid)
{
    wt_session *ss = impl;
    moqt_wt_conn *c = ss->conn;
    if (ss->state != WT_S_OPEN) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (wt_fc_enabled(c) && (bidi ? ss->opened_bidi >= ss->peer_max_streams_bidi
                                  : ss->opened_uni >= ss->peer_max_streams_uni)) {
        *(bidi ? &ss->blocked_bidi : &ss->blocked_uni) = true;
        (void)wt_send_capsule_varint(c, ss,
                                     bidi ? MOQT_CAPSULE_WT_STREAMS_BLOCKED_BIDI
                                          : MOQT_CAPSULE_WT_STREAMS_BLOCKED_UNI,
                                     bidi ? ss->peer_max_streams_bidi : ss->peer_max_streams_uni);
        return MOQT_ERR_WOULDBLOCK; /* streams_available follows WT_MAX_STREAMS */
    }
    uint64_t id;
    MOQT_TRY(moqt_transport_open_stream(c->lower, bidi, &id));
    (*(bidi ? &ss->opened_bidi : &ss->opened_uni))++;
    wt_stream *s = wt_stream_add(c, id, WT_K_WT);
    if (s == NULL) {
        (void)moqt_transport_reset_stream(c->lower, id, MOQT_H3_INTERNAL_ERROR);
        return MOQT_ERR_NOMEM;
    }
    s->session = ss;
    s->session_id = ss->id;
    s->upper_opened = true;
    uint8_t pre[24];
    moqt_wr w;
    moqt_wr_init(&w, pre, sizeof pre, MOQT_INT_QUIC);
    MOQT_TRY(bidi ? moqt_wt_bidi_preamble_encode(&w, ss->id)
                  : moqt_wt_uni_preamble_encode(&w, ss->id));
    s->own_len = (uint64_t)(w.pos - pre);
    MOQT_TRY(wt_sendq_append(c, s, pre, (size_t)s->own_len, false));
    MOQT_TRY(wt_sendq_flush(c, s));
    *pid = id;
    return 0;
}

static moqt_ssize op_write(void *impl, uint64_t id, const uint8_t *data, size_t len, bool fin)
{
    wt_session *ss = impl;
    moqt_wt_conn *c = ss->conn;
    if (ss->state != WT_S_OPEN) {
        return MOQT_ERR_INVALID_STATE;
    }
    wt_stream *s = own_stream(ss, id);
    if (s == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    if (s->sq.written < s->sq.queued) {
        MOQT_TRY(wt_sendq_flush(c, s));
        if (s->sq.written < s->sq.queued) {
            return MOQT_ERR_WOULDBLOCK; /* the preamble is not out yet */
        }
    }
    size_t take = len;
    if (wt_fc_enabled(c)) {
        uint64_t room = ss->peer_max_data - ss->sent_data;
        if (room == 0 && len > 0) {
            ss->blocked_data = s->want_writable = true;
            (void)wt_send_capsule_varint(c, ss, MOQT_CAPSULE_WT_DATA_BLOCKED, ss->peer_max_data);
            return MOQT_ERR_WOULDBLOCK; /* stream_writable follows WT_MAX_DATA */
        }
        if (room < take) {
            take = (size_t)room;
            ss->blocked_data = s->want_writable = true;
        }
    }
    moqt_ssize n = moqt_transport_write(c->lower, id, data, take, fin && take == len);
    if (n > 0) {
        ss->sent_data += (uint64_t)n;
    }
    if (n == (moqt_ssize)len && fin) {
        s->send_done = true;
    }
    return n;
}

static int map_code(uint64_t code, uint64_t *h3)
{
    /* One formula for every draft: draft-02's 8-bit range is its prefix. */
    return moqt_wt_app_error_to_h3(code, 0xffffffffULL, h3) == 0 ? 0 : MOQT_ERR_INVALID_ARGUMENT;
}

static int op_reset_stream(void *impl, uint64_t id, uint64_t code)
{
    wt_session *ss = impl;
    uint64_t h3;
    wt_stream *s = own_stream(ss, id);
    if (s == NULL || ss->state != WT_S_OPEN) {
        return s == NULL ? MOQT_ERR_INVALID_ARGUMENT : MOQT_ERR_INVALID_STATE;
    }
    MOQT_TRY(map_code(code, &h3));
    s->send_done = true;
    return moqt_transport_reset_stream(ss->conn->lower, id, h3);
}

static int op_stop_sending(void *impl, uint64_t id, uint64_t code)
{
    wt_session *ss = impl;
    uint64_t h3;
    wt_stream *s = own_stream(ss, id);
    if (s == NULL || ss->state != WT_S_OPEN) {
        return s == NULL ? MOQT_ERR_INVALID_ARGUMENT : MOQT_ERR_INVALID_STATE;
    }
    MOQT_TRY(map_code(code, &h3));
    s->recv_done = true;
    return moqt_transport_stop_sending(ss->conn->lower, id, h3);
}

static bool datagrams_ok(const wt_session *ss)
{
    const moqt_wt_conn *c = ss->conn;
    return (moqt_transport_capabilities(c->lower) & MOQT_TRANSPORT_CAP_DATAGRAM) &&
           (moqt_h3_settings_get(&c->peer, MOQT_H3_SET_H3_DATAGRAM) ||
            moqt_h3_settings_get(&c->peer, MOQT_H3_SET_H3_DATAGRAM_DRAFT04));
}

static size_t op_max_datagram_size(const void *impl)
{
    const wt_session *ss = impl;
    if (!datagrams_ok(ss)) {
        return 0;
    }
    size_t max = moqt_transport_max_datagram_size(ss->conn->lower);
    size_t pre = moqt_quic_varint_len(ss->id / 4);
    return max > pre ? max - pre : 0;
}

static int op_send_datagram(void *impl, const uint8_t *data, size_t len)
{
    wt_session *ss = impl;
    if (ss->state != WT_S_OPEN) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (!datagrams_ok(ss)) {
        return MOQT_ERR_UNSUPPORTED;
    }
    uint8_t buf[2048];
    if (len > op_max_datagram_size(ss) || len + 8 > sizeof buf) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_h3_datagram_encode(&w, ss->id, data, len));
    return moqt_transport_send_datagram(ss->conn->lower, buf, (size_t)(w.pos - buf));
}

static int op_close(void *impl, uint64_t code, const uint8_t *reason, size_t reasonlen)
{
    wt_session *ss = impl;
    moqt_wt_conn *c = ss->conn;
    wt_stream *cs = wt_stream_find(c, ss->id);
    if (ss->state == WT_S_WAIT_SETTINGS || ss->state == WT_S_REQUESTED) {
        /* Not established: cancel the request. closed fires from the lower
         * transport's next event (the request stream closing, or SETTINGS). */
        if (cs != NULL) {
            (void)moqt_transport_reset_stream(c->lower, ss->id, MOQT_H3_REQUEST_CANCELLED);
            (void)moqt_transport_stop_sending(c->lower, ss->id, MOQT_H3_REQUEST_CANCELLED);
        }
        ss->close_pending = ss->state == WT_S_WAIT_SETTINGS;
        ss->state = ss->close_pending ? WT_S_WAIT_SETTINGS : WT_S_CLOSING;
        ss->close_code = (uint32_t)code;
        ss->close_reasonlen = 0;
        return 0;
    }
    if (ss->state != WT_S_OPEN || cs == NULL) {
        return MOQT_ERR_INVALID_STATE;
    }
    if (code > 0xffffffffULL) {
        return MOQT_ERR_INVALID_ARGUMENT; /* wt-02 l.373: Application Error Code (32) */
    }
    if (reasonlen > MOQT_WT_CLOSE_MESSAGE_MAX) {
        reasonlen = MOQT_WT_CLOSE_MESSAGE_MAX; /* wt-02 l.389 */
    }
    uint8_t buf[MOQT_WT_CLOSE_MESSAGE_MAX + 16];
    moqt_wr w;
    moqt_wr_init(&w, buf, sizeof buf, MOQT_INT_QUIC);
    MOQT_TRY(moqt_capsule_close_encode(&w, (uint32_t)code, reason, reasonlen));
    ss->close_code = (uint32_t)code;
    if (reasonlen) {
        memcpy(ss->close_reason, reason, reasonlen);
    }
    ss->close_reasonlen = reasonlen;
    ss->state = WT_S_CLOSING;
    shutdown_streams(c, ss);
    /* wt-02 l.391: the capsule, then FIN; closed fires once both are acked. */
    return wt_send_frame(c, cs, MOQT_H3_FRAME_DATA, buf, (size_t)(w.pos - buf), true);
}

/* WebTransport streams are QUIC streams of the lower transport: the order
 * key goes straight down (the HTTP/3 streams keep key 0, sent first). */
static int op_set_stream_priority(void *impl, uint64_t id, uint64_t order_key)
{
    wt_session *ss = impl;
    if (own_stream(ss, id) == NULL) {
        return MOQT_ERR_INVALID_ARGUMENT;
    }
    return moqt_transport_set_stream_priority(ss->conn->lower, id, order_key);
}

static uint32_t op_capabilities(const void *impl)
{
    const wt_session *ss = impl;
    uint32_t caps = MOQT_TRANSPORT_CAP_UNI_STREAMS | MOQT_TRANSPORT_CAP_BIDI_STREAMS |
                    MOQT_TRANSPORT_CAP_STREAM_CODES | MOQT_TRANSPORT_CAP_CLOSE_REASON;
    return datagrams_ok(ss) ? caps | MOQT_TRANSPORT_CAP_DATAGRAM : caps;
}

static const moqt_transport_ops wt_ops = {
    .struct_size = sizeof(moqt_transport_ops),
    .open_stream = op_open_stream,
    .write = op_write,
    .reset_stream = op_reset_stream,
    .stop_sending = op_stop_sending,
    .send_datagram = op_send_datagram,
    .close = op_close,
    .capabilities = op_capabilities,
    .max_datagram_size = op_max_datagram_size,
    .set_stream_priority = op_set_stream_priority,
};
